"""`gongkai holidays list` and `gongkai holidays import FILE [--dry-run]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from gongkai.core import calendar
from gongkai.core.models import HolidayDate, HolidaySchedule
from gongkai.core.workdays import ScheduleError, parse_schedule


class Command(BaseCommand):
    help = "节假日安排：list 列出已录入年度；import FILE 从 JSON 新增或替换一个年度。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="op", required=True)
        sub.add_parser("list", help="已录入的年度")
        imp = sub.add_parser("import", help="导入一个年度（JSON）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["op"] == "list":
            self._list()
        else:
            self._import(options["file"], dry_run=options["dry_run"])

    def _list(self) -> None:
        rows = HolidaySchedule.objects.annotate(
            off=Count("dates", filter=Q(dates__kind=HolidayDate.Kind.OFF)),
            work=Count("dates", filter=Q(dates__kind=HolidayDate.Kind.WORK)),
        ).order_by("year")
        for row in rows:
            self.stdout.write(f"{row.year}\t放假 {row.off} 天\t调休上班 {row.work} 天\t{row.source}")
        if not rows:
            self.stdout.write("尚未录入任何年度的节假日安排")

    def _import(self, path: Path, *, dry_run: bool) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} 不是有效的 JSON：第{exc.lineno}行 {exc.msg}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path}：JSON 顶层应为对象")
        try:
            schedule = parse_schedule(data)
        except ScheduleError as exc:
            raise CommandError(f"{path}：{exc}") from exc
        summary = f"{schedule.year}年：放假 {len(schedule.off)} 天，调休上班 {len(schedule.work)} 天"
        if dry_run:
            self.stdout.write(f"检查通过（未保存）：{summary}")
            return
        calendar.holiday_schedule_save(actor=None, schedule=schedule)
        self.stdout.write(self.style.SUCCESS(f"已导入 {summary}"))
