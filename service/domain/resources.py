"""Describe any resource the service mints: type, label, text, structure, history, links.

This is the model behind the dereferenceable IRIs (``/eli/…``, ``/id/…``, ``/ontology``):
HTML pages render :func:`describe`, machines get :func:`rdf_document`, and
:func:`iri_on_date` answers the date switch (the same unit in the version in force).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from service.domain.cache import per_store
from service.domain.errors import InvalidValue, NotFound
from service.domain.iri_check import is_iri
from service.domain.laws import VersionInfo, law_by_work, parse_date, version_in_force, versions
from service.iri import BASE, TYPE_LABELS
from service.store.base import IRI, Store
from service.vocab import CB, ELI, PREFIXES, RDF_TYPE, RDFS

ONTOLOGY_IRI = BASE + "ontology"


def _not_found(iri: str) -> NotFound:
    return NotFound(f"未找到资源 {iri}。", f"No resource {iri} is known.")


def _require_iri(iri: str) -> None:
    """A string that is not an IRI names no resource (and must not reach the store)."""
    if not is_iri(iri):
        raise _not_found(iri)

#: Resource kinds by class (most specific first), with zh/en names for headings.
KINDS: dict[str, tuple[str, str, str]] = {
    CB + "Law": ("work", "法律文件", "Law (work)"),
    CB + "LawVersion": ("version", "版本", "Version"),
    CB + "Book": ("division", "编", "Book"),
    CB + "SubBook": ("division", "分编", "Sub-book"),
    CB + "Chapter": ("division", "章", "Chapter"),
    CB + "Section": ("division", "节", "Section"),
    CB + "Division": ("division", "部分", "Division"),
    CB + "Preamble": ("division", "序言", "Preamble"),
    CB + "Article": ("provision", "条", "Article"),
    CB + "Paragraph": ("provision", "款", "Paragraph"),
    CB + "Item": ("provision", "项", "Item"),
    CB + "HistoryEvent": ("event", "沿革事件", "History event"),
}
_LABEL_PREDICATES = (RDFS + "label", ELI + "title", CB + "citation", CB + "heading", ELI + "number")
FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
}
_CACHED_VERSIONS = 8
_CJK = re.compile(r"[\u3400-\u9fff]")


def curie(iri: str) -> str:
    """``eli:title`` for a known namespace, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ----------------------------------------------------------------------------- structure


@dataclass
class Node:
    """One unit of a law version's structure (division, article, paragraph, item)."""

    uri: str
    kind: str = ""
    parent: str | None = None
    position: int | None = None
    ordinal: int | None = None
    number: str | None = None
    heading: str | None = None
    text: str | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return local_name(self.uri)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.position or 0, self.ordinal or 0, self.uri)

    def intro_and_items(self) -> tuple[list[str], list[Node]]:
        """A paragraph's own text lines before its items (its text repeats the items' lines)."""
        items = [c for c in self.children if c.kind == "Item"]
        lines = (self.text or "").split("\n") if self.text else []
        if items and len(lines) >= len(items):
            lines = lines[: len(lines) - len(items)]
        return lines, items


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _tree(rows: list[dict[str, str]], root: str) -> list[Node]:
    """Nodes from structure rows, linked to their parents; returns the root's children."""
    nodes: dict[str, Node] = {}
    for row in rows:
        uri = row["node"]
        kind_iri = row.get("kind", "")
        node = nodes.get(uri)
        if node is None:
            node = nodes[uri] = Node(uri=uri, parent=row.get("parent"),
                                     position=_int(row.get("position")),
                                     ordinal=_int(row.get("ordinal")), number=row.get("number"),
                                     heading=row.get("heading"), text=row.get("text"))
        if kind_iri in KINDS:
            node.kind = local_name(kind_iri)
    top: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.parent or "")
        if parent is not None:
            parent.children.append(node)
        elif node.parent == root:
            top.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.sort_key)
    top.sort(key=lambda n: n.sort_key)
    return top


@per_store
def _structure_cache(store: Store) -> dict[str, list[Node]]:
    return {}


_cache_lock = threading.Lock()


def version_structure(store: Store, version: str) -> list[Node]:
    """The whole structure of one version, fetched in one query (cached per build)."""
    cache = _structure_cache(store)
    hit = cache.get(version)
    if hit is not None:
        return hit
    tree = _tree(store.select("version-structure", version=IRI(version)), version)
    with _cache_lock:
        if len(cache) >= _CACHED_VERSIONS:
            cache.pop(next(iter(cache)))
        cache[version] = tree
    return tree


def subtree(store: Store, root: str) -> list[Node]:
    """Everything below a division or provision."""
    return _tree(store.select("node-subtree", root=IRI(root)), root)


# ----------------------------------------------------------------------------- describe


def _first(props: dict[str, list[str]], predicate: str) -> str | None:
    values = props.get(predicate)
    return values[0] if values else None


def _label(props: dict[str, list[str]]) -> str | None:
    """The first labelling property's value, preferring a Chinese one."""
    for p in _LABEL_PREDICATES:
        values = props.get(p)
        if values:
            return next((v for v in values if _CJK.search(v)), values[0])
    return None


def _kind(types: list[str], iri: str) -> tuple[str, str, str]:
    if iri == ONTOLOGY_IRI:
        return ("ontology", "本体", "Ontology")
    for t in types:
        if t in KINDS:
            return KINDS[t]
    return ("entity", "实体", "Entity")


def _version_of(iri: str, kind: str, props: dict[str, list[str]]) -> str | None:
    if kind == "version":
        return iri
    return _first(props, CB + "inVersion")


def _history(store: Store, work: str, version: str | None, path: str) -> list[dict[str, Any]]:
    same = {r["version"]: r.get("same") for r in
            store.select("provision-in-versions", work=IRI(work), path=path)}
    out = []
    for v in versions(store, work=work):
        out.append({**v.as_dict(), "same": same.get(v.uri) if path else v.uri,
                    "current": v.uri == version})
    return out


def describe(store: Store, iri: str) -> dict[str, Any]:
    """Everything a page shows about ``iri``. Unknown IRI → NotFound."""
    from service.domain.about import data_version

    _require_iri(iri)
    outgoing = store.select("resource-outgoing", uri=IRI(iri))
    incoming = store.select("resource-incoming", uri=IRI(iri))
    if not outgoing and not incoming:
        raise NotFound(f"未找到资源 {iri}。", f"No resource {iri} is known.")
    props: dict[str, list[str]] = {}
    for row in outgoing:
        props.setdefault(row["p"], []).append(row["o"])
    types = props.get(RDF_TYPE, [])
    kind, kind_zh, kind_en = _kind(types, iri)
    out: dict[str, Any] = {
        "uri": iri, "kind": kind, "kind_zh": kind_zh, "kind_en": kind_en,
        "types": [{"uri": t, "label": curie(t)} for t in types],
        "label": _label(props) or local_name(iri),
        "text": _first(props, CB + "text"),
        "outgoing": [
            {"p": r["p"], "p_label": curie(r["p"]), "o": r["o"], "label": r.get("label"),
             "is_iri": r["o"].startswith(("http://", "https://", "urn:"))}
            for r in sorted(outgoing, key=lambda r: (r["p"] != RDF_TYPE, r["p"], r["o"]))
            if r["p"] != CB + "text"],
        "incoming": [{"s": r["s"], "p": r["p"], "p_label": curie(r["p"]), "label": r.get("label")}
                     for r in incoming[:500]],
        "incoming_truncated": len(incoming) > 500,
        "breadcrumbs": [], "structure": [], "history": [], "versions": [], "terms": [],
        "data_version": data_version(store),
    }
    version = _version_of(iri, kind, props)
    if kind == "work":
        ref = law_by_work(store, iri)
        out["law"] = {"uri": iri, "title": ref.title if ref else out["label"],
                      "type": ref.type_code if ref else None,
                      "type_label": TYPE_LABELS.get(ref.type_code) if ref else None,
                      "region": ref.region if ref else None}
        out["versions"] = [v.as_dict() for v in versions(store, work=iri)]
    elif version is not None and kind in ("version", "division", "provision"):
        work = version.rsplit("/", 1)[0]
        ref = law_by_work(store, work)
        out["law"] = {"uri": work, "title": ref.title if ref else work,
                      "type": ref.type_code if ref else None,
                      "type_label": TYPE_LABELS.get(ref.type_code) if ref else None,
                      "region": ref.region if ref else None}
        out["version"] = version
        out["history"] = _history(store, work, version, iri[len(version):])
        if kind == "version":
            out["structure"] = version_structure(store, version)
        elif kind == "division":
            out["structure"] = subtree(store, iri)
            out["breadcrumbs"] = _breadcrumbs(store, iri)
        else:  # a provision: itself with everything below it
            me = Node(uri=iri, kind=next(local_name(t) for t in types if t in KINDS),
                      ordinal=_int(_first(props, CB + "ordinal")),
                      number=_first(props, ELI + "number"),
                      text=out["text"], children=subtree(store, iri))
            out["structure"] = [me]
            out["breadcrumbs"] = _breadcrumbs(store, iri)
    if kind == "ontology":
        out["terms"] = [{**r, "anchor": local_name(r["term"]),
                         "kind_label": curie(r["kind"]) if r.get("kind") else None}
                        for r in store.select("ontology-terms")]
    return out


def _breadcrumbs(store: Store, iri: str) -> list[dict[str, str]]:
    rows = {r["ancestor"]: r for r in store.select("resource-ancestors", uri=IRI(iri))}
    chain: list[dict[str, str]] = []
    parents = {r["ancestor"]: r.get("parent") for r in rows.values()}
    # the direct parent is the ancestor that no other ancestor has as parent
    children_of = {p for p in parents.values() if p}
    current = next((a for a in rows if a not in children_of), None)
    while current is not None and current in rows and len(chain) < 12:
        chain.append({"uri": current, "label": rows[current].get("label") or local_name(current)})
        current = parents.get(current)
    chain.reverse()
    return chain


# ----------------------------------------------------------------------------- machines


def rdf_document(store: Store, iri: str, fmt: str) -> tuple[bytes, str]:
    """The triples about ``iri`` as Turtle, JSON-LD or N-Triples: (body, media type)."""
    if fmt not in FORMATS:
        raise InvalidValue(f"不支持的格式“{fmt}”，可用：ttl、jsonld、nt、html。",
                           f"Unknown format '{fmt}'; use ttl, jsonld, nt or html.")
    _require_iri(iri)
    nt = (store.construct("ontology-graph") if iri == ONTOLOGY_IRI
          else store.construct("describe-resource", uri=IRI(iri)))
    if not nt.strip():
        raise NotFound(f"未找到资源 {iri}。", f"No resource {iri} is known.")
    rdf_format, media = FORMATS[fmt]
    triples = ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    if rdf_format == ox.RdfFormat.N_TRIPLES:
        body = ox.serialize(triples, format=rdf_format)
    else:
        body = ox.serialize(triples, format=rdf_format, prefixes=dict(PREFIXES))
    return body or b"", media


# ----------------------------------------------------------------------------- date switch


def iri_on_date(store: Store, iri: str, date: str) -> str:
    """The same law, version, division or provision in the version in force on ``date``."""
    day = parse_date(date)
    _require_iri(iri)
    work, path = _work_and_path(store, iri)
    if work is None:
        return iri
    target: VersionInfo = version_in_force(store, law_uri=work, date=day)
    if not path:
        return target.uri
    same = {r["version"]: r.get("same") for r in
            store.select("provision-in-versions", work=IRI(work), path=path)}
    hit = same.get(target.uri)
    if not hit:
        raise NotFound(
            f"{day} 有效的版本（{target.version_date}）中没有此单元。",
            f"The version in force on {day} ({target.version_date}) has no such unit.",
            extra={"version": target.as_dict()})
    return hit


def _work_and_path(store: Store, iri: str) -> tuple[str | None, str]:
    if law_by_work(store, iri) is not None:
        return iri, ""
    props: dict[str, list[str]] = {}
    for row in store.select("resource-outgoing", uri=IRI(iri)):
        props.setdefault(row["p"], []).append(row["o"])
    if not props:
        raise NotFound(f"未找到资源 {iri}。", f"No resource {iri} is known.")
    if props.get(ELI + "is_member_of"):
        return props[ELI + "is_member_of"][0], ""
    version = _first(props, CB + "inVersion")
    if version is None:
        return None, ""
    return version.rsplit("/", 1)[0], iri[len(version):]
