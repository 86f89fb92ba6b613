"""The citation graph of the live build: RDF quads (graph/citations) and a networkx DiGraph.

Built lazily on first use (about 5 s for the whole corpus) and cached in the build
folder: ``analytics/citations.json`` (the extracted links) and ``analytics/citations.nq``
(N-Quads ``eli:cites`` / ``eli:based_on`` in the named graph GRAPH_CITATIONS, ready for
loading into a store). Nodes are provision / division / work IRIs; edges go from the
citing provision to the cited one and carry ``relation`` and ``reference``.
"""

from __future__ import annotations

import bisect
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import networkx as nx

from service.analytics import build_cache
from service.analytics import citations as _citations_mod
from service.analytics import corpus_view as _view_mod
from service.analytics.citations import BASED_ON, Citation, extract
from service.analytics.corpus_view import CorpusView, build_dir, corpus_view
from service.domain.cache import per_store
from service.store.base import IRI, Store
from service.vocab import ELI, GRAPH_CITATIONS

# the cache is valid for exactly this extractor (and view) code
CACHE_VERSION = build_cache.code_version(_citations_mod, _view_mod)


@dataclass
class CitationGraph:
    citations: list[Citation]
    graph: nx.DiGraph
    nodes_sorted: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def under(self, iri: str) -> list[str]:
        """``iri`` and every graph node below it (its paragraphs and items)."""
        out = [iri] if iri in self.graph else []
        prefix = iri + "/"
        i = bisect.bisect_left(self.nodes_sorted, prefix)
        while i < len(self.nodes_sorted) and self.nodes_sorted[i].startswith(prefix):
            out.append(self.nodes_sorted[i])
            i += 1
        return out


def to_graph(citations: list[Citation]) -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    for c in citations:
        if c.target is None:
            continue
        g.add_edge(c.citing, c.target, relation=c.relation, reference=c.reference)
    return g


def to_nquads(citations: list[Citation]) -> str:
    """The links as N-Quads in the citations graph."""
    lines = []
    for c in citations:
        if c.target is None:
            continue
        pred = ELI + ("based_on" if c.relation == BASED_ON else "cites")
        lines.append(f"<{c.citing}> <{pred}> <{c.target}> <{GRAPH_CITATIONS}> .\n")
    return "".join(dict.fromkeys(lines))


def build(view: CorpusView, store: Store | None = None) -> list[Citation]:
    """Extract every citation of the corpus; 本章/本节 resolve through the store."""
    cache: dict[str, str | None] = {}

    def division_of(article: str) -> str | None:
        if store is None:
            return None
        if article not in cache:
            rows = store.select("provision-detail", uri=IRI(article))
            parent = rows[0].get("parent") if rows else None
            cache[article] = parent if parent and "/art_" not in parent.rsplit("/", 1)[-1] \
                and parent != view.articles[article].version else None
        return cache[article]

    return list(extract(view, division_of=division_of))


@per_store
def citation_graph(store: Store) -> CitationGraph:
    """The citation graph of the store's live build (built once, cached on disk)."""
    t0 = time.perf_counter()
    folder = build_dir(store) / "analytics"
    cached = build_cache.load(folder / "citations.json", CACHE_VERSION)
    if cached is not None:
        cits = [Citation(**c) for c in cached["citations"]]
    else:
        cits = build(corpus_view(store), store)
        build_cache.save(folder / "citations.json", CACHE_VERSION,
                         {"citations": [asdict(c) for c in cits]})
        try:
            (folder / "citations.nq").write_text(to_nquads(cits), encoding="utf-8")
        except OSError:
            pass  # a read-only build folder: the graph stays in memory only
    g = to_graph(cits)
    return CitationGraph(cits, g, sorted(g.nodes), time.perf_counter() - t0)


def article_level(cg: CitationGraph) -> nx.DiGraph:
    """Citations collapsed to article → article (or work) edges, weighted by count."""
    g: nx.DiGraph = nx.DiGraph()
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for c in cg.citations:
        if c.target is None:
            continue
        tgt = _article(c.target)
        if tgt != c.citing_article:
            weights[(c.citing_article, tgt)] += 1
    for (a, b), w in weights.items():
        g.add_edge(a, b, weight=w)
    return g


def _article(iri: str) -> str:
    i = iri.find("/art_")
    if i < 0:
        return iri
    j = iri.find("/", i + 1)
    return iri if j < 0 else iri[:j]


def pagerank(g: nx.DiGraph, damping: float = 0.85, iterations: int = 40) -> dict[str, float]:
    """Plain power-iteration PageRank (no scipy needed)."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(g.nodes, 1.0 / n)
    out_w = {u: sum(d.get("weight", 1) for _, _, d in g.out_edges(u, data=True)) for u in g.nodes}
    for _ in range(iterations):
        dangling = sum(rank[u] for u in g.nodes if out_w[u] == 0)
        new = dict.fromkeys(g.nodes, (1 - damping) / n + damping * dangling / n)
        for u, v, d in g.edges(data=True):
            new[v] += damping * rank[u] * d.get("weight", 1) / out_w[u]
        rank = new
    return rank
