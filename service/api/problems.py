"""The one error contract: RFC 9457 ``application/problem+json``.

``{type, title, status, detail: {zh, en}, source?}`` — never raw exception text.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.domain.errors import DomainError

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


def problem(status: int, type_slug: str, title: str, zh: str, en: str,
            source: str | None = None, extra: dict[str, Any] | None = None) -> JSONResponse:
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
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


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
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title, zh, en = _GENERIC.get(
            exc.status_code, ("error", "Error", "请求无法完成。", "The request could not be completed."))
        return problem(exc.status_code, slug, title, zh, en)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return problem(500, "internal-error", "Internal error", "服务器内部错误，已记录。",
                       "Internal error; it has been logged.")
