"""Amendment impact and version diff."""

from __future__ import annotations

from service.analytics.corpus_view import ArticleRow
from service.analytics.diff import match_articles

E = "https://w3id.org/creditbasis/eli/cn/"
ITEM = E + "law/公务员法/2018-12-29/art_26/para_1/item_4"


def test_impact_of_a_provision(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/impact", params={"iri": ITEM, "date": "2024-01-01"})
    assert r.status_code == 200
    body = r.json()
    measures = [m for ms in body["curated"].get("measure", {}).values() for m in ms]
    civil = [m for m in measures if m["uri"].endswith("/no-civil-service-joint-target")]
    assert civil and civil[0]["status"] == "breaks"
    lists = [m for ms in body["curated"].get("list-category", {}).values() for m in ms]
    assert all(m["status"] == "changes" and m["other_bases"] for m in lists)
    assert body["counts"]["curated_breaks"] >= 1
    assert body["data_version"]["build"]


def test_impact_of_a_version_counts_citing_provisions_in_force(client) -> None:  # type: ignore[no-untyped-def]
    v = E + "law/民事诉讼法/2021-12-24"
    body = client.get("/api/impact", params={"iri": v, "date": "2023-09-01"}).json()
    assert body["scope"] == "version"
    assert body["counts"]["citing_provisions"] > 50
    for law, cits in body["citing_provisions"].items():
        assert "民事诉讼法" not in law or all(not c["uri"].startswith(v + "/") for c in cits)
    early = client.get("/api/impact", params={"iri": v, "date": "1990-01-01"}).json()
    assert early["counts"]["citing_provisions"] < body["counts"]["citing_provisions"]


def test_impact_errors(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/impact", params={"iri": ITEM, "date": "2024-13-01"}).status_code == 422
    assert client.get("/api/impact", params={"iri": E + "law/公务员法/2018-12-29/art_999"}).status_code == 404
    assert client.get("/api/impact", params={"iri": E + "law/公务员法"}).status_code == 404


def test_diff_civil_procedure_renumbering(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/diff", params={"law": "民事诉讼法", "from": "2023-01-01", "to": "2024-06-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["from"]["uri"].endswith("/2021-12-24") and body["to"]["uri"].endswith("/2023-09-01")
    moved = {(x["from"]["number"], x["to"]["number"]) for x in body["renumbered"]}
    assert ("第二百六十二条", "第二百六十六条") in moved
    c = body["counts"]
    assert c["added"] > 0 and c["renumbered"] > 0 and c["unchanged"] > 100
    assert body["data_version"]["build"]
    same = client.get("/api/diff", params={"law": "民事诉讼法", "from": "2023-01-01", "to": "2023-02-01"}).json()
    assert same["same_version"] and same["counts"]["changed"] == 0 and same["counts"]["added"] == 0


def test_diff_errors(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/diff", params={"law": "民事诉讼法", "from": "x", "to": "2024-01-01"}).status_code == 422
    assert client.get("/api/diff", params={"law": "没有这部法", "from": "2020-01-01", "to": "2024-01-01"}).status_code == 404
    assert client.get("/api/diff", params={"law": "民事诉讼法"}).status_code == 400


def _art(n: int, text: str, version: str = "v") -> ArticleRow:
    return ArticleRow(f"{version}/art_{n}", version, f"第{n}条", n, 0, text)


def test_matching_is_by_content_not_number() -> None:
    a = "国家建立统一的登记制度，登记机关应当依法公开登记信息并接受查询。"
    b = "经营者应当诚实守信，依照本法规定履行信息报告义务，不得隐瞒真实情况。"
    c = "违反本法规定的，由主管部门责令改正，处一万元以上十万元以下的罚款。"
    old = [_art(1, a, "o"), _art(2, b, "o"), _art(3, c, "o")]
    new = [_art(1, a, "n"), _art(2, "本法自公布之日起施行，新增的过渡安排由国务院另行规定。", "n"),
           _art(3, b.replace("信息报告", "年度信息报告"), "n"), _art(4, c, "n")]
    pairs, removed, added = match_articles(old, new)
    got = {(x.ordinal, y.ordinal) for x, y, _ in pairs}
    assert got == {(1, 1), (2, 3), (3, 4)}
    assert [x.ordinal for x in added] == [2] and removed == []
    changed = next(r for x, y, r in pairs if (x.ordinal, y.ordinal) == (2, 3))
    assert 0.6 <= changed < 1.0
    pairs, removed, added = match_articles([_art(1, a, "o")], [_art(1, c, "n")])
    assert pairs == [] and len(removed) == 1 and len(added) == 1
