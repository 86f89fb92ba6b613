"""A forward chainer for the OWL 2 RL rules the creditbasis ontology uses, with justifications.

Rules (names from the OWL 2 RL/RDF rule tables, W3C OWL 2 Profiles §4.3):

* ``cax-sco``  x a C, C ⊑ D → x a D            * ``scm-sco``  C ⊑ D, D ⊑ E → C ⊑ E
* ``cax-eqc1/2`` x a C, C ≡ D → x a D (both ways) * ``scm-eqc1`` C ≡ D → C ⊑ D, D ⊑ C
* ``prp-spo1`` x P y, P ⊑ₚ Q → x Q y            * ``scm-spo``  P ⊑ₚ Q, Q ⊑ₚ R → P ⊑ₚ R
* ``scm-eqp1`` P ≡ₚ Q → P ⊑ₚ Q, Q ⊑ₚ P
* ``prp-inv1/2`` x P y, P inverseOf Q → y Q x (both ways)
* ``prp-trp``  x P y, y P z, P a TransitiveProperty → x P z
* ``prp-symp`` x P y, P a SymmetricProperty → y P x
* ``prp-dom``  x P y, P domain C → x a C        * ``prp-rng``  x P y, P range C → y a C (y not a literal)
* ``scm-dom1``/``scm-rng1`` P domain C, C ⊑ D → P domain D (range likewise)
* ``scm-dom2``/``scm-rng2`` domain/range inherited along ⊑ₚ (P ⊑ₚ Q, Q domain C → P domain C)
* ``scm-eqc2``/``scm-eqp2`` C ⊑ D, D ⊑ C → C ≡ D (properties likewise)

It is a worklist (semi-naive) algorithm: a triple becomes visible to joins when it is
processed and is then joined against all triples processed before it (and itself), so each
rule instance fires once, when the last of its premises is processed, and the result is the
least fixpoint. Terms are strings (IRIs; blank nodes ``_:id``) or
:class:`Literal`. Every derived triple records the first justification found: the rule
name and its premise triples; :meth:`Reasoner.justify` unfolds it into a proof tree.
"""

from __future__ import annotations

import gc
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any, NamedTuple

from service.vocab import OWL, RDF_TYPE, RDFS

SUBCLASS = RDFS + "subClassOf"
SUBPROP = RDFS + "subPropertyOf"
DOMAIN = RDFS + "domain"
RANGE = RDFS + "range"
EQCLASS = OWL + "equivalentClass"
EQPROP = OWL + "equivalentProperty"
INVERSE = OWL + "inverseOf"
TRANSITIVE = OWL + "TransitiveProperty"
SYMMETRIC = OWL + "SymmetricProperty"


class Literal(NamedTuple):
    """A literal object (a tuple: hashed in C, never equal to an IRI string)."""

    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value


Term = str | Literal
Triple = tuple[str, str, Term]
ASSERTED = "asserted"
SCHEMA = frozenset({RDF_TYPE, SUBCLASS, SUBPROP, DOMAIN, RANGE, EQCLASS, EQPROP, INVERSE})
_EMPTY: frozenset[Term] = frozenset()


class _Plan(NamedTuple):
    supers: tuple[tuple[str, Triple], ...]
    inverses: tuple[tuple[str, Triple, str], ...]
    ranges: tuple[tuple[str, Triple], ...]
    domains: tuple[tuple[str, Triple], ...]
    transitive: bool
    symmetric: bool


class Reasoner:
    """The closure of a set of triples under the rules above, with one justification each."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.why: dict[Triple, tuple[str, tuple[Triple, ...]]] = {}
        self.by_p: dict[str, set[tuple[str, Term]]] = defaultdict(set)
        # (s, p) → objects and (p, o) → subjects, kept for schema predicates, rdf:type and
        # transitive properties only (the joins the rules make); other data is in by_p.
        self.sp: dict[tuple[str, str], set[Term]] = defaultdict(set)
        self.po: dict[tuple[str, Term], set[str]] = defaultdict(set)
        self._indexed: set[str] = set(SCHEMA)
        self._plans: dict[str, _Plan] = {}
        self._queue: deque[tuple[Triple, str]] = deque()
        self.add(triples)

    # ------------------------------------------------------------------ state
    def __contains__(self, t: object) -> bool:
        return t in self.why

    def __len__(self) -> int:
        return len(self.why)

    def triples(self) -> Iterable[Triple]:
        return self.why.keys()

    def inferred(self) -> list[Triple]:
        return [t for t, (rule, _) in self.why.items() if rule != ASSERTED]

    def _put(self, t: Triple, rule: str, premises: tuple[Triple, ...]) -> None:
        if t in self.why:
            return
        self.why[t] = (rule, premises)
        self._queue.append((t, rule))

    def _index(self, t: Triple) -> None:
        """Make a triple visible to joins (when it is processed: each rule instance then fires
        once, when the later of its premises is processed)."""
        s, p, o = t
        self.by_p[p].add((s, o))
        if p in self._indexed:
            self.sp[(s, p)].add(o)
            self.po[(p, o)].add(s)
            if p in SCHEMA:  # a property's axioms changed: forget its plan
                self._plans.pop(s, None)
                if isinstance(o, str):
                    self._plans.pop(o, None)

    def add(self, triples: Iterable[Triple]) -> None:
        """Assert triples and run the rules to the fixpoint."""
        enabled = gc.isenabled()
        gc.disable()  # millions of small tuples, no cycles: the cyclic GC would only rescan them
        try:
            for t in triples:
                self._put(t, ASSERTED, ())
            self._run()
        finally:
            if enabled:
                gc.enable()

    # ------------------------------------------------------------------ rules
    def _objs(self, s: str, p: str) -> set[Term]:
        return self.sp.get((s, p), _EMPTY)  # type: ignore[arg-type]

    def _subjs(self, p: str, o: Term) -> set[str]:
        return self.po.get((p, o), _EMPTY)  # type: ignore[arg-type]

    def _plan(self, p: str) -> _Plan:
        """What a data triple with predicate ``p`` implies under the axioms known now."""
        plan = self._plans.get(p)
        if plan is not None:
            return plan
        objs, subjs = self._objs, self._subjs
        supers = tuple((q, (p, SUBPROP, q)) for q in objs(p, SUBPROP) if isinstance(q, str))
        inv = tuple((q, (p, INVERSE, q), "prp-inv1") for q in objs(p, INVERSE) if isinstance(q, str)) + \
            tuple((q, (q, INVERSE, p), "prp-inv2") for q in subjs(INVERSE, p))
        ranges = tuple((c, (p, RANGE, c)) for c in objs(p, RANGE) if isinstance(c, str))
        domains = tuple((c, (p, DOMAIN, c)) for c in objs(p, DOMAIN) if isinstance(c, str))
        ptype = objs(p, RDF_TYPE)
        plan = _Plan(supers, inv, ranges, domains, TRANSITIVE in ptype, SYMMETRIC in ptype)
        self._plans[p] = plan
        return plan

    def _run(self) -> None:
        put, objs, subjs = self._put, self._objs, self._subjs
        queue = self._queue
        while queue:
            t, how = queue.popleft()
            s, p, o = t
            self._index(t)
            if p not in SCHEMA:
                pass
            # --- schema triples joined with data
            elif p == SUBCLASS and isinstance(o, str):
                for x in list(subjs(RDF_TYPE, s)):
                    put((x, RDF_TYPE, o), "cax-sco", ((x, RDF_TYPE, s), t))
                for q in list(subjs(DOMAIN, s)):
                    put((q, DOMAIN, o), "scm-dom1", ((q, DOMAIN, s), t))
                for q in list(subjs(RANGE, s)):
                    put((q, RANGE, o), "scm-rng1", ((q, RANGE, s), t))
                if s in objs(o, SUBCLASS) and s != o:
                    put((s, EQCLASS, o), "scm-eqc2", (t, (o, SUBCLASS, s)))
                    put((o, EQCLASS, s), "scm-eqc2", ((o, SUBCLASS, s), t))
                for c in list(subjs(SUBCLASS, s)):
                    put((c, SUBCLASS, o), "scm-sco", ((c, SUBCLASS, s), t))
                for d in list(objs(o, SUBCLASS)):
                    if isinstance(d, str):
                        put((s, SUBCLASS, d), "scm-sco", (t, (o, SUBCLASS, d)))
            elif p == EQCLASS and isinstance(o, str):
                put((s, SUBCLASS, o), "scm-eqc1", (t,))
                put((o, SUBCLASS, s), "scm-eqc1", (t,))
                for x in list(subjs(RDF_TYPE, s)):
                    put((x, RDF_TYPE, o), "cax-eqc1", ((x, RDF_TYPE, s), t))
                for x in list(subjs(RDF_TYPE, o)):
                    put((x, RDF_TYPE, s), "cax-eqc2", ((x, RDF_TYPE, o), t))
            elif p == EQPROP and isinstance(o, str):
                put((s, SUBPROP, o), "scm-eqp1", (t,))
                put((o, SUBPROP, s), "scm-eqp1", (t,))
            elif p == SUBPROP and isinstance(o, str):
                for x, y in list(self.by_p.get(s, ())):
                    put((x, o, y), "prp-spo1", ((x, s, y), t))
                if s in objs(o, SUBPROP) and s != o:
                    put((s, EQPROP, o), "scm-eqp2", (t, (o, SUBPROP, s)))
                    put((o, EQPROP, s), "scm-eqp2", ((o, SUBPROP, s), t))
                for q in list(subjs(SUBPROP, s)):
                    put((q, SUBPROP, o), "scm-spo", ((q, SUBPROP, s), t))
                for r in list(objs(o, SUBPROP)):
                    if isinstance(r, str):
                        put((s, SUBPROP, r), "scm-spo", (t, (o, SUBPROP, r)))
                for c1 in list(objs(o, DOMAIN)):
                    put((s, DOMAIN, c1), "scm-dom2", ((o, DOMAIN, c1), t))
                for c2 in list(objs(o, RANGE)):
                    put((s, RANGE, c2), "scm-rng2", ((o, RANGE, c2), t))
            elif p == INVERSE and isinstance(o, str):
                for x, y in list(self.by_p.get(s, ())):
                    if isinstance(y, str):
                        put((y, o, x), "prp-inv1", ((x, s, y), t))
                for x, y in list(self.by_p.get(o, ())):
                    if isinstance(y, str):
                        put((y, s, x), "prp-inv2", ((x, o, y), t))
            elif p == DOMAIN and isinstance(o, str):
                for x, y in list(self.by_p.get(s, ())):
                    put((x, RDF_TYPE, o), "prp-dom", ((x, s, y), t))
                for d1 in list(objs(o, SUBCLASS)):
                    put((s, DOMAIN, d1), "scm-dom1", (t, (o, SUBCLASS, d1)))
                for q in list(subjs(SUBPROP, s)):
                    put((q, DOMAIN, o), "scm-dom2", (t, (q, SUBPROP, s)))
            elif p == RANGE and isinstance(o, str):
                for x, y in list(self.by_p.get(s, ())):
                    if isinstance(y, str):
                        put((y, RDF_TYPE, o), "prp-rng", ((x, s, y), t))
                for r1 in list(objs(o, SUBCLASS)):
                    put((s, RANGE, r1), "scm-rng1", (t, (o, SUBCLASS, r1)))
                for q in list(subjs(SUBPROP, s)):
                    put((q, RANGE, o), "scm-rng2", (t, (q, SUBPROP, s)))
            elif p == RDF_TYPE and isinstance(o, str):
                # a type derived by cax-sco needs no class expansion of its own: C's
                # superclasses include D's (scm-sco), and a later C ⊑ E reaches x via C
                if how != "cax-sco":
                    for d in list(objs(o, SUBCLASS)):
                        if isinstance(d, str):
                            put((s, RDF_TYPE, d), "cax-sco", (t, (o, SUBCLASS, d)))
                    for d in list(objs(o, EQCLASS)):
                        if isinstance(d, str):
                            put((s, RDF_TYPE, d), "cax-eqc1", (t, (o, EQCLASS, d)))
                    for d in list(subjs(EQCLASS, o)):
                        put((s, RDF_TYPE, d), "cax-eqc2", (t, (d, EQCLASS, o)))
                if o == TRANSITIVE:
                    self._close_transitive(s, t)
                elif o == SYMMETRIC:
                    for x, y in list(self.by_p.get(s, ())):
                        if isinstance(y, str):
                            put((y, s, x), "prp-symp", ((x, s, y), t))
            # --- the triple as data for property axioms
            plan = self._plans.get(p) or self._plan(p)
            for q, ax in plan.supers:
                put((s, q, o), "prp-spo1", (t, ax))
            for c, ax in plan.domains:
                put((s, RDF_TYPE, c), "prp-dom", (t, ax))
            if isinstance(o, str):
                for q, ax, rule in plan.inverses:
                    put((o, q, s), rule, (t, ax))
                for c, ax in plan.ranges:
                    put((o, RDF_TYPE, c), "prp-rng", (t, ax))
                if plan.transitive:
                    decl = (p, RDF_TYPE, TRANSITIVE)
                    for x in list(subjs(p, s)):
                        put((x, p, o), "prp-trp", ((x, p, s), t, decl))
                    for z in list(objs(o, p)):
                        put((s, p, z), "prp-trp", (t, (o, p, z), decl))
                if plan.symmetric:
                    put((o, p, s), "prp-symp", (t, (p, RDF_TYPE, SYMMETRIC)))

    def _close_transitive(self, p: str, decl: Triple) -> None:
        if p not in self._indexed:  # index the property from now on (joins on both ends)
            self._indexed.add(p)
            for x, y in self.by_p.get(p, ()):
                self.sp[(x, p)].add(y)
                self.po[(p, y)].add(x)
        for x, y in list(self.by_p.get(p, ())):
            if not isinstance(y, str):
                continue
            for z in list(self._objs(y, p)):
                self._put((x, p, z), "prp-trp", ((x, p, y), (y, p, z), decl))

    # ------------------------------------------------------------------ justifications
    def justify(self, t: Triple, depth: int = 12) -> dict[str, Any]:
        """The proof tree of a triple: ``{triple, rule, premises: [...]}`` (asserted leaves)."""
        if t not in self.why:
            raise KeyError(t)
        rule, premises = self.why[t]
        node: dict[str, Any] = {"triple": [str(x) for x in t], "rule": rule}
        if premises and depth > 0:
            node["premises"] = [self.justify(q, depth - 1) for q in premises]
        return node
