"""The working-day calendar backed by the holiday tables.

The arithmetic lives in `gongkai.core.workdays` (no Django); this module loads the schedules from
the database, keeps one process-wide copy that is rebuilt when the tables change, and owns the
one write: saving a year's schedule.
"""

from __future__ import annotations

import threading
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import HolidayDate, HolidaySchedule
from gongkai.core.workdays import MissingScheduleError, WorkingDayCalendar, YearSchedule

__all__ = [
    "MissingScheduleError",
    "add_working_days",
    "get_calendar",
    "holiday_schedule_save",
    "missing_next_year_warning",
    "working_days_between",
]

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], WorkingDayCalendar] | None = None


class Action:
    HOLIDAY_SCHEDULE_SAVED = "holiday_schedule.saved"


def _version() -> tuple[object, ...]:
    # One cheap aggregate per use: a schedule saved by another worker is seen at once.
    agg = HolidaySchedule.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return (agg["n"], agg["latest"])


def _load() -> WorkingDayCalendar:
    schedules: dict[int, tuple[str, set[date], set[date]]] = {
        s.year: (s.source, set(), set()) for s in HolidaySchedule.objects.all()
    }
    for year, day, kind in HolidayDate.objects.values_list("schedule__year", "day", "kind"):
        _, off_days, work_days = schedules[year]
        (off_days if kind == HolidayDate.Kind.OFF else work_days).add(day)
    return WorkingDayCalendar(
        YearSchedule(year=y, off=frozenset(off), work=frozenset(work), source=src)
        for y, (src, off, work) in schedules.items()
    )


def get_calendar() -> WorkingDayCalendar:
    global _cached  # noqa: PLW0603  (a process-wide cache guarded by the lock)
    version = _version()
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, _load())
        return _cached[1]


def add_working_days(start: date, n: int) -> date:
    return get_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    return get_calendar().working_days_between(a, b)


def missing_next_year_warning(today: date) -> str | None:
    """From 1 November the next year's schedule should be entered; deadlines will soon cross into it."""
    if today.month < 11:
        return None
    next_year = today.year + 1
    if HolidaySchedule.objects.filter(year=next_year).exists():
        return None
    return (
        f"尚未录入{next_year}年的节假日安排。国务院办公厅通知发布后，请在“节假日安排”中录入或导入，"
        f"否则跨入{next_year}年的办理期限将无法计算。"
    )


@transaction.atomic
def holiday_schedule_save(*, actor: User | None, schedule: YearSchedule) -> HolidaySchedule:
    """Add or replace one year's schedule (dates already validated by `YearSchedule`)."""
    existing = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
    before_off: set[date] = set()
    before_work: set[date] = set()
    if existing is not None:
        for day, kind in existing.dates.values_list("day", "kind"):
            (before_off if kind == HolidayDate.Kind.OFF else before_work).add(day)
        before_source = existing.source
        existing.source = schedule.source
        existing.updated_at = timezone.now()
        existing.save(update_fields=["source", "updated_at"])
        existing.dates.all().delete()
        row = existing
    else:
        before_source = ""
        row = HolidaySchedule.objects.create(year=schedule.year, source=schedule.source)
    HolidayDate.objects.bulk_create(
        [HolidayDate(schedule=row, day=d, kind=HolidayDate.Kind.OFF) for d in sorted(schedule.off)]
        + [HolidayDate(schedule=row, day=d, kind=HolidayDate.Kind.WORK) for d in sorted(schedule.work)]
    )
    changes: dict[str, object] = {
        "off_added": sorted(d.isoformat() for d in schedule.off - before_off),
        "off_removed": sorted(d.isoformat() for d in before_off - schedule.off),
        "work_added": sorted(d.isoformat() for d in schedule.work - before_work),
        "work_removed": sorted(d.isoformat() for d in before_work - schedule.work),
    }
    if before_source != schedule.source:
        changes["source"] = [before_source, schedule.source]
    audit.record(
        actor=actor,
        action=Action.HOLIDAY_SCHEDULE_SAVED,
        target=row,
        target_label=f"{schedule.year}年节假日安排",
        summary=(
            f"{'替换' if existing is not None else '新增'}{schedule.year}年节假日安排："
            f"放假{len(schedule.off)}天，调休上班{len(schedule.work)}天"
        ),
        changes=changes,
    )
    return row
