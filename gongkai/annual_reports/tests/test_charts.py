"""Chart specifications (charts.py), their ECharts options and their matplotlib images."""

from __future__ import annotations

import json
import struct
import zlib
from decimal import Decimal

import pytest

from gongkai.annual_reports.chart_images import render_png, render_svg
from gongkai.annual_reports.charts import (
    PALETTE,
    ChartSpec,
    Series,
    build_charts,
    echarts_option,
    outcome_group_label,
)
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS, REQUEST_COLUMNS

# Table 三 of a 2021 report by applicant column (natural person, 商业企业, 科研机构, 社会公益组织, 法律服务机构,
# 其他); totals are added up so the table balances like a real one.
_NEW = (80, 5, 1, 0, 2, 1)
_CARRIED_IN = (3, 0, 0, 0, 0, 0)
_RESULTS: dict[str, tuple[int, ...]] = {
    "r1_open": (40, 3, 1, 0, 1, 0),
    "r2_partial": (6, 1, 0, 0, 0, 0),
    "r3_1": (0, 0, 0, 0, 0, 0),
    "r3_2": (0, 0, 0, 0, 0, 0),
    "r3_3": (1, 0, 0, 0, 0, 0),
    "r3_4": (2, 0, 0, 0, 0, 0),
    "r3_5": (1, 0, 0, 0, 0, 0),
    "r3_6": (0, 0, 0, 0, 0, 0),
    "r3_7": (0, 0, 0, 0, 0, 0),
    "r3_8": (1, 0, 0, 0, 0, 0),
    "r4_1": (12, 1, 0, 0, 1, 0),
    "r4_2": (2, 0, 0, 0, 0, 0),
    "r4_3": (1, 0, 0, 0, 0, 0),
    "r5_1": (3, 0, 0, 0, 0, 0),
    "r5_2": (2, 0, 0, 0, 0, 0),
    "r5_3": (0, 0, 0, 0, 0, 0),
    "r5_4": (0, 0, 0, 0, 0, 0),
    "r5_5": (0, 0, 0, 0, 0, 0),
    "r6_1": (2, 0, 0, 0, 0, 0),
    "r6_2": (0, 0, 0, 0, 0, 0),
    "r6_3": (1, 0, 0, 0, 0, 0),
}
_APPEALS = {
    "reconsideration": {"upheld": 3, "corrected": 1, "other": 1, "pending": 0},
    "litigation_direct": {"upheld": 2, "corrected": 0, "other": 1, "pending": 1},
    "litigation_after_reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0},
}
CHANNELS = {"in_person": 12, "online": 65, "letter": 10, "fax": 0, "email": 2, "other": 0}


def _with_total(values: tuple[int, ...]) -> list[int]:
    return [*values, sum(values)]


def report_2021(**overrides: object) -> ReportDocument:
    """A 2021-format report of a city bureau with realistic, balanced numbers."""
    rows: dict[str, list[int]] = {"new": _with_total(_NEW), "carried_in": _with_total(_CARRIED_IN)}
    rows.update({key: _with_total(values) for key, values in _RESULTS.items()})
    total = [sum(line[i] for key, line in rows.items() if key.startswith("r")) for i in range(7)]
    rows["r7_total"] = total
    rows["carried_out"] = [rows["new"][i] + rows["carried_in"][i] - total[i] for i in range(7)]
    appeals = {group: {**cells, "total": sum(cells.values())} for group, cells in _APPEALS.items()}
    figures: dict[str, int | Decimal] = {f"requests.channel.{key}": value for key, value in CHANNELS.items()}
    figures.update(
        {
            "requests.new": rows["new"][6],
            "requests.carried_in": rows["carried_in"][6],
            "outcomes.total": total[6],
            "proactive.total": 1523,
            "reconsideration.total": appeals["reconsideration"]["total"],
            "litigation.total": appeals["litigation_direct"]["total"]
            + appeals["litigation_after_reconsideration"]["total"],
            "proactive.admin_fees.amount_10k_yuan": Decimal("12.35"),
        }
    )
    document = ReportDocument(
        agency_code="330100-edu",
        agency_name="明湖市教育局",
        year=2021,
        scope="agency",
        format="2021",
        figures=figures,
        tables={
            "requests": {"columns": [c.key for c in REQUEST_COLUMNS], "rows": rows},
            "appeals": appeals,
            "proactive": {
                "format": "2021",
                "rows": {
                    "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
                    "normative_documents": {"issued": 6, "repealed": 2, "in_force": 41},
                    "licensing": {"decisions": 1287},
                    "penalties": {"decisions": 35},
                    "enforcement": {"decisions": 0},
                    "admin_fees": {"amount_10k_yuan": Decimal("12.35")},
                },
            },
        },
        sections={
            "overview": "2021年，明湖市教育局认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息1523条。\n"
            "全年共收到政府信息公开申请89件，均在法定期限内答复。",
            "problems": "",
            "other": "本年度未收取信息处理费。",
        },
    )
    for key, value in overrides.items():
        setattr(document, key, value)
    return document


TREND = [
    (2019, {"requests.new": 40, "outcomes.total": 38, "proactive.total": 980, "reconsideration.total": 1}),
    (2020, {"requests.new": 61, "outcomes.total": 60, "proactive.total": 1210, "litigation.total": 2}),
    (
        2021,
        {
            "requests.new": 89,
            "outcomes.total": 90,
            "proactive.total": 1523,
            "reconsideration.total": 5,
            "litigation.total": 5,
        },
    ),
]


def _charts(document: ReportDocument, trend=()) -> dict[str, ChartSpec]:
    return {spec.key: spec for spec in build_charts(document, trend)}


# --- specifications ------------------------------------------------------------------------------------


def test_channel_pie_uses_the_channel_figures_in_print_order():
    spec = _charts(report_2021())["channels"]
    assert spec.kind == "pie"
    assert spec.categories == ("当面", "网上", "信函", "传真", "电子邮件", "其他")
    assert spec.series[0].values == (12, 65, 10, 0, 2, 0)


def test_applicant_bar_is_row_one_of_table_three_without_the_total():
    spec = _charts(report_2021())["applicants"]
    assert spec.kind == "bar"
    assert spec.categories == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert spec.series[0].values == _NEW


def test_outcome_bar_adds_up_each_group_of_the_total_column():
    spec = _charts(report_2021())["outcomes"]
    assert spec.categories == ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    assert spec.series[0].values == (45, 7, 5, 17, 5, 3)
    assert sum(v or 0 for v in spec.series[0].values) == report_2021().figures["outcomes.total"]


def test_outcome_groups_of_the_2019_format_include_the_single_other_row():
    rows = {key: [0] * 7 for key in FORMATS["2019"].requests.row_keys}  # type: ignore[union-attr]
    rows["r1_open"] = [4, 0, 0, 0, 0, 0, 4]
    rows["r6"] = [2, 0, 0, 0, 0, 0, 2]
    document = report_2021(format="2019", year=2020, tables={"requests": {"rows": rows}})
    spec = _charts(document)["outcomes"]
    assert spec.categories[-1] == "其他处理"
    assert spec.series[0].values == (4, 0, 0, 0, 0, 2)


def test_group_labels_lose_their_number_and_counting_note():
    assert outcome_group_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert outcome_group_label("（三）不予公开") == "不予公开"


def test_appeals_chart_stacks_the_four_results_of_each_group():
    spec = _charts(report_2021())["appeals"]
    assert spec.categories == ("行政复议", "未经复议直接起诉", "复议后起诉")
    assert [s.name for s in spec.series] == ["结果维持", "结果纠正", "其他结果", "尚未审结"]
    assert {s.stack for s in spec.series} == {"appeals"}
    assert spec.series[0].values == (3, 2, 1)
    assert spec.series[3].values == (0, 1, 0)


def test_trend_marks_years_without_a_figure_as_none():
    spec = _charts(report_2021(), TREND)["trend"]
    assert spec.kind == "line"
    assert spec.categories == ("2019年", "2020年", "2021年")
    by_name = {s.name: s for s in spec.series}
    assert list(by_name) == ["收到申请", "办理结果", "主动公开", "行政复议", "行政诉讼"]
    assert by_name["收到申请"].values == (40, 61, 89)
    assert by_name["行政复议"].values == (1, None, 5)
    assert by_name["行政诉讼"].values == (None, 2, 5)
    assert by_name["主动公开"].unit == "条"


def test_trend_needs_two_years():
    assert "trend" not in _charts(report_2021(), TREND[-1:])
    assert "trend" in _charts(report_2021(), TREND[-2:])


def test_trend_years_are_in_order_and_amounts_become_plain_numbers():
    trend = [(2021, {"requests.new": Decimal(5)}), (2020, {"requests.new": 3})]
    spec = _charts(report_2021(), trend)["trend"]
    assert spec.categories == ("2020年", "2021年")
    assert spec.series[0].values == (3, 5)
    assert isinstance(spec.series[0].values[1], int)


def test_charts_without_any_figure_are_left_out():
    document = ReportDocument(agency_code="x", agency_name="某局", year=2021, scope="agency", format="2021")
    assert build_charts(document) == []
    zeros = report_2021(figures={f"requests.channel.{key}": 0 for key in CHANNELS})
    assert "channels" not in _charts(zeros)


def test_documents_without_tables_fall_back_to_the_flat_figures():
    document = report_2021(
        tables={},
        figures={
            "requests.applicant.natural_person": 7,
            "outcomes.disclosed": 5,
            "outcomes.refused": 1,
            "reconsideration.upheld": 2,
            "litigation.direct.corrected": 1,
        },
    )
    charts = _charts(document)
    assert charts["applicants"].series[0].values[0] == 7
    assert charts["outcomes"].series[0].values == (5, None, 1, None, None, None)
    assert charts["appeals"].series[0].values == (2, None, None)
    assert charts["appeals"].series[1].values == (None, 1, None)


def test_pre_2019_reports_get_the_channel_chart_only():
    document = ReportDocument(
        agency_code="x",
        agency_name="某局",
        year=2016,
        scope="agency",
        format="2008",
        figures={"requests.channel.in_person": 3, "requests.channel.online": 9},
    )
    assert [spec.key for spec in build_charts(document)] == ["channels"]


def test_build_charts_is_a_pure_function_of_its_inputs():
    document = report_2021()
    before = json.dumps(document.to_json(), sort_keys=True)
    assert build_charts(document, TREND) == build_charts(document, TREND)
    assert json.dumps(document.to_json(), sort_keys=True) == before


# --- ECharts options -----------------------------------------------------------------------------------


def test_every_option_is_plain_json():
    for spec in build_charts(report_2021(), TREND):
        option = echarts_option(spec)
        assert json.loads(json.dumps(option)) == option


def test_pie_option_colours_slices_by_category_and_omits_empty_channels():
    option = echarts_option(_charts(report_2021())["channels"])
    data = option["baseOption"]["series"][0]["data"]
    assert [d["name"] for d in data] == ["当面", "网上", "信函", "电子邮件"]
    assert [d["itemStyle"]["color"] for d in data] == [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[4]]


def test_bar_option_has_categories_on_the_vertical_axis():
    option = echarts_option(_charts(report_2021())["outcomes"])
    assert option["yAxis"]["type"] == "category"
    assert option["yAxis"]["data"][0] == "予以公开"
    assert option["series"][0]["data"] == [45, 7, 5, 17, 5, 3]


def test_stacked_bar_option_stacks_and_hides_zero_labels():
    option = echarts_option(_charts(report_2021())["appeals"])
    assert [s["stack"] for s in option["series"]] == ["appeals"] * 4
    assert option["legend"]
    assert option["series"][1]["data"][1] == {"value": 0, "label": {"show": False}}


def test_line_option_keeps_gaps_and_puts_items_on_a_second_axis():
    option = echarts_option(_charts(report_2021(), TREND)["trend"])
    assert [axis["name"] for axis in option["yAxis"]] == ["件", "条"]
    series = {s["name"]: s for s in option["series"]}
    assert series["行政复议"]["data"] == [1, None, 5]
    assert series["行政复议"]["connectNulls"] is False
    assert series["主动公开（条，右轴）"]["yAxisIndex"] == 1
    assert series["收到申请"]["yAxisIndex"] == 0


def test_pie_labels_shorten_on_a_phone():
    option = echarts_option(_charts(report_2021())["channels"])
    (rule,) = option["media"]
    assert rule["query"] == {"maxWidth": 480}
    assert rule["option"]["series"][0]["label"]["formatter"] == "{b}\n{d}%"


def test_tooltip_stays_inside_the_chart_for_the_csp():
    for spec in build_charts(report_2021()):
        option = echarts_option(spec)
        assert option.get("baseOption", option)["tooltip"]["renderMode"] == "richText"


# --- images ----------------------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _png_rows(data: bytes) -> tuple[int, int, bytes]:
    """Width, bytes per pixel and the inflated scanlines (filter byte first) of a non-interlaced PNG."""
    width, _ = _png_size(data)
    colour_type = data[25]
    channels = {2: 3, 6: 4}[colour_type]
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    return width, channels, zlib.decompress(b"".join(chunks))


@pytest.mark.parametrize("key", ["channels", "applicants", "outcomes", "appeals", "trend"])
def test_svg_is_titled_and_draws_cjk_glyphs(key):
    spec = _charts(report_2021(), TREND)[key]
    svg = render_svg(spec)
    assert svg.startswith("<svg")
    assert f"<title>{spec.title}</title>" in svg
    # Text becomes outlines (no font needed in the PDF), each glyph named after its font: the CJK face
    # must have been used for the category labels.
    assert "NotoSansCJK" in svg
    assert f'id="chart-{key}-' in svg
    assert 'xlink:href="#chart-' in svg


def test_the_title_is_drawn_only_when_asked():
    spec = _charts(report_2021())["outcomes"]
    # matplotlib keeps each drawn text as a comment beside its outlines.
    assert f"<!-- {spec.title} -->" not in render_svg(spec)
    assert f"<!-- {spec.title} -->" in render_svg(spec, titled=True)


def test_svg_needs_no_inline_styles_under_the_csp():
    svg = render_svg(_charts(report_2021(), TREND)["trend"])
    assert "style=" not in svg
    assert "<style" not in svg
    assert 'stroke-linejoin="round"' in svg


def test_svg_uses_the_same_colours_as_echarts():
    svg = render_svg(_charts(report_2021())["appeals"]).lower()
    for colour in PALETTE[:4]:
        assert colour in svg


def test_png_decodes_with_a_sensible_size():
    png = render_png(_charts(report_2021())["outcomes"], dpi=100)
    width, height = _png_size(png)
    assert 500 <= width <= 800
    assert 250 <= height <= 500
    _, _, rows = _png_rows(png)
    assert len(rows) > 0


def test_png_is_not_blank():
    png = render_png(_charts(report_2021())["channels"], dpi=60)
    width, channels, rows = _png_rows(png)
    stride = 1 + width * channels
    # Filtered scanlines: a row filtered with type 0 ("none") is raw pixels; others are deltas, which
    # are non-zero where the picture changes. Either way a white image would be all 255s or all zeros.
    payload = b"".join(rows[i * stride + 1 : (i + 1) * stride] for i in range(len(rows) // stride))
    assert len(set(payload)) > 10


def test_a_hand_made_spec_renders():
    spec = ChartSpec("x", "测试图表", "bar", ("甲", "乙"), (Series("数量", (1, None)),))
    assert "<!-- 测试图表 -->" in render_svg(spec, titled=True)
    assert _png_size(render_png(spec, dpi=50))[0] > 0
