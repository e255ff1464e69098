"""A request's page: visible only to people who may view its agency (404 for everyone else, for the
page, every action and every download), offering exactly the actions the transition table allows this
person in this state, each a POST that calls the service and changes nothing when the service refuses."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest, RequestEvent
from gongkai.disclosure_requests.workflow import Action

ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)
TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def req(world):
    scan = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 scan of an id card", content_type="application/pdf")
    return services.request_submit(
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
        uploads=[scan],
    ).request


def url(req, tail=""):
    return f"/staff/requests/{req.number}/{tail}"


def offered(response):
    return [f.action for f in response.context["action_forms"]]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_shows_applicant_identity_deadline_and_timeline(client, world, req):
    client.force_login(world.clerk_a)
    response = client.get(url(req))
    body = response.content.decode()
    assert response.status_code == 200
    assert RESIDENT_ID in body
    assert "2026-04-08" in body  # 20 working days from 2026-03-10
    assert response.context["explanation"] == services.explain_deadline(req)
    assert len(response.context["explanation"]) >= 1
    [row] = response.context["record"].events
    assert (row.on, row.action, row.from_status, row.to_status, row.actor) == (
        date(2026, 3, 10),
        "收到申请",
        "",
        "已收到",
        "clerk_a",
    )


def test_a_clerk_of_another_agency_gets_404_everywhere(client, world, req):
    client.force_login(world.clerk_b)
    attachment = req.attachments.get()
    assert client.get(url(req)).status_code == 404
    assert client.post(url(req, "accept/"), {"on": "2026-03-16"}).status_code == 404
    assert client.get(url(req, f"attachments/{attachment.pk}/")).status_code == 404
    assert client.post(url(req, "letters/new/"), {"kind": "reply"}).status_code == 404
    req.refresh_from_db()
    assert req.status == "received"
    assert not req.letters.exists()


def test_a_received_request_offers_the_clerk_accept_correction_reply_withdraw(client, world, req):
    client.force_login(world.clerk_a)
    assert offered(client.get(url(req))) == [
        Action.ACCEPT,
        Action.REQUEST_CORRECTION,
        Action.REPLY,
        Action.WITHDRAW,
    ]


def test_the_office_head_sees_extend_and_delay_on_an_accepted_request(client, world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    client.force_login(world.clerk_a)
    clerk = offered(client.get(url(req)))
    assert Action.EXTEND not in clerk
    assert clerk == [
        Action.REQUEST_CORRECTION,
        Action.START_CONSULTATION,
        Action.QUOTE_FEE,
        Action.REPLY,
        Action.WITHDRAW,
    ]
    client.force_login(world.head_a)
    assert offered(client.get(url(req))) == [
        Action.REQUEST_CORRECTION,
        Action.START_CONSULTATION,
        Action.EXTEND,
        Action.DELAY,
        Action.QUOTE_FEE,
        Action.REPLY,
        Action.WITHDRAW,
    ]


def test_people_who_only_view_are_offered_nothing(client, world, req):
    client.force_login(world.city_supervisor)
    response = client.get(url(req))
    assert response.status_code == 200
    assert offered(response) == []
    assert response.context["letter_kinds"] == []


def test_accepting_through_the_page(client, world, req):
    client.force_login(world.clerk_a)
    response = client.post(url(req, "accept/"), {"on": "2026-03-16"})
    assert response.status_code == 302
    assert response["Location"] == url(req)
    assert messages_of(response) == ["已完成：登记受理。"]
    req.refresh_from_db()
    assert req.status == "accepted"
    assert list(RequestEvent.objects.filter(request=req).values_list("action", flat=True)) == [
        "submit",
        "accept",
    ]


def test_an_action_not_allowed_in_this_state_changes_nothing(client, world, req):
    client.force_login(world.clerk_a)
    audit_before = AuditEntry.objects.count()
    response = client.post(url(req, "record_payment/"), {"paid_on": "2026-03-16"})
    assert response.status_code == 409
    assert messages_of(response) == ["申请当前状态为“已收到”，不能执行“登记缴费”"]
    req.refresh_from_db()
    assert req.status == "received"
    assert AuditEntry.objects.count() == audit_before
    assert RequestEvent.objects.filter(request=req).count() == 1


def test_a_clerk_cannot_extend_even_by_posting(client, world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    client.force_login(world.clerk_a)
    response = client.post(url(req, "extend/"), {"reason": "需要调取档案", "on": "2026-03-16", "days": 20})
    assert response.status_code == 403
    assert messages_of(response) == ["只有政府信息公开工作机构负责人可以批准延期答复"]
    req.refresh_from_db()
    assert (req.extension_days, req.extended_on) == (0, None)


def test_the_office_head_extends(client, world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    client.force_login(world.head_a)
    response = client.post(url(req, "extend/"), {"reason": "需要调取档案", "on": "2026-03-16", "days": 20})
    assert response.status_code == 302
    req.refresh_from_db()
    assert (req.extension_days, req.extended_on, req.due_on) == (
        20,
        TODAY,
        date(2026, 5, 9),
    )  # a 调休 Saturday


def test_an_invalid_form_shows_the_page_again_with_the_errors(client, world, req):
    client.force_login(world.clerk_a)
    response = client.post(
        url(req, "request_correction/"), {"items": "", "sent_on": "2026-03-16", "period_days": 15}
    )
    assert response.status_code == 400
    [bound] = [f for f in response.context["action_forms"] if f.action == Action.REQUEST_CORRECTION]
    assert bound.errors["items"] == ["这个字段是必填项。"]
    req.refresh_from_db()
    assert req.status == "received"


def test_a_service_refusal_keeps_the_clerks_input(client, world, req):
    client.force_login(world.clerk_a)
    response = client.post(url(req, "withdraw/"), {"on": "2026-03-20", "reason": "申请人来电撤回"})
    assert response.status_code == 400
    assert messages_of(response) == ["撤回日期不能晚于今天（2026-03-16）"]
    [bound] = [f for f in response.context["action_forms"] if f.action == Action.WITHDRAW]
    assert bound["reason"].value() == "申请人来电撤回"
    req.refresh_from_db()
    assert req.status == "received"


def test_an_unknown_action_is_404(client, world, req):
    client.force_login(world.clerk_a)
    assert client.post(url(req, "approve_everything/"), {}).status_code == 404


def test_reply_offers_outcomes_grouped_with_their_basis_and_prefills_the_hint(client, world, req):
    client.force_login(world.clerk_a)
    response = client.get(url(req), {"outcome": "r3_1"})
    [reply] = [f for f in response.context["action_forms"] if f.action == Action.REPLY]
    groups = dict(reply.fields["outcome"].choices)
    assert list(groups) == [
        "（一）予以公开",
        "（二）部分公开",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert groups["（三）不予公开"][0] == ("r3_1", "1.属于国家秘密（条例第十四条）")
    assert groups["（六）其他处理"] == [("r6_3", "3.其他（条例）")]
    assert reply["text"].value() == "您申请获取的政府信息属于国家秘密，依法不予公开。"
    posted = client.post(
        url(req, "reply/"), {"outcome": "r4_1", "replied_on": "2026-03-16", "text": "经检索，未找到。"}
    )
    assert posted.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.outcome, req.reply_text) == ("replied", "r4_1", "经检索，未找到。")


def test_the_fee_form_shows_the_quote_preview(client, world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    client.force_login(world.clerk_a)
    response = client.get(url(req), {"mode": "per_page", "pages": "120"})
    previews = response.context["fee_previews"]
    assert [q.amount for q in previews] == [0, 1100]  # 1st this month: free; 70×10 + 20×20
    assert "按量计收：共120页" in response.content.decode()


def test_the_attachment_downloads_with_its_chinese_name_for_staff_who_may_view(client, world, req):
    attachment = req.attachments.get()
    client.force_login(world.city_supervisor)
    response = client.get(url(req, f"attachments/{attachment.pk}/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{req.number}-{attachment.pk}.pdf"; '
        "filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf"
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan of an id card"


def test_archive_needs_no_fields(client, world, req):
    services.request_withdraw(actor=world.clerk_a, request=req, on=TODAY)
    client.force_login(world.clerk_a)
    assert offered(client.get(url(req))) == [Action.ARCHIVE]
    assert client.post(url(req, "archive/")).status_code == 302
    assert DisclosureRequest.objects.get(pk=req.pk).status == "archived"


def test_the_page_lists_consultations_and_fee_notices(client, world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    services.fee_quote(actor=world.clerk_a, request=req, mode="per_page", pages=40, sent_on=TODAY)
    client.force_login(world.clerk_a)
    response = client.get(url(req))
    assert offered(response) == [Action.RECORD_PAYMENT, Action.CLOSE_UNPAID, Action.WITHDRAW]
    assert [f.amount for f in response.context["record"].fees] == [100]
    assert "计时暂停" in response.content.decode()
    services.fee_record_payment(actor=world.clerk_a, request=req, paid_on=TODAY)
    services.consultation_start(actor=world.clerk_a, request=req, party="明湖实验学校", sent_on=TODAY)
    response = client.get(url(req))
    assert [c.party for c in response.context["record"].consultations] == ["明湖实验学校"]
    assert offered(response) == [Action.END_CONSULTATION, Action.WITHDRAW]
    assert [k.value for k in response.context["letter_kinds"]] == ["consultation", "fee"]
