"""Consulting a third party or another organ (条例第三十二、三十四条): the clock stops while the
consultation is open (第三十三条第三款) and resumes moved by exactly the working days it took."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import Consultation, DisclosureRequest, RequestEvent
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, fresh, on, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db


def start(
    world,
    request,
    sent_on,
    *,
    party="明湖某科技有限公司",
    party_kind=Consultation.PartyKind.THIRD_PARTY,
    actor=None,
):
    with on(sent_on):
        return services.consultation_start(
            actor=actor or world.clerk_a,
            request=request,
            party=party,
            sent_on=d(sent_on),
            party_kind=party_kind,
        )


def end(world, request, received_on, opinion="不同意公开"):
    with on(received_on):
        return services.consultation_end(
            actor=world.clerk_a, request=request, received_on=d(received_on), opinion=opinion
        )


def test_a_consultation_stops_the_clock(world):
    request = accepted(world, "2026-09-15")
    before = trail()
    request = start(world, request, "2026-09-22")
    assert request.status == Status.CONSULTING
    assert request.due_on is None
    # Used before the stop: 09-16, 09-17, 09-18, 09-20 (make-up Sunday), 09-21, 09-22.
    assert request.paused_remaining_days == 14
    assert trail() == (before[0] + 1, before[1] + 1)
    consultation = Consultation.objects.get(request=request)
    assert (consultation.party, consultation.sent_on, consultation.received_on) == (
        "明湖某科技有限公司",
        d("2026-09-22"),
        None,
    )
    assert consultation.reply_due_on == d("2026-10-20")  # 15 working days (第三十二条), across 国庆
    assert fresh(request).due_on is None


def test_a_paused_request_is_not_overdue(world):
    request = start(world, accepted(world, "2026-09-15"), "2026-09-22")
    assert not DisclosureRequest.objects.overdue(d("2026-12-01")).filter(pk=request.pk).exists()


@pytest.mark.parametrize(
    ("received", "sent", "answered", "base_due", "moved_due"),
    [
        ("2026-09-15", "2026-09-22", "2026-10-13", "2026-10-19", "2026-11-02"),  # across 国庆 2026
        ("2026-02-02", "2026-02-05", "2026-02-26", "2026-03-06", "2026-03-20"),  # across 春节 2026
        ("2025-01-20", "2025-01-22", "2025-02-11", "2025-02-21", "2025-03-07"),  # across 春节 2025
        ("2026-03-02", "2026-03-03", "2026-03-17", "2026-03-30", "2026-04-14"),
    ],
)
def test_the_answer_restores_the_clock_moved_by_the_consultations_working_days(
    world, *, received, sent, answered, base_due, moved_due
):
    request = accepted(world, received)
    assert request.due_on == d(base_due)
    request = start(world, request, sent)
    before = trail()
    request = end(world, request, answered)
    assert request.status == Status.ACCEPTED
    assert request.paused_remaining_days is None
    assert request.due_on == d(moved_due)
    assert trail() == (before[0] + 1, before[1] + 1)
    consultation = Consultation.objects.get(request=request)
    assert (consultation.received_on, consultation.opinion) == (d(answered), "不同意公开")
    assert RequestEvent.objects.latest("id").note == "收到明湖某科技有限公司意见"


def test_two_consultations_in_turn_both_stop_the_clock(world):
    request = end(world, start(world, accepted(world, "2026-03-02"), "2026-03-03"), "2026-03-17")
    request = start(
        world, request, "2026-04-01", party="明湖市财政局", party_kind=Consultation.PartyKind.ORGAN
    )
    request = end(world, request, "2026-04-03")  # 04-02, 04-03: 2 more working days
    assert request.due_on == d("2026-04-16")


def test_an_answer_cannot_predate_the_letter(world):
    request = start(world, accepted(world, "2026-03-02"), "2026-03-05")
    with pytest.raises(InvalidInput, match="不能早于2026-03-05"):
        end(world, request, "2026-03-04")
    assert fresh(request).status == Status.CONSULTING


def test_only_a_registered_request_can_be_sent_for_consultation(world):
    with pytest.raises(IllegalTransition):
        start(world, counter(world, "2026-03-02"), "2026-03-03")


def test_a_consultation_needs_a_party(world):
    with pytest.raises(InvalidInput, match="请填写征求意见对象"):
        start(world, accepted(world, "2026-03-02"), "2026-03-03", party=" ")


def test_a_clerk_of_another_agency_may_not_consult(world):
    with pytest.raises(NotAllowed):
        start(world, accepted(world, "2026-03-02"), "2026-03-03", actor=world.clerk_b)


def test_no_reply_while_consulting(world):
    request = start(world, accepted(world, "2026-03-02"), "2026-03-03")
    with on("2026-03-04"), pytest.raises(IllegalTransition) as caught:
        services.request_reply(
            actor=world.clerk_a, request=request, outcome="r1_open", replied_on=d("2026-03-04")
        )
    assert caught.value.message == "申请当前状态为“征求意见中”，不能执行“答复”"
