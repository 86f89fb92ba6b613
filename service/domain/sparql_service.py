"""The public SPARQL endpoint's domain side: run a user query within limits; describe the service.

User queries never run in the serving process: on the embedded store they go to a
pool of killable worker processes (``service.store.sandbox``); on a remote store they
are passed to the remote endpoint with the same timeout. Read-only: no updates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from service.domain.about import data_version
from service.domain.errors import (
    InvalidValue,
    Malformed,
    NotAcceptable,
    QueryTimeout,
    TooLarge,
    Unavailable,
)
from service.domain.sparql_guard import MAX_CHAIN_OPERATORS, MAX_NESTING, check_query
from service.store import result_formats as rf
from service.store.base import Store
from service.store.sandbox import DEFAULT_MEMORY_LIMIT, Job, Outcome, SandboxPool, get_pool
from service.vocab import DCTERMS, RDF_TYPE, RDFS

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
#: W3C format IRIs (http://www.w3.org/ns/formats/) of each format key
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples",
    "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_rows: int
    workers: int


@dataclass(frozen=True)
class Answer:
    kind: str  # select | ask | graph
    format: str  # a key of result_formats.MEDIA_TYPES
    body: bytes

    @property
    def media_type(self) -> str:
        return rf.MEDIA_TYPES[self.format]


def sandbox_for(store: Store, limits: Limits) -> SandboxPool:
    build = getattr(store, "build_dir", None)
    if not isinstance(build, Path):
        raise Unavailable("此存储不支持本地查询执行。", "This store cannot run queries locally.")
    return get_pool(build / "oxigraph", limits.workers)


async def run_query_async(store: Store, query: str, *, results_format: str | None,
                          graph_format: str | None, default_graphs: tuple[str, ...] | None,
                          named_graphs: tuple[str, ...] | None, limits: Limits,
                          base_iri: str | None = None) -> Answer:
    """Run a user query; raise a domain error (400/403/406/413/422/503) when it cannot answer.

    Relative IRIs in the query resolve against ``base_iri`` (the endpoint URL). Awaits the
    worker's answer on the event loop: no thread is held while the worker computes."""
    check_query(query)
    _check_graphs(default_graphs, named_graphs)
    if getattr(store, "build_dir", None) is None and hasattr(store, "endpoint"):
        return await asyncio.to_thread(_run_remote, str(store.endpoint), query, results_format,
                                       graph_format, default_graphs, named_graphs, limits)
    job = Job(query, results_format, graph_format, default_graphs, named_graphs, limits.max_rows,
              base_iri, {"data_version": data_version(store)})
    return answer_of(await sandbox_for(store, limits).run_async(job, limits.timeout))


def _check_graphs(default_graphs: tuple[str, ...] | None, named_graphs: tuple[str, ...] | None) -> None:
    for g in (*(default_graphs or ()), *(named_graphs or ())):
        try:
            ox.NamedNode(g)
        except ValueError:
            raise InvalidValue(f"图 IRI 无效：{g}", f"Not a valid graph IRI: {g}") from None


def answer_of(out: Outcome) -> Answer:
    if out.ok:
        return Answer(out.kind, out.format, out.body)
    if out.code == "syntax":
        raise Malformed(f"SPARQL 语法错误：{out.message}", f"SPARQL syntax error: {out.message}",
                        extra={"parser_message": out.message})
    if out.code == "evaluation":
        raise InvalidValue(f"查询无法执行：{out.message}", f"The query cannot be evaluated: {out.message}")
    if out.code == "not-acceptable":
        wanted = {"graph": "RDF (Turtle, N-Triples, JSON-LD, RDF/XML)"}.get(
            out.kind, "SPARQL results (JSON, XML, CSV, TSV)")
        raise NotAcceptable(f"该查询的结果只能以以下格式提供：{wanted}。",
                            f"This query's result can only be given as {wanted}.")
    if out.code == "too-large":
        n = out.extra.get("max_rows")
        raise TooLarge(f"结果超过 {n} 行（或三元组），请加 LIMIT 或缩小查询。",
                       f"The result has more than {n} rows (or triples); add a LIMIT or narrow the query.",
                       extra={"max_rows": n})
    if out.code == "timeout":
        t = out.extra.get("timeout")
        raise QueryTimeout(f"查询超过 {t} 秒未完成，已终止。",
                           f"The query did not finish within {t} s and was stopped.",
                           extra={"timeout_seconds": t})
    if out.code == "busy":
        raise QueryTimeout("查询服务繁忙，请稍后重试。", "All query workers are busy; try again shortly.")
    raise Unavailable("查询进程意外终止，查询未完成；请简化查询。",
                      "The query worker stopped unexpectedly; simplify the query.")


def _run_remote(endpoint: str, query: str, results_format: str | None, graph_format: str | None,
                default_graphs: tuple[str, ...] | None, named_graphs: tuple[str, ...] | None,
                limits: Limits) -> Answer:
    accept = ", ".join(rf.MEDIA_TYPES[k] for k in (results_format, graph_format) if k)
    if not accept:
        raise NotAcceptable("无法提供所请求的格式。", "The requested format cannot be provided.")
    form: dict[str, str | list[str]] = {"query": query}
    if default_graphs is not None:
        form["default-graph-uri"] = list(default_graphs)
    if named_graphs is not None:
        form["named-graph-uri"] = list(named_graphs)
    try:
        r = httpx.post(endpoint, data=form, headers={"Accept": accept}, timeout=limits.timeout)
    except httpx.TimeoutException:
        raise QueryTimeout(f"远程端点在 {limits.timeout} 秒内未答复。",
                           f"The remote endpoint did not answer within {limits.timeout} s.") from None
    except httpx.HTTPError:
        raise Unavailable("远程 SPARQL 端点不可达。", "The remote SPARQL endpoint is unreachable.") from None
    if r.status_code >= 400:
        msg = r.text[:500]
        raise Malformed(f"远程端点拒绝了查询：{msg}", f"The remote endpoint refused the query: {msg}")
    media = r.headers.get("content-type", "").split(";")[0].strip()
    for key, m in rf.MEDIA_TYPES.items():
        if m == media:
            return Answer("graph" if key in rf.GRAPH_FORMATS else "select", key, r.content)
    raise NotAcceptable("远程端点返回了无法识别的格式。", "The remote endpoint answered in an unknown format.")


def service_description(store: Store, endpoint: str, fmt: str, limits: Limits) -> bytes:
    """An ``sd:`` service description of ``/sparql`` in an RDF format key."""
    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def lit(text: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(text, language=lang) if lang else ox.Literal(text)

    svc, ds, dg = n(endpoint), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    t: list[ox.Triple] = [
        ox.Triple(svc, n(RDF_TYPE), n(SD + "Service")),
        ox.Triple(svc, n(SD + "endpoint"), n(endpoint)),
        ox.Triple(svc, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(svc, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        ox.Triple(svc, n(SD + "defaultEntailmentRegime"), n("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(svc, n(DCTERMS + "title"), lit("信用法据 SPARQL 查询端点", "zh")),
        ox.Triple(svc, n(DCTERMS + "title"), lit("creditbasis SPARQL query endpoint", "en")),
        ox.Triple(svc, n(RDFS + "comment"), lit(
            "只读端点。未指定 default-graph-uri 时，默认图为所有命名图的并集。"
            f"查询超过 {limits.timeout} 秒即终止（503）；结果超过 {limits.max_rows} 行答 413；"
            f"嵌套超过 {MAX_NESTING} 层或 ||/&&/UNION 超过 {MAX_CHAIN_OPERATORS} 个的查询被拒绝；"
            f"每个查询进程内存上限 {DEFAULT_MEMORY_LIMIT >> 30} GiB；"
            "不支持 SERVICE 和更新操作。", "zh")),
        ox.Triple(svc, n(RDFS + "comment"), lit(
            "Read-only endpoint. Unless default-graph-uri is given, the default graph is the union "
            f"of all named graphs. Queries running longer than {limits.timeout} s are stopped (503); "
            f"results above {limits.max_rows} rows answer 413; queries nesting deeper than "
            f"{MAX_NESTING} levels or with more than {MAX_CHAIN_OPERATORS} ||/&&/UNION operators "
            f"are refused; a query worker may use at most {DEFAULT_MEMORY_LIMIT >> 30} GiB of heap; "
            "SERVICE and updates are "
            "not supported.", "en")),
        ox.Triple(svc, n(SD + "defaultDataset"), ds),
        ox.Triple(ds, n(RDF_TYPE), n(SD + "Dataset")),
        ox.Triple(ds, n(SD + "defaultGraph"), dg),
        ox.Triple(dg, n(RDF_TYPE), n(SD + "Graph")),
        ox.Triple(dg, n(RDFS + "comment"), lit("默认图为所有命名图的并集。", "zh")),
        ox.Triple(dg, n(RDFS + "comment"), lit("The default graph is the union of all named graphs.", "en")),
    ]
    t += [ox.Triple(svc, n(SD + "resultFormat"), n(FORMATS + name)) for name in FORMAT_IRIS.values()]
    raw = getattr(store, "ox", None)
    if isinstance(raw, ox.Store):
        for i, g in enumerate(sorted(raw.named_graphs(), key=str)):
            if not isinstance(g, ox.NamedNode):
                continue
            ng = ox.BlankNode(f"ng{i}")
            t += [ox.Triple(ds, n(SD + "namedGraph"), ng),
                  ox.Triple(ng, n(RDF_TYPE), n(SD + "NamedGraph")),
                  ox.Triple(ng, n(SD + "name"), g)]
    return rf.graph_body(fmt, t, {"sd": SD, "formats": FORMATS})
