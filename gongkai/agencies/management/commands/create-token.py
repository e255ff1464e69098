"""`gongkai create-token USERNAME`: prints a new API bearer token (shown once, stored hashed)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies import services
from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = "为工作人员签发接口令牌（只显示一次）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="用途说明")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['username']} 的账号")
        try:
            _, raw = services.api_token_create(actor=None, user=user, label=options["label"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
