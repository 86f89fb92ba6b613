"""The fast engine: our shapes as set-oriented queries over one in-memory Oxigraph store.

A SPARQL-based constraint is run once for all focus nodes: ``$this`` becomes a variable
joined with the shape's targets and top-level ``FILTER [NOT] EXISTS`` become left joins
(see ``rewrite.py``), instead of one query per focus node (what pyshacl does). Core
constraints of property shapes read the path's values from the store's indexes (one scan
per path for large record sets, lookups for a few focus nodes) and are checked in Python.
Results equal pyshacl's (focus, path, value, severity, source shape) on the same data
graph; ``tests/test_shapes_parity.py`` checks it.

Only focus nodes that occur as subjects in the records graph are validated: the
context (curated data, law slices) is read, not validated.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from service.domain.validation import rewrite
from service.domain.validation.shapes import CompiledShape, Term
from service.vocab import RDF_TYPE, RDFS, XSD

RECORDS_GRAPH = ox.NamedNode("urn:creditbasis:records")
_TYPE = ox.NamedNode(RDF_TYPE)
PARALLEL_FROM = 5000  # record subjects from which shapes run on two threads
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class Result:
    focus: Term
    path: str | None
    value: Term | None
    severity: str
    shape: str
    component: str

    def key(self) -> tuple[object, ...]:
        return (self.focus.key(), self.path or "", self.value.key() if self.value else (),
                self.severity, self.shape)


def term_of(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return Term("iri", t.value)
    if isinstance(t, ox.Literal):
        return Term("literal", t.value, t.datatype.value, t.language)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    raise TypeError(f"unexpected term {t!r}")


class Dataset:
    """The store being validated, with per-run indexes shared by all shapes."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.subclasses = bool(next(iter(store.quads_for_pattern(None, _SUBCLASS, None)), None))
        self._instances: dict[str, set[object]] = {}
        self._values: dict[str, dict[object, list[object]]] = {}
        self._foci: dict[str, set[object]] = {}
        sols = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{RECORDS_GRAPH.value}> {{ ?s ?p ?o }} }}")
        assert isinstance(sols, ox.QuerySolutions)
        self.record_subjects: set[object] = {sol["s"] for sol in sols}

    def in_records(self, node: object) -> bool:
        return node in self.record_subjects

    def instances(self, cls: str) -> set[object]:
        """Nodes of type ``cls`` (or a subclass, when the data graph has rdfs:subClassOf)."""
        hit = self._instances.get(cls)
        if hit is None:
            if self.subclasses:
                sols = self.store.query(
                    f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF_TYPE}>/<{RDFS}subClassOf>* <{cls}> }}",
                    use_default_graph_as_union=True)
                assert isinstance(sols, ox.QuerySolutions)
                hit = {sol["x"] for sol in sols}
            else:
                hit = {q.subject for q in self.store.quads_for_pattern(None, _TYPE, ox.NamedNode(cls))}
            self._instances[cls] = hit
        return hit

    def values(self, path: str, foci: set[object] | None = None) -> dict[object, list[object]]:
        """Values of ``path`` per subject: by lookup for a few focus nodes, else one scan."""
        if foci is not None and len(foci) <= 200:
            pred = ox.NamedNode(path)
            few: dict[object, list[object]] = {}
            for f in foci:
                vals = dict.fromkeys(q.object for q in self.store.quads_for_pattern(f, pred, None))  # type: ignore[arg-type]
                if vals:
                    few[f] = list(vals)
            return few
        hit = self._values.get(path)
        if hit is None:
            seen: dict[object, dict[object, None]] = defaultdict(dict)
            for q in self.store.quads_for_pattern(None, ox.NamedNode(path), None):
                seen[q.subject][q.object] = None
            hit = {k: list(v) for k, v in seen.items()}
            self._values[path] = hit
        return hit

    def focus_nodes(self, shape: CompiledShape) -> set[object]:
        key = "|".join(shape.targets)
        hit = self._foci.get(key)
        if hit is None:
            out: set[object] = set()
            for c in shape.targets:
                out |= self.instances(c)
            hit = self._foci[key] = out & self.record_subjects
        return hit


def target_pattern(shape: CompiledShape, subclasses: bool) -> str:
    typ = f"<{RDF_TYPE}>/<{RDFS}subClassOf>*" if subclasses else f"<{RDF_TYPE}>"
    parts = [f"{{ ?this {typ} <{c}> }}" for c in shape.targets]
    return parts[0] if len(parts) == 1 else " UNION ".join(parts)


def set_query(shape: CompiledShape, subclasses: bool = False) -> str:
    """The shape's SPARQL constraint rewritten to run for all focus nodes at once."""
    assert shape.sparql is not None
    return _set_query(shape.sparql, target_pattern(shape, subclasses))


@lru_cache(maxsize=512)
def _set_query(sparql: str, target: str) -> str:
    return rewrite.set_query(sparql, target)


def _well_formed(lit: ox.Literal, datatype: str) -> bool:
    if lit.datatype.value != datatype:
        return False
    if datatype == XSD + "date":
        if not _DATE.match(lit.value):
            return False
        try:
            dt.date.fromisoformat(lit.value[:10])
        except ValueError:
            return False
    elif datatype == XSD + "boolean":
        return lit.value in ("true", "false", "1", "0")
    return True


def _run_sparql(ds: Dataset, shape: CompiledShape) -> list[Result]:
    out: list[Result] = []
    sols = ds.store.query(set_query(shape, ds.subclasses), use_default_graph_as_union=True)
    assert isinstance(sols, ox.QuerySolutions)
    names = {v.value for v in sols.variables}
    for sol in sols:
        this = sol["this"]
        if not ds.in_records(this):
            continue
        focus = term_of(this)
        path = sol["path"] if "path" in names else None
        value = sol["value"] if "value" in names else None
        out.append(Result(
            focus=focus, path=path.value if isinstance(path, ox.NamedNode) else None,
            value=term_of(value) if value is not None else focus,
            severity=shape.severity, shape=shape.iri, component="SPARQLConstraintComponent"))
    return out


def _ox(key: object) -> object:
    assert isinstance(key, tuple)
    kind, value, datatype, lang = (str(k) for k in key)
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype or XSD + "string"))


def _run_core(ds: Dataset, shape: CompiledShape) -> list[Result]:
    core = shape.core
    assert shape.path is not None
    foci = ds.focus_nodes(shape)
    values = ds.values(shape.path, foci)
    out: list[Result] = []

    def add(this: object, value: object | None, component: str) -> None:
        out.append(Result(focus=term_of(this), path=shape.path,
                          value=term_of(value) if value is not None else None,
                          severity=shape.severity, shape=shape.iri, component=component))

    has_value = _ox(core["hasValue"]) if "hasValue" in core else None
    allowed_keys = core.get("in")
    allowed = {_ox(k) for k in allowed_keys} if isinstance(allowed_keys, frozenset) else None
    datatype = core.get("datatype")
    pattern = core.get("pattern")
    cls = core.get("class")
    members = ds.instances(cls) if isinstance(cls, str) else None
    min_count = int(str(core["minCount"])) if "minCount" in core else None
    max_count = int(str(core["maxCount"])) if "maxCount" in core else None
    per_value = allowed is not None or datatype is not None or pattern is not None or members is not None
    empty: list[object] = []
    for this in foci:
        vals = values.get(this, empty)
        if min_count is not None and len(vals) < min_count:
            add(this, None, "MinCountConstraintComponent")
        if max_count is not None and len(vals) > max_count:
            add(this, None, "MaxCountConstraintComponent")
        if has_value is not None and has_value not in vals:
            add(this, None, "HasValueConstraintComponent")
        if not per_value:
            continue
        for v in vals:
            if allowed is not None and v not in allowed:
                add(this, v, "InConstraintComponent")
            if isinstance(datatype, str) and not (isinstance(v, ox.Literal) and _well_formed(v, datatype)):
                add(this, v, "DatatypeConstraintComponent")
            if isinstance(pattern, re.Pattern) and (
                    isinstance(v, ox.BlankNode) or not pattern.search(getattr(v, "value", ""))):
                add(this, v, "PatternConstraintComponent")
            if members is not None and v not in members:
                add(this, v, "ClassConstraintComponent")
    return out


def run_shapes(store: ox.Store, shapes: tuple[CompiledShape, ...]) -> list[Result]:
    """All results of ``shapes`` on ``store`` (records in RECORDS_GRAPH, context anywhere)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived term objects, no cycles: collection only costs time
    try:
        ds = Dataset(store)
        active = [s for s in shapes if ds.focus_nodes(s)]  # shapes without focus nodes report nothing
        sparql = [s for s in active if s.sparql]
        found: list[Result] = []
        if len(ds.record_subjects) >= PARALLEL_FROM:
            # Oxigraph evaluates queries without the GIL: SPARQL shapes run on a second
            # thread while the core constraints are checked in Python on this one.
            with ThreadPoolExecutor(max_workers=2) as pool:
                futures = [pool.submit(_run_sparql, ds, s) for s in sparql]
                for s in active:
                    if not s.sparql:
                        found += _run_core(ds, s)
                for f in futures:
                    found += f.result()
        else:
            for s in active:
                found += _run_sparql(ds, s) if s.sparql else _run_core(ds, s)
        results: dict[tuple[object, ...], Result] = {}
        for r in found:
            results.setdefault((*r.key(), r.component), r)
        return sorted(results.values(), key=lambda r: (r.shape, r.key()))
    finally:
        if gc_was_enabled:
            gc.enable()
