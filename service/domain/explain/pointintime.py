"""Point in time: which version of a cited provision governs a date, and its counterpart.

A record cites an exact provision version (``cb:legalBasis``). On another date another
version of the same law may be in force, where the rule may carry another number
(公司法 2018 第一百四十六条 → 2023 第一百七十八条). The counterpart is found by content:
the provision of the same kind in the version in force whose text is most similar
(character-bigram Dice coefficient), accepted from :data:`MIN_SIMILARITY`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from service.domain.cache import store_key
from service.domain.errors import NotFound
from service.domain.explain.records import Facts
from service.domain.laws import VersionInfo, law_by_work, version_in_force, versions
from service.domain.provisions import provision_shape
from service.store.base import IRI, Store
from service.vocab import CB, DCTERMS, ELI

MIN_SIMILARITY = 0.35
_KIND_CLASS = {"article": CB + "Article", "paragraph": CB + "Paragraph", "item": CB + "Item"}


@dataclass
class Basis:
    """One cited provision or instrument clause, with its version's in-force interval."""

    uri: str
    kind: str  # article | paragraph | item | clause | unknown
    type_code: str | None
    work: str | None
    version: str | None
    in_force_from: str | None
    in_force_until: str | None
    shape: dict[str, Any] = field(default_factory=dict)

    def in_force_on(self, date: str) -> bool:
        if self.in_force_from is None or self.in_force_from > date:
            return False
        return self.in_force_until is None or date < self.in_force_until

    def label(self) -> str:
        return str(self.shape.get("citation") or self.uri)


def _type_code(iri: str | None) -> str | None:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else None


_shapes: dict[tuple[str, str], dict[str, Any] | None] = {}
_shapes_lock = threading.Lock()


def _cached_shape(store: Store, iri: str, date: str) -> dict[str, Any] | None:
    """The provision shape of a corpus provision (cached per store build), with
    ``in_force_on_date`` for ``date``; None when the IRI is not a corpus provision."""
    key = (store_key(store), iri)
    if key not in _shapes:
        try:
            shape: dict[str, Any] | None = provision_shape(store, iri=iri)
        except NotFound:
            shape = None
        with _shapes_lock:
            if len(_shapes) > 20_000:
                _shapes.clear()
            _shapes[key] = shape
    base = _shapes[key]
    if base is None:
        return None
    out = dict(base)
    start, end = out.get("in_force_from"), out.get("in_force_until")
    out["in_force_on_date"] = bool(start and start <= date and (end is None or date < end))
    return out


def basis_info(store: Store, facts: Facts, iri: str, date: str) -> Basis:
    """The provision shape (or clause shape) of a cited basis, quoted from its own version."""
    shape = _cached_shape(store, iri, date)
    if shape is not None:
        return Basis(iri, shape["kind"], shape.get("type"), shape.get("law_uri"), shape.get("version_uri"),
                     shape.get("in_force_from"), shape.get("in_force_until"), shape)
    node = facts.get(iri)
    if node is None or not node.one(ELI + "is_part_of"):
        return Basis(iri, "unknown", None, None, None, None, None,
                     {"uri": iri, "kind": "unknown", "in_force_on_date": False})
    inst_iri = node.one(ELI + "is_part_of") or ""
    inst = facts.get(inst_iri)
    docno = inst.one(CB + "documentNumber") if inst else None
    title = inst.text(ELI + "title", "zh") if inst else None
    number = node.one(ELI + "number")
    start = inst.one(ELI + "first_date_entry_into_force") if inst else None
    end = inst.one(ELI + "date_no_longer_in_force") if inst else None
    tcode = _type_code(inst.one(ELI + "type_document")) if inst else None
    b = Basis(iri, "clause", tcode, inst_iri, inst_iri, start, end)
    b.shape = {
        "uri": iri, "kind": "clause", "law": title, "law_uri": inst_iri, "type": tcode,
        "document_number": docno, "version_uri": inst_iri,
        "version_date": inst.one(ELI + "date_document") if inst else None,
        "in_force_from": start, "in_force_until": end,
        "date_source": None, "status": None, "number": number, "ordinal": None,
        "citation": f"{title or docno or ''}{'（' + docno + '）' if docno and title else ''}{number or ''}",
        "text": None,
        "abstract": {"zh": node.text(DCTERMS + "abstract", "zh"), "en": node.text(DCTERMS + "abstract", "en")},
        "text_available": False,
        "parent": inst_iri, "children": [],
        "in_force_on_date": b.in_force_on(date),
    }
    return b


def version_on(store: Store, work: str, date: str) -> VersionInfo | None:
    try:
        return version_in_force(store, law_uri=work, date=date)
    except NotFound:
        return None


# ------------------------------------------------------------------ counterparts by content
def _bigrams(text: str) -> frozenset[str]:
    t = "".join(ch for ch in text if not ch.isspace())
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts (0 … 1)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


_grams_cache: dict[tuple[str, str, str], list[tuple[str, str | None, frozenset[str]]]] = {}
_grams_lock = threading.Lock()


def _version_grams(store: Store, version: str, kind: str) -> list[tuple[str, str | None, frozenset[str]]]:
    key = (store_key(store), version, kind)
    hit = _grams_cache.get(key)
    if hit is not None:
        return hit
    rows = store.select("explain-version-provisions", version=IRI(version), kind=IRI(_KIND_CLASS[kind]))
    grams = [(r["uri"], r.get("number"), _bigrams(r["text"])) for r in rows]
    with _grams_lock:
        if len(_grams_cache) > 256:
            _grams_cache.clear()
        _grams_cache[key] = grams
    return grams


def counterpart(store: Store, basis: Basis, date: str) -> dict[str, Any] | None:
    """The provision in the version in force on ``date`` matching ``basis`` by content.

    None when the basis is a clause or unknown, or its law has no version on ``date``.
    ``{"version": …, "uri": …|None, "similarity": …, "shape": …}`` otherwise; ``uri`` is
    None when no provision of the version is similar enough (the rule was dropped).
    """
    if basis.kind not in _KIND_CLASS or basis.work is None:
        return None
    v = version_on(store, basis.work, date)
    if v is None:
        return None
    if v.uri == basis.version:
        return {"version": v.as_dict(), "uri": basis.uri, "similarity": 1.0, "same_version": True}
    text = basis.shape.get("text") or ""
    mine = _bigrams(text)
    best: tuple[float, str | None] = (0.0, None)
    for uri, _num, grams in _version_grams(store, v.uri, basis.kind):
        if not grams or not mine:
            continue
        score = 2 * len(mine & grams) / (len(mine) + len(grams))
        if score > best[0]:
            best = (score, uri)
    out: dict[str, Any] = {"version": v.as_dict(), "uri": None, "similarity": round(best[0], 3),
                           "same_version": False}
    if best[1] is not None and best[0] >= MIN_SIMILARITY:
        out["uri"] = best[1]
        shape = _cached_shape(store, best[1], date) or {}
        out["shape"] = shape
        out["text_changed"] = (shape.get("text") or "") != text
    return out


def all_versions(store: Store, work: str) -> list[dict[str, Any]]:
    return [v.as_dict() for v in versions(store, work=work)]


def law_title(store: Store, work: str | None) -> str | None:
    ref = law_by_work(store, work) if work else None
    return ref.title if ref else None
