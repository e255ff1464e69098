"""`gongkai create-staff USERNAME --agency CODE --role ROLE [--password P]`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies import services
from gongkai.agencies.models import Agency, Role
from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = "新增工作人员账号并分配岗位。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="不提供则自动生成并打印")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为 {options['agency']} 的机关")
        try:
            user, password = services.staff_create(
                actor=None,
                username=options["username"],
                agency=agency,
                role=options["role"],
                password=options["password"],
                full_name=options["name"],
                email=options["email"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已创建 {user.username}（{agency.name} · {Role(options['role']).label}）")
        if options["password"] is None:
            self.stdout.write(f"初始密码：{password}")
