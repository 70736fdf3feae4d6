"""Access & equity (for advocates): who is priced out, by income and insurance, and which
policy change helps most. Inputs here, numbers from pricing.equity, charts from ui.equity_charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing import defaults
from pricing.equity import (
    COURSES,
    KINDS,
    LEVERS,
    TREATMENTS,
    PageData,
    Population,
    PopulationMix,
    band_labels,
    lever_defaults,
    levers,
    make_population,
    page_data,
    thresholds,
)
from pricing.scenario import ScenarioError
from ui import equity_charts as charts

PLOT_CONFIG = {"displaylogo": False}
DEFAULT_HOUSEHOLDS = int(
    defaults.value(defaults.load("population")["population"]["default_households"])
)
DEFAULT_SEED = int(defaults.value(defaults.load("population")["population"]["default_seed"]))
HOUSEHOLD_CHOICES = sorted({DEFAULT_HOUSEHOLDS // 4, DEFAULT_HOUSEHOLDS, DEFAULT_HOUSEHOLDS * 5})
COURSE_LABELS = {"first_year": "First 12 months", "induction": "Induction only"}


@st.cache_data(max_entries=8, show_spinner=False)
def cached_population(
    n: int, seed: int, insurance: tuple[tuple[float, ...], ...], non_expansion: float
) -> Population:
    mix = PopulationMix.default()
    table = {
        band: dict(zip(KINDS, row, strict=True))
        for band, row in zip(band_labels(), insurance, strict=True)
    }
    return make_population(
        n, seed, mix.with_changes(insurance_by_band=table, non_expansion_share=non_expansion)
    )


@st.cache_data(max_entries=32, show_spinner="Settling every household's course...")
def cached_page(
    n: int,
    seed: int,
    insurance: tuple[tuple[float, ...], ...],
    non_expansion: float,
    course: str,
    threshold: str,
    lever_names: tuple[str, ...],
    price_cap: float,
    annual_max: float,
    focus: str,
) -> PageData:
    population = cached_population(n, seed, insurance, non_expansion)
    reform = levers(lever_names, price_cap=price_cap, annual_max=annual_max)
    return page_data(population, course, threshold, reform, focus)


st.title("Access & equity: who is priced out?")
st.caption(
    "A simulated US population, each household settled through the same cost-sharing ledger as "
    "the personal estimate. For research and advocacy, not medical or financial advice. Figures "
    f"as of {defaults.poverty_year()}; the population mix is partly estimated (see Sources & method)."
)

# --- population mix -------------------------------------------------------------------------
default_mix = PopulationMix.default()
if "equity_mix" not in st.session_state:
    st.session_state["equity_mix"] = (
        default_mix.insurance_by_band,
        default_mix.non_expansion_share,
    )

with st.expander("Population mix (editable)", expanded=False):
    st.markdown(
        "Insurance of the household member seeking treatment, by household income as a share of "
        "the poverty guideline (rows are normalised to 100%). Below 138% of poverty in states "
        f"without the Medicaid expansion, {1 - default_mix.non_expansion_medicaid_kept:.0%} of the "
        "Medicaid group falls into the coverage gap and is counted as uninsured."
    )
    start_rows, start_gap = st.session_state["equity_mix"]
    editor_frame = pd.DataFrame(
        [[round(100 * v, 1) for v in row] for row in start_rows],
        index=pd.Index(band_labels(), name="poverty band"),
        columns=[charts.KIND_LABELS[k] for k in KINDS],
    )
    edited = st.data_editor(
        editor_frame,
        key="equity_mix_editor",
        disabled=["poverty band"],
        column_config={
            c: st.column_config.NumberColumn(
                c, min_value=0.0, max_value=100.0, step=1.0, format="%.1f%%"
            )
            for c in editor_frame.columns
        },
    )
    gap_share = st.slider(
        "Share of people in states without the Medicaid expansion",
        min_value=0.0,
        max_value=1.0,
        value=float(start_gap),
        step=0.01,
        format="%.2f",
        key="equity_non_expansion",
    )
    rows = tuple(
        tuple(float(v) / 100 for v in edited.loc[band].to_numpy()) for band in band_labels()
    )
    try:
        default_mix.with_changes(
            insurance_by_band={
                b: dict(zip(KINDS, r, strict=True))
                for b, r in zip(band_labels(), rows, strict=True)
            },
            non_expansion_share=gap_share,
        )
        st.session_state["equity_mix"] = (rows, gap_share)
    except ScenarioError as err:
        st.error(f"{err} — keeping the last valid mix.")
    if st.button("Reset the mix to the sourced defaults", key="equity_mix_reset"):
        st.session_state["equity_mix"] = (
            default_mix.insurance_by_band,
            default_mix.non_expansion_share,
        )
        st.session_state.pop("equity_mix_editor", None)
        st.session_state.pop("equity_non_expansion", None)
        st.rerun()

insurance_rows, non_expansion = st.session_state["equity_mix"]

# --- run settings -----------------------------------------------------------------------------
c1, c2, c3, c4 = st.columns(4)
course = c1.radio(
    "Course", COURSES, format_func=lambda c: COURSE_LABELS[c], key="equity_course", horizontal=True
)
threshold_name = c2.selectbox(
    "Priced out when out-of-pocket is above",
    list(thresholds()),
    format_func=lambda name: thresholds()[name].label,
    key="equity_threshold",
)
focus = c3.selectbox(
    "Treatment for the detailed charts",
    TREATMENTS,
    index=TREATMENTS.index("iv_ketamine"),
    format_func=charts.short,
    key="equity_focus",
)
households_n = c4.select_slider(
    "Simulated households", HOUSEHOLD_CHOICES, value=DEFAULT_HOUSEHOLDS, key="equity_households"
)

st.subheader("Policy levers")
st.caption("Tick one or more; they are combined into one reform and compared with today.")
lever_cols = st.columns(2)
chosen: list[str] = []
for i, (name, (label, helptext)) in enumerate(LEVERS.items()):
    if lever_cols[i % 2].checkbox(label, key=f"equity_lever_{name}", help=helptext):
        chosen.append(name)
params = lever_defaults()
p1, p2, _ = st.columns([1, 1, 2])
price_cap = p1.number_input(
    "Price cap per session (USD)",
    min_value=0.0,
    max_value=5000.0,
    value=params["price_cap"],
    step=50.0,
    key="equity_price_cap",
    disabled="price_cap" not in chosen,
)
annual_max = p2.number_input(
    "Manufacturer help, yearly maximum (USD)",
    min_value=0.0,
    max_value=100000.0,
    value=params["manufacturer_annual_max"],
    step=500.0,
    key="equity_annual_max",
    disabled="manufacturer_cap" not in chosen,
)

data = cached_page(
    int(households_n),
    DEFAULT_SEED,
    insurance_rows,
    float(non_expansion),
    str(course),
    str(threshold_name),
    tuple(chosen),
    float(price_cap),
    float(annual_max),
    str(focus),
)

# --- headline ---------------------------------------------------------------------------------
m1, m2, m3 = st.columns(3)
base_all = data.priced_out[focus]["all"]
reform_all = data.priced_out_reform[focus]["all"]
m1.metric(f"{charts.short(focus)}: priced out today", f"{base_all:.0%}")
m2.metric(
    "With the chosen reform",
    f"{reform_all:.0%}",
    delta=f"{data.newly[focus]['share']:.1%} newly able to afford" if chosen else None,
)
per = data.newly[focus]["extra_insurer_per_newly_reached"]
m3.metric(
    "Insurer cost per household reached",
    "n/a" if per != per else f"${per:,.0f}",
    help="The change in what insurers pay if every simulated household took the course, divided "
    "by the households the reform brings within reach.",
)

# --- 1. heatmap -------------------------------------------------------------------------------
st.subheader("How big a bite of income, by poverty band")
st.write(charts.median_share_summary(data.median_share))
st.plotly_chart(
    charts.median_share_heatmap(data.median_share),
    config=PLOT_CONFIG,
    theme=None,
    key="equity_heatmap",
)
with st.expander("Table: median share of income, and share priced out today"):
    st.dataframe(charts.median_share_frame(data.median_share).style.format("{:.1%}"))
    st.dataframe(charts.priced_out_frame(data.priced_out).style.format("{:.1%}"))

# --- 2. price sweep ---------------------------------------------------------------------------
st.subheader("Share priced out as the price per session changes")
st.write(charts.price_sweep_summary(data.sweep_prices, data.sweep, focus))
st.plotly_chart(
    charts.price_sweep_chart(data.sweep_prices, data.sweep, focus),
    config=PLOT_CONFIG,
    theme=None,
    key="equity_sweep",
)
with st.expander("Table: share priced out at each price"):
    sweep_table = charts.sweep_frame(data.sweep_prices, data.sweep)
    st.dataframe(
        sweep_table.style.format(
            {c: "{:.1%}" for c in sweep_table.columns[1:]} | {"price per session": "${:,.0f}"}
        ),
        hide_index=True,
    )

# --- 3. winners -------------------------------------------------------------------------------
st.subheader("Today vs the reform, by poverty band")
st.write(charts.winners_summary(data.newly[focus], focus, data.levers))
st.plotly_chart(
    charts.winners_chart(
        data.priced_out[focus], data.priced_out_reform[focus], data.newly[focus], focus
    ),
    config=PLOT_CONFIG,
    theme=None,
    key="equity_winners",
)
with st.expander("Tables: newly able to afford, by band and by insurance; all treatments"):
    winners = charts.winners_frame(
        data.priced_out[focus], data.priced_out_reform[focus], data.newly[focus]
    )
    st.dataframe(winners.style.format({c: "{:.1%}" for c in winners.columns[1:]}), hide_index=True)
    by_kind = charts.newly_by_kind_frame(data.newly[focus])
    st.dataframe(by_kind.style.format({"share of that insurance group": "{:.1%}"}), hide_index=True)
    st.dataframe(charts.priced_out_frame(data.priced_out_reform).style.format("{:.1%}"))

# --- 4. distribution --------------------------------------------------------------------------
st.subheader("Spread of the cost share by insurance")
share_base = "income" if data.threshold.rule == "income" else "capacity to pay"
st.write(charts.distribution_summary(data.distribution, focus, share_base))
st.caption(
    "Boxes hold the middle half of households; whiskers reach the 10th and 90th percentiles."
)
st.plotly_chart(
    charts.distribution_chart(
        data.distribution,
        focus,
        data.threshold.share,
        share_base,
    ),
    config=PLOT_CONFIG,
    theme=None,
    key="equity_distribution",
)
with st.expander("Table: percentiles of out-of-pocket as a share of income"):
    dist = charts.distribution_frame(data.distribution)
    st.dataframe(dist.style.format({c: "{:.1%}" for c in dist.columns if c != "households"}))

st.caption(
    f"{data.households:,} simulated households (seed {DEFAULT_SEED}); course: "
    f"{COURSE_LABELS[data.course].lower()} at midpoint clinic prices; capacity to pay = income minus "
    "the poverty guideline for the household size. Income and household size are drawn "
    "independently, and Medicare households have no supplemental (Medigap) cover."
)
