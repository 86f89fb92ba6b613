"""The proof tree of one record: claim, verdict, steps, basis, repair, dates and date rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from service.domain.errors import InvalidValue
from service.domain.explain.chain import (
    Proof,
    basis_steps,
    catalogue_steps,
    category_steps,
    entry_current_step,
    label,
    procedure_steps,
    subject_step,
)
from service.domain.explain.records import Facts, MemoryStore, Node
from service.domain.explain.rules import (
    LEGISLATION_LAW_104,
    PENALTY_LAW_37,
    measure_basis_types,
    source_ref,
)
from service.domain.laws import parse_date, snapshot_note
from service.store.base import Store
from service.vocab import CB

VERDICT = {True: {"code": "lawful", "en": "lawful as recorded", "zh": "依记录合法有据"},
           False: {"code": "not-lawful", "en": "not lawful as recorded", "zh": "依记录不合法或依据不足"}}
KINDS = (
    (CB + "SanctionDecision", "decision"), (CB + "ListEntry", "list-entry"),
    (CB + "SanctionMeasure", "measure"), (CB + "ListCategory", "list-category"),
    (CB + "CatalogueItem", "catalogue-item"),
)


def record_kind(node: Node) -> str:
    for cls, kind in KINDS:
        if node.is_a(cls):
            return kind
    if node.is_a(CB + "PenaltyRecord"):
        raise InvalidValue(f"{node.iri} 是行政处罚记录：其公示期限与信用修复见 /api/repair。",
                           f"{node.iri} is a penalty record: see /api/repair for its publication and repair.")
    raise InvalidValue(
        f"{node.iri} 不是可解释的记录（惩戒决定、名单条目、措施、名单类别、目录条目或处罚记录）。",
        f"{node.iri} is not a record that can be explained (decision, list entry, measure, list category, catalogue item or penalty record).")


def _date_rule(p: Proof, applies_to: str, date: str, zh: str, en: str, src: Any = None,
               rule: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"applies_to": applies_to, "date": date, "message": {"zh": zh, "en": en}}
    if rule:
        out["rule"] = rule
    if src is not None:
        out["source"] = source_ref(p.store, p.facts, src, date)
    return out


def _decision(p: Proof, dec: Node, asked: str | None) -> tuple[dict[str, str], list[dict[str, Any]], Node | None]:
    f = p.facts
    decided = dec.one(CB + "decisionDate")
    conduct = dec.one(CB + "conductDate")
    measure = f.get(dec.one(CB + "measure") or "")
    entry_iri = dec.one(CB + "basedOnEntry")
    rules = [
        _date_rule(p, "versions", p.date,
                   f"法律版本、名单条目和措施按{p.date}确定（{'所问日期' if asked else '决定日期'}）。",
                   f"Law versions, list entries and measures are those in force on {p.date} ({'the date asked' if asked else 'the decision date'}).",
                   rule="versions-on-date"),
        _date_rule(p, "procedure", decided or p.date,
                   f"程序（告知、异议）按决定之日（{decided or p.date}）的规定判断。",
                   f"Procedure (notice, objection) is judged under the rules of the decision date ({decided or p.date}).",
                   rule="procedure-at-decision"),
    ]
    if conduct:
        rules.append(_date_rule(
            p, "conduct", conduct,
            f"行为是否应受惩戒按行为发生时（{conduct}）的规定判断，不溯及既往；决定时的新规定较轻的，适用新规定。",
            f"Whether the conduct was sanctionable is judged under the rules of the conduct date ({conduct}), without retroactivity; a lighter rule in force at the decision applies instead.",
            LEGISLATION_LAW_104, rule="no-retroactivity"))
        rules.append(_date_rule(p, "conduct", conduct, "从旧兼从轻。", "Old law unless the new one is lighter.",
                                PENALTY_LAW_37, rule="lighter-new-rule"))
    mz = label(measure, "zh") if measure else "（未载明）"
    me = label(measure, "en") if measure else "(none)"
    claim = {"zh": f"惩戒决定适用措施“{mz}”合法有据", "en": f"The sanction decision applying '{me}' is lawful"}
    if measure is None or not measure.is_a(CB + "SanctionMeasure"):
        p.step("measure-named", False, "决定未载明已知的惩戒措施。", "The decision names no known sanction measure.",
               facts=dec.facts(CB + "measure"))
    else:
        p.step("measure-named", True, f"决定适用措施“{mz}”。", f"The decision applies the measure '{me}'.",
               facts=dec.facts(CB + "measure"))
        bodies, by = measure.all(CB + "implementingBody"), dec.one(CB + "decidedBy")
        if bodies and by:
            ok = by in bodies
            bz, be = label(f.get(by), "zh") or by, label(f.get(by), "en") or by
            p.step("decided-by", ok,
                   f"作出决定的机关（{bz}）{'是' if ok else '不是'}该措施的实施机关。",
                   f"The deciding body ({be}) {'is' if ok else 'is not'} a body that implements the measure.",
                   facts=dec.facts(CB + "decidedBy") + measure.facts(CB + "implementingBody"))
    subject_step(p, dec)
    own = dec.all(CB + "legalBasis")
    if own:
        p.step("decision-cites-basis", True, "决定直接引用了其依据条款。", "The decision cites the clause it rests on.",
               facts=dec.facts(CB + "legalBasis"))
    else:
        p.step("decision-cites-basis", False,
               "决定本身未引用依据条款（失信惩戒决定须直接引用所依据的法律条款）；以下按措施所载依据核查其余环节。",
               "The decision itself cites no basis clause (a sanction decision must cite the clause it rests on); "
               "the rest of the chain is checked against the measure's basis.", facts=[])
    bases = own or (measure.all(CB + "legalBasis") if measure else [])
    basis_steps(p, bases, p.date, conduct,
                accepted=measure_basis_types(measure.one(CB + "measureKind") if measure else None))
    entry = f.get(entry_iri) if entry_iri else None
    if entry is None and measure is not None:
        subj = dec.one(CB + "subject")
        cats = set(measure.all(CB + "triggeredBy"))
        for e in f.entries_of_subject(subj) if subj else []:
            n = f.get(e)
            if n is not None and n.one(CB + "listCategory") in cats:
                entry = n
                break
    cat: Node | None = None
    if entry is None:
        if measure is not None and measure.one(CB + "triggeringBehaviour") and not measure.all(CB + "triggeredBy"):
            p.step("entry-linked", True, "该措施由具体失信行为触发，不以名单为前提。",
                   "The measure is triggered by conduct, not by a list entry.", facts=measure.facts(CB + "triggeringBehaviour"))
        else:
            p.step("entry-linked", False, "决定未基于该主体的名单条目。",
                   "The decision rests on no list entry of the subject.", facts=dec.facts(CB + "basedOnEntry", CB + "subject"))
    else:
        same = entry.one(CB + "subject") == dec.one(CB + "subject")
        p.step("entry-linked", same,
               "决定基于同一主体的名单条目。" if same else "名单条目的主体与决定的主体不一致。",
               "The decision rests on a list entry of the same subject." if same else "The list entry is about another subject than the decision.",
               facts=dec.facts(CB + "basedOnEntry", CB + "subject") + entry.facts(CB + "subject"))
        entry_current_step(p, entry, p.date)
        cat = f.get(entry.one(CB + "listCategory") or "")
        if cat is not None and measure is not None:
            trig = measure.all(CB + "triggeredBy")
            ok = not trig or cat.iri in trig
            p.step("category-matches", ok,
                   f"措施由名单“{label(cat, 'zh')}”触发。" if ok else f"措施并非由名单“{label(cat, 'zh')}”触发。",
                   f"The measure is triggered by the list '{label(cat, 'en')}'." if ok else f"The measure is not triggered by the list '{label(cat, 'en')}'.",
                   facts=measure.facts(CB + "triggeredBy") + entry.facts(CB + "listCategory"))
        if cat is not None:
            category_steps(p, cat, entry.one(CB + "listedOn") or p.date)
    procedure_steps(p, cat, [dec, *([entry] if entry else [])], decided)
    return claim, rules, entry


def _entry(p: Proof, entry: Node, asked: str | None) -> tuple[dict[str, str], list[dict[str, Any]]]:
    listed = entry.one(CB + "listedOn") or p.date
    cat = p.facts.get(entry.one(CB + "listCategory") or "")
    cz, ce = (label(cat, "zh"), label(cat, "en")) if cat else ("（未载明）", "(none)")
    claim = {"zh": f"主体列入名单“{cz}”合法有据，且在{p.date}仍有效",
             "en": f"The subject is lawfully on the list '{ce}' and the entry is current on {p.date}"}
    rules = [
        _date_rule(p, "listing", listed, f"认定标准按列入之日（{listed}）的有效版本判断。",
                   f"The identification standard is judged in its version in force on the listing date ({listed}).",
                   rule="standard-at-listing"),
        _date_rule(p, "versions", p.date, f"条目是否仍有效按{p.date}判断。",
                   f"Whether the entry is current is judged on {p.date}.", rule="versions-on-date"),
    ]
    if cat is None:
        p.step("entry-linked", False, "名单条目未载明已知的名单类别。", "The list entry names no known list category.",
               facts=entry.facts(CB + "listCategory"))
    else:
        category_steps(p, cat, listed)
    procedure_steps(p, cat, [entry], listed)
    entry_current_step(p, entry, p.date)
    return claim, rules


def explain(store: Store, *, iri: str, date: str | None = None,
            overlay: MemoryStore | None = None) -> dict[str, Any]:
    """`GET /api/explain`: the proof tree for one record on a date."""
    from service.domain.about import data_version

    if date:
        date = parse_date(date)
    facts = Facts(store, overlay)
    node = facts.need(iri)
    kind = record_kind(node)
    own = node.one(CB + "decisionDate") or node.one(CB + "listedOn")
    day = date or own or dt.date.today().isoformat()
    p = Proof(store, facts, day)
    rules: list[dict[str, Any]]
    entry: Node | None = None
    if kind == "decision":
        claim, rules, entry = _decision(p, node, date)
    elif kind == "list-entry":
        claim, rules = _entry(p, node, date)
        entry = node
    elif kind == "measure":
        claim = {"zh": f"惩戒措施“{label(node, 'zh')}”在{day}有合法依据",
                 "en": f"The sanction measure '{label(node, 'en')}' has a valid legal basis on {day}"}
        rules = [_date_rule(p, "versions", day, f"依据按{day}的有效版本判断。",
                            f"The basis is judged in its version in force on {day}.", rule="versions-on-date")]
        asked = ("所问日期", "date asked")
        basis_steps(p, node.all(CB + "legalBasis"), day, None, when=asked,
                    accepted=measure_basis_types(node.one(CB + "measureKind")))
        for c in node.all(CB + "triggeredBy"):
            cat = facts.get(c)
            if cat is not None:
                category_steps(p, cat, day, when=asked)
    elif kind == "list-category":
        claim = {"zh": f"名单“{label(node, 'zh')}”在{day}有合法的认定标准且属于允许领域",
                 "en": f"The list '{label(node, 'en')}' has a valid identification standard on {day} and a permitted domain"}
        rules = [_date_rule(p, "versions", day, f"认定标准按{day}的有效版本判断。",
                            f"The standard is judged in its version in force on {day}.", rule="versions-on-date")]
        category_steps(p, node, day, when=("所问日期", "date asked"))
    else:
        claim = {"zh": f"公共信用信息目录条目“{label(node, 'zh')}”在{day}有合法依据",
                 "en": f"The catalogue item '{label(node, 'en')}' has a valid basis on {day}"}
        rules = [_date_rule(p, "versions", day, f"依据按{day}的有效版本判断。",
                            f"The basis is judged in its version in force on {day}.", rule="versions-on-date")]
        catalogue_steps(p, node, day)
    out: dict[str, Any] = {
        "uri": iri, "kind": kind, "claim": claim,
        "verdict": VERDICT[p.ok]["en"], "verdict_code": VERDICT[p.ok]["code"],
        "verdict_label": {"zh": VERDICT[p.ok]["zh"], "en": VERDICT[p.ok]["en"]},
        "failed": list(dict.fromkeys(s["rule"]["id"] for s in p.steps
                                     if not s["ok"] and s["severity"] == "required")),
        "because": p.steps,
        "basis": list(p.basis.values()),
        "repair": None,
        "date": day,
        "date_given": date is not None,
        "date_rules": rules,
        "data_version": data_version(store),
    }
    if kind in ("decision", "list-entry") and entry is not None:
        from service.domain.repair import repair_for

        out["repair"] = repair_for(store, facts, entry, day)
    note = snapshot_note(day)
    if note:
        out["note"] = note
    return out
