"""One settings object for the whole service (environment prefix ``CREDITBASIS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings. Defaults are documented in README.md (a test checks them)."""

    model_config = SettingsConfigDict(env_prefix="CREDITBASIS_")

    #: Directory of the embedded Oxigraph store (the live store is a sub-directory).
    store_dir: Path = PROJECT_ROOT / "var" / "store"
    #: The law corpus to import when the store is empty or stale.
    corpus_dir: Path = PROJECT_ROOT.parent / "shared" / "data" / "laws"
    #: Remote SPARQL 1.1 endpoint; when set, the service uses it instead of the embedded store.
    remote_endpoint: str | None = None
    #: Seconds a user SPARQL query may run before it is stopped (answer: 503).
    query_timeout: float = 10.0
    #: Maximum number of result rows a /sparql SELECT may return (beyond: 413).
    max_result_rows: int = 100_000
    #: Maximum accepted request body (bytes) for queries and records (beyond: 413).
    max_body_bytes: int = 1_048_576
    #: Worker processes that run user /sparql queries (each killed and replaced on timeout).
    sparql_workers: int = 2
    #: Corpus snapshot date: what happened after it is unknown to the service.
    corpus_snapshot: str = "2025-04-19"
    host: str = "127.0.0.1"
    port: int = 8000


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
