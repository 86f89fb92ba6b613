"""Explain benchmark: explain one sanction decision over the whole corpus, in-process and over HTTP.

Decisions are synthetic (`service.domain.synthetic`, no faults) on the curated measures and
list categories, held in an overlay (in-process) or posted as N-Triples (HTTP: `POST
/api/explain`, which also parses the record). Each explanation walks decision → measure →
basis (type gate with justified inferences, in force on the date, counterpart by content) →
list entry → category → standard → domain → procedure, quoting every basis from the store.
Baseline in the same run: SHACL validation of the same decision record in-process
(`service.domain.validation.validate`). Targets: p50 ≤ 30 ms in-process, ≤ 50 ms over HTTP.
Run: `.venv/bin/python -m bench.bench_explain`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import httpx
import pyoxigraph as ox

from bench.bench_search import find_store
from bench.common import percentile, serve, summary, timed
from service.domain.explain import MemoryStore, explain
from service.store.embedded import EmbeddedStore
from service.vocab import CB

N_DECISIONS = 200
N = 300


def _records(nt: bytes) -> dict[str, bytes]:
    """N-Triples per decision: the decision, its list entry and subject."""
    by_subject: dict[str, list[bytes]] = defaultdict(list)
    for line in nt.splitlines(keepends=True):
        by_subject[line.split(b" ", 1)[0].decode()[1:-1]].append(line)
    out = {}
    for s, lines in by_subject.items():
        if "/decision/" not in s:
            continue
        body = list(lines)
        for line in lines:
            o = line.split(b" ", 2)[2].strip().rstrip(b".").strip()
            if o.startswith(b"<") and (b"/list-entry/" in o or b"/subject/" in o):
                body += by_subject.get(o.decode()[1:-1], [])
        out[s] = b"".join(body)
    return out


def main() -> None:
    from service.domain.synthetic import generate
    from service.domain.validation import validate
    from service.domain.validation.context import store_context

    store_dir = find_store()
    st = EmbeddedStore(store_dir)
    ctx = store_context(st)
    syn = generate(ctx, N_DECISIONS, seed=5, fault_share=0.0)
    mem = MemoryStore()
    mem.load(syn.ntriples, ox.RdfFormat.N_TRIPLES)
    decisions = mem.subjects_of_type(CB + "SanctionDecision")
    print(f"store: {store_dir} (build {st.build_dir.name}, {st.triple_count():,} triples); "
          f"{len(decisions)} synthetic decisions on curated measures")
    verdicts = defaultdict(int)
    for d in decisions:
        verdicts[explain(st, iri=d, overlay=mem)["verdict_code"]] += 1
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))

    cyc = itertools.cycle(decisions)
    inproc = timed(lambda: explain(st, iri=next(cyc), overlay=mem), N)
    print(summary("explain in-process", inproc) + " — target p50 ≤ 30 ms")

    records = _records(syn.ntriples)
    rc = itertools.cycle(list(records.values()))
    base = timed(lambda: validate(next(rc), ctx, date="2025-01-01"), N // 3)
    print(summary("baseline: SHACL validation of the same record", base))
    print(f"explain / validate (p50): {percentile(inproc, 50) / percentile(base, 50):.2f}×")

    bodies = itertools.cycle(list(records.values()))
    with serve(store_dir) as url, httpx.Client(base_url=url, timeout=30) as client:
        def call() -> None:
            r = client.post("/api/explain", content=next(bodies),
                            headers={"Content-Type": "application/n-triples"})
            r.raise_for_status()

        http = timed(call, N, warmup=20)
    print(summary("explain over HTTP (POST, N-Triples record)", http) + " — target p50 ≤ 50 ms")


if __name__ == "__main__":
    main()
