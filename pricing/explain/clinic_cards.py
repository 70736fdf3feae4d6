"""The clinic tool's words for its price card and its out-of-network (superbill) clients: the
CLI's lines and the page's figures and captions (pricing.explain.clinic re-exports them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pricing.report import money

if TYPE_CHECKING:  # pricing.clinic imports numpy and pandas; the CLI's text needs neither
    from pricing.clinic.page_data import ClinicPageData
    from pricing.clinic.price_card import PriceCard

# Amounts closer than half a cent are the same; a figure that does not exist reads n/a.
CENT = 0.005
NOT_AVAILABLE = "n/a"


def superbill_terms(terms: Mapping[str, Any]) -> str:
    """The plan terms a superbill is reimbursed on, in words (rule 4)."""
    cap = terms.get("oop_max")
    return (
        f"a {money(terms['deductible'])} out-of-network deductible, then the plan pays "
        f"{1 - terms['coinsurance']:.0%} of an allowed amount of {terms['allowed_share']:.0%} of "
        "the charge" + ("" if cap is None else f", the client paying at most {money(cap)} a year")
    )


def superbill_revenue(oon: Mapping[str, Any]) -> str:
    """What out-of-network clients do to revenue: nothing; the clinic is paid in full."""
    change = oon["revenue_change_per_session"]
    same = abs(change) < CENT
    return (
        f"Out-of-network clients ({oon['share_of_clients']:.0%}) pay your price up front and their "
        "plan reimburses them on your superbill, so you are paid in full: revenue per session "
        f"{money(oon['revenue_per_session'], exact=True)}, "
        + (
            "the same as if they paid for themselves."
            if same
            else f"{money(change, exact=True)} against "
            f"{money(oon['revenue_per_session_if_they_paid_themselves'], exact=True)} if they "
            "paid for themselves."
        )
    )


def superbill_example(example: Mapping[str, Any], terms: Mapping[str, Any]) -> str:
    """One client's course with the superbill, in words, naming the course and the terms."""
    head = (
        f"{example['treatment']}, {example['course']} at "
        f"{money(example['price_per_session'], exact=True)} (intake and therapy at default prices): "
        f"charged {money(example['charged'])}"
    )
    if example["reimbursed"] < CENT:
        why = (
            "the course's allowed amount does not pass the deductible"
            if terms["deductible"] > 0 and terms["allowed_share"] > 0 and terms["coinsurance"] < 1
            else "these terms reimburse nothing"
        )
        return f"{head}; nothing comes back ({why}), so the net cost stays {money(example['net_cost'])}."
    return (
        f"{head}; reimbursed {money(example['reimbursed'])}, so the net cost is "
        f"{money(example['net_cost'])} instead of {money(example['net_cost_without_superbill'])}."
    )


def superbill_lines(oon: Mapping[str, Any]) -> list[str]:
    """The CLI's lines for out-of-network clients (from its `out_of_network` JSON)."""
    terms = oon["terms"]
    return [
        superbill_revenue(oon),
        f"  A client whose plan has {superbill_terms(terms)}:",
        *(f"  {superbill_example(e, terms)}" for e in oon["by_treatment"]),
    ]


# --- the page's metrics ----------------------------------------------------------------------


def _price(x: float | None) -> str:
    if x is None:
        return "none (no client pays your self-pay price for it)"
    return "any price (your other revenue covers it)" if x <= 0 else money(x, exact=True)


def price_card_assumes(card: Mapping[str, Any]) -> str:
    """Which volume and costs the card's prices hold fixed."""
    a = card["assumes"]
    return (
        f"at {a['booked_sessions_per_month']:,.0f} booked sessions a month "
        f"({a['delivered_sessions_per_month']:,.1f} delivered), {money(a['fixed_costs_per_month'])} "
        f"fixed costs a month, {money(a['direct_cost_per_session'], exact=True)} direct cost per "
        f"{card['treatment']} session, your payer mix and sliding scale, other treatments at "
        f"their prices; {a['self_paid_share_of_sessions']:.0%} of your sessions pay this price"
    )


def package_words(card: Mapping[str, Any]) -> str:
    """The package line's name: the manager's own series or the course they sell."""
    n = card["package_sessions"]
    kind = "your series at its discount" if card["package"].startswith("your") else "the course"
    return f"{n}-session package ({kind})"


def price_card_lines(card: Mapping[str, Any]) -> list[str]:
    """The CLI's lines for one treatment's price card (from its `price_card` JSON)."""
    m = f"{card['target_margin']:.0%}"
    per = card["package_price_per_session"]
    package = _price(card["package_price"]) + (
        "" if per is None or per <= 0 else f" ({money(per, exact=True)} a session)"
    )
    rows = [
        ("break-even price", f"{_price(card['break_even_price'])} a session"),
        (f"price for a {m} margin", f"{_price(card['target_margin_price'])} a session"),
        (f"{package_words(card)} at a {m} margin", package),
    ]
    width = max(len(label) for label, _ in rows) + 1
    return [
        f"Price card, {card['treatment']} (treatment {card['offering']}, now "
        f"{money(card['current_price'], exact=True)}; {price_card_assumes(card)}):",
        *(f"  {label + ':':<{width}} {value}" for label, value in rows),
    ]


def _price_figure(x: float | None) -> str:
    if x is None:
        return NOT_AVAILABLE
    return "any price" if x <= 0 else money(x, exact=True)


def price_card_metrics(card: PriceCard) -> list[tuple[str, str]]:
    """The page's three price-card metrics for one treatment: (label, figure)."""
    m = f"{card.target_margin:.0%}"
    return [
        ("Break-even price", _price_figure(card.break_even_price)),
        (f"Price for a {m} margin", _price_figure(card.target_price)),
        (f"{card.package_sessions}-session package at {m}", _price_figure(card.package_price)),
    ]


def price_card_caption(card: PriceCard) -> str:
    """Which treatment, course and costs the page's price card assumes."""
    summary = card.summary()
    if card.target_price is None:
        return (
            f"No client pays your self-pay price for {card.treatment}, so its price does not "
            "move your margin."
        )
    package = (
        f"your {card.package_sessions}-session series at today's discount"
        if card.package_is_current
        else f"the {card.package_sessions}-session course you sell, no discount"
    )
    return (
        f"{card.treatment} self-pay price per session (now "
        f"{money(card.current_price, exact=True)}), {price_card_assumes(summary)}. Margin: profit "
        f"after direct and fixed costs as a share of revenue. The package is {package}; a "
        "deeper discount comes out of the margin."
    )


def superbill_client(oon: Mapping[str, Any]) -> str:
    """The page's sentence on what a reimbursed client pays, per treatment."""
    terms = oon["terms"]
    examples = " ".join(superbill_example(e, terms) for e in oon["by_treatment"])
    return f"A client whose plan has {superbill_terms(terms)}: {examples}"


def superbill_reach(data: ClinicPageData) -> str:
    """What reach counts with the superbill, with the figures it rests on."""
    assert data.out_of_network is not None and data.reach_without_superbill is not None
    share = data.out_of_network["share_of_clients"]
    return (
        f"With your superbill {data.reach:.0%} of households could afford a course, "
        f"{data.reach_without_superbill:.0%} if no client were reimbursed. Reach counts as "
        "reimbursed, on the terms above, every household of your market whose commercial plan "
        f"has an out-of-network benefit ({data.with_benefit or 0:.0%} of households); {share:.0%} "
        "is how many of your clients are out of network."
    )
