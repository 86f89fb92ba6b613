"""`GET /`: the landing page (offline HTML)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from service.api.deps import get_store
from service.api.html import render
from service.domain.about import about
from service.store.base import Store

router = APIRouter(tags=["ui"])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    info = about(store)
    return HTMLResponse(render("home.html", about=info, data_version=info["data_version"]))
