"""The 主动公开 journey of issue 4 in a real browser: a clerk drafts an item whose body carries a valid
identity number, the reviewer sees it highlighted and cannot approve, redacts it, approves and
publishes; the item gets its 索引号, shows in the 目录, the feed and search, and a visitor on a phone
finds it with a two-character query and downloads its attachment."""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import time_machine
import weasyprint
from playwright.sync_api import Browser, BrowserContext, Page, expect

from gongkai.catalogue.models import Item
from gongkai.catalogue.services import index_prefix

pytestmark = pytest.mark.django_db(transaction=True)

IDENTITY = "11010519491231002X"  # the GB 11643 sample number: a valid check character, nobody real
TITLE = "明湖市教育局关于2026年城乡居民医保参保缴费工作的通知"


@pytest.fixture
def clock() -> Generator[Any]:
    with time_machine.travel("2026-03-20 09:30 +0800", tick=True) as traveller:
        yield traveller


@pytest.fixture
def attachment(tmp_path: Path) -> Path:
    html = "<html><body><h1>2026年城乡居民医保缴费标准表</h1><p>个人缴费每人每年400元。</p></body></html>"
    path = tmp_path / "医保缴费标准.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


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


def tick_checklist(page: Page) -> None:
    for box in page.locator("form#approve input[type=checkbox]").all():
        box.check()


def test_item_is_reviewed_published_found_and_downloaded(
    browser: Browser, live_server: Any, world: Any, persona_password: str, clock: Any, attachment: Path
) -> None:
    base = live_server.url
    agency = world.agency_a

    # 1. The clerk drafts the item with an identity number in the body and a PDF attachment.
    clerk = staff_page(browser, base, "clerk_a", persona_password)
    clerk.goto(f"{base}/staff/catalogue/new/")
    clerk.get_by_label(re.compile("^名称")).fill(TITLE)
    clerk.get_by_label(re.compile("^文号")).fill("明教〔2026〕9号")
    clerk.get_by_label(re.compile("^生成日期")).fill("2026-03-16")
    clerk.get_by_label(re.compile("^公开类别")).select_option("11")
    clerk.get_by_label(re.compile("^体裁")).select_option("notice")
    clerk.get_by_label(re.compile("^内容概述")).fill("部署2026年城乡居民医保参保缴费工作。")
    clerk.get_by_label(re.compile("^正文")).fill(
        f"<p>经办人：王五，身份证号码{IDENTITY}。</p><p>请各校做好宣传。</p>"
    )
    clerk.get_by_label(re.compile("^附件")).set_input_files(str(attachment))
    clerk.get_by_role("button", name="保存草稿").click()
    expect(clerk.locator(".messages")).to_contain_text("草稿已保存")
    clerk.get_by_role("button", name="提交审核").click()
    expect(clerk.locator(".messages")).to_contain_text("提交审核")
    item = Item.objects.get(title=TITLE)
    assert item.status == "submitted"

    # 2. The reviewer sees the number highlighted and cannot approve until it is redacted.
    reviewer = staff_page(browser, base, "reviewer_a", persona_password)
    reviewer.goto(f"{base}/staff/catalogue/{item.pk}/")
    expect(reviewer.locator("#pii mark").first).to_have_text(IDENTITY)
    tick_checklist(reviewer)
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".messages")).to_contain_text("个人信息尚未遮盖")
    assert Item.objects.get(pk=item.pk).status == "submitted"
    reviewer.locator("#redact-button").click()
    expect(reviewer.locator(".messages")).to_contain_text("遮盖")
    assert IDENTITY not in Item.objects.get(pk=item.pk).body
    tick_checklist(reviewer)
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".messages")).to_contain_text("保密审查通过")
    reviewer.get_by_role("button", name="发布到门户").click()
    expect(reviewer.locator(".messages")).to_contain_text("发布")
    index_number = f"{index_prefix(agency)}/2026-00001"
    expect(reviewer.locator("#index-number")).to_have_text(index_number)
    assert Item.objects.get(pk=item.pk).index_number == index_number

    # 3. The 目录 and the feed list it.
    reviewer.goto(f"{base}/agencies/{agency.code}/catalogue/")
    expect(reviewer.get_by_role("link", name=TITLE)).to_be_visible()
    feed = reviewer.request.get(f"{base}/agencies/{agency.code}/feed/")
    assert feed.ok
    assert TITLE in feed.text()
    assert index_number in feed.text() or f"/catalogue/{index_number}/" in feed.text()

    # 4. A visitor on a phone finds it with a two-character query and downloads the attachment.
    visitor = new_context(
        browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    ).new_page()
    visitor.goto(f"{base}/search/?q=医保")
    result = visitor.get_by_role("link", name=re.compile("城乡居民医保参保缴费"))
    expect(result.first).to_be_visible()
    result.first.click()
    expect(visitor.get_by_text(index_number).first).to_be_visible()
    expect(visitor.get_by_text(IDENTITY)).to_have_count(0)
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=re.compile("医保缴费标准")).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")

    # 5. Attachment text is searchable too.
    visitor.goto(f"{base}/search/?q=缴费标准表")
    expect(visitor.get_by_role("link", name=re.compile("城乡居民医保参保缴费")).first).to_be_visible()
