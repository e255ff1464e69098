"""The readers: text in every encoding agencies save it in, HTML pages with their site navigation around
the report, tables with merged cells (HTML and Word), and the files that cannot be read."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from gongkai.legacy_import.normalise import normalise_line
from gongkai.legacy_import.readers import UnreadableSource, fill_grid, read
from gongkai.legacy_import.source import Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

REPORT = "明湖市教育局2016年政府信息公开工作年度报告\n\n一、概述\n　　全年共收到政府信息公开申请１２件，其中当面申请７件。\n二○一七年三月二十日\n"
REPORT_LINES = [
    "明湖市教育局2016年政府信息公开工作年度报告",
    "",
    "一、概述",
    "全年共收到政府信息公开申请12件，其中当面申请7件。",
    "2017年3月20日",
]


def _table_lines(source: Source, index: int = 0) -> list[str]:
    return [source.line(number) for number in source.tables[index].row_lines]


# --- text ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(REPORT.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + REPORT.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(REPORT.encode("gb18030"), id="gb18030"),
        pytest.param(REPORT.replace("１２", "12").replace("７", "7").encode("gbk"), id="gbk"),
        pytest.param(REPORT.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(b"\xfe\xff" + REPORT.encode("utf-16-be"), id="utf-16-be with BOM"),
        pytest.param(REPORT.replace("\n", "\r\n").encode("gb18030"), id="gb18030 CRLF"),
    ],
)
def test_text_in_each_encoding(data: bytes) -> None:
    source = read(data, "report.txt")
    assert source.kind == "text"
    assert source.lines == REPORT_LINES
    assert source.tables == []
    assert source.name == "report.txt"


def test_utf16_without_bom_is_recognised_by_its_zero_bytes() -> None:
    text = "2016 report\nline two\n一、概述\n"
    assert read(text.encode("utf-16-le"), "r.txt").lines == ["2016 report", "line two", "一、概述"]


def test_text_keeps_every_line_so_numbers_match_the_file() -> None:
    text = "第一行\n\n\n第四行\r\n第五行\r第六行\n\t26187\n\t\n"
    source = read(text.encode("utf-8"), "r.txt")
    assert source.lines == ["第一行", "", "", "第四行", "第五行", "第六行", "26187", ""]
    assert source.line(4) == "第四行"


def test_text_keeps_tabs_between_cells() -> None:
    source = read("统计指标\t单位\t统计数\n政府网站公开政府信息数\t条\t22857\n".encode(), "r.txt")
    assert source.lines == ["统计指标\t单位\t统计数", "政府网站公开政府信息数\t条\t22857"]


def test_a_txt_file_holding_html_is_read_as_html() -> None:
    page = "<!DOCTYPE html><html><body><div id='zoom'><p>一、概述</p><p>正文</p></div></body></html>"
    source = read(page.encode(), "saved.txt")
    assert source.kind == "html"
    assert source.lines == ["一、概述", "正文"]


def test_a_file_without_extension_is_sniffed() -> None:
    assert read("一、概述\n正文".encode("gb18030"), "report").kind == "text"
    assert read(b"<html><body><p>x</p></body></html>", "report").kind == "html"


# --- HTML ------------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>年度报告_明湖市人民政府</title>
<script>document.write("<p>脚本里的2023</p>");</script><style>p { color: red }</style></head>
<body>
<div class="top-header"><span>明湖市人民政府</span> <a href="/">首页</a></div>
<ul class="mainNav"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/x">政府信息公开年报</a></div>
<div class="wrap">
  <div class="left"><ul><li><a href="/1">明湖市教育局2015年政府信息公开工作年度报告</a></li>
    <li><a href="/2">明湖市教育局2014年政府信息公开工作年度报告</a></li><li><a href="/3">公开指南</a></li></ul></div>
  <div class="article">
    <h1>明湖市教育局2016年政府信息公开工作年度报告</h1>
    <div class="info"><span>发布时间：2017-03-20</span> <span>来源：明湖市教育局</span></div>
    <div id="zoom">
      <p>　　一、概述</p>
      <p>　　全年共收到政府信息公开申请&nbsp;12件，其中当面申请7件，
      网上申请5件。</p>
      <p style="display:none">隐藏的文字</p>
      <p>二、其他<br>无。</p>
    </div>
    <div class="share-bar">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ</a></div>
    <div class="tools">【打印本页】【关闭窗口】</div>
  </div>
</div>
<div class="footer"><p>主办：明湖市人民政府 电话：0000-1234567</p><p>明ICP备00000001号</p></div>
<noscript>请启用脚本</noscript>
</body></html>"""

PAGE_LINES = [
    "明湖市教育局2016年政府信息公开工作年度报告",
    "发布时间：2017-03-20 来源：明湖市教育局",
    "一、概述",
    "全年共收到政府信息公开申请 12件，其中当面申请7件，网上申请5件。",
    "二、其他",
    "无。",
]


def test_html_drops_navigation_and_keeps_the_report_in_order() -> None:
    source = read(PAGE.encode(), "page.html")
    assert source.kind == "html"
    assert source.lines == PAGE_LINES
    text = "\n".join(source.lines)
    for junk in ("首页", "政务公开", "当前位置", "2015年", "分享到", "打印", "ICP", "脚本", "隐藏", "color"):
        assert junk not in text


def test_html_line_numbers_are_stable() -> None:
    first = read(PAGE.encode(), "page.html")
    again = read(PAGE.encode(), "page.html")
    assert first.lines == again.lines
    assert first.line(3) == "一、概述"


def test_html_with_a_declared_gb_charset() -> None:
    page = PAGE.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    source = read(page.encode("gb18030"), "page.htm")
    assert source.lines == PAGE_LINES


def test_html_without_a_content_container_keeps_everything_but_the_junk() -> None:
    page = """<html><body><div class="nav"><a>首页</a><a>概况</a><a>公开</a></div>
    <h2>明湖市2016年政府信息公开工作年度报告</h2><p>第一段</p><div><p>第二段</p>第三段</div>
    <div id="footer">版权所有</div></body></html>"""
    assert read(page.encode(), "p.html").lines == [
        "明湖市2016年政府信息公开工作年度报告",
        "第一段",
        "第二段",
        "第三段",
    ]


def test_html_a_title_inside_a_page_header_is_kept_with_the_report() -> None:
    page = f"""<html><body><div class="site-header"><a>首页</a><a>公开</a><a>服务</a></div>
    <div class="article-head"><div class="title">明湖市水务局2018年政府信息公开工作年度报告</div>
    <div class="tools"><a>打印</a><a>关闭</a><a>收藏</a></div></div>
    <div class="text-box"><p>一、概述</p><p>{PROSE}</p></div><div class="footer">版权所有</div></body></html>"""
    assert read(page.encode(), "p.html").lines == [
        "明湖市水务局2018年政府信息公开工作年度报告",
        "一、概述",
        PROSE,
    ]


def test_html_entities_and_whitespace() -> None:
    page = "<html><body><p>A&amp;B&lt;C&gt; &#20840;&#x5E74; &ldquo;三安全一稳定&rdquo;</p><p>　　１０，６２３件</p></body></html>"
    assert read(page.encode(), "p.html").lines == ["A&B<C> 全年 “三安全一稳定”", "10623件"]


def test_html_keeps_blank_paragraphs_of_a_table_flattened_one_cell_per_line() -> None:
    page = "<html><body><div class='content'><p>行政强制</p><p>18</p><p>&nbsp;</p><p>36</p><p></p><p>下一行</p></div></body></html>"
    assert read(page.encode(), "p.html").lines == ["行政强制", "18", "", "36", "", "下一行"]


def test_html_br_lines() -> None:
    page = "<html><body><td>一、概述<br>正文<br><br>二、其他</td></body></html>"
    assert read(page.encode(), "p.html").lines == ["一、概述", "正文", "", "二、其他"]


TABLE_PAGE = """<html><body><div id="zoom"><p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="3">申请人情况</td></tr>
<tr><td rowspan="1">自然人</td><td>商业企业</td><td>总计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>30</td><td>8</td><td>38</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>15</td><td>4</td><td>19</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td rowspan="2">0</td><td>1,200</td><td>1</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>2</td><td>3</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>"""


def test_html_table_rows_become_lines_and_a_table() -> None:
    source = read(TABLE_PAGE.encode(), "t.html")
    footnote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert len(source.tables) == 1
    table = source.tables[0]
    assert table.rows == (
        (footnote, footnote, footnote, "申请人情况", "申请人情况", "申请人情况"),
        (footnote, footnote, footnote, "自然人", "商业企业", "总计"),
        ("一、本年新收政府信息公开申请数量",) * 3 + ("30", "8", "38"),
        ("三、本年度办理结果", "（一）予以公开", "（一）予以公开", "15", "4", "19"),
        ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0"),
        ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开", "0", "1200", "1"),
        # the number merged down from the row above is not repeated into this row
        ("四、结转下年度继续办理",) * 3 + ("", "2", "3"),
    )
    assert source.lines[0] == "三、收到和处理政府信息公开申请情况"
    assert source.lines[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    assert table.row_lines == tuple(range(2, 9))
    assert _table_lines(source)[3] == "三、本年度办理结果 | （一）予以公开 | （一）予以公开 | 15 | 4 | 19"
    assert (
        source.line(8) == "四、结转下年度继续办理 | 四、结转下年度继续办理 | 四、结转下年度继续办理 | | 2 | 3"
    )


def test_html_numbers_merged_across_columns_are_not_repeated() -> None:
    page = """<html><body><table><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
    <tr><td>行政许可</td><td colspan="3">2856</td></tr><tr><td>行政事业性收费</td><td colspan="3">12.6</td></tr></table></body></html>"""
    source = read(page.encode(), "t.html")
    assert source.tables[0].rows == (
        ("信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
        ("行政许可", "2856", "", ""),
        ("行政事业性收费", "12.6", "", ""),
    )
    assert source.lines == [
        "信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量",
        "行政许可 | 2856 | |",
        "行政事业性收费 | 12.6 | |",
    ]


def test_html_cells_with_paragraphs_join_without_spaces_between_chinese() -> None:
    page = """<html><body><table><tr><td><p>本年新收政府信息</p><p>公开申请数量</p></td><td><p>1</p></td></tr>
    <tr><td>Word <br>cell</td><td>2</td></tr></table></body></html>"""
    assert read(page.encode(), "t.html").tables[0].rows == (
        ("本年新收政府信息公开申请数量", "1"),
        ("Word cell", "2"),
    )


def test_html_layout_tables_are_read_as_blocks_and_a_figure_table_inside_is_kept() -> None:
    page = """<html><body><table><tr><td class="dh"><a>首页</a> <a>概况</a> <a>公开</a></td></tr>
    <tr><td><table><tr><td>正文第一段</td></tr><tr><td>
       <table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>5</td></tr></table>
    </td></tr></table></td></tr>
    <tr><td class="bottom">版权所有 电话：0000-1234567</td></tr></table></body></html>"""
    source = read(page.encode(), "t.html")
    assert source.lines == ["正文第一段", "规章 | 0", "规范性文件 | 5"]
    assert source.tables[0].rows == (("规章", "0"), ("规范性文件", "5"))
    assert source.tables[0].row_lines == (2, 3)


PROSE = "本机关认真贯彻落实《条例》，全年依法办理政府信息公开申请，各项工作有序推进，详见下表。"


def test_html_a_table_of_figures_is_never_dropped_even_in_a_footer() -> None:
    page = f"""<html><body><div id="content"><p>一、概述</p><p>{PROSE}</p></div>
    <div class="footer"><table><tr><td>收到申请数</td><td>12</td></tr><tr><td>办结数</td><td>11</td></tr></table>
    <p>主办单位 电话 0000-1</p></div></body></html>"""
    source = read(page.encode(), "t.html")
    assert source.lines[:2] == ["一、概述", PROSE]
    assert source.tables[0].rows == (("收到申请数", "12"), ("办结数", "11"))
    assert "主办单位 电话 0000-1" not in source.lines


def test_html_unclosed_cells_and_paragraphs() -> None:
    page = "<html><body><table><tr><td>一<td>1<tr><td>二<td>2</table><p>甲<p>乙</body></html>"
    source = read(page.encode(), "t.html")
    assert source.lines == ["一 | 1", "二 | 2", "甲", "乙"]


@pytest.mark.parametrize(
    ("rows", "grid"),
    [
        ([[("a", 2, 1)], [("b", 1, 1), ("1", 1, 1)]], [["a", "a"], ["b", "1"]]),
        ([[("7", 2, 2), ("x", 1, 1)], [("y", 1, 1)]], [["7", "", "x"], ["", "", "y"]]),
        (
            [[("标签", 1, 3), ("1", 1, 1)], [("2", 1, 1)], [("3", 1, 1)]],
            [["标签", "1"], ["标签", "2"], ["标签", "3"]],
        ),
        # a rowspan reaching past the last row does not add rows
        ([[("a", 1, 5), ("1", 1, 1)]], [["a", "1"]]),
        # short rows are padded
        ([[("a", 1, 1), ("b", 1, 1), ("c", 1, 1)], [("d", 1, 1)]], [["a", "b", "c"], ["d", "", ""]]),
        ([], []),
    ],
)
def test_fill_grid(rows: list[list[tuple[str, int, int]]], grid: list[list[str]]) -> None:
    assert fill_grid(rows) == grid


@pytest.mark.parametrize(
    "name",
    ["html_2021_jiaotong_2022.html", "html_narrative_beishan_2016.html", "html_2019_flat_shichang_2020.html"],
)
def test_fixture_pages_lose_their_site_navigation(name: str) -> None:
    source = read((FIXTURES / name).read_bytes(), name)
    text = "\n".join(source.lines)
    head = source.lines[:3]
    assert any("政府信息公开工作年度报告" in line for line in head)
    for junk in (
        "首页",
        "网站地图",
        "ICP",
        "分享到",
        "打印本页",
        "关闭窗口",
        "当前位置",
        "您当前的位置",
        "字体",
    ):
        assert junk not in text, junk
    # other years' reports listed in the menus and related lists are gone
    assert len(re.findall(r"\d{4}年政府信息公开工作年度报告", text)) == 1


def test_html_title_shown_only_in_the_tab_becomes_the_first_line() -> None:
    page = """<html><head><title>明湖市水务局2018年政府信息公开工作年度报告_年度报告_明湖市水务局</title></head>
    <body><div id="zoom"><p>一、概述</p><table><tr><td>收到申请数</td><td>3</td></tr></table></div></body></html>"""
    source = read(page.encode(), "p.html")
    assert source.lines == ["明湖市水务局2018年政府信息公开工作年度报告", "一、概述", "收到申请数 | 3"]
    assert source.tables[0].row_lines == (3,)


def test_html_title_in_the_tab_is_not_added_when_the_page_shows_it() -> None:
    page = """<html><head><title>年度报告 - 明湖市水务局</title></head>
    <body><h1>明湖市水务局2018年政府信息公开工作年度报告</h1><p>一、概述</p></body></html>"""
    assert read(page.encode(), "p.html").lines == ["明湖市水务局2018年政府信息公开工作年度报告", "一、概述"]


def test_a_web_archive_mht_is_read_as_its_page() -> None:
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    archive = MIMEMultipart("related")
    archive.attach(MIMEText(PAGE.replace('charset="utf-8"', 'charset="gb2312"'), "html", "gb2312"))
    data = archive.as_bytes()
    assert read(data, "page.mht").lines == PAGE_LINES
    assert read(data, "page.txt").kind == "html"


def test_a_doc_that_is_really_a_web_page_is_read() -> None:
    assert (
        read(PAGE.encode("gb18030").replace(b'charset="utf-8"', b'charset="gbk"'), "report.doc").lines
        == PAGE_LINES
    )


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Pages>6</o:Pages></o:DocumentProperties></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:22.0pt'>明湖市西江区2021年政府信息公开工作年度报告<o:p></o:p></span></b></p>
<p class=MsoNormal><![if !supportLists]><span lang=EN-US>（一）</span><![endif]>全区共收到申请<span lang=EN-US>12</span>件。<o:p></o:p></p>
<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>
 <tr><td width=100 rowspan=2><p class=MsoNormal>行政<br>许可<o:p></o:p></p></td>
  <td width=100 nowrap><p class=MsoNormal><span lang=EN-US>1,234<o:p></o:p></span></p></td></tr>
 <tr><td><p class=MsoNormal><span lang=EN-US>0<o:p></o:p></span></p></td></tr>
 <![if !supportMisalignedColumns]>
 <tr height=0><td width=100 style='border:none'></td><td width=100 style='border:none'></td></tr>
 <![endif]>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
</div></body></html>"""


def test_html_saved_by_word() -> None:
    source = read(WORD_PAGE.encode("gb18030"), "report.htm")
    assert source.lines == [
        "明湖市西江区2021年政府信息公开工作年度报告",
        "（一）全区共收到申请12件。",
        "行政许可 | 1234",
        "行政许可 | 0",
    ]
    # Word's empty spacer row closing the table is not a row of it
    assert source.tables[0].rows == (("行政许可", "1234"), ("行政许可", "0"))
    assert source.tables[0].row_lines == (3, 4)


def _fixture_sources() -> list[Source]:
    from gongkai.legacy_import.fixtures import docx_fixtures

    sources = [read(path.read_bytes(), path.name) for path in sorted(FIXTURES.glob("*.html"))]
    sources += [read(docx_fixtures.build(name), f"{name}.docx") for name in docx_fixtures.NAMES]
    return sources


def test_table_rows_are_the_lines_they_point_to() -> None:
    for source in _fixture_sources():
        for table in source.tables:
            assert len(table.rows) == len(table.row_lines), source.name
            assert len({len(row) for row in table.rows}) == 1, source.name
            for row, number in zip(table.rows, table.row_lines, strict=True):
                assert 1 <= number <= len(source.lines), source.name
                assert source.line(number) == normalise_line(" | ".join(row)), (source.name, number)


# --- DOCX ------------------------------------------------------------------------------------------------------


def _docx() -> bytes:
    document = Document()
    document.add_heading("明湖市教育局2023年政府信息公开工作年度报告", level=1)
    document.add_paragraph("一、总体情况")
    paragraph = document.add_paragraph("全年共收到申请１２件。")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(
        table.cell(1, 1)
    ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "申请人情况"
    table.cell(1, 2).text = "自然人"
    table.cell(1, 3).text = "总计"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "三、本年度办理结果"
    table.cell(2, 1).text = "（一）予以公开"
    table.cell(3, 1).text = "（二）部分公开"
    table.cell(2, 2).text = "5"
    table.cell(2, 3).merge(table.cell(3, 3)).text = "6"
    table.cell(3, 2).text = "1"
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_document_order() -> None:
    source = read(_docx(), "report.docx")
    footnote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert source.kind == "docx"
    assert source.lines[:4] == [
        "明湖市教育局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年共收到申请12件。",
        "第二行",
    ]
    assert source.lines[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    assert len(source.tables) == 1
    table = source.tables[0]
    assert table.rows == (
        (footnote, footnote, "申请人情况", "申请人情况"),
        (footnote, footnote, "自然人", "总计"),
        ("三、本年度办理结果", "（一）予以公开", "5", "6"),
        # the label merged down is repeated, the number merged down is not
        ("三、本年度办理结果", "（二）部分公开", "1", ""),
    )
    assert table.row_lines == (5, 6, 7, 8)
    assert source.line(7) == "三、本年度办理结果 | （一）予以公开 | 5 | 6"
    assert source.line(8) == "三、本年度办理结果 | （二）部分公开 | 1 |"


def test_docx_is_recognised_by_content_whatever_the_name() -> None:
    assert read(_docx(), "download.bin").kind == "docx"


def test_docx_fixtures_build_and_read() -> None:
    from gongkai.legacy_import.fixtures import docx_fixtures

    assert len(docx_fixtures.NAMES) >= 2
    for name in docx_fixtures.NAMES:
        source = read(docx_fixtures.build(name), f"{name}.docx")
        assert source.kind == "docx"
        assert source.tables
        assert "政府信息公开工作年度报告" in source.lines[0]
        assert (FIXTURES / f"{name}.expected.json").exists()


def test_an_empty_docx_is_unreadable() -> None:
    buffer = io.BytesIO()
    Document().save(buffer)
    with pytest.raises(UnreadableSource, match="没有文字"):
        read(buffer.getvalue(), "empty.docx")


# --- unreadable --------------------------------------------------------------------------------------------------


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", "空"),
        (b"  \r\n\t\n", "blank.txt", "空"),
        (b"\xef\xbb\xbf", "bom-only.txt", "空"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "report.doc", ".doc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png", "图片"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "scan.jpg", "图片"),
        (_zip(["xl/workbook.xml", "[Content_Types].xml"]), "table.xlsx", "不是 Word"),
        (_zip(["a.txt"]), "report.docx", "不是 Word"),
        (b"PK\x03\x04 this is not really a zip file", "report.docx", "损坏"),
        ("纯文本内容".encode(), "report.docx", ".docx"),
        (bytes(range(256)) * 4, "data.bin", "无法读取"),
        (b"\x00\x01\x02\x03binary\x00\x00\x05" * 50, "data.txt", "无法读取"),
        (b"{\\rtf1\\ansi report}", "report.rtf", "RTF"),
        (
            b"<html><body><script>x()</script><div class='nav'><a>a</a><a>b</a><a>c</a></div></body></html>",
            "p.html",
            "没有",
        ),
    ],
)
def test_unreadable_sources_raise_with_a_chinese_message(data: bytes, name: str, words: str) -> None:
    with pytest.raises(UnreadableSource) as raised:
        read(data, name)
    message = str(raised.value)
    assert words in message
    assert "无法读取" in message or "空" in message
