"""The supervision board: indicators equal counts taken independently from the records and the annual
report's own selectors, a district supervisor sees only the district, the cost in queries does not grow
with the number of agencies, and the dashboard, XLSX and API show the same rows to the right people."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook  # type: ignore[import-untyped]

from gongkai.agencies import services as agency_services
from gongkai.agencies.models import Agency
from gongkai.annual_reports.compile import compile_document
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import accepted, applicant_of, counter, on
from gongkai.supervision.indicators import board
from gongkai.supervision.tests.trees import flat_tree

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def records(world: Any) -> None:
    """教育局: two replies in 2025 (one late), one request open since January 2026 (overdue by now),
    one received last week; 东湖区教育局: one reply in 2025."""
    first = accepted(world, "2025-03-03")
    with on("2025-03-10"):
        request_services.request_reply(
            actor=world.clerk_a, request=first, outcome="r1_open", replied_on=date(2025, 3, 10)
        )
    late = accepted(world, "2025-05-06", applicant=applicant_of("commercial", 2))
    with on("2025-07-01"):
        request_services.request_reply(
            actor=world.clerk_a, request=late, outcome="r4_1", replied_on=date(2025, 7, 1)
        )
    counter(world, "2026-01-05", applicant=applicant_of("natural_person", 3))
    counter(world, "2026-02-05", applicant=applicant_of("natural_person", 4))
    district = counter(
        world, "2025-04-01", agency=world.district_dept, applicant=applicant_of("natural_person", 5)
    )
    with on("2025-04-02"):
        request_services.request_accept(actor=world.admin, request=district, on=date(2025, 4, 2))
    with on("2025-04-08"):
        request_services.request_reply(
            actor=world.admin, request=district, outcome="r2_partial", replied_on=date(2025, 4, 8)
        )


def test_indicators_match_independent_counts(world: Any, records: None) -> None:
    rows = {row.agency.name: row for row in board(world.city, 2025, today=TODAY).rows}
    edu = rows["明湖市教育局"]
    mine = DisclosureRequest.objects.filter(agency=world.agency_a)
    assert edu.received == sum(1 for r in mine if r.received_on.year == 2025) == 2
    assert edu.replied == 2
    on_time = [
        r for r in mine if r.replied_on is not None and r.due_on is not None and r.replied_on <= r.due_on
    ]
    assert edu.replied_on_time == len(on_time) == 1
    assert edu.on_time_rate == 50.0
    assert edu.open == sum(1 for r in mine if r.finalized_on is None) == 2
    overdue = [r for r in mine if r.finalized_on is None and r.due_on is not None and r.due_on < TODAY]
    assert edu.overdue == len(overdue) == 1
    assert edu.outcomes["r1"] == 1
    assert edu.outcomes["r4"] == 1
    # The same counting rule as the annual report: row 一 of table 三 and the replies of the year.
    table = compile_document(agency=world.agency_a, year=2025, scope="agency").figures
    assert edu.received == table["requests.new"]
    assert edu.replied == table["outcomes.total"]
    assert rows["东湖区教育局"].outcomes["r2"] == 1
    assert rows["明湖市公安局"].received == 0


def test_a_district_supervisor_sees_only_the_district(world: Any, records: None, client: Client) -> None:
    client.force_login(world.district_supervisor)
    page = client.get("/staff/supervision/").content.decode()
    assert "东湖区教育局" in page
    assert "明湖市教育局" not in page
    assert client.get(f"/staff/supervision/?agency={world.city.code}").status_code == 404
    client.force_login(world.clerk_a)
    assert client.get("/staff/supervision/").status_code == 404


def test_the_dashboard_and_the_export_show_the_same_rows(world: Any, records: None, client: Client) -> None:
    client.force_login(world.city_supervisor)
    page = client.get("/staff/supervision/?year=2025").content.decode()
    assert f"/staff/requests/?agency={world.agency_a.pk}&amp;due=overdue" in page
    export = client.get("/staff/supervision/export.xlsx?year=2025")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "明湖市教育局" in names
    edu = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == "明湖市教育局")
    assert edu[1:5] == (2, 2, 0, 1)  # received, open, due soon, overdue


def test_the_api_answers_supervisors_only(world: Any, records: None, client: Client) -> None:
    _, token = agency_services.api_token_create(actor=None, user=world.city_supervisor)
    rows = client.get(
        f"/api/v1/supervision/{world.city.code}?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    edu = next(row for row in rows if row["agency"]["name"] == "明湖市教育局")
    assert (edu["received"], edu["overdue"], edu["replied_on_time_rate"]) == (2, 1, 50.0)
    assert edu["report"]["status"] == "missing"
    _, clerk_token = agency_services.api_token_create(actor=None, user=world.clerk_a)
    denied = client.get(f"/api/v1/supervision/{world.city.code}", HTTP_AUTHORIZATION=f"Bearer {clerk_token}")
    assert denied.status_code == 404


def _tree(size: int) -> Agency:
    return flat_tree(size, name="测试市", serial=10000)


def test_the_cost_in_queries_does_not_grow_with_the_subtree(db: Any) -> None:
    counts = []
    for size in (10, 200):
        root = _tree(size)
        with CaptureQueriesContext(connection) as captured:
            result = board(root, 2025, today=TODAY)
        assert len(result.rows) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 10


def test_the_api_gives_the_published_assessment_score(world: Any, records: None, client: Client) -> None:
    from decimal import Decimal

    from gongkai.assessments.models import Scheme, Status
    from gongkai.assessments.scoring import AgencyResult, Outcome

    frozen = Outcome(
        computed_on="2026-02-10",
        report_year=2024,
        threshold=Decimal(80),
        indicators=[],
        rows=[
            AgencyResult(
                key=world.agency_a.pk,
                name=world.agency_a.name,
                code=world.agency_a.code,
                path=world.agency_a.path,
                figures={},
                scores={},
                notes={},
                total=Decimal("87.5"),
                rank=1,
            )
        ],
    )
    Scheme.objects.create(root=world.city, year=2025, status=Status.PUBLISHED, results=frozen.to_json())
    _, token = agency_services.api_token_create(actor=None, user=world.city_supervisor)
    rows = client.get(
        f"/api/v1/supervision/{world.city.code}?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    scores = {row["agency"]["name"]: row["score"] for row in rows}
    assert scores["明湖市教育局"] == 87.5
    assert scores["明湖市公安局"] is None


def test_the_api_costs_the_same_queries_at_10_and_200_agencies(db: Any, client: Client) -> None:
    counts = []
    for size in (10, 200):
        root = _tree(size)
        supervisor, _ = agency_services.staff_create(
            actor=None, username=f"sv{size}", agency=root, role="supervisor", password="Persona-pass-2026"
        )
        _, token = agency_services.api_token_create(actor=None, user=supervisor)
        # Once first: the holiday calendar and other per-process caches load on the first call.
        client.get(f"/api/v1/supervision/{root.code}?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                f"/api/v1/supervision/{root.code}?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
        assert response.status_code == 200
        assert len(response.json()) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
