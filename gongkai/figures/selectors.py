"""Table 二 (主动公开政府信息情况) of the annual report for one agency (本机关) or an agency with everything
below it (aggregate, e.g. 全市), in the 2021 or the 2019 trial layout: the catalogue's counts of 规章 and
行政规范性文件 (gongkai.catalogue.table_two) next to the figures staff entered (AgencyYearFigures).

Two queries whatever the size of the subtree: one conditional count over the catalogue, one read of
the entered rows. A cell no agency entered anything for is None (printed "—"), not 0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gongkai.agencies.models import Agency
from gongkai.catalogue.table_two import KindCounts, catalogue_counts
from gongkai.figures.fields import NAMES, Value, display
from gongkai.figures.layouts import ROW_HEADER, TABLES, Catalogue, Layout
from gongkai.figures.models import AgencyYearFigures

Scope = Literal["agency", "aggregate"]


@dataclass(frozen=True)
class TableTwoCell:
    column: str  # tables.proactive column key, e.g. "issued"
    header: str  # the column header as printed, e.g. 本年制发件数
    value: Value | None  # None: nothing entered
    figure: str | None  # the statistics-vocabulary flat key, when the vocabulary names this cell

    @property
    def display(self) -> str:
        return display(self.value)


@dataclass(frozen=True)
class TableTwoRow:
    key: str  # tables.proactive row key, e.g. "regulations"
    label: str  # as printed, e.g. 规章
    caption: str  # the sub-table it belongs to, e.g. 第二十条第（一）项
    cells: tuple[TableTwoCell, ...]


@dataclass(frozen=True)
class TableTwoSection:
    caption: str
    headers: tuple[str, ...]  # the printed header row, starting with 信息内容
    rows: tuple[TableTwoRow, ...]


@dataclass(frozen=True)
class TableTwo:
    agency: Agency
    year: int
    layout: Layout
    scope: Scope
    sections: tuple[TableTwoSection, ...]

    @property
    def rows(self) -> tuple[TableTwoRow, ...]:
        """Every data row in print order."""
        return tuple(row for section in self.sections for row in section.rows)

    def as_vocabulary(self) -> dict[str, Value]:
        """The flat `figures` keys of statistics-vocabulary.md §2 this table states; a blank cell is
        absent, not 0. Amounts stay Decimal (万元), as `proactive.admin_fees.amount_10k_yuan` requires."""
        return {
            cell.figure: cell.value
            for row in self.rows
            for cell in row.cells
            if cell.figure is not None and cell.value is not None
        }

    def as_table(self) -> dict[str, Any]:
        """`tables.proactive`: every cell of the printed table by row and column key (None = blank)."""
        return {
            "format": self.layout,
            "rows": {row.key: {cell.column: cell.value for cell in row.cells} for row in self.rows},
        }


def _entered(agency: Agency, year: int, scope: Scope) -> dict[str, Value | None]:
    rows = AgencyYearFigures.objects.filter(year=year)
    rows = (
        rows.filter(agency__path__startswith=agency.path)
        if scope == "aggregate"
        else rows.filter(agency=agency)
    )
    # Summed here rather than with SUM(): SQLite adds decimals as floating point, and the report must
    # print the same 万元 figure on SQLite and PostgreSQL.
    totals: dict[str, Value | None] = dict.fromkeys(NAMES)
    for values in rows.values_list(*NAMES):
        for name, value in zip(NAMES, values, strict=True):
            if value is not None:
                current = totals[name]
                totals[name] = value if current is None else current + value
    return totals


def table_two(agency: Agency, year: int, *, layout: Layout = "2021", scope: Scope = "agency") -> TableTwo:
    if layout not in TABLES:
        raise ValueError(f"unknown table 二 layout {layout!r}")
    if scope not in ("agency", "aggregate"):
        raise ValueError(f"unknown scope {scope!r}")
    counts: dict[str, KindCounts] = catalogue_counts(agency, year, scope=scope)
    entered = _entered(agency, year, scope)
    sections = []
    for section in TABLES[layout]:
        headers = dict(section.columns)
        rows = []
        for row in section.rows:
            cells = []
            for cell in row.cells:
                source = cell.source
                if isinstance(source, Catalogue):
                    value: Value | None = getattr(counts[source.kind], source.count)
                else:
                    value = entered[source.field]
                cells.append(TableTwoCell(cell.column, headers[cell.column], value, cell.figure))
            rows.append(TableTwoRow(row.key, row.label, section.caption, tuple(cells)))
        sections.append(TableTwoSection(section.caption, (ROW_HEADER, *headers.values()), tuple(rows)))
    return TableTwo(agency=agency, year=year, layout=layout, scope=scope, sections=tuple(sections))
