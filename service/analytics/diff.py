"""Version diff of a law between two dates: articles added, removed, changed, renumbered.

Articles are matched by content, not by number: identical texts first, then the most
similar remaining pair (character-bigram Jaccard to shortlist, difflib ratio to score)
above ``THRESHOLD``, best pairs first. A matched pair with another number is
*renumbered* (e.g. 民事诉讼法 第二百六十二条 (2021) → 第二百六十六条 (2023)), with
``changed`` telling whether its text changed too.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from service.analytics.corpus_view import ArticleRow, corpus_view
from service.domain.about import data_version
from service.domain.laws import parse_date, resolve_law, version_in_force
from service.store.base import Store

THRESHOLD = 0.6
SHORTLIST = 5
_WS = re.compile(r"[\s\u3000]+")


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _ref(a: ArticleRow) -> dict[str, Any]:
    return {"uri": a.uri, "number": a.number}


def match_articles(old: list[ArticleRow], new: list[ArticleRow],
                   threshold: float = THRESHOLD) -> tuple[list[tuple[ArticleRow, ArticleRow, float]],
                                                          list[ArticleRow], list[ArticleRow]]:
    """Content matching: (pairs with similarity, removed, added)."""
    pairs: list[tuple[ArticleRow, ArticleRow, float]] = []
    by_text: dict[str, list[ArticleRow]] = {}
    for a in old:
        by_text.setdefault(_norm(a.text), []).append(a)
    rest_new: list[ArticleRow] = []
    used: set[str] = set()
    for b in new:
        cands = [a for a in by_text.get(_norm(b.text), []) if a.uri not in used]
        if cands:
            a = min(cands, key=lambda x: (x.ordinal != b.ordinal, abs(x.ordinal - b.ordinal)))
            used.add(a.uri)
            pairs.append((a, b, 1.0))
        else:
            rest_new.append(b)
    rest_old = [a for a in old if a.uri not in used]
    grams_old = {a.uri: _grams(_norm(a.text)) for a in rest_old}
    scored: list[tuple[float, int, ArticleRow, ArticleRow]] = []
    for b in rest_new:
        gb = _grams(_norm(b.text))
        short = sorted(rest_old, key=lambda a: -len(gb & grams_old[a.uri]) / (len(gb | grams_old[a.uri]) or 1))
        for a in short[:SHORTLIST]:
            ratio = difflib.SequenceMatcher(None, _norm(a.text), _norm(b.text), autojunk=False).ratio()
            if ratio >= threshold:
                scored.append((ratio, -abs(a.ordinal - b.ordinal), a, b))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2].ordinal, s[3].ordinal))
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for ratio, _d, a, b in scored:
        if a.uri in taken_old or b.uri in taken_new:
            continue
        taken_old.add(a.uri)
        taken_new.add(b.uri)
        pairs.append((a, b, ratio))
    removed = [a for a in rest_old if a.uri not in taken_old]
    added = [b for b in rest_new if b.uri not in taken_new]
    return pairs, removed, added


def diff(store: Store, *, law: str, date_from: str, date_to: str,
         type_code: str | None = None, region: str | None = None) -> dict[str, Any]:
    """`GET /api/diff`: what changed in a law between the versions in force on two dates."""
    d1, d2 = parse_date(date_from), parse_date(date_to)
    ref = resolve_law(store, title=law, type_code=type_code, region=region)
    v1 = version_in_force(store, law_uri=ref.work, date=d1)
    v2 = version_in_force(store, law_uri=ref.work, date=d2)
    view = corpus_view(store)
    old = view.versions[v1.uri].articles if v1.uri in view.versions else []
    new = view.versions[v2.uri].articles if v2.uri in view.versions else []
    pairs, removed, added = match_articles(old, new) if v1.uri != v2.uri else (
        [(a, a, 1.0) for a in old], [], [])
    changed, renumbered = [], []
    unchanged = 0
    for a, b, ratio in sorted(pairs, key=lambda p: (p[1].ordinal, p[1].suffix)):
        same_text = _norm(a.text) == _norm(b.text)
        same_number = (a.ordinal, a.suffix) == (b.ordinal, b.suffix)
        item = {"from": _ref(a), "to": _ref(b), "similarity": round(ratio, 3)}
        if not same_number:
            renumbered.append({**item, "changed": not same_text})
        elif not same_text:
            changed.append(item)
        else:
            unchanged += 1
    return {
        "law": ref.title, "law_uri": ref.work,
        "from": {"date": d1, **v1.as_dict()}, "to": {"date": d2, **v2.as_dict()},
        "same_version": v1.uri == v2.uri,
        "method": {"matching": "content (identical text, then bigram shortlist + difflib ratio)",
                   "threshold": THRESHOLD},
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed),
                   "renumbered": len(renumbered), "unchanged": unchanged},
        "added": [_ref(b) for b in added],
        "removed": [_ref(a) for a in removed],
        "changed": changed,
        "renumbered": renumbered,
        "data_version": data_version(store),
    }
