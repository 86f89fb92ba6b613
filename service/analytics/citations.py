"""Citation extractor and resolver: references in provision texts → provision / work IRIs.

Recognised (see docs/benchmarks.md "Analytics" for the measured quality):

* other laws: ``《中华人民共和国行政处罚法》`` / ``《行政处罚法》`` and, before an article
  number, titles without book-title marks (``刑法第二百六十六条``);
* the instrument itself: 本法, 本条例, 本规定, 本办法, 本细则, 本解释, 本决定, 本规则 …;
* provisions: 第X条(之一)、第X条第Y款第Z项, lists (、 和 或者), ranges 第X条至第Y条,
  前款, 前两款, 前条, 本条第Y款, 本章 / 本节 (the enclosing division);
* enabling clauses 根据《…》(和…)…制定 → ``eli:based_on`` (everything else ``eli:cites``).

A reference to another law's article resolves to that article in the version of the
cited law in force on the day the citing version was made; a law named without an
article resolves to the law (work). References within the instrument resolve in the
citing version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from service.analytics.corpus_view import ArticleRow, CorpusView, Unit, VersionRow, WorkRow
from service.corpus.numerals import cn_to_int
from service.domain.laws import normalise_title

CITES = "cites"
BASED_ON = "based_on"

_N = "零〇一二三四五六七八九十百千两0-9０-９"
_SELF = "法|条例|规定|办法|细则|实施细则|解释|决定|规则|准则|通则|章程|规程|决议"
TOKEN_RE = re.compile(
    rf"(?P<book>《(?P<title>[^《》\n]{{1,80}})》)"
    rf"|(?P<self>本(?:{_SELF})(?![规定条款项]|律|院|人|制))"
    rf"|(?P<art>第(?P<an>[{_N}]+)条(?:之(?P<asuf>[一二三四五六七八九十]+))?)"
    rf"|(?P<para>第(?P<pn>[{_N}]+)款)"
    rf"|(?P<items>第(?P<iL>[（(]?[{_N}]+[）)]?(?:[、和][（(]?[{_N}]+[）)]?)+)项)"
    rf"|(?P<item>第[（(]?(?P<iN>[{_N}]+)[）)]?项)"
    r"|(?P<prevp>前(?P<prevn>[两二三四五])?款)"
    r"|(?P<prevart>前条)"
    r"|(?P<thisart>本条)"
    r"|(?P<div>本(?P<divk>章|节))"
)
_ITEM_SPLIT = re.compile(rf"[{_N}]+")
_AMENDING = re.compile(r"修正案|关于修改|修改.*的决定")
_QUOTED = re.compile(r"[“「][^”」]*[”」]")
_LEAD_ART = re.compile(rf"本(?:{_SELF})第([{_N}]+)条(?!第)")
_CONNECT = re.compile(r"^(?:[、，,和及与或]|或者|以及|至|\s)*$")
_RANGE = re.compile(r"至")
_ENABLING = re.compile(r"(?:根据|依据|依照|按照)(?P<span>[^。；]{0,160}?)(?:的规定)?[，,]?(?:结合[^。；]{0,60}?)?"
                       r"(?:[，,]\s*)?制定(?:本|这)")
_BARE_CONSTITUTION = re.compile(r"(?<![《本])(?:中华人民共和国)?宪法(?![》第])")
_LAWLIKE = re.compile(r"(?:法|条例|规定|办法|细则|解释|决定|规则|准则|通则|章程|规程|决议|法典|"
                      r"纲要|意见|通知|命令)(?:[（(][^）)]*[）)])?$")
_TYPE_RANK = {"constitution": 0, "law": 1, "admin-regulation": 2, "judicial-interpretation": 3,
              "supervision-regulation": 3, "department-rule": 4, "local-regulation": 5,
              "autonomous-regulation": 5, "local-government-rule": 6}
_STRIP_SUFFIX = re.compile(r"[（(](?:试行|暂行|草案|修正|修订|\d{4}年(?:修正|修订)?)[）)]$")


@dataclass(frozen=True)
class Citation:
    citing: str  # article, paragraph or item IRI
    citing_article: str
    reference: str  # the reference as written
    target: str | None  # provision, division or work IRI; None when unresolved
    target_kind: str  # provision | work | division | unresolved
    relation: str  # cites | based_on
    target_work: str | None


def _num(text: str) -> int:
    try:
        return cn_to_int(text)
    except ValueError:
        return 0


@dataclass
class _Tok:
    kind: str
    start: int
    end: int
    m: re.Match[str]


class Resolver:
    """Titles → works and (work, date) → version, with the preference rules of one corpus."""

    def __init__(self, view: CorpusView) -> None:
        self.view = view
        self._titles: dict[str, list[WorkRow]] = view.by_title
        self.unmarked: set[str] = {k for k in self._titles if 2 <= len(k) <= 40 and
                                   k[-1] in "法例定则释典"}
        self.max_unmarked = max((len(k) for k in self.unmarked), default=0)

    def work(self, title: str, citing: WorkRow | None) -> WorkRow | None:
        key = normalise_title(title)
        cands = self._titles.get(key)
        if not cands:
            stripped = _STRIP_SUFFIX.sub("", key)
            cands = self._titles.get(stripped) if stripped != key else None
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        region = citing.region if citing else None

        def rank(w: WorkRow) -> tuple[int, int, int]:
            return (0 if region and w.region == region else 1 if w.region is None else 2,
                    _TYPE_RANK.get(w.type_code, 9), 0 if w.uri != (citing.uri if citing else "") else 1)

        return min(cands, key=rank)

    def unmarked_title(self, before: str) -> tuple[str, int] | None:
        """A known title ending ``before`` (longest first): (title, length)."""
        n = min(self.max_unmarked, len(before))
        for k in range(n, 1, -1):
            cand = before[-k:]
            key = cand.removeprefix("中华人民共和国")
            if key in self.unmarked:
                return key, k
        return None


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or ""
        for k in ("book", "self", "art", "para", "items", "item", "prevp", "prevart", "thisart", "div"):
            if m.group(k):
                kind = k
                break
        out.append(_Tok(kind, m.start(), m.end(), m))
    return out


def _groups(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    groups: list[list[_Tok]] = []
    for t in toks:
        if groups and _CONNECT.match(text[groups[-1][-1].end:t.start]) and t.kind not in (
                "book", "self") and not (t.kind in ("prevp", "prevart", "div")
                                         and groups[-1][-1].kind in ("art", "para", "item")):
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


@dataclass
class _Ctx:
    view: CorpusView
    resolver: Resolver
    work: WorkRow
    version: VersionRow
    article: ArticleRow
    unit: Unit
    index: dict[tuple[int, int], ArticleRow]
    prev_article: ArticleRow | None
    division_of: Callable[[str], str | None]
    amending: bool = False
    lead_article: tuple[int, int] | None = None


def _provision(version: VersionRow, index: dict[tuple[int, int], ArticleRow],
               art: int, suf: int, para: int | None, item: int | None) -> str | None:
    a = index.get((art, suf))
    if a is None:
        return None
    if para is None and item is None:
        return a.uri
    units = a.units()
    p = para or 1
    if item is not None:
        uri = f"{a.uri}/para_{p}/item_{item}"
    else:
        uri = f"{a.uri}/para_{p}"
    if any(u.uri == uri for u in units):
        return uri
    if para is None and item is not None:  # 第X条第Y项 with the items in a later paragraph
        hits = [u.uri for u in units if u.item == item]
        return hits[0] if len(hits) == 1 else None
    return None


def _article_index(version: VersionRow) -> dict[tuple[int, int], ArticleRow]:
    return {(a.ordinal, a.suffix): a for a in version.articles}


def _cite_group(ctx: _Ctx, text: str, group: list[_Tok], relation: str,
                idx_cache: dict[str, dict[tuple[int, int], ArticleRow]]) -> Iterator[Citation]:
    head = group[0]
    rest = group
    target_work: WorkRow | None = None
    outer = False
    if head.kind == "book":
        title = head.m.group("title")
        target_work = ctx.resolver.work(title, ctx.work)
        rest = group[1:]
        outer = True
        if target_work is None:
            if not _LAWLIKE.search(title):
                return  # a certificate, list or standard named in book-title marks
            yield Citation(ctx.unit.uri, ctx.article.uri, text[head.start:group[-1].end], None,
                           "unresolved", relation, None)
            return
        if target_work.uri == ctx.work.uri:
            outer = False
    elif head.kind == "self":
        target_work = ctx.work
        rest = group[1:]
        if not rest:
            return  # 本法 on its own names the instrument itself
    elif head.kind == "art":
        found = ctx.resolver.unmarked_title(text[max(0, head.start - ctx.resolver.max_unmarked):head.start])
        if found is not None and not text[:head.start].endswith(("本" + found[0],)):
            w = ctx.resolver.work(found[0], ctx.work)
            if w is not None and w.uri != ctx.work.uri:
                target_work, outer = w, True
                head_start = head.start - found[1]
                group = [_Tok("book", head_start, head.start, head.m), *group]
        if target_work is None and head.start > 0 and text[head.start - 1] == "法" \
                and not text[:head.start].endswith("本法"):
            # 婚姻法第四十六条: a law named without marks that the corpus does not hold
            yield Citation(ctx.unit.uri, ctx.article.uri, text[max(0, head.start - 8):group[-1].end],
                           None, "unresolved", relation, None)
            return
        if target_work is None:
            target_work = ctx.work
    else:
        target_work = ctx.work
    if ctx.amending and not outer:
        return  # an amending act's 第X条 names articles of the act it amends
    ref_text = text[group[0].start:group[-1].end]
    version: VersionRow = ctx.version
    if outer:
        at = target_work.version_at(ctx.version.made_on)
        if at is None:  # the version then in force is not in the corpus: cite the law
            yield Citation(ctx.unit.uri, ctx.article.uri, ref_text, target_work.uri, "work",
                           relation, target_work.uri)
            return
        version = at
    if version.uri not in idx_cache:
        idx_cache[version.uri] = _article_index(version)
    index = idx_cache[version.uri]

    if outer and not any(t.kind == "art" for t in rest):
        yield Citation(ctx.unit.uri, ctx.article.uri, ref_text, target_work.uri, "work", relation,
                       target_work.uri)
        return

    targets: list[str | None] = []
    cur_art: tuple[int, int] | None = None
    cur_para: int | None = None
    pending: tuple[int, int] | None = None  # an article not yet emitted
    pending_para: int | None = None
    range_from: tuple[int, int] | None = None
    last_item: int | None = None

    def flush() -> None:
        nonlocal pending, pending_para
        if pending is not None:
            targets.append(_provision(version, index, pending[0], pending[1], pending_para, None))
        pending, pending_para = None, None

    for i, t in enumerate(rest):
        gap = text[rest[i - 1].end:t.start] if i else ""
        if t.kind == "art":
            n, s = _num(t.m.group("an")), _num(t.m.group("asuf") or "") if t.m.group("asuf") else 0
            if range_from is None and _RANGE.search(gap) and cur_art is not None:
                range_from = cur_art
            flush()
            if range_from is not None and range_from[0] < n <= range_from[0] + 200:
                for k in range(range_from[0] + 1, n):
                    if (k, 0) in index:
                        targets.append(index[(k, 0)].uri)
                range_from = None
            cur_art, cur_para = (n, s), None
            pending = cur_art
        elif t.kind == "para":
            p = _num(t.m.group("pn"))
            if cur_art is None:
                if outer:
                    continue
                cur_art = (ctx.article.ordinal, ctx.article.suffix)
            if pending is not None and pending_para is None:
                pending_para = p
            else:
                flush()
                pending, pending_para = cur_art, p
            cur_para = p
        elif t.kind in ("item", "items"):
            nums = ([_num(x) for x in _ITEM_SPLIT.findall(t.m.group("iL"))] if t.kind == "items"
                    else [_num(t.m.group("iN"))])
            if last_item is not None and _RANGE.search(gap) and len(nums) == 1:
                nums = list(range(last_item + 1, nums[0] + 1)) if nums[0] - last_item < 50 else nums
            last_item = nums[-1]
            if cur_art is None and ctx.unit.item is not None and ctx.lead_article is not None \
                    and not outer:
                cur_art = ctx.lead_article
                cur_para = 1
            if cur_art is None:
                if outer:
                    continue
                cur_art = (ctx.article.ordinal, ctx.article.suffix)
                cur_para = ctx.unit.para
            if pending is not None:
                cur_para = pending_para
                pending = None
                pending_para = None
            for it in nums:
                targets.append(_provision(version, index, cur_art[0], cur_art[1], cur_para, it))
        elif t.kind == "prevp":
            k = _num(t.m.group("prevn") or "一")
            for p in range(max(1, ctx.unit.para - k), ctx.unit.para):
                targets.append(f"{ctx.article.uri}/para_{p}")
            cur_art = (ctx.article.ordinal, ctx.article.suffix)
        elif t.kind == "prevart":
            if ctx.prev_article is not None:
                targets.append(ctx.prev_article.uri)
                cur_art = (ctx.prev_article.ordinal, ctx.prev_article.suffix)
        elif t.kind == "thisart":
            cur_art = (ctx.article.ordinal, ctx.article.suffix)
            version, index = ctx.version, ctx.index
        elif t.kind == "div":
            d = ctx.division_of(ctx.article.uri)
            if d:
                yield Citation(ctx.unit.uri, ctx.article.uri, ref_text, d, "division", relation,
                               ctx.work.uri)
    flush()
    for tgt in dict.fromkeys(targets):
        if tgt == ctx.unit.uri:
            continue
        yield Citation(ctx.unit.uri, ctx.article.uri, ref_text, tgt,
                       "provision" if tgt else "unresolved", relation,
                       target_work.uri if tgt else None)


def _enabling_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start("span"), m.end("span")) for m in _ENABLING.finditer(text)]


def extract_unit(ctx: _Ctx, idx_cache: dict[str, dict[tuple[int, int], ArticleRow]]) -> Iterator[Citation]:
    text = ctx.unit.text
    spans = _enabling_spans(text) if ("制定" in text) else []
    if spans:
        for a, b in spans:
            for m in _BARE_CONSTITUTION.finditer(text, a, b):
                w = ctx.resolver.work("宪法", ctx.work)
                if w is not None and w.uri != ctx.work.uri:
                    yield Citation(ctx.unit.uri, ctx.article.uri, m.group(0), w.uri, "work", BASED_ON,
                                   w.uri)
    if not ("第" in text or "《" in text or "前" in text or "本章" in text or "本节" in text):
        return
    toks = _tokens(text)
    for g in _groups(text, toks):
        start = g[0].start
        rel = BASED_ON if any(a <= start < b for a, b in spans) else CITES
        yield from _cite_group(ctx, text, g, rel, idx_cache)


def extract(view: CorpusView, *, division_of: Callable[[str], str | None] | None = None,
            versions: list[VersionRow] | None = None) -> Iterator[Citation]:
    """Every citation of every provision of the corpus (or of the given versions)."""
    resolver = Resolver(view)
    div = division_of or (lambda _a: None)
    for version in versions if versions is not None else view.versions.values():
        work = view.works[version.work]
        index = _article_index(version)
        idx_cache: dict[str, dict[tuple[int, int], ArticleRow]] = {version.uri: index}
        amending = bool(_AMENDING.search(work.title))
        prev: ArticleRow | None = None
        for art in version.articles:
            lead: tuple[int, int] | None = None
            for unit in art.units():
                if unit.item is None:
                    m = _LEAD_ART.search(unit.text)
                    lead = (_num(m.group(1)), 0) if m else None
                ctx = _Ctx(view, resolver, work, version, art, unit, index, prev, div, amending,
                           lead)
                yield from extract_unit(ctx, idx_cache)
            prev = art
