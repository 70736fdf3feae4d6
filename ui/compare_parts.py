"""Compare options' page parts: the Streamlit blocks the page lays out in order.

Figures come from pricing.compare (the CLI's `compare` function) and words from
pricing.explain.compare; these helpers only draw them, so the page stays a list of calls.
"""

from __future__ import annotations

import streamlit as st

from pricing.compare import Comparison
from pricing.explain import compare as words
from pricing.explain.estimate import outcome_note


def approval_pairs(comparison: Comparison) -> None:
    """Rule 13: for each treatment the plan must approve first, the approved and the refused
    figure side by side with the approval chance and what it rests on; never blended."""
    rows = words.approval_rows(comparison)
    if not rows:
        return
    st.subheader("If your plan must approve it first")
    st.markdown(words.approval_intro(comparison))
    for row in rows:
        st.markdown(f"**{row.treatment}.** {row.chance_words}")
        left, right = st.columns(2)
        for column, side in ((left, row.approved), (right, row.refused)):
            with column.container(border=True):
                st.metric(f"{row.treatment}: {side.label.lower()}", side.likely)
                st.caption(outcome_note(side))
