"""`/api/credit-provisions`: provisions of the corpus that establish credit rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.analytics.credit_provisions import credit_provisions
from service.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/credit-provisions", summary="Credit provisions found in the corpus / 语料中的信用条款")
def get_credit_provisions(
    store: StoreDep,
    class_: Annotated[str | None, Query(alias="class", max_length=20,
                                        description="records | list | sanction | repair | privacy")] = None,
    level: Annotated[str | None, Query(max_length=20, description="national | local")] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    law: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return credit_provisions(store, cls=class_, level=level, region=region, law=law,
                             limit=limit, offset=offset)
