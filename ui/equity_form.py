"""The Access & equity page's inputs and the cached engine calls they feed.

Streamlit widgets only; what they offer comes from pricing.equity.page_data.state_page_choices(),
their words from pricing.explain. The state, the focus treatment and the reforms (in stack order)
live in the page's address (st.query_params: ?state=TX&treatment=spravato&reforms=oop_cap,...),
so a link opens the same view; the address is rewritten on each change (ui.links).
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
from ui import links

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
    """Before the widgets: the address's state, treatment and reforms become their values when
    this session did not write them (a link, a reload, back/forward: ui.links), or the page's
    last choices when the person comes back through the menu. Unknown values are ignored: the
    page opens on its defaults."""

    def apply(params: links.Params) -> None:
        state = str(params.get("state") or "").upper()
        links.put(KEYS["state"], state if state in options.states else options.states[0])
        treatment = str(params.get("treatment") or "")
        known = treatment in options.treatments
        links.put(KEYS["treatment"], treatment if known else options.default_focus)
        reforms = params.get("reforms")
        levers = options.default_levers if reforms is None else parse_levers(reforms)
        links.put(KEYS["reforms"], list(levers))
        for name, value in settings(options, params).items():
            links.put(SETTINGS[name], value)

    links.arrive("equity", (*KEYS, *SETTINGS), apply, alive=KEYS["state"])


# The expander's settings in the address too, each left out at its default:
# &course=label&test=income_10&households=20000&price_cap=500&oop_cap=2000&manufacturer_max=8000&bands=0
SETTINGS = {
    "course": "equity_course",
    "test": "equity_threshold",
    "households": "equity_households",
    "price_cap": "equity_price_cap",
    "oop_cap": "equity_oop_cap",
    "manufacturer_max": "equity_annual_max",
    "bands": "equity_bands",
}
# The widgets' bounds (USD), also the bounds a link's value must keep.
CAPS = {"price_cap": 5000.0, "oop_cap": 20000.0, "manufacturer_max": 100000.0}
LEVER_OF = {
    "price_cap": "price_cap",
    "oop_cap": "oop_cap",
    "manufacturer_max": "manufacturer_annual_max",
}


def setting_defaults(options: StatePageChoices) -> dict[str, Any]:
    found: dict[str, Any] = {
        "course": options.default_course,
        "test": options.default_threshold,
        "households": options.default_households,
        "bands": True,
    }
    return found | {name: float(options.lever_defaults[LEVER_OF[name]]) for name in CAPS}


def settings(options: StatePageChoices, params: links.Params) -> dict[str, Any]:
    """The settings a link gives, each checked against what the widget offers (else its
    default)."""
    out = setting_defaults(options)
    course, test = params.get("course"), params.get("test")
    if course in options.courses:
        out["course"] = course
    if test in options.thresholds:
        out["test"] = test
    households = str(params.get("households") or "")
    if households.isdigit() and len(households) < 9 and int(households) in options.households:
        out["households"] = int(households)
    for name, high in CAPS.items():
        value = links.number(0.0, high, False)(_float(params.get(name)))
        if value is not None:
            out[name] = value
    out["bands"] = params.get("bands") != "0"
    return out


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and len(text) < 20 else None
    except ValueError:
        return None


def setting_params(options: StatePageChoices, request: PageRequest) -> dict[str, str | None]:
    """The request's settings for the address, left out where they are the defaults."""
    now: dict[str, Any] = {
        "course": request.course,
        "test": request.threshold,
        "households": request.households,
        "price_cap": request.price_cap,
        "oop_cap": request.oop_cap,
        "manufacturer_max": request.annual_max,
        "bands": request.draws > 0,
    }
    first = setting_defaults(options)
    out: dict[str, str | None] = {}
    for name, value in now.items():
        if value == first[name]:
            out[name] = None
        elif name == "bands":
            out[name] = "0"
        else:
            out[name] = f"{value:.2f}".rstrip("0").rstrip(".") if name in CAPS else str(value)
    return out


def write_url(request: PageRequest) -> links.Params:
    """The address follows the choices (a link to this view); the parameters, for the share
    box."""
    params: dict[str, str | None] = {
        "state": request.state,
        "treatment": request.focus,
        "reforms": ",".join(request.levers),
    }
    params |= setting_params(choices(), request)
    links.write("equity", params, (*KEYS, *SETTINGS))
    return params


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
        links.put(KEYS["treatment"], options.default_focus)
    focus = c2.selectbox(
        "Treatment", options.treatments, format_func=words.short, key=KEYS["treatment"]
    )
    texts = words.lever_labels()
    if KEYS["reforms"] not in st.session_state:
        links.put(KEYS["reforms"], list(options.default_levers))
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
