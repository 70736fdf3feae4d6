"""Browser test: the Access & equity page in headless Chromium against `streamlit run`.

Opens the page, waits for its four charts, checks it says which course it prices, pulls a policy
lever and checks the page answers, then saves full-page screenshots (wide and phone) for a person
to look at.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot').length >= 4"


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/equity")
    page.get_by_role("heading", name=re.compile("Access & equity")).wait_for()
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)


def test_equity_page_in_a_browser(streamlit_url, page, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    # Streamlit scrolls inside its own container, so a tall window is what shows every chart.
    page.set_viewport_size({"width": 1280, "height": 4600})
    _open(page, streamlit_url)
    assert page.get_by_text(re.compile(r"IV infusion at \$400 a session prices out")).is_visible()
    assert page.get_by_text(re.compile("IV infusion — first 12 months: 19 treatment")).is_visible()
    page.wait_for_timeout(1500)  # let the charts finish drawing before the picture
    page.screenshot(path=str(screenshot_dir / "equity.png"), full_page=True)

    page.get_by_text("Coverage parity", exact=True).click()
    page.get_by_text(re.compile("could newly afford IV infusion")).wait_for(timeout=60_000)
    page.wait_for_function(CHARTS_DRAWN)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(screenshot_dir / "equity_reform.png"), full_page=True)
    assert page.locator("text=Traceback").count() == 0


def test_equity_page_on_a_phone(browser, streamlit_url, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    # 390 px wide (a common phone); tall, for the same reason as above.
    context = browser.new_context(viewport={"width": 390, "height": 9000}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    _open(page, streamlit_url)
    page.wait_for_timeout(1500)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    assert page.locator("text=Traceback").count() == 0
    page.screenshot(path=str(screenshot_dir / "equity-phone.png"), full_page=True)
    context.close()
