"""The 监督 journey of issue 7 in a real browser: the head of the city's 政府信息公开工作主管部门 opens
the supervision dashboard from the navigation, finds the department with overdue requests, drills into
it, follows its overdue number to the requests behind it, opens one, comes back and exports the table
as XLSX. The dashboard, with its charts drawn, is accessible on a desktop and on a 360 px phone, where
the wide table scrolls inside its frame and the page never sideways.

The tree is built here, since supervision rights come from an overseeing 政府办公室 (第三条) the
personas' world does not have:

    明湖市人民政府 (government)
    ├── 明湖市人民政府办公室 (department, oversees_disclosure)  ← city_head (office head)
    ├── 明湖市教育局 (department)  ← edu_clerk: two requests overdue today, one answered in time
    └── 明湖市公安局 (department)  ← police_clerk: one request answered in time
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, expect

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.core.workdays import WorkingDayCalendar, load_bundled_schedules
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import ApplicantType, Channel, DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import INFO, applicant_of, on
from gongkai.supervision.views import HEADERS
from tests.browser import axe
from tests.browser.conftest import SCREENSHOTS, save_screenshot
from tests.browser.layout import PHONE_WIDTH, assert_no_sideways_scroll, assert_table_scrolls

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Journey-pass-2026"
CALENDAR = WorkingDayCalendar(load_bundled_schedules())
OVERDUE_COLUMN = 3  # the table's <td>s: 收到申请, 办理中, 即将到期, 已超期, …


@dataclass
class Tree:
    city: Agency
    education: Agency
    police: Agency
    overdue: list[DisclosureRequest]


def workday(value: date) -> date:
    """The day itself if people work that day, else the next working day."""
    return value if CALENDAR.is_working_day(value) else CALENDAR.add_working_days(value, 1)


def received_days_ago(days: int) -> date:
    """A working day `days` ago, within the bundled holiday schedules (due dates need them)."""
    latest = date(max(CALENDAR.years), 10, 1)
    return workday(min(timezone.localdate() - timedelta(days=days), latest))


def _accepted(clerk: Any, agency: Agency, serial: int, received: date) -> DisclosureRequest:
    with on(received):
        request = request_services.request_submit(
            actor=clerk,
            agency=agency,
            applicant=applicant_of(ApplicantType.NATURAL_PERSON, serial),
            info=INFO,
            channel=Channel.IN_PERSON,
            received_on=received,
        ).request
        return request_services.request_accept(actor=clerk, request=request, on=received)


def _answered_in_time(clerk: Any, agency: Agency, serial: int, received: date) -> DisclosureRequest:
    request = _accepted(clerk, agency, serial, received)
    replied = CALENDAR.add_working_days(received, 5)
    with on(replied):
        return request_services.request_reply(
            actor=clerk, request=request, outcome="r1_open", replied_on=replied
        )


@pytest.fixture
def tree(transactional_db: Any) -> Tree:
    def agency(name: str, kind: str, serial: int, parent: Agency | None = None) -> Agency:
        return agency_services.agency_create(
            actor=None,
            name=name,
            kind=kind,
            level="city",
            code=fictional_uscc(serial),
            parent=parent,
            office_address=f"{name}一楼政务公开窗口",
            office_phone="0599-12345678",
        )

    city = agency("明湖市人民政府", "government", 601)
    office = agency("明湖市人民政府办公室", "department", 602, city)
    # The flag is reference data a platform administrator sets; no service takes it at creation.
    Agency.objects.filter(pk=office.pk).update(oversees_disclosure=True)
    education = agency("明湖市教育局", "department", 603, city)
    police = agency("明湖市公安局", "department", 604, city)

    def staff(username: str, at: Agency, role: str) -> Any:
        user, _ = agency_services.staff_create(
            actor=None, username=username, agency=at, role=role, password=PASSWORD
        )
        return user

    edu_clerk = staff("edu_clerk", education, "clerk")
    police_clerk = staff("police_clerk", police, "clerk")
    staff("city_head", office, "office_head")

    # Twenty working days are about four weeks: requests received two and three months ago and never
    # answered are overdue today.
    overdue = [
        _accepted(edu_clerk, education, 1, received_days_ago(90)),
        _accepted(edu_clerk, education, 2, received_days_ago(60)),
    ]
    _answered_in_time(edu_clerk, education, 3, received_days_ago(45))
    _answered_in_time(police_clerk, police, 4, received_days_ago(40))
    for request in overdue:
        assert request.due_on is not None
        assert request.due_on < timezone.localdate()
    return Tree(city=city, education=education, police=police, overdue=overdue)


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, **kwargs
    )
    context.set_default_timeout(10_000)
    return context


def staff_page(browser: Browser, base: str, username: str, **kwargs: Any) -> Page:
    page = new_context(browser, **kwargs).new_page()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def agency_row(page: Page, name: str) -> Any:
    return page.locator("table.supervision-table tbody tr").filter(
        has=page.get_by_role("rowheader", name=name, exact=True)
    )


def expect_charts_drawn(page: Page) -> None:
    """Every chart container holds what ECharts drew (under the real CSP: the scripts are the site's)."""
    containers = page.locator(".supervision-charts .report-chart-canvas")
    expect(containers.first).to_be_attached()
    # The trend and the overdue distribution always; the on-time one once this year has replies (in the
    # first days of January the fixture's replies may fall in the year before).
    assert containers.count() >= 2
    for container in containers.all():
        expect(container.locator("svg, canvas").first).to_be_attached()


def check_accessibility(page: Page) -> None:
    found = axe.violations(page)
    assert not found, "\n".join(str(v) for v in found)


def assert_fits_phone(page: Page) -> None:
    assert_no_sideways_scroll(page, PHONE_WIDTH)
    assert_table_scrolls(page, ".table-wrap", "table.supervision-table")


def test_city_office_head_drills_into_overdue_requests_and_exports(
    browser: Browser, live_server: Any, tree: Tree
) -> None:
    base = live_server.url
    year = timezone.localdate().year

    # 1. The office head opens 监督 from the navigation: the whole city, with the charts drawn.
    head = staff_page(browser, base, "city_head", viewport={"width": 1280, "height": 900})
    head.get_by_role("navigation", name="后台导航").get_by_role("link", name="监督", exact=True).click()
    expect(head.get_by_role("heading", level=1)).to_have_text(
        f"明湖市人民政府及所属机关 {year}年政府信息公开监测"
    )
    education = agency_row(head, "明湖市教育局")
    expect(education.locator("td").nth(OVERDUE_COLUMN)).to_have_text("2")
    expect(agency_row(head, "明湖市公安局").locator("td").nth(OVERDUE_COLUMN)).to_have_text("0")
    expect_charts_drawn(head)
    save_screenshot(head, SCREENSHOTS / "supervision-desktop.png")  # for a human look, pass or fail
    check_accessibility(head)

    # 2. Drills into the department: its own subtree, itself the only row.
    education.get_by_role("rowheader").get_by_role("link", name="明湖市教育局").click()
    expect(head.get_by_role("heading", level=1)).to_have_text(
        f"明湖市教育局及所属机关 {year}年政府信息公开监测"
    )
    expect(head.locator("table.supervision-table tbody tr")).to_have_count(1)
    dashboard_url = head.url

    # 3. Its overdue number leads to the overdue requests of that agency.
    agency_row(head, "明湖市教育局").locator("td").nth(OVERDUE_COLUMN).get_by_role("link", name="2").click()
    expect(head.get_by_role("heading", level=1)).to_have_text("依申请公开")
    assert re.search(rf"[?&]agency={tree.education.pk}(&|$)", head.url), head.url
    assert re.search(r"[?&]due=overdue(&|$)", head.url), head.url
    rows = head.locator("table.requests tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.locator(".due-badge.due-overdue")).to_have_count(2)
    expect(head.get_by_text("共 2 件")).to_be_visible()

    # 4. Opens one: its page shows, the overdue record of the department.
    number = tree.overdue[0].number
    rows.get_by_role("link", name=number).click()
    expect(head.get_by_role("heading", level=1)).to_contain_text(number)
    expect(head.locator("main")).to_contain_text("明湖市教育局")

    # 5. Back to the dashboard, and the XLSX of what it shows.
    head.go_back()
    expect(head.get_by_role("heading", level=1)).to_have_text("依申请公开")
    head.go_back()
    assert head.url == dashboard_url
    with head.expect_download() as download:
        head.get_by_role("link", name="导出 XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert "明湖市教育局" in str(lines[0][0])
    assert lines[1] == HEADERS
    row = dict(zip(HEADERS, next(line for line in lines[2:] if line[0] == "明湖市教育局"), strict=True))
    assert (row["已超期"], row["办理中"]) == (2, 2)
    assert [line[0] for line in lines[2:]] == ["明湖市教育局"]
    head.context.close()

    # 6. The dashboard on a 360 px phone: the table scrolls inside its frame, the page never sideways.
    phone = staff_page(
        browser,
        base,
        "city_head",
        viewport={"width": PHONE_WIDTH, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    phone.goto(f"{base}/staff/supervision/")
    expect(agency_row(phone, "明湖市教育局").locator("td").nth(OVERDUE_COLUMN)).to_have_text("2")
    expect_charts_drawn(phone)
    save_screenshot(phone, SCREENSHOTS / "supervision-phone.png")
    assert_fits_phone(phone)
    check_accessibility(phone)
    phone.context.close()
