"""`gongkai send-digests [--dry-run]`: the weekly email to each office head listing the overdue and
soon-due requests and the late publications of the agencies they answer for. At most one per person per
ISO week however often it runs (see digest.digest_send). Meant for a weekly timer; running it daily is
harmless and catches up after a failed send."""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.supervision import digest as digests

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "向各政府信息公开工作机构负责人发送每周督办摘要（超期、即将到期的申请和超时发布的信息）；每人每周至多一封。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的摘要，不发送、不记录")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        verbosity: int = options["verbosity"]
        today = timezone.localdate()
        week = digests.iso_week(today)
        done = digests.already_sent(week)

        sent = skipped_sent = nothing = no_email = failed = 0
        for digest in digests.build_digests(today):
            username = digest.user.get_username()
            if digest.user.pk in done:
                skipped_sent += 1
                continue
            if not digest.has_news:
                nothing += 1
                continue
            if not digest.user.email:
                no_email += 1
                self.stderr.write(f"{username} 未登记电子邮箱，无法发送摘要")
                continue
            counts = (
                f"超期{digest.overdue_count}件，即将到期{digest.soon_count}件，超时发布{digest.late_count}条"
            )
            if dry_run:
                self.stdout.write(f"将发送给 {username} <{digest.user.email}>：{counts}")
                if verbosity >= 2:
                    self.stdout.write(f"主题：{digest.subject}\n{digests.render(digest)[0]}")
                sent += 1
                continue
            try:
                delivered = digests.digest_send(digest)
            except Exception:  # one bad mailbox must not stop the others; the claim was rolled back
                logger.exception("could not send the weekly digest to %s", username)
                self.stderr.write(f"发送给 {username} 失败，下次运行时重试")
                failed += 1
                continue
            if delivered:
                sent += 1
                if verbosity >= 2:
                    self.stdout.write(f"已发送给 {username} <{digest.user.email}>：{counts}")
            else:  # a concurrent run claimed this person after we read the sent list
                skipped_sent += 1

        verb = "将发送" if dry_run else "已发送"
        line = f"{verb}{sent}封，跳过{skipped_sent}人（本周已发送），{nothing}人无需提醒"
        if no_email:
            line += f"，{no_email}人未登记电子邮箱"
        if failed:
            line += f"，{failed}封发送失败"
        self.stdout.write(f"{line}（{week}）")
