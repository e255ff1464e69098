"""条例 第二十六条: proactive information is published within 20 working days of being made or changed.
Pure arithmetic over the working-day calendar; no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.core.workdays import MissingScheduleError, WorkingDayCalendar

LIMIT_WORKING_DAYS = 20
SURELY_LATE_CALENDAR_DAYS = 60


@dataclass(frozen=True)
class Timeliness:
    workdays: int | None  # working days after 生成日期 up to and including 发布日期
    late: bool
    problem: str = ""


def assess(calendar: WorkingDayCalendar, *, created_on: date, published_on: date) -> Timeliness:
    if published_on < created_on:
        return Timeliness(0, False, "发布日期早于生成日期")
    try:
        days = calendar.working_days_between(created_on, published_on)
    except MissingScheduleError as exc:
        # Without the schedule we cannot count. 20 working days never span more than 60 calendar days
        # (four weeks plus the longest holiday), so beyond that it is late whatever the schedule;
        # anything nearer is left unjudged rather than guessed.
        late = (published_on - created_on).days > SURELY_LATE_CALENDAR_DAYS
        return Timeliness(None, late, f"缺少{exc.year}年节假日安排，无法计算工作日")
    return Timeliness(days, days > LIMIT_WORKING_DAYS)
