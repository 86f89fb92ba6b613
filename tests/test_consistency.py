"""Consistency checks: each has cases that must and must not be flagged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from service.analytics.consistency import CHECKS
from service.analytics.consistency.base import Inputs
from service.analytics.corpus_view import ArticleRow, CorpusView, VersionRow, WorkRow
from service.analytics.facts import CreditFacts
from service.analytics.finder import Finding
from service.vocab import CB

E = "https://w3id.org/creditbasis/eli/cn/"
ID = "https://w3id.org/creditbasis/id/"
OVERREACH = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "credit" / "local_overreach.csv"


def _m(measure: str, dept: str, basis: str, trigger: str = "", behaviour: str = "") -> dict[str, str]:
    r = {"measure": ID + "measure/" + measure, "label": measure, "dept": ID + "department/" + dept,
         "basis": basis, "kind": CB + "kind-reduces-rights"}
    if trigger:
        r["trigger"] = ID + "list-category/" + trigger
    if behaviour:
        r["behaviour"] = behaviour
    return r


def test_listing(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/consistency").json()
    assert {c["id"] for c in body} == set(CHECKS) and "local-overreach" in CHECKS
    for c in body:
        assert c["title"]["zh"] and c["title"]["en"] and c["description"]["zh"] and c["description"]["en"]
        assert c["severity"] in ("violation", "warning", "review") and c["source"].startswith("https://")


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_each_check_runs_on_the_store(client, check_id: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/consistency/{check_id}", params={"limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == check_id and body["total"] >= len(body["items"]) and len(body["items"]) <= 5
    assert body["data_version"]["build"]


def test_unknown_check(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/consistency/no-such-check").status_code == 404
    assert client.get("/api/consistency/local-overreach", params={"limit": 0}).status_code == 422


def test_multi_department_basis() -> None:
    f = CreditFacts(measures=[
        _m("a1", "tax", E + "law/甲法/2020-01-01/art_1", trigger="debtors"),
        _m("a2", "customs", E + "law/乙法/2020-01-01/art_9", trigger="debtors"),       # flagged group
        _m("b1", "tax", E + "law/甲法/2020-01-01/art_2", trigger="smugglers"),
        _m("b2", "customs", E + "law/甲法/2020-01-01/art_2", trigger="smugglers"),    # same basis
        _m("c1", "tax", E + "law/甲法/2020-01-01/art_3", behaviour="逃税"),
        _m("c2", "tax", E + "law/乙法/2020-01-01/art_3", behaviour="逃税"),             # one department
    ])
    found = CHECKS["multi-department-basis"].run(Inputs(f))
    assert [x["behaviour"] for x in found] == [ID + "list-category/debtors"]
    assert {d["department"] for d in found[0]["departments"]} == {"tax", "customs"}


def test_weak_basis_measures() -> None:
    clause = ID + "clause/opinion-1"
    f = CreditFacts(measures=[
        _m("rule-only", "x", E + "department-rule/某办法/2020-01-01/art_3"),
        _m("rule-and-law", "x", E + "department-rule/某办法/2020-01-01/art_3"),
        _m("rule-and-law", "x", E + "law/甲法/2020-01-01/art_1"),
        _m("normative", "x", clause),
        _m("state-council", "x", ID + "clause/decision-2"),
    ], clause_types={clause: ID + "instrument-type/normative-document",
                     ID + "clause/decision-2": ID + "instrument-type/state-council-decision"})
    found = {x["label"] for x in CHECKS["weak-basis-measures"].run(Inputs(f))}
    assert found == {"rule-only", "normative"}


def test_list_outside_domains() -> None:
    def lc(name: str, domain: str | None) -> dict[str, str]:
        r = {"category": ID + "list-category/" + name, "label": name}
        if domain:
            r["domain"] = CB + domain
        return r
    f = CreditFacts(lists=[lc("ok", "domain-market-order"), lc("other", "domain-other"), lc("none", None),
                           lc("mixed", "domain-health-safety"), lc("mixed", "domain-other")])
    found = {x["label"] for x in CHECKS["list-outside-domains"].run(Inputs(f))}
    assert found == {"other", "none", "mixed"}


def test_conflicting_publication_periods() -> None:
    def rule(name: str, tier: str, lo: str, hi: str, start: str, end: str | None) -> dict[str, str]:
        r = {"rule": ID + "repair-rule/" + name, "tier": CB + tier, "min": lo, "max": hi, "valid_from": start}
        if end:
            r["valid_until"] = end
        return r
    f = CreditFacts(repair_rules=[
        rule("old", "tier-serious", "P6M", "P3Y", "2019-01-01", "2025-06-22"),
        rule("new", "tier-serious", "P1Y", "P3Y", "2025-06-22", None),            # successive: fine
        rule("clash", "tier-serious", "P1Y", "P5Y", "2024-01-01", None),          # overlaps both
        rule("minor", "tier-minor", "P0D", "P3M", "2025-06-22", None),            # other tier
    ])
    found = {tuple(sorted(r["uri"].rsplit("/", 1)[-1] for r in x["rules"]))
             for x in CHECKS["conflicting-publication-periods"].run(Inputs(f))}
    assert found == {("clash", "old"), ("clash", "new")}


def _tiny_view() -> CorpusView:
    w = WorkRow(E + "law/甲法", "中华人民共和国甲法", "甲法", "law", "national", None)
    v1 = VersionRow(w.uri + "/2018-01-01", w.uri, "2018-01-01", "2018-03-01", "2022-01-01")
    v2 = VersionRow(w.uri + "/2021-10-01", w.uri, "2021-10-01", "2022-01-01", None)
    w.versions = [v1, v2]
    arts = {}
    for v in (v1, v2):
        a = ArticleRow(v.uri + "/art_5", v.uri, "第五条", 5, 0, "示例。")
        v.articles.append(a)
        arts[a.uri] = a
    return CorpusView({w.uri: w}, {v1.uri: v1, v2.uri: v2}, arts, {"甲法": [w]})


def test_superseded_basis_decisions() -> None:
    f = CreditFacts()
    old, new = E + "law/甲法/2018-01-01/art_5", E + "law/甲法/2021-10-01/art_5"
    f.add_decision_rows([
        {"decision": ID + "decision/late", "date": "2023-05-01", "basis": old},
        {"decision": ID + "decision/in-time", "date": "2021-05-01", "basis": old},
        {"decision": ID + "decision/current", "date": "2023-05-01", "basis": new},
        {"decision": ID + "decision/undated", "basis": old},
    ])
    found = CHECKS["superseded-basis-decisions"].run(Inputs(f, _tiny_view()))
    assert [x["decision"] for x in found] == [ID + "decision/late"]
    assert found[0]["bases"][0]["superseded_by"] == E + "law/甲法/2021-10-01"


def test_superseded_basis_decisions_at_scale() -> None:
    f = CreditFacts()
    old = E + "law/甲法/2018-01-01/art_5"
    f.add_decision_rows([{"decision": f"{ID}decision/{i}", "date": "2023-01-01" if i % 2 else "2020-01-01",
                          "basis": old} for i in range(10_000)])
    assert len(CHECKS["superseded-basis-decisions"].run(Inputs(f, _tiny_view()))) == 5_000


@pytest.mark.skipif(not OVERREACH.exists(), reason=f"reference data not found at {OVERREACH}")
def test_local_overreach_on_the_corpus(store) -> None:  # type: ignore[no-untyped-def]
    from service.analytics.corpus_view import corpus_view
    from service.analytics.finder import findings

    view = corpus_view(store)
    found = CHECKS["local-overreach"].run(Inputs(CreditFacts(), view, findings(store)))
    flagged = {x["provision"]: x["severity"] for x in found}
    assert all(view.work_of(u).level == "local" for u in flagged)  # type: ignore[union-attr]
    with OVERREACH.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    hit = 0
    for r in rows:
        works = [w for w in view.titles(r["law_title"]) if w.region == r["region"]] or view.titles(r["law_title"])
        uris = {a.uri for w in works for v in w.versions for a in v.articles
                if a.ordinal == int(r["article_no"]) and a.suffix == 0}
        if uris & set(flagged):
            hit += 1
    print(f"\nlocal-overreach: {hit}/{len(rows)} reference rows found; {len(flagged)} provisions flagged "
          f"({sum(s == 'violation' for s in flagged.values())} violations)")
    assert hit / len(rows) >= 0.8
    # the national provisions of the reference data are never flagged
    national = {a.uri for w in view.works.values() if w.level == "national" for v in w.versions
                for a in v.articles}
    assert not national & set(flagged)


def test_local_overreach_cases() -> None:
    texts = {
        "甲市垃圾条例": ("对拒不分类投放的，依法实施联合惩戒。", ["sanction"], "violation"),
        "乙市文明条例": ("不文明行为信息记入个人信用档案。", ["records"], "review"),
        "丙市安全条例": ("对严重危害人民群众身体健康和生命安全的，列入严重失信主体名单。",
                   ["list"], None),
        "丁省社会信用条例": ("信息主体的下列信息记入信用档案。", ["records"], None),
    }
    works, versions, articles, found = {}, {}, {}, {}
    for title, (text, classes, _sev) in texts.items():
        w = WorkRow(E + "local-regulation/" + title, title, title, "local-regulation", "local", "某省")
        v = VersionRow(w.uri + "/2020-01-01", w.uri, "2020-01-01", "2020-01-01", None)
        a = ArticleRow(v.uri + "/art_1", v.uri, "第一条", 1, 0, text)
        w.versions, v.articles = [v], [a]
        works[w.uri], versions[v.uri], articles[a.uri] = w, v, a
        found[a.uri] = Finding(a.uri, classes, dict.fromkeys(classes, text[:4]))
    view = CorpusView(works, versions, articles, {})
    got = {x["law"]: x["severity"] for x in CHECKS["local-overreach"].run(Inputs(CreditFacts(), view, found))}
    assert got == {t: s for t, (_x, _c, s) in texts.items() if s}
