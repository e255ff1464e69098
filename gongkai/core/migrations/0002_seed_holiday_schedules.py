"""Seed the holiday schedules bundled with this release (State Council notices, see holiday_data/README.md).

Years already present are left alone, so an administrator's corrections survive re-running migrations.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.core.holiday_seed import seed_bundled

    seed_bundled(apps.get_model("core", "HolidaySchedule"), apps.get_model("core", "HolidayDate"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_log_and_holidays")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
