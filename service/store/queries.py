"""Named SPARQL queries from ``queries/*.rq``.

Each file starts with a header of comment lines::

    # name: provision-by-number
    # params: law, number
    # returns: uri, text
    # purpose: One line saying what the query answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.config import PROJECT_ROOT

QUERY_DIR = PROJECT_ROOT / "queries"
_HEADER = re.compile(r"^#\s*(name|params|returns|purpose|purpose_zh|description):\s*(.*)$")


class UnknownQuery(KeyError):
    pass


@dataclass(frozen=True)
class NamedQuery:
    name: str
    params: tuple[str, ...]
    returns: tuple[str, ...]
    purpose: str
    purpose_zh: str
    text: str
    path: Path


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip().lstrip("?") for p in value.split(",") if p.strip() and p.strip() != "-")


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            fields[m.group(1)] = m.group(2).strip()
    name = fields.get("name", path.stem)
    if name != path.stem:
        raise ValueError(f"{path.name}: header name {name!r} differs from file name")
    return NamedQuery(
        name=name,
        params=_split(fields.get("params", "")),
        returns=_split(fields.get("returns", "")),
        purpose=fields.get("purpose", fields.get("description", "")),
        purpose_zh=fields.get("purpose_zh", ""),
        text=text,
        path=path,
    )


@lru_cache(maxsize=1)
def all_queries() -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        raise UnknownQuery(name) from None
