"""Synthetic credit records for tests and benchmarks, deterministic for a seed.

Subjects are legal persons with realistic unified social credit codes (GB 32100-2015,
with a GB 11714 organisation code inside, both check characters correct). Each
decision applies a curated sanction measure with its real basis provisions, on a list
entry of a category that triggers the measure, on a date when the bases are in force.
A seeded share of decisions carries exactly one labelled fault; :attr:`Synthetic.expected`
lists the (shape, focus) results the validator must report — and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from service.domain.explain.rules import MEASURE_TYPES, RESTRICTING_KINDS
from service.domain.uscc import USCC_CHARS, uscc_check
from service.domain.validation.context import Context
from service.iri import ID_BASE
from service.vocab import CB, ELI, RDF_TYPE, XSD

ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
SHAPES = "https://w3id.org/creditbasis/shapes#"
EARLIEST, LATEST = dt.date(2016, 1, 1), dt.date(2025, 4, 18)
# (registration authority, category) pairs in use: 9 市场监管 (1 企业, 2 个体工商户, 3 农民专业合作社),
# 1 机构编制 (1 机关, 2 事业单位), 5 民政 (1 社会团体, 2 民办非企业单位, 3 基金会)
KINDS = ["91", "91", "91", "91", "92", "93", "11", "12", "51", "52", "53"]
REGIONS = ["110105", "310115", "440305", "330106", "370102", "410105", "500103", "320506", "510107"]

FAULTS = ("uscc-check-digit", "entry-exited", "entry-later", "wrong-category", "unknown-basis",
          "body-mismatch", "no-notice", "no-objection", "entry-other-subject", "unknown-measure",
          "no-date")


def org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def make_uscc(rng: random.Random) -> str:
    code17 = rng.choice(KINDS) + rng.choice(REGIONS) + org_code(rng)
    return code17 + uscc_check(code17)


@dataclass
class MeasureInfo:
    iri: str
    restricting: bool
    bases: list[str]
    bodies: list[str]
    categories: list[str]
    window: tuple[dt.date, dt.date]
    #: some basis is a clause of a law, administrative regulation or State Council decision
    strict_basis: bool = True


@dataclass
class Synthetic:
    ntriples: bytes
    decisions: int
    faults: dict[str, str] = field(default_factory=dict)  # decision IRI → fault kind
    expected: set[tuple[str, str]] = field(default_factory=set)  # (shape IRI, focus IRI)


def _nt(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> {o} .\n"


def _iri(v: str) -> str:
    return f"<{v}>"


def _date(d: dt.date) -> str:
    return f'"{d.isoformat()}"^^<{XSD}date>'


def _bool(b: bool) -> str:
    return f'"{"true" if b else "false"}"^^<{XSD}boolean>'


def _subject_and_entry(subj: str, code: str, entry: str, entry_subject: str, cat: str,
                       listed: dt.date) -> list[str]:
    """A legal-person subject and a list entry (notice given, objections heard) as N-Triples lines."""
    return [_nt(subj, RDF_TYPE, _iri(CB + "LegalPersonSubject")), _nt(subj, CB + "uscc", f'"{code}"'),
            _nt(entry, RDF_TYPE, _iri(CB + "ListEntry")), _nt(entry, CB + "subject", _iri(entry_subject)),
            _nt(entry, CB + "listCategory", _iri(cat)), _nt(entry, CB + "listedOn", _date(listed)),
            _nt(entry, CB + "noticeGiven", _bool(True)), _nt(entry, CB + "objectionHandled", _bool(True))]


def usable_measures(context: Context) -> tuple[list[MeasureInfo], list[str]]:
    """Curated measures triggered by a curated list category, with their bases' common in-force window."""
    st = ox.Store()
    st.load(context.base_nquads(), format=ox.RdfFormat.N_TRIPLES)
    q = f"""PREFIX cb: <{CB}> PREFIX eli: <{ELI}>
SELECT ?m ?kind ?basis ?body ?cat ?from ?issued ?until ?type WHERE {{
  ?m a cb:SanctionMeasure ; cb:triggeredBy ?cat ; cb:legalBasis ?basis .
  ?cat a cb:ListCategory .
  OPTIONAL {{ ?m cb:measureKind ?kind }} OPTIONAL {{ ?m cb:implementingBody ?body }}
  OPTIONAL {{ {{ ?basis cb:inVersion ?ver }} UNION {{ ?basis eli:is_part_of ?ver . ?basis a cb:InstrumentClause }}
             OPTIONAL {{ ?ver eli:first_date_entry_into_force ?from }} OPTIONAL {{ ?ver eli:date_document ?issued }}
             OPTIONAL {{ ?ver eli:date_no_longer_in_force ?until }} OPTIONAL {{ ?ver eli:type_document ?type }} }}
}}"""
    info: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    windows: dict[str, dict[str, tuple[str | None, str | None]]] = defaultdict(dict)
    res = st.query(q)
    assert isinstance(res, ox.QuerySolutions)
    for sol in res:
        m = sol["m"].value
        for k in ("kind", "basis", "body", "cat", "type"):
            if sol[k] is not None:
                info[m][k].add(sol[k].value)
        start = sol["from"] or sol["issued"]
        windows[m][sol["basis"].value] = (start.value if start else None,
                                          sol["until"].value if sol["until"] else None)
    cats = sorted({c for i in info.values() for c in i["cat"]})
    out: list[MeasureInfo] = []
    for m in sorted(info):
        lo, hi = EARLIEST, LATEST
        for start, until in windows[m].values():
            if start is None:
                lo = LATEST
                continue
            lo = max(lo, dt.date.fromisoformat(start[:10]))
            if until:
                hi = min(hi, dt.date.fromisoformat(until[:10]) - dt.timedelta(days=1))
        if hi - lo < dt.timedelta(days=60):
            continue
        kinds = info[m]["kind"]
        out.append(MeasureInfo(
            iri=m, restricting=any(k.rsplit("#", 1)[-1] in RESTRICTING_KINDS for k in kinds),
            bases=sorted(info[m]["basis"]), bodies=sorted(info[m]["body"]),
            categories=sorted(info[m]["cat"]), window=(lo, hi),
            strict_basis=any(t.rsplit("/", 1)[-1] in MEASURE_TYPES for t in info[m]["type"])))
    return out, cats


def clean_categories(context: Context, categories: list[str]) -> list[str]:
    """The list categories a well-formed entry may be made in (a curated category outside the
    four domains, or with a standard of the wrong rank, fails every entry: a finding, not a
    synthetic fault)."""
    from service.domain.validation import validate

    rng = random.Random(0)
    lines: list[str] = []
    entries: dict[str, str] = {}
    for i, cat in enumerate(categories):
        subj, entry = f"{ID_BASE}subject/synthetic-probe-{i}", f"{ID_BASE}list-entry/synthetic-probe-{i}"
        entries[entry] = cat
        lines += _subject_and_entry(subj, make_uscc(rng), entry, subj, cat, LATEST)
    failing = {r.focus.value for r in validate("".join(lines).encode("utf-8"), context, date=LATEST).results}
    return [cat for entry, cat in entries.items() if entry not in failing]


def clean_measures(context: Context, measures: list[MeasureInfo], categories: list[str]) -> list[MeasureInfo]:
    """The measures whose fault-free decisions pass every shape (a curated measure that
    breaches a gate itself, e.g. a restricting measure on a judicial interpretation, would
    make all its decisions fail and is a finding, not a synthetic fault). Only categories
    passing :func:`clean_categories` are kept on each measure."""
    from service.domain.validation import validate

    good = set(categories)
    measures = [MeasureInfo(m.iri, m.restricting, m.bases, m.bodies, [c for c in m.categories if c in good], m.window,
                            m.strict_basis) for m in measures]
    measures = [m for m in measures if m.categories]
    probe = generate(context, len(measures), seed=0, fault_share=0.0, measures=measures,
                     categories=categories, round_robin=True)
    bad_decisions = {r.focus.value for r in validate(probe.ntriples, context, date=LATEST).results}
    return [m for i, m in enumerate(measures) if f"{ID_BASE}decision/synthetic-0-{i}" not in bad_decisions]


def generate(context: Context, n: int, *, seed: int = 0, fault_share: float = 0.1,
             measures: list[MeasureInfo] | None = None, categories: list[str] | None = None,
             round_robin: bool = False) -> Synthetic:
    """``n`` decisions (each with its subject and list entry); ``fault_share`` of them faulty."""
    rng = random.Random(seed)
    if measures is None or categories is None:
        measures, categories = usable_measures(context)
        categories = clean_categories(context, categories)
        measures = clean_measures(context, measures, categories)
    if not measures:
        raise ValueError("no curated sanction measure with a triggering list category and bases in force")
    lines: list[str] = []
    out = Synthetic(ntriples=b"", decisions=n)
    other_dept = ID_BASE + "department/synthetic-other-body"
    for i in range(n):
        m = measures[i % len(measures)] if round_robin else rng.choice(measures)
        subj = f"{ID_BASE}subject/synthetic-{seed}-{i}"
        entry = f"{ID_BASE}list-entry/synthetic-{seed}-{i}"
        dec = f"{ID_BASE}decision/synthetic-{seed}-{i}"
        lo, hi = m.window
        listed = lo + dt.timedelta(days=rng.randrange(max(1, (hi - lo).days - 30)))
        decided = listed + dt.timedelta(days=rng.randrange(1, 30))
        code = make_uscc(rng)
        cat = rng.choice(m.categories)
        bases = m.bases
        measure = m.iri
        body = rng.choice(m.bodies) if m.bodies else ID_BASE + "department/synthetic-body"
        notice = objection = True
        entry_subject = subj
        exited: dt.date | None = None
        with_date = True
        fault = None
        if rng.random() < fault_share:
            fault = rng.choice(FAULTS)
            wrong_cats = [c for c in categories if c not in m.categories]
            if fault == "wrong-category" and not wrong_cats:
                fault = "no-notice"
            if fault == "body-mismatch" and not m.bodies:
                fault = "no-objection"
        exp: list[tuple[str, str]] = []
        if fault == "uscc-check-digit":
            code = code[:17] + next(c for c in USCC_CHARS[rng.randrange(31):] + USCC_CHARS if c != code[17])
            exp.append(("UsccCheckDigitShape", subj))
        elif fault == "entry-exited":
            exited = decided - dt.timedelta(days=1)
            exp.append(("DecisionEntryActiveShape", dec))
        elif fault == "entry-later":
            listed = decided + dt.timedelta(days=1)
            exp.append(("DecisionEntryActiveShape", dec))
        elif fault == "wrong-category":
            cat = rng.choice([c for c in categories if c not in m.categories])
            exp.append(("DecisionTriggerShape", dec))
        elif fault == "unknown-basis":
            bases = [m.bases[0] + "/item_99"]
            exp.append(("DecisionBasisInForceShape", dec))
            if m.restricting:
                exp.append(("DecisionBasisRankShape", dec))
        elif fault == "body-mismatch":
            body = other_dept
            exp.append(("DecisionBodyShape", dec))
        elif fault == "no-notice":
            notice = False
            exp.append(("NoticeShape", dec))
        elif fault == "no-objection":
            objection = False
            exp.append(("ObjectionShape", dec))
        elif fault == "entry-other-subject":
            entry_subject = f"{ID_BASE}subject/synthetic-{seed}-{i}-other"
            lines.append(_nt(entry_subject, RDF_TYPE, _iri(CB + "LegalPersonSubject")))
            lines.append(_nt(entry_subject, CB + "uscc", f'"{make_uscc(rng)}"'))
            exp.append(("DecisionEntrySubjectShape", dec))
        elif fault == "unknown-measure":
            measure = f"{ID_BASE}measure/synthetic-unknown-{i}"
            exp.append(("DecisionMeasureShape", dec))
            if not m.strict_basis:  # a measure of unknown kind needs a basis of the strict ranks
                exp.append(("DecisionBasisRankShape", dec))
        elif fault == "no-date":
            with_date = False
            exp.append(("DecisionDateShape", dec))
        if fault:
            out.faults[dec] = fault
            out.expected.update((SHAPES + s, f) for s, f in exp)
        lines += _subject_and_entry(subj, code, entry, entry_subject, cat, listed)
        lines += [
            _nt(dec, RDF_TYPE, _iri(CB + "SanctionDecision")),
            _nt(dec, CB + "subject", _iri(subj)),
            _nt(dec, CB + "measure", _iri(measure)),
            _nt(dec, CB + "basedOnEntry", _iri(entry)),
            _nt(dec, CB + "decidedBy", _iri(body)),
            _nt(dec, CB + "noticeGiven", _bool(notice)),
            # the conduct precedes the listing, but not the bases' coming into force (no retroactivity)
            _nt(dec, CB + "conductDate", _date(max(lo, listed - dt.timedelta(days=rng.randrange(30, 400))))),
        ]
        if exited:
            lines.append(_nt(entry, CB + "exitedOn", _date(exited)))
        if objection:
            lines.append(_nt(dec, CB + "objectionHandled", _bool(True)))
        if with_date:
            lines.append(_nt(dec, CB + "decisionDate", _date(decided)))
        lines += [_nt(dec, CB + "legalBasis", _iri(b)) for b in bases]
    out.ntriples = "".join(lines).encode("utf-8")
    return out
