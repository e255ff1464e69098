"""The 依申请公开 journey of issue 3 in a real browser: a 科研机构 applies online, the clerk accepts and asks
for 补正, the correction is received, the office head extends, the clerk replies with （二）部分公开 and
issues the 答复书 (DOCX and PDF show the legal basis), and the applicant looks the request up."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Generator
from datetime import date
from typing import Any

import pytest
import time_machine
from docx import Document
from playwright.sync_api import Browser, BrowserContext, Page, expect

from gongkai.agencies.codes import fictional_uscc
from gongkai.disclosure_requests.models import DisclosureRequest

pytestmark = pytest.mark.django_db(transaction=True)

PARTIAL_BASIS = "第三十七条"


@pytest.fixture
def long_sessions(settings: Any) -> None:
    # The journey moves the server's clock by weeks; idle expiry and a one-year CSRF cookie dated by the
    # frozen clock would otherwise log people out between steps.
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture
def clock() -> Generator[Any]:
    with time_machine.travel("2026-02-10 09:30 +0800", tick=True) as traveller:
        yield traveller


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, **kwargs
    )
    context.set_default_timeout(10_000)
    return context


def staff_page(browser: Browser, base: str, username: str, password: str) -> Page:
    page = new_context(browser).new_page()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def act(page: Page, action: str, fields: dict[str, str], button: str) -> None:
    form = page.locator(f"form#{action}")
    for label, value in fields.items():
        form.get_by_label(re.compile("^" + re.escape(label))).fill(value)
    form.get_by_role("button", name=button, exact=True).click()


def test_a_research_institute_applies_and_receives_a_partial_disclosure(
    browser: Browser, live_server: Any, world: Any, persona_password: str, clock: Any, long_sessions: None
) -> None:
    base = live_server.url
    agency = world.agency_a

    # 1. The visitor applies online on a phone as a 科研机构.
    visitor = new_context(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    visitor.goto(f"{base}/agencies/{agency.code}/apply/")
    visitor.get_by_label("科研机构").check()
    visitor.get_by_label("姓名或名称").fill("明湖大学高等教育研究所")
    visitor.get_by_label("证件类型").select_option("uscc")
    visitor.get_by_label("证件号码").fill(fictional_uscc(7_000_001))
    visitor.get_by_label("联系人").fill("王研究")
    visitor.get_by_label("联系电话").fill("0599-87654321")
    visitor.get_by_label("电子邮箱").fill("research@univ.example")
    visitor.get_by_label("所需政府信息的名称").fill("2025年度明湖市义务教育学校布局调整方案及论证材料")
    visitor.get_by_label("所需政府信息的特征描述").fill("包括专家论证意见和各区学位测算表")
    visitor.get_by_label(re.compile("本人承诺")).check()
    visitor.get_by_role("button", name="提交申请").click()
    expect(visitor.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = visitor.locator(".apply-number").inner_text().strip()
    code = visitor.locator(".query-code").inner_text().strip()
    assert re.fullmatch(r"2026\d{6}", number)
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    expect(visitor.get_by_text("2026年3月16日")).to_be_visible()  # 20 working days after 2026-02-10

    request = DisclosureRequest.objects.get(number=number)
    assert (request.applicant_type, request.channel, request.received_on) == (
        "research",
        "online",
        date(2026, 2, 10),
    )

    # 2. The clerk accepts it and asks for 补正 within 7 working days.
    clerk = staff_page(browser, base, "clerk_a", persona_password)
    clerk.goto(f"{base}/staff/requests/{number}/")
    expect(clerk.get_by_role("heading", name=re.compile(number))).to_be_visible()
    act(clerk, "accept", {}, "登记受理")
    expect(clerk.locator(".messages")).to_contain_text("登记受理")
    clock.move_to("2026-02-12 10:00 +0800")
    act(
        clerk,
        "request_correction",
        {
            "需要补正的事项": "请明确所需论证材料的形成时间范围。",
            "告知日期": "2026-02-12",
            "补正期限（工作日）": "10",
        },
        "告知补正",
    )
    expect(clerk.locator(".messages")).to_contain_text("告知补正")
    assert DisclosureRequest.objects.get(number=number).status == "awaiting_correction"

    # 3. The correction arrives on 2 March: the reply period runs again from that day (第三十条).
    clock.move_to("2026-03-02 10:00 +0800")
    clerk.goto(f"{base}/staff/requests/{number}/")
    act(clerk, "receive_correction", {"收到补正之日": "2026-03-02"}, "收到补正")
    request = DisclosureRequest.objects.get(number=number)
    assert (request.status, request.restarted_on, request.due_on) == (
        "accepted",
        date(2026, 3, 2),
        date(2026, 3, 30),
    )
    expect(clerk.get_by_text(re.compile("收到补正申请之日：2026-03-02"))).to_be_visible()

    # 4. The clerk may not extend; the office head does, once, before the due date.
    expect(clerk.locator("form#extend")).to_have_count(0)
    clock.move_to("2026-03-20 10:00 +0800")
    head = staff_page(browser, base, "head_a", persona_password)
    head.goto(f"{base}/staff/requests/{number}/")
    act(
        head,
        "extend",
        {"延期理由": "需调取多个区的论证材料并进行保密审查。", "批准日期": "2026-03-20"},
        "延期答复",
    )
    expect(head.locator(".messages")).to_contain_text("延期答复")
    request = DisclosureRequest.objects.get(number=number)
    assert (request.extension_days, request.due_on) == (20, date(2026, 4, 28))

    # 5. The clerk replies with （二）部分公开 and issues the 答复书.
    clock.move_to("2026-04-10 10:00 +0800")
    clerk.goto(f"{base}/staff/requests/{number}/")
    reply = clerk.locator("form#reply")
    reply.get_by_label(re.compile("^办理结果")).select_option("r2_partial")
    reply.get_by_label(re.compile("^答复日期")).fill("2026-04-10")
    reply.get_by_label(re.compile("^答复内容")).fill(
        "现提供布局调整方案全文；专家个人信息部分属于个人隐私，不予公开。"
    )
    reply.get_by_role("button", name="答复", exact=True).click()
    expect(clerk.locator(".messages")).to_contain_text("答复")
    request = DisclosureRequest.objects.get(number=number)
    assert (request.status, request.outcome, request.replied_on) == (
        "replied",
        "r2_partial",
        date(2026, 4, 10),
    )

    clerk.locator("form[action$='/letters/new/']").get_by_role(
        "button", name="政府信息公开申请答复书"
    ).click()
    expect(clerk.get_by_label(re.compile("^依据"))).to_have_value(re.compile(PARTIAL_BASIS))
    clerk.get_by_label(re.compile("^文号")).fill("明教公开〔2026〕8号")
    clerk.get_by_role("button", name="保存").click()
    clerk.get_by_role("button", name="印发").click()
    expect(clerk.locator(".messages")).to_contain_text("印发")

    docx_link = clerk.locator("a[href$='.docx']").first
    with clerk.expect_download() as docx_download:
        docx_link.click()
    document = Document(io.BytesIO(open(docx_download.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in document.paragraphs)
    assert PARTIAL_BASIS in text
    assert "明湖大学高等教育研究所" in text
    assert "行政复议" in text

    with clerk.expect_download() as pdf_download:
        clerk.locator("a[href$='.pdf']").first.click()
    pdf = open(pdf_download.value.path(), "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", pdf_download.value.path(), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert PARTIAL_BASIS in pdf_text

    # 6. The applicant looks the request up and sees the reply, never the identity data.
    visitor.goto(f"{base}/lookup/")
    visitor.get_by_role("textbox", name=re.compile("^申请编号")).fill(number)
    visitor.get_by_role("textbox", name=re.compile("^查询码")).fill(code)
    visitor.get_by_role("button", name="查询").click()
    expect(visitor.get_by_text("部分公开").first).to_be_visible()
    expect(visitor.get_by_text("专家个人信息部分属于个人隐私")).to_be_visible()
    assert fictional_uscc(7_000_001) not in visitor.content()
    assert "0599-87654321" not in visitor.content()
