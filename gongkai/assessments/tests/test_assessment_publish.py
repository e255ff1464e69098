"""Publishing freezes the scheme and every agency's figures and scores: records that change afterwards
do not move a published assessment, and its scheme and scores can no longer be edited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.assessments import selectors, services
from gongkai.assessments.models import Scheme, Status
from gongkai.assessments.scoring import Kind
from gongkai.assessments.tests.conftest import (
    TODAY,
    enter_inspection,
    inspection,
    make_scheme,
    overdue_request,
)
from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _totals(scheme: Scheme) -> dict[str, Decimal]:
    return {row.name: row.total for row in selectors.outcome(scheme, today=TODAY).rows}


def test_a_published_assessment_does_not_change_when_records_change(world: Any, scheme: Scheme) -> None:
    services.scheme_publish(actor=world.city_supervisor, scheme=scheme)
    published = Scheme.objects.get(pk=scheme.pk)
    frozen = published.results
    before = _totals(published)
    assert before["明湖市公安局"] == Decimal(100)

    # After publication: a new overdue request at 公安局 and a second one at 教育局.
    overdue_request(world, world.agency_b, 11)
    overdue_request(world, world.agency_a, 12)
    live = {row.name: row.total for row in selectors.live_outcome(published, today=TODAY).rows}
    assert live["明湖市公安局"] == Decimal(90)  # the records did change…
    assert live["明湖市教育局"] == Decimal(50)

    again = Scheme.objects.get(pk=scheme.pk)
    assert again.results == frozen  # …the published assessment did not
    assert _totals(again) == before
    rows = {row.name: row for row in selectors.outcome(again, today=TODAY).rows}
    assert rows["明湖市公安局"].figures["overdue"] == 0
    assert rows["明湖市公安局"].rank == 1


def test_the_frozen_results_keep_the_scheme_as_applied(world: Any, scheme: Scheme) -> None:
    services.scheme_publish(actor=None, scheme=scheme)
    scheme.refresh_from_db()
    data = scheme.results
    assert data is not None
    assert [i["name"] for i in data["indicators"]] == ["按时答复率", "超期未答复申请", "现场检查"]
    assert [i["weight"] for i in data["indicators"]] == ["50.00", "30.00", "20.00"]
    assert data["computed_on"] == TODAY.isoformat()
    assert data["indicators"][0]["standard"].startswith("按时答复率达到100%得50分")
    edu = next(row for row in data["rows"] if row["agency"]["name"] == "明湖市教育局")
    assert edu["total"] == "60.00"
    assert edu["rank"] == 3
    assert edu["figures"]["overdue"] == 1
    assert edu["figures"]["on_time_rate"] == 50.0
    assert scheme.status == Status.PUBLISHED
    assert scheme.published_at is not None


def test_a_published_scheme_can_no_longer_be_edited(world: Any, scheme: Scheme) -> None:
    services.scheme_publish(actor=None, scheme=scheme)
    indicator = scheme.indicators.get(name="按时答复率")
    with pytest.raises(IllegalTransition):
        services.indicator_update(
            actor=None,
            indicator=indicator,
            name="按时答复率",
            kind=Kind.LINEAR,
            weight=Decimal(10),
            params=indicator.params,
        )
    with pytest.raises(IllegalTransition):
        services.indicator_add(
            actor=None, scheme=scheme, name="社会评议", kind=Kind.MANUAL, weight=Decimal(5), params={}
        )
    with pytest.raises(IllegalTransition):
        services.indicator_remove(actor=None, indicator=indicator)
    with pytest.raises(IllegalTransition):
        enter_inspection(world, scheme, {world.agency_a: "1"})
    with pytest.raises(IllegalTransition):
        services.scheme_update(
            actor=None,
            scheme=scheme,
            title="改名",
            direct_only=True,
            threshold=Decimal(60),
            issuer="",
            notice_text="",
        )
    with pytest.raises(IllegalTransition):
        services.scheme_publish(actor=None, scheme=scheme)
    indicator.refresh_from_db()
    assert indicator.weight == Decimal(50)
    assert inspection(scheme).manual_scores.get(agency=world.agency_a).score == Decimal(15)


def test_publishing_needs_every_manual_score_without_a_default(world: Any, records: None) -> None:
    scheme = make_scheme(world)
    enter_inspection(world, scheme, {world.agency_a: "15"})
    with pytest.raises(InvalidInput, match=r"现场检查.*2个得分未录入"):
        services.scheme_publish(actor=None, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.status == Status.DRAFT
    assert scheme.results is None


def test_publishing_needs_indicators(world: Any) -> None:
    scheme = services.scheme_create(actor=None, root=world.city, year=2025, copy_previous=False)
    for indicator in list(scheme.indicators.all()):
        services.indicator_remove(actor=None, indicator=indicator)
    with pytest.raises(InvalidInput, match="没有指标"):
        services.scheme_publish(actor=None, scheme=scheme)


def test_every_write_leaves_one_audit_row(world: Any, records: None) -> None:
    actor = world.city_supervisor
    scheme = services.scheme_create(actor=actor, root=world.city, year=2025, copy_previous=False)
    added = services.indicator_add(
        actor=actor, scheme=scheme, name="信息公开培训", kind=Kind.MANUAL, weight=Decimal(5), params={}
    )
    services.manual_scores_save(
        actor=actor,
        indicator=added,
        entries=[services.ManualEntry(agency_id=world.agency_a.pk, score=Decimal(4), note="参加培训")],
    )
    # Saving the same score again changes nothing and writes nothing.
    assert (
        services.manual_scores_save(
            actor=actor,
            indicator=added,
            entries=[services.ManualEntry(agency_id=world.agency_a.pk, score=Decimal(4), note="参加培训")],
        )
        == 0
    )
    services.indicator_remove(actor=actor, indicator=added)
    actions = list(
        AuditEntry.objects.filter(target_type="assessments.scheme", target_id=str(scheme.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "assessment.create",
        "assessment.indicator_add",
        "assessment.manual_scores",
        "assessment.indicator_remove",
    ]
    entry = AuditEntry.objects.get(action="assessment.manual_scores")
    assert entry.actor == actor
    assert entry.changes == {"明湖市教育局": [None, "4"]}


def test_manual_scores_are_checked(world: Any, records: None) -> None:
    scheme = make_scheme(world)
    indicator = inspection(scheme)
    with pytest.raises(InvalidInput) as caught:
        services.manual_scores_save(
            actor=None,
            indicator=indicator,
            entries=[
                services.ManualEntry(agency_id=world.agency_a.pk, score=Decimal(21)),
                services.ManualEntry(agency_id=world.agency_b.pk, score=Decimal("1.234")),
            ],
        )
    assert set(caught.value.fields) == {f"score_{world.agency_a.pk}", f"score_{world.agency_b.pk}"}
    with pytest.raises(InvalidInput, match="不在本次考评范围"):
        services.manual_scores_save(
            actor=None,
            indicator=indicator,
            entries=[services.ManualEntry(agency_id=world.district_dept.pk, score=Decimal(1))],
        )
    computed = scheme.indicators.get(name="按时答复率")
    with pytest.raises(InvalidInput, match="不需要录入"):
        services.manual_scores_save(
            actor=None,
            indicator=computed,
            entries=[services.ManualEntry(agency_id=world.agency_a.pk, score=Decimal(1))],
        )
    assert not indicator.manual_scores.exists()
    # Clearing an entry removes it.
    enter_inspection(world, scheme, {world.agency_a: "12"})
    services.manual_scores_save(
        actor=None,
        indicator=indicator,
        entries=[services.ManualEntry(agency_id=world.agency_a.pk, score=None)],
    )
    assert not indicator.manual_scores.exists()


def test_indicator_rules_are_validated_by_the_service(world: Any) -> None:
    scheme = services.scheme_create(actor=None, root=world.city, year=2025)
    with pytest.raises(InvalidInput) as caught:
        services.indicator_add(
            actor=None,
            scheme=scheme,
            name="平均答复用时",
            kind=Kind.LINEAR,
            weight=Decimal(10),
            params={"figure": "average_reply_days", "full_at": 5, "zero_at": 5},
        )
    assert "zero_at" in caught.value.fields
    with pytest.raises(InvalidInput, match="已有名为"):
        services.indicator_add(
            actor=None, scheme=scheme, name="现场检查", kind=Kind.MANUAL, weight=Decimal(5), params={}
        )
    with pytest.raises(InvalidInput, match="已存在"):
        services.scheme_create(actor=None, root=world.city, year=2025)
    with pytest.raises(InvalidInput, match="考评年度"):
        services.scheme_create(actor=None, root=world.city, year=2027)
