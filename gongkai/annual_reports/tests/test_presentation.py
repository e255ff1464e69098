"""The report body's context (presentation.report_context) and its templates."""

from __future__ import annotations

import json
import re

from django.template.loader import render_to_string

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS
from gongkai.annual_reports.grid import Grid
from gongkai.annual_reports.presentation import EMPTY_NARRATIVE, chart_summary, option_json, report_context
from gongkai.annual_reports.tests.test_charts import TREND, report_2021


def _body(document: ReportDocument, *, interactive: bool, trend=TREND) -> str:
    return render_to_string(
        "annual_reports/_report_body.html", report_context(document, trend=trend, interactive=interactive)
    )


def test_sections_follow_the_format_in_order():
    context = report_context(report_2021(), interactive=True)
    keys = [item["section"].key for item in context["sections"]]
    assert keys == ["overview", "proactive", "requests", "appeals", "problems", "other"]
    assert context["fmt"] is FORMATS["2021"]
    assert context["title"] == "明湖市教育局2021年政府信息公开工作年度报告"


def test_narratives_are_split_into_paragraphs_and_tables_get_their_grid():
    sections = {
        item["section"].key: item for item in report_context(report_2021(), interactive=True)["sections"]
    }
    assert len(sections["overview"]["paragraphs"]) == 2
    assert sections["overview"]["grid"] is None
    assert isinstance(sections["requests"]["grid"], Grid)
    assert sections["requests"]["grid"].key == "requests"
    assert sections["requests"]["paragraphs"] == []


def test_an_empty_narrative_says_none():
    document = report_2021(sections={"overview": "  \n", "other": "\u3000\u3000"})
    sections = {item["section"].key: item for item in report_context(document, interactive=True)["sections"]}
    for key in ("overview", "problems", "other"):
        assert sections[key]["paragraphs"] == [EMPTY_NARRATIVE]


def test_pre_2019_and_narrative_formats_keep_their_own_sections():
    old = report_2021(format="2008", year=2016, tables={})
    keys = [item["section"].key for item in report_context(old, interactive=False)["sections"]]
    assert keys == ["overview", "statistics", "problems", "other"]
    text = report_2021(format="narrative", tables={})
    context = report_context(text, interactive=False)
    assert [item["section"].key for item in context["sections"]] == ["overview", "problems", "other"]
    assert context["grids"] == {}


def test_a_stored_title_wins_and_aggregates_say_so():
    assert (
        report_context(report_2021(title="关于2021年的报告"), interactive=True)["title"] == "关于2021年的报告"
    )
    assert report_context(report_2021(scope="aggregate"), interactive=True)["title"].endswith("（汇总）")


def test_interactive_charts_carry_json_options_and_static_ones_svg():
    interactive = report_context(report_2021(), trend=TREND, interactive=True)["charts"]
    assert [c["spec"].key for c in interactive] == ["channels", "applicants", "outcomes", "appeals", "trend"]
    assert all("svg" not in c for c in interactive)
    assert json.loads(interactive[0]["option_json"])["baseOption"]["series"][0]["type"] == "pie"
    assert json.loads(interactive[1]["option_json"])["series"][0]["type"] == "bar"
    static = report_context(report_2021(), trend=TREND, interactive=False)["charts"]
    assert all(c["svg"].startswith("<svg") and "option_json" not in c for c in static)


def test_option_json_cannot_close_its_script_element():
    text = option_json({"title": "</script><script>alert(1)</script>&"})
    assert "</script>" not in text
    assert "<" not in text
    assert "&" not in text
    assert json.loads(text)["title"] == "</script><script>alert(1)</script>&"


def test_chart_summary_reads_the_numbers_with_units():
    spec = next(
        c["spec"]
        for c in report_context(report_2021(), interactive=True)["charts"]
        if c["spec"].key == "channels"
    )
    assert chart_summary(spec).startswith("政府信息公开申请渠道分布。当面12件；网上65件；")


# --- templates ---------------------------------------------------------------------------------------


def test_body_prints_title_sections_and_the_correction_note():
    html = _body(report_2021(correction_note="表三第一行更正。"), interactive=True)
    assert '<h1 class="report-title">明湖市教育局2021年政府信息公开工作年度报告</h1>' in html
    assert "更正说明" in html
    assert "表三第一行更正。" in html
    headings = re.findall(r'<h2 id="section-[a-z]+-heading">([^<]+)</h2>', html)
    assert headings == [section.heading for section in FORMATS["2021"].sections]
    assert html.count("<p>无。</p>") == 1  # problems is empty


def test_no_correction_box_without_a_note():
    assert "更正说明" not in _body(report_2021(), interactive=True)


def test_grid_keeps_merges_and_scopes():
    html = _body(report_2021(), interactive=True)
    table = html[
        html.index('data-grid="requests"') : html.index("</table>", html.index('data-grid="requests"'))
    ]
    assert '<th scope="colgroup" colspan="3" rowspan="3">' in table
    assert '<th scope="rowgroup" rowspan="' in table  # 三、本年度办理结果
    assert '<th scope="row" colspan="3">一、本年新收政府信息公开申请数量</th>' in table
    assert '<td class="num" data-key="requests.new.total">89</td>' in table
    assert table.count("<tr") == 3 + 25
    # The scroll container can be reached from the keyboard and is named by the table's caption.
    assert (
        'class="report-table-wrap" role="region" aria-labelledby="grid-requests-caption" tabindex="0"' in html
    )


def test_sub_table_headings_of_table_two_head_columns():
    html = _body(report_2021(), interactive=True)
    assert (
        '<tr class="grid-heading-row"><th scope="colgroup" colspan="4">第二十条第（一）项</th></tr>' in html
    )
    assert '<th scope="col">信息内容</th>' in html


def test_interactive_charts_have_a_json_block_a_caption_and_a_data_table():
    html = _body(report_2021(), interactive=True)
    assert html.count('<figure class="report-chart') == 5
    assert 'data-report-chart="report-chart-channels-option"' in html
    assert '<script type="application/json" id="report-chart-channels-option">' in html
    # Only data blocks: the CSP allows no inline script.
    assert not re.search(r"<script(?![^>]*application/json)", html)
    assert "<figcaption>图1　政府信息公开申请渠道分布" in html
    assert '<div class="report-chart-data">' in html
    assert '<th scope="row">电子邮件</th><td class="num">2</td>' in html


def test_static_charts_are_inline_svg_without_styles():
    html = _body(report_2021(), interactive=False)
    assert html.count("<svg ") == 5
    assert "<script" not in html
    assert "report-chart-data" not in html
    assert " style=" not in html


def test_charts_follow_the_last_table():
    html = _body(report_2021(), interactive=True)
    assert (
        html.index("section-appeals-heading")
        < html.index("report-charts-heading")
        < html.index("section-problems-heading")
    )
    narrative = report_2021(format="narrative", tables={})
    html = _body(narrative, interactive=True)
    assert html.index("section-other-heading") < html.index("report-charts-heading")


def test_no_chart_block_without_data():
    document = ReportDocument(agency_code="x", agency_name="某局", year=2021, scope="agency", format="2021")
    html = _body(document, interactive=True, trend=())
    assert "report-charts" not in html
    assert html.count("<p>无。</p>") == 3
