"""Applying online (条例 第二十七条、第二十九条、第三十一条): choose an agency, fill in the form, get the
申请编号 and a 查询码 shown once; one request per form however often it is sent; errors come back next to
the fields with nothing saved; each address may apply only so often."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc as uscc_for
from gongkai.disclosure_requests.models import Attachment, Channel, DisclosureRequest

VALID_ID = "11010519491231002X"
BAD_CHECK_DIGIT_ID = "110105194912310021"
FROZEN = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday, no holiday near
KEY = "k" * 43


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def private_files(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    # The storage callable is evaluated when the model loads; point it at a scratch directory.
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "submission_key": KEY,
        "applicant_type": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "contact_person": "",
        "phone": "13800000000",
        "email": "zhangsan@example.com",
        "address": "明湖市湖滨路1号",
        "postcode": "350001",
        "info_title": "2025年明湖市义务教育学校招生计划",
        "info_document_number": "明教〔2025〕3号",
        "description": "各学校招生人数",
        "info_form": "electronic",
        "delivery": "email",
        "consent": "on",
    }
    data.update(overrides)
    return data


def apply_url(world: Any) -> str:
    return f"/agencies/{world.agency_a.code}/apply/"


def body(response: Any) -> str:
    return str(response.content.decode())


# --- choosing the agency ---------------------------------------------------------------------------


def test_the_choice_lists_governments_and_departments_grouped(world: Any, client: Any) -> None:
    page = body(client.get("/apply/"))
    assert f'<a href="/agencies/{world.agency_a.code}/apply/">明湖市教育局</a>' in page
    assert f'<a href="/agencies/{world.district.code}/apply/">明湖市东湖区人民政府</a>' in page
    assert f'<option value="{world.district_dept.code}">东湖区教育局</option>' in page
    assert '<optgroup label="明湖市东湖区人民政府">' in page


def test_the_choice_can_be_searched(world: Any, client: Any) -> None:
    page = body(client.get("/apply/", {"q": "教育局"}))
    assert "找到 2 个机关" in page
    assert f'<a href="/agencies/{world.agency_a.code}/apply/">明湖市教育局</a>' in page
    assert f'<a href="/agencies/{world.agency_b.code}/apply/">' not in page


def test_public_enterprises_take_no_applications_under_the_regulation(world: Any, client: Any) -> None:
    # 条例 第五十五条: 公共企事业单位 answer under their own rules, not by application under the 条例.
    water = agency_services.agency_create(
        actor=None,
        name="明湖市自来水公司",
        kind="public_enterprise",
        level="city",
        code=uscc_for(90),
        parent=world.city,
    )
    assert "明湖市自来水公司" not in body(client.get("/apply/"))
    assert client.get(f"/agencies/{water.code}/apply/").status_code == 404
    assert "在线申请" not in body(client.get(f"/agencies/{water.code}/guide/"))


def test_choosing_from_the_list_goes_to_the_form(world: Any, client: Any) -> None:
    response = client.get("/apply/", {"agency": world.agency_b.code})
    assert response.status_code == 302
    assert response["Location"] == f"/agencies/{world.agency_b.code}/apply/"
    assert client.get("/apply/", {"agency": "../staff/"}).status_code == 200


def test_the_guide_links_to_the_form(world: Any, client: Any) -> None:
    page = body(client.get(f"/agencies/{world.agency_a.code}/guide/"))
    assert f'href="/agencies/{world.agency_a.code}/apply/">在线申请</a>' in page


def test_the_navigation_offers_applying_and_lookup(world: Any, client: Any) -> None:
    page = body(client.get("/"))
    assert '<a href="/apply/" >依申请公开</a>' in page
    assert '<a href="/lookup/" >申请查询</a>' in page


# --- the form ----------------------------------------------------------------------------------------


def test_the_form_renders_for_an_active_agency(world: Any, client: Any) -> None:
    response = client.get(apply_url(world))
    assert response.status_code == 200
    page = body(response)
    assert "<h1>向明湖市教育局申请政府信息公开</h1>" in page
    assert re.search(r'<input type="hidden" name="submission_key" value="[A-Za-z0-9_-]{43}"', page)
    assert '<legend>申请人类型 <span class="req">（必填）</span></legend>' in page
    assert "<legend>法人或其他组织</legend>" in page
    assert 'type="radio" name="applicant_type" value="natural_person"' in page
    assert re.search(r'<input type="file" name="attachments" multiple accept="[^"]*\.ofd', page)
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_id_number">证件号码 <span class="req">（必填）</span></label>' in page
    assert '<option value="resident_id" selected>居民身份证</option>' in page
    assert 'aria-describedby="id_email_helptext"' in page
    assert "no-store" in response["Cache-Control"]  # a back-button copy must not reuse its submission_key


def test_each_rendering_gets_a_new_submission_key(world: Any, client: Any) -> None:
    pattern = r'name="submission_key" value="([^"]+)"'
    first = re.search(pattern, body(client.get(apply_url(world))))
    second = re.search(pattern, body(client.get(apply_url(world))))
    assert first is not None
    assert second is not None
    assert first.group(1) != second.group(1)


def test_the_form_is_404_for_unknown_and_inactive_agencies(world: Any, client: Any) -> None:
    assert client.get("/agencies/NO-SUCH/apply/").status_code == 404
    agency_services.agency_set_active(actor=None, agency=world.agency_b, active=False, reason="机构改革")
    assert client.get(f"/agencies/{world.agency_b.code}/apply/").status_code == 404
    assert client.post(f"/agencies/{world.agency_b.code}/apply/", form_data()).status_code == 404
    assert DisclosureRequest.objects.count() == 0


# --- submitting ------------------------------------------------------------------------------------


def test_a_valid_application_is_received_today_and_shows_its_code_once(
    world: Any, client: Any, frozen: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(world), form_data())
    assert response.status_code == 302
    assert response["Location"] == "/apply/submitted/"

    disclosure = DisclosureRequest.objects.get()
    assert disclosure.agency == world.agency_a
    assert disclosure.channel == Channel.ONLINE
    assert disclosure.received_on == date(2026, 3, 2)
    assert disclosure.due_on == date(2026, 3, 30)
    assert disclosure.number == "2026000001"
    assert disclosure.applicant_name == "张三"
    assert disclosure.id_number == VALID_ID
    assert disclosure.info_title == "2025年明湖市义务教育学校招生计划"
    assert disclosure.submission_key == KEY

    assert len(mail.outbox) == 1
    code = re.search(r"查询码：([A-Z0-9]{8})", str(mail.outbox[0].body))
    assert code is not None
    assert mail.outbox[0].to == ["zhangsan@example.com"]

    page = body(client.get("/apply/submitted/"))
    assert '<strong class="apply-number">2026000001</strong>' in page
    assert f'<strong class="query-code">{code.group(1)}</strong>' in page
    assert "2026年3月2日" in page
    assert "2026年3月30日" in page
    assert "<dd>2025年明湖市义务教育学校招生计划</dd>" in page
    assert 'href="/lookup/?number=2026000001"' in page

    again = body(client.get("/apply/submitted/"))
    assert '<strong class="apply-number">2026000001</strong>' in again
    assert code.group(1) not in again
    assert "查询码已在首次提交时显示" in again


def test_a_double_submission_creates_one_request(
    world: Any, client: Any, frozen: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(apply_url(world), form_data())
        second = client.post(apply_url(world), form_data())
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/apply/submitted/"
    assert DisclosureRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    # The second POST's redirect is the one the browser follows: the code from the first is still shown once.
    code = re.search(r"查询码：([A-Z0-9]{8})", str(mail.outbox[0].body))
    assert code is not None
    assert f'<strong class="query-code">{code.group(1)}</strong>' in body(client.get("/apply/submitted/"))


def test_a_double_submission_from_another_session_does_not_reveal_the_code(
    world: Any, client: Any, frozen: None
) -> None:
    from django.test import Client

    assert client.post(apply_url(world), form_data()).status_code == 302
    other = Client()
    assert other.post(apply_url(world), form_data()).status_code == 302
    page = body(other.get("/apply/submitted/"))
    assert '<strong class="apply-number">2026000001</strong>' in page
    assert 'class="query-code"' not in page
    assert "查询码已在首次提交时显示" in page
    assert "查询码也已发送到您填写的电子邮箱。" in page
    assert DisclosureRequest.objects.count() == 1


def test_a_bad_id_check_digit_comes_back_next_to_the_field(world: Any, client: Any, frozen: None) -> None:
    response = client.post(apply_url(world), form_data(id_number=BAD_CHECK_DIGIT_ID))
    assert response.status_code == 200
    page = body(response)
    assert DisclosureRequest.objects.count() == 0
    assert (
        '<div class="error" id="id_id_number_error"><p>身份证号码校验码错误：应为X，实为1</p></div>' in page
    )
    assert 'aria-describedby="id_id_number_error"' in page
    assert 'aria-invalid="true"' in page
    # Everything typed comes back.
    assert f'value="{BAD_CHECK_DIGIT_ID}"' in page
    assert 'value="张三"' in page
    assert 'value="2025年明湖市义务教育学校招生计划"' in page
    assert ">\n各学校招生人数</textarea>" in page
    assert f'name="submission_key" value="{KEY}"' in page
    assert "申请未能提交，请更正下列项目" in page


def test_an_organisation_must_use_its_credit_code_and_name_a_contact(
    world: Any, client: Any, frozen: None
) -> None:
    response = client.post(apply_url(world), form_data(applicant_type="commercial", name="明湖某某有限公司"))
    page = body(response)
    assert response.status_code == 200
    assert '<div class="error" id="id_contact_person_error"><p>法人或其他组织请填写联系人。</p></div>' in page
    assert DisclosureRequest.objects.count() == 0

    response = client.post(
        apply_url(world),
        form_data(applicant_type="commercial", name="明湖某某有限公司", contact_person="李四"),
    )
    assert (
        '<div class="error" id="id_id_type_error"><p>法人或其他组织请提供统一社会信用代码</p></div>'
        in body(response)
    )
    assert DisclosureRequest.objects.count() == 0

    response = client.post(
        apply_url(world),
        form_data(
            applicant_type="commercial",
            name="明湖某某有限公司",
            contact_person="李四",
            id_type="uscc",
            id_number=world.agency_b.code,
        ),
    )
    assert response.status_code == 302
    disclosure = DisclosureRequest.objects.get()
    assert (disclosure.applicant_type, disclosure.contact_person) == ("commercial", "李四")


def test_a_missing_title_and_consent_are_required(world: Any, client: Any) -> None:
    page = body(client.post(apply_url(world), form_data(info_title="  ", consent="")))
    assert '<div class="error" id="id_info_title_error"><p>这个字段是必填项。</p></div>' in page
    assert '<div class="error" id="id_consent_error"><p>这个字段是必填项。</p></div>' in page
    assert DisclosureRequest.objects.count() == 0


def test_a_fake_pdf_is_refused_and_the_files_must_be_chosen_again(
    world: Any, client: Any, frozen: None, private_files: Any
) -> None:
    fake = SimpleUploadedFile("身份证.pdf", b"GIF89a not really a pdf", content_type="application/pdf")
    response = client.post(apply_url(world), {**form_data(), "attachments": [fake]})
    assert response.status_code == 200
    page = body(response)
    assert (
        '<div class="error" id="id_attachments_error"><p>附件“身份证.pdf”不是有效的PDF、JPEG、PNG或OFD文件</p></div>'
        in page
    )
    assert "请重新选择附件后再提交" in page
    assert DisclosureRequest.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert list(private_files.iterdir()) == []


def test_more_than_five_files_are_refused(world: Any, client: Any, private_files: Any) -> None:
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4 x", content_type="application/pdf") for i in range(6)]
    page = body(client.post(apply_url(world), {**form_data(), "attachments": files}))
    assert '<div class="error" id="id_attachments_error"><p>附件不能超过5个。</p></div>' in page
    assert DisclosureRequest.objects.count() == 0


def test_real_attachments_are_kept_privately(
    world: Any, client: Any, frozen: None, private_files: Any
) -> None:
    pdf = SimpleUploadedFile("身份证.pdf", b"%PDF-1.7\n%minimal", content_type="application/pdf")
    png = SimpleUploadedFile("委托书.png", b"\x89PNG\r\n\x1a\nrest", content_type="image/png")
    assert client.post(apply_url(world), {**form_data(), "attachments": [pdf, png]}).status_code == 302
    kinds = sorted(
        DisclosureRequest.objects.get().attachments.values_list("original_name", "kind", "content_type")
    )
    assert kinds == [
        ("委托书.png", "application", "image/png"),
        ("身份证.pdf", "identity", "application/pdf"),
    ]


# --- abuse control -----------------------------------------------------------------------------------


def test_the_third_application_in_an_hour_is_refused(
    world: Any, client: Any, frozen: None, settings: Any
) -> None:
    settings.PORTAL_APPLY_PER_HOUR = 2
    for n in range(2):
        assert (
            client.post(apply_url(world), form_data(submission_key=f"key-{n}" + "x" * 30)).status_code == 302
        )
    response = client.post(apply_url(world), form_data(submission_key="key-2" + "x" * 30))
    assert response.status_code == 429
    page = body(response)
    assert "提交过于频繁，请于1小时后再试" in page
    assert "本次提交未被保存。" in page
    assert 'value="2025年明湖市义务教育学校招生计划"' in page
    assert DisclosureRequest.objects.count() == 2

    # Another address is not affected.
    assert (
        client.post(
            apply_url(world), form_data(submission_key="key-3" + "x" * 30), REMOTE_ADDR="192.0.2.9"
        ).status_code
        == 302
    )
    assert DisclosureRequest.objects.count() == 3


def test_the_limit_frees_up_after_the_hour(world: Any, client: Any, settings: Any) -> None:
    settings.PORTAL_APPLY_PER_HOUR = 1
    with time_machine.travel(FROZEN, tick=False):
        assert client.post(apply_url(world), form_data(submission_key="a" * 40)).status_code == 302
        assert client.post(apply_url(world), form_data(submission_key="b" * 40)).status_code == 429
    with time_machine.travel(datetime(2026, 3, 2, 11, 5, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert client.post(apply_url(world), form_data(submission_key="c" * 40)).status_code == 302
    assert DisclosureRequest.objects.count() == 2


def test_the_daily_limit_applies_too(world: Any, client: Any, frozen: None, settings: Any) -> None:
    settings.PORTAL_APPLY_PER_HOUR = 5
    settings.PORTAL_APPLY_PER_DAY = 1
    assert client.post(apply_url(world), form_data(submission_key="a" * 40)).status_code == 302
    response = client.post(apply_url(world), form_data(submission_key="b" * 40))
    assert response.status_code == 429
    assert "今日提交的申请已达上限，请于明天再试" in body(response)


def test_invalid_attempts_and_resubmissions_do_not_use_up_the_limit(
    world: Any, client: Any, frozen: None, settings: Any
) -> None:
    settings.PORTAL_APPLY_PER_HOUR = 1
    for _ in range(3):
        assert client.post(apply_url(world), form_data(id_number=BAD_CHECK_DIGIT_ID)).status_code == 200
    assert client.post(apply_url(world), form_data()).status_code == 302
    assert client.post(apply_url(world), form_data()).status_code == 302  # the same form again
    assert DisclosureRequest.objects.count() == 1
