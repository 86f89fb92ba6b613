"""Shared helpers for the explain/repair tests: fixture records over the real store."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service.domain.explain.records import MemoryStore
from service.store.base import Binding, Row, Store

CASES = Path(__file__).parent / "cases" / "explain"
ID = "https://w3id.org/creditbasis/id/"


def fixture_overlay() -> MemoryStore:
    mem = MemoryStore()
    mem.load((CASES / "records.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    return mem


def expectations() -> list[dict[str, Any]]:
    return json.loads((CASES / "expectations.json").read_text(encoding="utf-8"))["cases"]


class UnionStore(Store):
    """The real store plus the fixture records, as one store (for the HTTP routes)."""

    kind = "union"

    def __init__(self, main: Store, extra: MemoryStore) -> None:
        self.main = main
        self.extra = extra

    @property
    def build_dir(self) -> Path:
        return self.main.build_dir  # type: ignore[attr-defined, no-any-return]

    def select_text(self, query: str, bindings: Mapping[str, Binding]) -> list[Row]:
        return self.main.select_text(query, bindings) + self.extra.select_text(query, bindings)

    def ask_text(self, query: str, bindings: Mapping[str, Binding]) -> bool:
        return self.main.ask_text(query, bindings) or self.extra.ask_text(query, bindings)

    def construct_text(self, query: str, bindings: Mapping[str, Binding]) -> str:
        return self.main.construct_text(query, bindings) + self.extra.construct_text(query, bindings)

    def triple_count(self) -> int:
        return self.main.triple_count() + self.extra.triple_count()
