"""Clinic pricing: margins, break-even, capacity, the price card, out-of-network clients, the price
sweep, the sliding scale and reach.

Lays out only: widgets from ui.clinic_form, every figure from pricing.clinic.page_data (the same
reach as `python -m pricing clinic`), words from pricing.explain.clinic, charts from
ui.clinic_charts. A bad input shows one line naming the field; the last figures that worked stay.
"""

from __future__ import annotations

import functools

import streamlit as st

from pricing import clinic
from pricing.explain import clinic as words
from pricing.report import money
from ui import clinic_charts as charts
from ui import clinic_form as form
from ui import evidence, links, plots

PAYER_COLUMNS = ["treatment", "revenue_per_session", "margin_per_session", "course_sessions",
                 "revenue_per_course", "margin_per_course"]  # fmt: skip

form.read_address()  # before any widget: a link's values (ui.links)
st.title("Clinic pricing")
st.caption(
    "For clinic managers: margins, break-even and who can afford your prices. Defaults are "
    "published figures where they exist and marked assumptions where they do not (see Sources & "
    "method). Not financial advice."
)
links.notice()

inputs_col, results_col = st.columns([2, 3], gap="large")
with inputs_col:
    st.subheader("Your treatments")
    typed = form.clinic_inputs()
    st.subheader("Reach")
    reach_typed = form.reach_inputs([o["modality"] for o in typed["offerings"]])

inputs = form.read_inputs(typed, reach_typed)
address = form.write_address()  # the address follows the form
data = form.figures(inputs)
result = data.result
reach = inputs.reach
rep = evidence.for_clinic(
    data.section, reach["households"], inputs.income_shares, reach["threshold"]
)

with results_col:
    if inputs.problem:
        st.error(f"Check this input: {inputs.problem}. Showing the last figures that worked.")

    m = st.columns(3)
    m[0].metric("Revenue per session", money(result.revenue_per_session))
    m[1].metric("Margin per session", money(result.margin_per_session))
    m[2].metric("Profit per month", money(result.monthly_profit))
    n = st.columns(3)
    be = result.break_even_booked_sessions_per_month
    n[0].metric(
        "Break-even / month",
        words.break_even_figure(be),
        help="Booked sessions a month that cover fixed costs, after no-shows.",
    )
    cap = result.capacity_sessions_per_month
    n[1].metric(
        "Capacity / month",
        words.capacity_figure(cap),
        help="Sessions your rooms can hold: rooms x hours x days over the mix's session length.",
    )
    n[2].metric(
        "Break-even use",
        words.utilisation_figure(result.utilisation_to_break_even),
        help="Share of room capacity that must be booked to break even.",
    )
    warning = words.volume_warning(data)
    if warning:
        st.warning(warning)

    volume_fig = charts.volume_against_capacity(
        data.section.booked_sessions_per_month, be, cap, "Sessions per month"
    )
    alt = words.volume_summary(data)  # the chart's text alternative
    plots.show(volume_fig, "clinic", rep.name, "clinic_volume_chart", alt)
    st.caption(alt)
    volume = charts.volume_table(data.section.booked_sessions_per_month, be, cap)
    with st.expander("Data behind this chart"):
        form.table_on_demand(lambda: volume, "clinic_volume_on")
    evidence.download(rep, "clinic_volume", "Sessions per month", volume, volume_fig)

    st.subheader("Profit as your price changes")
    profit_fig = charts.profit_by_price(
        data.sweep, data.swept_price, data.swept_name, f"Monthly profit by {data.swept_name} price"
    )
    alt = words.profit_summary(data)  # the chart's text alternative
    plots.show(profit_fig, "clinic", rep.name, "clinic_profit_chart", alt)
    st.caption(alt)
    with st.expander("Data behind this chart"):
        form.table_on_demand(lambda: data.sweep, "clinic_sweep_on")
    evidence.download(rep, "clinic_profit", "Monthly profit by price", data.sweep, profit_fig)

    st.subheader("Margin by treatment and payer")
    payer_fig = charts.margin_by_treatment_and_payer(
        data.by_payer, "Contribution margin per session"
    )
    alt = words.thinnest_summary(data)  # the chart's text alternative
    plots.show(payer_fig, "clinic", rep.name, "clinic_payer_chart", alt)
    st.caption(alt)
    form.table(data.by_offering[PAYER_COLUMNS])
    with st.expander("Data behind this chart"):
        form.table_on_demand(lambda: data.by_payer, "clinic_by_payer_on")
    evidence.download(rep, "clinic_payer", "Margin by payer", data.by_payer, payer_fig)

    st.subheader("Price card: what to charge")
    card = data.swept_card
    for col, (label, figure) in zip(st.columns(3), words.price_card_metrics(card), strict=True):
        col.metric(label, figure)
    st.caption(words.price_card_caption(card))
    with st.expander("Price card for each treatment"):
        cards = functools.partial(clinic.price_card_table, data.price_cards)
        form.table_on_demand(cards, "clinic_price_cards_on")
        evidence.download(rep, "clinic_price_card", "Price card", cards)

    oon = data.out_of_network
    if oon is not None:
        st.subheader("Out-of-network clients (superbill)")
        o = st.columns(3)
        o[0].metric("Revenue change per session", money(oon["revenue_change_per_session"]))
        o[1].metric("Reach with your superbill", f"{data.reach:.0%}")
        o[2].metric("Reach if none were reimbursed", f"{data.reach_without_superbill or 0:.0%}")
        st.markdown(words.superbill_revenue(oon))
        st.markdown(words.superbill_client(oon))
        st.caption(words.superbill_reach(data))

    if data.routes:
        st.subheader("Spravato: buy and bill, or bill the visit only")
        for i, comparison in enumerate(data.routes, 1):
            for col, route in zip(st.columns(2), comparison.routes(), strict=True):
                per_session, per_course = words.route_metric_labels(route)
                col.metric(per_session, money(route.margin_per_session))
                col.metric(per_course, money(route.margin_per_course))
            st.markdown(words.route_comparison(comparison))
            form.table(comparison.table())
            evidence.download(
                rep, f"clinic_routes_{i}", "Buy and bill or visit only", comparison.table()
            )
            st.caption(words.route_note(comparison))

    st.subheader("What the sliding scale costs")
    if data.tiers.empty:
        st.info("No sliding-scale tiers set.")
    else:
        tier_fig = charts.sliding_scale_effect(data.tiers, "Change in monthly profit by tier")
        alt = words.sliding_summary(data)  # the chart's text alternative
        plots.show(tier_fig, "clinic", rep.name, "clinic_tier_chart", alt)
        st.caption(alt)
        form.table(data.tiers)
        evidence.download(rep, "clinic_tiers", "Sliding scale", data.tiers, tier_fig)
    st.caption(words.uptake(data))

    st.subheader("Reach: who can afford a course")
    st.markdown(words.course_words(data))
    st.metric(words.reach_label(data), words.reach_figure(data))
    reach_fig = charts.margin_and_reach(
        data.reach_sweep,
        data.minimum_margin,
        None if data.best is None else data.best["price"],
        f"Reach and margin by {data.swept_name} price",
    )
    alt = words.reach_summary(data)  # the chart's text alternative
    plots.show(reach_fig, "clinic", rep.name, "clinic_reach_chart", alt)
    st.caption(alt)
    with st.expander("Data behind this chart"):
        form.table_on_demand(lambda: data.reach_sweep, "clinic_reach_sweep_on")
    evidence.download(rep, "clinic_reach", "Reach and margin by price", data.reach_sweep, reach_fig)
    with st.expander("Reach of each treatment at today's prices"):
        form.table_on_demand(lambda: data.reach_by_offering, "clinic_reach_by_offering_on")
        evidence.download(rep, "clinic_reach_by_treatment", "Reach", data.reach_by_offering)
    st.caption(words.reach_method(data))

    st.download_button(
        "Download this clinic as a scenario file (YAML)",
        data=clinic.scenario_yaml(data.section, data.section.offerings[0].modality),
        file_name="clinic.yaml",
        mime="text/yaml",
        key="clinic_download",
    )
    evidence.reproduce(rep)
    links.share_box("clinic", address, "Link to this page with your figures")
