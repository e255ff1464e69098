"""补正 (条例第三十条): one notice, within 7 working days of receipt; the reply period restarts on
receipt of the corrected application; no correction within the period ⇒ closed as （六）1."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import RequestEvent
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, fresh, on, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db


def ask(world, request, sent_on, *, period_days=10, items="请说明所需信息的文号或时间范围", actor=None):
    with on(sent_on):
        return services.request_correction_ask(
            actor=actor or world.clerk_a,
            request=request,
            items=items,
            sent_on=d(sent_on),
            period_days=period_days,
        )


def receive(world, request, received_on):
    with on(received_on):
        return services.request_correction_receive(
            actor=world.clerk_a, request=request, received_on=d(received_on)
        )


def test_the_notice_may_go_out_on_the_seventh_working_day(world):
    request = accepted(world, "2026-02-10")
    before = trail()
    request = ask(world, request, "2026-02-26")
    assert request.status == Status.AWAITING_CORRECTION
    assert request.correction_requested_on == d("2026-02-26")
    # 10 working days from 02-26: 02-27, 02-28 (make-up Saturday), 03-02 … 03-06, 03-09 … 03-11.
    assert request.correction_due_on == d("2026-03-11")
    assert request.correction_items == "请说明所需信息的文号或时间范围"
    assert trail() == (before[0] + 1, before[1] + 1)
    event = RequestEvent.objects.latest("id")
    assert (event.action, event.from_status, event.to_status) == (
        "request_correction",
        "accepted",
        "awaiting_correction",
    )
    assert AuditEntry.objects.latest("id").action == "request.request_correction"


def test_the_notice_is_refused_after_seven_working_days(world):
    request = accepted(world, "2026-02-10")
    before = trail()
    with pytest.raises(InvalidInput) as caught:
        ask(world, request, "2026-02-27")
    assert caught.value.message == "补正告知应在收到申请之日起7个工作日内（2026-02-26前）发出（条例第三十条）"
    assert trail() == before
    assert fresh(request).status == Status.ACCEPTED


def test_a_request_not_yet_accepted_may_be_sent_for_correction(world):
    request = counter(world, "2026-02-10")
    assert ask(world, request, "2026-02-11").status == Status.AWAITING_CORRECTION


def test_the_corrected_application_restarts_the_reply_period(world):
    request = ask(world, accepted(world, "2026-02-10"), "2026-02-12")
    # No complete application to answer while waiting: the reply clock stands still (第三十条).
    assert request.due_on is None
    before = trail()
    request = receive(world, request, "2026-03-02")
    assert request.status == Status.ACCEPTED
    assert request.restarted_on == d("2026-03-02")
    assert request.received_on == d("2026-02-10")  # the receipt date (and so the report year) stays
    assert request.due_on == d("2026-03-30")
    assert trail() == (before[0] + 1, before[1] + 1)
    assert RequestEvent.objects.latest("id").note == "答复期限自收到补正申请之日起重新计算"


def test_correction_is_asked_only_once(world):
    request = receive(world, ask(world, accepted(world, "2026-02-10"), "2026-02-12"), "2026-02-13")
    before = trail()
    with pytest.raises(InvalidInput) as caught:
        ask(world, request, "2026-02-24")
    assert caught.value.message == "补正只能一次性告知（条例第三十条），本申请已告知过补正"
    assert trail() == before


def test_a_second_notice_while_waiting_is_an_illegal_transition(world):
    request = ask(world, accepted(world, "2026-02-10"), "2026-02-12")
    with pytest.raises(IllegalTransition):
        ask(world, request, "2026-02-13")


def test_the_notice_must_name_the_items_and_a_period(world):
    request = accepted(world, "2026-02-10")
    with pytest.raises(InvalidInput, match="请写明需要补正的事项"):
        ask(world, request, "2026-02-12", items="  ")
    with pytest.raises(InvalidInput, match="补正期限应为1至60个工作日"):
        ask(world, request, "2026-02-12", period_days=0)


def test_the_notice_cannot_be_dated_in_the_future(world):
    request = accepted(world, "2026-02-10")
    with on("2026-02-11"), pytest.raises(InvalidInput, match="不能晚于今天"):
        services.request_correction_ask(
            actor=world.clerk_a, request=request, items="文号", sent_on=d("2026-02-12"), period_days=10
        )


def test_a_correction_cannot_arrive_before_the_notice(world):
    request = ask(world, accepted(world, "2026-02-10"), "2026-02-12")
    with pytest.raises(InvalidInput, match="不能早于2026-02-12"):
        receive(world, request, "2026-02-11")


def test_a_clerk_of_another_agency_may_not_ask_for_correction(world):
    request = accepted(world, "2026-02-10")
    with pytest.raises(NotAllowed):
        ask(world, request, "2026-02-12", actor=world.clerk_b)


def test_no_correction_within_the_period_closes_the_request_as_six_one(world):
    request = ask(world, accepted(world, "2026-02-10"), "2026-02-12")
    # 10 working days from 02-12: 02-13, 02-14, 02-24 … 02-27, 02-28, 03-02, 03-03, 03-04.
    assert request.correction_due_on == d("2026-03-04")
    with on("2026-03-04"), pytest.raises(InvalidInput) as caught:
        services.request_close_uncorrected(actor=world.clerk_a, request=request, on=d("2026-03-04"))
    assert caught.value.message == "补正期限（2026-03-04）尚未届满，不能按逾期未补正处理"
    before = trail()
    with on("2026-03-05"):
        request = services.request_close_uncorrected(actor=world.clerk_a, request=request, on=d("2026-03-05"))
    assert (request.status, request.outcome, request.finalized_on) == (
        Status.REPLIED,
        "r6_1",
        d("2026-03-05"),
    )
    assert trail() == (before[0] + 1, before[1] + 1)


def test_a_request_not_awaiting_correction_cannot_be_closed_as_uncorrected(world):
    request = accepted(world, "2026-02-10")
    with on("2026-04-01"), pytest.raises(IllegalTransition):
        services.request_close_uncorrected(actor=world.clerk_a, request=request, on=d("2026-04-01"))
