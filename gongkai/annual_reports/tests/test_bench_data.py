"""Keeps the annual-report benchmark honest in CI: on a small province the hand-written SQL and the
compiler must produce the same table 三, the generated data must look like the real thing (a proper
tree, every column and outcome, carry-overs both ways), and a disagreement must fail the bench."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency, path_segment
from gongkai.annual_reports.compile import compile_document
from gongkai.appeals.models import Appeal
from gongkai.bench import annual_report_bench as bench
from gongkai.disclosure_requests.models import DisclosureRequest, FeeNotice

pytestmark = pytest.mark.django_db


def test_the_sql_and_the_compiled_table_agree_on_a_small_province():
    report = bench.run(agencies=30, requests=2000, years=2, runs=1)
    assert report["tables_agree"] is True
    assert (report["agencies"], report["requests"], report["years"]) == (30, 2000, [2024, 2025])
    root = Agency.objects.get(parent__isnull=True, name="基准省人民政府")
    compiled = compile_document(agency=root, year=2025, scope="aggregate")
    assert compiled.tables["requests"]["rows"] == report["table"] == bench.sql_table_three(root, 2025)
    table = report["table"]
    # Two years of requests, so 2025's table has plenty in both directions across the year ends.
    assert table["new"][-1] > 900
    assert table["carried_in"][-1] > 0
    assert table["carried_out"][-1] > 0
    assert table["new"][-1] + table["carried_in"][-1] == table["r7_total"][-1] + table["carried_out"][-1]
    assert all(value > 0 for value in table["new"][:-1]), "every applicant column has requests"
    assert report["compile_median_ms"] > 0
    assert report["sql_median_ms"] > 0
    assert report["passed"] in (True, False)
    assert [row["name"] for row in report["results"]] == [
        "annual report: compile_document(root, 2025, aggregate)",
        "annual report: hand-written SQL GROUP BY for table 三 (root, 2025)",
    ]


def test_the_generated_province_is_a_proper_tree_with_every_outcome():
    root, made = bench.generate(agencies=30, requests=2000, years=2)
    agencies = list(Agency.objects.subtree_of(root))
    assert len(agencies) == made["agencies"] == 30
    by_pk = {agency.pk: agency for agency in agencies}
    for agency in agencies:
        parent = by_pk.get(agency.parent_id) if agency.parent_id else None
        assert agency.path == (parent.path if parent else "") + path_segment(agency.pk)
    assert max(agency.depth for agency in agencies) - root.depth == 3  # province → city → county → township
    assert {agency.level for agency in agencies} == {"province", "city", "county", "township"}
    requests = DisclosureRequest.objects.filter(agency__in=agencies)
    assert requests.count() == 2000
    finalized = requests.exclude(finalized_on=None)
    assert set(finalized.values_list("outcome", flat=True)) >= {
        "r1_open",
        "r2_partial",
        "r4_1",
        "r6_1",
        "r6_3",
    }
    assert not requests.filter(finalized_on=None).exclude(outcome="").exists()
    assert not finalized.filter(outcome="").exists()
    assert FeeNotice.objects.filter(request__agency__in=agencies).count() == made["fees"]
    assert Appeal.objects.filter(agency__in=agencies).count() == made["appeals"]
    assert 0 < made["carried_over"] < 2000 * 0.06  # about 3% cross a year end


def test_a_disagreement_fails_the_bench_loudly():
    rows = {row: [0] * 7 for row in bench.SQL_ROWS}
    bench.check_agree(rows, {row: list(values) for row, values in rows.items()})
    wrong = {row: list(values) for row, values in rows.items()}
    wrong["r6_2"] = [0, 0, 0, 0, 1, 0, 1]
    with pytest.raises(bench.TablesDisagree, match=r"r6_2/legal_services: 编制 0 ≠ SQL 1"):
        bench.check_agree(rows, wrong)


def test_the_sql_names_every_printed_row_of_table_three():
    from gongkai.disclosure_requests.statistics import ROWS

    assert bench.SQL_ROWS == ROWS
    for row in ROWS:
        assert f"AS {row}\n" in bench.TABLE_THREE_SQL or f"AS {row}," in bench.TABLE_THREE_SQL
