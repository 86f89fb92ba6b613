"""The proof chains: decision → measure → basis → list entry → category → standard → domain.

Each check appends one step to a :class:`Proof`; a failing link is a step with
``ok: false`` (the verdict is then "not lawful as recorded"), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.domain.explain.justify import higher_types, part_of
from service.domain.explain.pointintime import Basis, basis_info, counterpart, version_on
from service.domain.explain.records import Facts, Node
from service.domain.explain.rules import (
    CATALOGUE_TYPES,
    MEASURE_TYPES,
    PERMITTED_DOMAINS,
    RULES,
    STANDARD_INTERIM_TYPES,
    STANDARD_TYPES,
    rule_ref,
)
from service.domain.uscc import valid_uscc
from service.iri import TYPE_LABELS, type_iri
from service.store.base import Store
from service.vocab import CB, ELI, RDFS, SKOS

TYPE_EN = {"law": "law", "admin-regulation": "administrative regulation",
           "state-council-decision": "State Council decision", "central-policy": "central policy document",
           "department-rule": "department rule", "judicial-interpretation": "judicial interpretation",
           "local-regulation": "local regulation", "local-government-rule": "local government rule",
           "normative-document": "normative document", "constitution": "Constitution"}


def _a(noun: str) -> str:
    """English indefinite article: 'an administrative regulation', 'a law'."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def type_zh(code: str | None) -> str:
    return TYPE_LABELS.get(code or "", code or "未知类型")


def type_en(code: str | None) -> str:
    return TYPE_EN.get(code or "", code or "unknown type")


@dataclass
class Proof:
    store: Store
    facts: Facts
    date: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    basis: dict[str, dict[str, Any]] = field(default_factory=dict)

    def step(self, rule_id: str, ok: bool, zh: str, en: str, *, facts: list[dict[str, str]] | None = None,
             inferred: list[dict[str, Any]] | None = None, governing_date: str | None = None,
             severity: str = "required", **extra: Any) -> dict[str, Any]:
        rule = RULES[rule_id]
        s: dict[str, Any] = {
            "rule": rule_ref(self.store, self.facts, rule, governing_date or self.date),
            "source": None, "ok": ok, "severity": severity,
            "message": {"zh": zh, "en": en}, "facts": facts or [],
        }
        s["source"] = s["rule"]["source"]
        if inferred:
            s["inferred"] = inferred
        if governing_date:
            s["governing_date"] = governing_date
        s.update(extra)
        self.steps.append(s)
        return s

    def add_basis(self, b: Basis) -> None:
        if b.uri not in self.basis:
            self.basis[b.uri] = b.shape

    @property
    def ok(self) -> bool:
        return all(s["ok"] for s in self.steps if s["severity"] == "required")


def label(node: Node | None, lang: str) -> str:
    if node is None:
        return ""
    return node.text(RDFS + "label", lang) or node.text(SKOS + "prefLabel", lang) or node.iri.rsplit("/", 1)[-1]


# ------------------------------------------------------------------ basis checks
def _type_step(p: Proof, b: Basis, accepted: tuple[str, ...], rule_id: str, what_zh: str, what_en: str,
               interim: tuple[str, ...] = (), local_ok: bool = False) -> bool:
    t = b.type_code
    facts = [{"s": b.work or b.uri, "p": ELI + "type_document", "o": type_iri(t) if t else "unknown"}]
    if b.kind == "unknown":
        p.step(rule_id, False, f"{what_zh}依据 {b.uri} 不在数据中，无法核验。",
               f"The {what_en} basis {b.uri} is not in the data and cannot be checked.", facts=facts)
        return False
    acc_zh = "、".join(type_zh(a) for a in accepted)
    acc_en = ", ".join(type_en(a) for a in accepted)
    if t in accepted or (local_ok and t == "local-regulation"):
        p.step(rule_id, True, f"{b.label()}属于{type_zh(t)}，是{what_zh}可依据的文件类型（{acc_zh}）。",
               f"{b.label()} is {_a(type_en(t))}, an accepted type for a {what_en} ({acc_en}).", facts=facts)
        return True
    if t in interim:
        p.step(rule_id, True, f"{b.label()}属于{type_zh(t)}，只能作为过渡依据，应由{acc_zh}确认。",
               f"{b.label()} is {_a(type_en(t))}: an interim basis only, to be confirmed by a {acc_en}.",
               facts=facts, severity="warning")
        return True
    inferred = higher_types(p.store, t, accepted) if t else []
    above = [f["triple"][0].rsplit("/", 1)[-1] for f in inferred]
    zh = f"{b.label()}属于{type_zh(t)}，不是{what_zh}可依据的文件类型（须为{acc_zh}）"
    en = f"{b.label()} is {_a(type_en(t))}, not an accepted type for a {what_en} (needs a {acc_en})"
    if above:
        zh += f"；其效力低于{'、'.join(type_zh(a) for a in above)}"
        en += f"; it ranks below {', '.join(type_en(a) for a in above)}"
    p.step(rule_id, False, zh + "。", en + ".", facts=facts, inferred=inferred)
    return False


def _in_force_step(p: Proof, b: Basis, date: str, rule_id: str, when_zh: str, when_en: str,
                   accept_counterpart: bool = False) -> bool:
    """Whether ``b``'s version is in force on ``date``. A standing rule (a list's standard)
    is also satisfied by its counterpart in the version then in force (``accept_counterpart``);
    the exact version a decision or measure cites is not."""
    ver = b.version or b.uri
    facts = [{"s": ver, "p": ELI + "first_date_entry_into_force", "o": b.in_force_from or ""}]
    if b.in_force_until:
        facts.append({"s": ver, "p": ELI + "date_no_longer_in_force", "o": b.in_force_until})
    inferred = []
    if b.version and b.kind in ("article", "paragraph", "item"):
        po = part_of(p.store, b.uri, b.version)
        if po:
            inferred.append(po)
    if b.in_force_on(date):
        p.step(rule_id, True, f"{b.label()}所属版本（{b.in_force_from}起施行）在{when_zh}（{date}）有效。",
               f"The version of {b.label()} (in force from {b.in_force_from}) was in force on the {when_en} ({date}).",
               facts=facts, inferred=inferred, governing_date=date)
        return True
    if b.in_force_from and date < b.in_force_from:
        zh = f"{b.label()}所属版本自{b.in_force_from}起施行，{when_zh}（{date}）尚未施行"
        en = f"The version of {b.label()} is in force from {b.in_force_from}: not yet in force on the {when_en} ({date})"
    elif b.in_force_until:
        zh = f"{b.label()}所属版本已于{b.in_force_until}失效，{when_zh}（{date}）不再有效"
        en = f"The version of {b.label()} ceased to be in force on {b.in_force_until}: no longer in force on the {when_en} ({date})"
    else:
        zh = f"{b.label()}在{when_zh}（{date}）的效力无法确定"
        en = f"Whether {b.label()} was in force on the {when_en} ({date}) cannot be established"
    cp = counterpart(p.store, b, date)
    extra: dict[str, Any] = {}
    if cp and cp.get("uri") and accept_counterpart:
        shape = cp["shape"]
        p.basis.setdefault(shape["uri"], shape)
        p.step(rule_id, True,
               f"{zh}；但当日有效版本中的对应条款{shape.get('citation')}（{shape.get('version_date')}版本，按内容匹配，相似度{cp['similarity']}）规定了相同事项，按其判断。",
               f"{en}; the counterpart in the version then in force, {shape.get('citation')} (version {shape.get('version_date')}, matched by content, similarity {cp['similarity']}), governs instead.",
               facts=facts, inferred=inferred, governing_date=date,
               counterpart={"uri": cp["uri"], "similarity": cp["similarity"], "version": cp["version"],
                            "citation": shape.get("citation"), "text": shape.get("text")})
        return True
    if cp and cp.get("uri"):
        shape = cp["shape"]
        zh += f"；当日有效版本中的对应条款为{shape.get('citation')}（{shape.get('version_date')}版本，按内容匹配，相似度{cp['similarity']}）"
        en += f"; the counterpart in the version then in force is {shape.get('citation')} (version {shape.get('version_date')}, matched by content, similarity {cp['similarity']})"
        extra["counterpart"] = {k: cp[k] for k in ("uri", "similarity", "version")}
        extra["counterpart"]["citation"] = shape.get("citation")
        extra["counterpart"]["text"] = shape.get("text")
    elif cp is not None:
        zh += "；当日有效版本中没有内容相当的条款"
        en += "; the version then in force has no provision with similar content"
        extra["counterpart"] = {"uri": None, "version": cp["version"], "similarity": cp["similarity"]}
    p.step(rule_id, False, zh + "。", en + ".", facts=facts, inferred=inferred, governing_date=date, **extra)
    return False


def _conduct_steps(p: Proof, b: Basis, conduct: str, decided: str) -> bool:
    """No retroactivity at the conduct date; the lighter newer rule where it applies."""
    facts = [{"s": b.uri, "p": CB + "conductDate", "o": conduct}]
    if b.kind not in ("article", "paragraph", "item") or b.work is None:
        ok = b.in_force_on(conduct)
        p.step("no-retroactivity", ok,
               f"{b.label()}在行为发生时（{conduct}）{'已' if ok else '尚未'}有效。",
               f"{b.label()} was {'already' if ok else 'not yet'} in force when the conduct occurred ({conduct}).",
               facts=facts, governing_date=conduct)
        return ok
    then = version_on(p.store, b.work, conduct)
    if then is None:
        p.step("no-retroactivity", False,
               f"行为发生时（{conduct}）该法律文件尚无有效版本，不得溯及既往适用{b.label()}。",
               f"When the conduct occurred ({conduct}) no version of this instrument was in force; {b.label()} cannot apply retroactively.",
               facts=facts, governing_date=conduct)
        return False
    cp_then = counterpart(p.store, b, conduct)
    if not cp_then or not cp_then.get("uri"):
        p.step("no-retroactivity", False,
               f"行为发生时（{conduct}）有效的{then.version_date}版本中没有与{b.label()}内容相当的规定，不得溯及既往。",
               f"The version of {then.version_date}, in force when the conduct occurred ({conduct}), has no rule like {b.label()}: no retroactive application.",
               facts=facts, governing_date=conduct)
        return False
    applied = cp_then["shape"]["citation"] if not cp_then.get("same_version") else b.label()
    p.step("no-retroactivity", True,
           f"行为发生时（{conduct}）适用的规定为{applied}（{then.version_date}版本），行为当时即应受惩戒。",
           f"When the conduct occurred ({conduct}) the rule was {applied} (version {then.version_date}): the conduct was sanctionable then.",
           facts=facts, governing_date=conduct, applied={"uri": cp_then["uri"], "version": then.as_dict()})
    now = counterpart(p.store, b, decided)
    if now is not None and not now.get("uri"):
        p.step("lighter-new-rule", False,
               f"决定时（{decided}）有效的版本已不再规定该惩戒，新规定对当事人较轻，应适用新规定。",
               f"The version in force at the decision ({decided}) no longer provides this sanction; the newer rule is lighter and applies.",
               facts=facts, governing_date=decided)
        return False
    return True


def basis_steps(p: Proof, bases: list[str], date: str, conduct: str | None,
                accepted: tuple[str, ...] = MEASURE_TYPES,
                when: tuple[str, str] = ("决定之日", "decision date")) -> None:
    """Type, in force on ``date`` and (with a conduct date) no retroactivity, for each basis.

    The chain holds when one cited basis passes every check; the failures of the other
    bases are then kept as warnings.
    """
    if not bases:
        p.step("basis-cited", False, "未载明法律依据。", "No legal basis is cited.")
        return
    results: list[tuple[bool, list[dict[str, Any]]]] = []
    for iri in bases:
        b = basis_info(p.store, p.facts, iri, date)
        p.add_basis(b)
        before = len(p.steps)
        ok = _type_step(p, b, accepted, "basis-type", "惩戒措施", "sanction measure")
        ok = _in_force_step(p, b, date, "basis-in-force", when[0], when[1]) and ok
        if conduct:
            ok = _conduct_steps(p, b, conduct, date) and ok
        results.append((ok, p.steps[before:]))
    if any(ok for ok, _ in results):
        for ok, steps in results:
            if not ok:
                for s in steps:
                    if not s["ok"]:
                        s["severity"] = "warning"


def _domain_step(p: Proof, cat: Node) -> None:
    dom = cat.one(CB + "domain")
    facts = cat.facts(CB + "domain")
    if dom is None:
        p.step("domain-permitted", False, f"名单“{label(cat, 'zh')}”未声明所属领域。",
               f"The list '{label(cat, 'en')}' declares no domain.", facts=facts)
        return
    dnode = p.facts.get(dom)
    permitted = (CB + "PermittedDomains") in (dnode.all(SKOS + "inScheme") if dnode else []) \
        or dom.rsplit("#", 1)[-1] in PERMITTED_DOMAINS
    dz, de = label(dnode, "zh") or dom.rsplit("#", 1)[-1], label(dnode, "en") or dom.rsplit("#", 1)[-1]
    if permitted:
        p.step("domain-permitted", True, f"名单“{label(cat, 'zh')}”属于允许的领域：{dz}。",
               f"The list '{label(cat, 'en')}' is in a permitted domain: {de}.", facts=facts)
    else:
        p.step("domain-permitted", False,
               f"名单“{label(cat, 'zh')}”不在四类允许领域之内（所声明的领域：{dz}），不得据此设列严重失信主体名单。",
               f"The list '{label(cat, 'en')}' lies outside the four permitted domains (declared domain: {de}); no serious-dishonesty list may rest on it.",
               facts=facts)


def category_steps(p: Proof, cat: Node, listed_on: str,
                   when: tuple[str, str] = ("列入之日", "listing date")) -> None:
    stds = cat.all(CB + "identificationStandard")
    if not stds:
        p.step("standard-cited", False, f"名单“{label(cat, 'zh')}”未载明认定标准的依据。",
               f"The list '{label(cat, 'en')}' cites no identification standard.", facts=[])
    else:
        local = bool(cat.flag(CB + "localOnly"))
        good = False
        start = len(p.steps)
        for iri in stds:
            b = basis_info(p.store, p.facts, iri, listed_on)
            p.add_basis(b)
            ok = _type_step(p, b, STANDARD_TYPES, "standard-type", "名单认定标准", "list identification standard",
                            interim=STANDARD_INTERIM_TYPES, local_ok=local)
            ok = _in_force_step(p, b, listed_on, "standard-in-force", when[0], when[1],
                                accept_counterpart=True) and ok
            good = good or ok
        if good:
            for s in p.steps[start:]:
                if not s["ok"]:
                    s["severity"] = "warning"
    _domain_step(p, cat)


def procedure_steps(p: Proof, cat: Node | None, records: list[Node], decided: str | None) -> None:
    for rule_id, cat_prop, rec_prop, zh, en in (
        ("prior-notice", CB + "priorNotice", CB + "noticeGiven", "事先告知", "prior notice"),
        ("objection", CB + "objectionProcedure", CB + "objectionHandled", "异议处理", "hearing of objections"),
    ):
        required = cat.flag(cat_prop) if cat is not None else None
        given = next((r.flag(rec_prop) for r in records if r.flag(rec_prop) is not None), None)
        facts = [f for r in records for f in r.facts(rec_prop)] + (cat.facts(cat_prop) if cat else [])
        if given is True:
            p.step(rule_id, True, f"已记录{zh}。", f"The record shows {en}.", facts=facts, governing_date=decided)
        elif required is False:
            p.step(rule_id, True, f"该名单程序不要求{zh}。", f"The list's procedure does not require {en}.",
                   facts=facts, governing_date=decided)
        elif given is False:
            p.step(rule_id, False, f"程序要求{zh}，但记录显示未进行。",
                   f"The procedure requires {en}, but the record shows it was not done.", facts=facts,
                   governing_date=decided)
        else:
            p.step(rule_id, False, f"程序要求{zh}，记录中没有相关事实。",
                   f"The procedure requires {en}; the record does not show it.", facts=facts, governing_date=decided)


def entry_current_step(p: Proof, entry: Node, date: str) -> None:
    listed = entry.one(CB + "listedOn")
    ends = [(d, k) for k, d in (("repaired", entry.one(CB + "repairedOn")), ("exited", entry.one(CB + "exitedOn")))
            if d]
    facts = entry.facts(CB + "listedOn", CB + "repairedOn", CB + "exitedOn")
    if listed and listed > date:
        p.step("entry-current", False, f"名单条目于{listed}列入，晚于{date}。",
               f"The list entry was made on {listed}, after {date}.", facts=facts, governing_date=date)
        return
    past = [(d, k) for d, k in ends if d <= date]
    if past:
        d, k = min(past)
        zh_k = "已完成信用修复" if k == "repaired" else "已移出名单"
        en_k = "was repaired" if k == "repaired" else "exited the list"
        p.step("entry-current", False, f"名单条目于{d}{zh_k}，{date}时已不在名单上。",
               f"The list entry {en_k} on {d}; on {date} it was no longer current.", facts=facts, governing_date=date)
        return
    p.step("entry-current", True, f"名单条目自{listed}起列入，{date}时仍然有效。",
           f"The list entry was made on {listed} and was current on {date}.", facts=facts, governing_date=date)


def catalogue_steps(p: Proof, item: Node, date: str) -> None:
    bases = item.all(CB + "legalBasis")
    if not bases:
        p.step("catalogue-basis", False, "目录条目未载明依据。", "The catalogue item cites no basis.")
        return
    start, good = len(p.steps), False
    for iri in bases:
        b = basis_info(p.store, p.facts, iri, date)
        p.add_basis(b)
        ok = _type_step(p, b, CATALOGUE_TYPES, "catalogue-basis", "公共信用信息目录", "catalogue item")
        ok = _in_force_step(p, b, date, "basis-in-force", "所问日期", "date asked") and ok
        good = good or ok
    if good:
        for s in p.steps[start:]:
            if not s["ok"]:
                s["severity"] = "warning"


def subject_step(p: Proof, record: Node) -> None:
    """The subject is identified: a legal person by a unified social credit code with a valid
    check digit (GB 32100-2015; 《优化营商环境条例》第十九条), a natural person by a key."""
    subj_iri = record.one(CB + "subject")
    facts = record.facts(CB + "subject")
    if not subj_iri:
        p.step("subject-identified", False, "记录未载明主体。", "The record names no subject.", facts=facts)
        return
    subj = p.facts.get(subj_iri)
    code = subj.one(CB + "uscc") if subj is not None else None
    if code is not None and subj is not None:
        ok = valid_uscc(code)
        p.step("subject-identified", ok,
               f"主体的统一社会信用代码 {code} 校验正确。" if ok else f"主体的统一社会信用代码 {code} 校验码错误。",
               f"The subject's unified social credit code {code} is valid." if ok
               else f"The subject's unified social credit code {code} has a wrong check digit.",
               facts=facts + subj.facts(CB + "uscc"))
        return
    person = subj.one(CB + "personId") if subj is not None else None
    if person is not None and subj is not None:
        p.step("subject-identified", True, "主体为自然人，以假名化标识识别。",
               "The subject is a natural person identified by a pseudonymous key.",
               facts=facts + subj.facts(CB + "personId"))
        return
    p.step("subject-identified", False, "主体没有统一社会信用代码或其他标识。",
           "The subject has no unified social credit code or other identifier.", facts=facts)
