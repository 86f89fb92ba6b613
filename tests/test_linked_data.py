"""Dereferenceable IRIs: HTML for browsers, RDF by content negotiation, date switch, 404s."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, unquote

import pytest
import rdflib

from service.api.negotiate import choose
from service.domain.laws import versions
from service.iri import BASE
from service.store.base import IRI

CB = "https://w3id.org/creditbasis/ontology#"
PREFIX = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX cb: <" + CB + ">\n"


def path_of(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE):]


@pytest.fixture(scope="module")
def multi_version_article(store: Any) -> dict[str, Any]:
    """An article present in two dated versions of the same national law (found in the data)."""
    rows = store.select_text(PREFIX + """
        SELECT ?work ?v1 ?v2 WHERE {
          ?work a cb:Law ; cb:level cb:NationalLevel .
          ?v1 eli:is_member_of ?work ; cb:nextVersion ?v2 .
          ?v1 eli:first_date_entry_into_force ?f1 . ?v2 eli:first_date_entry_into_force ?f2 .
          FILTER(?f1 < ?f2)
        } LIMIT 50""", {})
    for row in rows:
        a1, a2 = row["v1"] + "/art_2", row["v2"] + "/art_2"
        if store.select("provision-detail", uri=IRI(a1)) and store.select("provision-detail", uri=IRI(a2)):
            return {"work": row["work"], "v1": row["v1"], "v2": row["v2"], "a1": a1, "a2": a2}
    pytest.fail("no law with an article 2 in two consecutive versions")


def article_text(store: Any, iri: str) -> str:
    return store.select("provision-detail", uri=IRI(iri))[0]["text"]


def test_article_page_shows_text_history_and_links(client: Any, store: Any,
                                                   multi_version_article: dict[str, Any]) -> None:
    a1 = multi_version_article["a1"]
    r = client.get(path_of(a1), headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    first_line = article_text(store, a1).split("\n")[0]
    assert first_line[:30] in page
    assert "版本沿革 Version history" in page
    # the same article in the other version is linked
    assert f'href="{quote(path_of(multi_version_article["a2"]), safe="/%()")}"' in unquote(page) or \
        path_of(multi_version_article["a2"]) in unquote(page)
    for v in versions(store, work=multi_version_article["work"]):
        assert path_of(v.uri) in unquote(page)
    assert 'name="date"' in page  # the date switch form


def test_pages_load_nothing_from_elsewhere(client: Any, multi_version_article: dict[str, Any]) -> None:
    for iri in (multi_version_article["a1"], multi_version_article["work"], BASE + "ontology"):
        page = client.get(path_of(iri), headers={"Accept": "text/html"}).text
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", page, re.I):
            for url in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', tag):
                assert not re.match(r"^(?:[a-z]+:)?//", url, re.I), f"external resource {url} in {tag}"
        assert "@import" not in page
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.text)
    assert "@import" not in css.text


@pytest.mark.parametrize(("accept", "media", "parse_as"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("text/html;q=0.2, text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json", "json-ld"),
    ("application/n-triples;q=1.0, text/html;q=0.1", "application/n-triples", "nt"),
])
def test_content_negotiation_gives_the_resource_triples(client: Any, store: Any, accept: str,
                                                        media: str, parse_as: str,
                                                        multi_version_article: dict[str, Any]) -> None:
    a1 = multi_version_article["a1"]
    r = client.get(path_of(a1), headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers.get("vary", "")
    g = rdflib.Graph().parse(data=r.text, format=parse_as)
    texts = list(g.objects(rdflib.URIRef(a1), rdflib.URIRef(CB + "text")))
    assert [str(t) for t in texts] == [article_text(store, a1)]
    # incoming structure: the paragraphs point at the article
    assert (None, rdflib.URIRef("http://data.europa.eu/eli/ontology#is_part_of"), rdflib.URIRef(a1)) in g


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
def test_format_parameter_overrides_accept(client: Any, fmt: str,
                                           multi_version_article: dict[str, Any]) -> None:
    r = client.get(path_of(multi_version_article["work"]), params={"format": fmt},
                   headers={"Accept": "text/html"})
    assert r.status_code == 200
    parse_as = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[fmt]
    g = rdflib.Graph().parse(data=r.text, format=parse_as)
    assert (rdflib.URIRef(multi_version_article["work"]), rdflib.RDF.type,
            rdflib.URIRef(CB + "Law")) in g


def test_unacceptable_media_type_and_bad_format(client: Any, multi_version_article: dict[str, Any]) -> None:
    r = client.get(path_of(multi_version_article["a1"]), headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.headers["content-type"].startswith("application/problem+json")
    r = client.get(path_of(multi_version_article["a1"]), params={"format": "pdf"})
    assert r.status_code == 422


@pytest.mark.parametrize("path", [
    "/eli/cn/law/没有这部法律", "/eli/cn/law/公务员法/1900-01-01/art_1", "/id/body/不存在的机关",
])
def test_unknown_iri_is_404_problem(client: Any, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        r = client.get(path, headers={"Accept": accept})
        assert r.status_code == 404
        body = r.json()
        assert r.headers["content-type"].startswith("application/problem+json")
        assert body["status"] == 404 and body["detail"]["zh"] and body["detail"]["en"]


def test_percent_encoded_and_raw_paths_name_the_same_iri(client: Any,
                                                          multi_version_article: dict[str, Any]) -> None:
    path = path_of(multi_version_article["a1"])
    encoded = quote(path, safe="/")
    a = client.get(path, params={"format": "nt"})
    b = client.get(encoded, params={"format": "nt"})
    assert a.status_code == b.status_code == 200
    assert a.text == b.text


def test_date_switch_redirects_to_version_in_force(client: Any, store: Any,
                                                   multi_version_article: dict[str, Any]) -> None:
    m = multi_version_article
    for v in versions(store, work=m["work"]):
        if not v.in_force_from:
            continue
        r = client.get(path_of(m["a1"]), params={"date": v.in_force_from}, follow_redirects=False)
        if v.uri in (m["v1"], m["v2"]):
            assert r.status_code == 303
            assert unquote(r.headers["location"]) == path_of(v.uri + "/art_2")
        r = client.get(path_of(m["work"]), params={"date": v.in_force_from}, follow_redirects=False)
        assert r.status_code == 303
        assert unquote(r.headers["location"]) == path_of(v.uri)
    r = client.get(path_of(m["a1"]), params={"date": "2020-13-45"}, follow_redirects=False)
    assert r.status_code == 422


def test_work_page_lists_versions(client: Any, store: Any, multi_version_article: dict[str, Any]) -> None:
    page = unquote(client.get(path_of(multi_version_article["work"])).text)
    assert "版本 Versions" in page
    for v in versions(store, work=multi_version_article["work"]):
        assert path_of(v.uri) in page


def test_big_version_page_has_every_article_once(client: Any, store: Any) -> None:
    rows = store.select_text(PREFIX + """
        SELECT ?v (COUNT(?a) AS ?n) WHERE { ?v eli:is_member_of <""" + BASE + """eli/cn/law/民法典> .
          ?a cb:inVersion ?v ; a cb:Article } GROUP BY ?v""", {})
    if not rows:
        pytest.skip("民法典 not in the corpus")
    version, n = rows[0]["v"], int(rows[0]["n"])
    assert n > 1000
    r = client.get(path_of(version), headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.text.count('<article class="article"') == n
    # divisions are nested: books contain chapters
    assert '<section class="division book"' in r.text and '<section class="division chapter"' in r.text


def test_entity_page_shows_incoming_links(client: Any, store: Any) -> None:
    rows = store.select_text(PREFIX + """
        SELECT ?body (COUNT(?v) AS ?n) WHERE { ?v eli:passed_by ?body }
        GROUP BY ?body HAVING (COUNT(?v) > 1) ORDER BY ?n ?body LIMIT 1""", {})
    assert rows
    body = rows[0]["body"]
    passed = [r["v"] for r in store.select_text(
        PREFIX + "SELECT ?v WHERE { ?v eli:passed_by ?body }", {"body": IRI(body)})]
    r = client.get(path_of(body), headers={"Accept": "text/html"})
    assert r.status_code == 200
    page = unquote(r.text)
    assert "Incoming links" in page
    for v in passed:  # every version the body passed rests on it
        assert path_of(v) in page


def test_ontology_page_lists_terms(client: Any, store: Any) -> None:
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200
    terms = store.select("ontology-terms")
    assert terms
    for t in terms:
        assert f'id="{t["term"].rsplit("#", 1)[-1]}"' in r.text
    g = rdflib.Graph().parse(data=client.get("/ontology", params={"format": "ttl"}).text, format="turtle")
    assert (rdflib.URIRef(BASE + "ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in g
    for t in terms:  # the document defines every term
        assert (rdflib.URIRef(t["term"]), rdflib.RDFS.isDefinedBy, rdflib.URIRef(BASE + "ontology")) in g
        assert list(g.objects(rdflib.URIRef(t["term"]), rdflib.RDFS.label))


def test_page_carries_data_version(client: Any, store: Any, multi_version_article: dict[str, Any]) -> None:
    from service.domain.about import data_version

    page = client.get(path_of(multi_version_article["a1"])).text
    assert data_version(store)["build"] in page


@pytest.mark.parametrize(("header", "expected"), [
    (None, "html"), ("*/*", "html"), ("text/turtle", "ttl"), ("text/*", "html"),
    ("application/ld+json;q=0.4, text/turtle;q=0.6", "ttl"), ("text/html;q=0, */*;q=0.1", "ttl"),
    ("image/png", None), ("application/json", "jsonld"), ("text/turtle;q=abc, application/n-triples", "nt"),
])
def test_accept_header_choice(header: str | None, expected: str | None) -> None:
    assert choose(header) == expected


def test_jsonld_is_json(client: Any, multi_version_article: dict[str, Any]) -> None:
    r = client.get(path_of(multi_version_article["a1"]), headers={"Accept": "application/ld+json"})
    assert isinstance(json.loads(r.text), dict | list)


def test_provision_page_lists_what_rests_on_it(client: Any, store: Any) -> None:
    """Curated resources with cb:legalBasis pointing at a provision show as incoming links."""
    rows = store.select_text(PREFIX + """
        SELECT ?m ?p WHERE { ?m cb:legalBasis ?p . ?p cb:inVersion ?v } ORDER BY ?p ?m LIMIT 3""", {})
    if not rows:
        pytest.skip("no curated cb:legalBasis links in the store")
    for row in rows:
        r = client.get(path_of(row["p"]), headers={"Accept": "text/html"})
        assert r.status_code == 200
        incoming = unquote(r.text).split("Incoming links", 1)[1]
        assert path_of(row["m"]) in incoming
        assert "cb:legalBasis" in incoming


def test_division_page_shows_its_articles_and_breadcrumbs(client: Any, store: Any) -> None:
    rows = store.select_text(PREFIX + """
        SELECT ?chp ?heading ?v WHERE { ?chp a cb:Chapter ; cb:heading ?heading ; cb:inVersion ?v .
          ?v eli:is_member_of <""" + BASE + """eli/cn/law/民法典> } ORDER BY ?chp LIMIT 1""", {})
    if not rows:
        pytest.skip("民法典 not in the corpus")
    chp = rows[0]["chp"]
    articles = [r["node"] for r in store.select("node-subtree", root=IRI(chp))
                if r["kind"].endswith("#Article")]
    assert articles
    page = unquote(client.get(path_of(chp), headers={"Accept": "text/html"}).text)
    assert rows[0]["heading"] in page
    for a in articles:
        assert path_of(a) in page
    crumbs = page.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert path_of(rows[0]["v"]) in crumbs  # the version is among the enclosing units
