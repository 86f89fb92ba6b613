"""Parse one corpus Markdown file into its header, divisions and provisions.

The format is described in ``../shared/data/laws/README.md``: a ``#`` title (and
sometimes a ``#`` subtitle), history events ``YYYY年M月D日 event`` up to
the INFO END marker, then headings (编/分编/章/节, at any ``#`` level), articles
``第…条`` (also 第…条之一), paragraphs (one per line) and items ``（一）``.
Documents without 第…条 but with ``一、`` sections get those as articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.corpus.numerals import cn_to_int

CN = "零〇一二三四五六七八九十百千两0-9０-９"
ARTICLE_RE = re.compile(rf"^第([{CN}]+)条((?:之[一二三四五六七八九十]+)?)[\s\u3000]*(.*)$")
SECTION_RE = re.compile(r"^([一二三四五六七八九十百]+)、[\s\u3000]*(.*)$")
ITEM_RE = re.compile(rf"^[（(]([{CN}]+)[）)][\s\u3000]*(.*)$")
HEADING_RE = re.compile(rf"^(#+)[\s\u3000]*(第([{CN}]+)(编|分编|章|节))?[\s\u3000]*(.*)$")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# the header/body separator of the corpus format (see ../shared/data/laws/README.md)
INFO_END = "<!-- " + "INFO END" + " -->"
_SPACES = re.compile(r"[\s\u3000]+")

DIVISION_KINDS = {"编": "book", "分编": "subbook", "章": "chapter", "节": "section"}
_DIVISION_DEPTH = {"book": 0, "subbook": 1, "chapter": 2, "section": 3, "other": 2,
                   "preamble": 2}


def iso_date(match: re.Match[str]) -> str | None:
    y, m, d = (int(g) for g in match.groups())
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


@dataclass
class Item:
    number: int
    label: str
    text: str


@dataclass
class Paragraph:
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Article:
    number: int
    suffix: int
    label: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    division: Division | None = None

    @property
    def text(self) -> str:
        lines: list[str] = []
        for p in self.paragraphs:
            if p.text:
                lines.append(p.text)
            lines.extend(f"{i.label}{i.text}" for i in p.items)
        return "\n".join(lines)


@dataclass
class Division:
    kind: str  # book | subbook | chapter | section | other | preamble
    number: int | None
    label: str  # as printed, e.g. 第一章 总则
    title: str
    parent: Division | None = None
    ordinal: int = 0
    paragraphs: list[str] = field(default_factory=list)  # free text (preamble)


@dataclass
class HistoryEvent:
    date: str | None
    text: str


@dataclass
class ParsedDoc:
    title: str
    subtitle: str | None
    events: list[HistoryEvent]
    divisions: list[Division]
    articles: list[Article]
    loose_paragraphs: list[str]
    warnings: list[str]


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width marks left by web copies


def _clean(line: str) -> str:
    return _INVISIBLE.sub("", line).strip().strip("\u3000").strip()


def parse_markdown(text: str) -> ParsedDoc:
    """Parse a corpus file. Never raises on odd content: oddities become warnings."""
    lines = [_clean(x) for x in text.splitlines()]
    title, subtitle = "", None
    events: list[HistoryEvent] = []
    warnings: list[str] = []
    try:
        end = lines.index(INFO_END)
        header, body = lines[:end], lines[end + 1 :]
    except ValueError:
        header, body = [], lines
        warnings.append("no INFO END marker; whole file read as body")
    for line in header:
        if not line:
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            if not title:
                title = heading
            elif subtitle is None:
                subtitle = heading
            continue
        m = DATE_RE.search(line[:16])
        events.append(HistoryEvent(iso_date(m) if m else None, _SPACES.sub(" ", line)))
    if not title:
        for line in body:
            if line.startswith("# "):
                title = line.lstrip("#").strip()
                break

    divisions: list[Division] = []
    articles: list[Article] = []
    loose: list[str] = []
    stack: list[Division] = []
    current: Article | None = None
    has_articles = any(ARTICLE_RE.match(x) for x in body)
    counters: dict[tuple[int, str], int] = {}

    for line in body:
        if not line:
            continue
        if line.startswith("#"):
            hm = HEADING_RE.match(line)
            if not hm:
                continue
            numeral, kind_cn, rest = hm.group(3), hm.group(4), hm.group(5).strip()
            if kind_cn:
                kind = DIVISION_KINDS[kind_cn]
                try:
                    number: int | None = cn_to_int(numeral)
                except ValueError:
                    number = None
                label = f"第{numeral}{kind_cn}" + (f" {rest}" if rest else "")
            else:
                if hm.group(1) == "#" and rest in (title, subtitle):
                    continue
                kind = "preamble" if rest.replace(" ", "") == "序言" else "other"
                number, label = None, rest
            depth = _DIVISION_DEPTH[kind]
            while stack and _DIVISION_DEPTH[stack[-1].kind] >= depth:
                stack.pop()
            parent = stack[-1] if stack else None
            key = (id(parent), kind)
            counters[key] = counters.get(key, 0) + 1
            div = Division(kind, number, label, rest, parent, counters[key])
            divisions.append(div)
            stack.append(div)
            current = None
            continue
        am = ARTICLE_RE.match(line) if has_articles else SECTION_RE.match(line)
        if am:
            try:
                if has_articles:
                    num = cn_to_int(am.group(1))
                    suffix = cn_to_int(am.group(2)[1:]) if am.group(2) else 0
                    label = f"第{am.group(1)}条{am.group(2)}"
                    rest = am.group(3)
                else:
                    num, suffix, label, rest = cn_to_int(am.group(1)), 0, f"{am.group(1)}、", am.group(2)
            except ValueError:
                warnings.append(f"unreadable article number: {line[:30]}")
                continue
            current = Article(num, suffix, label, [], stack[-1] if stack else None)
            articles.append(current)
            if rest:
                current.paragraphs.append(Paragraph(rest.strip()))
            continue
        if current is None:
            if stack and stack[-1].kind in ("preamble", "other") and not has_articles:
                stack[-1].paragraphs.append(line)
            elif stack and stack[-1].kind == "preamble":
                stack[-1].paragraphs.append(line)
            else:
                loose.append(line)
            continue
        im = ITEM_RE.match(line)
        if im:
            try:
                n = cn_to_int(im.group(1))
            except ValueError:
                n = 0
            if n and current.paragraphs:
                para = current.paragraphs[-1]
                label = line[: line.index(im.group(2))] if im.group(2) else line
                para.items.append(Item(n, label.strip(), im.group(2).strip()))
                continue
            if n and not current.paragraphs:
                current.paragraphs.append(Paragraph(""))
                label = line[: line.index(im.group(2))] if im.group(2) else line
                current.paragraphs[-1].items.append(Item(n, label.strip(), im.group(2).strip()))
                continue
        current.paragraphs.append(Paragraph(line))
    return ParsedDoc(title, subtitle, events, divisions, articles, loose, warnings)


COMMENCE_RE = re.compile(
    r"(?:自|从)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:施行|实施|生效)"
)
COMMENCE_ON_PUBLISH_RE = re.compile(r"自(?:公布|发布|颁布)之日起(?:施行|实施|生效)")


def stated_commencement(doc: ParsedDoc) -> tuple[str | None, bool]:
    """The version's own 施行 clause: (date, on_publication).

    Looks at the last articles first (施行 clauses sit in 附则), then header events
    that say 施行/实施.
    """
    for art in reversed(doc.articles[-4:]):
        text = art.text
        m = COMMENCE_RE.search(text)
        if m and ("本" in text[: m.start() + 1] or "施行" in text):
            return iso_date(m), False
        if COMMENCE_ON_PUBLISH_RE.search(text):
            return None, True
    for ev in doc.events:
        if ev.date and re.search(r"(施行|实施|生效)", ev.text) and not re.search(
            r"(通过|公布|修正|修订|发布)", ev.text
        ):
            return ev.date, False
    return None, False
