"""Credit-provision finder: recall on the reference rows, precision on a labelled sample."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from service.analytics.finder import CLASSES, CODES, classify

CREDIT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "credit"
SAMPLE = Path(__file__).parent / "cases" / "finder" / "precision_sample.csv"
HELDOUT = Path(__file__).parent / "cases" / "finder" / "heldout.csv"
needs_credit = pytest.mark.skipif(not (CREDIT / "provisions.csv").exists(),
                                  reason=f"reference data not found at {CREDIT}")


def _rows() -> list[dict[str, str]]:
    out = []
    for name in ("provisions.csv", "local_overreach.csv"):
        with (CREDIT / name).open(encoding="utf-8") as f:
            out += list(csv.DictReader(f))
    return out


def _article(view, row: dict[str, str]):  # type: ignore[no-untyped-def]
    works = view.titles(row["law_title"])
    if row.get("region"):
        works = [w for w in works if w.region == row["region"]] or works
    for w in works:
        vs = [v for v in w.versions if v.version_date == row["version_date"]] or w.versions
        for v in vs:
            for a in v.articles:
                if a.ordinal == int(row["article_no"]) and a.suffix == 0:
                    return a
    return None


@needs_credit
def test_recall_per_class(store) -> None:  # type: ignore[no-untyped-def]
    from service.analytics.corpus_view import corpus_view
    from service.analytics.finder import findings

    view = corpus_view(store)
    found = findings(store)
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missing = []
    for row in _rows():
        art = _article(view, row)
        assert art is not None, f"{row['law_title']} {row['article_cn']} not in the store"
        for code in row["establishes"].split("|"):
            cls = CODES[code.strip()]
            total[cls] += 1
            if art.uri in found and cls in found[art.uri].classes:
                hits[cls] += 1
            else:
                missing.append((cls, row["law_title"], row["article_cn"]))
    print("\nfinder recall: " + ", ".join(f"{c} {hits[c]}/{total[c]} = {hits[c] / total[c]:.2f}"
                                          for c in CLASSES if total[c]))
    for c in CLASSES:
        if total[c]:
            assert hits[c] / total[c] >= 0.9, (c, missing)


@needs_credit
def test_precision_on_labelled_sample(store) -> None:  # type: ignore[no-untyped-def]
    from service.analytics.corpus_view import corpus_view
    from service.analytics.finder import findings

    view = corpus_view(store)
    found = findings(store)
    reference = {a.uri for row in _rows() if (a := _article(view, row)) is not None}
    pairs = sorted((u, c) for u, f in found.items() if u not in reference for c in f.classes)
    # a fixed-seed sample that small changes of the patterns do not reshuffle
    sample = sorted(pairs, key=lambda p: hashlib.sha1(f"20261203|{p[0]}|{p[1]}".encode()).hexdigest())[:100]
    with SAMPLE.open(encoding="utf-8") as f:
        labels = {(r["provision"], r["class"]): r["correct"] == "1" for r in csv.DictReader(f)}
    judged = [labels[p] for p in sample if p in labels]
    precision = sum(judged) / len(judged)
    print(f"\nfinder precision on the sample: {sum(judged)}/{len(judged)} = {precision:.2f} "
          f"({len(sample) - len(judged)} of 100 unlabelled)")
    assert len(judged) >= 90, "label the new finds of the sample (tests/cases/finder/precision_sample.csv)"
    assert precision >= 0.85


def _heldout_scores(rows: list[dict[str, str]], found: dict[str, Any]) -> tuple[Counter[str], Counter[str], int, int]:
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    right = wrong = 0
    for row in rows:
        gold = set() if row["classes"] == "none" else set(row["classes"].split("|"))
        got = set(found[row["provision"]].classes) if row["provision"] in found else set()
        for c in gold:
            total[c] += 1
            hits[c] += c in got
        right += len(got & gold)
        wrong += len(got - gold)
    return hits, total, right, wrong


def test_heldout_recall_and_precision(store) -> None:  # type: ignore[no-untyped-def]
    """Provisions outside the reference CSVs, labelled by reading the text (tests/cases/finder/heldout.csv).

    Rounds: 1 and 2 were labelled first and then used to improve the patterns; round 3 was labelled
    after that, measured, and only then used for a last pass; rounds 4 (90), 5 (135), 6 (90) and 7 (90; fixed-seed
    samples, 5–7 stratified on strong credit words) likewise. Hard negatives carry ``none``.
    """
    from service.analytics.corpus_view import corpus_view
    from service.analytics.finder import findings

    view = corpus_view(store)
    found = findings(store)
    with HELDOUT.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = [r["provision"] for r in rows if r["provision"] not in view.articles]
    assert not missing, f"held-out provisions not in the store: {missing[:5]}"
    assert sum(r["classes"] != "none" for r in rows) >= 60 and sum(r["classes"] == "none" for r in rows) >= 40
    for label, part in [(f"round {n}", [r for r in rows if r["round"] == n]) for n in ("1", "2", "3", "4", "5", "6", "7")] + [
            ("all", rows)]:
        hits, total, right, wrong = _heldout_scores(part, found)
        print(f"\nheld-out {label} ({len(part)} provisions): "
              + ", ".join(f"{c} {hits[c]}/{total[c]} = {hits[c] / total[c]:.2f}" for c in CLASSES if total[c])
              + f"; precision {right}/{right + wrong} = {right / max(1, right + wrong):.2f}")
    hits, total, right, wrong = _heldout_scores(rows, found)
    for c in CLASSES:
        assert total[c] >= 5 and hits[c] / total[c] >= 0.85, (c, hits[c], total[c])
    assert right / (right + wrong) >= 0.85


# --- the classifier on texts written for the test (own wording) --------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("主管部门应当将经营者的违法信息记入信用档案，并向社会公布。", {"records"}),
    ("对情节严重的，列入严重失信主体名单，依法实施联合惩戒。", {"list", "sanction"}),
    ("失信信息自公示之日起届满三年的，停止公示。", {"repair"}),
    ("信用主体有权查询自身信用信息，对信息有异议的，可以提出异议。", {"privacy"}),
    ("被列入失信被执行人名单的，不得担任本会理事。", {"sanction"}),
    ("对有失信记录的经营者，主管部门应当增加监督抽查频次。", {"sanction"}),
    ("有下列情形之一的，不得申请补助：（一）被依法列入严重失信主体名单的；（二）其他情形。", {"sanction"}),
    ("信用主体履行义务后，认定机关应当将其从失信名单中予以移除。", {"repair"}),
    # round-5 families, each in our own wording
    ("对弄虚作假取得许可的，主管机关撤销许可，并通过企业信用信息公示系统向社会公示。", {"records"}),
    ("主管部门应当建立违法行为信息库，对严重违法的单位依法采取联合惩戒措施。", {"records", "sanction"}),
    ("监管部门根据经营者的信用等级实施分级分类监管，对信用较差的提高检查频次。", {"sanction"}),
    ("申请设立经营机构，应当具备下列条件：（一）主要出资人信誉良好；（二）有固定场所。", {"sanction"}),
    ("被执行人拒不履行的，法院可以限制其出境，并在征信系统中记录。", {"records", "sanction"}),
    ("失信信息的查询期限届满后，平台不得继续提供查询。", {"repair"}),
    ("服务机构对其知悉的信用信息应当依法保密，不得向境外提供。", {"privacy"}),
    ("被列入经营异常名录的，应当在办理变更时一并变更住所。", {"sanction"}),
    ("施工单位的违法行为及处理结果，纳入本市环境信用评价系统。", {"records"}),
    ("主管部门对经营者的服务质量实施信用评价，并将评价结果向社会公布。", {"records"}),
    ("海关根据企业的信用状况和风险程度确定稽查重点。", {"sanction"}),
    ("情节严重的，列入从业人员失信记录，三年内不得从事该项业务。", {"records", "sanction"}),
    ("主管部门应当根据企业信用状况建立惩戒机制。", {"sanction"}),
    ("设立本市严重失信主体名单的，应当由地方性法规规定列入和移出的条件。", {"list"}),
])
def test_classify_finds(text: str, expected: set[str]) -> None:
    classes, evidence = classify(text)
    assert expected <= set(classes)
    assert all(evidence[c] and evidence[c] in text for c in classes)


@pytest.mark.parametrize("text", [
    "当事人应当遵循诚信原则，不得泄露在订立合同中知悉的商业秘密。",
    "公示期限不得少于三十日，公示期满无异议的，予以登记。",
    "电信业务经营者未经用户同意，不得变更电信用户的服务。",
    "行业协会可以对违反章程的会员采取警告等惩戒措施。",
    "根据《上海市社会信用条例》制定本办法。",
    "地块达到修复目标的，应当及时移出风险管控和修复名录。",
    "登记机关应当将企业的登记事项通过企业信用信息公示系统向社会公示。",
    "对信用良好的经营者，有关部门可以提供通关便利。",
    "有关部门应当建立违法行为信息共享和执法协作机制，完善奖励惩戒等工作机制。",
    "行业协会依照章程规定对违规会员予以惩戒，并记入会员档案。",
    "经营者应当诚信经营，未经消费者同意不得收集其个人信息。",
    "从事基金业务应当履行诚实信用义务，不得泄露商业秘密。",
])
def test_classify_ignores_lookalikes(text: str) -> None:
    assert classify(text)[0] == []


@pytest.mark.parametrize("text", [
    "被列入失信被执行人名单的，不得担任本会理事。",
    "对纳入严重失信主体名单的企业，依法限制其参加政府采购。",
    "将不应当列入失信名单的主体列入失信名单的，应当立即从名单中移除。",
])
def test_a_list_named_as_a_condition_is_not_a_list(text: str) -> None:
    assert "list" not in classify(text)[0]


def test_credit_provisions_api(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/credit-provisions", params={"class": "list", "level": "local", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] > 10 and len(body["items"]) == 5
    for item in body["items"]:
        assert "list" in item["classes"] and item["evidence"]["list"]
        assert item["uri"].startswith("https://w3id.org/creditbasis/eli/cn/local-regulation/")
        assert item["text"] and item["citation"]
    assert body["data_version"]["build"]
    r = client.get("/api/credit-provisions", params={"law": "征信业管理条例", "class": "privacy"})
    assert r.status_code == 200 and r.json()["total"] >= 3
    assert client.get("/api/credit-provisions", params={"class": "nonsense"}).status_code == 422
    assert client.get("/api/credit-provisions", params={"level": "galactic"}).status_code == 422
    assert client.get("/api/credit-provisions", params={"law": "不存在的法"}).status_code == 404


def test_cache_key_follows_every_rule_of_the_classifier(tmp_path: Path) -> None:
    """Bug: the per-build cache was keyed on PATTERNS only, so editing a gate served stale finds."""
    import importlib.util

    import service.analytics.finder as finder

    src = Path(finder.__file__).read_text(encoding="utf-8")
    assert '"违法|处罚|' in src
    copy = tmp_path / "finder_copy.py"
    copy.write_text(src.replace('"违法|处罚|', '"违法|', 1), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("finder_copy", copy)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys
    sys.modules["finder_copy"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["finder_copy"]
    assert module.PATTERNS.keys() == finder.PATTERNS.keys()
    assert module.VERSION != finder.VERSION
