"""Reading credit-layer records (decisions, entries, measures, categories, clauses, rules).

A :class:`Node` is every statement about one IRI, read with the named query
``explain-node``. :class:`Facts` reads nodes from an *overlay* first (records posted to
``POST /api/explain`` or test fixtures, held in an in-memory Oxigraph store) and then from
the service store, so a posted record can refer to stored measures and categories.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from service.domain.cache import store_key
from service.domain.errors import InvalidValue, Malformed, NotFound
from service.domain.iri_check import is_iri
from service.store.base import IRI, Binding, QueryError, Row, Store
from service.store.embedded import term_value, to_term
from service.store.remote import bind_values
from service.vocab import CB, RDF_TYPE

_VALUE = {"true": True, "false": False}


@dataclass
class Node:
    """Statements about one IRI: property IRI → values (IRIs or lexical literals)."""

    iri: str
    props: dict[str, list[str]] = field(default_factory=dict)
    lang: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def types(self) -> list[str]:
        return self.props.get(RDF_TYPE, [])

    def is_a(self, cls: str) -> bool:
        return cls in self.types

    def all(self, prop: str) -> list[str]:
        return self.props.get(prop, [])

    def one(self, prop: str) -> str | None:
        vals = self.props.get(prop)
        return vals[0] if vals else None

    def flag(self, prop: str) -> bool | None:
        v = self.one(prop)
        return _VALUE.get(v.lower()) if v is not None else None

    def text(self, prop: str, lang: str) -> str | None:
        """The value of ``prop`` in ``lang`` (else any value)."""
        vals = self.all(prop)
        for v in vals:
            if self.lang.get((prop, v)) == lang:
                return v
        return vals[0] if vals else None

    def facts(self, *props: str) -> list[dict[str, str]]:
        """The statements about ``props`` as fact triples for a proof step."""
        return [{"s": self.iri, "p": p, "o": v} for p in props for v in self.all(p)]


class MemoryStore(Store):
    """An in-memory Oxigraph store for records that are not stored (posted or fixtures)."""

    kind = "memory"

    def __init__(self) -> None:
        self.ox = ox.Store()

    def load(self, data: str | bytes, fmt: ox.RdfFormat) -> None:
        self.ox.load(data.encode("utf-8") if isinstance(data, str) else data, format=fmt)

    def _query(self, query: str, bindings: Mapping[str, Binding]) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_term(v) for k, v in bindings.items()}
        try:
            try:
                return self.ox.query(query, substitutions=subs or None, use_default_graph_as_union=True)
            except RuntimeError as exc:
                if "projection" not in str(exc):
                    raise
                return self.ox.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except (SyntaxError, RuntimeError, ValueError) as exc:
            raise QueryError(str(exc)) from None

    def select_text(self, query: str, bindings: Mapping[str, Binding]) -> list[Row]:
        res = self._query(query, bindings)
        assert isinstance(res, ox.QuerySolutions)
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def ask_text(self, query: str, bindings: Mapping[str, Binding]) -> bool:
        return bool(self._query(query, bindings))

    def construct_text(self, query: str, bindings: Mapping[str, Binding]) -> str:
        res = self._query(query, bindings)
        assert isinstance(res, ox.QueryTriples)
        return "".join(f"{t} .\n" for t in res)

    def triple_count(self) -> int:
        return len(self.ox)

    def subjects_of_type(self, cls: str) -> list[str]:
        return [r["record"] for r in self.select("explain-records-of-type", type=IRI(cls))]


def _node_from(store: Store, iri: str) -> Node | None:
    rows = store.select("explain-node", s=IRI(iri))
    if not rows:
        return None
    node = Node(iri)
    for r in rows:
        p, o = r["p"], r["o"]
        node.props.setdefault(p, [])
        if o not in node.props[p]:
            node.props[p].append(o)
        if r.get("lang"):
            node.lang[(p, o)] = r["lang"]
    return node


_store_nodes: dict[tuple[str, str], Node | None] = {}
_store_nodes_lock = threading.Lock()
_MAX_CACHED = 50_000


def _stored_node(store: Store, iri: str) -> Node | None:
    """A node of the (read-only) store, cached per store build; callers must not mutate it."""
    key = (store_key(store), iri)
    if key in _store_nodes:
        return _store_nodes[key]
    node = _node_from(store, iri)
    with _store_nodes_lock:
        if len(_store_nodes) >= _MAX_CACHED:
            _store_nodes.clear()
        _store_nodes[key] = node
    return node


class Facts:
    """Nodes from the overlay (if any) merged over the store."""

    def __init__(self, store: Store, overlay: MemoryStore | None = None) -> None:
        self.store = store
        self.overlay = overlay
        self._cache: dict[str, Node | None] = {}

    def get(self, iri: str) -> Node | None:
        if iri in self._cache:
            return self._cache[iri]
        if not is_iri(iri):  # e.g. "" for a missing link: nothing to look up
            self._cache[iri] = None
            return None
        node = _stored_node(self.store, iri)
        if self.overlay is not None:
            extra = _node_from(self.overlay, iri)
            if extra is not None:
                if node is None:
                    node = extra
                else:
                    node = Node(node.iri, {p: list(v) for p, v in node.props.items()}, dict(node.lang))
                    for p, vals in extra.props.items():
                        node.props.setdefault(p, [])
                        node.props[p] += [v for v in vals if v not in node.props[p]]
                    node.lang.update(extra.lang)
        self._cache[iri] = node
        return node

    def need(self, iri: str) -> Node:
        if not is_iri(iri):
            raise InvalidValue(f"“{iri}”不是有效的 IRI。", f"'{iri}' is not a valid IRI.")
        node = self.get(iri)
        if node is None:
            raise NotFound(f"未找到记录 {iri}。", f"No record {iri} is known.")
        return node

    def records_of_type(self, cls: str) -> list[str]:
        """Records of a class, the overlay's first (posted records take precedence)."""
        out = self.overlay.subjects_of_type(cls) if self.overlay is not None else []
        out += [r["record"] for r in self.store.select("explain-records-of-type", type=IRI(cls))
                if r["record"] not in out]
        return out

    def entries_of_subject(self, subject: str) -> list[str]:
        out = [r["entry"] for r in self.store.select("explain-entries-of-subject", subject=IRI(subject))]
        if self.overlay is not None:
            out += [r["entry"] for r in self.overlay.select("explain-entries-of-subject", subject=IRI(subject))
                    if r["entry"] not in out]
        return out


# ------------------------------------------------------------------ posted records
def parse_record(body: bytes, content_type: str) -> MemoryStore:
    """An overlay store holding posted records: Turtle, JSON-LD, N-Triples or the plain JSON
    record schema of ``/api/validate`` (parsed by the validation package's reader)."""
    from service.domain.validation import media_format
    from service.domain.validation.records import parse_records

    triples = parse_records(body, media_format(content_type or "application/json"))
    mem = MemoryStore()
    mem.ox.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
    return mem


def main_record(mem: MemoryStore, wanted: str | None = None) -> str:
    """The IRI of the record to explain in a posted graph (decision, entry, penalty …)."""
    if wanted:
        return wanted
    for cls in (CB + "SanctionDecision", CB + "ListEntry", CB + "PenaltyRecord", CB + "SanctionMeasure",
                CB + "ListCategory", CB + "CatalogueItem"):
        found = mem.subjects_of_type(cls)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Malformed("请求中有多条同类记录，请用 iri 参数指明要解释哪一条。",
                            "The body holds several records of the same kind; name one with the iri parameter.")
    raise Malformed("请求中没有可解释的记录（惩戒决定、名单条目、措施、名单类别或目录条目）。",
                    "The body holds no record to explain (decision, list entry, measure, list category or catalogue item).")
