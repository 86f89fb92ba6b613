"""The forward chainer gives the same closure as owlrl on our ontology, with justifications."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from service.config import PROJECT_ROOT
from service.domain.inference import Reasoner, rdflib_triples, turtle_triples
from service.domain.inference.engine import ASSERTED, Literal

CASES = Path(__file__).parent / "cases" / "inference"
ONTOLOGY = sorted((PROJECT_ROOT / "ontology").glob("*.ttl"))
CURATED = sorted((PROJECT_ROOT / "data").rglob("*.ttl"))
CB = "https://w3id.org/creditbasis/ontology#"
EX = "https://example.org/case/"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_VOCAB = (_OWL, _RDFS, _RDF, _XSD)


def _comparable(triples: object) -> set[tuple[str, str, str]]:
    """Triples about our own resources, as owlrl's OWL RL closure states them.

    Dropped on both sides: blank nodes, literals (owlrl adds datatype axioms), triples whose
    subject is an RDF/RDFS/OWL/XSD term (axiomatic triples), owl:sameAs (owlrl's reflexive
    equality), and types/classes/properties from the RDF/RDFS/OWL vocabularies
    (rdfs:Resource, owl:Thing, owl:Class … that owlrl adds to everything).
    """
    out = set()
    for s, p, o in triples:  # type: ignore[attr-defined]
        if isinstance(o, Literal) or s.startswith("_:") or (isinstance(o, str) and o.startswith("_:")):
            continue
        if s.startswith(_VOCAB) or p == _OWL + "sameAs":
            continue
        if p == _RDF + "type" and o.startswith(_VOCAB):
            continue
        if p in (_RDFS + "subClassOf", _RDFS + "subPropertyOf", _OWL + "equivalentClass",
                 _OWL + "equivalentProperty") and (o.startswith(_VOCAB) or s == o):
            continue
        if p in (_RDFS + "domain", _RDFS + "range") and o.startswith(_VOCAB):
            continue
        out.add((s, p, o))
    return out


def _owlrl_closure(paths: list[Path]) -> set[tuple[str, str, str]]:
    import owlrl

    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return _comparable(rdflib_triples(g))


def _ours(paths: list[Path]) -> set[tuple[str, str, str]]:
    return _comparable(Reasoner(turtle_triples(paths)).triples())


@pytest.mark.parametrize("name", ["rules", "ontology", "ontology+curated"])
def test_closure_equals_owlrl(name: str) -> None:
    paths = {"rules": [*ONTOLOGY, CASES / "rules.ttl"], "ontology": ONTOLOGY,
             "ontology+curated": [*ONTOLOGY, *CURATED]}[name]
    theirs = _owlrl_closure(paths)
    ours = _ours(paths)
    assert ours - theirs == set(), f"{len(ours - theirs)} extra, e.g. {sorted(ours - theirs)[:5]}"
    assert theirs - ours == set(), f"{len(theirs - ours)} missing, e.g. {sorted(theirs - ours)[:5]}"


def test_each_rule_fires_on_the_cases() -> None:
    r = Reasoner(turtle_triples([*ONTOLOGY, CASES / "rules.ttl"]))
    fired = {rule for rule, _ in r.why.values()}
    assert fired >= {"cax-sco", "scm-sco", "prp-dom", "prp-rng", "prp-spo1", "scm-spo", "prp-inv1",
                     "prp-inv2", "prp-symp", "prp-trp", "scm-eqc1", "cax-eqc1", "scm-eqp1"}
    assert (EX + "d1", _RDF + "type", "http://www.w3.org/ns/prov#Activity") in r
    assert (EX + "m9", CB + "legalBasis", EX + "p9") in r
    assert (EX + "t2", CB + "equalEffectTo", EX + "t1") in r
    assert (EX + "t3", CB + "lowerEffectThan", EX + "t5") not in r
    assert (EX + "t5", CB + "lowerEffectThan", EX + "t3") in r
    assert (EX + "item1", CB + "partOfTransitive", EX + "ver1") in r
    assert (EX + "x4", _RDF + "type", CB + "SanctionDecision") in r  # via subPropertyOf + domain


def _leaves(tree: dict) -> list[list[str]]:
    if tree["rule"] == ASSERTED:
        return [tree["triple"]]
    return [leaf for p in tree["premises"] for leaf in _leaves(p)]


def test_justification_unfolds_to_asserted_premises() -> None:
    triples = list(turtle_triples([*ONTOLOGY, CASES / "rules.ttl"]))
    asserted = {tuple(map(str, t)) for t in triples}
    r = Reasoner(triples)
    t = (EX + "item1", CB + "partOfTransitive", EX + "ver1")
    tree = r.justify(t)
    leaves = _leaves(tree)
    assert all(tuple(leaf) in asserted for leaf in leaves)
    assert [EX + "art1", "http://data.europa.eu/eli/ontology#is_part_of", EX + "chp1"] in leaves
    # every inferred triple has premises that are themselves in the closure
    for triple, (rule, premises) in r.why.items():
        if rule != ASSERTED:
            assert premises and all(p in r for p in premises), triple


def test_type_order_is_transitive_on_the_real_ontology() -> None:
    r = Reasoner(turtle_triples(ONTOLOGY))
    it = "https://w3id.org/creditbasis/id/instrument-type/"
    fact = (it + "constitution", CB + "higherEffectThan", it + "department-rule")
    assert fact in r and r.why[fact][0] == "prp-trp"
    assert (it + "department-rule", CB + "higherEffectThan", it + "law") not in r
    g = Graph()
    for p in ONTOLOGY:
        g.parse(p, format="turtle")
    assert (URIRef(CB + "Article"), RDF.type, None) in g  # sanity: the ontology parsed
