"""Every ``queries/*.rq`` is well formed and served at ``/api/queries/{name}``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from service.domain.named_queries import typed_value
from service.store.base import IRI
from service.store.queries import QUERY_DIR, parse_query_file

FILES = sorted(QUERY_DIR.glob("*.rq"))


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_query_file_parses_and_uses_its_params(path: Any) -> None:
    q = parse_query_file(path)
    assert q.name == path.stem
    assert q.purpose, f"{path.name}: no '# purpose:'"
    assert q.purpose_zh, f"{path.name}: no '# purpose_zh:'"
    parseQuery(q.text)  # rdflib's SPARQL 1.1 grammar
    ox.Store().query(q.text)  # and Oxigraph's (on an empty store)
    body = _body(q.text)
    for p in q.params:
        assert re.search(rf"[?$]{re.escape(p)}\b", body), f"{path.name}: param {p} is not used"
    select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", body, re.S | re.I)
    if select and "*" not in select.group(1):
        projected = set(re.findall(r"\?(\w+)(?![^()]*\bAS\b)", select.group(1))) | set(
            re.findall(r"\bAS\s+\?(\w+)", select.group(1), re.I))
        for r in q.returns:
            assert r in projected, f"{path.name}: declared return {r} is not projected"


def test_list_names_every_query_with_description(client: Any) -> None:
    r = client.get("/api/queries")
    assert r.status_code == 200
    listed = {q["name"]: q for q in r.json()["queries"]}
    assert set(listed) == {p.stem for p in FILES}
    for name, q in listed.items():
        assert q["description"]["en"] and q["description"]["zh"], name
        assert q["params"] == list(parse_query_file(QUERY_DIR / f"{name}.rq").params)


def test_run_select_with_iri_param(client: Any, store: Any) -> None:
    work = store.select("laws-index")[0]["work"]
    r = client.get("/api/queries/law-versions", params={"work": work})
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "law-versions"
    assert body["params"]["work"] == {"type": "iri", "value": work}
    assert body["data_version"]["build"]
    assert body["rows"] == store.select("law-versions", work=IRI(work))
    assert body["rows"]


def test_run_construct_gives_triples(client: Any, store: Any) -> None:
    work = store.select("laws-index")[0]["work"]
    body = client.get("/api/queries/describe-resource", params={"uri": work}).json()
    assert any(t["s"] == work and t["p"].endswith("#type") for t in body["rows"])


def test_param_free_queries_run(client: Any) -> None:
    for path in FILES:
        q = parse_query_file(path)
        if q.params:
            continue
        r = client.get(f"/api/queries/{q.name}")
        assert r.status_code == 200, (q.name, r.text[:200])
        assert isinstance(r.json()["rows"], list)


def test_unknown_missing_and_extra_params(client: Any) -> None:
    assert client.get("/api/queries/no-such-query").status_code == 404
    r = client.get("/api/queries/law-versions")
    assert r.status_code == 400
    assert r.json()["missing"] == ["work"]
    r = client.get("/api/queries/law-versions", params={"work": "https://x.org/a", "bogus": "1"})
    assert r.status_code == 400
    assert r.json()["unknown"] == ["bogus"]
    assert client.get("/api/queries/law-versions", params={"work": "https://x.org/a b"}).status_code == 422
    assert client.get("/api/queries/law-versions", params={"work": "https://x.org/none"}).json()["rows"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("https://w3id.org/creditbasis/eli/cn/law/公务员法", IRI("https://w3id.org/creditbasis/eli/cn/law/公务员法")),
    ("urn:x:1", IRI("urn:x:1")),
    ("2020-01-01", dt.date(2020, 1, 1)),
    ("42", 42), ("-7", -7), ("true", True), ("false", False),
    ("公务员法", "公务员法"), ("'2020-01-01", "2020-01-01"), ("12a", "12a"), ("2020-1-1", "2020-1-1"),
])
def test_param_typing(text: str, expected: object) -> None:
    assert typed_value(text) == expected


def test_bad_date_param_is_422(client: Any) -> None:
    r = client.get("/api/queries/law-versions", params={"work": "2020-02-30"})
    assert r.status_code == 422


def test_openapi_docs(client: Any) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/queries", "/api/queries/{name}", "/api/search", "/eli/{path}", "/id/{path}"):
        assert p in paths
