"""The embedded default store: Oxigraph (pyoxigraph) on disk.

Layout of ``store_dir``: ``builds/<stamp>/`` holds complete stores (Oxigraph data in
``oxigraph/``, the search index ``search.sqlite``, ``report.json``); ``current`` is a
symlink to the live build. An import writes a new build and swaps the link only when
it is complete, so a failed import leaves the previous store serving.

The default graph of every query is the union of all named graphs.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from service.store.base import IRI, Binding, Lit, QueryError, Row, Store
from service.store.remote import bind_values
from service.vocab import XSD

CURRENT = "current"
BUILDS = "builds"


def to_term(value: Binding) -> ox.NamedNode | ox.Literal:
    if isinstance(value, IRI):
        return ox.NamedNode(value.value)
    if isinstance(value, Lit):
        if value.lang:
            return ox.Literal(value.value, language=value.lang)
        if value.datatype:
            return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
        return ox.Literal(value.value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(value))


def term_value(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def current_build(store_dir: Path) -> Path | None:
    link = store_dir / CURRENT
    if not link.is_symlink() and not link.exists():
        return None
    target = link.resolve()
    return target if (target / "oxigraph").exists() else None


class EmbeddedStore(Store):
    """Read access to the live build; re-opens when an import switches the link."""

    kind = "embedded"

    def __init__(self, store_dir: Path, *, pinned_build: Path | None = None) -> None:
        """Serve the live build of ``store_dir``, or exactly ``pinned_build`` (used by the
        importer to precompute analytics on a build before it goes live)."""
        self.store_dir = store_dir
        self._lock = threading.Lock()
        self._build: Path | None = None
        self._store: ox.Store | None = None
        self._checked = 0.0
        self._pinned = pinned_build
        self._open()

    def _open(self) -> None:
        build = self._pinned or current_build(self.store_dir)
        if build is None:
            raise FileNotFoundError(f"no store at {self.store_dir}; run `creditbasis import-laws`")
        self._store = ox.Store.read_only(str(build / "oxigraph"))
        self._build = build

    @property
    def build_dir(self) -> Path:
        self._refresh()
        assert self._build is not None
        return self._build

    @property
    def ox(self) -> ox.Store:
        self._refresh()
        assert self._store is not None
        return self._store

    def _refresh(self) -> None:
        if self._pinned is not None:
            return
        now = time.monotonic()
        if now - self._checked < 1.0:
            return
        self._checked = now
        build = current_build(self.store_dir)
        if build is not None and build != self._build:
            with self._lock:
                if build != self._build:
                    self._store = ox.Store.read_only(str(build / "oxigraph"))
                    self._build = build

    def _query(self, query: str, bindings: Mapping[str, Binding]) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_term(v) for k, v in bindings.items()
        }
        try:
            try:
                return self.ox.query(query, substitutions=subs or None,
                                     use_default_graph_as_union=True)
            except RuntimeError as exc:
                # SEP-0007 substitution needs the variable projected by a SELECT; a query
                # that does not project its parameter gets them as an inline VALUES block.
                if "projection" not in str(exc):
                    raise QueryError(str(exc)) from None
                return self.ox.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from None
        except (OSError, ValueError) as exc:
            raise QueryError(str(exc)) from None

    def select_text(self, query: str, bindings: Mapping[str, Binding]) -> list[Row]:
        res = self._query(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in res.variables]
        out: list[Row] = []
        for sol in res:
            row: Row = {}
            for n in names:
                t = sol[n]
                if t is not None:
                    row[n] = term_value(t)
            out.append(row)
        return out

    def ask_text(self, query: str, bindings: Mapping[str, Binding]) -> bool:
        res = self._query(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(res)

    def construct_text(self, query: str, bindings: Mapping[str, Binding]) -> str:
        res = self._query(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT/DESCRIBE query")
        return "".join(f"{t} .\n" for t in res)

    def triple_count(self) -> int:
        return len(self.ox)

    def close(self) -> None:
        self._store = None


def new_build_dir(store_dir: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = store_dir / BUILDS / stamp
    path.mkdir(parents=True)
    return path


def switch_to(store_dir: Path, build: Path, keep: int = 2, grace_seconds: float = 600) -> None:
    """Atomically point ``current`` at ``build``; delete builds beyond the newest ``keep``
    that have not been live for ``grace_seconds`` (a running reader may still use them)."""
    import shutil

    link = store_dir / CURRENT
    tmp = store_dir / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(store_dir))
    os.replace(tmp, link)
    builds = sorted((store_dir / BUILDS).iterdir(), key=lambda p: p.stat().st_mtime)
    now = time.time()
    for old in builds[:-keep]:
        if old != build and now - old.stat().st_mtime > grace_seconds:
            shutil.rmtree(old, ignore_errors=True)
