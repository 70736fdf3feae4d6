"""Every sentence the clinic tool says about a result: the page's summaries and the CLI's text.

Figures in the words are built from the results (pricing.clinic's ClinicPageData and the CLI's
summary), never typed in. Money through pricing.report.money.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pricing.explain.clinic_cards import (  # noqa: F401 - the page reads them as words.*
    CENT,
    NOT_AVAILABLE,
    package_words,
    price_card_assumes,
    price_card_caption,
    price_card_lines,
    price_card_metrics,
    superbill_client,
    superbill_example,
    superbill_lines,
    superbill_reach,
    superbill_revenue,
    superbill_terms,
)
from pricing.report import money

if TYPE_CHECKING:  # pricing.clinic imports numpy and pandas; the CLI's text needs neither
    from pricing.clinic.page_data import ClinicPageData
    from pricing.clinic.routes import RouteComparison, RouteFigures

ROUTE_WORDS = {"buy_and_bill": "buy and bill", "visit_only": "visit only"}
ROUTE_NAMES = {"buy_and_bill": "Buy and bill", "visit_only": "Visit only"}


def _count(x: float | None) -> str:
    return NOT_AVAILABLE if x is None or not math.isfinite(x) else f"{x:,.1f}"


def _share(x: float | None) -> str:
    return NOT_AVAILABLE if x is None or not math.isfinite(x) else f"{x:.0%}"


def readable(summary: Mapping[str, Any]) -> str:
    """The CLI's plain-text result (`python -m pricing clinic FILE` without --json)."""
    lines = [
        f"Revenue per session:        {money(summary['revenue_per_session'])}",
        f"Direct cost per session:    {money(summary['direct_cost_per_session'])}",
        f"Margin per session:         {money(summary['margin_per_session'])}",
        f"Delivered sessions / month: {_count(summary['delivered_sessions_per_month'])}",
        f"Monthly profit:             {money(summary['monthly_profit'])}",
        f"Break-even sessions / month: {_count(summary['break_even_sessions_per_month'])} "
        f"delivered ({_count(summary['break_even_booked_sessions_per_month'])} booked)",
        f"Capacity / month:           {_count(summary['capacity_sessions_per_month'])}"
        f" (break-even needs {_share(summary['utilisation_to_break_even'])} of it)",
    ]
    overbooked = overbooked_warning(summary)
    if overbooked:
        lines.append(f"Warning: {overbooked}")
    for routes in summary.get("spravato_routes", []):
        lines += route_lines(routes)
    for card in summary.get("price_card", []):
        lines += price_card_lines(card)
    if summary.get("out_of_network"):
        lines += superbill_lines(summary["out_of_network"])
    reach = summary.get("reach_detail")
    if isinstance(reach, dict) and reach.get("share") is not None:
        from pricing.equity.affordability import Threshold  # numpy: only once there is a reach

        test = Threshold("", reach.get("threshold_rule", "income"), reach["threshold"])
        lines.append(
            f"Reach: {reach['share']:.1%} of households can afford a course "
            f"(under {test.label})"
            + (
                f"; {reach['share_without_superbill']:.1%} if no client were reimbursed (your "
                "superbill counts for the "
                f"{reach['households_with_out_of_network_benefit']:.0%} of households whose plan "
                "has an out-of-network benefit)"
                if "share_without_superbill" in reach
                else ""
            )
        )
    return "\n".join(lines)


# --- out-of-network clients (pricing.clinic.superbill) --------------------------------------------


def break_even_figure(booked: float) -> str:
    """Booked sessions a month that break even, as the metric shows them."""
    return "never" if math.isinf(booked) else f"{booked:,.0f}"


def capacity_figure(capacity: float | None) -> str:
    return NOT_AVAILABLE if capacity is None else f"{capacity:,.0f}"


def utilisation_figure(share: float | None) -> str:
    return _share(share)


def reach_label(data: ClinicPageData) -> str:
    """The reach metric's label: "Households who can afford a course (under 10% of income)"."""
    return f"Households who can afford a course (under {data.threshold.label})"


def reach_figure(data: ClinicPageData) -> str:
    return f"{data.reach:.0%}"


def overbooked_warning(summary: Mapping[str, Any]) -> str | None:
    """More sessions booked than the rooms hold (a ClinicResult's summary): said on the page
    and in the CLI alike."""
    if not summary["over_capacity"]:
        return None
    return (
        f"You book {summary['booked_sessions_per_month']:,.0f} sessions a month but your rooms "
        f"hold about {summary['capacity_sessions_per_month']:,.0f}: the revenue and profit at "
        "that volume cannot happen. Lower the bookings or add rooms, hours or days."
    )


def volume_warning(data: ClinicPageData) -> str | None:
    """A warning when the bookings exceed the rooms, or no volume (or none the rooms can hold)
    breaks even."""
    result = data.result
    overbooked = overbooked_warning(result.summary())
    if overbooked:
        return overbooked
    if result.margin_per_session <= 0:
        return "Each session loses money before fixed costs: no volume breaks even."
    need = result.utilisation_to_break_even
    if need is not None and need > 1:
        return "Breaking even needs more sessions than your rooms can hold."
    return None


# --- the charts' one-line summaries ------------------------------------------------------------


def volume_summary(data: ClinicPageData) -> str:
    result = data.result
    booked = data.section.booked_sessions_per_month
    be = result.break_even_booked_sessions_per_month
    cap = result.capacity_sessions_per_month
    return (
        f"Summary: you book {booked:,.0f} sessions a month; "
        + ("no volume breaks even." if math.isinf(be) else f"break-even needs {be:,.0f}")
        + ("" if cap is None else f" of a capacity of {cap:,.0f}")
        + "."
    )


def profit_summary(data: ClinicPageData) -> str:
    booked = data.section.booked_sessions_per_month
    first = data.first_profitable_price
    return (
        f"Summary: at {booked:,.0f} booked sessions, "
        + (
            f"profit turns positive from {money(first)} per {data.swept_name} session."
            if first is not None
            else "no price in this range makes a profit."
        )
        + " Volume is held fixed; the reach chart below shows who can pay each price."
    )


def thinnest_summary(data: ClinicPageData) -> str:
    worst = data.thinnest
    if worst is None:
        return "Summary: no treatment and payer has sessions in the mix."
    return (
        f"Summary: the thinnest margin is {worst['treatment']} paid by {worst['payer']} "
        f"({money(worst['margin_per_session'])} a session)."
    )


def sliding_summary(data: ClinicPageData) -> str:
    result = data.result
    return (
        f"Summary: the sliding scale gives up {money(result.sliding_scale_cost_per_session)} "
        f"per session on average, {money(result.sliding_scale_cost_per_month)} a month."
    )


def reach_summary(data: ClinicPageData) -> str:
    best, name = data.best, data.swept_name
    if best is None:
        return (
            f"Summary: no {name} price in this range earns "
            f"{money(data.minimum_margin)} a session on average."
        )
    return (
        f"Summary: the widest reach that keeps at least {money(data.minimum_margin)} margin a "
        f"session comes at {money(best['price'])} per {name} session: {best['reach']:.0%} of "
        f"households could afford a course (profit {money(best['monthly_profit'])} a month at "
        "today's volume)."
    )


# --- what reach counts -------------------------------------------------------------------------


def course_words(data: ClinicPageData) -> str:
    """Which course reach prices, per treatment ("IV infusion: the first series only: 6 ...")."""
    each = "; ".join(f"{name}: {words}" for name, words in data.courses)
    return f"Course priced for reach — {each}."


def reach_method(data: ClinicPageData) -> str:
    return (
        f"Reach simulates {data.households:,} households of your market (insurance and plan "
        "terms from the Access & equity model): each pays for the treatment's first series at "
        "your price after your sliding scale, through its own insurance."
    )


def _percents(shares: Sequence[float]) -> str:
    words = [f"{s:.0%}" for s in shares]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def uptake(data: ClinicPageData) -> str:
    """The one sliding-scale uptake assumption behind both reach and revenue, with its figures."""
    if not data.tier_shares_typed:
        return "Sliding scale: no tiers, so every self-paying client pays your full price."
    return (
        "Sliding-scale uptake: every self-paying household whose income falls in a tier takes "
        "its discount, in reach and in revenue alike. Revenue counts the tiers' shares of your "
        f"self-paying clients that you entered ({_percents(data.tier_shares_typed)}); of the "
        "households in your market who can afford a course at your prices, "
        f"{_percents(data.tier_shares_market)} fall in those tiers."
    )


# --- Spravato's two routes -----------------------------------------------------------------------


def route_sentence(
    extra_per_session: float,
    extra_per_course: float,
    course_sessions: int,
    stock: float,
    stock_months: float,
    chosen: str = "buy_and_bill",
) -> str:
    """Buy and bill against the visit alone, in words: what it earns more (or less) a session and
    a course, and the money it ties up in drug stock (conditional when the offering bills the
    visit only)."""
    course = f"{course_sessions}-session course"
    months = "a month" if stock_months == 1 else f"{stock_months:g} months"
    would = "" if chosen == "buy_and_bill" else "would "
    earns = "earns" if chosen == "buy_and_bill" else "would earn"
    ties = "ties" if chosen == "buy_and_bill" else "tie"
    tied = f"{would}{ties} up about {money(stock)} in drug stock ({months} of its sessions)"
    if abs(extra_per_session) < CENT:
        return f"Both routes earn the same margin; buying and billing the drug {tied}."
    if extra_per_session > 0:
        return (
            f"Buying and billing the drug {earns} {money(extra_per_session, exact=True)} more per "
            f"session ({money(extra_per_course)} more per {course}) but {tied}."
        )
    return (
        f"Billing only the visit earns {money(-extra_per_session, exact=True)} more per session "
        f"({money(-extra_per_course)} more per {course}) and ties up no money in drug stock, "
        f"while buying and billing {tied}."
    )


def route_lines(routes: Mapping[str, Any]) -> list[str]:
    """The CLI's lines for one Spravato offering's two routes (from its `spravato_routes` JSON)."""
    bb, vo = routes["buy_and_bill"], routes["visit_only"]

    def margins(f: Mapping[str, Any]) -> str:
        return (
            f"margin {money(f['margin_per_session'], exact=True)} a session, "
            f"{money(f['margin_per_course'])} a {f['course_sessions']}-session course"
        )

    chosen = ROUTE_WORDS[routes["route"]]
    return [
        f"Spravato (treatment {routes['offering']}, on {chosen}):",
        f"  buy and bill: {margins(bb)}",
        f"  visit only:   {margins(vo)}",
        "  " + drug_price_words(bb["drug_cost_per_session"], routes["default_drug_price"]),
        "  "
        + route_sentence(
            routes["buy_and_bill_extra_margin_per_session"],
            routes["buy_and_bill_extra_margin_per_course"],
            bb["course_sessions"],
            routes["drug_stock"],
            routes["drug_stock_months"],
            routes["route"],
        ),
    ]


def route_comparison(comparison: RouteComparison) -> str:
    """The page's sentence under the two routes' table, with the drug price it rests on."""
    return (
        route_sentence(
            comparison.extra_margin_per_session,
            comparison.extra_margin_per_course,
            comparison.buy_and_bill.course_sessions,
            comparison.drug_stock,
            comparison.stock_months,
            comparison.chosen,
        )
        + " "
        + drug_price_words(
            comparison.buy_and_bill.drug_cost_per_session, comparison.default_drug_price
        )
    )


def _drug_date(price: Mapping[str, Any]) -> str:
    start = price.get("from")
    when = f"in force from {start}" if start else f"as of {price['as_of']}"
    return f"{when}; {price['source']}"


def drug_price_words(used: float, default: Mapping[str, Any]) -> str:
    """Which drug price the buy-and-bill figures (and so the advice) used, and its date: the
    default (56 and 84 mg prices by the dose mix, with the date it is in force from and its
    source) or the manager's own figure beside the default."""
    if abs(used - default["per_session"]) < CENT:
        return (
            f"The drug is priced at {money(used, exact=True)} a session (56 mg "
            f"{money(default['low'], exact=True)}, 84 mg {money(default['high'], exact=True)}, "
            f"{default['share_84mg']:.0%} of sessions at 84 mg; {_drug_date(default)})."
        )
    return (
        f"The drug is priced at your {money(used, exact=True)} a session (the default is "
        f"{money(default['per_session'], exact=True)}, {_drug_date(default)})."
    )


def route_note(comparison: RouteComparison) -> str:
    """What the other route is priced with, and which figures are uncertain."""
    other = "visit_only" if comparison.chosen == "buy_and_bill" else "buy_and_bill"
    return (
        f"At your payer mix. The {ROUTE_WORDS[other]} route uses its default self-pay price, drug "
        "cost and insurer rates. Medicare pays a bought-and-billed session as one bundle "
        "(G2082/G2083 by dose mix) and the visit alone as 99215 plus prolonged staff time; "
        "both are uncertain figures (see Sources & method)."
    )


def route_metric_labels(figures: RouteFigures) -> tuple[str, str]:
    """The page's two metric labels for a route: margin per session and per course."""
    name = ROUTE_NAMES[figures.route]
    return (
        f"{name}: margin per session",
        f"{name}: margin per {figures.course_sessions}-session course",
    )


# --- the price card (pricing.clinic.price_card) ---------------------------------------------------
