"""The same store tests on both backends: EmbeddedStore and RemoteStore talking to a real
Oxigraph server (``oxigraph serve-read-only --union-default-graph``), both holding one law
(all its versions and provisions) plus the ontology, exported from the test store."""

from __future__ import annotations

import gc
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.processes import oxigraph_executable, oxigraph_process
from service.store.base import IRI, Lit, Store
from service.vocab import GRAPH_ONTOLOGY

LAW_WORK = "https://w3id.org/creditbasis/eli/cn/law/公务员法"
ELI = "http://data.europa.eu/eli/ontology#"
CB = "https://w3id.org/creditbasis/ontology#"
EXPORT = f"""PREFIX eli: <{ELI}> PREFIX cb: <{CB}>
SELECT ?s ?p ?o ?g WHERE {{
  {{ BIND(<{LAW_WORK}> AS ?s) }}
  UNION {{ ?s eli:is_member_of <{LAW_WORK}> }}
  UNION {{ ?v eli:is_member_of <{LAW_WORK}> . ?s cb:inVersion ?v }}
  GRAPH ?g {{ ?s ?p ?o }}
}}"""


@pytest.fixture(scope="module")
def quads(store: Any) -> list[Any]:
    import pyoxigraph as ox

    out = [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in store.ox.query(EXPORT, use_default_graph_as_union=True)]
    out += list(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY)))
    assert len(out) > 1000
    return out


@pytest.fixture(scope="module")
def embedded(quads: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    import pyoxigraph as ox

    from service.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("backend-embedded")
    (root / "builds" / "b").mkdir(parents=True)
    st = ox.Store(str(root / "builds" / "b" / "oxigraph"))
    st.extend(quads)
    st.flush()
    del st
    gc.collect()
    (root / "current").symlink_to(Path("builds") / "b")
    es = EmbeddedStore(root)
    yield es
    es.close()


@pytest.fixture(scope="module")
def remote(quads: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    import pyoxigraph as ox

    from service.store.remote import RemoteStore

    exe = oxigraph_executable()
    if exe is None:
        pytest.skip("oxigraph server binary not installed (pip install oxigraph)")
    root = tmp_path_factory.mktemp("backend-remote")
    dump = root / "law.nq"
    ox.serialize(quads, str(dump), format=ox.RdfFormat.N_QUADS)
    subprocess.run([exe, "load", "--location", str(root / "db"), "--file", str(dump)],
                   check=True, capture_output=True)
    with oxigraph_process(root / "db") as endpoint:
        rs = RemoteStore(endpoint)
        yield rs
        rs.close()


@pytest.fixture(params=["embedded", "remote"])
def backend(request: pytest.FixtureRequest) -> Store:
    st: Store = request.getfixturevalue(request.param)
    return st


def _versions(st: Store) -> list[dict[str, str]]:
    return st.select("law-versions", work=IRI(LAW_WORK))


def test_triple_count(backend: Store, quads: list[Any]) -> None:
    assert backend.triple_count() == len(set(quads))


def test_named_select_with_binding(backend: Store, store: Any) -> None:
    rows = _versions(backend)
    assert len(rows) >= 1
    assert all(r["version"].startswith(LAW_WORK + "/") for r in rows)
    assert rows == _versions(store)  # the same rows as the full store gives


def test_provision_detail_and_children(backend: Store, store: Any) -> None:
    article = _versions(store)[-1]["version"] + "/art_26"
    detail = backend.select("provision-detail", uri=IRI(article))
    assert len(detail) == 1 and detail[0]["work"] == LAW_WORK and detail[0]["text"]
    assert detail == store.select("provision-detail", uri=IRI(article))
    kids = backend.select("provision-children", uri=IRI(article))
    assert kids and kids == store.select("provision-children", uri=IRI(article))


def test_ask_with_bindings_and_hostile_literals(backend: Store) -> None:
    q = f"ASK WHERE {{ ?work <{ELI}title> ?title }}"
    assert backend.ask_text(q, {"work": IRI(LAW_WORK), "title": Lit("中华人民共和国公务员法", lang="zh")})
    hostile = '公务员法" } ; DROP ALL ; ASK { "\n\\'
    assert not backend.ask_text(q, {"work": IRI(LAW_WORK), "title": hostile})
    assert backend.triple_count() > 0  # nothing was dropped


def test_construct_named_query(backend: Store, embedded: Store, remote: Store) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    nt = backend.construct("describe-resource", uri=IRI(LAW_WORK))
    g = Graph().parse(data=nt, format="nt")
    assert len(g) >= 5
    other = remote if backend is embedded else embedded
    assert isomorphic(g, Graph().parse(data=other.construct("describe-resource", uri=IRI(LAW_WORK)),
                                       format="nt"))


def test_provision_lookup(backend: Store, embedded: Store) -> None:
    from service.domain.provisions import find_provision

    shape = find_provision(backend, law="公务员法", article="第二十六条", item="4", date="2020-01-01")
    assert shape["uri"].endswith("/law/公务员法/2018-12-29/art_26/para_1/item_4")
    assert "失信联合惩戒对象" in shape["text"]
    ref = find_provision(embedded, law="公务员法", article="第二十六条", item="4", date="2020-01-01")
    strip = {"data_version"}
    assert {k: v for k, v in shape.items() if k not in strip} == {
        k: v for k, v in ref.items() if k not in strip}


def test_values_binding_gives_the_same_rows_as_substitution(embedded: Store, remote: Store) -> None:
    """RemoteStore binds by an inline VALUES block, EmbeddedStore by substitution: same rows."""
    for version in _versions(embedded):
        for name in ("provision-children",):
            for art in ("/art_1", "/art_26", "/art_60"):
                uri = IRI(version["version"] + art)
                assert remote.select(name, uri=uri) == embedded.select(name, uri=uri)


def test_sparql_endpoint_passes_queries_to_a_remote_store(remote: Store, embedded: Store) -> None:
    """With a RemoteStore, `/sparql` forwards the query (same rows as the embedded store)."""
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.api.deps import get_store

    app = create_app()
    app.dependency_overrides[get_store] = lambda: remote
    q = f"SELECT ?version ?date WHERE {{ ?version <{ELI}is_member_of> <{LAW_WORK}> ; <{ELI}version_date> ?date }}"
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": q})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
        rows = [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]
        assert rows and rows == embedded.select_text(q, {})
        r = c.get("/sparql", params={"query": f"DESCRIBE <{LAW_WORK}>"}, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
        assert c.get("/sparql", params={"query": "SELECT * WHERE {"}).status_code == 400
