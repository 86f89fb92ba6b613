"""`POST /api/validate`: SHACL validation of credit records (never stored)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from service.api.body import read_limited
from service.api.deps import StoreDep
from service.api.negotiate import choose
from service.config import get_settings
from service.domain.errors import Malformed
from service.domain.validation import validate_request

REPORT_OFFERS = [("application/json", "json"), ("text/turtle", "ttl")]

router = APIRouter(prefix="/api", tags=["validation"])


async def _read_body(request: Request, limit: int) -> bytes:
    body = await read_limited(request, limit)
    if not body.strip():
        raise Malformed("请求体为空。", "The request body is empty.")
    return body


@router.post(
    "/validate",
    summary="Validate records against the SHACL gates / 按 SHACL 规则校验记录",
    description="Body: Turtle (text/turtle), JSON-LD (application/ld+json) or a plain JSON record "
                "(application/json, schema in docs/validate.md). `Accept: text/turtle` returns the "
                "SHACL validation report. Nothing is stored.",
    responses={200: {"content": {"application/json": {}, "text/turtle": {}}}},
)
async def post_validate(
    request: Request,
    store: StoreDep,
    date: Annotated[str | None, Query(max_length=20, description="check date YYYY-MM-DD, default today")] = None,
) -> Any:
    body = await _read_body(request, get_settings().max_body_bytes)
    content_type = request.headers.get("content-type", "application/json")
    # JSON unless Turtle is preferred (q-values honoured; nothing acceptable → JSON, as for a missing header)
    turtle = choose(request.headers.get("accept"), REPORT_OFFERS, default="json") == "ttl"
    result = await run_in_threadpool(validate_request, store, body, content_type, date, turtle)
    if turtle:
        return Response(content=result, media_type="text/turtle; charset=utf-8")
    return result
