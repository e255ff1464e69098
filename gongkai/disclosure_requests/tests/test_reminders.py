"""`gongkai send-reminders`: one email per member of staff who handles requests, listing their
agency's overdue and soon-due requests; each request claimed once a day by a conditional UPDATE so a
second run (or a concurrent one) sends nothing more; --dry-run sends and claims nothing. Due dates that
could not be computed are retried first."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from gongkai.core import calendar
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.models import AuditEntry
from gongkai.core.workdays import parse_schedule
from gongkai.disclosure_requests import selectors, services
from gongkai.disclosure_requests.models import DisclosureRequest

ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)
TODAY = date(2026, 3, 16)


def submit(world, received_on, *, agency=None, actor=None, title="申请"):
    return services.request_submit(
        actor=actor or world.clerk_a,
        agency=agency or world.agency_a,
        applicant=services.Applicant(
            type="natural_person",
            name="张三",
            id_type="resident_id",
            id_number=RESIDENT_ID,
            phone="13800000000",
        ),
        info=services.InfoRequested(title=title),
        channel="in_person",
        received_on=received_on,
    ).request


@pytest.fixture
def staged(world):
    for username in ("clerk_a", "head_a", "reviewer_a", "clerk_b"):
        User.objects.filter(username=username).update(email=f"{username}@example.gov.cn")
    with time_machine.travel(TODAY, tick=False):
        requests = {
            "overdue": submit(world, date(2026, 2, 9), title="逾期的申请"),  # due 2026-03-13
            "soon": submit(world, date(2026, 2, 12), title="快到期的申请"),  # due 2026-03-18
            "later": submit(world, date(2026, 2, 16), title="还有时间"),  # due 2026-03-20
            "b_soon": submit(
                world, date(2026, 2, 13), agency=world.agency_b, actor=world.clerk_b, title="公安局"
            ),
        }
        paused = submit(world, date(2026, 2, 10), title="征求意见中")
        services.request_accept(actor=world.clerk_a, request=paused, on=date(2026, 2, 10))
        services.consultation_start(
            actor=world.clerk_a, request=paused, party="某公司", sent_on=date(2026, 2, 11)
        )
        mail.outbox.clear()  # applicant notices are not what these tests count
        yield requests


def run(*args):
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("send-reminders", *args, stdout=out)
    return out.getvalue()


def test_one_email_per_person_listing_their_requests(staged):
    output = run()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == ["clerk_a@example.gov.cn", "clerk_b@example.gov.cn", "head_a@example.gov.cn"]
    clerk_a = by_person["clerk_a@example.gov.cn"]
    assert clerk_a.subject == "【政府信息公开】2件申请已超期或即将到期"
    assert staged["overdue"].number in clerk_a.body
    assert staged["soon"].number in clerk_a.body
    assert staged["later"].number not in clerk_a.body
    assert "征求意见中" not in clerk_a.body  # the clock is stopped: nothing can be overdue
    assert "已超期" in clerk_a.body
    assert "即将到期" in clerk_a.body
    assert staged["b_soon"].number in by_person["clerk_b@example.gov.cn"].body
    assert staged["b_soon"].number not in by_person["head_a@example.gov.cn"].body
    assert "已发送提醒：3封" in output
    claimed = set(DisclosureRequest.objects.filter(reminder_sent_on=TODAY).values_list("number", flat=True))
    assert claimed == {staged["overdue"].number, staged["soon"].number, staged["b_soon"].number}


def test_running_twice_the_same_day_sends_nothing_more(staged):
    run()
    assert len(mail.outbox) == 3
    output = run()
    assert len(mail.outbox) == 3
    assert "已发送提醒：0封" in output


def test_the_next_day_reminds_again(staged):
    run()
    mail.outbox.clear()
    with time_machine.travel(date(2026, 3, 17), tick=False):
        call_command("send-reminders", stdout=StringIO())
    assert len(mail.outbox) == 3


def test_a_request_claimed_by_a_concurrent_run_is_not_sent_twice(staged, monkeypatch):
    with time_machine.travel(TODAY, tick=False):
        stale = list(selectors.reminder_candidates(TODAY))  # what this run read before the other claimed
    DisclosureRequest.objects.filter(pk=staged["overdue"].pk).update(
        reminder_sent_on=TODAY
    )  # the other worker
    monkeypatch.setattr(selectors, "reminder_candidates", lambda today: stale)
    run()
    clerk_a = next(m for m in mail.outbox if m.to == ["clerk_a@example.gov.cn"])
    assert staged["overdue"].number not in clerk_a.body
    assert staged["soon"].number in clerk_a.body


def test_dry_run_sends_nothing_and_claims_nothing(staged):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not DisclosureRequest.objects.filter(reminder_sent_on__isnull=False).exists()
    assert "将提醒 clerk_a <clerk_a@example.gov.cn>：2件" in output
    assert "将发送提醒：3封" in output
    run()
    assert len(mail.outbox) == 3  # the dry run left everything for the real one


def test_staff_without_email_get_nothing_and_the_request_stays_unclaimed(world, staged):
    User.objects.filter(username="clerk_b").update(email="")
    run()
    assert "clerk_b@example.gov.cn" not in [m.to[0] for m in mail.outbox]
    assert DisclosureRequest.objects.get(pk=staged["b_soon"].pk).reminder_sent_on is None


def test_due_dates_missing_a_holiday_schedule_are_recomputed_once_it_is_imported(world):
    with time_machine.travel(date(2026, 12, 21), tick=False):
        late = submit(world, date(2026, 12, 18), title="年底的申请")
    assert late.due_on is None
    assert "2027" in late.deadline_problem
    with time_machine.travel(date(2026, 12, 21), tick=False):
        call_command("send-reminders", stdout=StringIO())
    assert AuditEntry.objects.filter(action="request.deadline_recomputed").count() == 0  # still unknown
    schedule = parse_schedule({"year": 2027, "source": "测试用安排", "off": ["2027-01-01"], "work": []})
    calendar.holiday_schedule_save(actor=None, schedule=schedule)
    with time_machine.travel(date(2026, 12, 21), tick=False):
        output = StringIO()
        call_command("send-reminders", stdout=output)
    recomputed = DisclosureRequest.objects.get(pk=late.pk)
    assert (recomputed.due_on, recomputed.deadline_problem) == (date(2027, 1, 18), "")
    assert "重新计算答复期限：1件" in output.getvalue()
    entry = AuditEntry.objects.get(action="request.deadline_recomputed")
    assert entry.target_id == str(late.pk)
    assert entry.changes["due_on"] == [None, "2027-01-18"]
