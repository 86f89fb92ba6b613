"""Start real components in subprocesses — the service itself and an Oxigraph SPARQL server.

Used by the tests (which must run the real server, never a mock) and by the benchmarks, so both
start them the same way: on a free port, waiting until they answer, stopped on exit.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from service.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.proc.pid


def _wait_until_up(proc: subprocess.Popen[bytes], log: IO[bytes], url: str,
                   params: dict[str, str] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{proc.args!r} exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            httpx.get(url, params=params, timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def _running(cmd: list[str], probe: str, params: dict[str, str] | None = None, *,
             env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[subprocess.Popen[bytes]]:
    # stderr goes to a file, not a pipe: a chatty server must never block on a full pipe
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        _wait_until_up(proc, log, probe, params, timeout)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def service_process(store_dir: Path, **settings: str) -> Iterator[Server]:
    """The real service (``python -m service.api.run``) on ``store_dir``; settings as keyword args."""
    port = free_port()
    env = {**os.environ, "CREDITBASIS_STORE_DIR": str(store_dir),
           **{f"CREDITBASIS_{k.upper()}": v for k, v in settings.items()}}
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "service.api.run", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"]
    with _running(cmd, url + "/openapi.json", env=env) as proc:
        yield Server(url, proc)


def oxigraph_executable() -> str | None:
    """The ``oxigraph`` server binary installed with pyoxigraph's sibling package, if any."""
    exe = Path(sys.executable).parent / "oxigraph"
    return str(exe) if exe.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_process(location: Path) -> Iterator[str]:
    """``oxigraph serve-read-only --union-default-graph`` on ``location``; yields the query URL."""
    exe = oxigraph_executable()
    if exe is None:
        raise RuntimeError("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    cmd = [exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    with _running(cmd, url, {"query": "ASK {}"}):
        yield url
