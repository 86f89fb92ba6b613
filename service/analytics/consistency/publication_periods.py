"""Conflicting publication periods for the same information."""

from __future__ import annotations

from itertools import combinations

from service.analytics.consistency.base import Check, Finding_, Inputs
from service.analytics.facts import local


def _overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    a0, a1 = a.get("valid_from") or "0000", a.get("valid_until") or "9999"
    b0, b1 = b.get("valid_from") or "0000", b.get("valid_until") or "9999"
    return a0 < b1 and b0 < a1


def run(inp: Inputs) -> list[Finding_]:
    rules: dict[str, dict[str, str]] = {}
    for r in inp.facts.repair_rules:
        rules.setdefault(r["rule"], dict(r))
    out: list[Finding_] = []
    for a, b in combinations(sorted(rules.values(), key=lambda r: r["rule"]), 2):
        same_info = a.get("tier") == b.get("tier") and a.get("category") == b.get("category")
        if not same_info or not _overlap(a, b):
            continue
        if not (a.get("min") or a.get("max")) or not (b.get("min") or b.get("max")):
            continue  # a rule without publication periods (e.g. a retention rule) is other information
        if (a.get("min"), a.get("max")) == (b.get("min"), b.get("max")):
            continue
        out.append({
            "tier": local(a.get("tier")) or None, "category": a.get("category"),
            "rules": [{"uri": r["rule"], "label": r.get("label", ""), "min": r.get("min"),
                       "max": r.get("max"), "valid_from": r.get("valid_from"),
                       "valid_until": r.get("valid_until")} for r in (a, b)],
        })
    return out


CHECK = Check(
    id="conflicting-publication-periods",
    title={"zh": "同一信息公示期限相互冲突", "en": "Conflicting publication periods for the same information"},
    description={"zh": "同一等级、同一类别的失信信息在重叠的适用期间内被两条规则规定了不同的最短或最长公示期。",
                 "en": "Two rules valid over overlapping periods set different minimum or maximum publication periods for the same tier and category of information."},
    severity="warning",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/gbf-2025-22-tiers",
)
