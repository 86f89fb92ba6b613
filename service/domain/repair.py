"""Credit repair calculator: when publication ends, from when repair may be sought, what to show.

The rules are data: ``cb:RepairRule`` records (tier, minimum and maximum publication,
``cb:validFrom``/``cb:validUntil``, legal basis). Which rule governs what:

* the publication period is fixed by the rule in force when publication began (the
  penalty decision or listing date) — unless the rule in force on the date asked is
  lighter for the subject (shorter maximum), which then applies (立法法 第一百零四条 exception:
  a later rule that better protects rights may apply to earlier facts);
* the repair procedure (from when and how to apply) is that of the rule in force on the
  date asked, as an application is made under the procedure then in force.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from service.domain.errors import InvalidValue
from service.domain.explain.pointintime import basis_info
from service.domain.explain.records import Facts, MemoryStore, Node
from service.domain.explain.rules import LEGISLATION_LAW_104, source_ref
from service.domain.laws import parse_date, snapshot_note
from service.store.base import Store
from service.vocab import CB, DCTERMS, RDFS, SKOS

_DUR = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_duration(text: str) -> tuple[int, int]:
    """``(months, days)`` of an xsd:duration without a time part (P3M, P1Y, P1Y6M, P15D)."""
    m = _DUR.match(text.strip())
    if not m or text.strip() == "P":
        raise ValueError(f"unsupported duration {text!r}")
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return y * 12 + mo, w * 7 + d


def add_duration(start: str, text: str) -> str:
    months, days = parse_duration(text)
    d = dt.date.fromisoformat(start)
    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return (dt.date(year, month, day) + dt.timedelta(days=days)).isoformat()


def _months(text: str | None) -> float:
    if not text:
        return 0.0
    months, days = parse_duration(text)
    return months + days / 30.0


def _valid_on(rule: Node, date: str) -> bool:
    """``cb:validUntil`` is the last day a rule applies (inclusive)."""
    start = rule.one(CB + "validFrom")
    end = rule.one(CB + "validUntil")
    return (start is None or start <= date) and (end is None or date <= end)


def _publication_rules(facts: Facts, tier: str) -> list[Node]:
    """Repair rules with publication periods for ``tier``; the general regime first.

    Several rules may apply to a tier on one date (a sector's own rule beside the general
    one). The general regime is the chain of rules linked by ``cb:supersedes`` /
    ``cb:supersededBy``; sector rules follow, then the rest in data order.
    """
    rules = [n for n in (facts.get(i) for i in facts.records_of_type(CB + "RepairRule"))
             if n is not None and tier in n.all(CB + "tier")
             and (n.one(CB + "minPublication") or n.one(CB + "maxPublication"))]
    chained = {r.iri for r in rules if r.all(CB + "supersedes") or r.all(CB + "supersededBy")}
    for r in rules:
        chained.update(i for i in r.all(CB + "supersededBy") + r.all(CB + "supersedes"))
    return sorted(rules, key=lambda r: (r.iri not in chained, not r.one(CB + "minPublication")))


def _rule_view(store: Store, facts: Facts, rule: Node, date: str) -> dict[str, Any]:
    return {
        "uri": rule.iri,
        "label": {"zh": rule.text(RDFS + "label", "zh"), "en": rule.text(RDFS + "label", "en")},
        "tier": rule.one(CB + "tier"),
        "min_publication": rule.one(CB + "minPublication"),
        "max_publication": rule.one(CB + "maxPublication"),
        "valid_from": rule.one(CB + "validFrom"),
        "valid_until": rule.one(CB + "validUntil"),
        "basis": [basis_info(store, facts, b, date).shape for b in rule.all(CB + "legalBasis")],
    }


def _requirements(facts: Facts, rule: Node | None, cat: Node | None) -> list[dict[str, Any]]:
    """What the subject must show: the rule's own note, else the summaries of the clauses it
    rests on; and the list's exit condition."""
    out: list[dict[str, Any]] = []
    if rule is not None:
        for prop in (SKOS + "note", DCTERMS + "description", DCTERMS + "abstract"):
            zh, en = rule.text(prop, "zh"), rule.text(prop, "en")
            if zh or en:
                out.append({"from": rule.iri, "zh": zh, "en": en})
                break
        if not out:
            for b in rule.all(CB + "legalBasis"):
                clause = facts.get(b)
                if clause is not None and clause.one(DCTERMS + "abstract"):
                    out.append({"from": b, "zh": clause.text(DCTERMS + "abstract", "zh"),
                                "en": clause.text(DCTERMS + "abstract", "en")})
    if cat is not None:
        zh, en = cat.text(CB + "exitCondition", "zh"), cat.text(CB + "exitCondition", "en")
        if zh or en:
            out.append({"from": cat.iri, "zh": zh, "en": en})
    return out


def repair_for(store: Store, facts: Facts, record: Node, date: str) -> dict[str, Any]:
    """The repair answer for a list entry or penalty record on ``date`` (no data version)."""
    is_entry = record.is_a(CB + "ListEntry")
    start = record.one(CB + "listedOn") if is_entry else record.one(CB + "decisionDate")
    cat = facts.get(record.one(CB + "listCategory") or "") if is_entry else None
    tier = record.one(CB + "tier")
    if tier is None and cat is not None and cat.flag(CB + "serious"):
        tier = CB + "tier-serious"
    out: dict[str, Any] = {"record": record.iri, "kind": "list-entry" if is_entry else "penalty", "date": date,
                           "tier": tier, "publication_start": start}
    if start is None or tier is None:
        out["message"] = {"zh": "记录缺少起算日期或失信等级，无法计算。",
                          "en": "The record lacks a start date or tier; nothing can be computed."}
        return out
    rules = _publication_rules(facts, tier)
    at_start = next((r for r in rules if _valid_on(r, start)), None)
    at_date = next((r for r in rules if _valid_on(r, date)), None)
    date_rules: list[dict[str, Any]] = []
    chosen = at_start or at_date
    why_zh, why_en = "公示期按公示开始时有效的规则确定。", "The publication period follows the rule in force when publication began."
    if at_start is not None and at_date is not None and at_start.iri != at_date.iri:
        if _months(at_date.one(CB + "maxPublication")) < _months(at_start.one(CB + "maxPublication")):
            chosen = at_date
            why_zh = "公示开始后规则变更，新规则的公示期更短，对当事人较轻，适用新规则。"
            why_en = "The rules changed after publication began; the newer rule's period is shorter and lighter for the subject, so it applies."
        else:
            why_zh = "公示开始后规则变更，新规则不更轻，公示期仍按原规则确定，不溯及既往。"
            why_en = "The rules changed after publication began; the newer rule is not lighter, so the original rule keeps fixing the period (no retroactivity)."
    elif at_start is None and at_date is not None:
        why_zh = "公示开始时数据中没有该等级的规则，按所问日期有效的规则计算。"
        why_en = "No rule for this tier was in force (in the data) when publication began; the rule in force on the date asked is used."
    date_rules.append({"applies_to": "publication", "date": start, "rule": chosen.iri if chosen else None,
                       "message": {"zh": why_zh, "en": why_en},
                       "source": source_ref(store, facts, LEGISLATION_LAW_104, date)})
    procedure = at_date or chosen
    date_rules.append({"applies_to": "repair-procedure", "date": date,
                       "rule": procedure.iri if procedure else None,
                       "message": {"zh": f"申请修复的程序按所问日期（{date}）有效的规则。",
                                   "en": f"The repair procedure is that of the rule in force on the date asked ({date})."}})
    out["date_rules"] = date_rules
    out["rule_at_start"] = _rule_view(store, facts, at_start, start) if at_start else None
    out["rule_on_date"] = _rule_view(store, facts, at_date, date) if at_date else None
    out["applied_rule"] = chosen.iri if chosen else None
    out["other_rules"] = [r.iri for r in rules if r is not chosen and (_valid_on(r, start) or _valid_on(r, date))]
    if chosen is None:
        out["message"] = {"zh": f"数据中没有适用于该等级（{tier.rsplit('#', 1)[-1]}）的修复规则。",
                          "en": f"No repair rule for this tier ({tier.rsplit('#', 1)[-1]}) is in the data."}
        out["requirements"] = _requirements(facts, None, cat)
        return out
    mn, mx = chosen.one(CB + "minPublication"), chosen.one(CB + "maxPublication")
    min_end = add_duration(start, mn) if mn else start
    max_end = add_duration(start, mx) if mx else None
    basis = [basis_info(store, facts, b, start).shape for b in chosen.all(CB + "legalBasis")]
    proc_basis = [basis_info(store, facts, b, date).shape for b in procedure.all(CB + "legalBasis")] \
        if procedure is not None else basis
    ended = record.one(CB + "repairedOn") or record.one(CB + "exitedOn")
    out.update({
        "publication_ends": {"min": min_end, "max": max_end, "basis": basis,
                             "message": {"zh": f"公示期最短至{min_end}，最长至{max_end or '（无上限）'}。",
                                         "en": f"Publication runs at least until {min_end} and at most until {max_end or '(no limit)'}."}},
        "may_apply_from": {"date": min_end, "basis": proc_basis,
                           "message": {"zh": f"自{min_end}起（最短公示期届满后）可申请信用修复。",
                                       "en": f"Repair may be applied for from {min_end} (after the minimum publication period)."}},
        "requirements": _requirements(facts, procedure, cat),
        "published_on_date": (ended is None or date < ended) and (max_end is None or date < max_end),
        "may_apply_on_date": ended is None and date >= min_end and (max_end is None or date < max_end),
    })
    if ended:
        out["ended_on"] = ended
    if date < start:
        out["published_on_date"] = out["may_apply_on_date"] = False
        out["note_start"] = {"zh": f"所问日期早于公示开始日（{start}）。",
                             "en": f"The date asked is before publication began ({start})."}
    return out


def repair(store: Store, *, iri: str, date: str | None = None,
           overlay: MemoryStore | None = None) -> dict[str, Any]:
    """`GET /api/repair`: the repair answer for a list entry or penalty record."""
    from service.domain.about import data_version

    facts = Facts(store, overlay)
    node = facts.need(iri)
    if not (node.is_a(CB + "ListEntry") or node.is_a(CB + "PenaltyRecord")):
        raise InvalidValue(f"{iri} 不是名单条目或行政处罚记录。", f"{iri} is not a list entry or penalty record.")
    day = parse_date(date)
    out = repair_for(store, facts, node, day)
    note = snapshot_note(day)
    if note:
        out["note"] = note
    out["data_version"] = data_version(store)
    return out
