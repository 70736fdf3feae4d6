"""Browser test: the Access & equity page in headless Chromium against `streamlit run`.

A person opens a shared link to Texas (its state, treatment and reforms in the address), sees the
tile map and the stack, picks another state and finds the address following; the page also fits a
phone. Full-page screenshots (wide and phone) are saved for a person to look at.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot').length >= 2"
LINK = "/equity?state=TX&treatment=spravato&reforms=state_subsidy,oop_cap"


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}{LINK}")
    page.get_by_role("heading", name=re.compile("Access & equity")).wait_for()
    page.wait_for_function(CHARTS_DRAWN, timeout=120_000)


def test_equity_page_from_a_link_in_a_browser(streamlit_url, page, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    # Streamlit scrolls inside its own container, so a tall window is what shows every chart.
    page.set_viewport_size({"width": 1280, "height": 4600})
    page.set_default_timeout(120_000)
    _open(page, streamlit_url)
    assert page.locator("h3", has_text="Spravato in Texas").is_visible()
    assert page.get_by_text(re.compile(r"From a sample of 5,000 households per state")).count() == 1
    # The map is drawn by Plotly in the page (no map service): TX's tile carries its share.
    assert page.locator(".js-plotly-plot text", has_text="TX").count() >= 1
    page.wait_for_timeout(1500)  # let the charts finish drawing before the picture
    page.screenshot(path=str(screenshot_dir / "equity.png"), full_page=True)

    box = page.get_by_role("combobox", name="State", exact=True)
    box.click()
    box.fill("Massachusetts")
    box.press("Enter")
    page.locator("h3", has_text="Spravato in Massachusetts").wait_for()
    page.wait_for_function("window.location.search.includes('state=MA')")
    assert (
        "reforms=state_subsidy%2Coop_cap" in page.url or "reforms=state_subsidy,oop_cap" in page.url
    )
    assert page.locator("text=Traceback").count() == 0


def test_equity_page_on_a_phone(browser, streamlit_url, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    # 390 px wide (a common phone); tall, for the same reason as above.
    context = browser.new_context(viewport={"width": 390, "height": 9000}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    _open(page, streamlit_url)
    page.wait_for_timeout(1500)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    assert page.locator("text=Traceback").count() == 0
    page.screenshot(path=str(screenshot_dir / "equity-phone.png"), full_page=True)
    context.close()
