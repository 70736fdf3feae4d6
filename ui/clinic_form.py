"""The Clinic pricing page's widgets, declared once, and the cached engine calls they feed.

Each number a manager types is one `Field` row: form key (pricing.clinic.form's dict), widget key,
label, and bounds read from the scenario model field it fills (pricing.scenario.clinic_section),
in percent where the model holds a share. The page lays these out; `read_inputs` turns them into
a validated ClinicSection (or the last one that worked), and `figures` runs
pricing.clinic.page_data with a cached copy of the CLI's reach curve.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from pricing import clinic, equity
from pricing.defaults import MODALITIES
from pricing.defaults import clinic as clinic_defaults
from pricing.report import money
from pricing.scenario import ClinicSection, Offering, ScenarioError
from pricing.scenario.base import Money, OutOfNetwork, Share
from pricing.scenario.clinic_section import (
    AllowedAmounts,
    DirectCost,
    Minutes,
    Package,
    PayerMix,
    SlidingTier,
)
from ui import links, share, tables
from ui.safe_text import md

LAST_GOOD = "clinic_last_good_form"
# The form lives in the page's address (ui.links): ?clinic=<the widgets that differ from their
# defaults, as a token of their keys (without this prefix) and values>.
PAGE = "clinic"
PREFIX = "clinic_"
FIRST_TREATMENT = "iv_ketamine"
PERCENT = 100.0
Bound = float | None


def _bounds(source: Any, attr: str | None = None) -> tuple[Bound, Bound, bool, bool]:
    """(low, high, low is exclusive, high is exclusive) of a model field, or of an Annotated
    type like Minutes."""
    if attr is not None:
        metadata = list(source.model_fields[attr].metadata)
        annotation = source.model_fields[attr].annotation
        for arg in typing.get_args(annotation):  # Optional[Annotated[...]] keeps them inside
            metadata += [m for a in typing.get_args(arg)[1:] for m in getattr(a, "metadata", [])]
    else:
        metadata = [m for a in typing.get_args(source)[1:] for m in getattr(a, "metadata", [])]
    low: Bound = None
    high: Bound = None
    exclusive = high_exclusive = False
    for m in metadata:
        if hasattr(m, "ge"):
            low = float(m.ge)
        elif hasattr(m, "gt"):
            low, exclusive = float(m.gt), True
        elif hasattr(m, "le"):
            high = float(m.le)
        elif hasattr(m, "lt"):  # below it: the widget stops one step short (a 100% margin)
            high, high_exclusive = float(m.lt), True
    return low, high, exclusive, high_exclusive


@dataclass(frozen=True)
class Field:
    """One number input: where it goes in the form, its widget key and label, and its bounds."""

    name: str  # key in the form dict of pricing.clinic.form
    key: str  # widget key suffix
    label: str
    source: Any  # the scenario model (with `attr`) or Annotated type whose bounds apply
    attr: str | None = None
    percent: bool = False  # the widget shows percent, the model holds a share
    step: float = 1.0
    integer: bool = False
    help: str | None = None

    def widget(
        self, where: Any, key: str, value: float, label: str | None = None, **kw: Any
    ) -> Any:
        """Draw the input in `where` (st or a column) and return what it holds."""
        low, high, exclusive, high_exclusive = _bounds(self.source, self.attr)
        scale = PERCENT if self.percent else 1.0
        if low is not None:
            low = low * scale + (self.step if exclusive else 0.0)
        if high is not None:
            high = high * scale - (self.step if high_exclusive else 0.0)
        cast = int if self.integer else float
        links.take(PAGE, key, cast(value), links.number(low, high, self.integer))
        return where.number_input(
            label or self.label,
            min_value=None if low is None else cast(low),
            max_value=None if high is None else cast(high),
            value=cast(value),
            step=cast(self.step),
            format=None if self.integer else decimals_for(self.step),
            key=key,
            help=self.help,
            **kw,
        )


def decimals_for(step: float) -> str:
    """A number box's format: as many decimals as its step has ("45000", not "45000.00")."""
    text = f"{step:.6f}".rstrip("0").rstrip(".")
    places = len(text.split(".")[1]) if "." in text else 0
    return f"%.{places}f"


def _fields(*rows: Field) -> dict[str, Field]:
    return {f.name: f for f in rows}


OFFERING = _fields(
    Field("share_percent", "share", "Share of sessions (%)", Offering, "share", True, 5.0),
    Field("price", "price", "Self-pay price per session ($)", Offering, "price", step=25.0),
    Field(
        "session_minutes", "minutes", "Session length incl. observation (min)", Offering,
        "session_minutes", step=5.0, help=f"Spravato needs at least {clinic_defaults.spravato_observation_hours():g} hours of observation (REMS).",
    ),
    Field("course_sessions", "course", "Sessions in a course", Offering, "course_sessions",
          integer=True),
    Field("package_sessions", "pkg_sessions", "Series sessions", Package, "sessions",
          integer=True),
    Field("package_price", "pkg_price", "Series price ($)", Package, "price", step=50.0),
    Field("package_uptake_percent", "pkg_uptake", "Sessions sold in series (%)", Package,
          "uptake", True, 5.0),
    Field("drug", "drug", "Drug ($)", DirectCost, "drug"),
    Field("supplies", "supplies", "Supplies ($)", DirectCost, "supplies"),
    Field("rn_minutes", "rn", "Nurse minutes", Minutes),
    Field("prescriber_minutes", "prescriber", "Prescriber minutes", Minutes),
    Field("therapist_minutes", "therapist", "Therapist minutes", Minutes),
)  # fmt: skip
ALLOWED = Field("allowed", "allowed", "{payer} ($)", AllowedAmounts, "medicare", step=10.0)
SECTION = _fields(
    Field("fixed_costs_per_month", "fixed", "Fixed costs per month ($)", ClinicSection,
          "fixed_costs_per_month", step=1000.0,
          help="Rent, salaried staff, insurance, equipment, marketing. No public benchmark exists."),
    Field("booked_sessions_per_month", "booked", "Booked sessions per month", ClinicSection,
          "booked_sessions_per_month", step=10.0),
    Field("no_show_percent", "no_show", "No-show rate (%)", ClinicSection, "no_show_rate", True),
    Field("rooms", "rooms", "Treatment rooms or chairs", ClinicSection, "rooms", integer=True),
    Field("hours_per_day", "hours", "Opening hours per day", ClinicSection, "hours_per_day",
          step=0.5),
    Field("days_per_month", "days", "Opening days per month", ClinicSection, "days_per_month"),
    Field("denial_percent", "denials", "Insurer claims denied and written off (%)",
          ClinicSection, "claim_denial_rate", True),
)  # fmt: skip
PAYER = Field("payer_percent", "payer", "{payer} (%)", PayerMix, "self_pay", True, 5.0)
# What the out-of-network clients' plans reimburse on the superbill (rule 4), and the price
# card's target margin.
OON_TERMS = _fields(
    Field("deductible", "oon_deductible", "Their out-of-network deductible ($)", OutOfNetwork,
          "deductible", step=100.0),
    Field("coinsurance_percent", "oon_coinsurance", "Their coinsurance (%)", OutOfNetwork,
          "coinsurance", True, 5.0, help="The share of the allowed amount the client keeps paying."),
    Field("allowed_share_percent", "oon_allowed", "Allowed amount (% of your charge)",
          OutOfNetwork, "allowed_share", True, 5.0),
)  # fmt: skip
TARGET = Field(
    "target_margin_percent", "target_margin", "Target margin (% of revenue)", ClinicSection,
    "target_margin", True, 1.0, help="Profit after direct and fixed costs, as a share of revenue.",
)  # fmt: skip
TIER = _fields(
    Field("max_poverty_percent", "edge", "Tier {n}: up to % of poverty line", SlidingTier,
          "max_poverty_percent", step=25.0),
    Field("discount_percent", "discount", "Tier {n}: discount (%)", SlidingTier, "discount",
          True, 5.0),
    Field("share_percent", "share", "Tier {n}: self-pay clients in tier (%)", SlidingTier,
          "share", True),
)  # fmt: skip
ROUTE_CAPTIONS = {
    "buy_and_bill": "Medicare: G2082 (up to 56 mg) and G2083 (over 56 mg), drug and visit in "
    "one bundle, weighted by the dose mix; commercial plans pay the drug (J0013) and the visit. "
    "Uncertain figures, see Sources & method.",
    "visit_only": "The visit alone: Medicare 99215 plus prolonged clinical-staff time "
    "(99415/99416); the pharmacy bills the drug. Uncertain figures, see Sources & method.",
}
RATE_LABELS = {
    "rn": "Nurse ($/h)",
    "prescriber": "Prescriber ($/h)",
    "therapist": "Therapist ($/h)",
}
RATE = Field("hourly_rates", "rate", "{role}", Money)  # ClinicSection.hourly_rates: role -> Money
INCOME = Field("income_percent", "income", "{low} to {high} (%)", Share, percent=True, step=0.5)


def read_address() -> None:
    """At the top of the page, before any widget: a link's values, for the widgets to take."""
    links.begin(PAGE)
    links.arrive(PAGE, (PAGE,), _apply, alive="clinic_treatments")


def _apply(params: links.Params) -> str | None:
    token = params.get(PAGE)
    try:
        values = share.decode_state(token) if token else {}
    except ScenarioError as err:
        return md(err)  # it may quote the link's own text (issue 20, defect 6)
    links.load(PAGE, {PREFIX + name: value for name, value in values.items()})
    return None


def write_address() -> links.Params:
    """After every widget: the address holds the values that differ from their defaults."""
    values = {k.removeprefix(PREFIX): v for k, v in links.changed(PAGE).items()}
    token = share.encode_state(values) if values else None
    params = {PAGE: token if token is None or len(token) <= share.MAX_LINK_CHARS else None}
    links.write(PAGE, params, (PAGE,))
    return params


def treatment_name(modality: str) -> str:
    return clinic_defaults.treatment_name(modality)


def route_input(key: str) -> str:
    """Spravato only: does the clinic buy and bill the drug, or bill only the visit?"""
    links.take(PAGE, f"{key}_route", clinic.ROUTES[0], links.one_of(clinic.ROUTES))
    return str(
        st.radio(
            "How the drug is supplied and billed",
            options=list(clinic.ROUTES),
            format_func=clinic.ROUTE_LABELS.__getitem__,
            key=f"{key}_route",
            horizontal=True,
            help="Buy and bill: the clinic buys Spravato and bills drug and visit (Medicare: the "
            "G2082/G2083 bundle). Visit only: a specialty pharmacy supplies the drug and the "
            "clinic bills the administration and 2-hour observation visit.",
        )
    )


def offering_inputs(modality: str, count: int) -> dict[str, Any]:
    """One treatment's expander: route (Spravato), price, package, direct costs, insurer rates."""
    key = f"clinic_{modality}"
    f = OFFERING
    with st.expander(f"{treatment_name(modality)}: price, package and costs", expanded=count == 1):
        out: dict[str, Any] = {"modality": modality}
        # Spravato's price, drug cost and insurer rates depend on the route: their keys carry it,
        # so switching the route restarts them at that route's defaults.
        route = route_input(key) if modality == "spravato" else "buy_and_bill"
        start = clinic.offering_start(modality, count, route)
        if modality == "spravato":
            out["route"] = route
        rkey = f"{key}_{route}" if modality == "spravato" else key
        c1, c2 = st.columns(2)
        # The key carries the number of treatments, so adding or removing one restarts the
        # shares at an even split instead of leaving them adding up to more than 100%.
        share = f["share_percent"]
        out["share_percent"] = share.widget(st, f"{key}_share_of_{count}", start["share_percent"])
        for name, where in (("price", c1), ("session_minutes", c2), ("course_sessions", st)):
            where_key = rkey if name == "price" else key
            out[name] = f[name].widget(where, f"{where_key}_{f[name].key}", start[name])
        links.take(PAGE, f"{key}_package", False, links.flag)
        out["package"] = st.checkbox("Sell a prepaid series", value=False, key=f"{key}_package")
        p = st.columns(3)
        for col, name in zip(
            p, ("package_sessions", "package_price", "package_uptake_percent"), strict=True
        ):
            value = round(start[name]) if name == "package_price" else start[name]
            out[name] = f[name].widget(
                col, f"{rkey}_{f[name].key}", value, disabled=not out["package"]
            )
        st.markdown("**Direct cost of one session**")
        c1, c2 = st.columns(2)
        out["drug"] = f["drug"].widget(
            c1, f"{rkey}_drug", start["drug"], disabled=route == "visit_only"
        )
        out["supplies"] = f["supplies"].widget(c2, f"{key}_supplies", start["supplies"])
        roles = [f"{role}_minutes" for role in clinic.ROLES]
        for col, name in zip(st.columns(3), roles, strict=True):
            out[name] = f[name].widget(col, f"{key}_{f[name].key}", start[name])
        covered = {p: v for p, v in start["allowed"].items() if v is not None}
        out["allowed"] = {}
        if covered:
            st.markdown("**What insurers pay per session** (allowed amount)")
            for col, (payer, amount) in zip(st.columns(len(covered)), covered.items(), strict=True):
                label = ALLOWED.label.format(payer=clinic.PAYER_LABELS[payer])
                out["allowed"][payer] = ALLOWED.widget(
                    col, f"{rkey}_allowed_{payer}", round(amount, 2), label
                )
            if modality == "spravato":
                st.caption(ROUTE_CAPTIONS[route])
        else:
            st.caption("No insurer covers this treatment by default: every client pays cash.")
    return out


def clinic_inputs() -> dict[str, Any]:
    """The treatments, volume, payers, sliding scale and staff rates, as the form dict."""
    start = clinic.form_start()
    links.take(PAGE, "clinic_treatments", [FIRST_TREATMENT], links.some_of(MODALITIES))
    chosen = st.multiselect(
        "Treatments you offer",
        options=list(MODALITIES),
        default=[FIRST_TREATMENT],
        format_func=treatment_name,
        key="clinic_treatments",
    )
    form: dict[str, Any] = {"offerings": [offering_inputs(m, len(chosen)) for m in chosen]}

    st.subheader("Volume and fixed costs")
    v = st.columns(2)
    for i, field in enumerate(SECTION.values()):
        if field.name != "denial_percent":
            form[field.name] = field.widget(v[i % 2], f"clinic_{field.key}", start[field.name])

    st.subheader("Who pays")
    p = st.columns(2)
    form["payer_percent"] = {
        payer: PAYER.widget(
            p[i % 2],
            f"clinic_payer_{payer}",
            start["payer_percent"][payer],
            PAYER.label.format(payer=clinic.PAYER_LABELS[payer]),
        )
        for i, payer in enumerate(clinic.PAYERS)
    }
    denial = SECTION["denial_percent"]
    form[denial.name] = denial.widget(st, f"clinic_{denial.key}", start[denial.name])
    with st.expander("Out-of-network clients' plans (superbill)"):
        st.caption(
            "What the plans of your out-of-network clients reimburse them for your superbill. "
            "Starts from the employer plan's out-of-network terms (uncertain; see Sources & "
            "method), with no yearly cap."
        )
        terms = start["oon_terms"]
        form["oon_terms"] = {"oop_max": terms["oop_max"]} | {
            name: field.widget(col, f"clinic_{field.key}", terms[name])
            for col, (name, field) in zip(st.columns(3), OON_TERMS.items(), strict=True)
        }

    st.subheader("Price card")
    form[TARGET.name] = TARGET.widget(st, f"clinic_{TARGET.key}", start[TARGET.name])

    st.subheader("Sliding scale")
    most = ClinicSection.model_fields["sliding_scale"].metadata[0].max_length
    links.take(PAGE, "clinic_tier_count", len(start["tiers"]), links.number(0, most, True))
    count = st.number_input(
        "Number of tiers", 0, most, len(start["tiers"]), key="clinic_tier_count"
    )
    form["tiers"] = [tier_inputs(i, start["tiers"]) for i in range(int(count))]

    with st.expander("Staff hourly rates"):
        form["hourly_rates"] = {
            role: RATE.widget(col, f"clinic_rate_{role}", start["hourly_rates"][role], label)
            for col, (role, label) in zip(st.columns(3), RATE_LABELS.items(), strict=True)
        }
        st.caption("Median wages (BLS) before benefits; enter what you pay including benefits.")
    return form


def tier_inputs(i: int, start_tiers: list[dict[str, float]]) -> dict[str, float]:
    """Tier i's edge, discount and share; a tier beyond the defaults starts 100 points higher."""
    base = dict(start_tiers[i] if i < len(start_tiers) else start_tiers[-1])
    base["max_poverty_percent"] += PERCENT * max(0, i + 1 - len(start_tiers))
    return {
        name: field.widget(col, f"clinic_tier{i}_{field.key}", base[name], field.label.format(n=i + 1))
        for col, (name, field) in zip(st.columns(3), TIER.items(), strict=True)
    }  # fmt: skip


def reach_inputs(offered: list[str]) -> dict[str, Any]:
    """How reach is measured: the test, the treatment to sweep, the margin rule, the market."""
    start = clinic.form_start()
    names = equity.thresholds()
    first = {"clinic_threshold": equity.DEFAULT_THRESHOLD, "clinic_swept": 0}
    first["clinic_margin_rule"] = next(iter(clinic.MARGIN_RULES))
    links.take(PAGE, "clinic_threshold", first["clinic_threshold"], links.one_of(names))
    links.take(PAGE, "clinic_swept", 0, links.one_of(range(len(offered))))
    links.take(
        PAGE, "clinic_margin_rule", first["clinic_margin_rule"], links.one_of(clinic.MARGIN_RULES)
    )
    out: dict[str, Any] = {
        "threshold": st.selectbox(
            "Affordable means the course costs at most",
            options=list(names),
            index=list(names).index(equity.DEFAULT_THRESHOLD),
            format_func=lambda n: names[n].label,
            key="clinic_threshold",
        ),
        "swept": st.selectbox(
            "Treatment whose price to vary",
            options=list(range(len(offered))),
            format_func=lambda i: treatment_name(offered[i]),
            key="clinic_swept",
        ),
        "margin_rule": st.radio(
            "Minimum margin per session",
            options=list(clinic.MARGIN_RULES),
            format_func=clinic.MARGIN_RULES.__getitem__,
            key="clinic_margin_rule",
            horizontal=True,
        ),
    }
    minimum = float(start["minimum_margin"])
    links.take(PAGE, "clinic_min_margin", minimum, links.number(None, None, False))
    out["minimum_margin"] = st.number_input(
        "Margin per session I need ($)",
        value=float(start["minimum_margin"]),
        step=10.0,
        format="%.0f",
        key="clinic_min_margin",
        disabled=out["margin_rule"] != "chosen",
    )
    with st.expander("Your market's household incomes"):
        st.caption("Share of households in each income bracket (US shares to start).")
        out["income_percent"] = [
            INCOME.widget(
                st,
                f"clinic_income_{i}",
                round(start["income_percent"][i], 2),
                INCOME.label.format(low=money(low), high=money(high)),
            )
            for i, (low, high, _) in enumerate(clinic.income_brackets())
        ]
    out["households"] = int(start["reach_households"])
    return out


@dataclass(frozen=True)
class Inputs:
    """A validated section, its market's income shares and the reach settings."""

    section: ClinicSection
    income_shares: tuple[float, ...]
    reach: dict[str, Any]
    problem: str | None  # one line naming the bad field; the other fields are the last good ones


def read_inputs(form: dict[str, Any], reach: dict[str, Any]) -> Inputs:
    """The section the widgets describe, or, with a bad input, the last one that worked."""
    try:
        section = clinic.section_from_form(form)
        shares = clinic.income_shares_from_form(reach["income_percent"])
        st.session_state[LAST_GOOD] = (section, shares, reach)
        return Inputs(section, shares, reach, None)
    except ScenarioError as err:
        last = st.session_state.get(LAST_GOOD)
        if last is None:
            start = clinic.section_from_form(clinic.start_form(FIRST_TREATMENT))
            last = (start, tuple(b[2] for b in clinic.income_brackets()), reach)
        section, shares, kept = last
        return Inputs(section, shares, kept, str(err))


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_market(households: int, income_shares: tuple[float, ...]) -> equity.Population:
    return clinic.market(households, None, income_shares)


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_reach(
    households: int,
    income_shares: tuple[float, ...],
    modality: str,
    client_prices: tuple[float, ...],
    tiers: tuple[tuple[float, float], ...],
    threshold_name: str,
    superbill: tuple[float, float, float, float] | None,
) -> list[float]:
    """Reach depends only on these inputs, so costs, volume and most payer changes reuse it."""
    population = cached_market(households, income_shares)
    threshold = equity.thresholds()[threshold_name]
    prices = np.asarray(client_prices, dtype=np.float64)
    found = clinic.reach_curve(population, modality, prices, tiers, threshold, superbill)
    return [float(x) for x in found]


def figures(inputs: Inputs) -> clinic.ClinicPageData:
    """pricing.clinic.page_data for these inputs, with the reach curve cached per market."""
    households, shares, reach = inputs.reach["households"], inputs.income_shares, inputs.reach

    def curve(
        population: equity.Population,
        modality: str,
        prices: Any,
        tiers: tuple[tuple[float, float], ...],
        threshold: equity.Threshold,
        superbill: tuple[float, float, float, float] | None,
    ) -> Any:
        cached = _cached_reach(
            households,
            shares,
            modality,
            tuple(float(p) for p in prices),
            tiers,
            threshold.name,
            superbill,
        )
        return np.asarray(cached, dtype=np.float64)

    return clinic.page_data(
        inputs.section,
        cached_market(households, shares),
        equity.thresholds()[reach["threshold"]],
        int(reach["swept"]),
        reach["margin_rule"],
        float(reach["minimum_margin"]),
        curve,
    )


def table(frame: pd.DataFrame) -> None:
    """A data table with money as whole dollars and shares as percentages (ui.tables.show: its
    text safe in a spreadsheet, its headers in words)."""
    whole = {
        str(c): st.column_config.NumberColumn(format="%.0f")
        for c in frame.columns
        if str(c).startswith(("break_even_sessions", "room_minutes", "max_poverty"))
    }
    tables.show(frame, config=whole)


def table_on_demand(build: typing.Callable[[], pd.DataFrame], key: str) -> None:
    """table(), built only when its toggle is on (ui.tables.on_demand)."""
    tables.on_demand(tables.SHOW_TABLE, lambda: table(build()), key)
