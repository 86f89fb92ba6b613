"""Server-rendered HTML (jinja2): offline pages, links kept on the host that was asked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.iri import BASE, TYPE_LABELS

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def href(iri: str) -> str:
    """A link for ``iri``: our own IRIs become paths on this host, others stay absolute."""
    if iri.startswith(BASE):
        return "/" + quote(iri[len(BASE):], safe="/#%-_.~!$&'()*+,;=:@")
    return iri


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["href"] = href
    env.globals["TYPE_LABELS"] = TYPE_LABELS
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
