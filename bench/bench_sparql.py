"""SPARQL endpoint benchmark: our `/sparql` against `oxigraph serve-read-only` on the same data.

The same provenance SELECT (a random provision per request: its citation, text, version,
in-force date and law title; JSON results) at 1 and 4 clients — p50 latency and req/s,
ratio ours/oxigraph (target ≥ 0.5) — then 32 concurrent clients (target: zero errors).
Uses the test store (`var/test-store`, built by the test suite) or `CREDITBASIS_STORE_DIR`.
Run: `.venv/bin/python -m bench.bench_sparql`.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from pathlib import Path

import httpx

from bench.common import ROOT, percentile, serve
from service.processes import oxigraph_process

ELI = "http://data.europa.eu/eli/ontology#"
CB = "https://w3id.org/creditbasis/ontology#"
PROVENANCE = f"""PREFIX eli: <{ELI}>
PREFIX cb: <{CB}>
SELECT ?citation ?text ?version ?in_force_from ?work ?title WHERE {{
  <%s> cb:citation ?citation ; cb:inVersion ?version .
  OPTIONAL {{ <%s> cb:text ?text }}
  ?version eli:is_member_of ?work .
  OPTIONAL {{ ?version eli:first_date_entry_into_force ?in_force_from }}
  ?work eli:title ?title .
}}"""
JSON = "application/sparql-results+json"
ROUNDS = 5


def store_dir() -> Path:
    from service.store.embedded import current_build

    for cand in (os.environ.get("CREDITBASIS_STORE_DIR"), ROOT / "var" / "test-store", ROOT / "var" / "store"):
        if cand and current_build(Path(cand)) is not None:
            return Path(cand)
    raise SystemExit("no store: run the tests once (builds var/test-store) or `creditbasis import-laws`")


def sample_provisions(build: Path, n: int, seed: int = 7) -> list[str]:
    import pyoxigraph as ox

    st = ox.Store.read_only(str(build / "oxigraph"))
    rows = st.query(f"SELECT ?p WHERE {{ ?p a <{CB}Article> ; <{CB}citation> ?c }} LIMIT 50000",
                    use_default_graph_as_union=True)
    iris = [r["p"].value for r in rows]
    del st
    return random.Random(seed).sample(iris, min(n, len(iris)))


def load(url: str, iris: list[str], clients: int, per_client: int) -> tuple[list[float], float, int]:
    """``clients`` threads each sending ``per_client`` queries; (latencies ms, req/s, errors)."""
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(k: int) -> None:
        nonlocal errors
        rnd = random.Random(k)
        mine: list[float] = []
        bad = 0
        with httpx.Client(timeout=60) as c:
            for _ in range(per_client):
                iri = rnd.choice(iris)
                t = time.perf_counter()
                try:
                    r = c.get(url, params={"query": PROVENANCE % (iri, iri)}, headers={"Accept": JSON})
                    ok = r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 1
                except httpx.HTTPError:
                    ok = False
                mine.append((time.perf_counter() - t) * 1000)
                bad += 0 if ok else 1
        with lock:
            lat.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return lat, clients * per_client / elapsed, errors


def main() -> None:
    from service.store.embedded import current_build

    sdir = store_dir()
    build = current_build(sdir)
    assert build is not None
    iris = sample_provisions(build, 2000)
    print(f"store {build.name}: {len(iris)} sampled provisions; query = provenance SELECT, JSON results")
    # rounds alternate between the two servers so that load from other processes on the
    # machine hits both alike; each figure is the median over the rounds
    runs: dict[tuple[str, int], list[tuple[float, float, float, int]]] = {}
    with oxigraph_process(build / "oxigraph") as ox_url, serve(sdir) as base:
        urls = {"oxigraph": ox_url, "ours": base + "/sparql"}
        for url in urls.values():
            load(url, iris, 2, 20)  # warm up (our workers start on first use)
        for _round in range(ROUNDS):
            for clients, per in ((1, 150), (4, 75), (32, 8)):
                for name, url in urls.items():
                    lat, rps, err = load(url, iris, clients, per)
                    runs.setdefault((name, clients), []).append(
                        (percentile(lat, 50), percentile(lat, 95), rps, err))
    med: dict[tuple[str, int], tuple[float, float, float, int]] = {}
    for (name, clients), rs in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        med[(name, clients)] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs),
                                statistics.median(r[2] for r in rs), sum(r[3] for r in rs))
        p50, p95, rps, err = med[(name, clients)]
        print(f"{name:9s} {clients:2d} client(s): p50 {p50:6.2f} ms, p95 {p95:6.2f} ms, "
              f"{rps:7.1f} req/s, errors {err} (median of {len(rs)} rounds)")
    for clients in (1, 4, 32):
        ours, base_ = med[("ours", clients)], med[("oxigraph", clients)]
        print(f"ratio ours/oxigraph req/s at {clients:2d} client(s): {ours[2] / base_[2]:.2f} "
              f"(p50 {ours[0]:.2f} vs {base_[0]:.2f} ms)" + ("  [target ≥ 0.5]" if clients != 32 else ""))
    print(f"errors at 32 clients: ours {med[('ours', 32)][3]}, oxigraph {med[('oxigraph', 32)][3]}"
          "  [target: 0 for ours]")


if __name__ == "__main__":
    main()
