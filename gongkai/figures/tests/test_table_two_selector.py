"""figures.selectors.table_two: both printed layouts, label for label and in order; the catalogue's
counts next to the entered figures; blank cells stay blank; the aggregate is the cell-wise sum."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.figures import services
from gongkai.figures.selectors import table_two
from gongkai.figures.tests.factories import REGULATION, document

LAYOUT_2021 = [
    (
        "第二十条第（一）项",
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ["规章", "行政规范性文件"],
    ),
    ("第二十条第（五）项", ("信息内容", "本年处理决定数量"), ["行政许可"]),
    ("第二十条第（六）项", ("信息内容", "本年处理决定数量"), ["行政处罚", "行政强制"]),
    ("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ["行政事业性收费"]),
]

LAYOUT_2019 = [
    (
        "第二十条第（一）项",
        ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ["规章", "规范性文件"],
    ),
    (
        "第二十条第（五）项",
        ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        ["行政许可", "其他对外管理服务事项"],
    ),
    (
        "第二十条第（六）项",
        ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
        ["行政处罚", "行政强制"],
    ),
    ("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"), ["行政事业性收费"]),
    ("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额"), ["政府集中采购"]),
]


def shape(table):
    return [(s.caption, s.headers, [r.label for r in s.rows]) for s in table.sections]


def values(table):
    return {(r.key, c.column): c.value for r in table.rows for c in r.cells}


@pytest.fixture
def filled(world):
    """Documents and entered figures of agency A for 2025."""
    a = world.agency_a
    document(a, "R1", created="2025-03-01", published="2025-03-05", kind=REGULATION)
    document(a, "N1", created="2024-06-01", published="2024-06-02", validity=("repealed", "2025-05-01"))
    document(a, "N2", created="2025-04-01", published="2025-04-02")
    document(a, "N3", created="2025-05-01")  # a draft
    services.figures_save(
        actor=None,
        agency=a,
        year=2025,
        values={
            "licensing_decisions": 120,
            "penalty_decisions": 0,
            "admin_fees_amount": "12.5",
            "licensing_previous_items": 40,
            "licensing_change": -3,
            "procurement_items": 6,
            "procurement_amount": "251000",
        },
    )
    return a


def test_2021_layout_prints_labels_verbatim_in_order(world, filled):
    table = table_two(filled, 2025)
    assert shape(table) == LAYOUT_2021
    assert [r.label for r in table.rows] == [
        "规章",
        "行政规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ]
    assert [r.caption for r in table.rows][:3] == [
        "第二十条第（一）项",
        "第二十条第（一）项",
        "第二十条第（五）项",
    ]


def test_2021_layout_values_and_blank_cells(world, filled):
    table = table_two(filled, 2025)
    assert values(table) == {
        ("regulations", "issued"): 1,
        ("regulations", "repealed"): 0,
        ("regulations", "in_force"): 1,
        ("normative_documents", "issued"): 1,
        ("normative_documents", "repealed"): 1,
        ("normative_documents", "in_force"): 1,
        ("licensing", "decisions"): 120,
        ("penalties", "decisions"): 0,
        ("enforcement", "decisions"): None,  # never entered: blank, not 0
        ("admin_fees", "amount_10k_yuan"): Decimal("12.5"),
    }
    displayed = [c.display for r in table.rows for c in r.cells]
    assert displayed == ["1", "0", "1", "1", "1", "1", "120", "0", "—", "12.5"]


def test_2021_vocabulary_keys(world, filled):
    assert table_two(filled, 2025).as_vocabulary() == {
        "proactive.regulations.issued": 1,
        "proactive.regulations.repealed": 0,
        "proactive.regulations.in_force": 1,
        "proactive.normative_documents.issued": 1,
        "proactive.normative_documents.repealed": 1,
        "proactive.normative_documents.in_force": 1,
        "proactive.licensing.decisions": 120,
        "proactive.penalties.decisions": 0,
        "proactive.admin_fees.amount_10k_yuan": Decimal("12.5"),
    }


def test_2019_layout_prints_labels_verbatim_in_order(world, filled):
    table = table_two(filled, 2025, layout="2019")
    assert shape(table) == LAYOUT_2019
    assert [r.label for r in table.rows] == [
        "规章",
        "规范性文件",
        "行政许可",
        "其他对外管理服务事项",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "政府集中采购",
    ]


def test_2019_layout_values_vocabulary_and_table(world, filled):
    table = table_two(filled, 2025, layout="2019")
    got = values(table)
    assert (
        got[("regulations", "new")],
        got[("regulations", "published")],
        got[("regulations", "public_total")],
    ) == (
        1,
        1,
        1,
    )
    # N3 is a draft: made (新制作) but not public; N1 (2024) is public though repealed.
    assert [got[("normative_documents", c)] for c in ("new", "published", "public_total")] == [2, 1, 2]
    assert [got[("licensing", c)] for c in ("previous_items", "change", "decisions")] == [40, -3, 120]
    assert [got[("other_services", c)] for c in ("previous_items", "change", "decisions")] == [
        None,
        None,
        None,
    ]
    assert got[("procurement", "amount_10k_yuan")] == Decimal("251000")
    assert table.as_vocabulary() == {
        "proactive.regulations.new": 1,
        "proactive.normative_documents.new": 2,
        "proactive.licensing.decisions": 120,
        "proactive.penalties.decisions": 0,
        "proactive.procurement.items": 6,
    }
    assert table.as_table()["format"] == "2019"
    assert table.as_table()["rows"]["licensing"] == {"previous_items": 40, "change": -3, "decisions": 120}


def test_two_queries_whatever_the_tree(world, filled, django_assert_num_queries):
    with django_assert_num_queries(2):
        table_two(world.city, 2025, scope="aggregate", layout="2019")


def _enter(world):
    save = services.figures_save
    save(
        actor=None,
        agency=world.city,
        year=2025,
        values={"licensing_decisions": 5, "admin_fees_amount": "0.1"},
    )
    save(
        actor=None,
        agency=world.agency_a,
        year=2025,
        values={"licensing_decisions": 7, "admin_fees_amount": "0.2"},
    )
    save(
        actor=None, agency=world.agency_b, year=2025, values={"penalty_decisions": 3, "licensing_change": -4}
    )
    save(
        actor=None,
        agency=world.district_dept,
        year=2025,
        values={"licensing_change": 1, "procurement_items": 2},
    )
    save(actor=None, agency=world.agency_a, year=2024, values={"enforcement_decisions": 99})  # another year


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_aggregate_is_the_cell_wise_sum_of_the_subtree(world, filled, layout):
    _enter(world)
    document(world.agency_b, "B1", created="2025-02-02", published="2025-02-03")
    document(world.town, "T1", created="2025-02-02", published="2025-02-03", kind=REGULATION)
    members = [world.city, world.agency_a, world.agency_b, world.district, world.district_dept, world.town]
    expected: dict[tuple[str, str], Any] = {}
    for member in members:
        for key, value in values(table_two(member, 2025, layout=layout)).items():
            if value is not None:
                expected[key] = value if expected.get(key) is None else expected[key] + value
            else:
                expected.setdefault(key, None)
    aggregate = table_two(world.city, 2025, layout=layout, scope="aggregate")
    assert values(aggregate) == expected
    assert shape(aggregate) == (LAYOUT_2021 if layout == "2021" else LAYOUT_2019)


def test_aggregate_sums_exactly_and_keeps_never_entered_cells_blank(world, filled):
    _enter(world)
    got = values(table_two(world.city, 2025, scope="aggregate"))
    assert got[("licensing", "decisions")] == 5 + 7  # city + A (A's second save replaced 120 with 7)
    assert got[("admin_fees", "amount_10k_yuan")] == Decimal(
        "0.3"
    )  # 0.1 + 0.2 exactly, not 0.30000000000000004
    assert got[("penalties", "decisions")] == 3
    assert got[("enforcement", "decisions")] is None  # 99 belongs to 2024
    district = values(table_two(world.district, 2025, layout="2019", scope="aggregate"))
    assert district[("licensing", "change")] == 1  # B's -4 is outside the district
    assert district[("licensing", "decisions")] is None
    assert district[("procurement", "items")] == 2


def test_unknown_layout_is_refused(world):
    with pytest.raises(ValueError, match="layout"):
        table_two(world.agency_a, 2025, layout="2008")  # type: ignore[arg-type]
