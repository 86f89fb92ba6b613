"""`/api/repair`: credit repair calculator for a list entry or penalty record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.api.deps import DateQuery, StoreDep
from service.domain.repair import repair

router = APIRouter(prefix="/api", tags=["repair"])


@router.get("/repair", summary="When publication ends and repair may be sought / 信用修复计算")
def get_repair(
    store: StoreDep,
    iri: Annotated[str, Query(min_length=1, max_length=2000, description="IRI of a list entry or penalty record")],
    date: DateQuery = None,
) -> dict[str, Any]:
    return repair(store, iri=iri, date=date)
