"""`/api/linkage`, `/api/linkage/centrality`: citation linkage of provisions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from service.analytics.linkage import centrality, linkage, to_graphml
from service.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/linkage/centrality", summary="Most central credit provisions / 最核心的信用条款")
def get_centrality(store: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    return centrality(store, limit=limit)


@router.get("/linkage", summary="Upstream and downstream linkage of a provision / 条款的上下游关联",
            responses={200: {"content": {"application/graphml+xml": {}}}})
def get_linkage(
    store: StoreDep,
    iri: Annotated[str, Query(min_length=1, max_length=500, description="provision IRI")],
    depth: Annotated[int, Query(ge=1, le=5)] = 2,
    format: Annotated[Literal["json", "graphml"], Query()] = "json",
) -> Response:
    result = linkage(store, iri=iri, depth=depth)
    if format == "graphml":
        return Response(to_graphml(result), media_type="application/graphml+xml")
    return JSONResponse(result)
