"""axe-core accessibility checks in the browser tests.

axe-core comes from the npm registry (package.json pins it; `npm ci` installs node_modules/). The
portal's Content-Security-Policy allows scripts from 'self' only, so an injected <script> is refused
unless the browser context was made with bypass_csp=True; when that is not so, the source is
evaluated through the DevTools protocol, which page CSP does not govern."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# WCAG 2.1 A and AA, as the checks 政府网站 accessibility guidance (GB/T 37668) follows.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.impact}: {self.id} ({self.help}) at {', '.join(self.targets[:5])}"


def inject(page: Page) -> None:
    if page.evaluate("() => typeof window.axe") == "object":
        return
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in {REPO_ROOT}")
    try:
        page.add_script_tag(path=str(AXE_JS))
    except PlaywrightError as exc:
        if "Content Security Policy" not in str(exc):
            raise
    if page.evaluate("() => typeof window.axe") != "object":
        session = page.context.new_cdp_session(page)
        try:
            session.send("Runtime.evaluate", {"expression": AXE_JS.read_text(encoding="utf-8")})
        finally:
            session.detach()
    if page.evaluate("() => typeof window.axe") != "object":
        raise RuntimeError("axe-core could not be loaded into the page")


def violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """Runs axe on the whole page; returns the violations of the given impacts."""
    inject(page)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    found = []
    for v in result["violations"]:
        if v.get("impact") in impacts:
            targets = [" ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])]
            found.append(Violation(v["id"], v["impact"], v["help"], targets))
    return found
