"""`/api/consistency`: the consistency checks and their findings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.analytics.consistency import list_checks, run_check
from service.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["analytics"])


@router.get("/consistency", summary="Consistency checks / 一致性检查清单")
def get_checks() -> list[dict[str, Any]]:
    return list_checks()


@router.get("/consistency/{check_id}", summary="Run one consistency check / 运行一项一致性检查")
def get_check(
    store: StoreDep,
    check_id: str,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    severity: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    return run_check(store, check_id=check_id, limit=limit, offset=offset, severity=severity)
