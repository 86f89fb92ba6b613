"""`GET /api/queries` (the named queries) and `GET /api/queries/{name}?param=…` (run one)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from service.api.deps import StoreDep
from service.domain.named_queries import list_queries, run_query

router = APIRouter(prefix="/api", tags=["named queries"])


@router.get("/queries", summary="The named SPARQL queries / 命名查询列表")
def get_queries() -> dict[str, Any]:
    return list_queries()


@router.get("/queries/{name}", summary="Run a named query / 运行命名查询")
def get_query_result(name: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """Parameters are the query's declared params, typed from their text: `http…`/`urn:` →
    IRI, `YYYY-MM-DD` → xsd:date, digits → xsd:integer, `true`/`false` → xsd:boolean, else
    a string literal (a leading `'` forces a string). Missing or unknown parameter → 400."""
    return run_query(store, name, dict(request.query_params))
