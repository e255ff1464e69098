"""Counter intake: a clerk enters an application received at the counter, by letter, fax or email for
an agency they handle requests for, with the receipt date of 条例第三十一条, and sees the query code once."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.identifiers import resident_id_check_char
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest, RequestEvent

NEW = "/staff/requests/new/"
ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(date(2026, 3, 16), tick=False):
        yield


def form_data(world, **overrides):
    data = {
        "agency": world.agency_a.pk,
        "channel": "letter",
        "received_on": "2026-03-12",
        "applicant_type": "natural_person",
        "applicant_name": "王五",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13900001111",
        "email": "wangwu@example.cn",
        "address": "明湖市湖滨路1号",
        "postcode": "350000",
        "info_title": "2025年度全市中小学校舍安全检查报告",
        "description": "请提供全文",
        "form": "paper",
        "delivery": "post",
        "intake_note": "挂号信 XA123456789CN，收发室签收",
    }
    data.update(overrides)
    return data


def test_the_intake_form_explains_the_receipt_date_rule(client, world):
    client.force_login(world.clerk_a)
    body = client.get(NEW).content.decode()
    assert "以行政机关签收之日为收到申请之日" in body
    assert "以双方确认之日为收到申请之日" in body
    assert "以提交之日为收到申请之日" in body
    assert "条例第二十九条" in body


def test_a_clerk_registers_a_letter_for_their_agency_and_sees_the_query_code_once(client, world):
    client.force_login(world.clerk_a)
    upload = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(NEW, {**form_data(world), "attachments": [upload]})
    request = DisclosureRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/requests/{request.number}/"
    assert (request.agency, request.channel, request.received_on) == (
        world.agency_a,
        "letter",
        date(2026, 3, 12),
    )
    assert (request.entered_by, request.applicant_name, request.oral) == (world.clerk_a, "王五", False)
    assert request.intake_note == "挂号信 XA123456789CN，收发室签收"
    assert [a.original_name for a in request.attachments.all()] == ["身份证.pdf"]
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    code = message.split("查询码：")[1][: services.QUERY_CODE_LENGTH]
    assert services.check_query_code(request, code)
    assert RequestEvent.objects.get(request=request).action == "submit"
    assert code in client.get(response["Location"]).content.decode()  # the page after saving shows it
    assert code not in client.get(response["Location"]).content.decode()  # and never again


def test_an_oral_application_must_be_made_in_person(client, world):
    client.force_login(world.clerk_a)
    response = client.post(NEW, form_data(world, oral="on"))
    assert response.status_code == 200
    assert response.context["form"].errors["oral"] == ["口头申请须为当面申请"]
    assert not DisclosureRequest.objects.exists()
    ok = client.post(NEW, form_data(world, oral="on", channel="in_person"))
    assert ok.status_code == 302
    assert DisclosureRequest.objects.get().oral is True


def test_service_errors_land_on_the_flattened_applicant_fields(client, world):
    client.force_login(world.clerk_a)
    response = client.post(NEW, form_data(world, id_number="110105194912310000"))
    assert "id_number" in response.context["form"].errors
    assert not DisclosureRequest.objects.exists()


def test_a_clerk_cannot_register_for_another_agency(client, world):
    client.force_login(world.clerk_b)
    response = client.post(NEW, form_data(world))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not DisclosureRequest.objects.exists()


def test_people_who_do_not_handle_requests_get_no_intake_page(client, world):
    client.force_login(world.reviewer_a)
    assert client.get(NEW).status_code == 404
    client.force_login(world.city_supervisor)
    assert client.post(NEW, form_data(world)).status_code == 404
    assert not DisclosureRequest.objects.exists()
