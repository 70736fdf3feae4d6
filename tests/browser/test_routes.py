"""Addresses people type or keep (issue 20, defect 11): the default page's own name, and page
names capitalised, open the page instead of "Page not found"; an unknown one still says so."""

from __future__ import annotations

import pytest

TITLES = {"estimate": "Estimate my cost", "compare": "Compare options", "clinic": "Clinic pricing"}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("home", "estimate"),
        ("Home", "estimate"),
        ("Estimate", "estimate"),
        ("ESTIMATE", "estimate"),
        ("Compare", "compare"),
        ("Clinic", "clinic"),
    ],
)
def test_typed_addresses_open_their_page(page, streamlit_url: str, path: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{streamlit_url}/{path}")
    page.wait_for_selector(f"h1:has-text('{TITLES[name]}')", timeout=30_000)
    page.wait_for_timeout(500)
    assert not page.get_by_text("Page not found").count()


def test_an_unknown_address_still_says_page_not_found(page, streamlit_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{streamlit_url}/no-such-page")
    page.wait_for_selector("text=Page not found", timeout=30_000)
