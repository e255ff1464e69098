"""The PDF export: Chinese text that renders, embedded CJK fonts, tables and charts on A4 pages."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from matplotlib.image import imread
from pypdf import PdfReader

from gongkai.annual_reports.exports.pdf import render_html, render_pdf
from gongkai.annual_reports.tests.test_charts import TREND, report_2021

A4_POINTS = (595, 842)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (make system-deps)",
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(
        report_2021(correction_note="表三“本年新收”总计原误为98件，现更正为89件。"), trend=TREND
    )


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name → whether the font program is embedded, over every page."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_pdf_is_a4_with_page_numbers(pdf):
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert "第 1 页" in reader.pages[0].extract_text()
    assert "第 2 页" in reader.pages[1].extract_text()


def test_cjk_fonts_are_embedded(pdf):
    fonts = _fonts(PdfReader(io.BytesIO(pdf)))
    cjk = {name: embedded for name, embedded in fonts.items() if "CJK" in name}
    assert any("Noto-Serif-CJK-SC" in name for name in cjk), fonts
    assert any("Noto-Sans-CJK-SC" in name for name in cjk), fonts
    assert all(cjk.values()), fonts


@needs_poppler
def test_text_layer_has_the_title_and_table_three(pdf, tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 — fixed arguments, our own file
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 — poppler from PATH, as test_letters
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "明湖市教育局2021年政府信息公开工作年度报告" in text
    assert "本年新收政府信息公开申请数量" in text
    assert "更正说明" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "图1" in text


@needs_poppler
def test_first_page_is_not_blank(pdf, tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 — fixed arguments, our own file
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],  # noqa: S607
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("page*.png")
    pixels = imread(png)  # floats 0..1, height × width × channels
    dark = (pixels[:, :, :3].min(axis=2) < 0.6).sum()
    # A4 at 50 dpi is 413 × 585 px; the title, headings and table 二 ink a few percent of it.
    assert dark > 2000
    assert dark < pixels.shape[0] * pixels.shape[1] * 0.5


def test_html_for_the_pdf_is_a_full_page_with_the_print_css():
    html = render_html(report_2021(), trend=TREND)
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>明湖市教育局2021年政府信息公开工作年度报告</title>" in html
    assert "@page" in html
    assert 'content: "第 " counter(page) " 页"' in html
    assert "<svg " in html
    assert "<script" not in html


@pytest.mark.parametrize("fmt", ["narrative", "2008"])
def test_reports_without_the_2021_tables_print(fmt):
    document = report_2021(
        format=fmt, year=2016, tables={}, figures={"requests.new": 12, "requests.channel.online": 12}
    )
    html = render_html(document)
    assert ("政府信息公开情况统计表" in html) is (fmt == "2008")
    assert render_pdf(document).startswith(b"%PDF")
