"""Inference benchmark: OWL RL closure of ontology + corpus + curated data + 100k synthetic decisions.

Scope: the ontology (ontology/*.ttl), the curated data (data/**/*.ttl), the law graph without its
text literals (structure: types, part-of, versions, numbers, dates — about 2.2 M triples) and
synthetic decisions from `service.domain.synthetic` (each with its subject and list entry: types,
links, dates, booleans, the USCC code). `--no-corpus` leaves the law graph out. Our
forward chainer (`service.domain.inference`) computes the closure with a justification for
every inferred triple. Baseline in the same run: owlrl (OWL-RL semantics) on a fixed subset
(ontology + curated + 1,000 decisions), and our engine on the same subset; both closures are
compared on our own resources. Target: ≤ 30 s for the 100k closure.
Run: `.venv/bin/python -m bench.bench_inference [n]`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox

from bench.common import ROOT
from service.domain.inference import Reasoner, rdflib_triples, turtle_triples
from service.domain.inference.engine import Triple
from service.domain.inference.load import _ox_term
from service.vocab import GRAPH_LAWS, XSD

N = 100_000
SUBSET = 1_000


def synthetic_nt(n: int, seed: int = 7) -> bytes:
    from bench.bench_search import find_store
    from service.domain.synthetic import generate
    from service.domain.validation.context import store_context
    from service.store.embedded import EmbeddedStore

    store = EmbeddedStore(find_store())
    return generate(store_context(store), n, seed=seed, fault_share=0.0).ntriples


def nt_triples(data: bytes) -> list[Triple]:
    out: list[Triple] = []
    for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        out.append((sys.intern(q.subject.value), sys.intern(q.predicate.value), _ox_term(q.object)))
    return out


def corpus_structure() -> list[Triple]:
    """The law graph of the live build without text literals (strings and language-tagged)."""
    from bench.bench_search import find_store

    st = ox.Store.read_only(str(find_store() / "current" / "oxigraph"))
    out: list[Triple] = []
    for q in st.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_LAWS)):
        o = q.object
        if isinstance(o, ox.Literal) and (o.language or o.datatype.value == XSD + "string"):
            continue
        out.append((sys.intern(q.subject.value), sys.intern(q.predicate.value), _ox_term(o)))
    return out


def base_paths() -> list[Path]:
    return [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "data").rglob("*.ttl"))]


def owlrl_subset(paths: list[Path], nt: bytes) -> tuple[float, int, int, object]:
    import owlrl
    from rdflib import Graph

    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    g.parse(data=nt.decode("utf-8"), format="nt")
    before = len(g)
    t = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return time.perf_counter() - t, before, len(g) - before, g


def main() -> None:
    n = next((int(a) for a in sys.argv[1:] if a.isdigit()), N)
    paths = base_paths()
    base = list(turtle_triples(paths))
    corpus = [] if "--no-corpus" in sys.argv else corpus_structure()
    print(f"law graph without text literals: {len(corpus):,} triples")
    t = time.perf_counter()
    nt = synthetic_nt(n)
    gen = time.perf_counter() - t
    data = nt_triples(nt)
    print(f"input: ontology + curated {len(base):,} triples; {n:,} synthetic decisions "
          f"{len(data):,} triples (generated in {gen:.1f} s)")

    t, c = time.perf_counter(), time.process_time()
    r = Reasoner([*base, *corpus, *data])
    ours, cpu = time.perf_counter() - t, time.process_time() - c
    added = len(r) - len(set(base) | set(corpus) | set(data))
    print(f"ours, full: {ours:.1f} s wall ({cpu:.1f} s CPU), {len(r):,} triples in closure, "
          f"{added:,} inferred (each with a justification) — target ≤ 30 s")

    sub_nt = b"".join(nt.splitlines(keepends=True)[: len(data) * SUBSET // n])
    sub = nt_triples(sub_nt)
    t = time.perf_counter()
    rs = Reasoner([*base, *sub])
    ours_sub = time.perf_counter() - t
    their_s, _before, their_added, g = owlrl_subset(paths, sub_nt)
    print(f"subset ({SUBSET:,} decisions, {len(base) + len(sub):,} triples): ours {ours_sub:.2f} s "
          f"({len(rs.inferred()):,} inferred); owlrl {their_s:.2f} s ({their_added:,} added incl. "
          f"owlrl's axiomatic/equality triples) — owlrl/ours {their_s / ours_sub:.0f}×")
    from tests.test_inference import _comparable

    same = _comparable(rs.triples()) == _comparable(rdflib_triples(g))
    print(f"same closure as owlrl on the subset (own resources): {same}")


if __name__ == "__main__":
    main()
