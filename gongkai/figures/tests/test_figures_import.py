"""services.figures_import_csv and `gongkai import-figures`: the header, per-row errors with line numbers,
dry run, all-or-nothing, blank cells keep what was entered, UTF-8 and GBK files."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import on
from gongkai.figures.models import AgencyYearFigures
from gongkai.figures.services import figures_import_csv, figures_save, template_csv

pytestmark = pytest.mark.django_db

HEADER = "机关代码,年度,行政许可本年处理决定数量,行政处罚 本年处理决定数量,行政事业性收费本年收费金额(万元),行政许可本年增/减\n"


def csv_file(text, encoding="utf-8-sig"):
    return io.BytesIO(text.encode(encoding))


def run(actor, text, *, dry_run=False, encoding="utf-8-sig"):
    with on("2026-01-15"):
        return figures_import_csv(actor=actor, file=csv_file(text, encoding), dry_run=dry_run)


def good(world):
    return HEADER + f"{world.agency_a.code},2025,120,3,12.5,-1\n{world.agency_b.code},2025,,7,,\n"


def test_a_dry_run_checks_every_row_and_writes_nothing(world):
    result = run(None, good(world), dry_run=True)
    assert (result.rows, result.created, result.updated, result.unchanged, result.errors) == (2, 2, 0, 0, [])
    assert not result.applied
    assert not AgencyYearFigures.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="figures.").exists()


def test_a_real_run_writes_every_row_with_audit_rows(world):
    result = run(None, good(world))
    assert result.applied
    a = AgencyYearFigures.objects.get(agency=world.agency_a, year=2025)
    assert (a.licensing_decisions, a.penalty_decisions, a.admin_fees_amount, a.licensing_change) == (
        120,
        3,
        Decimal("12.5"),
        -1,
    )
    b = AgencyYearFigures.objects.get(agency=world.agency_b, year=2025)
    assert (b.licensing_decisions, b.penalty_decisions) == (None, 7)  # a blank cell is not 0
    assert AuditEntry.objects.filter(action="figures.save").count() == 2
    assert "2行，新增2" in AuditEntry.objects.get(action="figures.import").summary


def test_blank_cells_keep_what_was_entered_and_reimport_is_unchanged(world):
    with on("2026-01-10"):
        figures_save(actor=None, agency=world.agency_b, year=2025, values={"licensing_decisions": 44})
    first = run(None, good(world))
    assert (first.created, first.updated) == (1, 1)
    assert AgencyYearFigures.objects.get(agency=world.agency_b, year=2025).licensing_decisions == 44
    again = run(None, good(world))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.filter(action="figures.save").count() == 1 + 2


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(world):
    text = (
        HEADER
        + f"{world.agency_a.code},2025,120,,,\n"  # line 2: fine
        + "NOPE,2025,1,,,\n"  # 3
        + f"{world.agency_a.code},二〇二五,1,,,\n"  # 4
        + f"{world.agency_a.code},2024,-5,x,1.00001,\n"  # 5: three bad cells
        + "\n"  # 6: blank lines are skipped
        + f"{world.agency_a.code},2025,121,,,\n"  # 7: same agency and year as line 2
        + f"{world.agency_b.code},2025,1,,,\n"  # 8: clerk_a may not enter B's figures
        + ",2025,1,,,\n"  # 9
        + f"{world.agency_a.code},2030,1,,,3.5\n"  # 10
    )
    result = run(world.clerk_a, text)
    got = [(e.line, e.column, e.message) for e in result.errors]
    assert got == [
        (3, "机关代码", "没有代码为 NOPE 的机关"),
        (4, "年度", "年度应为四位数字的年份"),
        (5, "行政许可本年处理决定数量", "行政许可本年处理决定数量应为不小于0的整数"),
        (5, "行政处罚本年处理决定数量", "行政处罚本年处理决定数量应为不小于0的整数，不能是“x”"),
        (
            5,
            "行政事业性收费本年收费金额（万元）",
            "行政事业性收费本年收费金额（万元）最多保留4位小数（万元精确到元）",
        ),
        (7, "", "与第2行重复：同一机关同一年度只能有一行"),
        (8, "机关代码", "您没有填报明湖市公安局年度报告数据的权限"),
        (9, "机关代码", "请填写机关代码"),
        (10, "年度", "年度应在2008年至2027年之间"),
        (10, "行政许可本年增/减", "行政许可本年增/减应为整数（可为负数），不能是“3.5”"),
    ]
    assert result.rows == 8  # the blank line is not a row
    assert not result.applied
    assert not AgencyYearFigures.objects.exists()  # line 2 was valid but the file is all or nothing


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("年度,行政许可本年处理决定数量\n", "缺少“机关代码”列"),
        ("机关代码,年度,行政许可数量\n", "无法识别的列：行政许可数量"),
        (
            "机关代码,年度,行政许可本年处理决定数量,行政许可处理决定数量\n",
            "重复的列：行政许可本年处理决定数量",
        ),
        ("", "文件是空的"),
    ],
)
def test_a_bad_header_refuses_the_file(world, header, message):
    with pytest.raises(InvalidInput, match=message):
        run(None, header)


def test_gbk_files_from_chinese_spreadsheets_are_read(world):
    result = run(None, good(world), encoding="gb18030")
    assert result.errors == []
    assert AgencyYearFigures.objects.get(agency=world.agency_a, year=2025).licensing_decisions == 120


def test_the_template_lists_every_column_and_imports_as_is(world):
    header = template_csv()
    assert header.startswith("机关代码,年度,行政许可本年处理决定数量,")
    assert "政府集中采购采购总金额（万元）" in header
    result = run(None, header + f"{world.agency_a.code},2019" + "," * (header.count(",") - 1) + "\n")
    assert result.errors == []
    assert result.unchanged == 1


def test_the_command_imports_and_reports_row_errors(world, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(good(world), encoding="utf-8")
    out = io.StringIO()
    with on("2026-01-15"):
        call_command("import-figures", str(path), "--dry-run", stdout=out)
    assert "检查通过（未保存）：共2行：新增2" in out.getvalue()
    assert not AgencyYearFigures.objects.exists()
    with on("2026-01-15"):
        call_command("import-figures", str(path), stdout=out)
    assert AgencyYearFigures.objects.count() == 2
    path.write_text(HEADER + "NOPE,2025,1,,,\n", encoding="utf-8")
    err = io.StringIO()
    with on("2026-01-15"), pytest.raises(CommandError, match="1处错误，未导入"):
        call_command("import-figures", str(path), stdout=out, stderr=err)
    assert "第2行“机关代码”：没有代码为 NOPE 的机关" in err.getvalue()
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import-figures", str(tmp_path / "missing.csv"))
