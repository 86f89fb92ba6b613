"""`/api/laws`, `/api/provision`, `/api/about`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.api.deps import StoreDep
from service.domain.about import about
from service.domain.laws import law_versions
from service.domain.provisions import find_provision

router = APIRouter(prefix="/api", tags=["laws"])


@router.get("/laws", summary="A law's versions with in-force dates / 法律文件各版本及其效力期间")
def get_laws(
    store: StoreDep,
    title: Annotated[str, Query(min_length=1, max_length=200, description="题名，可含或不含“中华人民共和国”")],
    type: Annotated[str | None, Query(description="instrument type code, e.g. law")] = None,
    region: Annotated[str | None, Query(description="region of a local regulation")] = None,
) -> dict[str, Any]:
    return law_versions(store, title=title, type_code=type, region=region)


@router.get("/provision", summary="A provision as in force on a date / 某日有效的条款")
def get_provision(
    store: StoreDep,
    law: Annotated[str, Query(min_length=1, max_length=200)],
    article: Annotated[str, Query(min_length=1, max_length=40, description="第二十六条, 26 or 26-1")],
    paragraph: Annotated[str | None, Query(max_length=20)] = None,
    item: Annotated[str | None, Query(max_length=20)] = None,
    date: Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD, default today")] = None,
    type: Annotated[str | None, Query()] = None,
    region: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    return find_provision(store, law=law, article=article, paragraph=paragraph, item=item,
                          date=date, type_code=type, region=region)


@router.get("/about", summary="Data version, coverage and known gaps / 数据版本、覆盖范围与已知缺口")
def get_about(store: StoreDep) -> dict[str, Any]:
    return about(store)
