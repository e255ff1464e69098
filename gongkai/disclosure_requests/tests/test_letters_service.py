"""Letters are drafted from the record (outcome basis, remedies naming the reconsideration organ,
correction items, extension, consultation period, fee notice), edited while drafts, and frozen once
issued; each write leaves one audit row."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import letters_service, services
from gongkai.disclosure_requests.letters_service import letter_draft, letter_issue, letter_update
from gongkai.disclosure_requests.models import Letter

ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)
TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def req(world):
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
    ).request


def test_a_reply_letter_carries_the_outcome_basis_and_remedies(world, req):
    services.request_reply(actor=world.clerk_a, request=req, outcome="r3_1", replied_on=TODAY)
    letter = letter_draft(actor=world.clerk_a, request=req, kind="reply")
    assert letter.title == "政府信息公开申请答复书"
    assert letter.legal_basis == "《中华人民共和国政府信息公开条例》第十四条"
    assert letter.remedies == (
        "如对本答复不服，可以自收到本答复之日起60日内向明湖市人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。"
    )
    assert letter.body == (
        f"本机关于2026年3月10日收到您提出的政府信息公开申请（申请编号：{req.number}），"
        "申请获取“2025年义务教育招生计划”。经审查，现答复如下：\n"
        "您申请获取的政府信息属于国家秘密，依法不予公开。"
    )
    entry = AuditEntry.objects.get(action="letter.drafted")
    assert (entry.actor, entry.target_id) == (world.clerk_a, str(letter.pk))


def test_a_reply_letter_keeps_the_clerks_own_text_after_the_hint(world, req):
    services.request_reply(
        actor=world.clerk_a, request=req, outcome="r4_1", replied_on=TODAY, text="已检索2025年全部文件。"
    )
    body = letter_draft(actor=world.clerk_a, request=req, kind="reply").body
    assert body.splitlines()[1:] == [
        "经检索，本机关未制作或获取您申请的政府信息，该政府信息不存在（或不属于本机关负责公开）。",
        "已检索2025年全部文件。",
    ]


def test_an_agency_without_a_parent_names_the_next_higher_organ(world):
    top = services.request_submit(
        actor=world.admin,
        agency=world.city,  # the root of the tree
        applicant=services.Applicant(
            type="natural_person",
            name="张三",
            id_type="resident_id",
            id_number=RESIDENT_ID,
            phone="13800000000",
        ),
        info=services.InfoRequested(title="政府工作报告"),
        channel="in_person",
        received_on=TODAY,
    ).request
    services.request_reply(actor=world.admin, request=top, outcome="r1_open", replied_on=TODAY)
    letter = letter_draft(actor=world.admin, request=top, kind="reply")
    assert "向上一级行政机关申请行政复议" in letter.remedies


def test_a_correction_notice_lists_the_items_and_the_due_date(world, req):
    services.request_correction_ask(
        actor=world.clerk_a, request=req, items="请写明所需信息的年份", sent_on=TODAY, period_days=15
    )
    letter = letter_draft(actor=world.clerk_a, request=req, kind="correction")
    assert letter.title == "补正告知书"
    assert letter.legal_basis == "《中华人民共和国政府信息公开条例》第三十条"
    assert letter.remedies == ""
    assert "请写明所需信息的年份" in letter.body.splitlines()
    assert "请于2026年4月7日前补正" in letter.body


def test_a_fee_notice_states_amount_basis_and_payment_due(world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    services.fee_quote(actor=world.clerk_a, request=req, mode="per_page", pages=40, sent_on=TODAY)
    letter = letter_draft(actor=world.clerk_a, request=req, kind="fee")
    notice = req.fees.get()
    assert letter.title == "收费通知"
    assert f"信息处理费人民币100元。计算依据：{notice.basis}。" in letter.body
    assert "请于2026年4月14日前缴纳" in letter.body


def test_consultation_and_extension_letters(world, req):
    services.request_accept(actor=world.clerk_a, request=req, on=TODAY)
    services.request_extend(actor=world.head_a, request=req, reason="需要调取档案", on=TODAY, days=10)
    services.consultation_start(actor=world.clerk_a, request=req, party="明湖实验学校", sent_on=TODAY)
    consultation = letter_draft(actor=world.clerk_a, request=req, kind="consultation")
    assert consultation.legal_basis == "《中华人民共和国政府信息公开条例》第三十二条"
    assert "15个工作日内（2026年4月7日前）" in consultation.body
    assert letters_service.letter_data(consultation).addressee == "明湖实验学校"
    extension = letter_draft(actor=world.clerk_a, request=req, kind="extension")
    assert "因需要调取档案，不能在规定期限内答复" in extension.body
    assert "答复期限延长10个工作日" in extension.body


def test_a_letter_the_record_has_no_facts_for_is_refused(world, req):
    with pytest.raises(IllegalTransition, match="不需要“补正告知书”"):
        letter_draft(actor=world.clerk_a, request=req, kind="correction")
    with pytest.raises(IllegalTransition):
        letter_draft(actor=world.clerk_a, request=req, kind="reply")  # not replied yet
    with pytest.raises(InvalidInput):
        letter_draft(actor=world.clerk_a, request=req, kind="memo")
    assert not Letter.objects.exists()


def test_only_staff_who_handle_the_agencys_requests_draft(world, req):
    services.request_reply(actor=world.clerk_a, request=req, outcome="r1_open", replied_on=TODAY)
    for outsider in (world.clerk_b, world.reviewer_a, world.city_supervisor):
        with pytest.raises(NotAllowed):
            letter_draft(actor=outsider, request=req, kind="reply")
    assert not Letter.objects.exists()


def test_a_draft_is_edited_then_issued_and_then_frozen(world, req):
    services.request_reply(actor=world.clerk_a, request=req, outcome="r1_open", replied_on=TODAY)
    letter = letter_draft(actor=world.clerk_a, request=req, kind="reply")
    letter = letter_update(
        actor=world.clerk_a,
        letter=letter,
        title=" 政府信息公开申请答复书 ",
        document_number="明教公开〔2026〕12号",
        body="正文第一段\n正文第二段",
        legal_basis=letter.legal_basis,
        remedies=letter.remedies,
    )
    assert (letter.title, letter.document_number, letter.body) == (
        "政府信息公开申请答复书",
        "明教公开〔2026〕12号",
        "正文第一段\n正文第二段",
    )
    changes = AuditEntry.objects.get(action="letter.updated").changes
    assert changes["document_number"] == ["", "明教公开〔2026〕12号"]
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        letter_issue(actor=world.clerk_a, letter=letter, issued_on=date(2026, 3, 17))
    issued = letter_issue(actor=world.clerk_a, letter=letter, issued_on=TODAY)
    assert (issued.issued_on, issued.issued_by) == (TODAY, world.clerk_a)
    with pytest.raises(IllegalTransition, match="已于2026-03-16印发"):
        letter_update(
            actor=world.clerk_a,
            letter=letter,
            title="改",
            document_number="",
            body="改",
            legal_basis="",
            remedies="",
        )
    with pytest.raises(IllegalTransition):
        letter_issue(actor=world.clerk_a, letter=letter, issued_on=TODAY)
    letter.refresh_from_db()
    assert letter.body == "正文第一段\n正文第二段"
    assert AuditEntry.objects.filter(action__startswith="letter.").count() == 3


def test_an_empty_body_is_refused(world, req):
    services.request_reply(actor=world.clerk_a, request=req, outcome="r1_open", replied_on=TODAY)
    letter = letter_draft(actor=world.clerk_a, request=req, kind="reply")
    with pytest.raises(InvalidInput) as caught:
        letter_update(
            actor=world.clerk_a,
            letter=letter,
            title="",
            document_number="",
            body=" ",
            legal_basis="",
            remedies="",
        )
    assert caught.value.fields == {"title": "请填写标题", "body": "请填写正文"}
