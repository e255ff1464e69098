"""Browser test harness: Debian's chromium (never a downloaded browser), the `browser` marker on every
test here, and a full-page screenshot of every failing page in test-artifacts/screenshots/."""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _in_this_package(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, so it only touches the ones collected from here.
    missing = None
    if not CHROMIUM.exists():
        missing = pytest.mark.skip(
            reason=f"browser tests need Debian's chromium at {CHROMIUM} (run `make system-deps`)"
        )
    for item in items:
        if _in_this_package(item):
            item.add_marker(pytest.mark.browser)
            if missing is not None:
                item.add_marker(missing)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Chromium asks for English by default, which LocaleMiddleware would honour; people here read Chinese.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    # Same answer as pytest-playwright's fallback, whose method-style session fixture warns under pytest 9.
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


def screenshot_path(nodeid: str, suffix: str = "") -> Path:
    """test-artifacts/screenshots/<nodeid with anything but letters, digits, dot, dash as _>.png"""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", nodeid).strip("_")
    return SCREENSHOTS / f"{name}{suffix}.png"


def save_screenshot(page: Page, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when != "call" or not report.failed or not _in_this_package(item):
        return
    # Any Page the test holds (the `page` fixture or a phone page); fixtures are not torn down yet.
    funcargs: dict[str, Any] = getattr(item, "funcargs", {})
    pages = [(name, value) for name, value in funcargs.items() if isinstance(value, Page)]
    for name, page in pages:
        suffix = "" if name == "page" else f"-{name}"
        try:
            path = save_screenshot(page, screenshot_path(item.nodeid, suffix))
        except Exception as exc:  # a crashed or closed page must not hide the real failure
            report.sections.append(("screenshot", f"could not save screenshot of {name}: {exc}"))
        else:
            report.sections.append(("screenshot", str(path.relative_to(REPO_ROOT))))
