"""Credit-provision finder: classify every article of the corpus by what it establishes.

Five classes (the ``establishes`` codes a..e of the reference data):

* ``records``  (a) brings information into credit records, archives or platforms;
* ``list``     (b) sets up a dishonesty list, blacklist or abnormal-operation register;
* ``sanction`` (c) imposes a sanction or restriction tied to (dis)honesty or a list;
* ``repair``   (d) repair, removal from a list, end of publication, retention or correction;
* ``privacy``  (e) privacy, authorisation / consent, objection and access rights.

Each class is a set of general phrase patterns (no lookup of known articles); some
patterns only count where the article also speaks of credit (``_CREDIT``). The phrase
that matched is returned as the evidence. Results for the whole corpus are computed
once per build and cached in the build folder (``analytics/finder.json``).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from service.analytics.corpus_view import CorpusView, build_dir, corpus_view
from service.store.base import Store

CLASSES = ("records", "list", "sanction", "repair", "privacy")
_S = r"[^。；\n]"  # within one clause
CODES = {"a": "records", "b": "list", "c": "sanction", "d": "repair", "e": "privacy"}

_CREDIT = re.compile(r"(?<![电迷通])信用|诚信(?!原则)|失信|守信|征信|黑名单|不良(?:行为)?记录|异常名录|违法失信")
_STRICT = re.compile(r"失信|黑名单|惩戒|不良信用记录|不良行为记录|信用记录|(?:违法|不良)[^。；\n]{0,10}名单")
# a phrase right after these words is negated or undone (未按照规定报送…, 停止实施…惩戒)
_NEGATED = re.compile(r"(?:未按照[^。；，\n]{0,8}规定|违反规定|违规|停止|解除|不再|撤销)[^。；，\n]{0,6}$")
_PASSIVE = re.compile(r"(?:被|被依法|对|已)$")
_EXEC = re.compile(_CREDIT.pattern + r"|被执行人")
_PUBLISHED = re.compile(_CREDIT.pattern + r"|(?:处罚|违法|不良|失信)信息")
_TITLES = re.compile(r"《[^《》]*》")
_G = r"[^。；，,\n]"  # within one phrase (no comma)

# class → [(pattern, context gate or None)]
PATTERNS: dict[str, list[tuple[re.Pattern[str], re.Pattern[str] | None]]] = {
    "records": [
        (re.compile(rf"(?:记入|纳入|录入|归集|计入|载入|记录于|报送|共享到?|推送){_G}{{0,40}}?"
                    r"(?:信用(?:档案|记录|信息|系统|平台|监管)|诚信(?:档案|记录|评价|信息)|征信(?:系统|机构|记录)?"
                    r"|社会信用体系)"), None),
        (re.compile(rf"建立{_G}{{0,40}}?(?:信用(?:档案|记录|信息|监管制度)|诚信(?:档案|记录)|"
                    r"(?:良好|不良)(?:行为)?记录)"), None),
        (re.compile(rf"向{_G}{{0,20}}信用{_G}{{0,12}}(?:平台|系统)(?:归集|报送|推送)|"
                    r"(?:信用|诚信)(?:档案|记录)(?:制度|数据库)|信用记录与评价|"
                    rf"信息向{_G}{{0,20}}征信机构|信用信息公示系统{_G}{{0,6}}标注|记录于{_G}{{0,10}}信用信息公示系统"), None),
    ],
    "list": [
        (re.compile(rf"(?:列入|纳入|记入|录入|列为|认定为|确定为){_G}{{0,30}}?"
                    r"(?:失信|黑名单|严重违法|异常名录|不良(?:行为)?记录名单|重点关注|违法失信|严重失信)"
                    rf"{_G}{{0,20}}?(?:名单|名录|数据库|对象)"), None),
        (re.compile(r"(?:严重)?失信(?:被执行人|主体|人员|企业|联合惩戒对象)?名单|黑名单|经营异常名录|"
                    r"严重违法(?:失信)?(?:企业|主体)?名单|不良(?:行为)?记录名单|严重失信行为数据库|"
                    r"(?:公开|公布)[^。；\n]{0,10}违法(?:者|企业|单位)?名单|属于严重失信|严重失信主体"), None),
    ],
    "sanction": [
        (re.compile(r"(?:联合|失信|信用)惩戒(?!对象)|失信约束|信用约束|"
                    r"限制(?:其)?高消费|限制其消费|消费令|阻止其出境|限制其出境|(?:证券|期货)?(?:市场|行业)禁入"), None),
        (re.compile(r"惩戒措施|(?:实施|予以|依法)惩戒"), _CREDIT),
        (re.compile(rf"(?:取消|暂停|禁止){_S}{{0,14}}?(?:\d+|[一二三四五六七八九十])"
                    rf"(?:年|个月){_S}{{0,20}}?(?:投标|参加|参与|申请|承担|从事){_S}{{0,20}}?(?:资格|活动|项目)"), None),
        (re.compile(rf"(?:不得|禁止|限制|取消){_S}{{0,30}}?(?:录用|招录|聘用|担任|参加|参与|申请|"
                    r"享受|获得|评优|资质|准入|融资|财政资金|新建项目|补贴|荣誉|从事)|限制出境"), _STRICT),
        (re.compile(r"(?:具有|有)良好(?:的)?信用记录|(?:信用|诚信)记录作为|对有[^。；\n]{0,6}不良信用记录的|"
                    r"(?:名单|名录)(?:中)?的?(?:企业|主体)?[^。；\n]{0,20}(?:限制|禁入|惩戒)|"
                    r"(?:数据比对|信用审查|信用核查)|相关信用记录|"
                    r"未被(?:依法)?(?:列为|列入|纳入)[^。；\n]{0,20}(?:失信|名单)"), _CREDIT),
    ],
    "repair": [
        (re.compile(r"信用修复|修复(?:其)?信用|移出[^。；\n]{0,10}(?:失信|黑|异常|惩戒|严重)[^。；\n]{0,8}(?:名单|名录)|"
                    r"从[^。；\n]{0,12}(?:失信|黑|异常|惩戒)[^。；\n]{0,8}(?:名单|名录)库?中?(?:移出|删除)"),
         None),
        (re.compile(r"(?:停止|不再|终止)(?:公示|公开|公布)|提前停止|公示期(?:限|满)|保存期限"), _PUBLISHED),
        (re.compile(r"(?:解除|撤销)[^。；\n]{0,6}(?:限制(?:高消费|消费|出境)?|惩戒|禁令|消费令)"), _EXEC),
        (re.compile(rf"(?<!违规)(?<!擅自)(?<!非法)(?:删除|撤销|更正|纠正|修复)(?:其|相关|有关|该|相应)?{_G}{{0,10}}?(?:不良|失信|信用|征信)(?:信息|记录|状态)|"
                    r"(?:申请|请求)(?:纠正|更正|删除)|异议[^。；\n]{0,20}(?:更正|删除|撤销)[^。；\n]{0,6}(?:信息|记录)|异议并请求[^。；\n]{0,10}(?:更正|删除)"), _CREDIT),
    ],
    "privacy": [
        (re.compile(rf"个人信息|隐私|商业秘密|(?:信息|信用)主体{_G}{{0,20}}(?:同意|有权|享有|授权|异议|查询|告知)|"
                    rf"(?:侵犯|损害|侵害){_G}{{0,6}}(?:信息|信用)主体|"
                    rf"(?:本人|个人|主体){_G}{{0,10}}(?:书面)?同意|同意{_G}{{0,10}}(?:查询|采集|提供|处理|使用)|"
                    rf"(?:本人|个人|主体){_G}{{0,10}}授权|授权(?:查询|使用|采集|提供)|未经{_G}{{0,10}}授权|"
                    rf"(?:获取|查询){_G}{{0,10}}信用报告|查询(?:自己|本人)|征信记录|"
                    rf"有权{_G}{{0,10}}(?:查询|获取){_G}{{0,10}}(?:信用|信息)|信息{_G}{{0,10}}(?:有异议|提出异议)"),
         _CREDIT),
    ],
}
_PRIVACY_LAW = re.compile(r"个人信息|征信|信用|数据安全")


@dataclass
class Finding:
    uri: str
    classes: list[str]
    evidence: dict[str, str]


def _affirmed(cls: str, text: str, start: int) -> bool:
    """False when the phrase at ``start`` is negated/undone, or (lists) only a condition."""
    before = text[max(0, start - 16):start]
    if cls in ("records", "list", "sanction") and _NEGATED.search(before):
        return False
    return not (cls == "list" and _PASSIVE.search(before))


def classify(text: str, law_title: str = "") -> tuple[list[str], dict[str, str]]:
    """The classes of one provision text and, for each, the phrase that shows it."""
    text = _TITLES.sub("《》", text)  # a title naming a credit regulation is not evidence
    classes: list[str] = []
    evidence: dict[str, str] = {}
    for cls in CLASSES:
        for pattern, gate in PATTERNS[cls]:
            if gate is not None and not gate.search(text) and not (
                    cls == "privacy" and _PRIVACY_LAW.search(law_title)):
                continue
            m = next((m for m in pattern.finditer(text) if _affirmed(cls, text, m.start())), None)
            if m:
                classes.append(cls)
                evidence[cls] = m.group(0)[:60]
                break
    return classes, evidence


def scan(view: CorpusView) -> list[Finding]:
    out: list[Finding] = []
    for art in view.articles.values():
        w = view.work_of(art.uri)
        classes, evidence = classify(art.text, w.title if w else "")
        if classes:
            out.append(Finding(art.uri, classes, evidence))
    return out


_lock = threading.Lock()
_cache: dict[str, dict[str, Finding]] = {}
CACHE_FILE = "finder.json"
# the cache is valid for exactly these patterns
VERSION = hashlib.sha1(repr([(c, [(p.pattern, g.pattern if g else None) for p, g in PATTERNS[c]])
                             for c in CLASSES]).encode()).hexdigest()[:16]


def findings(store: Store) -> dict[str, Finding]:
    """Every classified article of the live build: IRI → Finding (cached per build)."""
    d = build_dir(store)
    key = str(d)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    with _lock:
        if key in _cache:
            return _cache[key]
        path = Path(d) / "analytics" / CACHE_FILE
        data: dict[str, Finding] | None = None
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") == VERSION:
                data = {f["uri"]: Finding(**f) for f in raw["findings"]}
        if data is None:
            data = {f.uri: f for f in scan(corpus_view(store))}
            _write(path, {"version": VERSION, "findings": [asdict(f) for f in data.values()]})
        _cache.clear()
        _cache[key] = data
        return data


def _write(path: Path, payload: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only build folder: keep the result in memory only
