"""Validation benchmark: one record over HTTP; 10k/20k/100k synthetic decisions with the fast
engine; pyshacl on 10k and 20k as the baseline in the same run.

Targets: one record p50 ≤ 50 ms over HTTP; 100k decisions ≤ 35 s; ours ≥ 40× pyshacl.
``--quick`` skips pyshacl on 20k; ``--stock`` also times stock pyshacl (no parse cache) on 1k.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.common import ROOT, serve, summary, timed
from service.config import get_settings


def _store_dir() -> Path:
    from service.store.embedded import current_build

    for d in (ROOT / "var" / "test-store", get_settings().store_dir):
        if current_build(d) is not None:
            return d
    raise SystemExit("no store: run `creditbasis import-laws` (or the test suite) first")


def _pyshacl(syn_bytes: bytes, ctx: object, date: str, cache: bool) -> float:
    from service.domain.validation import build_dataset
    from service.domain.validation.engine import RECORDS_GRAPH
    from service.domain.validation.reference import pyshacl_results, to_graph

    t = time.perf_counter()
    ds, _ = build_dataset(syn_bytes, ctx, date)  # type: ignore[arg-type]
    subjects = {getattr(q.subject, "value", "") for q in ds.quads_for_pattern(None, None, None, RECORDS_GRAPH)}
    graph = to_graph([ox.Triple(q.subject, q.predicate, q.object) for q in ds])
    pyshacl_results(graph, subjects, cache_parsing=cache)
    return time.perf_counter() - t


def main() -> None:
    from service.domain.synthetic import generate
    from service.domain.validation import validate
    from service.domain.validation.context import store_context
    from service.store.embedded import EmbeddedStore

    args = sys.argv[1:]
    quick = "--quick" in args
    date = "2025-04-19"
    store_dir = _store_dir()
    store = EmbeddedStore(store_dir)
    ctx = store_context(store)
    print(f"store: {store_dir} ({store.triple_count():,} triples); check date {date}")

    record = (ROOT / "tests" / "cases" / "validation" / "decision-entry-exited" / "input.ttl").read_bytes()
    with serve(store_dir) as base, httpx.Client(base_url=base, timeout=60) as client:
        def post() -> None:
            r = client.post(f"/api/validate?date={date}", content=record,
                            headers={"Content-Type": "text/turtle"})
            assert r.status_code == 200, r.text

        print(summary("one record over HTTP, whole corpus as context (target p50 ≤ 50 ms)",
                      timed(post, 100)))

    ours: dict[int, float] = {}
    for n in (10_000, 20_000, 100_000):
        syn = generate(ctx, n, seed=42, fault_share=0.1)
        t = time.perf_counter()
        v = validate(syn.ntriples, ctx, date=date)
        ours[n] = time.perf_counter() - t
        found = {(r.shape, r.focus.value) for r in v.results}
        print(f"fast engine, {n:,} decisions ({v.record_triples:,} triples): {ours[n]:.2f} s, "
              f"{n / ours[n]:,.0f} decisions/s, {len(v.results):,} results, "
              f"labelled faults found exactly: {found == syn.expected}"
              + ("  (target ≤ 35 s)" if n == 100_000 else ""))

    if "--stock" in args:
        syn = generate(ctx, 1000, seed=42, fault_share=0.1)
        stock = _pyshacl(syn.ntriples, ctx, date, cache=False)
        cached = _pyshacl(syn.ntriples, ctx, date, cache=True)
        print(f"pyshacl 1,000 decisions: stock {stock:.1f} s, with parse cache {cached:.1f} s "
              f"({stock / cached:.1f}× from the cache)")
    for n in (10_000, 20_000):
        if quick and n == 20_000:
            print("pyshacl 20,000: skipped (--quick)")
            continue
        syn = generate(ctx, n, seed=42, fault_share=0.1)
        base_s = _pyshacl(syn.ntriples, ctx, date, cache=True)
        print(f"baseline pyshacl (inference off, parse cache), {n:,} decisions: {base_s:.1f} s "
              f"→ ours {base_s / ours[n]:.0f}× faster (target ≥ 40×)")


if __name__ == "__main__":
    main()
