"""Tables 二, 三 and 四 of the 2019 and 2021 formats read back from every flattened shape web pages produce:
one row per line with | or tabs, one cell per line, single spaces, and cells glued together; labels
split over lines, ditto marks and punctuation variants; what is uncertain is only offered for review,
what cannot be assigned is not read, and printed inconsistencies are kept as printed."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from gongkai.annual_reports.formats import APPEALS_TABLE, FORMATS
from gongkai.legacy_import import tables
from gongkai.legacy_import.source import Source
from gongkai.legacy_import.tables import GROUP_FIGURES, ROW_FIGURES, TablesResult

FOOTNOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
HEADER = [
    [FOOTNOTE, "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]
SEPARATORS = {"pipe": " | ", "tab": "\t", "space": " ", "glued": ""}
APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")


def sample_rows(fmt: str, outcomes: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """A consistent table 三: V2 in every row, V3 and V4 in every column."""
    table = FORMATS[fmt].requests
    assert table is not None
    outcomes = outcomes or {
        "r1_open": [18, 2, 0, 0, 1, 0],
        "r2_partial": [3, 0, 0, 0, 0, 0],
        "r3_4": [1, 0, 0, 0, 0, 0],
        "r4_1": [6, 1, 0, 0, 0, 1],
        "r5_1": [2, 0, 0, 0, 0, 0],
        ("r6_1" if fmt == "2021" else "r6"): [2, 0, 0, 0, 0, 0],
    }
    rows = {key: [*outcomes.get(key, [0] * 6), sum(outcomes.get(key, [0] * 6))] for key in table.outcome_keys}
    r7 = [sum(rows[key][i] for key in table.outcome_keys) for i in range(6)]
    carried_in, carried_out = [2, 0, 0, 0, 0, 0], [3, 1, 0, 0, 0, 0]
    new = [r7[i] + carried_out[i] - carried_in[i] for i in range(6)]
    rows |= {
        "new": [*new, sum(new)],
        "carried_in": [*carried_in, sum(carried_in)],
        "r7_total": [*r7, sum(r7)],
        "carried_out": [*carried_out, sum(carried_out)],
    }
    return rows


def label_parts(fmt: str) -> list[tuple[str, list[str]]]:
    """Each row's printed label parts: 三、本年度办理结果 before （一）, a group label before its first sub-row."""
    table = FORMATS[fmt].requests
    assert table is not None
    parts: list[tuple[str, list[str]]] = []
    group = None
    for row in table.rows:
        labels = [row.level1] if row.key == "r1_open" else []
        if row.level3:
            labels += [row.level2, row.level3] if row.level2 != group else [row.level3]
        else:
            labels.append(row.level2 or row.level1)
        group = row.level2
        parts.append((row.key, labels))
    return parts


def table_three(fmt: str, rows: dict[str, list[Any]], shape: str) -> list[str]:
    lines: list[str] = []
    if shape == "cell":
        lines += [cell for part in HEADER for cell in part]
    else:
        lines += [SEPARATORS[shape].join(part) for part in HEADER]
    for key, labels in label_parts(fmt):
        cells = ["" if value is None else str(value) for value in rows[key]]
        if shape == "cell":
            lines += labels + cells
        else:
            lines += [
                *labels[:-1],
                SEPARATORS[shape].join([labels[-1], *cells])
                if shape != "glued"
                else labels[-1] + "".join(cells),
            ]
    return lines


def table_four(values: list[int], shape: str) -> list[str]:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = [["行政复议", "行政诉讼"], [*results, "未经复议直接起诉", "复议后起诉"], results * 2]
    cells = [str(v) for v in values]
    if shape == "cell":
        return [cell for part in header for cell in part] + cells
    return [SEPARATORS[shape].join(part) for part in header] + [SEPARATORS[shape].join(cells)]


def report(
    fmt: str, three: list[str], four: list[str] | None = None, two: list[str] | None = None
) -> list[str]:
    lines = ["明湖市测试局2022年政府信息公开工作年度报告", "一、总体情况", "本机关认真贯彻《条例》。"]
    lines += ["二、主动公开政府信息情况", *(two or [])]
    lines += ["三、收到和处理政府信息公开申请情况", *three]
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        *(four if four is not None else table_four([0] * 15, "pipe")),
    ]
    lines += ["五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]
    return lines


def read(lines: list[str], fmt: str = "2021") -> TablesResult:
    return tables.extract(Source("test.txt", "text", lines), fmt)


def certain(result: TablesResult) -> dict[str, Any]:
    return {e.key: e.value for e in result.extractions if e.certain}


def uncertain(result: TablesResult) -> dict[str, Any]:
    return {e.key: e.value for e in result.extractions if not e.certain}


def rules(result: TablesResult) -> set[tuple[str, str]]:
    return {(finding.rule, finding.where) for finding in result.findings}


def expected_figures(fmt: str, rows: dict[str, list[int]]) -> dict[str, int]:
    table = FORMATS[fmt].requests
    assert table is not None
    figures = {ROW_FIGURES[key]: values[6] for key, values in rows.items()}
    figures |= {f"requests.applicant.{column}": rows["new"][i] for i, column in enumerate(APPLICANTS)}
    for prefix, figure in GROUP_FIGURES.items():
        members = [key for key in table.row_keys if key.startswith(prefix)]
        if members:
            figures[figure] = sum(rows[key][6] for key in members)
    return figures


# --- table 三 in every shape --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("shape", ["pipe", "tab", "space", "cell", "glued"])
def test_table_three_is_read_whole_in_every_flattened_shape(fmt: str, shape: str) -> None:
    rows = sample_rows(fmt)
    result = read(report(fmt, table_three(fmt, rows, shape)), fmt)
    assert result.tables["requests"] == {"columns": [*APPLICANTS, "total"], "rows": rows}
    figures = certain(result)
    for key, value in expected_figures(fmt, rows).items():
        assert figures[key] == value, key
    assert not uncertain(result)
    assert result.findings == []


def test_the_2019_format_has_one_other_processing_row() -> None:
    rows = sample_rows("2019")
    result = read(report("2019", table_three("2019", rows, "pipe")), "2019")
    assert set(result.tables["requests"]["rows"]) == set(FORMATS["2019"].requests.row_keys)  # type: ignore[union-attr]
    figures = certain(result)
    assert figures["outcomes.other"] == 2
    assert not any(key.startswith("outcomes.other.") for key in figures)


def test_each_figure_points_at_its_digits() -> None:
    rows = sample_rows("2021")
    lines = report("2021", table_three("2021", rows, "pipe"))
    result = read(lines)
    evidence = {e.key: e for e in result.extractions}
    new = evidence["requests.new"]
    assert lines[new.line - 1].startswith("一、本年新收政府信息公开申请数量")
    assert lines[new.line - 1][slice(*new.span)] == str(rows["new"][6])
    commercial = evidence["requests.applicant.commercial"]
    assert lines[commercial.line - 1][slice(*commercial.span)] == str(rows["new"][1])
    assert "本年新收政府信息公开申请数量" in new.text
    # A group sum is shown on a label of its group, not on a cell another figure already marks.
    refused = evidence["outcomes.refused"]
    assert lines[refused.line - 1][slice(*refused.span)] in ("（三）不予公开", "1.属于国家秘密")
    assert "各行“总计”列之和" in refused.text


def test_glued_cells_point_inside_the_digit_string() -> None:
    rows = sample_rows("2021")
    lines = report("2021", table_three("2021", rows, "glued"))
    evidence = {e.key: e for e in read(lines).extractions}
    total = evidence["outcomes.total"]
    assert lines[total.line - 1].startswith("（七）总计")
    assert lines[total.line - 1][slice(*total.span)] == str(rows["r7_total"][6])
    assert total.note.startswith(tables.SPLIT_NOTE)


# --- labels as pages print them -----------------------------------------------------------------------


def test_labels_split_over_lines_ditto_marks_and_punctuation_variants() -> None:
    rows = sample_rows("2021")
    lines = table_three("2021", rows, "tab")
    text = "\n".join(lines)
    text = text.replace("3.危及“三安全一稳定”", "3.危及“三安全\n一稳定”")
    text = text.replace(
        "5.要求行政机关确认或重新出具已获取信息", "〃\t5.要求行政机关确认或重新\n出具已获取信息"
    )
    text = text.replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    )
    text = text.replace("2.其他法律行政法规禁止公开", "2.其他法律、行政法规禁止公开")
    result = read(report("2021", text.split("\n")))
    assert result.tables["requests"]["rows"] == rows
    assert result.findings == []


def test_merged_label_cells_repeated_by_a_docx_reader() -> None:
    rows = sample_rows("2021")
    table = FORMATS["2021"].requests
    assert table is not None
    lines = [" | ".join(["（本列数据的勾稽关系为…）"] * 3 + ["申请人情况"] * 7)]
    lines.append(
        " | ".join(
            ["（本列数据的勾稽关系为…）"] * 3
            + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        )
    )
    for row in table.rows:
        labels = [row.level1, row.level2 or row.level1, row.level3 or row.level2 or row.level1]
        lines.append(" | ".join([*labels, *map(str, rows[row.key])]))
    # Merged cells left empty instead of repeated: "| | 2.其他法律行政法规禁止公开 | 0 | …".
    assert lines[7].startswith("三、本年度办理结果 | （三）不予公开 | 2.其他法律行政法规禁止公开")
    lines[7] = " | ".join(["", "", "2.其他法律行政法规禁止公开", *map(str, rows["r3_2"])])
    result = read(report("2021", lines))
    assert result.tables["requests"]["rows"] == rows


def test_a_table_typed_with_a_pipe_at_each_end() -> None:
    rows = sample_rows("2021")
    lines = [f"| {line} |" for line in table_three("2021", rows, "pipe")]
    assert read(report("2021", lines)).tables["requests"]["rows"] == rows


def test_a_whole_glued_table_on_one_line() -> None:
    # Even the row numbers of the labels run into the digits: "…0000000" + "2.其他法律…".
    rows = sample_rows("2021")
    line = "".join(table_three("2021", rows, "glued"))
    assert "00000002.其他法律行政法规禁止公开" in line
    result = read(report("2021", [line]))
    assert result.tables["requests"]["rows"] == rows


def test_a_double_spaced_page() -> None:
    rows = sample_rows("2021")
    lines = [x for line in table_three("2021", rows, "cell") for x in (line, "")]
    assert read(report("2021", lines)).tables["requests"]["rows"] == rows


# --- glued rows and the identities --------------------------------------------------------------------


def test_the_column_identities_choose_among_splits() -> None:
    # （一）予以公开 "311000317" is 3/1/10/0/0/3/17 or 3/11/0/0/0/3/17 by V2 alone; V4 decides.
    rows = sample_rows("2021", {"r1_open": [3, 1, 10, 0, 0, 3], "r4_1": [1, 0, 0, 0, 0, 0]})
    result = read(report("2021", table_three("2021", rows, "glued")))
    assert result.tables["requests"]["rows"] == rows
    disclosed = next(e for e in result.extractions if e.key == "outcomes.disclosed")
    assert disclosed.certain
    assert "2种拆分中唯一确定" in disclosed.note


def test_an_ambiguity_the_identities_cannot_decide_is_left_for_review() -> None:
    # 一 and 二 print the same digits; swapping their readings satisfies every identity.
    rows = sample_rows("2021", {"r1_open": [5, 11, 10, 0, 0, 6]})
    rows["new"] = [3, 1, 10, 0, 0, 3, 17]
    rows["carried_in"] = [3, 11, 0, 0, 0, 3, 17]
    rows["carried_out"] = [1, 1, 0, 0, 0, 0, 2]
    rows["r7_total"] = rows["r1_open"]
    result = read(report("2021", table_three("2021", rows, "glued")))
    figures, review = certain(result), uncertain(result)
    assert figures["requests.new"] == 17
    assert figures["requests.carried_in"] == 17
    assert figures["requests.applicant.natural_person"] == 3
    assert set(review) == {"requests.applicant.commercial", "requests.applicant.research"}
    assert "requests" not in result.tables
    assert {("G", "requests.new"), ("G", "requests.carried_in")} <= rules(result)
    message = next(f.message for f in result.findings if f.where == "requests.new")
    assert "311000317" in message
    assert "商业企业1" in message
    assert "商业企业11" in message
    note = next(e.note for e in result.extractions if e.key == "requests.applicant.commercial")
    assert note.startswith(tables.AMBIGUOUS_NOTE)


def test_a_glued_row_that_no_split_explains_is_not_read() -> None:
    rows = sample_rows("2021")
    lines = table_three("2021", rows, "glued")
    index = next(i for i, line in enumerate(lines) if line.startswith("4.保护第三方合法权益"))
    lines[index] = "4.保护第三方合法权益1000002"  # 1+0+0+0+0+0 is not 2
    result = read(report("2021", lines))
    assert "outcomes.refused.third_party" not in certain(result)
    assert "outcomes.refused" not in certain(result)  # its group is incomplete
    assert "requests" not in result.tables
    assert ("G", "requests.r3_4") in rules(result)
    assert ("R", "requests") in rules(result)
    assert certain(result)["outcomes.total"] == rows["r7_total"][6]


def test_a_row_with_the_wrong_number_of_cells_is_not_read() -> None:
    rows = sample_rows("2021")
    rows["r1_open"] = rows["r1_open"][:6]
    result = read(report("2021", table_three("2021", rows, "space")))
    assert "outcomes.disclosed" not in certain(result)
    assert ("R", "requests.r1_open") in rules(result)
    assert certain(result)["outcomes.partially_disclosed"] == 3


def test_a_table_with_an_extra_column_is_not_read_and_says_why_once() -> None:
    # Some tools print a 法人或其他组织小计 column: eight numbers a row, none of them can be placed.
    rows = {key: [*values[:6], sum(values[1:6]), values[6]] for key, values in sample_rows("2021").items()}
    result = read(report("2021", table_three("2021", rows, "pipe")))
    assert not any(e.key.startswith(("requests.", "outcomes.")) for e in result.extractions)
    messages = [f.message for f in result.findings if f.where == "requests"]
    assert len(result.findings) == 2
    assert "表三有25行各读到8个数" in messages[0]


def test_blank_cells_are_absent_not_zero() -> None:
    rows: dict[str, list[Any]] = dict(sample_rows("2021"))
    rows["r3_2"] = [0, None, 0, 0, 0, 0, 0]
    result = read(report("2021", table_three("2021", rows, "pipe")))
    figures = certain(result)
    assert figures["outcomes.refused.law_prohibited"] == 0
    assert "requests" not in result.tables  # a blank cell: the table is not complete
    # One cell per line: the blank cell is an empty line.
    rows["new"] = [36, None, 0, 0, 1, 1, 43]
    result = read(report("2021", table_three("2021", rows, "cell")))
    figures = certain(result)
    assert "requests.applicant.commercial" not in figures
    assert figures["requests.applicant.public_interest"] == 0
    assert figures["requests.new"] == 43


# --- what is printed stays as printed -----------------------------------------------------------------


def test_printed_inconsistencies_are_kept_as_printed() -> None:
    rows = sample_rows("2021")
    rows["carried_out"] = [2, 1, 0, 0, 0, 0, 3]  # 一 + 二 ≠ 三 + 四 in 自然人 and 总计 (V3)
    rows["r5_1"] = [2, 0, 0, 0, 0, 0, 3]  # 总计 ≠ the six columns (V2)
    result = read(report("2021", table_three("2021", rows, "pipe")))
    assert result.tables["requests"]["rows"] == rows
    assert certain(result)["requests.carried_out"] == 3
    assert certain(result)["outcomes.not_processed.petition_complaint"] == 3
    assert result.findings == []  # the importer's validation reports V2/V3, not the reader


def test_prose_before_the_table_is_not_a_row() -> None:
    rows = sample_rows("2021")
    three = [
        "本年度申请人中自然人39件、法人或其他组织4件。",
        "本年新收政府信息公开申请数量43件，其中予以公开21件。",
        *table_three("2021", rows, "pipe"),
    ]
    result = read(report("2021", three))
    assert result.tables["requests"]["rows"] == rows
    assert result.findings == []


def test_a_page_cut_off_in_table_three() -> None:
    rows = sample_rows("2021")
    lines = table_three("2021", rows, "space")
    index = next(i for i, line in enumerate(lines) if line.startswith("4.保护第三方合法权益"))
    cut = [*report("2021", [])[:5], *lines[:index], "4.保护第三方合法权益 1 0"]
    result = read(cut)
    figures = certain(result)
    assert figures["requests.new"] == rows["new"][6]
    assert figures["outcomes.refused.three_securities"] == 0
    for key in ("outcomes.refused.third_party", "outcomes.refused", "outcomes.total", "requests.carried_out"):
        assert key not in figures
    assert "requests" not in result.tables
    assert {("R", "requests.r3_4"), ("R", "requests")} <= rules(result)


def test_the_last_number_of_a_cut_page_may_have_lost_digits() -> None:
    rows = sample_rows("2021")
    lines = table_three("2021", rows, "pipe")
    index = next(i for i, line in enumerate(lines) if line.startswith("（七）总计"))
    result = read([*report("2021", [])[:5], *lines[: index + 1]])
    total = rows["r7_total"][6]
    assert uncertain(result) == {"outcomes.total": total}  # "37" may have been "37x"
    assert certain(result)["outcomes.disclosed"] == rows["r1_open"][6]
    assert certain(result)["outcomes.other.no_correction"] == rows["r6_1"][6]


# --- table 四 -------------------------------------------------------------------------------------------

APPEALS = [2, 0, 0, 1, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def appeal_values(result: TablesResult) -> dict[str, Any]:
    return {k: v for k, v in certain(result).items() if k.startswith(("reconsideration", "litigation"))}


@pytest.mark.parametrize("shape", ["pipe", "tab", "space", "cell", "glued"])
def test_table_four_in_every_shape(shape: str) -> None:
    rows = sample_rows("2021")
    result = read(report("2021", table_three("2021", rows, "pipe"), table_four(APPEALS, shape)))
    assert result.tables["appeals"] == {
        "reconsideration": {"upheld": 2, "corrected": 0, "other": 0, "pending": 1, "total": 3},
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_after_reconsideration": {
            "upheld": 0,
            "corrected": 0,
            "other": 0,
            "pending": 0,
            "total": 0,
        },
    }
    values = appeal_values(result)
    assert values["reconsideration.total"] == 3
    assert values["litigation.direct.upheld"] == 1
    assert values["litigation.total"] == 1  # direct + after reconsideration
    assert len(values) == 20
    assert result.findings == []


def test_table_four_glued_ambiguity_is_left_for_review() -> None:
    result = read(
        report(
            "2021",
            table_three("2021", sample_rows("2021"), "pipe"),
            table_four([11, 0, 0, 0, 11] + [0] * 10, "glued"),
        )
    )
    values, review = appeal_values(result), uncertain(result)
    assert values["reconsideration.total"] == 11
    assert set(review) == {"reconsideration.upheld", "reconsideration.corrected"}
    assert "appeals" not in result.tables
    message = next(f.message for f in result.findings if f.where == "appeals")
    assert "11/0/0/0/11" in message
    assert "1/10/0/0/11" in message


def test_table_four_printed_one_row_per_group() -> None:
    four = [
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
        "行政复议 | 2 | 0 | 0 | 1 | 3",
        "行政诉讼 | 未经复议直接起诉 | 1 | 0 | 0 | 0 | 1",
        "复议后起诉 | 00000",
    ]
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), four))
    assert result.tables["appeals"]["litigation_direct"]["upheld"] == 1
    assert result.tables["appeals"]["litigation_after_reconsideration"]["total"] == 0


def test_table_four_with_the_wrong_number_of_cells_is_not_read() -> None:
    four = table_four(APPEALS, "pipe")
    four[-1] = " | ".join(map(str, APPEALS[:12]))
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), four))
    assert appeal_values(result) == {}
    assert ("R", "appeals") in rules(result)


def test_prose_in_section_four_is_not_table_four() -> None:
    four = ["本年度发生行政复议案件3件，行政诉讼1件。", *table_four(APPEALS, "space")]
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), four))
    assert appeal_values(result)["reconsideration.total"] == 3
    four = ["本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"]
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), four))
    assert appeal_values(result) == {}
    assert result.findings == []


# --- table 二 -------------------------------------------------------------------------------------------

TWO_2021 = [
    "第二十条第（一）项",
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
    "规章 | 0 | 0 | 2",
    "行政规范性文件 | 5 | 2 | 48",
    "第二十条第（五）项",
    "信息内容 | 本年处理决定数量",
    "行政许可 | 1200",
    "第二十条第（六）项",
    "信息内容 | 本年处理决定数量",
    "行政处罚 | 35",
    "行政强制 | 3",
    "第二十条第（八）项",
    "信息内容 | 本年收费金额（单位：万元）",
    "行政事业性收费 | 12.35",
]
TWO_2019_CELLS = [
    "第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
    "规章", "0", "0", "0", "规范性文件", "5", "5", "37",
    "第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
    "行政许可", "46", "-2", "3518", "其他对外管理服务事项", "12", "0", "860",
    "第二十条第（六）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
    "行政处罚", "230", "5", "1207", "行政强制", "18", "", "36",
    "第二十条第（八）项", "信息内容", "上一年项目数量", "本年增/减", "行政事业性收费", "4", "0",
    "第二十条第（九）项", "信息内容", "采购项目数量", "采购总金额", "政府集中采购", "15", "286.5",
]  # fmt: skip


def test_table_two_2021() -> None:
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), two=TWO_2021))
    figures = certain(result)
    assert figures["proactive.regulations.in_force"] == 2
    assert figures["proactive.normative_documents.issued"] == 5
    assert figures["proactive.licensing.decisions"] == 1200
    assert figures["proactive.enforcement.decisions"] == 3
    assert figures["proactive.admin_fees.amount_10k_yuan"] == Decimal("12.35")
    assert result.tables["proactive"]["format"] == "2021"
    assert result.tables["proactive"]["rows"]["normative_documents"] == {
        "issued": 5,
        "repealed": 2,
        "in_force": 48,
    }


def test_table_two_2019_one_cell_per_line_with_signed_and_blank_cells() -> None:
    result = read(
        report("2019", table_three("2019", sample_rows("2019"), "pipe"), two=TWO_2019_CELLS), "2019"
    )
    figures = certain(result)
    assert figures["proactive.regulations.new"] == 0
    assert figures["proactive.normative_documents.new"] == 5
    assert figures["proactive.licensing.decisions"] == 3518
    assert figures["proactive.enforcement.decisions"] == 36
    assert figures["proactive.admin_fees.items"] == 4
    assert figures["proactive.procurement.items"] == 15
    rows = result.tables["proactive"]["rows"]
    assert rows["licensing"] == {"previous_items": 46, "change": -2, "decisions": 3518}
    assert rows["enforcement"] == {"previous_items": 18, "decisions": 36}  # 本年增/减 blank
    assert rows["procurement"] == {"items": 15}  # 采购总金额 prints no unit: not read
    assert not any(key.startswith("proactive.other_services") for key in figures)  # no vocabulary key


def test_table_two_glued_is_read_only_where_no_blank_could_hide() -> None:
    two = [line.replace(" | ", "") for line in TWO_2021]
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), two=two))
    figures, review = certain(result), uncertain(result)
    assert figures["proactive.licensing.decisions"] == 1200  # one cell: nothing to split
    assert figures["proactive.regulations.in_force"] == 2  # "002" can only be 0/0/2, blanks or not
    assert set(review) == {f"proactive.normative_documents.{c}" for c in ("issued", "repealed", "in_force")}
    assert ("G", "proactive.normative_documents") in rules(result)
    two[2] = "规章12"  # 1/2 with a blank somewhere, or 12 …
    review = uncertain(read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), two=two)))
    assert {"proactive.regulations.issued", "proactive.regulations.repealed"} <= set(review)


def test_table_two_under_the_other_formats_columns_is_not_read() -> None:
    two = [
        line.replace(
            "本年制发件数 | 本年废止件数 | 现行有效件数", "本年新制作数量 | 本年新公开数量 | 对外公开总数量"
        )
        for line in TWO_2021
    ]
    result = read(report("2021", table_three("2021", sample_rows("2021"), "pipe"), two=two))
    figures = certain(result)
    assert "proactive.regulations.issued" not in figures
    assert figures["proactive.licensing.decisions"] == 1200  # the other sections are the 2021 ones
    assert ("R", "proactive") in rules(result)


# --- tokens, labels, sections ---------------------------------------------------------------------------


def test_row_numbers_of_labels_are_not_cells() -> None:
    tokens = tables.tokenize(["10000011.属于国家秘密（1）第3页", "2. 重复申请 5件"], 0, 2)
    assert [(t.kind, t.text) for t in tokens] == [
        ("num", "1000001"),
        ("text", "1"),
        ("text", ".属于国家秘密（"),
        ("text", "1"),
        ("text", "）第"),
        ("text", "3"),
        ("text", "页"),
        ("text", "2"),
        ("text", "."),
        ("text", "重复申请"),
        ("num", "5"),
        ("text", "件"),
    ]


def test_cells_between_pipes() -> None:
    assert [t.kind for t in tables.tokenize(["| a | 1 |  | 2 |"], 0, 1)] == ["text", "num", "blank", "num"]
    # A reader's "a | 1 | " keeps its empty last cell.
    assert [t.kind for t in tables.tokenize(["a | 1 | "], 0, 1)] == ["text", "num", "blank"]
    assert [t.kind for t in tables.tokenize(["a\t1\t\t2"], 0, 1)] == ["text", "num", "blank", "num"]


def test_label_normalisation() -> None:
    printed = FORMATS["2021"].requests.row("r2_partial").level2  # type: ignore[union-attr]
    assert (
        tables.norm(printed)
        == tables.norm("(二)部分公开(区分处理的,只计这一情形,不计其他情形)")
        == "部分公开"
    )
    assert tables.norm("3.危及“三安全一稳定”") == tables.norm('〃 3.危及"三安全一稳定"') == "危及三安全一稳定"
    assert tables.norm("一、本年新收政府信息公开申请数量") == "本年新收政府信息公开申请数量"


def test_sections_are_found_by_their_headings_not_the_introduction() -> None:
    lines = [
        "全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况等组成。",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "x",
        "（三）收到和处理政府信息公开申请情况",
        "y",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
    ]
    assert tables.sections(lines) == {
        "proactive": (2, 4),
        "requests": (4, 6),
        "appeals": (6, 7),
        "problems": (7, 8),
    }


def test_other_formats_have_no_tables_to_read() -> None:
    for fmt in ("2008", "narrative", "unknown"):
        assert read(["一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1"], fmt) == TablesResult(
            [], {}, []
        )


# --- precision, whatever the page did ---------------------------------------------------------------------


def test_no_certain_figure_is_ever_wrong() -> None:
    """Random consistent tables, printed in every shape and then damaged (cut off anywhere, a line lost,
    double-spaced, all on one line): whatever is returned as certain is right."""
    rng = random.Random(2026)
    checked = 0
    for _ in range(120):
        fmt = rng.choice(["2021", "2019"])
        table = FORMATS[fmt].requests
        assert table is not None
        choices = rng.choice([(0, 0, 0, 1, 2), (0, 1, 2, 3, 10, 12), (0, 5, 11, 101, 1234)])
        outcomes = {
            key: [rng.choice(choices) for _ in range(6)] for key in table.outcome_keys if rng.random() < 0.5
        }
        rows = sample_rows(fmt, outcomes)
        four = [rng.choice((0, 0, 1, 2, 11)) for _ in range(15)]
        for g in range(3):
            four[g * 5 + 4] = sum(four[g * 5 : g * 5 + 4])
        shape = rng.choice(["pipe", "tab", "space", "cell", "glued"])
        lines = report(fmt, table_three(fmt, rows, shape), table_four(four, shape))
        damage = rng.choice(["none", "cut", "drop", "double", "oneline"])
        if damage == "cut":
            lines = lines[: rng.randrange(8, len(lines))]
            lines[-1] = lines[-1][: rng.randrange(0, len(lines[-1]) + 1)]
        elif damage == "drop":
            del lines[rng.randrange(6, len(lines))]
        elif damage == "double":
            lines = [x for line in lines for x in (line, "")]
        elif damage == "oneline" and shape in ("space", "glued"):
            start, end = (
                lines.index("三、收到和处理政府信息公开申请情况") + 1,
                lines.index("四、政府信息公开行政复议、行政诉讼情况"),
            )
            lines[start:end] = [SEPARATORS[shape].join(lines[start:end])]
        truth: dict[str, int] = expected_figures(fmt, rows)
        for group, prefix in zip(APPEALS_TABLE.groups, range(0, 15, 5), strict=True):
            for column, value in zip(APPEALS_TABLE.columns, four[prefix : prefix + 5], strict=True):
                truth[f"{group.figure_prefix}.{column.key}"] = value
        for i, column in enumerate(APPEALS_TABLE.columns):
            truth[f"litigation.{column.key}"] = four[5 + i] + four[10 + i]
        result = read(lines, fmt)
        for key, value in certain(result).items():
            assert truth[key] == value, (key, value, truth[key], shape, damage)
            checked += 1
        if "requests" in result.tables:
            assert result.tables["requests"]["rows"] == rows
    assert checked > 3000
