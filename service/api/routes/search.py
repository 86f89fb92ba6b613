"""`GET /api/search` (JSON) and `GET /search` (the same as an HTML page)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from service.api.deps import StoreDep
from service.api.html import render
from service.domain.search import MAX_LIMIT, search

router = APIRouter(tags=["search"])
Q = Annotated[str, Query(description="检索词；空格分隔的多个词须同时出现 / terms, all must occur")]
DateQ = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD, default today: search the versions in force then")]
TypeQ = Annotated[str | None, Query(max_length=40, description="instrument type code, e.g. law, admin-regulation")]
LevelQ = Annotated[str | None, Query(max_length=10, description="national or local")]
RegionQ = Annotated[str | None, Query(max_length=20, description="region of local regulations, e.g. 上海")]
LimitQ = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.get("/api/search", summary="Full-text search in Chinese / 中文全文检索")
def get_search(store: StoreDep, q: Q, date: DateQ = None, type: TypeQ = None,
               level: LevelQ = None, region: RegionQ = None, limit: LimitQ = 20) -> dict[str, Any]:
    """Hits are provisions (article texts), laws (titles) and entities (labels), ranked by
    BM25 with title matches boosted; each provision hit is the version in force on `date`.
    `snippet` is HTML: escaped text with the matched terms in `<mark>`."""
    return search(store, q=q, date=date, type_code=type, level=level, region=region, limit=limit)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def get_search_page(store: StoreDep, q: str | None = None, date: DateQ = None,
                    type: TypeQ = None, level: LevelQ = None, region: RegionQ = None,
                    limit: LimitQ = 20) -> HTMLResponse:
    result = (search(store, q=q, date=date, type_code=type, level=level, region=region, limit=limit)
              if q else None)
    return HTMLResponse(render("search.html", result=result, q=q or "", date=date or "",
                               data_version=result["data_version"] if result else None))
