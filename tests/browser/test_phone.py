"""Issue 17 item 3: on a phone (390 px) the headline follows the inputs that change it. The
columns of Estimate stack, so the headline sits above the whole form; a box right under the last
input repeats it (the same figure), and a changed price shows there without scrolling back up."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
HEADLINE = "h3:has-text('You would likely pay')"
SUMMARY = "[data-testid='stMarkdownContainer']:has-text('Your estimate:')"
MONEY = re.compile(r"\$[\d,]+")


def test_the_summary_follows_the_inputs(browser, streamlit_url: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(streamlit_url)
        page.wait_for_selector(HEADLINE, timeout=60_000)
        page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
        )
        summary = page.locator(SUMMARY).last
        headline = page.locator(HEADLINE)
        assert MONEY.findall(summary.inner_text()) == MONEY.findall(headline.inner_text())
        last_input = page.locator("[data-testid='stExpander']", has_text="Paying over time")
        form_end = last_input.bounding_box()
        box = summary.bounding_box()
        assert form_end is not None and box is not None
        # below the last input, and within a screen of it
        assert 0 < box["y"] - (form_end["y"] + form_end["height"]) < 844
        summary.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        page.screenshot(path=str(screenshot_dir / "phone_390_summary.png"))

        before = summary.inner_text()
        price = page.get_by_label("Price per session, lowest quote ($)")
        price.fill("200")
        price.press("Enter")
        page.wait_for_function(
            "(before) => { const els = [...document.querySelectorAll("
            "'[data-testid=\"stMarkdownContainer\"]')].filter(e => "
            "e.innerText.includes('Your estimate:')); "
            "return els.length && els[els.length - 1].innerText !== before; }",
            arg=before,
            timeout=30_000,
        )
        page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
        )
        assert MONEY.findall(summary.inner_text()) == MONEY.findall(headline.inner_text())
        summary.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        page.screenshot(path=str(screenshot_dir / "phone_390_summary_changed.png"))
    finally:
        context.close()
