"""Explanations on the real corpus: the proof chain, failing links and the version-dependent cases."""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.explain import explain
from service.domain.explain.render import render_text
from service.store.base import Store
from tests.explain_fixtures import ID, expectations, fixture_overlay

OVERLAY = fixture_overlay()
CASES = expectations()


def _explain(store: Store, iri: str, date: str | None = None) -> dict[str, Any]:
    return explain(store, iri=ID + iri, date=date, overlay=OVERLAY)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['iri']}@{c.get('date', 'own')}" for c in CASES])
def test_explanation_matches_expectation(store: Store, case: dict[str, Any]) -> None:
    tree = _explain(store, case["iri"], case.get("date"))
    assert tree["verdict_code"] == case["verdict"], [s["message"]["en"] for s in tree["because"] if not s["ok"]]
    assert sorted(tree["failed"]) == sorted(case["failed"])
    zh, en = render_text(tree, "zh"), render_text(tree, "en")
    for needle in case["zh"]:
        assert needle in zh, needle
    for needle in case["en"]:
        assert needle in en, needle
    # the tree's contract
    assert set(tree) >= {"claim", "verdict", "because", "basis", "repair", "date", "date_rules", "data_version"}
    for step in tree["because"]:
        assert step["rule"]["id"] and step["rule"]["iri"].startswith(ID + "rule/")
        assert step["source"]["uri"] or step["source"]["citation"]
        assert isinstance(step["ok"], bool)
        assert step["message"]["zh"] and step["message"]["en"]
    for b in tree["basis"]:
        assert "in_force_on_date" in b and b["uri"]


def test_basis_quotes_the_version_cited(store: Store) -> None:
    tree = _explain(store, "decision/test-director-ok")
    basis = {b["uri"]: b for b in tree["basis"]}
    item = basis[
        "https://w3id.org/creditbasis/eli/cn/law/公司法/2023-12-29/art_178/para_1/item_5"]
    assert "失信被执行人" in item["text"]
    assert item["version_date"] == "2023-12-29" and item["in_force_on_date"] is True
    assert item["citation"].endswith("第一百七十八条第一款第（五）项")


def test_same_sanction_lawful_on_one_date_not_on_another(store: Store) -> None:
    after = _explain(store, "measure/test-director-ban", "2024-07-01")
    before = _explain(store, "measure/test-director-ban", "2024-06-30")
    assert after["verdict_code"] == "lawful" and before["verdict_code"] == "not-lawful"
    step = next(s for s in before["because"] if s["rule"]["id"] == "basis-in-force")
    # the 2018 counterpart is found by content although its number differs (146 vs 178)
    assert step["counterpart"]["uri"].endswith("/公司法/2018-10-26/art_146/para_1/item_5")
    assert "失信被执行人" not in step["counterpart"]["text"]


def test_counterpart_of_payment_regulation(store: Store) -> None:
    tree = _explain(store, "measure/test-arrears-2020", "2025-06-01")
    step = next(s for s in tree["because"] if s["rule"]["id"] == "basis-in-force")
    assert not step["ok"]
    assert step["counterpart"]["uri"].endswith("/保障中小企业款项支付条例/2025-03-17/art_26/para_1")
    lawful_day_before = _explain(store, "measure/test-arrears-2020", "2025-05-31")
    assert lawful_day_before["verdict_code"] == "lawful"


def test_inferred_facts_carry_justifications(store: Store) -> None:
    tree = _explain(store, "decision/test-rule-based")
    step = next(s for s in tree["because"] if s["rule"]["id"] == "basis-type")
    triples = {tuple(i["triple"]) for i in step["inferred"]}
    law = "https://w3id.org/creditbasis/id/instrument-type/law"
    dr = "https://w3id.org/creditbasis/id/instrument-type/department-rule"
    assert (law, "https://w3id.org/creditbasis/ontology#higherEffectThan", dr) in triples
    just = next(i["justification"] for i in step["inferred"] if i["triple"][0] == law)
    assert just["rule"] == "prp-trp" and len(just["premises"]) == 3
    ok = _explain(store, "decision/test-director-ok")
    part = next(s for s in ok["because"] if s["rule"]["id"] == "basis-in-force")["inferred"][0]
    assert part["triple"][1].endswith("#partOfTransitive")
    assert part["triple"][2].endswith("/公司法/2023-12-29")
    assert part["justification"]["rule"] in ("prp-trp", "prp-spo1")


def test_date_rules_name_conduct_and_decision_dates(store: Store) -> None:
    tree = _explain(store, "decision/test-arrears-2025-ok")
    by = {r.get("rule"): r for r in tree["date_rules"]}
    assert by["no-retroactivity"]["date"] == "2025-03-01" and by["no-retroactivity"]["applies_to"] == "conduct"
    assert by["procedure-at-decision"]["date"] == "2025-07-01"
    assert by["no-retroactivity"]["source"]["uri"].endswith("/立法法/2023-03-13/art_104")
    assert by["lighter-new-rule"]["source"]["uri"].endswith("/行政处罚法/2021-01-22/art_37")
    conduct = next(s for s in tree["because"] if s["rule"]["id"] == "no-retroactivity")
    assert conduct["ok"] and conduct["applied"]["uri"].endswith("/2020-07-05/art_17/para_3")


def test_legislation_law_source_follows_version(store: Store) -> None:
    """Before 2023-03-13 the no-retroactivity rule is article 93 of the 2015 Legislation Law."""
    tree = _explain(store, "decision/test-arrears-retro")
    conduct = next(r for r in tree["date_rules"] if r.get("rule") == "no-retroactivity")
    assert conduct["source"]["uri"].endswith("/立法法/2015-03-15/art_93")


def test_unknown_record_is_not_found(store: Store) -> None:
    from service.domain.errors import NotFound

    with pytest.raises(NotFound) as exc:
        _explain(store, "decision/does-not-exist")
    assert exc.value.zh and exc.value.en


def test_rule_sources_resolve_to_curated_clauses(store: Store) -> None:
    tree = _explain(store, "decision/test-rule-based")
    src = next(s for s in tree["because"] if s["rule"]["id"] == "basis-type")["source"]
    assert src["uri"] == ID + "clause/GBF-2020-49-2-4"
    if src["in_store"]:  # the curated clause carries its number and our own summary
        assert src["number"] and src["abstract"]["zh"]
