"""The client's flows in a real browser: Debian's Chromium (Playwright) against `streamlit run`.

Opens every page, changes the price on Estimate my cost and waits for the headline to change,
uploads a bad then a good scenario file, and saves screenshots (wide and phone) to look at.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from pricing.scenario import MAX_FILE_BYTES
from ui import share

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


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run is over: while it runs, Streamlit keeps the last run's
    elements on screen beside the new ones, so a label can match two inputs."""
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def open_tab(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Estimate's detail part `label`, opened with its button (its content is drawn only while
    it is open)."""
    settled(page)  # one row of buttons on the page: no run is redrawing it
    buttons = page.get_by_test_id("stButtonGroup")
    buttons.locator("button", has_text=label).click()
    # .first: while the run redraws, the last run's row of buttons can still be on the page
    # beside the new one (an element above them, such as a notice shown once, went away)
    buttons.locator("button[data-selected]", has_text=label).first.wait_for()
    settled(page)


def open_page(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_selector("h1", timeout=30_000)
    settled(page)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens(page, streamlit_url: str, screenshot_dir: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    # Enter at the root, then follow the navigation link: the way a person arrives.
    open_page(page, streamlit_url)
    if path != "estimate":  # the default page is already open at the root
        page.get_by_role("link", name=re.compile(PAGES[path].split()[0])).first.click()
        page.wait_for_url(re.compile(rf"/{path}(\?|$)"), timeout=30_000)
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
    settled(page)
    expect(price_input(page, "lowest")).to_have_value("425", timeout=20_000)
    good = ROOT / "scenarios" / "uninsured_iv_series.yaml"
    page.locator("input[type=file]").set_input_files(str(good))
    page.wait_for_selector("text=Loaded uninsured_iv_series.yaml", timeout=40_000)
    settled(page)
    expect(price_input(page, "lowest")).to_have_value("400", timeout=20_000)


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


def wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("h1", timeout=30_000)
    page.wait_for_timeout(500)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def test_every_page_and_back_keeps_the_persons_inputs(page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    # Issue 11, defect 1: after Compare, the form came back as Spravato, $0, $0 while the
    # headline kept the person's figures; the next edit replaced their inputs with defaults.
    open_page(page, streamlit_url)
    low = price_input(page, "lowest")
    low.fill("425")
    low.press("Enter")
    # 11 infusions at (425 + 800) / 2 = 612.50 plus the $250 intake: 6,737.50 + 250 = 6,987.50.
    page.wait_for_selector(f"{HEADLINE}:has-text('$6,988')", timeout=40_000)
    for path, title in PAGES.items():
        if path == "estimate":
            continue
        page.get_by_role("link", name=re.compile(title.split()[0])).first.click()
        page.wait_for_url(re.compile(rf"/{path}(\?|$)"), timeout=30_000)
        wait_idle(page)
        page.get_by_role("link", name=re.compile("Estimate my cost")).first.click()
        page.wait_for_selector(HEADLINE, timeout=30_000)
        wait_idle(page)
        page.wait_for_selector("input[aria-label='Price per session, lowest quote ($)']")
        # The widgets fill in shortly after the page draws; the assertion below names what the
        # form shows if they never do.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "document.querySelector(\"input[aria-label='Price per session, lowest quote "
                "($)']\")?.value === '425'",
                timeout=10_000,
            )
        kept = (
            price_input(page, "lowest").input_value(),
            price_input(page, "highest").input_value(),
        )
        assert kept == ("425", "800"), f"after {path}: {kept}"
        treatment = page.locator("input[aria-label='Treatment']").input_value()
        assert treatment.startswith("IV ketamine"), f"after {path}: {treatment}"
        assert "$6,988" in page.locator(HEADLINE).inner_text(), f"after {path}"
    # The next edit starts from the person's values, not from another treatment's defaults.
    high = price_input(page, "highest")
    high.fill("900")
    high.press("Enter")
    # 11 x (425 + 900) / 2 = 7,287.50, plus the 250 intake: 7,537.50.
    page.wait_for_selector(f"{HEADLINE}:has-text('$7,538')", timeout=40_000)


def test_every_pages_own_address_opens_on_a_first_visit(browser, fresh_streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    # Issue 11, defect 5: /estimate (the default page's own address) said "Page not found".
    for path, title in {"estimate": "Estimate my cost", **PAGES}.items():
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        tab = context.new_page()
        open_page(tab, f"{fresh_streamlit_url}/{path}")
        tab.wait_for_selector(f"h1:has-text('{title}')", timeout=30_000)
        tab.wait_for_timeout(1000)
        assert not tab.get_by_text("Page not found").count(), path
        assert not tab.locator("[data-testid='stException']").count(), path
        if path == "estimate":
            tab.wait_for_selector(HEADLINE, timeout=30_000)
        context.close()


@pytest.mark.parametrize("length", [share.MAX_LINK_CHARS + 1, 100_000])
def test_long_share_links_get_the_apps_message(page, streamlit_url: str, length: int) -> None:  # type: ignore[no-untyped-def]
    # Issue 11, defect 6: links over about 128 KB reset the connection before the app could
    # answer. The app refuses anything over MAX_LINK_CHARS with its own message, just over the
    # limit and far over it, and shows the defaults.
    token = "A" * length
    open_page(page, f"{streamlit_url}/?{share.QUERY_KEY}={token}")
    page.wait_for_selector("text=Could not use the shared link", timeout=30_000)
    assert "too long" in page.locator("[data-testid='stAlert']").first.inner_text()
    page.wait_for_selector(HEADLINE, timeout=30_000)
    page.wait_for_function(  # the defaults: IV ketamine's lowest quote
        "document.querySelector(\"input[aria-label='Price per session, lowest quote ($)']\")"
        "?.value === '400'",
        timeout=30_000,
    )


def test_upload_widget_states_one_limit(page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    # Issue 11, defect 9: the widget said "1MB" while the app refuses files over 256 KiB.
    open_page(page, streamlit_url)
    page.wait_for_selector("input[type=file]", state="attached", timeout=30_000)
    uploader = page.locator("[data-testid='stFileUploader']")
    text = uploader.inner_text()
    assert f"{MAX_FILE_BYTES // 1024} KiB" in text
    assert "MB" not in text.replace("KiB", ""), text
