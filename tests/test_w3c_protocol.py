"""The W3C SPARQL 1.1 Protocol tests (query part), read from the manifest at test time.

Every entry of ``sparql11/protocol/manifest.ttl`` runs. The endpoint is read-only, so
the ``update_*`` entries (which need an update to succeed) are run as a check that the
update request is refused with 403 problem+json; ``bad_update_*`` entries run as written
(they expect a 4xx). Graph data a test names (``ut:graphData``) is loaded into a small
temporary store as named graphs called by the ``rdfs:label``.
"""

from __future__ import annotations

import gc
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service.config import PROJECT_ROOT, Settings, get_settings

W3C = Path(os.environ.get("CREDITBASIS_W3C_TESTS",
                          PROJECT_ROOT.parent / "shared" / "data" / "w3c-sparql-tests"))
MANIFEST = W3C / "sparql" / "sparql11" / "protocol" / "manifest.ttl"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

RESULT_TYPES = {"boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
                "tabular": {"application/sparql-results+json", "application/sparql-results+xml",
                            "text/csv", "text/tab-separated-values"},
                "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples",
                        "application/ld+json"}}


@dataclass
class Req:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None
    fmt: str | None


@dataclass
class Case:
    name: str
    title: str
    graphs: list[tuple[str, Path]] = field(default_factory=list)
    requests: list[Req] = field(default_factory=list)


def _load_cases() -> list[Case]:
    if not MANIFEST.exists():
        return []
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection

    g = Graph()
    g.parse(MANIFEST, format="turtle")

    def one(s: object, p: str) -> object:
        return g.value(s, URIRef(p))  # type: ignore[arg-type]

    manifest = next(g.subjects(URIRef(MF + "entries"), None))
    entries = Collection(g, one(manifest, MF + "entries"))  # type: ignore[arg-type]
    cases = []
    for entry in entries:
        case = Case(str(entry).rsplit("#", 1)[-1], str(one(entry, MF + "name")))
        for gd in g.objects(entry, URIRef(UT + "graphData")):
            case.graphs.append((str(one(gd, RDFS_LABEL)),
                                Path(str(one(gd, UT + "graph")).removeprefix("file://"))))
        action = one(entry, MF + "action")
        for r in Collection(g, one(action, HT + "requests")):  # type: ignore[arg-type]
            headers = {}
            hl = one(r, HT + "headers")
            if hl is not None:
                for h in Collection(g, hl):  # type: ignore[arg-type]
                    headers[str(one(h, HT + "fieldName"))] = str(one(h, HT + "fieldValue"))
            body = None
            b = one(r, HT + "body")
            if b is not None:
                enc = str(one(b, CNT + "characterEncoding") or "UTF-8")
                body = str(one(b, CNT + "chars")).encode(enc.lower())
            resp = one(r, HT + "resp")
            boolean = one(resp, MF + "expectedBoolean")
            fmt = one(resp, MF + "expectedFormat")
            case.requests.append(Req(
                method=str(one(r, HT + "methodName")),
                path=str(one(r, HT + "absolutePath")),
                headers=headers, body=body,
                statuses={str(s).removeprefix(HTS) for s in g.objects(resp, URIRef(MF + "expectedStatus"))},
                boolean=None if boolean is None else bool(boolean.toPython()),  # type: ignore[attr-defined]
                fmt=None if fmt is None else str(fmt)))
        cases.append(case)
    return cases


CASES = _load_cases()
pytestmark = pytest.mark.skipif(not CASES, reason=f"W3C protocol manifest not found at {MANIFEST}")


def _status_ok(status: int, expected: set[str]) -> bool:
    return f"StatusCode{status // 100}xx" in expected


def _boolean_of(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    root = ET.fromstring(body)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None and node.text is not None
    return node.text.strip() == "true"


class Stores:
    """One small store per distinct set of graph files, built on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: dict[tuple[tuple[str, str], ...], Path] = {}

    def get(self, graphs: list[tuple[str, Path]]) -> Path:
        key = tuple(sorted((name, str(f)) for name, f in graphs))
        if key not in self.made:
            import pyoxigraph as ox

            store_dir = self.root / f"s{len(self.made)}"
            build = store_dir / "builds" / "b"
            build.mkdir(parents=True)
            st = ox.Store(str(build / "oxigraph"))
            for name, f in graphs:
                st.load(path=str(f), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
            st.flush()
            del st
            gc.collect()
            (store_dir / "current").symlink_to(Path("builds") / "b")
            self.made[key] = store_dir
        return self.made[key]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    return Stores(tmp_path_factory.mktemp("w3c-protocol"))


@pytest.fixture(scope="module")
def app_client() -> Iterator[tuple[object, object]]:
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    app = create_app()
    app.dependency_overrides[get_settings] = lambda: Settings(sparql_workers=1, query_timeout=10.0)
    with TestClient(app) as c:
        yield app, c


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol(case: Case, stores: Stores, app_client: tuple[object, object]) -> None:
    from service.api.deps import get_store
    from service.store.embedded import EmbeddedStore

    app, client = app_client
    store = EmbeddedStore(stores.get(case.graphs))
    app.dependency_overrides[get_store] = lambda: store  # type: ignore[attr-defined]
    for i, req in enumerate(case.requests):
        path = "/sparql" + req.path.removeprefix("/sparql/")  # the manifest's prefix → ours
        r = client.request(req.method, path, content=req.body,  # type: ignore[attr-defined]
                           headers=req.headers)
        ctype = r.headers.get("content-type", "").split(";")[0].strip()
        if case.name.startswith("update_") and i == 0:
            # read-only endpoint: the update that the test needs must be refused
            assert r.status_code == 403, (case.name, r.status_code, r.text[:300])
            assert ctype == "application/problem+json"
            return
        assert _status_ok(r.status_code, req.statuses), (case.title, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert ctype == "application/problem+json"
        if req.fmt is not None:
            assert ctype in RESULT_TYPES[req.fmt], (case.title, ctype)
        if req.boolean is not None:
            assert _boolean_of(ctype, r.content) is req.boolean, case.title


def test_manifest_read_in_full() -> None:
    """All entries are read, and the query entries are the majority (nothing silently lost)."""
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)) >= 30
    assert sum(1 for n in names if n.startswith(("query_", "bad_query"))) >= 18
    assert all(c.requests for c in CASES)
