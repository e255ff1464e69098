"""Reads of annual reports: the document of a report (frozen or compiled live and validated), the
previous year's report for the cross-year checks, five-year trends, and the status of every report in a
government's subtree against its due date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports.compile import compile_document, ledger
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMAT_IDS, Scope
from gongkai.annual_reports.models import AnnualReport, HistoricalReport, due_date
from gongkai.annual_reports.validation import validate
from gongkai.annual_reports.workflow import PUBLIC, Status
from gongkai.catalogue.models import Item
from gongkai.disclosure_requests.models import DisclosureRequest

TREND_YEARS = 5
FIRST_COMPILED_YEAR = 2019


def previous_document(agency: Agency, year: int, scope: str) -> ReportDocument | None:
    """Last year's report as the agency reported it: the accepted or published revision on the platform,
    otherwise the imported history. Figures recompiled from records would agree with themselves and
    prove nothing, so they are not used here."""
    earlier = (
        AnnualReport.objects.filter(
            agency=agency,
            year=year - 1,
            scope=scope,
            status__in=(Status.ACCEPTED, Status.PUBLISHED),
            snapshot__isnull=False,
        )
        .order_by("-revision")
        .first()
    )
    if earlier is not None:
        return earlier.snapshot_document()
    history = HistoricalReport.objects.filter(agency=agency, year=year - 1, scope=scope).first()
    return history.as_document() if history is not None else None


def current_document(report: AnnualReport, *, live: bool = False) -> ReportDocument:
    """The report's document: the frozen snapshot once submitted (unless `live`), otherwise compiled from
    the records now, with the staff's narrative and every validation issue."""
    if report.snapshot is not None and not live:
        document = ReportDocument.from_json(report.snapshot)
        document.revision = report.revision
        document.correction_note = report.correction_note
        return document
    scope: Scope = "aggregate" if report.scope == "aggregate" else "agency"
    document = compile_document(agency=report.agency, year=report.year, scope=scope)
    document.sections = report.sections()
    document.revision = report.revision
    document.correction_note = report.correction_note
    document.issues = validate(
        document,
        previous=previous_document(report.agency, report.year, report.scope),
        ledger=ledger(agency=report.agency, year=report.year, scope=scope),
    )
    return document


TrendPoint = tuple[int, Mapping[str, int | Decimal]]


def trend(
    agency: Agency, year: int, scope: str, *, current: ReportDocument | None = None
) -> list[TrendPoint]:
    """Figures for the five years up to `year`: the published report where there is one, the imported
    history where the platform has no report, figures compiled from the records otherwise (from 2019,
    when the platform's formats begin). Years with nothing at all are left out."""
    years = range(year - TREND_YEARS + 1, year + 1)
    published = {
        r.year: r
        for r in AnnualReport.objects.filter(
            agency=agency, year__in=list(years), scope=scope, status=Status.PUBLISHED, snapshot__isnull=False
        )
    }
    history = {
        h.year: h for h in HistoricalReport.objects.filter(agency=agency, year__in=list(years), scope=scope)
    }
    points: list[TrendPoint] = []
    compiled_scope: Scope = "aggregate" if scope == "aggregate" else "agency"
    for y in years:
        if y == year and current is not None:
            points.append((y, current.figures))
        elif y in published:
            points.append((y, ReportDocument.from_json(published[y].snapshot or {}).figures))
        elif y in history:
            points.append((y, history[y].as_document().figures))
        elif y >= FIRST_COMPILED_YEAR and _has_records(agency, y, compiled_scope):
            points.append((y, compile_document(agency=agency, year=y, scope=compiled_scope).figures))
    return points


def _has_records(agency: Agency, year: int, scope: Scope) -> bool:
    agencies = (
        Agency.objects.filter(path__startswith=agency.path)
        if scope == "aggregate"
        else Agency.objects.filter(pk=agency.pk)
    )
    first, last = date(year, 1, 1), date(year, 12, 31)
    return (
        DisclosureRequest.objects.filter(agency__in=agencies, received_on__lte=last)
        .filter(Q(finalized_on__isnull=True) | Q(finalized_on__gte=first))
        .exists()
        or Item.objects.public().filter(agency__in=agencies, published_on__range=(first, last)).exists()
    )


def snapshot_trend(report: AnnualReport) -> list[TrendPoint]:
    """The trend frozen with the submitted report, so the published charts never move."""
    stored = (report.snapshot or {}).get("trend") or []
    return [
        (int(year), ReportDocument.from_json({"year": year, "figures": figures}).figures)
        for year, figures in stored
    ]


def trend_json(points: list[TrendPoint]) -> list[list[Any]]:
    return [
        [year, ReportDocument.from_json({"year": year, "figures": dict(figures)}).to_json()["figures"]]
        for year, figures in points
    ]


# --- the portal and the status board ---------------------------------------------------------------


def published_report(agency: Agency, year: int, scope: str) -> AnnualReport | None:
    return (
        AnnualReport.objects.published()
        .filter(agency=agency, year=year, scope=scope)
        .select_related("agency")
        .order_by("-revision")
        .first()
    )


def public_revisions(agency: Agency, year: int, scope: str) -> list[AnnualReport]:
    return list(
        AnnualReport.objects.filter(agency=agency, year=year, scope=scope, status__in=PUBLIC).order_by(
            "-revision"
        )
    )


def portal_reports(agency: Agency | None = None, year: int | None = None) -> Any:
    """Published reports for the portal's 年度报告 list, newest year first."""
    reports = AnnualReport.objects.published().select_related("agency")
    if agency is not None:
        reports = reports.filter(agency__path__startswith=agency.path)
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("-year", "agency__path", "scope")


@dataclass(frozen=True)
class StatusRow:
    agency: Agency
    due_on: date
    report: AnnualReport | None  # the newest revision of the agency's report for the year

    @property
    def status_label(self) -> str:
        if self.report is None:
            return "未编制"
        return str(Status(self.report.status).label)

    @property
    def overdue(self) -> bool:
        published = self.report is not None and self.report.status in (Status.PUBLISHED, Status.SUPERSEDED)
        if published and self.report is not None and self.report.published_at is not None:
            return self.report.published_at.date() > self.due_on
        return not published and timezone.localdate() > self.due_on

    @property
    def published_late(self) -> bool:
        return (
            self.report is not None
            and self.report.published_at is not None
            and self.report.published_at.date() > self.due_on
        )


def status_board(agency: Agency, year: int) -> list[StatusRow]:
    """Every active agency of the subtree with its report for `year` (either scope, newest revision) and
    its due date; two queries whatever the size of the subtree."""
    # Public enterprises and institutions report under their sector's rules (第五十五条), not to this office.
    agencies = list(
        Agency.objects.filter(path__startswith=agency.path, active=True)
        .exclude(kind=Kind.PUBLIC_ENTERPRISE)
        .order_by("path")
    )
    newer = AnnualReport.objects.filter(corrects=OuterRef("pk"))
    reports: dict[int, AnnualReport] = {}
    for report in (
        AnnualReport.objects.filter(agency__in=[a.pk for a in agencies], year=year)
        .annotate(has_newer=Exists(newer))
        .filter(has_newer=False)
        .order_by("scope")
    ):
        # One row per agency: a government's own (本机关) report and its aggregate are the same duty;
        # show the furthest along.
        current = reports.get(report.agency_id)
        if current is None or _progress(report) > _progress(current):
            reports[report.agency_id] = report
    return [StatusRow(a, due_date(a, year), reports.get(a.pk)) for a in agencies]


_ORDER = [
    Status.DRAFT,
    Status.RETURNED,
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.PUBLISHED,
    Status.SUPERSEDED,
]


def _progress(report: AnnualReport) -> int:
    return _ORDER.index(Status(report.status))


def known_formats() -> tuple[str, ...]:
    return FORMAT_IDS
