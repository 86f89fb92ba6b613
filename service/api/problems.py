"""The one error contract: RFC 9457 ``application/problem+json``.

``{type, title, status, detail: {zh, en}, source?}`` — never raw exception text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from service.domain.errors import DomainError
from service.store.base import StoreUnavailable

PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/creditbasis/problems/"
log = logging.getLogger("creditbasis")

_GENERIC = {
    400: ("malformed-input", "Malformed input", "请求格式错误。", "The request is malformed."),
    404: ("not-found", "Not found", "未找到所请求的资源。", "The requested resource was not found."),
    405: ("method-not-allowed", "Method not allowed", "不支持该请求方法。", "This method is not allowed here."),
    406: ("not-acceptable", "Not acceptable", "无法提供所请求的格式。", "The requested format cannot be provided."),
    413: ("too-large", "Too large", "请求内容过大。", "The request is too large."),
    415: ("unsupported-media-type", "Unsupported media type", "不支持该内容类型。", "This content type is not supported."),
    422: ("invalid-value", "Invalid value", "参数值无效。", "A parameter value is invalid."),
}


#: OpenAPI: every error answer is a problem document (documented on every operation).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "object", "required": ["zh", "en"],
                   "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}},
        "source": {"type": "string"},
    },
}
OPENAPI_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": desc, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}
    for code, desc in (("4XX", "Client error: a problem document (RFC 9457) / 请求错误"),
                       ("5XX", "Server error or query timeout: a problem document / 服务端错误或查询超时"))
}


def problem_body(status: int, type_slug: str, title: str, zh: str, en: str,
                 source: str | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The problem document ``{type, title, status, detail: {zh, en}, source?, …extra}``."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": {"zh": zh, "en": en},
    }
    if source:
        body["source"] = source
    if extra:
        body.update(extra)
    return body


def problem(status: int, type_slug: str, title: str, zh: str, en: str,
            source: str | None = None, extra: dict[str, Any] | None = None,
            headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(problem_body(status, type_slug, title, zh, en, source, extra),
                        status_code=status, media_type=PROBLEM, headers=headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path takes (a path may be served by several routes)."""
    return [m for m in _METHODS
            if any(route.matches({**request.scope, "method": m})[0] == Match.FULL
                   for route in request.app.router.routes)]


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        return problem(exc.status, exc.type_slug, exc.title, exc.zh, exc.en, exc.source, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()]
        missing = any(e.get("type") == "missing" for e in exc.errors())
        status = 400 if missing else 422
        return problem(status, "malformed-input" if missing else "invalid-value",
                       "Malformed input" if missing else "Invalid value",
                       f"参数缺失或无效：{', '.join(fields)}", f"Missing or invalid parameter(s): {', '.join(fields)}",
                       extra={"fields": fields})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title, zh, en = _GENERIC.get(
            exc.status_code, ("error", "Error", "请求无法完成。", "The request could not be completed."))
        headers = dict(exc.headers or {})  # e.g. Allow on 405
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem(exc.status_code, slug, title, zh, en, headers=headers)

    @app.exception_handler(StoreUnavailable)
    async def _store_down(_request: Request, exc: StoreUnavailable) -> JSONResponse:
        log.warning("store unavailable: %s", exc)
        return problem(503, "unavailable", "Service unavailable", "数据存储暂时不可达，请稍后再试。",
                       "The data store cannot be reached right now; try again later.")

    @app.exception_handler(ClientDisconnect)
    async def _gone(_request: Request, _exc: ClientDisconnect) -> JSONResponse:
        # the client left before sending its whole body: not a server fault, nothing to log
        return problem(400, "malformed-input", "Malformed input", "请求体未发送完整，客户端已断开。",
                       "The client disconnected before sending the whole request body.")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return problem(500, "internal-error", "Internal error", "服务器内部错误，已记录。",
                       "Internal error; it has been logged.")
