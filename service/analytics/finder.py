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

import re
import sys
from dataclasses import asdict, dataclass

from service.analytics import build_cache
from service.analytics import corpus_view as _view_mod
from service.analytics.corpus_view import CorpusView, build_dir, corpus_view
from service.domain.cache import per_store
from service.store.base import Store

CLASSES = ("records", "list", "sanction", "repair", "privacy")
_S = r"[^。；\n]"  # within one clause
CODES = {"a": "records", "b": "list", "c": "sanction", "d": "repair", "e": "privacy"}

_CREDIT = re.compile(r"(?<![电迷通实])信用(?![证卡社])|诚信(?!原则)|失信|守信|征信|黑名单|不良(?:行为)?记录|异常名录|违法失信")
_STRICT = re.compile(r"失信|黑名单|惩戒|不良信用|信用信息记录|不良行为记录|信用记录|(?:违法|不良)[^。；\n]{0,10}名单|"
                     r"信用(?:状况)?(?:不良|较差)|信用等级(?:较)?低")
# information published through a credit system is a record when it is adverse (not bare registration data);
# this gate is checked near the phrase (its paragraph and the list it introduces), not in the whole article
_ADVERSE = re.compile(r"违法|处罚|撤销|吊销|失信|异常名录|不予配合|拒不|虚假|不良")
_ITEM_LINE = re.compile(r"\n[（(][一二三四五六七八九十\d]+[)）][^\n]*")
_CREDIT_OR_PUNISH = re.compile(_CREDIT.pattern + r"|联合惩戒")
# self-regulation by an association's charter is not a public credit sanction
_CHARTER = re.compile(r"章程|自律")
# a phrase right after these words is negated or undone (未按照规定报送…, 停止实施…惩戒)
_NEGATED = re.compile(r"(?:未按照[^。；，\n]{0,8}(?:规定|程序)|违反规定|违规(?!行为|情况|事项)|不应当?|不予|停止|解除|不再|撤销|错误|退出|移出)[^。；，\n]{0,6}$")
_PASSIVE = re.compile(r"(?:被|对|已|从)(?:依法)?(?:依规)?(?:列入|纳入|列为|载入|记入|认定为|确定为)?$")
_ATTRIBUTIVE = re.compile(r"(?:名单|名录)?(?:中)?的|(?:名单|名录)?库?中?(?:予以)?(?:移出|移除|删除)")
_UNDONE = re.compile(r"错误|不应当?")  # 错误采取…惩戒: a wrong measure to undo, not a measure
_PENDING = re.compile(r"未(?:完成|经|进行)?$")  # 尚未完成信用修复的: a condition, not repair
# privacy needs credit information in view (诚信经营 alone is not enough)
_CREDIT_INFO = re.compile(r"信用(?:信息|主体|报告|记录|档案|服务|评价)|征信|信息主体|失信")
_EXEC = re.compile(_CREDIT.pattern + r"|被执行人")
_PUBLISHED = re.compile(_CREDIT.pattern + r"|(?:处罚|违法|不良|失信)信息")
_TITLES = re.compile(r"《[^《》]*》")
_PUBLICATION = re.compile(r"(?:通过|在|于|记入|纳入|推送至|共享到)[^。；]{0,16}信用信息(?:公示系统|(?:共享|服务)?平台)"
                          r"[^。；]{0,12}(?:公示|公开|公布|曝光)")
_G = r"[^。；，,\n]"  # within one phrase (no comma)

# class → [(pattern, context gate or None)]
PATTERNS: dict[str, list[tuple[re.Pattern[str], re.Pattern[str] | None]]] = {
    "records": [
        (re.compile(rf"(?:记入|纳入|录入|归集|计入|载入|记录|记载|添加|汇集|报送|(?<!信息)共享(?!使用)到?|推送|(?<!信息)采集|征集){_G}{{0,40}}?"
                    r"(?:信用(?:档案|记录|信息(?!的?(?:查询|安全))|系统|平台|监管|数据)|诚信(?:档案|记录|评价|信息|(?:建设)?体系)"
                    r"|征信(?:系统|机构|记录)?|(?:社会)?信用(?:管理|监管|等级评价|评价)?体系|失信(?:行为|信息|情况|记录)|信用工作机构"
                    r"|信用[^。；，,\n]{1,4}?(?:系统|平台|数据库))"), None),
        # 通过企业信用信息公示系统予以公示 (adverse information: penalties, revocations, refusals)
        (_PUBLICATION, None),
        # 违法行为信息库 / 处罚信息的归集、共享 where the article is about credit or punishment
        (re.compile(rf"建立{_G}{{0,20}}违法(?:行为)?信息库|(?:违法|处罚|失信)(?:行为)?信息的?(?:及时)?(?:归集|共享)"), _CREDIT_OR_PUNISH),
        (re.compile(rf"(?:建立|设立){_G}{{0,80}}?(?:信用(?:管理)?(?:档案|记录|信息|(?:监管|管理)制度|数据库|平台)|信用{_G}{{1,4}}?(?:系统|平台|数据库)|诚信(?:档案|记录)|"
                    r"(?:良好|不良)(?:行为)?记录|失信(?:行为)?(?:数据库|档案))"), None),
        (re.compile(rf"向{_G}{{0,20}}信用{_G}{{0,12}}(?:平台|系统)(?:归集|报送|推送)|"
                    r"(?:信用|诚信)(?:档案|记录)(?:制度|数据库|管理)|信用记录与评价|"
                    rf"信用信息(?:系统|平台)?{_G}{{0,6}}(?:归集|共享)(?:和共享|和应用)?(?:功能|机制)|"
                    rf"(?:作为|列为){_G}{{0,12}}信用(?:信息|记录){_G}{{0,4}}予以(?:记录|归集)|"
                    rf"信息向{_G}{{0,20}}征信机构|信用信息公示系统{_G}{{0,6}}标注|记录于{_G}{{0,10}}信用信息公示系统|"
                    rf"(?:信用|诚信)档案{_G}{{0,6}}(?:记载|记录(?!等)|载明)|"
                    rf"(?:通报|报送|推送|告知){_G}{{0,20}}征信机构|向{_G}{{0,30}}征信机构{_G}{{0,10}}(?:通报|报送|推送)|(?:信用|征信)(?:信息)?(?:系统|平台|档案)(?:中|内|上)?(?:记录|登记|记载|标注)|"
                    rf"(?:建设|完善|推动|推进|健全){_G}{{0,20}}信用信息(?:公示|共享|服务|管理)?(?:系统|平台)|"
                    r"公共信用信息目录|信用信息(?:工作|目录)|"
                    rf"将{_G}{{0,10}}信用信息(?!公示系统){_G}{{0,6}}(?:予以|向社会)?(?:公示|公开|公布)|社会信用信息平台建设|信用信息的?归集(?!部门|机构|、)|"
                    rf"列入{_G}{{0,10}}(?:失信|信用|诚信)(?:记录|档案)|录入{_G}{{0,10}}(?:行政处罚|失信)信息|依据{_G}{{0,20}}信用档案|"
                    r"(?:异常名录|违法|处罚|失信)[^。；\n]{0,30}信用信息公示系统|"
                    rf"(?:做好|加强|推进|负责|依法|应当|实现|扩大|规范){_G}{{0,10}}信用(?:信息|数据)的?(?:归集|共享(?!平台)|整合|公开|采集|征集)|"
                    rf"(?:实施|开展|进行){_G}{{0,6}}信用评价[^。；]{{0,20}}(?:结果|情况){_G}{{0,6}}(?:向社会)?(?:公布|公示|公开)|"
                    rf"信用信息{_G}{{0,4}}目录"), None),
    ],
    "list": [
        (re.compile(rf"(?:列入|纳入|记入|录入|列为|认定为|认定|确定为){_G}{{0,30}}?"
                    r"(?:(?:失信|黑名单|严重违法|异常名录|不良(?:行为)?记录名单|违法失信|严重失信)"
                    rf"{_G}{{0,20}}?(?:名单|名录|数据库|对象)|(?:重点关注|重点监管){_G}{{0,20}}?(?:名单|名录|数据库))"), None),
        (re.compile(r"(?:严重)?失信(?:被执行人|主体|人员|企业|联合惩戒对象)?名单|黑名单|经营异常名录|"
                    r"严重违法(?:失信)?(?:企业|主体)?名单|不良(?:行为)?记录名单|严重失信行为数据库|"
                    r"(?:公开|公布)[^。；\n]{0,10}(?:违法|不诚信|失信|不良)[^。；\n]{0,12}名单|"
                    rf"(?:建立|设立|实行){_G}{{0,20}}(?:异常名录|(?:失信|违法|不良)[^。；\n]{{0,10}}名单)|属于严重失信|严重失信主体|"
                    rf"严重失信(?:行为|主体)?的?认定标准|认定标准{_G}{{0,10}}严重失信"), None),
    ],
    "sanction": [
        (re.compile(r"(?:联合|失信|信用)惩戒(?!对象|记录|信息)|(?:联合|守信)激励和(?:失信)?惩戒|"
                    r"对(?:严重)?失信(?:联合惩戒对象|主体|行为人|企业|人员|市场主体|的?单位)[^。；\n]{0,6}(?:采取|实施|予以|给予)|"
                    r"(?:采取|实施)[^。；，]{0,6}信用(?:管理|约束)措施|信用(?:分类|分级)(?:管理|监管)|"
                    r"(?:信用|诚信)(?:状况|记录)[^。；\n]{0,6}(?:进行)?(?:审查|核查|核实)|失信约束|信用约束|诚信(?:审核|审查)制度|失信责任追究|"
                    r"限制(?:其)?高消费|限制其消费|消费令|阻止其出境|限制其出境|(?:证券|期货)?(?:市场|行业)禁入"), None),
        (re.compile(r"惩戒措施|(?:实施|予以|采取|依法)[^。；，]{0,6}惩戒(?!对象)"), _CREDIT),
        (re.compile(r"限制(?:其)?出境|限制(?:其)?高消费|(?:媒体|社会)[^。；，]{0,4}公布[^。；，]{0,6}(?:不履行|失信)"), _EXEC),
        # credit standing steers supervision: 差异化/分级分类监管, inspection plans and frequency
        (re.compile(r"信用(?:状况|等级|评价|风险|记录|档案|信息|认证)[^。]{0,80}?(?:差异化(?:分类)?(?:监督管理|监管|管理)|(?:分级|分类)[^。；，]{0,4}(?:监督管理|监管))|"
                    r"(?:差异化|分级|分类)(?:分类)?(?:监督管理|监管)[^。]{0,40}?信用(?:状况|等级|评价|风险|记录)|"
                    r"(?:结合|根据|依据|按照|基于|参考)[^。；]{0,30}?信用(?:状况|等级|记录|评价|风险|档案)"
                    r"[^。]{0,60}?(?:检查|抽查|稽查|查验|监管|监督管理|频次|比例|风险等级|核查)|"
                    r"信用(?:状况|等级|评价|记录|档案记录)等(?:因素|情况)"), None),
        # good repute as a condition: 主要股东信誉良好 / 具有良好的商业信誉
        (re.compile(r"(?:条件|具备|符合|应当|具有)[^。]{0,300}?(?:信誉良好|良好的?(?:商业)?信誉|信用良好|良好的?信用(?:状况|记录))(?!的)"), None),
        (re.compile(r"(?:信用(?:状况)?不良|不良信用|信用较差|失信)[^。]{0,80}?(?:予以|依法|加以)限制"), None),
        (re.compile(rf"(?:建立|健全|完善){_G}{{0,10}}(?:失信)?惩戒机制|(?:给予|予以|实施)惩处"), _CREDIT),
        # the credit standing of a candidate weighs in selecting, procuring or tendering
        (re.compile(r"(?:选聘|选定|评标|评审|择优)[^。]{0,30}信用(?:状况|记录|等级)"), None),
        # 被列入经营异常名录的，… : a list as the condition of a consequence
        (re.compile(r"被(?:依法)?(?:依规)?(?:列入|纳入|列为)[^。；，]{0,20}(?:失信|黑名单|异常名录|严重违法)[^。；，]{0,12}的[，,]"
                    r"(?![^。]{0,30}(?:修复|移出|异议))"), None),
        (re.compile(rf"(?:取消|暂停|禁止){_S}{{0,14}}?(?:\d+|[一二三四五六七八九十])"
                    rf"(?:年|个月){_S}{{0,20}}?(?:投标|参加|参与|申请|承担|从事){_S}{{0,20}}?(?:资格|活动|项目)"), None),
        (re.compile(rf"(?:不得|禁止|限制|取消){_S}{{0,30}}?(?:录用|招录|聘用|担任|参加|参与|申请|"
                    r"享受|获得|评优|资质|准入|融资|财政资金|新建项目|补贴|荣誉|从事|承接|承揽|举办|发行|进入)|限制出境|"
                    r"(?:增加|提高)[^。；\n]{0,10}(?:检查|抽查|巡查)[^。；\n]{0,6}(?:频次|频率|比例)|"
                    rf"(?:重点|从严)监管|列为{_G}{{0,10}}重点{_G}{{0,6}}对象"), _STRICT),
        # 综合考虑下列因素…：…（七）…相关信用记录 (credit standing weighs in a decision)
        (re.compile(r"考虑[^。]{0,40}因素[^。]{0,300}?信用(?:记录|状况|等级|评价)"), None),
        # 有下列情形之一的，不得…：…（三）被列入严重失信主体名单的
        (re.compile(r"(?:不得|禁止|不适用|不予|重点|下列(?:情形|条件|情况)|以下(?:情形|条件))[^。：:]{0,40}[：:][^。]{0,400}?(?:被(?:依法)?(?:依规)?(?:列为|列入|纳入)"
                    r"[^。；\n]{0,12}(?:失信|黑名单|异常名录|严重违法)|(?:严重)?不良信用记录|严重失信)"), None),
        (re.compile(rf"(?:具有|有)良好(?:的)?信用记录|(?:信用|诚信)(?:记录|状况|等级|评价)(?:结果)?{_G}{{0,12}}作为|信用信息[，,]作为{_G}{{0,16}}依据|以{_G}{{0,20}}信用(?:记录|状况|等级|评价)(?:结果)?{_G}{{0,6}}为{_G}{{0,6}}依据|"
                    r"无(?:严重)?(?:不良信用记录|失信(?:记录|行为)|不良(?:行为)?记录)|(?:比例|频次|频率)[^。；\n]{0,20}信用(?:等级|状况|评价)|"
                    rf"(?:招标|投标|采购|评优|评先|准入|审批|许可|财政|融资|聘用|选聘){_G}{{0,30}}(?:使用|应用|运用|查询){_G}{{0,4}}信用(?:信息|记录|报告|评价)(?!的)|对有[^。；\n]{{0,6}}不良信用记录的|"
                    r"(?:名单|名录)(?:中)?的?(?:企业|主体)?[^。；\n]{0,20}(?:限制|禁入|惩戒(?!对象))|"
                    r"(?<!通过)(?:数据比对|信用审查|信用核查)|"
                    r"未被(?:依法)?(?:列为|列入|纳入)[^。；\n]{0,20}(?:失信|名单)"), _CREDIT),
    ],
    "repair": [
        (re.compile(r"信用修复|修复(?:其)?信用|移出[^。；\n]{0,10}(?:失信|黑|异常|惩戒|严重)[^。；\n]{0,8}(?:名单|名录)|"
                    r"从[^。；\n]{0,12}(?:失信|黑|异常|惩戒)[^。；\n]{0,8}(?:名单|名录)库?中?(?:予以)?(?:移出|移除|删除)"),
         None),
        (re.compile(rf"(?:列入|纳入)、移出|移出{_G}{{0,6}}(?:条件|程序)|"
                    r"从(?:该|相关|上述)?(?:名单|名录)中?(?:予以)?(?:移出|移除|删除)"), _STRICT),
        (re.compile(r"(?:停止|不再|终止)(?:公示|公开|公布|披露)|提前停止|(?:公示|披露)期(?:限|满)|保存期限|"
                    r"转为档案保存|(?:查询|公开|公布)期限(?:届满|为|自)|超过[^。；，]{0,6}(?:公开|公示|查询)期限"), _PUBLISHED),
        (re.compile(r"(?:解除|撤销)[^。；\n]{0,6}(?:限制(?:高消费|消费|出境)?|惩戒|禁令|消费令)"), _EXEC),
        (re.compile(rf"(?:信用|失信|不良|名单|惩戒)[^。；\n]{{0,30}}(?:错误|遗漏|不准确)[^。；\n]{{0,40}}(?:更正|纠正|撤销|删除|移出)|"
                    r"(?:错误|不准确)[^。；\n]{0,10}(?:认定|采取|记录|公示)[^。；\n]{0,30}(?:名单|惩戒|信用|失信)[^。；\n]{0,40}"
                    rf"(?:更正|纠正|撤销|删除|移出)|(?<!违规)(?<!擅自)(?<!非法)(?:删除|撤销|更正|纠正|修复)(?:其|相关|有关|该|相应)?{_G}{{0,10}}?(?:不良|失信|信用|征信)(?:信息|记录|状态)|"
                    r"(?:申请|请求)(?:纠正|更正|删除)|(?:错误|遗漏)[^。；\n]{0,10}信息[^。；\n]{0,6}(?:予以)?(?:更正|删除)|"
                    r"信用信息[^。]{0,40}(?:存在|有)错误|(?:存在|确有)错误[^。]{0,40}?(?:要求|予以|应当)更正|异议[^。；\n]{0,20}(?:更正|删除|撤销)[^。；\n]{0,6}(?:信息|记录)|异议并请求[^。；\n]{0,10}(?:更正|删除)"), _CREDIT),
    ],
    "privacy": [
        (re.compile(rf"个人信息|隐私|(?:信用|征信){_G}{{0,30}}商业秘密|(?:信息|信用)主体{_G}{{0,20}}(?:同意|有权|享有|授权|异议|查询|告知)|"
                    rf"(?:侵犯|损害|侵害){_G}{{0,6}}(?:信息|信用)主体|"
                    rf"(?:本人|个人|主体){_G}{{0,10}}(?:书面)?同意|同意{_G}{{0,10}}(?:查询|采集|提供|处理|使用)|"
                    rf"(?:本人|个人|主体){_G}{{0,10}}授权|授权(?:查询|使用|采集|提供)|未经{_G}{{0,10}}授权|"
                    rf"(?:获取|查询){_G}{{0,10}}信用报告|查询(?:自己|本人|自身)|(?:强迫|变相强迫){_G}{{0,16}}采集|有权{_G}{{0,10}}提出异议|征信记录|"
                    rf"有权{_G}{{0,10}}(?:查询|获取){_G}{{0,10}}(?:信用|信息)|信息{_G}{{0,10}}(?:有异议|提出异议)|"
                    rf"(?:违规|越权|擅自|非法)(?:对外)?查询|异议的?(?:申请|受理|处理)|(?:信息|信用)主体{_G}{{0,24}}(?:合法)?权益|(?:信息|信用)主体{_G}{{0,24}}(?:提起诉讼|行政复议)|"
                    rf"(?:自然人|个人)的?{_G}{{0,10}}信息{_G}{{0,30}}不(?:予|得)公开|向境外{_G}{{0,12}}提供|"
                    r"(?:信息主体|信用信息|征信信息)的?(?:信息)?[^。；]{0,10}(?:依法)?保密|保密[^。；]{0,20}(?:信用信息|信息主体)|"
                    rf"(?:保障|保护|加强){_G}{{0,12}}信用信息(?:的)?安全|信用信息安全|"
                    r"(?:泄露|出售|非法提供|窃取|非法获取|非法查询)[^。；]{0,24}(?:(?:征信|信用)信息|信息主体)|信息泄露|"
                    rf"(?:事先|及时|书面)?告知{_G}{{0,4}}(?:信息主体|信用主体)|(?:数据库|信用信息|征信信息){_G}{{0,20}}销毁|"
                    rf"查询{_G}{{0,20}}(?:信用主体|信息主体)的?约定"),
         _CREDIT_INFO),
    ],
}
_PRIVACY_LAW = re.compile(r"个人信息|征信|信用|数据安全")


@dataclass
class Finding:
    uri: str
    classes: list[str]
    evidence: dict[str, str]


def _paragraph(text: str, m: re.Match[str]) -> str:
    """The paragraph holding ``m`` plus the enumerated items that follow it."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    while (item := _ITEM_LINE.match(text, end)) is not None:
        end = item.end()
    return text[start:end]


def _affirmed(cls: str, text: str, m: re.Match[str]) -> bool:
    """False when the phrase ``m`` is negated/undone, or (lists) only a condition."""
    before = text[max(0, m.start() - 16):m.start()]
    if cls in ("records", "list", "sanction") and (_NEGATED.search(before) or _UNDONE.search(m.group(0))):
        return False
    if cls == "records" and m.re is _PUBLICATION and not _ADVERSE.search(_paragraph(text, m)):
        return False
    if cls == "sanction" and _CHARTER.search(before):
        return False
    if cls == "repair" and _PENDING.search(before):
        return False
    if cls != "list":
        return True
    if m.group(0).startswith(("建立", "设立", "实行")):
        return True
    # 被列入…名单 / 对纳入…名单的 / 列入…名单的企业: the list is a condition here, not set up
    return not (_PASSIVE.search(before) or _ATTRIBUTIVE.match(text, m.end()))


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
            m = next((m for m in pattern.finditer(text) if _affirmed(cls, text, m)), None)
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


CACHE_FILE = "finder.json"
# the cache is valid for exactly this classifier (patterns, gates, the code that applies them)
# and the corpus view it reads
VERSION = build_cache.code_version(sys.modules[__name__], _view_mod)


@per_store
def findings(store: Store) -> dict[str, Finding]:
    """Every classified article of the live build: IRI → Finding (cached per build)."""
    path = build_dir(store) / "analytics" / CACHE_FILE
    cached = build_cache.load(path, VERSION)
    if cached is not None:
        return {f["uri"]: Finding(**f) for f in cached["findings"]}
    data = {f.uri: f for f in scan(corpus_view(store))}
    build_cache.save(path, VERSION, {"findings": [asdict(f) for f in data.values()]})
    return data
