"""第二十六条 timeliness: pure arithmetic on the bundled holiday schedules, no database."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.catalogue.timeliness import LIMIT_WORKING_DAYS, assess
from gongkai.core.workdays import WorkingDayCalendar, load_bundled_schedules

CAL = WorkingDayCalendar(load_bundled_schedules())


@pytest.mark.parametrize(
    ("created", "published", "workdays", "late"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 0, False),  # same day
        (date(2026, 3, 6), date(2026, 3, 9), 1, False),  # Friday → Monday: one working day
        # 国庆 2026: 1–7 Oct off, Sunday 27 Sep and Saturday 10 Oct worked.
        (date(2026, 9, 15), date(2026, 10, 19), 20, False),
        (date(2026, 9, 15), date(2026, 10, 20), 21, True),
        # 春节 2026: 15–23 Feb off, 14 and 28 Feb worked.
        (date(2026, 2, 10), date(2026, 3, 16), 20, False),
        (date(2026, 2, 10), date(2026, 3, 17), 21, True),
        # Across the new year: 元旦 2026 is 1–3 Jan, Sunday 4 Jan worked.
        (date(2025, 12, 15), date(2026, 1, 12), 19, False),
    ],
)
def test_working_days_across_holidays(created: date, published: date, workdays: int, late: bool) -> None:
    result = assess(CAL, created_on=created, published_on=published)
    assert result.workdays == workdays
    assert result.late is late
    assert result.problem == ""


def test_limit_is_twenty_working_days() -> None:
    assert LIMIT_WORKING_DAYS == 20


def test_missing_schedule_is_reported_not_guessed() -> None:
    near = assess(CAL, created_on=date(2026, 12, 20), published_on=date(2027, 1, 10))
    assert near.workdays is None
    assert near.late is False
    assert "2027" in near.problem
    far = assess(CAL, created_on=date(2026, 11, 1), published_on=date(2027, 2, 1))
    assert far.workdays is None
    assert far.late is True


def test_publication_before_creation_is_a_problem() -> None:
    result = assess(CAL, created_on=date(2026, 3, 10), published_on=date(2026, 3, 9))
    assert result.late is False
    assert result.problem
