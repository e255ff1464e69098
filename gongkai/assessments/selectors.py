"""Reads of assessments: which agencies a scheme assesses, their figures from the supervision board, and
the scheme's results — computed live for a draft, read from the frozen JSON once published."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports.workflow import Status as ReportStatus
from gongkai.assessments.models import Indicator, ManualScore, Scheme
from gongkai.assessments.scoring import REPORT_FIGURE, AgencyInput, Outcome, assess
from gongkai.supervision.indicators import AgencyIndicators, board
from gongkai.supervision.views import supervised


def visible_schemes(user: Any) -> QuerySet[Scheme]:
    """Schemes whose root agency the person supervises (a district supervisor never sees the city's)."""
    return Scheme.objects.filter(root__in=supervised(user)).select_related("root")


def _assessed_filter(scheme: Scheme) -> Q:
    root = scheme.root
    if scheme.direct_only:
        return Q(parent=root)
    return Q(path__startswith=root.path) & ~Q(pk=root.pk)


def assessed_agencies(scheme: Scheme) -> QuerySet[Agency]:
    """The agencies the scheme scores: the root's own office does not assess itself, and public
    enterprises answer to their sector's rules (第五十五条), as on the supervision board."""
    return (
        Agency.objects.filter(_assessed_filter(scheme), active=True)
        .exclude(kind=Kind.PUBLIC_ENTERPRISE)
        .order_by("path")
    )


def report_state(row: AgencyIndicators, today: date) -> str:
    """The annual report against its due date, as the report indicator reads it."""
    report, due = row.report, row.report_due_on
    if report is not None and report.status in (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED):
        if report.published_at is None or due is None or report.published_at.date() <= due:
            return "on_time"
        return "late"
    if due is not None and today <= due:
        return "pending"
    return "missing"


def figures_of(row: AgencyIndicators, today: date) -> dict[str, Any]:
    """The board's row as the plain figures scoring.py reads (and the frozen results keep)."""
    return {
        "received": row.received,
        "open": row.open,
        "overdue": row.overdue,
        "replied": row.replied,
        "replied_on_time": row.replied_on_time,
        "replied_late": row.replied - row.replied_on_time,
        "on_time_rate": row.on_time_rate,
        "average_reply_days": row.average_reply_days,
        "extended": row.extended,
        "published": row.published,
        "published_late": row.published_late,
        "days_since_publication": row.days_since_publication(today),
        "last_published_on": row.last_published_on.isoformat() if row.last_published_on else None,
        "appeals": row.appeals,
        "appeals_corrected": row.appeals_corrected,
        REPORT_FIGURE: report_state(row, today),
        "report_due_on": row.report_due_on.isoformat() if row.report_due_on else None,
    }


def indicators_of(scheme: Scheme) -> list[Indicator]:
    return list(scheme.indicators.order_by("position", "pk"))


def live_outcome(scheme: Scheme, *, today: date) -> Outcome:
    """The scheme applied to the records as they are today: one board (a fixed number of queries) plus
    one query for the indicators and one for the manual scores."""
    indicators = indicators_of(scheme)
    result = board(scheme.root, scheme.year, today=today)
    wanted = set(assessed_agencies(scheme).values_list("pk", flat=True))
    manual: dict[int, dict[int, Decimal]] = defaultdict(dict)
    notes: dict[int, dict[int, str]] = defaultdict(dict)
    for agency_id, indicator_id, value, note in ManualScore.objects.filter(
        indicator__scheme=scheme
    ).values_list("agency_id", "indicator_id", "score", "note"):
        manual[agency_id][indicator_id] = value
        notes[agency_id][indicator_id] = note
    inputs = [
        AgencyInput(
            key=row.agency.pk,
            name=row.agency.name,
            code=row.agency.code,
            path=row.agency.path,
            figures=figures_of(row, today),
            manual=manual.get(row.agency.pk, {}),
            notes=notes.get(row.agency.pk, {}),
        )
        for row in result.rows
        if row.agency.pk in wanted
    ]
    specs = [indicator.spec() for indicator in indicators]
    return Outcome(
        computed_on=today.isoformat(),
        report_year=result.report_year,
        threshold=scheme.threshold,
        indicators=specs,
        rows=assess(specs, inputs),
    )


def outcome(scheme: Scheme, *, today: date) -> Outcome:
    if scheme.published and scheme.results:
        return Outcome.from_json(scheme.results)
    return live_outcome(scheme, today=today)


def manual_scores(indicator: Indicator) -> dict[int, ManualScore]:
    return {score.agency_id: score for score in indicator.manual_scores.all()}


def issuing_office(root: Agency) -> str:
    """Who signs the 通报: the government's 政府信息公开工作主管部门 (usually its general office) when the
    tree has one directly under the root, else the root itself."""
    office = (
        Agency.objects.filter(parent=root, oversees_disclosure=True, active=True).order_by("path").first()
    )
    return office.name if office is not None else root.name
