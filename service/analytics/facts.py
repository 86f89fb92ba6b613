"""The credit layer as plain Python indexes, for impact analysis and consistency checks.

Read once per build with the named queries ``analytics-*`` (curated data and any
recorded decisions); decisions from elsewhere (e.g. 100k synthetic ones for the
benchmark) can be added from N-Triples. Lookups by basis provision are dictionary
hits, so an impact query or a check does not rescan the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from service.domain.cache import per_store
from service.iri import ELI_BASE
from service.store.base import Store
from service.store.queries import get_query

KINDS = {
    "SanctionMeasure": "measure", "ListCategory": "list-category", "CatalogueItem": "catalogue-item",
    "RepairRule": "repair-rule", "SanctionDecision": "decision", "ListEntry": "list-entry",
    "PenaltyRecord": "penalty",
}


def local(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def basis_type(basis: str, clause_types: dict[str, str]) -> str | None:
    """Instrument type code of a basis (a provision of the corpus or an instrument clause)."""
    if basis.startswith(ELI_BASE):
        return basis[len(ELI_BASE):].split("/", 1)[0]
    t = clause_types.get(basis)
    return local(t) if t else None


@dataclass
class Entity:
    iri: str
    kind: str
    label: str = ""
    depts: set[str] = field(default_factory=set)
    date: str | None = None
    bases: set[str] = field(default_factory=set)


@dataclass
class Decision:
    iri: str
    date: str | None
    dept: str | None
    measure: str | None
    bases: list[str]


@dataclass
class CreditFacts:
    entities: dict[str, Entity] = field(default_factory=dict)  # curated (non-decision) entities
    by_basis: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    decisions: dict[str, Decision] = field(default_factory=dict)
    decisions_by_basis: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    measures: list[dict[str, str]] = field(default_factory=list)
    lists: list[dict[str, str]] = field(default_factory=list)
    repair_rules: list[dict[str, str]] = field(default_factory=list)
    clause_types: dict[str, str] = field(default_factory=dict)

    def add_decision_rows(self, rows: list[dict[str, str]]) -> None:
        for r in rows:
            d = self.decisions.get(r["decision"])
            if d is None:
                d = self.decisions[r["decision"]] = Decision(
                    r["decision"], r.get("date"), r.get("dept"), r.get("measure"), [])
            if r["basis"] not in d.bases:
                d.bases.append(r["basis"])
                self.decisions_by_basis[r["basis"]].append(d.iri)

    def add_ntriples(self, data: bytes) -> int:
        """Add decisions from N-Triples (e.g. synthetic ones); returns how many."""
        st = ox.Store()
        st.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
        res = st.query(get_query("analytics-decisions").text)
        assert isinstance(res, ox.QuerySolutions)
        names = [v.value for v in res.variables]
        rows = [{n: sol[n].value for n in names if sol[n] is not None} for sol in res]
        before = len(self.decisions)
        self.add_decision_rows(rows)
        return len(self.decisions) - before

    def resting_on(self, provisions: set[str]) -> list[Entity]:
        seen: dict[str, Entity] = {}
        for p in provisions:
            for e in self.by_basis.get(p, ()):
                seen[e] = self.entities[e]
        return list(seen.values())


def load_facts(store: Store) -> CreditFacts:
    f = CreditFacts()
    for r in store.select("analytics-legal-basis"):
        kind = KINDS.get(local(r["type"]))
        if kind is None or kind == "decision":
            continue
        e = f.entities.get(r["entity"])
        if e is None:
            e = f.entities[r["entity"]] = Entity(r["entity"], kind, r.get("label", ""))
        if r.get("dept"):
            e.depts.add(r["dept"])
        e.bases.add(r["basis"])
        f.by_basis[r["basis"]].add(r["entity"])
    f.add_decision_rows(store.select("analytics-decisions"))
    f.measures = store.select("analytics-measures")
    f.lists = store.select("analytics-list-categories")
    f.repair_rules = store.select("analytics-repair-rules")
    f.clause_types = {r["clause"]: r.get("type", "") for r in store.select("analytics-clause-types")}
    return f


@per_store
def credit_facts(store: Store) -> CreditFacts:
    """The curated credit facts of the live build (loaded once per build)."""
    return load_facts(store)
