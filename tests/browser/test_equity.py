"""Browser test: the Access & equity page in headless Chromium against `streamlit run`.

Opens the page, waits for its four charts, pulls a policy lever and checks the page answers,
then saves full-page screenshots (before and after) for a person to look at.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_equity_page_in_a_browser(streamlit_url, page, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    # Streamlit scrolls inside its own container, so a tall window is what shows every chart.
    page.set_viewport_size({"width": 1280, "height": 4600})
    page.goto(f"{streamlit_url}/equity")
    page.get_by_role("heading", name=re.compile("Access & equity")).wait_for()
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=60_000
    )
    assert page.get_by_text(re.compile(r"IV infusion at \$400 a session prices out")).is_visible()
    page.screenshot(path=str(screenshot_dir / "equity.png"), full_page=True)

    page.get_by_text("Coverage parity", exact=True).click()
    page.get_by_text(re.compile("could newly afford IV infusion")).wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 4")
    page.wait_for_timeout(1500)  # let the charts finish drawing before the picture
    page.screenshot(path=str(screenshot_dir / "equity_reform.png"), full_page=True)
    assert page.locator("text=Traceback").count() == 0
