"""The disclosure office's indicators for every agency of its subtree (条例 第四十六至四十八条), for one
year: applications received, open, due soon and overdue now, replied on time, working days to reply,
extensions and the outcome mix; catalogue items published, late (第二十六条) and days since the last
one; the annual report against its due date; 复议/诉讼 cases and how many ended in 纠正.

Counting rules are the annual report's, so a number here equals the report's for the same agency and
year: received = table 三 row 一 (收到申请之日 in the year); replies = requests finalized in the year
with an outcome; appeals = the cases table 四 counts for the year. The whole board is a fixed number of
grouped queries (one per source) whatever the number of agencies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Max, Q

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports import selectors as report_selectors
from gongkai.annual_reports.models import AnnualReport
from gongkai.appeals.models import Appeal, AppealResult
from gongkai.appeals.selectors import counted_in
from gongkai.catalogue.models import Item
from gongkai.core import calendar
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.selectors import soon_limit
from gongkai.disclosure_requests.workflow import OPEN, PAUSED

OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("r1", "予以公开"),
    ("r2", "部分公开"),
    ("r3", "不予公开"),
    ("r4", "无法提供"),
    ("r5", "不予处理"),
    ("r6", "其他处理"),
)


@dataclass
class AgencyIndicators:
    agency: Agency
    received: int = 0
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    replied: int = 0  # finalized with an outcome in the year: table 三's （七）总计
    answered: int = 0  # of which a reply was given (withdrawals and deemed withdrawals have none)
    replied_on_time: int = 0
    extended: int = 0
    reply_days_total: int = 0
    reply_days_counted: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    published: int = 0
    published_late: int = 0
    last_published_on: date | None = None
    report: AnnualReport | None = None
    report_due_on: date | None = None
    report_overdue: bool = False
    appeals: int = 0
    appeals_corrected: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share of the year's replies given by the due date (extension included); None without replies."""
        return round(self.replied_on_time * 100 / self.answered, 1) if self.answered else None

    @property
    def average_reply_days(self) -> float | None:
        return round(self.reply_days_total / self.reply_days_counted, 1) if self.reply_days_counted else None

    def days_since_publication(self, today: date) -> int | None:
        return (today - self.last_published_on).days if self.last_published_on else None

    @property
    def report_status(self) -> str:
        return report_selectors.StatusRow(
            self.agency, self.report_due_on or date.max, self.report
        ).status_label


@dataclass
class Board:
    root: Agency
    year: int
    report_year: int
    today: date
    rows: list[AgencyIndicators]
    soon_unknown: bool  # next year's holiday schedule is missing: "due soon" cannot be counted

    def totals(self) -> AgencyIndicators:
        total = AgencyIndicators(agency=self.root)
        for row in self.rows:
            for name in (
                "received",
                "open",
                "due_soon",
                "overdue",
                "replied",
                "answered",
                "replied_on_time",
                "extended",
                "reply_days_total",
                "reply_days_counted",
                "published",
                "published_late",
                "appeals",
                "appeals_corrected",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            for key, value in row.outcomes.items():
                total.outcomes[key] = total.outcomes.get(key, 0) + value
            if row.last_published_on and (
                not total.last_published_on or row.last_published_on > total.last_published_on
            ):
                total.last_published_on = row.last_published_on
        return total


def board(root: Agency, year: int, *, today: date, report_year: int | None = None) -> Board:
    """Every active agency of `root`'s subtree (public enterprises excluded, 第五十五条) with its indicators."""
    agencies = list(
        Agency.objects.filter(path__startswith=root.path, active=True)
        .exclude(kind=Kind.PUBLIC_ENTERPRISE)
        .order_by("path")
    )
    rows = {agency.pk: AgencyIndicators(agency=agency) for agency in agencies}
    ids = list(rows)
    soon = soon_limit(today)
    _requests(rows, ids, year, today, soon)
    _reply_days(rows, ids, year)
    _catalogue(rows, ids, year)
    _appeals(rows, ids, year)
    report_year = report_year if report_year is not None else year - 1
    for status in report_selectors.status_board(root, report_year):
        row = rows.get(status.agency.pk)
        if row is not None:
            row.report, row.report_due_on, row.report_overdue = status.report, status.due_on, status.overdue
    return Board(root, year, report_year, today, list(rows.values()), soon_unknown=soon is None)


def _requests(
    rows: dict[int, AgencyIndicators], ids: list[int], year: int, today: date, soon: date | None
) -> None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    running = Q(status__in=OPEN) & ~Q(status__in=PAUSED)
    replied_in_year = Q(finalized_on__range=(first, last)) & ~Q(outcome="")
    aggregates: dict[str, Any] = {
        "received": Count("pk", filter=Q(received_on__range=(first, last))),
        "open": Count("pk", filter=Q(status__in=OPEN)),
        "overdue": Count("pk", filter=running & Q(due_on__lt=today)),
        "replied": Count("pk", filter=replied_in_year),
        "answered": Count("pk", filter=replied_in_year & Q(replied_on__isnull=False)),
        "replied_on_time": Count("pk", filter=replied_in_year & Q(replied_on__lte=F("due_on"))),
        "extended": Count("pk", filter=Q(received_on__range=(first, last), extension_days__gt=0)),
    }
    if soon is not None:
        aggregates["due_soon"] = Count("pk", filter=running & Q(due_on__gte=today, due_on__lte=soon))
    for prefix, _ in OUTCOME_GROUPS:
        aggregates[f"outcome_{prefix}"] = Count("pk", filter=replied_in_year & Q(outcome__startswith=prefix))
    for result in (
        DisclosureRequest.objects.filter(agency_id__in=ids)
        .order_by()
        .values("agency_id")
        .annotate(**aggregates)
    ):
        row = rows[result["agency_id"]]
        for name in ("received", "open", "overdue", "replied", "answered", "replied_on_time", "extended"):
            setattr(row, name, result[name])
        row.due_soon = result.get("due_soon", 0)
        row.outcomes = {prefix: result[f"outcome_{prefix}"] for prefix, _ in OUTCOME_GROUPS}


def _reply_days(rows: dict[int, AgencyIndicators], ids: list[int], year: int) -> None:
    """Working days from receipt (or the corrected application, 第三十条) to the reply, for the year's
    replies. Counted in Python over one query: the holiday calendar is not in the database."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    replies = (
        DisclosureRequest.objects.filter(
            agency_id__in=ids, finalized_on__range=(first, last), replied_on__isnull=False
        )
        .exclude(outcome="")
        .values_list("agency_id", "received_on", "restarted_on", "replied_on")
    )
    for agency_id, received_on, restarted_on, replied_on in replies:
        if replied_on is None:  # excluded by the query; narrows the type
            continue
        start = restarted_on or received_on
        try:
            days = calendar.working_days_between(start, replied_on)
        except calendar.MissingScheduleError:
            continue
        row = rows[agency_id]
        row.reply_days_total += days
        row.reply_days_counted += 1


def _catalogue(rows: dict[int, AgencyIndicators], ids: list[int], year: int) -> None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_year = Q(published_on__range=(first, last))
    for result in (
        Item.objects.public()
        .filter(agency_id__in=ids)
        .order_by()
        .values("agency_id")
        .annotate(
            published=Count("pk", filter=in_year),
            late=Count("pk", filter=in_year & Q(publish_late=True)),
            last=Max("published_on"),
        )
    ):
        row = rows[result["agency_id"]]
        row.published, row.published_late, row.last_published_on = (
            result["published"],
            result["late"],
            result["last"],
        )


def _appeals(rows: dict[int, AgencyIndicators], ids: list[int], year: int) -> None:
    end = date(year, 12, 31)
    for result in (
        Appeal.objects.filter(counted_in(year), agency_id__in=ids)
        .order_by()
        .values("agency_id")
        .annotate(
            total=Count("pk"),
            corrected=Count("pk", filter=Q(result=AppealResult.CORRECTED, decided_on__lte=end)),
        )
    ):
        row = rows[result["agency_id"]]
        row.appeals, row.appeals_corrected = result["total"], result["corrected"]


def overdue_distribution(rows: list[AgencyIndicators]) -> dict[str, int]:
    """How many agencies have 0, 1–2, 3–5 and more than 5 overdue requests (the dashboard's chart)."""
    buckets: dict[str, int] = defaultdict(int)
    for row in rows:
        n = row.overdue
        key = "0" if n == 0 else "1–2" if n <= 2 else "3–5" if n <= 5 else "5以上"
        buckets[key] += 1
    return {key: buckets.get(key, 0) for key in ("0", "1–2", "3–5", "5以上")}
