"""Amendment impact: if a provision (or a whole law version) is amended or repealed on a
date, what rests on it — curated measures, lists, catalogue items and repair rules,
decisions taken after the date, and provisions of laws in force that cite it — grouped
by kind and department. An entity whose every basis is affected *breaks*; one that
keeps another basis *changes*.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.analytics.corpus_view import CorpusView, corpus_view
from service.analytics.facts import CreditFacts, credit_facts, local
from service.analytics.graph import CitationGraph, citation_graph
from service.analytics.linkage import check_provision, label
from service.domain.about import data_version
from service.domain.errors import NotFound
from service.domain.laws import parse_date, snapshot_note
from service.store.base import Store

SAMPLE = 50


def _scope(view: CorpusView, iri: str) -> str:
    if iri in view.versions:
        return "version"
    if iri in view.works:
        raise NotFound("请给出某一版本或条款的 IRI，而非法律（作品）IRI。",
                       "Give a version or provision IRI, not the law (work) IRI.")
    check_provision(view, iri)
    return "provision"


def _affected(facts_keys: list[str], iri: str) -> set[str]:
    prefix = iri + "/"
    return {k for k in facts_keys if k == iri or k.startswith(prefix)}


def impact(store: Store, *, iri: str, date: str | None = None) -> dict[str, Any]:
    """`GET /api/impact`: what breaks or changes if ``iri`` is amended or repealed on ``date``."""
    day = parse_date(date)
    view = corpus_view(store)
    scope = _scope(view, iri)
    cg: CitationGraph = citation_graph(store)
    facts: CreditFacts = credit_facts(store)

    curated_bases = _affected(list(facts.by_basis), iri)
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    n_curated = {"breaks": 0, "changes": 0}
    for e in sorted(facts.resting_on(curated_bases), key=lambda x: x.iri):
        hit = sorted(e.bases & curated_bases)
        status = "breaks" if len(hit) == len(e.bases) else "changes"
        n_curated[status] += 1
        for dept in sorted(e.depts) or [""]:
            grouped[e.kind][local(dept) or "unknown"].append(
                {"uri": e.iri, "label": e.label, "status": status, "affected_bases": hit,
                 "other_bases": sorted(e.bases - curated_bases)})

    decision_bases = _affected(list(facts.decisions_by_basis), iri)
    by_dept: dict[str, list[str]] = defaultdict(list)
    for b in decision_bases:
        for d in facts.decisions_by_basis[b]:
            dec = facts.decisions[d]
            if dec.date is not None and dec.date >= day:
                by_dept[local(dec.dept) or "unknown"].append(d)
    decisions = {dept: {"count": len(set(ds)), "sample": sorted(set(ds))[:SAMPLE]}
                 for dept, ds in sorted(by_dept.items())}

    citing: dict[str, list[dict[str, str]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for t in cg.under(iri):
        for s, _, d in cg.graph.in_edges(t, data=True):
            v = view.version_of(s)
            if v is None or not v.in_force_on(day) or (s, t) in seen:
                continue
            if scope == "version" and s.startswith(iri + "/"):
                continue  # the version's own internal references
            seen.add((s, t))
            w = view.works[v.work]
            citing[w.title].append({"uri": s, "label": label(view, s), "cites": t,
                                    "relation": d["relation"]})

    out: dict[str, Any] = {
        "uri": iri, "label": label(view, iri), "scope": scope, "date": day,
        "counts": {
            "curated_breaks": n_curated["breaks"], "curated_changes": n_curated["changes"],
            "decisions_after_date": sum(v["count"] for v in decisions.values()),
            "citing_provisions": len(seen),
        },
        "curated": {k: dict(v) for k, v in sorted(grouped.items())},
        "decisions": decisions,
        "citing_provisions": dict(sorted(citing.items())),
        "data_version": data_version(store),
    }
    note = snapshot_note(day)
    if note:
        out["note"] = note
    return out
