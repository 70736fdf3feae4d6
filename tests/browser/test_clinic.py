"""Clinic pricing in a real browser: Debian's Chromium (Playwright) against `streamlit run`.

Opens the page, checks the metrics and charts are drawn, changes the booked volume and waits for
the profit to change, then saves a full-page screenshot to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"


def metric_value(page, label: str) -> str:  # type: ignore[no-untyped-def]
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return str(box.locator("[data-testid='stMetricValue']").inner_text())


def test_clinic_page_draws_and_recomputes(page, streamlit_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # Enter at the root and follow the navigation link, the way a manager arrives.
    page.goto(streamlit_url)
    page.wait_for_selector("h1", timeout=30_000)
    page.get_by_role("link", name="Clinic pricing").first.click()
    page.wait_for_url("**/clinic", timeout=30_000)
    page.wait_for_selector("h1:has-text('Clinic pricing')", timeout=30_000)
    page.wait_for_function(IDLE, timeout=30_000)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert not page.locator("[data-testid='stException']").count()
    # Charts below the fold are drawn as they scroll into view.
    for _ in range(12):
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(150)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=30_000
    )
    assert metric_value(page, "Profit per month").startswith(("$", "-$"))
    reach = metric_value(page, "Households who can afford")
    assert reach.endswith("%")

    before = metric_value(page, "Profit per month")
    booked = page.locator("input[aria-label='Booked sessions per month']")
    booked.fill("200")
    booked.press("Enter")
    page.wait_for_function(
        "before => { const m = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(e => e.innerText.includes('Profit per month'));"
        " return m && !m.innerText.includes(before); }",
        arg=before,
        timeout=30_000,
    )
    assert metric_value(page, "Profit per month") != before
    page.wait_for_function(IDLE, timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "clinic-wide.png"), full_page=True)
    # The reach chart sits at the bottom of the scrolling main area: a second picture of it.
    reach_chart = page.locator(".js-plotly-plot").last
    reach_chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "clinic-reach.png"))
