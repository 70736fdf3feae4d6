"""Estimate my cost: a person's own out-of-pocket cost for one treatment, month by month."""

import functools

import streamlit as st

from pricing import defaults
from pricing.explain import good_faith_estimate_note, headline, questions, subheadline, walkthrough
from pricing.report import money
from ui import charts, inputs, session, share
from ui.safe_text import md

session.start()
st.title("Estimate my cost")
st.caption(
    "An estimate from published prices and your plan's rules: not a quote, and not medical or "
    f"financial advice. Prices and plan figures as of {defaults.poverty_year()}; see Sources & method."
)
session.show_flash()
# The answer goes first, above the inputs, so a phone shows it without scrolling past the form.
answer = st.container()

form_column, result_column = st.columns([2, 3], gap="large")
with form_column:
    st.subheader("Your treatment")
    inputs.render_treatment()
    st.subheader("Your insurance")
    inputs.render_insurance()
    inputs.render_advanced()

scenario, problem = session.current_scenario()
est = session.cached_estimate(scenario)

with answer:
    if problem:
        st.error(f"Check this input: {md(problem)}. Showing the last estimate that worked.")
    st.markdown(f"### {headline(est)}")
    st.markdown("  \n".join(subheadline(est)))
    for warning in est.warnings:
        st.warning(warning)

with result_column:
    summary = est.summary()
    m1, m2 = st.columns(2)
    m1.metric("The clinic bills", money(summary["billed"]["mid"]))
    m2.metric("Your insurer pays", money(summary["insurer_pays"]["mid"]))
    m3, m4 = st.columns(2)
    m3.metric("A manufacturer programme pays", money(summary["assistance_pays"]["mid"]))
    m4.metric("Time and travel cost you", money(est.time_and_travel))

    events = est.events()
    cum = est.cumulative()
    cumulative_fig = charts.cumulative_chart(cum, events, "What you have paid so far")
    st.plotly_chart(cumulative_fig, config={"displaylogo": False}, key="cumulative_chart")
    marks = ", ".join(f"{e['label'].lower()} on {e['date']:%b %d}" for e in events)
    st.caption(
        f"Summary: by {cum['date'].iloc[-1]:%b %d, %Y} you will have paid about "
        f"{money(cum['mid'].iloc[-1])} at midpoint prices" + (f"; {marks}." if marks else ".")
    )
    with st.expander("Data behind this chart"):
        st.dataframe(
            cum,
            hide_index=True,
            column_config={
                c: st.column_config.NumberColumn(format="$%.2f")
                for c in cum.columns
                if c not in ("date", "week")
            },
        )

    parts = est.by_component()
    breakdown_fig = charts.breakdown_chart(parts, "Who pays for what (midpoint prices)")
    st.plotly_chart(breakdown_fig, config={"displaylogo": False}, key="breakdown_chart")
    biggest = parts.sort_values("you", ascending=False).iloc[0]
    st.caption(
        f"Summary: most of what you pay is for {biggest['component'].replace('_', ' ')} "
        f"({money(biggest['you'])} of {money(parts['you'].sum())})."
    )
    with st.expander("Data behind this chart"):
        st.dataframe(parts, hide_index=True)

    st.subheader("How your first sessions are paid")
    steps = walkthrough(est)
    st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(steps, 1)))

    with st.expander("Month by month"):
        st.dataframe(est.monthly(), hide_index=True)
    with st.expander("Every claim (the ledger)"):
        st.dataframe(est.ledger, hide_index=True)

    asks = questions(est)
    with st.expander("Questions to ask the clinic and your insurer"):
        st.markdown("**The clinic**\n" + "\n".join(f"- {q}" for q in asks["clinic"]))
        if asks["insurer"]:
            st.markdown("**Your insurer**\n" + "\n".join(f"- {q}" for q in asks["insurer"]))
    note = good_faith_estimate_note(est)
    if note:
        st.info(note)

    st.subheader("Keep and share")
    report = functools.partial(
        share.html_report, est, headline(est), [cumulative_fig, breakdown_fig], steps
    )
    session.keep_and_share(est, report)
