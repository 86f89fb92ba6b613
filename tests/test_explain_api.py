"""`/api/explain` and `/api/repair` over HTTP: formats, errors, posted records, PROV-O."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.deps import get_store
from service.store.base import Store
from tests.explain_fixtures import CASES, ID, UnionStore, fixture_overlay

PROV = "http://www.w3.org/ns/prov#"
DEC = ID + "decision/"
BASE = "https://w3id.org/creditbasis/"


@pytest.fixture(scope="module")
def api(store: Store) -> Iterator[TestClient]:
    union = UnionStore(store, fixture_overlay())
    app = create_app()
    app.dependency_overrides[get_store] = lambda: union
    with TestClient(app) as c:
        yield c


def _get(api: TestClient, iri: str, **params: str) -> object:
    return api.get("/api/explain", params={"iri": iri, **params})


def test_json_answer(api: TestClient) -> None:
    r = _get(api, DEC + "test-director-early")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["verdict"] == "not lawful as recorded" and body["failed"] == ["basis-in-force"]
    assert body["data_version"]["corpus_snapshot"]
    assert body["date"] == "2024-06-01" and body["date_given"] is False


def test_date_changes_the_answer(api: TestClient) -> None:
    assert _get(api, DEC + "test-director-early", date="2024-07-01").json()["verdict_code"] == "lawful"


def test_text_answers_in_both_languages(api: TestClient) -> None:
    zh = api.get("/api/explain", params={"iri": DEC + "test-rule-based"}, headers={"Accept": "text/plain"})
    assert zh.status_code == 200 and zh.headers["content-type"].startswith("text/plain")
    assert "结论：依记录不合法" in zh.text and "部门规章" in zh.text and "理由：" in zh.text
    en = _get(api, DEC + "test-rule-based", lang="en")
    assert en.headers["content-type"].startswith("text/plain")
    assert "Verdict: not lawful as recorded" in en.text and "department rule" in en.text
    assert "Because:" in en.text and "Legal basis:" in en.text
    by_header = api.get("/api/explain", params={"iri": DEC + "test-rule-based"},
                        headers={"Accept": "text/plain", "Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert by_header.text.startswith("Claim examined:")


def test_html_page(api: TestClient) -> None:
    r = api.get("/api/explain", params={"iri": DEC + "test-arrears-2020-late"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "依记录不合法" in r.text and "第二十六条" in r.text and "<ol class=\"steps\">" in r.text


def test_prov_turtle_and_jsonld(api: TestClient) -> None:
    r = api.get("/api/explain", params={"iri": DEC + "test-director-ok"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = ox.Store()
    g.load(r.content, format=ox.RdfFormat.TURTLE)
    q = f"""PREFIX prov: <{PROV}>
    ASK {{ ?e a prov:Entity ; prov:wasGeneratedBy ?a ; prov:wasDerivedFrom <{DEC}test-director-ok> .
           ?a a prov:Activity ; prov:used <{DEC}test-director-ok> .
           ?a prov:used <https://w3id.org/creditbasis/eli/cn/law/公司法/2023-12-29/art_178/para_1/item_5> .
           <{DEC}test-director-ok> a prov:Activity . }}"""
    assert g.query(q)
    j = api.get("/api/explain", params={"iri": DEC + "test-director-ok", "format": "jsonld"})
    assert j.headers["content-type"].startswith("application/ld+json")
    g2 = ox.Store()
    g2.load(j.content, format=ox.RdfFormat.JSON_LD)
    assert len(g2) == len(g)


def test_unknown_iri_is_404_in_both_languages(api: TestClient) -> None:
    r = _get(api, DEC + "no-such-decision")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    detail = r.json()["detail"]
    assert "未找到" in detail["zh"] and "No record" in detail["en"]


def _problem(r: Any, status: int) -> dict[str, Any]:
    """The answer is the problem document of the one error contract, with ``status``."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["type"] and body["title"]
    assert body["detail"]["zh"] and body["detail"]["en"]
    return body


def test_not_explainable_and_bad_date(api: TestClient) -> None:
    # a law is a resource, but not an explainable record
    _problem(_get(api, "https://w3id.org/creditbasis/eli/cn/law/公司法"), 422)
    _problem(_get(api, DEC + "test-director-ok", date="2024-13-01"), 422)
    penalty = _problem(_get(api, ID + "penalty/test-ordinary-2025"), 422)
    assert "/api/repair" in penalty["detail"]["en"]
    _problem(api.get("/api/explain"), 400)
    _problem(api.get("/api/explain", params={"iri": DEC + "test-director-ok"}, headers={"Accept": "image/png"}), 406)


def test_post_turtle_record(api: TestClient) -> None:
    ttl = f"""@prefix cb: <https://w3id.org/creditbasis/ontology#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{DEC}posted-1> a cb:SanctionDecision ; cb:subject <{ID}subject/test-company-1> ;
      cb:measure <{ID}measure/test-arrears-2020> ; cb:basedOnEntry <{ID}list-entry/test-arrears-1> ;
      cb:decisionDate "2025-08-01"^^xsd:date ; cb:noticeGiven true ; cb:objectionHandled true ;
      cb:legalBasis <{BASE}eli/cn/admin-regulation/保障中小企业款项支付条例/2020-07-05/art_17/para_3> ."""
    r = api.post("/api/explain", content=ttl.encode(), headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["uri"] == DEC + "posted-1" and body["failed"] == ["basis-in-force"]


def test_post_plain_json_and_jsonld(api: TestClient) -> None:
    record = {"type": "SanctionDecision", "id": DEC + "posted-2", "subject": ID + "subject/test-company-1",
              "measure": ID + "measure/test-arrears-2020", "basedOnEntry": ID + "list-entry/test-arrears-1",
              "decisionDate": "2024-06-01", "conductDate": "2024-01-05", "noticeGiven": True,
              "objectionHandled": True,
              "legalBasis": [BASE + "eli/cn/admin-regulation/保障中小企业款项支付条例/2020-07-05/art_17/para_3"]}
    r = api.post("/api/explain", json=record, params={"lang": "en"})
    assert r.status_code == 200 and "Verdict: lawful as recorded" in r.text
    ld = {"@context": {"cb": "https://w3id.org/creditbasis/ontology#"}, "@id": DEC + "posted-3",
          "@type": "cb:SanctionDecision", "cb:measure": {"@id": ID + "measure/test-rule-based"},
          "cb:subject": {"@id": ID + "subject/test-company-1"},
          "cb:basedOnEntry": {"@id": ID + "list-entry/test-arrears-1"},
          "cb:decisionDate": {"@value": "2024-06-01", "@type": "http://www.w3.org/2001/XMLSchema#date"}}
    r2 = api.post("/api/explain", content=json.dumps(ld).encode(), headers={"Content-Type": "application/ld+json"})
    assert r2.status_code == 200 and "basis-type" in r2.json()["failed"]


def test_post_malformed(api: TestClient) -> None:
    bad = api.post("/api/explain", content=b"<a> <b> .", headers={"Content-Type": "text/turtle"})
    assert bad.status_code == 400 and bad.json()["detail"]["en"]
    unknown = _problem(api.post("/api/explain", json={"type": "SanctionDecision", "colour": "red"}), 400)
    assert unknown["field"] == "record.colour"
    _problem(api.post("/api/explain", content=b"", headers={"Content-Type": "text/turtle"}), 422)  # valid, empty
    nothing = api.post("/api/explain", content=b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .",
                       headers={"Content-Type": "text/turtle"})
    assert nothing.status_code == 400 and "no record to explain" in nothing.json()["detail"]["en"]


def test_post_too_large(api: TestClient) -> None:
    from service.config import get_settings

    big = b"#" * (get_settings().max_body_bytes + 1)
    r = api.post("/api/explain", content=big, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 413 and r.json()["detail"]["zh"]


def test_repair_route(api: TestClient) -> None:
    r = api.get("/api/repair", params={"iri": ID + "penalty/test-ordinary-2025", "date": "2026-05-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["data_version"] and body["publication_ends"]["max"] and body["may_apply_from"]["date"]
    _problem(api.get("/api/repair", params={"iri": ID + "penalty/none"}), 404)
    _problem(api.get("/api/repair", params={"iri": DEC + "test-director-ok"}), 422)


def test_fixture_file_is_our_own(api: TestClient) -> None:
    """Fixture records cite provisions by IRI only: no corpus text copied into them."""
    text = (CASES / "records.ttl").read_text(encoding="utf-8")
    # the text of a provision the fixtures cite, read from the store (never written in a test)
    cited = api.get("/api/provision", params={"law": "民事诉讼法", "article": "266", "date": "2024-06-01"}).json()
    assert len(cited["text"]) > 20 and cited["text"][:15] not in text
    assert quote("公司法") not in text and Path(CASES / "expectations.json").exists()


@pytest.mark.parametrize("iri", ["list-entry/test-defaulter-1", "measure/test-director-ban",
                                 "list-category/test-uncivil"])
def test_every_kind_renders(api: TestClient, iri: str) -> None:
    for accept, needle in (("text/html", "<h1>"), ("text/plain", "结论："), ("text/turtle", "prov:Entity")):
        r = api.get("/api/explain", params={"iri": ID + iri}, headers={"Accept": accept})
        assert r.status_code == 200 and needle in r.text, (accept, r.text[:200])


@pytest.mark.parametrize(("header", "lang"), [("en", "en"), ("zh-CN;q=0.4,en;q=0.9", "en"), ("EN-us", "en"),
                                              ("fr, zh;q=0.5", "zh"), ("", "zh")])
def test_accept_language_picks_the_text_language(api: TestClient, header: str, lang: str) -> None:
    """Bug: a bare language tag (``en``) was parsed as a media range and never matched."""
    r = api.get("/api/explain", params={"iri": DEC + "test-director-ok"},
                headers={"Accept": "text/plain", "Accept-Language": header})
    assert r.status_code == 200
    assert ("Verdict:" in r.text) == (lang == "en")
