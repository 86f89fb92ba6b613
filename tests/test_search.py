"""`GET /api/search`: Chinese full-text search over provisions, law titles and entities."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from service.domain.laws import law_by_work, versions
from service.domain.search import fts_query, query_terms, snippet
from service.store.base import IRI

CASES = json.loads((Path(__file__).parent / "cases" / "search" / "queries.json").read_text("utf-8"))["cases"]


def _params(case: dict[str, Any], **extra: Any) -> dict[str, Any]:
    p = {k: v for k, v in case.items() if k in ("q", "date", "type", "level", "region")}
    p.update(extra)
    return p


def _in_force(store: Any, version_uri: str, date: str) -> bool:
    work = version_uri.rsplit("/", 1)[0]
    v = next(v for v in versions(store, work=work) if v.uri == version_uri)
    return v.in_force_on(date)


@pytest.mark.parametrize("case", CASES, ids=[c["q"] for c in CASES])
def test_hits_match_are_in_force_and_unique(client: Any, store: Any, case: dict[str, Any]) -> None:
    r = client.get("/api/search", params=_params(case, limit=100))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["data_version"]["build"]
    assert body["hits"], f"no hits for {case['q']}"
    terms = case["q"].split()
    seen: set[str] = set()
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    for h in body["hits"]:
        for key in ("uri", "type", "label", "law", "version_date", "number", "snippet", "score"):
            assert key in h
        if h["type"] == "law":
            ref = law_by_work(store, h["uri"])
            assert ref is not None and all(t in ref.title for t in terms)
            continue
        if h["type"] not in ("article", "paragraph", "item"):
            continue  # an entity: its label holds the terms
        detail = store.select("provision-detail", uri=IRI(h["uri"]))[0]
        text = detail["text"]
        assert all(t in text or t in h["law"] for t in terms), (h["uri"], terms)
        assert _in_force(store, detail["version"], body["date"])
        key = h["uri"].replace(detail["version"], detail["work"])
        assert key not in seen, f"two hits for one provision {key}"
        seen.add(key)
        assert h["version_date"] == next(v.version_date for v in versions(store, work=detail["work"])
                                         if v.uri == detail["version"])
        if any(t in text for t in terms):
            assert "<mark>" in h["snippet"]
        if h["type"] == "paragraph":  # pinpointed: the one paragraph of its article with the terms
            assert detail["parent"] == h["article"]
            assert all(t in text for t in terms)
            others = [c for c in store.select("provision-parts", uri=IRI(h["article"]))
                      if c["part"] != h["uri"]]
            assert others and not any(all(t in c["text"] for t in terms) for c in others)
        ref = law_by_work(store, detail["work"])
        assert ref is not None
        if "type" in case:
            assert ref.type_code == case["type"]
        if "level" in case:
            assert ref.level == case["level"]


@pytest.mark.parametrize("case", CASES, ids=[c["q"] for c in CASES])
def test_recall_against_a_naive_scan(client: Any, store: Any, case: dict[str, Any]) -> None:
    """Every in-force article whose text (or law title) contains all terms is found."""
    terms = case["q"].split()
    date = case["date"]
    sql = ("SELECT uri FROM meta WHERE in_force_from <= ? AND (in_force_until IS NULL OR ? < in_force_until)"
           + "".join(" AND (text || law) LIKE ?" for _ in terms)
           + "".join(f" AND {k} = ?" for k in ("type", "level", "region") if k in case))
    args = [date, date, *(f"%{t}%" for t in terms), *(case[k] for k in ("type", "level", "region") if k in case)]
    con = sqlite3.connect(store.build_dir / "search.sqlite")
    expected = {row[0] for row in con.execute(sql, args)}
    con.close()
    assert expected, f"the naive scan finds nothing for {terms}"
    got = {h.get("article", h["uri"]) for h in
           client.get("/api/search", params=_params(case, limit=100)).json()["hits"]
           if h["type"] in ("article", "paragraph")}
    assert got <= expected, sorted(got - expected)[:5]
    if len(expected) > 100:  # the limit cuts: at least the provision share of 100 hits is full
        assert len(got) >= 80
        return
    assert expected <= got, sorted(expected - got)[:5]


def test_full_title_ranks_the_law_first(client: Any, store: Any) -> None:
    rows = store.select("laws-index")
    national = [r for r in rows if r.get("level", "").endswith("NationalLevel") and r["type"].endswith("/law")]
    assert national
    for row in sorted(national, key=lambda r: r["work"])[:5]:
        body = client.get("/api/search", params={"q": row["short"], "limit": 5}).json()
        if not body["hits"]:
            continue  # not in force today
        assert body["hits"][0]["type"] == "law"
        top = body["hits"][0]
        assert row["short"] in top["label"]
        assert top["uri"] == row["work"] or law_by_work(store, top["uri"]) is not None


def test_date_selects_the_version_in_force(client: Any, store: Any) -> None:
    """For laws with consecutive versions, hits come from the version in force on the date."""
    rows = store.select_text("""
        PREFIX eli: <http://data.europa.eu/eli/ontology#>
        PREFIX cb: <https://w3id.org/creditbasis/ontology#>
        SELECT DISTINCT ?work ?short WHERE { ?work a cb:Law ; cb:shortTitle ?short ; eli:title ?title ;
          cb:level cb:NationalLevel . ?v1 eli:is_member_of ?work ; cb:nextVersion ?v2 .
          FILTER(STRLEN(?short) >= 4 && STRENDS(?title, ?short)) } ORDER BY ?work LIMIT 3""", {})
    assert rows, "no law with consecutive versions"
    checked = 0
    for row in rows:
        work = row["work"]
        for v in versions(store, work=work):
            if not v.in_force_from:
                continue
            body = client.get("/api/search", params={"q": row["short"], "date": v.in_force_from,
                                                     "limit": 100}).json()
            mine = [h for h in body["hits"] if h["type"] == "article" and h["uri"].startswith(work + "/")]
            expected = next(x for x in versions(store, work=work) if x.in_force_on(v.in_force_from))
            assert mine, (row["short"], v.in_force_from)
            assert {h["version_date"] for h in mine} == {expected.version_date}
            checked += 1
    assert checked >= 2


def test_entity_labels_are_searched(client: Any, store: Any) -> None:
    ents = store.select("search-entities")
    assert ents
    label = min((e["label"] for e in ents), key=len)
    body = client.get("/api/search", params={"q": label, "limit": 100}).json()
    assert any(h["label"] == label and h["type"] not in ("article", "law") for h in body["hits"])


@pytest.mark.parametrize(("params", "status"), [
    ({"q": ""}, 400), ({"q": "   "}, 400), ({}, 400), ({"q": "信" * 101}, 422),
    ({"q": "！？。"}, 422), ({"q": "信用", "date": "2024-02-30"}, 422),
    ({"q": "信用", "level": "county"}, 422), ({"q": "信用", "type": "novel"}, 422),
    ({"q": "信用", "limit": 0}, 422), ({"q": "信用", "limit": 1000}, 422),
])
def test_bad_requests_are_problems(client: Any, params: dict[str, Any], status: int) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"]["zh"]


def test_snippet_marks_terms_and_escapes_html() -> None:
    text = "甲" * 100 + "<b>失信被执行人</b>" + "乙" * 100
    s = snippet(text, ["失信被执行人"])
    assert "<mark>失信被执行人</mark>" in s
    assert "&lt;b&gt;" in s and "<b>" not in s
    assert s.startswith("…") and s.endswith("…")
    assert len(s) < 140


def test_query_terms_and_fts_syntax() -> None:
    assert query_terms(" 失信  联合惩戒 ") == ["失信", "联合惩戒"]
    assert fts_query(["联合惩戒"]) == '"联合 合惩 惩戒"'
    assert fts_query(["法"]) == '"法"*'
    assert fts_query(["GDPR"]) == '"gdpr"'


def test_search_page_renders(client: Any) -> None:
    r = client.get("/search", params={"q": "信用记录"})
    assert r.status_code == 200
    assert "<mark>信用记录</mark>" in r.text
