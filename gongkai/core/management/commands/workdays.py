"""`gongkai workdays add DATE N` and `gongkai workdays between A B`."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import calendar
from gongkai.core.workdays import MissingScheduleError


def iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{raw}") from exc


def count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise ArgumentTypeError(f"工作日数应为非负整数：{raw}") from exc
    if value < 0:
        raise ArgumentTypeError(f"工作日数应为非负整数：{raw}")
    return value


class Command(BaseCommand):
    help = "工作日计算：add DATE N 输出 DATE 之后第 N 个工作日（起算日不计）；between A B 输出 A 之后至 B（含）的工作日数。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日")
        add.add_argument("start", type=iso_date)
        add.add_argument("n", type=count)
        between = sub.add_parser("between", help="A 之后至 B（含）的工作日数")
        between.add_argument("a", type=iso_date)
        between.add_argument("b", type=iso_date)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["op"] == "add":
                self.stdout.write(calendar.add_working_days(options["start"], options["n"]).isoformat())
            else:
                self.stdout.write(str(calendar.working_days_between(options["a"], options["b"])))
        except MissingScheduleError as exc:
            # Exit 2: the question cannot be answered without the State Council's schedule; never guess.
            raise CommandError(str(exc), returncode=2) from exc
