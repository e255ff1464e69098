"""The one way to write the audit log. Services call `record` inside their own transaction, so the
audit row commits or rolls back together with the change it describes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, models

from gongkai.core import audit_context
from gongkai.core.models import AuditEntry

Actor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-level changes as {field: [old, new]} for the fields that differ."""
    return {
        k: [_jsonable(before.get(k)), _jsonable(after.get(k))] for k in after if before.get(k) != after.get(k)
    }


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    target_label: str | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    from_state: str = "",
    to_state: str = "",
) -> AuditEntry:
    if not connection.in_atomic_block:
        # An audit row written outside the change's transaction could survive a rolled-back change.
        raise RuntimeError("audit.record must be called inside the service's transaction")
    ctx = audit_context.current()
    user = actor if isinstance(actor, User) else None
    actor_name = user.get_username() if user is not None else ("system" if ctx.channel != "cli" else "cli")
    entry = AuditEntry(
        actor=user,
        actor_name=actor_name,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(
            target_label if target_label is not None else str(target) if target is not None else ""
        )[:255],
        summary=summary,
        changes=_jsonable(changes or {}),
        from_state=from_state,
        to_state=to_state,
        channel=ctx.channel,
        client_address=ctx.client_address,
    )
    entry.save()
    return entry
