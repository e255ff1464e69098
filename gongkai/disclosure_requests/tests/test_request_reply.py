"""The final reply: exactly one outcome row of table 三 per request (V5); （六）1 and （六）2 only through
the correction and fee procedures; 补正后仍不明确 only after a correction."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import outcomes, services
from gongkai.disclosure_requests.models import RequestEvent
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, fresh, on, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db


def reply(world, request, outcome, when, *, text="", actor=None):
    with on(when):
        return services.request_reply(
            actor=actor or world.clerk_a, request=request, outcome=outcome, replied_on=d(when), text=text
        )


def corrected(world):
    request = accepted(world, "2026-03-02")
    with on("2026-03-03"):
        request = services.request_correction_ask(
            actor=world.clerk_a, request=request, items="文号", sent_on=d("2026-03-03"), period_days=10
        )
    with on("2026-03-06"):
        return services.request_correction_receive(
            actor=world.clerk_a, request=request, received_on=d("2026-03-06")
        )


def test_the_reply_choices_are_every_row_but_six_one_and_six_two():
    assert len(outcomes.REPLY_CHOICES) == 19
    assert set(outcomes.KEYS) - set(outcomes.REPLY_CHOICES) == {"r6_1", "r6_2"}


@pytest.mark.parametrize("outcome", [o for o in outcomes.REPLY_CHOICES if o != "r4_3"])
def test_a_reply_records_its_one_outcome(world, outcome):
    request = accepted(world, "2026-03-02")
    before = trail()
    request = reply(world, request, outcome, "2026-03-20")
    info = outcomes.BY_KEY[outcome]
    assert (request.status, request.outcome, request.replied_on, request.finalized_on) == (
        Status.REPLIED,
        outcome,
        d("2026-03-20"),
        d("2026-03-20"),
    )
    assert request.reply_text == info.reply_hint
    assert trail() == (before[0] + 1, before[1] + 1)
    event = RequestEvent.objects.latest("id")
    assert (event.action, event.note, event.data) == (
        "reply",
        info.full_label,
        {"outcome": outcome, "basis": info.basis},
    )
    assert AuditEntry.objects.latest("id").to_state == "replied"


def test_partial_disclosure_is_recorded_only_as_row_two(world):
    request = reply(
        world,
        accepted(world, "2026-03-02"),
        "r2_partial",
        "2026-03-20",
        text="提供第1、2页，第3页涉及个人隐私",
    )
    assert fresh(request).outcome == "r2_partial"
    assert request.reply_text == "提供第1、2页，第3页涉及个人隐私"
    assert request.outcome_info is not None
    assert request.outcome_info.full_label == "（二）部分公开 区分处理的，只计这一情形，不计其他情形"


@pytest.mark.parametrize("outcome", ["r6_1", "r6_2"])
def test_the_deemed_withdrawal_rows_cannot_be_chosen_in_a_reply(world, outcome):
    request = accepted(world, "2026-03-02")
    before = trail()
    with pytest.raises(InvalidInput) as caught:
        reply(world, request, outcome, "2026-03-20")
    assert (
        caught.value.message
        == f"“{outcomes.BY_KEY[outcome].full_label}”须通过补正或收费程序办结，不能直接选择"
    )
    assert trail() == before
    assert fresh(request).status == Status.ACCEPTED


def test_an_unknown_outcome_is_refused(world):
    with pytest.raises(InvalidInput, match="未知的办理结果：r9"):
        reply(world, accepted(world, "2026-03-02"), "r9", "2026-03-20")


def test_still_unclear_after_correction_needs_a_correction(world):
    with pytest.raises(InvalidInput, match="只适用于已补正的申请"):
        reply(world, accepted(world, "2026-03-02"), "r4_3", "2026-03-20")


def test_still_unclear_after_correction_is_allowed_once_corrected(world):
    request = reply(world, corrected(world), "r4_3", "2026-03-20")
    assert (request.status, request.outcome) == (Status.REPLIED, "r4_3")


def test_a_reply_cannot_predate_the_corrected_application(world):
    with pytest.raises(InvalidInput, match="不能早于2026-03-06"):
        reply(world, corrected(world), "r1_open", "2026-03-05")


def test_a_reply_cannot_be_dated_after_today(world):
    request = accepted(world, "2026-03-02")
    with on("2026-03-19"), pytest.raises(InvalidInput, match="答复日期不能晚于今天（2026-03-19）"):
        services.request_reply(
            actor=world.clerk_a, request=request, outcome="r1_open", replied_on=d("2026-03-20")
        )


def test_an_on_the_spot_reply_needs_no_registration(world):
    request = reply(world, counter(world, "2026-03-02"), "r1_open", "2026-03-02")
    assert request.status == Status.REPLIED


def test_a_request_is_replied_to_once(world):
    request = reply(world, accepted(world, "2026-03-02"), "r1_open", "2026-03-20")
    with pytest.raises(IllegalTransition) as caught:
        reply(world, request, "r4_1", "2026-03-21")
    assert caught.value.message == "申请当前状态为“已答复”，不能执行“答复”"
    assert fresh(request).outcome == "r1_open"


def test_a_clerk_of_another_agency_may_not_reply(world):
    with pytest.raises(NotAllowed):
        reply(world, accepted(world, "2026-03-02"), "r1_open", "2026-03-20", actor=world.clerk_b)
