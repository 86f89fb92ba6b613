"""`/api/explain`: why a sanction applies — JSON, text (zh/en), HTML or PROV-O (Turtle, JSON-LD)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from service.api.body import read_limited
from service.api.deps import StoreDep
from service.api.html import render
from service.api.negotiate import choose, language
from service.config import get_settings
from service.domain.errors import NotAcceptable
from service.domain.explain import explain, main_record, parse_record
from service.domain.explain.render import render_prov, render_text

router = APIRouter(prefix="/api", tags=["explain"])
IriQ = Annotated[str, Query(min_length=1, max_length=2000, description="IRI of a decision, list entry, measure, list category or catalogue item")]
DateQ = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD; default: the record's own date")]
LangQ = Annotated[str | None, Query(pattern="^(zh|en)$", description="text answer in zh or en")]
FormatQ = Annotated[str | None, Query(pattern="^(json|text|html|ttl|jsonld)$",
                                      description="json, text, html, ttl or jsonld (overrides Accept)")]

#: offered media types in server preference order → format key
OFFERS = [("application/json", "json"), ("text/plain", "text"), ("text/html", "html"),
          ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/problem+json", "json")]


def choose_format(accept: str | None, fmt: str | None, lang: str | None) -> str:
    if fmt:
        return fmt
    if accept and accept.strip() == "*/*":
        accept = None
    key = choose(accept, OFFERS, default="text" if lang else "json")
    if key is None:
        raise NotAcceptable("无法提供所请求的格式；可用 JSON、纯文本、HTML、Turtle、JSON-LD。",
                            "None of the requested media types is available; offered: application/json, "
                            "text/plain, text/html, text/turtle, application/ld+json.")
    return key


def text_language(lang: str | None, accept_language: str | None) -> str:
    """``lang`` if given, else the first of zh/en in Accept-Language (q-values), else zh."""
    return lang or language(accept_language)


def respond(tree: dict[str, Any], fmt: str, lang: str | None, accept_language: str | None = None) -> Response:
    headers = {"Vary": "Accept, Accept-Language"}
    if fmt == "text":
        return PlainTextResponse(render_text(tree, text_language(lang, accept_language)), headers=headers)
    if fmt == "html":
        return HTMLResponse(render("explain.html", t=tree, data_version=tree["data_version"]), headers=headers)
    if fmt == "ttl":
        return Response(render_prov(tree, "turtle"), media_type="text/turtle; charset=utf-8", headers=headers)
    if fmt == "jsonld":
        return Response(render_prov(tree, "jsonld"), media_type="application/ld+json", headers=headers)
    return JSONResponse(tree, headers=headers)


@router.get("/explain", summary="Why does this sanction apply? / 惩戒依据解释")
def get_explain(request: Request, store: StoreDep, iri: IriQ, date: DateQ = None, lang: LangQ = None,
                format: FormatQ = None) -> Response:
    fmt = choose_format(request.headers.get("accept"), format, lang)
    return respond(explain(store, iri=iri, date=date), fmt, lang, request.headers.get("accept-language"))


@router.post("/explain", summary="Explain a record that is not stored (Turtle, JSON-LD or JSON) / 解释未入库的记录")
async def post_explain(request: Request, store: StoreDep, iri: Annotated[str | None, Query(max_length=2000)] = None,
                       date: DateQ = None, lang: LangQ = None, format: FormatQ = None) -> Response:
    fmt = choose_format(request.headers.get("accept"), format, lang)
    body = await read_limited(request, get_settings().max_body_bytes)
    overlay = parse_record(body, request.headers.get("content-type", ""))
    target = main_record(overlay, iri)
    return respond(explain(store, iri=target, date=date, overlay=overlay), fmt, lang,
                   request.headers.get("accept-language"))
