"""table_four: annual-report table 四 counted from the stored cases, cell by cell.

Seeded cases of 明湖市教育局 (agency A) and what they count as (R = 行政复议, D = 直接起诉,
A = 复议后起诉):

| case | filed      | decided            | 2025      | 2026      |
|------|------------|--------------------|-----------|-----------|
| R1   | 2024-11-10 | 2025-02-01 upheld  | upheld    | —         |
| R2   | 2024-12-20 | 2024-12-30 correct | —         | —         |
| R3   | 2025-03-01 | 2026-01-15 correct | pending   | corrected |
| R4   | 2025-06-01 | —                  | pending   | pending   |
| R5   | 2025-12-31 | 2025-12-31 other   | other     | —         |
| R6   | 2026-01-01 | —                  | —         | pending   |
| D1   | 2025-01-01 | 2025-12-31 upheld  | upheld    | —         |
| D2   | 2025-05-05 | 2026-03-03 other   | pending   | other     |
| D3   | 2026-02-02 | 2026-04-04 upheld  | —         | upheld    |
| A1   | 2025-09-09 | —                  | pending   | pending   |
| A2   | 2026-05-05 | 2026-06-06 correct | —         | corrected |

Elsewhere: 市公安局 R pending filed 2025-02-02; 东湖区教育局 D filed 2025-07-07, upheld 2025-08-08."""

from __future__ import annotations

import pytest

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.appeals import selectors
from gongkai.appeals.models import Appeal
from gongkai.appeals.selectors import table_four
from gongkai.appeals.tests.factories import appeal

R, D, A = "reconsideration", "litigation_direct", "litigation_after_reconsideration"


def row(upheld, corrected, other, pending, total):
    return {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending, "total": total}


@pytest.fixture
def cases(world):
    a = world.agency_a
    made = {
        "R1": appeal(a, R, "2024-11-10", decided="2025-02-01", result="upheld"),
        "R2": appeal(a, R, "2024-12-20", decided="2024-12-30", result="corrected"),
        "R3": appeal(a, R, "2025-03-01", decided="2026-01-15", result="corrected"),
        "R4": appeal(a, R, "2025-06-01"),
        "R5": appeal(a, R, "2025-12-31", decided="2025-12-31", result="other"),
        "R6": appeal(a, R, "2026-01-01"),
        "D1": appeal(a, D, "2025-01-01", decided="2025-12-31", result="upheld"),
        "D2": appeal(a, D, "2025-05-05", decided="2026-03-03", result="other"),
        "D3": appeal(a, D, "2026-02-02", decided="2026-04-04", result="upheld"),
        "A1": appeal(a, A, "2025-09-09"),
        "A2": appeal(a, A, "2026-05-05", decided="2026-06-06", result="corrected"),
        "B1": appeal(world.agency_b, R, "2025-02-02"),
        "X1": appeal(world.district_dept, D, "2025-07-07", decided="2025-08-08", result="upheld"),
    }
    return made


def own(world):
    return Agency.objects.filter(pk=world.agency_a.pk)


def test_2025_for_the_agency_itself(world, cases):
    table = table_four(agencies=own(world), year=2025)
    assert table.year == 2025
    assert table.cells == {
        R: row(1, 0, 1, 2, 4),
        D: row(1, 0, 0, 1, 2),
        A: row(0, 0, 0, 1, 1),
    }


def test_2026_carries_last_years_pending_cases(world, cases):
    table = table_four(agencies=own(world), year=2026)
    assert table.cells == {
        R: row(0, 1, 0, 2, 3),
        D: row(1, 0, 1, 0, 2),
        A: row(0, 1, 0, 1, 2),
    }


def test_2024_and_2027(world, cases):
    assert table_four(agencies=own(world), year=2024).cells == {
        R: row(0, 1, 0, 1, 2),
        D: row(0, 0, 0, 0, 0),
        A: row(0, 0, 0, 0, 0),
    }
    # Nothing decided yet in 2027: the cases still open at the end of 2026 are all 尚未审结.
    assert table_four(agencies=own(world), year=2027).cells == {
        R: row(0, 0, 0, 2, 2),
        D: row(0, 0, 0, 0, 0),
        A: row(0, 0, 0, 1, 1),
    }


def test_every_case_pending_at_the_end_of_a_year_reappears_the_next_year(world, cases):
    """Rule V8."""
    for year in (2024, 2025, 2026):
        pending = set(
            Appeal.objects.filter(selectors.counted_in(year), agency=world.agency_a)
            .exclude(decided_on__lte=f"{year}-12-31")
            .values_list("pk", flat=True)
        )
        next_year = set(
            Appeal.objects.filter(selectors.counted_in(year + 1), agency=world.agency_a).values_list(
                "pk", flat=True
            )
        )
        assert pending <= next_year
    assert {cases[k].pk for k in ("R3", "R4", "D2", "A1")} <= set(
        Appeal.objects.filter(selectors.counted_in(2026)).values_list("pk", flat=True)
    )


def test_total_is_the_sum_of_the_four_result_columns(world, cases):
    """Rule V7, for every group, year and scope."""
    for agencies in (own(world), Agency.objects.subtree_of(world.city), Agency.objects.none()):
        for year in (2024, 2025, 2026, 2027):
            for cells in table_four(agencies=agencies, year=year).cells.values():
                assert (
                    cells["total"] == cells["upheld"] + cells["corrected"] + cells["other"] + cells["pending"]
                )


def test_the_aggregate_of_the_city_includes_its_departments_and_the_district(world, cases):
    table = table_four(agencies=Agency.objects.subtree_of(world.city), year=2025)
    assert table.cells == {
        R: row(1, 0, 1, 3, 5),
        D: row(2, 0, 0, 1, 3),
        A: row(0, 0, 0, 1, 1),
    }
    district = table_four(agencies=Agency.objects.subtree_of(world.district), year=2025)
    assert district.cells == {R: row(0, 0, 0, 0, 0), D: row(1, 0, 0, 0, 1), A: row(0, 0, 0, 0, 0)}


def test_rows_line_and_flat_figures(world, cases):
    table = table_four(agencies=own(world), year=2025)
    assert [(r.key, r.label, r.values) for r in table.as_rows()] == [
        (R, "行政复议", (1, 0, 1, 2, 4)),
        (D, "行政诉讼（未经复议直接起诉）", (1, 0, 0, 1, 2)),
        (A, "行政诉讼（复议后起诉）", (0, 0, 0, 1, 1)),
    ]
    assert table.as_line() == [1, 0, 1, 2, 4, 1, 0, 0, 1, 2, 0, 0, 0, 1, 1]
    figures = table.figures()
    assert figures["reconsideration.total"] == 4
    assert figures["litigation.direct.upheld"] == 1
    assert figures["litigation.after_reconsideration.pending"] == 1
    assert {k: v for k, v in figures.items() if k.count(".") == 1 and k.startswith("litigation.")} == {
        "litigation.upheld": 1,
        "litigation.corrected": 0,
        "litigation.other": 0,
        "litigation.pending": 2,
        "litigation.total": 3,
    }
    assert len(figures) == 20


def test_no_cases_gives_a_table_of_zeros(world):
    assert table_four(agencies=own(world), year=2025).as_line() == [0] * 15


@pytest.mark.parametrize("extra", [0, 27])
def test_the_table_is_one_query_however_many_agencies(world, django_assert_num_queries, extra):
    for serial in range(extra):
        dept = agency_services.agency_create(
            actor=None, name=f"明湖市第{serial}局", kind="department", level="city",
            code=fictional_uscc(100 + serial), parent=world.city,
        )  # fmt: skip
        appeal(dept, R, "2025-03-03", decided="2025-04-04", result="upheld")
    appeal(world.agency_a, R, "2025-03-03")
    appeal(world.agency_b, D, "2025-03-03")
    agencies = (
        Agency.objects.filter(pk__in=[world.agency_a.pk, world.agency_b.pk])
        if extra == 0
        else Agency.objects.subtree_of(world.city).filter(parent=world.city)
    )
    with django_assert_num_queries(1):
        table = table_four(agencies=agencies, year=2025)
    assert table.cells[R] == row(extra, 0, 0, 1, extra + 1)
    assert table.cells[D] == row(0, 0, 0, 1, 1)
    # 2 agencies, or 30: agency A, agency B, the district and the 27 new departments are the city's children.
    assert agencies.count() == (2 if extra == 0 else 30)
