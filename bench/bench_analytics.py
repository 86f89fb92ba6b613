"""Analytics benchmark: citation graph build, impact queries, consistency checks.

* citation graph of the whole corpus (extract + resolve + networkx), target ≤ 60 s;
  baseline: one plain regex pass over the same texts (the floor of any scan);
* impact query (in-process, warm), target ≤ 200 ms; baseline: one named SPARQL lookup
  (provision-detail) on the same store;
* each consistency check on the whole corpus plus 100k synthetic decisions, target ≤ 2 s;
  baseline: loading the 100k decisions' triples into an in-memory store.

Run: `.venv/bin/python -m bench.bench_analytics` (uses the test store built by the tests,
or CREDITBASIS_STORE_DIR).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyoxigraph as ox

from bench.common import ROOT, summary, timed
from service.analytics import facts as facts_mod
from service.analytics.citations import extract
from service.analytics.consistency import CHECKS
from service.analytics.consistency.base import Inputs
from service.analytics.corpus_view import load_view
from service.analytics.finder import findings
from service.analytics.graph import to_graph
from service.analytics.impact import impact
from service.store.base import IRI
from service.store.embedded import EmbeddedStore

N_DECISIONS = 100_000


def _store() -> EmbeddedStore:
    d = Path(os.environ.get("CREDITBASIS_STORE_DIR", ROOT / "var" / "test-store"))
    return EmbeddedStore(d)


def bench_citations(store: EmbeddedStore) -> None:
    t = time.perf_counter()
    view = load_view(store.build_dir / "search.sqlite")
    t_view = time.perf_counter() - t
    t = time.perf_counter()
    cits = list(extract(view))
    g = to_graph(cits)
    t_graph = time.perf_counter() - t
    pat = re.compile(r"《[^》]+》|第[一二三四五六七八九十百千零]+条")
    t = time.perf_counter()
    n = sum(len(pat.findall(a.text)) for a in view.articles.values())
    t_base = time.perf_counter() - t
    print(f"citation graph: corpus view {t_view:.1f} s + extract/resolve/graph {t_graph:.1f} s "
          f"= {t_view + t_graph:.1f} s (target ≤ 60 s); {len(cits):,} references, "
          f"{g.number_of_edges():,} edges; baseline regex pass {t_base:.2f} s ({n:,} matches), "
          f"ratio {t_graph / t_base:.1f}×")


def bench_impact(store: EmbeddedStore) -> None:
    f = facts_mod.credit_facts(store)
    bases = sorted(b for b in f.by_basis if "/eli/cn/" in b)[:50]
    versions = sorted({b.split("/art_")[0] for b in bases})[:10]
    targets = bases + versions
    i = iter(range(10**9))

    def one() -> None:
        impact(store, iri=targets[next(i) % len(targets)], date="2024-01-01")

    ms = timed(one, 300, warmup=20)
    base = timed(lambda: store.select("provision-detail", uri=IRI(bases[next(i) % len(bases)])), 300)
    p50 = sorted(ms)[len(ms) // 2]
    b50 = sorted(base)[len(base) // 2]
    print(summary("impact query (provisions and versions, 100k decisions loaded)", ms)
          + f"; target ≤ 200 ms; baseline provision-detail p50 {b50:.2f} ms, ratio {p50 / b50:.1f}×")


def synthetic_decisions(store: EmbeddedStore, n: int) -> bytes:
    from service.domain.synthetic import generate
    from service.domain.validation.context import store_context

    return generate(store_context(store), n, seed=7, fault_share=0.1).ntriples


def bench_checks(store: EmbeddedStore) -> None:
    t = time.perf_counter()
    data = synthetic_decisions(store, N_DECISIONS)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    st = ox.Store()
    st.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    t_base = time.perf_counter() - t
    f = facts_mod.credit_facts(store)
    t = time.perf_counter()
    added = f.add_ntriples(data)
    t_index = time.perf_counter() - t
    print(f"100k synthetic decisions: generated in {t_gen:.1f} s, indexed in {t_index:.1f} s "
          f"({added:,} decisions); baseline bulk load into an in-memory store {t_base:.1f} s")
    view = load_view(store.build_dir / "search.sqlite")
    found = findings(store)
    for check in CHECKS.values():
        inp = Inputs(f, view, found)
        ms = timed(lambda c=check, i=inp: c.run(i), 3, warmup=1)  # type: ignore[misc]
        n = len(check.run(inp))
        print(f"check {check.id}: mean {sum(ms) / len(ms):.0f} ms, {n:,} findings "
              f"(target ≤ 2000 ms; ratio to the load baseline {sum(ms) / len(ms) / 1000 / t_base:.2f})")
    bench_impact(store)


def main() -> None:
    store = _store()
    bench_citations(store)
    bench_checks(store)


if __name__ == "__main__":
    main()
