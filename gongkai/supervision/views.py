"""The supervision dashboard (/staff/supervision/): a supervisor, or the government's 政府信息公开工作
主管部门, sees every agency of its subtree with live indicators, sorts and filters them, drills into an
agency's own subtree and into the records behind each number, and exports the table as XLSX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.core.downloads import ascii_fallback, attachment_disposition
from gongkai.core.typing import AuthedRequest
from gongkai.supervision.charts import chart_groups
from gongkai.supervision.indicators import (
    OUTCOME_GROUPS,
    AgencyIndicators,
    Board,
    board,
    overdue_distribution,
)

NOT_FOUND = "页面不存在或您无权访问"
SUPERVISING = (Perm.SUPERVISE,)
SORTS: dict[str, str] = {
    "path": "机关",
    "received": "收到申请",
    "open": "办理中",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "on_time_rate": "按时答复率",
    "average_reply_days": "平均答复用时",
    "published": "主动公开",
    "published_late": "超时发布",
    "appeals_corrected": "复议诉讼纠正",
}


def supervised(user: Any) -> Any:
    condition = Q(pk__in=[])
    for perm in SUPERVISING:
        condition |= Q(pk__in=permissions.agencies_with(user, perm).values("pk"))
    return Agency.objects.filter(condition, active=True)


def may_supervise(user: Any, agency: Agency) -> bool:
    return any(permissions.has_perm(user, perm, agency) for perm in SUPERVISING)


def _roots(user: Any) -> list[Agency]:
    roots: list[Agency] = []
    for agency in supervised(user).order_by("path"):
        if not any(agency.path.startswith(root.path) for root in roots):
            roots.append(agency)
    return roots


def _params(request: HttpRequest) -> tuple[Agency, int, list[Agency]]:
    roots = _roots(request.user)
    if not roots:
        raise Http404(NOT_FOUND)
    code = request.GET.get("agency")
    root = roots[0]
    if code:
        chosen = Agency.objects.filter(code=code, active=True).first()
        if chosen is None or not may_supervise(request.user, chosen):
            raise Http404(NOT_FOUND)
        root = chosen
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    return root, min(max(year, 2008), this_year), roots


def _sort_key(name: str) -> Any:
    def key(row: AgencyIndicators) -> Any:
        if name == "path":
            return row.agency.path
        value = getattr(row, name)
        return (value is None, -(value or 0))

    return key


def _links(row: AgencyIndicators, year: int) -> dict[str, str]:
    """The records behind each number of the row."""
    requests = reverse("requests:list")
    agency = row.agency.pk
    return {
        "received": f"{requests}?{urlencode({'agency': agency, 'year': year})}",
        "open": f"{requests}?{urlencode({'agency': agency})}",
        "due_soon": f"{requests}?{urlencode({'agency': agency, 'due': 'soon'})}",
        "overdue": f"{requests}?{urlencode({'agency': agency, 'due': 'overdue'})}",
        "published": f"{reverse('catalogue:list')}?{urlencode({'agency': agency, 'status': 'published'})}",
        "published_late": f"{reverse('catalogue:list')}?{urlencode({'agency': agency, 'late': 'on'})}",
        "appeals": f"{reverse('appeals:list')}?{urlencode({'agency': agency, 'year': year})}",
        "report": reverse("annual_reports:detail", args=[row.report.pk]) if row.report else "",
    }


def _board(request: AuthedRequest) -> tuple[Board, list[Agency], str, bool]:
    root, year, roots = _params(request)
    result = board(root, year, today=timezone.localdate())
    sort = request.GET.get("sort", "path")
    if sort not in SORTS:
        sort = "path"
    only_problems = request.GET.get("problems") == "1"
    rows = result.rows
    if only_problems:
        rows = [r for r in rows if r.overdue or r.published_late or r.report_overdue]
    text = (request.GET.get("q") or "").strip()
    if text:
        rows = [r for r in rows if text in r.agency.name]
    result.rows = sorted(rows, key=_sort_key(sort))
    return result, roots, sort, only_problems


def dashboard(request: AuthedRequest) -> HttpResponse:
    result, roots, sort, only_problems = _board(request)
    today = result.today
    lines = [
        {
            "row": row,
            "links": _links(row, result.year),
            "days_since": row.days_since_publication(today),
            "drill": row.agency.pk != result.root.pk and row.agency.path != result.root.path,
        }
        for row in result.rows
    ]
    params = request.GET.copy()
    params.pop("sort", None)
    return render(
        request,
        "supervision/dashboard.html",
        {
            "board": result,
            "lines": lines,
            "totals": result.totals(),
            "roots": roots,
            "years": list(range(today.year, 2018, -1)),
            "sort": sort,
            "sorts": SORTS,
            "sort_base": params.urlencode(),
            "only_problems": only_problems,
            "query": request.GET.get("q", ""),
            "outcome_groups": OUTCOME_GROUPS,
            "distribution": overdue_distribution(result.rows),
            "chart_groups": chart_groups(result),
            "export_query": request.GET.urlencode(),
        },
    )


HEADERS = (
    "机关",
    "收到申请",
    "办理中",
    "即将到期",
    "已超期",
    "本年答复",
    "按时答复率（%）",
    "平均答复用时（工作日）",
    "延期答复",
    *(label for _, label in OUTCOME_GROUPS),
    "主动公开",
    "超时发布",
    "距上次发布（天）",
    "年度报告",
    "年报截止日期",
    "复议诉讼",
    "其中纠正",
)


def table_rows(result: Board) -> list[list[Any]]:
    today = result.today
    return [
        [
            row.agency.name,
            row.received,
            row.open,
            row.due_soon,
            row.overdue,
            row.replied,
            row.on_time_rate,
            row.average_reply_days,
            row.extended,
            *(row.outcomes.get(prefix, 0) for prefix, _ in OUTCOME_GROUPS),
            row.published,
            row.published_late,
            row.days_since_publication(today),
            row.report_status,
            row.report_due_on,
            row.appeals,
            row.appeals_corrected,
        ]
        for row in result.rows
    ]


def export_xlsx(request: AuthedRequest) -> HttpResponse:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    result, _, _, _ = _board(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  (a new workbook has its sheet)
    sheet.title = f"{result.year}年"
    sheet.append(
        [f"{result.root.name}及所属机关政府信息公开工作监测（{result.year}年，截至{result.today:%Y-%m-%d}）"]
    )
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in table_rows(result):
        sheet.append([value.isoformat() if isinstance(value, date) else value for value in line])
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{result.root.name}{result.year}年政府信息公开监测.xlsx"
    response["Content-Disposition"] = attachment_disposition(
        filename, ascii_fallback(f"supervision-{result.root.code}-{result.year}", filename)
    )
    return response
