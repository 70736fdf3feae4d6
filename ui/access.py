"""Accessibility the pages share: tap targets of at least 24 x 24 CSS pixels (WCAG 2.2, success
criterion 2.5.8, Target Size (Minimum)), on a phone as on a desktop.

Streamlit draws some controls smaller: the help icon beside a label (16 px), the cross that
removes a chosen option (15 x 7), Plotly's chart toolbar (24 x 22), a select's arrow (32 x 22), a date's calendar button (24 x 16),
a heading's link icon (16 px). One style sheet, added once by the router (dashboard.py), grows
each to the minimum without moving anything else; tests/browser/test_access.py measures them in
Chromium at 390 px wide. The sheet holds no user text.
"""

from __future__ import annotations

import streamlit as st

MIN_TAP_PX = 24  # WCAG 2.2 SC 2.5.8: 24 by 24 CSS pixels

# Each selector names one small control; all get the same minimum box, content centred.
SMALL_CONTROLS = (
    '[data-testid="stTooltipHoverTarget"] button',  # help icons beside labels and metrics
    'button[aria-label^="Help for"]',
    '[data-tag] button[aria-label^="Remove"]',  # the cross on a chosen option (multiselect)
    "button.modebar-btn",  # Plotly's chart toolbar
    ".modebar-btn",
    'button[aria-label="Open"]',  # a select's arrow
    'button[aria-label="Close"]',
    'button[aria-label="Choose date"]',  # a date input's calendar button (24 x 16)
    '[data-testid="stHeaderActionElements"] a',  # a heading's link icon
)


def style_sheet() -> str:
    """The CSS that brings every small control to MIN_TAP_PX (plain text, no user input)."""
    selectors = ",\n".join(SMALL_CONTROLS)
    return (
        f"{selectors} {{\n"
        f"  min-width: {MIN_TAP_PX}px !important;\n"
        f"  min-height: {MIN_TAP_PX}px !important;\n"
        "  box-sizing: border-box;\n"
        "  display: inline-flex !important;\n"
        "  align-items: center;\n"
        "  justify-content: center;\n"
        "}\n"
    )


def tap_targets() -> None:
    """Add the style sheet to the page (call once per run, before the page draws)."""
    st.html(f"<style>\n{style_sheet()}</style>")
