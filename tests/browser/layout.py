"""Phone-layout checks shared by the browser journeys: the page must not scroll sideways at a phone's
width, and a wide table must scroll inside its own frame instead of being squeezed."""

from __future__ import annotations

from playwright.sync_api import Page

PHONE_WIDTH = 360
OVERFLOW_TOLERANCE = 2  # px: sub-pixel rounding of borders, not a sideways scroll

# The outermost elements reaching past the phone's width (not counting what scrolls or is clipped inside
# its own box, like the tables), to say what overflows when something does.
WIDEST_ELEMENTS = """(limit) => {
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit + 2 && !contained(el));
  return wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 8).map((el) => {
    const box = el.getBoundingClientRect();
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const where = el.closest('[id]');
    return `${el.tagName.toLowerCase()}${classes} in #${where ? where.id : ''} [${Math.round(box.left)}–${Math.round(box.right)} px]`;
  });
}"""


def assert_no_sideways_scroll(page: Page, width: int = PHONE_WIDTH) -> None:
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= width + OVERFLOW_TOLERANCE, (
        f"page scrolls sideways: {widths}; too wide: {page.evaluate(WIDEST_ELEMENTS, width)}"
    )


def assert_table_scrolls(page: Page, wrapper: str, table: str) -> None:
    """The wrapper around `table` scrolls sideways, and the table is wider than it (not squeezed)."""
    wrap = page.locator(wrapper).filter(has=page.locator(table))
    overflow = wrap.evaluate(
        "el => ({scroll: el.scrollWidth, client: el.clientWidth, style: getComputedStyle(el).overflowX})"
    )
    assert overflow["style"] in ("auto", "scroll"), f"{table} cannot scroll in its frame: {overflow}"
    assert overflow["scroll"] > overflow["client"], f"{table} was squeezed, not scrolled: {overflow}"
