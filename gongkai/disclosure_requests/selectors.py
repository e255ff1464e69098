"""Reads for the back office: which requests a person may see, the filtered list, one request's page,
and who should be reminded of which deadlines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q
from django.http import Http404

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core import calendar
from gongkai.disclosure_requests.models import (
    Attachment,
    Consultation,
    DisclosureRequest,
    FeeNotice,
    Letter,
    RequestEvent,
)
from gongkai.disclosure_requests.querysets import DisclosureRequestQuerySet
from gongkai.disclosure_requests.workflow import Action, Status

SOON_WORKING_DAYS = 3
# Staff who handle requests get the reminders; reviewers and supervisors do not act on them.
REMINDED_ROLES = (Role.CLERK, Role.OFFICE_HEAD)

UserLike = User | AbstractBaseUser | AnonymousUser


def soon_limit(today: date) -> date | None:
    """The last day counted as 即将到期; None when next year's holiday schedule is missing."""
    try:
        return calendar.add_working_days(today, SOON_WORKING_DAYS)
    except calendar.MissingScheduleError:
        return None


def visible_requests(user: UserLike) -> DisclosureRequestQuerySet:
    return DisclosureRequest.objects.for_agencies(permissions.visible_agencies(user))


@dataclass(frozen=True)
class ListFilters:
    agency: Agency | None = None
    status: str = ""
    due: str = ""  # "", "soon" or "overdue"
    outcome: str = ""
    channel: str = ""
    year: int | None = None
    text: str = ""


def request_list(
    user: UserLike, filters: ListFilters, *, today: date, soon: date | None
) -> DisclosureRequestQuerySet:
    """`soon` is soon_limit(today), passed in because the page needs it too."""
    requests = visible_requests(user).select_related("agency")
    if filters.agency is not None:
        requests = requests.filter(agency=filters.agency)
    if filters.status:
        requests = requests.filter(status=filters.status)
    if filters.due == "overdue":
        requests = requests.overdue(today)
    elif filters.due == "soon":
        requests = requests.due_between(today, soon) if soon is not None else requests.none()
    if filters.outcome:
        requests = requests.filter(outcome=filters.outcome)
    if filters.channel:
        requests = requests.filter(channel=filters.channel)
    if filters.year is not None:
        requests = requests.received_in(filters.year)
    if filters.text:
        requests = requests.filter(
            Q(number__icontains=filters.text)
            | Q(applicant_name__icontains=filters.text)
            | Q(info_title__icontains=filters.text)
        )
    return requests.order_by("-received_on", "-id")


def get_request_or_404(user: UserLike, number: str) -> DisclosureRequest:
    """A request of an agency the user may view; 404 otherwise, so other agencies' numbers do not leak."""
    request = (
        DisclosureRequest.objects.select_related("agency", "agency__parent").filter(number=number).first()
    )
    if request is None or not permissions.has_perm(user, permissions.Perm.VIEW_AGENCY, request.agency):
        raise Http404("没有找到该申请，或您无权查看")
    return request


EVENT_LABELS = {"submit": "收到申请", **{a.value: str(a.label) for a in Action}}


@dataclass(frozen=True)
class TimelineRow:
    on: date
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str
    public: bool


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def timeline(events: list[RequestEvent]) -> list[TimelineRow]:
    return [
        TimelineRow(
            on=e.on,
            action=EVENT_LABELS.get(e.action, e.action),
            from_status=_status_label(e.from_status),
            to_status=_status_label(e.to_status),
            actor=e.actor_name,
            note=e.note,
            public=e.public,
        )
        for e in events
    ]


@dataclass(frozen=True)
class RequestRecord:
    events: list[TimelineRow]
    consultations: list[Consultation]
    fees: list[FeeNotice]
    attachments: list[Attachment]
    letters: list[Letter]


def request_record(request: DisclosureRequest) -> RequestRecord:
    return RequestRecord(
        events=timeline(list(request.events.order_by("at", "id"))),
        consultations=list(request.consultations.all()),
        fees=list(request.fees.all()),
        attachments=list(request.attachments.order_by("uploaded_at", "id")),
        letters=list(request.letters.select_related("issued_by").order_by("created_at", "id")),
    )


def reminder_candidates(today: date) -> DisclosureRequestQuerySet:
    """Open requests with the clock running that are overdue or due within 3 working days and have not
    been reminded of today."""
    limit = soon_limit(today) or today
    return (
        DisclosureRequest.objects.running()
        .filter(due_on__lte=limit)
        .exclude(reminder_sent_on=today)
        .select_related("agency")
        .order_by("due_on", "number")
    )


def reminder_recipients(agency_ids: set[int]) -> dict[int, list[User]]:
    """Staff who handle requests, with an email address, per agency, in one query."""
    rows = (
        Membership.objects.filter(
            agency_id__in=agency_ids, role__in=REMINDED_ROLES, user__is_active=True, agency__active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    by_agency: dict[int, list[User]] = defaultdict(list)
    for membership in rows:
        if membership.user not in by_agency[membership.agency_id]:
            by_agency[membership.agency_id].append(membership.user)
    return dict(by_agency)
