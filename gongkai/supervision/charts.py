"""The supervision dashboard's charts: how the agencies of the table spread over overdue counts and
on-time rates, and the subtree's month-by-month trend for the year. Drawn by the annual report's
machinery (ChartSpec, `echarts_option`, report-charts.js), so both pages chart alike and keep the same
accessibility fallback: a sentence of the numbers as the chart's label and a data table beside it.

The trend follows the board's counting rules, so its months add up to the table's totals: received by
收到申请之日, replies by the month they were finalized in; a late reply is one given after its due date
(a withdrawal is no reply, and a request without a computed due date cannot be called late); "overdue at
month end" is a request received by the month's last day, not finalized by then and whose due date had
passed, and for the current month the board's own overdue count as of today. The trend is one aggregate
query whatever the number of agencies."""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports.charts import ChartSpec, Series, echarts_option
from gongkai.annual_reports.grid import format_value
from gongkai.annual_reports.presentation import chart_summary, option_json
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.workflow import OPEN, PAUSED
from gongkai.supervision.indicators import AgencyIndicators, Board, overdue_distribution

OVERDUE_LABELS: dict[str, str] = {"0": "无超期", "1–2": "1–2件", "3–5": "3–5件", "5以上": "5件以上"}
# Lower bounds, highest first: a rate falls in the first band it reaches.
RATE_BANDS: tuple[tuple[float, str], ...] = (
    (95.0, "95%及以上"),
    (80.0, "80%至95%"),
    (60.0, "60%至80%"),
    (0.0, "60%以下"),
)
NO_REPLIES = "本年无答复"
AGENCY_UNIT = "个"


@dataclass(frozen=True)
class MonthlyTrend:
    """The subtree's figures for the months of `year` up to today (all twelve for a past year)."""

    year: int
    today: date
    received: tuple[int, ...]
    replied: tuple[int, ...]
    replied_late: tuple[int, ...]
    overdue: tuple[int, ...]  # at the month's last day; for the current month, as of today

    @property
    def months(self) -> int:
        return len(self.received)

    @property
    def includes_today(self) -> bool:
        return (self.year, self.months) == (self.today.year, self.today.month)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


def subtree_requests(root: Agency) -> QuerySet[DisclosureRequest]:
    """The requests of the agencies the board lists: active, public enterprises excluded (第五十五条)."""
    return DisclosureRequest.objects.filter(agency__path__startswith=root.path, agency__active=True).exclude(
        agency__kind=Kind.PUBLIC_ENTERPRISE
    )


def monthly_trend(root: Agency, year: int, *, today: date) -> MonthlyTrend:
    if year > today.year:
        return MonthlyTrend(year, today, (), (), (), ())
    months = 12 if year < today.year else today.month
    replied_rule = ~Q(outcome="")
    running = Q(status__in=OPEN) & ~Q(status__in=PAUSED)
    aggregates: dict[str, Any] = {}
    for month in range(1, months + 1):
        first, last = _month_range(year, month)
        replied = Q(finalized_on__range=(first, last)) & replied_rule
        aggregates[f"received_{month}"] = Count("pk", filter=Q(received_on__range=(first, last)))
        aggregates[f"replied_{month}"] = Count("pk", filter=replied)
        aggregates[f"late_{month}"] = Count("pk", filter=replied & Q(replied_on__gt=F("due_on")))
        if last < today:
            # The stored due date already counts every pause and extension, and those only ever move it
            # later: a due date before the month's end had passed by then. A request paused over the
            # month's end resumed after it, so its due date normally falls later still and it is not
            # counted; the history of statuses is not consulted, which keeps this one query.
            aggregates[f"overdue_{month}"] = Count(
                "pk",
                filter=Q(received_on__lte=last, due_on__lt=last)
                & (Q(finalized_on__isnull=True) | Q(finalized_on__gt=last)),
            )
        else:
            aggregates[f"overdue_{month}"] = Count("pk", filter=running & Q(due_on__lt=today))
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    # Nothing received after the year or finalized before it counts in any month.
    result = (
        subtree_requests(root)
        .filter(Q(received_on__lte=last_day), Q(finalized_on__isnull=True) | Q(finalized_on__gte=first_day))
        .aggregate(**aggregates)
    )
    span = range(1, months + 1)
    return MonthlyTrend(
        year=year,
        today=today,
        received=tuple(result[f"received_{m}"] for m in span),
        replied=tuple(result[f"replied_{m}"] for m in span),
        replied_late=tuple(result[f"late_{m}"] for m in span),
        overdue=tuple(result[f"overdue_{m}"] for m in span),
    )


# --- specifications (no queries) ----------------------------------------------------------------------


def trend_chart(trend: MonthlyTrend) -> ChartSpec | None:
    if not any(trend.received + trend.replied + trend.overdue):
        return None
    note = "未按时答复按答复所在月份统计；月末已超期为当月最后一日仍未办结且已过答复期限的申请"
    if trend.includes_today:
        note += f"；{trend.today.month}月为截至{trend.today.month}月{trend.today.day}日的数据"
    return ChartSpec(
        key="trend",
        title=f"{trend.year}年各月依申请公开办理情况",
        kind="line",
        categories=tuple(f"{month}月" for month in range(1, trend.months + 1)),
        series=(
            Series("收到申请", trend.received),
            Series("未按时答复", trend.replied_late),
            Series("月末已超期", trend.overdue),
        ),
        note=note,
    )


def overdue_chart(rows: Sequence[AgencyIndicators]) -> ChartSpec | None:
    if not rows:
        return None
    buckets = overdue_distribution(list(rows))
    return ChartSpec(
        key="overdue",
        title="已超期申请数的机关分布",
        kind="bar",
        categories=tuple(OVERDUE_LABELS[key] for key in buckets),
        series=(Series("机关数", tuple(buckets.values())),),
        unit=AGENCY_UNIT,
        note="表中所列机关当前已超期的申请数",
    )


def rate_band(rate: float | None) -> str:
    if rate is None:
        return NO_REPLIES
    return next(label for floor, label in RATE_BANDS if rate >= floor)


def on_time_chart(rows: Sequence[AgencyIndicators], year: int) -> ChartSpec | None:
    """Left out when no agency replied in the year: every agency would sit in one bar."""
    if not any(row.answered for row in rows):
        return None
    labels = [label for _, label in RATE_BANDS] + [NO_REPLIES]
    counts = dict.fromkeys(labels, 0)
    for row in rows:
        counts[rate_band(row.on_time_rate)] += 1
    return ChartSpec(
        key="on-time",
        title="按时答复率的机关分布",
        kind="bar",
        categories=tuple(labels),
        series=(Series("机关数", tuple(counts.values())),),
        unit=AGENCY_UNIT,
        note=f"{year}年答复的申请中在答复期限内答复的比例",
    )


# --- template context ---------------------------------------------------------------------------------


def chart_context(spec: ChartSpec) -> dict[str, Any]:
    """What the dashboard's figure needs: the same keys as the annual report's interactive charts."""
    element_id = f"supervision-chart-{spec.key}"
    return {
        "spec": spec,
        "element_id": element_id,
        "option_json": option_json(echarts_option(spec)),
        "summary": chart_summary(spec),
        "columns": [series.name for series in spec.series],
        "rows": [(category, [format_value(value) for value in values]) for category, values in spec.rows()],
    }


def chart_groups(result: Board) -> list[dict[str, Any]]:
    """The trend across the card's width, then the two distributions side by side (one column on a
    phone). The distributions describe the rows the table shows; the trend, the whole subtree."""
    trend = trend_chart(monthly_trend(result.root, result.year, today=result.today))
    spread = [overdue_chart(result.rows), on_time_chart(result.rows, result.year)]
    groups = [
        {"wide": True, "charts": [chart_context(trend)] if trend else []},
        {"wide": False, "charts": [chart_context(spec) for spec in spread if spec is not None]},
    ]
    return [group for group in groups if group["charts"]]
