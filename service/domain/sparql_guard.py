"""Checks on a user SPARQL query before it reaches the native parser.

The Oxigraph parser recurses on nesting; a deep enough query overflows its stack and
kills the process (a Rust stack overflow cannot be caught). Long ``||``/``&&``/``UNION``
chains cost quadratic time to parse. So a light tokenizer (strings, IRIs and comments
skipped) measures nesting depth and chain length, and finds ``SERVICE`` (federated
queries would let a client make this server fetch arbitrary URLs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.domain.errors import Forbidden, Malformed, TooLarge

#: deepest accepted nesting of (), {} and [] together (the native parser fails near 2,000)
MAX_NESTING = 256
#: most ||, && and UNION operators in one query (parse time grows with their square)
MAX_CHAIN_OPERATORS = 1000

_TOKEN = re.compile(
    r'''(?P<s>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\''(?:[^'\\]|\\.|'(?!''))*'\'\''
         |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<comment>\#[^\n\r]*)
      |(?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
      |(?P<word>[A-Za-z_\u00C0-\uFFFF][\w\-.:\u00B7\u00C0-\uFFFF]*|:[\w\-.:\u00B7\u00C0-\uFFFF]*)
      |(?P<open>[({\[])
      |(?P<close>[)}\]])
      |(?P<op>\|\||&&)
    ''',
    re.VERBOSE,
)


@dataclass(frozen=True)
class QueryShape:
    max_depth: int
    chain_operators: int
    uses_service: bool


def measure(query: str) -> QueryShape:
    depth = max_depth = chains = 0
    service = False
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            max_depth = max(max_depth, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "op":
            chains += 1
        elif kind == "word":
            word = m.group().upper()
            if word == "UNION":
                chains += 1
            elif word == "SERVICE":
                service = True
    return QueryShape(max_depth, chains, service)


def check_query(query: str) -> None:
    """Raise a 4xx domain error for a query that must not reach the parser."""
    shape = measure(query)
    if shape.max_depth > MAX_NESTING:
        raise Malformed(
            f"查询嵌套层数为 {shape.max_depth}，超过上限 {MAX_NESTING}。",
            f"The query nests {shape.max_depth} levels deep; at most {MAX_NESTING} are accepted.",
            extra={"max_nesting": MAX_NESTING})
    if shape.chain_operators > MAX_CHAIN_OPERATORS:
        raise TooLarge(
            f"查询含 {shape.chain_operators} 个 ||、&& 或 UNION 运算，超过上限 {MAX_CHAIN_OPERATORS}；"
            "请改用 IN (...) 或 VALUES。",
            f"The query has {shape.chain_operators} ||, && or UNION operators, more than "
            f"{MAX_CHAIN_OPERATORS}; use IN (...) or VALUES instead.",
            extra={"max_chain_operators": MAX_CHAIN_OPERATORS})
    if shape.uses_service:
        raise Forbidden(
            "本端点不支持 SERVICE 联邦查询。",
            "SERVICE (federated query) is disabled on this endpoint.")
