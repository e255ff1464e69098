"""Looking a request up (申请查询): the 申请编号 and 查询码 together open the status, the public history, the
reply with its 条例 basis and the issued letters; anything else is one generic 404, failed tries are
limited per address, letters download only after a verified lookup, and the applicant's personal data,
internal notes and staff names never appear."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest, Letter

GENERIC = "申请编号或查询码不正确，请核对后重新输入。"
ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "wangwu@example.com"
ADDRESS = "明湖市湖滨路88号"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def at(day: date) -> Any:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


def submit(world: Any) -> tuple[DisclosureRequest, str]:
    with at(date(2026, 3, 2)):
        submitted = services.request_submit(
            actor=None,
            agency=world.agency_a,
            applicant=services.Applicant(
                type="natural_person",
                name="王五",
                id_type="resident_id",
                id_number=ID_NUMBER,
                phone=PHONE,
                email=EMAIL,
                address=ADDRESS,
                postcode="350001",
            ),
            info=services.InfoRequested(title="明湖市2025年校舍安全检查报告", description="全部学校"),
        )
    assert submitted.query_code is not None
    return submitted.request, submitted.query_code


@pytest.fixture
def replied(world: Any) -> tuple[DisclosureRequest, str]:
    disclosure, code = submit(world)
    with at(date(2026, 3, 3)):
        disclosure = services.request_accept(actor=world.clerk_a, request=disclosure, on=date(2026, 3, 3))
    with at(date(2026, 3, 10)):
        disclosure = services.request_reply(
            actor=world.clerk_a,
            request=disclosure,
            outcome="r2_partial",
            replied_on=date(2026, 3, 10),
            text="现提供可以公开的部分。\n涉及个人隐私的部分不予公开。",
        )
    return disclosure, code


def look_up(client: Client, number: str, code: str, **extra: Any) -> Any:
    return client.post("/lookup/", {"number": number, "code": code}, **extra)


def body(response: Any) -> str:
    return str(response.content.decode())


def test_the_lookup_form_renders_and_prefills_the_number(db: Any, client: Client) -> None:
    page = body(client.get("/lookup/", {"number": "2026000007"}))
    assert '<label for="id_number">申请编号 <span class="req">（必填）</span></label>' in page
    assert 'name="number" value="2026000007"' in page
    assert 'aria-describedby="id_code_helptext"' in page


def test_the_right_code_shows_status_outcome_and_history(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    response = look_up(client, disclosure.number, code)
    assert response.status_code == 302
    assert response["Location"] == f"/lookup/{disclosure.number}/"

    page = body(client.get(response["Location"]))
    assert "<h1>申请 2026000001</h1>" in page
    assert "<dd>明湖市教育局</dd>" in page
    assert '<strong class="status">已答复</strong>' in page
    assert "<dd>2026年3月2日</dd>" in page
    assert "<dd>明湖市2025年校舍安全检查报告</dd>" in page
    assert "<dd>（二）部分公开 区分处理的，只计这一情形，不计其他情形</dd>" in page
    assert "<dd>《中华人民共和国政府信息公开条例》第三十七条</dd>" in page
    assert "<dd>2026年3月10日</dd>" in page
    assert "<p>现提供可以公开的部分。<br>涉及个人隐私的部分不予公开。</p>" in page
    assert '<time datetime="2026-03-02">2026年3月2日</time> 提交申请：网上申请</li>' in page
    assert '<time datetime="2026-03-03">2026年3月3日</time> 登记受理</li>' in page
    assert (
        '<time datetime="2026-03-10">2026年3月10日</time> 答复：（二）部分公开 区分处理的，只计这一情形，不计其他情形</li>'
        in page
    )
    assert "答复期限" not in page  # closed: no running clock to show


def test_the_lookup_never_shows_personal_data_or_staff(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    page = body(client.get(look_up(client, disclosure.number, code)["Location"]))
    for secret in (ID_NUMBER, PHONE, EMAIL, ADDRESS, "350001", "王五", "clerk_a"):
        assert secret not in page


def test_an_open_request_shows_its_due_date_and_a_paused_one_says_so(world: Any, client: Client) -> None:
    disclosure, code = submit(world)
    look_up(client, disclosure.number, code)
    page = body(client.get(f"/lookup/{disclosure.number}/"))
    assert '<strong class="status">已收到</strong>' in page
    assert "<dt>答复期限</dt><dd>2026年3月30日</dd>" in page

    with at(date(2026, 3, 4)):
        services.request_accept(actor=world.clerk_a, request=disclosure, on=date(2026, 3, 4))
        services.consultation_start(
            actor=world.clerk_a, request=disclosure, party="明湖某某建筑有限公司", sent_on=date(2026, 3, 4)
        )
    page = body(client.get(f"/lookup/{disclosure.number}/"))
    assert '<strong class="status">征求意见中</strong>' in page
    assert "<dt>答复期限</dt><dd>计时暂停</dd>" in page
    assert '<time datetime="2026-03-04">2026年3月4日</time> 征求意见</li>' in page
    assert "明湖某某建筑有限公司" not in page  # the third party consulted is not the applicant's business


def test_internal_events_are_not_shown(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    with at(date(2026, 3, 11)):
        services.request_archive(actor=world.clerk_a, request=disclosure)
    page = body(client.get(look_up(client, disclosure.number, code)["Location"]))
    assert '<strong class="status">已归档</strong>' in page
    assert "2026年3月11日" not in page


def test_a_wrong_code_and_an_unknown_number_get_the_same_404(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    wrong = look_up(client, disclosure.number, "AAAAAAAA")
    unknown = look_up(client, "2026999999", code)
    assert wrong.status_code == unknown.status_code == 404
    assert GENERIC in body(wrong)
    assert GENERIC in body(unknown)
    assert "明湖市教育局" not in body(wrong)
    assert client.get(f"/lookup/{disclosure.number}/")["Location"] == f"/lookup/?number={disclosure.number}"


def test_the_code_is_forgiving_about_case_and_spaces(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    assert look_up(client, f" {disclosure.number} ", f" {code.lower()} ").status_code == 302


def test_failed_lookups_are_limited_per_address(
    world: Any, client: Client, settings: Any, replied: tuple[DisclosureRequest, str]
) -> None:
    settings.PORTAL_LOOKUP_FAILURES_PER_HOUR = 2
    disclosure, code = replied
    assert look_up(client, disclosure.number, "AAAAAAAA").status_code == 404
    assert look_up(client, disclosure.number, "BBBBBBBB").status_code == 404
    refused = look_up(client, disclosure.number, code)
    assert refused.status_code == 429
    assert "查询失败次数过多，请于1小时后再试。" in body(refused)
    assert look_up(client, disclosure.number, code, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_successful_lookups_do_not_count(
    world: Any, client: Client, settings: Any, replied: tuple[DisclosureRequest, str]
) -> None:
    settings.PORTAL_LOOKUP_FAILURES_PER_HOUR = 1
    disclosure, code = replied
    for _ in range(3):
        assert look_up(client, disclosure.number, code).status_code == 302


# --- letters --------------------------------------------------------------------------------------


def make_letter(
    disclosure: DisclosureRequest, *, issued: bool = True, kind: str = Letter.Kind.REPLY
) -> Letter:
    return Letter.objects.create(
        request=disclosure,
        kind=kind,
        title="政府信息公开申请答复书",
        document_number="明教公开〔2026〕5号",
        body="王五：\n本机关于2026年3月2日收到您的申请。现答复如下：现提供可以公开的部分。",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        remedies="如对本答复不服，可以自收到本答复之日起60日内向明湖市人民政府申请行政复议。",
        issued_on=date(2026, 3, 10) if issued else None,
    )


def test_issued_letters_are_listed_and_download_after_lookup(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    letter = make_letter(disclosure)
    draft = make_letter(disclosure, issued=False)
    page = body(client.get(look_up(client, disclosure.number, code)["Location"]))
    docx_url = f"/lookup/{disclosure.number}/letters/{letter.pk}.docx"
    assert f'<a href="{docx_url}">' in page
    assert f'<a href="/lookup/{disclosure.number}/letters/{letter.pk}.pdf">' in page
    assert f"/letters/{draft.pk}." not in page

    response = client.get(docx_url)
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''2026000001-")
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "现答复如下：现提供可以公开的部分。" in xml
    assert "明教公开〔2026〕5号" in xml

    pdf = client.get(f"/lookup/{disclosure.number}/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_downloads_need_a_verified_lookup(world: Any, replied: tuple[DisclosureRequest, str]) -> None:
    disclosure, _code = replied
    letter = make_letter(disclosure)
    url = f"/lookup/{disclosure.number}/letters/{letter.pk}.docx"
    stranger = Client()
    response = stranger.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/lookup/?number={disclosure.number}"
    look_up(stranger, disclosure.number, "AAAAAAAA")
    assert stranger.get(url).status_code == 302


def test_a_verified_lookup_opens_only_its_own_letters(
    world: Any, client: Client, replied: tuple[DisclosureRequest, str]
) -> None:
    disclosure, code = replied
    other, _other_code = submit(world)
    theirs = make_letter(other)
    mine = make_letter(disclosure)
    draft = make_letter(disclosure, issued=False)
    consultation = make_letter(disclosure, kind=Letter.Kind.CONSULTATION)
    look_up(client, disclosure.number, code)
    assert client.get(f"/lookup/{disclosure.number}/letters/{mine.pk}.docx").status_code == 200
    assert client.get(f"/lookup/{disclosure.number}/letters/{theirs.pk}.docx").status_code == 404
    assert client.get(f"/lookup/{other.number}/letters/{theirs.pk}.docx").status_code == 302
    assert client.get(f"/lookup/{disclosure.number}/letters/{draft.pk}.docx").status_code == 404
    assert client.get(f"/lookup/{disclosure.number}/letters/{consultation.pk}.docx").status_code == 404
    assert client.get(f"/lookup/{disclosure.number}/letters/{mine.pk}.txt").status_code == 404
