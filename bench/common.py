"""Small helpers shared by the benchmarks: timing, percentiles, a uvicorn server on a free port."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CREDITBASIS_CORPUS_DIR", ROOT.parent / "shared" / "data" / "laws"))


def percentile(values: list[float], p: float) -> float:
    vs = sorted(values)
    if not vs:
        return float("nan")
    k = min(len(vs) - 1, max(0, round(p / 100 * (len(vs) - 1))))
    return vs[k]


def timed(fn: Callable[[], object], n: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(name: str, ms: list[float]) -> str:
    return (f"{name}: p50 {percentile(ms, 50):.2f} ms, p95 {percentile(ms, 95):.2f} ms, "
            f"mean {statistics.mean(ms):.2f} ms (n={len(ms)})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(store_dir: Path, port: int | None = None) -> Iterator[str]:
    """Run the real service (uvicorn) on the given store; yield its base URL."""
    port = port or free_port()
    env = {**os.environ, "CREDITBASIS_STORE_DIR": str(store_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/about", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
