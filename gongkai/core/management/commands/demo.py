"""`gongkai demo [--reset | --if-empty | --accounts]`: the fictional 明湖市 for trying the platform."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.assessments.demo import build_demo_assessment
from gongkai.demo import catalogue as demo_catalogue
from gongkai.demo import city
from gongkai.demo import figures as demo_figures
from gongkai.demo import reports as demo_reports
from gongkai.demo import requests as demo_requests


class Command(BaseCommand):
    help = "建立演示数据：虚构的明湖市机关树、各角色演示账号（密码相同）和数年的依申请公开办理记录。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset",
            action="store_true",
            help="清空整个数据库（含审计日志和节假日修改）后重建演示数据；只能用于演示库",
        )
        mode.add_argument("--if-empty", action="store_true", help="仅当还没有任何机关时建立（make run 使用）")
        mode.add_argument("--accounts", action="store_true", help="只列出演示账号，不写入数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"]:
            self._print_accounts()
            return
        if options["reset"]:
            # Flushing a real installation would erase its records and audit trail; only a database
            # that holds the demo city (or no agencies at all) may be wiped.
            if Agency.objects.exists() and not city.demo_exists():
                raise CommandError("数据库中有非演示的机关数据，拒绝清空。--reset 只能用于演示数据库。")
            city.reset_database(stdout=self.stdout)
        elif city.demo_exists():
            self.stdout.write("演示数据已存在，未做任何修改。如需重建：gongkai demo --reset")
            if not options["if_empty"]:
                self._print_accounts()
            return
        elif Agency.objects.exists():
            if options["if_empty"]:
                self.stdout.write("已有机关数据，不建立演示数据。")
                return
            # Fictional agencies mixed into a real tree would show up on the public portal.
            raise CommandError("数据库中已有机关数据，演示数据只能建立在空数据库中。")
        # All or nothing: a build that fails half-way leaves no city that `demo_exists` would mistake for done.
        # Notices to the fictional applicants go out after commit, so the mail switch must span the commit.
        with demo_requests.mail_to_nowhere(), transaction.atomic():
            city.build_city(stdout=self.stdout)
            demo_requests.build_requests(stdout=self.stdout)
            demo_catalogue.build_catalogue(stdout=self.stdout)
            demo_figures.build_figures(stdout=self.stdout)
            demo_reports.build_reports(stdout=self.stdout)
            build_demo_assessment(stdout=self.stdout, today=timezone.localdate())
        # `make run` prints the table itself with --accounts after start-up output.
        if not options["if_empty"]:
            self._print_accounts()

    def _print_accounts(self) -> None:
        if not city.demo_exists():
            self.stdout.write("数据库中没有演示数据（可运行 gongkai demo 建立）。")
            return
        for line in city.accounts_table():
            self.stdout.write(line)
