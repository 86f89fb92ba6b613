"""SHACL validation of credit records: the fast engine, its JSON result and SHACL report.

Entry points: :func:`validate` (records as triples), :func:`validate_body` (an HTTP
body), :func:`validate_file` (the CLI). Validation never writes the store: records and
context go into a fresh in-memory store that is discarded afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service.domain.errors import DomainError, InvalidValue, Malformed
from service.domain.validation.context import Context, cited, file_context, store_context
from service.domain.validation.engine import RECORDS_GRAPH, Result, run_shapes
from service.domain.validation.records import MEDIA_TYPES, parse_records
from service.domain.validation.report import result_dict, turtle_report
from service.domain.validation.shapes import CompiledShape, default_shapes
from service.store.base import Store
from service.vocab import RDF_TYPE, XSD

RUN_NODE = ox.NamedNode("urn:creditbasis:validation-run")
SHAPES_NS = "https://w3id.org/creditbasis/shapes#"

__all__ = ["Validation", "build_dataset", "validate", "validate_body", "validate_file", "validate_request"]


@dataclass
class Validation:
    results: list[Result]
    shapes: tuple[CompiledShape, ...]
    date: str
    record_triples: int
    law_graph: bool

    @property
    def conforms(self) -> bool:
        return not any(r.severity.endswith("#Violation") for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        by_iri = {s.iri: s for s in self.shapes}
        return {
            "conforms": self.conforms,
            "date": self.date,
            "records": {"triples": self.record_triples},
            "law_graph": self.law_graph,
            "results": [result_dict(r, by_iri[r.shape]) for r in self.results],
        }

    def turtle(self) -> str:
        return turtle_report(self.results, {s.iri: s for s in self.shapes}, self.conforms)


def check_date(date: str | dt.date | None) -> str:
    if date is None:
        return dt.date.today().isoformat()
    if isinstance(date, dt.date):
        return date.isoformat()
    try:
        return dt.date.fromisoformat(date.strip()).isoformat()
    except ValueError:
        raise InvalidValue(f"日期“{date}”无效，应为 YYYY-MM-DD。",
                           f"Date '{date}' is not valid: use YYYY-MM-DD.") from None


def run_triples(date: str) -> list[ox.Triple]:
    return [ox.Triple(RUN_NODE, ox.NamedNode(RDF_TYPE), ox.NamedNode(SHAPES_NS + "ValidationRun")),
            ox.Triple(RUN_NODE, ox.NamedNode(SHAPES_NS + "checkDate"),
                      ox.Literal(date, datatype=ox.NamedNode(XSD + "date")))]


def build_dataset(records: Iterable[ox.Triple] | bytes, context: Context, date: str) -> tuple[ox.Store, int]:
    """A fresh in-memory store: records in their own graph, context and run node in the default graph.

    ``records`` may be N-Triples bytes (bulk path, parsed in Rust) or triples.
    """
    st = ox.Store()
    if isinstance(records, bytes):
        st.bulk_load(records, format=ox.RdfFormat.N_TRIPLES, to_graph=RECORDS_GRAPH)
        rec_cited = cited(st.quads_for_pattern(None, None, None, RECORDS_GRAPH))
        n = len(st)
    else:
        triples = list(records)
        st.extend([ox.Quad(t.subject, t.predicate, t.object, RECORDS_GRAPH) for t in triples])
        rec_cited = cited(triples)
        n = len(triples)
    default = ox.DefaultGraph()
    st.load(context.base_nquads(), format=ox.RdfFormat.N_TRIPLES)
    extra = [*context.slice_for(rec_cited), *run_triples(date)]
    st.extend([ox.Quad(t.subject, t.predicate, t.object, default) for t in extra])
    return st, n


#: record sets up to this many triples are validated in the context's long-lived store
SHARED_MAX_TRIPLES = 50_000


def validate(records: Iterable[ox.Triple] | bytes, context: Context, *, date: str | dt.date | None = None,
             shapes: tuple[CompiledShape, ...] | None = None) -> Validation:
    day = check_date(date)
    shapes = shapes if shapes is not None else default_shapes()
    triples = None if isinstance(records, bytes) else list(records)
    if triples is not None and len(triples) <= SHARED_MAX_TRIPLES:
        n = len(triples)
        with context.run_lock:
            st = context.shared_store(cited(triples))
            st.extend([ox.Quad(t.subject, t.predicate, t.object, RECORDS_GRAPH)
                       for t in [*triples, *run_triples(day)]])
            try:
                results = run_shapes(st, shapes)
            finally:
                st.remove_graph(RECORDS_GRAPH)
    else:
        st, n = build_dataset(records if triples is None else triples, context, day)
        results = run_shapes(st, shapes)
    return Validation(results=results, shapes=shapes, date=day, record_triples=n,
                      law_graph=context.has_law_graph)


def validate_body(store: Store, body: bytes, fmt: str, date: str | None = None) -> Validation:
    """`POST /api/validate`: records in ``fmt`` against the store's curated data and law graph."""
    records = parse_records(body, fmt)
    return validate(records, store_context(store), date=date)


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "n-triples"}.get(suffix, "json")


def validate_file(*, path: Path, fmt: str | None = None, date: str | None = None) -> dict[str, Any]:
    """`creditbasis validate FILE`: uses the live store when there is one, else data/ only."""
    from service.config import get_settings
    from service.store.embedded import EmbeddedStore, current_build

    settings = get_settings()
    try:
        records = parse_records(path.read_bytes(), fmt or guess_format(path))
        day = check_date(date)
    except DomainError as exc:
        return {"conforms": False, "error": {"status": exc.status, "zh": exc.zh, "en": exc.en, **exc.extra}}
    if current_build(settings.store_dir) is not None:
        context = store_context(EmbeddedStore(settings.store_dir))
    else:
        context = file_context()
    return validate(records, context, date=day).as_dict()


def media_format(content_type: str) -> str:
    """The record format of a Content-Type header value."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media.endswith("+json") and media != "application/ld+json":
        media = "application/json"
    fmt = MEDIA_TYPES.get(media)
    if fmt is None:
        raise Malformed(f"不支持的内容类型 {media}：请使用 text/turtle、application/ld+json 或 application/json。",
                        f"Unsupported content type {media}: use text/turtle, application/ld+json or application/json.",
                        extra={"field": "content-type"})
    return fmt


def validate_request(store: Store, body: bytes, content_type: str, date: str | None,
                     turtle: bool = False) -> dict[str, Any] | str:
    """`POST /api/validate`: the JSON result (with data_version) or the SHACL report as Turtle."""
    from service.domain.about import data_version

    day = check_date(date)
    v = validate_body(store, body, media_format(content_type), day)
    if turtle:
        return v.turtle()
    return {**v.as_dict(), "data_version": data_version(store)}
