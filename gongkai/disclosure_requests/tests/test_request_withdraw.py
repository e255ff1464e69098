"""Withdrawal by the applicant: counted in table 三 as （六）3 其他, from any open state."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import RequestEvent
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, on, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db


def withdraw(world, request, when, reason="申请人来电撤回"):
    with on(when):
        return services.request_withdraw(actor=world.clerk_a, request=request, on=d(when), reason=reason)


def test_a_withdrawn_request_is_finalized_as_six_three(world):
    request = accepted(world, "2026-03-02")
    before = trail()
    request = withdraw(world, request, "2026-03-10")
    assert (request.status, request.outcome, request.withdrawn_on, request.finalized_on) == (
        Status.WITHDRAWN,
        "r6_3",
        d("2026-03-10"),
        d("2026-03-10"),
    )
    assert trail() == (before[0] + 1, before[1] + 1)
    event = RequestEvent.objects.latest("id")
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "withdraw",
        "accepted",
        "withdrawn",
        "申请人来电撤回",
    )


def test_a_request_can_be_withdrawn_while_waiting_for_a_consultation(world):
    request = accepted(world, "2026-03-02")
    with on("2026-03-03"):
        request = services.consultation_start(
            actor=world.clerk_a, request=request, party="某公司", sent_on=d("2026-03-03")
        )
    assert withdraw(world, request, "2026-03-10").outcome == "r6_3"


def test_a_received_request_can_be_withdrawn(world):
    assert withdraw(world, counter(world, "2026-03-02"), "2026-03-02").status == Status.WITHDRAWN


def test_a_replied_request_cannot_be_withdrawn(world):
    request = accepted(world, "2026-03-02")
    with on("2026-03-05"):
        request = services.request_reply(
            actor=world.clerk_a, request=request, outcome="r1_open", replied_on=d("2026-03-05")
        )
    with pytest.raises(IllegalTransition):
        withdraw(world, request, "2026-03-06")


def test_a_withdrawal_cannot_predate_receipt(world):
    with pytest.raises(InvalidInput, match="撤回日期不能早于2026-03-02"):
        withdraw(world, accepted(world, "2026-03-02"), "2026-03-01")
