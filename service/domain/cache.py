"""Per-store-build memoisation: cached values are dropped when an import switches the build."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from service.store.base import Store

P = ParamSpec("P")
R = TypeVar("R")


def store_key(store: Store) -> str:
    build = getattr(store, "build_dir", None)
    return f"{store.kind}:{build}" if build is not None else f"{store.kind}:{id(store)}"


def per_store(fn: Callable[[Store], R]) -> Callable[[Store], R]:
    """Cache ``fn(store)`` per store build (one entry per live build)."""
    cache: dict[str, R] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(store: Store) -> R:
        key = store_key(store)
        hit = cache.get(key)
        if hit is not None:
            return hit
        with lock:
            if key not in cache:
                cache.clear()
                cache[key] = fn(store)
            return cache[key]

    return wrapper
