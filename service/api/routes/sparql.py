"""`/sparql` — SPARQL 1.1 Protocol, query operation only (read-only).

GET ``?query=``, POST ``application/x-www-form-urlencoded`` or ``application/sparql-query``;
``default-graph-uri``/``named-graph-uri`` set the dataset (otherwise the default graph
is the union of all named graphs). Results by ``Accept`` or ``format``. A bare GET
answers a service description (RDF) or, for a browser, an offline query editor.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api import media
from service.api.body import read_limited
from service.api.deps import StoreDep
from service.config import Settings, get_settings
from service.domain.errors import DomainError, Forbidden, Malformed, NotAcceptable
from service.domain.sparql_service import Limits, run_query_async, service_description

router = APIRouter(tags=["sparql"])
SettingsDep = Annotated[Settings, Depends(get_settings)]

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "sparql_editor.html"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")


#: OpenAPI: results, graphs, the service description or the query editor, by Accept / format
SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Query results or RDF (by Accept or format) / 查询结果或 RDF",
          "content": {m: {} for m in dict.fromkeys(media.MEDIA_TYPES.values())}},
}


class UnsupportedMediaType(DomainError):
    status, type_slug, title = 415, "unsupported-media-type", "Unsupported media type"


@lru_cache(maxsize=1)
def _editor_html() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media_type, *params = (p.strip() for p in header.split(";"))
    charset = None
    for p in params:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _refuse_update() -> Forbidden:
    return Forbidden("本端点只读，不接受 SPARQL 更新。",
                     "This endpoint is read-only: SPARQL updates are refused.")


async def _protocol_params(request: Request, settings: Settings) -> tuple[list[tuple[str, str]], str | None]:
    """All protocol parameters (URL and form body) and a directly POSTed query."""
    params = list(request.query_params.multi_items())
    direct: str | None = None
    if request.method == "POST":
        ctype, charset = _content_type(request.headers.get("content-type"))
        if ctype == UPDATE:
            raise _refuse_update()
        if ctype not in (FORM, DIRECT):
            raise UnsupportedMediaType(
                "POST 须使用 application/x-www-form-urlencoded 或 application/sparql-query。",
                "POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query.")
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType("查询须以 UTF-8 编码。", "The query must be encoded as UTF-8.")
        raw = await read_limited(request, settings.max_body_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed("请求体不是有效的 UTF-8。", "The request body is not valid UTF-8.") from None
        if ctype == FORM:
            params += parse_qsl(text, keep_blank_values=True)
        else:
            direct = text
    return params, direct


@router.api_route("/sparql", methods=["GET"], summary="SPARQL 1.1 query (GET) / SPARQL 查询",
                  operation_id="sparql_query_get", responses=SPARQL_RESPONSES)
@router.api_route("/sparql", methods=["POST"], summary="SPARQL 1.1 query (POST) / SPARQL 查询",
                  operation_id="sparql_query_post", responses=SPARQL_RESPONSES)
@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
async def sparql(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    params, direct = await _protocol_params(request, settings)
    if any(k in UPDATE_PARAMS for k, _ in params):
        raise _refuse_update()
    queries = [v for k, v in params if k == "query"]
    if direct is not None:
        if queries:
            raise Malformed("查询既在请求体中又在参数中。", "The query is given both in the body and as a parameter.")
        queries = [direct]
    if len(queries) > 1:
        raise Malformed("只能提交一个查询。", "Exactly one query may be given.")
    fmt = next((v for k, v in params if k in ("format", "output") and v), None)
    try:
        choice = media.negotiate(request.headers.get("accept"), fmt)
    except media.UnknownFormat:
        raise NotAcceptable(f"未知的结果格式：{fmt}", f"Unknown result format: {fmt}") from None
    limits = Limits(settings.query_timeout, settings.max_result_rows, settings.sparql_workers)
    vary = {"Vary": "Accept"}
    endpoint = str(request.base_url).rstrip("/") + "/sparql"
    if not queries:
        if request.method == "POST":
            raise Malformed("缺少 query 参数。", "The query parameter is missing.")
        if choice.html:
            return HTMLResponse(_editor_html(), headers=vary)
        if choice.graph is None:
            raise NotAcceptable("服务描述只提供 RDF 格式。", "The service description is available as RDF only.")
        body = await run_in_threadpool(service_description, store, endpoint, choice.graph, limits)
        return Response(body, media_type=media.MEDIA_TYPES[choice.graph], headers=vary)
    if choice.results is None and choice.graph is None:
        raise NotAcceptable("无法提供所请求的格式。", "None of the accepted formats can be provided.")
    dataset_given = any(k in ("default-graph-uri", "named-graph-uri") for k, _ in params)
    answer = await run_query_async(
        store, queries[0],
        results_format=choice.results, graph_format=choice.graph,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri") if dataset_given else None,
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri") if dataset_given else None,
        limits=limits, base_iri=endpoint)
    return Response(answer.body, media_type=answer.media_type, headers=vary)
