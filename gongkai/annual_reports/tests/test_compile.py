"""Acceptance test of the annual report's compilation (issue 5): a year of activity built through the
request and appeal services for a small tree of agencies, then tables 三 and 四 checked cell by cell
against numbers written down by hand, for every agency (本机关) and for the governments (汇总).

The tree is the personas' world:

    明湖市人民政府 (city)              ← government, has requests of its own
    ├── 明湖市教育局 (agency_a)
    ├── 明湖市公安局 (agency_b)
    └── 东湖区人民政府 (district)      ← government without requests of its own
        ├── 东湖区教育局 (district_dept)
        └── 湖滨街道办事处 (town)      ← no activity at all

The expected tables below are literal: they were counted from the scenario on paper, request by
request (the comments next to each step say where it lands), never by running a query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.annual_reports.compile import compile_document, ledger, requests_table
from gongkai.annual_reports.formats import FORMATS
from gongkai.annual_reports.validation import validate
from gongkai.appeals import services as appeal_services
from gongkai.appeals.models import Appeal, AppealKind
from gongkai.core.errors import InvalidInput
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ApplicantType, Channel, DisclosureRequest
from gongkai.disclosure_requests.statistics import table_three
from gongkai.disclosure_requests.tests.request_factories import INFO, applicant_of, d, on

pytestmark = pytest.mark.django_db

YEAR = 2025
NP, BIZ, RES, NGO, LAW, OTH = (
    ApplicantType.NATURAL_PERSON,
    ApplicantType.COMMERCIAL,
    ApplicantType.RESEARCH,
    ApplicantType.PUBLIC_INTEREST,
    ApplicantType.LEGAL_SERVICES,
    ApplicantType.OTHER_ORG,
)
IN_PERSON, ONLINE, LETTER, FAX, EMAIL, OTHER = (
    Channel.IN_PERSON,
    Channel.ONLINE,
    Channel.LETTER,
    Channel.FAX,
    Channel.EMAIL,
    Channel.OTHER,
)
RECON, DIRECT, AFTER = (
    AppealKind.RECONSIDERATION,
    AppealKind.LITIGATION_DIRECT,
    AppealKind.LITIGATION_AFTER_RECONSIDERATION,
)


# --- the steps, each through its service on the day it happens ----------------------------------------


class Desk:
    """The platform administrator working the counter of any agency of the world."""

    def __init__(self, world: Any) -> None:
        self.actor = world.admin
        self.serial = 0

    def submit(
        self, agency: Agency, kind: str, received: str, channel: str = IN_PERSON, *, accept: bool = True
    ) -> DisclosureRequest:
        self.serial += 1
        with on(received):
            request = services.request_submit(
                actor=self.actor,
                agency=agency,
                applicant=applicant_of(kind, self.serial),
                info=INFO,
                channel=channel,
                received_on=d(received),
            ).request
            if accept:
                request = services.request_accept(actor=self.actor, request=request, on=d(received))
        return request

    def online(self, agency: Agency, kind: str, received: str) -> DisclosureRequest:
        """Submitted by the applicant on the portal: received on the day both sides confirm (第三十一条)."""
        self.serial += 1
        with on(received):
            return services.request_submit(
                actor=None, agency=agency, applicant=applicant_of(kind, self.serial), info=INFO
            ).request

    def reply(self, request: DisclosureRequest, outcome: str, when: str) -> DisclosureRequest:
        with on(when):
            return services.request_reply(
                actor=self.actor, request=request, outcome=outcome, replied_on=d(when)
            )

    def ask_correction(self, request: DisclosureRequest, asked: str, days: int = 10) -> DisclosureRequest:
        with on(asked):
            return services.request_correction_ask(
                actor=self.actor, request=request, items="所需信息的文号", sent_on=d(asked), period_days=days
            )

    def corrected(self, request: DisclosureRequest, when: str) -> DisclosureRequest:
        with on(when):
            return services.request_correction_receive(actor=self.actor, request=request, received_on=d(when))

    def close_uncorrected(self, request: DisclosureRequest, when: str) -> DisclosureRequest:
        with on(when):
            return services.request_close_uncorrected(actor=self.actor, request=request, on=d(when))

    def quote(self, request: DisclosureRequest, sent: str, pages: int) -> DisclosureRequest:
        with on(sent):
            return services.fee_quote(
                actor=self.actor, request=request, mode="per_page", sent_on=d(sent), pages=pages
            )

    def paid(self, request: DisclosureRequest, when: str) -> DisclosureRequest:
        with on(when):
            return services.fee_record_payment(actor=self.actor, request=request, paid_on=d(when))

    def close_unpaid(self, request: DisclosureRequest, when: str) -> DisclosureRequest:
        with on(when):
            return services.request_close_unpaid(actor=self.actor, request=request, on=d(when))

    def withdraw(self, request: DisclosureRequest, when: str) -> DisclosureRequest:
        with on(when):
            return services.request_withdraw(
                actor=self.actor, request=request, on=d(when), reason="申请人撤回"
            )

    def appeal(
        self,
        agency: Agency,
        kind: str,
        filed: str,
        result: str | None = None,
        decided: str | None = None,
        request: DisclosureRequest | None = None,
    ) -> Appeal:
        with on(filed):
            appeal = appeal_services.appeal_register(
                actor=self.actor, agency=agency, kind=kind, filed_on=d(filed), request=request
            )
        if result is None:
            return appeal
        assert decided is not None
        with on(decided):
            return appeal_services.appeal_decide(
                actor=self.actor, appeal=appeal, result=result, decided_on=d(decided)
            )

    def complaint(self, agency: Agency, received: str) -> None:
        with on(received):
            appeal_services.complaint_register(
                actor=self.actor, agency=agency, received_on=d(received), summary="未按期答复"
            )


@pytest.fixture
def year_of_activity(world: Any) -> Any:
    desk = Desk(world)
    a, b, dd, city = world.agency_a, world.agency_b, world.district_dept, world.city

    # 明湖市教育局 (A) ------------------------------------------------------------------------------
    desk.reply(desk.submit(a, NP, "2025-03-03", IN_PERSON), "r1_open", "2025-03-10")  # new NP, r1 NP
    desk.reply(desk.submit(a, BIZ, "2025-03-04", LETTER), "r2_partial", "2025-03-20")  # new BIZ, r2 BIZ
    desk.reply(desk.submit(a, RES, "2025-04-01", FAX), "r3_1", "2025-04-10")
    desk.reply(desk.submit(a, NGO, "2025-04-02", EMAIL), "r3_2", "2025-04-15")
    desk.reply(desk.submit(a, LAW, "2025-04-03", OTHER), "r3_3", "2025-04-16")
    desk.reply(desk.submit(a, OTH, "2025-04-07", ONLINE), "r3_4", "2025-04-21")
    # 补正 received, still unclear: （四）3.
    unclear = desk.ask_correction(desk.submit(a, NP, "2025-05-06", IN_PERSON), "2025-05-08")
    desk.reply(desk.corrected(unclear, "2025-05-15"), "r4_3", "2025-06-03")
    # 补正 never came: （六）1.
    silent = desk.ask_correction(desk.submit(a, NGO, "2025-06-02", LETTER), "2025-06-04", days=5)
    desk.close_uncorrected(silent, "2025-06-30")
    desk.withdraw(desk.submit(a, RES, "2025-07-01", IN_PERSON), "2025-07-08")  # withdrawal: （六）3 RES
    # Received in 2024, answered in 2025: carried in NP, r1 NP.
    desk.reply(desk.submit(a, NP, "2024-12-16", IN_PERSON), "r1_open", "2025-01-08")
    desk.submit(a, BIZ, "2025-12-22", EMAIL)  # still open on 31 December: carried out BIZ
    # 补正 across the year end: the clock restarts in 2026 but the request stays a 2025 one (V10):
    # new NP, carried out NP.
    straddling = desk.ask_correction(desk.submit(a, NP, "2025-12-26", IN_PERSON), "2025-12-29")
    desk.reply(desk.corrected(straddling, "2026-01-05"), "r1_open", "2026-01-20")
    desk.reply(desk.submit(a, NP, "2024-05-06", IN_PERSON), "r1_open", "2024-05-20")  # all in 2024: nothing
    # Fee paid in 2025 (40 pages: 100 元): new NP, r1 NP.
    paying = desk.quote(desk.submit(a, NP, "2025-08-04", LETTER), "2025-08-05", pages=40)
    desk.reply(desk.paid(paying, "2025-08-08"), "r1_open", "2025-08-20")
    # Fee quoted in 2024, paid in 2025 (35 pages: 50 元): carried in NP, r2 NP.
    late_payer = desk.quote(desk.submit(a, NP, "2024-12-23", IN_PERSON), "2024-12-24", pages=35)
    desk.reply(desk.paid(late_payer, "2025-01-06"), "r2_partial", "2025-01-15")

    # 明湖市公安局 (B) ------------------------------------------------------------------------------
    denied = desk.submit(b, NP, "2025-02-10", FAX)
    desk.reply(denied, "r3_5", "2025-02-20")
    desk.reply(desk.submit(b, BIZ, "2025-02-11"), "r3_6", "2025-02-25")
    desk.reply(desk.submit(b, RES, "2025-03-03"), "r3_7", "2025-03-17")
    desk.reply(desk.submit(b, NGO, "2025-03-04"), "r3_8", "2025-03-18")
    desk.reply(desk.submit(b, LAW, "2025-05-06"), "r4_1", "2025-05-12")
    desk.reply(desk.submit(b, OTH, "2025-05-07"), "r4_2", "2025-05-20")
    # Fee never paid (50 pages: 200 元): （六）2 LAW, and no money collected.
    unpaid = desk.quote(desk.submit(b, LAW, "2025-09-01"), "2025-09-02", pages=50)
    desk.close_unpaid(unpaid, "2025-11-03")
    desk.reply(desk.submit(b, BIZ, "2024-12-20"), "r1_open", "2025-01-10")  # carried in BIZ, r1 BIZ
    desk.submit(b, OTH, "2024-11-04")  # open through the whole of 2025: carried in and out OTH
    # Received (not yet accepted) on 29 December: carried out NP; entered by the counter as an online one.
    desk.submit(b, NP, "2025-12-29", ONLINE, accept=False)

    # 东湖区教育局 (district department) -------------------------------------------------------------
    desk.reply(desk.submit(dd, NP, "2025-06-03"), "r5_1", "2025-06-10")
    desk.reply(desk.submit(dd, BIZ, "2025-06-04"), "r5_2", "2025-06-11")
    desk.reply(desk.submit(dd, RES, "2025-06-05"), "r5_3", "2025-06-12")
    desk.reply(desk.submit(dd, NGO, "2025-06-09"), "r5_4", "2025-06-16")
    desk.reply(desk.submit(dd, LAW, "2025-06-10"), "r5_5", "2025-06-17")
    desk.reply(desk.submit(dd, OTH, "2025-11-17"), "r1_open", "2026-01-06")  # new OTH, carried out OTH

    # 明湖市人民政府 (the city government itself) -----------------------------------------------------
    desk.reply(desk.submit(city, OTH, "2025-10-09", LETTER), "r6_3", "2025-10-20")  # （六）3 by a reply
    desk.reply(desk.online(city, NP, "2025-10-10"), "r1_open", "2025-10-24")  # online, new NP, r1 NP
    desk.withdraw(desk.submit(city, RES, "2024-12-30"), "2025-01-03")  # carried in RES, （六）3 RES
    desk.withdraw(desk.submit(city, NP, "2020-06-01"), "2020-06-05")  # 2020 only (the 2019 format)

    # Appeals ---------------------------------------------------------------------------------------
    desk.appeal(a, RECON, "2025-03-03", "upheld", "2025-05-12")
    desk.appeal(a, RECON, "2025-04-01", "corrected", "2025-06-03")
    desk.appeal(a, RECON, "2025-05-06", "other", "2025-07-01")
    desk.appeal(a, RECON, "2025-11-03")  # pending
    desk.appeal(a, RECON, "2024-10-08", "upheld", "2025-01-15")  # filed 2024, decided 2025: upheld
    desk.appeal(a, RECON, "2024-03-01", "corrected", "2024-06-03")  # decided 2024: not in 2025
    desk.appeal(a, RECON, "2025-12-01", "upheld", "2026-01-12")  # decided after the year: pending
    desk.appeal(a, RECON, "2026-01-05")  # filed after the year: not in 2025
    desk.appeal(b, DIRECT, "2025-02-03", "upheld", "2025-06-16")
    desk.appeal(b, DIRECT, "2025-03-03", "corrected", "2025-08-01")
    desk.appeal(b, DIRECT, "2025-04-01", "other", "2025-09-01")
    desk.appeal(b, DIRECT, "2025-10-08", request=denied)  # pending, about a request of the year
    desk.appeal(b, DIRECT, "2024-06-03")  # pending since 2024: pending
    desk.appeal(dd, AFTER, "2025-01-06", "upheld", "2025-04-01")
    desk.appeal(dd, AFTER, "2025-02-03", "corrected", "2025-05-06")
    desk.appeal(dd, AFTER, "2025-03-03", "other", "2025-06-03")
    desk.appeal(dd, AFTER, "2025-09-01")  # pending
    desk.appeal(city, AFTER, "2024-09-02", "corrected", "2025-02-14")  # filed 2024, decided 2025
    desk.appeal(city, RECON, "2025-08-01", "other", "2025-09-30")

    # Complaints ------------------------------------------------------------------------------------
    desk.complaint(a, "2025-04-01")
    desk.complaint(dd, "2025-07-01")
    desk.complaint(city, "2024-12-31")  # 2024
    desk.complaint(b, "2026-01-02")  # 2026
    return world


# --- the expected tables, counted by hand from the scenario ----------------------------------------

ROWS = (
    "new", "carried_in", "r1_open", "r2_partial", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7",
    "r3_8", "r4_1", "r4_2", "r4_3", "r5_1", "r5_2", "r5_3", "r5_4", "r5_5", "r6_1", "r6_2", "r6_3",
    "r7_total", "carried_out",
)  # fmt: skip
ZERO = [0, 0, 0, 0, 0, 0, 0]


def table(non_zero: dict[str, list[int]]) -> dict[str, list[int]]:
    """The printed table: the rows written out below, every other row all zero."""
    assert set(non_zero) <= set(ROWS)
    return {row: non_zero.get(row, ZERO) for row in ROWS}


#                    自然人 商业 科研 公益 法律 其他 总计
AGENCY_A = table({
    "new":          [4, 2, 2, 2, 1, 1, 12],
    "carried_in":   [2, 0, 0, 0, 0, 0, 2],
    "r1_open":      [3, 0, 0, 0, 0, 0, 3],
    "r2_partial":   [1, 1, 0, 0, 0, 0, 2],
    "r3_1":         [0, 0, 1, 0, 0, 0, 1],
    "r3_2":         [0, 0, 0, 1, 0, 0, 1],
    "r3_3":         [0, 0, 0, 0, 1, 0, 1],
    "r3_4":         [0, 0, 0, 0, 0, 1, 1],
    "r4_3":         [1, 0, 0, 0, 0, 0, 1],
    "r6_1":         [0, 0, 0, 1, 0, 0, 1],
    "r6_3":         [0, 0, 1, 0, 0, 0, 1],
    "r7_total":     [5, 1, 2, 2, 1, 1, 12],
    "carried_out":  [1, 1, 0, 0, 0, 0, 2],
})  # fmt: skip
AGENCY_B = table({
    "new":          [2, 1, 1, 1, 2, 1, 8],
    "carried_in":   [0, 1, 0, 0, 0, 1, 2],
    "r1_open":      [0, 1, 0, 0, 0, 0, 1],
    "r3_5":         [1, 0, 0, 0, 0, 0, 1],
    "r3_6":         [0, 1, 0, 0, 0, 0, 1],
    "r3_7":         [0, 0, 1, 0, 0, 0, 1],
    "r3_8":         [0, 0, 0, 1, 0, 0, 1],
    "r4_1":         [0, 0, 0, 0, 1, 0, 1],
    "r4_2":         [0, 0, 0, 0, 0, 1, 1],
    "r6_2":         [0, 0, 0, 0, 1, 0, 1],
    "r7_total":     [1, 2, 1, 1, 2, 1, 8],
    "carried_out":  [1, 0, 0, 0, 0, 1, 2],
})  # fmt: skip
DISTRICT_DEPT = table({
    "new":          [1, 1, 1, 1, 1, 1, 6],
    "r5_1":         [1, 0, 0, 0, 0, 0, 1],
    "r5_2":         [0, 1, 0, 0, 0, 0, 1],
    "r5_3":         [0, 0, 1, 0, 0, 0, 1],
    "r5_4":         [0, 0, 0, 1, 0, 0, 1],
    "r5_5":         [0, 0, 0, 0, 1, 0, 1],
    "r7_total":     [1, 1, 1, 1, 1, 0, 5],
    "carried_out":  [0, 0, 0, 0, 0, 1, 1],
})  # fmt: skip
CITY_ITSELF = table({
    "new":          [1, 0, 0, 0, 0, 1, 2],
    "carried_in":   [0, 0, 1, 0, 0, 0, 1],
    "r1_open":      [1, 0, 0, 0, 0, 0, 1],
    "r6_3":         [0, 0, 1, 0, 0, 1, 2],
    "r7_total":     [1, 0, 1, 0, 0, 1, 3],
})  # fmt: skip
NOTHING = table({})
CITY_AGGREGATE = table({
    "new":          [8, 4, 4, 4, 4, 4, 28],
    "carried_in":   [2, 1, 1, 0, 0, 1, 5],
    "r1_open":      [4, 1, 0, 0, 0, 0, 5],
    "r2_partial":   [1, 1, 0, 0, 0, 0, 2],
    "r3_1":         [0, 0, 1, 0, 0, 0, 1],
    "r3_2":         [0, 0, 0, 1, 0, 0, 1],
    "r3_3":         [0, 0, 0, 0, 1, 0, 1],
    "r3_4":         [0, 0, 0, 0, 0, 1, 1],
    "r3_5":         [1, 0, 0, 0, 0, 0, 1],
    "r3_6":         [0, 1, 0, 0, 0, 0, 1],
    "r3_7":         [0, 0, 1, 0, 0, 0, 1],
    "r3_8":         [0, 0, 0, 1, 0, 0, 1],
    "r4_1":         [0, 0, 0, 0, 1, 0, 1],
    "r4_2":         [0, 0, 0, 0, 0, 1, 1],
    "r4_3":         [1, 0, 0, 0, 0, 0, 1],
    "r5_1":         [1, 0, 0, 0, 0, 0, 1],
    "r5_2":         [0, 1, 0, 0, 0, 0, 1],
    "r5_3":         [0, 0, 1, 0, 0, 0, 1],
    "r5_4":         [0, 0, 0, 1, 0, 0, 1],
    "r5_5":         [0, 0, 0, 0, 1, 0, 1],
    "r6_1":         [0, 0, 0, 1, 0, 0, 1],
    "r6_2":         [0, 0, 0, 0, 1, 0, 1],
    "r6_3":         [0, 0, 2, 0, 0, 1, 3],
    "r7_total":     [8, 4, 5, 4, 4, 3, 28],
    "carried_out":  [2, 1, 0, 0, 0, 2, 5],
})  # fmt: skip


def appeals(
    recon: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0),
    direct: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0),
    after: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0),
) -> dict[str, dict[str, int]]:
    """Table 四 from its three groups, each written (维持, 纠正, 其他, 尚未审结, 总计)."""
    columns = ("upheld", "corrected", "other", "pending", "total")
    return {
        "reconsideration": dict(zip(columns, recon, strict=True)),
        "litigation_direct": dict(zip(columns, direct, strict=True)),
        "litigation_after_reconsideration": dict(zip(columns, after, strict=True)),
    }


APPEALS_A = appeals(recon=(2, 1, 1, 2, 6))
APPEALS_B = appeals(direct=(1, 1, 1, 2, 5))
APPEALS_DISTRICT_DEPT = appeals(after=(1, 1, 1, 1, 4))
APPEALS_CITY_ITSELF = appeals(recon=(0, 0, 1, 0, 1), after=(0, 1, 0, 0, 1))
APPEALS_CITY_AGGREGATE = appeals(recon=(2, 1, 2, 2, 7), direct=(1, 1, 1, 2, 5), after=(1, 2, 1, 1, 5))


def expected_by_agency(world: Any) -> list[tuple[Agency, dict[str, list[int]], dict[str, dict[str, int]]]]:
    return [
        (world.city, CITY_ITSELF, APPEALS_CITY_ITSELF),
        (world.agency_a, AGENCY_A, APPEALS_A),
        (world.agency_b, AGENCY_B, APPEALS_B),
        (world.district, NOTHING, appeals()),
        (world.district_dept, DISTRICT_DEPT, APPEALS_DISTRICT_DEPT),
        (world.town, NOTHING, appeals()),
    ]


def assert_same_cells(actual: dict[str, list[int]], expected: dict[str, list[int]], who: str) -> None:
    """Cell by cell, so a failure names the row and the column instead of printing two tables."""
    columns = FORMATS["2021"].requests.column_keys  # type: ignore[union-attr]
    assert list(actual) == list(expected), f"{who}: rows {list(actual)}"
    for row, values in expected.items():
        for column, want, got in zip(columns, values, actual[row], strict=True):
            assert got == want, f"{who} 表三 {row}/{column}: {got} ≠ {want}"


# --- table 三 and 四 -----------------------------------------------------------------------------------


def test_every_cell_of_every_agency(year_of_activity):
    world = year_of_activity
    for agency, requests, appeal_cells in expected_by_agency(world):
        document = compile_document(agency=agency, year=YEAR, scope="agency")
        assert document.format == "2021"
        assert document.tables["requests"]["columns"] == [
            "natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total",
        ]  # fmt: skip
        assert_same_cells(document.tables["requests"]["rows"], requests, agency.name)
        assert document.tables["appeals"] == appeal_cells, agency.name


def test_every_cell_of_the_city_and_district_aggregates(year_of_activity):
    world = year_of_activity
    city = compile_document(agency=world.city, year=YEAR, scope="aggregate")
    assert city.title == "明湖市人民政府2025年政府信息公开工作年度报告（汇总）"
    assert_same_cells(city.tables["requests"]["rows"], CITY_AGGREGATE, "全市")
    # The scenario covers the whole table: every outcome row and every applicant column.
    rows = city.tables["requests"]["rows"]
    assert all(rows[row][-1] > 0 for row in ROWS[2:23]), "every one of the 21 outcomes occurs"
    assert all(value > 0 for value in rows["new"]), "every applicant type applied"
    assert city.tables["appeals"] == APPEALS_CITY_AGGREGATE
    # The district has no requests of its own: its consolidated report is its department's.
    district = compile_document(agency=world.district, year=YEAR, scope="aggregate")
    assert_same_cells(district.tables["requests"]["rows"], DISTRICT_DEPT, "全区")
    assert district.tables["appeals"] == APPEALS_DISTRICT_DEPT


def test_the_aggregate_is_the_cell_wise_sum_of_its_members(year_of_activity):
    world = year_of_activity
    aggregate = compile_document(agency=world.city, year=YEAR, scope="aggregate")
    members = [
        compile_document(agency=agency, year=YEAR, scope="agency")
        for agency in Agency.objects.subtree_of(world.city)
    ]
    assert len(members) == 6
    summed_requests = {
        row: [sum(m.tables["requests"]["rows"][row][i] for m in members) for i in range(7)] for row in ROWS
    }
    assert summed_requests == aggregate.tables["requests"]["rows"]
    summed_appeals = {
        group: {column: sum(m.tables["appeals"][group][column] for m in members) for column in cells}
        for group, cells in aggregate.tables["appeals"].items()
    }
    assert summed_appeals == aggregate.tables["appeals"]
    for key in ("requests.new", "outcomes.total", "complaints.total", "fees.yuan", "requests.channel.online"):
        assert aggregate.figures[key] == sum(m.figures[key] for m in members), key


def test_the_flat_figures(year_of_activity):
    world = year_of_activity
    city = compile_document(agency=world.city, year=YEAR, scope="aggregate")
    assert city.figures["requests.new"] == 28
    assert city.figures["requests.carried_in"] == 5
    assert city.figures["requests.carried_out"] == 5
    assert city.figures["outcomes.total"] == 28
    assert city.figures["outcomes.other.no_correction"] == 1
    assert city.figures["outcomes.other.no_fee_paid"] == 1
    assert city.figures["outcomes.other.other"] == 3
    channels = {key: value for key, value in city.figures.items() if key.startswith("requests.channel.")}
    assert channels == {
        "requests.channel.in_person": 16,
        "requests.channel.online": 3,
        "requests.channel.letter": 4,
        "requests.channel.fax": 2,
        "requests.channel.email": 2,
        "requests.channel.other": 1,
    }
    assert city.figures["complaints.total"] == 2
    assert city.figures["fees.yuan"] == 150  # 100 元 paid in August + 50 元 quoted in 2024, paid in January
    assert city.figures["reconsideration.total"] == 7
    assert city.figures["litigation.total"] == 10

    a = compile_document(agency=world.agency_a, year=YEAR, scope="agency")
    assert (a.figures["requests.new"], a.figures["outcomes.total"]) == (12, 12)
    assert a.figures["requests.channel.in_person"] == 4
    assert a.figures["requests.channel.letter"] == 3
    assert (a.figures["complaints.total"], a.figures["fees.yuan"]) == (1, 150)
    b = compile_document(agency=world.agency_b, year=YEAR, scope="agency")
    assert b.figures["requests.channel.in_person"] == 6  # the counter-entered online one is online
    assert b.figures["requests.channel.online"] == 1
    assert (b.figures["complaints.total"], b.figures["fees.yuan"]) == (0, 0)  # the unpaid 200 元 is no income
    town = compile_document(agency=world.town, year=YEAR, scope="agency")
    assert town.figures["requests.new"] == 0
    assert town.figures["complaints.total"] == 0


def test_the_ledger_agrees_with_the_table_and_nothing_fails_validation(year_of_activity):
    world = year_of_activity
    cases = [(agency, "agency") for agency, _, _ in expected_by_agency(world)]
    cases += [(world.city, "aggregate"), (world.district, "aggregate")]
    for agency, scope in cases:
        document = compile_document(agency=agency, year=YEAR, scope=scope)  # type: ignore[arg-type]
        counts = ledger(agency=agency, year=YEAR, scope=scope)  # type: ignore[arg-type]
        total = document.tables["requests"]["rows"]
        assert counts.received_in_year == total["new"][-1], agency.name
        assert counts.finalized_in_year == total["r7_total"][-1], agency.name
        assert counts.open_at_year_end == total["carried_out"][-1], agency.name
        assert counts.fees_collected_yuan == document.figures["fees.yuan"], agency.name
        issues = validate(document, ledger=counts)
        assert [issue for issue in issues if issue.severity == "error"] == [], agency.name
        # The one warning left: section 六 is staff's to write, and it does not mention the fees yet.
        assert {(issue.rule, issue.severity) for issue in issues} <= {("V9", "warning")}, agency.name
    city = ledger(agency=world.city, year=YEAR, scope="aggregate")
    assert (city.received_in_year, city.finalized_in_year, city.open_at_year_end) == (28, 28, 5)
    assert city.fees_collected_yuan == 150


def test_a_corrected_request_stays_in_its_receipt_year(year_of_activity):
    world = year_of_activity
    restarted = DisclosureRequest.objects.get(restarted_on=d("2026-01-05"))
    assert restarted.received_on == d("2025-12-26")
    a_2026 = compile_document(agency=world.agency_a, year=2026, scope="agency")
    rows = a_2026.tables["requests"]["rows"]
    # Not new again in 2026: carried in from 2025 with the other request still open, finalized in 2026.
    assert rows["new"] == ZERO
    assert rows["carried_in"] == [1, 1, 0, 0, 0, 0, 2]
    assert rows["r1_open"] == [1, 0, 0, 0, 0, 0, 1]


def test_the_year_end_carries_over_from_2024_to_2025(year_of_activity):
    world = year_of_activity
    y2024 = compile_document(agency=world.city, year=2024, scope="aggregate")
    y2025 = compile_document(agency=world.city, year=2025, scope="aggregate")
    assert y2024.tables["requests"]["rows"]["carried_out"] == y2025.tables["requests"]["rows"]["carried_in"]
    # The one decided in 2024 counts there, and its table shows the three still pending into 2025.
    assert y2024.tables["appeals"]["reconsideration"] == {
        "upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2,
    }  # fmt: skip
    assert y2024.tables["appeals"]["litigation_direct"]["pending"] == 1
    assert y2024.tables["appeals"]["litigation_after_reconsideration"]["pending"] == 1


# --- the 2019 trial format and older years ------------------------------------------------------------


def test_the_2019_format_folds_the_three_other_rows_into_one(year_of_activity):
    world = year_of_activity
    fmt = FORMATS["2019"]
    assert fmt.requests is not None
    three = table_three(agencies=Agency.objects.subtree_of(world.city), year=YEAR)
    folded = requests_table(three, fmt)
    assert list(folded["rows"]) == list(fmt.requests.row_keys)
    assert "r6_1" not in folded["rows"]
    assert folded["rows"]["r6"] == [0, 0, 2, 1, 1, 1, 5]  # （六）1 NGO + （六）2 LAW + （六）3 RES 2, OTH 1
    assert folded["rows"]["r7_total"] == CITY_AGGREGATE["r7_total"]
    assert len(folded["rows"]) == 23

    # A 2020 report is compiled in the 2019 format: the withdrawal of June 2020 is its only （六）.
    y2020 = compile_document(agency=world.city, year=2020, scope="agency")
    assert y2020.format == "2019"
    rows = y2020.tables["requests"]["rows"]
    assert list(rows) == list(fmt.requests.row_keys)
    assert rows["new"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["r6"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["r7_total"] == [1, 0, 0, 0, 0, 0, 1]
    assert y2020.tables["proactive"]["format"] == "2019"


@pytest.mark.parametrize("year", [2018, 2008])
def test_a_year_before_2019_cannot_be_compiled(world, year):
    with pytest.raises(InvalidInput) as caught:
        compile_document(agency=world.city, year=year, scope="agency")
    assert caught.value.message == (
        f"{year}年的年度报告采用2019年以前的统计表，只能导入历史报告，不能由平台数据生成"
    )


def test_an_unknown_scope_is_refused_in_chinese(world):
    with pytest.raises(InvalidInput, match="未知的统计范围"):
        compile_document(agency=world.city, year=YEAR, scope="everything")  # type: ignore[arg-type]


# --- cost -----------------------------------------------------------------------------------------------

# What compile_document(scope="aggregate") costs whatever the size of the tree: one grouped query per
# table or figure family. Raising it needs a reason, and never a query per agency.
AGGREGATE_QUERIES = 8


def small_tree(world: Any, name: str, size: int, first_serial: int) -> Agency:
    """A government with `size` agencies in all: departments under it and under one county, each with a
    request answered in 2025, a case and a complaint every few agencies."""
    desk = Desk(world)
    serial = iter(range(first_serial, first_serial + size))

    def add(title: str, kind: str, parent: Agency | None) -> Agency:
        return agency_services.agency_create(
            actor=None, name=title, kind=kind, level="city", code=fictional_uscc(next(serial)), parent=parent
        )

    root = add(f"{name}人民政府", "government", None)
    county = add(f"{name}某县人民政府", "government", root) if size > 2 else root
    made = [root, county] if county != root else [root]
    while len(made) < size:
        parent = root if len(made) % 2 else county
        made.append(add(f"{name}第{len(made)}局", "department", parent))
    for i, agency in enumerate(made):
        request = desk.submit(agency, NP, "2025-03-03")
        desk.reply(request, "r1_open" if i % 2 else "r4_1", "2025-03-10")
        if i % 3 == 0:
            desk.appeal(agency, RECON, "2025-04-01", "upheld", "2025-05-06")
            desk.complaint(agency, "2025-04-02")
    assert Agency.objects.subtree_of(root).count() == size
    return root


def test_the_aggregate_costs_the_same_queries_for_3_and_for_30_agencies(world, django_assert_max_num_queries):
    small = small_tree(world, "小", 3, 7000)
    large = small_tree(world, "大", 30, 7100)
    compile_document(agency=world.city, year=YEAR, scope="aggregate")  # warm any per-process caches
    counts = []
    for root in (small, large):
        with django_assert_max_num_queries(AGGREGATE_QUERIES), CaptureQueriesContext(connection) as queries:
            document = compile_document(agency=root, year=YEAR, scope="aggregate")
        counts.append(len(queries))
        size = Agency.objects.subtree_of(root).count()
        assert document.figures["requests.new"] == size
        assert document.figures["reconsideration.upheld"] == (size + 2) // 3
    assert counts[0] == counts[1]


def test_the_compiled_year_is_a_date_range_not_a_guess(world):
    # A request received on 31 December is the year's; one on 1 January is the next year's.
    desk = Desk(world)
    desk.submit(world.agency_a, NP, "2025-12-31")
    desk.submit(world.agency_a, NP, "2026-01-01")
    document = compile_document(agency=world.agency_a, year=YEAR, scope="agency")
    assert document.tables["requests"]["rows"]["new"][-1] == 1
    assert document.tables["requests"]["rows"]["carried_out"][-1] == 1
