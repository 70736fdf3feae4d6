"""Access & equity (for advocates): who is priced out, state by state, which reforms bring people
within reach, alone and stacked, and who pays. Lays out only: inputs and cached engine calls from
ui.equity_form, rows from pricing.equity.page_data, words from pricing.explain.equity_page,
charts and tables from ui.equity_charts; beside each chart and table its evidence packet, and
the command lines that print these figures (ui.evidence)."""

from __future__ import annotations

import streamlit as st

from pricing.equity.page_data import lever_rows, payer_rows, stack_rows
from pricing.explain import equity_page as words
from pricing.report import ledger_csv
from ui import equity_charts as charts
from ui import equity_form as form
from ui import evidence, links, plots, tables

options = form.choices()
st.title("Access & equity: who is priced out, where, and who pays?")
st.caption(words.intro())

request = form.inputs(options)
address = form.write_url(request)  # the address follows the choices (ui.links)
links.notice()
place = options.state_names[request.state]
found = form.figures(request)
if found is None:
    st.stop()
overview, figures = found
national = request.state == options.states[0]
test = figures["threshold_rule"]["label"]  # the affordability test the figures are for
st.caption(words.sample_sentence(request.households, place, request.draws, national, test))
rep = evidence.for_equity(request, options.map_households, f"Access & equity: {place}")

# --- headline ----------------------------------------------------------------------------------
st.subheader(words.headline_place(request.focus, place))
heads = words.headline(overview, figures, request.focus, place)
for column, (label, value, band, help_text) in zip(st.columns(len(heads)), heads, strict=True):
    # The band sits under the figure, in grey (a range, not a change).
    column.metric(label, value, delta=band, delta_color="off", delta_arrow="off", help=help_text)

# --- map ---------------------------------------------------------------------------------------
st.subheader("Every state today")
shares = form.cached_map(
    request.course, request.threshold, request.focus, options.map_households, request.seed
)
alt = words.map_summary(shares, options.state_names, request.focus)  # the map's text alternative
st.write(alt)
state_map = charts.state_map(shares, request.state, request.focus)
plots.show(state_map, "equity", rep.name, "equity_map", alt, theme=None)
st.caption(
    f"The map uses {options.map_households:,} households per state and the published figures "
    f"(no draws); the figures above use {request.households:,}."
)
map_table = charts.map_frame(shares, options.state_names)
with st.expander("Table: share priced out by state"):
    tables.show(map_table, percent=["share priced out"])
evidence.download(rep, "equity_map", "Share priced out by state", map_table, state_map)

# --- today, every treatment --------------------------------------------------------------------
st.subheader(f"Today in {place}, every treatment")
today = charts.overview_frame(overview)
tables.show(today)
evidence.download(rep, "equity_today", f"Today in {place}, every treatment", today)
with st.expander("Who is priced out: by income and by insurance"):
    groups = charts.groups_frame(overview, request.focus)
    tables.show(groups)
    evidence.download(rep, "equity_groups", "Who is priced out, by income and insurance", groups)

# --- ranked reforms ----------------------------------------------------------------------------
st.subheader("The reforms, ranked")
rows = lever_rows(figures, request.focus)
st.write(words.ranking_summary(rows, request.focus))
if rows:
    frame = charts.lever_frame(rows)
    tables.show(charts.lever_table(frame))
    st.download_button(
        "Download the ranked reforms (CSV)",
        ledger_csv(frame),
        file_name=f"equity_reforms_{request.state}_{request.focus}.csv",
        mime="text/csv",
        key="equity_download",
    )
    evidence.download(rep, "equity_reforms", "The reforms, ranked", frame)

# --- stacked reforms ---------------------------------------------------------------------------
st.subheader("Reforms stacked in order")
steps = stack_rows(figures, request.focus)
alt = words.stack_summary(steps)  # the chart's text alternative
st.write(alt)
if len(steps) >= 2:
    stack = charts.stack_chart(steps, request.focus)
    plots.show(stack, "equity", rep.name, "equity_stack", alt, theme=None)
    with st.expander("Table: each step's people and spending"):
        stack_table = charts.stack_frame(steps)
        tables.show(stack_table)
    evidence.download(rep, "equity_stack", "Reforms stacked in order", stack_table, stack)

# --- who pays ----------------------------------------------------------------------------------
if figures.get("reforms"):
    st.subheader("Who pays: the change in spending a year")
    payers = payer_rows(figures, request.focus)
    column = "all together" if len(steps) >= 2 else next(iter(figures["reforms"]))
    st.write(words.payer_summary(payers, column))
    payer_table = charts.payer_frame(payers)
    tables.show(payer_table)
    evidence.download(rep, "equity_payers", "Who pays: the change in spending a year", payer_table)

with st.expander("How these figures are made"):
    st.markdown(words.method().replace("$", "\\$"))  # dollars, not LaTeX
st.caption(words.footnote())
links.share_box("equity", address, "Link to this view")
evidence.reproduce(rep, [evidence.EQUITY_NOTE])
