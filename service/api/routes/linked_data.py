"""Dereferenceable IRIs: ``/eli/…``, ``/id/…`` and ``/ontology`` answer for the IRI
``https://w3id.org/creditbasis/`` + path (whatever host was asked).

Browsers get an HTML page, machines Turtle, JSON-LD or N-Triples by ``Accept`` (q-values)
or ``?format=ttl|jsonld|nt|html``; ``?date=YYYY-MM-DD`` redirects to the same unit in the
version in force on that date.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.api.deps import StoreDep
from service.api.html import STATIC, href, render
from service.api.negotiate import choose
from service.domain.errors import NotAcceptable, NotFound
from service.domain.resources import describe, iri_on_date, rdf_document
from service.iri import BASE, title_slug
from service.store.base import Store

router = APIRouter(tags=["linked data"])
FormatQ = Annotated[str | None, Query(pattern="^(html|ttl|jsonld|nt)$",
                                      description="html, ttl, jsonld or nt (overrides Accept)")]
DateQ = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD: redirect to the version in force")]
#: OpenAPI: what a dereferenced IRI answers with
LD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The resource as HTML, Turtle, JSON-LD or N-Triples / 资源描述",
          "content": {m: {} for m in ("text/html", "text/turtle", "application/ld+json", "application/n-triples")}},
    303: {"description": "With ?date=: see the same unit in the version in force / 跳转到当日有效版本"},
}
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}


def iri_from_request(request: Request) -> str:
    """The IRI a request path stands for: our base + the path, each segment in IRI form.

    Segments are percent-decoded and re-encoded the way :func:`service.iri.title_slug`
    mints them, so ``%E5%85%AC`` and ``公`` (and ``%28`` and ``(``) name the same IRI.
    """
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    path = raw.decode("latin-1").split("?", 1)[0]
    return BASE + "/".join(_segment(seg) for seg in path.lstrip("/").split("/"))


def _segment(seg: str) -> str:
    """One path segment in IRI form; escapes that are not UTF-8 stay as sent (no such IRI is minted)."""
    if not seg:
        return ""
    try:
        return title_slug(unquote(seg, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError:
        return seg


def _answer(request: Request, store: Store, format: str | None, date: str | None) -> Response:
    iri = iri_from_request(request)
    if date:
        return RedirectResponse(href(iri_on_date(store, iri, date)), status_code=303)
    fmt = format or choose(request.headers.get("accept"))
    if fmt is None:
        raise NotAcceptable("无法提供所请求的格式；可用 HTML、Turtle、JSON-LD、N-Triples。",
                            "None of the requested media types is available; "
                            "offered: text/html, text/turtle, application/ld+json, application/n-triples.")
    uri = quote(iri, safe="/:#%-_.~!$&'()*+,;=@")
    headers = {"Vary": "Accept", "Link": f'<{uri}>; rel="canonical"'}
    if fmt == "html":
        page = render("resource.html", r=(model := describe(store, iri)),
                      data_version=model["data_version"])
        return HTMLResponse(page, headers=headers)
    body, media = rdf_document(store, iri, fmt)
    return Response(body, media_type=media, headers=headers)


@router.get("/eli/{path:path}", summary="A law, version, division or provision IRI / 法律、版本、章节或条款 IRI",
            responses=LD_RESPONSES)
def get_eli(request: Request, store: StoreDep, path: str, format: FormatQ = None,
            date: DateQ = None) -> Response:
    return _answer(request, store, format, date)


@router.get("/id/{path:path}", summary="An entity IRI / 实体 IRI",
            responses=LD_RESPONSES)
def get_id(request: Request, store: StoreDep, path: str, format: FormatQ = None,
           date: DateQ = None) -> Response:
    return _answer(request, store, format, date)


@router.get("/ontology", summary="The ontology and its terms / 本体及其术语",
            responses=LD_RESPONSES)
def get_ontology(request: Request, store: StoreDep, format: FormatQ = None) -> Response:
    return _answer(request, store, format, None)


@router.get("/static/{name}", include_in_schema=False)
def get_static(name: str) -> Response:
    path = STATIC / name
    media = _STATIC_TYPES.get(path.suffix)
    if media is None or "/" in name or name.startswith(".") or not path.is_file():
        raise NotFound("未找到该文件。", "No such file.")
    return Response(path.read_bytes(), media_type=media,
                    headers={"Cache-Control": "public, max-age=3600"})
