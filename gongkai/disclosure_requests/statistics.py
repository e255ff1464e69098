"""Annual-report table 三 (收到和处理政府信息公开申请情况, 国办公开办函〔2021〕30号) computed from the records.

Counting rules (ogi-rules.md §1.4, §1.6):
- `new`: applications whose 收到申请之日 falls in the year. A 补正 restarts the clock but not the
  receipt date, so a corrected application stays in the year it first arrived (V10);
- `carried_in`: received before 1 January and not finalized before it;
- outcome rows: applications finalized in the year, by their one outcome (V5);
- `carried_out`: received by 31 December and not finalized by then.
With one outcome per finalized application these make every column satisfy the table's own footnote
(V3); `r7_total` and the 总计 column are sums by definition (V4, V2).

The whole table is one grouped query with conditional aggregates, whatever the number of agencies,
so a city's consolidated table costs what one department's does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.agencies.models import Agency
from gongkai.disclosure_requests import outcomes
from gongkai.disclosure_requests.models import ApplicantType, DisclosureRequest, FeeNotice

# statistics-vocabulary.md §3: the columns of tables.requests, in the printed order.
APPLICANT_COLUMNS: tuple[str, ...] = tuple(ApplicantType.values)
COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, "total")
OUTCOME_ROWS: tuple[str, ...] = outcomes.KEYS
ROWS: tuple[str, ...] = ("new", "carried_in", *OUTCOME_ROWS, "r7_total", "carried_out")

SECTION_NEW = "一、本年新收政府信息公开申请数量"
SECTION_CARRIED_IN = "二、上年结转政府信息公开申请数量"
SECTION_RESULTS = "三、本年度办理结果"
GROUP_TOTAL = "（七）总计"
SECTION_CARRIED_OUT = "四、结转下年度继续办理"

# statistics-vocabulary.md §2: the flat key of each outcome row.
OUTCOME_FIGURES: dict[str, str] = {
    "r1_open": "outcomes.disclosed",
    "r2_partial": "outcomes.partially_disclosed",
    "r3_1": "outcomes.refused.state_secret",
    "r3_2": "outcomes.refused.law_prohibited",
    "r3_3": "outcomes.refused.three_securities",
    "r3_4": "outcomes.refused.third_party",
    "r3_5": "outcomes.refused.internal_affairs",
    "r3_6": "outcomes.refused.process_info",
    "r3_7": "outcomes.refused.enforcement_file",
    "r3_8": "outcomes.refused.query_matter",
    "r4_1": "outcomes.unable.not_held",
    "r4_2": "outcomes.unable.needs_creation",
    "r4_3": "outcomes.unable.unclear_after_correction",
    "r5_1": "outcomes.not_processed.petition_complaint",
    "r5_2": "outcomes.not_processed.repeated",
    "r5_3": "outcomes.not_processed.publication",
    "r5_4": "outcomes.not_processed.mass_repeated",
    "r5_5": "outcomes.not_processed.confirm_existing",
    "r6_1": "outcomes.other.no_correction",
    "r6_2": "outcomes.other.no_fee_paid",
    "r6_3": "outcomes.other.other",
}
OUTCOME_GROUP_FIGURES: dict[str, str] = {
    "r3_": "outcomes.refused",
    "r4_": "outcomes.unable",
    "r5_": "outcomes.not_processed",
    "r6_": "outcomes.other",
}


@dataclass(frozen=True)
class TableRow:
    """One printed row: the level-1/2/3 labels of the official table and its 7 cells."""

    key: str
    section: str
    group: str
    label: str
    values: tuple[int, ...]

    @property
    def full_label(self) -> str:
        return "".join(part for part in (self.group, self.label) if part) or self.section


@dataclass(frozen=True)
class TableThree:
    year: int
    cells: dict[str, tuple[int, ...]]  # row key -> one value per COLUMNS entry

    @classmethod
    def from_counts(cls, year: int, counts: dict[str, dict[str, int]]) -> TableThree:
        """Build the table from per-row, per-applicant-type counts; derived rows and the 总计 column
        are computed here, so V2 and V4 hold by construction."""
        cells: dict[str, tuple[int, ...]] = {}
        for row in (*ROWS[:2], *OUTCOME_ROWS, "carried_out"):
            by_type = counts.get(row, {})
            values = [int(by_type.get(column, 0)) for column in APPLICANT_COLUMNS]
            cells[row] = (*values, sum(values))
        cells["r7_total"] = tuple(sum(cells[row][i] for row in OUTCOME_ROWS) for i in range(len(COLUMNS)))
        return cls(year=year, cells={row: cells[row] for row in ROWS})

    def cell(self, row: str, column: str = "total") -> int:
        return self.cells[row][COLUMNS.index(column)]

    def column(self, column: str) -> dict[str, int]:
        index = COLUMNS.index(column)
        return {row: values[index] for row, values in self.cells.items()}

    def __add__(self, other: TableThree) -> TableThree:
        """Cell-by-cell sum: a consolidated report adds its agencies' tables (V2–V4 are linear)."""
        if other.year != self.year:
            raise ValueError(f"不能合计不同年度的表格：{self.year}年与{other.year}年")
        return TableThree(
            year=self.year,
            cells={
                row: tuple(a + b for a, b in zip(self.cells[row], other.cells[row], strict=True))
                for row in ROWS
            },
        )

    @classmethod
    def empty(cls, year: int) -> TableThree:
        return cls.from_counts(year, {})

    @classmethod
    def total_of(cls, year: int, tables: Iterable[TableThree]) -> TableThree:
        result = cls.empty(year)
        for table in tables:
            result = result + table
        return result

    def check(self) -> list[str]:
        """Violations of V1–V4 (ogi-rules.md §1.6); empty for a table computed from consistent records."""
        problems: list[str] = []
        if set(self.cells) != set(ROWS):
            problems.append(f"表三行不完整：缺少{sorted(set(ROWS) - set(self.cells))}")
            return problems
        for row, values in self.cells.items():
            if len(values) != len(COLUMNS):
                problems.append(f"V1 {row}：应有{len(COLUMNS)}列，实为{len(values)}列")
                return problems
            if any(v < 0 for v in values):
                problems.append(f"V1 {row}：存在负数 {values}")
            if values[-1] != sum(values[:-1]):
                problems.append(f"V2 {row}：总计{values[-1]}不等于各列之和{sum(values[:-1])}")
        for column in COLUMNS:
            c = self.column(column)
            if c["new"] + c["carried_in"] != c["r7_total"] + c["carried_out"]:
                problems.append(
                    f"V3 {column}：新收{c['new']}＋上年结转{c['carried_in']}≠办理结果总计{c['r7_total']}＋结转下年度{c['carried_out']}"
                )
            outcome_sum = sum(c[row] for row in OUTCOME_ROWS)
            if c["r7_total"] != outcome_sum:
                problems.append(f"V4 {column}：总计{c['r7_total']}不等于各项办理结果之和{outcome_sum}")
        return problems

    def as_rows(self) -> list[TableRow]:
        """The 25 data rows with the labels printed in the official table, for rendering."""
        rows = [
            TableRow("new", SECTION_NEW, "", "", self.cells["new"]),
            TableRow("carried_in", SECTION_CARRIED_IN, "", "", self.cells["carried_in"]),
        ]
        rows += [
            TableRow(o.key, SECTION_RESULTS, o.group, o.label, self.cells[o.key]) for o in outcomes.OUTCOMES
        ]
        rows.append(TableRow("r7_total", SECTION_RESULTS, GROUP_TOTAL, "", self.cells["r7_total"]))
        rows.append(TableRow("carried_out", SECTION_CARRIED_OUT, "", "", self.cells["carried_out"]))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """`tables.requests` of the report document (statistics-vocabulary.md §3)."""
        return {"columns": list(COLUMNS), "rows": {row: list(values) for row, values in self.cells.items()}}

    def figures(self) -> dict[str, int]:
        """The flat keys derived from the 总计 column (statistics-vocabulary.md §2)."""
        total = self.column("total")
        result = {
            "requests.new": total["new"],
            "requests.carried_in": total["carried_in"],
            "requests.carried_out": total["carried_out"],
            "outcomes.total": total["r7_total"],
        }
        for column in APPLICANT_COLUMNS:
            result[f"requests.applicant.{column}"] = self.cell("new", column)
        for row, key in OUTCOME_FIGURES.items():
            result[key] = total[row]
        for prefix, key in OUTCOME_GROUP_FIGURES.items():
            result[key] = sum(total[row] for row in OUTCOME_ROWS if row.startswith(prefix))
        return result


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def table_three(*, agencies: QuerySet[Agency], year: int) -> TableThree:
    """Table 三 for the requests received by `agencies` (one agency, or a government's subtree), in one query."""
    first, last = _year_bounds(year)
    open_on_first = Q(finalized_on__isnull=True) | Q(finalized_on__gte=first)
    open_after_last = Q(finalized_on__isnull=True) | Q(finalized_on__gt=last)
    finalized_in_year = Q(finalized_on__gte=first, finalized_on__lte=last)
    aggregates: dict[str, Any] = {
        "new": Count("pk", filter=Q(received_on__gte=first)),
        "carried_in": Count("pk", filter=Q(received_on__lt=first)),
        "carried_out": Count("pk", filter=open_after_last),
    }
    for key in OUTCOME_ROWS:
        aggregates[key] = Count("pk", filter=finalized_in_year & Q(outcome=key))
    # Every counted request was received by 31 December and still open on 1 January; restricting the
    # rows first lets the (agency, received_on) index do the work. order_by() drops the model's
    # default ordering, which would otherwise split the GROUP BY.
    rows = (
        DisclosureRequest.objects.filter(agency__in=agencies, received_on__lte=last)
        .filter(open_on_first)
        .order_by()
        .values("applicant_type")
        .annotate(**aggregates)
    )
    counts: dict[str, dict[str, int]] = {row: {} for row in aggregates}
    for result in rows:
        for row in aggregates:
            counts[row][result["applicant_type"]] = result[row]
    return TableThree.from_counts(year, counts)


def fees_collected(agencies: QuerySet[Agency], year: int) -> int:
    """Yuan of 信息处理费 paid in the year (reported in section 六; V9 compares it with row （六）2)."""
    first, last = _year_bounds(year)
    total = FeeNotice.objects.filter(
        request__agency__in=agencies, paid_on__gte=first, paid_on__lte=last
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)
