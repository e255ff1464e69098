"""The dashboard's charts: the monthly trend adds up to the board's totals and its month-end overdue
counts equal a count taken in Python from the records; the distributions put each agency in one bar;
the trend is one query whatever the number of agencies; the page carries each chart as the annual
report's initialiser expects it (a canvas naming a JSON block, a sentence and a data table)."""

from __future__ import annotations

import calendar as month_calendar
import json
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import accepted, applicant_of, counter, on
from gongkai.supervision.charts import (
    NO_REPLIES,
    MonthlyTrend,
    monthly_trend,
    on_time_chart,
    overdue_chart,
    rate_band,
    trend_chart,
)
from gongkai.supervision.indicators import AgencyIndicators, board
from gongkai.supervision.tests.trees import flat_tree

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def records(world: Any) -> dict[str, DisclosureRequest]:
    """教育局: a reply in time in March 2025, one late in July 2025 (overdue at the end of June), one
    withdrawn, one open since January 2026 (overdue by now); 东湖区教育局: a reply in April 2025; a public
    enterprise's request, which the board does not count (第五十五条)."""
    on_time = accepted(world, "2025-03-03")
    with on("2025-03-10"):
        request_services.request_reply(
            actor=world.clerk_a, request=on_time, outcome="r1_open", replied_on=date(2025, 3, 10)
        )
    late = accepted(world, "2025-05-06", applicant=applicant_of("commercial", 2))
    with on("2025-07-01"):
        late = request_services.request_reply(
            actor=world.clerk_a, request=late, outcome="r4_1", replied_on=date(2025, 7, 1)
        )
    withdrawn = accepted(world, "2025-10-09", applicant=applicant_of("natural_person", 6))
    with on("2025-10-20"):
        request_services.request_withdraw(actor=world.clerk_a, request=withdrawn, on=date(2025, 10, 20))
    still_open = counter(world, "2026-01-05", applicant=applicant_of("natural_person", 3))
    district = counter(
        world, "2025-04-01", agency=world.district_dept, applicant=applicant_of("natural_person", 5)
    )
    with on("2025-04-02"):
        request_services.request_accept(actor=world.admin, request=district, on=date(2025, 4, 2))
    with on("2025-04-08"):
        request_services.request_reply(
            actor=world.admin, request=district, outcome="r2_partial", replied_on=date(2025, 4, 8)
        )
    enterprise = agency_services.agency_create(
        actor=None,
        name="明湖市自来水公司",
        kind="public_enterprise",
        level="city",
        code=fictional_uscc(77),
        parent=world.city,
    )
    counter(world, "2025-06-03", agency=enterprise, applicant=applicant_of("natural_person", 7))
    return {"late": late, "open": still_open}


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_calendar.monthrange(year, month)[1])


def _overdue_at(day: date, agencies: list[Agency]) -> int:
    """Counted in Python from the records: received by `day`, not finalized by then, due before it."""
    return sum(
        1
        for r in DisclosureRequest.objects.filter(agency__in=agencies)
        if r.received_on <= day
        and r.due_on is not None
        and r.due_on < day
        and (r.finalized_on is None or r.finalized_on > day)
    )


def _counted(root: Agency) -> list[Agency]:
    """The agencies the board lists: public enterprises are outside the supervision (第五十五条)."""
    return [a for a in Agency.objects.filter(path__startswith=root.path) if a.kind != "public_enterprise"]


def test_the_past_year_adds_up_to_the_board(world: Any, records: dict[str, DisclosureRequest]) -> None:
    trend = monthly_trend(world.city, 2025, today=TODAY)
    totals = board(world.city, 2025, today=TODAY).totals()
    assert trend.months == 12
    assert not trend.includes_today
    assert sum(trend.received) == totals.received == 4  # the enterprise's request is not counted
    assert sum(trend.replied) == totals.replied == 4  # three replies and the withdrawal (table 三 （六）3)
    late = [
        r for r in DisclosureRequest.objects.all() if r.replied_on and r.due_on and r.replied_on > r.due_on
    ]
    assert sum(trend.replied_late) == len(late) == 1  # a withdrawal is no late reply
    assert trend.received[2] == 1  # March
    assert trend.replied_late[6] == 1  # the late reply counts in July, the month it was given
    expected = [_overdue_at(_month_end(2025, m), _counted(world.city)) for m in range(1, 13)]
    assert list(trend.overdue) == expected
    due_on = records["late"].due_on
    assert due_on is not None
    assert due_on.month == 6
    assert trend.overdue[4] == 0  # end of May: not due yet
    assert trend.overdue[5] == 1  # end of June: due, not replied
    assert trend.overdue[6] == 0  # end of July: replied on 1 July


def test_the_current_year_stops_today_and_ends_on_the_board_overdue(
    world: Any, records: dict[str, DisclosureRequest]
) -> None:
    trend = monthly_trend(world.city, 2026, today=TODAY)
    totals = board(world.city, 2026, today=TODAY).totals()
    assert trend.months == 2
    assert trend.includes_today
    assert trend.received == (1, 0)
    assert trend.overdue[-1] == totals.overdue == 1
    assert trend.overdue[0] == _overdue_at(date(2026, 1, 31), _counted(world.city)) == 0
    spec = trend_chart(trend)
    assert spec is not None
    assert spec.categories == ("1月", "2月")
    assert "2月为截至2月10日的数据" in spec.note
    assert monthly_trend(world.city, 2027, today=TODAY).months == 0


def test_a_district_trend_holds_only_the_district(world: Any, records: dict[str, DisclosureRequest]) -> None:
    trend = monthly_trend(world.district, 2025, today=TODAY)
    assert sum(trend.received) == 1
    assert trend.replied[3] == 1  # April


def _tree(size: int) -> Agency:
    return flat_tree(size, name="图表市", serial=30000)


def test_the_trend_is_one_query_whatever_the_subtree(db: Any) -> None:
    counts = []
    for size in (10, 200):
        root = _tree(size)
        with CaptureQueriesContext(connection) as captured:
            monthly_trend(root, 2025, today=TODAY)
        counts.append(len(captured))
    assert counts == [1, 1]


def test_the_dashboard_with_its_charts_costs_the_same_at_10_and_200_agencies(db: Any, client: Client) -> None:
    counts = []
    for size in (10, 200):
        root = _tree(size)
        user, _ = agency_services.staff_create(
            actor=None,
            username=f"chart_supervisor_{size}",
            agency=root,
            role="supervisor",
            password="x-Pass-2026",
        )
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/staff/supervision/?year=2025")
        assert response.status_code == 200
        assert response.content.decode().count("<tr") >= size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _row(overdue: int = 0, replied: int = 0, on_time: int = 0) -> AgencyIndicators:
    return AgencyIndicators(
        agency=Agency(name="某局"),
        overdue=overdue,
        replied=replied,
        answered=replied,
        replied_on_time=on_time,
    )


def test_the_distributions_put_each_agency_in_one_bar() -> None:
    rows = [_row(0), _row(1), _row(2), _row(3), _row(6), _row(0, 20, 19), _row(0, 10, 8), _row(0, 3, 1)]
    spec = overdue_chart(rows)
    assert spec is not None
    assert spec.rows() == [("无超期", (4,)), ("1–2件", (2,)), ("3–5件", (1,)), ("5件以上", (1,))]
    assert spec.unit == "个"
    bands = on_time_chart(rows, 2025)
    assert bands is not None
    assert dict(bands.rows()) == {
        "95%及以上": (1,),
        "80%至95%": (1,),
        "60%至80%": (0,),
        "60%以下": (1,),
        NO_REPLIES: (5,),
    }
    assert (rate_band(95.0), rate_band(94.9), rate_band(80.0), rate_band(0.0), rate_band(None)) == (
        "95%及以上",
        "80%至95%",
        "80%至95%",
        "60%以下",
        NO_REPLIES,
    )
    assert on_time_chart([_row(2)], 2025) is None  # nobody replied: one bar says nothing
    assert overdue_chart([]) is None
    quiet = MonthlyTrend(2025, TODAY, (0,) * 12, (0,) * 12, (0,) * 12, (0,) * 12)
    assert trend_chart(quiet) is None


def test_the_page_carries_each_chart_for_the_initialiser(
    world: Any, records: dict[str, DisclosureRequest], client: Client
) -> None:
    client.force_login(world.city_supervisor)
    page = client.get("/staff/supervision/?year=2025").content.decode()
    assert "annual_reports/report-charts.js" in page
    assert "vendor/echarts/echarts.common.min.js" in page
    assert "annual_reports/report.css" in page
    canvases = re.findall(r'data-report-chart="([a-z-]+)"', page)
    assert canvases == [
        "supervision-chart-trend-option",
        "supervision-chart-overdue-option",
        "supervision-chart-on-time-option",
    ]
    for name in canvases:
        block = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
        assert block is not None
        json.loads(block.group(1))
    trend = json.loads(
        re.search(r'id="supervision-chart-trend-option">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    received = next(series for series in trend["series"] if series["name"] == "收到申请")
    assert sum(received["data"]) == 4
    assert 'aria-label="2025年各月依申请公开办理情况。1月：收到申请0件' in page
    assert "已超期申请数的机关分布（数据表）" in page
