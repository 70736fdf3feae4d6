"""The Access & equity page's inputs and the cached engine calls they feed.

Streamlit widgets only; what they offer comes from pricing.equity.page_data.state_page_choices(),
their words from pricing.explain. The state, the focus treatment and the reforms (in stack order)
live in the page's address (st.query_params: ?state=TX&treatment=spravato&reforms=oop_cap,...),
so a link opens the same view; the address is read once per session and rewritten on each change.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pricing.equity import thresholds
from pricing.equity.page_data import (
    PageRequest,
    StatePageChoices,
    focus_figures,
    map_shares,
    overview,
    parse_levers,
    state_page_choices,
)
from pricing.explain import equity as words
from pricing.scenario import ScenarioError

URL_READ = "equity_url_read"
KEYS = {"state": "equity_state", "treatment": "equity_focus", "reforms": "equity_levers"}


@st.cache_data(max_entries=1, show_spinner=False)
def choices() -> StatePageChoices:
    return state_page_choices()


@st.cache_data(max_entries=16, show_spinner="Settling every household's course...")
def cached_overview(request: PageRequest) -> dict[str, Any]:
    return overview(request)


@st.cache_data(max_entries=16, show_spinner="Settling the reforms, with their bands...")
def cached_focus(request: PageRequest) -> dict[str, Any]:
    return focus_figures(request)


@st.cache_data(max_entries=16, show_spinner="Drawing every state for the map...")
def cached_map(
    course: str, threshold: str, treatment: str, households: int, seed: int
) -> dict[str, float]:
    return map_shares(course, threshold, treatment, households, seed)


def read_url(options: StatePageChoices) -> None:
    """Once per session: the address's state, treatment and reforms become the widgets' values
    (unknown values are ignored: the page opens on its defaults)."""
    if st.session_state.get(URL_READ):
        return
    st.session_state[URL_READ] = True
    params = st.query_params
    state = str(params.get("state", "")).upper()
    if state in options.states:
        st.session_state[KEYS["state"]] = state
    treatment = str(params.get("treatment", ""))
    if treatment in options.treatments:
        st.session_state[KEYS["treatment"]] = treatment
    if "reforms" in params:
        st.session_state[KEYS["reforms"]] = list(parse_levers(params.get("reforms")))


def write_url(request: PageRequest) -> None:
    """The address follows the choices (a link to this view)."""
    wanted = {
        "state": request.state,
        "treatment": request.focus,
        "reforms": ",".join(request.levers),
    }
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def inputs(options: StatePageChoices) -> PageRequest:
    """Every choice on the page, as one cacheable request."""
    read_url(options)
    c1, c2 = st.columns(2)
    state = c1.selectbox(
        "State",
        options.states,
        format_func=lambda code: options.state_names[code],
        key=KEYS["state"],
    )
    if KEYS["treatment"] not in st.session_state:
        st.session_state[KEYS["treatment"]] = options.default_focus
    focus = c2.selectbox(
        "Treatment", options.treatments, format_func=words.short, key=KEYS["treatment"]
    )
    texts = words.lever_labels()
    if KEYS["reforms"] not in st.session_state:
        st.session_state[KEYS["reforms"]] = list(options.default_levers)
    levers = st.multiselect(
        "Reforms (stacked in the order you pick them)",
        options.levers,
        format_func=lambda name: texts[name][0],
        key=KEYS["reforms"],
        help="Each is shown alone, then added one after another in this order.",
    )
    with st.expander("Course, affordability test, sample and reform settings"):
        d1, d2, d3 = st.columns(3)
        course = d1.radio(
            "Course",
            options.courses,
            index=options.courses.index(options.default_course),
            format_func=words.course_label,
            key="equity_course",
        )
        tests = thresholds()
        threshold = d2.selectbox(
            "Priced out when out-of-pocket is above",
            options.thresholds,
            index=options.thresholds.index(options.default_threshold),
            format_func=lambda name: tests[name].label,
            key="equity_threshold",
        )
        households = d3.select_slider(
            "Sample households per state",
            options.households,
            value=options.default_households,
            key="equity_households",
        )
        p1, p2, p3 = st.columns(3)
        defaults = options.lever_defaults
        price_cap = p1.number_input(
            "Price cap per session (USD)",
            min_value=0.0,
            max_value=5000.0,
            value=defaults["price_cap"],
            step=50.0,
            format="%.0f",
            key="equity_price_cap",
        )
        oop_cap = p2.number_input(
            "Out-of-pocket cap a year (USD)",
            min_value=0.0,
            max_value=20000.0,
            value=defaults["oop_cap"],
            step=250.0,
            format="%.0f",
            key="equity_oop_cap",
        )
        annual_max = p3.number_input(
            "Manufacturer help, yearly maximum (USD)",
            min_value=0.0,
            max_value=100000.0,
            value=defaults["manufacturer_annual_max"],
            step=500.0,
            format="%.0f",
            key="equity_annual_max",
        )
        bands = st.checkbox(
            f"p10-p90 bands ({options.draws} parameter draws)",
            value=True,
            key="equity_bands",
        )
    return PageRequest(
        state=str(state),
        focus=str(focus),
        course=str(course),
        threshold=str(threshold),
        levers=tuple(str(n) for n in levers),
        households=int(households),
        draws=options.draws if bands else 0,
        seed=options.seed,
        price_cap=float(price_cap),
        annual_max=float(annual_max),
        oop_cap=float(oop_cap),
    )


def figures(request: PageRequest) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(overview, focus figures) or None after showing a one-line error (the inputs stay)."""
    try:
        return cached_overview(request), cached_focus(request)
    except ScenarioError as err:
        st.error(f"{err}. Choose a smaller sample or fewer reforms.")
        return None
