"""axe-core finds no serious or critical accessibility violations on the portal's home, 目录, item,
search and application pages (and an agency's 指南 and 法定主动公开内容), on a desktop and on a 360 px
phone; the same pages never scroll sideways on the phone. Every page is saved as a screenshot in
test-artifacts/screenshots/ for a human look."""

from __future__ import annotations

from collections.abc import Generator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from gongkai.catalogue import services
from gongkai.catalogue.models import Topic
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from tests.browser import axe
from tests.browser.conftest import SCREENSHOTS, save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
PAGES = ["home", "catalogue", "item", "search", "apply", "guide", "statutory"]
SEARCH_QUERY = "招生"


def _publish(agency: Any, **fields: Any) -> Any:
    item = services.item_create(actor=None, agency=agency, data=ItemInput(**fields))
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item, checklist=dict.fromkeys(REVIEW_CHECKLIST, True))
    return services.item_publish(actor=None, item=item, published_on=date(2025, 3, 10))


@pytest.fixture
def portal_content(world: Any) -> dict[str, str]:
    """A small but realistic catalogue: topics, several agencies, a long title, a body with a table,
    a 规范性文件 with its validity, and a policy interpretation linked to its policy."""
    education = Topic.objects.create(name="科技、教育")
    schools = Topic.objects.create(name="教育", parent=education)
    policy = _publish(
        world.agency_a,
        title="明湖市教育局关于做好2025年义务教育阶段学校招生入学工作的通知（含随迁子女入学办法和时间安排）",
        created_on=date(2025, 3, 3),
        category=11,
        summary="明确2025年义务教育阶段招生的范围、时间和程序。",
        document_number="明教〔2025〕3号",
        topic_id=schools.pk,
        genre="notice",
        kind="normative_document",
        valid_from=date(2025, 4, 1),
        channels=["website", "gazette"],
        body=(
            "<p>各区教育局：</p><p>现将2025年义务教育招生工作有关事项通知如下。</p>"
            "<table><thead><tr><th>阶段</th><th>报名时间</th><th>公示时间</th><th>录取结果</th></tr></thead>"
            "<tbody><tr><td>小学一年级</td><td>2025年6月1日至6月10日</td><td>2025年7月1日</td>"
            "<td>2025年7月15日前通知到户</td></tr></tbody></table>"
        ),
    )
    _publish(
        world.agency_a,
        title="《明湖市2025年义务教育招生工作通知》政策解读",
        created_on=date(2025, 3, 4),
        category=11,
        genre="interpretation",
        interpretation_kind="policy_interpretation",
        answers=[policy.pk],
    )
    _publish(
        world.agency_b,
        title="明湖市公安局行政处罚决定书（明公罚〔2025〕12号）",
        created_on=date(2025, 3, 5),
        category=6,
    )
    _publish(
        world.district_dept, title="东湖区2025年小学招生范围公告", created_on=date(2025, 3, 6), category=11
    )
    return {
        "home": "/",
        "catalogue": "/catalogue/",
        "item": f"/catalogue/{policy.index_number}/",
        "search": f"/search/?q={SEARCH_QUERY}",
        "apply": "/apply/",
        "guide": f"/agencies/{world.agency_a.code}/guide/",
        "statutory": f"/agencies/{world.district.code}/statutory/",
    }


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Generator[tuple[str, Page]]:
    name = str(request.param)
    phone = name == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[name],  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        bypass_csp=True,  # axe is injected as a <script>; the portal's CSP allows only its own
    )
    context.set_default_timeout(10_000)
    yield name, context.new_page()
    context.close()


@pytest.mark.parametrize("which", PAGES)
def test_portal_page_has_no_serious_accessibility_violations(
    live_server: Any, portal_content: dict[str, str], sized_page: tuple[str, Page], which: str
) -> None:
    viewport, page = sized_page
    response = page.goto(live_server.url + portal_content[which])
    assert response is not None
    assert response.status == 200, f"{portal_content[which]} answered {response.status}"
    save_screenshot(page, SCREENSHOTS / f"a11y-{which}-{viewport}.png")
    found = axe.violations(page)
    assert not found, "\n".join(str(v) for v in found)


@pytest.mark.parametrize("which", PAGES)
def test_portal_page_fits_a_360px_phone(
    live_server: Any, portal_content: dict[str, str], browser: Browser, which: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, locale="zh-CN")  # type: ignore[arg-type]
    try:
        page = context.new_page()
        response = page.goto(live_server.url + portal_content[which])
        assert response is not None
        assert response.status == 200
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths["scroll"] <= widths["inner"], f"{which} scrolls sideways at 360 px: {widths}"
    finally:
        context.close()


def test_axe_loads_despite_the_content_security_policy(
    live_server: Any, world: Any, browser: Browser
) -> None:
    """Without bypass_csp the injected <script> is refused; the helper falls back to DevTools."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert axe.violations(page, impacts=()) == []  # runs; no impact asked for, so nothing returned
        assert page.evaluate("() => typeof window.axe") == "object"
    finally:
        context.close()
