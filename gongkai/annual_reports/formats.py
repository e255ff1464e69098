"""The annual-report formats as data: the 2021 format (国办公开办函〔2021〕30号), the 2019 trial format
(国办公开办函〔2019〕60号) and the pre-2019 statistics table (国办发〔2014〕32号 and its local
predecessors). Section headings, table rows, columns and labels are as printed (ogi-rules.md §1–§3);
rendering (grid.py), validation (validation.py), exporters and the importer read these definitions,
so no template or exporter spells a label of its own.

Pure data: no Django imports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gongkai.disclosure_requests import outcomes
from gongkai.figures.layouts import FORMAT_2019_FROM, FORMAT_2021_FROM

FormatId = Literal["2021", "2019", "2008", "narrative"]
FORMAT_IDS: tuple[FormatId, ...] = ("2021", "2019", "2008", "narrative")
Scope = Literal["agency", "aggregate"]
SCOPES: tuple[Scope, ...] = ("agency", "aggregate")
SCOPE_LABELS: dict[str, str] = {"agency": "本机关", "aggregate": "本级及所属（汇总）"}

# The three narrative sections staff write; keys of the document's `sections`.
NARRATIVE_KEYS: tuple[str, ...] = ("overview", "problems", "other")


@dataclass(frozen=True)
class Section:
    number: str  # 一 … 六
    heading: str  # as printed, with its number: 一、总体情况
    key: str  # overview | proactive | requests | appeals | problems | other | statistics
    kind: Literal["narrative", "table"]


# --- table 三 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # statistics-vocabulary.md §3 column key
    label: str  # as printed
    group: str = ""  # the spanning header above it (法人或其他组织), when there is one


@dataclass(frozen=True)
class RequestRow:
    key: str  # statistics-vocabulary.md §3 row key
    level1: str  # 一、… / 三、本年度办理结果
    level2: str = ""  # （一）予以公开 …
    level3: str = ""  # 1.属于国家秘密 …
    sums: tuple[str, ...] = ()  # for a printed total row: the rows it adds up

    @property
    def label(self) -> str:
        """The most specific printed label, which is how messages name the row."""
        if self.level3:
            return f"{self.level2}{self.level3}"
        return self.level2 or self.level1


@dataclass(frozen=True)
class RequestsTable:
    title: str
    footnote: str  # printed in the top-left header block
    applicant_header: str
    columns: tuple[Column, ...]
    rows: tuple[RequestRow, ...]

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def outcome_keys(self) -> tuple[str, ...]:
        """The result rows that (七)总计 adds up (V4)."""
        return next(row.sums for row in self.rows if row.key == "r7_total")

    def row(self, key: str) -> RequestRow:
        return next(row for row in self.rows if row.key == key)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", "法人或其他组织"),
    Column("research", "科研机构", "法人或其他组织"),
    Column("public_interest", "社会公益组织", "法人或其他组织"),
    Column("legal_services", "法律服务机构", "法人或其他组织"),
    Column("other_org", "其他", "法人或其他组织"),
    Column("total", "总计"),
)

_NEW = RequestRow("new", "一、本年新收政府信息公开申请数量")
_CARRIED_IN = RequestRow("carried_in", "二、上年结转政府信息公开申请数量")
_CARRIED_OUT = RequestRow("carried_out", "四、结转下年度继续办理")
_RESULTS = "三、本年度办理结果"
_FOOTNOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _result_rows(*, other_split: bool) -> tuple[RequestRow, ...]:
    rows: list[RequestRow] = []
    for outcome in outcomes.OUTCOMES:
        if outcome.key == "r2_partial":
            # Printed as one label: the counting instruction sits in brackets after the heading.
            rows.append(RequestRow(outcome.key, _RESULTS, f"{outcome.group}（{outcome.label}）"))
        elif outcome.key.startswith("r6_") and not other_split:
            continue
        elif outcome.label:
            rows.append(RequestRow(outcome.key, _RESULTS, outcome.group, outcome.label))
        else:
            rows.append(RequestRow(outcome.key, _RESULTS, outcome.group))
    if not other_split:
        # 2019 trial format: （六）其他处理 is one row without sub-rows (ogi-rules.md §2.3).
        rows.append(RequestRow("r6", _RESULTS, "（六）其他处理"))
    keys = tuple(row.key for row in rows)
    rows.append(RequestRow("r7_total", _RESULTS, "（七）总计", sums=keys))
    return tuple(rows)


def _requests_table(*, other_split: bool) -> RequestsTable:
    return RequestsTable(
        title="收到和处理政府信息公开申请情况",
        footnote=_FOOTNOTE,
        applicant_header="申请人情况",
        columns=REQUEST_COLUMNS,
        rows=(_NEW, _CARRIED_IN, *_result_rows(other_split=other_split), _CARRIED_OUT),
    )


# --- table 四 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealGroup:
    key: str  # tables.appeals key
    label: str  # as printed
    parent: str  # 行政复议 | 行政诉讼
    figure_prefix: str  # flat figures prefix


@dataclass(frozen=True)
class AppealsTable:
    title: str
    groups: tuple[AppealGroup, ...]
    columns: tuple[Column, ...]  # the five columns under each group

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


APPEALS_TABLE = AppealsTable(
    title="政府信息公开行政复议、行政诉讼情况",
    groups=(
        AppealGroup("reconsideration", "行政复议", "行政复议", "reconsideration"),
        AppealGroup("litigation_direct", "未经复议直接起诉", "行政诉讼", "litigation.direct"),
        AppealGroup(
            "litigation_after_reconsideration", "复议后起诉", "行政诉讼", "litigation.after_reconsideration"
        ),
    ),
    columns=(
        Column("upheld", "结果维持"),
        Column("corrected", "结果纠正"),
        Column("other", "其他结果"),
        Column("pending", "尚未审结"),
        Column("total", "总计"),
    ),
)


# --- the pre-2019 statistics table ------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsRow:
    label: str  # as printed (national 统计表 of 国办发〔2014〕32号, 2015–2018 edition)
    figure: str | None  # flat vocabulary key; None for a heading row
    unit: str = ""
    indent: int = 0  # 0 heading, 1 （一）, 2 1., 3 其中
    sums: tuple[str, ...] = ()  # printed sub-rows that add up to this row (older tables' 勾稽)


def _stat(
    label: str, figure: str | None, unit: str = "", indent: int = 0, sums: tuple[str, ...] = ()
) -> StatisticsRow:
    return StatisticsRow(label, figure, unit, indent, sums)


STATISTICS_ROWS: tuple[StatisticsRow, ...] = (
    _stat("一、主动公开情况", None),
    _stat("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "proactive.total", "条", 1),
    _stat("其中：主动公开规范性文件数", "proactive.normative_documents", "条", 3),
    _stat("制发规范性文件总数", "proactive.normative_documents.issued", "件", 3),
    _stat("（二）通过不同渠道和方式公开政府信息的情况", None, "", 1),
    _stat("1.政府公报公开政府信息数", "proactive.channel.gazette", "条", 2),
    _stat("2.政府网站公开政府信息数", "proactive.channel.website", "条", 2),
    _stat("3.政务微博公开政府信息数", "proactive.channel.weibo", "条", 2),
    _stat("4.政务微信公开政府信息数", "proactive.channel.wechat", "条", 2),
    _stat("5.其他方式公开政府信息数", "proactive.channel.other", "条", 2),
    _stat("二、回应解读情况", None),
    _stat(
        "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "responses.total", "次", 1
    ),
    _stat("（二）通过不同渠道和方式回应解读的情况", None, "", 1),
    _stat("1.参加或举办新闻发布会总次数", "responses.press_conferences", "次", 2),
    _stat("2.政府网站在线访谈次数", "responses.online_interviews", "次", 2),
    _stat("其中：主要负责同志参加政府网站在线访谈次数", "responses.online_interviews.by_leaders", "次", 3),
    _stat("3.政策解读稿件发布数", "responses.policy_interpretations", "篇", 2),
    _stat("4.微博微信回应事件数", "responses.social_media", "次", 2),
    _stat("5.其他方式回应事件数", "responses.other", "次", 2),
    _stat("三、依申请公开情况", None),
    _stat(
        "（一）收到申请数",
        "requests.new",
        "件",
        1,
        sums=(
            "requests.channel.in_person",
            "requests.channel.fax",
            "requests.channel.online",
            "requests.channel.letter",
            "requests.channel.email",
            "requests.channel.other",
        ),
    ),
    _stat("1.当面申请数", "requests.channel.in_person", "件", 2),
    _stat("2.传真申请数", "requests.channel.fax", "件", 2),
    _stat("3.网络申请数", "requests.channel.online", "件", 2),
    _stat("4.信函申请数", "requests.channel.letter", "件", 2),
    # Not in the national 统计表, but printed by local tables before it (莆田 2009: 电子邮件, 其它形式).
    _stat("5.电子邮件申请数", "requests.channel.email", "件", 2),
    _stat("6.其他形式申请数", "requests.channel.other", "件", 2),
    _stat(
        "（二）申请办结数",
        "requests.completed",
        "件",
        1,
        sums=("requests.completed_on_time", "requests.completed_extended"),
    ),
    _stat("1.按时办结数", "requests.completed_on_time", "件", 2),
    _stat("2.延期办结数", "requests.completed_extended", "件", 2),
    _stat(
        "（三）申请答复数",
        "outcomes.total",
        "件",
        1,
        sums=(
            "outcomes.already_public",
            "outcomes.disclosed",
            "outcomes.partially_disclosed",
            "outcomes.refused",
            "outcomes.not_this_agency",
            "outcomes.not_exist",
            "outcomes.correction_notice",
            "outcomes.other_route",
        ),
    ),
    _stat("1.属于已主动公开范围数", "outcomes.already_public", "件", 2),
    _stat("2.同意公开答复数", "outcomes.disclosed", "件", 2),
    _stat("3.同意部分公开答复数", "outcomes.partially_disclosed", "件", 2),
    _stat(
        "4.不同意公开答复数",
        "outcomes.refused",
        "件",
        2,
        sums=(
            "outcomes.refused.state_secret",
            "outcomes.refused.commercial_secret",
            "outcomes.refused.privacy",
            "outcomes.refused.three_securities",
            "outcomes.refused.not_gov_info",
            "outcomes.refused.other",
        ),
    ),
    _stat("其中：涉及国家秘密", "outcomes.refused.state_secret", "件", 3),
    _stat("涉及商业秘密", "outcomes.refused.commercial_secret", "件", 3),
    _stat("涉及个人隐私", "outcomes.refused.privacy", "件", 3),
    _stat("危及国家安全、公共安全、经济安全和社会稳定", "outcomes.refused.three_securities", "件", 3),
    _stat("不是《条例》所指政府信息", "outcomes.refused.not_gov_info", "件", 3),
    _stat("法律法规规定的其他情形", "outcomes.refused.other", "件", 3),
    _stat("5.不属于本行政机关公开", "outcomes.not_this_agency", "件", 2),
    _stat("6.申请信息不存在", "outcomes.not_exist", "件", 2),
    _stat("7.告知作出更改补充", "outcomes.correction_notice", "件", 2),
    _stat("8.告知通过其他途径办理", "outcomes.other_route", "件", 2),
    _stat(
        "四、行政复议数量",
        "reconsideration.total",
        "件",
        0,
        sums=("reconsideration.upheld", "reconsideration.corrected", "reconsideration.other"),
    ),
    _stat("（一）维持具体行政行为数", "reconsideration.upheld", "件", 1),
    _stat("（二）被依法纠错数", "reconsideration.corrected", "件", 1),
    _stat("（三）其他情形数", "reconsideration.other", "件", 1),
    _stat(
        "五、行政诉讼数量",
        "litigation.total",
        "件",
        0,
        sums=("litigation.upheld", "litigation.corrected", "litigation.other"),
    ),
    _stat("（一）维持具体行政行为或者驳回原告诉讼请求数", "litigation.upheld", "件", 1),
    _stat("（二）被依法纠错数", "litigation.corrected", "件", 1),
    _stat("（三）其他情形数", "litigation.other", "件", 1),
    _stat("六、举报投诉数量", "complaints.total", "件"),
    # Stored in yuan (fees.yuan), printed in 万元 as the table does.
    _stat("七、依申请公开信息收取的费用", "fees.yuan", "万元"),
    _stat("八、机构建设和保障经费情况", None),
    _stat("（一）政府信息公开工作专门机构数", "org.units", "个", 1),
    _stat("（二）设置政府信息公开查阅点数", "reading_points", "个", 1),
    _stat(
        "（三）从事政府信息公开工作人员数",
        "staff.total",
        "人",
        1,
        sums=("staff.full_time", "staff.part_time"),
    ),
    _stat("1.专职人员数", "staff.full_time", "人", 2),
    _stat("2.兼职人员数", "staff.part_time", "人", 2),
    _stat("（四）政府信息公开专项经费", "funding.yuan", "万元", 1),
    _stat("九、政府信息公开会议和培训情况", None),
    _stat("（一）召开政府信息公开工作会议或专题会议数", "meetings", "次", 1),
    _stat("（二）举办各类培训班数", "training.sessions", "次", 1),
    _stat("（三）接受培训人员数", "training.trainees", "人次", 1),
)
# Figures stored in yuan but printed in 万元 by the statistics table.
YUAN_PRINTED_AS_10K: frozenset[str] = frozenset({"fees.yuan", "funding.yuan"})


# --- the formats --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFormat:
    id: FormatId
    name: str
    source: str  # the document that set the format
    sections: tuple[Section, ...]
    proactive_layout: Literal["2021", "2019"] | None  # figures.layouts.TABLES key for table 二
    requests: RequestsTable | None
    appeals: AppealsTable | None
    statistics: tuple[StatisticsRow, ...] | None  # the pre-2019 single statistics table

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


_SECTIONS_2019_ON: tuple[Section, ...] = (
    Section("一", "一、总体情况", "overview", "narrative"),
    Section("二", "二、主动公开政府信息情况", "proactive", "table"),
    Section("三", "三、收到和处理政府信息公开申请情况", "requests", "table"),
    Section("四", "四、政府信息公开行政复议、行政诉讼情况", "appeals", "table"),
    Section("五", "五、存在的主要问题及改进情况", "problems", "narrative"),
    Section("六", "六、其他需要报告的事项", "other", "narrative"),
)

FORMATS: dict[str, ReportFormat] = {
    "2021": ReportFormat(
        id="2021",
        name="政府信息公开工作年度报告格式（2021）",
        source="国办公开办函〔2021〕30号",
        sections=_SECTIONS_2019_ON,
        proactive_layout="2021",
        requests=_requests_table(other_split=True),
        appeals=APPEALS_TABLE,
        statistics=None,
    ),
    "2019": ReportFormat(
        id="2019",
        name="政府信息公开工作年度报告格式（试行）",
        source="国办公开办函〔2019〕60号",
        sections=_SECTIONS_2019_ON,
        proactive_layout="2019",
        requests=_requests_table(other_split=False),
        appeals=APPEALS_TABLE,
        statistics=None,
    ),
    "2008": ReportFormat(
        id="2008",
        name="政府信息公开情况统计表（2019年以前）",
        source="国办发〔2014〕32号",
        sections=(
            Section("一", "一、总体情况", "overview", "narrative"),
            Section("二", "二、政府信息公开情况统计表", "statistics", "table"),
            Section("三", "三、政府信息公开工作存在的主要问题及改进情况", "problems", "narrative"),
            Section("四", "四、其他需要报告的事项", "other", "narrative"),
        ),
        proactive_layout=None,
        requests=None,
        appeals=None,
        statistics=STATISTICS_ROWS,
    ),
    "narrative": ReportFormat(
        id="narrative",
        name="文字报告（无统计表）",
        source="",
        sections=(
            Section("一", "一、总体情况", "overview", "narrative"),
            Section("二", "二、存在的主要问题及改进情况", "problems", "narrative"),
            Section("三", "三、其他需要报告的事项", "other", "narrative"),
        ),
        proactive_layout=None,
        requests=None,
        appeals=None,
        statistics=None,
    ),
}


def format_for_year(year: int) -> ReportFormat:
    """The format a report for `year` is compiled in: 2021 from the 2021 report on, the trial format for
    2019–2020 (the first years under the revised 条例), the statistics table before."""
    if year >= FORMAT_2021_FROM:
        return FORMATS["2021"]
    if year >= FORMAT_2019_FROM:
        return FORMATS["2019"]
    return FORMATS["2008"]


def report_title(agency_name: str, year: int, scope: str) -> str:
    """The title as agencies print it; an aggregate report says so, since its figures cover the subtree."""
    base = f"{agency_name}{year}年政府信息公开工作年度报告"
    return base if scope == "agency" else f"{base}（汇总）"
