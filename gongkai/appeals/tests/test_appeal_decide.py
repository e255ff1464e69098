"""appeal_decide: a pending case gets its result once (结果维持 / 结果纠正 / 其他结果)."""

from __future__ import annotations

import pytest

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, AppealKind
from gongkai.appeals.tests.factories import appeal, written
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import d, on


@pytest.mark.parametrize("result", ["upheld", "corrected", "other"])
def test_a_clerk_records_the_result_with_one_audit_row(world, result):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    before = written()
    with on("2025-08-01"):
        decided = services.appeal_decide(
            actor=world.clerk_a, appeal=case, result=result, decided_on=d("2025-07-30")
        )
    assert written() == (before[0], before[1], before[2] + 1)
    stored = Appeal.objects.get(pk=case.pk)
    assert (stored.result, stored.decided_on) == (result, d("2025-07-30"))
    assert (decided.result, decided.decided_on) == (result, d("2025-07-30"))
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "appeal.decided",
        world.clerk_a,
        "pending",
        result,
    )


def test_deciding_twice_is_an_illegal_transition_and_writes_nothing(world):
    case = appeal(
        world.agency_a, AppealKind.LITIGATION_DIRECT, "2025-05-06", decided="2025-07-30", result="upheld"
    )
    before = written()
    with on("2025-08-01"), pytest.raises(IllegalTransition) as caught:
        services.appeal_decide(
            actor=world.clerk_a, appeal=case, result="corrected", decided_on=d("2025-08-01")
        )
    assert caught.value.message == "该案件已于2025-07-30审结（结果维持），不能再次登记结果"
    assert (caught.value.current, caught.value.attempted) == ("upheld", "corrected")
    assert written() == before
    assert Appeal.objects.get(pk=case.pk).result == "upheld"


@pytest.mark.parametrize("result", ["pending", "withdrawn", ""])
def test_only_a_final_result_can_be_recorded(world, result):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    before = written()
    with on("2025-08-01"), pytest.raises(InvalidInput) as caught:
        services.appeal_decide(actor=world.clerk_a, appeal=case, result=result, decided_on=d("2025-07-30"))
    assert caught.value.fields == {"result": "未知的审结结果"}
    assert written() == before


def test_a_decision_before_filing_is_refused(world):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    before = written()
    with on("2025-08-01"), pytest.raises(InvalidInput) as caught:
        services.appeal_decide(actor=world.clerk_a, appeal=case, result="upheld", decided_on=d("2025-05-05"))
    assert caught.value.message == "审结日期不能早于立案日期（2025-05-06）"
    assert written() == before


def test_a_decision_in_the_future_is_refused(world):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    before = written()
    with on("2025-08-01"), pytest.raises(InvalidInput) as caught:
        services.appeal_decide(actor=world.clerk_a, appeal=case, result="upheld", decided_on=d("2025-08-02"))
    assert caught.value.fields == {"decided_on": "日期不能晚于今天"}
    assert written() == before


@pytest.mark.parametrize("persona", ["clerk_b", "reviewer_a", "city_supervisor"])
def test_only_staff_who_handle_the_agencys_requests_may_decide(world, persona):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    before = written()
    with on("2025-08-01"), pytest.raises(NotAllowed):
        services.appeal_decide(
            actor=getattr(world, persona), appeal=case, result="upheld", decided_on=d("2025-07-30")
        )
    assert written() == before
    assert Appeal.objects.get(pk=case.pk).result == "pending"


def test_the_office_head_may_decide(world):
    case = appeal(world.agency_a, AppealKind.RECONSIDERATION, "2025-05-06")
    with on("2025-08-01"):
        decided = services.appeal_decide(
            actor=world.head_a, appeal=case, result="other", decided_on=d("2025-08-01")
        )
    assert decided.result == "other"
