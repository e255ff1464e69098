"""The pre-2019 statistics table parser: the layouts web pages flatten it into, which column is the
year's, row labels to vocabulary keys (national and local labels, sub-rows of 否决公开), blanks, units,
and the printed sums that do not hold."""

from __future__ import annotations

import pytest

from gongkai.legacy_import import stats_table
from gongkai.legacy_import.normalise import normalise_lines
from gongkai.legacy_import.source import Source

TITLE = "明湖市2016年政府信息公开工作年度报告\n"


def _source(text: str) -> Source:
    return Source("t.txt", "text", normalise_lines(text))


def _read(text: str) -> stats_table.StatsResult:
    return stats_table.extract(_source(TITLE + text))


def _figures(text: str) -> dict[str, object]:
    return {e.key: e.value for e in _read(text).extractions if e.certain}


@pytest.mark.parametrize(
    ("label", "core"),
    [
        ("（一）收到申请数", "收到申请"),
        ("（1） 主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "主动公开政府信息"),
        ("其中：主动公开规范性文件数", "主动公开规范性文件"),
        ("其中,1.网上申请数", "网上申请"),
        ("其中: ①信息不存在数", "信息不存在"),
        ("Ⅱ纠错数", "纠错"),
        ("2.县(市)\\区\\开发区公开信息数*", "县\\区\\开发区公开信息"),
        ("四、行政复议数量", "行政复议"),
    ],
)
def test_core_of_a_label(label: str, core: str) -> None:
    assert stats_table.core(label) == core


def test_one_cell_per_line_with_blank_values() -> None:
    # A tab-separated table as the readers give it: each cell on its own line, blank cells empty lines.
    text = (
        "统 计 指 标\n单位\n统计数\n\n三、依申请公开情况\n\n\n\n（一）收到申请数\n件\n89\n\n1.当面申请数\n件\n63\n\n"
        "2.传真申请数\n件\n2\n\n3.网络申请数\n件\n\n\n4.信函申请数\n件\n24\n\n"
        "（1） 回应公众关注热点或重大舆情数\n（不同方式回应同一热点或舆情计1次）\n次\n551\n"
    )
    assert _figures(text) == {
        "requests.new": 89,
        "requests.channel.in_person": 63,
        "requests.channel.fax": 2,
        "requests.channel.letter": 24,
        "responses.total": 551,
    }


def test_one_row_per_line_with_tabs_and_a_blank_cell() -> None:
    text = "统计指标\t单位\t统计数\n（一）收到申请数\t件\t45\n1.当面申请数\t件\t\n2.传真申请数\t件\t0\n"
    result = _read(text)
    assert {e.key: e.value for e in result.extractions} == {"requests.new": 45, "requests.channel.fax": 0}


@pytest.mark.parametrize(
    "header",
    ["指 标 | 累计数 | 2016年发生数 |", "指标 | 历年累计 | 本年发生数", "指标 | 本年发生数 | 累计数 |"],
)
def test_the_cumulative_column_is_never_the_years_figure(header: str) -> None:
    cumulative_first = header.index("累计") < header.index("发生数")
    row = "政府信息公开申请数 | 356 | 48 |" if cumulative_first else "政府信息公开申请数 | 48 | 356 |"
    result = _read(f"{header}\n申请情况 |\n{row}\n")
    (reading,) = result.extractions
    assert (reading.key, reading.value) == ("requests.new", 48)
    assert result.rows[-1].values["cumulative"] is not None


def test_one_cell_per_line_pipe_table() -> None:
    text = (
        "指 标 |\n累计数 |\n2016年发生数 |\n|\n人员配置 |\n从事信息公开工作人员数 |\n—— |\n91 |\n"
        "其中:1.专职人员数 |\n—— |\n2 |\n|\n2.兼职人员数 |\n—— |\n89 |\n|\n学习培训 |\n举办培训次数 |\n6 |\n2 |\n"
        "参加培训人次数 |\n358 |\n125 |\n"
    )
    assert _figures(text) == {
        "staff.total": 91,
        "staff.full_time": 2,
        "staff.part_time": 89,
        "training.sessions": 2,
        "training.trainees": 125,
    }


def test_a_column_of_another_year_is_not_read() -> None:
    assert _figures("指标 | 累计数 | 2015年发生数 |\n政府信息公开申请数 | 356 | 48 |\n") == {}


def test_a_row_with_fewer_values_than_columns_is_not_guessed() -> None:
    # Which of the two columns the lone 48 belongs to is not certain.
    text = "指 标 |\n累计数 |\n2016年发生数 |\n政府信息公开申请数 |\n48 |\n对申请的答复数 |\n|\n"
    assert _figures(text) == {}


def test_an_html_row_keeps_its_blank_cell_in_place() -> None:
    text = "指标 | 累计数 | 本年发生数\n政府信息公开申请数 |  | 48\n对申请的答复数 | 300 | \n"
    assert _figures(text) == {"requests.new": 48}


def test_refusal_sub_rows_and_a_row_of_its_own() -> None:
    text = (
        "统计指标\t单位\t统计数\n（三）申请答复数\t件\t10\n3.否决公开答复数\t件\t4\n其中: ①信息不存在数\t件\t1\n"
        "②其他原因数\t件\t3\n4.同意公开答复数\t件\t4\n6.申请信息不存在数\t件\t2\n"
    )
    assert _figures(text) == {
        "outcomes.total": 10,
        "outcomes.refused": 4,
        "outcomes.refused.not_exist": 1,
        "outcomes.refused.other": 3,
        "outcomes.disclosed": 4,
        "outcomes.not_exist": 2,
    }


def test_the_same_label_under_reconsideration_and_litigation() -> None:
    text = (
        "统计指标\t单位\t统计数\n四、行政复议数量\t件\t8\n（一）维持具体行政行为数\t件\t1\n（二）被依法纠错数\t件\t4\n"
        "（三）其他情形数\t件\t3\n五、行政诉讼数量\t件\t2\n（二）被依法纠错数\t件\t2\n"
    )
    assert _figures(text) == {
        "reconsideration.total": 8,
        "reconsideration.upheld": 1,
        "reconsideration.corrected": 4,
        "reconsideration.other": 3,
        "litigation.total": 2,
        "litigation.corrected": 2,
    }


def test_decoy_rows_are_not_figures() -> None:
    text = (
        "指标 | 累计数 | 本年发生数\n信息公开专栏或信息公开网站点击次数 | 370221 | 28771\n政府公报（政报）发放数 | 500 | 120\n"
        "在信息公开专栏或信息公开网站发布信息数 | 11035 | 5854\n公共信息查阅点接待公众查阅人次数 | 1238 | 465\n"
    )
    assert _figures(text) == {}


def test_fees_in_10k_yuan() -> None:
    assert _figures("统计指标\t单位\t统计数\n七、依申请公开信息收取的费用\t万元\t0.12\n") == {
        "fees.yuan": 1200
    }


def test_a_fee_without_a_unit_is_for_review() -> None:
    result = _read("指标 | 累计数 | 本年发生数\n与信息公开事务相关的收费金额 | 300 | 120\n")
    (reading,) = result.extractions
    assert (reading.key, reading.value, reading.certain) == ("fees.yuan", 120, False)
    assert "单位" in reading.note


def test_chart_data_after_the_table_is_not_read() -> None:
    text = (
        "统计指标\n单位\n统计数\n（一）收到申请数\n件\n89\n\n\n"
        "申请方式\t当面申请 63\t传真申请 2\t信函申请 24\t63\t2\t24\n1.当面申请数\t件\t99\n"
    )
    assert _figures(text) == {"requests.new": 89}


def test_evidence_is_the_value_cell() -> None:
    source = _source(TITLE + "统计指标\t单位\t统计数\n（一）收到申请数\t件\t45\n")
    (reading,) = stats_table.extract(source).extractions
    assert source.line(reading.line)[reading.span[0] : reading.span[1]] == "45"
    assert "（一）收到申请数" in reading.text


def test_parts_exceeding_the_total_with_blank_parts() -> None:
    text = (
        "统计指标\t单位\t统计数\n（三）申请答复数\t件\t89\n1.属于已主动公开范围数\t件\t21\n2.同意公开答复数\t件\t60\n"
        "3.同意部分公开答复数\t件\t2\n4.不同意公开答复数\t件\t6\n5.不属于本行政机关公开数\t件\t\n6.申请信息不存在数\t件\t4\n"
    )
    (finding,) = _read(text).findings
    assert (finding.rule, finding.where) == ("S", "outcomes.total")
    assert "93" in finding.message
    assert "89" in finding.message


def test_printed_parts_all_stated_that_do_not_add_up() -> None:
    text = (
        "统计指标\t单位\t统计数\n（一）收到申请数\t件\t45\n1.当面申请数\t件\t20\n2.传真申请数\t件\t0\n"
        "3.网络申请数\t件\t20\n4.信函申请数\t件\t3\n"
    )
    assert [(f.rule, f.where) for f in _read(text).findings] == [("S", "requests.new")]


def test_sums_the_validator_checks_are_left_to_it() -> None:
    # 行政复议数量 = 维持 + 纠错 + 其他 is one of formats.STATISTICS_ROWS' sums: validate() reports it.
    text = (
        "统计指标\t单位\t统计数\n四、行政复议数量\t件\t5\n（一）维持具体行政行为数\t件\t2\n（二）被依法纠错数\t件\t1\n"
        "（三）其他情形数\t件\t1\n"
    )
    assert _read(text).findings == []


def test_sums_in_the_cumulative_column() -> None:
    text = "指标 | 本年发生数 | 累计数\n政府信息公开申请数 | 48 | 356\n其中：1.网上申请数 | 30 | 201\n2.当面申请数 | 18 | 150\n"
    result = _read(text)
    assert [(f.rule, f.where) for f in result.findings] == [("S", "requests.new（累计数）")]


def test_the_same_figure_printed_twice_with_different_cumulative_values() -> None:
    text = "指标 | 累计数 | 本年发生数\n公开的数量 |\n公开信息总数 | 11035 | 5854\n公开的内容 |\n公开信息总数 | 10701 | 5854\n"
    result = _read(text)
    assert {e.key: e.value for e in result.extractions} == {"proactive.total": 5854}
    (finding,) = result.findings
    assert (finding.rule, finding.where) == ("S", "proactive.total（累计数）")
    assert "公开的数量·公开信息总数" in finding.message
    assert "10701" in finding.message


def test_the_same_figure_printed_twice_with_different_year_values_is_for_review() -> None:
    text = "指标 | 本年发生数\n公开的数量 |\n公开信息总数 | 5854\n公开的内容 |\n公开信息总数 | 5800\n"
    result = _read(text)
    assert all(not e.certain for e in result.extractions)
    assert [(f.rule, f.where) for f in result.findings] == [("S", "proactive.total")]


def test_click_count_against_the_prose_visits() -> None:
    text = "网站访问总量达327271人次。\n指标 | 累计数 | 本年发生数\n信息公开专栏点击次数 | 370221 | 28771\n"
    (finding,) = _read(text).findings
    assert (finding.rule, finding.where) == ("P", "网站访问量")


def test_no_table_no_figures() -> None:
    result = _read("全年共收到政府信息公开申请89件。\n")
    assert result.extractions == []
    assert result.findings == []
    assert result.lines == []


def test_key_for_local_and_national_labels() -> None:
    assert (
        stats_table.key_for("（二）设置政府信息公开查阅点数", "organisation", refused=False)
        == "reading_points"
    )
    assert stats_table.key_for("设立公共信息查阅点数", None, refused=False) == "reading_points"
    assert (
        stats_table.key_for("新闻发布会召开次数", "proactive", refused=False) == "responses.press_conferences"
    )
    assert stats_table.key_for("4.公共资金使用和监督类信息数", "proactive", refused=False) == (
        "proactive.category.public_funds"
    )
    assert stats_table.key_for("其中：主要负责同志参加新闻发布会次数", "responses", refused=False) is None


def test_a_quantity_column_and_an_appeal_row_that_is_not_a_complaint() -> None:
    assert _figures("项目 | 单位 | 数量\n收到申请数 | 件 | 7\n行政申诉数 | 件 | 2\n") == {"requests.new": 7}
