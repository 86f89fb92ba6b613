"""Rendering results: the JSON result dict and the standard SHACL report (sh:ValidationReport)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from service.domain.validation.engine import Result
from service.domain.validation.shapes import CompiledShape, Term
from service.vocab import RDF_TYPE, SH, XSD


def term_text(t: Term | None) -> str | None:
    if t is None:
        return None
    return f"_:{t.value}" if t.kind == "bnode" else t.value


def result_dict(r: Result, shape: CompiledShape) -> dict[str, Any]:
    return {
        "focus": term_text(r.focus),
        "path": r.path,
        "value": term_text(r.value),
        "severity": r.severity.rsplit("#", 1)[-1],
        "message": {"zh": shape.message_zh, "en": shape.message_en},
        "source": shape.source,
        "shape": r.shape,
        "component": r.component,
    }


def _node(t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if t.kind == "iri":
        return ox.NamedNode(t.value)
    if t.kind == "bnode":
        return ox.BlankNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype or XSD + "string"))


def turtle_report(results: list[Result], shapes: dict[str, CompiledShape], conforms: bool) -> str:
    sh = SH
    report = ox.BlankNode()
    triples = [
        ox.Triple(report, ox.NamedNode(RDF_TYPE), ox.NamedNode(sh + "ValidationReport")),
        ox.Triple(report, ox.NamedNode(sh + "conforms"),
                  ox.Literal("true" if conforms else "false", datatype=ox.NamedNode(XSD + "boolean"))),
    ]
    for r in results:
        node = ox.BlankNode()
        shape = shapes[r.shape]
        triples += [
            ox.Triple(report, ox.NamedNode(sh + "result"), node),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(sh + "ValidationResult")),
            ox.Triple(node, ox.NamedNode(sh + "focusNode"), _node(r.focus)),
            ox.Triple(node, ox.NamedNode(sh + "resultSeverity"), ox.NamedNode(r.severity)),
            ox.Triple(node, ox.NamedNode(sh + "sourceShape"), ox.NamedNode(r.shape)),
            ox.Triple(node, ox.NamedNode(sh + "sourceConstraintComponent"), ox.NamedNode(sh + r.component)),
            ox.Triple(node, ox.NamedNode(sh + "resultMessage"), ox.Literal(shape.message_zh, language="zh")),
            ox.Triple(node, ox.NamedNode(sh + "resultMessage"), ox.Literal(shape.message_en, language="en")),
        ]
        if r.path:
            triples.append(ox.Triple(node, ox.NamedNode(sh + "resultPath"), ox.NamedNode(r.path)))
        if r.value is not None:
            triples.append(ox.Triple(node, ox.NamedNode(sh + "value"), _node(r.value)))
        if shape.source:
            triples.append(ox.Triple(node, ox.NamedNode("http://purl.org/dc/terms/source"),
                                     ox.NamedNode(shape.source)))
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes={"sh": sh, "cbsh": "https://w3id.org/creditbasis/shapes#",
                                  "cb": "https://w3id.org/creditbasis/ontology#",
                                  "dcterms": "http://purl.org/dc/terms/"})
    assert isinstance(data, bytes)
    return data.decode("utf-8")
