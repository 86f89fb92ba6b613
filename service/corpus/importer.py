"""`creditbasis import-laws`: build a complete new store, then switch to it.

Loads, each into its own named graph: the law corpus (graph/laws), the ontology
(graph/ontology), the SHACL shapes (graph/shapes) and the curated credit data
(graph/curated). Writes ``report.json`` (counts and every skipped file with its
reason) and the search index next to the Oxigraph data. Nothing replaces the live
store until everything succeeded.
"""

from __future__ import annotations

import gc
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from service.config import PROJECT_ROOT
from service.corpus.dates import load_overrides
from service.corpus.emit import Counts, ProvisionRecord, emit_law
from service.corpus.laws import load_laws
from service.corpus.nquads import QuadWriter
from service.search.index import build_index
from service.store.embedded import new_build_dir, switch_to
from service.vocab import GRAPH_CURATED, GRAPH_LAWS, GRAPH_ONTOLOGY, GRAPH_SHAPES

CURATED_GRAPHS: dict[str, str] = {
    "ontology": GRAPH_ONTOLOGY,
    "shapes": GRAPH_SHAPES,
    "data": GRAPH_CURATED,
}


class ImportFailed(Exception):
    """The import stopped; the previous store is untouched."""


@dataclass
class ImportReport:
    corpus: str
    snapshot: str
    files: int = 0
    laws: int = 0
    versions: int = 0
    articles: int = 0
    national_articles: int = 0
    local_articles: int = 0
    paragraphs: int = 0
    items: int = 0
    triples: int = 0
    seconds: float = 0.0
    triples_per_second: float = 0.0
    skipped: list[dict[str, str]] = field(default_factory=list)
    curated_files: list[str] = field(default_factory=list)
    build: str = ""

    def summary(self) -> str:
        lines = [
            f"corpus {self.corpus} (snapshot {self.snapshot})",
            f"files {self.files}, laws {self.laws}, versions {self.versions}",
            f"articles {self.articles} (national {self.national_articles}, local {self.local_articles}),"
            f" paragraphs {self.paragraphs}, items {self.items}",
            f"triples {self.triples} in {self.seconds:.1f} s ({self.triples_per_second:,.0f} triples/s)",
            f"skipped {len(self.skipped)} file(s):",
        ]
        lines += [f"  - {s['path']}: {s['reason']}" for s in self.skipped]
        return "\n".join(lines)


def source_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Hash of everything an import depends on besides the corpus: importer code and curated files."""
    import hashlib

    h = hashlib.sha256()
    files = [*sorted((root / "service" / "corpus").glob("*.py")),
             *sorted((root / "service" / "search").glob("*.py"))]
    for folder in (*CURATED_GRAPHS, ):
        files += sorted((root / folder).rglob("*.*"))
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def build_fingerprint(build: Path) -> str | None:
    f = build / "fingerprint"
    return f.read_text() if f.exists() else None


def curated_files(root: Path = PROJECT_ROOT) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for folder, graph in CURATED_GRAPHS.items():
        for path in sorted((root / folder).glob("**/*.ttl")):
            out.append((path, graph))
    return out


def corpus_quads(corpus: Path, snapshot: str,
                 report: ImportReport) -> tuple[QuadWriter, list[ProvisionRecord]]:
    """Parse the corpus into N-Triples of the laws graph; fills the report's counts."""
    if not corpus.is_dir():
        raise ImportFailed(f"corpus folder not found: {corpus}")
    laws, skipped, nfiles = load_laws(
        corpus, load_overrides(PROJECT_ROOT / "data" / "in_force_overrides.csv"), snapshot
    )
    report.files = nfiles
    report.skipped = [asdict(s) for s in skipped]
    counts = Counts()
    w = QuadWriter(GRAPH_LAWS)
    records: list[ProvisionRecord] = []
    for law in sorted(laws, key=lambda x: (x.type_zh, x.short_title, x.region or "")):
        records.extend(emit_law(law, w, counts))
    for key in ("laws", "versions", "articles", "national_articles", "local_articles",
                "paragraphs", "items"):
        setattr(report, key, getattr(counts, key))
    return w, records


def precompute_analytics(build: Path, progress: Callable[[str], None]) -> None:
    """Citation graph and credit-provision finder, cached in the build before it goes live."""
    from service.analytics.finder import findings
    from service.analytics.graph import citation_graph
    from service.store.embedded import EmbeddedStore

    pinned = EmbeddedStore(build.parent.parent, pinned_build=build)
    try:
        cg = citation_graph(pinned)
        progress(f"citation graph: {len(cg.citations)} links")
        progress(f"credit-provision finder: {len(findings(pinned))} provisions classified")
    finally:
        pinned.close()


def _remove_build(build: Path) -> None:
    """Delete a failed build; RocksDB may still be finishing a write, so retry briefly."""
    for _ in range(20):
        shutil.rmtree(build, ignore_errors=True)
        if not build.exists():
            return
        time.sleep(0.1)


def build_store(
    corpus: Path | None,
    store_dir: Path,
    snapshot: str = "2025-04-19",
    *,
    extra_files: list[tuple[Path, str]] | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> ImportReport:
    """Import the corpus and curated data into a new build and switch to it."""
    t0 = time.perf_counter()
    fingerprint = source_fingerprint()  # before reading: a file edited mid-build forces a rebuild
    store_dir.mkdir(parents=True, exist_ok=True)
    build = new_build_dir(store_dir)
    report = ImportReport(corpus=str(corpus) if corpus else "", snapshot=snapshot, build=build.name)
    try:
        st = ox.Store(str(build / "oxigraph"))
        records: list[ProvisionRecord] = []
        if corpus is not None:
            writer, records = corpus_quads(corpus, snapshot, report)
            progress(f"parsed {report.files} files into {report.laws} laws")
            for chunk in writer.chunks():
                st.bulk_load(input=chunk, format=ox.RdfFormat.N_TRIPLES,
                             to_graph=ox.NamedNode(writer.graph))
            del writer
            progress("loaded the law graph")
        for path, graph in [*curated_files(), *(extra_files or [])]:
            try:
                st.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(graph))
            except (SyntaxError, ValueError, OSError) as exc:
                raise ImportFailed(f"{path.name}: {exc}") from None
            report.curated_files.append(path.relative_to(PROJECT_ROOT).as_posix()
                                        if path.is_relative_to(PROJECT_ROOT) else str(path))
        st.flush()
        del st
        build_index(records, build / "search.sqlite")
        del records
        if corpus is not None:
            precompute_analytics(build, progress)
        st = ox.Store(str(build / "oxigraph"))
        citations = build / "analytics" / "citations.nq"
        if citations.exists():
            st.bulk_load(path=str(citations), format=ox.RdfFormat.N_QUADS)
        st.flush()
        report.triples = len(st)
        del st
        report.seconds = time.perf_counter() - t0
        report.triples_per_second = report.triples / report.seconds if report.seconds else 0
        (build / "fingerprint").write_text(fingerprint)
        (build / "report.json").write_text(
            json.dumps(asdict(report), ensure_ascii=False, indent=1), encoding="utf-8")
    except BaseException:
        st = None  # noqa: F841 - drops the last reference: closes the half-written store
        gc.collect()
        _remove_build(build)
        raise
    switch_to(store_dir, build)
    return report
