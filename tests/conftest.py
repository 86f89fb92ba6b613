"""Shared fixtures: one real store built from the real corpus, reused across the session.

The store is built once into ``var/test-store`` and reused by later runs while its
fingerprint (curated files and importer code) is unchanged. Tests that need the
corpus skip with a message when ``../shared/data/laws`` is absent.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import PROJECT_ROOT, get_settings

CORPUS = Path(os.environ.get("CREDITBASIS_CORPUS_DIR", PROJECT_ROOT.parent / "shared" / "data" / "laws"))
TEST_STORE = PROJECT_ROOT / "var" / "test-store"


def corpus_available() -> bool:
    return (CORPUS / "db.sqlite3").exists()


needs_corpus = pytest.mark.skipif(not corpus_available(), reason=f"law corpus not found at {CORPUS}")


@pytest.fixture(scope="session")
def store_dir() -> Path:
    """A complete store (corpus + ontology + shapes + curated data)."""
    if not corpus_available():
        pytest.skip(f"law corpus not found at {CORPUS}")
    from service.corpus.importer import build_fingerprint, build_store, source_fingerprint
    from service.store.embedded import current_build

    TEST_STORE.mkdir(parents=True, exist_ok=True)
    with (TEST_STORE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; waiters reuse it
        build = current_build(TEST_STORE)
        if build is not None and build_fingerprint(build) == source_fingerprint():
            return TEST_STORE
        report = build_store(CORPUS, TEST_STORE, get_settings().corpus_snapshot)
        print(report.summary().splitlines()[2])
    return TEST_STORE


@pytest.fixture(scope="session")
def store(store_dir: Path) -> Iterator[object]:
    from service.store.embedded import EmbeddedStore

    st = EmbeddedStore(store_dir)
    yield st
    st.close()


@pytest.fixture(scope="session")
def client(store_dir: Path) -> Iterator[object]:
    """A TestClient over the app, on the shared test store."""
    from fastapi.testclient import TestClient

    from service.api import deps
    from service.api.app import create_app

    os.environ["CREDITBASIS_STORE_DIR"] = str(store_dir)
    get_settings.cache_clear()
    deps.reset()
    with TestClient(create_app()) as c:
        yield c
