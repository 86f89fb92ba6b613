"""Local regulations that widen credit punishment beyond what the framework allows.

Scans every local-regulation article the finder classifies. An article that sets up a
list or imposes (joint) punishment, without tying it to one of the four permitted
domains, is a *violation* (lists and joint punishment must stay inside the four
domains; rights-reducing measures need a basis in 法律/行政法规). An article that only
brings behaviour into credit records is allowed for a local regulation but listed for
*review* (records of everyday behaviour). The local social-credit regulations
themselves, which set up the local framework, are not listed for review.
"""

from __future__ import annotations

import re

from service.analytics.consistency.base import Check, Finding_, Inputs

FOUR_DOMAINS = re.compile(
    r"身体健康|生命安全|公平竞争|市场(?:公平)?竞争秩序|社会正常秩序|公信力|国防义务|"
    r"失信被执行人|人民法院[^。；]{0,20}(?:判决|裁定|生效)")
LAW_BASIS = re.compile(r"(?:依照|根据|按照)[^。；]{0,6}法律、行政法规[^。；]{0,10}(?:规定)?")
FRAMEWORK_TITLE = re.compile(r"信用")


def run(inp: Inputs) -> list[Finding_]:
    if inp.view is None or inp.found is None:
        return []
    view = inp.view
    out: list[Finding_] = []
    for uri, f in sorted(inp.found.items()):
        w = view.work_of(uri)
        if w is None or w.level != "local":
            continue
        art = view.article_of(uri)
        text = art.text if art else ""
        punitive: list[str] = [c for c in ("list", "sanction") if c in f.classes]
        evidence: dict[str, str]
        if punitive:
            if FOUR_DOMAINS.search(text):
                continue
            severity = "review" if LAW_BASIS.search(text) else "violation"
            reason = {"zh": "设立名单或实施惩戒，未限定于四类严重失信领域" +
                            ("（援引法律、行政法规，需复核）" if severity == "review" else ""),
                      "en": "sets up a list or imposes punishment outside the four permitted domains" +
                            (" (cites laws/administrative regulations: review)" if severity == "review" else "")}
            evidence = {c: f.evidence[c] for c in punitive}
        elif "records" in f.classes and not FRAMEWORK_TITLE.search(w.title):
            severity = "review"
            reason = {"zh": "将行为信息纳入信用记录（地方性法规可为依据），列出供复核",
                      "en": "brings behaviour into credit records (a local regulation may do so); listed for review"}
            evidence = {"records": f.evidence["records"]}
        else:
            continue
        out.append({"provision": uri, "law": w.title, "region": w.region, "number": art.number if art else "",
                    "severity": severity, "classes": f.classes, "evidence": evidence, "reason": reason})
    return out


CHECK = Check(
    id="local-overreach",
    title={"zh": "地方性法规越权设置名单或惩戒", "en": "Local over-reach: lists and punishment in local regulations"},
    description={"zh": "扫描全部地方性法规：在四类领域之外设立名单、实施联合惩戒或缺乏法律、行政法规依据的减损权益措施为违规；仅将日常行为纳入信用记录者列为待复核（单独的严重程度）。",
                 "en": "Scans all local regulations: lists or joint punishment outside the four domains, or rights-reducing measures without a basis in a law or administrative regulation, are violations; provisions that merely bring everyday behaviour into credit records are listed for review (a separate severity)."},
    severity="violation",
    run=run,
    source="https://w3id.org/creditbasis/id/clause/GBF-2020-49-2-3",
    needs_corpus=True,
)
