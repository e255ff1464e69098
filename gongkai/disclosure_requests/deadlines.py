"""The 条例 reply clock, as a pure function of a request's dated events.

Rules (国务院令第711号):
- 第三十一条: the clock starts from the day the application is received (by channel);
- 第三十三条: reply within 20 working days; one extension of at most 20 working days approved by the
  head of the disclosure office; time spent consulting third parties and other organs is not counted;
- 第三十条: a 补正 notice within 7 working days of receipt; the reply period then runs from the day the
  corrected application is received (a restart, not a pause);
- 第三十二、三十四条: third parties and other organs have 15 working days to answer;
- 信息处理费 (国办函〔2020〕109号): the time from the fee notice until payment is not counted;
- 第三十五条: for mass requests the organ may set a longer, reasonable period (延迟答复).
Period counting follows the general rule that the start day is not counted.

No Django here: the calendar is passed in, so every rule is tested exhaustively and fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

REPLY_WORKING_DAYS = 20  # 第三十三条第一款
EXTENSION_MAX_WORKING_DAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_WORKING_DAYS = 7  # 第三十条
CONSULTATION_REPLY_WORKING_DAYS = 15  # 第三十二条（第三方）、第三十四条（其他机关）


class WorkingDays(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...
    def working_days_between(self, a: date, b: date) -> int: ...


@dataclass(frozen=True)
class Pause:
    """A stretch during which the clock stands still: working days d with start < d <= end are not counted.

    `end` is None while the pause is still open (no answer or payment yet)."""

    kind: str  # "consultation" | "fee"
    start: date
    end: date | None
    label: str

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"{self.label}：结束日期 {self.end} 早于开始日期 {self.start}")


@dataclass(frozen=True)
class ClockInput:
    received_on: date
    restarted_on: date | None = None  # 补正 received (第三十条)
    extension_days: int = 0
    pauses: Sequence[Pause] = ()
    delayed_until: date | None = None  # 第三十五条

    def __post_init__(self) -> None:
        if not 0 <= self.extension_days <= EXTENSION_MAX_WORKING_DAYS:
            raise ValueError(f"延长期限应为1至{EXTENSION_MAX_WORKING_DAYS}个工作日")
        if self.restarted_on is not None and self.restarted_on < self.received_on:
            raise ValueError("补正申请的收到日期不能早于原申请收到日期")


@dataclass(frozen=True)
class Deadline:
    start_on: date  # the day the period runs from (receipt, or receipt of the corrected application)
    working_days: int  # 20 plus any extension
    due_on: date | None  # None while the clock is stopped by an open pause
    paused: bool
    remaining_working_days: int | None  # while paused: what is left when the clock resumes
    excluded_working_days: int  # working days not counted because of closed pauses
    explanation: tuple[str, ...] = field(default=())


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _excluded(cal: WorkingDays, intervals: Sequence[tuple[date, date]], a: date, b: date) -> int:
    """Working days in (a, b] that fall inside a pause."""
    total = 0
    for lo, hi in intervals:
        start, end = max(a, lo), min(b, hi)
        if end > start:
            total += cal.working_days_between(start, end)
    return total


def compute(clock: ClockInput, cal: WorkingDays) -> Deadline:
    """The due date and how it was reached. Raises the calendar's MissingScheduleError when the count
    reaches a year without a holiday schedule: callers flag the request instead of guessing."""
    start = clock.restarted_on or clock.received_on
    budget = REPLY_WORKING_DAYS + clock.extension_days
    steps = [f"收到申请之日：{clock.received_on.isoformat()}（第三十一条），起算日不计入"]
    if clock.restarted_on is not None:
        steps.append(f"收到补正申请之日：{clock.restarted_on.isoformat()}，答复期限自此重新计算（第三十条）")
    steps.append(f"答复期限：{REPLY_WORKING_DAYS}个工作日（第三十三条第一款）")
    if clock.extension_days:
        steps.append(
            f"经政府信息公开工作机构负责人同意延长：{clock.extension_days}个工作日（第三十三条第二款）"
        )

    relevant = [p for p in clock.pauses if p.end is None or p.end > start]
    closed = _merge((max(p.start, start), p.end) for p in relevant if p.end is not None)
    open_pauses = sorted((p for p in relevant if p.end is None), key=lambda p: p.start)

    cursor, remaining, excluded_total = start, budget, 0
    while remaining > 0:
        # Ask "did the clock stop before the period ran out?" by counting up to the stop, not by first
        # computing the unpaused due date: a stopped clock then needs no schedule beyond the stop
        # (a request received in late December and paused needs no next-year schedule yet).
        stop = max(open_pauses[0].start, cursor) if open_pauses else None
        if stop is not None and cal.working_days_between(cursor, stop) < remaining:
            # The clock stopped before the period ran out: count what was used up to the stop.
            used = cal.working_days_between(cursor, stop) - _excluded(cal, closed, cursor, stop)
            excluded_total += _excluded(cal, closed, cursor, stop)
            left = remaining - used
            for p in relevant:
                if p.end is not None:
                    steps.append(f"{p.label}：{p.start.isoformat()}至{p.end.isoformat()}，期间不计入期限")
            steps.append(
                f"{open_pauses[0].label}：自{open_pauses[0].start.isoformat()}起计时暂停，"
                f"恢复后还有{left}个工作日"
            )
            return Deadline(start, budget, None, True, left, excluded_total, tuple(steps))
        candidate = cal.add_working_days(cursor, remaining)
        skipped = _excluded(cal, closed, cursor, candidate)
        excluded_total += skipped
        cursor, remaining = candidate, skipped

    for p in relevant:
        if p.end is not None:
            days = _excluded(cal, [(max(p.start, start), p.end)], start, p.end)
            steps.append(f"{p.label}：{p.start.isoformat()}至{p.end.isoformat()}，不计入期限的工作日{days}个")
    due = cursor
    if clock.delayed_until is not None and clock.delayed_until > due:
        steps.append(f"到期日按期限计算为{due.isoformat()}")
        steps.append(
            f"因申请数量、频次明显超过合理范围，确定延迟答复期限至{clock.delayed_until.isoformat()}（第三十五条）"
        )
        due = clock.delayed_until
    else:
        steps.append(f"答复到期日：{due.isoformat()}")
    return Deadline(start, budget, due, False, None, excluded_total, tuple(steps))


def correction_notice_due(received_on: date, cal: WorkingDays) -> date:
    """Last day for the one-time 补正 notice (第三十条: 7 working days from receipt)."""
    return cal.add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS)
