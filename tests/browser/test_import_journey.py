"""Bulk import in a real browser on a phone-sized screen: the clerk uploads a CSV for a dry run, the
page's script drives the job to the end (CSP allows scripts from 'self' only), no serious
accessibility problems, then 正式导入 publishes the rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from gongkai.catalogue.models import Item
from gongkai.catalogue.workflow import Status
from tests.browser import axe

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 45


@pytest.fixture
def clock() -> Generator[Any]:
    with time_machine.travel("2026-03-20 09:30 +0800", tick=True) as traveller:
        yield traveller


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Several round trips, so the progress bar is seen to advance between batches.
    from gongkai.catalogue import import_views

    monkeypatch.setattr(import_views, "STEP_BATCH", 10)


def _csv(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["原系统编号", "名称", "生成日期", "发布日期", "公开类别", "公开渠道"])
    for i in range(ROWS):
        writer.writerow(
            [
                f"CMS-{i}",
                f"明湖市教育局2021年第{i + 1}号通知",
                "2021-03-02",
                "2021/3/5",
                "（十一）",
                "政府网站",
            ]
        )
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def test_clerk_imports_on_a_phone(
    live_server: Any,
    browser: Browser,
    world: Any,
    persona_password: str,
    clock: Any,
    small_batches: None,
    tmp_path: Path,
) -> None:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/staff/login/")
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill(persona_password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto(live_server.url + "/staff/catalogue/import/")
    expect(page.get_by_role("heading", name="批量导入主动公开信息")).to_be_visible()
    assert not axe.violations(page), axe.violations(page)
    page.get_by_label("CSV或XLSX文件").set_input_files(str(_csv(tmp_path / "目录.csv")))
    page.get_by_role("button", name="上传并开始").click()

    bar = page.locator("progress#import-bar")
    expect(bar).to_have_attribute("max", str(ROWS))
    expect(page.get_by_text("试导入没有发现错误")).to_be_visible(
        timeout=60_000
    )  # the script drove every batch
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert not axe.violations(page), axe.violations(page)
    assert Item.objects.count() == 0

    page.get_by_role("button", name="正式导入").click()
    expect(page.get_by_text(f"导入完成：新增 {ROWS} 条")).to_be_visible(timeout=60_000)
    expect(bar).to_have_attribute("value", str(ROWS))
    assert Item.objects.filter(status=Status.PUBLISHED).count() == ROWS
    context.close()
