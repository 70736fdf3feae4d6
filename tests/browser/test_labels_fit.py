"""Issue 17 item 3: no label is cut off at 1366 px. On every page, at 1366x900 in Chromium, with
every expander (and each of Estimate's tabs) open, no widget label, metric label or button text is truncated (Streamlit ends a
label that does not fit with an ellipsis; the fix is a shorter label with the long part in its
help, not CSS). Estimate and Compare are also checked with private insurance, whose fields
(deductible, out-of-pocket maximum...) a self-pay person does not see."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.test_client import open_tab, settled
from ui import estimate_parts as parts

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = {
    "estimate": "Estimate my cost",
    "compare": "Compare options",
    "clinic": "Clinic pricing",
    "equity": "Access & equity",
    "sources": "Sources & method",
}
# Every visible label, metric label and button, and every element inside one, whose text is
# wider than its box while the box hides the rest (an ellipsis or a clipped overflow).
CUT_OFF = """() => {
  const out = [];
  const roots = document.querySelectorAll(
    '[data-testid="stWidgetLabel"], [data-testid="stMetricLabel"], button');
  for (const root of roots) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!el.offsetParent || el.clientWidth === 0) continue;
      const style = getComputedStyle(el);
      const hides = style.textOverflow === 'ellipsis' || style.overflowX !== 'visible';
      if (hides && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) {
        out.push(root.textContent.trim().slice(0, 80));
        break;
      }
    }
  }
  return out;
}"""


def open_every_expander(page) -> None:  # type: ignore[no-untyped-def]
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(60):  # each click opens one (a lazy one reruns the page)
        settled(page)
        if not closed.count():
            break
        try:
            closed.first.click(timeout=5_000)
        except PlaywrightTimeout:  # the page was redrawn between the count and the click
            continue
    settle(page)


def insured(page) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_role("combobox", name="Insurance", exact=True)
    box.click()
    box.fill("Private insurance")
    box.press("Enter")
    page.locator(
        "[data-testid='stNumberInput']", has_text="Deductible ($ per plan year)"
    ).wait_for()
    settle(page)


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(1500)  # the last elements settle after the run ends


@pytest.mark.parametrize(
    ("name", "insurance"),
    [*((name, False) for name in PAGES), ("estimate", True), ("compare", True)],
)
def test_no_label_is_cut_off(
    browser, streamlit_url: str, screenshot_dir, name: str, insurance: bool
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{streamlit_url}/{name}")
        page.wait_for_selector(f"h1:has-text('{PAGES[name]}')", timeout=60_000)
        settle(page)
        if insurance:
            if name == "compare":  # its insurance sits in an expander
                page.locator("[data-testid='stExpander'] summary").first.click()
                page.wait_for_timeout(1000)  # let it open before typing into it
            insured(page)
        open_every_expander(page)
        shot = f"labels_1366_{name}{'_insured' if insurance else ''}.png"
        page.screenshot(path=str(screenshot_dir / shot), full_page=True)
        cut = page.evaluate(CUT_OFF)
        if name == "estimate":  # each detail tab's content is drawn only while it is open
            for label in parts.TABS[1:]:
                open_tab(page, label)
                open_every_expander(page)
                cut += page.evaluate(CUT_OFF)
        assert cut == [], cut
    finally:
        context.close()
