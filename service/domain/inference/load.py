"""Feeding the reasoner: named graphs of the store, Turtle files, rdflib graphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from service.domain.cache import per_store
from service.domain.inference.engine import Literal, Reasoner, Term, Triple
from service.store.base import IRI, Store
from service.vocab import GRAPH_CURATED, GRAPH_ONTOLOGY


def _ox_term(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return t.value
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    if isinstance(t, ox.Literal):
        return Literal(t.value, t.datatype.value if t.datatype else None, t.language)
    return str(t)


def turtle_triples(paths: Iterable[Path]) -> Iterator[Triple]:
    """Triples of Turtle files (blank nodes kept apart per file)."""
    for n, path in enumerate(paths):
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            s = _ox_term(q.subject)
            o = _ox_term(q.object)
            if isinstance(s, str) and s.startswith("_:"):
                s = f"_:f{n}_{s[2:]}"
            if isinstance(o, str) and o.startswith("_:"):
                o = f"_:f{n}_{o[2:]}"
            yield (str(s), q.predicate.value, o)


def rdflib_triples(graph: object) -> Iterator[Triple]:
    """Triples of an rdflib graph (for comparing with owlrl)."""
    from rdflib import BNode
    from rdflib import Literal as RLit

    for s, p, o in graph:  # type: ignore[attr-defined]
        ss = "_:" + str(s) if isinstance(s, BNode) else str(s)
        if isinstance(o, RLit):
            oo: Term = Literal(str(o), str(o.datatype) if o.datatype else None, o.language)
        elif isinstance(o, BNode):
            oo = "_:" + str(o)
        else:
            oo = str(o)
        yield (ss, str(p), oo)


def graph_triples(store: Store, graph: str) -> Iterator[Triple]:
    for r in store.select("inference-graph-triples", g=IRI(graph)):
        s = "_:" + r["s"] if r.get("sblank") == "true" else r["s"]
        if r.get("lit") == "true":
            o: Term = Literal(r["o"], r.get("dt"), r.get("lang") or None)
        elif r.get("oblank") == "true":
            o = "_:" + r["o"]
        else:
            o = r["o"]
        yield (s, r["p"], o)


@per_store
def ontology_reasoner(store: Store) -> Reasoner:
    """The closure of the ontology and curated graphs of a store (cached per build)."""
    triples = [*graph_triples(store, GRAPH_ONTOLOGY), *graph_triples(store, GRAPH_CURATED)]
    return Reasoner(triples)
