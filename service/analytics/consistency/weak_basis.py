"""Sanction measures resting only on normative documents or department rules."""

from __future__ import annotations

from collections import defaultdict

from service.analytics.consistency.base import Check, Finding_, Inputs
from service.analytics.facts import basis_type, local

WEAK = {"normative-document", "department-rule", "local-government-rule"}


def run(inp: Inputs) -> list[Finding_]:
    bases: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for r in inp.facts.measures:
        labels[r["measure"]] = r.get("label", "")
        kinds[r["measure"]] = local(r.get("kind"))
        if r.get("basis"):
            bases[r["measure"]].add(r["basis"])
    out: list[Finding_] = []
    for m, bs in sorted(bases.items()):
        types = {b: basis_type(b, inp.facts.clause_types) for b in bs}
        if types and all(t in WEAK for t in types.values()):
            out.append({"measure": m, "label": labels[m], "kind": kinds[m],
                        "bases": [{"uri": b, "type": t} for b, t in sorted(types.items())]})
    return out


CHECK = Check(
    id="weak-basis-measures",
    title={"zh": "仅以规范性文件或部门规章为依据的惩戒措施", "en": "Measures resting only on normative documents or department rules"},
    description={"zh": "减损权益或增加义务的惩戒措施应当直接援引法律、行政法规或国务院决定、命令的条款；所有依据均为规范性文件、部门规章或地方政府规章的措施被列出。",
                 "en": "A measure that reduces rights or adds obligations must cite a clause of a law, an administrative regulation or a State Council decision or order; measures whose every basis is a normative document, department rule or local government rule are listed."},
    severity="violation",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/GBF-2020-49-2-4",
)
