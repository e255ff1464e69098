"""A due date that falls in a year without a holiday schedule is never guessed: the request is flagged
(no due date, the problem named) until the schedule is imported and the next step recomputes it."""

from __future__ import annotations

import pytest

from gongkai.core import calendar
from gongkai.core.errors import InvalidInput
from gongkai.core.workdays import YearSchedule
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import INFO, d, fresh, on, person, trail

pytestmark = pytest.mark.django_db

PROBLEM_2027 = "没有2027年的节假日安排（国务院办公厅通知），无法计算工作日。请先导入该年度安排：gongkai holidays import FILE"
SCHEDULE_2027 = YearSchedule(
    year=2027,
    off=frozenset({d("2027-01-01"), *(d(f"2027-02-{day:02d}") for day in range(6, 13))}),
    work=frozenset({d("2027-02-20")}),
    source="国务院办公厅关于2027年部分节假日安排的通知",
)


def submit_on_20_december(world) -> DisclosureRequest:
    with on("2026-12-20"):
        return services.request_submit(
            actor=None, agency=world.agency_a, applicant=person(), info=INFO
        ).request


def test_a_request_due_in_2027_is_flagged(world):
    request = submit_on_20_december(world)
    stored = fresh(request)
    assert stored.received_on == d("2026-12-20")
    assert stored.due_on is None
    assert stored.deadline_problem == PROBLEM_2027
    assert stored.calendar_years == ""
    assert services.explain_deadline(stored) == (PROBLEM_2027,)


def test_a_request_due_on_the_last_day_of_2026_is_not_flagged(world):
    with on("2026-12-03"):
        request = services.request_submit(
            actor=None, agency=world.agency_a, applicant=person(), info=INFO
        ).request
    assert (request.due_on, request.deadline_problem, request.calendar_years) == (d("2026-12-31"), "", "2026")


def test_the_due_date_appears_once_2027_is_imported_and_the_next_step_runs(world):
    request = submit_on_20_december(world)
    with on("2026-12-21"):
        request = services.request_accept(actor=world.clerk_a, request=request, on=d("2026-12-21"))
    assert request.due_on is None
    assert "2027" in request.deadline_problem

    calendar.holiday_schedule_save(actor=None, schedule=SCHEDULE_2027)
    assert fresh(request).due_on is None  # nothing recomputes behind the clerk's back

    with on("2026-12-22"):
        request = services.request_extend(
            actor=world.head_a, request=request, reason="涉及多年档案", on=d("2026-12-22"), days=5
        )
    # 20 working days from 12-20: 12-21 … 12-31 (9), 2027-01-04 … 01-18 (11, 01-01 is off); then 5 more.
    assert request.due_on == d("2027-01-25")
    assert request.deadline_problem == ""
    assert request.calendar_years == "2026,2027"
    assert fresh(request).due_on == d("2027-01-25")


def test_an_accept_after_the_import_computes_the_due_date(world):
    request = submit_on_20_december(world)
    calendar.holiday_schedule_save(actor=None, schedule=SCHEDULE_2027)
    with on("2026-12-21"):
        request = services.request_accept(actor=world.clerk_a, request=request, on=d("2026-12-21"))
    assert (request.due_on, request.deadline_problem) == (d("2027-01-18"), "")


def test_a_paused_flagged_request_knows_its_remaining_days_without_2027(world):
    request = submit_on_20_december(world)
    with on("2026-12-21"):
        request = services.request_accept(actor=world.clerk_a, request=request, on=d("2026-12-21"))
    with on("2026-12-22"):
        request = services.consultation_start(
            actor=world.clerk_a, request=request, party="某公司", sent_on=d("2026-12-22")
        )
    assert (request.due_on, request.paused_remaining_days, request.deadline_problem) == (None, 18, "")


def test_a_correction_period_reaching_into_2027_is_refused_with_the_reason(world):
    request = submit_on_20_december(world)
    before = trail()
    with on("2026-12-28"), pytest.raises(InvalidInput) as caught:
        services.request_correction_ask(
            actor=world.clerk_a, request=request, items="文号", sent_on=d("2026-12-28"), period_days=10
        )
    assert caught.value.message == PROBLEM_2027
    assert trail() == before
    assert fresh(request).correction_requested_on is None


def test_accepting_writes_one_event_and_one_audit_entry_and_recomputes(world):
    request = submit_on_20_december(world)
    calendar.holiday_schedule_save(actor=None, schedule=SCHEDULE_2027)
    before = trail()
    with on("2026-12-21"):
        services.request_accept(actor=world.clerk_a, request=request, on=d("2026-12-21"))
    assert trail() == (before[0] + 1, before[1] + 1)
