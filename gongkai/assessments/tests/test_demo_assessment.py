"""The demo hook publishes last year's assessment of the city (personas' tree, named like the demo's)
and leaves this year's as a draft copied from it; running it twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from gongkai.assessments.demo import build_demo_assessment
from gongkai.assessments.models import Scheme, Status
from gongkai.assessments.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_last_year_and_drafts_this_year(world: Any, records: None) -> None:
    out = io.StringIO()
    built = build_demo_assessment(stdout=out, today=TODAY)
    assert built.published is not None
    assert built.draft is not None
    assert (built.published.year, built.published.status) == (2025, Status.PUBLISHED)
    assert (built.draft.year, built.draft.status) == (2026, Status.DRAFT)
    assert built.draft.indicators.count() == built.published.indicators.count() == 8
    results = built.published.results
    assert results is not None
    assert {row["agency"]["name"] for row in results["rows"]} == {
        "明湖市教育局",
        "明湖市公安局",
        "明湖市东湖区人民政府",
    }
    police = next(row for row in results["rows"] if row["agency"]["name"] == "明湖市公安局")
    inspection = next(i["key"] for i in results["indicators"] if i["name"] == "现场检查")
    assert police["scores"][str(inspection)] == "7.00"
    assert "登记台账" in police["notes"][str(inspection)]
    assert "已发布" in out.getvalue()

    build_demo_assessment(stdout=io.StringIO(), today=TODAY)
    assert Scheme.objects.count() == 2


def test_the_demo_hook_without_the_demo_city_does_nothing(db: Any) -> None:
    out = io.StringIO()
    built = build_demo_assessment(stdout=out, today=TODAY)
    assert built.published is None
    assert not Scheme.objects.exists()
    assert "未找到" in out.getvalue()
