"""Factories for the appeals tests: cases and complaints registered through the services on the day
they happened (services refuse future dates), and the counts that show whether anything was written."""

from __future__ import annotations

from typing import Any

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, Complaint
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import d, on


def appeal(
    agency: Any,
    kind: str,
    filed: str,
    *,
    decided: str | None = None,
    result: str | None = None,
    request: Any = None,
    case_number: str = "",
) -> Appeal:
    with on(filed):
        case = services.appeal_register(
            actor=None, agency=agency, kind=kind, filed_on=d(filed), request=request, case_number=case_number
        )
    if decided is not None:
        assert result is not None
        with on(decided):
            case = services.appeal_decide(actor=None, appeal=case, result=result, decided_on=d(decided))
    return case


def complaint(agency: Any, received: str, summary: str = "答复超期未收到") -> Complaint:
    with on(received):
        return services.complaint_register(
            actor=None, agency=agency, received_on=d(received), summary=summary
        )


def written() -> tuple[int, int, int]:
    """(appeals, complaints, audit entries)."""
    return Appeal.objects.count(), Complaint.objects.count(), AuditEntry.objects.count()
