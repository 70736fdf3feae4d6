"""Estimate my cost: a person's own out-of-pocket cost for one treatment, month by month.

Lays out only: figures from pricing.estimate (the CLI's), words from pricing.explain.estimate,
labels from ui.labels."""

import functools

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pricing.explain import estimate as words
from pricing.explain import paying as pay_words
from pricing.report import money
from ui import estimate_parts as parts
from ui import evidence, inputs, labels, links, paying, process, session
from ui.safe_text import md

METRIC_PX = 200  # each total's width: two fit beside each other in the result column
RAN_AGAIN = "estimate_ran_again"  # session state: this run follows a form that changed an input

session.start()
parts.read_address()  # the open tab, from a link or a reload
st.title("Estimate my cost")
st.caption(words.data_note())
session.show_flash()
# The answer goes first, above the inputs, so a phone shows it without scrolling past the form.
answer = st.container()

form_column, result_column = st.columns([2, 3], gap="large")


def draw_form() -> DeltaGenerator:
    """The inputs, in the form column; returns the box under them that repeats the headline,
    short (a phone stacks the columns, so the figure follows the inputs that change it)."""
    with form_column:
        st.subheader("Your treatment")
        inputs.render_treatment()
        st.subheader("Your insurance")
        inputs.render_insurance()
        inputs.render_advanced()
        inputs.folded("fold_paying", paying.render_inputs)
        return st.container(border=True)


# A browser that reconnected to a restarted server sends the values its page shows with this
# session's first run; they reach session state only as their widgets are drawn, so then the
# form is drawn first (issue 20, defect 3). The columns keep the layout the same either way.
summary = draw_form() if links.browser_kept() else None
# The answer is worked out from the inputs' state before their widgets are drawn again, so a
# changed input reaches the headline before the form is sent again (issue 17); the widgets are
# drawn below, in the form column, from the same state.
scenario, problem = session.current_scenario()
typed = inputs.values(st.session_state)
with answer, st.spinner(words.WORKING):  # shows only if the estimate takes over half a second
    est = session.cached_estimate(scenario)

with answer:
    if problem:
        st.error(f"Check this input: {md(problem)}. Showing the last estimate that worked.")
    st.markdown(f"### {words.headline(est)}")
    st.markdown(f"**{paying.text(pay_words.by_year_line(est.paying))}**")
    pair = words.approval_pair(est)
    if pair is not None:
        said, approved, refused = pair
        st.markdown(said)
        left, right = st.columns(2)
        for column, side in ((left, approved), (right, refused)):
            with column.container(border=True):
                st.metric(side.label, side.likely)
                st.caption(words.outcome_note(side))
    st.markdown("  \n".join(words.facts(est)))
    for warning in est.warnings:
        st.warning(warning)

process.hand_over()  # the answer goes to the browser now, before the form and the detail
address = session.publish("estimate", scenario, parts.address_params())  # then the address
if summary is None:
    summary = draw_form()
summary.markdown(words.summary_line(est))

# A widget that corrected its value as it was drawn: run again, so the answer above is never
# from other values than the form shows (once: a second run's form always keeps its values).
if inputs.values(st.session_state) != typed and not st.session_state.pop(RAN_AGAIN, False):
    st.session_state[RAN_AGAIN] = True
    session.rerun()  # the messages this run showed come back with it
st.session_state.pop(RAN_AGAIN, None)

# The command behind every figure below (its scenario file is written out: after the headline,
# so a changed input reaches the headline first).
rep = evidence.for_estimate(est.scenario, est)

with result_column:
    if pair is not None:
        st.caption("Everything below is the approved case.")
    shown = words.figures(est)
    with st.container(horizontal=True, gap="medium"):  # two a row on a desktop, one on a phone
        for name in ("billed", "insurer", "assistance", "time_and_travel"):
            st.metric(labels.HEADLINE_METRICS[name], money(shown[name]), width=METRIC_PX)
    paying.warnings(est)
    parts.detail(est, rep)  # tabs: only the open one is worked out and sent
    evidence.reproduce(rep)
    st.subheader("Keep and share")
    session.keep_and_share(est, functools.partial(parts.report, est, rep.name), address)
