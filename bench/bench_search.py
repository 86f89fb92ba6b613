"""Search benchmark: `/api/search` p50 over the whole corpus, in-process and over HTTP.

Baseline in the same run: a naive scan — `LIKE '%term%'` over the same `meta` table with the
same in-force filter, every match fetched and ranked by term count (what search without the
FTS5 index costs). Target: p50 ≤ 50 ms.
Run: `.venv/bin/python -m bench.bench_search` (uses the store of CREDITBASIS_STORE_DIR,
else var/store, else var/test-store; builds one from the corpus if none exists).
"""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
from pathlib import Path

import httpx

from bench.common import CORPUS, ROOT, percentile, serve, summary, timed
from service.config import get_settings
from service.store.embedded import EmbeddedStore, current_build

QUERIES = ["失信被执行人", "信用记录", "联合惩戒", "个人信息", "生活垃圾", "信用修复",
           "严重失信 名单", "公共信用信息", "行政处罚", "黑名单"]
DATE = "2024-06-01"
N = 200


def find_store() -> Path:
    for d in (get_settings().store_dir, ROOT / "var" / "store", ROOT / "var" / "test-store"):
        if current_build(d) is not None:
            return d
    from service.corpus.importer import build_store

    d = Path(tempfile.mkdtemp(prefix="cb-bench-search-"))
    build_store(CORPUS, d)
    return d


def naive(con: sqlite3.Connection, q: str) -> list[str]:
    terms = q.split()
    sql = ("SELECT uri, text || law FROM meta WHERE in_force_from <= ? AND "
           "(in_force_until IS NULL OR ? < in_force_until)"
           + " AND (text || law) LIKE ?" * len(terms))
    rows = con.execute(sql, [DATE, DATE, *(f"%{t}%" for t in terms)]).fetchall()
    rows.sort(key=lambda r: -sum(r[1].count(t) for t in terms))
    return [r[0] for r in rows[:20]]


def main() -> None:
    from service.domain.search import search

    store_dir = find_store()
    st = EmbeddedStore(store_dir)
    print(f"store: {store_dir} (build {st.build_dir.name}); {len(QUERIES)} queries, date {DATE}")
    cycle = itertools.cycle(QUERIES)
    search(st, q="信用", date=DATE)  # label cache

    counts = {q: search(st, q=q, date=DATE, limit=100)["count"] for q in QUERIES}
    print("hits (limit 100): " + ", ".join(f"{q} {n}" for q, n in counts.items()))

    ms_in = timed(lambda: search(st, q=next(cycle), date=DATE), N)
    print(summary("/api/search in-process (domain call)", ms_in))

    con = sqlite3.connect(st.build_dir / "search.sqlite")
    ms_naive = timed(lambda: naive(con, next(cycle)), len(QUERIES) * 3, warmup=2)
    print(summary("baseline: naive LIKE scan of meta + rank", ms_naive))
    con.close()

    with serve(store_dir) as base, httpx.Client(base_url=base, timeout=30) as client:
        client.get("/api/search", params={"q": "信用", "date": DATE})
        ms_http = timed(lambda: client.get("/api/search", params={"q": next(cycle), "date": DATE}), N)
        print(summary("/api/search over HTTP", ms_http))
        per_query = {}
        for q in QUERIES:
            one = timed(lambda q=q: client.get("/api/search", params={"q": q, "date": DATE}), 20, warmup=1)
            per_query[q] = percentile(one, 50)
        print("per query p50 over HTTP: " + ", ".join(f"{q} {v:.1f} ms" for q, v in per_query.items()))

    p50_in, p50_http, p50_naive = (percentile(x, 50) for x in (ms_in, ms_http, ms_naive))
    print(f"ratio naive/search p50: {p50_naive / p50_in:.1f}x in-process, {p50_naive / p50_http:.1f}x over HTTP")
    print(f"target p50 ≤ 50 ms: in-process {'met' if p50_in <= 50 else 'MISSED'}, "
          f"HTTP {'met' if p50_http <= 50 else 'MISSED'}")
    st.close()


if __name__ == "__main__":
    main()
