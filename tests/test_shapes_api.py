"""`POST /api/validate`: formats, the SHACL report, errors, and that nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES = Path(__file__).parent / "cases" / "validation"


def _case(name: str) -> tuple[bytes, dict[str, Any]]:
    d = CASES / name
    inp = next(d.glob("input.*"))
    return inp.read_bytes(), json.loads((d / "expected.json").read_text("utf-8"))


def test_turtle_record(client: Any) -> None:
    body, exp = _case("decision-entry-exited")
    r = client.post(f"/api/validate?date={exp['date']}", content=body, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200
    data = r.json()
    assert data["conforms"] is False
    assert {(x["shape"], x["focus"]) for x in data["results"]} == {
        (e["shape"], e["focus"]) for e in exp["expected"]}
    assert data["data_version"]["corpus_snapshot"]
    res = data["results"][0]
    assert set(res) >= {"focus", "path", "value", "severity", "message", "source", "shape"}


def test_valid_bundle_conforms(client: Any) -> None:
    body, exp = _case("valid-bundle")
    r = client.post(f"/api/validate?date={exp['date']}", content=body, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200 and r.json()["conforms"] is True and r.json()["results"] == []


def test_plain_json_record(client: Any) -> None:
    body, exp = _case("json-decision-wrong-check-digit")
    r = client.post("/api/validate?date=2024-06-01", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert [x["shape"] for x in r.json()["results"]] == [e["shape"] for e in exp["expected"]]


def test_json_ld_record(client: Any) -> None:
    doc = {"@context": {"cb": "https://w3id.org/creditbasis/ontology#"},
           "@id": "http://example.org/ld/ci", "@type": "cb:CatalogueItem",
           "cb:sharingScope": "全国"}
    r = client.post("/api/validate", content=json.dumps(doc),
                    headers={"Content-Type": "application/ld+json"})
    assert r.status_code == 200
    shapes = {x["shape"].rsplit("#", 1)[1] for x in r.json()["results"]}
    assert shapes == {"CatalogueLegalBasisShape", "CatalogueDisclosureShape"}


def test_shacl_report_as_turtle(client: Any) -> None:
    body, _ = _case("decision-no-notice")
    r = client.post("/api/validate?date=2024-06-01", content=body,
                    headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    import rdflib
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    report = next(g.subjects(rdflib.RDF.type, sh.ValidationReport))
    assert g.value(report, sh.conforms).toPython() is False
    shapes = {str(o) for o in g.objects(None, sh.sourceShape)}
    assert shapes == {"https://w3id.org/creditbasis/shapes#NoticeShape"}


def test_malformed_turtle_names_the_line(client: Any) -> None:
    body = b"@prefix cb: <https://w3id.org/creditbasis/ontology#> .\n<http://e/x> a cb:ListEntry ;\n  cb:listedOn \"2024-01-01 .\n"
    r = client.post("/api/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["line"] == 3


def test_malformed_json_names_the_field(client: Any) -> None:
    r = client.post("/api/validate", content=b'{"type": "ListEntry", "noticeGiven": "yes"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["field"] == "record.noticeGiven"
    r = client.post("/api/validate", content=b'{"type": "ListEntry", "colour": 1}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["field"] == "record.colour"
    r = client.post("/api/validate", content=b'{"type": "ListEntry",\n "x": }',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["line"] == 2


def test_invalid_date_and_too_large(client: Any) -> None:
    body, _ = _case("decision-no-notice")
    r = client.post("/api/validate?date=2024-13-01", content=body, headers={"Content-Type": "text/turtle"})
    big = b"#" + b" " * 1_100_000 + b"\n"
    r2 = client.post("/api/validate", content=big, headers={"Content-Type": "text/turtle"})
    for resp, status in ((r, 422), (r2, 413)):
        assert resp.status_code == status and resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["detail"]["zh"] and resp.json()["detail"]["en"]


def test_nothing_is_stored(client: Any, store: Any) -> None:
    before = store.triple_count()
    body, _ = _case("decision-entry-exited")
    assert client.post("/api/validate", content=body, headers={"Content-Type": "text/turtle"}).status_code == 200
    assert store.triple_count() == before
    assert not store.ask_text("ASK { <http://example.org/case/d> ?p ?o }", {})


def test_cli_validate_file(client: Any, tmp_path: Path) -> None:
    """`creditbasis validate FILE` (the client fixture points the settings at the test store)."""
    from service.cli import main

    body, exp = _case("json-authorisation-open-ended")
    f = tmp_path / "records.json"
    f.write_bytes(body)
    assert main(["validate", str(f)]) == 2
    from service.domain.validation import validate_file

    result = validate_file(path=f, date=exp["date"])
    assert result["law_graph"] is True
    assert {r["shape"] for r in result["results"]} == {e["shape"] for e in exp["expected"]}
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    assert validate_file(path=bad)["error"]["status"] == 400


def test_report_format_honours_q_values(client: Any) -> None:
    """Bug: any Accept mentioning text/turtle got Turtle, even with q=0."""
    body = (CASES / "decision-no-notice" / "input.ttl").read_bytes()
    r = client.post("/api/validate", content=body,
                    headers={"Content-Type": "text/turtle", "Accept": "application/json, text/turtle;q=0"})
    assert r.headers["content-type"].startswith("application/json")
    r = client.post("/api/validate", content=body,
                    headers={"Content-Type": "text/turtle", "Accept": "application/json;q=0.5, text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
