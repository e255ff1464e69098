"""The annual-report validator: rules V1–V10 (ogi-rules.md §1.6), table 二's plausibility (T2) and the
older tables' printed sums (S), each with a failing and a passing case and the message asserted; then
a property: a table counted from any set of applications validates clean, and changing any single
cell of table 三 or 四 is caught. Pure: no database."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_reports.document import Issue, ReportDocument
from gongkai.annual_reports.formats import FORMATS, STATISTICS_ROWS
from gongkai.annual_reports.validation import Ledger, stated_fee_yuan, validate

YEAR = 2025
COLUMNS = list(FORMATS["2021"].requests.column_keys)  # type: ignore[union-attr]
FEE_TEXT = "依据《政府信息公开信息处理费管理办法》规定，本机关2025年收取信息处理费共计400元。"


# --- building consistent documents ------------------------------------------------------------------


def _line(six: list[int]) -> list[int]:
    return [*six, sum(six)]


def requests_table(
    fmt_id: str, new: list[int], carried_in: list[int], outcomes: dict[str, list[int]]
) -> dict[str, Any]:
    """Table 三 of format `fmt_id` with the 总计 column, （七）总计 and 结转 computed, so it is consistent."""
    table = FORMATS[fmt_id].requests
    assert table is not None
    results = [sum(outcomes.get(key, [0] * 6)[i] for key in table.outcome_keys) for i in range(6)]
    carried_out = [new[i] + carried_in[i] - results[i] for i in range(6)]
    assert min(carried_out) >= 0
    rows: dict[str, list[int]] = {"new": _line(new), "carried_in": _line(carried_in)}
    for key in table.outcome_keys:
        rows[key] = _line(outcomes.get(key, [0] * 6))
    rows["r7_total"] = _line(results)
    rows["carried_out"] = _line(carried_out)
    return {"columns": list(table.column_keys), "rows": rows}


def appeals_table(**groups: tuple[int, int, int, int]) -> dict[str, dict[str, int]]:
    result = {}
    for key in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        upheld, corrected, other, pending = groups.get(key, (0, 0, 0, 0))
        result[key] = {
            "upheld": upheld,
            "corrected": corrected,
            "other": other,
            "pending": pending,
            "total": upheld + corrected + other + pending,
        }
    return result


# new 11 (自然人5 商业企业3 科研机构1 社会公益组织0 法律服务机构1 其他1), carried in 2, results 9
# (予以公开6, 部分公开1, 不掌握1, 逾期未缴费1), carried out 4.
NEW = [5, 3, 1, 0, 1, 1]
CARRIED_IN = [1, 0, 0, 0, 0, 1]
OUTCOMES_2021 = {
    "r1_open": [3, 2, 0, 0, 0, 1],
    "r2_partial": [1, 0, 0, 0, 0, 0],
    "r4_1": [1, 0, 0, 0, 0, 0],
    "r6_2": [0, 0, 0, 0, 1, 0],
}
OUTCOMES_2019 = {
    "r1_open": [3, 2, 0, 0, 0, 1],
    "r2_partial": [1, 0, 0, 0, 0, 0],
    "r4_1": [1, 0, 0, 0, 0, 0],
    "r6": [0, 0, 0, 0, 1, 0],
}


def document_2021(**changes: Any) -> ReportDocument:
    doc = ReportDocument(
        agency_code="11220100MB0000001X",
        agency_name="长春市教育局",
        year=YEAR,
        scope="agency",
        format="2021",
        tables={
            "proactive": {
                "format": "2021",
                "rows": {
                    "regulations": {"issued": 2, "repealed": 1, "in_force": 10},
                    "normative_documents": {"issued": 5, "repealed": 0, "in_force": 40},
                    "licensing": {"decisions": 120},
                    "penalties": {"decisions": 30},
                    "enforcement": {"decisions": None},
                    "admin_fees": {"amount_10k_yuan": Decimal("12.35")},
                },
            },
            "requests": requests_table("2021", NEW, CARRIED_IN, OUTCOMES_2021),
            "appeals": appeals_table(reconsideration=(1, 1, 0, 1), litigation_direct=(1, 0, 0, 0)),
        },
        sections={"overview": "本年度……", "problems": "……", "other": FEE_TEXT},
    )
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def previous_2021() -> ReportDocument:
    """The 2024 report the 2025 one follows on from: 结转 and 尚未审结 and 现行有效件数 all match."""
    return ReportDocument(
        agency_code="11220100MB0000001X",
        agency_name="长春市教育局",
        year=YEAR - 1,
        scope="agency",
        format="2021",
        tables={
            "proactive": {
                "format": "2021",
                "rows": {
                    "regulations": {"issued": 1, "repealed": 0, "in_force": 9},
                    "normative_documents": {"issued": 3, "repealed": 2, "in_force": 35},
                },
            },
            "requests": requests_table(
                "2021", [3, 1, 0, 0, 0, 2], [0, 0, 0, 0, 0, 0], {"r1_open": [2, 1, 0, 0, 0, 1]}
            ),
            "appeals": appeals_table(reconsideration=(0, 0, 1, 2)),
        },
        sections={"other": "本年度未收取信息处理费。"},
    )


def document_2019() -> ReportDocument:
    return ReportDocument(
        agency_code="11220100MB0000001X",
        agency_name="长春市教育局",
        year=2020,
        scope="agency",
        format="2019",
        tables={
            "proactive": {
                "format": "2019",
                "rows": {
                    "regulations": {"new": 1, "published": 1, "public_total": 12},
                    "licensing": {"previous_items": 40, "change": -2, "decisions": 300},
                    "admin_fees": {"previous_items": 3, "change": 0},
                    "procurement": {"items": 4, "amount_10k_yuan": Decimal("25.1")},
                },
            },
            "requests": requests_table("2019", NEW, CARRIED_IN, OUTCOMES_2019),
            "appeals": appeals_table(reconsideration=(1, 0, 0, 0)),
        },
        sections={"other": "无。"},
    )


FIGURES_2008: dict[str, int | Decimal] = {
    "proactive.total": 1200,
    "requests.new": 10,
    "requests.channel.in_person": 3,
    "requests.channel.fax": 0,
    "requests.channel.online": 5,
    "requests.channel.letter": 1,
    "requests.channel.email": 1,
    "requests.channel.other": 0,
    "requests.completed": 9,
    "requests.completed_on_time": 8,
    "requests.completed_extended": 1,
    "outcomes.total": 9,
    "outcomes.already_public": 1,
    "outcomes.disclosed": 4,
    "outcomes.partially_disclosed": 1,
    "outcomes.refused": 2,
    "outcomes.refused.state_secret": 1,
    "outcomes.refused.commercial_secret": 0,
    "outcomes.refused.privacy": 1,
    "outcomes.refused.three_securities": 0,
    "outcomes.refused.not_gov_info": 0,
    "outcomes.refused.other": 0,
    "outcomes.not_this_agency": 1,
    "outcomes.not_exist": 0,
    "outcomes.correction_notice": 0,
    "outcomes.other_route": 0,
    "reconsideration.total": 2,
    "reconsideration.upheld": 1,
    "reconsideration.corrected": 1,
    "reconsideration.other": 0,
    "litigation.total": 1,
    "litigation.upheld": 1,
    "litigation.corrected": 0,
    "litigation.other": 0,
    "fees.yuan": 74400,
    "staff.total": 5,
    "staff.full_time": 2,
    "staff.part_time": 3,
    "funding.yuan": Decimal("12345.5"),
}


def document_2008(**figures: int | Decimal | None) -> ReportDocument:
    values = dict(FIGURES_2008)
    for name, value in figures.items():
        key = name.replace("__", ".")  # keyword arguments cannot hold dots
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return ReportDocument(
        agency_code="",
        agency_name="长春市",
        year=2015,
        scope="aggregate",
        format="2008",
        figures=values,
        sections={"other": "全年收取费用7.44万元。"},
    )


def consistent_ledger() -> Ledger:
    return Ledger(received_in_year=11, finalized_in_year=9, open_at_year_end=4, fees_collected_yuan=400)


def cell(doc: ReportDocument, row: str, column: str, value: Any) -> None:
    doc.tables["requests"]["rows"][row][COLUMNS.index(column)] = value


def only(issues: list[Issue], rule: str) -> list[Issue]:
    return [issue for issue in issues if issue.rule == rule]


def one(issues: list[Issue], rule: str) -> Issue:
    found = only(issues, rule)
    assert len(found) == 1, issues
    return found[0]


# --- valid documents --------------------------------------------------------------------------------


def test_a_consistent_2021_report_has_no_issues_with_previous_year_and_ledger():
    assert validate(document_2021(), previous=previous_2021(), ledger=consistent_ledger()) == []


def test_a_consistent_2021_report_has_no_issues_alone():
    assert validate(document_2021()) == []


def test_a_consistent_2019_report_has_no_issues():
    assert validate(document_2019()) == []


def test_a_consistent_2008_statistics_report_has_no_issues():
    assert validate(document_2008()) == []


def test_a_narrative_report_has_no_table_to_check():
    doc = ReportDocument(
        agency_code="",
        agency_name="长春市",
        year=2010,
        scope="aggregate",
        format="narrative",
        # A narrative's figures are not a printed table, so their sums are not checked.
        figures={"requests.new": 10, "requests.channel.online": 3},
        sections={"overview": "……"},
    )
    assert validate(doc) == []


def test_an_unknown_format_is_reported_not_raised():
    issue = one(validate(document_2021(format="2030")), "V1")
    assert (issue.severity, issue.where) == ("error", "format")
    assert "2030" in issue.message


def test_the_validator_does_not_change_the_document():
    doc = document_2021()
    before = copy.deepcopy(doc)
    validate(doc, previous=previous_2021(), ledger=consistent_ledger())
    assert doc == before


def test_columns_stated_in_another_order_are_read_by_key():
    doc = document_2021()
    data = doc.tables["requests"]
    order = list(reversed(data["columns"]))
    data["rows"] = {key: [line[COLUMNS.index(c)] for c in order] for key, line in data["rows"].items()}
    data["columns"] = order
    assert validate(doc) == []


def test_a_document_read_back_from_json_validates_the_same():
    doc = ReportDocument.from_json(document_2021().to_json())
    assert validate(doc, previous=previous_2021(), ledger=consistent_ledger()) == []


# --- V1: every cell a non-negative integer ------------------------------------------------------------


def test_v1_blank_cell_of_table_three():
    doc = document_2021()
    cell(doc, "new", "commercial", None)
    issue = one(validate(doc), "V1")
    assert (issue.severity, issue.where) == ("error", "requests.new.commercial")
    assert issue.message == "表三“一、本年新收政府信息公开申请数量”行“商业企业”列未填写"


def test_v1_negative_cell_of_table_three():
    doc = document_2021()
    # Moved between rows and columns so that every sum still holds and only V1 is left.
    cell(doc, "r3_4", "natural_person", -1)
    cell(doc, "r3_4", "commercial", 1)
    cell(doc, "r1_open", "natural_person", 4)
    cell(doc, "r1_open", "commercial", 1)
    issues = validate(doc)
    issue = one(issues, "V1")
    assert issue.where == "requests.r3_4.natural_person"
    assert issue.message == "表三“（三）不予公开4.保护第三方合法权益”行“自然人”列为-1，不能为负数"


@pytest.mark.parametrize("value", [True, False, 1.0, "3", Decimal(3)])
def test_v1_a_count_must_be_an_int_not_bool_float_text_or_decimal(value):
    doc = document_2021()
    cell(doc, "r1_open", "research", value)
    issue = one(validate(doc), "V1")
    assert (issue.severity, issue.where) == ("error", "requests.r1_open.research")
    assert "应填写整数" in issue.message
    assert "“（一）予以公开”行“科研机构”列" in issue.message


def test_v1_missing_row():
    doc = document_2021()
    del doc.tables["requests"]["rows"]["r3_2"]
    issues = validate(doc)
    issue = one(issues, "V1")
    assert (issue.severity, issue.where) == ("error", "requests.r3_2")
    assert (
        issue.message
        == "表三“收到和处理政府信息公开申请情况”缺少“（三）不予公开2.其他法律行政法规禁止公开”行"
    )
    assert only(issues, "V4") == []  # a missing row is one problem, not a sum that fails too


def test_v1_row_with_the_wrong_number_of_cells():
    doc = document_2021()
    doc.tables["requests"]["rows"]["r1_open"] = [3, 2, 0, 0, 0, 6]
    issue = one(validate(doc), "V1")
    assert issue.where == "requests.r1_open"
    assert "“（一）予以公开”行应有7个数，实有6个" in issue.message


def test_v1_row_that_is_not_a_list():
    doc = document_2021()
    doc.tables["requests"]["rows"]["r1_open"] = {"total": 6}
    issue = one(validate(doc), "V1")
    assert issue.where == "requests.r1_open"
    assert "实有0个" in issue.message


def test_v1_a_2019_row_in_a_2021_table():
    doc = document_2021()
    doc.tables["requests"]["rows"]["r6"] = [0] * 7
    issue = one(validate(doc), "V1")
    assert issue.where == "requests.r6"
    assert "“（六）其他处理”行不属于本报告所用的格式" in issue.message


def test_v1_columns_that_do_not_match_the_format():
    doc = document_2021()
    doc.tables["requests"]["columns"] = [*COLUMNS[:6], "subtotal", "total"]
    issues = validate(doc)
    assert any(
        i.rule == "V1" and i.where == "requests.columns" and "应为自然人、商业企业、科研机构" in i.message
        for i in issues
    )


def test_v1_missing_table_three():
    doc = document_2021()
    del doc.tables["requests"]
    issue = one(validate(doc), "V1")
    assert (issue.severity, issue.where) == ("error", "requests")
    assert issue.message == "表三“收到和处理政府信息公开申请情况”未填写"


def test_v1_unreadable_table_three():
    doc = document_2021()
    doc.tables["requests"] = {"columns": COLUMNS}
    issue = one(validate(doc), "V1")
    assert issue.where == "requests"
    assert "无法读取" in issue.message


def test_v1_table_four_cells():
    doc = document_2021()
    doc.tables["appeals"]["litigation_direct"]["corrected"] = None
    doc.tables["appeals"]["reconsideration"]["other"] = -2
    doc.tables["appeals"]["reconsideration"]["pending"] = 3  # keeps 总计 3 = 1 + 1 − 2 + 3
    issues = only(validate(doc), "V1")
    assert [(i.where, i.message) for i in issues] == [
        ("appeals.reconsideration.other", "表四“行政复议”“其他结果”栏为-2，不能为负数"),
        ("appeals.litigation_direct.corrected", "表四“行政诉讼（未经复议直接起诉）”“结果纠正”栏未填写"),
    ]


def test_v1_table_four_missing_group_and_missing_table():
    doc = document_2021()
    del doc.tables["appeals"]["litigation_after_reconsideration"]
    issue = one(validate(doc), "V1")
    assert issue.where == "appeals.litigation_after_reconsideration"
    assert issue.message == "表四缺少“行政诉讼（复议后起诉）”各栏"
    del doc.tables["appeals"]
    issue = one(validate(doc), "V1")
    assert (issue.where, issue.message) == ("appeals", "表四“政府信息公开行政复议、行政诉讼情况”未填写")


def test_v1_table_two_blank_cells_are_allowed():
    doc = document_2021()
    doc.tables["proactive"]["rows"]["regulations"] = {"issued": None, "repealed": None, "in_force": None}
    del doc.tables["proactive"]["rows"]["licensing"]
    assert validate(doc) == []
    del doc.tables["proactive"]
    assert validate(doc) == []


def test_v1_table_two_negative_count():
    doc = document_2021()
    doc.tables["proactive"]["rows"]["penalties"]["decisions"] = -3
    issue = one(validate(doc), "V1")
    assert (issue.severity, issue.where) == ("error", "proactive.penalties.decisions")
    assert issue.message == "表二“行政处罚”行“本年处理决定数量”列为-3，不能为负数"


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("0.01"), Decimal("12345.678"), 3])
def test_v1_table_two_amounts_may_be_decimals(value):
    doc = document_2021()
    doc.tables["proactive"]["rows"]["admin_fees"]["amount_10k_yuan"] = value
    assert validate(doc) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("-0.01"), "为-0.01，不能为负数"),
        (-1, "为-1，不能为负数"),
        (1.5, "应填写金额"),
        ("12万", "应填写金额"),
        (Decimal("NaN"), "应填写金额"),
        (True, "应填写金额"),
    ],
)
def test_v1_table_two_bad_amounts(value, text):
    doc = document_2021()
    doc.tables["proactive"]["rows"]["admin_fees"]["amount_10k_yuan"] = value
    issue = one(validate(doc), "V1")
    assert issue.where == "proactive.admin_fees.amount_10k_yuan"
    assert issue.message.startswith("表二“行政事业性收费”行“本年收费金额（单位：万元）”列")
    assert text in issue.message


def test_v1_table_two_counts_must_be_integers():
    doc = document_2021()
    doc.tables["proactive"]["rows"]["licensing"]["decisions"] = Decimal("120.5")
    issue = one(validate(doc), "V1")
    assert issue.where == "proactive.licensing.decisions"
    assert "应填写整数" in issue.message


def test_v1_table_two_2019_change_may_be_negative_but_must_be_an_integer():
    doc = document_2019()
    assert validate(doc) == []  # 本年增/减 −2
    doc.tables["proactive"]["rows"]["licensing"]["change"] = "减少2项"
    issue = one(validate(doc), "V1")
    assert issue.where == "proactive.licensing.change"
    assert issue.message == "表二“行政许可”行“本年增/减”列为“减少2项”，应填写整数"
    doc.tables["proactive"]["rows"]["licensing"]["change"] = -2
    doc.tables["proactive"]["rows"]["licensing"]["previous_items"] = -40
    assert one(validate(doc), "V1").where == "proactive.licensing.previous_items"


def test_v1_table_two_in_the_other_format():
    doc = document_2021()
    doc.tables["proactive"]["format"] = "2019"
    issue = one(validate(doc), "V1")
    assert issue.where == "proactive"
    assert "按2019年格式填写" in issue.message


# --- V2: 总计 column -----------------------------------------------------------------------------------


def test_v2_total_column_is_the_sum_of_the_six_applicant_columns():
    doc = document_2021()
    cell(doc, "new", "total", 12)
    issues = validate(doc)
    issue = one(issues, "V2")
    assert (issue.severity, issue.where) == ("error", "requests.new.total")
    assert issue.message == (
        "表三“一、本年新收政府信息公开申请数量”行“总计”列为12，但六类申请人之和为11"
        "（自然人5＋商业企业3＋科研机构1＋社会公益组织0＋法律服务机构1＋其他1）"
    )


def test_v2_passes_and_skips_rows_with_a_blank():
    doc = document_2021()
    assert only(validate(doc), "V2") == []
    cell(doc, "r2_partial", "commercial", None)
    assert only(validate(doc), "V2") == []


# --- V3: the printed footnote -------------------------------------------------------------------------


def test_v3_new_plus_carried_in_equals_results_plus_carried_out_per_column():
    doc = document_2021()
    cell(doc, "carried_out", "natural_person", 2)
    cell(doc, "carried_out", "total", 5)
    issues = validate(doc)
    assert only(issues, "V2") == []
    found = only(issues, "V3")
    assert [i.where for i in found] == ["requests.carried_out.natural_person", "requests.carried_out.total"]
    assert found[0].severity == "error"
    assert found[0].message.startswith(
        "表三“自然人”列：第一项“本年新收政府信息公开申请数量”5＋第二项“上年结转政府信息公开申请数量”1＝6，"
        "但第三项“本年度办理结果（七）总计”5＋第四项“结转下年度继续办理”2＝7"
    )
    assert found[0].message.endswith("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert "2＝13，但" in found[1].message
    assert "＝14" in found[1].message


def test_v3_passes():
    assert only(validate(document_2021()), "V3") == []


# --- V4: （七）总计 -------------------------------------------------------------------------------------


def test_v4_results_total_is_the_sum_of_the_result_rows():
    doc = document_2021()
    cell(doc, "r7_total", "natural_person", 6)
    cell(doc, "r7_total", "total", 10)
    cell(doc, "carried_out", "natural_person", 0)  # keeps the footnote true
    cell(doc, "carried_out", "total", 3)
    issues = validate(doc)
    assert only(issues, "V3") == []
    found = only(issues, "V4")
    assert [i.where for i in found] == ["requests.r7_total.natural_person", "requests.r7_total.total"]
    assert found[0].severity == "error"
    assert found[0].message == (
        "表三“自然人”列：“（七）总计”为6，但各项办理结果之和为5（（一）予以公开3＋"
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）1＋（四）无法提供1.本机关不掌握相关政府信息1）"
    )


def test_v4_all_result_rows_zero():
    doc = document_2021()
    cell(doc, "r7_total", "public_interest", 1)
    cell(doc, "r7_total", "total", 10)
    issue = next(i for i in validate(doc) if i.where == "requests.r7_total.public_interest")
    assert issue.rule == "V4"
    assert issue.message.endswith("但各项办理结果之和为0（各项均为0）")


def test_v4_passes():
    assert only(validate(document_2021()), "V4") == []


def test_v4_2019_format_counts_the_single_other_row():
    doc = document_2019()
    assert validate(doc) == []
    doc.tables["requests"]["rows"]["r6"] = [0, 0, 0, 0, 2, 0, 2]
    issues = validate(doc)
    v4 = [i for i in issues if i.rule == "V4"]
    assert [i.where for i in v4] == ["requests.r7_total.legal_services", "requests.r7_total.total"]
    assert "（六）其他处理2" in v4[0].message
    assert all("（六）其他处理1." not in i.message for i in issues)


def test_2019_table_must_not_have_the_2021_sub_rows():
    doc = document_2019()
    doc.tables["requests"]["rows"]["r6_1"] = [0] * 7
    issue = one(validate(doc), "V1")
    assert issue.where == "requests.r6_1"
    assert (
        "“（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”行不属于"
        in issue.message
    )


def test_2019_table_without_r6_is_missing_a_row():
    doc = document_2019()
    del doc.tables["requests"]["rows"]["r6"]
    issue = one(validate(doc), "V1")
    assert (issue.where, issue.message) == (
        "requests.r6",
        "表三“收到和处理政府信息公开申请情况”缺少“（六）其他处理”行",
    )


# --- V5: each application in one result row -------------------------------------------------------------


def double_counted() -> ReportDocument:
    """A partial disclosure also counted under （三）4 and as a new application: table 三 adds up, but
    counts 10 results and 12 new applications where the records have 9 and 11."""
    doc = document_2021()
    doc.tables["requests"] = requests_table(
        "2021",
        [6, 3, 1, 0, 1, 1],
        CARRIED_IN,
        {**OUTCOMES_2021, "r3_4": [1, 0, 0, 0, 0, 0]},
    )
    return doc


def test_v5_results_total_equals_the_applications_finalized():
    issues = validate(double_counted(), ledger=Ledger(finalized_in_year=9))
    issue = one(issues, "V5")
    assert (issue.severity, issue.where) == ("error", "requests.r7_total.total")
    assert issue.message.startswith("表三“（七）总计”行“总计”列为10，但按办理记录统计，本年办结的申请为9件")
    assert "只能计入一种办理结果" in issue.message


def test_v5_passes_and_needs_the_ledger():
    assert validate(document_2021(), ledger=Ledger(finalized_in_year=9)) == []
    assert only(validate(double_counted()), "V5") == []


def test_v5_on_a_report_with_figures_only():
    doc = document_2008(outcomes__total=9)
    issue = one(validate(doc, ledger=Ledger(finalized_in_year=8)), "V5")
    assert issue.where == "outcomes.total"
    assert issue.message.startswith("统计表“（三）申请答复数”为9，但按办理记录统计，本年办结的申请为8件")


# --- V6: carried in = last year's carried out --------------------------------------------------------------


def test_v6_carried_in_equals_previous_carried_out_per_column():
    previous = previous_2021()
    previous.tables["requests"]["rows"]["carried_out"] = [2, 0, 0, 0, 0, 1, 3]
    issues = validate(document_2021(), previous=previous)
    found = only(issues, "V6")
    assert [i.where for i in found] == ["requests.carried_in.natural_person", "requests.carried_in.total"]
    assert all(i.severity == "warning" for i in found)
    assert found[0].message == (
        "表三“二、上年结转政府信息公开申请数量”行“自然人”列为1，"
        "但上年（2024年）报告“四、结转下年度继续办理”行同列为2"
    )


def test_v6_passes_with_matching_previous_and_without_previous():
    assert only(validate(document_2021(), previous=previous_2021()), "V6") == []
    assert only(validate(document_2021()), "V6") == []


def test_v6_previous_in_the_2019_format():
    previous = document_2019()
    previous.year = YEAR - 1
    # 2019 format carried out [1, 1, 1, 0, 0, 1]; this year's carried in is [1, 0, 0, 0, 0, 1].
    found = only(validate(document_2021(), previous=previous), "V6")
    assert [i.where for i in found] == [
        "requests.carried_in.commercial",
        "requests.carried_in.research",
        "requests.carried_in.total",
    ]


def test_v6_previous_with_figures_only_compares_totals():
    previous = ReportDocument(
        agency_code="",
        agency_name="长春市教育局",
        year=YEAR - 1,
        scope="agency",
        format="narrative",
        figures={"requests.carried_out": 5},
    )
    issue = one(validate(document_2021(), previous=previous), "V6")
    assert (issue.severity, issue.where) == ("warning", "requests.carried_in.total")
    assert issue.message == (
        "表三“二、上年结转政府信息公开申请数量”行“总计”列为2，但上年（2024年）报告“四、结转下年度继续办理”为5"
    )
    previous.figures["requests.carried_out"] = 2
    assert only(validate(document_2021(), previous=previous), "V6") == []
    del previous.figures["requests.carried_out"]
    assert only(validate(document_2021(), previous=previous), "V6") == []


def test_v6_both_reports_with_figures_only():
    previous = document_2008(requests__carried_out=4)
    doc = document_2008(requests__carried_in=3)
    doc.year = 2016
    issue = one(validate(doc, previous=previous), "V6")
    assert issue.where == "requests.carried_in"
    assert (
        issue.message
        == "“二、上年结转政府信息公开申请数量”为3，但上年（2015年）报告“四、结转下年度继续办理”为4"
    )


# --- V7: table 四 totals ---------------------------------------------------------------------------------


def test_v7_group_total_is_the_sum_of_its_results():
    doc = document_2021()
    doc.tables["appeals"]["reconsideration"]["total"] = 4
    issue = one(validate(doc), "V7")
    assert (issue.severity, issue.where) == ("error", "appeals.reconsideration.total")
    assert issue.message == "表四“行政复议”：总计4≠结果维持1＋结果纠正1＋其他结果0＋尚未审结1"


def test_v7_litigation_groups_are_named_with_their_parent():
    doc = document_2021()
    doc.tables["appeals"]["litigation_after_reconsideration"]["upheld"] = 1
    issue = one(validate(doc), "V7")
    assert issue.where == "appeals.litigation_after_reconsideration.total"
    assert issue.message == "表四“行政诉讼（复议后起诉）”：总计0≠结果维持1＋结果纠正0＋其他结果0＋尚未审结0"


def test_v7_passes():
    assert only(validate(document_2021()), "V7") == []


# --- V8: last year's pending cases reappear ----------------------------------------------------------------


def test_v8_previous_pending_cases_must_reappear():
    previous = previous_2021()
    previous.tables["appeals"] = appeals_table(reconsideration=(0, 0, 0, 4), litigation_direct=(0, 0, 0, 1))
    issue = one(validate(document_2021(), previous=previous), "V8")
    assert (issue.severity, issue.where) == ("warning", "appeals.reconsideration.total")
    assert issue.message == (
        "表四“行政复议”：上年（2024年）报告“尚未审结”4件，但本年“总计”仅3件；"
        "上年未审结的案件本年应再次计入（“结果维持”、“结果纠正”、“其他结果”、“尚未审结”之一）"
    )


def test_v8_passes():
    # Last year 2 pending 复议, this year 3 in total; no pending litigation last year.
    assert only(validate(document_2021(), previous=previous_2021()), "V8") == []


def test_v8_previous_with_figures_only():
    previous = ReportDocument(
        agency_code="",
        agency_name="长春市教育局",
        year=YEAR - 1,
        scope="agency",
        format="2021",
        figures={"litigation.direct.pending": 2, "reconsideration.pending": 0},
    )
    issue = one(validate(document_2021(), previous=previous), "V8")
    assert issue.where == "appeals.litigation_direct.total"
    assert "“尚未审结”2件，但本年“总计”仅1件" in issue.message


# --- V9: 信息处理费 in section 六 -------------------------------------------------------------------------


def test_v9_unpaid_fee_row_needs_a_fee_statement():
    doc = document_2021()
    doc.sections["other"] = "无。"
    issue = one(validate(doc), "V9")
    assert (issue.severity, issue.where) == ("warning", "sections.other")
    assert issue.message.startswith(
        "“六、其他需要报告的事项”未说明信息处理费收取情况，但表三“（六）其他处理"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”行“总计”列为1"
    )


def test_v9_collected_fees_need_a_fee_statement_and_both_reasons_make_one_warning():
    doc = document_2021()
    doc.sections["other"] = ""
    issue = one(validate(doc, ledger=Ledger(fees_collected_yuan=400)), "V9")
    assert "列为1；收费台账显示本年实收信息处理费400元" in issue.message
    # No unpaid fee notice: the ledger alone.
    doc.tables["requests"] = requests_table("2021", NEW, CARRIED_IN, {**OUTCOMES_2021, "r6_2": [0] * 6})
    issue = one(validate(doc, ledger=Ledger(fees_collected_yuan=400)), "V9")
    assert "但收费台账显示本年实收信息处理费400元" in issue.message


def test_v9_no_statement_needed_when_nothing_to_report():
    doc = document_2021()
    doc.tables["requests"] = requests_table("2021", NEW, CARRIED_IN, {**OUTCOMES_2021, "r6_2": [0] * 6})
    doc.sections["other"] = "无。"
    assert validate(doc, ledger=Ledger(fees_collected_yuan=0)) == []


def test_v9_2019_format_has_no_unpaid_fee_row():
    doc = document_2019()  # （六）其他处理 1, section 六 says 无。
    assert only(validate(doc), "V9") == []


def test_v9_stated_amount_differs_from_the_fee_ledger():
    doc = document_2021()
    issue = one(validate(doc, ledger=Ledger(fees_collected_yuan=380)), "V9")
    assert (issue.severity, issue.where) == ("warning", "sections.other")
    assert issue.message == "“六、其他需要报告的事项”所述信息处理费为400元，但收费台账显示本年实收380元"


@pytest.mark.parametrize(
    ("text", "ledger", "warns"),
    [
        ("收取信息处理费共计400元。", 400, False),
        ("本年度信息处理费0.04万元。", 400, False),
        ("本年度信息处理费0.05万元。", 400, True),
        ("本机关未收取信息处理费。", 0, False),
        ("本机关未收取信息处理费。", 400, True),
        ("有1件申请收取信息处理费380元，共计收取信息处理费400元。", 400, False),
        ("分别收取信息处理费100元、300元。", 400, False),  # no total stated: nothing to compare
        ("按《政府信息公开信息处理费管理办法》执行。", 400, False),  # mentioned, no amount
    ],
)
def test_v9_amounts_in_section_six(text, ledger, warns):
    doc = document_2021()
    doc.sections["other"] = text
    assert bool(only(validate(doc, ledger=Ledger(fees_collected_yuan=ledger)), "V9")) is warns


def test_v9_fee_figure_differs_from_the_ledger():
    doc = document_2021()
    doc.figures["fees.yuan"] = 500
    issue = one(validate(doc, ledger=Ledger(fees_collected_yuan=400)), "V9")
    assert (issue.severity, issue.where) == ("warning", "fees.yuan")
    assert (
        issue.message == "数据项“七、依申请公开信息收取的费用”为500元，但收费台账显示本年实收信息处理费400元"
    )
    doc.figures["fees.yuan"] = Decimal("400.00")
    assert only(validate(doc, ledger=Ledger(fees_collected_yuan=400)), "V9") == []


def test_v9_fee_figure_differs_from_section_six_without_a_ledger():
    doc = document_2021()
    doc.figures["fees.yuan"] = 300
    issue = one(validate(doc), "V9")
    assert issue.where == "fees.yuan"
    assert issue.message.endswith("为300元，但“六、其他需要报告的事项”所述信息处理费为400元")


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("依据《政府信息公开信息处理费管理办法》规定，本机关2023年收取信息处理费共计400元。", Decimal(400)),
        ("有1件申请按规定收取信息处理费380元。", Decimal(380)),
        ("信息处理费0.04万元", Decimal(400)),
        ("未收取信息处理费", Decimal(0)),
        ("本机关未向申请人收取任何信息处理费。", Decimal(0)),
        ("本年度信息处理费为0。", Decimal(0)),
        ("共计收取信息处理费3,000元", Decimal(3000)),
        ("收取信息处理费１，２００元", Decimal(1200)),
        ("超出部分按100元/件收取信息处理费，共收取信息处理费2000元", Decimal(2000)),
        ("行政事业性收费0.5万元，信息处理费400元", Decimal(400)),
        ("分别收取信息处理费100元、300元", None),
        ("申请人逾期未缴纳信息处理费，本机关不再处理。", None),
        ("本年度未产生相关费用。", None),
        ("", None),
    ],
)
def test_stated_fee_yuan(text, yuan):
    assert stated_fee_yuan(text) == yuan


# --- V10: new and carried out against the records -------------------------------------------------------------


def test_v10_new_equals_applications_received_in_the_year():
    issues = validate(double_counted(), ledger=Ledger(received_in_year=11))
    issue = one(issues, "V10")
    assert (issue.severity, issue.where) == ("error", "requests.new.total")
    assert issue.message == (
        "表三“一、本年新收政府信息公开申请数量”行“总计”列为12，但按办理记录统计，收到申请之日在2025年内的申请为11件"
    )


def test_v10_carried_out_equals_applications_open_at_year_end():
    issue = one(validate(document_2021(), ledger=Ledger(open_at_year_end=3)), "V10")
    assert (issue.severity, issue.where) == ("error", "requests.carried_out.total")
    assert issue.message == (
        "表三“四、结转下年度继续办理”行“总计”列为4，但按办理记录统计，截至2025年12月31日尚未办结的申请为3件"
    )


def test_v10_passes():
    assert validate(document_2021(), ledger=Ledger(received_in_year=11, open_at_year_end=4)) == []


# --- T2: 现行有效件数 carried over ------------------------------------------------------------------------


def test_t2_in_force_follows_from_last_year():
    previous = previous_2021()
    previous.tables["proactive"]["rows"]["regulations"]["in_force"] = 8
    issue = one(validate(document_2021(), previous=previous), "T2")
    assert (issue.severity, issue.where) == ("warning", "proactive.regulations.in_force")
    assert issue.message.startswith(
        "表二“规章”：“现行有效件数”为10，但上年（2024年）报告“现行有效件数”8＋“本年制发件数”2－“本年废止件数”1＝9"
    )


def test_t2_passes_and_skips_blanks():
    assert only(validate(document_2021(), previous=previous_2021()), "T2") == []
    previous = previous_2021()
    previous.tables["proactive"]["rows"]["regulations"]["in_force"] = None
    doc = document_2021()
    doc.tables["proactive"]["rows"]["normative_documents"]["repealed"] = None
    assert only(validate(doc, previous=previous), "T2") == []


def test_t2_previous_with_figures_only():
    previous = ReportDocument(
        agency_code="",
        agency_name="长春市教育局",
        year=YEAR - 1,
        scope="agency",
        format="2021",
        figures={"proactive.normative_documents.in_force": 30},
    )
    issue = one(validate(document_2021(), previous=previous), "T2")
    assert issue.where == "proactive.normative_documents.in_force"
    assert "表二“行政规范性文件”" in issue.message


def test_t2_only_for_the_2021_format():
    previous = document_2019()
    previous.year = 2019
    doc = document_2019()
    assert only(validate(doc, previous=previous), "T2") == []
    # A 2021 report after a 2019-format year: last year had no 现行有效件数.
    assert only(validate(document_2021(), previous=document_2019()), "T2") == []


# --- S: the sums printed in the pre-2019 statistics table ------------------------------------------------------


def test_s_received_total_is_the_sum_of_the_channels():
    doc = document_2008(requests__new=11)
    issue = one(validate(doc), "S")
    assert (issue.severity, issue.where) == ("error", "requests.new")
    assert issue.message.startswith(
        "统计表“（一）收到申请数”为11，但其分项之和为10（1.当面申请数3＋2.传真申请数0＋3.网络申请数5"
    )


def test_s_only_when_the_total_and_every_part_are_stated():
    assert validate(document_2008(requests__new=11, requests__channel__email=None)) == []
    assert validate(document_2008(requests__new=None, requests__channel__online=50)) == []


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("outcomes.total", 8),
        ("outcomes.refused", 3),
        ("requests.completed", 10),
        ("reconsideration.total", 1),
        ("litigation.total", 2),
        ("staff.total", 6),
    ],
)
def test_s_every_declared_sum(figure, value):
    issues = validate(document_2008(**{figure.replace(".", "__"): value}))
    assert any(i.rule == "S" and i.where == figure and i.severity == "error" for i in issues)


def test_s_every_declared_sum_is_covered():
    declared = {row.figure for row in STATISTICS_ROWS if row.sums}
    assert declared == {
        "requests.new",
        "requests.completed",
        "outcomes.total",
        "outcomes.refused",
        "reconsideration.total",
        "litigation.total",
        "staff.total",
    }


def test_s_a_part_that_is_out_is_named():
    doc = document_2008(**{"outcomes__refused__privacy": 2})
    issues = validate(doc)
    refused = next(i for i in issues if i.where == "outcomes.refused")
    assert "统计表“4.不同意公开答复数”为2，但其分项之和为3" in refused.message
    assert "涉及个人隐私2" in refused.message


def test_s_decimal_sums():
    doc = document_2008(
        staff__total=Decimal("5.5"), staff__full_time=Decimal("2.5"), staff__part_time=3
    )  # e.g. 人 as 折算 FTE in one province
    assert validate(doc) == []
    doc.figures["staff.total"] = Decimal("5.4")
    issue = one(validate(doc), "S")
    assert "为5.4，但其分项之和为5.5" in issue.message


def test_v1_negative_figure_in_the_statistics_table():
    doc = document_2008(complaints__total=-1)
    issue = one(validate(doc), "V1")
    assert (issue.where, issue.message) == ("complaints.total", "统计表“六、举报投诉数量”为-1，不能为负数")


# --- several problems at once ---------------------------------------------------------------------------------


def test_every_problem_is_returned_together():
    doc = document_2021()
    cell(doc, "new", "total", 12)  # V2
    cell(doc, "r1_open", "commercial", None)  # V1
    doc.tables["appeals"]["reconsideration"]["total"] = 9  # V7
    doc.sections["other"] = ""  # V9
    doc.tables["proactive"]["rows"]["licensing"]["decisions"] = -1  # V1
    issues = validate(doc, ledger=Ledger(open_at_year_end=5))  # V10
    rules = {issue.rule for issue in issues}
    assert rules >= {"V1", "V2", "V7", "V9", "V10"}
    assert {i.where for i in issues if i.rule == "V1"} == {
        "requests.r1_open.commercial",
        "proactive.licensing.decisions",
    }
    assert all(isinstance(issue, Issue) for issue in issues)
    assert {i.severity for i in issues if i.rule == "V9"} == {"warning"}


def test_issue_order_is_stable():
    doc = document_2021()
    cell(doc, "new", "total", 12)
    doc.tables["appeals"]["reconsideration"]["total"] = 9
    assert validate(doc) == validate(copy.deepcopy(doc))


# --- property: tables counted from applications -------------------------------------------------------------

# An application: applicant column, received last year or this year, and what became of it — finished
# last year (absent from this year's table), finished this year with a result row, or still open.
APPLICATIONS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),
        st.booleans(),  # received this year
        st.sampled_from(["last_year", "this_year", "open"]),
        st.integers(min_value=0, max_value=100),  # picks the result row
    ),
    max_size=60,
)
APPEALS = st.lists(st.integers(min_value=0, max_value=4), min_size=12, max_size=12)


def counted(
    fmt_id: str, applications: list[tuple[int, bool, str, int]], appeals: list[int]
) -> tuple[ReportDocument, Ledger]:
    table = FORMATS[fmt_id].requests
    assert table is not None
    rows = {key: [0] * 7 for key in table.row_keys}
    received = finalized = still_open = 0

    def count(row: str, column: int) -> None:
        rows[row][column] += 1
        rows[row][6] += 1

    for column, this_year, fate, pick in applications:
        if not this_year and fate == "last_year":
            continue  # finished before the year began
        count("new" if this_year else "carried_in", column)
        received += this_year
        if fate == "open":
            count("carried_out", column)
            still_open += 1
        else:
            count(table.outcome_keys[pick % len(table.outcome_keys)], column)
            count("r7_total", column)
            finalized += 1
    groups = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    parts = ("upheld", "corrected", "other", "pending")
    appeal_cells = {
        group: {
            **dict(zip(parts, appeals[4 * g : 4 * g + 4], strict=True)),
            "total": sum(appeals[4 * g : 4 * g + 4]),
        }
        for g, group in enumerate(groups)
    }
    doc = ReportDocument(
        agency_code="",
        agency_name="某局",
        year=YEAR,
        scope="agency",
        format=fmt_id,
        tables={"requests": {"columns": COLUMNS, "rows": rows}, "appeals": appeal_cells},
        sections={"other": "本年度未收取信息处理费。"},
    )
    ledger = Ledger(
        received_in_year=received,
        finalized_in_year=finalized,
        open_at_year_end=still_open,
        fees_collected_yuan=0,
    )
    return doc, ledger


@settings(max_examples=200, deadline=None)
@given(fmt_id=st.sampled_from(["2021", "2019"]), applications=APPLICATIONS, appeals=APPEALS)
def test_a_table_counted_from_applications_always_validates(fmt_id, applications, appeals):
    doc, ledger = counted(fmt_id, applications, appeals)
    assert validate(doc, ledger=ledger) == []


def _perturbations() -> st.SearchStrategy[Callable[[Any], Any]]:
    shift = st.integers(min_value=-5, max_value=5).filter(bool).map(lambda d: lambda v: v + d)
    return st.one_of(shift, st.just(lambda v: None), st.just(lambda v: -1 - v), st.just(str))


@settings(max_examples=300, deadline=None)
@given(
    fmt_id=st.sampled_from(["2021", "2019"]),
    applications=APPLICATIONS,
    appeals=APPEALS,
    where=st.data(),
    change=_perturbations(),
)
def test_any_single_cell_change_is_an_error(fmt_id, applications, appeals, where, change):
    doc, _ = counted(fmt_id, applications, appeals)
    table = FORMATS[fmt_id].requests
    assert table is not None
    if where.draw(st.booleans(), label="table three"):
        row = where.draw(st.sampled_from(table.row_keys), label="row")
        column = where.draw(st.integers(min_value=0, max_value=6), label="column")
        line = doc.tables["requests"]["rows"][row]
        line[column] = change(line[column])
        address = f"requests.{row}."
    else:
        group = where.draw(st.sampled_from(sorted(doc.tables["appeals"])), label="group")
        column_key = where.draw(
            st.sampled_from(["upheld", "corrected", "other", "pending", "total"]), label="column"
        )
        cells = doc.tables["appeals"][group]
        cells[column_key] = change(cells[column_key])
        address = f"appeals.{group}."
    # No ledger: table 三 and 四 must catch the change on their own.
    errors = [issue for issue in validate(doc) if issue.severity == "error"]
    assert errors
    assert any(issue.where.startswith(address) for issue in errors)
