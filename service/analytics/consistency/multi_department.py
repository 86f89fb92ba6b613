"""Same behaviour sanctioned by several departments on different legal bases."""

from __future__ import annotations

from collections import defaultdict

from service.analytics.consistency.base import Check, Finding_, Inputs
from service.analytics.facts import local


def run(inp: Inputs) -> list[Finding_]:
    # behaviour key: the triggering list category, else the triggering behaviour text
    groups: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    labels: dict[str, str] = {}
    for r in inp.facts.measures:
        key = r.get("trigger") or r.get("behaviour")
        if not key or not r.get("dept"):
            continue
        labels[r["measure"]] = r.get("label", "")
        groups[key][r["dept"]][r["measure"]].update([r["basis"]] if r.get("basis") else [])
    out: list[Finding_] = []
    for key, by_dept in sorted(groups.items()):
        if len(by_dept) < 2:
            continue
        basis_sets = {d: frozenset(b for bs in ms.values() for b in bs) for d, ms in by_dept.items()}
        if len(set(basis_sets.values())) < 2:
            continue  # all departments act on the same bases
        out.append({
            "behaviour": key,
            "departments": [
                {"department": local(d), "measures": [{"uri": m, "label": labels.get(m, ""),
                                                        "bases": sorted(bs)} for m, bs in sorted(ms.items())]}
                for d, ms in sorted(by_dept.items())],
        })
    return out


CHECK = Check(
    id="multi-department-basis",
    title={"zh": "同一行为多部门依不同依据惩戒", "en": "Same behaviour sanctioned by several departments on different bases"},
    description={"zh": "同一触发名单或失信行为，由两个以上部门分别依不同条款设定惩戒措施，可能造成重复惩戒或过惩不当。",
                 "en": "One triggering list or behaviour is sanctioned by two or more departments, each citing different provisions: a risk of duplicated or disproportionate punishment."},
    severity="warning",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/GBF-2020-49-2-4",
)
