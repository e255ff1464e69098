"""信息处理费 on a request (国办函〔2020〕109号): the quote by count or by pages, the clock stopped from
the notice until payment, and closing as （六）2 when unpaid after 20 working days."""

from __future__ import annotations

import pytest

from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import FeeNotice
from gongkai.disclosure_requests.tests.request_factories import accepted, counter, d, fresh, on, person, trail
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db


def quote(world, request, sent_on, mode="per_page", pages=None):
    with on(sent_on):
        return services.fee_quote(
            actor=world.clerk_a, request=request, mode=mode, sent_on=d(sent_on), pages=pages
        )


def pay(world, request, paid_on):
    with on(paid_on):
        return services.fee_record_payment(actor=world.clerk_a, request=request, paid_on=d(paid_on))


def test_the_thirty_fifth_request_of_the_month_costs_two_hundred_yuan(world):
    same = person(7)
    # Other months and other agencies do not count towards March at agency A.
    counter(world, "2026-02-27", applicant=same)
    counter(world, "2026-03-02", applicant=same, agency=world.agency_b)
    requests = [counter(world, f"2026-03-{2 + i // 10:02d}", applicant=same) for i in range(35)]
    for nth in (10, 11, 35):
        assert services.monthly_count(requests[nth - 1]) == nth
    with on("2026-03-05"):
        request = services.request_accept(actor=world.clerk_a, request=requests[34], on=d("2026-03-05"))
    request = quote(world, request, "2026-03-05", mode="per_request")
    notice = FeeNotice.objects.get(request=request)
    assert (notice.amount, notice.nth_in_month, notice.pages) == (200, 35, None)
    assert notice.basis == "按件计收：本月第35件申请，适用31—40件档，每件200元"
    with on("2026-03-05"):
        eleventh = services.request_accept(actor=world.clerk_a, request=requests[10], on=d("2026-03-05"))
    assert (
        FeeNotice.objects.get(request=quote(world, eleventh, "2026-03-05", mode="per_request")).amount == 100
    )


def test_the_first_ten_requests_of_a_month_are_free(world):
    request = accepted(world, "2026-03-02")
    before = trail()
    with pytest.raises(InvalidInput) as caught:
        quote(world, request, "2026-03-03", mode="per_request")
    assert (
        caught.value.message
        == "按规定无需收费：按件计收：本月第1件申请，在每月10件免费额度以内，不收取信息处理费"
    )
    assert trail() == before
    assert fresh(request).status == Status.ACCEPTED


def test_two_hundred_and_fifty_pages_cost_four_thousand_seven_hundred_yuan(world):
    request = accepted(world, "2026-03-02")
    before = trail()
    request = quote(world, request, "2026-03-03", pages=250)
    notice = FeeNotice.objects.get(request=request)
    assert (notice.amount, notice.pages, notice.mode) == (4700, 250, "per_page")
    # 20 working days from 03-03 to pay.
    assert notice.payment_due_on == d("2026-03-31")
    assert trail() == (before[0] + 1, before[1] + 1)


def test_thirty_pages_are_free(world):
    with pytest.raises(InvalidInput, match="无需收费"):
        quote(world, accepted(world, "2026-03-02"), "2026-03-03", pages=30)


def test_an_unknown_mode_is_refused(world):
    with pytest.raises(InvalidInput, match="计收方式应为按件"):
        quote(world, accepted(world, "2026-03-02"), "2026-03-03", mode="both", pages=40)


def test_the_fee_notice_stops_the_clock_and_payment_resumes_it(world):
    request = accepted(world, "2026-03-02")
    assert request.due_on == d("2026-03-30")
    request = quote(world, request, "2026-03-03", pages=40)
    assert (request.status, request.due_on, request.paused_remaining_days) == (
        Status.AWAITING_PAYMENT,
        None,
        19,
    )
    before = trail()
    request = pay(world, request, "2026-03-17")  # 10 working days after the notice
    assert request.status == Status.ACCEPTED
    assert request.due_on == d("2026-04-14")
    assert request.paused_remaining_days is None
    assert FeeNotice.objects.get(request=request).paid_on == d("2026-03-17")
    assert trail() == (before[0] + 1, before[1] + 1)


def test_a_fee_pause_across_the_national_day_moves_the_due_date_by_its_working_days(world):
    request = quote(world, accepted(world, "2026-09-15"), "2026-09-22", pages=100)
    assert pay(world, request, "2026-10-13").due_on == d("2026-11-02")


def test_one_fee_notice_per_request(world):
    request = pay(world, quote(world, accepted(world, "2026-03-02"), "2026-03-03", pages=40), "2026-03-05")
    with pytest.raises(InvalidInput, match="同一申请只能按一种方式收费一次"):
        quote(world, request, "2026-03-06", pages=60)


def test_payment_cannot_predate_the_notice(world):
    request = quote(world, accepted(world, "2026-03-02"), "2026-03-05", pages=40)
    with pytest.raises(InvalidInput, match="不能早于2026-03-05"):
        pay(world, request, "2026-03-04")


def test_unpaid_after_twenty_working_days_closes_the_request_as_six_two(world):
    request = quote(world, accepted(world, "2026-03-02"), "2026-03-03", pages=40)
    with on("2026-03-31"), pytest.raises(InvalidInput) as caught:
        services.request_close_unpaid(actor=world.clerk_a, request=request, on=d("2026-03-31"))
    assert caught.value.message == "缴费期限（2026-03-31）尚未届满，不能按逾期未缴费处理"
    before = trail()
    with on("2026-04-01"):
        request = services.request_close_unpaid(actor=world.clerk_a, request=request, on=d("2026-04-01"))
    assert (request.status, request.outcome, request.finalized_on) == (
        Status.REPLIED,
        "r6_2",
        d("2026-04-01"),
    )
    assert trail() == (before[0] + 1, before[1] + 1)
    assert FeeNotice.objects.get(request=request).paid_on is None


def test_a_paid_request_cannot_be_closed_as_unpaid(world):
    request = pay(world, quote(world, accepted(world, "2026-03-02"), "2026-03-03", pages=40), "2026-03-05")
    with on("2026-04-10"), pytest.raises(IllegalTransition):
        services.request_close_unpaid(actor=world.clerk_a, request=request, on=d("2026-04-10"))
