"""States of a catalogue item and the one table of which action may happen in which state (第十七条:
no item reaches the public without a recorded confidentiality review)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import Perm
from gongkai.core.errors import IllegalTransition


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Action(models.TextChoices):
    EDIT = "edit", _("修改")
    SUBMIT = "submit", _("提交审核")
    RETURN = "return", _("退回修改")
    REDACT = "redact", _("遮盖个人信息")
    APPROVE = "approve", _("保密审查通过")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")
    SET_VALIDITY = "set_validity", _("变更有效性")


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status | None
    perms: frozenset[Perm]  # any one of them suffices


_DRAFTER = frozenset({Perm.HANDLE_REQUESTS})
_REVIEWER = frozenset({Perm.REVIEW})

TRANSITIONS: dict[Action, Rule] = {
    Action.EDIT: Rule(frozenset({Status.DRAFT}), None, _DRAFTER | _REVIEWER),
    Action.SUBMIT: Rule(frozenset({Status.DRAFT}), Status.SUBMITTED, _DRAFTER),
    Action.RETURN: Rule(frozenset({Status.SUBMITTED, Status.APPROVED}), Status.DRAFT, _REVIEWER),
    Action.REDACT: Rule(frozenset({Status.SUBMITTED}), None, _REVIEWER),
    Action.APPROVE: Rule(frozenset({Status.SUBMITTED}), Status.APPROVED, _REVIEWER),
    Action.PUBLISH: Rule(frozenset({Status.APPROVED}), Status.PUBLISHED, _DRAFTER | _REVIEWER),
    Action.WITHDRAW: Rule(frozenset({Status.PUBLISHED}), Status.WITHDRAWN, _REVIEWER),
    Action.SET_VALIDITY: Rule(frozenset({Status.PUBLISHED, Status.WITHDRAWN}), None, _DRAFTER | _REVIEWER),
}


def allowed_in(status: str, action: Action) -> bool:
    return Status(status) in TRANSITIONS[action].sources


def require_allowed(status: str, action: Action) -> None:
    if not allowed_in(status, action):
        raise IllegalTransition(
            status, action, f"信息当前状态为“{Status(status).label}”，不能执行“{action.label}”"
        )
