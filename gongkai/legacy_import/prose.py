"""Figures stated in sentences ("全年共收到政府信息公开申请89件，其中当面申请63件、网上申请20件…"), the
narrative sections of a report, and the places where the prose contradicts itself. Pure: no Django
imports.

Precision comes first (statistics-vocabulary.md, issue 6): a figure is read only when the words right
before the number name a vocabulary figure — "主动公开政府信息N条" is proactive.total, "发布信息N条" is
not. Whatever a sentence says about another year (上年, 2013年), a cumulative count (历年累计, 自…以来),
another scope (市本级 in a city-wide report, 全市 in a department's) or an approximate number (约, 余)
is left alone from that point of the sentence on. A sub-item is only read under the figure that
introduces it ("行政复议79件，其中维持36件…"), so "在线访谈8次" in a paragraph about the website is
not the 在线访谈 of 回应解读.

Readings that are plausible but not certain (暂不收费, counts given in 万) are returned with
certain=False; the importer shows them for review and never saves them unconfirmed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gongkai.annual_reports.vocabulary import known
from gongkai.legacy_import import detect as detection
from gongkai.legacy_import.normalise import chinese_number
from gongkai.legacy_import.source import Extraction, Finding, Source


@dataclass
class ProseResult:
    extractions: list[Extraction] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# --- text units -------------------------------------------------------------------------------------

# A count or an amount with its unit. Digits, or a Chinese numeral (收到申请三件).
_ITEM = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[零〇两一二三四五六七八九十百千万]+) ?"
    r"(?P<unit>人次|场次|万元|亿元|千元|件|条|次|场|个|篇|项|元|名|期|户|份|处|宗|家|人|起)"
)
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|逾|超过|超|不足|不到|大约|将近|上万|几)\s*$")
_APPROXIMATE_AFTER = re.compile(r"^(?:余|多|左右|以上|以下|上下)")
_CLAUSE = re.compile(r"[^，,；;：:]+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*(?P<title>\S.{0,40})$")

_MONEY = frozenset({"元", "万元", "千元", "亿元"})
_CASES = frozenset({"件", "宗", "起"})
_ITEMS = frozenset({"条", "件"})
_TIMES = frozenset({"次", "场", "场次", "期"})
_PAPERS = frozenset({"篇", "条", "次", "件"})
_PLACES = frozenset({"个", "处"})

# From here on a sentence speaks of something other than this report's year and scope.
_CUMULATIVE = re.compile(r"历年|(?<!今年)(?<!年初)(?<!本年)以来|至今|累计数|总计自|施行.{0,4}[年来]")
_OTHER_TIME = re.compile(r"上年(?!结转)|去年|上一年|前一年|上年度|同比|较上|比上|前年")
_ALWAYS_OTHER = re.compile(
    r"协调办理|督办|转办|代为|转交|计划(?:全年|年内|于|在|明年|举办|开展|组织|召开|完成)|拟于|拟将|将于|预计|力争|"
    r"下一步|明年|下一年"
)
_NOT_AGGREGATE = re.compile(r"(?:市|区|县|旗|州)本级|本机关|本部门|本单位|(?<![全各])本级")
_NOT_AGENCY = re.compile(r"全(?:市|区|县|省|旗|州|盟)|各级(?:政府|行政机关)|各部门|各单位")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")

# Labels that start a new subject without naming a figure: "全年共发布信息10847条" ends the 依申请 topic.
_MAIN_VERB = re.compile(r"收到|受理|发布|公开|办理|接到|处理|开展|举办|召开|报送|采用|入驻|设立|接待|培训")
_FILLER_BEFORE = re.compile(r"^(?:[、，,；;：:\s（(）)]|其中|另有|另外|此外|以及|及|和|并|另|还)+")
_FILLER_AFTER = re.compile(
    r"(?:[\s、（(）)]|的|为|达到|达|共计|合计|总计|共|计|有|是|分别|累计|数量|总数|总|数|已经|已)+$"
)

# Local breakdowns of 主动公开 by content (proactive.category.<name>): the category as printed → name.
CATEGORIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"^规范性文件$", "normative_documents"),
        (r"^规划计划", "plans"),
        (r"公众利益", "public_interest"),
        (r"^公共资金", "public_funds"),
        (r"^机构调整", "organization"),
        (r"^机构职能", "organization_functions"),
        (r"^法规文件", "regulations_documents"),
        (r"^政策法规", "policies"),
        (r"^行政职责", "administrative_duties"),
        (r"^(?:业务|工作)动态", "work_news"),
        (r"^人事", "personnel"),
        (r"^财政", "finance"),
        (r"^通知公告", "notices"),
        (r"^统计", "statistics"),
        (r"^应急", "emergency"),
        (r"^其[他它]", "other"),
    )
)


def category_key(name: str) -> str | None:
    """The vocabulary key of a content category as printed (规划计划类 → proactive.category.plans)."""
    for pattern, key in CATEGORIES:
        if pattern.search(name):
            return f"proactive.category.{key}"
    return None


# --- context ----------------------------------------------------------------------------------------


@dataclass
class _Context:
    year: int | None
    scope: str | None
    section: str = ""  # the top-level heading the line is under
    # requests | proactive | responses | reconsideration | litigation | complaints | fees | training
    topic: str | None = None
    categories: bool = False  # the sentence lists 主动公开 by category

    def section_is(self, pattern: str) -> bool:
        return re.search(pattern, self.section) is not None

    @property
    def new_keys(self) -> bool:
        """2019 trial format: 本年新制作数量; 2021 format: 本年制发件数."""
        return self.year is not None and self.year >= 2019


@dataclass(frozen=True)
class _Reading:
    key: str
    value: int | Decimal
    line: int
    span: tuple[int, int]
    text: str
    certain: bool = True
    note: str = ""

    def extraction(self) -> Extraction:
        return Extraction(self.key, self.value, self.line, self.span, self.text, self.certain, self.note)


def _value(num: str, unit: str) -> tuple[int | Decimal | None, bool, str]:
    """The figure a number and its unit state: (value, certain, note)."""
    if num[0].isdigit():
        amount = Decimal(num)
    elif num == "两":
        amount = Decimal(2)
    else:
        parsed = chinese_number(num)
        if parsed is None:
            return None, False, ""
        amount = Decimal(parsed)
    if unit in _MONEY:
        factor = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 10**8}[unit]
        amount *= factor
        return (int(amount) if amount == amount.to_integral_value() else amount.normalize()), True, ""
    if amount != amount.to_integral_value():
        return None, False, ""
    if not num[0].isdigit() and "万" in num:
        return int(amount), False, "以“万”计的中文数字，可能是约数，请核对"
    return int(amount), True, ""


def _clean(label: str) -> str:
    label = _FILLER_BEFORE.sub("", label.strip())
    return _FILLER_AFTER.sub("", label)


# --- classification of one "label + number + unit" --------------------------------------------------


def _classify(label: str, unit: str, ctx: _Context) -> str | None:  # noqa: PLR0911
    """The vocabulary key the words before a number name, in the sentence's topic; None when they name
    none. Sets ctx.topic when the label introduces a subject."""
    topic = ctx.topic
    if unit in _MONEY:
        return _fee_key(label, ctx)
    if unit in _CASES:
        key = _request_key(label, ctx)
        if key is not None:
            return key
        key = _appeal_key(label, ctx)
        if key is not None:
            return key
    if unit in _ITEMS or (unit in {"个"} and ctx.new_keys):
        key = _proactive_key(label, ctx)
        if key is not None:
            return key
    if unit in _TIMES | _PAPERS | {"条", "件"}:
        key = _response_key(label, unit, ctx)
        if key is not None:
            return key
    if (
        unit in _CASES | {"次"}
        and re.search(r"(?:投诉举报|举报投诉|投诉|举报)$", label)
        and ("信息公开" in label or ctx.section_is("投诉|举报"))
    ):
        ctx.topic = "complaints"
        return "complaints.total"
    key = _training_key(label, unit, ctx)
    if key is not None:
        return key
    if (
        unit in _PLACES
        and re.search(r"查阅(?:点|场所|室|中心|窗口)$", label)
        and not re.search(r"接待|人次|汇集|借阅", label)
    ):
        return "reading_points"
    if topic is not None and _MAIN_VERB.search(label) and not label.startswith("其中"):
        ctx.topic = None
    return None


def _training_key(label: str, unit: str, ctx: _Context) -> str | None:
    """政府信息公开 training and meetings; training of staff in general (专题培训, 培训科级干部) is not."""
    about_disclosure = re.search(r"信息公开|政务公开", label) is not None
    if unit in {"次", "期", "场", "场次"} and about_disclosure and re.search(r"培训(?:班|会)?$", label):
        ctx.topic = "training"
        return "training.sessions"
    if (
        unit in {"人次", "人", "名"}
        and (ctx.topic == "training" or about_disclosure)
        and re.search(r"(?:参训|参加培训|接受培训|培训)(?:的)?(?:人员|干部|工作人员)?$", label)
    ):
        return "training.trainees"
    if unit in {"次", "场"} and about_disclosure and re.search(r"召开.*会议$", label):
        return "meetings"
    return None


def _fee_key(label: str, ctx: _Context) -> str | None:
    if re.search(r"行政事业性|审批|窗口|经费|预算|三公|工本|罚没|税|资金|投资|拨款|补贴", label):
        return None
    if not re.search(r"费用|收费|信息处理费", label):
        return None
    if re.search(r"依申请|信息公开|信息处理费", label) or ctx.section_is("收费|费用"):
        ctx.topic = "fees"
        return "fees.yuan"
    return None


_CHANNELS: tuple[tuple[str, str], ...] = (
    (r"其[他它](?:形式|方式|渠道)", "other"),
    (r"网上|网络|在线|互联网|网站", "online"),
    (r"当面|现场|来访", "in_person"),
    (r"信函|来信|邮寄|书信", "letter"),
    (r"传真", "fax"),
    (r"电子邮件|电子邮箱|邮件", "email"),
)


def _request_key(label: str, ctx: _Context) -> str | None:  # noqa: PLR0911, PLR0912
    in_requests = ctx.topic == "requests" or ctx.section_is("依申请|申请")
    if re.search(r"(?:收到|受理|接到|接收|接受)(?:了)?.*?(?:信息公开|公开政府信息)(?:的)?申请$", label) or (
        in_requests and re.search(r"(?:收到|受理|接到)(?:了)?(?:各类|依)?申请$", label)
    ):
        ctx.topic = "requests"
        for pattern, channel in _CHANNELS:
            if re.search(rf"(?:通过|以)?(?:{pattern})", label.split("申请", 1)[0]):
                return f"requests.channel.{channel}"
        return "requests.new"
    if re.search(r"申请$|提交$|提出$", label) and (in_requests or "申请" in label):
        for pattern, channel in _CHANNELS:
            if re.search(pattern, label) and len(label) <= 16:
                return f"requests.channel.{channel}"
    if re.search(r"上年结转", label) and (in_requests or "申请" in label):
        return "requests.carried_in"
    if re.search(r"结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?$|转入下(?:一)?年(?:度)?$", label):
        return "requests.carried_out" if in_requests else None
    if re.search(r"申请(?:的)?答复$|^(?:对)?申请(?:的)?答复|答复申请$", label) or (
        ctx.topic == "requests" and re.fullmatch(r"(?:共|已)?答复", label)
    ):
        ctx.topic = "requests"
        return "outcomes.total"
    if ctx.topic != "requests":
        return None
    if re.fullmatch(r"(?:已|共|均已|全部)?办结(?:申请)?|申请办结", label):
        return "requests.completed"
    if re.search(r"按时办结$|按期办结$", label):
        return "requests.completed_on_time"
    if re.search(r"延期办结$", label):
        return "requests.completed_extended"
    for pattern, key in _OUTCOMES:
        if re.search(pattern, label):
            return key
    return None


_OUTCOMES: tuple[tuple[str, str], ...] = (
    (r"已主动公开", "outcomes.already_public"),
    (r"不是《条例》所指|非《条例》所指|不属于政府信息|不是政府信息", "outcomes.refused.not_gov_info"),
    (r"国家秘密", "outcomes.refused.state_secret"),
    (r"商业秘密", "outcomes.refused.commercial_secret"),
    (r"个人隐私", "outcomes.refused.privacy"),
    (r"社会稳定|三安全一稳定", "outcomes.refused.three_securities"),
    (r"不同意公开|否决公开|不予公开", "outcomes.refused"),
    (r"同意部分公开|部分公开", "outcomes.partially_disclosed"),
    (r"同意公开|予以公开|全部公开", "outcomes.disclosed"),
    (r"信息不存在", "outcomes.not_exist"),
    (r"不属于本(?:行政)?机关|非本(?:机关|部门)|不属于本部门", "outcomes.not_this_agency"),
    (r"更改补充", "outcomes.correction_notice"),
    (r"其他途径", "outcomes.other_route"),
    (r"其他原因", "outcomes.other_reason"),
    (r"无法提供", "outcomes.unable"),
    (r"不予处理", "outcomes.not_processed"),
    (r"其他处理", "outcomes.other"),
)


def _appeal_key(label: str, ctx: _Context) -> str | None:
    both = "复议" in label and "诉讼" in label
    for word, prefix in (("复议", "reconsideration"), ("诉讼", "litigation")):
        if both or not re.search(rf"(?:行政)?{word}(?:案件|申请)?$", label):
            continue
        if "信息公开" in label or ctx.section_is("复议|诉讼"):
            ctx.topic = prefix
            return f"{prefix}.total"
    if ctx.topic not in ("reconsideration", "litigation"):
        return None
    for pattern, column in (
        (r"其[他它]", "other"),
        (r"维持", "upheld"),
        (r"纠错|纠正|撤销(?:原)?(?:具体)?行政行为|确认违法", "corrected"),
        (r"(?:尚)?未(?:审结|办结|结案)|审理中|正在审理", "pending"),
    ):
        if re.search(pattern, label):
            return f"{ctx.topic}.{column}"
    return None


def _proactive_key(label: str, ctx: _Context) -> str | None:  # noqa: PLR0911
    channel_words = r"网站|微博|微信|公报|客户端|平台|专栏|其他方式|其它方式|其他渠道|电视|广播|报纸|媒体"
    if re.search(r"主动公开(?:了)?(?:政府|各类|政府各类|各类政府)*信息$", label) and not re.search(
        channel_words, label
    ):
        ctx.topic = "proactive"
        ctx.categories = False
        return "proactive.total"
    if re.search(r"主动公开(?:行政)?规范性文件$", label) and not ctx.new_keys:
        return "proactive.normative_documents"
    if re.search(r"(?:制发|制定|新制作|出台|印发)(?:的)?(?:行政)?规范性文件$", label):
        if not ctx.new_keys:
            return "proactive.normative_documents.issued" if "制发" in label else None
        return _documents_key("normative_documents", ctx)
    if re.search(r"(?:制发|制定|新制作|出台)(?:的)?(?:行政)?规章$", label) and ctx.new_keys:
        return _documents_key("regulations", ctx)
    if re.search(r"(?:公开|发布|刊登|刊发)(?:了)?(?:政府)?(?:信息)?$", label) and (
        ctx.topic == "proactive" or "政府信息" in label
    ):
        for pattern, channel in (
            (r"其[他它](?:方式|渠道)", "other"),
            (r"微博[、和及与]?(?:政务)?微信|微信[、和及与]?(?:政务)?微博|双微", "weibo_wechat"),
            (r"政府(?:门户)?网站", "website"),
            (r"公报", "gazette"),
            (r"微博", "weibo"),
            (r"微信", "wechat"),
            (r"客户端|APP|App", "app"),
        ):
            if re.search(pattern, label):
                return f"proactive.channel.{channel}"
        return None
    if ctx.topic == "proactive":
        match = re.fullmatch(r"(.{1,24}?)类(?:政府)?(?:信息)?", label)
        if match:
            key = category_key(match.group(1))
            if key is not None and known(key):
                ctx.categories = True
                return key
        if ctx.categories and re.fullmatch(r"其[他它](?:政府)?信息", label):
            return "proactive.category.other"
    return None


def _documents_key(row: str, ctx: _Context) -> str:
    """规章 / 规范性文件 made this year: 本年新制作数量 (2019 trial format) or 本年制发件数 (2021)."""
    return f"proactive.{row}.new" if ctx.year is not None and ctx.year < 2021 else f"proactive.{row}.issued"


def _response_key(label: str, unit: str, ctx: _Context) -> str | None:  # noqa: PLR0911
    if re.search(r"回应.*(?:热点|关切|舆情)$", label) and unit in _TIMES | {"条", "件"}:
        ctx.topic = "responses"
        return "responses.total"
    if unit in _TIMES and re.search(
        r"(?:举办|召开|参加或举办|组织|开展)(?:了)?(?:政府|新闻|政策)*发布会$", label
    ):
        return "responses.press_conferences"
    if unit in _TIMES and re.search(r"主要负责同志参加(?:政府网站)?在线访谈$", label):
        return "responses.online_interviews.by_leaders"
    if unit in _TIMES and (
        re.search(r"政府网站在线访谈$", label)
        or (ctx.topic == "responses" and re.search(r"在线访谈$", label))
    ):
        return "responses.online_interviews"
    if unit in _PAPERS and (
        re.search(r"政策(?:法规)?解读", label)
        or (ctx.topic == "responses" and re.search(r"解读(?:稿件|文章|材料)?(?:发布)?$", label))
    ):
        return "responses.policy_interpretations"
    if ctx.topic == "responses" or "回应" in label:
        if re.search(r"微博[、和及]?微信回应(?:事件)?$", label):
            return "responses.social_media"
        if re.search(r"其[他它]方式回应(?:事件)?$", label):
            return "responses.other"
    return None


# Zero stated for a list of things: "行政许可、行政处罚、强制数为0", "行政复议、行政诉讼案件数为0".
_ZERO_STATEMENT = re.compile(r"^(?P<list>.+?)(?:均|都|皆)?为\s*(?:0|零)$")


def _zero_keys(item: str, ctx: _Context) -> str | None:  # noqa: PLR0911
    item = re.sub(r"(?:案件|项目)?(?:数|数量|件数)?$", "", _clean(item))
    if re.search(r"(?:行政)?复议$", item):
        return "reconsideration.total"
    if re.search(r"(?:行政)?诉讼$", item):
        return "litigation.total"
    if not ctx.new_keys:
        return None
    if re.search(r"规章$", item):
        return _documents_key("regulations", ctx)
    if re.search(r"规范性文件$", item):
        return _documents_key("normative_documents", ctx)
    if re.search(r"行政许可", item):
        return "proactive.licensing.decisions"
    if re.search(r"行政处罚$", item):
        return "proactive.penalties.decisions"
    if re.search(r"(?:行政)?强制$", item):
        return "proactive.enforcement.decisions"
    if re.search(r"行政事业性收费$", item) and ctx.year is not None and ctx.year < 2021:
        return "proactive.admin_fees.items"
    if re.search(r"集中采购$", item) and ctx.year is not None and ctx.year < 2021:
        return "proactive.procurement.items"
    return None


# "未收到政府信息公开申请", "未出现复议、诉讼和申诉情况", "未收取任何费用": zero stated in words.
_NONE_REQUESTS = re.compile(r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?[^，,；;]{0,16}?(?:信息公开)?申请")
_NONE_APPEALS = re.compile(
    r"(?:未|没有)(?:收到|发生|出现|接到|产生|有)(?:过)?(?:任何)?[^，,；;]{0,20}?(?:复议|诉讼)[^，,；;]{0,16}"
    r"|(?<!论)无(?:因|涉及)?[^，,；;]{0,16}?(?:复议|诉讼)(?:案件|情况|事件)"
)
_NONE_FEES = re.compile(
    r"(?:未|没有|不)收取[^，,；;。]{0,16}?(?:费用|信息处理费)|(?<!论)无[^，,；;]{0,14}?收费"
)
_NONE_COMPLAINTS = re.compile(r"(?:未|没有)(?:收到|接到|发生)[^，,；;]{0,16}?(?:投诉|举报)")
_PROVISIONAL_FEES = re.compile(r"暂不收费|暂未收费|暂不收取")


# --- reading --------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, source: Source, skip: frozenset[int]) -> None:
        self.source = source
        self.skip = skip
        detected = detection.detect(source)
        self.ctx = _Context(year=detected.year, scope=detected.scope)
        self.readings: list[_Reading] = []

    def run(self) -> list[_Reading]:
        for number, line in enumerate(self.source.lines, start=1):
            if number in self.skip or "|" in line or "\t" in line:
                continue
            heading = _HEADING.match(line.strip())
            if heading and "。" not in line:
                self.ctx.section = heading.group("title")
            self.ctx.topic = None
            for sentence in _SENTENCE.finditer(line):
                self.read_sentence(number, sentence.start(), sentence.group())
        return self.readings

    def tainted(self, text: str) -> bool:
        year = self.ctx.year
        if year is not None:
            text = text.replace(f"{year}年以来", f"{year}年")  # since the start of this year
        if _CUMULATIVE.search(text) or _OTHER_TIME.search(text) or _ALWAYS_OTHER.search(text):
            return True
        if year is not None and any(int(y) != year for y in _YEAR_IN_TEXT.findall(text)):
            return True  # 2013年…, 自2008年…
        if self.ctx.scope == "aggregate" and _NOT_AGGREGATE.search(text):
            return True
        return self.ctx.scope == "agency" and _NOT_AGENCY.search(text) is not None

    def read_sentence(self, number: int, offset: int, sentence: str) -> None:
        self.ctx.categories = False
        for part in _CLAUSE.finditer(sentence):
            clause, start = part.group(), offset + part.start()
            if self.tainted(clause):
                self.ctx.topic = None
                return  # the rest of the sentence speaks of another year, scope or a cumulative count
            self.read_clause(number, start, clause.rstrip("。！？!? "))

    def add(
        self, key: str, value: int | Decimal, number: int, span: tuple[int, int], **extra: str | bool
    ) -> None:
        if not known(key):
            return
        line = self.source.lines[number - 1]
        text = line[span[0] : span[1]].strip("，,；;：:、 ")
        certain = bool(extra.get("certain", True))
        note = str(extra.get("note", ""))
        self.readings.append(_Reading(key, value, number, span, text, certain, note))

    def read_clause(self, number: int, start: int, clause: str) -> None:
        if not _ITEM.search(clause) and self.read_words(number, start, clause):
            return
        zero = _ZERO_STATEMENT.match(clause)
        if zero and not _ITEM.search(clause):
            self.read_zero_list(number, start, clause, zero.group("list"))
            return
        matches = [m for m in _ITEM.finditer(clause) if not _tail_of_number(clause, m.start())]
        previous_end = 0
        for index, match in enumerate(matches):
            before = clause[previous_end : match.start()]
            previous_end = match.end()
            if _APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_AFTER.match(clause[match.end() :]):
                continue
            label = _clean(before)
            num, unit = match.group("num"), match.group("unit")
            value, certain, note = _value(num, unit)
            if value is None:
                continue
            if value == 0 and "、" in label:
                self.read_zero_list(number, start, clause, label)
                continue
            following = matches[index + 1].start() if index + 1 < len(matches) else len(clause)
            after = re.split(r"[（(、]", clause[match.end() : following], maxsplit=1)[0]
            if after.strip() and _classify(label, unit, replace(self.ctx)) is None:
                label = _clean(before + after)  # "共受理1件政府信息公开申请", "设立87个便民查阅点"
            key = _classify(label, unit, self.ctx)
            if key is None:
                continue
            label_start = clause.find(label) if label else match.start()
            span_start = start + (label_start if 0 <= label_start < match.start() else match.start())
            self.add(key, value, number, (span_start, start + match.end()), certain=certain, note=note)

    def read_zero_list(self, number: int, start: int, clause: str, items: str) -> None:
        for item in items.split("、"):
            key = _zero_keys(item, self.ctx)
            if key is not None:
                self.add(key, 0, number, (start, start + len(clause)))

    def read_words(self, number: int, start: int, clause: str) -> bool:
        """Zero stated in words; True when the clause said so."""
        found = False
        span = (start, start + len(clause))
        if _NONE_REQUESTS.search(clause) and "申请人" not in clause:
            self.add("requests.new", 0, number, span)
            found = True
        appeals = _NONE_APPEALS.search(clause)
        if appeals and not re.search(r"申请人|当事人|未经复议", clause):
            words = appeals.group()
            if "复议" in words:
                self.add("reconsideration.total", 0, number, span)
            if "诉讼" in words:
                self.add("litigation.total", 0, number, span)
            found = True
        in_fees = self.ctx.section_is("收费|费用") or re.search(r"依申请|信息公开|信息处理费", clause)
        fees = _NONE_FEES.search(clause)
        if fees and in_fees and not re.search(r"行政事业性|审批", clause):
            self.add("fees.yuan", 0, number, span)
            found = True
        elif _PROVISIONAL_FEES.search(clause) and in_fees:
            self.add(
                "fees.yuan", 0, number, span, certain=False, note="“暂不收费”说明收费政策，未写明本年收费金额"
            )
            found = True
        complaints = _NONE_COMPLAINTS.search(clause)
        if complaints and "信息公开" in clause:
            self.add("complaints.total", 0, number, span)
            found = True
        return found


def _tail_of_number(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isdigit() or text[start - 1] == ".")


# --- what the readings say together -----------------------------------------------------------------

# Parts that cannot add up to more than their total (channels may overlap for 主动公开: 不同渠道公开
# 相同信息计1条 — so those are checked one by one, not as a sum).
_PARTS: dict[str, tuple[str, ...]] = {
    "requests.new": tuple(
        f"requests.channel.{c}" for c in ("in_person", "online", "letter", "fax", "email", "other")
    ),
    "outcomes.total": (
        "outcomes.already_public",
        "outcomes.disclosed",
        "outcomes.partially_disclosed",
        "outcomes.refused",
        "outcomes.not_exist",
        "outcomes.not_this_agency",
        "outcomes.correction_notice",
        "outcomes.other_route",
        "outcomes.other_reason",
        "outcomes.unable",
        "outcomes.not_processed",
        "outcomes.other",
    ),
    "reconsideration.total": tuple(
        f"reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending")
    ),
    "litigation.total": tuple(f"litigation.{c}" for c in ("upheld", "corrected", "other", "pending")),
    "requests.completed": ("requests.completed_on_time", "requests.completed_extended"),
}
_SINGLE_PARTS: dict[str, str] = {
    **{
        f"proactive.channel.{c}": "proactive.total"
        for c in ("website", "gazette", "weibo", "wechat", "weibo_wechat", "app", "other")
    },
    "proactive.normative_documents": "proactive.total",
}


def _combine(readings: list[_Reading], in_table: set[str]) -> tuple[list[_Reading], list[Finding]]:
    """One reading per figure (the first), and a finding P where the prose states it differently later,
    where a part exceeds its whole, or where the requests received are not accounted for. Sums of a
    total the statistics table states (`in_table`) are the table's findings (rule S), not the prose's."""
    findings: list[Finding] = []
    chosen: dict[str, _Reading] = {}
    review: list[_Reading] = []
    for reading in readings:
        if not reading.certain:
            if reading.key not in chosen and all(r.key != reading.key for r in review):
                review.append(reading)
            continue
        earlier = chosen.get(reading.key)
        if earlier is None:
            chosen[reading.key] = reading
        elif earlier.value != reading.value:
            findings.append(
                Finding(
                    "P",
                    "warning",
                    reading.key,
                    f"正文前后不一致：第{earlier.line}行“{earlier.text}”为{_show(earlier.value)}，"
                    f"第{reading.line}行“{reading.text}”为{_show(reading.value)}；已按第{earlier.line}行导入，请核对",
                    (earlier.line, reading.line),
                )
            )
    for part, whole in _SINGLE_PARTS.items():
        if part in chosen and whole in chosen and chosen[part].value > chosen[whole].value:
            piece, total = chosen.pop(part), chosen[whole]
            findings.append(
                Finding(
                    "P",
                    "warning",
                    part,
                    f"第{piece.line}行“{piece.text}”为{_show(piece.value)}，大于第{total.line}行“{total.text}”的"
                    f"{_show(total.value)}，两者口径不同（不能是其中的一部分），未导入该数",
                    (total.line, piece.line),
                )
            )
    for whole, parts in _PARTS.items():
        if whole not in chosen or whole in in_table:
            continue
        stated = [chosen[p] for p in parts if p in chosen]
        added = sum((r.value for r in stated), Decimal(0))
        if len(stated) >= 2 and added > chosen[whole].value:
            total = chosen[whole]
            terms = "＋".join(f"{r.text}" for r in stated)
            findings.append(
                Finding(
                    "P",
                    "warning",
                    whole,
                    f"第{total.line}行“{total.text}”为{_show(total.value)}，但正文所列分项之和为{_show(added)}"
                    f"（{terms}），分项多于总数",
                    (total.line, *sorted({r.line for r in stated})),
                )
            )
    findings += _unaccounted(chosen)
    return [*chosen.values(), *(r for r in review if r.key not in chosen)], findings


def _unaccounted(chosen: dict[str, _Reading]) -> list[Finding]:
    """Requests received that are neither completed nor carried over, by the prose's own figures."""
    new, completed = chosen.get("requests.new"), chosen.get("requests.completed")
    if new is None or completed is None or new.value == completed.value:
        return []
    carried_in = chosen.get("requests.carried_in")
    carried_out = chosen.get("requests.carried_out")
    if carried_in is not None or carried_out is not None:
        before = new.value + (carried_in.value if carried_in else 0)
        after = completed.value + (carried_out.value if carried_out else 0)
        if before == after:
            return []
    gap = Decimal(new.value) - Decimal(completed.value)
    return [
        Finding(
            "P",
            "warning",
            "requests.completed",
            f"第{new.line}行“{new.text}”收到申请{_show(new.value)}件，第{completed.line}行“{completed.text}”"
            f"办结{_show(completed.value)}件，相差{_show(abs(gap))}件；正文未写明结转下年度（或上年结转）的件数，请核对",
            (new.line, completed.line),
        )
    ]


def _show(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _elsewhere(source: Source, value: int | Decimal, exclude: set[int]) -> list[int]:
    pattern = re.compile(rf"(?<![\d.]){re.escape(_show(value))}(?![\d.])")
    return [n for n, line in enumerate(source.lines, start=1) if n not in exclude and pattern.search(line)]


def _against_table(
    source: Source, readings: list[_Reading], table: dict[str, Extraction], table_lines: set[int]
) -> tuple[list[_Reading], list[Finding]]:
    """Prose figures the statistics table states in another breakdown: 政务微博微信 in the prose against
    政务微博 + 政务微信 in the table. The table's breakdown is imported; a different sum is a finding."""
    findings: list[Finding] = []
    kept: list[_Reading] = []
    for reading in readings:
        if reading.key != "proactive.channel.weibo_wechat" or not (
            {"proactive.channel.weibo", "proactive.channel.wechat"} & set(table)
        ):
            kept.append(reading)
            continue
        weibo, wechat = table.get("proactive.channel.weibo"), table.get("proactive.channel.wechat")
        if weibo is None or wechat is None or weibo.value + wechat.value == reading.value:
            continue
        added = weibo.value + wechat.value
        other = _elsewhere(source, reading.value, {reading.line})
        also = ""
        if other:
            places = "、".join(f"第{n}行" for n in other[:3])
            prose_places = [n for n in other if n not in table_lines]
            context = (
                f"（如第{prose_places[0]}行“{source.lines[prose_places[0] - 1][:40]}…”）"
                if prose_places
                else ""
            )
            also = f"；{_show(reading.value)}这个数还出现在{places}{context}，可能是另一口径的数"
        findings.append(
            Finding(
                "P",
                "warning",
                "proactive.channel.weibo_wechat",
                f"正文第{reading.line}行“{reading.text}”为{_show(reading.value)}，但统计表政务微博"
                f"{_show(weibo.value)}（第{weibo.line}行）＋政务微信{_show(wechat.value)}（第{wechat.line}行）"
                f"＝{_show(added)}；已按统计表分别导入政务微博、政务微信{also}",
                (reading.line, weibo.line, wechat.line),
            )
        )
    return kept, findings


# --- the interface ----------------------------------------------------------------------------------


def extract(source: Source, fmt: str) -> ProseResult:
    """Figures the report states in sentences, with the evidence of each, and the contradictions of the
    prose with itself (rule P)."""
    table: dict[str, Extraction] = {}
    table_lines: set[int] = set()
    if fmt == "2008":
        from gongkai.legacy_import import stats_table

        stats = stats_table.extract(source)
        table = {e.key: e for e in stats.extractions if e.certain}
        table_lines = set(stats.lines)
    readings = _Reader(source, frozenset(table_lines)).run()
    findings: list[Finding] = []
    if table:
        readings, findings = _against_table(source, readings, table, table_lines)
    readings, more = _combine(readings, set(table))
    return ProseResult([r.extraction() for r in readings], findings + more)


# --- sections ---------------------------------------------------------------------------------------

_SECTION_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"^(?:概述|总体情况|基本情况|总体概况|概况|工作概况|总体工作情况|基本工作情况)")),
    ("problems", re.compile(r"问题.*(?:改进|措施|打算|整改|对策)|(?:改进|措施).*问题")),
    ("other", re.compile(r"其[他它]需要报告的事项|^其[他它]事项|需要说明的事项|其[他它]需要说明")),
)
_SECTION_END = re.compile(
    r"^(?:附[：:件表]|附\s*[：:]?\s*\S*统计表|\[image|\d{4}年\d{1,2}月\d{1,2}日$|\d{4}-\d{1,2}-\d{1,2}$)"
)
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:办公室|政府|局|委员会|委|厅|中心|办|小组)$")


def _headings(lines: list[str]) -> Iterator[tuple[int, str]]:
    for index, line in enumerate(lines):
        stripped = line.strip()
        match = _HEADING.match(stripped)
        if match and "。" not in stripped.rstrip("。") and len(stripped) <= 45:
            yield index, match.group("title").strip()


def sections(source: Source) -> dict[str, str]:
    """The narrative sections by their headings: overview (一、概述 / 总体情况), problems (存在的主要问题及
    改进情况 / 主要问题和改进措施), other (其他需要报告的事项); the text between a heading and the next
    one, without signatures, dates and images. A section the report does not have is empty."""
    lines = source.lines
    headings = list(_headings(lines))
    found: dict[str, str] = {"overview": "", "problems": "", "other": ""}
    for position, (index, title) in enumerate(headings):
        for key, pattern in _SECTION_TITLES:
            if found[key] or not pattern.search(title):
                continue
            end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
            body: list[str] = []
            for line in lines[index + 1 : end]:
                stripped = line.strip()
                if _SECTION_END.match(stripped):
                    break
                body.append(stripped)
            while body and (not body[-1] or _SIGNATURE.match(body[-1])):
                body.pop()
            found[key] = "\n".join(line for line in body if line).strip()
            break
    return found
