"""The legacy-report journey of issue 6 in a real browser: a clerk uploads a past report saved from the
agency's website (with its navigation around it), sees the source with each extracted figure marked
beside the figures, corrects one, saves it as that year's history, and sees the saved figures; a second
upload of the same year asks before replacing. Accessible, and usable on a 360 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.annual_reports.models import HistoricalReport
from tests.browser import axe
from tests.browser.layout import assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Journey-pass-2026"
PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>明湖市卫生健康委员会</title>
<script>var tracker = 1;</script><style>.x{}</style></head><body>
<div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="nav"><ul><li>机构概况</li><li>政策文件</li><li>统计数据</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div id="content">
<h1>明湖市卫生健康委员会2017年政府信息公开工作年度报告</h1>
<p>一、概述</p>
<p>2017年，明湖市卫生健康委员会深入贯彻落实《中华人民共和国政府信息公开条例》。</p>
<p>二、依申请公开情况</p>
<p>全年共收到政府信息公开申请26件，其中当面申请10件，网上申请14件，信函申请2件。</p>
<p>三、其他需要报告的事项</p><p>无。</p>
</div>
<div class="share">分享到：微信 微博</div>
<div class="footer">主办单位：明湖市卫生健康委员会 网站标识码 0000000000 访问量：1023456</div>
</body></html>""".encode()


@pytest.fixture
def clerk(live_server: Any) -> Any:
    city = agency_services.agency_create(
        actor=None, name="明湖市人民政府", kind="government", level="city", code=fictional_uscc(1)
    )
    health = agency_services.agency_create(
        actor=None,
        name="明湖市卫生健康委员会",
        kind="department",
        level="city",
        code=fictional_uscc(2),
        parent=city,
    )
    agency_services.staff_create(
        actor=None, username="wjw_clerk", agency=health, role="clerk", password=PASSWORD
    )
    return health


def _login(browser: Browser, base: str, **context: Any) -> Page:
    page = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context).new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill("wjw_clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def _upload(page: Page, base: str) -> None:
    page.goto(base + "/staff/history/")
    page.get_by_label("年度报告文件").set_input_files(
        {"name": "2017年年度报告.html", "mimeType": "text/html", "buffer": PAGE}
    )
    page.get_by_role("button", name="识别").click()
    expect(page.get_by_role("heading", name="核对导入结果", level=1)).to_be_visible()


def test_upload_review_correct_and_save(browser: Browser, live_server: Any, clerk: Any) -> None:
    base = live_server.url
    page = _login(browser, base)
    _upload(page, base)
    source = page.locator(".source-lines")
    expect(source).to_contain_text("全年共收到政府信息公开申请26件")
    expect(source).not_to_contain_text("互动交流")  # the site's navigation is gone
    expect(source).not_to_contain_text("访问量")
    expect(page.locator("#mark-requests\\.new")).to_contain_text("26")
    expect(page.get_by_label("报告年度")).to_have_value("2017")
    new = page.locator("input[name='figure__requests.new']")
    expect(new).to_have_value("26")
    # The evidence link jumps to the marked line.
    page.locator("tr", has=new).get_by_role("link").click()
    expect(page.locator(".source-lines li:target")).to_contain_text("26件")
    assert [str(v) for v in axe.violations(page)] == []

    page.locator("input[name='figure__requests.channel.letter']").fill("3")
    page.get_by_role("button", name="保存为历史年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017年度历史报告")
    row = HistoricalReport.objects.get(agency=clerk, year=2017)
    assert row.document["figures"]["requests.new"] == 26
    assert row.document["figures"]["requests.channel.letter"] == 3
    assert row.document["provenance"]["requests.channel.letter"]["corrected_by_staff"]["from"] == 2
    expect(page.locator(".figures-table")).to_contain_text("人工更正")

    # The same year again: nothing replaced until the person confirms.
    _upload(page, base)
    page.get_by_role("button", name="保存为历史年度报告").click()
    expect(page.get_by_role("alert").filter(has_text="已有历史报告").first).to_be_visible()
    assert HistoricalReport.objects.get().document["figures"]["requests.channel.letter"] == 3
    page.get_by_label("替换已有的该年度历史报告").check()
    page.get_by_role("button", name="保存为历史年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017年度历史报告")
    assert HistoricalReport.objects.get().document["figures"]["requests.channel.letter"] == 2


def test_the_review_page_works_on_a_phone(browser: Browser, live_server: Any, clerk: Any) -> None:
    base = live_server.url
    page = _login(browser, base, viewport={"width": 360, "height": 740})
    _upload(page, base)
    assert_no_sideways_scroll(page)
    assert [str(v) for v in axe.violations(page)] == []
