"""Linkage of a provision: what it implements (upstream), what rests on it (downstream).

Upstream follows the provision's own citations and the enabling clauses
(根据《…》制定 → ``eli:based_on``) of its version, then of each enabling law's version
in force when the citing version was made, up to ``depth`` steps (to the Constitution
where the texts say so). Downstream lists the provisions citing it (and, further, those
citing them) and the curated entities and decisions whose ``cb:legalBasis`` is the
provision or one of its paragraphs/items.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from service.analytics.citations import BASED_ON
from service.analytics.corpus_view import CorpusView, corpus_view
from service.analytics.facts import CreditFacts, credit_facts, local
from service.analytics.finder import findings
from service.analytics.graph import CitationGraph, article_level, citation_graph, pagerank
from service.corpus.numerals import int_to_cn
from service.domain.about import data_version
from service.domain.cache import per_store
from service.domain.errors import InvalidValue, NotFound
from service.store.base import Store

MAX_DEPTH = 5
MAX_NODES = 2000
_PARA = re.compile(r"/para_(\d+)(?:/item_(\d+))?$")


def label(view: CorpusView, iri: str) -> str:
    """A readable label: 《title》第X条第Y款第Z项, a work's title, or the IRI."""
    w = view.work_of(iri)
    if w is None:
        return iri
    if iri == w.uri:
        return w.title
    art = view.article_of(iri)
    if art is None:
        v = view.version_of(iri)
        tail = iri.rsplit("/", 1)[-1]
        return f"{w.title}（{v.version_date if v else ''}）{tail}"
    s = f"{w.title} {art.number}"
    m = _PARA.search(iri)
    if m:
        s += f"第{int_to_cn(int(m.group(1)))}款" + (
            f"第{int_to_cn(int(m.group(2)))}项" if m.group(2) else "")
    return s


def _node(view: CorpusView, iri: str) -> dict[str, Any]:
    w = view.work_of(iri)
    kind = "work" if w is not None and iri == w.uri else (
        "provision" if view.article_of(iri) is not None else "division" if w else "external")
    v = view.version_of(iri)
    return {"id": iri, "label": label(view, iri), "kind": kind,
            "type": w.type_code if w else None, "level": w.level if w else None,
            "version_date": v.version_date if v else None}


def check_provision(view: CorpusView, iri: str) -> None:
    if not iri.startswith("http"):
        raise InvalidValue(f"“{iri}”不是条款 IRI。", f"'{iri}' is not a provision IRI.")
    if view.article_of(iri) is None or not (iri == view.article_of(iri).uri  # type: ignore[union-attr]
                                            or _PARA.search(iri)):
        raise NotFound(f"未找到条款 {iri}。", f"No provision {iri}.")


def upstream(view: CorpusView, cg: CitationGraph, iri: str, depth: int) -> tuple[set[str], list[dict[str, str]]]:
    nodes: set[str] = {iri}
    edges: list[dict[str, str]] = []
    g = cg.graph
    for u in cg.under(iri):
        for _, t, d in g.out_edges(u, data=True):
            nodes.update((u, t))
            edges.append({"source": u, "target": t, "relation": d["relation"]})
    # enabling chain: version → based_on targets → their version in force → …
    v = view.version_of(iri)
    frontier = [(v.uri, v.made_on)] if v else []
    seen_versions: set[str] = set()
    for _ in range(depth):
        nxt: list[tuple[str, str | None]] = []
        for vuri, made in frontier:
            if vuri in seen_versions:
                continue
            seen_versions.add(vuri)
            for u in cg.under(vuri):
                for _, t, d in g.out_edges(u, data=True):
                    if d["relation"] != BASED_ON:
                        continue
                    nodes.update((u, t))
                    edges.append({"source": u, "target": t, "relation": BASED_ON})
                    w = view.work_of(t)
                    if w is None:
                        continue
                    tv = view.version_of(t) if t != w.uri else w.version_at(made)
                    if tv is None:
                        tv = w.version_at(None)
                    if tv is not None:
                        nxt.append((tv.uri, tv.made_on))
            if len(nodes) > MAX_NODES:
                break
        frontier = nxt
    return nodes, edges


def downstream(view: CorpusView, cg: CitationGraph, iri: str, depth: int) -> tuple[set[str], list[dict[str, str]]]:
    nodes: set[str] = {iri}
    edges: list[dict[str, str]] = []
    g = cg.graph
    targets = cg.under(iri)
    seen: set[str] = set()
    for _ in range(depth):
        nxt: set[str] = set()
        for t in targets:
            if t in seen or t not in g:
                continue
            seen.add(t)
            for s, _, d in g.in_edges(t, data=True):
                nodes.update((s, t))
                edges.append({"source": s, "target": t, "relation": d["relation"]})
                art = view.article_of(s)
                if art is not None:
                    nxt.update(cg.under(art.uri))
            if len(nodes) > MAX_NODES:
                break
        targets = list(nxt)
    return nodes, edges


def resting_on(view: CorpusView, cg: CitationGraph, facts: CreditFacts, iri: str) -> dict[str, Any]:
    provisions = set(cg.under(iri)) | {iri}
    prefix = iri + "/"
    provisions |= {b for b in facts.by_basis if b.startswith(prefix)}
    provisions |= {b for b in facts.decisions_by_basis if b.startswith(prefix)}
    entities = sorted(facts.resting_on(provisions), key=lambda e: (e.kind, e.iri))
    decisions = sorted({d for p in provisions for d in facts.decisions_by_basis.get(p, ())})
    return {
        "entities": [{"uri": e.iri, "kind": e.kind, "label": e.label,
                      "departments": sorted(local(d) for d in e.depts),
                      "bases": sorted(b for b in e.bases if b in provisions)} for e in entities],
        "decisions": {"count": len(decisions), "sample": decisions[:50]},
    }


def linkage(store: Store, *, iri: str, depth: int = 2) -> dict[str, Any]:
    """`GET /api/linkage`: upstream chain, downstream dependents and what rests on the provision."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidValue(f"depth 应在 1 到 {MAX_DEPTH} 之间。", f"depth must be 1..{MAX_DEPTH}.")
    view = corpus_view(store)
    check_provision(view, iri)
    cg = citation_graph(store)
    facts = credit_facts(store)
    up_nodes, up_edges = upstream(view, cg, iri, depth)
    down_nodes, down_edges = downstream(view, cg, iri, depth)
    return {
        "uri": iri,
        "label": label(view, iri),
        "depth": depth,
        "upstream": {"nodes": [_node(view, n) for n in sorted(up_nodes)], "edges": up_edges},
        "downstream": {"nodes": [_node(view, n) for n in sorted(down_nodes)], "edges": down_edges,
                       **resting_on(view, cg, facts, iri)},
        "data_version": data_version(store),
    }


def to_graphml(result: dict[str, Any]) -> str:
    """Upstream + downstream of a linkage result as GraphML."""
    g: nx.DiGraph = nx.DiGraph()
    for part in ("upstream", "downstream"):
        for n in result[part]["nodes"]:
            g.add_node(n["id"], **{k: str(v) for k, v in n.items() if k != "id" and v is not None})
        for e in result[part]["edges"]:
            g.add_edge(e["source"], e["target"], relation=e["relation"])
    for e in result["downstream"].get("entities", []):
        g.add_node(e["uri"], label=e["label"], kind=e["kind"])
        for b in e["bases"]:
            g.add_edge(e["uri"], b, relation="legalBasis")
    return "\n".join(nx.generate_graphml(g))


def centrality(store: Store, *, limit: int = 20) -> dict[str, Any]:
    """`GET /api/linkage/centrality`: the most central credit provisions of the citation graph."""
    if not 1 <= limit <= 500:
        raise InvalidValue("limit 应在 1 到 500 之间。", "limit must be 1..500.")
    table = _centrality_table(store)
    return {**table, "limit": limit, "items": table["items"][:limit], "data_version": data_version(store)}


@per_store
def _centrality_table(store: Store) -> dict[str, Any]:
    view = corpus_view(store)
    cg = citation_graph(store)
    facts = credit_facts(store)
    found = findings(store)
    g = article_level(cg)
    rank = pagerank(g)
    indeg = dict(g.in_degree())
    resting: Counter[str] = Counter()
    for basis, ents in facts.by_basis.items():
        art = view.article_of(basis)
        if art is not None:
            resting[art.uri] += len(ents)
    by_class: dict[str, int] = defaultdict(int)
    rows = []
    for uri, f in found.items():
        for c in f.classes:
            by_class[c] += 1
        rows.append({"uri": uri, "label": label(view, uri), "classes": f.classes,
                     "pagerank": round(rank.get(uri, 0.0) * 1e4, 4), "cited_by": indeg.get(uri, 0),
                     "curated_dependents": resting.get(uri, 0)})
    rows.sort(key=lambda r: (-r["pagerank"], -r["cited_by"], -r["curated_dependents"], r["uri"]))
    return {"credit_provisions": len(found), "by_class": dict(by_class),
            "measure": "PageRank ×10⁴ on the article-level citation graph", "items": rows}
