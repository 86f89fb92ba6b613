"""Limits of `/sparql` that must really hold: timeout (worker killed, CPU idle), result size,
body size, pathological queries, a crashing parser, and responsiveness during a heavy query."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.config import Settings, get_settings
from service.store.embedded import current_build
from service.store.sandbox import Job, SandboxPool
from tests.live_server import alive, children, cpu_seconds, live_server

ELI = "http://data.europa.eu/eli/ontology#"
TITLES = f"SELECT ?w ?t WHERE {{ ?w <{ELI}title> ?t }} LIMIT "
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # trillions of pairs
MAX_ROWS = 10
MAX_BODY = 150_000


@pytest.fixture(scope="module")
def limited(store_dir: Path) -> Iterator[Any]:
    """An app with small limits on the real store."""
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.api.deps import get_store
    from service.store.embedded import EmbeddedStore

    app = create_app()
    store = EmbeddedStore(store_dir)
    app.dependency_overrides[get_store] = lambda: store
    app.dependency_overrides[get_settings] = lambda: Settings(
        max_result_rows=MAX_ROWS, max_body_bytes=MAX_BODY, query_timeout=10.0, sparql_workers=1)
    with TestClient(app) as c:
        yield c


def _problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]["zh"] and body["detail"]["en"]
    return body


def test_result_rows_above_limit_are_413_never_cut(limited: Any) -> None:
    ok = limited.get("/sparql", params={"query": TITLES + str(MAX_ROWS)})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == MAX_ROWS
    body = _problem(limited.get("/sparql", params={"query": TITLES + str(MAX_ROWS + 1)}), 413)
    assert body["max_rows"] == MAX_ROWS
    construct = f"CONSTRUCT {{ ?w <{ELI}title> ?t }} WHERE {{ ?w <{ELI}title> ?t }} LIMIT {MAX_ROWS + 1}"
    _problem(limited.post("/sparql", data={"query": construct}), 413)


def test_body_above_limit_is_413(limited: Any) -> None:
    query = "ASK {}" + " " * MAX_BODY
    _problem(limited.post("/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query"}), 413)
    _problem(limited.post("/sparql", data={"query": query}), 413)


def test_100_kib_query_is_answered(limited: Any) -> None:
    iris = " ".join(f"<https://example.org/some/long/path/entity/{i:06d}>" for i in range(2200))
    query = f"SELECT ?x WHERE {{ VALUES ?x {{ {iris} }} FILTER(false) }}"
    assert len(query.encode()) > 100 * 1024
    r = limited.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"] == []


@pytest.mark.parametrize(("query", "status"), [
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(5000)) + ") }", 413),
    ("SELECT * WHERE " + "{" * 1000 + " ?s ?p ?o " + "}" * 1000, 400),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10000 + "?o" + ")" * 10000 + ") }", 400),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", 403),
])
def test_pathological_queries_get_a_4xx(limited: Any, query: str, status: int) -> None:
    _problem(limited.post("/sparql", data={"query": query}), status)
    # and the endpoint still answers
    assert limited.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_moderate_nesting_and_or_chains_still_run(limited: Any) -> None:
    nested = "SELECT * WHERE " + "{" * 200 + f" ?s <{ELI}title> ?o " + "}" * 200 + " LIMIT 1"
    r = limited.get("/sparql", params={"query": nested})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1
    ors = "SELECT * WHERE { VALUES ?o { 7 } FILTER(" + " || ".join(f"?o = {i}" for i in range(300)) + ") }"
    r = limited.post("/sparql", data={"query": ors})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1


def test_a_crashing_parser_costs_only_a_worker(store_dir: Path) -> None:
    """A native stack overflow (what the nesting check prevents) kills one worker, not the caller."""
    build = current_build(store_dir)
    assert build is not None
    pool = SandboxPool(build / "oxigraph", size=1)
    try:
        (first,) = pool.worker_pids()
        deep = "SELECT * WHERE " + "{" * 50_000 + " ?s ?p ?o " + "}" * 50_000
        out = pool.run(Job(deep, "json", "turtle"), timeout=30)
        assert not out.ok and out.code == "crashed"
        out = pool.run(Job("ASK {}", "json", "turtle"), timeout=30)
        assert out.ok and out.body == b'{"head":{},"boolean":true}'
        assert pool.worker_pids() != [first]
        assert not alive(first)
    finally:
        pool.close()


def test_timeout_kills_the_worker_and_others_are_served(store_dir: Path) -> None:
    timeout = 3.0
    with live_server(store_dir, query_timeout=str(timeout), sparql_workers="2") as srv:
        # warm both workers up
        assert httpx.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
        before = set(children(srv.pid))
        assert len(before) >= 2
        heavy: dict[str, httpx.Response] = {}

        def run_heavy() -> None:
            heavy["r"] = httpx.post(srv.url + "/sparql", data={"query": HEAVY}, timeout=60)

        t = threading.Thread(target=run_heavy)
        t.start()
        time.sleep(0.5)
        # the service stays responsive: a light query and another API answer while the heavy one runs
        light = httpx.get(srv.url + "/sparql", params={"query": TITLES + "3"}, timeout=30)
        assert light.status_code == 200 and len(light.json()["results"]["bindings"]) == 3
        assert httpx.get(srv.url + "/openapi.json", timeout=30).status_code == 200
        assert t.is_alive(), "the heavy query should still be running"
        t.join(60)
        body = _problem(heavy["r"], 503)
        assert body["type"].endswith("/query-timeout") and body["timeout_seconds"] == timeout
        # the worker that ran it was killed before the answer went out
        killed = {p for p in before if not alive(p)}
        assert len(killed) == 1
        # a fresh one replaces it
        time.sleep(1.0)
        after = set(children(srv.pid))
        assert not killed & after and len(after) == len(before)
        # CPU back to idle: server and its workers use (almost) no CPU over the next second
        procs = [srv.pid, *after]
        used0 = sum(cpu_seconds(p) for p in procs)
        time.sleep(1.0)
        used = sum(cpu_seconds(p) for p in procs) - used0
        assert used < 0.2, f"{used:.2f} s CPU used in 1 s after the timeout"
        # and the endpoint keeps answering
        assert httpx.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30).json()["boolean"]


def test_a_memory_hungry_query_costs_only_a_worker(store_dir: Path) -> None:
    """A worker's heap is capped (RLIMIT_DATA): a query sorting a huge join dies alone."""
    build = current_build(store_dir)
    assert build is not None
    pool = SandboxPool(build / "oxigraph", size=1, memory_limit=300 << 20)
    try:
        hungry = "SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c . ?d ?b ?c } ORDER BY ?a ?d"
        out = pool.run(Job(hungry, "json", "turtle", max_rows=10**9), timeout=60)
        assert not out.ok and out.code == "crashed"
        assert pool.run(Job("ASK {}", "json", "turtle"), timeout=30).ok
    finally:
        pool.close()


@pytest.mark.parametrize(("query", "depth", "chains", "service"), [
    ('SELECT * WHERE { ?s ?p "{{{ ((( SERVICE || && UNION" }', 1, 0, False),
    ("SELECT * WHERE { ?s ?p ?o } # {{{{ SERVICE ||", 1, 0, False),
    ("PREFIX service: <urn:x:> SELECT ?service WHERE { ?service service:p <urn:x:((#a)> }", 1, 0, False),
    ("SELECT * WHERE { { ?s ?p 1 } UNION { ?s ?p 2 } FILTER(?s < ?p || (?p > 3 && ?p != 4)) }", 3, 3, False),
    ("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", 2, 0, True),
    ("SELECT * WHERE { ?s ?p '''a ' '' \\''' ; ?q \"x\\\"{\" }", 1, 0, False),
])
def test_guard_reads_tokens_not_characters(query: str, depth: int, chains: int, service: bool) -> None:
    from service.domain.sparql_guard import measure

    shape = measure(query)
    assert (shape.max_depth, shape.chain_operators, shape.uses_service) == (depth, chains, service)
