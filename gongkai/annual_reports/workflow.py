"""States of an annual report and the one table of which action may happen in which state
(第四十九条: a department submits its report to the same-level 政府信息公开工作主管部门 and publishes it).

A published report is frozen. A correction is a new revision that goes through the same steps; when
it is published the earlier revision becomes 已更正 and stays readable next to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import Perm
from gongkai.core.errors import IllegalTransition


class Status(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("已报送待审核")
    RETURNED = "returned", _("已退回修改")
    ACCEPTED = "accepted", _("审核通过待发布")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被更正")


class Action(models.TextChoices):
    CREATE = "create", _("新建")
    EDIT = "edit", _("编辑")
    REFRESH = "refresh", _("更新数据")
    SUBMIT = "submit", _("报送审核")
    RETURN = "return", _("退回修改")
    ACCEPT = "accept", _("审核通过")
    PUBLISH = "publish", _("发布")
    CORRECT = "correct", _("发起更正")
    SUPERSEDE = "supersede", _("被更正版本取代")


EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
PUBLIC = frozenset({Status.PUBLISHED, Status.SUPERSEDED})


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status | None
    perms: frozenset[Perm]  # any one of them suffices, on the report's agency


_AUTHOR = frozenset({Perm.HANDLE_REQUESTS, Perm.MANAGE_AGENCY})
_OVERSIGHT = frozenset({Perm.REVIEW_REPORTS})

TRANSITIONS: dict[Action, Rule] = {
    Action.EDIT: Rule(EDITABLE, None, _AUTHOR),
    Action.REFRESH: Rule(EDITABLE, None, _AUTHOR),
    Action.SUBMIT: Rule(EDITABLE, Status.SUBMITTED, _AUTHOR),
    Action.RETURN: Rule(frozenset({Status.SUBMITTED, Status.ACCEPTED}), Status.RETURNED, _OVERSIGHT),
    Action.ACCEPT: Rule(frozenset({Status.SUBMITTED}), Status.ACCEPTED, _OVERSIGHT),
    # The agency publishes its own report once accepted; the overseeing office may publish it for them.
    Action.PUBLISH: Rule(
        frozenset({Status.ACCEPTED}), Status.PUBLISHED, frozenset({Perm.MANAGE_AGENCY}) | _OVERSIGHT
    ),
    Action.CORRECT: Rule(frozenset({Status.PUBLISHED}), None, _AUTHOR),
}


def allowed_in(status: str, action: Action) -> bool:
    return Status(status) in TRANSITIONS[action].sources


def require_allowed(status: str, action: Action) -> None:
    if not allowed_in(status, action):
        raise IllegalTransition(
            status, action, f"年度报告当前状态为“{Status(status).label}”，不能执行“{action.label}”"
        )
