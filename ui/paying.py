"""The Estimate page's paying section (rules 15-17): its inputs in the form, and the results
(the ways to pay, the deferred-interest cliff, tax and accounts, free or cheaper routes).
Figures from `Estimate.paying` (pricing/finance), words from pricing.explain.paying.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pricing.estimate import Estimate
from pricing.explain import paying as words
from pricing.scenario.models import FINANCED
from ui import evidence, plots, session, tables
from ui.forms import draw, value
from ui.paying_charts import cliff_chart


def text(words_: str) -> str:
    """App wording as Markdown: a dollar sign is money, never the start of a formula."""
    return words_.replace("$", "\\$")


def render_inputs() -> None:
    """How the person would pay, and the deduction's inputs (inside the form's column)."""
    draw("pay_method")
    method = value("pay_method")
    if method in FINANCED:
        draw("monthly_payment")
    if method == "card":
        draw("apr_pct")
    if method == "deferred_interest":
        a, b = st.columns(2)
        draw("promo_months", a)
        draw("apr_pct", b, "Rate if not paid in time (APR, %)")
    if method == "payment_plan":
        draw("plan_fee")
    draw("ask_tax")
    if value("ask_tax"):
        draw("itemizes")
        if value("itemizes"):
            a, b = st.columns(2)
            draw("agi", a)
            draw("other_medical", b)
        draw("tax_rate_pct")


def cliff(est: Estimate) -> go.Figure:
    """The deferred-interest card's cliff, as a chart: made once per estimate (ui.session)."""
    p = est.paying
    way = words.cliff_way(p)
    assert way.promo_end is not None
    promo_end = way.promo_end
    return session.drawn(
        est,
        "cliff",
        lambda: cliff_chart(
            words.cliff_rows(p),
            promo_end,
            f"Deferred-interest card, {way.terms.promo_months}-month promotion",
        ),
    )


def warnings(est: Estimate) -> None:
    """What the person's own way of paying would cost them beyond the bills (a deferred-interest
    cliff, a payment that never clears the balance): shown whichever tab is open."""
    for warning in words.ways_warnings(est.paying, own=True):
        st.warning(text(warning))


def render(est: Estimate, rep: evidence.Reproduce | None = None) -> go.Figure:
    """The paying section; returns the cliff chart. With `rep`, each chart and table has its
    evidence download (ui.evidence)."""
    p = est.paying
    st.subheader("Ways to pay")
    st.markdown(text(words.ways_intro(p)))
    ways = pd.DataFrame(words.ways_rows(p)).drop(columns="method")
    tables.show(ways, money=["Interest", "Total paid"], key="ways_table")
    if rep is not None:
        evidence.download(rep, "paying_ways", "Ways to pay", ways)
    st.caption(text(words.ways_summary(p)))
    for warning in words.ways_warnings(p, own=False):  # the person's own: above the tabs
        st.warning(text(warning))

    fig = cliff(est)
    alt = words.cliff_summary(p)  # the chart's text alternative
    plots.show(fig, "estimate", est.scenario.name, "cliff_chart", alt)
    st.caption(text(alt))

    def rows() -> pd.DataFrame:
        return pd.DataFrame(words.cliff_rows(p))

    with st.expander("Data behind this chart"):
        tables.on_demand(
            tables.SHOW_TABLE,
            lambda: tables.show(rows(), money=list(rows().columns.drop("month"))),
            "cliff_table_on",
        )
    if rep is not None:
        evidence.download(rep, "paying_cliff", "Deferred-interest card", rows, fig)

    st.subheader("Tax, and paying from an HSA or FSA")
    years = pd.DataFrame(words.tax_rows(p))
    tables.show(years, money=list(years.columns.drop("Year")), key="tax_table")
    if rep is not None:
        evidence.download(rep, "paying_tax", "Tax, and paying from an HSA or FSA", years)
    st.markdown("\n".join(f"- {text(line)}" for line in words.tax_sentences(est)))
    st.caption(
        "Sources: " + "; ".join(text(t) for t, _ in words.source_links(words.tax_sources(p)))
    )

    st.subheader("Free or cheaper routes")
    for route in words.routes(est):
        st.markdown(f"**{route.title}.** {text(route.text)}")
        links = words.source_links(route.sources)
        if links:
            st.caption(
                "Source: " + "; ".join(f"[{text(t)}]({u})" if u else text(t) for t, u in links)
            )
    return fig
