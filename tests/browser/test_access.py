"""Tap targets on a phone (issue 18, item 4): at 390 px wide, in Chromium, every button, help
icon, expander header, chart-toolbar button and heading link on every page is at least 24 x 24
CSS pixels (WCAG 2.2, 2.5.8). Without ui/access.py's style sheet the help icons (16 px), the
multiselect's remove crosses (15 x 7) and the chart toolbar (24 x 22) fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_client import open_page, wait_idle
from ui.access import MIN_TAP_PX

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = ("estimate", "compare", "clinic", "equity", "sources")
CONTROLS = (
    "button",
    "[role='button']",
    "summary",
    ".modebar-btn",
    "[data-testid='stTooltipHoverTarget'] button",
    "[data-testid='stHeaderActionElements'] a",
)
# Every control drawn on screen (a folded sidebar is off to the left: not a target now).
MEASURE = """
(selectors) => {
  const small = [];
  let seen = 0;
  for (const el of document.querySelectorAll(selectors.join(','))) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (r.right <= 0 || r.left >= window.innerWidth) continue;
    seen += 1;
    if (r.width < MIN || r.height < MIN) {
      const name = el.getAttribute('aria-label') || el.getAttribute('data-testid') ||
        el.innerText.slice(0, 30);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {seen, small};
}
"""


@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_a_24_pixel_target_on_a_phone(  # type: ignore[no-untyped-def]
    browser, streamlit_url: str, screenshot_dir: Path, path: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(40_000)
    try:
        open_page(page, f"{streamlit_url}/{path}")
        wait_idle(page)
        charts = page.locator(".js-plotly-plot")
        if charts.count():  # the toolbar shows over a chart that is touched or hovered
            charts.first.scroll_into_view_if_needed()
            charts.first.hover()
            page.wait_for_selector(".modebar-btn", state="visible")
        found = page.evaluate(MEASURE.replace("MIN", str(MIN_TAP_PX)), list(CONTROLS))
        page.screenshot(path=str(screenshot_dir / f"access-{path}-390.png"), full_page=False)
    finally:
        context.close()
    assert found["seen"] >= 3, f"{path}: only {found['seen']} controls found"
    assert not found["small"], f"{path}: smaller than {MIN_TAP_PX} px: {found['small']}"
