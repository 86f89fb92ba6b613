"""`/sparql` on the real store: the three ways to send a query, formats, negotiation, dataset,
errors, service description and the offline editor."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from service.vocab import GRAPH_LAWS, GRAPH_ONTOLOGY

SRX = "{http://www.w3.org/2005/sparql-results#}"
ELI = "http://data.europa.eu/eli/ontology#"
CB = "https://w3id.org/creditbasis/ontology#"
# ten law works with their short titles (store order is stable for one build)
WORKS = f"""PREFIX eli: <{ELI}> PREFIX cb: <{CB}>
SELECT ?work ?title WHERE {{ ?work cb:shortTitle ?title }} LIMIT 10"""
CONSTRUCT = f"""PREFIX cb: <{CB}>
CONSTRUCT {{ ?work cb:shortTitle ?title }} WHERE {{ ?work cb:shortTitle ?title }} LIMIT 25"""


def _json_rows(body: bytes) -> list[dict[str, str]]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _xml_rows(body: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(body)
    rows = []
    for res in root.iter(SRX + "result"):
        row = {}
        for b in res.iter(SRX + "binding"):
            row[b.attrib["name"]] = "".join(b.itertext())
        rows.append(row)
    return rows


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def _tsv_rows(body: bytes) -> list[dict[str, str]]:
    lines = body.decode("utf-8").rstrip("\n").split("\n")
    head = [h.lstrip("?") for h in lines[0].split("\t")]
    rows = []
    for line in lines[1:]:
        row = {}
        for k, v in zip(head, line.split("\t"), strict=True):
            m = re.fullmatch(r'<(.*)>|"(.*)"(?:@[\w-]+|\^\^<.*>)?', v)
            assert m, v
            row[k] = m.group(1) if m.group(1) is not None else m.group(2)
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def works(client: Any) -> list[dict[str, str]]:
    r = client.get("/sparql", params={"query": WORKS})
    assert r.status_code == 200
    rows = _json_rows(r.content)
    assert len(rows) == 10 and all(r["work"].startswith("https://w3id.org/creditbasis/eli/cn/") for r in rows)
    return rows


def test_get_form_and_direct_post_agree(client: Any, works: list[dict[str, str]]) -> None:
    form = client.post("/sparql", data={"query": WORKS})
    direct = client.post("/sparql", content=WORKS.encode(),
                         headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    for r in (form, direct):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert _json_rows(r.content) == works
        dv = json.loads(r.content)["data_version"]  # house rule: JSON answers carry it
        assert dv["corpus_snapshot"] and dv["build"]


@pytest.mark.parametrize(("accept", "ctype", "parse"), [
    ("application/sparql-results+json", "application/sparql-results+json", _json_rows),
    ("application/sparql-results+xml", "application/sparql-results+xml", _xml_rows),
    ("text/csv", "text/csv", _csv_rows),
    ("text/tab-separated-values", "text/tab-separated-values", _tsv_rows),
])
def test_select_formats_carry_the_same_rows(client: Any, works: list[dict[str, str]], accept: str,
                                            ctype: str, parse: Any) -> None:
    r = client.get("/sparql", params={"query": WORKS}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == ctype
    assert parse(r.content) == works


@pytest.mark.parametrize(("fmt", "ctype"), [("csv", "text/csv"), ("xml", "application/sparql-results+xml"),
                                            ("tsv", "text/tab-separated-values"),
                                            ("json", "application/sparql-results+json")])
def test_format_parameter_overrides_accept(client: Any, fmt: str, ctype: str) -> None:
    r = client.get("/sparql", params={"query": WORKS, "format": fmt}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == ctype


def test_accept_q_values_decide(client: Any) -> None:
    r = client.get("/sparql", params={"query": WORKS}, headers={
        "Accept": "application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get("/sparql", params={"query": WORKS}, headers={
        "Accept": "text/csv;q=0, application/sparql-results+xml;q=0.5"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": WORKS}, headers={"Accept": "text/*"})
    assert r.headers["content-type"].split(";")[0] in ("text/csv", "text/tab-separated-values")
    assert "Accept" in r.headers.get("vary", "")


@pytest.mark.parametrize(("ask", "expected"), [
    (f"ASK {{ ?w <{ELI}title> ?t }}", True),
    ("ASK { <urn:x:none> <urn:x:none> <urn:x:none> }", False),
])
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(client: Any, ask: str, expected: bool, accept: str) -> None:
    r = client.get("/sparql", params={"query": ask}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    if accept.endswith("json"):
        assert json.loads(r.content)["boolean"] is expected
    else:
        node = ET.fromstring(r.content).find(SRX + "boolean")
        assert node is not None and node.text == str(expected).lower()


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_construct_formats_carry_the_same_graph(client: Any, accept: str, rdflib_format: str) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    ref = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert ref.status_code == 200
    expected = Graph().parse(data=ref.text, format="nt")
    assert len(expected) == 25
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    got = Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(got, expected)


def test_describe_answers_rdf(client: Any, works: list[dict[str, str]]) -> None:
    from rdflib import Graph, URIRef

    r = client.get("/sparql", params={"query": f"DESCRIBE <{works[0]['work']}>"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(works[0]["work"]), None, None) in g


def test_default_graph_uri_and_named_graph_uri(client: Any) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"

    def n(params: list[tuple[str, str]]) -> int:
        r = client.get("/sparql", params=params)
        assert r.status_code == 200, r.text
        return int(_json_rows(r.content)[0]["n"])

    union = n([("query", count)])
    onto = n([("query", count), ("default-graph-uri", GRAPH_ONTOLOGY)])
    laws = n([("query", count), ("default-graph-uri", GRAPH_LAWS)])
    both = n([("query", count), ("default-graph-uri", GRAPH_LAWS), ("default-graph-uri", GRAPH_ONTOLOGY)])
    assert 0 < onto < laws < union
    assert both == onto + laws
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?type } }"
    r = client.get("/sparql", params=[("query", graphs), ("named-graph-uri", GRAPH_ONTOLOGY)])
    assert [row["g"] for row in _json_rows(r.content)] == [GRAPH_ONTOLOGY]
    # only named graphs given: the default graph is empty (protocol dataset)
    assert n([("query", count), ("named-graph-uri", GRAPH_ONTOLOGY)]) == 0


def test_bad_query_is_400_with_parser_message(client: Any) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["detail"]["zh"] and body["detail"]["en"].startswith("SPARQL syntax error")
    assert "1:" in body["parser_message"]


@pytest.mark.parametrize(("params", "headers"), [
    ({"query": WORKS, "format": "png"}, {}),
    ({"query": WORKS}, {"Accept": "image/png"}),
    ({"query": CONSTRUCT}, {"Accept": "text/csv"}),
    ({"query": WORKS}, {"Accept": "text/turtle"}),
])
def test_unacceptable_format_is_406(client: Any, params: dict[str, str], headers: dict[str, str]) -> None:
    r = client.get("/sparql", params=params, headers=headers)
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/problem+json"


def test_updates_are_refused_with_403(client: Any) -> None:
    for r in (
        client.post("/sparql", data={"update": "CLEAR ALL"}),
        client.get("/sparql", params={"update": "CLEAR ALL"}),
        client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
    ):
        assert r.status_code == 403
        assert "read-only" in r.json()["detail"]["en"]
    # and nothing changed
    r = client.get("/sparql", params={"query": f"ASK {{ ?w <{ELI}title> ?t }}"})
    assert r.json()["boolean"] is True


def test_protocol_errors(client: Any) -> None:
    assert client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.post("/sparql", content="ASK {}".encode("utf-16"),
                       headers={"Content-Type": "application/sparql-query; charset=UTF-16"}).status_code == 415
    assert client.post("/sparql", content=b"ASK {\xff}",
                       headers={"Content-Type": "application/sparql-query"}).status_code == 400
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert client.post("/sparql", data={"format": "json"}).status_code == 400
    r = client.get("/sparql", params=[("query", "ASK {}"), ("default-graph-uri", "not an iri")])
    assert r.status_code == 422
    assert client.put("/sparql", params={"query": "ASK {}"}).status_code == 405


def test_service_description(client: Any) -> None:
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                        ("application/n-triples", "nt")):
        r = client.get("/sparql", headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        g = Graph().parse(data=r.content, format=fmt)
        svc = next(g.subjects(RDF.type, sd.Service))
        assert (svc, sd.feature, sd.UnionDefaultGraph) in g
        assert (svc, sd.supportedLanguage, sd.SPARQL11Query) in g
        assert (svc, sd.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
        ds = g.value(svc, sd.defaultDataset)
        names = {str(g.value(ng, sd.name)) for ng in g.objects(ds, sd.namedGraph)}
        assert {GRAPH_LAWS, GRAPH_ONTOLOGY} <= names
        comments = " ".join(str(c) for c in g.objects(g.value(ds, sd.defaultGraph), None))
        assert "union of all named graphs" in comments


def test_browser_gets_offline_editor(client: Any) -> None:
    r = client.get("/sparql", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<textarea" in html and "fetch(" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", html), "no CDN assets"
