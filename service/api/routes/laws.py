"""`/api/laws`, `/api/provision`, `/api/about`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.api.deps import DateQuery, StoreDep
from service.domain.about import about
from service.domain.laws import law_versions, list_laws
from service.domain.provisions import find_provision

router = APIRouter(prefix="/api", tags=["laws"])


@router.get("/laws", summary="Laws (browse) or one law's versions / 法律文件列表或某法各版本及效力期间")
def get_laws(
    store: StoreDep,
    title: Annotated[str | None, Query(min_length=1, max_length=200,
                                       description="题名（可含或不含“中华人民共和国”）：给出时返回该法各版本")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="题名所含词语（浏览）")] = None,
    type: Annotated[str | None, Query(max_length=40, description="instrument type code, e.g. law")] = None,
    level: Annotated[str | None, Query(max_length=20, description="national or local")] = None,
    region: Annotated[str | None, Query(max_length=40, description="region of a local regulation")] = None,
    date: Annotated[str | None, Query(max_length=20, description="only laws in force on YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    if title is not None:
        return law_versions(store, title=title, type_code=type, region=region)
    return list_laws(store, q=q, type_code=type, region=region, level=level, date=date,
                     limit=limit, offset=offset)


@router.get("/provision", summary="A provision as in force on a date / 某日有效的条款")
def get_provision(
    store: StoreDep,
    law: Annotated[str, Query(min_length=1, max_length=200)],
    article: Annotated[str, Query(min_length=1, max_length=40, description="第二十六条, 26 or 26-1")],
    paragraph: Annotated[str | None, Query(max_length=20)] = None,
    item: Annotated[str | None, Query(max_length=20)] = None,
    date: DateQuery = None,
    type: Annotated[str | None, Query()] = None,
    region: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    return find_provision(store, law=law, article=article, paragraph=paragraph, item=item,
                          date=date, type_code=type, region=region)


@router.get("/about", summary="Data version, coverage and known gaps / 数据版本、覆盖范围与已知缺口")
def get_about(store: StoreDep) -> dict[str, Any]:
    return about(store)
