"""Estimate's result parts: its charts (made once per estimate, ui.session.drawn), the buttons
that choose the detail shown, and the HTML report. The page lays them out in order.

The detail is in five parts, one shown at a time, chosen with a row of buttons (Streamlit's
segmented control): a changed input reruns the headline, the four totals and the open part, not
every chart and table on the page (issue 17: about half the page's elements and its server time
per change). A segmented control rather than Streamlit's tabs: the browser redraws every element
on the page two or three times per change, and a tab bar of five tabs cost about 10 ms of the
browser's work before the new headline showed (measured with a Chrome trace:
bench/browser_work.py).
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from pricing.estimate import Estimate
from pricing.explain import estimate as words
from ui import charts, evidence, links, paying, plots, session, share, tables

TAB_KEY = "estimate_tab"  # session state: the open part's label (the buttons' key)
OVER_TIME, WHO_PAYS, WAYS, MONTHS, QUESTIONS = TABS = (
    "Paid over time",
    "Who pays what",
    "Ways to pay",
    "Month by month",
    "Questions to ask",
)
# The open tab in the page's address (left out for the first tab), so a reload, a bookmark or a
# shared link opens the same tab.
TAB_PARAM = "tab"
TAB_SLUGS = dict(zip(("paid", "who-pays", "ways-to-pay", "months", "questions"), TABS, strict=True))


def read_address() -> None:
    """Before the tabs are drawn: the open tab from the address when this session did not put
    it there (a link, a reload), or the one the person left, back through the menu."""
    links.arrive("estimate", (TAB_PARAM,), _apply, alive=TAB_KEY)


def _apply(params: links.Params) -> str | None:
    # An unknown tab in a link opens the first one: the link's inputs still count.
    links.put(TAB_KEY, TAB_SLUGS.get(params.get(TAB_PARAM) or "", OVER_TIME))
    return None


def address_params() -> dict[str, str | None]:
    """The open tab for the address (None for the first: no parameter)."""
    label = st.session_state.get(TAB_KEY, OVER_TIME)
    slug = next((k for k, v in TAB_SLUGS.items() if v == label), None)
    return {TAB_PARAM: None if label == OVER_TIME else slug}


def cumulative(est: Estimate) -> tuple[go.Figure, str]:
    """What the person has paid so far, as a chart and its text alternative."""

    def draw() -> tuple[go.Figure, str]:
        cum, events = est.cumulative(), est.events()
        chart = charts.cumulative_chart(cum, events, "What you have paid so far")
        return chart, words.cumulative_summary(cum, events)

    return session.drawn(est, "cumulative", draw)


def breakdown(est: Estimate) -> tuple[go.Figure, str]:
    """Who pays for each part of the bill, as a chart and its text alternative."""

    def draw() -> tuple[go.Figure, str]:  # the table is built only when the chart is new
        split = est.scenario.treatment.drug is not None
        parts = est.by_component()
        chart = charts.breakdown_chart(parts, "Who pays for what (midpoint prices)", split)
        return chart, words.breakdown_summary(parts, split)

    return session.drawn(est, "breakdown", draw)


def chosen() -> str:
    """The row of buttons that picks the detail shown, drawn; the label of the open part."""
    if st.session_state.get(TAB_KEY) not in TABS:
        st.session_state[TAB_KEY] = OVER_TIME  # set before drawing: no default beside it
    picked = st.segmented_control(
        "Show", TABS, required=True, key=TAB_KEY, label_visibility="collapsed", wrap=True
    )
    return picked if picked in TABS else OVER_TIME


def over_time(est: Estimate, rep: evidence.Reproduce) -> None:
    """What the person has paid so far: the chart, its summary, its table and its evidence."""
    fig, alt = cumulative(est)
    plots.show(fig, "estimate", rep.name, "cumulative_chart", alt)
    st.caption(alt)
    cum = est.cumulative()
    with st.expander("Data behind this chart"):
        tables.on_demand(tables.SHOW_TABLE, lambda: tables.show(cum), "cumulative_table_on")
    evidence.download(rep, "cumulative", "What you have paid so far", cum, fig)


def who_pays(est: Estimate, rep: evidence.Reproduce) -> None:
    """Who pays for each part of the bill, and how the bills are paid, step by step."""
    split = est.scenario.treatment.drug is not None
    parts = est.by_component()
    fig, alt = breakdown(est)
    plots.show(fig, "estimate", rep.name, "breakdown_chart", alt)
    st.caption(alt)
    with st.expander("Data behind this chart"):
        tables.on_demand(
            tables.SHOW_TABLE,
            lambda: tables.show(tables.in_words(parts, split)),
            "breakdown_table_on",
        )
    evidence.download(rep, "breakdown", "Who pays for what", parts, fig)
    st.subheader("How your bills are paid")
    steps = words.walkthrough(est)
    st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(steps, 1)))


def month_by_month(est: Estimate, rep: evidence.Reproduce) -> None:
    """The month-by-month table and every claim, each built when asked."""
    split = est.scenario.treatment.drug is not None
    st.markdown("**What you pay each month, and so far**")
    tables.on_demand(
        tables.SHOW_TABLE, lambda: tables.show(words.month_table(est)), "month_table_on"
    )
    evidence.download(rep, "monthly", "Month by month", est.monthly)
    st.markdown("**Every claim (the ledger)**")
    tables.on_demand(
        f"Show all {len(est.visits):,} claims",
        lambda: tables.show(tables.in_words(est.ledger, split)),
        "ledger_table_on",
    )
    evidence.download(rep, "ledger", "Every claim (the ledger)", lambda: est.ledger)


def questions(est: Estimate) -> None:
    """What to ask the clinic and the insurer."""
    asks = words.questions(est)
    st.markdown("**The clinic**\n" + "\n".join(f"- {q}" for q in asks["clinic"]))
    if asks["insurer"]:
        st.markdown("**Your insurer**\n" + "\n".join(f"- {q}" for q in asks["insurer"]))


def detail(est: Estimate, rep: evidence.Reproduce) -> None:
    """The buttons, then the chosen part's content (only that one is worked out and sent)."""
    drawers: dict[str, Callable[[], object]] = {
        OVER_TIME: lambda: over_time(est, rep),
        WHO_PAYS: lambda: who_pays(est, rep),
        WAYS: lambda: paying.render(est, rep),
        MONTHS: lambda: month_by_month(est, rep),
        QUESTIONS: lambda: questions(est),
    }
    drawers[chosen()]()


def report(est: Estimate, scenario_name: str) -> str:
    """The HTML report with the three charts (made when the person asks for it: the tabs that
    show them may never have been opened)."""
    figures = [
        plots.stamp(fig, scenario_name)
        for fig in (cumulative(est)[0], breakdown(est)[0], paying.cliff(est))
    ]
    return share.html_report(est, words.headline(est), figures, words.walkthrough(est))
