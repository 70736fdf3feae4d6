"""The paying section in a real browser (Debian's Chromium under Playwright, `streamlit run`):
the example file opened through a share link, the cliff chart drawn, screenshots of the chart at
desktop width and on a 390 px phone (reviewed by eye: the chart must be readable on a phone),
and no sideways scrolling on the phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing.scenario import load_file
from tests.browser.test_client import open_tab, settled
from ui import estimate_parts as parts
from ui import share

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "paying_over_two_years.yaml"
CHART = "[data-testid='stPlotlyChart']:has(.gtitle:has-text('Deferred-interest card'))"


def link(base: str) -> str:
    return f"{base}/?{share.QUERY_KEY}={share.encode_for_link(load_file(EXAMPLE))}"


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)])
def test_cliff_chart_on_desktop_and_phone(  # type: ignore[no-untyped-def]
    browser, streamlit_url: str, screenshot_dir: Path, name: str, width: int, height: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=name == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(link(streamlit_url))
    page.wait_for_selector("h3:has-text('ould likely pay')", timeout=40_000)
    settled(page)
    assert page.locator("text=By calendar year of the bill").count() >= 1
    open_tab(page, parts.WAYS)
    chart = page.locator(CHART)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)  # plotly draws after it scrolls into view
    box = chart.bounding_box()
    assert box is not None and box["width"] <= width
    assert page.locator(f"{CHART} .annotation-text:has-text('Promotion ends')").count() == 1
    assert not page.locator("[data-testid='stException']").count()
    if name == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    chart.screenshot(path=str(screenshot_dir / f"paying-cliff-{name}.png"))
    page.locator("h3:has-text('Ways to pay')").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / f"paying-section-{name}.png"))
    context.close()
