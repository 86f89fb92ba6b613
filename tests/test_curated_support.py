"""The curated credit data (data/credit/*.ttl) is supported by the corpus text it cites.

For every curated element (list category, sanction measure, catalogue item, repair rule):
each cited provision exists in the store built from the corpus; every evidence term recorded on
the element (``cb:evidenceTerm``) occurs in at least one cited provision; and every cited corpus
provision contains at least one evidence term (no padding with provisions that merely mention
credit). Citations of framework clauses (``cb:InstrumentClause``, text not in the corpus) must be
described in the curated data instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from service.config import PROJECT_ROOT
from service.store.base import IRI, Store

CB = "https://w3id.org/creditbasis/ontology#"
DCTERMS_ABSTRACT = URIRef("http://purl.org/dc/terms/abstract")
LAW_IRI = "https://w3id.org/creditbasis/eli/cn/"
CASES = PROJECT_ROOT / "tests" / "cases" / "credit"
ELEMENT_TYPES = ("ListCategory", "SanctionMeasure", "CatalogueItem", "RepairRule")
BASIS_PROPERTIES = ("legalBasis", "identificationStandard")


def cb(name: str) -> URIRef:
    return URIRef(CB + name)


@pytest.fixture(scope="module")
def data() -> Graph:
    g = Graph()
    files = sorted((PROJECT_ROOT / "data").rglob("*.ttl"))
    assert files, "no curated TTL files under data/"
    for f in files:
        g.parse(f, format="turtle")
    return g


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    g = Graph()
    for f in sorted((PROJECT_ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@pytest.fixture(scope="module")
def texts(data: Graph, store: Store) -> dict[str, str | None]:
    """Text of every corpus provision cited in the curated data (None if absent from the store)."""
    cited = {str(o) for p in BASIS_PROPERTIES for o in data.objects(None, cb(p)) if str(o).startswith(LAW_IRI)}
    out: dict[str, str | None] = {}
    for uri in sorted(cited):
        rows = store.select("cited-provision-text", uri=IRI(uri))
        out[uri] = rows[0]["text"] if rows else None
    return out


def elements(g: Graph) -> Iterator[tuple[URIRef, str]]:
    for t in ELEMENT_TYPES:
        for s in g.subjects(RDF.type, cb(t)):
            assert isinstance(s, URIRef)
            yield s, t


def bases(g: Graph, item: URIRef) -> set[str]:
    return {str(o) for p in BASIS_PROPERTIES for o in g.objects(item, cb(p))}


def test_minimum_counts(data: Graph) -> None:
    minimum: dict[str, int] = json.loads((CASES / "minimum-counts.json").read_text("utf-8"))
    for cls, n in minimum.items():
        have = len(set(data.subjects(RDF.type, URIRef(cls))))
        assert have >= n, f"{cls}: {have} < {n}"


def test_every_element_has_a_legal_basis(data: Graph) -> None:
    missing = [str(s) for s, _ in elements(data) if not bases(data, s)]
    assert not missing, missing


def test_every_cited_provision_exists(texts: dict[str, str | None]) -> None:
    assert texts
    missing = sorted(u for u, t in texts.items() if t is None)
    assert not missing, f"{len(missing)} cited provisions not in the store: {missing[:10]}"


def test_cited_clauses_are_described(data: Graph) -> None:
    clause_type = cb("InstrumentClause")
    for s, _ in elements(data):
        for b in bases(data, s):
            if b.startswith(LAW_IRI):
                continue
            ref = URIRef(b)
            assert (ref, RDF.type, clause_type) in data, f"{s} cites {b}, neither a corpus provision nor a clause"
            assert list(data.objects(ref, DCTERMS_ABSTRACT)), f"clause {b} has no abstract"
            assert list(data.objects(ref, URIRef("http://data.europa.eu/eli/ontology#is_part_of"))), b


def support_problems(g: Graph, texts: dict[str, str | None]) -> tuple[int, list[str]]:
    """(number of elements checked, problems) of the evidence-term rule over graph ``g``."""
    problems: list[str] = []
    checked = 0
    for s, _ in elements(g):
        corpus = [b for b in bases(g, s) if b.startswith(LAW_IRI)]
        terms = [str(o) for o in g.objects(s, cb("evidenceTerm"))]
        if not corpus:
            continue  # rests only on framework clauses (text not in the corpus)
        checked += 1
        if not terms:
            problems.append(f"{s}: cites corpus provisions but records no evidence term")
            continue
        bodies = {b: texts.get(b) or "" for b in corpus}
        for term in terms:
            if not any(term in body for body in bodies.values()):
                problems.append(f"{s}: evidence term {term!r} occurs in none of its cited provisions")
        for b, body in bodies.items():
            if not any(term in body for term in terms):
                problems.append(f"{s}: cited provision {b} contains none of {terms}")
    return checked, problems


def test_evidence_terms_support_every_element(data: Graph, texts: dict[str, str | None]) -> None:
    checked, problems = support_problems(data, texts)
    assert checked >= 190, checked
    assert not problems, "\n".join(problems[:20])


def test_support_check_rejects_padding_and_unsupported_terms(store: Store) -> None:
    """The rule can fail: a provision that merely mentions credit records is padding for a
    measure it does not establish, and a term absent from the cited text is caught."""
    civil = LAW_IRI + "law/公务员法/2018-12-29/art_26/para_1/item_4"
    advertising = LAW_IRI + "law/广告法/2021-04-29/art_66/para_1"
    texts: dict[str, str | None] = {}
    for uri in (civil, advertising):
        rows = store.select("cited-provision-text", uri=IRI(uri))
        assert rows, uri
        texts[uri] = rows[0]["text"]
    g = Graph()
    padded = URIRef("urn:test:padded")
    g.add((padded, RDF.type, cb("SanctionMeasure")))
    g.add((padded, cb("legalBasis"), URIRef(civil)))
    g.add((padded, cb("legalBasis"), URIRef(advertising)))
    g.add((padded, cb("evidenceTerm"), Literal("失信联合惩戒对象", lang="zh")))
    wrong = URIRef("urn:test:wrong-term")
    g.add((wrong, RDF.type, cb("SanctionMeasure")))
    g.add((wrong, cb("legalBasis"), URIRef(civil)))
    g.add((wrong, cb("evidenceTerm"), Literal("限制出境", lang="zh")))
    checked, problems = support_problems(g, texts)
    assert checked == 2
    assert any("urn:test:padded" in p and advertising in p for p in problems), problems
    assert any("urn:test:wrong-term" in p and "限制出境" in p for p in problems), problems


def test_known_bases(data: Graph) -> None:
    for case in json.loads((CASES / "known-bases.json").read_text("utf-8")):
        have = bases(data, URIRef(case["item"]))
        assert set(case["cites"]) <= have, (case["item"], case["why"], sorted(have))


def _labelled(g: Graph, node: URIRef) -> bool:
    return any(isinstance(o, Literal) for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(node, p))


def test_every_iri_in_data_has_a_label(data: Graph, vocabulary: Graph, texts: dict[str, str | None]) -> None:
    both = data + vocabulary
    unlabelled: set[str] = set()
    for s, _, o in data:
        for node in (s, o):
            if not isinstance(node, URIRef):
                continue
            if str(node).startswith(LAW_IRI):
                if texts.get(str(node)) is None:  # a provision: its citation is in the store
                    unlabelled.add(str(node))
                continue
            if not _labelled(both, node):
                unlabelled.add(str(node))
    assert not unlabelled, sorted(unlabelled)[:20]


def test_store_holds_the_curated_bases(store: Store, data: Graph) -> None:
    rows = store.select("curated-legal-basis")
    in_store = {(r["item"], r["provision"]) for r in rows}
    in_files = {(str(s), str(o)) for s, o in data.subject_objects(cb("legalBasis"))}
    assert in_files <= in_store, sorted(in_files - in_store)[:5]
    assert all(r["citation"] for r in rows if r["provision"].startswith(LAW_IRI))
