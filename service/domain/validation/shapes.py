"""The shapes graph (``shapes/*.ttl``) compiled into plain rules the fast engine runs.

Our shapes use a fixed subset of SHACL: node shapes with one SPARQL-based constraint
(``sh:sparql``) and property shapes with core constraints (``sh:minCount``,
``sh:maxCount``, ``sh:in``, ``sh:hasValue``, ``sh:datatype``, ``sh:class``,
``sh:pattern``); targets are ``sh:targetClass``. Anything else is refused when the
shapes are loaded, so the fast engine can never silently skip a constraint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.term import Node

from service.config import PROJECT_ROOT
from service.vocab import DCTERMS, RDFS, SH

SHAPES_DIR = PROJECT_ROOT / "shapes"
_SH = rdflib.Namespace(SH)
_CORE = {"minCount", "maxCount", "in", "hasValue", "datatype", "class", "pattern"}
_IGNORED = {"targetClass", "path", "severity", "message", "sparql", "name", "description",
            "prefixes", "declare", "order", "group", "deactivated"}


class ShapeError(ValueError):
    """A shape uses a SHACL feature the fast engine does not implement."""


@dataclass(frozen=True)
class Term:
    """An RDF term as the engines report it: kind ``iri``/``literal``/``bnode``."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def key(self) -> tuple[str, str, str, str]:
        return (self.kind, self.value, self.datatype or "", self.lang or "")


@dataclass
class CompiledShape:
    iri: str
    severity: str
    targets: tuple[str, ...]
    message_zh: str
    message_en: str
    source: str | None
    path: str | None = None
    sparql: str | None = None
    core: dict[str, object] = field(default_factory=dict)
    label_zh: str | None = None
    label_en: str | None = None

    @property
    def severity_name(self) -> str:
        return self.severity.rsplit("#", 1)[-1]


def _term(node: Node) -> Term:
    if isinstance(node, rdflib.Literal):
        return Term("literal", str(node), str(node.datatype) if node.datatype else None, node.language)
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    return Term("iri", str(node))


def _messages(g: rdflib.Graph, node: Node) -> tuple[str, str]:
    zh = en = ""
    for m in g.objects(node, _SH.message):
        if isinstance(m, rdflib.Literal):
            if m.language == "zh":
                zh = str(m)
            elif m.language == "en":
                en = str(m)
    return zh, en


def _prefix_header(g: rdflib.Graph, constraint: Node) -> str:
    lines = []
    for onto in g.objects(constraint, _SH.prefixes):
        for decl in g.objects(onto, _SH.declare):
            prefix = g.value(decl, _SH.prefix)
            ns = g.value(decl, _SH.namespace)
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


def load_shapes_graph(folder: Path = SHAPES_DIR) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def compile_shapes(g: rdflib.Graph) -> list[CompiledShape]:
    shapes: list[CompiledShape] = []
    subjects = set(g.subjects(_SH.targetClass, None))
    for node in sorted(subjects, key=str):
        if not isinstance(node, rdflib.URIRef):
            raise ShapeError(f"shape {node} must be named by an IRI")
        for p in g.predicates(node, None):
            if str(p).startswith(SH):
                local = str(p)[len(SH):]
                if local not in _CORE and local not in _IGNORED:
                    raise ShapeError(f"{node}: sh:{local} is not supported by the fast engine")
        severity = g.value(node, _SH.severity) or _SH.Violation
        targets = tuple(sorted(str(t) for t in g.objects(node, _SH.targetClass)))
        source = g.value(node, rdflib.URIRef(DCTERMS + "source"))
        path = g.value(node, _SH.path)
        constraints = list(g.objects(node, _SH.sparql))
        zh, en = _messages(g, node)
        shape = CompiledShape(
            iri=str(node), severity=str(severity), targets=targets, message_zh=zh, message_en=en,
            source=str(source) if source is not None else None,
            path=str(path) if path is not None else None,
        )
        labels = {lit.language: str(lit) for lit in g.objects(node, rdflib.URIRef(RDFS + "label"))
                  if isinstance(lit, rdflib.Literal)}
        shape.label_zh, shape.label_en = labels.get("zh"), labels.get("en")
        if constraints:
            if len(constraints) != 1 or path is not None:
                raise ShapeError(f"{node}: one sh:sparql constraint per node shape")
            c = constraints[0]
            select = g.value(c, _SH.select)
            if select is None:
                raise ShapeError(f"{node}: sh:sparql without sh:select")
            czh, cen = _messages(g, c)
            shape.message_zh, shape.message_en = czh or zh, cen or en
            shape.sparql = _prefix_header(g, c) + str(select)
        else:
            if path is None or not isinstance(path, rdflib.URIRef):
                raise ShapeError(f"{node}: property shapes need a predicate sh:path")
            for local in _CORE:
                value = g.value(node, _SH[local])
                if value is None:
                    continue
                if local == "in":
                    shape.core["in"] = frozenset(_term(t).key() for t in Collection(g, value))
                elif local in ("minCount", "maxCount"):
                    shape.core[local] = int(str(value))
                elif local == "pattern":
                    shape.core["pattern"] = re.compile(str(value))
                elif local == "hasValue":
                    shape.core["hasValue"] = _term(value).key()
                else:
                    shape.core[local] = str(value)
        shapes.append(shape)
    return shapes


@lru_cache(maxsize=4)
def default_shapes(folder: Path = SHAPES_DIR) -> tuple[CompiledShape, ...]:
    return tuple(compile_shapes(load_shapes_graph(folder)))
