"""Explanation and validation give the same verdict on the same record.

A system validating a decision before publishing it (``/api/validate``) and a reviewer asking
why it applies (``/api/explain``) must not be told different things: a record the explanation
finds "not lawful as recorded" has at least one SHACL Violation, and a record it finds lawful
has none. Checked on every decision and list entry of the explanation fixtures (each built to
break one link of the chain) plus two posted JSON records.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from tests.explain_fixtures import CASES

CB = "https://w3id.org/creditbasis/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TTL = (CASES / "records.ttl").read_bytes()


def _records() -> list[str]:
    st = ox.Store()
    st.load(TTL, ox.RdfFormat.TURTLE)
    return sorted(q.subject.value for kind in ("SanctionDecision", "ListEntry")
                  for q in st.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(CB + kind)))


@pytest.fixture(scope="module")
def violations(client: Any) -> dict[str, list[str]]:
    r = client.post("/api/validate", content=TTL, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200, r.text
    out: dict[str, list[str]] = {}
    for res in r.json()["results"]:
        if res["severity"] == "Violation":
            out.setdefault(res["focus"], []).append(res["shape"].rsplit("#", 1)[-1])
    return out


def test_fixtures_cover_both_verdicts() -> None:
    assert len(_records()) >= 15


@pytest.mark.parametrize("iri", _records(), ids=lambda i: i.rsplit("/", 2)[-2] + "/" + i.rsplit("/", 1)[-1])
def test_explanation_and_validation_agree(client: Any, violations: dict[str, list[str]], iri: str) -> None:
    r = client.post("/api/explain", params={"iri": iri}, content=TTL, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200, r.text
    tree = r.json()
    assert bool(tree["failed"]) == bool(violations.get(iri)), (tree["failed"], violations.get(iri))


def test_decision_on_a_list_outside_the_four_domains_fails_both(client: Any) -> None:
    """Bug: validation passed such a decision (the curated category is context, not validated)
    while the explanation said it was not lawful."""
    decision = {
        "type": "SanctionDecision", "id": "http://example.org/agree/d",
        "subject": {"uscc": "91350100M000100Y43"},
        "measure": "https://w3id.org/creditbasis/id/measure/no-civil-service-joint-target",
        "basedOnEntry": {"id": "http://example.org/agree/e", "subject": {"uscc": "91350100M000100Y43"},
                         "listCategory": "https://w3id.org/creditbasis/id/list-category/joint-punishment-targets",
                         "listedOn": "2024-01-10", "noticeGiven": True, "objectionHandled": True},
        "decisionDate": "2024-02-01", "decidedBy": "https://w3id.org/creditbasis/id/department/civil-service",
        "legalBasis": ["https://w3id.org/creditbasis/eli/cn/law/公务员法/2018-12-29/art_26/para_1/item_4"],
        "noticeGiven": True, "objectionHandled": True}
    v = client.post("/api/validate", json=decision).json()
    shapes = {res["shape"].rsplit("#", 1)[-1] for res in v["results"] if res["focus"] == decision["id"]}
    assert not v["conforms"] and "DecisionEntryDomainShape" in shapes
    e = client.post("/api/explain", json=decision).json()
    assert e["verdict_code"] == "not-lawful" and "domain-permitted" in e["failed"]
