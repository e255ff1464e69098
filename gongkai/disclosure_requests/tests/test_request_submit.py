"""request_submit: online applications (received the day they are submitted), counter intake by a
clerk of the agency, validation of identity numbers and attachments, and double submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Attachment,
    Channel,
    DisclosureRequest,
    IdType,
    RequestEvent,
)
from gongkai.disclosure_requests.services import check_query_code
from gongkai.disclosure_requests.tests.request_factories import (
    INFO,
    d,
    nothing_written,
    on,
    organisation,
    person,
    resident_id,
    trail,
)
from gongkai.disclosure_requests.workflow import Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def online(world: Any, **kwargs: Any) -> services.Submitted:
    kwargs.setdefault("applicant", person())
    kwargs.setdefault("info", INFO)
    return services.request_submit(actor=None, agency=world.agency_a, **kwargs)


# --- online ---------------------------------------------------------------------------------------


def test_an_online_application_is_received_today(world):
    with on("2026-03-20"):
        submitted = online(world)
    request = submitted.request
    assert submitted.created is True
    assert request.received_on == d("2026-03-20")
    assert request.channel == Channel.ONLINE
    assert request.status == Status.RECEIVED
    assert request.entered_by is None
    assert request.due_on == d("2026-04-20")  # 清明 04-04..06
    assert request.number == "2026000001"
    assert submitted.query_code is not None
    assert check_query_code(request, submitted.query_code.lower())
    assert not check_query_code(request, "WRONGCODE")


def test_an_online_application_ignores_a_claimed_receipt_date_and_channel(world):
    with on("2026-03-20"):
        request = online(world, received_on=d("2026-01-05"), channel=Channel.LETTER, oral=True).request
    assert (request.received_on, request.channel, request.oral) == (d("2026-03-20"), Channel.ONLINE, False)


def test_submission_writes_one_event_and_one_audit_entry(world):
    before = trail()
    with on("2026-03-20"):
        request = online(world).request
    assert trail() == (before[0] + 1, before[1] + 1)
    event = RequestEvent.objects.get(request=request)
    assert (event.action, event.actor, event.actor_name, event.to_status) == (
        "submit",
        None,
        "申请人",
        "received",
    )
    audit = AuditEntry.objects.latest("id")
    assert audit.action == "request.submitted"
    assert audit.actor is None


def test_a_double_submission_with_the_same_key_makes_one_request(world):
    with on("2026-03-20"):
        first = online(world, submission_key="form-7f3a")
        before = trail()
        second = online(world, submission_key="form-7f3a")
    assert second.created is False
    assert second.query_code is None
    assert second.request.pk == first.request.pk
    assert DisclosureRequest.objects.count() == 1
    assert trail() == before


def test_different_submission_keys_make_different_requests(world):
    with on("2026-03-20"):
        online(world, submission_key="a")
        online(world, submission_key="b")
    assert list(DisclosureRequest.objects.order_by("number").values_list("number", flat=True)) == [
        "2026000001",
        "2026000002",
    ]


# --- identity -------------------------------------------------------------------------------------


def test_an_identity_number_with_a_wrong_check_digit_is_refused_and_nothing_written(world):
    good = resident_id(1)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    before = trail()
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, applicant=person(id_number=bad))
    assert (
        caught.value.fields["applicant.id_number"] == f"身份证号码校验码错误：应为{good[17]}，实为{bad[17]}"
    )
    assert nothing_written(before, 0)


def test_an_invalid_credit_code_is_refused(world):
    good = organisation(ApplicantType.COMMERCIAL).id_number
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, applicant=organisation(ApplicantType.COMMERCIAL, id_number=bad))
    assert caught.value.fields["applicant.id_number"].startswith("统一社会信用代码校验位错误")
    assert DisclosureRequest.objects.count() == 0


def test_a_natural_person_cannot_identify_with_a_credit_code(world):
    applicant = person(id_type=IdType.USCC, id_number=organisation(ApplicantType.COMMERCIAL).id_number)
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, applicant=applicant)
    assert caught.value.fields["applicant.id_type"] == "自然人请提供居民身份证等个人身份证件"
    assert DisclosureRequest.objects.count() == 0


def test_an_organisation_must_give_its_credit_code(world):
    applicant = organisation(ApplicantType.RESEARCH, id_type=IdType.RESIDENT_ID, id_number=resident_id(3))
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, applicant=applicant)
    assert caught.value.fields["applicant.id_type"] == "法人或其他组织请提供统一社会信用代码"


def test_an_identity_number_is_stored_normalised(world):
    number = resident_id(4)
    with on("2026-03-20"):
        request = online(world, applicant=person(id_number=f" {number.lower()} ")).request
    assert request.id_number == number


def test_a_request_without_a_description_of_the_information_is_refused(world):
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, info=services.InfoRequested(title="  "))
    assert "条例第二十九条" in caught.value.fields["description"]


# --- attachments ------------------------------------------------------------------------------------


def test_a_pdf_and_a_png_are_accepted_and_stored_under_random_names(world):
    uploads = [
        SimpleUploadedFile("身份证.png", PNG, content_type="image/png"),
        SimpleUploadedFile("申请书.pdf", PDF, content_type="application/pdf"),
    ]
    with on("2026-03-20"):
        request = online(world, uploads=uploads).request
    stored = list(Attachment.objects.filter(request=request).order_by("id"))
    assert [(a.original_name, a.content_type, a.kind, a.size) for a in stored] == [
        ("身份证.png", "image/png", Attachment.Kind.IDENTITY, len(PNG)),
        ("申请书.pdf", "application/pdf", Attachment.Kind.APPLICATION, len(PDF)),
    ]
    for attachment in stored:
        assert "身份证" not in attachment.file.name
        assert "申请书" not in attachment.file.name
    assert stored[1].file.read() == PDF


def test_an_executable_is_refused(world):
    upload = SimpleUploadedFile(
        "材料.exe", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/octet-stream"
    )
    before = trail()
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        online(world, uploads=[upload])
    assert caught.value.message == "附件“材料.exe”不是有效的PDF、JPEG、PNG或OFD文件"
    assert nothing_written(before, 0)
    assert Attachment.objects.count() == 0


def test_a_text_file_named_pdf_is_refused(world):
    upload = SimpleUploadedFile("申请书.pdf", b"this is not a pdf", content_type="application/pdf")
    with on("2026-03-20"), pytest.raises(InvalidInput, match="不是有效的PDF"):
        online(world, uploads=[upload])
    assert DisclosureRequest.objects.count() == 0


def test_a_good_file_does_not_let_a_bad_one_through(world):
    uploads = [
        SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("b.png", PDF, content_type="image/png"),
    ]
    with on("2026-03-20"), pytest.raises(InvalidInput, match=r"b\.png"):
        online(world, uploads=uploads)
    assert DisclosureRequest.objects.count() == 0


# --- counter intake ---------------------------------------------------------------------------------


def test_a_clerk_enters_a_letter_with_its_receipt_date(world):
    with on("2026-03-20"):
        submitted = services.request_submit(
            actor=world.clerk_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.LETTER,
            received_on=d("2026-03-16"),
            intake_note="挂号信，签收日期3月16日",
        )
    request = submitted.request
    assert request.received_on == d("2026-03-16")
    assert request.entered_by == world.clerk_a
    assert request.due_on == d("2026-04-14")
    event = RequestEvent.objects.get(request=request)
    assert (event.actor, event.on, event.note) == (world.clerk_a, d("2026-03-16"), "信函申请")


def test_a_clerk_of_another_agency_may_not_enter_a_request(world):
    before = trail()
    with on("2026-03-20"), pytest.raises(NotAllowed):
        services.request_submit(
            actor=world.clerk_b,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.IN_PERSON,
            received_on=d("2026-03-20"),
        )
    assert nothing_written(before, 0)


def test_a_reviewer_may_not_enter_a_request(world):
    with on("2026-03-20"), pytest.raises(NotAllowed):
        services.request_submit(
            actor=world.reviewer_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.IN_PERSON,
            received_on=d("2026-03-20"),
        )


def test_an_oral_application_is_taken_in_person(world):
    with on("2026-03-20"):
        request = services.request_submit(
            actor=world.clerk_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.IN_PERSON,
            received_on=d("2026-03-20"),
            oral=True,
        ).request
    assert request.oral is True
    assert RequestEvent.objects.get(request=request).note == "当面申请（口头申请，工作人员代填）"


@pytest.mark.parametrize("channel", [Channel.LETTER, Channel.FAX, Channel.EMAIL, Channel.OTHER])
def test_an_oral_application_cannot_arrive_by_other_channels(world, channel):
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        services.request_submit(
            actor=world.clerk_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=channel,
            received_on=d("2026-03-20"),
            oral=True,
        )
    assert caught.value.message == "口头申请只能当面提出（条例第二十九条）"
    assert DisclosureRequest.objects.count() == 0


def test_a_receipt_date_in_the_future_is_refused(world):
    with on("2026-03-20"), pytest.raises(InvalidInput) as caught:
        services.request_submit(
            actor=world.clerk_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.LETTER,
            received_on=d("2026-03-21"),
        )
    assert caught.value.fields == {"received_on": "日期不能晚于今天"}
    assert DisclosureRequest.objects.count() == 0


def test_a_counter_request_needs_a_receipt_date(world):
    with on("2026-03-20"), pytest.raises(InvalidInput, match="第三十一条"):
        services.request_submit(
            actor=world.clerk_a, agency=world.agency_a, applicant=person(), info=INFO, channel=Channel.LETTER
        )


def test_request_numbers_follow_the_receipt_year(world):
    with on("2026-01-05"):
        request = services.request_submit(
            actor=world.clerk_a,
            agency=world.agency_a,
            applicant=person(),
            info=INFO,
            channel=Channel.LETTER,
            received_on=d("2025-12-30"),
        ).request
    assert request.number == "2025000001"
    assert request.due_on == d("2026-01-28")
