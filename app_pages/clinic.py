"""Clinic pricing: margins, break-even, capacity, the price sweep, the sliding scale and reach.

Widgets in the left column; everything shown is computed by pricing.clinic (no arithmetic here).
A bad input shows one line naming the field, and the last figures that worked stay on screen.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pricing import clinic, defaults, equity
from pricing.report import money
from pricing.scenario import ScenarioError
from ui import clinic_charts

PLOT_CONFIG = {"displaylogo": False}
LAST_GOOD = "clinic_last_good_form"


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_market(households: int, income_shares: tuple[float, ...]) -> equity.Population:
    seed = int(defaults.value(defaults.load("population")["population"]["default_seed"]))
    return clinic.market(households, seed, income_shares)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_reach(
    households: int,
    income_shares: tuple[float, ...],
    modality: str,
    client_prices: tuple[float, ...],
    tiers: tuple[tuple[float, float], ...],
    threshold_name: str,
) -> list[float]:
    """Reach depends only on these inputs, so costs, volume and payer changes reuse it."""
    population = cached_market(households, income_shares)
    threshold = equity.thresholds()[threshold_name]
    return clinic.reach_curve(
        population, modality, clinic.np.array(client_prices), tiers, threshold
    ).tolist()


def table(frame: Any) -> None:
    """A data table with money as dollars and shares as percentages (display only)."""
    config = {}
    for column in frame.columns:
        name = str(column)
        if name.startswith(("revenue", "margin", "direct_cost", "self_pay_price", "monthly")) or (
            name in ("price", "price_paid_per_session")
        ):
            config[name] = st.column_config.NumberColumn(name, format="$%.2f")
        elif name.startswith(("share", "reach", "discount")):
            config[name] = st.column_config.NumberColumn(name, format="percent")
        elif name.startswith(("break_even", "room_minutes", "max_poverty")):
            config[name] = st.column_config.NumberColumn(name, format="%.0f")
    st.dataframe(frame, hide_index=True, column_config=config)


def number(label: str, key: str, value: float, step: float = 1.0, **kw: Any) -> float:
    return float(st.number_input(label, value=float(value), step=float(step), key=key, **kw))


def offering_inputs(modality: str, count: int) -> dict[str, Any]:
    start = clinic.offering_start(modality, count)
    label = defaults.modality(modality)["short"]
    key = f"clinic_{modality}"
    with st.expander(f"{label}: price, package and costs", expanded=count == 1):
        c1, c2 = st.columns(2)
        # The key carries the number of treatments, so adding or removing one restarts the
        # shares at an even split instead of leaving them adding up to more than 100%.
        share = number(
            "Share of sessions (%)",
            f"{key}_share_of_{count}",
            start["share_percent"],
            5.0,
            min_value=0.0,
        )
        price = c1.number_input(
            "Self-pay price per session ($)",
            min_value=0.0,
            value=float(start["price"]),
            step=25.0,
            key=f"{key}_price",
        )
        minutes = c2.number_input(
            "Session length incl. observation (min)",
            min_value=0.0,
            value=float(start["session_minutes"]),
            step=5.0,
            key=f"{key}_minutes",
            help="Spravato needs at least 2 hours of observation (REMS).",
        )
        course = st.number_input(
            "Sessions in a course",
            min_value=1,
            value=int(start["course_sessions"]),
            step=1,
            key=f"{key}_course",
        )
        package = st.checkbox("Sell a prepaid series", value=False, key=f"{key}_package")
        p1, p2, p3 = st.columns(3)
        pkg_sessions = p1.number_input(
            "Series sessions",
            min_value=2,
            value=int(start["package_sessions"]),
            key=f"{key}_pkg_sessions",
            disabled=not package,
        )
        pkg_price = p2.number_input(
            "Series price ($)",
            min_value=0.0,
            value=float(round(start["package_price"])),
            step=50.0,
            key=f"{key}_pkg_price",
            disabled=not package,
        )
        pkg_uptake = p3.number_input(
            "Sessions sold in series (%)",
            min_value=0.0,
            max_value=100.0,
            value=float(start["package_uptake_percent"]),
            step=5.0,
            key=f"{key}_pkg_uptake",
            disabled=not package,
        )
        st.markdown("**Direct cost of one session**")
        d1, d2 = st.columns(2)
        drug = d1.number_input(
            "Drug ($)", min_value=0.0, value=float(start["drug"]), step=1.0, key=f"{key}_drug"
        )
        supplies = d2.number_input(
            "Supplies ($)",
            min_value=0.0,
            value=float(start["supplies"]),
            step=1.0,
            key=f"{key}_supplies",
        )
        m1, m2, m3 = st.columns(3)
        staff = {
            "rn_minutes": m1.number_input(
                "Nurse minutes", min_value=0.0, value=float(start["rn_minutes"]), key=f"{key}_rn"
            ),
            "prescriber_minutes": m2.number_input(
                "Prescriber minutes",
                min_value=0.0,
                value=float(start["prescriber_minutes"]),
                key=f"{key}_prescriber",
            ),
            "therapist_minutes": m3.number_input(
                "Therapist minutes",
                min_value=0.0,
                value=float(start["therapist_minutes"]),
                key=f"{key}_therapist",
            ),
        }
        allowed: dict[str, float | None] = {}
        covered = {p: v for p, v in start["allowed"].items() if v is not None}
        if covered:
            st.markdown("**What insurers pay per session** (allowed amount)")
            cols = st.columns(len(covered))
            for col, (payer, amount) in zip(cols, covered.items(), strict=True):
                allowed[payer] = col.number_input(
                    f"{clinic.PAYER_LABELS[payer]} ($)",
                    min_value=0.0,
                    value=float(round(amount, 2)),
                    step=10.0,
                    key=f"{key}_allowed_{payer}",
                )
            if modality == "spravato":
                st.caption(
                    "Medicare: G2082 (up to 56 mg) and G2083 (over 56 mg) weighted by the dose "
                    "mix; uncertain figures, see Sources & method."
                )
        else:
            st.caption("No insurer covers this treatment by default: every client pays cash.")
    return {
        "modality": modality,
        "share_percent": share,
        "price": price,
        "session_minutes": minutes,
        "course_sessions": course,
        "package": package,
        "package_sessions": pkg_sessions,
        "package_price": pkg_price,
        "package_uptake_percent": pkg_uptake,
        "drug": drug,
        "supplies": supplies,
        **staff,
        "allowed": allowed,
    }


def clinic_form() -> dict[str, Any]:
    start = clinic.form_start()
    labels = {m: defaults.modality(m)["short"] for m in defaults.MODALITIES}
    chosen = st.multiselect(
        "Treatments you offer",
        options=list(defaults.MODALITIES),
        default=["iv_ketamine"],
        format_func=labels.__getitem__,
        key="clinic_treatments",
    )
    form: dict[str, Any] = {"offerings": [offering_inputs(m, len(chosen)) for m in chosen]}

    st.subheader("Volume and fixed costs")
    v1, v2 = st.columns(2)
    form["fixed_costs_per_month"] = v1.number_input(
        "Fixed costs per month ($)",
        min_value=0.0,
        value=float(start["fixed_costs_per_month"]),
        step=1000.0,
        key="clinic_fixed",
        help="Rent, salaried staff, insurance, equipment, marketing. No public benchmark exists.",
    )
    form["booked_sessions_per_month"] = v2.number_input(
        "Booked sessions per month",
        min_value=0.0,
        value=float(start["booked_sessions_per_month"]),
        step=10.0,
        key="clinic_booked",
    )
    form["no_show_percent"] = v1.number_input(
        "No-show rate (%)",
        min_value=0.0,
        max_value=100.0,
        value=float(start["no_show_percent"]),
        step=1.0,
        key="clinic_no_show",
    )
    form["rooms"] = v2.number_input(
        "Treatment rooms or chairs", min_value=1, value=int(start["rooms"]), key="clinic_rooms"
    )
    form["hours_per_day"] = v1.number_input(
        "Opening hours per day",
        min_value=0.5,
        max_value=24.0,
        value=float(start["hours_per_day"]),
        step=0.5,
        key="clinic_hours",
    )
    form["days_per_month"] = v2.number_input(
        "Opening days per month",
        min_value=1.0,
        max_value=31.0,
        value=float(start["days_per_month"]),
        step=1.0,
        key="clinic_days",
    )

    st.subheader("Who pays")
    p = st.columns(2)
    form["payer_percent"] = {
        payer: p[i % 2].number_input(
            f"{clinic.PAYER_LABELS[payer]} (%)",
            min_value=0.0,
            max_value=100.0,
            value=float(start["payer_percent"][payer]),
            step=5.0,
            key=f"clinic_payer_{payer}",
        )
        for i, payer in enumerate(clinic.PAYERS)
    }
    form["denial_percent"] = st.number_input(
        "Insurer claims denied and written off (%)",
        min_value=0.0,
        max_value=100.0,
        value=float(start["denial_percent"]),
        step=1.0,
        key="clinic_denials",
    )

    st.subheader("Sliding scale")
    tier_count = int(
        st.number_input(
            "Number of tiers",
            min_value=0,
            max_value=4,
            value=len(start["tiers"]),
            key="clinic_tier_count",
        )
    )
    tiers = []
    for i in range(tier_count):
        base = start["tiers"][i] if i < len(start["tiers"]) else start["tiers"][-1]
        t1, t2, t3 = st.columns(3)
        tiers.append(
            {
                "max_poverty_percent": t1.number_input(
                    f"Tier {i + 1}: up to % of poverty line",
                    min_value=1.0,
                    value=float(base["max_poverty_percent"])
                    + 100.0 * max(0, i + 1 - len(start["tiers"])),
                    step=25.0,
                    key=f"clinic_tier{i}_edge",
                ),
                "discount_percent": t2.number_input(
                    f"Tier {i + 1}: discount (%)",
                    min_value=0.0,
                    max_value=100.0,
                    value=float(base["discount_percent"]),
                    step=5.0,
                    key=f"clinic_tier{i}_discount",
                ),
                "share_percent": t3.number_input(
                    f"Tier {i + 1}: self-pay clients in tier (%)",
                    min_value=0.0,
                    max_value=100.0,
                    value=float(base["share_percent"]),
                    step=1.0,
                    key=f"clinic_tier{i}_share",
                ),
            }
        )
    form["tiers"] = tiers

    with st.expander("Staff hourly rates"):
        h = st.columns(3)
        names = {
            "rn": "Nurse ($/h)",
            "prescriber": "Prescriber ($/h)",
            "therapist": "Therapist ($/h)",
        }
        form["hourly_rates"] = {
            role: h[i].number_input(
                names[role],
                min_value=0.0,
                value=float(start["hourly_rates"][role]),
                step=1.0,
                key=f"clinic_rate_{role}",
            )
            for i, role in enumerate(clinic.ROLES)
        }
        st.caption("Median wages (BLS) before benefits; enter what you pay including benefits.")
    return form


def reach_form(offered: list[str]) -> dict[str, Any]:
    start = clinic.form_start()
    names = equity.thresholds()
    out: dict[str, Any] = {}
    out["threshold"] = st.selectbox(
        "Affordable means the course costs at most",
        options=list(names),
        index=list(names).index(equity.DEFAULT_THRESHOLD),
        format_func=lambda n: names[n].label,
        key="clinic_threshold",
    )
    labels = {m: defaults.modality(m)["short"] for m in offered}
    out["swept"] = st.selectbox(
        "Treatment whose price to vary",
        options=list(range(len(offered))),
        format_func=lambda i: labels[offered[i]],
        key="clinic_swept",
    )
    out["margin_rule"] = st.radio(
        "Minimum margin per session",
        options=["break_even", "chosen"],
        format_func={
            "break_even": "What breaks even at today's volume",
            "chosen": "A margin I choose",
        }.__getitem__,
        key="clinic_margin_rule",
        horizontal=True,
    )
    out["minimum_margin"] = st.number_input(
        "Margin per session I need ($)",
        value=float(start["minimum_margin"]),
        step=10.0,
        key="clinic_min_margin",
        disabled=out["margin_rule"] != "chosen",
    )
    with st.expander("Your market's household incomes"):
        st.caption("Share of households in each income bracket (US shares to start).")
        percents = []
        for i, (low, high, _) in enumerate(clinic.income_brackets()):
            percents.append(
                st.number_input(
                    f"{money(low)} to {money(high)} (%)",
                    min_value=0.0,
                    max_value=100.0,
                    value=float(round(start["income_percent"][i], 2)),
                    step=0.5,
                    key=f"clinic_income_{i}",
                )
            )
        out["income_percent"] = percents
    out["households"] = int(start["reach_households"])
    return out


# ---------------------------------------------------------------------------------------------

st.title("Clinic pricing")
st.caption(
    "For clinic managers: margins, break-even and who can afford your prices. Defaults are "
    "published figures where they exist and marked assumptions where they do not (see Sources & "
    "method). Not financial advice."
)

inputs_col, results_col = st.columns([2, 3], gap="large")
with inputs_col:
    st.subheader("Your treatments")
    form = clinic_form()
    st.subheader("Reach")
    reach_inputs = reach_form([o["modality"] for o in form["offerings"]])

problem = None
try:
    if not form["offerings"]:
        raise ScenarioError("Treatments you offer", "choose at least one treatment")
    section = clinic.section_from_form(form)
    income_shares = clinic.income_shares_from_form(reach_inputs["income_percent"])
    st.session_state[LAST_GOOD] = (section, income_shares, reach_inputs)
except ScenarioError as err:
    problem = str(err)
    fallback = st.session_state.get(LAST_GOOD)
    if fallback is None:
        start_form = {**clinic.form_start(), "offerings": []}
        start_form["offerings"] = [
            {"modality": "iv_ketamine", **clinic.offering_start("iv_ketamine", 1)}
        ]
        fallback = (
            clinic.section_from_form(start_form),
            tuple(b[2] for b in clinic.income_brackets()),
            reach_inputs,
        )
    section, income_shares, reach_inputs = fallback

result = clinic.analyse(section)
swept = min(int(reach_inputs["swept"]), len(section.offerings) - 1)
swept_offering = section.offerings[swept]
swept_label = defaults.modality(swept_offering.modality)["short"]

with results_col:
    if problem:
        st.error(f"Check this input: {problem}. Showing the last figures that worked.")

    m = st.columns(3)
    m[0].metric("Revenue per session", money(result.revenue_per_session))
    m[1].metric("Margin per session", money(result.margin_per_session))
    m[2].metric("Profit per month", money(result.monthly_profit))
    n = st.columns(3)
    be = result.break_even_booked_sessions_per_month
    n[0].metric(
        "Break-even / month",
        "never" if be == float("inf") else f"{be:,.0f}",
        help="Booked sessions a month that cover fixed costs, after no-shows.",
    )
    cap = result.capacity_sessions_per_month
    n[1].metric(
        "Capacity / month",
        "n/a" if cap is None else f"{cap:,.0f}",
        help="Sessions your rooms can hold: rooms x hours x days over the mix's session length.",
    )
    need = result.utilisation_to_break_even
    n[2].metric(
        "Break-even use",
        "n/a" if need is None or need == float("inf") else f"{need:.0%}",
        help="Share of room capacity that must be booked to break even.",
    )
    if result.margin_per_session <= 0:
        st.warning("Each session loses money before fixed costs: no volume breaks even.")
    elif need is not None and need > 1:
        st.warning("Breaking even needs more sessions than your rooms can hold.")

    volume_fig = clinic_charts.volume_against_capacity(
        section.booked_sessions_per_month, be, cap, "Sessions per month"
    )
    st.plotly_chart(volume_fig, config=PLOT_CONFIG, key="clinic_volume_chart")
    st.caption(
        f"Summary: you book {section.booked_sessions_per_month:,.0f} sessions a month; "
        + ("no volume breaks even." if be == float("inf") else f"break-even needs {be:,.0f}")
        + ("" if cap is None else f" of a capacity of {cap:,.0f}")
        + "."
    )

    st.subheader("Profit as your price changes")
    sweep = clinic.price_sweep(section, swept, clinic.sweep_grid_for(swept_offering.price))
    profit_fig = clinic_charts.profit_by_price(
        sweep, swept_offering.price, swept_label, f"Monthly profit by {swept_label} price"
    )
    st.plotly_chart(profit_fig, config=PLOT_CONFIG, key="clinic_profit_chart")
    positive = sweep[sweep["monthly_profit"] >= 0]
    st.caption(
        f"Summary: at {section.booked_sessions_per_month:,.0f} booked sessions, "
        + (
            f"profit turns positive from {money(positive['price'].iloc[0])} per {swept_label} "
            "session."
            if not positive.empty
            else "no price in this range makes a profit."
        )
        + " Volume is held fixed; the reach chart below shows who can pay each price."
    )
    with st.expander("Data behind this chart"):
        table(sweep)

    st.subheader("Margin by treatment and payer")
    by_payer = result.by_offering_and_payer()
    payer_fig = clinic_charts.margin_by_treatment_and_payer(
        by_payer, "Contribution margin per session"
    )
    st.plotly_chart(payer_fig, config=PLOT_CONFIG, key="clinic_payer_chart")
    active = by_payer[by_payer["share_of_sessions"] > 0]
    worst = active.sort_values("margin_per_session").iloc[0]
    st.caption(
        f"Summary: the thinnest margin is {worst['treatment']} paid by {worst['payer']} "
        f"({money(worst['margin_per_session'])} a session)."
    )
    table(
        result.by_offering()[
            ["treatment", "revenue_per_session", "margin_per_session", "course_sessions",
             "revenue_per_course", "margin_per_course"]
        ]
    )  # fmt: skip
    with st.expander("Data behind this chart"):
        table(by_payer)

    st.subheader("What the sliding scale costs")
    tiers = result.sliding_tiers()
    if tiers.empty:
        st.info("No sliding-scale tiers set.")
    else:
        tier_fig = clinic_charts.sliding_scale_effect(tiers, "Change in monthly profit by tier")
        st.plotly_chart(tier_fig, config=PLOT_CONFIG, key="clinic_tier_chart")
        st.caption(
            f"Summary: the sliding scale gives up {money(result.sliding_scale_cost_per_session)} "
            f"per session on average, {money(result.sliding_scale_cost_per_month)} a month."
        )
        table(tiers)

    st.subheader("Reach: who can afford a course")
    threshold = equity.thresholds()[reach_inputs["threshold"]]
    reach_rows = []
    for offering in section.offerings:
        share = cached_reach(
            reach_inputs["households"],
            income_shares,
            offering.modality,
            (offering.price * clinic.client_price_factor(offering),),
            clinic.tiers_of(section),
            threshold.name,
        )[0]
        reach_rows.append((defaults.modality(offering.modality)["short"], offering.share, share))
    overall = clinic.overall_reach(
        clinic.pd.DataFrame(reach_rows, columns=["treatment", "share_of_sessions", "reach"])
    )
    st.metric(f"Households who can afford a course (under {threshold.label})", f"{overall:.0%}")

    grid = clinic.reach_grid_for(swept_offering.price)
    reach_sweep = clinic.price_sweep(section, swept, grid)
    reach_sweep["reach"] = cached_reach(
        reach_inputs["households"],
        income_shares,
        swept_offering.modality,
        tuple((grid * clinic.client_price_factor(swept_offering)).tolist()),
        clinic.tiers_of(section),
        threshold.name,
    )
    minimum_margin = (
        clinic.break_even_margin(section)
        if reach_inputs["margin_rule"] == "break_even"
        else reach_inputs["minimum_margin"]
    )
    best = clinic.best_price_for_reach(reach_sweep, minimum_margin)
    reach_fig = clinic_charts.margin_and_reach(
        reach_sweep,
        minimum_margin,
        None if best is None else best["price"],
        f"Reach and margin by {swept_label} price",
    )
    st.plotly_chart(reach_fig, config=PLOT_CONFIG, key="clinic_reach_chart")
    if best is None:
        st.caption(
            f"Summary: no {swept_label} price in this range earns "
            f"{money(minimum_margin)} a session on average."
        )
    else:
        st.caption(
            f"Summary: the widest reach that keeps at least "
            f"{money(minimum_margin)} margin a session comes at "
            f"{money(best['price'])} per {swept_label} session: {best['reach']:.0%} of households "
            f"could afford a course (profit {money(best['monthly_profit'])} a "
            "month at today's volume)."
        )
    with st.expander("Data behind this chart"):
        table(reach_sweep)
    st.caption(
        f"Reach simulates {reach_inputs['households']:,} households of your market "
        "(insurance and plan terms from the Access & equity model): each pays for the "
        "treatment's first course at your price after your sliding scale, through its own "
        "insurance."
    )

    st.download_button(
        "Download this clinic as a scenario file (YAML)",
        data=clinic.scenario_yaml(section, section.offerings[0].modality),
        file_name="clinic.yaml",
        mime="text/yaml",
        key="clinic_download",
    )
