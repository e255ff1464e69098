"""Annual-report table 三 computed from the records: every cell of a seeded year, the consistency rules
V2–V4 (and V6 across years), aggregation over a government's subtree, and a constant query count."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ApplicantType, DisclosureRequest
from gongkai.disclosure_requests.statistics import COLUMNS, ROWS, TableThree, fees_collected, table_three
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, on, organisation, person

pytestmark = pytest.mark.django_db

NP, BIZ, RES, NGO, LAW, OTH = (
    ApplicantType.NATURAL_PERSON,
    ApplicantType.COMMERCIAL,
    ApplicantType.RESEARCH,
    ApplicantType.PUBLIC_INTEREST,
    ApplicantType.LEGAL_SERVICES,
    ApplicantType.OTHER_ORG,
)


def reply(actor: Any, request: DisclosureRequest, outcome: str, when: str) -> DisclosureRequest:
    with on(when):
        return services.request_reply(actor=actor, request=request, outcome=outcome, replied_on=d(when))


def correct(
    actor: Any, request: DisclosureRequest, asked: str, received: str | None, period: int = 5
) -> DisclosureRequest:
    with on(asked):
        request = services.request_correction_ask(
            actor=actor, request=request, items="文号", sent_on=d(asked), period_days=period
        )
    if received is None:
        return request
    with on(received):
        return services.request_correction_receive(actor=actor, request=request, received_on=d(received))


def fee_paid(
    actor: Any, request: DisclosureRequest, sent: str, paid: str | None, pages: int
) -> DisclosureRequest:
    with on(sent):
        request = services.fee_quote(
            actor=actor, request=request, mode="per_page", sent_on=d(sent), pages=pages
        )
    if paid is None:
        return request
    with on(paid):
        return services.fee_record_payment(actor=actor, request=request, paid_on=d(paid))


@pytest.fixture
def seeded(world: Any) -> Any:
    clerk = world.clerk_a
    # Agency A, 2025 and 2026.
    reply(
        clerk, counter(world, "2025-12-15", applicant=person(1)), "r1_open", "2026-01-12"
    )  # carried in, done
    accepted(world, "2025-12-20", applicant=organisation(BIZ, 2))  # carried in and out again
    reply(clerk, counter(world, "2025-11-03", applicant=person(3)), "r4_1", "2025-11-20")  # all 2025
    # Received in 2025, corrected in 2026: still a 2025 request (V10).
    restarted = correct(clerk, accepted(world, "2025-12-29", applicant=person(4)), "2025-12-30", "2026-01-06")
    reply(clerk, restarted, "r1_open", "2026-01-20")
    reply(clerk, accepted(world, "2026-03-02", applicant=person(5)), "r2_partial", "2026-03-20")
    with on("2026-03-10"):
        services.request_withdraw(
            actor=clerk,
            request=counter(world, "2026-03-03", applicant=organisation(RES, 6)),
            on=d("2026-03-10"),
        )
    uncorrected = correct(
        clerk, accepted(world, "2026-03-04", applicant=organisation(NGO, 7)), "2026-03-05", None
    )
    with on("2026-03-20"):
        services.request_close_uncorrected(actor=clerk, request=uncorrected, on=d("2026-03-20"))
    unpaid = fee_paid(
        clerk, accepted(world, "2026-04-01", applicant=organisation(LAW, 8)), "2026-04-02", None, 40
    )
    with on("2026-05-20"):
        services.request_close_unpaid(actor=clerk, request=unpaid, on=d("2026-05-20"))
    reply(clerk, accepted(world, "2026-05-11", applicant=organisation(OTH, 9)), "r3_4", "2026-06-01")
    unclear = correct(clerk, accepted(world, "2026-06-01", applicant=person(10)), "2026-06-02", "2026-06-05")
    reply(clerk, unclear, "r4_3", "2026-06-20")
    counter(world, "2026-12-28", applicant=person(11))  # still open on 31 December
    reply(clerk, accepted(world, "2026-12-01", applicant=organisation(BIZ, 12)), "r1_open", "2027-01-05")
    paid = fee_paid(
        clerk, accepted(world, "2026-05-06", applicant=person(13)), "2026-05-07", "2026-05-08", 40
    )
    reply(clerk, paid, "r1_open", "2026-05-20")
    paid_2025 = fee_paid(
        clerk, accepted(world, "2025-10-09", applicant=person(14)), "2025-10-10", "2025-10-15", 35
    )
    reply(clerk, paid_2025, "r1_open", "2025-10-20")
    # Agency B and a district department, for aggregation.
    admin = world.admin
    with on("2026-02-02"):
        b1 = services.request_accept(
            actor=admin, request=counter(world, "2026-02-02", applicant=person(21), agency=world.agency_b)
        )
    reply(admin, b1, "r1_open", "2026-02-20")
    counter(world, "2026-07-01", applicant=organisation(BIZ, 22), agency=world.agency_b)
    reply(
        admin,
        counter(world, "2026-08-03", applicant=organisation(RES, 23), agency=world.district_dept),
        "r5_1",
        "2026-08-10",
    )
    return world


def only(agency: Agency) -> Any:
    return Agency.objects.filter(pk=agency.pk)


def expected(cells: dict[str, dict[str, int]]) -> dict[str, tuple[int, ...]]:
    """A full table from its non-zero cells, with the 总计 column added."""
    table: dict[str, tuple[int, ...]] = {}
    for row in ROWS:
        values = [cells.get(row, {}).get(column, 0) for column in COLUMNS[:-1]]
        table[row] = (*values, sum(values))
    return table


AGENCY_A_2026 = expected(
    {
        "new": {NP: 4, BIZ: 1, RES: 1, NGO: 1, LAW: 1, OTH: 1},
        "carried_in": {NP: 2, BIZ: 1},
        "r1_open": {NP: 3},
        "r2_partial": {NP: 1},
        "r3_4": {OTH: 1},
        "r4_3": {NP: 1},
        "r6_1": {NGO: 1},
        "r6_2": {LAW: 1},
        "r6_3": {RES: 1},
        "r7_total": {NP: 5, RES: 1, NGO: 1, LAW: 1, OTH: 1},
        "carried_out": {NP: 1, BIZ: 2},
    }
)

AGENCY_A_2025 = expected(
    {
        "new": {NP: 4, BIZ: 1},
        "r1_open": {NP: 1},
        "r4_1": {NP: 1},
        "r7_total": {NP: 2},
        "carried_out": {NP: 2, BIZ: 1},
    }
)


def test_the_table_has_the_vocabularys_rows_and_columns():
    assert COLUMNS == (
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
        "total",
    )
    assert len(ROWS) == 25
    assert ROWS[:4] == ("new", "carried_in", "r1_open", "r2_partial")
    assert ROWS[-3:] == ("r6_3", "r7_total", "carried_out")


def test_every_cell_of_agency_a_in_2026(seeded):
    table = table_three(agencies=only(seeded.agency_a), year=2026)
    assert table.cells == AGENCY_A_2026
    assert table.check() == []


def test_every_cell_of_agency_a_in_2025(seeded):
    table = table_three(agencies=only(seeded.agency_a), year=2025)
    assert table.cells == AGENCY_A_2025
    assert table.check() == []


def test_last_years_carried_out_is_this_years_carried_in(seeded):
    agencies = Agency.objects.subtree_of(seeded.city)
    assert (
        table_three(agencies=agencies, year=2025).cells["carried_out"]
        == table_three(agencies=agencies, year=2026).cells["carried_in"]
    )


def test_a_corrected_request_stays_in_its_receipt_year(seeded):
    restarted = DisclosureRequest.objects.get(restarted_on=d("2026-01-06"))
    assert restarted.received_on == d("2025-12-29")
    assert table_three(agencies=only(seeded.agency_a), year=2026).cell("new", "natural_person") == 4


def test_the_consistency_rules_hold_in_every_column(seeded):
    table = table_three(agencies=only(seeded.agency_a), year=2026)
    for column in COLUMNS:
        c = table.column(column)
        assert c["new"] + c["carried_in"] == c["r7_total"] + c["carried_out"]  # V3
        assert c["r7_total"] == sum(c[row] for row in ROWS[2:-2])  # V4
    for values in table.cells.values():
        assert values[-1] == sum(values[:-1])  # V2


def test_the_subtree_aggregate_is_the_sum_of_the_agencies_tables(seeded):
    aggregate = table_three(agencies=Agency.objects.subtree_of(seeded.city), year=2026)
    parts = [table_three(agencies=only(a), year=2026) for a in Agency.objects.subtree_of(seeded.city)]
    assert aggregate == TableThree.total_of(2026, parts)
    assert aggregate.check() == []
    assert aggregate.cell("new") == 12
    assert aggregate.cell("r1_open") == 4
    assert aggregate.cell("r5_1", "research") == 1
    assert aggregate.cell("carried_out", "commercial") == 3
    b = table_three(agencies=only(seeded.agency_b), year=2026)
    assert (b.cell("new"), b.cell("r1_open"), b.cell("carried_out")) == (2, 1, 1)


def test_the_district_subtree_counts_only_its_own_agencies(seeded):
    district = table_three(agencies=Agency.objects.subtree_of(seeded.district), year=2026)
    assert district.cell("new") == 1
    assert district.cells["r5_1"] == (0, 0, 1, 0, 0, 0, 1)


def test_an_agency_without_requests_has_an_all_zero_table(seeded):
    table = table_three(agencies=only(seeded.town), year=2026)
    assert table == TableThree.empty(2026)
    assert all(v == 0 for values in table.cells.values() for v in values)


def test_fees_collected_counts_payments_made_in_the_year(seeded):
    agencies = Agency.objects.subtree_of(seeded.city)
    assert fees_collected(agencies, 2026) == 100  # 40 pages: 10 × 10 元; the unpaid notice counts nothing
    assert fees_collected(agencies, 2025) == 50  # 35 pages: 5 × 10 元
    assert fees_collected(only(seeded.agency_b), 2026) == 0


def test_the_printed_rows_carry_the_official_labels(seeded):
    rows = table_three(agencies=only(seeded.agency_a), year=2026).as_rows()
    assert [r.key for r in rows] == list(ROWS)
    assert rows[0].full_label == "一、本年新收政府信息公开申请数量"
    assert rows[0].values == (4, 1, 1, 1, 1, 1, 9)
    assert rows[1].full_label == "二、上年结转政府信息公开申请数量"
    r3_1 = rows[ROWS.index("r3_1")]
    assert (r3_1.section, r3_1.group, r3_1.label) == (
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
    )
    r6_2 = rows[ROWS.index("r6_2")]
    assert r6_2.label == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert rows[-2].full_label == "（七）总计"
    assert rows[-2].values == (5, 0, 1, 1, 1, 1, 9)
    assert rows[-1].full_label == "四、结转下年度继续办理"


def test_the_document_form_and_flat_figures(seeded):
    table = table_three(agencies=only(seeded.agency_a), year=2026)
    document = table.to_dict()
    assert document["columns"] == list(COLUMNS)
    assert document["rows"]["carried_out"] == [1, 2, 0, 0, 0, 0, 3]
    figures = table.figures()
    assert figures["requests.new"] == 9
    assert figures["requests.carried_in"] == 3
    assert figures["requests.applicant.natural_person"] == 4
    assert figures["outcomes.total"] == 9
    assert figures["outcomes.disclosed"] == 3
    assert figures["outcomes.partially_disclosed"] == 1
    assert figures["outcomes.refused"] == 1
    assert figures["outcomes.refused.third_party"] == 1
    assert figures["outcomes.unable"] == 1
    assert figures["outcomes.not_processed"] == 0
    assert figures["outcomes.other"] == 3
    assert figures["outcomes.other.no_fee_paid"] == 1


def test_check_reports_broken_tables():
    good = TableThree.empty(2026)
    broken_total = dict(good.cells, new=(1, 0, 0, 0, 0, 0, 0))
    problems = TableThree(year=2026, cells=broken_total).check()
    assert problems == [
        "V2 new：总计0不等于各列之和1",
        "V3 natural_person：新收1＋上年结转0≠办理结果总计0＋结转下年度0",
    ]
    # r7_total left at zero while an outcome row counts one request.
    broken_sum = dict(
        good.cells, new=(1, 0, 0, 0, 0, 0, 1), r1_open=(1, 0, 0, 0, 0, 0, 1), r7_total=(0, 0, 0, 0, 0, 0, 0)
    )
    assert TableThree(year=2026, cells=broken_sum).check() == [
        "V3 natural_person：新收1＋上年结转0≠办理结果总计0＋结转下年度0",
        "V4 natural_person：总计0不等于各项办理结果之和1",
        "V3 total：新收1＋上年结转0≠办理结果总计0＋结转下年度0",
        "V4 total：总计0不等于各项办理结果之和1",
    ]


def test_tables_of_different_years_do_not_add_up():
    with pytest.raises(ValueError, match="不能合计不同年度的表格"):
        TableThree.empty(2025) + TableThree.empty(2026)


def make_agencies(world: Any, count: int) -> list[Agency]:
    made = [
        agency_services.agency_create(
            actor=None,
            name=f"明湖市第{i}局",
            kind="department",
            level="city",
            code=fictional_uscc(500 + i),
            parent=world.city,
        )
        for i in range(count)
    ]
    for i, agency in enumerate(made):
        request = counter(world, "2026-03-02", applicant=person(100 + i), agency=agency)
        if i % 2:
            reply(world.admin, request, "r1_open", "2026-03-10")
    return made


@pytest.mark.parametrize("count", [3, 40])
def test_the_table_costs_one_query_whatever_the_number_of_agencies(world, django_assert_num_queries, count):
    made = make_agencies(world, count)
    agencies = Agency.objects.filter(pk__in=[a.pk for a in made])
    with django_assert_num_queries(1):
        table = table_three(agencies=agencies, year=2026)
    assert table.cell("new") == count
    assert table.cell("r1_open") == count // 2
    assert table.cell("carried_out") == count - count // 2
    with django_assert_num_queries(1):
        fees_collected(agencies, 2026)
