"""Each table of a report as a grid of cells with their merges, built from the format definition and
the document. HTML, DOCX, PDF and XLSX all draw these grids, so the four exports cannot disagree on a
label, a merge or a number. Pure: no Django imports.

A cell that a merge covers is simply absent from its row (as in HTML); `Grid.matrix()` gives the
fully expanded view exporters with explicit merges (DOCX, XLSX) need."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import (
    YUAN_PRINTED_AS_10K,
    AppealsTable,
    ReportFormat,
    RequestsTable,
    StatisticsRow,
)
from gongkai.figures.layouts import ROW_HEADER, TABLES

BLANK = "—"


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a label (th), not a figure
    numeric: bool = False  # right-aligned figure
    key: str = ""  # the figure's place, e.g. "requests.new.natural_person", for links and highlighting
    indent: int = 0


@dataclass(frozen=True)
class Grid:
    key: str  # proactive | requests | appeals | statistics
    title: str
    columns: int
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]

    @property
    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        return self.header + self.body

    def matrix(self) -> list[list[tuple[Cell, bool]]]:
        """Every (row, column) position with the cell covering it and whether it is that cell's origin
        (top-left); raises if the spans do not tile the grid exactly."""
        rows = self.rows
        grid: list[list[tuple[Cell, bool] | None]] = [[None] * self.columns for _ in rows]
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while c < self.columns and grid[r][c] is not None:
                    c += 1
                if c + cell.colspan > self.columns or r + cell.rowspan > len(rows):
                    raise ValueError(f"{self.key}: cell {cell.text!r} overflows the grid at row {r}")
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if grid[r + dr][c + dc] is not None:
                            raise ValueError(f"{self.key}: overlapping cells at row {r + dr}")
                        grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        for r, line in enumerate(grid):
            if any(position is None for position in line):
                raise ValueError(f"{self.key}: row {r} is not filled")
        return [[position for position in line if position is not None] for line in grid]

    def origins(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) of every cell at its top-left position, for exporters that merge ranges."""
        return [
            (r, c, cell)
            for r, line in enumerate(self.matrix())
            for c, (cell, origin) in enumerate(line)
            if origin
        ]


def format_value(value: Any) -> str:
    """A figure as printed: blank (nothing stated) as —, amounts without trailing zeros."""
    if value is None:
        return BLANK
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _number(text: str, key: str) -> Cell:
    return Cell(text, numeric=True, key=key)


# --- table 二 -----------------------------------------------------------------------------------------


def proactive_grid(fmt: ReportFormat, document: ReportDocument) -> Grid | None:
    if fmt.proactive_layout is None:
        return None
    sections = TABLES[fmt.proactive_layout]
    width = 1 + max(len(section.columns) for section in sections)
    rows_data: dict[str, dict[str, Any]] = (document.tables.get("proactive") or {}).get("rows", {})
    body: list[tuple[Cell, ...]] = []
    for section in sections:
        body.append((Cell(section.caption, colspan=width, header=True),))
        spans = _spans(len(section.columns), width - 1)
        body.append(
            (
                Cell(ROW_HEADER, header=True),
                *(
                    Cell(header, colspan=span, header=True)
                    for (_, header), span in zip(section.columns, spans, strict=True)
                ),
            )
        )
        for row in section.rows:
            values = rows_data.get(row.key, {})
            cells = [Cell(row.label, header=True)]
            for cell_def, span in zip(row.cells, _spans(len(row.cells), width - 1), strict=True):
                cells.append(
                    Cell(
                        format_value(values.get(cell_def.column)),
                        colspan=span,
                        numeric=True,
                        key=f"proactive.{row.key}.{cell_def.column}",
                    )
                )
            body.append(tuple(cells))
    return Grid("proactive", "主动公开政府信息情况", width, (), tuple(body))


def _spans(count: int, width: int) -> list[int]:
    """Columns of a sub-table narrower than the table: the last one spans the rest (as printed, e.g. the
    single 本年处理决定数量 cell spans three columns)."""
    return [1] * (count - 1) + [width - count + 1]


# --- table 三 -----------------------------------------------------------------------------------------


def requests_grid(fmt: ReportFormat, document: ReportDocument) -> Grid | None:
    table = fmt.requests
    if table is None:
        return None
    data = document.tables.get("requests") or {}
    values: dict[str, list[Any]] = data.get("rows", {})
    columns = table.column_keys
    stated_columns: list[str] = list(data.get("columns") or columns)
    header = _requests_header(table)
    body: list[tuple[Cell, ...]] = []
    rows = table.rows
    results = [row for row in rows if row.level1 == rows[2].level1]
    for row in rows:
        labels: list[Cell] = []
        if not row.level2:
            labels.append(Cell(row.level1, colspan=3, header=True))
        else:
            if row is results[0]:
                labels.append(Cell(row.level1, rowspan=len(results), header=True))
            if row.level3:
                group = [r for r in results if r.level2 == row.level2]
                if row is group[0]:
                    labels.append(Cell(row.level2, rowspan=len(group), header=True))
                labels.append(Cell(row.level3, header=True))
            else:
                labels.append(Cell(row.level2, colspan=2, header=True))
        line = values.get(row.key)
        figures = []
        for column in columns:
            value = None
            if line is not None and column in stated_columns:
                position = stated_columns.index(column)
                value = line[position] if position < len(line) else None
            figures.append(_number(format_value(value), f"requests.{row.key}.{column}"))
        body.append((*labels, *figures))
    return Grid("requests", table.title, 3 + len(columns), header, tuple(body))


def _requests_header(table: RequestsTable) -> tuple[tuple[Cell, ...], ...]:
    grouped = [column for column in table.columns if column.group]
    group_label = grouped[0].group if grouped else ""
    top = (
        Cell(table.footnote, rowspan=3, colspan=3, header=True),
        Cell(table.applicant_header, colspan=len(table.columns), header=True),
    )
    middle: list[Cell] = []
    bottom: list[Cell] = []
    seen_group = False
    for column in table.columns:
        if column.group:
            if not seen_group:
                middle.append(Cell(group_label, colspan=len(grouped), header=True))
                seen_group = True
            bottom.append(Cell(column.label, header=True))
        else:
            middle.append(Cell(column.label, rowspan=2, header=True))
    return (top, tuple(middle), tuple(bottom))


# --- table 四 -----------------------------------------------------------------------------------------


def appeals_grid(fmt: ReportFormat, document: ReportDocument) -> Grid | None:
    table: AppealsTable | None = fmt.appeals
    if table is None:
        return None
    data: dict[str, dict[str, Any]] = document.tables.get("appeals") or {}
    per_group = len(table.columns)
    top: list[Cell] = []
    middle: list[Cell] = []
    parents: list[str] = []
    for group in table.groups:
        if group.parent not in parents:
            parents.append(group.parent)
    for parent in parents:
        members = [g for g in table.groups if g.parent == parent]
        if len(members) == 1 and members[0].label == parent:
            top.append(Cell(parent, rowspan=2, colspan=per_group, header=True))
        else:
            top.append(Cell(parent, colspan=per_group * len(members), header=True))
            middle.extend(Cell(g.label, colspan=per_group, header=True) for g in members)
    bottom = tuple(Cell(column.label, header=True) for g in table.groups for column in table.columns)
    line = tuple(
        _number(format_value((data.get(g.key) or {}).get(column.key)), f"appeals.{g.key}.{column.key}")
        for g in table.groups
        for column in table.columns
    )
    width = per_group * len(table.groups)
    return Grid("appeals", table.title, width, (tuple(top), tuple(middle), bottom), (line,))


# --- the pre-2019 statistics table ------------------------------------------------------------------


def statistics_grid(fmt: ReportFormat, document: ReportDocument) -> Grid | None:
    rows: tuple[StatisticsRow, ...] | None = fmt.statistics
    if rows is None:
        return None
    header = ((Cell("统计指标", header=True), Cell("单位", header=True), Cell("统计数", header=True)),)
    body: list[tuple[Cell, ...]] = []
    for row in rows:
        if row.figure is None:
            body.append((Cell(row.label, colspan=3, header=True, indent=row.indent),))
            continue
        value = document.figures.get(row.figure)
        if value is not None and row.figure in YUAN_PRINTED_AS_10K:
            value = Decimal(value) / Decimal(10000)
        body.append(
            (
                Cell(row.label, header=True, indent=row.indent),
                Cell(row.unit, header=True),
                _number(format_value(value), row.figure),
            )
        )
    return Grid("statistics", "政府信息公开情况统计表", 3, header, tuple(body))


def grids(fmt: ReportFormat, document: ReportDocument) -> dict[str, Grid]:
    """The grid of every table section of the format, keyed like the sections (`Section.key`)."""
    built = {
        "proactive": proactive_grid(fmt, document),
        "requests": requests_grid(fmt, document),
        "appeals": appeals_grid(fmt, document),
        "statistics": statistics_grid(fmt, document),
    }
    return {key: grid for key, grid in built.items() if grid is not None}
