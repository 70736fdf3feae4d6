"""Access & equity (for advocates): who is priced out, state by state, which reforms bring people
within reach, alone and stacked, and who pays. Lays out only: inputs and cached engine calls from
ui.equity_form, rows from pricing.equity.page_data, words from pricing.explain.equity_page,
charts and tables from ui.equity_charts."""

from __future__ import annotations

import streamlit as st

from pricing.equity.page_data import lever_rows, payer_rows, stack_rows
from pricing.explain import equity_page as words
from pricing.report import ledger_csv
from ui import equity_charts as charts
from ui import equity_form as form

PLOT_CONFIG = {"displaylogo": False}

options = form.choices()
st.title("Access & equity: who is priced out, where, and who pays?")
st.caption(words.intro())

request = form.inputs(options)
form.write_url(request)
place = options.state_names[request.state]
found = form.figures(request)
if found is None:
    st.stop()
overview, figures = found
national = request.state == options.states[0]
test = figures["threshold_rule"]["label"]  # the affordability test the figures are for
st.caption(words.sample_sentence(request.households, place, request.draws, national, test))

# --- headline ----------------------------------------------------------------------------------
heads = words.headline(overview, figures, request.focus, place)
for column, (label, value, band, help_text) in zip(st.columns(len(heads)), heads, strict=True):
    # The band sits under the figure, in grey (a range, not a change).
    column.metric(label, value, delta=band, delta_color="off", delta_arrow="off", help=help_text)

# --- map ---------------------------------------------------------------------------------------
st.subheader("Every state today")
shares = form.cached_map(
    request.course, request.threshold, request.focus, options.map_households, request.seed
)
st.write(words.map_summary(shares, options.state_names, request.focus))
st.plotly_chart(
    charts.state_map(shares, request.state, request.focus),
    config=PLOT_CONFIG,
    theme=None,
    key="equity_map",
)
st.caption(
    f"The map uses {options.map_households:,} households per state and the published figures "
    f"(no draws); the figures above use {request.households:,}."
)
with st.expander("Table: share priced out by state"):
    st.dataframe(
        charts.map_frame(shares, options.state_names),
        hide_index=True,
        column_config={"share priced out": st.column_config.NumberColumn(format="percent")},
    )

# --- today, every treatment --------------------------------------------------------------------
st.subheader(f"Today in {place}, every treatment")
st.dataframe(charts.overview_frame(overview), hide_index=True)
with st.expander("Who is priced out: by income and by insurance"):
    st.dataframe(charts.groups_frame(overview, request.focus), hide_index=True)

# --- ranked reforms ----------------------------------------------------------------------------
st.subheader("The reforms, ranked")
rows = lever_rows(figures, request.focus)
st.write(words.ranking_summary(rows, request.focus))
if rows:
    frame = charts.lever_frame(rows)
    st.dataframe(charts.lever_table(frame), hide_index=True)
    st.download_button(
        "Download the ranked reforms (CSV)",
        ledger_csv(frame),
        file_name=f"equity_reforms_{request.state}_{request.focus}.csv",
        mime="text/csv",
        key="equity_download",
    )

# --- stacked reforms ---------------------------------------------------------------------------
st.subheader("Reforms stacked in order")
steps = stack_rows(figures, request.focus)
st.write(words.stack_summary(steps))
if len(steps) >= 2:
    st.plotly_chart(
        charts.stack_chart(steps, request.focus),
        config=PLOT_CONFIG,
        theme=None,
        key="equity_stack",
    )
    with st.expander("Table: each step's people and spending"):
        st.dataframe(charts.stack_frame(steps), hide_index=True)

# --- who pays ----------------------------------------------------------------------------------
if figures.get("reforms"):
    st.subheader("Who pays: the change in spending a year")
    payers = payer_rows(figures, request.focus)
    column = "all together" if len(steps) >= 2 else next(iter(figures["reforms"]))
    st.write(words.payer_summary(payers, column))
    st.dataframe(charts.payer_frame(payers), hide_index=True)

with st.expander("How these figures are made"):
    st.markdown(words.method().replace("$", "\\$"))  # dollars, not LaTeX
st.caption(words.footnote())
