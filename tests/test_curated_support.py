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


# --- coverage of the verified sample (../shared/data/credit/*.csv) -------------------------------

SAMPLE_DIR = PROJECT_ROOT.parent / "shared" / "data" / "credit"
SAMPLE_FILES = ("provisions.csv", "local_overreach.csv")
#: ``establishes`` code → the curated class that must rest on the provision
CODE_CLASS = {"a": "CatalogueItem", "b": "ListCategory", "c": "SanctionMeasure"}
MIN_RECALL = 0.95


def sample_rows() -> list[dict[str, str]]:
    import csv

    if not all((SAMPLE_DIR / f).is_file() for f in SAMPLE_FILES):
        pytest.skip(f"verified credit sample not found at {SAMPLE_DIR}")
    rows: list[dict[str, str]] = []
    for name in SAMPLE_FILES:
        with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as fh:
            rows.extend({**r, "_file": name} for r in csv.DictReader(fh))
    return rows


def article_iri(store: Store, row: dict[str, str]) -> str | None:
    """The article IRI of a sample row in its own version (None if the store lacks it)."""
    from service.domain.errors import Ambiguous, NotFound
    from service.domain.laws import resolve_law, versions

    try:
        law = resolve_law(store, title=row["law_title"], region=row.get("region") or None)
    except (NotFound, Ambiguous):
        return None
    vs = versions(store, work=law.work)
    date = row.get("version_date") or ""
    hits = [v for v in vs if v.version_date == date] if date else (vs if len(vs) == 1 else [])
    if len(hits) != 1:
        return None
    return f"{hits[0].uri}/art_{row['article_no']}"


def coverage_misses(g: Graph, store: Store, rows: list[dict[str, str]]) -> tuple[int, list[str]]:
    """(number of b/c/a obligations, misses): a row coded b/c/a needs a curated list category /
    measure / catalogue item citing that article or a paragraph or item of it, in that version."""
    cited: dict[str, set[str]] = {}
    for cls in CODE_CLASS.values():
        cited[cls] = {b for s in g.subjects(RDF.type, cb(cls)) if isinstance(s, URIRef) for b in bases(g, s)}
    total, misses = 0, []
    for row in rows:
        codes = [c for c in row["establishes"].split("|") if c in CODE_CLASS]
        if not codes:
            continue
        art = article_iri(store, row)
        for code in codes:
            total += 1
            cls = CODE_CLASS[code]
            if art is None or not any(b == art or b.startswith(art + "/") for b in cited[cls]):
                misses.append(f"{row['_file']}: {row['law_title']} ({row['version_date']}) "
                              f"{row['article_cn']} [{code} → {cls}] {art or 'provision not resolved'}")
    return total, misses


def test_sample_rows_resolve_to_store_provisions(store: Store) -> None:
    rows = sample_rows()
    unresolved = []
    for row in rows:
        art = article_iri(store, row)
        if art is None or not store.select("cited-provision-text", uri=IRI(art)):
            unresolved.append(f"{row['law_title']} {row['version_date']} {row['article_cn']}")
    assert len(unresolved) <= len(rows) * 0.02, unresolved


def test_curated_items_cover_the_verified_sample(data: Graph, store: Store) -> None:
    total, misses = coverage_misses(data, store, sample_rows())
    recall = 1 - len(misses) / total
    print(f"\ncoverage of b/c/a sample rows: {total - len(misses)}/{total} = {recall:.3f}")
    for m in misses:
        print("  miss:", m)
    assert total >= 100, total
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}:\n" + "\n".join(misses)


def test_coverage_check_can_fail(store: Store) -> None:
    """A graph whose item cites the right article of the wrong version, or an item of the wrong
    class, does not cover the row."""
    row = {"law_title": "公务员法", "version_date": "2018-12-29", "article_no": "26", "article_cn": "第二十六条",
           "establishes": "c", "_file": "test", "region": ""}
    art = article_iri(store, row)
    assert art is not None and art.endswith("/2018-12-29/art_26")
    g = Graph()
    item = URIRef("urn:test:item")
    g.add((item, RDF.type, cb("CatalogueItem")))  # wrong class
    g.add((item, cb("legalBasis"), URIRef(art + "/para_1/item_4")))
    total, misses = coverage_misses(g, store, [row])
    assert total == 1 and len(misses) == 1, misses
    g.add((item, RDF.type, cb("SanctionMeasure")))
    assert coverage_misses(g, store, [row])[1] == []
    other = URIRef("urn:test:other-version")
    g2 = Graph()
    g2.add((other, RDF.type, cb("SanctionMeasure")))
    g2.add((other, cb("legalBasis"), URIRef(art.replace("/2018-12-29/", "/2005-04-27/") + "/para_1")))
    assert len(coverage_misses(g2, store, [row])[1]) == 1
