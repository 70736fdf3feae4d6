"""The Access & equity page's inputs: the population-mix editor, the run settings and the policy
levers, plus the cached engine calls they feed. Streamlit widgets only; what they offer comes
from pricing.equity.page_choices(), their words from pricing.explain.equity.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.equity import (
    KINDS,
    PageChoices,
    PageData,
    Population,
    band_labels,
    levers,
    page_data,
    thresholds,
)
from pricing.equity.page_data import check_mix, page_population
from pricing.explain import equity as words
from pricing.scenario import ScenarioError
from ui.equity_charts import KIND_LABELS

MIX_KEY = "equity_mix"
EDITOR_KEY = "equity_mix_editor"
GAP_KEY = "equity_non_expansion"

Rows = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Inputs:
    """Everything the page's widgets chose (plain values, so the engine calls can be cached)."""

    households: int
    insurance: Rows
    non_expansion: float
    course: str
    threshold: str
    focus: str
    levers: tuple[str, ...]
    price_cap: float
    annual_max: float


@st.cache_data(max_entries=8, show_spinner=False)
def cached_population(n: int, seed: int, insurance: Rows, non_expansion: float) -> Population:
    return page_population(n, seed, insurance, non_expansion)


@st.cache_data(max_entries=32, show_spinner="Settling every household's course...")
def cached_page(choices_seed: int, inputs: Inputs) -> PageData:
    population = cached_population(
        inputs.households, choices_seed, inputs.insurance, inputs.non_expansion
    )
    reform = levers(inputs.levers, price_cap=inputs.price_cap, annual_max=inputs.annual_max)
    return page_data(
        population, inputs.course, inputs.threshold, reform, inputs.focus, choices_seed
    )


def _default_mix(choices: PageChoices) -> tuple[Rows, float]:
    return choices.mix.insurance_by_band, choices.mix.non_expansion_share


def mix_editor(choices: PageChoices) -> tuple[Rows, float]:
    """The editable insurance-by-band table and coverage-gap share; the last valid mix."""
    if MIX_KEY not in st.session_state:
        st.session_state[MIX_KEY] = _default_mix(choices)
    with st.expander("Population mix (editable)", expanded=False):
        st.markdown(words.mix_note(choices.mix.non_expansion_medicaid_kept))
        start_rows, start_gap = st.session_state[MIX_KEY]
        frame = pd.DataFrame(
            [[round(100 * v, 1) for v in row] for row in start_rows],
            index=pd.Index(band_labels(), name="poverty band"),
            columns=[KIND_LABELS[k] for k in KINDS],
        )
        edited = st.data_editor(
            frame,
            key=EDITOR_KEY,
            disabled=["poverty band"],
            column_config={
                c: st.column_config.NumberColumn(
                    c, min_value=0.0, max_value=100.0, step=1.0, format="%.1f%%"
                )
                for c in frame.columns
            },
        )
        gap_share = st.slider(
            "Share of people in states without the Medicaid expansion",
            min_value=0.0,
            max_value=1.0,
            value=float(start_gap),
            step=0.01,
            format="%.2f",
            key=GAP_KEY,
        )
        rows = tuple(
            tuple(float(v) / 100 for v in edited.loc[band].to_numpy()) for band in band_labels()
        )
        try:
            check_mix(rows, gap_share)
            st.session_state[MIX_KEY] = (rows, gap_share)
        except ScenarioError as err:
            st.error(f"{err} — keeping the last valid mix.")
        if st.button("Reset the mix to the sourced defaults", key="equity_mix_reset"):
            st.session_state[MIX_KEY] = _default_mix(choices)
            st.session_state.pop(EDITOR_KEY, None)
            st.session_state.pop(GAP_KEY, None)
            st.rerun()
    rows_now, gap_now = st.session_state[MIX_KEY]
    return rows_now, float(gap_now)


def settings_row(choices: PageChoices) -> tuple[str, str, str, int]:
    """(course, threshold name, focus treatment, households) from one row of inputs."""
    c1, c2, c3, c4 = st.columns(4)
    course = c1.radio(
        "Course",
        choices.courses,
        format_func=words.course_label,
        key="equity_course",
        horizontal=True,
    )
    tests = thresholds()
    threshold = c2.selectbox(
        "Priced out when out-of-pocket is above",
        choices.thresholds,
        index=choices.thresholds.index(choices.default_threshold),
        format_func=lambda name: tests[name].label,
        key="equity_threshold",
    )
    focus = c3.selectbox(
        "Treatment for the detailed charts",
        choices.treatments,
        index=choices.treatments.index(choices.default_focus),
        format_func=words.short,
        key="equity_focus",
    )
    households = c4.select_slider(
        "Simulated households",
        choices.households,
        value=choices.default_households,
        key="equity_households",
    )
    return str(course), str(threshold), str(focus), int(households)


def lever_inputs(choices: PageChoices) -> tuple[tuple[str, ...], float, float]:
    """(levers ticked, price cap, manufacturer yearly maximum)."""
    texts = words.lever_labels()
    cols = st.columns(2)
    chosen = [
        name
        for i, name in enumerate(choices.levers)
        if cols[i % 2].checkbox(texts[name][0], key=f"equity_lever_{name}", help=texts[name][1])
    ]
    p1, p2, _ = st.columns([1, 1, 2])
    price_cap = p1.number_input(
        "Price cap per session (USD)",
        min_value=0.0,
        max_value=5000.0,
        value=choices.lever_defaults["price_cap"],
        step=50.0,
        key="equity_price_cap",
        disabled="price_cap" not in chosen,
    )
    annual_max = p2.number_input(
        "Manufacturer help, yearly maximum (USD)",
        min_value=0.0,
        max_value=100000.0,
        value=choices.lever_defaults["manufacturer_annual_max"],
        step=500.0,
        key="equity_annual_max",
        disabled="manufacturer_cap" not in chosen,
    )
    return tuple(chosen), float(price_cap), float(annual_max)
