"""A scheme with three weighted indicators scores the seeded records as computed by hand, ranks with
ties sharing a place, reads the supervision board's figures, and keeps its cost bounded."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.workflow import Status as ReportStatus
from gongkai.assessments import selectors, services
from gongkai.assessments.models import Scheme
from gongkai.assessments.scoring import Kind
from gongkai.assessments.tests.conftest import TODAY, enter_inspection, make_scheme
from gongkai.supervision.indicators import AgencyIndicators

pytestmark = pytest.mark.django_db


def test_three_weighted_indicators_give_the_expected_scores_and_ranking(world: Any, scheme: Scheme) -> None:
    result = selectors.live_outcome(scheme, today=TODAY)
    by_name = {row.name: row for row in result.rows}
    ids = {spec.name: spec.key for spec in result.indicators}
    rate, overdue, inspection = ids["按时答复率"], ids["超期未答复申请"], ids["现场检查"]

    edu = by_name["明湖市教育局"]  # 50 % on time, one overdue, 15 on inspection
    assert edu.figures["on_time_rate"] == 50.0
    assert edu.figures["overdue"] == 1
    assert edu.scores == {rate: Decimal("25.00"), overdue: Decimal("20.00"), inspection: Decimal("15.00")}
    assert edu.total == Decimal("60.00")

    police = by_name["明湖市公安局"]  # 100 %, nothing overdue, 20
    assert police.scores == {rate: Decimal(50), overdue: Decimal(30), inspection: Decimal(20)}
    assert police.total == Decimal("100.00")

    district = by_name["明湖市东湖区人民政府"]  # no replies: full marks for the rate
    assert district.figures["on_time_rate"] is None
    assert district.total == Decimal("100.00")

    assert [(row.name, row.rank) for row in result.rows] == [
        ("明湖市公安局", 1),
        ("明湖市东湖区人民政府", 1),  # equal totals share the place
        ("明湖市教育局", 3),
    ]
    assert result.weight_total == Decimal(100)
    assert [row.name for row in result.below_threshold] == []
    assert result.missing_manual == 0


def test_a_direct_only_scheme_leaves_out_the_root_and_the_level_below(world: Any, scheme: Scheme) -> None:
    names = {row.name for row in selectors.live_outcome(scheme, today=TODAY).rows}
    assert names == {"明湖市教育局", "明湖市公安局", "明湖市东湖区人民政府"}


def test_a_whole_subtree_scheme_scores_every_agency_below_the_root(world: Any, records: None) -> None:
    scheme = make_scheme(world, direct_only=False)
    result = selectors.live_outcome(scheme, today=TODAY)
    names = {row.name for row in result.rows}
    assert names == {
        "明湖市教育局",
        "明湖市公安局",
        "明湖市东湖区人民政府",
        "东湖区教育局",
        "东湖区湖滨街道办事处",
    }
    dept = next(row for row in result.rows if row.name == "东湖区教育局")
    assert dept.figures["overdue"] == 1
    # Nobody entered its inspection score: counted as 0 for now, and flagged.
    assert dept.missing == [next(s.key for s in result.indicators if s.name == "现场检查")]
    assert dept.total == Decimal("70.00")  # 50 (no replies) + 20 (one overdue) + 0
    assert result.missing_manual == 5


def test_agencies_below_the_threshold_are_listed(world: Any, scheme: Scheme) -> None:
    services.scheme_update(
        actor=None,
        scheme=scheme,
        title="",
        direct_only=True,
        threshold=Decimal(80),
        issuer=scheme.issuer,
        notice_text="",
    )
    scheme.refresh_from_db()
    result = selectors.live_outcome(scheme, today=TODAY)
    assert [row.name for row in result.below_threshold] == ["明湖市教育局"]


def test_a_default_fills_missing_manual_scores(world: Any, records: None) -> None:
    scheme = make_scheme(world)
    indicator = scheme.indicators.get(name="现场检查")
    services.indicator_update(
        actor=None,
        indicator=indicator,
        name="现场检查",
        kind=Kind.MANUAL,
        weight=Decimal(20),
        params={"default": 18},
    )
    enter_inspection(world, scheme, {world.agency_a: "10"})
    rows = {row.name: row for row in selectors.live_outcome(scheme, today=TODAY).rows}
    assert rows["明湖市教育局"].scores[indicator.pk] == Decimal(10)
    assert rows["明湖市公安局"].scores[indicator.pk] == Decimal(18)
    assert rows["明湖市公安局"].missing == []


def test_report_state_reads_publication_against_the_due_date(world: Any) -> None:
    row = AgencyIndicators(agency=world.agency_a, report_due_on=date(2025, 1, 31))
    assert selectors.report_state(row, date(2025, 1, 20)) == "pending"
    assert selectors.report_state(row, date(2025, 2, 1)) == "missing"
    shanghai = ZoneInfo("Asia/Shanghai")
    row.report = AnnualReport(
        agency=world.agency_a,
        year=2024,
        status=ReportStatus.PUBLISHED,
        published_at=datetime(2025, 1, 31, 18, tzinfo=shanghai),
    )
    assert selectors.report_state(row, date(2025, 6, 1)) == "on_time"
    row.report.published_at = datetime(2025, 2, 3, 9, tzinfo=shanghai)
    assert selectors.report_state(row, date(2025, 6, 1)) == "late"
    row.report.status = ReportStatus.DRAFT
    assert selectors.report_state(row, date(2025, 6, 1)) == "missing"


def test_new_schemes_start_from_the_recommended_indicators_or_last_years(world: Any) -> None:
    first = services.scheme_create(actor=None, root=world.city, year=2024)
    assert first.indicators.count() == 8
    assert sum(i.weight for i in first.indicators.all()) == Decimal(100)
    assert first.issuer == "明湖市人民政府"  # no 政府办 in the personas' tree
    services.indicator_remove(actor=None, indicator=first.indicators.get(name="社会评议"))
    second = services.scheme_create(actor=None, root=world.city, year=2025)
    assert second.indicators.count() == 7
    assert not second.indicators.filter(name="社会评议").exists()


def test_the_cost_in_queries_does_not_grow_with_the_agencies(world: Any, scheme: Scheme) -> None:
    from gongkai.agencies import services as agency_services
    from gongkai.agencies.codes import fictional_uscc

    counts = []
    for batch in (0, 40):
        for n in range(batch):
            agency_services.agency_create(
                actor=None,
                name=f"明湖市第{n}局",
                kind="department",
                level="city",
                code=fictional_uscc(50_000 + n),
                parent=world.city,
            )
        fresh = Scheme.objects.select_related("root").get(pk=scheme.pk)
        with CaptureQueriesContext(connection) as captured:
            result = selectors.live_outcome(fresh, today=TODAY)
        counts.append(len(captured))
        assert len(result.rows) == Agency.objects.filter(parent=world.city).count()
    assert counts[0] == counts[1]
