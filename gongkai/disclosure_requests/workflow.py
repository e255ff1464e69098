"""States of a disclosure request and the one table of which action may happen in which state.

The back office asks `available_actions` which buttons to show, the API asks `require_allowed`, and the
services enforce it; so buttons, API and rules never disagree (style.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import Perm
from gongkai.core.errors import IllegalTransition


class Status(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ACCEPTED = "accepted", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_PAYMENT = "awaiting_payment", _("待缴费")
    REPLIED = "replied", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")
    ARCHIVED = "archived", _("已归档")


OPEN = frozenset(
    {Status.RECEIVED, Status.ACCEPTED, Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_PAYMENT}
)
FINAL = frozenset({Status.REPLIED, Status.WITHDRAWN, Status.ARCHIVED})
PAUSED = frozenset({Status.CONSULTING, Status.AWAITING_PAYMENT})


class Action(models.TextChoices):
    ACCEPT = "accept", _("登记受理")
    REQUEST_CORRECTION = "request_correction", _("告知补正")
    RECEIVE_CORRECTION = "receive_correction", _("收到补正")
    CLOSE_UNCORRECTED = "close_uncorrected", _("逾期未补正，终止处理")
    START_CONSULTATION = "start_consultation", _("征求意见")
    END_CONSULTATION = "end_consultation", _("收到意见")
    EXTEND = "extend", _("延期答复")
    DELAY = "delay", _("延迟答复（第三十五条）")
    QUOTE_FEE = "quote_fee", _("发出收费通知")
    RECORD_PAYMENT = "record_payment", _("登记缴费")
    CLOSE_UNPAID = "close_unpaid", _("逾期未缴费，终止处理")
    REPLY = "reply", _("答复")
    WITHDRAW = "withdraw", _("申请人撤回")
    ARCHIVE = "archive", _("归档")


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status | None  # None: the status does not change (extension, delay)
    perm: Perm


_HANDLE = Perm.HANDLE_REQUESTS

TRANSITIONS: dict[Action, Rule] = {
    Action.ACCEPT: Rule(frozenset({Status.RECEIVED}), Status.ACCEPTED, _HANDLE),
    Action.REQUEST_CORRECTION: Rule(
        frozenset({Status.RECEIVED, Status.ACCEPTED}), Status.AWAITING_CORRECTION, _HANDLE
    ),
    Action.RECEIVE_CORRECTION: Rule(frozenset({Status.AWAITING_CORRECTION}), Status.ACCEPTED, _HANDLE),
    Action.CLOSE_UNCORRECTED: Rule(frozenset({Status.AWAITING_CORRECTION}), Status.REPLIED, _HANDLE),
    Action.START_CONSULTATION: Rule(frozenset({Status.ACCEPTED}), Status.CONSULTING, _HANDLE),
    Action.END_CONSULTATION: Rule(frozenset({Status.CONSULTING}), Status.ACCEPTED, _HANDLE),
    Action.EXTEND: Rule(frozenset({Status.ACCEPTED, Status.CONSULTING}), None, Perm.APPROVE_EXTENSION),
    Action.DELAY: Rule(frozenset({Status.ACCEPTED}), None, Perm.APPROVE_EXTENSION),
    Action.QUOTE_FEE: Rule(frozenset({Status.ACCEPTED}), Status.AWAITING_PAYMENT, _HANDLE),
    Action.RECORD_PAYMENT: Rule(frozenset({Status.AWAITING_PAYMENT}), Status.ACCEPTED, _HANDLE),
    Action.CLOSE_UNPAID: Rule(frozenset({Status.AWAITING_PAYMENT}), Status.REPLIED, _HANDLE),
    Action.REPLY: Rule(frozenset({Status.RECEIVED, Status.ACCEPTED}), Status.REPLIED, _HANDLE),
    Action.WITHDRAW: Rule(frozenset(OPEN), Status.WITHDRAWN, _HANDLE),
    Action.ARCHIVE: Rule(frozenset({Status.REPLIED, Status.WITHDRAWN}), Status.ARCHIVED, _HANDLE),
}


def allowed_in(status: str, action: Action) -> bool:
    return Status(status) in TRANSITIONS[action].sources


def require_allowed(status: str, action: Action) -> None:
    if not allowed_in(status, action):
        raise IllegalTransition(
            status,
            action,
            f"申请当前状态为“{Status(status).label}”，不能执行“{action.label}”",
        )
