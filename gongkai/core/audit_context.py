"""Who is acting, and from where, for the audit log. Set by middleware for web and API requests,
left at the default for management commands, so services never need a request object."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    channel: str  # web, api, cli, system
    client_address: str | None = None


_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "gongkai_audit_context",
    default=AuditContext(channel="cli"),  # noqa: B039  (a frozen dataclass cannot be mutated)
)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def using(context: AuditContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)
