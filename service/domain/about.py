"""What data the service answers from: corpus snapshot, ontology version, build, coverage."""

from __future__ import annotations

import json
from typing import Any

from service.config import get_settings
from service.domain.cache import per_store
from service.store.base import Store

KNOWN_GAPS = [
    {"zh": "语料为2025-04-19快照：此后的法律修改、废止和新法未知，晚于该日期的答复均以此为限。",
     "en": "The corpus is a snapshot of 2025-04-19: later amendments, repeals and new laws are unknown; answers for later dates say so."},
    {"zh": "地方性法规仅覆盖上海、北京、山东、广东、河南、浙江、重庆七地。",
     "en": "Local regulations cover seven regions only: Shanghai, Beijing, Shandong, Guangdong, Henan, Zhejiang, Chongqing."},
    {"zh": "部门规章仅收录少数部门；国办发文件、信用修复办法等政策文件文本不在语料中，仅按文号和条目引用。",
     "en": "Only a few department rules are included; the texts of State Council policy documents and the credit-repair orders are not in the corpus and are cited by document number and clause only."},
    {"zh": "部分版本的施行日期由元数据或公布日期推定（见 date_source）。",
     "en": "Some entry-into-force dates come from metadata or are derived from the promulgation date (see date_source)."},
]


def _build_name(store: Store) -> str:
    build = getattr(store, "build_dir", None)
    return build.name if build is not None else store.kind


@per_store
def data_version(store: Store) -> dict[str, Any]:
    rows = store.select("ontology-version")
    return {
        "corpus_snapshot": get_settings().corpus_snapshot,
        "ontology_version": rows[0].get("version") if rows else None,
        "build": _build_name(store),
    }


@per_store
def about(store: Store) -> dict[str, Any]:
    """`GET /api/about`: data version, coverage and known gaps (computed once per build)."""
    coverage: dict[str, Any] = {"levels": {}, "regions": {}}
    for row in store.select("store-stats"):
        level = row["level"].rsplit("#", 1)[-1].removesuffix("Level").lower()
        n = int(row["laws"])
        coverage["levels"][level] = coverage["levels"].get(level, 0) + n
        if row.get("region"):
            coverage["regions"][row["region"]] = n
    build = getattr(store, "build_dir", None)
    if build is not None and (build / "report.json").exists():
        report = json.loads((build / "report.json").read_text(encoding="utf-8"))
        coverage["counts"] = {k: report.get(k) for k in (
            "files", "laws", "versions", "articles", "national_articles", "local_articles",
            "paragraphs", "items", "triples")}
        coverage["skipped"] = report.get("skipped", [])
    else:
        coverage["counts"] = {"triples": store.triple_count()}
    return {"data_version": data_version(store), "coverage": coverage, "known_gaps": KNOWN_GAPS}
