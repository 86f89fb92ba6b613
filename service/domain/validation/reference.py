"""The reference engine: pyshacl on the same data graph, results in the fast engine's form.

Used by the parity test and as the benchmark baseline; too slow for bulk validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.plugins.sparql import processor

from service.domain.validation.engine import Result
from service.domain.validation.shapes import Term, load_shapes_graph

_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _to_rdflib(t: object) -> rdflib.term.Node:
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
    raise TypeError(repr(t))


def _term(node: rdflib.term.Node) -> Term:
    if isinstance(node, rdflib.Literal):
        return Term("literal", str(node), str(node.datatype) if node.datatype else
                    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if node.language
                     else "http://www.w3.org/2001/XMLSchema#string"), node.language)
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    return Term("iri", str(node))


def to_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in triples:
        g.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
    return g


@contextmanager
def cached_query_parsing() -> Iterator[None]:
    """Parse and translate each SPARQL text once while pyshacl runs.

    pyshacl re-parses a SPARQL constraint for every focus node; parsing dominates its time.
    Caching the translated algebra changes no result (the algebra is not mutated by
    evaluation) and makes the parity test affordable. The benchmark baseline runs without it.
    """
    cache: dict[tuple[object, ...], Any] = {}
    orig_parse, orig_translate = processor.parseQuery, processor.translateQuery

    def parse(text: str) -> Any:
        return ("__text__", text)

    def translate(parsed: Any, base: str | None = None, init_ns: Any = None) -> Any:
        if not (isinstance(parsed, tuple) and parsed[:1] == ("__text__",)):
            return orig_translate(parsed, base, init_ns)
        key = (parsed[1], base, tuple(sorted((init_ns or {}).items())))
        if key not in cache:
            cache[key] = orig_translate(orig_parse(parsed[1]), base, init_ns)
        return cache[key]

    processor.parseQuery, processor.translateQuery = parse, translate  # type: ignore[assignment]
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = orig_parse, orig_translate


def pyshacl_results(data: rdflib.Graph, record_subjects: set[str],
                    shapes: rdflib.Graph | None = None, *, cache_parsing: bool = False) -> list[Result]:
    """pyshacl (inference off) over ``data``; results on focus nodes among ``record_subjects``."""
    shapes = shapes if shapes is not None else load_shapes_graph()
    with cached_query_parsing() if cache_parsing else nullcontext():
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                    advanced=False, allow_warnings=True)
    assert isinstance(report, rdflib.Graph)
    out: list[Result] = []
    for res in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        focus = report.value(res, _SH.focusNode)
        if focus is None or str(focus) not in record_subjects:
            continue
        path = report.value(res, _SH.resultPath)
        value = report.value(res, _SH.value)
        comp = report.value(res, _SH.sourceConstraintComponent)
        out.append(Result(
            focus=_term(focus), path=str(path) if path is not None else None,
            value=_term(value) if value is not None else None,
            severity=str(report.value(res, _SH.resultSeverity)),
            shape=str(report.value(res, _SH.sourceShape)),
            component=str(comp).rsplit("#", 1)[-1] if comp is not None else ""))
    return sorted(out, key=lambda r: (r.shape, r.key()))
