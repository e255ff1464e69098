"""信息处理费 (国办函〔2020〕109号): the worked examples of spec §5.2, every band edge, and monotonicity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.disclosure_requests import fees
from gongkai.disclosure_requests.fees import FeeMode, per_page_fee, per_request_rate, quote


def test_35th_request_of_the_month_costs_200() -> None:
    assert per_request_rate(35) == 200
    q = quote(mode=FeeMode.PER_REQUEST, nth_in_month=35)
    assert q.amount == 200
    assert q.mode is FeeMode.PER_REQUEST
    assert q.basis == "按件计收：本月第35件申请，适用31—40件档，每件200元"
    assert q.breakdown == (("第35件（31—40件档）", 200),)


def test_35_requests_in_a_month_total_3000() -> None:
    # 10 free + 20×100 + 5×200 (spec §5.2 example)
    assert sum(per_request_rate(n) for n in range(1, 36)) == 3000


@pytest.mark.parametrize(
    ("nth", "rate"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (100, 800),
    ],
)
def test_per_request_band_edges(nth: int, rate: int) -> None:
    assert per_request_rate(nth) == rate


def test_free_request_quote_explains_the_allowance() -> None:
    q = quote(mode=FeeMode.PER_REQUEST, nth_in_month=10)
    assert q.amount == 0
    assert q.breakdown == ()
    assert "10件免费额度以内" in q.basis


def test_250_pages_cost_4700() -> None:
    assert per_page_fee(250) == 4700
    q = quote(mode=FeeMode.PER_PAGE, pages=250)
    assert q.amount == 4700
    assert q.breakdown == (
        ("第31—100页，70页×10元", 700),
        ("第101—200页，100页×20元", 2000),
        ("第201—250页，50页×40元", 2000),
    )
    assert q.basis == "按量计收：共250页，前30页免费，超出部分累进计费：70×10＋100×20＋50×40＝4700元"


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_per_page_band_edges(pages: int, fee: int) -> None:
    assert per_page_fee(pages) == fee


def test_quote_accepts_the_stored_string_value_of_the_mode() -> None:
    # The FeeNotice row stores the mode as text; a StrEnum compares equal to it.
    assert quote(mode=FeeMode("per_page"), pages=31).amount == 10


@pytest.mark.parametrize("bad", [0, -1, -30])
def test_non_positive_counts_raise(bad: int) -> None:
    with pytest.raises(ValueError, match="正整数"):
        per_request_rate(bad)
    with pytest.raises(ValueError, match="正整数"):
        per_page_fee(bad)
    with pytest.raises(ValueError, match="正整数"):
        quote(mode=FeeMode.PER_REQUEST, nth_in_month=bad)
    with pytest.raises(ValueError, match="正整数"):
        quote(mode=FeeMode.PER_PAGE, pages=bad)


def test_bool_is_not_a_count() -> None:
    with pytest.raises(ValueError, match="正整数"):
        per_request_rate(True)


def test_both_methods_for_one_application_raise() -> None:
    for mode in FeeMode:
        with pytest.raises(ValueError, match="第三条"):
            quote(mode=mode, nth_in_month=11, pages=40)


def test_missing_input_for_the_chosen_mode_raises() -> None:
    with pytest.raises(ValueError, match="累计申请件数"):
        quote(mode=FeeMode.PER_REQUEST)
    with pytest.raises(ValueError, match="页数"):
        quote(mode=FeeMode.PER_PAGE)
    with pytest.raises(ValueError, match="累计申请件数"):
        quote(mode=FeeMode.PER_REQUEST, pages=40)
    with pytest.raises(ValueError, match="页数"):
        quote(mode=FeeMode.PER_PAGE, nth_in_month=40)


def test_payment_period() -> None:
    assert fees.PAYMENT_PERIOD_WORKING_DAYS == 20


@given(st.integers(min_value=1, max_value=5000))
def test_per_page_fee_is_monotonic(pages: int) -> None:
    assert per_page_fee(pages) <= per_page_fee(pages + 1)


@given(st.integers(min_value=1, max_value=5000))
def test_per_request_rate_is_monotonic(nth: int) -> None:
    assert per_request_rate(nth) <= per_request_rate(nth + 1)


@given(st.integers(min_value=1, max_value=5000))
def test_page_quote_breakdown_adds_up(pages: int) -> None:
    q = quote(mode=FeeMode.PER_PAGE, pages=pages)
    assert q.amount == per_page_fee(pages) == sum(v for _, v in q.breakdown)


@given(st.integers(min_value=31, max_value=5000))
def test_per_request_rate_matches_the_closed_form(nth: int) -> None:
    # spec §5.2: rate(k) = 100 × (1 + ceil((k − 30)/10)) for k > 30, written without floats
    assert per_request_rate(nth) == 100 * (1 + -(-(nth - 30) // 10))
