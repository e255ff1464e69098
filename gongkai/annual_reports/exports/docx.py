"""The annual report as DOCX in the official layout, readable in Word and WPS.

A4 with the 公文 margins of GB/T 9704-2012 (37/35/28/26 mm), the title in 二号 serif, numbered section
headings in a 黑体-like sans, narrative sections as indented 三号 paragraphs, and tables 二, 三 and 四
(or the pre-2019 统计表) drawn from `grid.grids()` with the merges of the format, so the labels, merges
and numbers are the ones every other export shows.

Fonts: the free Noto CJK faces are what the servers have (LibreOffice conversion, previews); offices
open the file on Windows/WPS, which rarely have them, so the font table names each with the 公文 face
to fall back to (仿宋 for the serif, 黑体 for the sans) as its w:altName."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Literal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS, ReportFormat, report_title
from gongkai.annual_reports.grid import Cell, Grid, grids
from gongkai.disclosure_requests.letters import _first_line_indent_two_chars, _set_fonts, paragraphs

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# (fallback on machines without Noto, font family class) for the font table.
_FALLBACKS: dict[str, tuple[str, str]] = {SERIF: ("仿宋", "roman"), SANS: ("黑体", "swiss")}

# 公文 type sizes: 二号 22pt title, 三号 16pt body and headings, 小五 9pt for the wide tables, 五号 10.5pt.
_TITLE_PT = 22
_BODY_PT = 16
_LINE_PT = 28
_WIDE_TABLE_PT = 9
_TABLE_PT = 10.5
_CAPTION_PT = 10.5
_PAGE_NUMBER_PT = 14

_PAGE_WIDTH_MM, _PAGE_HEIGHT_MM = 210, 297
_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
_TEXT_WIDTH_MM = _PAGE_WIDTH_MM - _MARGINS_MM["left"] - _MARGINS_MM["right"]
_CHART_WIDTH_MM = 150

# Widths (mm) of each grid's label columns; the figure columns share what is left. Table 三's three
# label columns are what keeps its ten columns inside portrait A4.
_LABEL_WIDTHS_MM: dict[str, tuple[float, ...]] = {
    "requests": (14, 22, 34),
    "proactive": (40,),
    "statistics": (104, 18),
}
# Sections after which the charts go; formats without them get a final 附图 block.
_CHARTS_AFTER = "appeals"
_CHARTS_HEADING = "附图"

_STYLE_TITLE = "Report Title"
_STYLE_HEADING = "Report Heading"
_STYLE_TABLE = "Report Table Text"
_STYLE_CAPTION = "Report Caption"
_STYLE_NOTE = "Report Correction"

Role = Literal["head", "label", "number"]


def render_docx(document: ReportDocument, *, charts: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """The report as DOCX bytes; `charts` are (caption, PNG) pairs placed after section 四 (or at the end
    for formats without it), each with its caption."""
    fmt = FORMATS[document.format]
    title = document.title or report_title(document.agency_name, document.year, document.scope)
    doc: Any = Document()
    _page_setup(doc)
    _styles(doc)
    _font_table(doc)

    doc.add_paragraph(title, style=_STYLE_TITLE)
    if document.correction_note.strip():
        _correction_note(doc, document)

    tables = grids(fmt, document)
    charts_placed = not charts
    for section in fmt.sections:
        doc.add_paragraph(section.heading, style=_STYLE_HEADING)
        if section.kind == "table":
            grid = tables.get(section.key)
            if grid is not None:
                _table(doc, grid)
        else:
            texts = paragraphs(document.sections.get(section.key, "")) or ["无。"]
            for text in texts:
                _first_line_indent_two_chars(doc.add_paragraph(text))
        if section.key == _CHARTS_AFTER and not charts_placed:
            _charts(doc, charts)
            charts_placed = True
    if not charts_placed:
        doc.add_paragraph(_CHARTS_HEADING, style=_STYLE_HEADING)
        _charts(doc, charts)

    props = doc.core_properties
    props.title = title
    props.author = document.agency_name
    props.subject = _subject(fmt)
    props.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _subject(fmt: ReportFormat) -> str:
    return f"{fmt.name}（{fmt.source}）" if fmt.source else fmt.name


# --- page, styles and fonts -------------------------------------------------------------------------


def _page_setup(doc: Any) -> None:
    # python-docx's default template is US Letter.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(_PAGE_WIDTH_MM), Mm(_PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(_MARGINS_MM["top"]), Mm(_MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(_MARGINS_MM["left"]), Mm(_MARGINS_MM["right"])
    section.footer_distance = Mm(20)
    # 公文 page numbers: "— 1 —", centred.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" —")


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    _set_fonts(normal, east_asian=SERIF, size_pt=_BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(_LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = _add_style(doc, _STYLE_TITLE, east_asian=SERIF, size_pt=_TITLE_PT, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(34)
    title.paragraph_format.space_after = Pt(_LINE_PT)
    title.paragraph_format.keep_with_next = True

    heading = _add_style(doc, _STYLE_HEADING, east_asian=SANS, size_pt=_BODY_PT, bold=True)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.first_line_indent = Pt(2 * _BODY_PT)
    # Level 1 in Word's navigation pane and WPS's outline, so the six sections can be jumped to.
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    heading.element.get_or_add_pPr().append(outline)

    table = _add_style(doc, _STYLE_TABLE, east_asian=SERIF, size_pt=_TABLE_PT)
    _single_spaced(table.paragraph_format)

    caption = _add_style(doc, _STYLE_CAPTION, east_asian=SERIF, size_pt=_CAPTION_PT)
    _single_spaced(caption.paragraph_format)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(12)

    # 公文 page numbers are 四号 (14pt).
    _set_fonts(doc.styles["Footer"], east_asian=SERIF, size_pt=_PAGE_NUMBER_PT)

    note = _add_style(doc, _STYLE_NOTE, east_asian=SERIF, size_pt=_BODY_PT, bold=True)
    note.paragraph_format.space_after = Pt(_LINE_PT)


def _add_style(doc: Any, name: str, *, east_asian: str, size_pt: float, bold: bool = False) -> Any:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _set_fonts(style, east_asian=east_asian, size_pt=size_pt, bold=bold)
    return style


def _single_spaced(paragraph_format: Any) -> None:
    # Normal's exact 28pt grid would clip 9pt table lines' spacing and crop pictures to one line.
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.first_line_indent = Pt(0)
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)


def _font_table(doc: Any) -> None:
    """Declare the Noto faces with their 公文 fallback (w:altName) and GB2312 charset, which is what Word
    and WPS substitute by when the named font is missing."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    for name, (fallback, family) in _FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", fallback), ("w:charset", "86"), ("w:family", family)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        pitch = OxmlElement("w:pitch")
        pitch.set(qn("w:val"), "variable")
        font.append(pitch)
        fonts.append(font)
    # The default template's font table is a plain Part: its XML is only reachable as bytes.
    part._blob = serialize_part_xml(fonts)


# --- content --------------------------------------------------------------------------------------


def _correction_note(doc: Any, document: ReportDocument) -> None:
    """The 更正说明 in a box under the title, so a reader of a corrected report cannot miss it."""
    paragraph = doc.add_paragraph(
        f"更正说明（第{document.revision}版）：{document.correction_note.strip()}", style=_STYLE_NOTE
    )
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        for attribute, value in (("val", "single"), ("sz", "8"), ("space", "4"), ("color", "000000")):
            border.set(qn(f"w:{attribute}"), value)
        borders.append(border)
    paragraph._p.get_or_add_pPr().append(borders)


def _charts(doc: Any, charts: Sequence[tuple[str, bytes]]) -> None:
    for caption, png in charts:
        picture = doc.add_paragraph(style=_STYLE_CAPTION)
        picture.paragraph_format.space_before = Pt(12)
        picture.paragraph_format.space_after = Pt(4)
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(png), width=Mm(_CHART_WIDTH_MM))
        doc.add_paragraph(caption, style=_STYLE_CAPTION)


def _column_widths(grid: Grid) -> list[float]:
    labels = _LABEL_WIDTHS_MM.get(grid.key, ())[: grid.columns]
    share = (_TEXT_WIDTH_MM - sum(labels)) / (grid.columns - len(labels))
    return [*labels, *([share] * (grid.columns - len(labels)))]


def _role(grid: Grid, row: int, cell: Cell) -> Role:
    """How a cell is set: a column heading (or a caption row), a row label, or a figure."""
    if cell.numeric:
        return "number"
    if row < len(grid.header) or all(c.header for c in grid.rows[row]):
        return "head"
    return "label"


def _centred(grid: Grid, row: int, cell: Cell) -> bool:
    """Headings and figures are centred; row labels read left to right, except those spanning several
    rows (三、本年度办理结果) and short ones (units, 规章), which sit better in the middle. The pre-2019
    table's heading rows are left-aligned and indented as printed."""
    kind = _role(grid, row, cell)
    if kind == "head":
        return grid.key != "statistics" or row < len(grid.header)
    if kind == "label":
        return cell.rowspan > 1 or len(cell.text) <= 2
    return True


def _table(doc: Any, grid: Grid) -> None:
    size = _WIDE_TABLE_PT if grid.columns > 4 else _TABLE_PT
    table = doc.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(width) for width in _column_widths(grid)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Before any merge the table is a plain rectangle; keep its cells to address positions directly
    # (table.cell() re-reads the whole table on every call).
    rows = list(table.rows)
    cells = [list(row.cells) for row in rows]
    for line in cells:
        for c, cell in enumerate(line):
            # Word lays out by the cell widths (tcW), LibreOffice by the grid; set both.
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r, c, spec in grid.origins():
        target = cells[r][c]
        _fill(target, grid, r, spec, size)
        if spec.rowspan > 1 or spec.colspan > 1:
            target.merge(cells[r + spec.rowspan - 1][c + spec.colspan - 1])
    for index, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < len(grid.header):
            # Repeated at the top of every page the table runs onto.
            tr_pr.append(OxmlElement("w:tblHeader"))
    # A paragraph between consecutive tables or a table and the next heading keeps Word from joining
    # them and gives the table some air.
    doc.add_paragraph(style=_STYLE_TABLE)


def _fill(target: Any, grid: Grid, row: int, spec: Cell, size: float) -> None:
    paragraph = target.paragraphs[0]
    paragraph.style = _STYLE_TABLE
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if _centred(grid, row, spec) else WD_ALIGN_PARAGRAPH.LEFT
    if spec.indent and not _centred(grid, row, spec):
        paragraph.paragraph_format.left_indent = Pt(size * spec.indent)
    run = paragraph.add_run(spec.text)
    run.font.size = Pt(size)
    kind = _role(grid, row, spec)
    if kind == "head" and not (grid.key == "statistics" and spec.indent):
        run.bold = True


__all__ = ["render_docx"]
