"""`gongkai demo`'s years of 依申请公开: every row of table 三, every applicant and channel, a current
docket in every open state, due dates the services would compute, and nothing dated after today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Max

from gongkai.agencies.models import Membership, Role
from gongkai.appeals.models import Appeal, AppealKind, AppealResult, Complaint
from gongkai.core import calendar
from gongkai.core.models import AuditEntry
from gongkai.core.workdays import WorkingDayCalendar, load_bundled_schedules
from gongkai.demo import city
from gongkai.demo import requests as demo_requests
from gongkai.disclosure_requests import outcomes, services
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Channel,
    DisclosureRequest,
    FeeNotice,
    RequestEvent,
)
from gongkai.disclosure_requests.workflow import OPEN, Action

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SCALE = 0.1


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(demo_requests, "DEFAULT_SCALE", SCALE)
    with time_machine.travel(NOON, tick=False):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def request_rows() -> list[tuple[Any, ...]]:
    return list(
        DisclosureRequest.objects.order_by("number").values_list(
            "number",
            "agency__name",
            "applicant_name",
            "id_number",
            "info_title",
            "channel",
            "received_on",
            "status",
            "outcome",
            "due_on",
            "replied_on",
        )
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("small_demo")
def test_running_the_demo_twice_creates_nothing_the_second_time():
    out = run()
    assert "件依申请公开记录（2023—2026年" in out
    counts = (DisclosureRequest.objects.count(), RequestEvent.objects.count(), AuditEntry.objects.count())
    rows = request_rows()

    out = run()

    assert "已存在" in out
    assert (
        DisclosureRequest.objects.count(),
        RequestEvent.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert request_rows() == rows


# Transactional: the reset flushes the database, which PostgreSQL refuses inside a test's transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("small_demo")
def test_reset_rebuilds_the_same_requests():
    run()
    before = request_rows()
    run("--reset")
    assert request_rows() == before


def test_the_plan_is_the_same_on_every_call():
    cal = WorkingDayCalendar(load_bundled_schedules())
    first = demo_requests.plan_requests(today=TODAY, cal=cal, scale=SCALE)
    second = demo_requests.plan_requests(today=TODAY, cal=cal, scale=SCALE)
    assert first == second
    assert [p.received_on for p in first] == sorted(p.received_on for p in first)
    assert max(p.received_on for p in first) <= TODAY
    assert {p.received_on.year for p in first} == {2023, 2024, 2025, 2026}


def test_the_full_plan_is_a_few_thousand_requests():
    cal = WorkingDayCalendar(load_bundled_schedules())
    plans = demo_requests.plan_requests(today=TODAY, cal=cal)
    assert 1500 <= len(plans) <= 2500
    per_desk_2025 = [sum(1 for p in plans if p.desk == i and p.received_on.year == 2025) for i in range(12)]
    assert min(per_desk_2025) >= 25
    assert max(per_desk_2025) <= 120


class TestBuiltDemo:
    """One small build, shared by the read-only checks below (rolled back when the class is done)."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def built(cls, django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
        with (
            time_machine.travel(NOON, tick=False),
            django_db_blocker.unblock(),
            demo_requests.mail_to_nowhere(),
            transaction.atomic(),
        ):
            city.build_city(stdout=StringIO())
            demo_requests.build_requests(stdout=StringIO(), scale=SCALE)
            yield
            transaction.set_rollback(True)

    @pytest.fixture(autouse=True)
    def _db(self, db: None) -> None:
        """Each test runs in a savepoint inside the class's build."""

    def test_every_outcome_row_of_table_three_occurs(self):
        seen = set(DisclosureRequest.objects.exclude(outcome="").values_list("outcome", flat=True))
        assert seen == set(outcomes.KEYS)
        withdrawn = DisclosureRequest.objects.filter(withdrawn_on__isnull=False)
        assert set(withdrawn.values_list("outcome", flat=True)) == {"r6_3"}
        assert not DisclosureRequest.objects.filter(
            outcome="r6_1", correction_requested_on__isnull=True
        ).exists()
        assert not DisclosureRequest.objects.filter(outcome="r4_3", restarted_on__isnull=True).exists()
        assert FeeNotice.objects.filter(request__outcome="r6_2", paid_on__isnull=True).count() == (
            DisclosureRequest.objects.filter(outcome="r6_2").count()
        )

    def test_every_applicant_type_and_channel_occurs(self):
        requests = DisclosureRequest.objects.all()
        assert set(requests.values_list("applicant_type", flat=True)) == set(ApplicantType.values)
        assert set(requests.values_list("channel", flat=True)) == set(Channel.values)
        natural = requests.filter(applicant_type=ApplicantType.NATURAL_PERSON).count()
        assert 0.6 < natural / requests.count() < 0.9
        assert requests.filter(oral=True, channel=Channel.IN_PERSON).exists()

    def test_every_year_from_2023_to_today_has_requests_and_nothing_is_after_today(self):
        years = set(DisclosureRequest.objects.values_list("received_on__year", flat=True))
        assert years == {2023, 2024, 2025, 2026}
        latest = DisclosureRequest.objects.aggregate(
            r=Max("received_on"), a=Max("replied_on"), f=Max("finalized_on")
        )
        assert all(day <= TODAY for day in latest.values())
        assert RequestEvent.objects.aggregate(on=Max("on"))["on"] <= TODAY

    def test_the_current_docket_has_every_open_state_some_overdue_and_some_due_soon(self):
        open_requests = DisclosureRequest.objects.open()
        assert set(open_requests.values_list("status", flat=True)) == set(OPEN)
        assert {d.year for d in open_requests.values_list("received_on", flat=True)} == {2026}
        overdue = DisclosureRequest.objects.overdue(TODAY)
        assert overdue.count() >= len(demo_requests.DOCKET["overdue"])
        due_soon = DisclosureRequest.objects.due_between(TODAY, calendar.add_working_days(TODAY, 3))
        assert due_soon.count() >= len(demo_requests.DOCKET["due_soon"])
        assert DisclosureRequest.objects.filter(
            replied_on__gt=F("due_on"), outcome__in=outcomes.REPLY_CHOICES
        ).exists()

    def test_stored_due_dates_are_what_the_services_compute(self):
        requests = DisclosureRequest.objects.prefetch_related("consultations", "fees")
        assert requests.count() > 200
        for request in requests:
            stored = (request.due_on, request.paused_remaining_days, request.deadline_problem)
            services.recompute_deadline(request)
            assert (request.due_on, request.paused_remaining_days, request.deadline_problem) == stored, (
                request.number
            )

    def test_extensions_and_delays_are_approved_by_the_agencys_office_head(self):
        steps = RequestEvent.objects.filter(action__in=[Action.EXTEND, Action.DELAY]).select_related(
            "request"
        )
        assert steps.filter(action=Action.EXTEND).exists()
        assert steps.filter(action=Action.DELAY).exists()
        for step in steps:
            assert Membership.objects.filter(
                user=step.actor, agency=step.request.agency, role=Role.OFFICE_HEAD
            ).exists(), step.request.number

    def test_fees_are_charged_both_ways_paid_and_unpaid(self):
        notices = FeeNotice.objects.all()
        assert {(n.mode, n.paid_on is None) for n in notices} == {
            ("per_request", False),
            ("per_request", True),
            ("per_page", False),
            ("per_page", True),
        }
        assert FeeNotice.objects.filter(mode="per_request", nth_in_month__gte=11).count() == (
            FeeNotice.objects.filter(mode="per_request").count()
        )

    def test_appeals_are_linked_to_replies_and_some_are_still_pending(self):
        appeals = Appeal.objects.select_related("request")
        results = {a.result for a in appeals}
        assert AppealResult.PENDING in results
        assert results - {AppealResult.PENDING}
        assert {a.kind for a in appeals} <= set(AppealKind.values)
        for appeal in appeals:
            assert appeal.request is not None
            assert appeal.request.agency_id == appeal.agency_id
            assert appeal.request.replied_on is not None
            assert appeal.request.replied_on <= appeal.filed_on <= TODAY
            assert (appeal.decided_on is None) == (appeal.result == AppealResult.PENDING)
        complaints = Complaint.objects.all()
        assert {c.handled_on is None for c in complaints} == {True, False}
