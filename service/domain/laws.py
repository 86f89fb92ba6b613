"""Laws and their versions: title matching and the version in force on a date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from service.config import get_settings
from service.domain.cache import per_store
from service.domain.errors import Ambiguous, InvalidValue, NotFound
from service.iri import TYPE_LABELS
from service.store.base import Store

_NORM_RE = re.compile(r"[\s\u3000《》〈〉\"'“”]+")


def normalise_title(title: str) -> str:
    """Titles match with or without 中华人民共和国, spaces and book-title marks."""
    t = _NORM_RE.sub("", title)
    return t.removeprefix("中华人民共和国")


@dataclass(frozen=True)
class LawRef:
    work: str
    title: str
    short: str
    type_code: str
    level: str
    region: str | None


@dataclass(frozen=True)
class VersionInfo:
    uri: str
    version_date: str | None
    in_force_from: str | None
    from_source: str | None
    in_force_until: str | None
    until_source: str | None
    status: str

    def in_force_on(self, date: str) -> bool:
        if self.in_force_from is None or self.in_force_from > date:
            return False
        return self.in_force_until is None or date < self.in_force_until

    def as_dict(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "version_date": self.version_date,
            "in_force_from": self.in_force_from,
            "in_force_until": self.in_force_until,
            "date_source": {"in_force_from": self.from_source, "in_force_until": self.until_source},
            "status": self.status,
        }


@per_store
def _index(store: Store) -> dict[str, list[LawRef]]:
    idx: dict[str, list[LawRef]] = {}
    for row in store.select("laws-index"):
        ref = LawRef(
            work=row["work"], title=row["title"], short=row["short"],
            type_code=row["type"].rsplit("/", 1)[-1],
            level=row.get("level", "").rsplit("#", 1)[-1].removesuffix("Level").lower(),
            region=row.get("region"),
        )
        keys = {normalise_title(ref.title), normalise_title(ref.short)}
        for k in keys:
            idx.setdefault(k, []).append(ref)
    return idx


@per_store
def _by_work(store: Store) -> dict[str, LawRef]:
    return {ref.work: ref for refs in _index(store).values() for ref in refs}


def law_by_work(store: Store, work: str) -> LawRef | None:
    return _by_work(store).get(work)


def check_filters(store: Store, *, type_code: str | None = None, region: str | None = None,
                  level: str | None = None) -> None:
    """Unknown filter values → InvalidValue (422) naming the accepted values."""
    refs = _by_work(store).values()
    for name, value, known in (
            ("type", type_code, sorted({r.type_code for r in refs})),
            ("region", region, sorted({r.region for r in refs if r.region})),
            ("level", level, sorted({r.level for r in refs if r.level}))):
        if value and value not in known:
            raise InvalidValue(f"参数 {name} 的值“{value}”未知，可用值：{'、'.join(known)}。",
                               f"Unknown {name} '{value}'; accepted values: {', '.join(known)}.",
                               extra={"parameter": name, "accepted": known})


def similar_titles(store: Store, title: str, limit: int = 10) -> list[dict[str, Any]]:
    """Laws whose title contains the query or is contained in it (for 'did you mean')."""
    q = normalise_title(title)
    if len(q) < 2:
        return []
    hits = {r.work: r for key, refs in _index(store).items() if q in key or (len(key) >= 4 and key in q)
            for r in refs}
    ranked = sorted(hits.values(), key=lambda r: (abs(len(normalise_title(r.short)) - len(q)), r.short))
    return [law_summary(r) for r in ranked[:limit]]


def law_summary(ref: LawRef) -> dict[str, Any]:
    return {"uri": ref.work, "title": ref.title, "short_title": ref.short, "type": ref.type_code,
            "type_label": TYPE_LABELS.get(ref.type_code), "level": ref.level, "region": ref.region}


def resolve_law(store: Store, *, title: str, type_code: str | None = None,
                region: str | None = None) -> LawRef:
    """The one law a title names. Unknown → NotFound; several → Ambiguous with candidates."""
    if not title.strip():
        raise InvalidValue("法律名称为空。", "The law title is empty.")
    check_filters(store, type_code=type_code, region=region)
    cands = list({r.work: r for r in _index(store).get(normalise_title(title), [])}.values())
    if type_code:
        cands = [c for c in cands if c.type_code == type_code]
    if region:
        cands = [c for c in cands if c.region == region]
    if not cands:
        raise NotFound(f"未找到名为“{title}”的法律文件。", f"No law titled '{title}' is known.",
                       extra={"suggestions": similar_titles(store, title)})
    if len(cands) > 1:
        raise Ambiguous(
            f"“{title}”对应多部法律文件，请指定类型或地区。",
            f"'{title}' names several laws; give a type or region.",
            extra={"candidates": [law_summary(c) for c in cands]},
        )
    return cands[0]


@per_store
def _all_versions(store: Store) -> dict[str, list[VersionInfo]]:
    """Every law's versions, oldest first: one query per store build (not one per law)."""
    out: dict[str, list[VersionInfo]] = {}
    for row in store.select("all-law-versions"):
        out.setdefault(row["work"], []).append(VersionInfo(
            uri=row["version"], version_date=row.get("version_date"),
            in_force_from=row.get("in_force_from"), from_source=row.get("from_source"),
            in_force_until=row.get("in_force_until"), until_source=row.get("until_source"),
            status=row.get("status", "").rsplit("status-", 1)[-1],
        ))
    return out


def versions(store: Store, *, work: str) -> list[VersionInfo]:
    """The versions of one law, oldest first (cached per store build)."""
    return _all_versions(store).get(work, [])


def in_force_among(vs: list[VersionInfo], date: str) -> VersionInfo | None:
    """Of ``vs``, the version in force on ``date`` (the latest to come into force), if any."""
    hits = [v for v in vs if v.in_force_on(date)]
    return max(hits, key=lambda v: v.in_force_from or "") if hits else None


def parse_date(value: str | None) -> str:
    """An ISO date (default: today). Malformed → InvalidValue (422)."""
    if value is None or value == "":
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidValue(f"日期“{value}”格式无效，应为 YYYY-MM-DD。",
                           f"Date '{value}' is not a valid YYYY-MM-DD date.") from None


def snapshot_note(date: str) -> dict[str, str] | None:
    snap = get_settings().corpus_snapshot
    if date > snap:
        return {"zh": f"所问日期晚于语料快照日（{snap}）：此后的修改或废止未知，答复以快照为准。",
                "en": f"The date is after the corpus snapshot ({snap}): later amendments or repeals are unknown; the answer reflects the snapshot."}
    return None


def version_in_force(store: Store, *, law_uri: str, date: str) -> VersionInfo:
    """The version of a law in force on ``date`` (ISO). None in force → NotFound with details."""
    vs = versions(store, work=law_uri)
    hit = in_force_among(vs, date)
    if hit is not None:
        return hit
    if not vs:
        raise NotFound("该法律文件没有版本。", "This law has no versions.")
    first = min((v for v in vs if v.in_force_from), key=lambda v: v.in_force_from or "", default=None)
    if first is not None and first.in_force_from and date < first.in_force_from:
        raise NotFound(
            f"{date} 时该法律文件尚未施行（最早版本自 {first.in_force_from} 起施行）。",
            f"On {date} this law was not yet in force (earliest version in force from {first.in_force_from}).",
            extra={"versions": [v.as_dict() for v in vs]},
        )
    raise NotFound(
        f"{date} 时该法律文件没有有效版本（已废止或失效）。",
        f"On {date} no version of this law was in force (repealed or expired).",
        extra={"versions": [v.as_dict() for v in vs]},
    )


def law_versions(store: Store, *, title: str, type_code: str | None = None,
                 region: str | None = None) -> dict[str, Any]:
    """`GET /api/laws?title=`: the law's versions with their in-force data."""
    from service.domain.about import data_version

    ref = resolve_law(store, title=title, type_code=type_code, region=region)
    return {
        "law": ref.title,
        "short_title": ref.short,
        "uri": ref.work,
        "type": ref.type_code,
        "type_label": TYPE_LABELS.get(ref.type_code),
        "level": ref.level,
        "region": ref.region,
        "versions": [v.as_dict() for v in versions(store, work=ref.work)],
        "data_version": data_version(store),
    }


def list_laws(store: Store, *, q: str | None = None, type_code: str | None = None,
              region: str | None = None, level: str | None = None, date: str | None = None,
              limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """`GET /api/laws` without a title: browse laws by type, level, region, title words, date."""
    from service.domain.about import data_version

    check_filters(store, type_code=type_code, region=region, level=level)
    on = parse_date(date) if date else None
    words = [w for w in (normalise_title(x) for x in q.split()) if w] if q else []
    key = normalise_title(q) if q else ""
    if q and not key:
        raise InvalidValue("参数 q 不含题名文字。", "Parameter q holds no title words.")
    refs = sorted(_by_work(store).values(), key=lambda r: (r.level != "national", r.type_code, r.short))
    items = []
    for r in refs:
        if (type_code and r.type_code != type_code) or (region and r.region != region) \
                or (level and r.level != level):
            continue
        if key and key not in normalise_title(r.title) and not all(w in r.title for w in words):
            continue
        current = None
        if on is not None:
            hit = in_force_among(versions(store, work=r.work), on)
            if hit is None:
                continue
            current = hit.uri
        items.append((r, current))
    page = items[offset:offset + limit]
    out: dict[str, Any] = {
        "total": len(items), "limit": limit, "offset": offset,
        "items": [{**law_summary(r), **({"version_in_force": cur} if on else {})} for r, cur in page],
        "data_version": data_version(store),
    }
    if on is not None:
        out["date"] = on
        note = snapshot_note(on)
        if note:
            out["note"] = note
    return out
