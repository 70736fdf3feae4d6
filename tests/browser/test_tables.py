"""The long tables on Estimate my cost are built when asked (issue 17): in Chromium, opening
the "Month by month" part and turning the ledger's toggle on shows the claims;
the headline above stays as it was (the toggle reruns its fragment only). The grid draws its
cells on a canvas, so what they hold is checked by AppTest (tests/pages/test_tables.py)."""

from __future__ import annotations

import pytest

from tests.browser.test_client import open_tab
from ui import estimate_parts as parts

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
HEADLINE = "h3:has-text('You would likely pay')"


def test_the_ledger_appears_when_asked(page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(streamlit_url)
    page.wait_for_selector(HEADLINE, timeout=60_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    before = page.locator(HEADLINE).inner_text()
    open_tab(page, parts.MONTHS)
    panel = page.get_by_test_id("stMain")  # the open part is the only one drawn
    panel.get_by_text("Every claim (the ledger)").wait_for()
    assert panel.locator("[data-testid='stDataFrame']").count() == 0
    panel.get_by_text("Show all").click()
    table = panel.locator("[data-testid='stDataFrame']")
    table.wait_for(timeout=30_000)
    assert page.locator(HEADLINE).inner_text() == before
