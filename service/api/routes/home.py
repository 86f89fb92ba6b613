"""`GET /`: the landing page (offline HTML)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from service.api.deps import StoreDep
from service.api.html import render
from service.domain.about import about

router = APIRouter(tags=["ui"])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(store: StoreDep) -> HTMLResponse:
    info = about(store)
    return HTMLResponse(render("home.html", about=info, data_version=info["data_version"]))
