"""Decisions citing a superseded version of a provision."""

from __future__ import annotations

from service.analytics.consistency.base import Check, Finding_, Inputs
from service.analytics.facts import local


def run(inp: Inputs) -> list[Finding_]:
    if inp.view is None:
        return []
    view = inp.view
    until: dict[str, tuple[str | None, str | None, str | None]] = {}
    out: list[Finding_] = []
    for d in inp.facts.decisions.values():
        if d.date is None:
            continue
        bad = []
        for b in d.bases:
            if b not in until:
                v = view.version_of(b)
                nxt = None
                if v is not None and v.in_force_until:
                    w = view.works[v.work]
                    later = [x for x in w.versions if (x.in_force_from or "") >= v.in_force_until]
                    nxt = later[0].uri if later else None
                until[b] = (v.in_force_until if v else None, v.uri if v else None, nxt)
            end, vuri, nxt = until[b]
            if end is not None and d.date >= end:
                bad.append({"basis": b, "version": vuri, "in_force_until": end, "superseded_by": nxt})
        if bad:
            out.append({"decision": d.iri, "date": d.date, "department": local(d.dept), "bases": bad})
    return out


CHECK = Check(
    id="superseded-basis-decisions",
    title={"zh": "决定援引已失效版本", "en": "Decisions citing superseded versions"},
    description={"zh": "惩戒决定作出之日，其所援引条款所属版本已被修订或废止（不再有效）。",
                 "en": "On the decision date, the version of a provision the decision cites had already been amended or repealed."},
    severity="violation",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/GBF-2020-49-2-4",
    needs_corpus=True,
)
