"""Reading records: Turtle, JSON-LD, or plain JSON (schema in docs/validate.md) → triples.

Malformed input raises :class:`Malformed` naming the line (RDF) or the field (JSON).
Values of the right JSON type but wrong content (a date "2024-13-01", an unknown measure)
are kept and reported by the shapes as violations.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox

from service.domain.errors import InvalidValue, Malformed
from service.domain.iri_check import is_iri
from service.iri import ID_BASE, ONTOLOGY, entity_iri
from service.vocab import RDF_TYPE, XSD

RECORD_BASE = ID_BASE + "record/"
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

#: record type → class local name and id kind
TYPES: dict[str, tuple[str, str]] = {
    "SanctionDecision": ("SanctionDecision", "decision"),
    "ListEntry": ("ListEntry", "list-entry"),
    "CatalogueItem": ("CatalogueItem", "catalogue-item"),
    "ListCategory": ("ListCategory", "list-category"),
    "SanctionMeasure": ("SanctionMeasure", "measure"),
    "PenaltyRecord": ("PenaltyRecord", "penalty"),
    "QueryAuthorisation": ("QueryAuthorisation", "authorisation"),
    "CreditQueryRecord": ("CreditQueryRecord", "query-record"),
}

# field → value kind: iri, iris (list of IRIs), date, bool, string, strings, duration, subject, entry
FIELDS: dict[str, str] = {
    "subject": "subject", "measure": "iri", "basedOnEntry": "entry", "decisionDate": "date",
    "conductDate": "date", "decidedBy": "iri", "legalBasis": "iris", "noticeGiven": "bool",
    "objectionHandled": "bool", "listCategory": "iri", "listedOn": "date", "exitedOn": "date",
    "repairedOn": "date", "identifiedBy": "iri", "tier": "iri", "publishedUntil": "date",
    "informationCategory": "string", "providingBody": "iri", "subjectType": "iri",
    "disclosure": "iri", "sharingScope": "strings", "retentionPeriod": "duration",
    "serious": "bool", "domain": "iri", "identificationStandard": "iris", "identifyingBody": "iri",
    "priorNotice": "bool", "objectionProcedure": "bool", "exitCondition": "strings",
    "localOnly": "bool", "restricts": "string", "measureKind": "iri", "implementingBody": "iris",
    "triggeredBy": "iris", "triggeringBehaviour": "string",
    "grantor": "subject", "grantee": "iri", "purpose": "strings", "scope": "strings",
    "grantedOn": "date", "expiresOn": "date", "queriedBy": "iri", "aboutSubject": "subject",
    "queriedOn": "date", "underAuthorisation": "iri",
}
_META = {"type", "id", "@context"}


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _iri(value: Any, where: str) -> ox.NamedNode:
    if not isinstance(value, str) or not value.strip():
        raise Malformed(f"字段 {where} 应为 IRI 字符串。", f"Field {where} must be an IRI string.",
                        extra={"field": where})
    v = value.strip()
    if v.startswith("cb:"):
        v = ONTOLOGY + v[3:]
    if not _IRI.match(v) or not is_iri(v):
        raise Malformed(f"字段 {where} 不是有效的 IRI：{v}", f"Field {where} is not a valid IRI: {v}",
                        extra={"field": where})
    return ox.NamedNode(v)


class _Mapper:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []
        self.count = 0

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def subject(self, value: Any, where: str) -> ox.NamedNode:
        if isinstance(value, str):
            return _iri(value, where)
        if not isinstance(value, dict):
            raise Malformed(f"字段 {where} 应为对象或 IRI。", f"Field {where} must be an object or an IRI.",
                            extra={"field": where})
        unknown = set(value) - {"id", "uscc", "personId", "name"}
        if unknown:
            f = f"{where}.{sorted(unknown)[0]}"
            raise Malformed(f"未知字段 {f}。", f"Unknown field {f}.", extra={"field": f})
        for key in ("uscc", "personId", "name"):
            if key in value and not isinstance(value[key], str):
                raise Malformed(f"字段 {where}.{key} 应为字符串。", f"Field {where}.{key} must be a string.",
                                extra={"field": f"{where}.{key}"})
        if "id" in value:
            node = _iri(value["id"], f"{where}.id")
        elif "uscc" in value:
            node = ox.NamedNode(entity_iri("subject", value["uscc"]))
        elif "personId" in value:
            node = ox.NamedNode(entity_iri("subject", "person-" + value["personId"]))
        else:
            node = ox.NamedNode(f"{RECORD_BASE}{where.replace('.', '-').replace('[', '-').rstrip(']')}-subject")
        if "uscc" in value:
            self.add(node, RDF_TYPE, ox.NamedNode(ONTOLOGY + "LegalPersonSubject"))
            self.add(node, ONTOLOGY + "uscc", _lit(value["uscc"]))
        elif "personId" in value:
            self.add(node, RDF_TYPE, ox.NamedNode(ONTOLOGY + "NaturalPersonSubject"))
        if "personId" in value:
            self.add(node, ONTOLOGY + "personId", _lit(value["personId"]))
        if "name" in value:
            self.add(node, "http://www.w3.org/2000/01/rdf-schema#label", _lit(value["name"]))
        return node

    def record(self, rec: Any, where: str, default_type: str | None = None) -> ox.NamedNode:
        if not isinstance(rec, dict):
            raise Malformed(f"{where} 应为 JSON 对象。", f"{where} must be a JSON object.", extra={"field": where})
        rtype = rec.get("type", default_type)
        if rtype not in TYPES:
            raise Malformed(f"字段 {where}.type 应为 {', '.join(TYPES)} 之一。",
                            f"Field {where}.type must be one of {', '.join(TYPES)}.",
                            extra={"field": f"{where}.type"})
        cls, kind = TYPES[rtype]
        self.count += 1
        node = _iri(rec["id"], f"{where}.id") if "id" in rec else ox.NamedNode(
            f"{RECORD_BASE}{kind}-{self.count}")
        self.add(node, RDF_TYPE, ox.NamedNode(ONTOLOGY + cls))
        for key, value in rec.items():
            if key in _META:
                continue
            field = f"{where}.{key}"
            kindv = FIELDS.get(key)
            if kindv is None:
                raise Malformed(f"未知字段 {field}。", f"Unknown field {field}.", extra={"field": field})
            self.value(node, key, kindv, value, field)
        return node

    def value(self, node: ox.NamedNode, key: str, kind: str, value: Any, field: str) -> None:
        pred = ONTOLOGY + key
        if value is None:
            return
        if kind in ("iris", "strings") and isinstance(value, list):
            for i, v in enumerate(value):
                self.value(node, key, kind[:-1], v, f"{field}[{i}]")
            return
        if kind in ("iri", "iris"):
            self.add(node, pred, _iri(value, field))
        elif kind == "subject":
            self.add(node, pred, self.subject(value, field))
        elif kind == "entry":
            target = _iri(value, field) if isinstance(value, str) else self.record(value, field, "ListEntry")
            self.add(node, pred, target)
        elif kind == "bool":
            if not isinstance(value, bool):
                raise Malformed(f"字段 {field} 应为 true 或 false。", f"Field {field} must be true or false.",
                                extra={"field": field})
            self.add(node, pred, _lit("true" if value else "false", XSD + "boolean"))
        elif kind in ("date", "duration", "string", "strings"):
            if not isinstance(value, str):
                raise Malformed(f"字段 {field} 应为字符串。", f"Field {field} must be a string.",
                                extra={"field": field})
            dtype = {"date": XSD + "date", "duration": XSD + "duration"}.get(kind)
            self.add(node, pred, _lit(value, dtype))


def _has_lone_surrogate(data: Any) -> bool:
    """True if a string in parsed JSON holds a lone surrogate (from an escape like \\ud800)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return False


def json_records(text: str) -> list[ox.Triple]:
    """Plain JSON: one record, a list of records, or ``{"records": [...]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Malformed(f"JSON 语法错误：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}",
                        f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                        extra={"line": exc.lineno, "column": exc.colno}) from None
    except RecursionError:
        raise Malformed("JSON 嵌套层次过深。", "The JSON is nested too deeply.") from None
    if "\\u" in text and _has_lone_surrogate(data):
        raise Malformed("JSON 含有孤立的代理项转义（如 \\ud800），不是有效的 Unicode 文本。",
                        "The JSON holds a lone surrogate escape (such as \\ud800), which is not Unicode text.")
    if isinstance(data, dict) and "records" in data:
        data = data["records"]
        base = "records"
    else:
        base = "record"
    items = data if isinstance(data, list) else [data]
    mapper = _Mapper()
    try:
        for i, rec in enumerate(items):
            mapper.record(rec, f"{base}[{i}]" if isinstance(data, list) else base)
    except RecursionError:
        raise Malformed("JSON 记录嵌套层次过深。", "The JSON records are nested too deeply.") from None
    if not mapper.triples:
        raise InvalidValue("没有可校验的记录。", "There is no record to validate.")
    return mapper.triples


def rdf_records(data: bytes, fmt: ox.RdfFormat) -> list[ox.Triple]:
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=RECORD_BASE))
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise Malformed(f"{fmt.name} 语法错误（第 {line} 行）：{exc.msg}",
                        f"{fmt.name} syntax error (line {line}): {exc.msg}",
                        extra={"line": line}) from None
    except ValueError as exc:
        raise Malformed(f"{fmt.name} 无法解析：{exc}", f"{fmt.name} cannot be parsed: {exc}") from None
    if not quads:
        raise InvalidValue("没有可校验的记录。", "There is no record to validate.")
    return [q.triple for q in quads]


FORMATS = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "n-triples": ox.RdfFormat.N_TRIPLES}
MEDIA_TYPES = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "json-ld",
               "application/n-triples": "n-triples", "application/json": "json"}


def parse_records(data: bytes, fmt: str) -> list[ox.Triple]:
    """Records in ``fmt`` (turtle, json-ld, n-triples or json) as triples."""
    if fmt == "json":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Malformed("请求体不是 UTF-8 文本。", f"The body is not UTF-8 text (byte {exc.start}).") from None
        return json_records(text)
    if fmt not in FORMATS:
        raise Malformed(f"不支持的格式 {fmt}。", f"Unsupported format {fmt}.")
    return rdf_records(data, FORMATS[fmt])
