"""The XLSX export: opened again with openpyxl, one sheet per table with the format's merges, every
figure of tables 三 and 四 equal to the document's and stored as a number."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from gongkai.annual_reports.exports.xlsx import render_xlsx
from gongkai.annual_reports.formats import FORMATS, STATISTICS_ROWS
from gongkai.annual_reports.tests.test_export_docx import BLANK_STATISTIC, COLUMN_LABELS, make_document

TABLE_SHEETS = ["报告", "二、主动公开", "三、依申请公开", "四、复议诉讼"]


def open_xlsx(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize(
    ("fmt_id", "names"),
    [("2021", TABLE_SHEETS), ("2019", TABLE_SHEETS), ("2008", ["报告", "统计表"]), ("narrative", ["报告"])],
)
def test_sheet_names(fmt_id, names):
    assert open_xlsx(render_xlsx(make_document(fmt_id))).sheetnames == names


def test_table_three_header_merges():
    ws = open_xlsx(render_xlsx(make_document()))["三、依申请公开"]
    merged = {str(cell_range) for cell_range in ws.merged_cells.ranges}
    # Footnote block, 申请人情况 over seven columns, 法人或其他组织 over five, 自然人 and 总计 two rows high.
    assert {"A1:C3", "D1:J1", "E2:I2", "D2:D3", "J2:J3"} <= merged
    # Rows 一/二/四 span the three label columns; 三、本年度办理结果 spans its 22 result rows and
    # （三）不予公开 its eight.
    assert {"A4:C4", "A5:C5", "A6:A27", "B8:B15", "A28:C28"} <= merged
    assert ws["A1"].value == FORMATS["2021"].requests.footnote  # type: ignore[union-attr]
    assert ws["D1"].value == "申请人情况"
    assert ws["E2"].value == "法人或其他组织"
    bottom_labels = [ws.cell(row=3, column=c).value for c in range(5, 10)]
    assert [ws["D2"].value, *bottom_labels, ws["J2"].value] == COLUMN_LABELS
    assert ws["D1"].font.b
    # The merged footnote block is boxed: its edge cells carry the border.
    assert ws["A2"].border.left.style == ws["C2"].border.right.style == ws["B3"].border.bottom.style == "thin"
    assert ws["A1"].fill.fgColor.rgb.endswith("F2F2F2")
    assert ws.freeze_panes == "D4"


@pytest.mark.parametrize("fmt_id", ["2021", "2019"])
def test_table_three_every_figure(fmt_id):
    document = make_document(fmt_id)
    table_def = FORMATS[fmt_id].requests
    assert table_def is not None
    ws = open_xlsx(render_xlsx(document))["三、依申请公开"]
    values = document.tables["requests"]["rows"]
    assert ws.max_row == 3 + len(table_def.rows)
    for i, row_def in enumerate(table_def.rows):
        row = 4 + i
        figures = [ws.cell(row=row, column=4 + j).value for j in range(7)]
        assert figures == values[row_def.key], row_def.key
        assert all(type(value) is int for value in figures)
        label = row_def.level3 or row_def.level2 or row_def.level1
        printed = [ws.cell(row=row, column=c).value for c in (1, 2, 3)]
        assert label in printed, row_def.key


def test_table_four_every_figure():
    document = make_document()
    appeals_def = FORMATS["2021"].appeals
    assert appeals_def is not None
    ws = open_xlsx(render_xlsx(document))["四、复议诉讼"]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:E2", "F1:O1", "F2:J2", "K2:O2"}
    assert [ws["A1"].value, ws["F1"].value, ws["F2"].value, ws["K2"].value] == [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
    ]
    expected = [
        document.tables["appeals"][group.key][column.key]
        for group in appeals_def.groups
        for column in appeals_def.columns
    ]
    assert [ws.cell(row=4, column=c).value for c in range(1, 16)] == expected
    assert ws.freeze_panes == "A4"


def test_table_two_amount_is_a_number_and_blank_is_empty():
    ws = open_xlsx(render_xlsx(make_document()))["二、主动公开"]
    rows = {row[0].value: row for row in ws.iter_rows()}
    amount = rows["行政事业性收费"][1]
    assert amount.value == pytest.approx(12.35)
    assert isinstance(amount.value, float)
    assert amount.number_format == "0.00##"
    assert rows["行政强制"][1].value is None
    assert [cell.value for cell in rows["规章"][1:]] == [1, 2, 3]


def test_statistics_sheet_2008():
    document = make_document("2008")
    ws = open_xlsx(render_xlsx(document))["统计表"]
    assert [ws.cell(row=1, column=c).value for c in (1, 2, 3)] == ["统计指标", "单位", "统计数"]
    for i, stat in enumerate(STATISTICS_ROWS):
        row = 2 + i
        assert ws.cell(row=row, column=1).value == stat.label
        if stat.figure is None:
            continue
        value = ws.cell(row=row, column=3).value
        if stat.figure == "fees.yuan":
            assert value == pytest.approx(12.3456)
            assert ws.cell(row=row, column=3).number_format == "0.00##"
        elif stat.figure == "funding.yuan":
            assert value == pytest.approx(5)
        elif stat.figure == BLANK_STATISTIC:
            assert value is None
        else:
            assert value == document.figures[stat.figure]
    assert ws.freeze_panes == "A2"


def test_report_sheet():
    document = make_document(correction_note="表四数字有误。", revision=3, scope="aggregate")
    ws = open_xlsx(render_xlsx(document))["报告"]
    lines = [row[0] for row in ws.iter_rows(values_only=True) if row[0] is not None]
    assert lines[:6] == [
        "长春市2021年政府信息公开工作年度报告（汇总）",
        "机关：长春市",
        "年度：2021年",
        "范围：本级及所属（汇总）",
        "格式：政府信息公开工作年度报告格式（2021）（国办公开办函〔2021〕30号）",
        "更正说明（第3版）：表四数字有误。",
    ]
    assert lines[6:] == [
        "一、总体情况",
        "第一段。",
        "第二段。",
        "第三段。",
        "二、主动公开政府信息情况",
        "见工作表“二、主动公开”。",
        "三、收到和处理政府信息公开申请情况",
        "见工作表“三、依申请公开”。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "见工作表“四、复议诉讼”。",
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "其他事项。",
    ]
    assert ws["A1"].font.b
