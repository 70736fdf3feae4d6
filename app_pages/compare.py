"""Compare options: every treatment under the person's insurance, side by side over a year."""

import streamlit as st

from pricing import defaults
from pricing.report import money
from ui import charts, inputs, session
from ui.safe_text import md

session.start()
st.title("Compare options")
st.caption(
    "Each treatment with its usual course and published prices, under the insurance you set on "
    "Estimate my cost (your own treatment keeps the prices you typed there). Not a quote, and not "
    "medical advice: the right treatment is a clinical decision."
)
session.show_flash()

with st.expander("Your insurance (shared with Estimate my cost)"):
    inputs.render_insurance()

base, problem = session.current_scenario()
if problem:
    st.error(f"Check this input: {md(problem)}. Comparing with the last inputs that worked.")

labels = {m: defaults.modality(m)["short"] for m in defaults.MODALITIES}
chosen = st.multiselect(
    "Treatments to compare (two or more)",
    list(labels),
    default=list(labels),
    format_func=labels.__getitem__,
    key="compare_modalities",
)
months = st.select_slider(
    "Period",
    options=[3, 6, 12, 24],
    value=12,
    format_func=lambda m: f"{m} months",
    key="compare_months",
)
if len(chosen) < 2:
    st.warning("Pick at least two treatments to compare; showing all of them until then.")
    chosen = list(labels)

comparison = session.cached_compare(base, tuple(chosen), int(months))
table = comparison.table()

st.subheader("The short answer")
for line in comparison.answer():
    st.markdown(f"- {line}")

totals_fig = charts.compare_totals_chart(table, f"What you pay over {months} months")
st.plotly_chart(totals_fig, config={"displaylogo": False}, key="compare_totals")
cheapest = table.sort_values("total mid").iloc[0]
dearest = table.sort_values("total mid").iloc[-1]
st.caption(
    f"Summary: over {months} months {cheapest['treatment']} costs you least "
    f"({money(cheapest['total mid'])} at midpoint prices) and {dearest['treatment']} most "
    f"({money(dearest['total mid'])}); whiskers run from the low to the high quotes."
)

curves = {m: est.cumulative() for m, est in comparison.estimates.items()}
lines_fig = charts.compare_lines_chart(curves, labels, "Paid so far, treatment by treatment")
st.plotly_chart(lines_fig, config={"displaylogo": False}, key="compare_lines")
st.caption("Summary: " + " ".join(comparison.answer()[-1:]))

st.subheader("Side by side")
money_columns = [c for c in table.columns if c not in ("treatment", "modality", "sessions")]
st.dataframe(
    table.drop(columns=["modality"]),
    hide_index=True,
    column_config={c: st.column_config.NumberColumn(format="$%.0f") for c in money_columns},
)
for modality, est in comparison.estimates.items():
    for warning in est.warnings:
        st.caption(f"{labels[modality]}: {warning}")
