"""The annual report as an XLSX workbook: a first sheet 报告 with the title, agency, year, scope and the
narrative sections, then one sheet per table section drawn from `grid.grids()` with the format's
merges. Figures are written as numbers (blank cells, printed "—", stay empty) so offices can add them
up and compare years; amounts in 万元 keep their decimals."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS, SCOPE_LABELS, YUAN_PRINTED_AS_10K, Section, report_title
from gongkai.annual_reports.grid import BLANK, Cell, Grid, grids
from gongkai.disclosure_requests.letters import paragraphs

REPORT_SHEET = "报告"
# Short sheet names (Excel allows 31 characters); the section number is prefixed for the 2019/2021
# formats, whose three tables are numbered sections.
_SHEET_NAMES: dict[str, str] = {
    "proactive": "主动公开",
    "requests": "依申请公开",
    "appeals": "复议诉讼",
    "statistics": "统计表",
}
_NUMBERED = frozenset({"proactive", "requests", "appeals"})

# Column widths in Excel's character units (a Chinese character is about two).
_LABEL_WIDTHS: dict[str, tuple[float, ...]] = {
    "requests": (10, 16, 30),
    "proactive": (22,),
    "statistics": (64, 8),
}
_FIGURE_WIDTH: dict[str, float] = {"requests": 12, "appeals": 11, "proactive": 18, "statistics": 14}
_REPORT_WIDTH = 100
# Amounts in 万元: at least two decimals as printed, up to four (a yuan is 0.0001 万元).
_AMOUNT_FORMAT = "0.00##"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=16)


def render_xlsx(document: ReportDocument) -> bytes:
    fmt = FORMATS[document.format]
    workbook = Workbook()
    report = workbook.active
    report.title = REPORT_SHEET
    tables = grids(fmt, document)
    table_sections = [s for s in fmt.sections if s.kind == "table" and s.key in tables]
    _report_sheet(report, document, sheet_names={s.key: sheet_name(s) for s in table_sections})
    for section in table_sections:
        _table_sheet(workbook.create_sheet(sheet_name(section)), tables[section.key])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_name(section: Section) -> str:
    name = _SHEET_NAMES.get(section.key, section.heading)
    return f"{section.number}、{name}" if section.key in _NUMBERED else name


# --- the 报告 sheet ------------------------------------------------------------------------------------


def _report_sheet(ws: Worksheet, document: ReportDocument, *, sheet_names: dict[str, str]) -> None:
    fmt = FORMATS[document.format]
    ws.column_dimensions["A"].width = _REPORT_WIDTH
    wrap = Alignment(wrap_text=True, vertical="top")
    lines: list[tuple[str, Font | None]] = [
        (document.title or report_title(document.agency_name, document.year, document.scope), _TITLE_FONT),
        (f"机关：{document.agency_name}", None),
        (f"年度：{document.year}年", None),
        (f"范围：{SCOPE_LABELS.get(document.scope, document.scope)}", None),
        (f"格式：{fmt.name}（{fmt.source}）" if fmt.source else f"格式：{fmt.name}", None),
    ]
    if document.correction_note.strip():
        lines.append((f"更正说明（第{document.revision}版）：{document.correction_note.strip()}", _BOLD))
    lines.append(("", None))
    for section in fmt.sections:
        lines.append((section.heading, _BOLD))
        if section.kind == "table":
            name = sheet_names.get(section.key)
            lines.append((f"见工作表“{name}”。" if name else "无。", None))
        else:
            lines.extend(
                (text, None) for text in paragraphs(document.sections.get(section.key, "")) or ["无。"]
            )
    for row, (text, font) in enumerate(lines, start=1):
        if not text:
            continue
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = wrap
        if font is not None:
            cell.font = font


# --- table sheets -------------------------------------------------------------------------------------


def _table_sheet(ws: Worksheet, grid: Grid) -> None:
    header_rows = len(grid.header)
    for r, c, spec in grid.origins():
        target = ws.cell(row=r + 1, column=c + 1)
        head = _is_head(grid, r, spec)
        # Styled before merging: openpyxl copies the top-left cell's border onto the cells along the
        # merged range's edges, which is what Excel draws.
        target.border = _BORDER
        if head:
            target.fill = _HEAD_FILL
        if spec.numeric:
            value, number_format = _number(spec)
            target.value = value
            if number_format:
                target.number_format = number_format
            target.alignment = Alignment(horizontal="right", vertical="center")
        else:
            target.value = spec.text
            target.alignment = Alignment(
                horizontal="center" if _centred(grid, r, spec) else "left",
                vertical="center",
                wrap_text=True,
                indent=spec.indent,
            )
            if head:
                target.font = _BOLD
        if spec.rowspan > 1 or spec.colspan > 1:
            ws.merge_cells(
                start_row=r + 1,
                start_column=c + 1,
                end_row=r + spec.rowspan,
                end_column=c + spec.colspan,
            )
    labels = _LABEL_WIDTHS.get(grid.key, ())
    for c in range(grid.columns):
        width = labels[c] if c < len(labels) else _FIGURE_WIDTH.get(grid.key, 12)
        ws.column_dimensions[get_column_letter(c + 1)].width = width
    if header_rows:
        # Below the header, and right of the row labels for table 三 whose figures run ten columns wide.
        label_columns = len(labels) if grid.key == "requests" else 0
        ws.freeze_panes = ws.cell(row=header_rows + 1, column=label_columns + 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.columns > 4 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"


def _is_head(grid: Grid, row: int, cell: Cell) -> bool:
    """A column heading or a caption row (a row of labels only), as opposed to a row label or figure."""
    if cell.numeric:
        return False
    return row < len(grid.header) or all(c.header for c in grid.rows[row])


def _centred(grid: Grid, row: int, cell: Cell) -> bool:
    # As in the DOCX: row labels read left to right, except those spanning rows and short ones (units);
    # the pre-2019 table's heading rows are left-aligned.
    if _is_head(grid, row, cell):
        return grid.key != "statistics" or row < len(grid.header)
    return cell.rowspan > 1 or len(cell.text) <= 2


def _number(cell: Cell) -> tuple[int | float | str | None, str]:
    """The figure behind a printed cell, and its number format. The grid's text is the exact value
    (format_value keeps every decimal), so reading it back loses nothing."""
    if cell.text == BLANK:
        return None, ""
    try:
        number = Decimal(cell.text)
    except InvalidOperation:
        return cell.text, ""
    if cell.key.endswith("amount_10k_yuan") or cell.key in YUAN_PRINTED_AS_10K:
        return float(number), _AMOUNT_FORMAT
    if number == number.to_integral_value() and "." not in cell.text:
        return int(number), "0"
    return float(number), "0.00##"


__all__ = ["render_xlsx", "sheet_name"]
