"""Records for the assessment tests, built through the request services on the shared personas, with
today frozen at 10 February 2026 and the 2025 assessment of the city's direct subordinates:

- 市教育局: two replies in 2025, one late (按时答复率 50%), one request open since January (overdue now);
- 市公安局: one reply in 2025, on time (100%), nothing overdue;
- 东湖区人民政府: no requests (按时答复率 without data);
- 东湖区教育局 (below the district, outside a direct-only city scheme): one overdue request."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.assessments import services
from gongkai.assessments.models import Indicator, Scheme
from gongkai.assessments.scoring import Kind
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import applicant_of, counter, on

TODAY = date(2026, 2, 10)
YEAR = 2025


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def replied(
    world: Any, agency: Any, received: str, replied_on: str, serial: int, outcome: str = "r1_open"
) -> DisclosureRequest:
    """A request received, accepted the same day and replied on `replied_on`."""
    actor = world.clerk_a if agency == world.agency_a else world.admin
    request = counter(world, received, agency=agency, applicant=applicant_of("natural_person", serial))
    with on(received):
        request = request_services.request_accept(
            actor=actor, request=request, on=date.fromisoformat(received)
        )
    with on(replied_on):
        return request_services.request_reply(
            actor=actor, request=request, outcome=outcome, replied_on=date.fromisoformat(replied_on)
        )


def overdue_request(world: Any, agency: Any, serial: int, received: str = "2026-01-05") -> DisclosureRequest:
    """Received in early January and never answered: past its 20 working days by 10 February."""
    return counter(world, received, agency=agency, applicant=applicant_of("natural_person", serial))


@pytest.fixture
def records(world: Any) -> None:
    replied(world, world.agency_a, "2025-03-03", "2025-03-10", 1)
    replied(world, world.agency_a, "2025-05-06", "2025-07-01", 2, outcome="r4_1")  # late
    overdue_request(world, world.agency_a, 3)
    replied(world, world.agency_b, "2025-04-01", "2025-04-08", 4)
    overdue_request(world, world.district_dept, 5)


def make_scheme(world: Any, *, actor: Any = None, direct_only: bool = True) -> Scheme:
    """The three weighted indicators of the acceptance test:
    按时答复率 (50 points, full at 100 %, none at 0 %, full without replies), 超期未答复申请 (30 points,
    10 off per request), 现场检查 (20 points, entered by the office, no default)."""
    scheme = services.scheme_create(actor=actor, root=world.city, year=YEAR, copy_previous=False)
    for indicator in list(scheme.indicators.all()):
        services.indicator_remove(actor=actor, indicator=indicator)
    services.indicator_add(
        actor=actor,
        scheme=scheme,
        name="按时答复率",
        kind=Kind.LINEAR,
        weight=Decimal(50),
        params={"figure": "on_time_rate", "full_at": 100, "zero_at": 0},
    )
    services.indicator_add(
        actor=actor,
        scheme=scheme,
        name="超期未答复申请",
        kind=Kind.DEDUCT,
        weight=Decimal(30),
        params={"figure": "overdue", "per": 10},
    )
    services.indicator_add(
        actor=actor, scheme=scheme, name="现场检查", kind=Kind.MANUAL, weight=Decimal(20), params={}
    )
    if not direct_only:
        services.scheme_update(
            actor=actor,
            scheme=scheme,
            title="",
            direct_only=False,
            threshold=scheme.threshold,
            issuer=scheme.issuer,
            notice_text="",
        )
    scheme.refresh_from_db()
    return scheme


def inspection(scheme: Scheme) -> Indicator:
    return scheme.indicators.get(name="现场检查")


def enter_inspection(world: Any, scheme: Scheme, scores: dict[Any, str], actor: Any = None) -> None:
    services.manual_scores_save(
        actor=actor,
        indicator=inspection(scheme),
        entries=[
            services.ManualEntry(agency_id=agency.pk, score=Decimal(value), note="")
            for agency, value in scores.items()
        ],
    )


@pytest.fixture
def scheme(world: Any, records: None) -> Scheme:
    made = make_scheme(world)
    enter_inspection(world, made, {world.agency_a: "15", world.agency_b: "20", world.district: "20"})
    return made
