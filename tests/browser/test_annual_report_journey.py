"""The 年度报告 journey of issue 5 in a real browser: a department's clerk creates last year's report,
writes the narrative and submits it to the same-level 政府信息公开工作主管部门 (第四十九条); the
overseeing office returns it with a comment, the clerk corrects and resubmits, the office accepts, the
department's office head publishes, and a visitor reads it on the portal (tables, ECharts charts,
narrative; accessible on a desktop and on a 360 px phone) and downloads the DOCX.

The tree is built here rather than taken from the personas' world, since review rights come from an
overseeing 政府办公室 the world does not have:

    明湖市人民政府 (government)
    ├── 明湖市人民政府办公室 (department, oversees_disclosure)  ← city_head (office head)
    └── 明湖市教育局 (department)                              ← edu_clerk, edu_head
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Browser, BrowserContext, Page, expect

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.annual_reports.models import AnnualReport, ReportEvent
from gongkai.appeals import services as appeal_services
from gongkai.appeals.models import AppealKind
from gongkai.core.models import AuditEntry
from gongkai.core.workdays import WorkingDayCalendar, load_bundled_schedules
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import ApplicantType, Channel, DisclosureRequest
from gongkai.disclosure_requests.tests.request_factories import INFO, applicant_of, on
from tests.browser import axe
from tests.browser.conftest import SCREENSHOTS, save_screenshot
from tests.browser.layout import PHONE_WIDTH, assert_no_sideways_scroll, assert_table_scrolls

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Journey-pass-2026"
PROBLEMS_DRAFT = "一是政策解读形式较为单一；二是依申请公开答复文书说理不够充分。"
PROBLEMS_FINAL = (
    "一是政策解读形式较为单一，图解解读占比不高；二是依申请公开答复文书说理不够充分。"
    "下一步将丰富解读形式，加强答复文书规范化培训。上一年度报告所列问题已整改完毕。"
)
OTHER_ADDITION = "本年度组织开展政务公开专题培训2次。"
RETURN_COMMENT = "请在“存在的主要问题及改进情况”中补充上一年度所列问题的整改情况。"


@dataclass
class Tree:
    city: Agency
    office: Agency
    education: Agency
    year: int
    new_requests: int


CALENDAR = WorkingDayCalendar(load_bundled_schedules())


def report_year() -> int:
    """Last year, or the latest year whose holiday schedule is bundled (request dates need it)."""
    return min(timezone.localdate().year - 1, max(CALENDAR.years))


def workday(value: date) -> date:
    """The day itself if people work that day, else the next working day."""
    return value if CALENDAR.is_working_day(value) else CALENDAR.add_working_days(value, 1)


def _received_and_replied(
    actor: Any, agency: Agency, serial: int, kind: str, channel: str, received: date, outcome: str
) -> DisclosureRequest:
    with on(received):
        if channel == Channel.ONLINE:
            # Submitted by the applicant on the portal: received on submission, no separate acceptance.
            request = request_services.request_submit(
                actor=None, agency=agency, applicant=applicant_of(kind, serial), info=INFO
            ).request
        else:
            request = request_services.request_submit(
                actor=actor,
                agency=agency,
                applicant=applicant_of(kind, serial),
                info=INFO,
                channel=channel,
                received_on=received,
            ).request
            request = request_services.request_accept(actor=actor, request=request, on=received)
    replied = CALENDAR.add_working_days(received, 5)
    with on(replied):
        return request_services.request_reply(
            actor=actor, request=request, outcome=outcome, replied_on=replied
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

    city = agency("明湖市人民政府", "government", 501)
    office = agency("明湖市人民政府办公室", "department", 502, city)
    # The flag is reference data a platform administrator sets; no service takes it at creation.
    Agency.objects.filter(pk=office.pk).update(oversees_disclosure=True)
    education = agency("明湖市教育局", "department", 503, city)

    def staff(username: str, at: Agency, role: str) -> Any:
        user, _ = agency_services.staff_create(
            actor=None, username=username, agency=at, role=role, password=PASSWORD
        )
        return user

    clerk = staff("edu_clerk", education, "clerk")
    staff("edu_head", education, "office_head")
    staff("city_head", office, "office_head")

    year = report_year()
    scenario = [
        (ApplicantType.NATURAL_PERSON, Channel.IN_PERSON, workday(date(year, 3, 3)), "r1_open"),
        (ApplicantType.COMMERCIAL, Channel.LETTER, workday(date(year, 3, 17)), "r2_partial"),
        (ApplicantType.NATURAL_PERSON, Channel.ONLINE, workday(date(year, 6, 9)), "r1_open"),
        (ApplicantType.RESEARCH, Channel.EMAIL, workday(date(year, 9, 8)), "r1_open"),
        (ApplicantType.NATURAL_PERSON, Channel.IN_PERSON, workday(date(year, 11, 10)), "r3_1"),
    ]
    for serial, (kind, channel, received, outcome) in enumerate(scenario, start=1):
        _received_and_replied(clerk, education, serial, kind, channel, received, outcome)

    filed, decided = workday(date(year, 7, 1)), workday(date(year, 9, 1))
    with on(filed):
        appeal = appeal_services.appeal_register(
            actor=clerk, agency=education, kind=AppealKind.RECONSIDERATION, filed_on=filed
        )
    with on(decided):
        appeal_services.appeal_decide(actor=clerk, appeal=appeal, result="upheld", decided_on=decided)

    return Tree(city=city, office=office, education=education, year=year, new_requests=len(scenario))


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True, **kwargs
    )
    context.set_default_timeout(10_000)
    return context


def staff_page(browser: Browser, base: str, username: str) -> Page:
    page = new_context(browser).new_page()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def open_reports(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="年度报告", exact=True).first.click()
    expect(page.get_by_role("heading", name="政府信息公开工作年度报告", level=1)).to_be_visible()


def narrative(page: Page, label: str) -> Any:
    # Scoped to the form: the report preview's sections are labelled by the same headings.
    return page.locator("#narrative").get_by_label(label)


def save_narrative(page: Page) -> None:
    page.get_by_role("button", name="保存正文").click()
    expect(page.locator(".messages")).to_contain_text("已保存")


def submit(page: Page) -> None:
    form = page.locator("#actions form").filter(has=page.locator("#submit-report"))
    for box in form.locator("input[name=acknowledge]").all():
        box.check()
    form.get_by_role("button", name="报送主管部门审核").click()
    expect(page.locator("#report-status")).to_have_text("已报送待审核")


def assert_fits_phone(page: Page) -> None:
    assert_no_sideways_scroll(page, PHONE_WIDTH)
    assert_table_scrolls(page, ".report-table-wrap", "table.report-table-requests")


def expect_charts_drawn(page: Page) -> None:
    """Every chart container holds what ECharts drew (the data tables beside them are there regardless)."""
    containers = page.locator(".report-chart-canvas")
    expect(containers.first).to_be_attached()
    for container in containers.all():
        expect(container.locator("svg, canvas").first).to_be_attached()


def check_accessibility(page: Page) -> None:
    found = axe.violations(page)
    assert not found, "\n".join(str(v) for v in found)


def test_department_report_is_returned_resubmitted_accepted_published_and_read(
    browser: Browser, live_server: Any, tree: Tree
) -> None:
    base = live_server.url
    year = tree.year
    title = f"明湖市教育局{year}年政府信息公开工作年度报告"

    # 1. The clerk creates the report, writes the narrative and submits it.
    clerk = staff_page(browser, base, "edu_clerk")
    open_reports(clerk)
    create = clerk.locator("form[action$='/staff/reports/new/']")
    create.get_by_label("报告年度").select_option(str(year))
    create.get_by_label("统计范围").select_option(label="本机关")
    create.get_by_role("button", name="新建并生成初稿").click()
    # The page's own h1 (title and status badge), not the preview's report title below it.
    expect(clerk.get_by_role("heading", level=1).first).to_contain_text(title)
    expect(clerk.locator("#report-status")).to_have_text("编制中")
    expect(narrative(clerk, "一、总体情况")).to_have_value(
        re.compile(f"全年新收政府信息公开申请{tree.new_requests}件")
    )
    narrative(clerk, "存在的主要问题及改进情况").fill(PROBLEMS_DRAFT)
    other = narrative(clerk, "其他需要报告的事项")
    other.fill(other.input_value() + "\n\n" + OTHER_ADDITION)
    save_narrative(clerk)
    expect(narrative(clerk, "存在的主要问题及改进情况")).to_have_value(PROBLEMS_DRAFT)
    submit(clerk)
    report = AnnualReport.objects.get(agency=tree.education, year=year, scope="agency")
    assert report.status == "submitted"
    report_url = f"{base}/staff/reports/{report.pk}/"

    # 2. The overseeing office's head finds it in the queue and returns it with a comment.
    city_head = staff_page(browser, base, "city_head")
    open_reports(city_head)
    review = city_head.locator("#review")
    expect(review.get_by_role("heading", name="待审核的报告")).to_be_visible()
    review.get_by_role("link", name=title).click()
    expect(city_head.locator("#report-status")).to_have_text("已报送待审核")
    city_head.locator("#review-form").get_by_label("审核意见").fill(RETURN_COMMENT)
    city_head.get_by_role("button", name="退回修改").click()
    expect(city_head.locator("#report-status")).to_have_text("已退回修改")

    # 3. The clerk sees the comment, corrects the narrative and submits again.
    clerk.context.close()
    clerk = staff_page(browser, base, "edu_clerk")
    clerk.goto(report_url)
    expect(clerk.locator("#review-comment")).to_contain_text(RETURN_COMMENT)
    narrative(clerk, "存在的主要问题及改进情况").fill(PROBLEMS_FINAL)
    save_narrative(clerk)
    submit(clerk)

    # 4. The office accepts; the department's office head publishes.
    city_head.goto(report_url)
    city_head.get_by_role("button", name="审核通过").click()
    expect(city_head.locator("#report-status")).to_have_text("审核通过待发布")
    head = staff_page(browser, base, "edu_head")
    head.goto(report_url)
    head.get_by_role("button", name="在门户网站发布").click()
    expect(head.locator("#report-status")).to_have_text("已发布")
    for page in (clerk, city_head, head):
        page.context.close()

    # 5. A visitor reads it on the portal: under the real CSP, so the charts prove they load.
    visitor_context = new_context(browser, viewport={"width": 1280, "height": 900})
    visitor = visitor_context.new_page()
    visitor.goto(f"{base}/reports/")
    visitor.get_by_role("link", name=title).click()
    body = visitor.locator(".report-body")
    expect(body.get_by_role("heading", name=title, level=1)).to_be_visible()
    headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    expect(body.locator(".report-section > h2")).to_have_text(headings)
    new_row = body.locator("table.report-table-requests tr").filter(
        has=visitor.get_by_role("rowheader", name="一、本年新收政府信息公开申请数量")
    )
    expect(new_row.locator("td").last).to_have_text(str(tree.new_requests))
    expect(new_row.locator("[data-key='requests.new.total']")).to_have_text(str(tree.new_requests))
    appeals = body.locator("table.report-table-appeals")
    expect(appeals).to_be_visible()
    expect(appeals.locator("[data-key='appeals.reconsideration.upheld']")).to_have_text("1")
    expect(appeals.locator("[data-key='appeals.reconsideration.total']")).to_have_text("1")
    expect_charts_drawn(visitor)
    save_screenshot(visitor, SCREENSHOTS / "annual-report-desktop.png")  # for a human look, pass or fail
    expect(body.locator("#section-problems")).to_contain_text(PROBLEMS_FINAL)
    expect(body.locator("#section-other")).to_contain_text(OTHER_ADDITION)
    assert PROBLEMS_DRAFT not in body.inner_text()
    check_accessibility(visitor)

    # 6. The DOCX download opens in python-docx.
    with visitor.expect_download() as download:
        visitor.locator(".report-meta").get_by_role("link", name="DOCX", exact=True).click()
    docx_bytes = Path(download.value.path()).read_bytes()
    document = Document(io.BytesIO(docx_bytes))
    text = "\n".join(p.text for p in document.paragraphs)
    assert title in text
    assert PROBLEMS_FINAL in text
    portal_url = visitor.url
    visitor_context.close()

    # The same page on a 360 px phone: the table scrolls inside its box, the page never sideways.
    phone_context = new_context(
        browser, viewport={"width": PHONE_WIDTH, "height": 740}, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    phone.goto(portal_url)
    expect_charts_drawn(phone)
    save_screenshot(phone, SCREENSHOTS / "annual-report-phone.png")
    assert_fits_phone(phone)
    check_accessibility(phone)
    phone_context.close()

    # The workflow's trail: each step once, in order, with its audit row.
    report.refresh_from_db()
    assert report.status == "published"
    steps = ["submit", "return", "submit", "accept", "publish"]
    events = list(
        ReportEvent.objects.filter(report=report, action__in=set(steps))
        .order_by("at", "pk")
        .values_list("action", "actor__username", "to_status")
    )
    assert events == [
        ("submit", "edu_clerk", "submitted"),
        ("return", "city_head", "returned"),
        ("submit", "edu_clerk", "submitted"),
        ("accept", "city_head", "accepted"),
        ("publish", "edu_head", "published"),
    ]
    audited = list(
        AuditEntry.objects.for_target(report)
        .filter(action__in=[f"annual_report.{step}" for step in steps])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert audited == [f"annual_report.{step}" for step in steps]
