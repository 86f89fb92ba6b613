"""The rules an explanation applies: id, IRI, zh/en name, legal source, accepted types.

Sources are provision IRIs of the corpus (resolved on the governing date) or instrument
clauses of the curated data (``…/id/clause/…``); ``citation`` is shown when the source is
not in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.domain.cache import store_key
from service.domain.errors import NotFound
from service.domain.explain.records import Facts
from service.domain.laws import resolve_law
from service.iri import BASE, article_iri, entity_iri, version_iri
from service.store.base import Store
from service.vocab import DCTERMS, ELI

RULE_BASE = BASE + "id/rule/"

#: Instrument types a sanction measure may rest on (国办发〔2020〕49号).
MEASURE_TYPES = ("law", "admin-regulation", "state-council-decision")
#: measures that neither reduce rights nor add obligations (management, market and social
#: measures) need a legal basis, but not one of the ranks above (49号 第四部分)
OTHER_MEASURE_TYPES = (*MEASURE_TYPES, "central-policy", "local-regulation", "department-rule", "judicial-interpretation")
RESTRICTING_KINDS = ("kind-reduces-rights", "kind-adds-obligations")
#: Instrument types a list's identification standard may rest on (department rules: interim only).
STANDARD_TYPES = ("law", "admin-regulation", "state-council-decision", "central-policy")
STANDARD_INTERIM_TYPES = ("department-rule",)
#: Instrument types a catalogue item may rest on.
CATALOGUE_TYPES = ("law", "admin-regulation", "state-council-decision", "central-policy")
#: The four permitted domains of a serious-dishonesty list.
PERMITTED_DOMAINS = ("domain-health-safety", "domain-market-order", "domain-refusing-obligations",
                     "domain-national-defence")


@dataclass(frozen=True)
class CorpusSource:
    """An article of a corpus law, resolved to the version in force on a date."""

    law: str
    anchor_version: str
    article: int
    citation_zh: str
    citation_en: str


@dataclass(frozen=True)
class ClauseSource:
    key: str
    citation_zh: str
    citation_en: str

    @property
    def iri(self) -> str:
        return entity_iri("clause", self.key)


Source = CorpusSource | ClauseSource

LEGISLATION_LAW_104 = CorpusSource("立法法", "2023-03-13", 104, "《立法法》第一百零四条（不溯及既往及其例外）",
                                   "Legislation Law art. 104 (no retroactivity, and its exception)")
PENALTY_LAW_37 = CorpusSource("行政处罚法", "2021-01-22", 37, "《行政处罚法》第三十七条（从旧兼从轻）",
                              "Administrative Penalty Law art. 37 (old law unless the new one is lighter)")
BUSINESS_ENV_19 = CorpusSource("优化营商环境条例", "2019-10-22", 19, "《优化营商环境条例》第十九条（统一社会信用代码）",
                               "Regulation on Optimising the Business Environment art. 19 (unified social credit code)")
PENALTY_LAW_44 = CorpusSource("行政处罚法", "2021-01-22", 44, "《行政处罚法》第四十四条（告知处罚内容及事实、理由、依据）",
                              "Administrative Penalty Law art. 44 (the decision states its content, facts, reasons and basis)")
GBF49_CATALOGUE = ClauseSource("GBF-2020-49-2-1", "国办发〔2020〕49号 第二部分（公共信用信息纳入范围与目录）",
                               "Guobanfa [2020] No. 49, part II: scope and catalogue of public credit information")
GBF49_LISTS = ClauseSource("GBF-2020-49-2-3", "国办发〔2020〕49号 第三部分（严重失信主体名单认定）",
                           "Guobanfa [2020] No. 49, part III: identifying serious-dishonesty lists")
GBF49_MEASURES = ClauseSource("GBF-2020-49-2-4", "国办发〔2020〕49号 第四部分（失信惩戒措施须于法有据）",
                              "Guobanfa [2020] No. 49, part IV: sanction measures must rest on law")


@dataclass(frozen=True)
class Rule:
    id: str
    zh: str
    en: str
    source: Source

    @property
    def iri(self) -> str:
        return RULE_BASE + self.id


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("record-found", "记录存在", "the record exists", GBF49_MEASURES),
    Rule("measure-named", "决定载明惩戒措施", "the decision names a sanction measure", GBF49_MEASURES),
    Rule("decided-by", "由措施的实施机关作出", "decided by a body that implements the measure", GBF49_MEASURES),
    Rule("decision-cites-basis", "决定直接引用其依据条款", "the decision itself cites the clause it rests on", PENALTY_LAW_44),
    Rule("basis-cited", "措施载明法律依据", "the measure cites its legal basis", GBF49_MEASURES),
    Rule("basis-type", "依据的文件类型符合要求", "the basis is of an accepted instrument type", GBF49_MEASURES),
    Rule("basis-in-force", "依据在决定之日有效", "the basis is in force on the decision date", PENALTY_LAW_37),
    Rule("no-retroactivity", "行为时依据已有效（不溯及既往）", "the basis was in force when the conduct occurred (no retroactivity)",
         LEGISLATION_LAW_104),
    Rule("lighter-new-rule", "新规定较轻时适用新规定", "a lighter newer rule applies", PENALTY_LAW_37),
    Rule("subject-identified", "主体身份明确（统一社会信用代码校验正确）",
         "the subject is identified (unified social credit code with a valid check digit)", BUSINESS_ENV_19),
    Rule("entry-linked", "决定基于该主体的名单条目", "the decision rests on a list entry of the same subject", GBF49_LISTS),
    Rule("entry-current", "名单条目在决定之日仍有效（未退出、未修复）", "the list entry was current on the decision date (not exited or repaired)",
         GBF49_LISTS),
    Rule("category-matches", "措施由该名单类别触发", "the measure is triggered by the entry's list category", GBF49_MEASURES),
    Rule("standard-cited", "名单载明认定标准", "the list cites its identification standard", GBF49_LISTS),
    Rule("standard-type", "认定标准的文件类型符合要求", "the identification standard is of an accepted instrument type", GBF49_LISTS),
    Rule("standard-in-force", "认定标准在列入之日有效", "the identification standard was in force on the listing date", GBF49_LISTS),
    Rule("domain-permitted", "名单属于四类允许领域之一", "the list falls in one of the four permitted domains", GBF49_LISTS),
    Rule("prior-notice", "列入前已告知", "notice was given before listing", GBF49_LISTS),
    Rule("objection", "异议已处理", "objections were heard", GBF49_LISTS),
    Rule("catalogue-basis", "目录条目依据符合要求", "the catalogue item rests on an accepted basis", GBF49_CATALOGUE),
)}


def rule_ref(store: Store, facts: Facts, rule: Rule, date: str) -> dict[str, Any]:
    """``{id, iri, label, source: {uri, citation}}`` with the source resolved on ``date``."""
    return {"id": rule.id, "iri": rule.iri, "label": {"zh": rule.zh, "en": rule.en},
            "source": source_ref(store, facts, rule.source, date)}


def source_ref(store: Store, facts: Facts, src: Source, date: str) -> dict[str, Any]:
    if isinstance(src, ClauseSource):
        node = facts.get(src.iri)
        out: dict[str, Any] = {"uri": src.iri, "citation": {"zh": src.citation_zh, "en": src.citation_en},
                               "in_store": node is not None}
        if node is not None and node.one(ELI + "number"):
            out["number"] = node.one(ELI + "number")
            out["abstract"] = {"zh": node.text(DCTERMS + "abstract", "zh"),
                               "en": node.text(DCTERMS + "abstract", "en")}
        return out
    return _corpus_source(store, src, date)


_corpus_cache: dict[tuple[str, str, int, str], dict[str, Any]] = {}


def _corpus_source(store: Store, src: CorpusSource, date: str) -> dict[str, Any]:
    """The source article in the version in force on ``date``, mapped by content from the
    anchor version when numbers differ (立法法 2023 第一百零四条 = 2015 第九十三条)."""
    from service.domain.explain.pointintime import basis_info, counterpart

    key = (store_key(store), src.law, src.article, date)  # per build: a re-import changes the key
    hit = _corpus_cache.get(key)
    if hit is not None:
        return hit
    out: dict[str, Any] = {"uri": None, "citation": {"zh": src.citation_zh, "en": src.citation_en}}
    try:
        ref = resolve_law(store, title=src.law)
    except NotFound:
        return out
    anchor = article_iri(version_iri(ref.work, src.anchor_version), src.article)
    out["uri"] = anchor
    try:
        b = basis_info(store, Facts(store), anchor, date)
        cp = counterpart(store, b, date)
    except NotFound:
        cp = None
    if cp and cp.get("uri"):
        out["uri"] = cp["uri"]
        out["version_date"] = cp["version"]["version_date"]
    else:
        out["version_date"] = src.anchor_version
    if len(_corpus_cache) > 4096:
        _corpus_cache.clear()
    _corpus_cache[key] = out
    return out


def measure_basis_types(kind: str | None) -> tuple[str, ...]:
    """Accepted basis types for a measure of ``kind`` (an IRI; unknown kind → the strict set)."""
    if kind is None or kind.rsplit("#", 1)[-1] in RESTRICTING_KINDS:
        return MEASURE_TYPES
    return OTHER_MEASURE_TYPES
