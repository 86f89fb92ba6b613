"""Chinese full-text search over provision texts, law titles and entity labels.

Provisions are searched in the live build's ``search.sqlite`` (FTS5 over character
bigrams, see :mod:`service.search.index`): every whitespace-separated term of ``q`` becomes
a phrase of its bigrams, so a hit contains each term as a substring; terms are ANDed and
hits ranked by BM25. Only the version in force on ``date`` (default today) is searched,
so one provision gives at most one hit; an article hit whose terms all sit in exactly
one of its paragraphs is narrowed to that paragraph (``type: paragraph``). Law titles and entity labels (issuing bodies,
curated credit-framework resources) are matched as substrings and scored
``best provision score × TITLE_BOOST × share of the label the query covers``, so a title the
query (nearly) spells out comes first and a long label that merely contains it interleaves.
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.domain.cache import per_store
from service.domain.errors import InvalidValue, Malformed, NotFound, Unavailable
from service.domain.laws import normalise_title, parse_date, snapshot_note, version_in_force
from service.iri import INSTRUMENT_TYPES, TYPE_LABELS
from service.search.index import grams
from service.store.base import IRI, Store

MAX_QUERY_CHARS = 100
MAX_LIMIT = 100
SNIPPET_CHARS = 80
TITLE_BOOST = 2.0
TEXT_BOOST = 1.5
LEVELS = ("national", "local")
_TERM_SPLIT = re.compile(r"[\s\u3000]+")
_ITEM_LINE = re.compile(r"^[（(][一二三四五六七八九十百零〇]+[）)]")


@dataclass(frozen=True)
class LabelEntry:
    uri: str
    label: str
    key: str  # normalised label for matching
    type: str  # "law" or the entity's class local name
    law_type: str | None = None
    level: str | None = None
    region: str | None = None


def query_terms(q: str | None) -> list[str]:
    """The search terms of ``q``. Empty → Malformed (400); too long or no words → 422."""
    text = (q or "").strip()
    if not text:
        raise Malformed("检索词为空。", "The search query q is empty.")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidValue(f"检索词过长（最多{MAX_QUERY_CHARS}字）。",
                           f"The search query is too long (at most {MAX_QUERY_CHARS} characters).")
    terms = [t for t in _TERM_SPLIT.split(text) if grams(t)]
    if not terms:
        raise InvalidValue("检索词中没有可检索的汉字、字母或数字。",
                           "The search query has no searchable characters (Chinese, letters or digits).")
    return terms


def fts_query(terms: list[str]) -> str:
    """FTS5 MATCH text: each term a phrase of its bigrams (= substring match), ANDed.

    A one-character Chinese term matches the bigrams it starts (prefix query).
    """
    parts = []
    for t in terms:
        g = grams(t)
        if len(g) == 1 and len(g[0]) == 1 and not g[0].isascii():
            parts.append(f'"{g[0]}"*')
        else:
            parts.append('"' + " ".join(g) + '"')
    return " AND ".join(parts)


def index_path(store: Store) -> Path:
    build = getattr(store, "build_dir", None)
    path = build / "search.sqlite" if build is not None else None
    if path is None or not path.exists():
        raise Unavailable("全文索引不可用（远程存储或尚未导入）。",
                          "The full-text index is not available (remote store or no import yet).")
    return path


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped window of ``text`` around the first match, terms in ``<mark>``."""
    flat = text.replace("\n", " ")
    lowered = flat.lower()
    spans: list[tuple[int, int]] = []
    for t in terms:
        needle = t.lower()
        start = lowered.find(needle)
        while start >= 0 and needle:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    first = min((s for s, _ in spans), default=0)
    lo = max(0, first - width // 3)
    hi = min(len(flat), lo + width)
    lo = max(0, min(lo, hi - width))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out, pos = [], lo
    for s, e in merged:
        out.append(html.escape(flat[pos:s]))
        out.append(f"<mark>{html.escape(flat[s:e])}</mark>")
        pos = e
    out.append(html.escape(flat[pos:hi]))
    return ("…" if lo > 0 else "") + "".join(out) + ("…" if hi < len(flat) else "")


@per_store
def label_entries(store: Store) -> list[LabelEntry]:
    """Law titles and entity labels to match (cached per store build)."""
    out: list[LabelEntry] = []
    for row in store.select("laws-index"):
        out.append(LabelEntry(
            uri=row["work"], label=row["title"],
            key=normalise_title(row["title"]).lower() + "\n" + normalise_title(row["short"]).lower(),
            type="law", law_type=row["type"].rsplit("/", 1)[-1],
            level=row.get("level", "").rsplit("#", 1)[-1].removesuffix("Level").lower() or None,
            region=row.get("region")))
    for row in store.select("search-entities"):
        cls = row.get("class", "")
        out.append(LabelEntry(uri=row["uri"], label=row["label"], key=row["label"].lower(),
                              type=cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "entity"))
    return out


def _label_hits(store: Store, terms: list[str], day: str, type_code: str | None,
                level: str | None, region: str | None, limit: int) -> list[dict[str, Any]]:
    lowered = [normalise_title(t).lower() or t.lower() for t in terms]
    candidates: list[tuple[float, LabelEntry]] = []
    for e in label_entries(store):
        if not all(t in e.key for t in lowered):
            continue
        if e.type == "law":
            if (type_code and e.law_type != type_code) or (level and e.level != level) \
                    or (region and e.region != region):
                continue
        elif type_code or level or region:
            continue
        wanted = sum(len(t) for t in lowered)
        coverage = max((min(wanted / max(len(part), 1), 1.0) for part in e.key.split("\n")
                        if all(t in part for t in lowered)), default=0.0)
        candidates.append((coverage, e))
    candidates.sort(key=lambda c: (-c[0], len(c[1].label), c[1].uri))
    hits: list[dict[str, Any]] = []
    for coverage, e in candidates:
        version_date = None
        if e.type == "law":
            try:  # a law is a hit only when a version of it is in force on the date
                version_date = version_in_force(store, law_uri=e.uri, date=day).version_date
            except NotFound:
                continue
        hits.append({
            "uri": e.uri, "type": e.type, "label": e.label,
            "law": e.label if e.type == "law" else None,
            "law_type": e.law_type, "version_date": version_date, "number": None,
            "snippet": snippet(e.label, terms, width=len(e.label) + 1),
            "coverage": coverage,
        })
        if len(hits) >= limit:
            break
    return hits


def _paragraph_blocks(text: str) -> list[str]:
    """An article text cut into paragraphs as printed: a line that is not an item starts one."""
    blocks: list[str] = []
    for line in text.split("\n"):
        if blocks and _ITEM_LINE.match(line):
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def _worth_pinpointing(text: str, terms: list[str]) -> bool:
    """Cheap pre-check: several paragraphs and exactly one holds every term."""
    blocks = _paragraph_blocks(text)
    if len(blocks) < 2:
        return False
    lowered = [t.lower() for t in terms]
    return sum(1 for b in blocks if all(t in b.lower() for t in lowered)) == 1


def _pinpoint(store: Store, hit: dict[str, Any], terms: list[str]) -> None:
    """Narrow an article hit to its one paragraph that holds every term, if there is one."""
    parts = store.select("provision-parts", uri=IRI(hit["uri"]))
    if len(parts) < 2:
        return
    holding = [p for p in parts if all(t.lower() in p["text"].lower() for t in terms)]
    if len(holding) != 1:
        return
    part = holding[0]
    hit.update({"uri": part["part"], "type": "paragraph",
                "label": part.get("citation") or hit["label"],
                "number": f"{hit['number']}{part.get('number') or ''}",
                "article": hit["uri"], "snippet": snippet(part["text"], terms)})


def _provision_hits(path: Path, terms: list[str], day: str, type_code: str | None,
                    level: str | None, region: str | None, limit: int,
                    store: Store | None = None) -> list[dict[str, Any]]:
    where = ["doc MATCH ?", "m.in_force_from <= ?", "(m.in_force_until IS NULL OR ? < m.in_force_until)"]
    args: list[Any] = [fts_query(terms), day, day]
    for column, value in (("type", type_code), ("level", level), ("region", region)):
        if value:
            where.append(f"m.{column} = ?")
            args.append(value)
    sql = ("SELECT m.uri, m.kind, m.label, m.law, m.type, m.version_uri, m.version_date, m.number, "
           "m.text, bm25(doc) FROM doc JOIN meta m ON m.rowid = doc.rowid WHERE "
           + " AND ".join(where) + " ORDER BY bm25(doc) LIMIT ?")
    args.append(limit * 2 + 10)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        rows = con.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        raise InvalidValue("检索词无法解析。", "The search query cannot be parsed.") from exc
    finally:
        con.close()
    # the index holds title + text: a provision whose own text has every term beats one
    # that matches only through its law's title
    scored = []
    for row in rows:
        in_text = all(t.lower() in row[8].lower() for t in terms)
        scored.append((-float(row[9]) * (TEXT_BOOST if in_text else 1.0), row))
    scored.sort(key=lambda x: -x[0])
    hits: list[dict[str, Any]] = []
    seen: set[str] = set()
    for score, (uri, kind, label, law, type_, version_uri, version_date, number, text, _) in scored:
        key = version_uri.rsplit("/", 1)[0] + uri[len(version_uri):]
        if key in seen:  # the same provision in two overlapping versions: keep the better
            continue
        seen.add(key)
        hit = {"uri": uri, "type": kind, "label": label, "law": law, "law_type": type_,
               "version_uri": version_uri, "version_date": version_date, "number": number,
               "snippet": snippet(text, terms), "score": round(score, 4)}
        if store is not None and _worth_pinpointing(text, terms):
            _pinpoint(store, hit, terms)
        hits.append(hit)
        if len(hits) >= limit:
            break
    return hits


def search(store: Store, *, q: str | None, date: str | None = None,
           type_code: str | None = None, level: str | None = None, region: str | None = None,
           limit: int = 20) -> dict[str, Any]:
    """`GET /api/search`: ranked hits, each resolved to the version in force on ``date``."""
    from service.domain.about import data_version

    terms = query_terms(q)
    day = parse_date(date)
    if type_code is not None and type_code not in TYPE_LABELS:
        raise InvalidValue(f"未知的文件类型“{type_code}”。",
                           f"Unknown instrument type '{type_code}'.",
                           extra={"allowed": sorted(INSTRUMENT_TYPES.values())})
    if level is not None and level not in LEVELS:
        raise InvalidValue(f"层级“{level}”无效，应为 national 或 local。",
                           f"Level '{level}' is invalid; use national or local.")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValue(f"limit 应在 1 到 {MAX_LIMIT} 之间。", f"limit must be 1..{MAX_LIMIT}.")
    provisions = _provision_hits(index_path(store), terms, day, type_code, level, region, limit,
                                 store)
    labels = _label_hits(store, terms, day, type_code, level, region, limit)
    top = max((h["score"] for h in provisions), default=1.0)
    for h in labels:
        # a label the query covers by more than 1/TITLE_BOOST outranks every provision
        h["score"] = round(top * TITLE_BOOST * h.pop("coverage"), 4)
    hits = sorted(labels + provisions, key=lambda h: -h["score"])[:limit]
    out: dict[str, Any] = {"q": q, "terms": terms, "date": day, "count": len(hits), "hits": hits,
                           "data_version": data_version(store)}
    note = snapshot_note(day)
    if note:
        out["note"] = note
    return out
