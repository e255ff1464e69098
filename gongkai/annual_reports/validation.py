"""Consistency checks of an annual report: rules V1–V10 of ogi-rules.md §1.6 for the 2019 and 2021
tables, the plausibility of table 二 across years (T2), and the sums printed in the pre-2019
statistics table (S). Pure: no Django imports.

Row and column keys and every printed label come from the format definition (formats.py,
figures.layouts), so a message names a cell the way the printed table does and a clerk can find it.
`validate` returns every problem it finds; whether errors block submission and warnings need an
acknowledgement is the workflow's business, not this module's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeGuard

from gongkai.annual_reports.document import Issue, Number, ReportDocument, Severity
from gongkai.annual_reports.formats import (
    FORMATS,
    AppealGroup,
    AppealsTable,
    Column,
    ReportFormat,
    RequestRow,
    RequestsTable,
    StatisticsRow,
)
from gongkai.annual_reports.grid import format_value
from gongkai.figures.layouts import TABLES, Layout, RowDef

# Vocabulary keys (statistics-vocabulary.md §3) the rules are about; labels always come from the format.
TOTAL = "total"  # the 总计 column of tables 三 and 四
NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OUT = "new", "carried_in", "r7_total", "carried_out"
UNPAID_FEE_ROW = "r6_2"  # （六）2. 逾期未按收费通知要求缴纳费用 (2021 format only)
PENDING = "pending"
AMOUNT_COLUMN = "amount_10k_yuan"  # table 二 amounts, 万元, may have decimals
SIGNED_COLUMN = "change"  # 2019 table 二 本年增/减
DOCUMENT_COLUMNS = ("issued", "repealed", "in_force")  # 2021 table 二 第二十条第（一）项
FEES_FIGURE = "fees.yuan"
FEE_TERM = "信息处理费"

# Where a table 三 row's total lives in the flat figures, for reports that only state figures
# (imported history, pre-2019 formats).
_ROW_FIGURES: dict[str, str] = {
    NEW: "requests.new",
    CARRIED_IN: "requests.carried_in",
    RESULTS_TOTAL: "outcomes.total",
    CARRIED_OUT: "requests.carried_out",
}

_NUMERALS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Ledger:
    """Independent counts taken straight from the records when a report is compiled from them (None when
    unknown, e.g. for an imported legacy report)."""

    received_in_year: int | None = None  # applications whose 收到申请之日 falls in the year
    finalized_in_year: int | None = None  # distinct applications finalized (one final outcome) in the year
    open_at_year_end: int | None = None  # received by 31 Dec and not finalized by then
    fees_collected_yuan: int | None = None  # 信息处理费 actually paid in the year, from the fee ledger


def validate(
    document: ReportDocument, *, previous: ReportDocument | None = None, ledger: Ledger | None = None
) -> list[Issue]:
    """Every problem of `document`, in table order. `previous` is the same agency's report for the year
    before (compiled or imported) for the cross-year rules V6, V8 and T2; `ledger` holds the counts
    taken from the records for V5, V9 and V10."""
    fmt = FORMATS.get(document.format)
    if fmt is None:
        return [
            Issue("V1", "error", "format", f"无法识别的报告格式“{document.format}”，无法核对报告中的数据")
        ]
    check = _Check(document, fmt, previous, ledger or Ledger())
    check.run()
    return check.issues


# --- reading the tables -----------------------------------------------------------------------------


@dataclass
class _RequestsData:
    """Table 三 as read: the integers usable for arithmetic (None where a cell is blank, malformed or
    its row or column is missing), and whether the document has the table at all."""

    table: RequestsTable
    present: bool = False
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def get(self, row: str, column: str) -> int | None:
        return self.cells.get((row, column))


def _is_int(value: object) -> TypeGuard[int]:
    # bool is an int to Python, never to a statistics table
    return isinstance(value, int) and not isinstance(value, bool)


def _count_problem(value: object, *, signed: bool = False) -> str | None:
    """Why `value` cannot stand in a count cell, as the end of a sentence naming the cell."""
    if value is None:
        return "未填写"
    if not _is_int(value):
        return f"为“{value}”，应填写整数"
    if not signed and value < 0:
        return f"为{value}，不能为负数"
    return None


def _amount_problem(value: object) -> str | None:
    if _is_int(value):
        return f"为{value}，不能为负数" if value < 0 else None
    if isinstance(value, Decimal) and value.is_finite():
        return f"为{format_value(value)}，不能为负数" if value < 0 else None
    return f"为“{value}”，应填写金额（万元，可带小数）"


def _v1_sink(issues: list[Issue] | None) -> Callable[[str, str], None]:
    """Where a table reader reports V1 problems: the report's issues, or nowhere for the previous
    year's report, whose problems are its own."""

    def problem(where: str, message: str) -> None:
        if issues is not None:
            issues.append(Issue("V1", "error", where, message))

    return problem


def _read_requests(table: RequestsTable, data: Any, issues: list[Issue] | None) -> _RequestsData:
    problem = _v1_sink(issues)
    result = _RequestsData(table)
    name = f"表三“{table.title}”"
    if data is None:
        problem("requests", f"{name}未填写")
        return result
    rows = data.get("rows") if isinstance(data, Mapping) else None
    if not isinstance(rows, Mapping):
        problem("requests", f"{name}的数据无法读取（缺少各行数据）")
        return result
    result.present = True
    stated = _request_columns(table, data.get("columns"), problem)
    positions = {column: stated.index(column) for column in table.column_keys if column in stated}
    for row in table.rows:
        line = rows.get(row.key)
        if line is None:
            problem(f"requests.{row.key}", f"{name}缺少“{row.label}”行")
        elif not isinstance(line, list | tuple) or len(line) != len(stated):
            count = len(line) if isinstance(line, list | tuple) else 0
            problem(f"requests.{row.key}", f"{name}“{row.label}”行应有{len(stated)}个数，实有{count}个")
        else:
            for column in table.columns:
                if column.key not in positions:
                    continue  # already reported as a column problem
                value = line[positions[column.key]]
                message = _count_problem(value)
                if message is not None:
                    problem(
                        f"requests.{row.key}.{column.key}", f"表三“{row.label}”行“{column.label}”列{message}"
                    )
                if _is_int(value):
                    result.cells[row.key, column.key] = value
    for key in rows:
        if key not in table.row_keys:
            problem(
                f"requests.{key}",
                f"{name}中的“{_row_label_anywhere(str(key))}”行不属于本报告所用的格式，请删除或改填到格式规定的行",
            )
    return result


def _request_columns(table: RequestsTable, stated: Any, problem: Callable[[str, str], None]) -> list[str]:
    """The column keys in the order the rows' lists hold them: as the document states them, or the
    format's own when it states none."""
    expected = table.column_keys
    if stated is None:
        return list(expected)
    if not isinstance(stated, list | tuple) or sorted(map(str, stated)) != sorted(expected):
        labels = "、".join(column.label for column in table.columns)
        problem("requests.columns", f"表三“{table.title}”的列与格式不符：应为{labels}共{len(expected)}列")
        return [str(column) for column in stated] if isinstance(stated, list | tuple) else []
    return [str(column) for column in stated]


def _row_label_anywhere(key: str) -> str:
    """The printed label of a table 三 row in whichever format has it (a 2019 `r6` in a 2021 table)."""
    for fmt in FORMATS.values():
        if fmt.requests is not None and key in fmt.requests.row_keys:
            return fmt.requests.row(key).label
    return key


def _appeal_name(group: AppealGroup) -> str:
    return group.label if group.label == group.parent else f"{group.parent}（{group.label}）"


def _read_appeals(table: AppealsTable, data: Any, issues: list[Issue] | None) -> dict[tuple[str, str], int]:
    problem = _v1_sink(issues)
    cells: dict[tuple[str, str], int] = {}
    if not isinstance(data, Mapping):
        problem("appeals", f"表四“{table.title}”未填写")
        return cells
    for group in table.groups:
        values = data.get(group.key)
        if not isinstance(values, Mapping):
            problem(f"appeals.{group.key}", f"表四缺少“{_appeal_name(group)}”各栏")
            continue
        for column in table.columns:
            value = values.get(column.key)
            message = _count_problem(value)
            if message is not None:
                problem(
                    f"appeals.{group.key}.{column.key}",
                    f"表四“{_appeal_name(group)}”“{column.label}”栏{message}",
                )
            if _is_int(value):
                cells[group.key, column.key] = value
    return cells


def _proactive_rows(document: ReportDocument) -> Mapping[str, Any]:
    proactive = document.tables.get("proactive")
    rows = proactive.get("rows") if isinstance(proactive, Mapping) else None
    return rows if isinstance(rows, Mapping) else {}


def _proactive_value(document: ReportDocument, row: RowDef, column: str) -> Number | None:
    """A table 二 count, from the table or else from the flat figure the vocabulary gives it."""
    values = _proactive_rows(document).get(row.key)
    value = values.get(column) if isinstance(values, Mapping) else None
    if value is None:
        figure = next((cell.figure for cell in row.cells if cell.column == column), None)
        value = document.figures.get(figure) if figure else None
    return value if _is_int(value) else None


# --- messages ---------------------------------------------------------------------------------------


def _numeral(n: int) -> str:
    return _NUMERALS[n] if 0 <= n <= 10 else str(n)


def _item(row: RequestRow) -> str:
    """A row of table 三 the way its footnote counts them: 第一项“本年新收政府信息公开申请数量”."""
    number, sep, text = row.level1.partition("、")
    if not sep:
        return f"“{row.label}”"
    return f"第{number}项“{text}{row.level2}{row.level3}”"


def _terms(parts: Iterable[tuple[str, Number]], *, skip_zero: bool = False) -> str:
    shown = [f"{label}{format_value(value)}" for label, value in parts if not (skip_zero and value == 0)]
    return "＋".join(shown)


def _year_before(previous: ReportDocument) -> str:
    return f"上年（{previous.year}年）报告"


# --- the checks -------------------------------------------------------------------------------------


class _Check:
    def __init__(
        self, document: ReportDocument, fmt: ReportFormat, previous: ReportDocument | None, ledger: Ledger
    ) -> None:
        self.document = document
        self.fmt = fmt
        self.previous = previous
        self.ledger = ledger
        self.issues: list[Issue] = []
        self.requests: _RequestsData | None = None

    def add(self, rule: str, severity: Severity, where: str, message: str) -> None:
        self.issues.append(Issue(rule, severity, where, message))

    def run(self) -> None:
        if self.fmt.proactive_layout is not None:
            self.check_proactive(self.fmt.proactive_layout)
        if self.fmt.requests is not None:
            self.requests = _read_requests(
                self.fmt.requests, self.document.tables.get("requests"), self.issues
            )
            self.check_request_rows(self.requests)
            self.check_footnote(self.requests)
            self.check_results_total(self.requests)
        if self.fmt.statistics is not None:
            self.check_statistics(self.fmt.statistics)
        self.check_ledger_counts()
        self.check_carried_in()
        if self.fmt.appeals is not None:
            self.check_appeals(self.fmt.appeals)
        self.check_fees()

    # table 二 ----------------------------------------------------------------------------------------

    def check_proactive(self, layout: Layout) -> None:
        proactive = self.document.tables.get("proactive")
        stated_layout = proactive.get("format") if isinstance(proactive, Mapping) else None
        if stated_layout is not None and str(stated_layout) != layout:
            self.add(
                "V1",
                "error",
                "proactive",
                f"表二是按{stated_layout}年格式填写的，但本报告使用{self.fmt.name}，请按本格式重新填写表二",
            )
            return
        rows = _proactive_rows(self.document)
        for section in TABLES[layout]:
            headers = dict(section.columns)
            for row in section.rows:
                values = rows.get(row.key)
                for cell in row.cells:
                    value = values.get(cell.column) if isinstance(values, Mapping) else None
                    if value is None:
                        continue  # a blank in table 二 is allowed: nothing stated
                    if cell.column == AMOUNT_COLUMN:
                        message = _amount_problem(value)
                    else:
                        message = _count_problem(value, signed=cell.column == SIGNED_COLUMN)
                    if message is not None:
                        self.add(
                            "V1",
                            "error",
                            f"proactive.{row.key}.{cell.column}",
                            f"表二“{row.label}”行“{headers.get(cell.column, cell.column)}”列{message}",
                        )
        if layout == "2021" and self.previous is not None:
            self.check_documents_in_force(layout, self.previous)

    def check_documents_in_force(self, layout: Layout, previous: ReportDocument) -> None:
        """T2: 现行有效件数(Y) ≈ 现行有效件数(Y−1) + 本年制发件数 − 本年废止件数; revisions and re-issues
        break exact equality, so it only warns."""
        issued, repealed, in_force = DOCUMENT_COLUMNS
        for section in TABLES[layout]:
            headers = dict(section.columns)
            for row in section.rows:
                if not set(DOCUMENT_COLUMNS) <= {cell.column for cell in row.cells}:
                    continue  # only 规章 and 行政规范性文件 have a stock to carry over
                now = _proactive_value(self.document, row, in_force)
                before = _proactive_value(previous, row, in_force)
                added = _proactive_value(self.document, row, issued)
                removed = _proactive_value(self.document, row, repealed)
                if now is None or before is None or added is None or removed is None:
                    continue
                expected = before + added - removed
                if now != expected:
                    self.add(
                        "T2",
                        "warning",
                        f"proactive.{row.key}.{in_force}",
                        f"表二“{row.label}”：“{headers[in_force]}”为{now}，但{_year_before(previous)}"
                        f"“{headers[in_force]}”{before}＋“{headers[issued]}”{added}"
                        f"－“{headers[repealed]}”{removed}＝{expected}；"
                        "修订、重新发布等可能造成差异，请核对",
                    )

    # table 三 ----------------------------------------------------------------------------------------

    def check_request_rows(self, data: _RequestsData) -> None:
        """V2: the 总计 column of every row is the sum of the six applicant columns."""
        table = data.table
        applicants = [column for column in table.columns if column.key != TOTAL]
        total_label = table.column(TOTAL).label
        for row in table.rows:
            total = data.get(row.key, TOTAL)
            parts = [data.get(row.key, column.key) for column in applicants]
            if total is None or any(part is None for part in parts):
                continue
            known = [part for part in parts if part is not None]
            if total != sum(known):
                terms = _terms((column.label, part) for column, part in zip(applicants, known, strict=True))
                self.add(
                    "V2",
                    "error",
                    f"requests.{row.key}.{TOTAL}",
                    f"表三“{row.label}”行“{total_label}”列为{total}，"
                    f"但{_numeral(len(applicants))}类申请人之和为{sum(known)}（{terms}）",
                )

    def check_footnote(self, data: _RequestsData) -> None:
        """V3, the relation the table prints above its rows: per column, new + carried in = results +
        carried out."""
        table = data.table
        rows = {key: table.row(key) for key in (NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OUT)}
        for column in table.columns:
            new, carried_in, results, carried_out = (data.get(key, column.key) for key in rows)
            if new is None or carried_in is None or results is None or carried_out is None:
                continue
            if new + carried_in != results + carried_out:
                self.add(
                    "V3",
                    "error",
                    f"requests.{CARRIED_OUT}.{column.key}",
                    f"表三“{column.label}”列：{_item(rows[NEW])}{new}＋{_item(rows[CARRIED_IN])}{carried_in}"
                    f"＝{new + carried_in}，但{_item(rows[RESULTS_TOTAL])}{results}"
                    f"＋{_item(rows[CARRIED_OUT])}{carried_out}＝{results + carried_out}{table.footnote}",
                )

    def check_results_total(self, data: _RequestsData) -> None:
        """V4: per column, （七）总计 adds up the result rows."""
        table = data.table
        total_row = table.row(RESULTS_TOTAL)
        for column in table.columns:
            results = data.get(RESULTS_TOTAL, column.key)
            outcomes = [(table.row(key), data.get(key, column.key)) for key in table.outcome_keys]
            if results is None or any(value is None for _, value in outcomes):
                continue
            counted = [(row.label, value) for row, value in outcomes if value is not None]
            added = sum(value for _, value in counted)
            if results != added:
                terms = _terms(counted, skip_zero=True) or "各项均为0"
                self.add(
                    "V4",
                    "error",
                    f"requests.{RESULTS_TOTAL}.{column.key}",
                    f"表三“{column.label}”列：“{total_row.label}”为{results}，"
                    f"但各项办理结果之和为{added}（{terms}）",
                )

    def stated_total(self, row_key: str) -> tuple[Number | None, str]:
        """A table 三 row's 总计 as the report states it, and where: from the table when the report has
        one, else from the flat figures (imported or pre-2019 reports)."""
        if self.requests is not None and self.requests.present:
            return self.requests.get(row_key, TOTAL), f"requests.{row_key}.{TOTAL}"
        figure = _ROW_FIGURES[row_key]
        return self.document.figures.get(figure), figure

    def row_name(self, row_key: str) -> str:
        """How a message names a row's 总计: the printed row and column of table 三, the row of the
        statistics table that states the figure, or else the row's label in table 三."""
        table = self.fmt.requests
        if table is not None and self.requests is not None and self.requests.present:
            return f"表三“{table.row(row_key).label}”行“{table.column(TOTAL).label}”列"
        figure = _ROW_FIGURES[row_key]
        row = next((row for row in self.fmt.statistics or () if row.figure == figure), None)
        if row is not None:
            return f"统计表“{row.label}”"
        return f"“{_row_label_anywhere(row_key)}”"

    def check_ledger_counts(self) -> None:
        """V5 and V10: the table against the counts taken from the records."""
        year = self.document.year
        checks = (
            (
                "V5",
                RESULTS_TOTAL,
                self.ledger.finalized_in_year,
                "按办理记录统计，本年办结的申请为{count}件（每件申请只能计入一种办理结果），请核对是否有申请被重复计入或漏计",
            ),
            (
                "V10",
                NEW,
                self.ledger.received_in_year,
                f"按办理记录统计，收到申请之日在{year}年内的申请为{{count}}件",
            ),
            (
                "V10",
                CARRIED_OUT,
                self.ledger.open_at_year_end,
                f"按办理记录统计，截至{year}年12月31日尚未办结的申请为{{count}}件",
            ),
        )
        for rule, row_key, count, text in checks:
            if count is None:
                continue
            stated, where = self.stated_total(row_key)
            if stated is None or stated == count:
                continue
            self.add(
                rule,
                "error",
                where,
                f"{self.row_name(row_key)}为{format_value(stated)}，但{text.format(count=count)}",
            )

    def check_carried_in(self) -> None:
        """V6: what this year carries in is what last year carried out, column by column when both
        reports have table 三, else as totals."""
        previous = self.previous
        if previous is None:
            return
        previous_fmt = FORMATS.get(previous.format)
        table = self.fmt.requests
        previous_table = (previous_fmt.requests if previous_fmt else None) or table
        data = self.requests
        if (
            table is not None
            and data is not None
            and data.present
            and previous_table is not None
            and isinstance(previous.tables.get("requests"), Mapping)
        ):
            before = _read_requests(previous_table, previous.tables["requests"], None)
            if before.present:
                for column in table.columns:
                    now = data.get(CARRIED_IN, column.key)
                    then = before.get(CARRIED_OUT, column.key)
                    if now is None or then is None or now == then:
                        continue
                    self.add(
                        "V6",
                        "warning",
                        f"requests.{CARRIED_IN}.{column.key}",
                        f"表三“{table.row(CARRIED_IN).label}”行“{column.label}”列为{now}，"
                        f"但{_year_before(previous)}“{previous_table.row(CARRIED_OUT).label}”行同列为{then}",
                    )
                return
        now_total, where = self.stated_total(CARRIED_IN)
        then_total = previous.figures.get(_ROW_FIGURES[CARRIED_OUT])
        if now_total is None or then_total is None or now_total == then_total:
            return
        self.add(
            "V6",
            "warning",
            where,
            f"{self.row_name(CARRIED_IN)}为{format_value(now_total)}，"
            f"但{_year_before(previous)}“{_row_label_anywhere(CARRIED_OUT)}”为{format_value(then_total)}",
        )

    # table 四 ----------------------------------------------------------------------------------------

    def check_appeals(self, table: AppealsTable) -> None:
        """V1 and V7 per group; V8 against the previous year's pending cases."""
        cells = _read_appeals(table, self.document.tables.get("appeals"), self.issues)
        parts: list[Column] = [column for column in table.columns if column.key != TOTAL]
        total_label = next(column.label for column in table.columns if column.key == TOTAL)
        for group in table.groups:
            total = cells.get((group.key, TOTAL))
            values = [cells.get((group.key, column.key)) for column in parts]
            if total is None or any(value is None for value in values):
                continue
            known = [value for value in values if value is not None]
            if total != sum(known):
                terms = _terms((column.label, value) for column, value in zip(parts, known, strict=True))
                self.add(
                    "V7",
                    "error",
                    f"appeals.{group.key}.{TOTAL}",
                    f"表四“{_appeal_name(group)}”：{total_label}{total}≠{terms}",
                )
        if self.previous is not None:
            self.check_pending(table, cells, self.previous)

    def check_pending(
        self, table: AppealsTable, cells: dict[tuple[str, str], int], previous: ReportDocument
    ) -> None:
        pending_label = next(column.label for column in table.columns if column.key == PENDING)
        total_label = next(column.label for column in table.columns if column.key == TOTAL)
        results = "、".join(f"“{column.label}”" for column in table.columns if column.key != TOTAL)
        previous_cells = (
            _read_appeals(table, previous.tables["appeals"], None)
            if isinstance(previous.tables.get("appeals"), Mapping)
            else {}
        )
        for group in table.groups:
            then = previous_cells.get((group.key, PENDING))
            if then is None:
                figure = previous.figures.get(f"{group.figure_prefix}.{PENDING}")
                then = figure if _is_int(figure) else None
            now = cells.get((group.key, TOTAL))
            if then is None or then <= 0 or now is None or now >= then:
                continue
            self.add(
                "V8",
                "warning",
                f"appeals.{group.key}.{TOTAL}",
                f"表四“{_appeal_name(group)}”：{_year_before(previous)}“{pending_label}”{then}件，"
                f"但本年“{total_label}”仅{now}件；上年未审结的案件本年应再次计入（{results}之一）",
            )

    # the pre-2019 statistics table --------------------------------------------------------------------

    def check_statistics(self, rows: tuple[StatisticsRow, ...]) -> None:
        """V1 on the stated figures, and S: the sums the older tables print, checked only when the total
        and every part are stated (a blank is not a zero)."""
        figures = self.document.figures
        labels = {row.figure: row.label for row in rows if row.figure}
        for row in rows:
            if row.figure is None or row.figure not in figures:
                continue
            value = figures[row.figure]
            if not (_is_int(value) or (isinstance(value, Decimal) and value.is_finite())):
                self.add("V1", "error", row.figure, f"统计表“{row.label}”为“{value}”，应填写数字")
            elif value < 0:
                self.add("V1", "error", row.figure, f"统计表“{row.label}”为{format_value(value)}，不能为负数")
        for row in rows:
            if row.figure is None or not row.sums:
                continue
            total = figures.get(row.figure)
            parts = [(labels.get(key, key), figures.get(key)) for key in row.sums]
            if total is None or any(value is None for _, value in parts):
                continue
            stated = [(label, value) for label, value in parts if value is not None]
            added = sum((value for _, value in stated), Decimal(0))
            if total != added:
                self.add(
                    "S",
                    "error",
                    row.figure,
                    f"统计表“{row.label}”为{format_value(total)}，但其分项之和为{format_value(added)}"
                    f"（{_terms(stated)}）",
                )

    # section 六 and the 信息处理费 -----------------------------------------------------------------------

    def check_fees(self) -> None:
        """V9: section 六 reports the 信息处理费, and the amounts stated agree with the fee ledger."""
        text = self.document.sections.get("other") or ""
        section = self.fmt.section("other")
        heading = section.heading if section else "其他需要报告的事项"
        where = "sections.other"
        collected = self.ledger.fees_collected_yuan
        reasons: list[str] = []
        table = self.fmt.requests
        if table is not None and UNPAID_FEE_ROW in table.row_keys and self.requests is not None:
            unpaid = self.requests.get(UNPAID_FEE_ROW, TOTAL)
            if unpaid is not None and unpaid > 0:
                reasons.append(
                    f"表三“{table.row(UNPAID_FEE_ROW).label}”行“{table.column(TOTAL).label}”列为{unpaid}"
                )
        if collected is not None and collected > 0:
            reasons.append(f"收费台账显示本年实收{FEE_TERM}{collected}元")
        stated: Decimal | None = None
        if FEE_TERM not in text:
            if reasons:
                self.add(
                    "V9",
                    "warning",
                    where,
                    f"“{heading}”未说明{FEE_TERM}收取情况，但{'；'.join(reasons)}。"
                    f"请按《政府信息公开{FEE_TERM}管理办法》说明本年收取{FEE_TERM}的情况",
                )
        else:
            stated = stated_fee_yuan(text)
        figure = self.document.figures.get(FEES_FIGURE)
        figure_name = f"数据项“{_figure_label(FEES_FIGURE)}”"
        if collected is not None:
            if stated is not None and stated != collected:
                self.add(
                    "V9",
                    "warning",
                    where,
                    f"“{heading}”所述{FEE_TERM}为{format_value(stated)}元，但收费台账显示本年实收{collected}元",
                )
            if figure is not None and figure != collected:
                self.add(
                    "V9",
                    "warning",
                    FEES_FIGURE,
                    f"{figure_name}为{format_value(figure)}元，但收费台账显示本年实收{FEE_TERM}{collected}元",
                )
        elif figure is not None and stated is not None and figure != stated:
            self.add(
                "V9",
                "warning",
                FEES_FIGURE,
                f"{figure_name}为{format_value(figure)}元，但“{heading}”所述{FEE_TERM}为{format_value(stated)}元",
            )


def _figure_label(key: str) -> str:
    for fmt in FORMATS.values():
        for row in fmt.statistics or ():
            if row.figure == key:
                return row.label
    return key


# --- the amount of 信息处理费 section 六 states ------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_SEP = re.compile(r"[,，、:：]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|元)")
_TOTAL_MARKERS = ("共", "合计", "总计", "累计")
_ZERO = re.compile(
    r"(?:未|没有|无|尚未|均未|不涉及)(?:向[^,;。]{0,10})?(?:收取|产生|发生|涉及)?(?:任何|过)?"
    + FEE_TERM
    + r"|"
    + FEE_TERM
    + r"[^,;。]{0,8}?(?:为零|为0(?![\d.]))"
)


def stated_fee_yuan(text: str) -> Decimal | None:
    """The 信息处理费 a section 六 text says was collected, in yuan: "收取信息处理费共计400元" → 400,
    "信息处理费0.04万元" → 400, "未收取信息处理费" → 0. None when the text names no amount, or several
    amounts none of which is a total (分别收取100元、300元) — better no comparison than a wrong one."""
    text = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    totals: set[Decimal] = set()
    amounts: set[Decimal] = set()
    zero = False
    for sentence in _SENTENCE_END.split(text):
        start = sentence.find(FEE_TERM)
        if start < 0:
            continue
        zero = zero or _ZERO.search(sentence) is not None
        # Amounts before the first mention belong to something else (行政事业性收费0.5万元，信息处理费…).
        clause_start = max((m.end() for m in _CLAUSE_SEP.finditer(sentence, 0, start)), default=0)
        for clause in _CLAUSE_SEP.split(sentence[clause_start:]):
            for match in _AMOUNT.finditer(clause):
                following = clause[match.end() : match.end() + 1]
                if following in {"/", "每"} or "每" in clause[max(0, match.start() - 3) : match.start()]:
                    continue  # a rate (100元/件, 每页10元), not an amount collected
                value = Decimal(match.group(1)) * (10000 if match.group(2) == "万元" else 1)
                before = clause[: match.start()]
                (totals if any(marker in before for marker in _TOTAL_MARKERS) else amounts).add(value)
    if totals:
        return totals.pop() if len(totals) == 1 else None
    if amounts:
        return amounts.pop() if len(amounts) == 1 else None
    return Decimal(0) if zero else None
