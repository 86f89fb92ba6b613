"""A real SPARQL client (SPARQLWrapper) against the real service running as a process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import Server, live_server

ELI = "http://data.europa.eu/eli/ontology#"
CB = "https://w3id.org/creditbasis/ontology#"


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[Server]:
    with live_server(store_dir) as srv:
        yield srv


def _wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> Any:
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    return sw.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(server: Server, method: str) -> None:
    from SPARQLWrapper import JSON

    q = f"SELECT ?w ?t WHERE {{ ?w <{CB}shortTitle> ?t }} LIMIT 5"
    res = _wrapper(server, q, JSON, method)
    assert res["head"]["vars"] == ["w", "t"]
    rows = res["results"]["bindings"]
    assert len(rows) == 5
    assert all(r["w"]["type"] == "uri" and r["t"]["type"] == "literal" for r in rows)
    assert all(r["w"]["value"].startswith("https://w3id.org/creditbasis/eli/cn/") for r in rows)


def test_ask(server: Server) -> None:
    from SPARQLWrapper import JSON, XML

    assert _wrapper(server, f"ASK {{ ?w <{ELI}title> ?t }}", JSON)["boolean"] is True
    assert _wrapper(server, "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }", JSON)["boolean"] is False
    doc = _wrapper(server, f"ASK {{ ?w <{ELI}title> ?t }}", XML)  # an XML DOM
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt_name", ["XML", "TURTLE", "JSONLD", "N3"])
def test_construct(server: Server, fmt_name: str) -> None:
    import SPARQLWrapper
    from rdflib import Graph, Literal, URIRef

    q = f"CONSTRUCT {{ ?w <{ELI}title> ?t }} WHERE {{ ?w <{CB}shortTitle> ?s ; <{ELI}title> ?t }} LIMIT 7"
    res = _wrapper(server, q, getattr(SPARQLWrapper, fmt_name))
    g = res if isinstance(res, Graph) else Graph().parse(data=res, format="turtle")
    assert len(g) == 7
    assert all(isinstance(s, URIRef) and p == URIRef(ELI + "title") and isinstance(o, Literal)
               for s, p, o in g)
