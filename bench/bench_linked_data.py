"""Linked-data pages: the HTML page of a big law version (民法典, 1260 articles) and of an article.

The structure is fetched in one query (`version-structure.rq`) and cached per build.
Baseline in the same run: the N+1 walk — one `provision-children` query per unit plus one
`provision-detail` per article — that fetching node by node would cost. Target: the big page
well under a second.
Run: `.venv/bin/python -m bench.bench_linked_data`.
"""

from __future__ import annotations

import os
import time
from urllib.parse import quote

from bench.bench_search import find_store
from bench.common import summary, timed
from service.iri import BASE
from service.store.base import IRI
from service.store.embedded import EmbeddedStore

WORK = BASE + "eli/cn/law/民法典"


def n_plus_one(st: EmbeddedStore, root: str) -> int:
    """Walk the structure unit by unit (the baseline)."""
    n = 0
    todo = [root]
    while todo:
        uri = todo.pop()
        for row in st.select("provision-children", uri=IRI(uri)):
            n += 1
            st.select("provision-detail", uri=IRI(row["child"]))
            todo.append(row["child"])
    return n


def main() -> None:
    from fastapi.testclient import TestClient

    from service.api import deps
    from service.api.app import create_app
    from service.config import get_settings
    from service.domain import resources

    store_dir = find_store()
    os.environ["CREDITBASIS_STORE_DIR"] = str(store_dir)
    get_settings.cache_clear()
    deps.reset()
    st = EmbeddedStore(store_dir)
    versions = st.select("law-versions", work=IRI(WORK))
    if not versions:
        print("民法典 not in the store: skipped")
        return
    version = versions[-1]["version"]
    path = quote("/" + version[len(BASE):])
    client = TestClient(create_app())

    t = time.perf_counter()
    rows = st.select("version-structure", version=IRI(version))
    print(f"version-structure query (民法典, one query): {len(rows)} units in "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")

    # cold: the structure cache of the app's store is dropped before each render
    app_store = deps.get_store()
    ms_cold = []
    for _ in range(5):
        resources._structure_cache(app_store).clear()
        t = time.perf_counter()
        r = client.get(path, headers={"Accept": "text/html"})
        ms_cold.append((time.perf_counter() - t) * 1000)
    print(f"page size {len(r.content) / 1024:.0f} KiB, {r.text.count('<article class=')} articles")
    print(summary("民法典 version page, cold (one query + render)", ms_cold))
    ms_warm = timed(lambda: client.get(path, headers={"Accept": "text/html"}), 20, warmup=1)
    print(summary("民法典 version page, warm (structure cached)", ms_warm))
    art = quote("/" + version[len(BASE):] + "/art_1032")
    ms_art = timed(lambda: client.get(art, headers={"Accept": "text/html"}), 50)
    print(summary("article page (民法典 第一千零三十二条)", ms_art))
    ms_ttl = timed(lambda: client.get(art, headers={"Accept": "text/turtle"}), 50)
    print(summary("article as Turtle", ms_ttl))

    t = time.perf_counter()
    n = n_plus_one(st, version)
    t_base = (time.perf_counter() - t) * 1000
    cold_p50 = sorted(ms_cold)[len(ms_cold) // 2]
    print(f"baseline N+1 walk: {n} units, {2 * n} queries, {t_base:.0f} ms "
          f"({t_base / cold_p50:.1f}x the cold page)")
    print(f"target well under 1 s: cold p50 {cold_p50:.0f} ms {'met' if cold_p50 < 1000 else 'MISSED'}")


if __name__ == "__main__":
    main()
