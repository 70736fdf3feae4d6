"""Compare options' page parts: the Streamlit blocks the page lays out in order.

Figures come from pricing.compare (the CLI's `compare` function) and words from
pricing.explain.compare; these helpers only draw them, so the page stays a list of calls.
"""

from __future__ import annotations

import streamlit as st

from pricing.compare import Comparison
from pricing.explain import compare as words
from pricing.explain.estimate import outcome_note
from pricing.scenario import Scenario
from ui import links, session


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


# The page's own choices in its address, beside the person's scenario (ui.session), each left
# out at its default: ?scenario=...&treatments=iv_ketamine,spravato&months=24&typical=1
KEYS = {
    "treatments": "compare_modalities",
    "months": "compare_months",
    "typical": "compare_typical",
}


def read_address() -> None:
    """Before the widgets: the choices from the address (unknown values: the defaults)."""
    links.arrive("compare", tuple(KEYS), _apply, alive=KEYS["months"])


def _apply(params: links.Params) -> str | None:
    names = list(words.treatment_names())
    chosen = [n for n in (params.get("treatments") or "").split(",") if n in names]
    links.put(KEYS["treatments"], list(dict.fromkeys(chosen)) or names)
    months = params.get("months") or ""
    periods = words.period_options()
    found = int(months) if months.isdigit() and len(months) < 4 else None
    links.put(KEYS["months"], found if found in periods else words.default_period())
    links.put(KEYS["typical"], params.get("typical") == "1")
    return None


def write_address(base: Scenario) -> links.Params:
    """The address follows the scenario and the choices the widgets hold, on every run; the
    parameters, for the share box."""
    every = list(words.treatment_names())
    chosen = list(st.session_state.get(KEYS["treatments"]) or every)
    months = st.session_state.get(KEYS["months"], words.default_period())
    own = {
        "treatments": None if chosen == every else ",".join(chosen),
        "months": None if months == words.default_period() else str(months),
        "typical": "1" if st.session_state.get(KEYS["typical"]) else None,
    }
    return session.publish("compare", base, own)


def share_box(params: links.Params) -> None:
    """The address to copy (the same as the address bar)."""
    st.subheader("Share")
    links.share_box("compare", params, "Link to this comparison (your inputs, not your identity)")
