"""Access & equity (for advocates): who is priced out, by income and insurance, and which
policy change helps most. Lays out only: inputs from ui.equity_form, figures from
pricing.equity.page_data, words from pricing.explain.equity, charts from ui.equity_charts."""

from __future__ import annotations

import streamlit as st

from pricing.equity import page_choices
from pricing.equity.page_data import course_descriptions
from pricing.explain import equity as words
from ui import equity_charts as charts
from ui import equity_form as form
from ui import evidence

PLOT_CONFIG = {"displaylogo": False}

choices = page_choices()

st.title("Access & equity: who is priced out?")
st.caption(words.intro())

insurance_rows, non_expansion = form.mix_editor(choices)
course, threshold_name, focus, households_n = form.settings_row(choices)
st.caption(words.courses_sentence(course_descriptions(course)))

st.subheader("Policy levers")
st.caption("Tick one or more; they are combined into one reform and compared with today.")
chosen, price_cap, annual_max = form.lever_inputs(choices)

inputs = form.Inputs(
    households=households_n,
    insurance=insurance_rows,
    non_expansion=non_expansion,
    course=course,
    threshold=threshold_name,
    focus=focus,
    levers=chosen,
    price_cap=price_cap,
    annual_max=annual_max,
)
data = form.cached_page(choices.seed, inputs)
rep = evidence.for_equity(inputs)

# --- headline ---------------------------------------------------------------------------------
for column, (label, value, delta, help_text) in zip(
    st.columns(3), words.headline(data, focus), strict=True
):
    column.metric(label, value, delta=delta, help=help_text)

# --- 1. heatmap -------------------------------------------------------------------------------
st.subheader("How big a bite of income, by poverty band")
alt = words.median_share_summary(data.median_share)  # the chart's text alternative
st.write(alt)
heatmap = charts.median_share_heatmap(data.median_share)
st.plotly_chart(heatmap, config=PLOT_CONFIG, theme=None, key="equity_heatmap", alt=alt)
with st.expander("Table: median share of income, and share priced out today"):
    st.dataframe(charts.percent_table(charts.median_share_frame(data.median_share)))
    st.dataframe(charts.percent_table(charts.priced_out_frame(data.priced_out)))
    evidence.download(
        rep, "equity_priced_out", "Priced out today", charts.priced_out_frame(data.priced_out)
    )
evidence.download(
    rep,
    "equity_heatmap",
    "Median share of income",
    charts.median_share_frame(data.median_share),
    heatmap,
)

# --- 2. price sweep ---------------------------------------------------------------------------
st.subheader("Share priced out as the price per session changes")
alt = words.price_sweep_summary(
    data.sweep_prices, data.sweep, focus
)  # the chart's text alternative
st.write(alt)
sweep_fig = charts.price_sweep_chart(data.sweep_prices, data.sweep, focus)
st.plotly_chart(sweep_fig, config=PLOT_CONFIG, theme=None, key="equity_sweep", alt=alt)
with st.expander("Table: share priced out at each price"):
    st.dataframe(charts.sweep_table(data.sweep_prices, data.sweep), hide_index=True)
sweep_frame = charts.sweep_frame(data.sweep_prices, data.sweep)
evidence.download(rep, "equity_sweep", "Priced out by price", sweep_frame, sweep_fig)

# --- 3. winners -------------------------------------------------------------------------------
st.subheader("Today vs the reform, by poverty band")
alt = words.winners_summary(data.newly[focus], focus, data.levers)  # the chart's text alternative
st.write(alt)
winners_fig = charts.winners_chart(
    data.priced_out[focus], data.priced_out_reform[focus], data.newly[focus], focus
)
st.plotly_chart(winners_fig, config=PLOT_CONFIG, theme=None, key="equity_winners", alt=alt)
with st.expander("Tables: newly able to afford, by band and by insurance; all treatments"):
    winners = charts.winners_frame(
        data.priced_out[focus], data.priced_out_reform[focus], data.newly[focus]
    )
    st.dataframe(charts.percent_table(winners, skip=("poverty band",)), hide_index=True)
    st.dataframe(charts.by_kind_table(data.newly[focus]), hide_index=True)
    st.dataframe(charts.percent_table(charts.priced_out_frame(data.priced_out_reform)))
    evidence.download(
        rep,
        "equity_reform",
        "Priced out with the reform",
        charts.priced_out_frame(data.priced_out_reform),
    )
evidence.download(rep, "equity_winners", "Today vs the reform", winners, winners_fig)

# --- 4. distribution --------------------------------------------------------------------------
st.subheader("Spread of the cost share by insurance")
alt = words.distribution_summary(
    data.distribution, focus, data.threshold.base
)  # the chart's text alternative
st.write(alt)
st.caption(
    "Boxes hold the middle half of households; whiskers reach the 10th and 90th percentiles."
)
spread = charts.distribution_chart(
    data.distribution, focus, data.threshold.share, data.threshold.base
)
st.plotly_chart(spread, config=PLOT_CONFIG, theme=None, key="equity_distribution", alt=alt)
with st.expander("Table: percentiles of out-of-pocket as a share of income"):
    st.dataframe(charts.distribution_table(data.distribution))
spread_frame = charts.distribution_frame(data.distribution)
evidence.download(rep, "equity_distribution", "Spread of the cost share", spread_frame, spread)

st.caption(words.footnote(data.households, data.seed))
evidence.reproduce(rep, [evidence.EQUITY_NOTE])
