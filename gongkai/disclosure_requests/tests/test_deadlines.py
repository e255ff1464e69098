"""The pure reply clock (deadlines.compute) against the bundled 2019–2026 holiday schedules: the spec's
acceptance vectors (ogi-rules.md §4.4), pauses, restarts, extension, 延迟答复 and the missing-year
refusal, plus hypothesis properties of pausing. No database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import MissingScheduleError, WorkingDayCalendar, load_bundled_schedules
from gongkai.disclosure_requests import deadlines
from gongkai.disclosure_requests.deadlines import ClockInput, Pause, compute, correction_notice_due

CAL = WorkingDayCalendar(load_bundled_schedules())


def d(text: str) -> date:
    return date.fromisoformat(text)


def due(received: str, **kwargs: object) -> date | None:
    return compute(ClockInput(received_on=d(received), **kwargs), CAL).due_on  # type: ignore[arg-type]


def consultation(start: str, end: str | None) -> Pause:
    return Pause("consultation", d(start), d(end) if end else None, "征求第三方意见")


def fee(start: str, end: str | None) -> Pause:
    return Pause("fee", d(start), d(end) if end else None, "收费通知至缴费")


# --- constants ----------------------------------------------------------------------------------


def test_the_statutory_periods_are_the_articles_numbers():
    assert deadlines.REPLY_WORKING_DAYS == 20
    assert deadlines.EXTENSION_MAX_WORKING_DAYS == 20
    assert deadlines.CORRECTION_NOTICE_WORKING_DAYS == 7
    assert deadlines.CONSULTATION_REPLY_WORKING_DAYS == 15


# --- acceptance vectors (ogi-rules.md §4.4 step 8) --------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-09-15", "2026-10-19"),  # the make-up Sundays 09-20 and Saturday 10-10 count
        ("2026-02-10", "2026-03-16"),  # across 春节 2026 with make-up days 02-14 and 02-28
        ("2026-04-30", "2026-06-01"),  # across 劳动节 with make-up day 05-09
        ("2026-01-05", "2026-02-02"),
        ("2026-02-02", "2026-03-06"),
        ("2025-09-26", "2025-10-30"),  # 国庆+中秋 2025: 10-01..10-08 off, 09-28 and 10-11 worked
        ("2025-01-20", "2025-02-21"),  # 春节 2025: 01-28..02-04 off, 01-26 and 02-08 worked
        ("2026-12-03", "2026-12-31"),  # the last due date the bundled data can give
    ],
)
def test_reply_due_twenty_working_days_after_receipt(received, expected):
    assert due(received) == d(expected)


def test_an_extension_of_twenty_days_from_the_spec_vector():
    result = compute(ClockInput(received_on=d("2026-02-10"), extension_days=20), CAL)
    assert result.due_on == d("2026-04-14")
    assert result.working_days == 40


def test_a_shorter_extension_adds_only_its_days():
    assert due("2026-02-10", extension_days=5) == d("2026-03-23")


@pytest.mark.parametrize("days", [-1, 21, 40])
def test_an_extension_beyond_twenty_working_days_is_refused(days):
    with pytest.raises(ValueError, match="20个工作日"):
        ClockInput(received_on=d("2026-02-10"), extension_days=days)


def test_the_correction_notice_is_due_seven_working_days_after_receipt():
    assert correction_notice_due(d("2026-02-10"), CAL) == d("2026-02-26")
    assert correction_notice_due(d("2026-09-28"), CAL) == d("2026-10-13")  # across 国庆, 10-10 worked


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-03-05", "2026-04-02"),
        ("2026-03-06", "2026-04-03"),
        ("2026-03-07", "2026-04-03"),
        ("2026-03-08", "2026-04-03"),
    ],
)
def test_a_request_received_on_a_weekend_counts_from_the_next_working_day(received, expected):
    # Friday, Saturday and Sunday receipts all count Monday 03-09 as day one (§4.4 step 1).
    assert due(received) == d(expected)


# --- 补正 restarts the clock (第三十条) ------------------------------------------------------------


def test_the_corrected_application_restarts_the_full_period():
    result = compute(ClockInput(received_on=d("2026-02-10"), restarted_on=d("2026-03-02")), CAL)
    assert result.start_on == d("2026-03-02")
    assert result.due_on == d("2026-03-30")
    assert "收到补正申请之日：2026-03-02，答复期限自此重新计算（第三十条）" in result.explanation


def test_a_restart_does_not_keep_the_days_already_used():
    assert due("2026-02-10", restarted_on=d("2026-03-02")) == due("2026-03-02")


def test_a_restart_before_receipt_is_impossible():
    with pytest.raises(ValueError, match="补正申请的收到日期不能早于原申请收到日期"):
        ClockInput(received_on=d("2026-03-02"), restarted_on=d("2026-02-27"))


def test_a_pause_that_ended_before_the_restart_is_ignored():
    pause = consultation("2026-02-12", "2026-02-26")
    assert due("2026-02-10", restarted_on=d("2026-03-02"), pauses=[pause]) == d("2026-03-30")


def test_a_pause_straddling_the_restart_counts_only_after_it():
    # (03-02, 03-06] holds 4 working days.
    pause = consultation("2026-02-26", "2026-03-06")
    result = compute(
        ClockInput(received_on=d("2026-02-10"), restarted_on=d("2026-03-02"), pauses=[pause]), CAL
    )
    assert result.excluded_working_days == 4
    assert result.due_on == d("2026-04-03")


# --- excluded periods (第三十三条第三款, fee notices) ----------------------------------------------


CROSSING_HOLIDAYS = [
    # received, pause start, pause end (10 working days later), due without, due with
    ("2026-09-15", "2026-09-22", "2026-10-13", "2026-10-19", "2026-11-02"),  # 国庆 2026
    ("2026-02-02", "2026-02-05", "2026-02-26", "2026-03-06", "2026-03-20"),  # 春节 2026
    ("2025-01-20", "2025-01-22", "2025-02-11", "2025-02-21", "2025-03-07"),  # 春节 2025
    ("2025-09-26", "2025-09-29", "2025-10-20", "2025-10-30", "2025-11-13"),  # 国庆+中秋 2025
    ("2026-03-02", "2026-03-03", "2026-03-17", "2026-03-30", "2026-04-14"),  # an ordinary month
]


@pytest.mark.parametrize(("received", "start", "end", "without", "with_pause"), CROSSING_HOLIDAYS)
def test_a_ten_working_day_consultation_moves_the_due_date_by_ten_working_days(
    received, start, end, without, with_pause
):
    assert CAL.working_days_between(d(start), d(end)) == 10
    assert due(received) == d(without)
    result = compute(ClockInput(received_on=d(received), pauses=[consultation(start, end)]), CAL)
    assert result.due_on == d(with_pause)
    assert result.excluded_working_days == 10
    assert CAL.working_days_between(d(without), d(with_pause)) == 10


@pytest.mark.parametrize(("received", "start", "end", "without", "with_pause"), CROSSING_HOLIDAYS)
def test_a_ten_working_day_fee_pause_moves_the_due_date_likewise(received, start, end, without, with_pause):
    assert due(received, pauses=[fee(start, end)]) == d(with_pause)


def test_a_pause_ending_after_the_original_due_date_still_moves_it_by_its_working_days():
    # (03-10, 03-24] holds 10 working days, partly after the original due date 03-16.
    assert due("2026-02-10", pauses=[consultation("2026-03-10", "2026-03-24")]) == d("2026-03-30")


def test_overlapping_pauses_are_not_counted_twice():
    # Consultation (03-02, 03-16] = 10 WD and fee (03-09, 03-20] = 9 WD overlap; the union is 14 WD.
    pauses = [consultation("2026-03-02", "2026-03-16"), fee("2026-03-09", "2026-03-20")]
    result = compute(ClockInput(received_on=d("2026-02-10"), pauses=pauses), CAL)
    assert result.excluded_working_days == 14
    assert result.due_on == d("2026-04-03")


def test_a_pause_nested_in_another_adds_nothing():
    outer = consultation("2026-03-02", "2026-03-16")
    inner = fee("2026-03-04", "2026-03-06")
    assert due("2026-02-10", pauses=[outer, inner]) == due("2026-02-10", pauses=[outer]) == d("2026-03-30")


def test_the_same_pause_twice_counts_once():
    pause = consultation("2026-03-02", "2026-03-16")
    assert due("2026-02-10", pauses=[pause, pause]) == d("2026-03-30")


def test_two_separate_pauses_both_count():
    pauses = [consultation("2026-02-24", "2026-02-26"), fee("2026-03-02", "2026-03-04")]
    # 02-25, 02-26 plus 03-03, 03-04.
    result = compute(ClockInput(received_on=d("2026-02-10"), pauses=pauses), CAL)
    assert result.excluded_working_days == 4
    assert result.due_on == d("2026-03-20")


def test_a_pause_over_non_working_days_only_changes_nothing():
    # 2026-10-01..07 are all 国庆 holidays.
    assert due("2026-09-15", pauses=[consultation("2026-09-30", "2026-10-07")]) == d("2026-10-19")


def test_a_pause_after_the_due_date_changes_nothing():
    assert due("2026-02-10", pauses=[consultation("2026-03-17", "2026-03-27")]) == d("2026-03-16")


def test_a_pause_ending_before_receipt_is_ignored():
    assert due("2026-02-10", pauses=[consultation("2026-01-05", "2026-02-10")]) == d("2026-03-16")


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="结束日期 2026-03-01 早于开始日期 2026-03-02"):
        consultation("2026-03-02", "2026-03-01")


# --- an open pause stops the clock --------------------------------------------------------------


def test_an_open_consultation_stops_the_clock_with_the_days_left():
    # Used before the stop: 02-11, 02-12, 02-13, 02-14 (make-up Saturday), 02-24 = 5 of 20.
    result = compute(ClockInput(received_on=d("2026-02-10"), pauses=[consultation("2026-02-24", None)]), CAL)
    assert result.due_on is None
    assert result.paused is True
    assert result.remaining_working_days == 15
    assert "征求第三方意见：自2026-02-24起计时暂停，恢复后还有15个工作日" in result.explanation


def test_an_open_fee_notice_after_a_closed_consultation_keeps_the_excluded_days_out():
    pauses = [consultation("2026-02-11", "2026-02-13"), fee("2026-02-24", None)]
    # Counted: 02-11, 02-14, 02-24 = 3 (02-12 and 02-13 are excluded).
    result = compute(ClockInput(received_on=d("2026-02-10"), pauses=pauses), CAL)
    assert result.remaining_working_days == 17
    assert result.excluded_working_days == 2


def test_an_open_pause_from_before_the_restart_leaves_the_whole_period():
    result = compute(
        ClockInput(
            received_on=d("2026-02-10"), restarted_on=d("2026-03-02"), pauses=[fee("2026-02-27", None)]
        ),
        CAL,
    )
    assert result.due_on is None
    assert result.remaining_working_days == 20


def test_an_open_pause_started_on_the_due_date_no_longer_stops_the_clock():
    result = compute(ClockInput(received_on=d("2026-02-10"), pauses=[consultation("2026-03-16", None)]), CAL)
    assert result.due_on == d("2026-03-16")
    assert result.paused is False


def test_closing_an_open_pause_resumes_with_the_days_that_were_left():
    closed = due("2026-02-10", pauses=[consultation("2026-02-24", "2026-03-10")])
    assert closed == CAL.add_working_days(d("2026-03-10"), 15) == d("2026-03-31")


# --- 延迟答复 (第三十五条) --------------------------------------------------------------------------


def test_a_delayed_reply_replaces_the_due_date():
    result = compute(ClockInput(received_on=d("2026-02-10"), delayed_until=d("2026-05-15")), CAL)
    assert result.due_on == d("2026-05-15")
    assert (
        "因申请数量、频次明显超过合理范围，确定延迟答复期限至2026-05-15（第三十五条）" in result.explanation
    )


def test_a_delay_earlier_than_the_statutory_due_date_does_not_shorten_it():
    assert due("2026-02-10", delayed_until=d("2026-03-01")) == d("2026-03-16")


def test_a_delay_does_not_restart_a_stopped_clock():
    assert due("2026-02-10", delayed_until=d("2026-05-15"), pauses=[fee("2026-02-24", None)]) is None


# --- a year without a schedule is never guessed ------------------------------------------------------


@pytest.mark.parametrize("received", ["2026-12-04", "2026-12-20", "2026-12-31"])
def test_a_due_date_in_2027_raises_missing_schedule(received):
    with pytest.raises(MissingScheduleError) as caught:
        due(received)
    assert caught.value.year == 2027
    assert "2027" in str(caught.value)


def test_an_extension_into_2027_raises_too():
    assert due("2026-11-20") == d("2026-12-18")
    with pytest.raises(MissingScheduleError):
        due("2026-11-20", extension_days=20)


def test_an_open_pause_before_the_year_end_needs_no_2027_schedule():
    result = compute(ClockInput(received_on=d("2026-12-20"), pauses=[consultation("2026-12-22", None)]), CAL)
    assert result.remaining_working_days == 18


# --- explanation ------------------------------------------------------------------------------------


def test_the_explanation_walks_through_the_rules():
    result = compute(
        ClockInput(
            received_on=d("2026-02-10"), extension_days=20, pauses=[consultation("2026-03-02", "2026-03-16")]
        ),
        CAL,
    )
    assert result.explanation == (
        "收到申请之日：2026-02-10（第三十一条），起算日不计入",
        "答复期限：20个工作日（第三十三条第一款）",
        "经政府信息公开工作机构负责人同意延长：20个工作日（第三十三条第二款）",
        "征求第三方意见：2026-03-02至2026-03-16，不计入期限的工作日10个",
        "答复到期日：2026-04-28",
    )


# --- properties -------------------------------------------------------------------------------------

received_dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 30))


@st.composite
def pause_before_due(draw: st.DrawFn) -> tuple[date, Pause, int]:
    received = draw(received_dates)
    base = CAL.add_working_days(received, deadlines.REPLY_WORKING_DAYS)
    start = received + timedelta(days=draw(st.integers(0, (base - received).days - 1)))
    end = start + timedelta(days=draw(st.integers(0, 60)))
    kind = draw(st.sampled_from(["consultation", "fee"]))
    return received, Pause(kind, start, end, "暂停"), CAL.working_days_between(start, end)


@settings(max_examples=300, deadline=None)
@given(pause_before_due())
def test_a_closed_pause_moves_the_due_date_by_exactly_its_working_days(case):
    received, pause, k = case
    base = CAL.add_working_days(received, deadlines.REPLY_WORKING_DAYS)
    result = compute(ClockInput(received_on=received, pauses=[pause]), CAL)
    assert result.due_on == CAL.add_working_days(base, k)
    assert result.excluded_working_days == k


@settings(max_examples=300, deadline=None)
@given(
    received_dates, st.lists(st.tuples(st.integers(-30, 60), st.integers(0, 40), st.booleans()), max_size=4)
)
def test_pauses_never_make_the_due_date_earlier(received, specs):
    pauses = [
        Pause("fee", received + timedelta(days=offset), received + timedelta(days=offset + length), "暂停")
        for offset, length, _ in specs
    ]
    base = compute(ClockInput(received_on=received), CAL).due_on
    assert base is not None
    paused = compute(ClockInput(received_on=received, pauses=pauses), CAL).due_on
    assert paused is not None
    assert paused >= base


@settings(max_examples=200, deadline=None)
@given(pause_before_due(), st.integers(0, 60))
def test_splitting_a_pause_in_two_adjacent_or_overlapping_parts_changes_nothing(case, cut):
    received, pause, _ = case
    assert pause.end is not None
    middle = min(pause.start + timedelta(days=cut), pause.end)
    parts = [
        Pause("consultation", pause.start, middle, "前段"),
        # The second part may reach back into the first: overlap must not count twice.
        Pause("fee", max(pause.start, middle - timedelta(days=3)), pause.end, "后段"),
    ]
    whole = compute(ClockInput(received_on=received, pauses=[pause]), CAL).due_on
    assert compute(ClockInput(received_on=received, pauses=parts), CAL).due_on == whole


@settings(max_examples=200, deadline=None)
@given(pause_before_due())
def test_an_open_pause_leaves_what_was_not_yet_used(case):
    received, pause, _ = case
    open_pause = Pause(pause.kind, pause.start, None, "暂停")
    result = compute(ClockInput(received_on=received, pauses=[open_pause]), CAL)
    assert result.due_on is None
    assert result.remaining_working_days == deadlines.REPLY_WORKING_DAYS - CAL.working_days_between(
        received, pause.start
    )
    # Resuming on any later day gives exactly the remaining days from then.
    resumed_on = pause.start + timedelta(days=10)
    closed = Pause(pause.kind, pause.start, resumed_on, "暂停")
    assert compute(ClockInput(received_on=received, pauses=[closed]), CAL).due_on == CAL.add_working_days(
        resumed_on, result.remaining_working_days
    )


@settings(max_examples=200, deadline=None)
@given(received_dates, st.integers(1, 20))
def test_an_extension_adds_exactly_its_working_days(received, days):
    base = compute(ClockInput(received_on=received), CAL).due_on
    assert base is not None
    assert due(received.isoformat(), extension_days=days) == CAL.add_working_days(base, days)
