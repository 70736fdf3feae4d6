"""The client's flows in a real browser: Debian's Chromium (Playwright) against `streamlit run`.

Opens every page, changes the price on Estimate my cost and waits for the headline to change,
uploads a bad then a good scenario file, and saves screenshots (wide and phone) to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
HEADLINE = "h3:has-text('You would likely pay')"

PAGES = {
    "estimate": "Estimate my cost",
    "compare": "Compare options",
    "clinic": "Clinic pricing",
    "equity": "Access",
    "sources": "Sources & method",
}


def price_input(page, which: str):  # type: ignore[no-untyped-def]
    return page.locator(f"input[aria-label='Price per session, {which} quote ($)']")


def open_page(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_selector("h1", timeout=30_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens(page, streamlit_url: str, screenshot_dir: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    # Enter at the root, then follow the navigation link: the way a person arrives.
    open_page(page, streamlit_url)
    if path != "estimate":  # the default page is already open at the root
        page.get_by_role("link", name=re.compile(PAGES[path].split()[0])).first.click()
        page.wait_for_url(f"**/{path}", timeout=30_000)
    page.wait_for_selector("h1", timeout=30_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    assert not page.locator("[data-testid='stException']").count()
    page.screenshot(path=str(screenshot_dir / f"{path}-wide.png"), full_page=True)


def test_price_change_updates_headline(page, streamlit_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    open_page(page, streamlit_url)
    before = page.locator(HEADLINE).inner_text()
    high = price_input(page, "highest")
    high.fill("1500")
    high.press("Enter")
    page.wait_for_function(
        "before => { const h = [...document.querySelectorAll('h3')].find(e => "
        "e.innerText.startsWith('You would likely pay')); return h && h.innerText !== before; }",
        arg=before,
        timeout=40_000,
    )
    after = page.locator(HEADLINE).inner_text()
    # 11 infusions at the midpoint of $400-$1,500 ($950) plus the $250 intake midpoint.
    assert "$10,700" in after
    page.screenshot(path=str(screenshot_dir / "estimate-after-price-change.png"), full_page=True)


def test_upload_bad_then_good_file(page, streamlit_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_page(page, streamlit_url)
    low = price_input(page, "lowest")
    low.fill("425")
    low.press("Enter")
    # 11 infusions at (425 + 800) / 2 = 612.50 plus the $250 intake: 6,737.50 + 250 = 6,987.50.
    page.wait_for_selector(f"{HEADLINE}:has-text('$6,988')", timeout=40_000)
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nmodality: iv_ketamine\ntreatment: {price: .nan}\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.wait_for_selector("text=treatment.price", timeout=40_000)
    assert price_input(page, "lowest").input_value() == "425"
    good = ROOT / "scenarios" / "uninsured_iv_series.yaml"
    page.locator("input[type=file]").set_input_files(str(good))
    page.wait_for_selector("text=Loaded uninsured_iv_series.yaml", timeout=40_000)
    assert price_input(page, "lowest").input_value() == "400"


def test_phone_screen(browser, streamlit_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    open_page(page, streamlit_url)
    page.wait_for_selector(HEADLINE, timeout=30_000)
    page.wait_for_timeout(1000)
    box = page.locator(HEADLINE).bounding_box()
    assert box is not None and box["y"] < 844, "the answer is on the first phone screen"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    page.screenshot(path=str(screenshot_dir / "estimate-phone.png"), full_page=True)
    context.close()


def test_first_visit_to_a_deep_link_uses_the_router(page, fresh_streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    # Regression: with the pages in a folder named pages/, a fresh server answered a first visit
    # to /compare in Streamlit's old multipage mode: no grouped navigation, no wide layout.
    open_page(page, f"{fresh_streamlit_url}/compare")
    page.wait_for_selector("h1:has-text('Compare options')", timeout=30_000)
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "For you" in nav and "Estimate my cost" in nav
    assert "dashboard" not in nav
