"""Domain errors: each knows its HTTP-neutral status, a zh/en message and its legal source."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    type_slug = "bad-request"
    title = "Bad request"

    def __init__(self, zh: str, en: str, *, source: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.source = source
        self.extra = extra or {}


class Malformed(DomainError):
    status, type_slug, title = 400, "malformed-input", "Malformed input"


class Forbidden(DomainError):
    status, type_slug, title = 403, "forbidden", "Forbidden"


class NotFound(DomainError):
    status, type_slug, title = 404, "not-found", "Not found"


class NotAcceptable(DomainError):
    status, type_slug, title = 406, "not-acceptable", "Not acceptable"


class Ambiguous(DomainError):
    status, type_slug, title = 409, "ambiguous", "Ambiguous"


class TooLarge(DomainError):
    status, type_slug, title = 413, "too-large", "Too large"


class InvalidValue(DomainError):
    status, type_slug, title = 422, "invalid-value", "Invalid value"


class QueryTimeout(DomainError):
    status, type_slug, title = 503, "query-timeout", "Query timeout"


class Unavailable(DomainError):
    status, type_slug, title = 503, "unavailable", "Service unavailable"
