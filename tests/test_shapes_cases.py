"""Data-driven: each folder of tests/cases/validation holds a broken record (or the valid bundle)
and the exact results the shapes must give (shape + focus + severity)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.domain.validation import validate
from service.domain.validation.context import store_context
from service.domain.validation.records import parse_records

CASES = Path(__file__).parent / "cases" / "validation"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def test_enough_broken_cases() -> None:
    broken = [d for d in CASE_DIRS if json.loads((d / "expected.json").read_text("utf-8"))["expected"]]
    assert len(broken) >= 40, f"only {len(broken)} broken-record cases"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[d.name for d in CASE_DIRS])
def test_case(store: Any, case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    inp = next(case.glob("input.*"))
    fmt = {".ttl": "turtle", ".jsonld": "json-ld"}.get(inp.suffix, "json")
    result = validate(parse_records(inp.read_bytes(), fmt), store_context(store),
                      date=expected.get("date")).as_dict()
    got = sorted((r["shape"], r["focus"], r["severity"]) for r in result["results"])
    want = sorted((e["shape"], e["focus"], e["severity"]) for e in expected["expected"])
    assert got == want
    assert result["conforms"] == (not any(s == "Violation" for _, _, s in want))
    for r in result["results"]:
        assert r["message"]["zh"] and r["message"]["en"] and r["source"]
