"""First journeys in a real browser: a clerk reaches the back office, a visitor reads the portal on a
phone, a person with two posts switches agency, and a keyboard user finds the skip link first."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import SCREENSHOTS, save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_page(browser: Browser) -> Generator[Page]:
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=/staff/$"))
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways on a phone: {widths}"


def test_clerk_logs_in_and_reaches_the_back_office(
    transactional_db: None, live_server: Any, world: Any, persona_password: str, page: Page
) -> None:
    log_in(page, live_server.url, world.clerk_a.username, persona_password)

    expect(page).to_have_url(live_server.url + "/staff/")
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="明湖市教育局", level=2)).to_be_visible()
    posts = page.get_by_role("row").filter(has_text="明湖市教育局")
    expect(posts).to_have_count(1)
    expect(posts).to_contain_text("经办人员")
    expect(page.get_by_role("navigation", name="后台导航")).to_be_visible()
    save_screenshot(page, SCREENSHOTS / "backoffice-home.png")


def test_wrong_password_stays_on_the_login_page_with_a_chinese_error(
    transactional_db: None, live_server: Any, world: Any, page: Page
) -> None:
    log_in(page, live_server.url, world.clerk_a.username, "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page).to_have_url(re.compile(r"/staff/login/"))
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    expect(page.get_by_role("heading", name="工作台")).to_have_count(0)


def test_visitor_reads_the_portal_on_a_phone(
    transactional_db: None, live_server: Any, world: Any, phone_page: Page
) -> None:
    page = phone_page
    page.goto(live_server.url + "/")

    header = page.get_by_role("banner")
    expect(header).to_contain_text("明湖市人民政府")
    nav = page.get_by_role("navigation", name="政府信息公开导航")
    expect(nav.get_by_role("link", name="首页")).to_be_visible()
    expect(nav.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="公开机关与指南")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("明湖市人民政府 · 政府信息公开")
    assert_no_horizontal_scroll(page)
    save_screenshot(page, SCREENSHOTS / "phone-home.png")

    nav.get_by_role("link", name="公开机关与指南").tap()
    expect(page).to_have_url(live_server.url + "/agencies/")
    expect(nav.get_by_role("link", name="公开机关与指南")).to_have_attribute("aria-current", "page")
    assert_no_horizontal_scroll(page)

    page.get_by_role("main").get_by_role("link", name="明湖市教育局", exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("明湖市教育局政府信息公开指南")
    office = page.get_by_role("region", name="政府信息公开工作机构")
    expect(office.get_by_text("办公地址")).to_be_visible()
    expect(office).to_contain_text("明湖市教育局一楼政务公开窗口")
    assert_no_horizontal_scroll(page)


def test_person_with_two_posts_switches_agency(
    transactional_db: None, live_server: Any, world: Any, persona_password: str, page: Page
) -> None:
    from gongkai.agencies import services

    services.membership_grant(actor=None, user=world.clerk_a, agency=world.agency_b, role="reviewer")

    log_in(page, live_server.url, world.clerk_a.username, persona_password)
    switcher = page.get_by_label("当前机关")
    expect(switcher).to_have_value(str(world.agency_a.pk))
    expect(page.get_by_role("heading", name="明湖市教育局", level=2)).to_be_visible()

    switcher.select_option(label="明湖市公安局")
    page.get_by_role("button", name="切换").click()

    expect(page.get_by_role("status")).to_contain_text("当前机关：明湖市公安局")
    expect(page.get_by_label("当前机关")).to_have_value(str(world.agency_b.pk))
    expect(page.get_by_role("heading", name="明湖市公安局", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="明湖市教育局", level=2)).to_have_count(0)

    # The choice is kept in the session, not only in the page that answered the POST.
    page.reload()
    expect(page.get_by_label("当前机关")).to_have_value(str(world.agency_b.pk))


def test_skip_link_is_the_first_thing_the_keyboard_reaches(
    transactional_db: None, live_server: Any, world: Any, page: Page
) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("跳到正文")
    expect(focused).to_be_visible()  # it slides into view when focused
    expect(focused).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
