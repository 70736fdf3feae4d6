"""Compare options in a real browser: a person on an employer plan, arriving from Estimate my
cost, reads Spravato's approved and refused figures side by side and which plan and dates every
figure is for; on a phone the page does not scroll sideways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pricing.compare import compare
from pricing.scenario import from_dict
from tests.browser.test_client import open_page, wait_idle
from ui import share

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PERSON = {"version": 1, "modality": "iv_ketamine", "insurance": {"kind": "commercial"}}


def test_a_person_reads_both_outcomes_and_what_they_are_for(  # type: ignore[no-untyped-def]
    browser, streamlit_url: str, screenshot_dir: Path
) -> None:
    # The figures the engine gives this person (the CLI's compare), to find on the screen.
    spravato = compare(from_dict(PERSON), ["spravato"], horizon_months=12).estimates["spravato"]
    refused = spravato.denied_out_of_pocket()
    assert refused is not None
    approved_text = f"${round(spravato.out_of_pocket['mid']):,}"
    refused_text = f"${round(refused['mid']):,}"
    token = share.encode_for_link(from_dict(PERSON))
    for width, name in ((1280, "compare-approval-wide"), (390, "compare-approval-phone")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        if width < 500:  # a shared link straight to Compare (the menu is folded on a phone)
            open_page(page, f"{streamlit_url}/compare?{share.QUERY_KEY}={token}")
        else:  # from Estimate my cost through the navigation, as a person goes
            open_page(page, f"{streamlit_url}/?{share.QUERY_KEY}={token}")
            page.get_by_role("link", name=re.compile("Compare")).first.click()
            page.wait_for_url(re.compile(r"/compare(\?|$)"), timeout=30_000)
        wait_idle(page)
        page.wait_for_selector("text=If your plan must approve it first", timeout=40_000)
        approved = page.locator("[data-testid='stMetric']", has_text="Spravato: if your plan")
        denied = page.locator("[data-testid='stMetric']", has_text="Spravato: if it refuses")
        assert approved_text in approved.inner_text()
        assert refused_text in denied.inner_text()
        body = page.locator("body").inner_text()
        assert "In a published claims study (2023), about 85%" in body
        assert "Every figure is what you pay under your commercial plan" in body
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
        context.close()
