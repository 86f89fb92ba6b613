"""Turn grouped laws into N-Quads in the laws graph (ELI-aligned; see ontology/legal.ttl)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from service import iri as I
from service.corpus.laws import Law, Version
from service.corpus.nquads import QuadWriter, lit, typed
from service.corpus.numerals import int_to_cn
from service.corpus.parse import Article, Division
from service.vocab import CB, ELI, RDF_TYPE, RDFS, SKOS

A = RDF_TYPE
_DATE_PREFIX_RE = re.compile(r"^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_BODY_RE = re.compile(r"([\u4e00-\u9fff]{0,12}?)(第[一二三四五六七八九十百]+届)?(全国人民代表大会|人民代表大会)"
                      r"(常务委员会)?")
_DIV_CLASS = {"book": "Book", "subbook": "SubBook", "chapter": "Chapter", "section": "Section",
              "other": "Division", "preamble": "Preamble"}
_DIV_SEG = {"book": "book", "subbook": "subbook", "chapter": "chp", "section": "sec",
            "other": "div"}


@dataclass
class ProvisionRecord:
    """One provision as written to the graph; reused by the search index and the finder."""

    uri: str
    kind: str  # article | paragraph | item
    law_title: str
    short_title: str
    type_code: str
    level: str
    region: str | None
    version_uri: str
    version_date: str | None
    number: str
    text: str
    in_force_from: str | None = None
    in_force_until: str | None = None


@dataclass
class Counts:
    laws: int = 0
    versions: int = 0
    articles: int = 0
    paragraphs: int = 0
    items: int = 0
    national_articles: int = 0
    local_articles: int = 0


def issuing_body(law: Law, v: Version) -> str | None:
    if law.type_zh == "行政法规":
        return "国务院"
    if law.type_zh == "司法解释":
        bodies = [b for b in ("最高人民法院", "最高人民检察院") if b in law.title]
        return "、".join(bodies) or None
    if law.type_zh == "部门规章":
        parts = v.files[0].rel.split("/")
        return parts[1] if len(parts) > 2 else None
    for ev in v.doc.events:
        text = _DATE_PREFIX_RE.sub("", ev.text).strip()
        m = _BODY_RE.search(text)
        if m:
            prefix = m.group(1) if not m.group(1).endswith(("经", "由", "在")) else ""
            return f"{prefix}{m.group(3)}{m.group(4) or ''}"
    return None


def citation(law_title: str, art: Article, para_no: int | None, item_label: str | None) -> str:
    s = f"《{law_title}》{art.label}"
    if para_no is not None and len(art.paragraphs) > 1:
        s += f"第{int_to_cn(para_no)}款"
    if item_label:
        s += f"第{item_label}项"
    return s


def emit_law(law: Law, w: QuadWriter, counts: Counts) -> Iterator[ProvisionRecord]:
    type_code = I.INSTRUMENT_TYPES[law.type_zh]
    work = I.work_iri(type_code, law.short_title)
    counts.laws += 1
    w.add(work, A, f"<{CB}Law>")
    w.add(work, f"{ELI}title", lit(law.title, "zh"))
    w.add(work, f"{CB}shortTitle", lit(law.short_title, "zh"))
    w.add(work, f"{RDFS}label", lit(law.title, "zh"))
    w.add(work, f"{ELI}type_document", f"<{I.type_iri(type_code)}>")
    w.add(work, f"{CB}level", f"<{CB}{law.level.capitalize()}Level>")
    if law.region:
        w.add(work, f"{CB}region", lit(law.region, "zh"))
    prev: str | None = None
    for v in law.versions:
        vuri = I.version_iri(work, v.segment)
        yield from _emit_version(law, v, work, vuri, type_code, w, counts)
        if prev:
            w.add(vuri, f"{CB}previousVersion", f"<{prev}>")
            w.add(prev, f"{CB}nextVersion", f"<{vuri}>")
        prev = vuri


def _emit_version(
    law: Law, v: Version, work: str, vuri: str, type_code: str, w: QuadWriter, counts: Counts
) -> Iterator[ProvisionRecord]:
    counts.versions += 1
    d = v.dates
    w.add(vuri, A, f"<{CB}LawVersion>")
    w.add(vuri, f"{ELI}is_member_of", f"<{work}>")
    w.add(vuri, f"{ELI}title", lit(law.title, "zh"))
    w.add(vuri, f"{RDFS}label", lit(f"{law.title}（{v.segment}）", "zh"))
    w.add(vuri, f"{ELI}type_document", f"<{I.type_iri(type_code)}>")
    if d.version_date:
        w.add(vuri, f"{ELI}version_date", typed(d.version_date, "date"))
        w.add(vuri, f"{CB}versionDateSource", lit(d.version_date_source))
    if d.in_force_from:
        w.add(vuri, f"{ELI}first_date_entry_into_force", typed(d.in_force_from, "date"))
        w.add(vuri, f"{CB}inForceFromSource", lit(d.in_force_from_source))
    if d.in_force_until:
        w.add(vuri, f"{ELI}date_no_longer_in_force", typed(d.in_force_until, "date"))
    if d.in_force_until_source:
        w.add(vuri, f"{CB}inForceUntilSource", lit(d.in_force_until_source))
    w.add(vuri, f"{CB}status", f"<{CB}status-{d.status}>")
    for note in d.notes:
        w.add(vuri, f"{SKOS}editorialNote", lit(note, "en"))
    for f in v.files:
        w.add(vuri, f"{CB}sourceFile", lit(f.rel))
    body = issuing_body(law, v)
    if body:
        w.add(vuri, f"{ELI}passed_by", f"<{I.entity_iri('body', body)}>")
        w.add(I.entity_iri("body", body), A, f"<{CB}IssuingBody>")
        w.add(I.entity_iri("body", body), f"{RDFS}label", lit(body, "zh"))
    for n, ev in enumerate(v.doc.events, 1):
        evuri = f"{vuri}/event_{n}"
        w.add(vuri, f"{CB}historyEvent", f"<{evuri}>")
        w.add(evuri, A, f"<{CB}HistoryEvent>")
        w.add(evuri, f"{RDFS}label", lit(ev.text, "zh"))
        w.add(evuri, f"{CB}position", typed(n, "integer"))
        if ev.date:
            w.add(evuri, f"{CB}eventDate", typed(ev.date, "date"))

    div_iris: dict[int, str] = {}
    position = 0

    def div_iri(div: Division | None) -> str:
        if div is None:
            return vuri
        key = id(div)
        if key not in div_iris:
            parent = div_iri(div.parent)
            seg = "preamble" if div.kind == "preamble" else (
                f"{_DIV_SEG[div.kind]}_{div.number or div.ordinal}")
            uri = f"{parent}/{seg}"
            if uri in div_iris.values():
                uri = f"{parent}/{seg}-{div.ordinal}"
            div_iris[key] = uri
        return div_iris[key]

    for div in v.doc.divisions:
        nonlocal_pos = position = position + 1
        duri = div_iri(div)
        w.add(duri, A, f"<{CB}{_DIV_CLASS[div.kind]}>")
        w.add(duri, f"{ELI}is_part_of", f"<{div_iri(div.parent)}>")
        w.add(duri, f"{CB}inVersion", f"<{vuri}>")
        w.add(duri, f"{CB}heading", lit(div.label, "zh"))
        w.add(duri, f"{CB}position", typed(nonlocal_pos, "integer"))
        if div.number:
            w.add(duri, f"{CB}ordinal", typed(div.number, "integer"))
        if div.paragraphs:
            w.add(duri, f"{CB}text", lit("\n".join(div.paragraphs), "zh"))
    for n, text in enumerate(v.doc.loose_paragraphs, 1):
        puri = I.paragraph_iri(vuri, n)
        position += 1
        w.add(puri, A, f"<{CB}Paragraph>")
        w.add(puri, f"{ELI}is_part_of", f"<{vuri}>")
        w.add(puri, f"{CB}inVersion", f"<{vuri}>")
        w.add(puri, f"{CB}ordinal", typed(n, "integer"))
        w.add(puri, f"{CB}position", typed(position, "integer"))
        w.add(puri, f"{CB}text", lit(text, "zh"))
        counts.paragraphs += 1

    seen_articles: set[str] = set()
    for art in v.doc.articles:
        auri = I.article_iri(vuri, art.number, art.suffix)
        if auri in seen_articles:
            continue  # a repeated number (e.g. quoted amendment text) keeps the first
        seen_articles.add(auri)
        position += 1
        counts.articles += 1
        if law.level == "national":
            counts.national_articles += 1
        else:
            counts.local_articles += 1
        text = art.text
        w.add(auri, A, f"<{CB}Article>")
        w.add(auri, f"{ELI}is_part_of", f"<{div_iri(art.division)}>")
        w.add(auri, f"{CB}inVersion", f"<{vuri}>")
        w.add(auri, f"{ELI}number", lit(art.label, "zh"))
        w.add(auri, f"{CB}ordinal", typed(art.number, "integer"))
        if art.suffix:
            w.add(auri, f"{CB}suffix", typed(art.suffix, "integer"))
        w.add(auri, f"{CB}position", typed(position, "integer"))
        w.add(auri, f"{CB}text", lit(text, "zh"))
        w.add(auri, f"{CB}citation", lit(citation(law.title, art, None, None), "zh"))
        rec = ProvisionRecord(auri, "article", law.title, law.short_title, type_code, law.level,
                              law.region, vuri, v.dates.version_date, art.label, text,
                              v.dates.in_force_from, v.dates.in_force_until)
        yield rec
        for pn, para in enumerate(art.paragraphs, 1):
            puri = I.paragraph_iri(auri, pn)
            counts.paragraphs += 1
            ptext = "\n".join([para.text] * bool(para.text) + [i.label + i.text for i in para.items])
            w.add(puri, A, f"<{CB}Paragraph>")
            w.add(puri, f"{ELI}is_part_of", f"<{auri}>")
            w.add(puri, f"{CB}inVersion", f"<{vuri}>")
            w.add(puri, f"{ELI}number", lit(f"第{int_to_cn(pn)}款", "zh"))
            w.add(puri, f"{CB}ordinal", typed(pn, "integer"))
            w.add(puri, f"{CB}text", lit(ptext, "zh"))
            w.add(puri, f"{CB}citation", lit(citation(law.title, art, pn, None), "zh"))
            seen_items: set[int] = set()
            for item in para.items:
                if item.number in seen_items:
                    continue
                seen_items.add(item.number)
                iuri = I.item_iri(puri, item.number)
                counts.items += 1
                w.add(iuri, A, f"<{CB}Item>")
                w.add(iuri, f"{ELI}is_part_of", f"<{puri}>")
                w.add(iuri, f"{CB}inVersion", f"<{vuri}>")
                w.add(iuri, f"{ELI}number", lit(item.label, "zh"))
                w.add(iuri, f"{CB}ordinal", typed(item.number, "integer"))
                w.add(iuri, f"{CB}text", lit(item.text, "zh"))
                w.add(iuri, f"{CB}citation", lit(citation(law.title, art, pn, item.label), "zh"))
