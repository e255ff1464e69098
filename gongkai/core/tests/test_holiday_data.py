"""The bundled holiday schedules (gongkai/core/holiday_data/*.json)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib.resources import files

import pytest

from gongkai.core.workdays import WorkingDayCalendar, YearSchedule, load_bundled_schedules, schedule_to_json

YEARS = range(2019, 2027)
SCHEDULES = {s.year: s for s in load_bundled_schedules()}
CALENDAR = WorkingDayCalendar(SCHEDULES.values())

# Weekend days chinesecalendar files as holidays of year Y that the State Council
# announced in the Y+1 notice (New Year's Day spanning the turn of the year); a
# YearSchedule may only hold dates of its own year, so they appear in no file.
NEXT_YEAR_NEW_YEAR = {date(2022, 12, 31), date(2023, 12, 30), date(2023, 12, 31)}


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def span(first: str, last: str) -> set[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


def test_every_year_present() -> None:
    assert sorted(SCHEDULES) == list(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_file_is_canonical_json(year: int) -> None:
    # Files are written exactly as schedule_to_json emits them, so diffs stay reviewable.
    path = files("gongkai.core") / "holiday_data" / f"{year}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw == schedule_to_json(SCHEDULES[year])
    assert raw["source"].startswith(f"国务院办公厅关于{year}年部分节假日安排的通知")


@pytest.mark.parametrize("year", YEARS)
def test_work_days_are_weekends_next_to_a_holiday(year: int) -> None:
    schedule: YearSchedule = SCHEDULES[year]
    for day in schedule.work:
        assert day.weekday() >= 5
        # a make-up day lies within two weeks of some declared holiday
        assert any(abs((day - off).days) <= 14 for off in schedule.off), day


def test_2026_matches_notice_exactly() -> None:
    expected_off = (
        span("2026-01-01", "2026-01-03")
        | span("2026-02-15", "2026-02-23")
        | span("2026-04-04", "2026-04-06")
        | span("2026-05-01", "2026-05-05")
        | span("2026-06-19", "2026-06-21")
        | span("2026-09-25", "2026-09-27")
        | span("2026-10-01", "2026-10-07")
    )
    expected_work = {
        date.fromisoformat(x)
        for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")
    }
    assert SCHEDULES[2026].off == expected_off
    assert SCHEDULES[2026].work == expected_work
    assert CALENDAR.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_2025_matches_notice() -> None:
    expected_off = (
        span("2025-01-01", "2025-01-01")
        | span("2025-01-28", "2025-02-04")
        | span("2025-04-04", "2025-04-06")
        | span("2025-05-01", "2025-05-05")
        | span("2025-05-31", "2025-06-02")
        | span("2025-10-01", "2025-10-08")
    )
    expected_work = {
        date.fromisoformat(x) for x in ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11")
    }
    assert SCHEDULES[2025].off == expected_off
    assert SCHEDULES[2025].work == expected_work


def test_2020_includes_covid_extension() -> None:
    s = SCHEDULES[2020]
    assert span("2020-01-24", "2020-02-02") <= s.off
    assert date(2020, 2, 1) not in s.work  # the original make-up Saturday was cancelled
    assert "延长2020年春节假期" in s.source


def test_2019_includes_labour_day_adjustment() -> None:
    s = SCHEDULES[2019]
    assert span("2019-05-01", "2019-05-04") <= s.off
    assert {date(2019, 4, 28), date(2019, 5, 5)} <= s.work
    assert "调整2019年劳动节假期安排" in s.source


@pytest.mark.parametrize(
    ("year", "total"),
    [(2019, 250), (2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)],
)
def test_working_days_per_year(year: int, total: int) -> None:
    assert CALENDAR.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == total


@pytest.mark.parametrize("year", YEARS)
def test_agrees_with_chinesecalendar(year: int) -> None:
    cc = pytest.importorskip("chinese_calendar")
    for day in days_of(year):
        assert CALENDAR.is_working_day(day) is bool(cc.is_workday(day)), day
    schedule = SCHEDULES[year]
    cc_off = {d for d in cc.holidays if d.year == year}
    cc_work = {d for d in cc.workdays if d.year == year}
    assert schedule.work == cc_work
    assert schedule.off == cc_off - NEXT_YEAR_NEW_YEAR
    assert all(d.weekday() >= 5 for d in NEXT_YEAR_NEW_YEAR)
