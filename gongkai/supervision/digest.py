"""The weekly digest for office heads (`gongkai send-digests`): per agency of the person's reach, the
overdue requests, those due within 3 working days, catalogue items published late in the last 7 days,
and (for the person's own agencies) the items waiting for review or publication.

Reach: an office head answers for their own agency; the head of the government's 政府信息公开工作主管部门
(an agency with `oversees_disclosure`) answers for the whole subtree of that government, as in
`permissions.agencies_with(user, Perm.REVIEW_REPORTS)`. Supervisors get no digest: they have the
dashboard and do not handle requests.

Every table is read once for all recipients, so the cost does not grow with the number of people."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import Grant
from gongkai.catalogue.models import Item
from gongkai.catalogue.workflow import Status as ItemStatus
from gongkai.core import calendar
from gongkai.core.workdays import WorkingDayCalendar
from gongkai.disclosure_requests import selectors
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.supervision.models import DigestSent

LATE_WINDOW_DAYS = 7  # "published late in the last week": today and the six days before
RECIPIENT_ROLE = Role.OFFICE_HEAD
# Absolute links need the public address of the back office, which the server cannot guess when run
# from a timer; without it the email carries site-relative paths.
SITE_URL_SETTING = "GONGKAI_SITE_URL"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def absolute(path: str) -> str:
    base: str = getattr(settings, SITE_URL_SETTING, "") or ""
    return base.rstrip("/") + path


# --- content -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestLine:
    number: str
    title: str
    due_on: date
    working_days: int | None  # overdue by / left until due; None when the holiday schedule is missing
    calendar_days: int
    url: str


@dataclass(frozen=True)
class ItemLine:
    title: str
    index_number: str
    created_on: date
    published_on: date
    workdays: int | None
    url: str


@dataclass
class AgencySection:
    agency: Agency
    overdue: list[RequestLine] = field(default_factory=list)
    soon: list[RequestLine] = field(default_factory=list)
    late: list[ItemLine] = field(default_factory=list)
    awaiting_review: int = 0
    awaiting_publication: int = 0
    own: bool = False  # one of the person's own agencies, where they review and publish

    @property
    def has_news(self) -> bool:
        return bool(self.overdue or self.soon or self.late)

    @property
    def overdue_url(self) -> str:
        return absolute(
            reverse("requests:list") + "?" + urlencode({"agency": self.agency.pk, "due": "overdue"})
        )

    @property
    def soon_url(self) -> str:
        return absolute(reverse("requests:list") + "?" + urlencode({"agency": self.agency.pk, "due": "soon"}))

    @property
    def review_url(self) -> str:
        query = urlencode({"agency": self.agency.pk, "status": ItemStatus.SUBMITTED.value})
        return absolute(reverse("catalogue:list") + "?" + query)

    @property
    def publication_url(self) -> str:
        query = urlencode({"agency": self.agency.pk, "status": ItemStatus.APPROVED.value})
        return absolute(reverse("catalogue:list") + "?" + query)


@dataclass
class Digest:
    user: User
    week: str
    today: date
    soon_until: date | None  # None: next year's holiday schedule is missing
    sections: list[AgencySection]

    @property
    def has_news(self) -> bool:
        return any(s.has_news for s in self.sections)

    @property
    def news_sections(self) -> list[AgencySection]:
        """Agencies with something to act on, plus the person's own agencies when items wait there."""
        return [
            s
            for s in self.sections
            if s.has_news or (s.own and (s.awaiting_review or s.awaiting_publication))
        ]

    @property
    def overdue_count(self) -> int:
        return sum(len(s.overdue) for s in self.sections)

    @property
    def soon_count(self) -> int:
        return sum(len(s.soon) for s in self.sections)

    @property
    def late_count(self) -> int:
        return sum(len(s.late) for s in self.sections)

    @property
    def greeting_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def subject(self) -> str:
        return (
            f"【政府信息公开】每周督办摘要（{self.week}）："
            f"超期{self.overdue_count}件，即将到期{self.soon_count}件，超时发布{self.late_count}条"
        )

    def summary(self) -> dict[str, Any]:
        """What was sent, kept on the DigestSent row."""
        return {
            "today": self.today.isoformat(),
            "soon_until": self.soon_until.isoformat() if self.soon_until else None,
            "agencies": [
                {
                    "id": s.agency.pk,
                    "name": s.agency.name,
                    "overdue": [line.number for line in s.overdue],
                    "soon": [line.number for line in s.soon],
                    "late": [line.index_number for line in s.late],
                    "awaiting_review": s.awaiting_review,
                    "awaiting_publication": s.awaiting_publication,
                }
                for s in self.news_sections
            ],
        }


def _working_days(cal: WorkingDayCalendar, a: date, b: date) -> int | None:
    try:
        return cal.working_days_between(a, b)
    except calendar.MissingScheduleError:
        return None


@dataclass(frozen=True)
class _Reach:
    user: User
    own_ids: frozenset[int]
    subtree_paths: tuple[str, ...]

    def covers(self, agency: Agency) -> bool:
        return agency.pk in self.own_ids or any(agency.path.startswith(p) for p in self.subtree_paths)


def recipients() -> list[_Reach]:
    """Every active user with an office-head membership at an active agency, with what they answer for,
    in one query. Several memberships make one recipient."""
    rows = (
        Membership.objects.filter(role=RECIPIENT_ROLE, user__is_active=True, agency__active=True)
        .select_related("user", "agency")
        .order_by("user__username", "agency__path")
    )
    users: dict[int, User] = {}
    own: dict[int, set[int]] = defaultdict(set)
    paths: dict[int, list[str]] = defaultdict(list)
    for m in rows:
        users[m.user_id] = m.user
        own[m.user_id].add(m.agency_id)
        if m.agency.oversees_disclosure:
            grant = Grant(RECIPIENT_ROLE, m.agency_id, m.agency.path, oversees_disclosure=True)
            paths[m.user_id].append(grant.government_path)
    return [_Reach(u, frozenset(own[pk]), tuple(paths[pk])) for pk, u in users.items()]


def _request_line(cal: WorkingDayCalendar, r: DisclosureRequest, today: date) -> RequestLine:
    assert r.due_on is not None  # noqa: S101  (overdue and soon-due requests all have a due date)
    before, after = (r.due_on, today) if r.due_on < today else (today, r.due_on)
    return RequestLine(
        number=r.number,
        title=r.info_title,
        due_on=r.due_on,
        working_days=_working_days(cal, before, after),
        calendar_days=(after - before).days,
        url=absolute(reverse("requests:detail", kwargs={"number": r.number})),
    )


def _item_line(item: Item) -> ItemLine:
    assert item.published_on is not None  # noqa: S101  (late items are published)
    return ItemLine(
        title=item.title,
        index_number=item.index_number or "",
        created_on=item.created_on,
        published_on=item.published_on,
        workdays=item.publish_workdays,
        url=absolute(reverse("catalogue:detail", kwargs={"pk": item.pk})),
    )


def build_digests(today: date, reaches: Iterable[_Reach] | None = None) -> list[Digest]:
    """One digest per recipient (including those with nothing to report: the caller skips them)."""
    reaches = list(recipients() if reaches is None else reaches)
    if not reaches:
        return []
    cal = calendar.get_calendar()
    soon_until = selectors.soon_limit(today)
    week = iso_week(today)

    requests = DisclosureRequest.objects.filter(agency__active=True).only(
        "number", "info_title", "due_on", "agency_id", "status"
    )
    overdue: dict[int, list[RequestLine]] = defaultdict(list)
    for r in requests.overdue(today).order_by("due_on", "number"):
        overdue[r.agency_id].append(_request_line(cal, r, today))
    # As in the daily reminder: without next year's schedule only what is due today counts as soon.
    soon: dict[int, list[RequestLine]] = defaultdict(list)
    for r in requests.due_between(today, soon_until or today).order_by("due_on", "number"):
        soon[r.agency_id].append(_request_line(cal, r, today))
    late: dict[int, list[ItemLine]] = defaultdict(list)
    late_items = (
        Item.objects.filter(agency__active=True)
        .public()
        .late()
        .published_between(today - timedelta(days=LATE_WINDOW_DAYS - 1), today)
        .only("title", "index_number", "created_on", "published_on", "publish_workdays", "agency_id")
        .order_by("published_on", "pk")
    )
    for item in late_items:
        late[item.agency_id].append(_item_line(item))
    own_ids = set().union(*(r.own_ids for r in reaches))
    waiting: dict[tuple[int, str], int] = {
        (row["agency_id"], row["status"]): row["n"]
        for row in Item.objects.filter(
            agency_id__in=own_ids, status__in=(ItemStatus.SUBMITTED, ItemStatus.APPROVED)
        )
        .values("agency_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    }
    relevant = own_ids | set(overdue) | set(soon) | set(late)
    agencies = list(Agency.objects.filter(pk__in=relevant).order_by("path"))

    digests = []
    for reach in reaches:
        sections = [
            AgencySection(
                agency=a,
                overdue=overdue.get(a.pk, []),
                soon=soon.get(a.pk, []),
                late=late.get(a.pk, []),
                awaiting_review=waiting.get((a.pk, ItemStatus.SUBMITTED), 0) if a.pk in reach.own_ids else 0,
                awaiting_publication=waiting.get((a.pk, ItemStatus.APPROVED), 0)
                if a.pk in reach.own_ids
                else 0,
                own=a.pk in reach.own_ids,
            )
            for a in agencies
            if reach.covers(a)
        ]
        digests.append(Digest(reach.user, week, today, soon_until, sections))
    return digests


# --- sending -----------------------------------------------------------------------------------------


def render(digest: Digest) -> tuple[str, str]:
    """(plain text, HTML) of the email."""
    context = {"digest": digest, "soon_days": selectors.SOON_WORKING_DAYS, "late_days": LATE_WINDOW_DAYS}
    rendered = render_to_string("supervision/digest_email.txt", context)
    # Template tags on lines of their own leave blank runs behind; one blank line is enough.
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", rendered).strip() + "\n"
    html = render_to_string("supervision/digest_email.html", context)
    return text, html


def message(digest: Digest) -> EmailMultiAlternatives:
    text, html = render(digest)
    email = EmailMultiAlternatives(digest.subject, text, settings.DEFAULT_FROM_EMAIL, [digest.user.email])
    email.attach_alternative(html, "text/html")
    return email


def digest_send(digest: Digest) -> bool:
    """Send this week's digest unless it was already sent; False when it was.

    The DigestSent row is claimed before sending and in the same transaction as the send: a second run,
    even a concurrent one (its INSERT waits on the unique index until ours commits), finds the row and
    sends nothing; a failed send raises, the transaction rolls back and a later run retries. The one
    window left open is a crash between a delivered email and the commit, which sends twice rather than
    never."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=digest.user, week=digest.week, summary=digest.summary())
        except IntegrityError:
            return False
        message(digest).send()
    return True


def already_sent(week: str) -> set[int]:
    return set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
