"""`gongkai send-digests`: one weekly email per office head covering their agency (or, for the head of
the government's 政府信息公开工作主管部门, the government's whole subtree), listing overdue and soon-due
requests and late publications; claimed by a DigestSent row so it goes out once per ISO week per person,
a failed send is retried, and a dry run sends and records nothing."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD
from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.catalogue import services as item_services
from gongkai.catalogue.models import Item
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import counter, d, on, person
from gongkai.supervision import digest as digests
from gongkai.supervision.models import DigestSent

pytestmark = pytest.mark.django_db

TODAY = d("2026-03-16")  # a Monday, ISO week 2026-W12
ALL_TICKED = dict.fromkeys(REVIEW_CHECKLIST, True)


@dataclass
class Offices:
    city_office: Agency  # 明湖市人民政府办公室: oversees disclosure for the whole city
    district_office: Agency  # 东湖区人民政府办公室: oversees disclosure for the district
    city_office_head: User
    district_office_head: User
    town_head: User  # head of a township office with nothing to report


def _overseeing_office(name: str, serial: int, parent: Agency) -> Agency:
    agency = agency_services.agency_create(
        actor=None,
        name=name,
        kind="department",
        level=parent.level,
        code=fictional_uscc(serial),
        parent=parent,
    )
    Agency.objects.filter(pk=agency.pk).update(oversees_disclosure=True)
    return Agency.objects.get(pk=agency.pk)


def _head(username: str, agency: Agency) -> User:
    user, _ = agency_services.staff_create(
        actor=None,
        username=username,
        agency=agency,
        role="office_head",
        password=PASSWORD,
        email=f"{username}@example.gov.cn",
    )
    return user


@pytest.fixture
def offices(world: Any) -> Offices:
    for user in (world.head_a, world.clerk_a, world.city_supervisor, world.district_supervisor, world.admin):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.gov.cn")
    city_office = _overseeing_office("明湖市人民政府办公室", 90, world.city)
    district_office = _overseeing_office("东湖区人民政府办公室", 91, world.district)
    return Offices(
        city_office=city_office,
        district_office=district_office,
        city_office_head=_head("city_office_head", city_office),
        district_office_head=_head("district_office_head", district_office),
        town_head=_head("town_head", world.town),
    )


def _published(world: Any, title: str, created: str, published: str) -> Item:
    item = item_services.item_create(
        actor=world.clerk_a,
        agency=world.agency_a,
        data=ItemInput(title=title, created_on=d(created), category=11, body="<p>正文</p>"),
    )
    item_services.item_submit(actor=world.clerk_a, item=item)
    item_services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    return item_services.item_publish(actor=world.clerk_a, item=item, published_on=d(published))


@pytest.fixture
def staged(world: Any, offices: Offices) -> dict[str, Any]:
    records: dict[str, Any] = {
        "a_overdue": counter(world, "2026-02-09", applicant=person(1)),  # due 2026-03-13
        "a_soon": counter(world, "2026-02-12", applicant=person(2)),  # due 2026-03-18
        "a_later": counter(world, "2026-02-16", applicant=person(3)),  # due 2026-03-20
        "b_soon": counter(world, "2026-02-13", agency=world.agency_b, applicant=person(4)),  # due 2026-03-19
        "district_overdue": counter(world, "2026-02-09", agency=world.district_dept, applicant=person(5)),
    }
    with on(TODAY):
        records["late"] = _published(world, "晚发布的招生通知", "2026-01-05", "2026-03-12")
        records["late_long_ago"] = _published(world, "上月晚发布的通知", "2026-01-05", "2026-03-02")
        records["on_time"] = _published(world, "按时发布的通知", "2026-03-02", "2026-03-13")
        waiting = item_services.item_create(
            actor=world.clerk_a,
            agency=world.agency_a,
            data=ItemInput(title="待审核的通知", created_on=TODAY, category=11, body="<p>正文</p>"),
        )
        item_services.item_submit(actor=world.clerk_a, item=waiting)
    mail.outbox.clear()  # applicant notices are not what these tests count
    return records


def run(*args: str, day: date = TODAY) -> str:
    out = StringIO()
    with on(day):
        call_command("send-digests", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def by_recipient() -> dict[str, Any]:
    return {m.to[0].split("@")[0]: m for m in mail.outbox}


# --- recipients and reach ---------------------------------------------------------------------------


def test_each_office_head_gets_one_email_over_their_reach(world, offices, staged):
    output = run()
    mails = by_recipient()
    # Supervisors, clerks and the administrator are not recipients; the township head has nothing.
    assert sorted(mails) == ["city_office_head", "district_office_head", "head_a"]
    numbers = {k: v.number for k, v in staged.items() if isinstance(v, DisclosureRequest)}

    department = mails["head_a"].body
    assert numbers["a_overdue"] in department
    assert numbers["a_soon"] in department
    assert numbers["b_soon"] not in department  # another department
    assert numbers["district_overdue"] not in department

    city = mails["city_office_head"].body
    # The whole subtree of the city government, districts included.
    for key in ("a_overdue", "a_soon", "b_soon", "district_overdue"):
        assert numbers[key] in city
    assert "明湖市公安局" in city
    assert "东湖区教育局" in city

    district = mails["district_office_head"].body
    assert numbers["district_overdue"] in district
    assert numbers["a_overdue"] not in district
    assert numbers["b_soon"] not in district

    assert "已发送3封，跳过0人（本周已发送），1人无需提醒（2026-W12）" in output


def test_several_memberships_make_one_email_covering_all(world, offices, staged):
    agency_services.membership_grant(actor=None, user=world.head_a, agency=world.agency_b, role="office_head")
    run()
    head_a = [m for m in mail.outbox if m.to == ["head_a@example.gov.cn"]]
    assert len(head_a) == 1
    assert staged["a_overdue"].number in head_a[0].body
    assert staged["b_soon"].number in head_a[0].body
    assert head_a[0].subject == "【政府信息公开】每周督办摘要（2026-W12）：超期1件，即将到期2件，超时发布1条"


def test_reach_matches_the_report_review_permission(world, offices):
    """The overseeing office's reach is what permissions give it for reviewing annual reports."""
    from gongkai.agencies.permissions import Perm, agencies_with

    reaches = {r.user.username: r for r in digests.recipients()}
    assert sorted(reaches) == ["city_office_head", "district_office_head", "head_a", "town_head"]
    for username in ("city_office_head", "district_office_head"):
        user = User.objects.get(username=username)
        expected = set(agencies_with(user, Perm.REVIEW_REPORTS).values_list("pk", flat=True))
        assert {a.pk for a in Agency.objects.all() if reaches[username].covers(a)} == expected
    assert {a.pk for a in Agency.objects.all() if reaches["head_a"].covers(a)} == {world.agency_a.pk}


def test_inactive_people_get_nothing(world, offices, staged):
    User.objects.filter(pk=offices.city_office_head.pk).update(is_active=False)
    run()
    assert "city_office_head" not in by_recipient()


# --- content -----------------------------------------------------------------------------------------


def test_content_lists_overdue_soon_and_late_with_working_days(world, offices, staged):
    run()
    body = by_recipient()["head_a"].body
    assert body.startswith("head_a：\n")
    assert "==== 明湖市教育局 ====" in body
    overdue, soon = staged["a_overdue"].number, staged["a_soon"].number
    assert f"· {overdue} 2025年明湖市义务教育学校招生计划：答复期限2026-03-13，已超期1个工作日" in body
    assert f"· {soon} 2025年明湖市义务教育学校招生计划：答复期限2026-03-18，还剩2个工作日" in body
    assert staged["a_later"].number not in body  # due in 4 working days
    assert (
        body.index("超期未答复（1件）")
        < body.index(overdue)
        < body.index("3个工作日内到期（1件）")
        < body.index(soon)
    )
    assert "晚发布的招生通知：2026-01-05生成，2026-03-12发布，用时" in body
    assert staged["late"].index_number in body
    assert "上月晚发布的通知" not in body  # published late, but not in the last 7 days
    assert "按时发布的通知" not in body
    # Items waiting at one's own agency are mentioned; they are the head's to review.
    assert "待审核的主动公开信息：1条" in body
    assert "\n\n\n" not in body


def test_waiting_items_are_only_mentioned_at_ones_own_agency(world, offices, staged):
    run()
    assert "待审核" not in by_recipient()["city_office_head"].body


def test_links_are_site_relative_without_a_site_url(world, offices, staged):
    run()
    message = by_recipient()["head_a"]
    number = staged["a_overdue"].number
    assert f"　/staff/requests/{number}/" in message.body
    assert f"/staff/catalogue/{staged['late'].pk}/" in message.body
    assert f"/staff/requests/?agency={world.agency_a.pk}&due=overdue" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="/staff/requests/{number}/"' in html


@override_settings(GONGKAI_SITE_URL="https://gongkai.example.gov.cn/")
def test_links_are_absolute_with_a_site_url(world, offices, staged):
    run()
    message = by_recipient()["head_a"]
    assert f"https://gongkai.example.gov.cn/staff/requests/{staged['a_overdue'].number}/" in message.body


def test_the_summary_is_recorded(world, offices, staged):
    run()
    row = DigestSent.objects.get(user=world.head_a)
    assert row.week == "2026-W12"
    assert row.summary["agencies"] == [
        {
            "id": world.agency_a.pk,
            "name": "明湖市教育局",
            "overdue": [staged["a_overdue"].number],
            "soon": [staged["a_soon"].number],
            "late": [staged["late"].index_number],
            "awaiting_review": 1,
            "awaiting_publication": 0,
        }
    ]


def test_a_missing_holiday_schedule_is_reported_not_fatal(world, offices):
    request = counter(world, "2026-11-02", applicant=person(7))
    assert request.due_on is not None
    # 2027's schedule is not bundled: "3 working days from now" cannot be computed on 29 December.
    run(day=d("2026-12-29"))
    body = by_recipient()["head_a"].body
    assert request.number in body
    assert "尚未录入下一年度的节假日安排" in body


# --- once per week -----------------------------------------------------------------------------------


def test_running_twice_in_the_same_week_sends_once(world, offices, staged):
    run()
    assert len(mail.outbox) == 3
    output = run(day=d("2026-03-19"))  # Thursday of the same ISO week
    assert len(mail.outbox) == 3
    assert "已发送0封，跳过3人（本周已发送），1人无需提醒" in output
    assert DigestSent.objects.count() == 3


def test_the_next_week_sends_again(world, offices, staged):
    run()
    mail.outbox.clear()
    run(day=d("2026-03-23"))
    assert sorted(by_recipient()) == ["city_office_head", "district_office_head", "head_a"]
    assert set(DigestSent.objects.values_list("week", flat=True)) == {"2026-W12", "2026-W13"}


def test_a_person_claimed_by_a_concurrent_run_is_not_sent_twice(world, offices, staged, monkeypatch):
    DigestSent.objects.create(user=world.head_a, week="2026-W12")  # the other worker, after we read
    monkeypatch.setattr(digests, "already_sent", lambda week: set())
    output = run()
    assert "head_a" not in by_recipient()
    assert "已发送2封，跳过1人（本周已发送）" in output


def test_a_failed_send_rolls_the_claim_back_and_is_retried(world, offices, staged, monkeypatch):
    original = EmailMultiAlternatives.send

    def flaky(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        if self.to == ["head_a@example.gov.cn"]:
            raise ConnectionRefusedError("SMTP down")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    output = run()
    assert sorted(by_recipient()) == ["city_office_head", "district_office_head"]
    assert not DigestSent.objects.filter(user=world.head_a).exists()
    assert "已发送2封，跳过0人（本周已发送），1人无需提醒，1封发送失败" in output

    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    run(day=d("2026-03-17"))
    assert "head_a" in by_recipient()
    assert DigestSent.objects.filter(user=world.head_a, week="2026-W12").exists()


def test_dry_run_sends_and_records_nothing(world, offices, staged):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not DigestSent.objects.exists()
    assert "将发送给 head_a <head_a@example.gov.cn>：超期1件，即将到期1件，超时发布1条" in output
    assert "将发送3封，跳过0人（本周已发送），1人无需提醒" in output
    run()
    assert len(mail.outbox) == 3  # the dry run left everything for the real one


def test_dry_run_at_verbosity_two_prints_the_email(world, offices, staged):
    output = run("--dry-run", "--verbosity=2")
    assert staged["a_overdue"].number in output
    assert "主题：【政府信息公开】每周督办摘要（2026-W12）" in output


def test_nothing_to_report_sends_and_records_nothing(world, offices):
    output = run()
    assert mail.outbox == []
    assert not DigestSent.objects.exists()
    assert "已发送0封，跳过0人（本周已发送），4人无需提醒" in output


def test_a_head_without_an_email_address_is_named(world, offices, staged):
    User.objects.filter(pk=world.head_a.pk).update(email="")
    output = run()
    assert "head_a" not in by_recipient()
    assert not DigestSent.objects.filter(user=world.head_a).exists()
    assert "1人未登记电子邮箱" in output


def test_building_costs_the_same_queries_for_more_recipients(world, offices, staged):
    with on(TODAY), CaptureQueriesContext(connection) as few:
        digests.build_digests(TODAY)
    for n in range(5):
        agency = agency_services.agency_create(
            actor=None, name=f"明湖市第{n}局", kind="department", level="city", code=fictional_uscc(200 + n),
            parent=world.city,
        )  # fmt: skip
        _head(f"head_{n}", agency)
    with on(TODAY), CaptureQueriesContext(connection) as many:
        built = digests.build_digests(TODAY)
    assert len(built) == 9
    assert len(many) == len(few)


# --- a real race (PostgreSQL: SQLite serialises whole transactions, there is nothing to race) ----------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sends_deliver_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs row-level locking on the unique index")
    user = User.objects.create(username="head", email="head@example.gov.cn")
    digest = digests.Digest(user, "2026-W12", TODAY, None, [])
    original = EmailMultiAlternatives.send
    sending, release = threading.Event(), threading.Event()

    def slow(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        sending.set()
        release.wait(10)
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", slow)
    results: list[bool] = []

    def attempt() -> None:
        try:
            results.append(digests.digest_send(digest))
        finally:
            connection.close()

    first = threading.Thread(target=attempt)
    first.start()
    assert sending.wait(10)
    second = threading.Thread(target=attempt)
    second.start()
    time.sleep(0.5)
    assert second.is_alive()  # waiting on the first run's uncommitted claim
    release.set()
    first.join(10)
    second.join(10)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=user).count() == 1
