"""The client's inputs as the pages lay them out: which fields of the table (ui/fields.py) go in
which section, and which show only when they apply. Widgets come from `forms.draw`; values and
conversion from ui/forms.py and ui/convert.py (re-exported here for callers of the old names).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pricing import course, defaults
from pricing.defaults import clinic as clinic_defaults
from ui import tables
from ui.convert import scenario_dict_from_state, scenario_from_state, state_from_scenario
from ui.fields import KINDS, MONTHS
from ui.forms import (
    PREFIX,
    SAVED,
    apply_plan_template,
    draw,
    ensure_defaults,
    load_into_session,
    put,
    save,
    value,
    values,
)
from ui.safe_text import md

__all__ = [
    "KINDS",
    "MONTHS",
    "PREFIX",
    "SAVED",
    "ensure_defaults",
    "load_into_session",
    "put",
    "folded",
    "render_advanced",
    "render_insurance",
    "render_treatment",
    "save",
    "scenario_dict_from_state",
    "scenario_from_state",
    "state_from_scenario",
    "values",
]


def _pair(left: str, right: str) -> None:
    """Two inputs side by side (one flex row: fewer elements for the browser to lay out again on
    every change than two columns, issue 17; they wrap on a narrow phone)."""
    row = st.container(horizontal=True, gap="medium")
    draw(left, row)
    draw(right, row)


def render_treatment() -> None:
    """Treatment, prices (Spravato: how it is billed), course and therapy sessions."""
    draw("modality")
    modality = value("modality")
    st.caption(defaults.modality(modality)["setting"])
    split = modality == "spravato" and bool(value("split_bill"))
    if modality == "spravato":
        draw("split_bill")
    if split:
        hours = clinic_defaults.spravato_observation_hours()
        st.caption(
            "Two bills a session: the drug, and the clinic's visit (administration and "
            f"{hours:g} hours' observation)."
        )
        a, b = st.columns(2)
        draw("price_low", a, "Visit per session, lowest ($)")
        draw("price_high", b, "Visit per session, highest ($)")
    else:
        _pair("price_low", "price_high")
    if split:
        _pair("drug_low", "drug_high")
        draw("drug_benefit")
        if value("drug_benefit") == "pharmacy" and value("kind") not in ("none", "medicare"):
            draw("pharmacy_coinsurance_pct")
    _render_course(modality)
    draw("therapy_sessions")


def _render_course(modality: str) -> None:
    custom = value("custom_phases")
    if custom:
        st.info(
            "Course from your file: "
            + "; ".join(f"{md(p.get('name', 'phase'), 80)} ({p['weeks']} weeks)" for p in custom)
        )
        if st.button("Use the standard course instead"):
            st.session_state[PREFIX + "custom_phases"] = None
            st.rerun()
        return
    if course.has_typical(modality):
        draw("course_choice")
    if value("course_choice") == "typical" and course.has_typical(modality):
        st.caption(course.describe_named(modality, "typical").capitalize() + ".")
        return
    template = course.template(modality)
    draw(
        "maintenance_months",
        label=f"Months of maintenance after the first series ({template['label']})",
    )
    st.caption(
        f"0 = the first series only; maintenance sessions follow every "
        f"{course.maintenance_every_weeks(modality)} weeks."
    )


def render_insurance() -> None:
    """Where the person lives, insurance kind, Medicare's questions, the plan's terms and prior
    authorisation."""
    draw("home_state")
    draw("kind")
    kind = value("kind")
    if kind == "none":
        return
    if kind == "medicare":
        _render_medicare()
    if kind == "commercial":
        plans = {pid: p["label"] for pid, p in defaults.plans().items() if p["kind"] == kind}
        choice = st.selectbox(
            "Start from a typical plan", list(plans), format_func=plans.__getitem__,
            key="plan_template",
        )  # fmt: skip
        st.button("Fill in this plan's terms", on_click=apply_plan_template, args=(choice,))
    original = kind == "medicare" and not value("medicare_advantage")
    if not original:
        a, b = st.columns(2)
        with a:
            draw("deductible")
            draw("copay")
            draw("met_deductible")
        with b:
            draw("coinsurance_pct")
            draw("has_oop_max")
            if value("has_oop_max"):
                draw("oop_max")
            draw("met_oop")
        if kind != "medicare":
            draw("plan_year_month")
    else:
        _pair("deductible", "met_deductible")
    _render_approval()


def _render_medicare() -> None:
    draw("medicare_advantage")
    if not value("medicare_advantage"):
        draw("medigap")
        if value("medigap") == "medigap_n":
            draw("medigap_visit_copay")
    pharmacy = bool(value("split_bill")) and value("drug_benefit") == "pharmacy"
    if value("modality") == "spravato" and pharmacy:
        st.markdown("**Part D (the drug from a pharmacy)**")
        a, b, c = st.columns(3)
        draw("part_d_deductible", a)
        draw("part_d_coinsurance_pct", b)
        draw("part_d_threshold", c)


def _render_approval() -> None:
    """Prior authorisation: asked where a covering plan usually has the step."""
    if value("cov_treatment") == "not_covered":
        return
    asks = value("kind") != "medicare" or value("medicare_advantage") or value("pa_pending")
    if not asks:
        return
    draw("pa_pending")
    if value("pa_pending"):
        draw("approval_pct")


# The form's folded parts: session-state key -> label (each key holds whether it is open).
FOLDS = {
    "fold_charges": "Other charges: intake and therapy prices",
    "fold_cover": "What your plan covers, and out-of-network benefits",
    "fold_help": "Help paying: manufacturer programme, sliding scale, HSA/FSA",
    "fold_household": "Time, travel and your household",
    "fold_paying": "Paying over time, and your taxes",
}


def folded(key: str, draw_inside: Callable[[], None]) -> None:
    """A folded part of the form whose inputs are drawn only while it is open (Streamlit's lazy
    expander; issue 17: every widget drawn is sent and laid out again on every change). Closed,
    its values stay as they were: every input is set from the saved copy before any widget
    draws (ui.forms.ensure_defaults), so the estimate never depends on what is folded."""
    tables.when_open(FOLDS[key], key, draw_inside)


def render_advanced() -> None:
    """Folded sections: other charges, coverage details, help paying, time and household."""
    kind = value("kind")
    folded("fold_charges", _render_charges)
    if kind != "none":
        folded("fold_cover", _render_cover)
    folded("fold_help", _render_help)
    folded("fold_household", _render_household)


def _render_charges() -> None:
    _pair("intake_low", "intake_high")
    _pair("therapy_low", "therapy_high")


def _render_cover() -> None:
    for part in ("treatment", "therapy", "intake"):
        draw(f"cov_{part}")
    draw("allowed_pct")
    st.markdown("**Out-of-network (superbill) benefits**")
    a, b = st.columns(2)
    with a:
        draw("oon_deductible")
        draw("oon_allowed_pct")
    with b:
        draw("oon_coinsurance_pct")
        draw("oon_has_max")
        if value("oon_has_max"):
            draw("oon_max")


def _render_help() -> None:
    if value("modality") == "spravato":
        _render_programme()
    draw("discount_pct")
    draw("pretax")
    if value("pretax"):
        draw("tax_pct")


def _render_household() -> None:
    a, b = st.columns(2)
    with a:
        draw("travel")
        draw("hours")
    with b:
        draw("hourly")
        draw("start_date")
    draw("income_known")
    if value("income_known"):
        _pair("income", "size")


def _render_programme() -> None:
    draw("programme")
    if not value("programme"):
        return
    _pair("programme_floor", "programme_max")
    if value("split_bill"):
        draw("rebate")
        if value("rebate"):
            draw("rebate_max")
    draw("accumulator")
