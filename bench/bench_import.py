"""Issue 2 benchmark: corpus import (national; with DLC), reopen, provision lookups.

Baseline in the same run: the same national N-Quads loaded into a plain in-memory rdflib Dataset.
Run: `.venv/bin/python -m bench.bench_import`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import CORPUS, serve, summary, timed
from service.corpus.importer import ImportReport, build_store, corpus_quads
from service.store.embedded import EmbeddedStore


def national_view(tmp: Path) -> Path:
    view = tmp / "national"
    view.mkdir()
    for entry in CORPUS.iterdir():
        if entry.name == "DLC":
            continue
        if entry.is_dir():
            shutil.copytree(entry, view / entry.name)
        else:
            shutil.copy(entry, view / entry.name)
    return view


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="cb-bench-import-"))
    try:
        nat = national_view(tmp)
        t = time.perf_counter()
        r_nat = build_store(nat, tmp / "nat")
        t_nat = time.perf_counter() - t
        print(f"national import: {t_nat:.1f} s, {r_nat.triples:,} triples, "
              f"{r_nat.triples / t_nat:,.0f} triples/s (target ≤ 60 s)")
        t = time.perf_counter()
        r_all = build_store(CORPUS, tmp / "all")
        t_all = time.perf_counter() - t
        print(f"whole corpus import (with DLC): {t_all:.1f} s, {r_all.triples:,} triples, "
              f"{r_all.triples / t_all:,.0f} triples/s (target ≤ 150 s)")

        t = time.perf_counter()
        st = EmbeddedStore(tmp / "all")
        st.select("ontology-version")
        t_open = time.perf_counter() - t
        print(f"reopen persisted store, first query answered: {t_open * 1000:.0f} ms (target ≤ 2 s)")

        from service.domain.provisions import find_provision

        def lookup() -> None:
            find_provision(st, law="公务员法", article="第二十六条", item="四", date="2020-01-01")

        ms = timed(lookup, 500)
        print(summary("/api/provision in-process", ms) + " (target p50 ≤ 2 ms)")
        with serve(tmp / "all") as base, httpx.Client() as c:
            params = {"law": "公务员法", "article": "第二十六条", "item": "四", "date": "2020-01-01"}
            ms = timed(lambda: c.get(base + "/api/provision", params=params).raise_for_status(), 300)
            print(summary("/api/provision over HTTP", ms) + " (target p50 ≤ 5 ms)")

        # Baseline: the same national triples into rdflib's in-memory store.
        import rdflib

        writer, _ = corpus_quads(nat, "2025-04-19", ImportReport(corpus=str(nat), snapshot=""))
        text = writer.text()
        del writer
        import pyoxigraph as ox

        t = time.perf_counter()
        mem = ox.Store()
        mem.bulk_load(input=text, format=ox.RdfFormat.N_TRIPLES)
        t_ox = time.perf_counter() - t
        print(f"pyoxigraph in-memory bulk load of the same national triples: {t_ox:.1f} s "
              f"({len(mem):,} triples)")
        del mem
        t = time.perf_counter()
        g = rdflib.Graph()
        g.parse(data=text, format="nt")
        t_rdflib = time.perf_counter() - t
        print(f"baseline rdflib in-memory Graph load of the same national triples: {t_rdflib:.1f} s "
              f"({len(g):,} triples, parsing only); our whole national import (parse corpus + load "
              f"+ index): {t_nat:.1f} s; ratio rdflib/ours = {t_rdflib / t_nat:.1f}x; "
              f"load only: rdflib/pyoxigraph = {t_rdflib / t_ox:.1f}x")
        del g
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
