"""A fast, read-only view of every article of the live build, for whole-corpus analytics.

Scanning all provisions through SPARQL takes minutes; the build's search index
(``search.sqlite``, written by the importer from the same records as the law graph)
holds every article with its text, law and version dates and reads in about a second.
Paragraphs and items are rebuilt from the article text exactly as the importer wrote
them (one line per paragraph, ``（一）`` lines are items of the paragraph before).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from service.corpus.numerals import cn_to_int
from service.corpus.parse import ITEM_RE
from service.domain.cache import per_store
from service.domain.errors import Unavailable
from service.domain.laws import normalise_title
from service.store.base import Store

_ART_SEG = re.compile(r"/art_(\d+)(?:-(\d+))?$")


@dataclass
class Unit:
    """A paragraph or item of an article, with its IRI and text."""

    uri: str
    text: str
    para: int
    item: int | None = None


@dataclass
class ArticleRow:
    uri: str
    version: str
    number: str
    ordinal: int
    suffix: int
    text: str

    def units(self) -> list[Unit]:
        """Paragraphs (``para_n``) and items (``para_n/item_m``) as the importer minted them."""
        out: list[Unit] = []
        para = 0
        seen: set[int] = set()
        for line in self.text.split("\n"):
            m = ITEM_RE.match(line)
            n = 0
            if m:
                try:
                    n = cn_to_int(m.group(1))
                except ValueError:
                    n = 0
            if n and para:
                if n not in seen:
                    seen.add(n)
                    out.append(Unit(f"{self.uri}/para_{para}/item_{n}", m.group(2) if m else line,
                                    para, n))
                continue
            if n and not para:
                para = 1
                seen = {n}
                out.append(Unit(f"{self.uri}/para_1/item_{n}", m.group(2) if m else line, 1, n))
                continue
            para += 1
            seen = set()
            out.append(Unit(f"{self.uri}/para_{para}", line, para))
        return out

    def paragraph_count(self) -> int:
        return sum(1 for u in self.units() if u.item is None) or 1


@dataclass
class VersionRow:
    uri: str
    work: str
    version_date: str | None
    in_force_from: str | None
    in_force_until: str | None
    articles: list[ArticleRow] = field(default_factory=list)

    @property
    def made_on(self) -> str | None:
        """The date the version was made (promulgation/amendment; else entry into force)."""
        return self.version_date or self.in_force_from

    def in_force_on(self, day: str) -> bool:
        if self.in_force_from is None or self.in_force_from > day:
            return False
        return self.in_force_until is None or day < self.in_force_until


@dataclass
class WorkRow:
    uri: str
    title: str
    short: str
    type_code: str
    level: str
    region: str | None
    versions: list[VersionRow] = field(default_factory=list)

    def version_at(self, day: str | None) -> VersionRow | None:
        """The version in force on ``day``; else the latest made on or before it.

        None when every version of the corpus is later than ``day`` (the version then
        in force is not in the corpus). Without a day: the latest version.
        """
        vs = self.versions
        if day:
            hits = [v for v in vs if v.in_force_on(day)]
            if hits:
                return max(hits, key=lambda v: v.in_force_from or "")
            before = [v for v in vs if v.made_on and v.made_on <= day]
            if before:
                return max(before, key=lambda v: v.made_on or "")
            return None
        return max(vs, key=lambda v: v.made_on or "") if vs else None


@dataclass
class CorpusView:
    works: dict[str, WorkRow]
    versions: dict[str, VersionRow]
    articles: dict[str, ArticleRow]
    by_title: dict[str, list[WorkRow]]

    def article_of(self, uri: str) -> ArticleRow | None:
        """The article an article/paragraph/item IRI belongs to."""
        i = uri.find("/art_")
        if i < 0:
            return None
        j = uri.find("/", i + 1)
        return self.articles.get(uri if j < 0 else uri[:j])

    def version_of(self, uri: str) -> VersionRow | None:
        if uri in self.versions:
            return self.versions[uri]
        art = self.article_of(uri)
        return self.versions.get(art.version) if art else None

    def work_of(self, uri: str) -> WorkRow | None:
        if uri in self.works:
            return self.works[uri]
        v = self.version_of(uri)
        return self.works.get(v.work) if v else None

    def titles(self, title: str) -> list[WorkRow]:
        return self.by_title.get(normalise_title(title), [])


def load_view(index_path: Path) -> CorpusView:
    con = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT uri, law, short_title, type, level, region, version_uri, version_date, number,"
            " text, in_force_from, in_force_until FROM meta WHERE kind = 'article' ORDER BY rowid"
        ).fetchall()
    finally:
        con.close()
    works: dict[str, WorkRow] = {}
    versions: dict[str, VersionRow] = {}
    articles: dict[str, ArticleRow] = {}
    for (uri, law, short, type_code, level, region, vuri, vdate, number, text, f, u) in rows:
        wuri = vuri.rsplit("/", 1)[0]
        w = works.get(wuri)
        if w is None:
            w = works[wuri] = WorkRow(wuri, law, short, type_code, level, region)
        v = versions.get(vuri)
        if v is None:
            v = versions[vuri] = VersionRow(vuri, wuri, vdate, f, u)
            w.versions.append(v)
        m = _ART_SEG.search(uri)
        art = ArticleRow(uri, vuri, number or "", int(m.group(1)) if m else 0,
                         int(m.group(2) or 0) if m else 0, text or "")
        v.articles.append(art)
        articles[uri] = art
    by_title: dict[str, list[WorkRow]] = {}
    for w in works.values():
        w.versions.sort(key=lambda v: v.made_on or "9999")
        for key in {normalise_title(w.title), normalise_title(w.short)}:
            by_title.setdefault(key, []).append(w)
    return CorpusView(works, versions, articles, by_title)


def build_dir(store: Store) -> Path:
    d = getattr(store, "build_dir", None)
    if d is None:
        raise Unavailable("语料分析需要本地嵌入式存储。",
                          "Corpus analytics need the embedded store (its build folder).")
    return Path(d)


@per_store
def corpus_view(store: Store) -> CorpusView:
    """The view of the store's live build (loaded once per build)."""
    return load_view(build_dir(store) / "search.sqlite")
