"""/api/v1/supervision/{agency}?year= (interfaces.md §3): one row per agency of the subtree with its
indicators, for a supervisor (or the government's 政府信息公开工作主管部门); the same numbers as the
dashboard, from the same selector."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router

from gongkai.agencies.models import Agency
from gongkai.api.auth import TokenAuth
from gongkai.api.schemas import ErrorOut
from gongkai.assessments.models import Scheme, Status
from gongkai.assessments.scoring import Outcome
from gongkai.core.typing import AuthedRequest
from gongkai.supervision.indicators import OUTCOME_GROUPS, board
from gongkai.supervision.views import may_supervise


def _published_scores(root: Agency, year: int) -> dict[str, float]:
    """Total scores of the year's published assessment of this subtree (or of the one above it that
    covers these agencies); nothing until an assessment is published."""
    scores: dict[str, float] = {}
    schemes = Scheme.objects.filter(year=year, status=Status.PUBLISHED, results__isnull=False)
    for scheme in schemes.filter(root__path__in=[*root.ancestor_paths(), root.path]).order_by("root__path"):
        for result in Outcome.from_json(scheme.results or {}).rows:
            scores[result.code] = float(result.total)
    return scores


router = Router(tags=["supervision"], auth=TokenAuth())
NOT_FOUND = "没有找到该机关，或您无权查看其监督数据"


@router.get(
    "/supervision/{agency}",
    response={200: list[dict[str, Any]], 404: ErrorOut},
    summary="下级机关政府信息公开指标（监督人员）",
    description="year 默认为今年。score 为该年度已发布考评的总分（尚未发布或不在考评范围内时为 null）。",
)
def supervision(request: AuthedRequest, agency: str, year: int | None = None) -> list[dict[str, Any]]:
    root = Agency.objects.filter(code=agency).first()
    if root is None or not may_supervise(request.user, root):
        raise Http404(NOT_FOUND)
    today = timezone.localdate()
    result = board(root, year or today.year, today=today)
    scores = _published_scores(root, result.year)
    return [
        {
            "agency": {"code": row.agency.code, "name": row.agency.name},
            "received": row.received,
            "open": row.open,
            "due_soon": None if result.soon_unknown else row.due_soon,
            "overdue": row.overdue,
            "replied": row.replied,
            "replied_on_time": row.replied_on_time,
            "replied_on_time_rate": row.on_time_rate,
            "average_reply_working_days": row.average_reply_days,
            "extended": row.extended,
            "outcomes": {label: row.outcomes.get(prefix, 0) for prefix, label in OUTCOME_GROUPS},
            "published": row.published,
            "late_publications": row.published_late,
            "days_since_publication": row.days_since_publication(today),
            "report": {
                "year": result.report_year,
                "status": row.report.status if row.report else "missing",
                "due_on": row.report_due_on,
                "overdue": row.report_overdue,
            },
            "appeals": row.appeals,
            "appeals_corrected": row.appeals_corrected,
            "score": scores.get(row.agency.code),
        }
        for row in result.rows
    ]
