"""Minting of stable, readable IRIs (documented in README, section "IRIs").

Legislation follows ELI:  ``{BASE}eli/cn/{type}/{title}/{version}/art_{n}[-{k}]/para_{m}/item_{i}``

* ``type``     a code of the instrument-type scheme (``law``, ``admin-regulation`` …);
* ``title``    the short title as in the corpus file name (no 中华人民共和国), with
               whitespace as ``_`` and IRI-unsafe ASCII percent-encoded;
* ``version``  the version date ``YYYY-MM-DD`` or ``undated`` for files without a date;
* ``art_26-1`` is 第二十六条之一; divisions are ``book_n``/``chp_n``/``sec_n`` nested
  under their parent division; ``preamble`` is 序言; paragraphs without an article
  (documents that have none) are ``{version}/para_m``.

Other entities: ``{BASE}id/{kind}/{key}``; ontology terms: ``{BASE}ontology#Term``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

BASE = "https://w3id.org/creditbasis/"
ONTOLOGY = BASE + "ontology#"
ELI_BASE = BASE + "eli/cn/"
ID_BASE = BASE + "id/"

INSTRUMENT_TYPES: dict[str, str] = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "admin-regulation",
    "监察法规": "supervision-regulation",
    "地方性法规": "local-regulation",
    "自治条例和单行条例": "autonomous-regulation",
    "部门规章": "department-rule",
    "地方政府规章": "local-government-rule",
    "司法解释": "judicial-interpretation",
    "国务院决定和命令": "state-council-decision",
    "党中央国务院政策文件": "central-policy",
    "规范性文件": "normative-document",
}
TYPE_LABELS: dict[str, str] = {code: zh for zh, code in INSTRUMENT_TYPES.items()}

_WS = re.compile(r"[\s\u3000]+")
_SAFE = "()（）《》〈〉、，,·-._~!$&'*+=:@"


def title_slug(title: str) -> str:
    """IRI segment for a law title: whitespace → '_', unsafe ASCII percent-encoded."""
    t = _WS.sub("_", title.strip())
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=_SAFE) for ch in t)


def type_iri(code: str) -> str:
    return f"{ID_BASE}instrument-type/{code}"


def work_iri(type_code: str, title: str) -> str:
    return f"{ELI_BASE}{type_code}/{title_slug(title)}"


def version_iri(work: str, version_date: str | None) -> str:
    return f"{work}/{version_date or 'undated'}"


def article_segment(number: int, suffix: int = 0) -> str:
    return f"art_{number}" + (f"-{suffix}" if suffix else "")


def article_iri(version: str, number: int, suffix: int = 0) -> str:
    return f"{version}/{article_segment(number, suffix)}"


def paragraph_iri(parent: str, n: int) -> str:
    return f"{parent}/para_{n}"


def item_iri(paragraph: str, n: int) -> str:
    return f"{paragraph}/item_{n}"


def entity_iri(kind: str, key: str) -> str:
    return f"{ID_BASE}{kind}/{title_slug(key)}"


def term(name: str) -> str:
    return ONTOLOGY + name
