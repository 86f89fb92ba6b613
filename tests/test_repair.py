"""Credit repair calculator on the curated repair rules, across the change of rules on 2026-04-01."""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.explain.records import Facts
from service.domain.repair import add_duration, parse_duration, repair
from service.store.base import Store
from service.vocab import CB
from tests.explain_fixtures import ID, fixture_overlay

OVERLAY = fixture_overlay()
RR = ID + "repair-rule/"


def _repair(store: Store, iri: str, date: str) -> dict[str, Any]:
    return repair(store, iri=ID + iri, date=date, overlay=OVERLAY)


def _periods(store: Store, rule: str) -> tuple[str | None, str | None]:
    node = Facts(store).need(RR + rule)
    return node.one(CB + "minPublication"), node.one(CB + "maxPublication")


@pytest.mark.parametrize(("start", "dur", "end"), [
    ("2024-01-31", "P1M", "2024-02-29"), ("2025-10-15", "P3M", "2026-01-15"), ("2025-10-15", "P3Y", "2028-10-15"),
    ("2023-12-31", "P1Y6M", "2025-06-30"), ("2026-04-01", "P0D", "2026-04-01"), ("2026-04-01", "P15D", "2026-04-16"),
])
def test_add_duration(start: str, dur: str, end: str) -> None:
    assert add_duration(start, dur) == end


def test_bad_duration_rejected() -> None:
    with pytest.raises(ValueError):
        parse_duration("3 months")


def test_ordinary_penalty_before_change_asked_before(store: Store) -> None:
    assert _periods(store, "ndrc-2023-58-penalty") == ("P3M", "P3Y")
    out = _repair(store, "penalty/test-ordinary-2025", "2026-01-20")
    assert out["applied_rule"] == RR + "ndrc-2023-58-penalty"
    assert out["publication_ends"]["min"] == "2026-01-15" and out["publication_ends"]["max"] == "2028-10-15"
    assert out["may_apply_from"]["date"] == "2026-01-15" and out["may_apply_on_date"] is True
    assert out["publication_ends"]["basis"], "each answer names its basis"


def test_ordinary_penalty_before_change_asked_after_gets_lighter_rule(store: Store) -> None:
    assert _periods(store, "repair-2026-ordinary") == ("P3M", "P1Y")
    out = _repair(store, "penalty/test-ordinary-2025", "2026-05-01")
    assert out["rule_at_start"]["uri"] == RR + "ndrc-2023-58-penalty"
    assert out["rule_on_date"]["uri"] == RR + "repair-2026-ordinary"
    assert out["applied_rule"] == RR + "repair-2026-ordinary"
    assert out["publication_ends"]["max"] == "2026-10-15"
    pub = next(r for r in out["date_rules"] if r["applies_to"] == "publication")
    assert "lighter" in pub["message"]["en"] and "较轻" in pub["message"]["zh"]
    assert pub["source"]["uri"].endswith("/立法法/2023-03-13/art_104")
    proc = next(r for r in out["date_rules"] if r["applies_to"] == "repair-procedure")
    assert proc["rule"] == RR + "repair-2026-ordinary"


def test_serious_listing_before_change_keeps_its_period_when_new_rule_not_lighter(store: Store) -> None:
    assert _periods(store, "repair-2026-serious")[1] == _periods(store, "fgbcj-2019-527-serious")[1] == "P3Y"
    out = _repair(store, "list-entry/test-arrears-1", "2026-05-01")
    assert out["applied_rule"] == RR + "fgbcj-2019-527-serious"
    assert out["publication_ends"]["max"] == "2024-01-10"
    assert out["published_on_date"] is False and out["may_apply_on_date"] is False
    pub = next(r for r in out["date_rules"] if r["applies_to"] == "publication")
    assert "not lighter" in pub["message"]["en"]
    assert any(req["zh"] for req in out["requirements"])  # the list's exit condition


def test_penalty_after_change_uses_new_rule(store: Store) -> None:
    out = _repair(store, "penalty/test-ordinary-2026", "2026-06-01")
    assert out["applied_rule"] == RR + "repair-2026-ordinary"
    assert out["publication_ends"]["min"] == "2026-08-10" and out["publication_ends"]["max"] == "2027-05-10"
    assert out["may_apply_on_date"] is False and out["published_on_date"] is True
    assert any("2025" in (b.get("document_number") or "") for b in out["may_apply_from"]["basis"])


def test_asked_before_publication_began(store: Store) -> None:
    out = _repair(store, "penalty/test-ordinary-2026", "2026-03-01")
    assert out["rule_on_date"]["uri"] == RR + "ndrc-2023-58-penalty"
    assert out["applied_rule"] == RR + "repair-2026-ordinary"
    assert out["published_on_date"] is False and "note_start" in out


def test_minor_tier_before_and_after_change(store: Store) -> None:
    before = _repair(store, "penalty/test-minor-2025", "2026-01-01")
    after = _repair(store, "penalty/test-minor-2025", "2026-05-01")
    # market-regulation minor rule applies before; from 2026-04-01 the general minor rule (max 3 months) too
    assert after["rule_on_date"]["uri"] == RR + "repair-2026-minor"
    assert after["publication_ends"]["max"] <= before["publication_ends"]["max"]


def test_repaired_entry_is_no_longer_published(store: Store) -> None:
    out = _repair(store, "list-entry/test-defaulter-repaired", "2024-07-01")
    assert out["ended_on"] == "2024-06-01" and out["published_on_date"] is False


def test_not_a_repairable_record(store: Store) -> None:
    from service.domain.errors import InvalidValue

    with pytest.raises(InvalidValue):
        _repair(store, "measure/test-director-ban", "2026-01-01")
