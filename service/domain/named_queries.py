"""Every ``queries/*.rq`` file as a read-only API: list them, run one with typed parameters.

Parameter values are typed from their text (documented in the API and README):

* ``http://…`` / ``https://…`` / ``urn:…`` → an IRI (named node);
* ``YYYY-MM-DD`` → an ``xsd:date`` literal;
* an optional sign and digits → an ``xsd:integer`` literal;
* ``true`` / ``false`` → an ``xsd:boolean`` literal;
* anything else → a plain string literal.

A value may force the plain-string reading with a leading ``'`` (``'2020-01-01`` is the
string ``2020-01-01``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from service.domain.errors import InvalidValue, Malformed, NotFound
from service.domain.iri_check import is_iri
from service.store.base import IRI, Binding, QueryError, Store, StoreUnavailable
from service.store.queries import NamedQuery, all_queries, get_query

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d{1,18}$")
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I | re.M)
MAX_VALUE_CHARS = 2000


def typed_value(text: str) -> Binding:
    """The binding a parameter's text stands for (see the module doc)."""
    if text.startswith("'"):
        return text[1:]
    if text.startswith(("http://", "https://", "urn:")):
        if any(c in text for c in ' <>"{}|\\^`') or not is_iri(text):
            raise InvalidValue(f"“{text}”不是有效的 IRI。", f"'{text}' is not a valid IRI.")
        return IRI(text)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidValue(f"日期“{text}”无效。", f"Date '{text}' is not a valid date.") from None
    if _INT.match(text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    return text


def query_form(q: NamedQuery) -> str:
    body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("#"))
    m = _FORM.search(body)
    return m.group(1).upper() if m else "SELECT"


def describe_query(q: NamedQuery) -> dict[str, Any]:
    return {"name": q.name, "form": query_form(q), "params": list(q.params),
            "returns": list(q.returns), "description": {"en": q.purpose, "zh": q.purpose_zh},
            "href": f"/api/queries/{q.name}"}


def list_queries() -> dict[str, Any]:
    """`GET /api/queries`: every named query with its description and parameters."""
    return {"queries": [describe_query(q) for q in all_queries().values()],
            "param_types": {
                "iri": "http://…, https://… or urn:… → IRI",
                "date": "YYYY-MM-DD → xsd:date", "integer": "digits → xsd:integer",
                "boolean": "true/false → xsd:boolean",
                "string": "anything else, or a value starting with ' → string literal"}}


def run_query(store: Store, name: str, params: dict[str, str]) -> dict[str, Any]:
    """`GET /api/queries/{name}`: run one named query with typed parameters."""
    from service.domain.about import data_version

    try:
        q = get_query(name)
    except KeyError:
        raise NotFound(f"没有名为“{name}”的查询。", f"No named query '{name}'.") from None
    missing = [p for p in q.params if p not in params]
    unknown = sorted(set(params) - set(q.params))
    if missing or unknown:
        raise Malformed(
            f"参数错误：缺少 {', '.join(missing) or '无'}；未知 {', '.join(unknown) or '无'}。",
            f"Parameters: missing {', '.join(missing) or 'none'}; unknown {', '.join(unknown) or 'none'}.",
            extra={"params": list(q.params), "missing": missing, "unknown": unknown})
    for k, v in params.items():
        if len(v) > MAX_VALUE_CHARS:
            raise InvalidValue(f"参数 {k} 过长。", f"Parameter {k} is too long.")
    bindings = {k: typed_value(v) for k, v in params.items()}
    form = query_form(q)
    out: dict[str, Any] = {"name": name, "params": {k: _show(v) for k, v in bindings.items()}}
    try:
        if form == "ASK":
            out["boolean"] = store.ask(name, **bindings)
            out["rows"] = []
        elif form in ("CONSTRUCT", "DESCRIBE"):
            nt = store.construct(name, **bindings)
            out["rows"] = [_triple(line) for line in nt.splitlines() if line.strip()]
        else:
            out["rows"] = store.select(name, **bindings)
    except StoreUnavailable:
        raise  # the store is down: 503, not the parameters' fault
    except QueryError:
        raise InvalidValue("查询无法以这些参数运行。",
                           "The query cannot run with these parameter values.") from None
    out["data_version"] = data_version(store)
    return out


def _show(value: Binding) -> dict[str, str]:
    if isinstance(value, IRI):
        return {"type": "iri", "value": value.value}
    if isinstance(value, bool):
        return {"type": "boolean", "value": str(value).lower()}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, dt.date):
        return {"type": "date", "value": value.isoformat()}
    return {"type": "string", "value": str(value)}


_NT = re.compile(r'^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(.*?)\s*\.\s*$')


def _triple(line: str) -> dict[str, str]:
    m = _NT.match(line)
    if not m:
        return {"triple": line}
    s, p, o = m.groups()
    return {"s": s.strip("<>"), "p": p, "o": o[1:-1] if o.startswith("<") and o.endswith(">") else o}
