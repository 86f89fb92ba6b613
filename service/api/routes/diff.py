"""`/api/diff`: articles added, removed, changed and renumbered between two dates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.analytics.diff import diff
from service.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/diff", summary="Version diff of a law between two dates / 法律文件两个日期间的版本差异")
def get_diff(
    store: StoreDep,
    law: Annotated[str, Query(min_length=1, max_length=200)],
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=20, description="YYYY-MM-DD")],
    to: Annotated[str, Query(min_length=1, max_length=20, description="YYYY-MM-DD")],
    type: Annotated[str | None, Query(max_length=40)] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    return diff(store, law=law, date_from=from_, date_to=to, type_code=type, region=region)
