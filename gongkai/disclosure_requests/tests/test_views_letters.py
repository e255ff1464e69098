"""Letters from the request page: draft, edit, issue, then download as DOCX and PDF with the Chinese
file name; an issued letter can no longer be edited; other agencies' staff get 404."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.messages import get_messages
from docx import Document

from gongkai.core.identifiers import resident_id_check_char
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import Letter

ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)
TODAY = date(2026, 3, 16)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def replied(world):
    request = services.request_submit(
        actor=world.clerk_a,
        agency=world.agency_a,
        applicant=services.Applicant(
            type="natural_person",
            name="张三",
            id_type="resident_id",
            id_number=RESIDENT_ID,
            phone="13800000000",
        ),
        info=services.InfoRequested(title="2025年义务教育招生计划"),
        channel="in_person",
        received_on=date(2026, 3, 10),
    ).request
    return services.request_reply(
        actor=world.clerk_a, request=request, outcome="r2_partial", replied_on=TODAY
    )


def test_the_page_offers_the_letters_the_record_supports(client, world, replied):
    client.force_login(world.clerk_a)
    assert [k.value for k in client.get(f"/staff/requests/{replied.number}/").context["letter_kinds"]] == [
        "reply"
    ]


def test_draft_edit_issue_and_download(client, world, replied):
    base = f"/staff/requests/{replied.number}/letters/"
    client.force_login(world.clerk_a)
    drafted = client.post(base + "new/", {"kind": "reply"})
    letter = Letter.objects.get()
    assert drafted.status_code == 302
    assert drafted["Location"] == f"{base}{letter.pk}/"
    assert client.get(drafted["Location"]).context["form"]["legal_basis"].value() == (
        "《中华人民共和国政府信息公开条例》第三十七条"
    )

    edited = client.post(
        f"{base}{letter.pk}/",
        {
            "title": "政府信息公开申请答复书",
            "document_number": "明教公开〔2026〕12号",
            "body": "经审查，现向您提供可以公开的部分。\n不予公开部分涉及个人隐私。",
            "legal_basis": letter.legal_basis,
            "remedies": letter.remedies,
        },
    )
    assert edited.status_code == 302
    letter.refresh_from_db()
    assert letter.document_number == "明教公开〔2026〕12号"

    issued = client.post(f"{base}{letter.pk}/issue/", {"issued_on": "2026-03-16"})
    assert issued.status_code == 302
    letter.refresh_from_db()
    assert (letter.issued_on, letter.issued_by) == (TODAY, world.clerk_a)

    docx = client.get(f"{base}{letter.pk}.docx")
    assert docx.status_code == 200
    assert docx["Content-Type"] == DOCX
    expected_name = quote(f"政府信息公开申请答复书-{replied.number}.docx")
    assert docx["Content-Disposition"] == (
        f"attachment; filename=\"letter-{replied.number}-{letter.pk}.docx\"; filename*=UTF-8''{expected_name}"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "依据：《中华人民共和国政府信息公开条例》第三十七条" in text
    assert "不予公开部分涉及个人隐私。" in text
    assert "明教公开〔2026〕12号" in text
    assert "2026年3月16日" in text

    pdf = client.get(f"{base}{letter.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].endswith(quote(f"政府信息公开申请答复书-{replied.number}.pdf"))


def test_an_issued_letter_cannot_be_edited(client, world, replied):
    client.force_login(world.clerk_a)
    base = f"/staff/requests/{replied.number}/letters/"
    client.post(base + "new/", {"kind": "reply"})
    letter = Letter.objects.get()
    client.post(f"{base}{letter.pk}/issue/", {"issued_on": "2026-03-16"})
    page = client.get(f"{base}{letter.pk}/")
    assert "form" in page.context
    assert 'name="body"' not in page.content.decode()  # shown, not editable
    refused = client.post(
        f"{base}{letter.pk}/",
        {
            "title": "改过的标题",
            "body": "改过的正文",
            "document_number": "",
            "legal_basis": "",
            "remedies": "",
        },
    )
    assert refused.status_code == 409
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [
        "该文书已于2026-03-16印发，不能再修改或重复印发"
    ]
    letter.refresh_from_db()
    assert letter.title == "政府信息公开申请答复书"
    again = client.post(f"{base}{letter.pk}/issue/", {"issued_on": "2026-03-16"})
    assert [str(m) for m in get_messages(again.wsgi_request)][
        -1
    ] == "该文书已于2026-03-16印发，不能再修改或重复印发"


def test_a_draft_the_record_does_not_support_is_refused_with_a_message(client, world, replied):
    client.force_login(world.clerk_a)
    response = client.post(f"/staff/requests/{replied.number}/letters/new/", {"kind": "extension"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "申请当前的办理情况不需要“延期答复告知书”，不能制作"
    ]
    assert not Letter.objects.exists()


def test_another_agencys_clerk_gets_404_for_letters(client, world, replied):
    client.force_login(world.clerk_a)
    client.post(f"/staff/requests/{replied.number}/letters/new/", {"kind": "reply"})
    letter = Letter.objects.get()
    base = f"/staff/requests/{replied.number}/letters/{letter.pk}"
    client.force_login(world.clerk_b)
    assert client.get(base + ".docx").status_code == 404
    assert client.get(base + ".pdf").status_code == 404
    assert client.get(base + "/").status_code == 404
    assert client.post(base + "/issue/", {"issued_on": "2026-03-16"}).status_code == 404
    letter.refresh_from_db()
    assert letter.issued_on is None
