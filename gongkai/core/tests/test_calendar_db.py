"""The working-day calendar as stored in the database: seeded schedules, the CLI, imports, the cache,
the missing-next-year warning and the API. A year without a schedule is never guessed."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core import calendar
from gongkai.core.models import AuditEntry, HolidayDate, HolidaySchedule
from gongkai.core.workdays import MissingScheduleError, YearSchedule, load_bundled_schedules

SOURCE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"
OFF_2027 = ["2027-01-01", *(f"2027-02-{d:02d}" for d in range(6, 13))]
WORK_2027 = ["2027-02-20"]
WARNING_2027 = "尚未录入2027年的节假日安排"

pytestmark = pytest.mark.django_db


def schedule_file(tmp_path: Path, data: object, name: str = "2027.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def good_2027(tmp_path: Path) -> Path:
    return schedule_file(tmp_path, {"year": 2027, "off": OFF_2027, "work": WORK_2027, "source": SOURCE_2027})


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def state() -> tuple[object, ...]:
    return (
        list(HolidaySchedule.objects.values_list("year", "source", "updated_at")),
        list(HolidayDate.objects.values_list("day", "kind")),
        AuditEntry.objects.count(),
    )


def import_2027(tmp_path: Path) -> None:
    run("holidays", "import", str(good_2027(tmp_path)))


# --- seeded data ------------------------------------------------------------------------------


def test_the_migration_seeds_every_year_from_2019_to_2026():
    assert list(HolidaySchedule.objects.values_list("year", flat=True)) == list(range(2019, 2027))


def test_the_seeded_dates_equal_the_bundled_files():
    for schedule in load_bundled_schedules():
        row = HolidaySchedule.objects.get(year=schedule.year)
        assert row.source == schedule.source
        assert set(row.dates.filter(kind="off").values_list("day", flat=True)) == schedule.off
        assert set(row.dates.filter(kind="work").values_list("day", flat=True)) == schedule.work


def test_the_seeded_2026_schedule_has_its_national_day_week():
    row = HolidaySchedule.objects.get(year=2026)
    assert row.dates.filter(kind="off").count() == 33
    assert row.dates.filter(kind="work").count() == 6
    assert row.dates.filter(day=date(2026, 10, 1), kind="off").exists()
    assert row.dates.filter(day=date(2026, 10, 10), kind="work").exists()


# --- gongkai workdays ---------------------------------------------------------------------------


def test_twenty_working_days_after_15_september_2026_is_19_october():
    assert run("workdays", "add", "2026-09-15", "20") == "2026-10-19\n"


def test_twenty_working_days_after_10_february_2026_is_16_march():
    assert run("workdays", "add", "2026-02-10", "20") == "2026-03-16\n"


def test_workdays_between_counts_the_working_days():
    assert run("workdays", "between", "2026-09-15", "2026-10-19") == "20\n"


@pytest.mark.parametrize(
    "args",
    [("add", "2027-01-04", "5"), ("add", "2026-12-25", "20"), ("between", "2026-12-01", "2027-01-10")],
    ids=["start-in-2027", "crossing-into-2027", "between-into-2027"],
)
def test_a_question_reaching_2027_without_a_schedule_exits_2_naming_the_year(args):
    with pytest.raises(CommandError) as excinfo:
        run("workdays", *args)
    assert excinfo.value.returncode == 2
    assert "没有2027年的节假日安排" in str(excinfo.value)


def test_after_importing_2027_the_same_questions_are_answered(tmp_path):
    out = run("holidays", "import", str(good_2027(tmp_path)))
    assert "已导入 2027年：放假 8 天，调休上班 1 天" in out
    assert run("workdays", "add", "2027-01-04", "5") == "2027-01-11\n"
    assert run("workdays", "add", "2026-12-25", "20") == "2027-01-25\n"
    # the Spring Festival week is off and the make-up Saturday counts
    assert run("workdays", "add", "2027-02-01", "10") == "2027-02-20\n"


def test_importing_a_year_is_audited_as_the_command_line(tmp_path):
    import_2027(tmp_path)
    entry = AuditEntry.objects.get(action="holiday_schedule.saved")
    assert (entry.channel, entry.actor, entry.actor_name, entry.target_label) == (
        "cli",
        None,
        "cli",
        "2027年节假日安排",
    )


def test_a_dry_run_checks_without_saving(tmp_path):
    before = state()
    out = run("holidays", "import", str(good_2027(tmp_path)), "--dry-run")
    assert out == "检查通过（未保存）：2027年：放假 8 天，调休上班 1 天\n"
    assert state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"year": 2027, "off": [', "不是有效的 JSON"),
        ({"year": 2027, "off": ["2026-12-31"], "work": [], "source": SOURCE_2027}, "2026-12-31 不在2027年内"),
        (
            {"year": 2027, "off": OFF_2027, "work": ["2027-02-17"], "source": SOURCE_2027},
            "调休上班日必须是星期六或星期日",
        ),
        ({"year": 2027, "off": OFF_2027, "work": []}, "缺少“source”字段"),
        ([2027], "JSON 顶层应为对象"),
    ],
    ids=["bad-json", "date-outside-year", "weekday-as-make-up-day", "no-source", "not-an-object"],
)
def test_a_bad_import_file_is_refused_in_chinese_and_changes_nothing(tmp_path, content, message):
    path = schedule_file(tmp_path, content)
    before = state()
    with pytest.raises(CommandError) as excinfo:
        run("holidays", "import", str(path))
    assert message in str(excinfo.value)
    assert str(path) in str(excinfo.value)
    assert state() == before
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_a_missing_import_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run("holidays", "import", str(tmp_path / "nope.json"))


def test_a_bad_replacement_leaves_the_existing_year_as_it_was(tmp_path):
    import_2027(tmp_path)
    before = state()
    path = schedule_file(
        tmp_path, {"year": 2027, "off": ["2027-13-01"], "work": [], "source": "x"}, "bad.json"
    )
    with pytest.raises(CommandError):
        run("holidays", "import", str(path))
    assert state() == before


def test_holidays_list_prints_one_line_per_year():
    lines = run("holidays", "list").splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(y) for y in range(2019, 2027)]
    assert lines[-1] == "2026\t放假 33 天\t调休上班 6 天\t国务院办公厅关于2026年部分节假日安排的通知"


def test_holidays_list_shows_an_imported_year(tmp_path):
    import_2027(tmp_path)
    assert run("holidays", "list").splitlines()[-1] == f"2027\t放假 8 天\t调休上班 1 天\t{SOURCE_2027}"


# --- the process-wide cache ------------------------------------------------------------------


def test_the_calendar_cache_notices_a_new_schedule():
    assert not calendar.get_calendar().has_year(2027)
    with pytest.raises(MissingScheduleError):
        calendar.add_working_days(date(2027, 1, 4), 5)
    calendar.holiday_schedule_save(
        actor=None,
        schedule=YearSchedule(
            year=2027,
            off=frozenset(date.fromisoformat(d) for d in OFF_2027),
            work=frozenset(date.fromisoformat(d) for d in WORK_2027),
            source=SOURCE_2027,
        ),
    )
    assert calendar.get_calendar().has_year(2027)
    assert calendar.add_working_days(date(2027, 1, 4), 5) == date(2027, 1, 11)


def test_the_calendar_cache_notices_a_replaced_schedule():
    assert calendar.add_working_days(date(2026, 9, 15), 20) == date(2026, 10, 19)
    seeded = HolidaySchedule.objects.get(year=2026)
    off = set(seeded.dates.filter(kind="off").values_list("day", flat=True))
    work = set(seeded.dates.filter(kind="work").values_list("day", flat=True))
    # An extra day off (Wednesday 16 September) pushes the deadline one working day later.
    calendar.holiday_schedule_save(
        actor=None,
        schedule=YearSchedule(
            year=2026, off=frozenset(off | {date(2026, 9, 16)}), work=frozenset(work), source="更正"
        ),
    )
    assert calendar.add_working_days(date(2026, 9, 15), 20) == date(2026, 10, 20)


# --- the missing-next-year warning -------------------------------------------------------------


def test_admins_see_the_missing_next_year_warning_from_1_november(world, client):
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        client.force_login(world.admin)
        response = client.get("/staff/")
    assert response.status_code == 200
    assert WARNING_2027 in response.content.decode()


def test_admins_see_the_warning_from_the_first_minute_of_1_november(world, client):
    with time_machine.travel("2026-11-01 00:01 +0800", tick=False):
        client.force_login(world.admin)
        assert WARNING_2027 in client.get("/staff/").content.decode()


def test_admins_do_not_see_the_warning_on_31_october(world, client):
    with time_machine.travel("2026-10-31 23:59 +0800", tick=False):
        client.force_login(world.admin)
        response = client.get("/staff/")
    assert response.status_code == 200
    assert "尚未录入" not in response.content.decode()


def test_admins_do_not_see_the_warning_once_next_year_exists(world, client, tmp_path):
    import_2027(tmp_path)
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        client.force_login(world.admin)
        response = client.get("/staff/")
    assert response.status_code == 200
    assert "尚未录入" not in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "head_a", "city_supervisor"])
def test_non_admins_never_see_the_warning(world, client, persona):
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        client.force_login(getattr(world, persona))
        response = client.get("/staff/")
    assert response.status_code == 200
    assert "尚未录入" not in response.content.decode()


def test_the_warning_text_names_the_next_year():
    assert calendar.missing_next_year_warning(date(2026, 10, 31)) is None
    warning = calendar.missing_next_year_warning(date(2026, 11, 1))
    assert warning is not None
    assert warning.startswith(WARNING_2027)
    assert calendar.missing_next_year_warning(date(2025, 12, 31)) is None  # 2026 is seeded


# --- the API ------------------------------------------------------------------------------


def test_the_api_adds_working_days(client):
    response = client.get("/api/v1/workdays/add?start=2026-09-15&n=20")
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-15", "working_days": 20, "date": "2026-10-19"}


def test_the_api_counts_working_days_between_two_dates(client):
    response = client.get("/api/v1/workdays/between?start=2026-02-10&end=2026-03-16")
    assert response.status_code == 200
    assert response.json() == {"start": "2026-02-10", "end": "2026-03-16", "working_days": 20}


def test_the_api_answers_422_naming_a_year_without_a_schedule(client):
    response = client.get("/api/v1/workdays/add?start=2027-01-04&n=5")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "missing_holiday_schedule"
    assert "2027" in body["message"]
    assert body["fields"] == {"year": "2027"}


def test_the_api_answers_after_2027_is_imported(client, tmp_path):
    import_2027(tmp_path)
    response = client.get("/api/v1/workdays/add?start=2027-01-04&n=5")
    assert response.status_code == 200
    assert response.json()["date"] == "2027-01-11"


@pytest.mark.parametrize("query", ["start=2026-13-01&n=5", "start=2026-09-15&n=-1", "start=2026-09-15"])
def test_the_api_refuses_bad_parameters_with_a_json_error(client, query):
    response = client.get(f"/api/v1/workdays/add?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid"
    assert body["fields"]


def test_the_api_lists_the_holiday_schedules(client):
    response = client.get("/api/v1/holidays")
    assert response.status_code == 200
    years = response.json()
    assert [y["year"] for y in years] == list(range(2019, 2027))
    assert years[-1]["work"] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
