"""The store interface every implementation provides.

Values bound into named queries are :class:`IRI` (a named node), ``str`` (a plain
literal), ``int``, ``bool`` or :class:`datetime.date` (typed literals) or :class:`Lit`.
Rows come back as ``{variable: lexical value}``; IRIs as strings.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

from service.store.queries import get_query


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class Lit:
    value: str
    lang: str | None = None
    datatype: str | None = None


Binding = IRI | Lit | str | int | bool | dt.date
Row = dict[str, str]


class QueryError(Exception):
    """A query the store could not run (bad syntax, unreachable endpoint)."""


class StoreUnavailable(QueryError):
    """The store cannot be reached at all (a remote endpoint down or unreachable)."""


class Store(ABC):
    """A read interface for the domain layer, plus bulk loading for the importer."""

    kind: str = "abstract"

    def select(self, name: str, **bindings: Binding) -> list[Row]:
        q = get_query(name)
        _check_params(name, q.params, bindings)
        return self.select_text(q.text, bindings)

    def ask(self, name: str, **bindings: Binding) -> bool:
        q = get_query(name)
        _check_params(name, q.params, bindings)
        return self.ask_text(q.text, bindings)

    def construct(self, name: str, **bindings: Binding) -> str:
        """N-Triples of a CONSTRUCT/DESCRIBE named query."""
        q = get_query(name)
        _check_params(name, q.params, bindings)
        return self.construct_text(q.text, bindings)

    @abstractmethod
    def select_text(self, query: str, bindings: Mapping[str, Binding]) -> list[Row]: ...

    @abstractmethod
    def ask_text(self, query: str, bindings: Mapping[str, Binding]) -> bool: ...

    @abstractmethod
    def construct_text(self, query: str, bindings: Mapping[str, Binding]) -> str: ...

    @abstractmethod
    def triple_count(self) -> int: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""


def _check_params(name: str, params: tuple[str, ...], bindings: Mapping[str, Binding]) -> None:
    unknown = set(bindings) - set(params)
    if unknown:
        raise QueryError(f"query {name} has no parameter(s) {sorted(unknown)}")
