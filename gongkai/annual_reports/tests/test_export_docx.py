"""The DOCX export: opened again with python-docx, table 三 must give the format's rows and columns in
order with the document's figures cell by cell; also table 四, table 二, the pre-2019 统计表, fonts,
page, charts and the 更正说明."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.exports.docx import render_docx
from gongkai.annual_reports.formats import FORMATS, STATISTICS_ROWS, report_title
from gongkai.figures.layouts import TABLES

COLUMN_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
# A cell the document leaves blank, printed "—" (empty in the XLSX).
BLANK_PROACTIVE = ("enforcement", "decisions")
BLANK_STATISTIC = "responses.other"


def make_document(fmt_id: str = "2021", **overrides: Any) -> ReportDocument:
    """A report whose every figure is different, so a figure in the wrong row or column shows."""
    fmt = FORMATS[fmt_id]
    tables: dict[str, Any] = {}
    figures: dict[str, int | Decimal] = {}
    if fmt.requests is not None:
        tables["requests"] = {
            "columns": list(fmt.requests.column_keys),
            "rows": {row.key: [100 * i + j for j in range(7)] for i, row in enumerate(fmt.requests.rows)},
        }
    if fmt.appeals is not None:
        tables["appeals"] = {
            group.key: {column.key: 10 * g + c for c, column in enumerate(fmt.appeals.columns)}
            for g, group in enumerate(fmt.appeals.groups)
        }
    if fmt.proactive_layout is not None:
        rows: dict[str, dict[str, int | Decimal]] = {}
        counter = 1
        for section in TABLES[fmt.proactive_layout]:
            for row in section.rows:
                for cell in row.cells:
                    if (row.key, cell.column) == BLANK_PROACTIVE:
                        continue
                    amount = cell.column == "amount_10k_yuan"
                    rows.setdefault(row.key, {})[cell.column] = Decimal("12.35") if amount else counter
                    counter += 1
        tables["proactive"] = {"format": fmt.proactive_layout, "rows": rows}
    if fmt.statistics is not None:
        for i, stat in enumerate(fmt.statistics):
            if stat.figure is not None and stat.figure != BLANK_STATISTIC:
                figures[stat.figure] = 1000 + i
        figures["fees.yuan"] = 123456  # 12.3456 万元
        figures["funding.yuan"] = 50000  # 5 万元
    fields: dict[str, Any] = {
        "agency_code": "220100",
        "agency_name": "长春市",
        "year": 2021 if fmt_id in ("2021", "narrative") else (2019 if fmt_id == "2019" else 2017),
        "scope": "agency",
        "format": fmt_id,
        "figures": figures,
        "tables": tables,
        "sections": {
            "overview": "第一段。\n\n\u3000\u3000第二段。\n第三段。",
            "problems": "",
            "other": "其他事项。",
        },
    }
    fields.update(overrides)
    return ReportDocument(**fields)


def png(width: int = 64, height: int = 48) -> bytes:
    """A valid solid-colour PNG, without an imaging library."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def table_starting_with(doc: Any, text: str) -> Table:
    matches: list[Table] = [table for table in doc.tables if table.rows[0].cells[0].text == text]
    assert len(matches) == 1, [t.rows[0].cells[0].text for t in doc.tables]
    return matches[0]


def distinct(cells: Any) -> list[Any]:
    """The cells of a row as a reader sees them: a merged cell once, however many grid columns or rows
    it covers (python-docx repeats it for every position)."""
    seen: list[Any] = []
    result = []
    for cell in cells:
        if any(cell._tc is tc for tc in seen):
            continue
        seen.append(cell._tc)
        result.append(cell)
    return result


def texts(cells: Any) -> list[str]:
    return [cell.text for cell in cells]


# --- table 三 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt_id", "row_count"), [("2021", 25), ("2019", 23)])
def test_table_three_rows_columns_and_figures(fmt_id, row_count):
    document = make_document(fmt_id)
    table_def = FORMATS[fmt_id].requests
    assert table_def is not None
    doc = open_docx(render_docx(document))
    table = table_starting_with(doc, table_def.footnote)
    rows = table.rows
    assert all(len(row.cells) == 10 for row in rows)

    # Header: 申请人情况 over the seven columns, 法人或其他组织 over five, the seven labels in order.
    assert texts(distinct(rows[0].cells[3:])) == ["申请人情况"]
    assert texts(distinct(rows[1].cells[3:])) == ["自然人", "法人或其他组织", "总计"]
    assert texts(rows[2].cells[3:]) == COLUMN_LABELS
    assert texts(distinct(rows[2].cells[:3])) == [table_def.footnote]

    body = rows[3:]
    assert len(body) == row_count == len(table_def.rows)
    printed_labels = []
    for row, row_def in zip(body, table_def.rows, strict=True):
        labels = texts(distinct(row.cells[:3]))
        assert labels == [part for part in (row_def.level1, row_def.level2, row_def.level3) if part]
        printed_labels.append(labels[0] if len(labels) == 1 else "".join(labels[1:]))
    assert printed_labels == [row_def.label for row_def in table_def.rows]
    assert printed_labels[:2] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    assert printed_labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]

    # r3_1 reads as its group and its own label, under 三、本年度办理结果.
    r3_1 = body[table_def.row_keys.index("r3_1")]
    assert texts(distinct(r3_1.cells[:3])) == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]

    values = document.tables["requests"]["rows"]
    for row, key in zip(body, table_def.row_keys, strict=True):
        assert texts(row.cells[3:]) == [str(value) for value in values[key]], key


def test_table_three_repeats_its_header_rows_and_fits_portrait_a4():
    doc = open_docx(render_docx(make_document()))
    table = table_starting_with(doc, FORMATS["2021"].requests.footnote)  # type: ignore[union-attr]
    repeated = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows
    ]
    assert repeated == [True] * 3 + [False] * 25
    grid_widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid_widths) == 10
    text_width_twips = Mm(210 - 28 - 26).twips
    assert sum(grid_widths) <= text_width_twips + 10
    assert min(grid_widths[:3]) > max(grid_widths[3:]) * 0.9  # the label columns are the wide ones
    header_runs = [run for cell in table.rows[2].cells[3:] for p in cell.paragraphs for run in p.runs]
    assert header_runs
    assert all(run.bold for run in header_runs)


# --- tables 四 and 二 ----------------------------------------------------------------------------------


def test_table_four_figures_under_their_groups():
    document = make_document()
    doc = open_docx(render_docx(document))
    table = table_starting_with(doc, "行政复议")
    rows = table.rows
    assert len(rows) == 4
    assert texts(distinct(rows[0].cells)) == ["行政复议", "行政诉讼"]
    assert texts(distinct(rows[1].cells)) == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert texts(rows[2].cells) == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    appeals_def = FORMATS["2021"].appeals
    assert appeals_def is not None
    expected = [
        str(document.tables["appeals"][group.key][column.key])
        for group in appeals_def.groups
        for column in appeals_def.columns
    ]
    assert texts(rows[3].cells) == expected


def test_table_two_amount_and_blank():
    doc = open_docx(render_docx(make_document()))
    table = table_starting_with(doc, "第二十条第（一）项")
    by_label = {row.cells[0].text: texts(distinct(row.cells[1:])) for row in table.rows}
    assert by_label["行政事业性收费"] == ["12.35"]
    assert by_label["行政强制"] == ["—"]
    assert by_label["规章"] == ["1", "2", "3"]


# --- the pre-2019 statistics table -----------------------------------------------------------------


def test_statistics_table_2008():
    document = make_document("2008")
    doc = open_docx(render_docx(document))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Report Heading"]
    assert headings == [section.heading for section in FORMATS["2008"].sections]
    table = table_starting_with(doc, "统计指标")
    assert texts(table.rows[0].cells) == ["统计指标", "单位", "统计数"]
    body = table.rows[1:]
    assert len(body) == len(STATISTICS_ROWS)
    for row, stat in zip(body, STATISTICS_ROWS, strict=True):
        cells = distinct(row.cells)
        assert cells[0].text == stat.label
        if stat.figure is None:
            assert len(cells) == 1
            continue
        assert cells[1].text == stat.unit
        if stat.figure == "fees.yuan":
            expected = "12.3456"
        elif stat.figure == "funding.yuan":
            expected = "5"
        elif stat.figure == BLANK_STATISTIC:
            expected = "—"
        else:
            expected = str(document.figures[stat.figure])
        assert cells[2].text == expected, stat.label
    assert len(doc.tables) == 1


# --- page, fonts, text ------------------------------------------------------------------------------


def test_a4_page_with_official_margins():
    section = open_docx(render_docx(make_document())).sections[0]
    # Stored in twips, so compare in whole millimetres.
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]


def test_east_asian_fonts_are_set_on_the_styles():
    data = render_docx(make_document())
    doc = open_docx(data)

    def east_asian(style_name: str) -> str:
        fonts = doc.styles[style_name].element.rPr.rFonts
        return str(fonts.get(qn("w:eastAsia")))

    assert east_asian("Normal") == "Noto Serif CJK SC"
    assert east_asian("Report Title") == "Noto Serif CJK SC"
    assert east_asian("Report Heading") == "Noto Sans CJK SC"
    assert east_asian("Report Table Text") == "Noto Serif CJK SC"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        font_table = archive.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles
    assert 'w:eastAsia="zh-CN"' in styles
    # Word and WPS without Noto fall back to the 公文 faces.
    assert '<w:font w:name="Noto Serif CJK SC"><w:altName w:val="仿宋"/>' in font_table
    assert '<w:font w:name="Noto Sans CJK SC"><w:altName w:val="黑体"/>' in font_table


def test_title_headings_and_narrative_paragraphs():
    document = make_document()
    doc = open_docx(render_docx(document))
    paragraphs = doc.paragraphs
    assert (
        paragraphs[0].text == report_title("长春市", 2021, "agency") == "长春市2021年政府信息公开工作年度报告"
    )
    assert paragraphs[0].style.name == "Report Title"
    headings = [p.text for p in paragraphs if p.style.name == "Report Heading"]
    assert headings == [section.heading for section in FORMATS["2021"].sections]
    following = _paragraphs_after(doc, "一、总体情况", 3)
    assert [p.text for p in following] == ["第一段。", "第二段。", "第三段。"]
    for p in following:
        indent = p._p.find(qn("w:pPr")).find(qn("w:ind"))
        assert indent.get(qn("w:firstLineChars")) == "200"
    assert [p.text for p in _paragraphs_after(doc, "五、存在的主要问题及改进情况", 1)] == ["无。"]
    assert [p.text for p in _paragraphs_after(doc, "六、其他需要报告的事项", 1)] == ["其他事项。"]
    assert not any(p.text.startswith("更正说明") for p in paragraphs)
    assert doc.core_properties.title == paragraphs[0].text


def test_own_title_and_aggregate_title():
    doc = open_docx(render_docx(make_document(title="长春市人民政府2021年政府信息公开工作年度报告")))
    assert doc.paragraphs[0].text == "长春市人民政府2021年政府信息公开工作年度报告"
    doc = open_docx(render_docx(make_document(scope="aggregate")))
    assert doc.paragraphs[0].text == "长春市2021年政府信息公开工作年度报告（汇总）"


def test_correction_note_boxed_and_bold_under_the_title():
    document = make_document(correction_note="表三第（七）项总计有误，已更正。", revision=2)
    doc = open_docx(render_docx(document))
    note = doc.paragraphs[1]
    assert note.text == "更正说明（第2版）：表三第（七）项总计有误，已更正。"
    assert note.style.font.bold
    borders = note._p.pPr.find(qn("w:pBdr"))
    assert borders is not None
    assert {child.tag for child in borders} == {
        qn(f"w:{side}") for side in ("top", "left", "bottom", "right")
    }


# --- charts -----------------------------------------------------------------------------------------


def _body(doc: Any) -> list[Paragraph | Table]:
    return list(doc.iter_inner_content())


def _paragraphs_after(doc: Any, heading: str, count: int) -> list[Paragraph]:
    body = [item for item in _body(doc) if isinstance(item, Paragraph)]
    start = next(i for i, p in enumerate(body) if p.text == heading)
    return body[start + 1 : start + 1 + count]


def _position(items: list[Paragraph | Table], predicate: Any) -> int:
    return next(i for i, item in enumerate(items) if predicate(item))


def test_charts_follow_section_four_with_captions():
    charts = [("图1 依申请公开申请人类型", png()), ("图2 办理结果", png(80, 40))]
    doc = open_docx(render_docx(make_document(), charts=charts))
    assert len(doc.inline_shapes) == 2
    assert all(shape.width == Mm(150) for shape in doc.inline_shapes)
    items = _body(doc)
    appeals = _position(
        items, lambda item: isinstance(item, Table) and item.rows[0].cells[0].text == "行政复议"
    )
    section_five = _position(items, lambda item: isinstance(item, Paragraph) and item.text.startswith("五、"))
    captions = [
        _position(items, lambda item, text=text: isinstance(item, Paragraph) and item.text == text)
        for text, _ in charts
    ]
    assert appeals < captions[0] < captions[1] < section_five
    assert not any(isinstance(item, Paragraph) and item.text == "附图" for item in items)


def test_charts_at_the_end_without_section_four():
    doc = open_docx(render_docx(make_document("narrative"), charts=[("图1 五年申请量", png())]))
    assert len(doc.inline_shapes) == 1
    assert doc.tables == []
    texts_ = [p.text for p in doc.paragraphs]
    assert texts_[-3:] == ["附图", "", "图1 五年申请量"]  # heading, the picture's paragraph, caption
    assert texts_.index("三、其他需要报告的事项") < texts_.index("附图")


def test_no_charts_no_pictures():
    doc = open_docx(render_docx(make_document("2008")))
    assert len(doc.inline_shapes) == 0
    assert "附图" not in [p.text for p in doc.paragraphs]
