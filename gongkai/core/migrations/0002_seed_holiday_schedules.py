"""Seed the holiday schedules bundled with this release (State Council notices, see holiday_data/README.md).

Years already present are left alone, so an administrator's corrections survive re-running migrations.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from gongkai.core.workdays import load_bundled_schedules

    HolidaySchedule = apps.get_model("core", "HolidaySchedule")
    HolidayDate = apps.get_model("core", "HolidayDate")
    for schedule in load_bundled_schedules():
        if HolidaySchedule.objects.filter(year=schedule.year).exists():
            continue
        row = HolidaySchedule.objects.create(year=schedule.year, source=schedule.source, updated_at=timezone.now())
        HolidayDate.objects.bulk_create(
            [HolidayDate(schedule=row, day=d, kind="off") for d in sorted(schedule.off)]
            + [HolidayDate(schedule=row, day=d, kind="work") for d in sorted(schedule.work)]
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_log_and_holidays")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
