"""Wiring: the one place that builds the store and hands it to routes."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Query

from service.config import get_settings
from service.domain.errors import Unavailable
from service.store.base import Store


@lru_cache(maxsize=1)
def _store() -> Store:
    settings = get_settings()
    if settings.remote_endpoint:
        from service.store.remote import RemoteStore

        return RemoteStore(settings.remote_endpoint)
    from service.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store_dir)


def get_store() -> Store:
    try:
        return _store()
    except FileNotFoundError:
        raise Unavailable("尚未导入数据，请先运行 creditbasis import-laws。",
                          "No store yet: run `creditbasis import-laws` first.") from None


def reset() -> None:
    """Forget the store (tests switch settings)."""
    _store.cache_clear()


#: The store as a route dependency (``store: StoreDep``).
StoreDep = Annotated[Store, Depends(get_store)]

#: An optional ``date`` query parameter (YYYY-MM-DD; parsed and checked in the domain, 422 when malformed).
DateQuery = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD, default today")]
