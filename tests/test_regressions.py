"""Regressions found by fuzzing the API (schemathesis + hand-made bad input).

One test per fixed bug; each says what broke. Every answer must be a problem document
(``application/problem+json`` with ``type``, ``title``, ``status``, ``detail.zh/en``),
never a 500.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

CB = "https://w3id.org/creditbasis/ontology#"


def assert_problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["type"].startswith("https://w3id.org/creditbasis/problems/")
    assert body["title"]
    assert body["detail"]["zh"] and body["detail"]["en"]
    assert "Traceback" not in r.text and "Error:" not in r.text
    return body


@pytest.mark.parametrize("path", ["/api/explain", "/api/repair"])
@pytest.mark.parametrize("iri", ["0", "http://a b", "urn:x\x00y", "<>"])
def test_record_iri_that_is_not_an_iri_is_422(client: Any, path: str, iri: str) -> None:
    # `?iri=0` reached the store as an IRI binding; pyoxigraph raised ValueError → 500.
    body = assert_problem(client.get(path, params={"iri": iri}), 422)
    assert "IRI" in body["detail"]["en"]


def test_posted_record_iri_that_is_not_an_iri_is_422(client: Any) -> None:
    # POST /api/explain?iri=0 named the record to explain by a non-IRI → same 500 as above.
    r = client.post("/api/explain", params={"iri": "0"}, content=b"<urn:a> <urn:b> <urn:c> .",
                    headers={"content-type": "text/turtle"})
    assert_problem(r, 422)


def test_posted_list_entry_without_category_is_explained(client: Any) -> None:
    # A posted list entry with no cb:listCategory made the explainer look up the IRI ""
    # in the store (ValueError → 500); a missing link must simply be missing.
    ttl = f"<urn:x:entry> a <{CB}ListEntry> .".encode()
    r = client.post("/api/explain", content=ttl, headers={"content-type": "text/turtle"})
    assert r.status_code < 500, r.text[:300]
    if r.status_code >= 400:
        assert_problem(r, r.status_code)
    else:
        assert r.json()["data_version"]


@pytest.mark.parametrize("path", ["/id/%C2%85", "/id/a%01b", "/eli/%EF%BF%BF?format=ttl",
                                  "/id/%C2%85?date=2020-01-01"])
def test_linked_data_path_that_is_no_valid_iri_is_404(client: Any, path: str) -> None:
    # /id/<C1 control or non-character> minted an IRI the store cannot hold → ValueError → 500.
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize("path", ["/eli/%FF", "/eli/cn/law/%E5%85", "/id/%FF?date=2020-01-01"])
def test_linked_data_path_with_non_utf8_escape_is_404(client: Any, path: str) -> None:
    # /eli/%FF: the path segment was decoded with errors="strict" → UnicodeDecodeError → 500.
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize("path", ["/api/validate", "/api/explain"])
@pytest.mark.parametrize("depth", [600, 15_000])
def test_deeply_nested_json_body_is_400(client: Any, path: str, depth: int) -> None:
    # json.loads (and the record mapper, for nested basedOnEntry) hit RecursionError → 500.
    inner = '{"type":"ListEntry"}'
    nested = ('{"type":"SanctionDecision","basedOnEntry":' * depth) + inner + "}" * depth
    r = client.post(path, content=nested.encode(), headers={"content-type": "application/json"})
    body = assert_problem(r, 400)
    assert "nested" in body["detail"]["en"]


@pytest.mark.parametrize("record", [
    '{"type":"ListEntry","subject":{"uscc":"\\ud800"}}',
    '{"type":"ListEntry","subject":{"name":"\\udfff"}}',
    '{"type":"ListEntry","id":"urn:\\ud800"}',
    '{"type":"ListEntry","decisionDate":"\\ud83d"}',
])
@pytest.mark.parametrize("path", ["/api/validate", "/api/explain"])
def test_json_lone_surrogate_escape_is_400(client: Any, path: str, record: str) -> None:
    # "\ud800" decodes to a lone surrogate that cannot become RDF text
    # (UnicodeEncodeError / ValueError from pyoxigraph → 500).
    r = client.post(path, content=record.encode(), headers={"content-type": "application/json"})
    body = assert_problem(r, 400)
    assert "surrogate" in body["detail"]["en"]


@pytest.mark.parametrize("iri", ["urn:\\u0001", "http://[", "urn:a\\u0080b"])
def test_json_record_id_that_is_not_an_iri_is_400(client: Any, iri: str) -> None:
    # The record reader's IRI pattern let control characters and bad hosts through;
    # pyoxigraph then raised ValueError → 500.
    record = f'{{"type":"ListEntry","id":"{iri}"}}'
    r = client.post("/api/validate", content=record.encode(), headers={"content-type": "application/json"})
    body = assert_problem(r, 400)
    assert "record.id" in body["detail"]["en"]


@pytest.mark.parametrize("value", ["http://x\x01y", "urn:\x85", "http://["])
def test_named_query_iri_parameter_that_is_not_an_iri_is_422(client: Any, value: str) -> None:
    # /api/queries/{name}?work=http://[ passed the character blacklist and reached the store → 500.
    named = next(q for q in client.get("/api/queries").json()["queries"] if q["params"])
    r = client.get(f"/api/queries/{named['name']}", params={p: value for p in named["params"]})
    assert_problem(r, 422)


def test_client_disconnect_mid_body_is_not_a_server_error(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    # A client that hung up before its whole body arrived made request.stream() raise
    # ClientDisconnect, logged as "unexpected error" with a 500 (and re-raised to the server).
    messages = [{"type": "http.request", "body": b'{"type":', "more_body": True}, {"type": "http.disconnect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/validate", "raw_path": b"/api/validate", "root_path": "",
             "query_string": b"", "headers": [(b"content-type", b"application/json"), (b"host", b"test")],
             "server": ("test", 80), "client": ("client", 1234)}
    with caplog.at_level(logging.ERROR, logger="creditbasis"):
        asyncio.run(client.app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 400
    assert not [r for r in caplog.records if r.name == "creditbasis" and r.levelno >= logging.ERROR]


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("TRACE", "/api/about", {"GET"}),
    ("PATCH", "/api/laws", {"GET"}),
    ("DELETE", "/sparql", {"GET", "POST"}),  # one path, two routes: Allow must name both
    ("PUT", "/api/explain", {"GET", "POST"}),
    ("PUT", "/api/validate", {"POST"}),
])
def test_method_not_allowed_names_the_allowed_methods(client: Any, method: str, path: str,
                                                      allowed: set[str]) -> None:
    # The problem handler rebuilt 405 answers without the exception's headers, so the
    # `Allow` header RFC 9110 requires on a 405 was lost (and Starlette's names only the
    # last route of a path served by several).
    r = client.request(method, path)
    assert_problem(r, 405)
    assert {m.strip() for m in r.headers["allow"].split(",")} >= allowed


def test_unreachable_remote_store_is_503(client: Any) -> None:
    # With CREDITBASIS_REMOTE_ENDPOINT down, every store read raised QueryError("endpoint
    # unreachable") straight through the routes → 500 on every page.
    import os
    import socket

    from fastapi.testclient import TestClient

    from service.api import deps
    from service.api.app import create_app
    from service.config import get_settings

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    os.environ["CREDITBASIS_REMOTE_ENDPOINT"] = f"http://127.0.0.1:{port}/sparql"
    get_settings.cache_clear()
    deps.reset()
    try:
        with TestClient(create_app(), raise_server_exceptions=False) as down:
            for path in ("/api/about", "/api/laws?title=公务员法", "/eli/cn/law/公务员法",
                         "/api/explain?iri=urn:x", "/api/queries/law-versions?work=urn:x"):
                body = assert_problem(down.get(path), 503)
                assert body["type"].endswith("/unavailable")
    finally:
        del os.environ["CREDITBASIS_REMOTE_ENDPOINT"]
        get_settings.cache_clear()
        deps.reset()
    assert client.get("/api/about").status_code == 200  # the shared client is unharmed


def test_head_answers_like_get_without_body(client: Any) -> None:
    """HEAD on GET resources answered 405 (FastAPI adds no HEAD); RFC 9110 expects GET's headers."""
    get = client.get("/api/about")
    head = client.head("/api/about")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    missing = client.head("/eli/cn/law/没有这部法律")
    assert missing.status_code == 404 and missing.content == b""


@pytest.mark.parametrize("raw", [
    b"GET /api/search?q=\xe4\xbf\xa1 HTTP/1.1\r\nHost: x\r\n\r\n",          # raw non-ASCII bytes in the target
    b"POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",  # malformed Content-Length
    b"GARBAGE\r\n\r\n",
])
def test_request_uvicorn_cannot_parse_gets_problem_json(store_dir: Any, raw: bytes) -> None:
    """Bug: the server's own parse errors were plain text, outside the one error contract."""
    import json
    import socket

    from tests.live_server import live_server

    with live_server(store_dir) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(raw)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"content-type: application/problem+json" in head.lower()
    problem = json.loads(body)
    assert problem["status"] == 400 and problem["detail"]["zh"] and problem["detail"]["en"]
