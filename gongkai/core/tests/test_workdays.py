"""Working-day arithmetic: spec facts, schedule validation, JSON form and properties."""

from __future__ import annotations

import pickle
import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import (
    MissingScheduleError,
    ScheduleError,
    WorkingDayCalendar,
    YearSchedule,
    load_bundled_schedules,
    parse_schedule,
    schedule_to_json,
)

BUNDLED = WorkingDayCalendar(load_bundled_schedules())
# Dates far enough from the end of the bundled data that adding up to 250
# working days never leaves it.
SAFE_START = date(2019, 1, 1)
SAFE_END = date(2025, 6, 30)
safe_dates = st.dates(min_value=SAFE_START, max_value=SAFE_END)
bundled_dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


def plain_year(year: int) -> YearSchedule:
    return YearSchedule(year=year, off=frozenset(), work=frozenset(), source="test")


def naive_is_working(schedule: YearSchedule, day: date) -> bool:
    return day in schedule.work or (day.weekday() < 5 and day not in schedule.off)


def naive_add(cal: WorkingDayCalendar, start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def naive_between(cal: WorkingDayCalendar, a: date, b: date) -> int:
    if b < a:
        return -naive_between(cal, b, a)
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        count += cal.is_working_day(day)
    return count


# --- facts required by the project spec -------------------------------------------------


def test_spec_deadline_across_national_day() -> None:
    assert BUNDLED.add_working_days(date(2026, 9, 15), 20) == date(2026, 10, 19)


def test_spec_deadline_across_spring_festival() -> None:
    assert BUNDLED.add_working_days(date(2026, 2, 10), 20) == date(2026, 3, 16)


def test_spec_2026_has_248_working_days() -> None:
    assert BUNDLED.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_2026_needs_only_the_2026_schedule() -> None:
    cal = WorkingDayCalendar([s for s in load_bundled_schedules() if s.year == 2026])
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)  # Sunday 调休上班


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-01", False),  # 元旦
        ("2026-01-02", False),  # Friday inside 元旦 period
        ("2026-01-04", True),  # Sunday 调休上班
        ("2026-01-05", True),
        ("2026-02-14", True),  # Saturday 调休上班
        ("2026-02-23", False),  # Monday, last day of 春节
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday 调休上班
        ("2026-03-01", False),  # ordinary Sunday
        ("2026-04-06", False),  # Monday 清明
        ("2026-05-05", False),
        ("2026-05-09", True),
        ("2026-06-19", False),
        ("2026-09-20", True),
        ("2026-09-25", False),
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),
        ("2026-10-11", False),
    ],
)
def test_is_working_day_2026(day: str, expected: bool) -> None:
    assert BUNDLED.is_working_day(d(day)) is expected


def test_deadline_examples_2025() -> None:
    # 春节 1/28–2/4, 1/26 (Sun) and 2/8 (Sat) 上班
    assert BUNDLED.next_working_day(d("2025-01-24")) == d("2025-01-26")
    assert BUNDLED.next_working_day(d("2025-01-27")) == d("2025-02-05")
    assert BUNDLED.working_days_between(d("2025-02-04"), d("2025-02-09")) == 4  # Wed Thu Fri Sat
    # 国庆+中秋 10/1–10/8, 9/28 (Sun) and 10/11 (Sat) 上班
    assert BUNDLED.add_working_days(d("2025-09-26"), 1) == d("2025-09-28")
    assert BUNDLED.add_working_days(d("2025-09-30"), 1) == d("2025-10-09")
    assert BUNDLED.add_working_days(d("2025-09-30"), 3) == d("2025-10-11")


def test_2020_covid_extension() -> None:
    # 2020-01-31 (Fri) was added and the 2020-02-01 (Sat) make-up day cancelled.
    assert not BUNDLED.is_working_day(d("2020-01-31"))
    assert not BUNDLED.is_working_day(d("2020-02-01"))
    assert BUNDLED.next_working_day(d("2020-01-23")) == d("2020-02-03")


def test_2019_adjusted_labour_day() -> None:
    assert [BUNDLED.is_working_day(d(f"2019-05-0{i}")) for i in range(1, 7)] == [
        False,
        False,
        False,
        False,
        True,  # Sunday 5/5 上班 under the adjustment notice
        True,
    ]
    assert BUNDLED.is_working_day(d("2019-04-28"))


# --- add_working_days / working_days_between / next_working_day ------------------------


def test_add_zero_returns_start_even_for_unknown_year() -> None:
    assert BUNDLED.add_working_days(date(1990, 5, 5), 0) == date(1990, 5, 5)
    assert BUNDLED.add_working_days(date(2026, 10, 1), 0) == date(2026, 10, 1)


def test_add_negative_is_rejected() -> None:
    with pytest.raises(ValueError, match="负数"):
        BUNDLED.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize("bad", [1.0, True, "3"])
def test_add_requires_int(bad: object) -> None:
    with pytest.raises(TypeError):
        BUNDLED.add_working_days(date(2026, 1, 5), bad)  # type: ignore[arg-type]


def test_add_from_holiday_and_weekend() -> None:
    assert BUNDLED.add_working_days(d("2026-10-03"), 1) == d("2026-10-08")
    assert BUNDLED.add_working_days(d("2026-03-07"), 1) == d("2026-03-09")
    assert BUNDLED.add_working_days(d("2026-03-06"), 1) == d("2026-03-09")
    assert BUNDLED.add_working_days(d("2026-03-05"), 1) == d("2026-03-06")


def test_add_across_year_boundary() -> None:
    assert BUNDLED.add_working_days(d("2025-12-30"), 2) == d("2026-01-04")
    assert BUNDLED.add_working_days(d("2019-01-01"), 250 * 7 + 100) == naive_add(
        BUNDLED, d("2019-01-01"), 250 * 7 + 100
    )


def test_add_into_unknown_year_raises() -> None:
    with pytest.raises(MissingScheduleError) as info:
        BUNDLED.add_working_days(d("2026-12-20"), 20)
    assert info.value.year == 2027
    assert "2027" in str(info.value)


def test_add_within_year_does_not_need_next_year() -> None:
    assert BUNDLED.add_working_days(d("2026-12-01"), 5) == d("2026-12-08")
    assert BUNDLED.add_working_days(d("2026-12-30"), 1) == d("2026-12-31")


def test_add_from_unknown_year_raises_for_that_year() -> None:
    with pytest.raises(MissingScheduleError) as info:
        BUNDLED.add_working_days(d("2018-06-01"), 1)
    assert info.value.year == 2018


def test_add_skips_a_year_with_no_working_days() -> None:
    empty_year = YearSchedule(
        year=2031,
        off=frozenset(
            date(2031, 1, 1) + timedelta(days=i)
            for i in range(365)
            if (date(2031, 1, 1) + timedelta(days=i)).weekday() < 5
        ),
        work=frozenset(),
    )
    cal = WorkingDayCalendar([plain_year(2030), empty_year, plain_year(2032)])
    assert cal.add_working_days(d("2030-12-31"), 1) == d("2032-01-01")
    assert cal.working_days_between(d("2030-12-31"), d("2031-12-31")) == 0


def test_between_basics() -> None:
    assert BUNDLED.working_days_between(d("2026-03-02"), d("2026-03-02")) == 0
    assert BUNDLED.working_days_between(d("2026-03-02"), d("2026-03-09")) == 5
    assert BUNDLED.working_days_between(d("2026-03-09"), d("2026-03-02")) == -5
    assert BUNDLED.working_days_between(d("2026-09-30"), d("2026-10-08")) == 1


def test_between_unknown_year_raises_earliest_gap() -> None:
    cal = WorkingDayCalendar([plain_year(2030), plain_year(2033)])
    with pytest.raises(MissingScheduleError) as info:
        cal.working_days_between(d("2030-06-01"), d("2033-06-01"))
    assert info.value.year == 2031
    with pytest.raises(MissingScheduleError) as info:
        cal.working_days_between(d("2033-06-01"), d("2030-06-01"))
    assert info.value.year == 2031


def test_between_ignores_year_of_a_when_a_is_31_december() -> None:
    cal = WorkingDayCalendar([plain_year(2030)])
    assert cal.working_days_between(d("2029-12-31"), d("2030-01-01")) == 1
    with pytest.raises(MissingScheduleError):
        cal.working_days_between(d("2029-12-30"), d("2030-01-01"))


def test_next_working_day() -> None:
    assert BUNDLED.next_working_day(d("2026-02-13")) == d("2026-02-14")
    assert BUNDLED.next_working_day(d("2026-02-14")) == d("2026-02-24")
    assert BUNDLED.next_working_day(d("2026-09-30")) == d("2026-10-08")


def test_is_working_day_unknown_year() -> None:
    with pytest.raises(MissingScheduleError) as info:
        BUNDLED.is_working_day(date(2027, 3, 3))
    assert info.value.year == 2027
    assert str(info.value) == (
        "没有2027年的节假日安排（国务院办公厅通知），无法计算工作日。"
        "请先导入该年度安排：gongkai holidays import FILE"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: BUNDLED.is_working_day(datetime(2026, 3, 3, 12)),  # noqa: DTZ001
        lambda: BUNDLED.add_working_days(datetime(2026, 3, 3, 12), 1),  # noqa: DTZ001
        lambda: BUNDLED.working_days_between(date(2026, 3, 3), datetime(2026, 3, 9)),  # noqa: DTZ001
        lambda: BUNDLED.next_working_day(datetime(2026, 3, 3)),  # noqa: DTZ001
    ],
)
def test_datetimes_are_rejected(call: object) -> None:
    # A UTC datetime can fall on another calendar day than in Beijing; refuse to guess.
    assert callable(call)
    with pytest.raises(TypeError, match="datetime"):
        call()


def test_missing_schedule_error_is_lookup_error_and_pickles() -> None:
    err = MissingScheduleError(2031)
    assert isinstance(err, LookupError)
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object
    assert again.year == 2031
    assert str(again) == str(err)


# --- calendar construction -------------------------------------------------------------


def test_calendar_years_sorted_and_has_year() -> None:
    cal = WorkingDayCalendar([plain_year(2031), plain_year(2029), plain_year(2030)])
    assert cal.years == (2029, 2030, 2031)
    assert cal.has_year(2030)
    assert not cal.has_year(2032)
    assert cal.schedule(2030).year == 2030
    with pytest.raises(MissingScheduleError):
        cal.schedule(2032)


def test_calendar_accepts_generator_and_empty() -> None:
    cal = WorkingDayCalendar(plain_year(y) for y in (2030, 2031))
    assert cal.years == (2030, 2031)
    empty = WorkingDayCalendar([])
    assert empty.years == ()
    with pytest.raises(MissingScheduleError):
        empty.is_working_day(date(2030, 1, 2))


def test_calendar_duplicate_year() -> None:
    with pytest.raises(ScheduleError, match="2030"):
        WorkingDayCalendar([plain_year(2030), plain_year(2030)])


def test_plain_year_is_monday_to_friday() -> None:
    cal = WorkingDayCalendar([plain_year(2030)])
    assert cal.working_days_between(d("2029-12-31"), d("2030-12-31")) == 261
    assert plain_year(2030).working_days()[0] == d("2030-01-01")


# --- YearSchedule validation ----------------------------------------------------------


def test_schedule_date_outside_year_message() -> None:
    with pytest.raises(ScheduleError) as info:
        YearSchedule(year=2026, off=frozenset({d("2027-03-03")}), work=frozenset())
    assert str(info.value) == "2027-03-03 不在2026年内"


def test_schedule_outside_year_lists_all_offenders() -> None:
    with pytest.raises(ScheduleError) as info:
        YearSchedule(year=2027, off=frozenset({d("2026-12-31")}), work=frozenset({d("2028-01-01")}))
    assert "2026-12-31" in str(info.value)
    assert "2028-01-01" in str(info.value)
    assert "2027年" in str(info.value)


def test_schedule_off_and_work_disjoint() -> None:
    with pytest.raises(ScheduleError, match="2027-10-02"):
        YearSchedule(year=2027, off=frozenset({d("2027-10-02")}), work=frozenset({d("2027-10-02")}))


def test_schedule_work_must_be_weekend() -> None:
    with pytest.raises(ScheduleError) as info:
        YearSchedule(year=2027, off=frozenset(), work=frozenset({d("2027-03-03")}))
    assert "2027-03-03" in str(info.value)
    assert "星期三" in str(info.value)


@pytest.mark.parametrize("year", [True, "2027", 2027.0, 0, 10000])
def test_schedule_bad_year(year: object) -> None:
    with pytest.raises(ScheduleError):
        YearSchedule(year=year, off=frozenset(), work=frozenset())  # type: ignore[arg-type]


def test_schedule_rejects_non_dates() -> None:
    with pytest.raises(ScheduleError, match="date"):
        YearSchedule(year=2027, off=frozenset({"2027-01-01"}), work=frozenset())  # type: ignore[arg-type]
    with pytest.raises(ScheduleError):
        YearSchedule(
            year=2027,
            off=frozenset({datetime(2027, 1, 1)}),  # noqa: DTZ001
            work=frozenset(),
        )


def test_schedule_rejects_non_str_source() -> None:
    with pytest.raises(ScheduleError):
        YearSchedule(year=2027, off=frozenset(), work=frozenset(), source=None)  # type: ignore[arg-type]


def test_schedule_is_frozen_hashable_and_coerces_sets() -> None:
    s = YearSchedule(year=2027, off={d("2027-01-01")}, work=[d("2027-01-03")])  # type: ignore[arg-type]
    assert isinstance(s.off, frozenset)
    assert isinstance(s.work, frozenset)
    assert hash(s) == hash(YearSchedule(year=2027, off=frozenset(s.off), work=frozenset(s.work)))
    with pytest.raises(AttributeError):
        s.year = 2028  # type: ignore[misc]


def test_schedule_error_is_value_error() -> None:
    assert issubclass(ScheduleError, ValueError)


# --- JSON form -------------------------------------------------------------------------

VALID_JSON: dict[str, object] = {
    "year": 2027,
    "off": ["2027-01-01", "2027-02-06"],
    "work": ["2027-02-07"],
    "source": "国务院办公厅关于2027年部分节假日安排的通知",
}


def test_parse_schedule_valid() -> None:
    s = parse_schedule(VALID_JSON)
    assert s.year == 2027
    assert s.off == frozenset({d("2027-01-01"), d("2027-02-06")})
    assert s.work == frozenset({d("2027-02-07")})
    assert s.source == "国务院办公厅关于2027年部分节假日安排的通知"


def test_round_trip_sorted() -> None:
    data = dict(VALID_JSON, off=["2027-02-06", "2027-01-01"])
    out = schedule_to_json(parse_schedule(data))
    assert out == VALID_JSON
    assert list(out) == ["year", "off", "work", "source"]
    for schedule in load_bundled_schedules():
        assert parse_schedule(schedule_to_json(schedule)) == schedule


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"year": None}, "year"),
        ({"year": "2027"}, "整数"),
        ({"year": True}, "整数"),
        ({"year": 2027.0}, "整数"),
        ({"off": "2027-01-01"}, "列表"),
        ({"off": None}, "列表"),
        ({"off": [20270101]}, "第1项"),
        ({"off": ["2027-01-01", "2027-1-2"]}, "第2项"),
        ({"off": ["2027-02-30"]}, "不是真实存在的日期"),
        ({"off": ["20270101"]}, "YYYY-MM-DD"),
        ({"off": ["2027-W01-1"]}, "YYYY-MM-DD"),
        ({"off": ["２０２７-01-01"]}, "YYYY-MM-DD"),
        ({"off": ["2027-01-01", "2027-01-01"]}, "重复"),
        ({"off": ["2026-12-31"]}, "2026-12-31 不在2027年内"),
        ({"work": ["2027-03-03"]}, "星期六或星期日"),
        ({"work": ["2027-01-01"], "off": ["2027-01-01"]}, "同时"),
        ({"source": ""}, "source"),
        ({"source": "   "}, "source"),
        ({"source": 7}, "source"),
        ({"wrok": []}, "未知字段"),
    ],
)
def test_parse_schedule_errors(change: dict[str, object], fragment: str) -> None:
    data = dict(VALID_JSON)
    for key, value in change.items():
        if value is None and key in ("year", "off"):
            data.pop(key)
        else:
            data[key] = value
    with pytest.raises(ScheduleError, match=fragment):
        parse_schedule(data)


@pytest.mark.parametrize("key", ["year", "off", "work", "source"])
def test_parse_schedule_missing_key(key: str) -> None:
    data = {k: v for k, v in VALID_JSON.items() if k != key}
    with pytest.raises(ScheduleError, match=f"缺少“{key}”"):
        parse_schedule(data)


@pytest.mark.parametrize("data", [[], "x", None, 2027])
def test_parse_schedule_not_a_mapping(data: object) -> None:
    with pytest.raises(ScheduleError, match="JSON 对象"):
        parse_schedule(data)  # type: ignore[arg-type]


def test_parse_schedule_empty_lists_allowed() -> None:
    s = parse_schedule(dict(VALID_JSON, off=[], work=[]))
    assert s.off == frozenset()
    assert s.work == frozenset()


def test_bundled_years() -> None:
    schedules = load_bundled_schedules()
    assert [s.year for s in schedules] == list(range(2019, 2027))
    assert all(s.source.startswith(f"国务院办公厅关于{s.year}年部分节假日安排的通知") for s in schedules)


# --- performance -----------------------------------------------------------------------


def test_performance() -> None:
    started = time.perf_counter()
    for _ in range(1000):
        BUNDLED.working_days_between(date(2019, 1, 1), date(2026, 12, 31))
        BUNDLED.add_working_days(date(2019, 1, 1), 1500)
    assert time.perf_counter() - started < 1.0


# --- properties on the bundled data ----------------------------------------------------


@given(safe_dates, st.integers(0, 125), st.integers(0, 125))
def test_add_is_associative(start: date, n: int, m: int) -> None:
    assert BUNDLED.add_working_days(BUNDLED.add_working_days(start, n), m) == BUNDLED.add_working_days(
        start, n + m
    )


@given(safe_dates, st.integers(0, 250))
def test_between_inverts_add(start: date, n: int) -> None:
    assert BUNDLED.working_days_between(start, BUNDLED.add_working_days(start, n)) == n


@given(safe_dates, st.integers(1, 250))
def test_add_lands_on_working_day(start: date, n: int) -> None:
    result = BUNDLED.add_working_days(start, n)
    assert result > start
    assert BUNDLED.is_working_day(result)
    # and it is the earliest such day
    assert BUNDLED.working_days_between(start, result - timedelta(days=1)) == n - 1


@given(bundled_dates, bundled_dates, bundled_dates)
def test_between_is_additive(a: date, b: date, c: date) -> None:
    assert BUNDLED.working_days_between(a, b) + BUNDLED.working_days_between(
        b, c
    ) == BUNDLED.working_days_between(a, c)


@given(bundled_dates, bundled_dates)
def test_between_antisymmetric_and_matches_naive(a: date, b: date) -> None:
    assert BUNDLED.working_days_between(a, b) == -BUNDLED.working_days_between(b, a)
    assert BUNDLED.working_days_between(a, b) == naive_between(BUNDLED, a, b)


@given(safe_dates, st.integers(0, 300))
def test_add_matches_naive(start: date, n: int) -> None:
    assert BUNDLED.add_working_days(start, n) == naive_add(BUNDLED, start, n)


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 30)))
def test_next_working_day_is_add_one(day: date) -> None:
    assume(BUNDLED.working_days_between(day, date(2026, 12, 31)) > 0)
    nxt = BUNDLED.next_working_day(day)
    assert nxt == BUNDLED.add_working_days(day, 1)
    assert all(not BUNDLED.is_working_day(day + timedelta(days=i)) for i in range(1, (nxt - day).days))


# --- properties on random schedules ----------------------------------------------------


@st.composite
def random_schedule(draw: st.DrawFn, year: int) -> YearSchedule:
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    days = [x for x in days if x.year == year]
    off = draw(st.sets(st.sampled_from(days), max_size=60))
    weekends = [x for x in days if x.weekday() >= 5 and x not in off]
    work = draw(st.sets(st.sampled_from(weekends), max_size=15))
    return YearSchedule(year=year, off=frozenset(off), work=frozenset(work), source="random")


random_calendars = st.tuples(random_schedule(2040), random_schedule(2041), random_schedule(2042))
random_dates = st.dates(min_value=date(2040, 1, 1), max_value=date(2042, 12, 31))


@settings(max_examples=60, deadline=None)
@given(random_calendars, random_dates, random_dates, st.integers(0, 200))
def test_random_schedules_match_naive(schedules: tuple[YearSchedule, ...], a: date, b: date, n: int) -> None:
    cal = WorkingDayCalendar(schedules)
    by_year = {s.year: s for s in schedules}
    assert cal.is_working_day(a) is naive_is_working(by_year[a.year], a)
    assert cal.working_days_between(a, b) == naive_between(cal, a, b)
    try:
        expected: date | None = naive_add(cal, a, n)
    except MissingScheduleError:
        expected = None
    if expected is None:
        with pytest.raises(MissingScheduleError) as info:
            cal.add_working_days(a, n)
        assert info.value.year == 2043
    else:
        assert cal.add_working_days(a, n) == expected
        assert cal.working_days_between(a, expected) == n


@settings(max_examples=30, deadline=None)
@given(random_calendars)
def test_random_schedules_year_totals(schedules: tuple[YearSchedule, ...]) -> None:
    cal = WorkingDayCalendar(schedules)
    for s in schedules:
        total = cal.working_days_between(date(s.year - 1, 12, 31), date(s.year, 12, 31))
        assert total == len(s.working_days())
        weekdays = sum(
            1
            for i in range(366)
            if (x := date(s.year, 1, 1) + timedelta(days=i)).year == s.year and x.weekday() < 5
        )
        assert total == weekdays - sum(1 for x in s.off if x.weekday() < 5) + len(s.work)
