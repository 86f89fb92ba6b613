"""List categories outside the four permitted domains."""

from __future__ import annotations

from collections import defaultdict

from service.analytics.consistency.base import Check, Finding_, Inputs
from service.vocab import CB

PERMITTED = {CB + "domain-health-safety", CB + "domain-market-order",
             CB + "domain-refusing-obligations", CB + "domain-national-defence"}


def run(inp: Inputs) -> list[Finding_]:
    cats: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in inp.facts.lists:
        c = cats[r["category"]]
        for k in ("label", "domain", "basis", "local_only", "serious"):
            if r.get(k):
                c[k].add(r[k])
    out: list[Finding_] = []
    for uri, c in sorted(cats.items()):
        domains = c["domain"]
        if domains and domains <= PERMITTED:
            continue
        out.append({"category": uri, "label": next(iter(c["label"]), ""),
                    "domains": sorted(d.rsplit("#", 1)[-1] for d in domains) or ["none"],
                    "serious": "true" in c["serious"], "local_only": "true" in c["local_only"],
                    "bases": sorted(c["basis"])})
    return out


CHECK = Check(
    id="list-outside-domains",
    title={"zh": "四类领域之外的失信名单", "en": "List categories outside the four domains"},
    description={"zh": "严重失信主体名单只能针对危害健康安全、破坏市场秩序、拒不履行法定义务、拒不履行国防义务四类行为设立；其他领域或未标明领域的名单类别被列出。",
                 "en": "Serious dishonesty lists may only cover endangering health and safety, undermining market order, refusing statutory obligations, or refusing national-defence obligations; list categories in another or no domain are listed."},
    severity="violation",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/GBF-2020-49-2-3",
)
