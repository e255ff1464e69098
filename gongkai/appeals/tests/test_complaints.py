"""complaint_register and complaint_close: 举报投诉 about an agency's disclosure work."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency
from gongkai.appeals import selectors, services
from gongkai.appeals.models import Complaint
from gongkai.appeals.tests.factories import complaint, written
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import counter, d, on


def test_a_clerk_registers_a_complaint_with_one_audit_row(world):
    request = counter(world, "2025-03-03")
    before = written()
    with on("2025-04-10"):
        registered = services.complaint_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            received_on=d("2025-04-09"),
            summary="  逾期未答复  ",
            complainant="张1",
            request=request,
        )
    assert written() == (before[0], before[1] + 1, before[2] + 1)
    stored = Complaint.objects.get(pk=registered.pk)
    assert (stored.agency, stored.request, stored.received_on, stored.summary, stored.complainant) == (
        world.agency_a,
        request,
        d("2025-04-09"),
        "逾期未答复",
        "张1",
    )
    assert (stored.handled_on, stored.created_by) == (None, world.clerk_a)
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.actor, entry.target_id) == (
        "complaint.registered",
        world.clerk_a,
        str(stored.pk),
    )


def test_a_complaint_needs_its_content(world):
    before = written()
    with on("2025-04-10"), pytest.raises(InvalidInput) as caught:
        services.complaint_register(
            actor=world.clerk_a, agency=world.agency_a, received_on=d("2025-04-09"), summary=" "
        )
    assert caught.value.message == "请填写投诉内容"
    assert written() == before


def test_a_complaint_received_before_its_request_is_refused(world):
    request = counter(world, "2025-03-03")
    before = written()
    with on("2025-04-10"), pytest.raises(InvalidInput) as caught:
        services.complaint_register(
            actor=world.clerk_a,
            agency=world.agency_a,
            received_on=d("2025-03-01"),
            summary="投诉",
            request=request,
        )
    assert caught.value.message == "收到日期不能早于相关申请的收到日期（2025-03-03）"
    assert written() == before


def test_a_clerk_of_another_agency_may_not_register(world):
    before = written()
    with on("2025-04-10"), pytest.raises(NotAllowed):
        services.complaint_register(
            actor=world.clerk_b, agency=world.agency_a, received_on=d("2025-04-09"), summary="投诉"
        )
    assert written() == before


def test_closing_records_the_handling_once(world):
    case = complaint(world.agency_a, "2025-04-09")
    before = written()
    with on("2025-04-20"):
        closed = services.complaint_close(
            actor=world.clerk_a, complaint=case, handled_on=d("2025-04-18"), note="已督促答复"
        )
    assert written() == (before[0], before[1], before[2] + 1)
    stored = Complaint.objects.get(pk=case.pk)
    assert (stored.handled_on, stored.handling_note) == (d("2025-04-18"), "已督促答复")
    assert (closed.handled_on, AuditEntry.objects.latest("pk").action) == (
        d("2025-04-18"),
        "complaint.closed",
    )

    with on("2025-04-21"), pytest.raises(IllegalTransition) as caught:
        services.complaint_close(
            actor=world.clerk_a, complaint=case, handled_on=d("2025-04-21"), note="再次办结"
        )
    assert caught.value.message == "该投诉已于2025-04-18办结，不能再次办结"
    assert written() == (before[0], before[1], before[2] + 1)


def test_closing_needs_a_note_and_a_date_after_receipt(world):
    case = complaint(world.agency_a, "2025-04-09")
    before = written()
    with on("2025-04-20"):
        with pytest.raises(InvalidInput) as no_note:
            services.complaint_close(actor=world.clerk_a, complaint=case, handled_on=d("2025-04-18"), note="")
        with pytest.raises(InvalidInput) as too_early:
            services.complaint_close(
                actor=world.clerk_a, complaint=case, handled_on=d("2025-04-08"), note="办结"
            )
    assert no_note.value.fields == {"note": "必填"}
    assert too_early.value.message == "办结日期不能早于收到日期（2025-04-09）"
    assert written() == before


def test_complaints_are_counted_by_the_year_they_were_received(world):
    complaint(world.agency_a, "2024-12-31")
    complaint(world.agency_a, "2025-01-01")
    complaint(world.agency_a, "2025-12-31")
    complaint(world.agency_b, "2025-06-01")
    complaint(world.district_dept, "2025-06-01")
    own = Agency.objects.filter(pk=world.agency_a.pk)
    assert selectors.complaints_count(agencies=own, year=2025) == 2
    assert selectors.complaints_count(agencies=own, year=2024) == 1
    assert selectors.complaints_count(agencies=Agency.objects.subtree_of(world.city), year=2025) == 4
    assert selectors.complaints_count(agencies=Agency.objects.subtree_of(world.district), year=2025) == 1
