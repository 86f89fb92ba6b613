"""Every term of ontology/*.ttl is documented: rdfs:label and skos:definition in zh and en,
rdfs:isDefinedBy; the owl:Ontology header carries a versionIRI; every SKOS concept of the
creditbasis namespace has zh and en preferred labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from service.config import PROJECT_ROOT

BASE = "https://w3id.org/creditbasis/"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
FILES = sorted((PROJECT_ROOT / "ontology").glob("*.ttl"))


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    for f in FILES:
        g.parse(f, format="turtle")
    return g


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language or "" for o in g.objects(s, p) if isinstance(o, Literal)}


def _ours(g: Graph) -> list[URIRef]:
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)}
    return sorted(s for s in terms if isinstance(s, URIRef) and str(s).startswith(BASE))


def test_files_exist() -> None:
    names = {f.name for f in FILES}
    assert {"legal.ttl", "credit.ttl"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: Path(p).name)
def test_each_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0


def test_terms_are_documented(onto: Graph) -> None:
    terms = _ours(onto)
    assert len(terms) > 80
    problems = []
    for s in terms:
        if {"zh", "en"} - _langs(onto, s, RDFS.label):
            problems.append(f"{s}: rdfs:label zh+en")
        if {"zh", "en"} - _langs(onto, s, SKOS.definition):
            problems.append(f"{s}: skos:definition zh+en")
        if not list(onto.objects(s, RDFS.isDefinedBy)):
            problems.append(f"{s}: rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_one_labelled_term_per_language(onto: Graph) -> None:
    doubled = [str(s) for s in _ours(onto) if len(list(onto.objects(s, RDFS.label))) != len(_langs(onto, s, RDFS.label))]
    assert not doubled, doubled


def test_ontology_header_has_version_iri(onto: Graph) -> None:
    headers = list(onto.subjects(RDF.type, OWL.Ontology))
    assert headers
    for h in headers:
        assert list(onto.objects(h, OWL.versionIRI)), f"{h} lacks owl:versionIRI"


def test_concepts_have_pref_labels(onto: Graph) -> None:
    concepts = [s for s in onto.subjects(RDF.type, SKOS.Concept) if str(s).startswith(BASE)]
    assert len(concepts) >= 15
    missing = [str(c) for c in concepts if not isinstance(c, URIRef) or {"zh", "en"} - _langs(onto, c, SKOS.prefLabel)]
    assert not missing, missing


def test_permitted_domains_are_the_four(onto: Graph) -> None:
    permitted = set(onto.subjects(SKOS.inScheme, URIRef(BASE + "ontology#PermittedDomains")))
    names = sorted(str(c).split("#")[1] for c in permitted)
    assert names == ["domain-health-safety", "domain-market-order", "domain-national-defence",
                     "domain-refusing-obligations"]
    other = URIRef(BASE + "ontology#domain-other")
    assert other not in permitted
    assert (other, SKOS.inScheme, URIRef(BASE + "ontology#CreditDomains")) in onto


def test_legal_basis_axioms(onto: Graph) -> None:
    cb = BASE + "ontology#"
    assert (URIRef(cb + "basisOf"), OWL.inverseOf, URIRef(cb + "legalBasis")) in onto
    assert (URIRef(cb + "identificationStandard"), RDFS.subPropertyOf, URIRef(cb + "legalBasis")) in onto


def test_every_term_of_the_contract_is_defined(onto: Graph) -> None:
    """docs/credit-model.md is the vocabulary contract: each cb: term it names is in the ontology."""
    doc = (PROJECT_ROOT / "docs" / "credit-model.md").read_text("utf-8")
    named = set(re.findall(r"\bcb:([A-Za-z][A-Za-z0-9-]*)", doc))
    assert len(named) > 60
    defined = {str(s) for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    missing = sorted(n for n in named if BASE + "ontology#" + n not in defined)
    assert not missing, missing
