"""`/api/impact`: what breaks if a provision or law version is amended or repealed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.analytics.impact import impact
from service.api.deps import DateQuery, StoreDep

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/impact", summary="Amendment impact of a provision or version / 条款修改或废止的影响")
def get_impact(
    store: StoreDep,
    iri: Annotated[str, Query(min_length=1, max_length=500, description="provision or law-version IRI")],
    date: DateQuery = None,
) -> dict[str, Any]:
    return impact(store, iri=iri, date=date)
