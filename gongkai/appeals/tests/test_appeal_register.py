"""appeal_register: a 复议 / 诉讼 case against an agency, pending until decided, one audit row."""

from __future__ import annotations

import pytest

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, AppealKind, AppealResult
from gongkai.appeals.tests.factories import written
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import counter, d, on


def test_a_clerk_registers_a_pending_case_with_one_audit_row(world):
    request = counter(world, "2025-03-03")
    before = written()
    with on("2025-05-06"):
        appeal = services.appeal_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-05-06"),
            request=request,
            case_number=" 明府复〔2025〕12号 ",
            organ="明湖市人民政府",
            appellant="张1",
            summary="不服不予公开答复",
        )
    assert written() == (before[0] + 1, before[1], before[2] + 1)
    stored = Appeal.objects.get(pk=appeal.pk)
    assert (stored.agency, stored.request, stored.kind, stored.filed_on) == (
        world.agency_a,
        request,
        "reconsideration",
        d("2025-05-06"),
    )
    assert (stored.result, stored.decided_on, stored.case_number) == ("pending", None, "明府复〔2025〕12号")
    assert stored.created_by == world.clerk_a
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.actor, entry.target_id, entry.to_state) == (
        "appeal.registered",
        world.clerk_a,
        str(appeal.pk),
        "pending",
    )
    assert entry.changes["request"] == request.number


def test_the_platform_registers_without_an_actor(world):
    with on("2025-05-06"):
        appeal = services.appeal_register(
            actor=None, agency=world.agency_b, kind=AppealKind.LITIGATION_DIRECT, filed_on=d("2025-05-06")
        )
    assert appeal.result == AppealResult.PENDING
    assert appeal.created_by is None
    entry = AuditEntry.objects.latest("pk")
    # Outside a web request the audit context is the command line.
    assert (entry.actor, entry.actor_name, entry.action) == (None, "cli", "appeal.registered")


@pytest.mark.parametrize("persona", ["clerk_b", "reviewer_a", "city_supervisor"])
def test_only_staff_who_handle_the_agencys_requests_may_register(world, persona):
    before = written()
    with on("2025-05-06"), pytest.raises(NotAllowed) as caught:
        services.appeal_register(
            actor=getattr(world, persona),
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-05-06"),
        )
    assert caught.value.message == "您没有执行此操作的权限"
    assert written() == before


def test_an_unknown_kind_is_refused(world):
    before = written()
    with on("2025-05-06"), pytest.raises(InvalidInput) as caught:
        services.appeal_register(
            actor=world.clerk_a, agency=world.agency_a, kind="petition", filed_on=d("2025-05-06")
        )
    assert caught.value.fields == {"kind": "未知的案件类型"}
    assert written() == before


def test_a_case_filed_in_the_future_is_refused(world):
    before = written()
    with on("2025-05-06"), pytest.raises(InvalidInput) as caught:
        services.appeal_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-05-07"),
        )
    assert caught.value.message == "立案日期不能晚于今天（2025-05-06）"
    assert written() == before


def test_a_case_filed_before_its_request_was_received_is_refused(world):
    request = counter(world, "2025-03-03")
    before = written()
    with on("2025-05-06"), pytest.raises(InvalidInput) as caught:
        services.appeal_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-03-02"),
            request=request,
        )
    assert caught.value.message == "立案日期不能早于相关申请的收到日期（2025-03-03）"
    assert caught.value.fields == {"filed_on": "日期不能早于2025-03-03"}
    assert written() == before


def test_a_request_of_another_agency_cannot_be_linked(world):
    request_b = counter(world, "2025-03-03", agency=world.agency_b)
    before = written()
    with on("2025-05-06"), pytest.raises(InvalidInput) as caught:
        services.appeal_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-05-06"),
            request=request_b,
        )
    assert caught.value.message == f"申请 {request_b.number} 不是向明湖市教育局提出的，不能关联"
    assert written() == before


def test_an_overlong_case_number_is_refused(world):
    before = written()
    with on("2025-05-06"), pytest.raises(InvalidInput) as caught:
        services.appeal_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2025-05-06"),
            case_number="号" * 101,
        )
    assert caught.value.fields == {"case_number": "最多100个字"}
    assert written() == before
