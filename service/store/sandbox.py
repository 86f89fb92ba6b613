"""Killable execution of user SPARQL queries in worker processes.

An embedded Oxigraph query cannot be cancelled, and a pathological query can overflow
the native parser's stack. So user queries run in a small pool of worker processes,
each holding the store open read-only (``pyoxigraph.Store.read_only``); the worker
parses, evaluates and serialises, and sends back the finished body. When a query
outlives its timeout the worker is killed (SIGKILL: CPU is freed at once) and replaced;
when a worker dies (native crash, or its heap cap ``RLIMIT_DATA`` hit) only that worker
is lost.

Workers are plain subprocesses (``python -m service.store.sandbox``), not multiprocessing
children, so nothing of the serving process (threads, open stores, ``__main__``) is
inherited. ``Job`` and ``Outcome`` cross the pipes pickled behind an 8-byte length.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("creditbasis.sandbox")
_ROOT = Path(__file__).resolve().parent.parent.parent
_HEADER = struct.Struct("!Q")
#: heap cap of one query worker (RLIMIT_DATA); 0 = none
DEFAULT_MEMORY_LIMIT = 4 << 30
#: answers up to this size are read on the event loop; larger ones in a thread
_INLINE_READ = 1 << 20


@dataclass(frozen=True)
class Job:
    query: str
    #: format key for SELECT/ASK results, or None when the client accepts none of them
    results_format: str | None
    #: format key for CONSTRUCT/DESCRIBE results, or None
    graph_format: str | None
    #: protocol dataset: None = union of all named graphs as default graph
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 100_000
    base_iri: str | None = None
    #: extra top-level members of JSON results (the service's ``data_version``)
    json_extra: dict[str, Any] | None = None


@dataclass
class Outcome:
    """``ok`` with ``kind`` (select/ask/graph), ``format`` and ``body``, or an error ``code``."""

    ok: bool
    kind: str = ""
    format: str = ""
    body: bytes = b""
    code: str = ""  # syntax | evaluation | not-acceptable | too-large | timeout | crashed | busy
    message: str = ""
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- worker side


def _execute(store: Any, job: Job) -> Outcome:
    import pyoxigraph as ox

    from service.store import result_formats as rf

    kwargs: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs is None and job.named_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    try:
        res = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        return Outcome(False, code="syntax", message=str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        return Outcome(False, code="evaluation", message=str(exc))
    try:
        if isinstance(res, ox.QueryBoolean):
            if job.results_format is None:
                return Outcome(False, kind="ask", code="not-acceptable")
            return Outcome(True, "ask", job.results_format, rf.ask_body(job.results_format, bool(res),
                                                                           job.json_extra))
        if isinstance(res, ox.QuerySolutions):
            if job.results_format is None:
                return Outcome(False, kind="select", code="not-acceptable")
            variables = [v.value for v in res.variables]
            rows: list[list[Any]] = []
            for sol in res:
                if len(rows) >= job.max_rows:
                    return Outcome(False, kind="select", code="too-large",
                                   extra={"max_rows": job.max_rows})
                rows.append([sol[v] for v in variables])
            body = rf.select_body(job.results_format, variables, rows, job.json_extra)
            return Outcome(True, "select", job.results_format, body, rows=len(rows))
        if job.graph_format is None:
            return Outcome(False, kind="graph", code="not-acceptable")
        triples: list[Any] = []
        for t in res:
            if len(triples) >= job.max_rows:
                return Outcome(False, kind="graph", code="too-large", extra={"max_rows": job.max_rows})
            triples.append(t)
        return Outcome(True, "graph", job.graph_format, rf.graph_body(job.graph_format, triples),
                       rows=len(triples))
    except (OSError, ValueError, RuntimeError) as exc:
        return Outcome(False, code="evaluation", message=str(exc))


def _open(path: str | None) -> Any:
    import pyoxigraph as ox

    return ox.Store.read_only(path) if path else ox.Store()


def _read_exact(fd: int, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _recv(fd: int) -> Any:
    (n,) = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return pickle.loads(_read_exact(fd, n))


def _send(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _limit_memory(limit_bytes: int) -> None:
    """Cap the worker's heap (RLIMIT_DATA): a query that allocates beyond it aborts this
    worker only (answered 503), instead of pushing the machine into swap."""
    if limit_bytes <= 0:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass


def worker_main(path: str | None, memory_limit: int = 0) -> None:
    """Loop of one worker process: read a Job from stdin, write an Outcome to stdout."""
    _limit_memory(memory_limit)
    out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints must not corrupt the protocol stream
    in_fd = 0
    store = _open(path)
    _send(out_fd, "ready")
    while True:
        try:
            job = _recv(in_fd)
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            out = _execute(store, job)
        except Exception as exc:  # anything else still answers, never kills the loop
            out = Outcome(False, code="evaluation", message=type(exc).__name__)
        try:
            _send(out_fd, out)
        except OSError:
            return


# ---------------------------------------------------------------- parent side


class _Worker:
    def __init__(self, path: str | None, memory_limit: int) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.store.sandbox", path or "", str(memory_limit)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env, cwd=_ROOT,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.in_fd = self.proc.stdin.fileno()
        self.out_fd = self.proc.stdout.fileno()
        self.ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_readable(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.out_fd], [], [], max(0.0, timeout))
        return bool(ready)

    def send(self, obj: Any) -> None:
        _send(self.in_fd, obj)

    def recv(self) -> Any:
        return _recv(self.out_fd)

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()


class SandboxPool:
    """A pool of ``size`` query workers on the store at ``path`` (None: empty in-memory store)."""

    def __init__(self, path: Path | None, size: int = 2,
                 memory_limit: int = DEFAULT_MEMORY_LIMIT) -> None:
        self.path = str(path) if path is not None else None
        self.size = max(1, size)
        self.memory_limit = memory_limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]] = deque()
        self._closed = False
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        w = _Worker(self.path, self.memory_limit)
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._all.add(w)
        self._release(w)

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        if not self._closed:
            threading.Thread(target=self._spawn, daemon=True, name="cb-sandbox-respawn").start()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]

    def run(self, job: Job, timeout: float) -> Outcome:
        """Run ``job``; wait at most ``timeout`` s for a free worker and again for the answer."""
        until = time.monotonic() + timeout
        for _attempt in range(self.size + 2):
            try:
                w = self._idle.get(timeout=max(0.0, until - time.monotonic()))
            except queue.Empty:
                return Outcome(False, code="busy", extra={"timeout": timeout})
            if w.alive():
                break
            self._replace(w)  # died while idle: replace it and take the next one
        else:
            return Outcome(False, code="crashed")
        healthy = False
        try:
            if not w.ready:  # first use: wait for the store to be open
                if not w.wait_readable(max(1.0, until - time.monotonic())) or w.recv() != "ready":
                    return Outcome(False, code="crashed")
                w.ready = True
            w.send(job)
            if not w.wait_readable(timeout):
                log.warning("query timed out after %.1f s; killing worker %s", timeout, w.pid)
                return Outcome(False, code="timeout", extra={"timeout": timeout})
            out: Outcome = w.recv()
            healthy = True
            return out
        except (EOFError, OSError, pickle.UnpicklingError):
            log.warning("query worker %s died", w.pid)
            return Outcome(False, code="crashed")
        finally:
            if healthy:
                self._release(w)
            else:
                self._replace(w)

    def _release(self, w: _Worker) -> None:
        """Hand a free worker to the longest-waiting coroutine, else to the idle queue."""
        while True:
            with self._lock:
                if not self._waiters:
                    self._idle.put(w)
                    return
                loop, fut = self._waiters.popleft()
            try:
                loop.call_soon_threadsafe(self._deliver, fut, w)
                return
            except RuntimeError:  # that loop is closed: try the next waiter
                continue

    def _deliver(self, fut: asyncio.Future[_Worker], w: _Worker) -> None:
        if fut.done():  # the waiter gave up meanwhile: pass the worker on
            self._release(w)
        else:
            fut.set_result(w)

    async def _acquire_async(self, loop: asyncio.AbstractEventLoop, seconds: float) -> _Worker | None:
        fut: asyncio.Future[_Worker] = loop.create_future()
        with self._lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                self._waiters.append((loop, fut))
        try:
            return await asyncio.wait_for(fut, max(0.0, seconds))
        except TimeoutError:
            return None

    async def run_async(self, job: Job, timeout: float) -> Outcome:
        """:meth:`run` for an event loop: waits on the worker's pipe with ``add_reader``
        (no thread per query), so a slow query holds no thread and blocks nobody."""
        loop = asyncio.get_running_loop()
        until = time.monotonic() + timeout
        for _attempt in range(self.size + 2):
            got = await self._acquire_async(loop, until - time.monotonic())
            if got is None:
                return Outcome(False, code="busy", extra={"timeout": timeout})
            w = got
            if w.alive():
                break
            self._replace(w)
        else:
            return Outcome(False, code="crashed")

        async def readable(seconds: float) -> bool:
            fut: asyncio.Future[None] = loop.create_future()

            def wake() -> None:
                if not fut.done():
                    fut.set_result(None)

            loop.add_reader(w.out_fd, wake)
            try:
                await asyncio.wait_for(fut, max(0.0, seconds))
                return True
            except TimeoutError:
                return False
            finally:
                loop.remove_reader(w.out_fd)

        healthy = False
        try:
            if not w.ready:
                if not await readable(max(1.0, until - time.monotonic())) or w.recv() != "ready":
                    return Outcome(False, code="crashed")
                w.ready = True
            w.send(job)
            if not await readable(timeout):
                log.warning("query timed out after %.1f s; killing worker %s", timeout, w.pid)
                return Outcome(False, code="timeout", extra={"timeout": timeout})
            (n,) = _HEADER.unpack(_read_exact(w.out_fd, _HEADER.size))
            data = (_read_exact(w.out_fd, n) if n <= _INLINE_READ
                    else await asyncio.to_thread(_read_exact, w.out_fd, n))
            out: Outcome = pickle.loads(data)
            healthy = True
            return out
        except (EOFError, OSError, pickle.UnpicklingError):
            log.warning("query worker %s died", w.pid)
            return Outcome(False, code="crashed")
        finally:  # also on cancellation: a worker in an unknown state is replaced
            if healthy:
                self._release(w)
            else:
                self._replace(w)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


MAX_POOLS = 2
_pools: OrderedDict[tuple[str | None, int], SandboxPool] = OrderedDict()
_pools_lock = threading.Lock()


def get_pool(path: Path | None, size: int) -> SandboxPool:
    """The pool for the store at ``path``; the least recently used pools beyond
    ``MAX_POOLS`` (older builds after an import) are closed."""
    key = (str(path) if path is not None else None, size)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = SandboxPool(path, size)
            while len(_pools) > MAX_POOLS:
                _pools.popitem(last=False)[1].close()
        _pools.move_to_end(key)
        return pool


def close_all() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


atexit.register(close_all)


if __name__ == "__main__":
    # run the imported module's loop so pickled classes resolve to service.store.sandbox.*
    from service.store import sandbox as _module

    _module.worker_main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None,
                        int(sys.argv[2]) if len(sys.argv) > 2 else 0)
