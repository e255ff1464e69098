"""Seeding the bundled holiday schedules, shared by the data migration and by tests that flush."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.core.workdays import load_bundled_schedules


def seed_bundled(holiday_schedule: Any, holiday_date: Any) -> int:
    """Insert every bundled year that is not in the tables yet; returns how many were added.

    Takes the model classes as arguments so the migration can pass its historical models.
    """
    added = 0
    for schedule in load_bundled_schedules():
        if holiday_schedule.objects.filter(year=schedule.year).exists():
            continue
        row = holiday_schedule.objects.create(
            year=schedule.year, source=schedule.source, updated_at=timezone.now()
        )
        holiday_date.objects.bulk_create(
            [holiday_date(schedule=row, day=d, kind="off") for d in sorted(schedule.off)]
            + [holiday_date(schedule=row, day=d, kind="work") for d in sorted(schedule.work)]
        )
        added += 1
    return added
