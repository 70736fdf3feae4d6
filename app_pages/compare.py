"""Compare options: every treatment under the person's insurance, side by side over a period.

Lays out only: figures from pricing.compare (through ui.session's cache), words and choices from
pricing.explain.compare."""

import streamlit as st

from pricing.explain import compare as words
from pricing.explain import estimate as estimate_words
from ui import charts, compare_parts, evidence, inputs, plots, session, tables
from ui.safe_text import md

session.start()
compare_parts.read_address()
st.title("Compare options")
st.caption(words.INTRO)
session.show_flash()

with st.expander("Your insurance (shared with Estimate my cost)"):
    inputs.render_insurance()

base, problem = session.current_scenario()
if problem:
    st.error(f"Check this input: {md(problem)}. Comparing with the last inputs that worked.")

names = words.treatment_names()
chosen = st.multiselect(
    "Treatments to compare (two or more)",
    list(names),
    default=list(names),
    format_func=names.__getitem__,
    key="compare_modalities",
)
if len(chosen) < 2:
    st.warning("Pick at least two treatments to compare; showing all of them until then.")
    chosen = list(names)
months = int(
    st.select_slider(
        "Period",
        options=list(words.period_options()),
        value=words.default_period(),
        format_func=words.period_label,
        key="compare_months",
    )
)
typical: list[str] = []
offered = words.typical_offered(chosen)
if offered:
    fits = all(words.typical_fits(m, months) for m in offered)
    wanted = st.toggle(
        words.typical_toggle_label(chosen),
        key="compare_typical",
        disabled=not fits,
    )
    st.caption(words.typical_help(chosen, months))
    typical = offered if wanted and fits else []

address = compare_parts.write_address(base)
with st.spinner(estimate_words.WORKING):  # shows only if it takes over half a second
    comparison = session.cached_compare(base, tuple(chosen), months)
if typical:
    estimates = {m: session.cached_estimate(words.typical_scenario(base, m)) for m in typical}
    comparison = words.with_typical(comparison, estimates)
table = comparison.table()
rep = evidence.for_compare(base, months, {m: words.typical_scenario(base, m) for m in typical})

st.subheader("The short answer")
for line in comparison.answer():
    st.markdown(f"- {line}")
st.caption(words.figures_for(comparison))
st.markdown(
    "**Courses priced**\n" + "\n".join(f"- {c}" for c in words.courses_priced(comparison, typical))
)
compare_parts.approval_pairs(comparison)

totals_fig = charts.compare_totals_chart(table, words.totals_title(months))
alt = words.totals_summary(comparison)  # the chart's text alternative
plots.show(totals_fig, "compare", rep.name, "compare_totals", alt)
st.caption(alt)
with st.expander("Data behind this chart"):
    tables.show(table.drop(columns=["modality"]))
evidence.download(rep, "compare_totals", words.totals_title(months), table, totals_fig)

curves = {m: est.cumulative() for m, est in comparison.estimates.items()}
lines_fig = charts.compare_lines_chart(curves, names, "Paid so far, treatment by treatment")
alt = words.lines_summary(comparison)  # the chart's text alternative
plots.show(lines_fig, "compare", rep.name, "compare_lines", alt)
st.caption(alt)
lines_table = evidence.stacked(curves, "modality")
with st.expander("Data behind this chart"):
    shown_lines = lines_table.replace({"modality": names}).rename(columns={"modality": "treatment"})
    tables.on_demand(tables.SHOW_TABLE, lambda: tables.show(shown_lines), "compare_lines_on")
evidence.download(
    rep, "compare_lines", "Paid so far, treatment by treatment", lines_table, lines_fig
)

st.subheader("Side by side")
tables.show(table.drop(columns=["modality"]), money=words.money_columns(table))
evidence.download(rep, "compare_table", "Side by side", table)
for line in words.warning_lines(comparison):
    st.caption(line)
evidence.reproduce(rep)
compare_parts.share_box(address)
