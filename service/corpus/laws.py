"""Group parsed corpus files into laws (works) and their dated versions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from service.corpus.dates import Override, VersionDates, resolve_chain
from service.corpus.discover import CorpusFile, discover
from service.corpus.parse import Division, ParsedDoc, parse_markdown, stated_commencement

_ORIGIN_RE = re.compile(r"(通过|公布|发布|颁布|批准)")
_CHANGE_RE = re.compile(r"(修正|修订|修改|修改决定)")


@dataclass
class Version:
    files: list[CorpusFile]
    doc: ParsedDoc
    dates: VersionDates
    segment: str = ""  # IRI segment (date or 'undated')


@dataclass
class Law:
    type_zh: str
    short_title: str
    title: str
    level: str
    region: str | None
    versions: list[Version] = field(default_factory=list)


@dataclass
class Skipped:
    path: str
    reason: str


def _version_date(f: CorpusFile, doc: ParsedDoc) -> tuple[str | None, str]:
    if f.file_date:
        return f.file_date, "metadata"
    if f.meta and f.meta.publish:
        return f.meta.publish, "metadata"
    dated = [e for e in doc.events if e.date and (_ORIGIN_RE.search(e.text) or _CHANGE_RE.search(e.text))]
    if dated:
        return max(e.date for e in dated if e.date), "stated"
    return None, "derived"


def _is_original(doc: ParsedDoc, version_date: str | None) -> bool:
    if version_date is None:
        return True
    return not any(e.date and e.date < version_date for e in doc.events)


def _merge_civil_code(parts: list[tuple[CorpusFile, ParsedDoc]]) -> ParsedDoc:
    """The 民法典 is split into one file per 编: one law, books in metadata order."""
    parts.sort(key=lambda p: (p[0].meta.order if p[0].meta and p[0].meta.order else 999, p[0].rel))
    merged = ParsedDoc(parts[0][1].title, None, parts[0][1].events, [], [], [], [])
    book_no = 0
    for f, doc in parts:
        name = doc.subtitle or f.path.stem
        if name.endswith("编") or name == "总则":
            book_no += 1
            book = Division("book", book_no, f"第{'一二三四五六七'[book_no - 1]}编 {name}", name,
                            None, book_no)
        else:
            book = Division("other", None, name, name, None, 1)
        merged.divisions.append(book)
        for d in doc.divisions:
            if d.parent is None:
                d.parent = book
            merged.divisions.append(d)
        for a in doc.articles:
            if a.division is None:
                a.division = book
            merged.articles.append(a)
        merged.loose_paragraphs.extend(doc.loose_paragraphs)
        merged.warnings.extend(f"{f.rel}: {w}" for w in doc.warnings)
    return merged


def load_laws(
    root: Path, overrides: dict[tuple[str, str], Override], snapshot: str
) -> tuple[list[Law], list[Skipped], int]:
    """Read the whole corpus. Returns laws, skipped files (with reasons) and the file count."""
    files = discover(root)
    skipped: list[Skipped] = []
    laws: dict[tuple[str, str, str | None], Law] = {}
    civil: list[tuple[CorpusFile, ParsedDoc]] = []
    for f in files:
        try:
            text = f.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            skipped.append(Skipped(f.rel, f"unreadable: {type(exc).__name__}"))
            continue
        doc = parse_markdown(text)
        if f.meta is not None and f.meta.level == "案例":
            skipped.append(Skipped(f.rel, "a court case, not a legal instrument"))
            continue
        if f.category == "民法典":
            civil.append((f, doc))
            continue
        if not doc.articles and not doc.loose_paragraphs and not any(
            d.paragraphs for d in doc.divisions
        ):
            skipped.append(Skipped(f.rel, "no provisions in the body"))
            continue
        key = (f.type_zh, f.title, f.region)
        law = laws.get(key)
        if law is None:
            full = doc.title or f.title
            law = laws[key] = Law(f.type_zh, f.title, full, f.level, f.region)
        law.versions.append(_new_version([f], doc, overrides))
    if civil:
        doc = _merge_civil_code(civil)
        law = Law("法律", "民法典", doc.title or "中华人民共和国民法典", "national", None)
        law.versions.append(_new_version([c[0] for c in civil], doc, overrides))
        laws[("法律", "民法典", None)] = law

    for law in laws.values():
        law.versions.sort(key=lambda v: (v.dates.version_date or "9999", v.files[0].rel))
        seen: dict[str, Version] = {}
        kept: list[Version] = []
        for v in law.versions:
            seg = v.dates.version_date or "undated"
            if seg in seen:
                other = seen[seg]
                if other.doc.articles and [a.text for a in other.doc.articles] == [
                    a.text for a in v.doc.articles
                ]:
                    skipped.append(Skipped(v.files[0].rel, f"same text as {other.files[0].rel}"))
                    continue
                if v.files[0].file_date is None:
                    seg = "undated"
                    if seg in seen:
                        skipped.append(Skipped(v.files[0].rel, "second undated file of one law"))
                        continue
                    v.dates.version_date = None
                else:
                    skipped.append(Skipped(v.files[0].rel, f"duplicate version {seg}"))
                    continue
            v.segment = seg
            seen[seg] = v
            kept.append(v)
        kept.sort(key=lambda v: (v.dates.version_date or "9999", v.files[0].rel))
        law.versions = kept
        resolve_chain([v.dates for v in kept], snapshot)
    return list(laws.values()), skipped, len(files)


def _new_version(
    files: list[CorpusFile], doc: ParsedDoc, overrides: dict[tuple[str, str], Override]
) -> Version:
    f = files[0]
    vdate, vsource = _version_date(f, doc)
    stated, on_pub = stated_commencement(doc)
    meta = f.meta
    dates = VersionDates(
        version_date=vdate,
        version_date_source=vsource,
        stated_from=stated,
        on_publication=on_pub,
        is_original=_is_original(doc, vdate),
        meta_valid_from=meta.valid_from if meta else None,
        meta_expired=meta.expired if meta else False,
        override=overrides.get((f.title, vdate or "")),
    )
    return Version(files, doc, dates)
