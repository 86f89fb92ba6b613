"""Small helpers shared by the benchmarks: timing, percentiles, the real service on a free port."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from service.processes import service_process

__all__ = ["CORPUS", "ROOT", "percentile", "serve", "summary", "timed"]

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


@contextmanager
def serve(store_dir: Path) -> Iterator[str]:
    """Run the real service on the given store (service/processes.py); yield its base URL."""
    with service_process(store_dir) as server:
        yield server.url
