"""Importer units: numerals, Markdown parsing, in-force evidence order, IRIs."""

from __future__ import annotations

import pytest

from service.corpus.dates import Override, VersionDates, resolve_chain
from service.corpus.numerals import article_label, cn_to_int, int_to_cn, parse_article_number
from service.corpus.parse import INFO_END, parse_markdown, stated_commencement
from service.iri import article_iri, title_slug


@pytest.mark.parametrize(("cn", "n"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零七", 107),
                                       ("二百六十六", 266), ("一千二百六十", 1260), ("一千零一", 1001), ("两", 2)])
def test_numerals_roundtrip(cn: str, n: int) -> None:
    assert cn_to_int(cn) == n
    if cn != "两":
        assert int_to_cn(n) == cn


@pytest.mark.parametrize(("text", "expected"), [("第二十六条之一", (26, 1)), ("26", (26, 0)), ("26-1", (26, 1)),
                                                 ("第一百二十条之六", (120, 6)), ("第26条", (26, 0))])
def test_article_numbers(text: str, expected: tuple[int, int]) -> None:
    assert parse_article_number(text) == expected
    assert parse_article_number(article_label(*expected)) == expected


SAMPLE = f"""# 中华人民共和国示例法

2001年1月1日 第九届全国人民代表大会常务委员会第二十次会议通过

2010年6月30日 第十一届全国人民代表大会常务委员会第十五次会议修正

{INFO_END}

## 序言

这是序言。

## 第一章 总则

### 第一节 一般规定

第一条 为了测试，制定本法。

第二条 下列行为禁止：

（一）第一项；

（二）第二项。

违反前款规定的，依法处理。

第二条之一 插入的条文。

## 第二章 附则

第三条 本法自2001年3月1日起施行。
"""


def test_parse_structure() -> None:
    doc = parse_markdown(SAMPLE)
    assert doc.title == "中华人民共和国示例法"
    assert [e.date for e in doc.events] == ["2001-01-01", "2010-06-30"]
    assert [d.kind for d in doc.divisions] == ["preamble", "chapter", "section", "chapter"]
    assert doc.divisions[0].paragraphs == ["这是序言。"]
    assert doc.divisions[2].parent is doc.divisions[1]
    assert [(a.number, a.suffix) for a in doc.articles] == [(1, 0), (2, 0), (2, 1), (3, 0)]
    art2 = doc.articles[1]
    assert len(art2.paragraphs) == 2
    assert [i.number for i in art2.paragraphs[0].items] == [1, 2]
    assert art2.paragraphs[1].text.startswith("违反前款")
    assert stated_commencement(doc) == ("2001-03-01", False)


def _v(vd: str, stated: str | None = None, meta: str | None = None, original: bool = True,
       override: Override | None = None, expired: bool = False) -> VersionDates:
    return VersionDates(vd, "metadata", stated, False, original, meta, expired, override)


def test_evidence_order() -> None:
    # an amended text keeps its original 施行 clause: ignored; curated beats metadata
    chain = [_v("2001-01-01", stated="2001-03-01"),
             _v("2010-06-30", stated="2001-03-01", meta="2010-06-30", original=False,
                override=Override("2011-01-01", None, "decision")),
             _v("2020-01-01", stated=None, meta="2020-05-01", original=False),
             _v("2024-01-01", stated=None, meta=None, original=False)]
    resolve_chain(chain, "2025-04-19")
    assert [(v.in_force_from, v.in_force_from_source) for v in chain] == [
        ("2001-03-01", "stated"), ("2011-01-01", "curated"), ("2020-05-01", "metadata"),
        ("2024-01-01", "derived")]
    assert chain[0].in_force_until == "2011-01-01"
    assert [v.status for v in chain] == ["amended", "amended", "amended", "in-force"]


def test_not_yet_and_repealed() -> None:
    chain = [_v("2020-01-01", stated="2020-02-01"), _v("2025-03-01", stated="2025-06-01", original=False)]
    resolve_chain(chain, "2025-04-19")
    assert chain[0].status == "in-force" and chain[0].in_force_until == "2025-06-01"
    assert chain[1].status == "not-yet-in-force"
    gone = [_v("2000-01-01", stated="2000-02-01", expired=True)]
    resolve_chain(gone, "2025-04-19")
    assert gone[0].status == "repealed"


def test_iris_are_readable_and_stable() -> None:
    assert title_slug("民法典 合同编") == "民法典_合同编"
    assert title_slug('a<b>"c') == "a%3Cb%3E%22c"
    assert article_iri("https://x/v", 26, 1) == "https://x/v/art_26-1"


def test_zero_width_marks_make_no_paragraph() -> None:
    """Bug: a line holding only U+200B became an extra, invisible paragraph (147 articles)."""
    text = SAMPLE.replace("第三条 本法自2001年3月1日起施行。", "第三条 本法自2001年3月1日\u200b起施行。\n\n\u200b\n")
    art3 = parse_markdown(text).articles[-1]
    assert [p.text for p in art3.paragraphs] == ["本法自2001年3月1日起施行。"]
