"""Working-day (工作日) arithmetic for statutory deadlines.

The 《政府信息公开条例》 counts its time limits in 工作日. A working day is a
Monday–Friday that the year's State Council holiday notice
(《国务院办公厅关于YYYY年部分节假日安排的通知》) does not declare 放假, plus any
Saturday or Sunday that the notice declares a make-up working day (调休上班).

There is no rule that predicts a year's schedule, so the calendar refuses to
guess: any computation touching a year without a loaded schedule raises
:class:`MissingScheduleError` rather than silently treating it as an ordinary
Monday–Friday year, which would produce wrong legal deadlines.

Pure Python on purpose (no Django), so deadline logic is testable in isolation.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib.resources import files

__all__ = [
    "MissingScheduleError",
    "ScheduleError",
    "WorkingDayCalendar",
    "YearSchedule",
    "load_bundled_schedules",
    "parse_schedule",
    "schedule_to_json",
]

_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_SATURDAY = 5

# Strict YYYY-MM-DD with ASCII digits: date.fromisoformat() in 3.11 also accepts
# forms such as "20260101" or "2026-W01-1", which have no place in a notice transcript.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BUNDLED_NAME = re.compile(r"([0-9]{4})\.json")
_SCHEDULE_KEYS = ("year", "off", "work", "source")


class ScheduleError(ValueError):
    """A holiday schedule is malformed or inconsistent."""


class MissingScheduleError(LookupError):
    """A computation needed a year for which no holiday schedule is loaded."""

    year: int

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"没有{year}年的节假日安排（国务院办公厅通知），无法计算工作日。"
            f"请先导入该年度安排：gongkai holidays import FILE"
        )

    def __reduce__(self) -> tuple[type[MissingScheduleError], tuple[int]]:
        return (type(self), (self.year,))


def _fmt_dates(days: Iterable[date]) -> str:
    return "、".join(d.isoformat() for d in sorted(days))


def _is_plain_date(value: object) -> bool:
    # datetime is a subclass of date but never equal to one, so a datetime in a
    # schedule would silently never match; and a UTC datetime may fall on a
    # different calendar day than in China.
    return isinstance(value, date) and not isinstance(value, datetime)


@dataclass(frozen=True)
class YearSchedule:
    """One year's holiday arrangement as published by the State Council."""

    year: int
    off: frozenset[date]
    work: frozenset[date]
    source: str = field(default="")

    def __post_init__(self) -> None:
        year: object = self.year
        if isinstance(year, bool) or not isinstance(year, int):
            raise ScheduleError(f"年份必须是整数，实为 {year!r}")
        if not 1 <= self.year <= 9999:
            raise ScheduleError(f"年份 {self.year} 超出范围（1–9999）")
        # Accept any iterable of dates from callers but always store frozensets,
        # so schedules stay hashable and immutable.
        object.__setattr__(self, "off", frozenset(self.off))
        object.__setattr__(self, "work", frozenset(self.work))
        for label, days in (("放假日", self.off), ("上班日", self.work)):
            bad = [d for d in days if not _is_plain_date(d)]
            if bad:
                shown = "、".join(sorted(repr(d) for d in bad))
                raise ScheduleError(f"{label}中含有不是日期（date）的值：{shown}")
        outside = [d for d in self.off | self.work if d.year != self.year]
        if outside:
            raise ScheduleError(f"{_fmt_dates(outside)} 不在{self.year}年内")
        both = self.off & self.work
        if both:
            raise ScheduleError(f"{_fmt_dates(both)} 同时列为放假日和上班日")
        weekdays = sorted(d for d in self.work if d.weekday() < _SATURDAY)
        if weekdays:
            shown = "、".join(f"{d.isoformat()}（{_WEEKDAY_NAMES[d.weekday()]}）" for d in weekdays)
            raise ScheduleError(
                f"调休上班日必须是星期六或星期日（周一至周五本来就是工作日），以下日期不是：{shown}"
            )
        source: object = self.source
        if not isinstance(source, str):
            raise ScheduleError(f"来源（source）必须是文本，实为 {source!r}")

    def working_days(self) -> tuple[date, ...]:
        """All working days of the year, in order."""
        return tuple(date.fromordinal(o) for o in _working_ordinals(self))


def _working_ordinals(schedule: YearSchedule) -> tuple[int, ...]:
    first = date(schedule.year, 1, 1).toordinal()
    last = date(schedule.year, 12, 31).toordinal()
    result: list[int] = []
    for ordinal in range(first, last + 1):
        day = date.fromordinal(ordinal)
        if day in schedule.work or (day.weekday() < _SATURDAY and day not in schedule.off):
            result.append(ordinal)
    return tuple(result)


def _require_date(value: date, name: str) -> date:
    checked: object = value
    if not _is_plain_date(checked):
        raise TypeError(
            f"{name} 必须是 date（不是 datetime），实为 {type(checked).__name__}；"
            f"带时间的值请先换算为北京时间的日期"
        )
    return value


class WorkingDayCalendar:
    """Working-day arithmetic over a fixed set of yearly schedules.

    Each year's working days are precomputed as a sorted tuple of ordinals, so
    counting and stepping use binary search: cost grows with the number of
    years spanned, not with the number of days.
    """

    def __init__(self, schedules: Iterable[YearSchedule]) -> None:
        by_year: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if schedule.year in by_year:
                raise ScheduleError(f"{schedule.year}年的节假日安排重复提供")
            by_year[schedule.year] = schedule
        self._schedules = by_year
        self._ordinals: dict[int, tuple[int, ...]] = {
            year: _working_ordinals(s) for year, s in by_year.items()
        }
        self._ordinal_sets: dict[int, frozenset[int]] = {
            year: frozenset(ords) for year, ords in self._ordinals.items()
        }

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(years={self.years!r})"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._schedules))

    def has_year(self, year: int) -> bool:
        return year in self._schedules

    def schedule(self, year: int) -> YearSchedule:
        """The loaded schedule for ``year``; MissingScheduleError if none."""
        try:
            return self._schedules[year]
        except KeyError:
            raise MissingScheduleError(year) from None

    def _year_ordinals(self, year: int) -> tuple[int, ...]:
        try:
            return self._ordinals[year]
        except KeyError:
            raise MissingScheduleError(year) from None

    def is_working_day(self, day: date) -> bool:
        day = _require_date(day, "day")
        self._year_ordinals(day.year)
        return day.toordinal() in self._ordinal_sets[day.year]

    def add_working_days(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
        start = _require_date(start, "start")
        count: object = n
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"n 必须是整数，实为 {count!r}")
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        cursor = start.toordinal()
        remaining = n
        # Begin with the year of the day after start: if start is 31 December the
        # start year's schedule is irrelevant and need not be loaded.
        year = date.fromordinal(cursor + 1).year
        while True:
            ordinals = self._year_ordinals(year)
            index = bisect_right(ordinals, cursor)
            available = len(ordinals) - index
            if available >= remaining:
                return date.fromordinal(ordinals[index + remaining - 1])
            remaining -= available
            cursor = date(year, 12, 31).toordinal()
            year += 1

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days d with a < d <= b (negated if b < a)."""
        a = _require_date(a, "a")
        b = _require_date(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        if a == b:
            return 0
        low, high = a.toordinal(), b.toordinal()
        first_year = (a + timedelta(days=1)).year
        years = range(first_year, b.year + 1)
        # Look every year up before counting so the error names the earliest gap.
        tables = [self._year_ordinals(y) for y in years]
        return sum(bisect_right(t, high) - bisect_right(t, low) for t in tables)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)


def _parse_date_list(data: Mapping[str, object], key: str, label: str) -> frozenset[date]:
    if key not in data:
        raise ScheduleError(f"缺少“{key}”字段（{label}列表；没有时写空列表 []）")
    raw = data[key]
    if not isinstance(raw, list):
        raise ScheduleError(f"“{key}”字段必须是日期字符串列表，实为 {type(raw).__name__}")
    seen: set[date] = set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, str):
            raise ScheduleError(f"“{key}”第{position}项必须是“YYYY-MM-DD”格式的字符串，实为 {item!r}")
        if not _ISO_DATE.fullmatch(item):
            raise ScheduleError(f"“{key}”第{position}项“{item}”不是“YYYY-MM-DD”格式的日期")
        try:
            day = date.fromisoformat(item)
        except ValueError:
            raise ScheduleError(f"“{key}”第{position}项“{item}”不是真实存在的日期") from None
        if day in seen:
            raise ScheduleError(f"“{key}”中 {item} 重复出现")
        seen.add(day)
    return frozenset(seen)


def parse_schedule(data: Mapping[str, object]) -> YearSchedule:
    """Build a YearSchedule from its JSON form; every problem is a ScheduleError."""
    checked: object = data
    if not isinstance(checked, Mapping):
        raise ScheduleError(f"节假日安排必须是 JSON 对象，实为 {type(checked).__name__}")
    unknown = sorted(str(k) for k in data if k not in _SCHEDULE_KEYS)
    if unknown:
        raise ScheduleError(f"节假日安排含有未知字段：{'、'.join(unknown)}（只允许 year、off、work、source）")
    if "year" not in data:
        raise ScheduleError("缺少“year”字段（年份，整数，例如 2027）")
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise ScheduleError(f"“year”必须是整数（例如 2027），实为 {year!r}")
    off = _parse_date_list(data, "off", "放假日")
    work = _parse_date_list(data, "work", "调休上班日")
    if "source" not in data:
        raise ScheduleError(
            "缺少“source”字段（请写明依据的通知，例如“国务院办公厅关于2027年部分节假日安排的通知”）"
        )
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise ScheduleError(f"“source”必须是非空文本，写明依据的通知，实为 {source!r}")
    return YearSchedule(year=year, off=off, work=work, source=source.strip())


def schedule_to_json(schedule: YearSchedule) -> dict[str, object]:
    """The JSON form of a schedule; inverse of parse_schedule."""
    return {
        "year": schedule.year,
        "off": [d.isoformat() for d in sorted(schedule.off)],
        "work": [d.isoformat() for d in sorted(schedule.work)],
        "source": schedule.source,
    }


def load_bundled_schedules() -> list[YearSchedule]:
    """The schedules shipped in gongkai/core/holiday_data/YYYY.json, by year."""
    directory = files("gongkai.core") / "holiday_data"
    schedules: list[YearSchedule] = []
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        match = _BUNDLED_NAME.fullmatch(entry.name)
        if match is None or not entry.is_file():
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ScheduleError(f"{entry.name} 不是有效的 JSON：{exc}") from exc
        try:
            schedule = parse_schedule(data)
        except ScheduleError as exc:
            raise ScheduleError(f"{entry.name}：{exc}") from exc
        if schedule.year != int(match.group(1)):
            raise ScheduleError(f"{entry.name} 中的年份是 {schedule.year}，与文件名不符")
        schedules.append(schedule)
    return schedules
