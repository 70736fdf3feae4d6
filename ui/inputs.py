"""The client's inputs: widgets <-> Scenario, both ways.

Widget values live in st.session_state under keys starting with `in_`. `state_from_scenario`
turns a scenario (defaults, an uploaded file, a share link) into those values; `scenario_from_state`
turns them back into a Scenario through pricing.scenario.from_dict, so the dashboard validates
exactly like the CLI. The conversion functions are pure (no Streamlit) so tests call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping
from typing import Any

import streamlit as st

from pricing import course, defaults
from pricing.scenario import (
    MAX_THERAPY_SESSIONS,
    MONEY_MAX,
    Scenario,
    default_scenario,
    default_scenario_dict,
    from_dict,
    to_dict,
)
from ui.safe_text import md

PREFIX = "in_"
KINDS = {
    "none": "No insurance (self-pay)",
    "commercial": "Private insurance (employer or marketplace)",
    "medicare": "Original Medicare",
    "medicaid": "Medicaid",
}
COVERAGE_LABELS = {
    "in_network": "Covered in network",
    "out_of_network": "Out of network (superbill)",
    "not_covered": "Not covered",
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MAX_MAINTENANCE_MONTHS = 24


def _pct(share: float) -> float:
    return round(share * 100, 4)


def maintenance_months_of(scenario: Scenario) -> int | None:
    """Months of maintenance if the course is the modality's standard one, else None (custom)."""
    phases = to_dict(scenario)["treatment"]["phases"]
    return course.maintenance_months_of(scenario.modality, phases, MAX_MAINTENANCE_MONTHS)


def state_from_scenario(scenario: Scenario) -> dict[str, Any]:
    """Widget values (keys without the prefix) that reproduce `scenario`."""
    ins = scenario.insurance
    oon = ins.out_of_network
    programme = scenario.assistance.manufacturer
    months = maintenance_months_of(scenario)
    income = scenario.household.income
    return {
        "name": scenario.name,
        "modality": scenario.modality,
        "start_date": scenario.start_date,
        "price_low": scenario.treatment.price.low,
        "price_high": scenario.treatment.price.high,
        "maintenance_months": months if months is not None else 0,
        "custom_phases": None if months is not None else to_dict(scenario)["treatment"]["phases"],
        "therapy_sessions": scenario.therapy.sessions,
        "therapy_low": scenario.therapy.price.low,
        "therapy_high": scenario.therapy.price.high,
        "intake_low": scenario.intake.price.low,
        "intake_high": scenario.intake.price.high,
        "kind": ins.kind,
        "deductible": ins.deductible,
        "coinsurance_pct": _pct(ins.coinsurance),
        "copay": ins.copay,
        "has_oop_max": ins.oop_max is not None,
        "oop_max": ins.oop_max if ins.oop_max is not None else 0.0,
        "met_deductible": ins.met_this_year.deductible,
        "met_oop": ins.met_this_year.oop,
        "plan_year_month": MONTHS[ins.plan_year_start_month - 1],
        "allowed_pct": _pct(ins.allowed_share),
        "cov_treatment": ins.coverage.treatment,
        "cov_therapy": ins.coverage.therapy,
        "cov_intake": ins.coverage.intake,
        "oon_deductible": oon.deductible,
        "oon_coinsurance_pct": _pct(oon.coinsurance),
        "oon_allowed_pct": _pct(oon.allowed_share),
        "oon_has_max": oon.oop_max is not None,
        "oon_max": oon.oop_max if oon.oop_max is not None else 0.0,
        "programme": programme is not None,
        "programme_floor": programme.patient_pays_per_session
        if programme
        else _programme_default(scenario.modality, "patient_pays_per_session"),
        "programme_max": programme.annual_max
        if programme
        else _programme_default(scenario.modality, "annual_max"),
        "accumulator": not scenario.assistance.counts_toward_deductible,
        "discount_pct": _pct(scenario.assistance.sliding_scale_discount),
        "pretax": scenario.payment.pretax_account,
        "tax_pct": _pct(scenario.payment.marginal_tax_rate),
        "travel": scenario.time_and_travel.travel_cost_per_visit,
        "hours": scenario.time_and_travel.hours_per_visit,
        "hourly": scenario.time_and_travel.hourly_value,
        "income_known": income is not None,
        "income": income if income is not None else 0.0,
        "size": scenario.household.size,
    }


def _programme_default(modality: str, key: str) -> float:
    """The programme's sourced terms, pre-filled even before the person ticks the box."""
    programme = defaults.manufacturer_programme("spravato")
    return float(defaults.value(programme[key])) if programme else 0.0


def scenario_dict_from_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario file content the widgets describe (unvalidated)."""
    v = state
    modality = v["modality"]
    phases = v.get("custom_phases") or course.standard(modality, v["maintenance_months"])
    start = v["start_date"]
    return {
        "version": 1,
        "name": v["name"],
        "modality": modality,
        "start_date": start.isoformat() if isinstance(start, dt.date) else start,
        "treatment": {"price": {"low": v["price_low"], "high": v["price_high"]}, "phases": phases},
        "therapy": {
            "sessions": int(v["therapy_sessions"]),
            "price": {"low": v["therapy_low"], "high": v["therapy_high"]},
        },
        "intake": {"price": {"low": v["intake_low"], "high": v["intake_high"]}},
        "insurance": {
            "kind": v["kind"],
            "plan_year_start_month": MONTHS.index(v["plan_year_month"]) + 1,
            "deductible": v["deductible"],
            "coinsurance": v["coinsurance_pct"] / 100,
            "copay": v["copay"],
            "oop_max": v["oop_max"] if v["has_oop_max"] else None,
            "met_this_year": {"deductible": v["met_deductible"], "oop": v["met_oop"]},
            "allowed_share": v["allowed_pct"] / 100,
            "coverage": {
                "treatment": v["cov_treatment"],
                "therapy": v["cov_therapy"],
                "intake": v["cov_intake"],
            },
            "out_of_network": {
                "deductible": v["oon_deductible"],
                "coinsurance": v["oon_coinsurance_pct"] / 100,
                "allowed_share": v["oon_allowed_pct"] / 100,
                "oop_max": v["oon_max"] if v["oon_has_max"] else None,
            },
        },
        "assistance": {
            "manufacturer": (
                {"patient_pays_per_session": v["programme_floor"], "annual_max": v["programme_max"]}
                if v["programme"] and modality == "spravato"
                else None
            ),
            "counts_toward_deductible": not v["accumulator"],
            "sliding_scale_discount": v["discount_pct"] / 100,
        },
        "payment": {"pretax_account": v["pretax"], "marginal_tax_rate": v["tax_pct"] / 100},
        "time_and_travel": {
            "travel_cost_per_visit": v["travel"],
            "hours_per_visit": v["hours"],
            "hourly_value": v["hourly"],
        },
        "household": {
            "income": v["income"] if v["income_known"] else None,
            "size": int(v["size"]),
        },
    }


def scenario_from_state(state: Mapping[str, Any]) -> Scenario:
    """Validated scenario from widget values; raises ScenarioError naming the field."""
    return from_dict(scenario_dict_from_state(state))


# ---------------------------------------------------------------------------------------------
# Session state plumbing.


def values(session: Mapping[str, Any]) -> dict[str, Any]:
    """Widget values from session state, prefix removed."""
    return {k[len(PREFIX) :]: v for k, v in session.items() if k.startswith(PREFIX)}


def put(session: MutableMapping[str, Any], state: Mapping[str, Any]) -> None:
    for key, value in state.items():
        session[PREFIX + key] = value


SAVED = "saved_inputs"


def ensure_defaults(session: MutableMapping[str, Any]) -> None:
    """Every input key present before any widget draws: the person's saved values first,
    the sourced defaults on a first visit.

    Streamlit drops a widget's value when the widget is not drawn (another page, a folded
    option); the saved copy puts it back, so inputs survive page changes and hidden fields."""
    saved = session.get(SAVED) or state_from_scenario(default_scenario("iv_ketamine", "none"))
    for key, value in saved.items():
        session.setdefault(PREFIX + key, value)


def save(session: MutableMapping[str, Any]) -> None:
    session[SAVED] = values(session)


def _reset_for(modality: str, kind: str, keep: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults for a (modality, insurance kind) pair, keeping the person's own household etc."""
    fresh = state_from_scenario(from_dict(default_scenario_dict(modality, kind)))
    for key in (
        "start_date",
        "pretax",
        "tax_pct",
        "travel",
        "hours",
        "hourly",
        "income_known",
        "income",
        "size",
        "discount_pct",
    ):
        if key in keep:
            fresh[key] = keep[key]
    return fresh


def on_modality_change() -> None:
    """A new treatment brings its own prices, course and coverage; insurance terms stay."""
    ensure_defaults(st.session_state)
    v = values(st.session_state)
    fresh = _reset_for(v["modality"], v["kind"], v)
    keep_insurance = (
        "deductible",
        "coinsurance_pct",
        "copay",
        "has_oop_max",
        "oop_max",
        "met_deductible",
        "met_oop",
        "plan_year_month",
        "allowed_pct",
        "oon_deductible",
        "oon_coinsurance_pct",
        "oon_allowed_pct",
        "oon_has_max",
        "oon_max",
    )
    for key in keep_insurance:
        fresh[key] = v[key]
    put(st.session_state, fresh)


def on_kind_change() -> None:
    """A new insurance kind brings its default plan terms and coverage; the treatment stays."""
    ensure_defaults(st.session_state)
    v = values(st.session_state)
    fresh = _reset_for(v["modality"], v["kind"], v)
    for key in (
        "price_low",
        "price_high",
        "maintenance_months",
        "custom_phases",
        "therapy_sessions",
        "therapy_low",
        "therapy_high",
        "intake_low",
        "intake_high",
    ):
        fresh[key] = v[key]
    put(st.session_state, fresh)


def apply_plan_template(plan_id: str) -> None:
    terms = defaults.plan_terms(plan_id)
    put(
        st.session_state,
        {
            "deductible": float(terms["deductible"]),
            "coinsurance_pct": _pct(terms["coinsurance"]),
            "copay": float(terms["copay"]),
            "has_oop_max": terms["oop_max"] is not None,
            "oop_max": float(terms["oop_max"] or 0.0),
            "oon_deductible": float(terms["out_of_network"]["deductible"]),
            "oon_coinsurance_pct": _pct(terms["out_of_network"]["coinsurance"]),
            "oon_allowed_pct": _pct(terms["out_of_network"]["allowed_share"]),
            "oon_has_max": terms["out_of_network"]["oop_max"] is not None,
            "oon_max": float(terms["out_of_network"]["oop_max"] or 0.0),
        },
    )


def load_into_session(scenario: Scenario) -> None:
    put(st.session_state, state_from_scenario(scenario))


# ---------------------------------------------------------------------------------------------
# The widgets.


def _money_input(
    label: str,
    key: str,
    help: str | None = None,
    step: float = 25.0,
    max_value: float = float(MONEY_MAX),
) -> None:
    st.number_input(
        label,
        min_value=0.0,
        max_value=max_value,
        step=step,
        key=PREFIX + key,
        help=help,
        format="%.0f",
    )


def _pct_input(label: str, key: str, help: str | None = None) -> None:
    st.number_input(
        label, min_value=0.0, max_value=100.0, step=5.0, key=PREFIX + key, help=help, format="%.0f"
    )


def render_treatment() -> None:
    labels = {m: defaults.modality_label(m) for m in defaults.MODALITIES}
    st.selectbox(
        "Treatment",
        list(labels),
        format_func=labels.__getitem__,
        key=PREFIX + "modality",
        on_change=on_modality_change,
    )
    info = defaults.modality(st.session_state[PREFIX + "modality"])
    st.caption(info["setting"])
    low, high = st.columns(2)
    with low:
        _money_input(
            "Price per session, lowest quote ($)",
            "price_low",
            help="What the clinic bills for one treatment session. Use the same number "
            "twice if you have one firm price.",
        )
    with high:
        _money_input("Price per session, highest quote ($)", "price_high")
    custom = st.session_state.get(PREFIX + "custom_phases")
    if custom:
        st.info(
            "Course from your file: "
            + "; ".join(f"{md(p.get('name', 'phase'), 80)} ({p['weeks']} weeks)" for p in custom)
        )
        if st.button("Use the standard course instead"):
            st.session_state[PREFIX + "custom_phases"] = None
            st.rerun()
    else:
        course = defaults.course(info["course"])
        st.slider(
            "Months of maintenance after the first series",
            0,
            MAX_MAINTENANCE_MONTHS,
            key=PREFIX + "maintenance_months",
            help=f"{course['label']}. 0 = the first series only; maintenance sessions follow "
            f"every {course['maintenance']['every_weeks']} weeks.",
        )
    st.number_input(
        "Preparation / integration therapy sessions",
        min_value=0,
        max_value=MAX_THERAPY_SESSIONS,
        step=1,
        key=PREFIX + "therapy_sessions",
    )


def render_insurance() -> None:
    st.selectbox(
        "Insurance",
        list(KINDS),
        format_func=KINDS.__getitem__,
        key=PREFIX + "kind",
        on_change=on_kind_change,
    )
    kind = st.session_state[PREFIX + "kind"]
    if kind == "none":
        return
    if kind == "commercial":
        plans = {pid: p["label"] for pid, p in defaults.plans().items() if p["kind"] == kind}
        choice = st.selectbox(
            "Start from a typical plan",
            list(plans),
            format_func=plans.__getitem__,
            key="plan_template",
        )
        st.button("Fill in this plan's terms", on_click=apply_plan_template, args=(choice,))
    a, b = st.columns(2)
    with a:
        _money_input("Deductible ($ per plan year)", "deductible", step=100.0)
        _money_input(
            "Copay per visit ($)",
            "copay",
            step=5.0,
            help="If your plan charges a flat copay for these visits, it replaces the "
            "deductible and coinsurance.",
        )
        _money_input("Deductible already met this year ($)", "met_deductible", step=100.0)
    with b:
        _pct_input("Coinsurance after the deductible (%)", "coinsurance_pct")
        st.checkbox("My plan has an out-of-pocket maximum", key=PREFIX + "has_oop_max")
        if st.session_state[PREFIX + "has_oop_max"]:
            _money_input("Out-of-pocket maximum ($ per plan year)", "oop_max", step=100.0)
        _money_input("Out-of-pocket already paid this year ($)", "met_oop", step=100.0)
    st.selectbox("Plan year starts in", MONTHS, key=PREFIX + "plan_year_month")


def render_advanced() -> None:
    kind = st.session_state[PREFIX + "kind"]
    modality = st.session_state[PREFIX + "modality"]
    with st.expander("Other charges: intake and therapy prices"):
        a, b = st.columns(2)
        with a:
            _money_input("Intake and evaluation, low ($)", "intake_low")
            _money_input("Therapy session, low ($)", "therapy_low")
        with b:
            _money_input("Intake and evaluation, high ($)", "intake_high")
            _money_input("Therapy session, high ($)", "therapy_high")
    if kind != "none":
        with st.expander("What your plan covers, and out-of-network benefits"):
            for part, label in (
                ("treatment", "Treatment sessions"),
                ("therapy", "Therapy sessions"),
                ("intake", "Intake visit"),
            ):
                st.selectbox(
                    label,
                    list(COVERAGE_LABELS),
                    format_func=COVERAGE_LABELS.__getitem__,
                    key=PREFIX + f"cov_{part}",
                )
            _pct_input(
                "In-network allowed amount (% of the clinic's price)",
                "allowed_pct",
                help="Plans pay on a negotiated 'allowed amount', often below list price.",
            )
            st.markdown("**Out-of-network (superbill) benefits**")
            a, b = st.columns(2)
            with a:
                _money_input("Out-of-network deductible ($)", "oon_deductible", step=100.0)
                _pct_input("Allowed amount (% of the fee)", "oon_allowed_pct")
            with b:
                _pct_input("Out-of-network coinsurance (%)", "oon_coinsurance_pct")
                st.checkbox("Out-of-network maximum applies", key=PREFIX + "oon_has_max")
                if st.session_state[PREFIX + "oon_has_max"]:
                    _money_input("Out-of-network maximum ($)", "oon_max", step=100.0)
    with st.expander("Help paying: manufacturer programme, sliding scale, HSA/FSA"):
        if modality == "spravato":
            st.checkbox(
                "Use the SPRAVATO withMe savings programme",
                key=PREFIX + "programme",
                help="For commercially insured patients only; not Medicare or Medicaid.",
            )
            if st.session_state[PREFIX + "programme"]:
                a, b = st.columns(2)
                with a:
                    _money_input("You pay per session ($)", "programme_floor", step=5.0)
                with b:
                    _money_input("Programme's yearly maximum ($)", "programme_max", step=500.0)
                st.checkbox(
                    "My plan runs a copay accumulator (programme money does not count "
                    "toward my deductible)",
                    key=PREFIX + "accumulator",
                )
        _pct_input("Clinic's sliding-scale discount on self-paid charges (%)", "discount_pct")
        st.checkbox("I pay from an HSA or FSA (pre-tax money)", key=PREFIX + "pretax")
        if st.session_state[PREFIX + "pretax"]:
            _pct_input("Your marginal tax rate (%)", "tax_pct")
    with st.expander("Time, travel and your household"):
        a, b = st.columns(2)
        with a:
            _money_input("Travel cost per visit ($)", "travel", step=5.0)
            st.number_input(
                "Hours per visit (including travel)",
                min_value=0.0,
                max_value=24.0,
                step=0.5,
                key=PREFIX + "hours",
            )
        with b:
            _money_input("Value of an hour (e.g. lost wages, $)", "hourly", step=5.0)
            st.date_input(
                "First session",
                key=PREFIX + "start_date",
                min_value=dt.date(2000, 1, 1),
                max_value=dt.date(2100, 12, 31),
            )
        st.checkbox("Show cost as a share of my household income", key=PREFIX + "income_known")
        if st.session_state[PREFIX + "income_known"]:
            a, b = st.columns(2)
            with a:
                _money_input("Household income ($ per year)", "income", step=1000.0)
            with b:
                st.number_input(
                    "People in household", min_value=1, max_value=20, step=1, key=PREFIX + "size"
                )
