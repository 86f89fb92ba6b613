"""Citation extraction and resolution: measured against hand-labelled references."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.analytics.citations import BASED_ON, CITES, extract
from service.analytics.corpus_view import ArticleRow, CorpusView, VersionRow, WorkRow
from service.analytics.graph import citation_graph, to_nquads
from service.domain.laws import normalise_title
from service.vocab import GRAPH_CITATIONS

CASES = Path(__file__).parent / "cases" / "citations" / "labelled.csv"
E = "https://w3id.org/creditbasis/eli/cn/"


def _labelled() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_labelled_sample_is_large_enough() -> None:
    rows = _labelled()
    assert len(rows) >= 200
    assert len({r["citing"] for r in rows}) >= 100
    assert sum(1 for r in rows if r["target"]) >= 180


def test_precision_and_recall_on_labelled_sample(store) -> None:  # type: ignore[no-untyped-def]
    from service.analytics.corpus_view import corpus_view

    view = corpus_view(store)
    rows = _labelled()
    units = {r["citing"] for r in rows}
    versions = {view.version_of(u).uri for u in units if view.version_of(u) is not None}  # type: ignore[union-attr]
    assert len(versions) >= 80, "the labelled provisions must exist in the store"
    cg = citation_graph(store)
    predicted = {(c.citing, c.target, c.relation) for c in cg.citations
                 if c.citing in units and c.target is not None}
    gold = {(r["citing"], r["target"], r["relation"]) for r in rows if r["target"]}
    pairs_pred = {(a, b) for a, b, _ in predicted}
    pairs_gold = {(a, b) for a, b, _ in gold}
    tp = pairs_pred & pairs_gold
    precision = len(tp) / len(pairs_pred)
    recall = len(tp) / len(pairs_gold)
    relation_ok = len(predicted & gold) / len(tp)
    print(f"\ncitations: precision {precision:.3f}, recall {recall:.3f} "
          f"({len(tp)} correct of {len(pairs_pred)} predicted, {len(pairs_gold)} labelled); "
          f"relation agreement {relation_ok:.3f}")
    assert precision >= 0.95
    assert recall >= 0.90
    assert relation_ok >= 0.95


def test_whole_corpus_graph_and_rdf(store) -> None:  # type: ignore[no-untyped-def]
    cg = citation_graph(store)
    assert cg.graph.number_of_edges() > 20_000
    relations = {d["relation"] for _, _, d in cg.graph.edges(data=True)}
    assert relations == {CITES, BASED_ON}
    st = ox.Store()
    text = to_nquads(cg.citations[:2000])
    st.bulk_load(input=text.encode(), format=ox.RdfFormat.N_QUADS)
    assert len(st) == len({(c.citing, c.target, c.relation) for c in cg.citations[:2000] if c.target})
    assert all(q.graph_name == ox.NamedNode(GRAPH_CITATIONS) for q in st)
    assert (store.build_dir / "analytics" / "citations.nq").exists()


# --- the extractor on small hand-written texts (our own wording, not corpus text) -------------

def _view(texts: dict[str, list[str]]) -> CorpusView:
    """Two laws: 甲法 (2020, 2022 versions) and 乙条例 (2021) with the given article texts."""
    works: dict[str, WorkRow] = {}
    versions: dict[str, VersionRow] = {}
    articles: dict[str, ArticleRow] = {}
    spec: dict[tuple[str, str], list[tuple[str, str | None]]] = {
        ("law", "甲法"): [("2020-01-01", "2022-01-01"), ("2022-01-01", None)],
        ("admin-regulation", "乙条例"): [("2021-06-01", None)]}
    for (code, title), vs in spec.items():
        w = WorkRow(f"{E}{code}/{title}", f"中华人民共和国{title}" if code == "law" else title,
                    title, code, "national", None)
        works[w.uri] = w
        for start, end in vs:
            v = VersionRow(f"{w.uri}/{start}", w.uri, start, start, end)
            w.versions.append(v)
            versions[v.uri] = v
            for n, text in enumerate(texts.get(f"{title}/{start}", ["示例条文。"] * 30), 1):
                a = ArticleRow(f"{v.uri}/art_{n}", v.uri, f"第{n}条", n, 0, text)
                v.articles.append(a)
                articles[a.uri] = a
    by_title: dict[str, list[WorkRow]] = {}
    for w in works.values():
        for k in {normalise_title(w.title), normalise_title(w.short)}:
            by_title.setdefault(k, []).append(w)
    return CorpusView(works, versions, articles, by_title)


def test_extractor_resolves_kinds_of_reference() -> None:
    filler = ["示例条文。"] * 30
    reg = list(filler)
    reg[0] = "为了示例，根据《中华人民共和国甲法》，制定本条例。"
    reg[1] = "违反本条例第五条第二款规定的，依照甲法第十条处理。"
    reg[2] = "第一段。\n前款所称示例，适用第七条至第九条。"
    reg[3] = "依照《甲法》的规定处理；违反丙法第三条的，另行处理。"
    view = _view({"乙条例/2021-06-01": reg})
    got = {(c.citing.removeprefix(E), c.reference, (c.target or "").removeprefix(E), c.relation)
           for c in extract(view)}
    r = "admin-regulation/乙条例/2021-06-01/"
    assert (r + "art_1/para_1", "《中华人民共和国甲法》", "law/甲法", BASED_ON) in got
    assert (r + "art_2/para_1", "本条例第五条第二款", r + "art_5/para_2", CITES) not in got  # no para 2
    # the version of 甲法 in force when 乙条例 was made (2021) is the 2020 one
    assert (r + "art_2/para_1", "甲法第十条", "law/甲法/2020-01-01/art_10", CITES) in got
    assert (r + "art_3/para_2", "前款", r + "art_3/para_1", CITES) in got
    targets = {t for c, ref, t, _ in got if ref == "第七条至第九条"}
    assert targets == {r + "art_7", r + "art_8", r + "art_9"}
    assert (r + "art_4/para_1", "《甲法》", "law/甲法", CITES) in got
    assert any(ref.endswith("丙法第三条") and t == "" for c, ref, t, _ in got)  # unknown law: unresolved
    assert not any(t.startswith(r + "art_3") and ref == "丙法第三条" for c, ref, t, _ in got)


def test_amending_acts_do_not_cite_themselves() -> None:
    view = _view({})
    w = WorkRow(f"{E}law/甲法修正案", "中华人民共和国甲法修正案", "甲法修正案", "law", "national", None)
    v = VersionRow(f"{w.uri}/2023-01-01", w.uri, "2023-01-01", "2023-01-01", None)
    a = ArticleRow(f"{v.uri}/art_1", v.uri, "一、", 1, 0, "将甲法第三条修改为：“前款规定的情形除外。”")
    w.versions.append(v)
    v.articles.append(a)
    view.works[w.uri], view.versions[v.uri], view.articles[a.uri] = w, v, a
    got = [(c.reference, c.target) for c in extract(view, versions=[v])]
    assert ("甲法第三条", f"{E}law/甲法/2022-01-01/art_3") in got
    assert all(not (t or "").startswith(v.uri) for _, t in got)


@pytest.mark.parametrize("text", ["本法自公布之日起施行。", "依照有关法律、法规处理。"])
def test_no_reference_no_citation(text: str) -> None:
    view = _view({"乙条例/2021-06-01": [text] * 3})
    assert not [c for c in extract(view) if c.citing.startswith(f"{E}admin-regulation")]
