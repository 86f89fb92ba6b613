"""Serialisers for SPARQL results, run inside the query worker.

SELECT/ASK results are written here (JSON, XML, CSV, TSV of the W3C SPARQL 1.1 result
formats) so that the worker can count rows and stop at the row limit before anything is
sent; CONSTRUCT/DESCRIBE triples go through pyoxigraph's RDF serialisers.

Format keys (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``ntriples``, ``jsonld``,
``rdfxml``) are the ones ``service.api.media`` negotiates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import orjson
import pyoxigraph as ox

from service.vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

#: format key -> media type of the body
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

Term = Any  # ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Rows = Sequence[Sequence[Term | None]]


def _json_term(t: Term) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject),
                                            "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    return {"type": "literal", "value": str(t)}


def _xml_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject>"
                f"<predicate>{_xml_term(t.predicate)}</predicate>"
                f"<object>{_xml_term(t.object)}</object></triple>")
    return f"<literal>{escape(str(t))}</literal>"


def _csv_field(t: Term | None) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        value = f"_:{t.value}"
    elif isinstance(t, ox.NamedNode | ox.Literal):
        value = t.value
    else:
        value = str(t)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def select_body(fmt: str, variables: Sequence[str], rows: Rows,
                json_extra: dict[str, Any] | None = None) -> bytes:
    """Serialise SELECT solutions (``rows`` aligned with ``variables``); ``json_extra`` adds
    top-level members to JSON results (clients ignore members they do not know)."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                    for row in rows]
        return orjson.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings},
                             **(json_extra or {})})
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="', RESULTS_NS, '"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                      for v, t in zip(variables, row, strict=True) if t is not None]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt}")


def ask_body(fmt: str, value: bool, json_extra: dict[str, Any] | None = None) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return orjson.dumps({"head": {}, "boolean": value, **(json_extra or {})})
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{word}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return f"{word}\n".encode()
    raise ValueError(f"unknown results format {fmt}")


def graph_body(fmt: str, triples: Iterable[ox.Triple],
               extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise CONSTRUCT/DESCRIBE triples (or a service description)."""
    rdf_format = GRAPH_FORMATS[fmt]
    prefixes = ({**PREFIXES, **(extra_prefixes or {})}
                if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None)
    out = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    assert out is not None
    return out
