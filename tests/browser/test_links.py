"""Links that are always current, in a real browser (issue 17, items 2 and 4; issue 20, item 3).

On Estimate my cost, Compare options and Clinic pricing: change an input, and the address and the
page's share box follow it; the share box holds exactly the address; that link opened in a fresh
browser (no cookies, no session) shows the same headline with a notice saying the inputs came
from the link; a reload (a fresh session on the same address, as after a server restart) does too.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pricing.scenario import from_dict
from tests.browser.test_client import HEADLINE, open_page, open_tab, price_input, wait_idle
from ui import estimate_parts as parts
from ui import links, share

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The share box's text is the address bar's, once the run that rewrote both is over.
SAME_ADDRESS = (
    "label => { const box = [...document.querySelectorAll('input')]"
    ".find(e => (e.getAttribute('aria-label') || '').startsWith(label));"
    " return box && box.value === window.location.href; }"
)
# Compare's figures for the person's plan: the short answer, and Spravato's approved and refused
# costs (a deductible changes the second, not always the first).
COMPARE_FIGURES = (
    "[...document.querySelectorAll('li')].map(e => e.innerText)"
    ".filter(t => t.startsWith('Over ')).join(' | ') + ' | ' + "
    "[...document.querySelectorAll('[data-testid=stMetric]')].map(e => e.innerText).join(' | ')"
)
PROFIT = (
    "[...document.querySelectorAll('[data-testid=stMetric]')]"
    ".filter(e => e.innerText.includes('Profit per month')).map(e => e.innerText).join('')"
)


def text_of(page, script: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.evaluate(script))


def wait_changed(page, script: str, before: str) -> str:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        f"before => {{ const now = {script}; return now && now !== before; }}",
        arg=before,
        timeout=40_000,
    )
    wait_idle(page)
    return text_of(page, script)


def wait_equal(page, script: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"wanted => {script} === wanted", arg=wanted, timeout=40_000)


def follow_the_link(  # type: ignore[no-untyped-def]
    browser, page, script: str, after: str, share_label: str, param: str
) -> None:
    """The share box holds the address; the link in a fresh browser and a reload show `after`
    with the notice."""
    page.wait_for_function(SAME_ADDRESS, arg=share_label, timeout=40_000)
    link = page.url
    assert f"{param}=" in link
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    fresh = context.new_page()
    try:
        open_page(fresh, link)
        wait_equal(fresh, script, after)
        fresh.wait_for_selector(f"text={links.RESTORED}", timeout=30_000)
        assert fresh.url == link, "opening the link leaves its address as it was"
    finally:
        context.close()
    page.reload()
    page.wait_for_selector("h1", timeout=30_000)
    wait_equal(page, script, after)
    page.wait_for_selector(f"text={links.RESTORED}", timeout=30_000)
    assert page.url == link


HEADLINE_TEXT = (
    "[...document.querySelectorAll('h3')].map(e => e.innerText)"
    ".filter(t => t.includes('ould likely pay')).join('')"
)


def test_estimate_link_follows_a_change(browser, page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, streamlit_url)
    page.wait_for_selector(HEADLINE, timeout=30_000)
    before = text_of(page, HEADLINE_TEXT)
    low = price_input(page, "lowest")
    low.fill("425")
    low.press("Enter")
    # 11 infusions at (425 + 800) / 2 = 612.50 plus the $250 intake: 6,737.50 + 250 = 6,987.50.
    after = wait_changed(page, HEADLINE_TEXT, before)
    assert "$6,988" in after
    follow_the_link(browser, page, HEADLINE_TEXT, after, "Share link", share.QUERY_KEY)
    expect(price_input(page, "lowest")).to_have_value("425", timeout=20_000)


def test_compare_link_follows_a_change(browser, page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    person = {"version": 1, "modality": "iv_ketamine", "insurance": {"kind": "commercial"}}
    token = share.encode_for_link(from_dict(person))
    open_page(page, f"{streamlit_url}/compare?{share.QUERY_KEY}={token}")
    page.wait_for_selector("text=The short answer", timeout=40_000)
    wait_idle(page)
    before = text_of(page, COMPARE_FIGURES)
    page.get_by_text("Your insurance (shared with Estimate my cost)").click()
    deductible = page.locator("input[aria-label='Deductible ($ per plan year)']")
    deductible.fill("0")
    deductible.press("Enter")
    after = wait_changed(page, COMPARE_FIGURES, before)
    follow_the_link(browser, page, COMPARE_FIGURES, after, "Link to this comparison", "scenario")
    assert re.search(r"/compare\?", page.url)


def test_clinic_link_follows_a_change(browser, page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, f"{streamlit_url}/clinic")
    page.wait_for_selector("text=Profit per month", timeout=40_000)
    wait_idle(page)
    before = text_of(page, PROFIT)
    booked = page.locator("input[aria-label='Booked sessions per month']")
    booked.fill("333")
    booked.press("Enter")
    after = wait_changed(page, PROFIT, before)
    follow_the_link(browser, page, PROFIT, after, "Link to this page", "clinic")
    booked = page.locator("input[aria-label='Booked sessions per month']")
    expect(booked).to_have_value(re.compile(r"^333(\.00)?$"), timeout=20_000)  # any display format


def test_back_and_forward_keep_each_address_state(page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, streamlit_url)
    page.wait_for_selector(HEADLINE, timeout=30_000)
    first = text_of(page, HEADLINE_TEXT)
    low = price_input(page, "lowest")
    low.fill("425")
    low.press("Enter")
    changed = wait_changed(page, HEADLINE_TEXT, first)
    page.go_back()
    wait_equal(page, HEADLINE_TEXT, first)
    page.go_forward()
    wait_equal(page, HEADLINE_TEXT, changed)


def test_equity_link_follows_a_change(browser, page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(120_000)
    open_page(page, f"{streamlit_url}/equity?state=TX&treatment=spravato&reforms=oop_cap")
    page.locator("h3", has_text="Spravato in Texas").wait_for()
    box = page.get_by_role("combobox", name="State", exact=True)
    box.click()
    box.fill("Massachusetts")
    box.press("Enter")
    page.locator("h3", has_text="Spravato in Massachusetts").wait_for()
    page.wait_for_function(SAME_ADDRESS, arg="Link to this view", timeout=60_000)
    assert "state=MA" in page.url and "reforms=oop_cap" in page.url
    page.reload()
    page.locator("h3", has_text="Spravato in Massachusetts").wait_for()
    page.wait_for_selector(f"text={links.RESTORED}", timeout=60_000)


def test_estimate_tab_is_kept_by_a_reload_and_by_its_link(
    browser, page, streamlit_url: str
) -> None:  # type: ignore[no-untyped-def]
    # The open tab is part of the page's state: a reload or the share link opens it again.
    open_page(page, streamlit_url)
    page.wait_for_selector(HEADLINE, timeout=30_000)
    open_tab(page, parts.WAYS)
    page.wait_for_url(re.compile(r"[?&]tab=ways-to-pay(&|$)"), timeout=30_000)
    follow_the_link(
        browser,
        page,
        "document.querySelector('[data-testid=stButtonGroup] button[data-selected]')?.innerText",
        parts.WAYS,
        "Share link",
        parts.TAB_PARAM,
    )
    expect(page.locator("h3", has_text="Ways to pay")).to_be_visible(timeout=20_000)
