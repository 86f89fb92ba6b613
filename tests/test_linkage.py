"""Linkage API: upstream chain, downstream dependents, centrality, GraphML export."""

from __future__ import annotations

import io

import networkx as nx

E = "https://w3id.org/creditbasis/eli/cn/"
CIVIL_SERVANTS_26 = E + "law/公务员法/2018-12-29/art_26"


def test_linkage_upstream_reaches_constitution_and_downstream_finds_curated(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/linkage", params={"iri": CIVIL_SERVANTS_26, "depth": 3})
    assert r.status_code == 200
    body = r.json()
    up = body["upstream"]
    assert any(e["relation"] == "based_on" and e["target"] == E + "constitution/宪法" for e in up["edges"])
    assert {n["id"] for n in up["nodes"]} >= {e["source"] for e in up["edges"]}
    down = body["downstream"]
    assert any(e["target"].startswith(CIVIL_SERVANTS_26) for e in down["edges"])
    kinds = {e["kind"] for e in down["entities"]}
    assert "measure" in kinds
    for e in down["entities"]:
        assert all(b.startswith(CIVIL_SERVANTS_26) for b in e["bases"])
    assert body["data_version"]["build"]


def test_enabling_chain_follows_regulation_to_law(client) -> None:  # type: ignore[no-untyped-def]
    # an implementing regulation is based on its law, which is based on the Constitution
    r = client.get("/api/linkage", params={"iri": E + "admin-regulation/企业所得税法实施条例/2019-04-23/art_17",
                                           "depth": 3})
    assert r.status_code == 200
    up = r.json()["upstream"]
    targets = {e["target"] for e in up["edges"] if e["relation"] == "based_on"}
    assert E + "law/企业所得税法" in targets  # 根据《中华人民共和国企业所得税法》…制定本条例
    assert any(e["target"].startswith(E + "law/企业所得税法/") for e in up["edges"]
               if e["relation"] == "cites")  # 企业所得税法第六条第(四)项


def test_linkage_graphml(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/linkage", params={"iri": CIVIL_SERVANTS_26, "format": "graphml"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    g = nx.read_graphml(io.BytesIO(r.content))
    assert CIVIL_SERVANTS_26 in g
    assert g.number_of_edges() >= 2


def test_linkage_errors(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/linkage", params={"iri": E + "law/公务员法/2018-12-29/art_999"}).status_code == 404
    r = client.get("/api/linkage", params={"iri": "not-an-iri"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/linkage", params={"iri": CIVIL_SERVANTS_26, "depth": 9}).status_code == 422
    assert client.get("/api/linkage", params={"iri": CIVIL_SERVANTS_26, "format": "svg"}).status_code == 422
    assert client.get("/api/linkage").status_code == 400


def test_centrality(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/linkage/centrality", params={"limit": 7})
    assert r.status_code == 200
    body = r.json()
    items = body["items"]
    assert len(items) == 7
    assert all(i["classes"] for i in items)
    ranks = [i["pagerank"] for i in items]
    assert ranks == sorted(ranks, reverse=True)
    assert body["credit_provisions"] > 500
    assert client.get("/api/linkage/centrality", params={"limit": 0}).status_code == 422
