"""`gongkai send-reminders [--dry-run]`: email the staff who handle requests about overdue requests and
requests due within 3 working days, at most once per request per day; first retry due dates that could
not be computed (a holiday schedule may have been imported since). Meant for a daily timer."""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure_requests import maintenance, selectors
from gongkai.disclosure_requests.models import DisclosureRequest

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: User
    requests: list[DisclosureRequest] = field(default_factory=list)


def _claim(request: DisclosureRequest, today: date) -> bool:
    # The conditional UPDATE is the lock: of two concurrent runs only one sees a row count of 1,
    # so a request is never mailed twice on the same day.
    return (
        DisclosureRequest.objects.filter(pk=request.pk)
        .exclude(reminder_sent_on=today)
        .update(reminder_sent_on=today)
        == 1
    )


def _line(request: DisclosureRequest, today: date) -> str:
    assert request.due_on is not None  # noqa: S101  (reminder candidates all have a due date)
    state = "已超期" if request.due_on < today else "即将到期"
    path = reverse("requests:detail", kwargs={"number": request.number})
    return f"· {request.number}（{request.agency.name}）{request.info_title}：答复期限 {request.due_on.isoformat()}，{state}　{path}"


def _body(digest: Digest, today: date) -> str:
    name = digest.user.get_full_name() or digest.user.get_username()
    lines = [_line(r, today) for r in digest.requests]
    return (
        f"{name}：\n\n以下{len(lines)}件政府信息公开申请已超期或将在3个工作日内到期，请及时办理：\n\n"
        + "\n".join(lines)
        + "\n\n（本提醒每件申请每天至多发送一次。）"
    )


class Command(BaseCommand):
    help = "提醒经办人员处理已超期和3个工作日内到期的政府信息公开申请；每件申请每天至多提醒一次。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出将发送的提醒，不发送、不记录、不重新计算期限"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        today = timezone.localdate()

        if dry_run:
            flagged = DisclosureRequest.objects.open().exclude(deadline_problem="").count()
            self.stdout.write(f"期限无法计算的申请：{flagged}件（试运行，不重新计算）")
        else:
            changed = maintenance.request_recompute_deadlines()
            self.stdout.write(f"重新计算答复期限：{len(changed)}件")

        candidates = list(selectors.reminder_candidates(today))
        recipients = selectors.reminder_recipients({r.agency_id for r in candidates})
        digests: dict[int, Digest] = {}
        for request in candidates:
            staff = recipients.get(request.agency_id, [])
            # Unclaimed when nobody can be told: it is tried again once someone has an email address.
            if not staff or (not dry_run and not _claim(request, today)):
                continue
            for user in staff:
                digests.setdefault(user.pk, Digest(user)).requests.append(request)

        sent = 0
        for digest in digests.values():
            subject = f"【政府信息公开】{len(digest.requests)}件申请已超期或即将到期"
            if dry_run:
                self.stdout.write(
                    f"将提醒 {digest.user.get_username()} <{digest.user.email}>：{len(digest.requests)}件"
                )
                continue
            try:
                send_mail(subject, _body(digest, today), settings.DEFAULT_FROM_EMAIL, [digest.user.email])
            except Exception:  # one bad mailbox must not stop the others; the request stays claimed for today
                logger.exception("could not send reminder to %s", digest.user.get_username())
                continue
            sent += 1
        verb = "将发送" if dry_run else "已发送"
        self.stdout.write(f"{verb}提醒：{len(digests) if dry_run else sent}封")
