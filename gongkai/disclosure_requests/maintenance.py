"""Housekeeping writes run by commands, not by people: today, recomputing due dates that could not be
computed when the request was received because a holiday schedule was missing."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.core import audit
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest

_CLOCK_FIELDS = ("due_on", "paused_remaining_days", "deadline_problem", "calendar_years")


def _recompute_one(pk: int, actor: User | None) -> DisclosureRequest | None:
    with transaction.atomic():
        # Locked like any workflow step, so a clerk's action in between cannot be overwritten.
        request = DisclosureRequest.objects.select_for_update().get(pk=pk)
        if not request.deadline_problem or not request.is_open:
            return None
        before = {f: getattr(request, f) for f in _CLOCK_FIELDS}
        services.recompute_deadline(request)
        after = {f: getattr(request, f) for f in _CLOCK_FIELDS}
        if after == before:
            return None
        request.save(update_fields=list(_CLOCK_FIELDS))
        audit.record(
            actor=actor,
            action="request.deadline_recomputed",
            target=request,
            summary=f"{request.number}：重新计算答复期限"
            + (f"，至{request.due_on.isoformat()}" if request.due_on else f"（{request.deadline_problem}）"),
            changes=audit.diff(before, after),
        )
        return request


def request_recompute_deadlines(*, actor: User | None = None) -> list[DisclosureRequest]:
    """Retry every open request whose due date could not be computed; one transaction and one audit row
    per changed request, so a request that still cannot be computed does not hold back the others."""
    pks = list(DisclosureRequest.objects.open().exclude(deadline_problem="").values_list("pk", flat=True))
    changed = [_recompute_one(pk, actor) for pk in pks]
    return [r for r in changed if r is not None]
