"""Explanations of the curated records (measures, list categories, catalogue items) and of
synthetic decisions built on them: every record explains, and seeded faults are found."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from service.domain.explain import explain
from service.domain.explain.records import Facts, MemoryStore
from service.store.base import Store
from service.vocab import CB

KINDS = ("SanctionMeasure", "ListCategory", "CatalogueItem")
FAULT_RULES = {
    "entry-exited": {"entry-current"}, "entry-later": {"entry-current"},
    "wrong-category": {"category-matches"}, "unknown-basis": {"basis-type", "basis-in-force"},
    "entry-other-subject": {"entry-linked"}, "unknown-measure": {"measure-named"},
    "body-mismatch": {"decided-by"}, "uscc-check-digit": {"subject-identified"},
}


def _check_tree(tree: dict[str, Any]) -> None:
    assert tree["verdict_code"] in ("lawful", "not-lawful")
    required_fail = [s for s in tree["because"] if not s["ok"] and s["severity"] == "required"]
    assert (tree["verdict_code"] == "lawful") == (not required_fail)
    for s in tree["because"]:
        assert s["rule"]["id"] and (s["source"]["uri"] or s["source"]["citation"])
        assert s["message"]["zh"] and s["message"]["en"]
        for inf in s.get("inferred", []):
            assert inf["justification"]["rule"]
    for b in tree["basis"]:
        assert b["uri"] and "in_force_on_date" in b
        if b["kind"] in ("article", "paragraph", "item"):
            assert b["text"] and b["version_uri"] and b["uri"].startswith(b["version_uri"] + "/")


def test_every_curated_record_explains(store: Store) -> None:
    facts = Facts(store)
    records = [r for k in KINDS for r in facts.records_of_type(CB + k)]
    assert len(records) >= 20, "the curated data should hold at least 20 explainable records"
    verdicts = set()
    for iri in records:
        tree = explain(store, iri=iri, date="2024-06-01")
        _check_tree(tree)
        verdicts.add(tree["verdict_code"])
    assert verdicts == {"lawful", "not-lawful"}


def test_measure_with_bases_in_two_versions(store: Store) -> None:
    """A measure citing 公司法 2018 and 2023: on each date the version then in force carries it."""
    iri = "https://w3id.org/creditbasis/id/measure/no-company-officer-debtor"
    if Facts(store).get(iri) is None:
        pytest.skip("curated measure no-company-officer-debtor not in the data")
    for date, good in (("2024-03-01", "/2018-10-26/"), ("2024-08-01", "/2023-12-29/")):
        tree = explain(store, iri=iri, date=date)
        assert "basis-in-force" not in tree["failed"]
        held = [s for s in tree["because"] if s["rule"]["id"] == "basis-in-force" and s["ok"]]
        assert held and all(s["facts"][0]["s"].endswith(good.rstrip("/")) for s in held)
        warned = [s for s in tree["because"] if s["rule"]["id"] == "basis-in-force" and not s["ok"]]
        assert warned and all(s["severity"] == "warning" for s in warned)


def test_synthetic_faults_are_found(store: Store) -> None:
    from service.domain.synthetic import generate
    from service.domain.validation.context import store_context

    syn = generate(store_context(store), 80, seed=11, fault_share=0.6)
    mem = MemoryStore()
    mem.load(syn.ntriples, ox.RdfFormat.N_TRIPLES)
    checked = 0
    for dec, fault in syn.faults.items():
        if fault not in FAULT_RULES:
            continue
        tree = explain(store, iri=dec, overlay=mem)
        _check_tree(tree)
        assert tree["verdict_code"] == "not-lawful", (dec, fault)
        assert FAULT_RULES[fault] & set(tree["failed"]), (dec, fault, tree["failed"])
        checked += 1
    assert checked >= 10
    clean = [d for d in mem.subjects_of_type(CB + "SanctionDecision") if d not in syn.faults][:10]
    for dec in clean:
        tree = explain(store, iri=dec, overlay=mem)
        # a clean synthetic decision never fails on its links or dates
        assert not set(tree["failed"]) & {"entry-current", "category-matches", "entry-linked",
                                          "measure-named", "basis-in-force", "decided-by"}, (dec, tree["failed"])
