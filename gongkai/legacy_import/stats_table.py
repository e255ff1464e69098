"""The pre-2019 statistics table (政府信息公开情况统计表, ogi-rules.md §3): 统计指标 / 单位 / 统计数 with one
figure column, or 累计数 / 本年发生数 column pairs, as web pages flatten them — one row per line with
`|` or tabs between cells, or one cell per line (the readers keep a tab as a cell separator and strip
it at the ends of a line, so a pasted table arrives as label, unit, value on lines of their own).
Pure: no Django imports.

Reading is a stream of cells after a header row (指标 | 累计数 | 2012年发生数): a label starts a row,
an optional unit follows, then one value per figure column. Only the column of the report's year is
ever read as a figure; the cumulative column (累计数, 历年累计) is read for its own printed sums and
never imported. Row labels map to vocabulary keys through the national labels
(formats.STATISTICS_ROWS) and the local labels of older tables; a label that is in neither is left
out. A printed sum that does not hold is a finding (rule S); sums the validator already checks on the
imported figures (all parts stated) are left to it, so no cell is reported twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.annual_reports.formats import STATISTICS_ROWS, YUAN_PRINTED_AS_10K
from gongkai.annual_reports.vocabulary import known
from gongkai.legacy_import import detect as detection
from gongkai.legacy_import.source import Extraction, Finding, Source

YEAR, CUMULATIVE, UNIT, OTHER = "year", "cumulative", "unit", "other"
COLUMN_NAMES = {YEAR: "本年", CUMULATIVE: "累计数"}


@dataclass(frozen=True)
class Cell:
    text: str  # "" for a blank cell between two separators
    line: int  # 1-based
    span: tuple[int, int]
    index: int = 0  # position among the cells of its line
    count: int = 1  # cells on its line


@dataclass
class Row:
    label: str  # as printed, continuation lines joined
    line: int
    key: str | None = None
    unit: str = ""
    section: str = ""  # the 一、… heading above it
    group: str = ""  # the group label above it (人员配置, 公开的数量, 行政复议)
    values: dict[str, Cell | None] = field(default_factory=dict)  # column role → cell (None: blank)


@dataclass
class StatsResult:
    extractions: list[Extraction] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # source lines that belong to a table


# --- cells ----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_BLANK = re.compile(r"^(?:[—－\-–_/\\…]+|无|空)$")
_UNITS = frozenset(
    {
        "条",
        "件",
        "次",
        "篇",
        "个",
        "人",
        "人次",
        "万元",
        "元",
        "次/篇",
        "项",
        "份",
        "期",
        "场",
        "场次",
        "处",
        "家",
        "户",
    }
)
_MIXED = re.compile(r"[\u4e00-\u9fff)）]\s+-?\d+(?:\.\d+)?$")  # "当面申请 63": chart data, not a table cell
_LABEL_HEADERS = frozenset(
    {"指标", "统计指标", "指标名称", "项目", "统计项目", "指标项目", "项目名称", "统计内容"}
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_CN = "一二三四五六七八九十"
_PREFIX = re.compile(
    rf"^(?:其中\s*[:：,，]?|[（(][{_CN}\d]+[)）]|[{_CN}]+[、.．]|\d+[.．、]|[{_CIRCLED}]|[{_ROMAN}]+\s*[.．、]?|[:：])\s*"
)
_PARENTHESES = re.compile(r"[（(][^（）()]*[)）]")


def _cells(number: int, line: str) -> list[Cell]:
    """The cells of a line: split at `|` and tabs, the empty pieces at either end dropped (a row printed
    as "cell |"), an empty piece between two cells kept as a blank cell."""
    pieces: list[tuple[str, tuple[int, int]]] = []
    position = 0
    for part in re.split(r"([|\t])", line):
        if part in ("|", "\t"):
            position += 1
            continue
        text = part.strip()
        offset = position + (part.index(text) if text else 0)
        pieces.append((text, (offset, offset + len(text))))
        position += len(part)
    while pieces and not pieces[0][0]:
        pieces.pop(0)
    while pieces and not pieces[-1][0]:
        pieces.pop()
    return [Cell(text, number, span, index, len(pieces)) for index, (text, span) in enumerate(pieces)]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def core(label: str) -> str:
    """What a row label says, without its numbering, notes in brackets, footnote marks and the trailing
    数 that some tables print and others do not: （一）收到申请数 → 收到申请."""
    text = _compact(label)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
    text = _PARENTHESES.sub("", text)
    text = text.rstrip("*＊:：")
    return re.sub(r"(?:数量|总数|数)$", "", text)


def _style(label: str) -> str:
    """How a row is numbered, which is how deep it sits: 一、 > （一） > 1. > （1） > ① / Ⅰ / 其中."""
    text = _compact(label)
    if re.match(rf"^[{_CN}]+[、.．]", text):
        return "cn"
    if re.match(rf"^[（(][{_CN}]+[)）]", text):
        return "paren-cn"
    if re.match(r"^\d+[.．、]", text):
        return "arabic"
    if re.match(r"^[（(]\d+[)）]", text):
        return "paren-arabic"
    return "sub"


_DEPTH = {"cn": 0, "paren-cn": 1, "arabic": 2, "paren-arabic": 3, "sub": 4}


def _column_role(text: str, year: int | None) -> str | None:
    """What a header cell after 指标 is: the unit column, the year's figures, the cumulative figures, or
    another column (本期, another year) that is never read; None when the cell is not a column header."""
    compact = _compact(text)
    if compact in ("单位", "计量单位"):
        return UNIT
    if "累计" in compact and not re.search(r"本年累计|年度累计|全年累计", compact):
        return CUMULATIVE
    stated = re.search(r"((?:19|20)\d{2})年", compact)
    if stated and re.fullmatch(r"(?:19|20)\d{2}年(?:度)?(?:发生数|数|统计数|数据)?", compact):
        return YEAR if year is None or int(stated.group(1)) == year else OTHER
    if re.fullmatch(
        r"统计数|本年(?:度)?(?:发生数|数|累计)?|全年(?:累计)?|当年|发生数|本年度累计|年度累计|数量|数值|数据",
        compact,
    ):
        return YEAR
    if re.fullmatch(r"本期(?:实际|发生数|数)?|上年(?:度)?(?:发生数|数)?|同比|备注|说明", compact):
        return OTHER
    return None


# --- labels → keys --------------------------------------------------------------------------------

_TOPICS: tuple[tuple[str, str], ...] = (
    ("复议", "reconsideration"),
    ("诉讼", "litigation"),
    ("回应|解读", "responses"),
    ("主动公开|公开情况|公开的数量|公开的内容|公开的形式", "proactive"),
    ("申请", "requests"),
    ("举报|投诉", "complaints"),
    ("收费|费用", "fees"),
    ("机构|经费|人员", "organisation"),
    ("会议|培训", "training"),
)


def _topic_of(label: str) -> str | None:
    found = [topic for words, topic in _TOPICS if re.search(words, label)]
    if "reconsideration" in found and "litigation" in found:
        return None  # 行政复议和诉讼情况: the rows below say which
    return found[0] if found else None


def _national() -> dict[str, list[tuple[str | None, str]]]:
    """core label → [(topic of its 一、… heading, key)] from the national table."""
    table: dict[str, list[tuple[str | None, str]]] = {}
    topic: str | None = None
    for row in STATISTICS_ROWS:
        if row.indent == 0:
            topic = _topic_of(row.label)
        if row.figure:
            table.setdefault(core(row.label), []).append((topic, row.figure))
    return table


_NATIONAL = _national()

# Labels of local tables before (and beside) the national one: 2008–2013 city and district tables.
_LOCAL: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(pattern), key, topic)
    for pattern, key, topic in (
        (r"^(?:主动)?公开(?:政府)?信息(?:总)?$|^主动公开信息$", "proactive.total", None),
        (r"^(?:市|区|县)?本级(?:政府)?公开(?:政府)?信息", "proactive.level.city", "proactive"),
        (r"^县.{0,12}公开(?:政府)?信息$", "proactive.level.county", "proactive"),
        (r"^乡.{0,10}公开(?:政府)?信息$", "proactive.level.township", "proactive"),
        (r"从事(?:政府)?信息公开工作(?:的)?人员$", "staff.total", None),
        (r"^专职(?:工作)?人员$", "staff.full_time", None),
        (r"^兼职(?:工作)?人员$", "staff.part_time", None),
        (r"^(?:举办|召开)(?:各类)?培训(?:班)?(?:次)?$", "training.sessions", None),
        (r"^(?:参加|接受)培训(?:的)?人(?:员|次)+$", "training.trainees", None),
        (r"^(?:设立|设置)(?:政府信息公开|公共信息|信息公开)?查阅(?:点|场所)$", "reading_points", None),
        (r"^(?:新闻发布会召开|召开新闻发布会|举办新闻发布会)(?:次)?$", "responses.press_conferences", None),
        (r"^(?:政府)?信息公开申请$|^受理依申请公开信息$|^依申请公开申请$", "requests.new", None),
        (r"^申请$", "requests.new", "requests"),
        (r"^(?:网上|网络|在线)申请$", "requests.channel.online", None),
        (r"^其[他它](?:形式|方式)申请$", "requests.channel.other", None),
        (r"^电子邮件申请$", "requests.channel.email", None),
        (r"^(?:本年度)?对申请的答复$|^申请答复$", "outcomes.total", None),
        (r"^答复$", "outcomes.total", "requests"),
        (r"^(?:否决|不同意|不予)公开答复$", "outcomes.refused", None),
        (r"^信息不存在$", "outcomes.not_exist", "requests"),
        (r"^非本(?:部门|机关)掌握$|^不属于本(?:行政)?机关公开$", "outcomes.not_this_agency", None),
        (r"^其[他它]原因$", "outcomes.other_reason", "requests"),
        (r"行政复议(?:申请|案件)?$", "reconsideration.total", None),
        (r"行政诉讼(?:案件)?$", "litigation.total", None),
        (r"(?:行政)?(?:投诉举报|举报投诉)$", "complaints.total", None),
        (r"(?:信息公开|依申请).*(?:收费金额|收取的费用)$|^收费金额$", "fees.yuan", None),
    )
)
# Under 否决公开 / 不同意公开 the sub-rows are kinds of refusal (outcomes.refused.*).
_REFUSED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"信息不存在", "outcomes.refused.not_exist"),
        (r"申请内容不明", "outcomes.refused.unclear"),
        (r"涉密", "outcomes.refused.secret"),
        (r"国家秘密", "outcomes.refused.state_secret"),
        (r"商业秘密", "outcomes.refused.commercial_secret"),
        (r"个人隐私", "outcomes.refused.privacy"),
        (r"社会稳定|三安全一稳定", "outcomes.refused.three_securities"),
        (r"不是《条例》所指|非《条例》所指|非《规定》所指", "outcomes.refused.not_gov_info"),
        (r"其[他它]", "outcomes.refused.other"),
    )
)
_CATEGORY = re.compile(r"^(?P<name>.{1,30}?)类(?:政府)?信息$")


def key_for(label: str, topic: str | None, refused: bool) -> str | None:
    """The vocabulary key of a row label in its place in the table, None when the label names no
    vocabulary figure (or one the vocabulary does not have yet)."""
    from gongkai.legacy_import.prose import category_key

    text = core(label)
    key: str | None = None
    if refused:
        key = next((k for pattern, k in _REFUSED if pattern.search(text)), None)
    if key is None:
        candidates = _NATIONAL.get(text, [])
        if len(candidates) == 1:
            key = candidates[0][1]
        elif candidates:
            key = next((k for t, k in candidates if t == topic), None)
    if key is None:
        category = _CATEGORY.match(text)
        if category and topic in (None, "proactive"):
            key = category_key(category.group("name"))
    if key is None:
        key = next(
            (k for pattern, k, needs in _LOCAL if pattern.search(text) and needs in (None, topic)),
            None,
        )
    return key if key is not None and known(key) else None


# --- the table as a stream of cells ---------------------------------------------------------------


class _Parser:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.year = detection.detect_year(source.lines)[0]
        self.rows: list[Row] = []
        self.lines: list[int] = []
        self.columns: list[str] = []  # the value columns, in order
        self.all_columns: list[str] = []  # with the unit column where the header has one
        self.headers: dict[str, str] = {}
        self.current: Row | None = None
        self.cells: list[Cell | None] = []
        self.section = ""
        self.group = ""
        self.topic: str | None = None
        self.refused: str | None = None  # the numbering style of the 否决公开 row whose sub-rows follow

    # the stream

    def run(self) -> None:
        stream = [
            cell for number, line in enumerate(self.source.lines, start=1) for cell in _cells(number, line)
        ]
        index = 0
        while index < len(stream):
            header = self.header_at(stream, index)
            if header is None:
                index += 1
                continue
            index = self.read_table(stream, header)

    def header_at(self, stream: list[Cell], index: int) -> int | None:
        """The index after a header row starting at `index` (指标, then its column headers), or None."""
        if _compact(stream[index].text) not in _LABEL_HEADERS:
            return None
        columns: list[str] = []
        headers: dict[str, str] = {}
        position = index + 1
        while position < len(stream) and len(columns) < 5:
            role = _column_role(stream[position].text, self.year)
            if role is None:
                break
            columns.append(role)
            if role in (YEAR, CUMULATIVE):
                headers[role] = _compact(stream[position].text)
            position += 1
        value_columns = [c for c in columns if c != UNIT]
        if not value_columns or value_columns.count(YEAR) > 1:
            return None
        self.all_columns = columns
        self.columns = value_columns
        self.headers = headers
        self.lines += [cell.line for cell in stream[index:position]]
        return position

    def read_table(self, stream: list[Cell], index: int) -> int:
        self.current = None
        while index < len(stream):
            cell = stream[index]
            text = cell.text
            compact = _compact(text)
            if compact in _LABEL_HEADERS:
                self.finish()
                return index  # another header: the caller reads it
            if _MIXED.search(text) or "。" in text or len(compact) > 70:
                break
            self.lines.append(cell.line)
            if self.whole_row(stream, index):
                index += cell.count
                continue
            if not compact or _NUMBER.match(compact) or _BLANK.match(compact):
                self.value(None if not compact or _BLANK.match(compact) else cell)
            elif compact in _UNITS and self.current is not None and not self.cells:
                self.current.unit = compact
            elif (
                self.current is not None and not self.cells and re.fullmatch(r"[（(][^（）()]*[)）]", compact)
            ):
                self.current.label += text  # a note in brackets on a line of its own
            else:
                self.finish()
                self.current = Row(text, cell.line)
            index += 1
        self.finish()
        return index + 1

    def whole_row(self, stream: list[Cell], index: int) -> bool:
        """A row printed on one line with one cell per column (label, unit, values — blanks kept), read
        by position; False when the line is not such a row."""
        cell = stream[index]
        if cell.index != 0 or cell.count != 1 + len(self.all_columns) or cell.count < 2:
            return False
        pieces = stream[index : index + cell.count]
        if _NUMBER.match(_compact(cell.text)) or _BLANK.match(_compact(cell.text)) or not cell.text:
            return False
        values = [p for p, role in zip(pieces[1:], self.all_columns, strict=True) if role != UNIT]
        if not all(
            not p.text or _NUMBER.match(_compact(p.text)) or _BLANK.match(_compact(p.text)) for p in values
        ):
            return False
        self.finish()
        self.current = Row(cell.text, cell.line)
        for piece, role in zip(pieces[1:], self.all_columns, strict=True):
            if role == UNIT:
                self.current.unit = _compact(piece.text)
            else:
                blank = not piece.text or _BLANK.match(_compact(piece.text))
                self.value(None if blank else piece)
        self.lines += [p.line for p in pieces]
        self.finish()
        return True

    def value(self, value: Cell | None) -> None:
        if self.current is None:
            return  # a stray number outside any row (a page number, chart data)
        self.cells.append(value)
        if len(self.cells) == len(self.columns):
            self.finish()

    def finish(self) -> None:
        row, cells = self.current, self.cells
        self.current, self.cells = None, []
        if row is None:
            return
        style = _style(row.label)
        label_topic = _topic_of(_compact(row.label))
        if style == "cn":
            self.section, self.group = row.label, ""
            self.topic = label_topic
            self.refused = None
        elif not cells and style == "sub" and label_topic is not None and "其中" not in row.label:
            self.group = row.label
            self.topic = label_topic
            self.refused = None
        if self.refused is not None and _DEPTH[style] <= _DEPTH[self.refused] and style != "sub":
            self.refused = None
        row.section, row.group = self.section, self.group
        row.key = key_for(row.label, self.topic, self.refused is not None)
        if cells and len(cells) == len(self.columns):
            row.values = dict(zip(self.columns, cells, strict=True))
        self.rows.append(row)
        if row.key == "outcomes.refused":
            self.refused = style


# --- figures and findings -------------------------------------------------------------------------


def _number(cell: Cell) -> Decimal | None:
    try:
        return Decimal(_compact(cell.text))
    except InvalidOperation:
        return None


def _figure(row: Row, cell: Cell) -> tuple[int | Decimal | None, bool, str]:
    number = _number(cell)
    if number is None or number < 0:
        return None, False, ""
    key = row.key or ""
    if key in {"fees.yuan", "funding.yuan"}:
        unit = row.unit or (
            "万元" if "万元" in row.label else "元" if re.search(r"[（(]元[)）]", row.label) else ""
        )
        if unit == "万元":
            number *= 10000
        elif unit != "元" and number != 0:
            national = key in YUAN_PRINTED_AS_10K
            note = "统计表未注明金额单位" + ("（全国统计表以万元计）" if national else "") + "，请核对"
            return _int_or_decimal(number), False, note
        return _int_or_decimal(number), True, ""
    if number != number.to_integral_value():
        return None, False, ""
    return int(number), True, ""


def _int_or_decimal(number: Decimal) -> int | Decimal:
    return int(number) if number == number.to_integral_value() else number.normalize()


# Printed sums of the older tables (the parts that are printed must not exceed their total; when every
# printed part is stated they must add up to it).
_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "requests.new",
        tuple(f"requests.channel.{c}" for c in ("in_person", "fax", "online", "letter", "email", "other")),
    ),
    ("requests.completed", ("requests.completed_on_time", "requests.completed_extended")),
    (
        "outcomes.total",
        (
            "outcomes.already_public",
            "outcomes.disclosed",
            "outcomes.partially_disclosed",
            "outcomes.refused",
            "outcomes.not_this_agency",
            "outcomes.not_exist",
            "outcomes.correction_notice",
            "outcomes.other_route",
            "outcomes.other_reason",
        ),
    ),
    (
        "outcomes.refused",
        tuple(
            f"outcomes.refused.{c}"
            for c in (
                "state_secret",
                "commercial_secret",
                "privacy",
                "three_securities",
                "not_gov_info",
                "other",
                "not_exist",
                "unclear",
                "secret",
            )
        ),
    ),
    (
        "reconsideration.total",
        tuple(f"reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending")),
    ),
    ("litigation.total", tuple(f"litigation.{c}" for c in ("upheld", "corrected", "other", "pending"))),
    ("staff.total", ("staff.full_time", "staff.part_time")),
    ("proactive.total", ("proactive.level.city", "proactive.level.county", "proactive.level.township")),
)
_VALIDATED: dict[str, tuple[str, ...]] = {
    row.figure: row.sums for row in STATISTICS_ROWS if row.figure and row.sums
}


class _Figures:
    def __init__(self, parser: _Parser, source: Source) -> None:
        self.parser = parser
        self.source = source
        self.findings: list[Finding] = []
        self.extractions: list[Extraction] = []

    def column_name(self, role: str) -> str:
        return self.parser.headers.get(role, COLUMN_NAMES[role])

    def run(self) -> None:
        by_key: dict[str, list[Row]] = {}
        for row in self.parser.rows:
            if row.key is not None:
                by_key.setdefault(row.key, []).append(row)
        for key, rows in by_key.items():
            self.read(key, rows)
        for role in (YEAR, CUMULATIVE):
            if role in self.parser.columns:
                self.check_sums(role, by_key)
        self.check_visits()

    def read(self, key: str, rows: list[Row]) -> None:
        readings: list[tuple[Row, Cell, int | Decimal, bool, str]] = []
        for row in rows:
            cell = row.values.get(YEAR)
            if cell is None:
                continue
            value, certain, note = _figure(row, cell)
            if value is not None:
                readings.append((row, cell, value, certain, note))
        for role in (YEAR, CUMULATIVE):
            self.check_duplicates(key, rows, role)
        if len({reading[2] for reading in readings}) > 1:
            # Printed twice with different values: which one the year has is not certain.
            readings = [
                (row, cell, value, False, "统计表中同一指标两处数值不同")
                for row, cell, value, _, _ in readings
            ]
        else:
            readings = readings[:1]
        header = self.column_name(YEAR)
        for row, cell, value, certain, note in readings:
            self.extractions.append(
                Extraction(
                    key,
                    value,
                    cell.line,
                    cell.span,
                    f"{_compact(row.label)}｜{header}｜{cell.text}",
                    certain,
                    note,
                )
            )

    def check_duplicates(self, key: str, rows: list[Row], role: str) -> None:
        cells = [(row, row.values.get(role)) for row in rows]
        stated = [(row, cell, _number(cell)) for row, cell in cells if cell is not None]
        if len({value for _, _, value in stated}) <= 1:
            return
        where = key if role == YEAR else f"{key}（{self.column_name(role)}）"
        places = "；".join(
            f"第{cell.line}行“{_place(row)}”为{cell.text}{self.parts_note(row, role)}"
            for row, cell, _ in stated
        )
        self.findings.append(
            Finding(
                "S",
                "error",
                where,
                f"统计表“{self.column_name(role)}”列同一指标两处数值不同：{places}"
                + ("；累计数不作为本年数据导入" if role == CUMULATIVE else "；两处均未作为确定数据导入"),
                tuple(cell.line for _, cell, _ in stated),
            )
        )

    def parts_note(self, row: Row, role: str) -> str:
        """（其分项之和为N）: the sum of the rows printed under `row` up to the next row of its level."""
        rows = self.parser.rows
        start = rows.index(row)
        total = Decimal(0)
        count = 0
        for below in rows[start + 1 :]:
            if below.key == row.key or _style(below.label) == "cn" or below.group != row.group:
                break
            cell = below.values.get(role)
            if cell is not None and below.key is not None and (value := _number(cell)) is not None:
                total += value
                count += 1
        return f"（其分项之和为{_int_or_decimal(total)}）" if count >= 2 else ""

    def check_sums(self, role: str, by_key: dict[str, list[Row]]) -> None:
        for total_key, parts in _SUMS:
            rows = by_key.get(total_key, [])
            if (
                len(rows) != 1
                or (cell := rows[0].values.get(role)) is None
                or (total := _number(cell)) is None
            ):
                continue
            printed = [p for p in parts if len(by_key.get(p, [])) == 1]
            stated = [
                (p, by_key[p][0], c, v)
                for p in printed
                if (c := by_key[p][0].values.get(role)) is not None and (v := _number(c)) is not None
            ]
            if len(stated) < 2:
                continue
            added = sum((v for *_, v in stated), Decimal(0))
            every = len(stated) == len(printed)
            if added == total or (added < total and not every):
                continue
            validated = _VALIDATED.get(total_key, ())
            if role == YEAR and validated and all(p in {s[0] for s in stated} for p in validated):
                continue  # validate() checks this sum on the imported figures
            where = total_key if role == YEAR else f"{total_key}（{self.column_name(role)}）"
            terms = "＋".join(f"{core(row.label)}{c.text}" for _, row, c, _ in stated)
            reason = "分项多于总数" if added > total else "所列分项均已填写"
            self.findings.append(
                Finding(
                    "S",
                    "error",
                    where,
                    f"统计表第{cell.line}行“{_compact(rows[0].label)}”{self.column_name(role)}为{cell.text}，"
                    f"但其分项之和为{_int_or_decimal(added)}（{terms}），{reason}",
                    (cell.line, *sorted({c.line for _, _, c, _ in stated})),
                )
            )

    def check_visits(self) -> None:
        """A table's click count of the disclosure column against the website visits the prose gives:
        different measures, neither imported, but a reader comparing them should know."""
        table_lines = set(self.parser.lines)
        for row in self.parser.rows:
            if not re.search(r"点击|访问", row.label) or (cell := row.values.get(YEAR)) is None:
                continue
            stated = []
            for number, line in enumerate(self.source.lines, start=1):
                if number in table_lines:
                    continue
                for match in re.finditer(
                    r"(?:访问量|访问总量|点击量|点击数|浏览量)[^，,。；;\d]{0,6}?(\d+)\s*(?:人次|次)", line
                ):
                    if match.group(1) != _compact(cell.text):
                        stated.append((number, match.group(0), match.group(1)))
            if not stated:
                continue
            places = "、".join(f"第{n}行“{text}”" for n, text, _ in stated)
            self.findings.append(
                Finding(
                    "P",
                    "warning",
                    "网站访问量",
                    f"统计表第{cell.line}行“{_compact(row.label)}”{self.column_name(YEAR)}为{cell.text}，正文{places}"
                    f"所说的访问量与之不同；两者口径不同（专栏点击与全站访问），均不是统计表的指标，未导入",
                    (cell.line, *sorted({n for n, _, _ in stated})),
                )
            )


def _place(row: Row) -> str:
    group = _compact(row.group)
    return f"{group}·{_compact(row.label)}" if group else _compact(row.label)


def extract(source: Source) -> StatsResult:
    """Figures of the year from the pre-2019 statistics tables of `source`, with the cell each came
    from, and the printed sums that do not hold."""
    parser = _Parser(source)
    parser.run()
    figures = _Figures(parser, source)
    figures.run()
    return StatsResult(figures.extractions, figures.findings, parser.rows, sorted(set(parser.lines)))
