"""Factories for the request service tests: valid applicants of every column of table 三, a frozen
"today", and requests entered at the counter on a given day (services refuse future dates)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gongkai.agencies.codes import fictional_uscc
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Channel,
    DisclosureRequest,
    IdType,
    RequestEvent,
)
from gongkai.disclosure_requests.services import Applicant, InfoRequested

SHANGHAI = ZoneInfo("Asia/Shanghai")


def d(text: str) -> date:
    return date.fromisoformat(text)


def resident_id(serial: int = 1) -> str:
    """A well-formed 18-digit number (Beijing 东城区, born 1990-03-07) distinct per serial."""
    first17 = f"11010119900307{serial % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def person(serial: int = 1, **overrides: Any) -> Applicant:
    fields: dict[str, Any] = {
        "type": ApplicantType.NATURAL_PERSON,
        "name": f"张{serial}",
        "id_type": IdType.RESIDENT_ID,
        "id_number": resident_id(serial),
        "phone": "13800000000",
        "email": "zhang@example.cn",
    }
    fields.update(overrides)
    return Applicant(**fields)


def organisation(applicant_type: str, serial: int = 1, **overrides: Any) -> Applicant:
    fields: dict[str, Any] = {
        "type": applicant_type,
        "name": f"明湖{serial}号单位",
        "id_type": IdType.USCC,
        "id_number": fictional_uscc(90_000 + serial),
        "phone": "0591-87654321",
        "contact_person": "李四",
    }
    fields.update(overrides)
    return Applicant(**fields)


def applicant_of(applicant_type: str, serial: int = 1) -> Applicant:
    if applicant_type == ApplicantType.NATURAL_PERSON:
        return person(serial)
    return organisation(applicant_type, serial)


INFO = InfoRequested(title="2025年明湖市义务教育学校招生计划", description="各区学位数")


@contextmanager
def on(day: str | date) -> Iterator[None]:
    """Freeze today (Asia/Shanghai) at 10:00 of `day`."""
    value = d(day) if isinstance(day, str) else day
    with time_machine.travel(datetime(value.year, value.month, value.day, 10, tzinfo=SHANGHAI), tick=False):
        yield


def counter(
    world: Any,
    received: str,
    *,
    applicant: Applicant | None = None,
    agency: Any = None,
    channel: str = Channel.IN_PERSON,
    actor: Any = None,
) -> DisclosureRequest:
    """A request entered at the counter on the day it was received (by clerk_a at agency A, by the
    platform administrator elsewhere)."""
    agency = agency or world.agency_a
    clerk = actor or (world.clerk_a if agency == world.agency_a else world.admin)
    with on(received):
        return services.request_submit(
            actor=clerk,
            agency=agency,
            applicant=applicant or person(),
            info=INFO,
            channel=channel,
            received_on=d(received),
        ).request


def accepted(world: Any, received: str, **kwargs: Any) -> DisclosureRequest:
    request = counter(world, received, **kwargs)
    with on(received):
        return services.request_accept(actor=world.clerk_a, request=request, on=d(received))


def fresh(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.get(pk=request.pk)


def trail() -> tuple[int, int]:
    """(history events, audit entries): every step adds exactly one of each."""
    return RequestEvent.objects.count(), AuditEntry.objects.count()


def nothing_written(before: tuple[int, int], requests: int) -> bool:
    return trail() == before and DisclosureRequest.objects.count() == requests
