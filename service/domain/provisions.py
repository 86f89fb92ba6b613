"""The provision shape every API reuses, and finding a provision by law + number on a date."""

from __future__ import annotations

import re
from typing import Any

from service.corpus.numerals import cn_to_int, parse_article_number
from service.domain.errors import InvalidValue, NotFound
from service.domain.laws import (
    VersionInfo,
    law_by_work,
    parse_date,
    resolve_law,
    snapshot_note,
    version_in_force,
    versions,
)
from service.iri import article_iri, item_iri, paragraph_iri
from service.store.base import IRI, Store

_KINDS = {"Article": "article", "Paragraph": "paragraph", "Item": "item"}
_PARA_RE = re.compile(r"^第?([零〇一二三四五六七八九十百0-9]+)款?$")
_ITEM_RE = re.compile(r"^第?[（(]?([零〇一二三四五六七八九十百0-9]+)[）)]?项?$")


def _int(text: str, what_zh: str, what_en: str, pattern: re.Pattern[str]) -> int:
    m = pattern.match(text.strip())
    try:
        if not m:
            raise ValueError
        n = cn_to_int(m.group(1))
        if n <= 0:
            raise ValueError
        return n
    except ValueError:
        raise InvalidValue(f"{what_zh}“{text}”无法识别。", f"{what_en} '{text}' is not a valid number.") from None


def provision_shape(store: Store, *, iri: str, date: str | None = None) -> dict[str, Any]:
    """The provision shape of one provision IRI (article, paragraph or item).

    ``in_force_on_date`` is added when ``date`` is given: whether the provision's version
    was in force on that date.
    """
    rows = store.select("provision-detail", uri=IRI(iri))
    if not rows:
        raise NotFound(f"未找到条款 {iri}。", f"No provision {iri}.")
    row = rows[0]
    ref = law_by_work(store, row["work"])
    vinfo = next((v for v in versions(store, work=row["work"]) if v.uri == row["version"]), None)
    children = [
        {"uri": c["child"], "number": c.get("number"),
         "ordinal": int(c["ordinal"]) if c.get("ordinal") else None}
        for c in store.select("provision-children", uri=IRI(iri))
    ]
    shape: dict[str, Any] = {
        "uri": iri,
        "kind": _KINDS.get(row["kind"].rsplit("#", 1)[-1], "provision"),
        "law": ref.title if ref else None,
        "law_uri": row["work"],
        "type": ref.type_code if ref else None,
        "version_uri": row["version"],
        "version_date": vinfo.version_date if vinfo else None,
        "in_force_from": vinfo.in_force_from if vinfo else None,
        "in_force_until": vinfo.in_force_until if vinfo else None,
        "date_source": {"in_force_from": vinfo.from_source, "in_force_until": vinfo.until_source}
        if vinfo else None,
        "status": vinfo.status if vinfo else None,
        "number": row.get("number"),
        "ordinal": int(row["ordinal"]) if row.get("ordinal") else None,
        "citation": row.get("citation"),
        "text": row.get("text"),
        "parent": row.get("parent"),
        "children": children,
    }
    if date is not None:
        d = parse_date(date)
        shape["in_force_on_date"] = bool(vinfo and vinfo.in_force_on(d))
    return shape


def find_provision(store: Store, *, law: str, article: str, paragraph: str | None = None,
                   item: str | None = None, date: str | None = None,
                   type_code: str | None = None, region: str | None = None) -> dict[str, Any]:
    """`GET /api/provision`: the provision as in force on ``date`` (default today)."""
    from service.domain.about import data_version

    day = parse_date(date)
    try:
        number, suffix = parse_article_number(article)
    except ValueError:
        raise InvalidValue(f"条号“{article}”无法识别。", f"Article number '{article}' is not valid.") from None
    if number <= 0:
        raise InvalidValue(f"条号“{article}”无法识别。", f"Article number '{article}' is not valid.")
    ref = resolve_law(store, title=law, type_code=type_code, region=region)
    version: VersionInfo = version_in_force(store, law_uri=ref.work, date=day)
    uri = article_iri(version.uri, number, suffix)
    if paragraph:
        uri = paragraph_iri(uri, _int(paragraph, "款号", "Paragraph number", _PARA_RE))
    if item:
        if not paragraph:
            uri = paragraph_iri(uri, 1)
        uri = item_iri(uri, _int(item, "项号", "Item number", _ITEM_RE))
    try:
        shape = provision_shape(store, iri=uri)
    except NotFound:
        raise NotFound(
            f"{ref.title}（{version.version_date or '未注明日期'}版本，{day}有效）中没有所指条款。",
            f"{ref.title} (version {version.version_date}, in force on {day}) has no such provision.",
            extra={"version": version.as_dict()},
        ) from None
    shape["date"] = day
    shape["in_force_on_date"] = True
    note = snapshot_note(day)
    if note:
        shape["note"] = note
    shape["data_version"] = data_version(store)
    return shape
