"""A store that talks to any SPARQL 1.1 endpoint over HTTP (SPARQL 1.1 Protocol).

Values are bound by the store, never by formatting them into query text: bindings
are serialised as N-Triples terms in an inline ``VALUES`` block placed at the start
of the query's top-level group (SPARQL 1.1 §10.2.1), which for our named queries has
the same meaning as substitution.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import httpx

from service.store.base import IRI, Binding, Lit, QueryError, Row, Store, StoreUnavailable
from service.vocab import XSD

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(r"\bASK\s*\{", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(value: Binding) -> str:
    if isinstance(value, IRI):
        if any(c in value.value for c in '<>"{}|^`\\ '):
            raise QueryError("IRI contains characters not allowed in an IRI")
        return f"<{value.value}>"
    if isinstance(value, Lit):
        body = '"' + value.value.translate(_ESC) + '"'
        if value.lang:
            return f"{body}@{value.lang}"
        if value.datatype:
            return f"{body}^^<{value.datatype}>"
        return body
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^<{XSD}date>'
    return '"' + str(value).translate(_ESC) + '"'


def bind_values(query: str, bindings: Mapping[str, Binding]) -> str:
    if not bindings:
        return query
    stripped = _COMMENT.sub("", query)
    m = _WHERE.search(stripped) or _FORM.search(stripped)
    if not m:
        raise QueryError("cannot bind values: no group pattern")
    query = stripped
    names = list(bindings)
    block = (
        " VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
        + " ".join(nt_term(bindings[n]) for n in names) + ") } "
    )
    return query[: m.end()] + block + query[m.end() :]


class RemoteStore(Store):
    kind = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.client = httpx.Client(timeout=timeout)

    def _post(self, query: str, accept: str) -> httpx.Response:
        try:
            r = self.client.post(
                self.endpoint,
                content=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query; charset=utf-8",
                         "Accept": accept},
            )
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"endpoint unreachable: {type(exc).__name__}") from None
        if r.status_code >= 400:
            raise QueryError(f"endpoint answered {r.status_code}: {r.text[:300]}")
        return r

    def select_text(self, query: str, bindings: Mapping[str, Binding]) -> list[Row]:
        r = self._post(bind_values(query, bindings), "application/sparql-results+json")
        data = r.json()
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]

    def ask_text(self, query: str, bindings: Mapping[str, Binding]) -> bool:
        r = self._post(bind_values(query, bindings), "application/sparql-results+json")
        return bool(r.json()["boolean"])

    def construct_text(self, query: str, bindings: Mapping[str, Binding]) -> str:
        return self._post(bind_values(query, bindings), "application/n-triples").text

    def triple_count(self) -> int:
        """Quads in the named graphs (all our data lives there). Counting the default graph
        too would count everything twice on a union-default-graph endpoint."""
        rows = self.select_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {})
        return int(rows[0]["n"])

    def close(self) -> None:
        self.client.close()
