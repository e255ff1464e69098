"""Extension (条例第三十三条第二款): approved by the head of the disclosure office, once, before the
due date, by at most 20 working days."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import RequestEvent
from gongkai.disclosure_requests.tests.request_factories import accepted, d, fresh, on, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db

REASON = "需调取多个科室档案"


def extend(world, request, when, *, days=20, actor=None, reason=REASON):
    with on(when):
        return services.request_extend(
            actor=actor or world.head_a, request=request, reason=reason, on=d(when), days=days
        )


def test_the_office_head_extends_by_twenty_working_days(world):
    request = accepted(world, "2026-02-10")
    assert request.due_on == d("2026-03-16")
    before = trail()
    request = extend(world, request, "2026-03-10")
    assert request.due_on == d("2026-04-14")
    assert (request.extension_days, request.extended_on, request.extension_reason) == (
        20,
        d("2026-03-10"),
        REASON,
    )
    assert request.status == Status.ACCEPTED
    assert trail() == (before[0] + 1, before[1] + 1)
    event = RequestEvent.objects.latest("id")
    assert (event.action, event.actor, event.note) == ("extend", world.head_a, f"延长20个工作日：{REASON}")


def test_a_shorter_extension_adds_only_its_days(world):
    assert extend(world, accepted(world, "2026-02-10"), "2026-03-10", days=5).due_on == d("2026-03-23")


@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "clerk_b", "city_supervisor"])
def test_only_the_office_head_may_extend(world, persona):
    request = accepted(world, "2026-02-10")
    before = trail()
    with pytest.raises(NotAllowed) as caught:
        extend(world, request, "2026-03-10", actor=getattr(world, persona))
    assert caught.value.message == "只有政府信息公开工作机构负责人可以批准延期答复"
    assert trail() == before
    assert fresh(request).due_on == d("2026-03-16")


def test_a_request_is_extended_only_once(world):
    request = extend(world, accepted(world, "2026-02-10"), "2026-03-10", days=5)
    with pytest.raises(InvalidInput) as caught:
        extend(world, request, "2026-03-12", days=5)
    assert caught.value.message == "答复期限只能延长一次（条例第三十三条）"
    assert fresh(request).due_on == d("2026-03-23")


def test_the_extension_may_be_approved_on_the_due_date(world):
    assert extend(world, accepted(world, "2026-02-10"), "2026-03-16").due_on == d("2026-04-14")


def test_no_extension_after_the_due_date(world):
    request = accepted(world, "2026-02-10")
    with pytest.raises(InvalidInput) as caught:
        extend(world, request, "2026-03-17")
    assert caught.value.message == "答复期限已于2026-03-16届满，不能再延期"
    assert fresh(request).extended_on is None


@pytest.mark.parametrize("days", [0, 21, 30])
def test_an_extension_is_between_one_and_twenty_working_days(world, days):
    with pytest.raises(InvalidInput, match="延长期限不得超过20个工作日"):
        extend(world, accepted(world, "2026-02-10"), "2026-03-10", days=days)


def test_an_extension_needs_a_reason(world):
    with pytest.raises(InvalidInput, match="请说明延期理由"):
        extend(world, accepted(world, "2026-02-10"), "2026-03-10", reason=" ")


def test_an_extension_while_consulting_applies_when_the_clock_resumes(world):
    request = accepted(world, "2026-02-10")
    with on("2026-02-24"):
        request = services.consultation_start(
            actor=world.clerk_a, request=request, party="明湖某公司", sent_on=d("2026-02-24")
        )
    request = extend(world, request, "2026-02-25")
    assert (request.status, request.due_on, request.paused_remaining_days) == (Status.CONSULTING, None, 35)
    with on("2026-03-10"):
        request = services.consultation_end(actor=world.clerk_a, request=request, received_on=d("2026-03-10"))
    assert request.due_on == d("2026-04-29")  # 35 working days after 03-10


def test_a_request_awaiting_correction_cannot_be_extended(world):
    request = accepted(world, "2026-02-10")
    with on("2026-02-12"):
        request = services.request_correction_ask(
            actor=world.clerk_a, request=request, items="文号", sent_on=d("2026-02-12"), period_days=10
        )
    with pytest.raises(IllegalTransition):
        extend(world, request, "2026-02-13")
