"""The words for paying for a course (rules 15-17): what falls in each calendar year, the ways to
pay side by side, the deferred-interest cliff, the deduction and the HSA/FSA beside the bill,
and the free or cheaper routes that fit the person's inputs, each with its sources.

Every figure comes from `Estimate.paying` (pricing/finance) or the sourced defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pricing import defaults
from pricing.defaults import finance as finance_defaults
from pricing.defaults import population, states
from pricing.estimate import Estimate
from pricing.explain.estimate import good_faith_estimate_note
from pricing.explain.words import money
from pricing.finance import Paying, PayOff, Terms, needed_to_clear, payoff_warnings
from pricing.finance.tax import TaxYear
from pricing.report import money as round_money

METHOD_LABELS = {
    "savings": "From savings, as billed",
    "payment_plan": "Clinic payment plan",
    "card": "Credit card",
    "deferred_interest": "Deferred-interest medical card",
}
NOT_DECIDED = "Not decided yet"


def _rate(apr: float) -> str:
    return f"{100 * apr:.2f}".rstrip("0").rstrip(".") + "%"


def month_name(paying: Paying, index: int) -> str:
    day = paying.month(index)
    return f"{day:%B} {day.year}"


# --- rule 17 ----------------------------------------------------------------------------------


def by_year_line(paying: Paying) -> str:
    """The line under the headline: what falls in each calendar year (midpoint prices)."""
    years = paying.years
    if len(years) == 1:
        (year, row), *_ = years.items()
        return f"All of it is billed in {year} ({round_money(row['mid'])} at midpoint prices)."
    parts = " · ".join(f"{year}: {round_money(row['mid'])}" for year, row in years.items())
    return f"By calendar year of the bill: {parts} (midpoint prices)."


# --- rule 15 ----------------------------------------------------------------------------------


def terms_words(terms: Terms) -> str:
    """One way's terms in a few words."""
    if terms.method == "savings":
        return "each bill paid when it comes"
    if terms.method == "payment_plan":
        fee = f"a {round_money(terms.plan_fee)} fee" if terms.plan_fee else "no fee"
        return f"no interest, {fee}"
    if terms.method == "card":
        return f"{_rate(terms.apr)} a year"
    return (
        f"no interest if paid in full within {terms.promo_months} months, else "
        f"{_rate(terms.apr)} a year back-dated to the first bill"
    )


def ways_rows(paying: Paying) -> list[dict[str, Any]]:
    """The table of ways to pay: one row per method at the same monthly payment."""
    cheapest = paying.cheapest
    chosen = paying.chosen.terms.method if paying.chosen else None
    rows = []
    for way in paying.ways:
        method = way.terms.method
        marks = [
            m for m, on in (("yours", method == chosen), ("cheapest", method in cheapest)) if on
        ]
        label = METHOD_LABELS[method] + (f" ({', '.join(marks)})" if marks else "")
        rows.append(
            {
                # The figures first: a phone shows the table's left columns.
                "method": method,
                "Way to pay": label,
                "Total paid": way.total_paid if way.paid_off else None,
                "Months": str(way.months_to_pay_off)
                if way.paid_off
                else f"not within {len(way.months)}",
                "Interest": way.interest_paid,
                "Terms": terms_words(way.terms),
            }
        )
    return rows


def ways_intro(paying: Paying) -> str:
    """Which monthly payment and which bills the table is for."""
    first = month_name(paying, 0)
    mine = paying.chosen is not None and paying.chosen.terms.method != "savings"
    amount = round_money(paying.monthly_payment)
    said = (
        f"at your {amount} a month"
        if mine
        else f"at {amount} a month (a round figure to start from: choose how you would pay to "
        "enter your own)"
    )
    return (
        f"Each way pays the same bills, {round_money(sum(paying.bills))} at midpoint prices "
        f"from {first}, {said}. The card rows use typical published rates unless you enter your "
        "own; savings need the money to hand."
    )


def ways_summary(paying: Paying) -> str:
    """The one-line summary under the table."""
    bills = sum(paying.bills)
    card = paying.way("card")
    deferred = paying.way("deferred_interest")
    parts = [f"paying from savings costs the bills alone ({round_money(bills)})"]
    if card.paid_off:
        parts.append(
            f"a card adds {round_money(card.interest_paid)} of interest over "
            f"{card.months_to_pay_off} months"
        )
    else:
        parts.append(
            f"a card at this payment is not paid off within {len(card.months) // 12} years"
        )
    promo = deferred.terms.promo_months or 0
    need = needed_to_clear(paying.bills, promo, deferred.terms.plan_fee)
    if deferred.deferred_interest_charged > 0:
        parts.append(
            f"the deferred-interest card adds {round_money(deferred.interest_paid)}, because the "
            f"{promo}-month promotion ends unpaid (about {round_money(need)} a month would clear it)"
        )
    else:
        parts.append("the deferred-interest card charges nothing if every payment is on time")
    return "Summary: " + "; ".join(parts) + "."


def ways_warnings(paying: Paying, own: bool | None = None) -> list[str]:
    """Plain-words warnings for each way in the table (the person's own way first); with
    `own`, only the person's own way's (True) or only the others' (False)."""
    notes: list[str] = []
    ordered = sorted(paying.ways, key=lambda w: paying.chosen is None or w is not paying.chosen)
    for way in ordered:
        if own is not None and (way is paying.chosen) != own:
            continue
        for note in payoff_warnings(way):
            notes.append(f"{METHOD_LABELS[way.terms.method]}: {note}")
    return notes


def cliff_way(paying: Paying) -> PayOff:
    """The deferred-interest way the chart draws: the person's own, else the table's."""
    return paying.way("deferred_interest")


def cliff_summary(paying: Paying) -> str:
    """The one-line summary under the cliff chart."""
    way = cliff_way(paying)
    promo = way.promo_end
    assert promo is not None
    peak = max(way.months, key=lambda m: m.balance + m.paid)
    text = (
        f"Summary: on a deferred-interest card at {round_money(way.terms.monthly_payment)} a "
        f"month you owe most in {month_name(paying, peak.index)} "
        f"({round_money(peak.balance + peak.paid)} before that month's payment). "
    )
    ends = month_name(paying, promo)
    if way.deferred_interest_charged > 0:
        owed = way.months[promo].balance - way.deferred_interest_charged
        return text + (
            f"The {way.terms.promo_months}-month promotion ends in {ends} with "
            f"{round_money(owed)} still owed, so {round_money(way.deferred_interest_charged)} of "
            "interest, counted from the first bill, is added at once."
        )
    if way.forgiven > 0:
        return text + (
            f"It is cleared by the end of the promotion ({ends}), so the "
            f"{round_money(way.forgiven)} of interest waiting is never charged."
        )
    return text + f"The promotion ends in {ends}; nothing is charged."


def cliff_rows(paying: Paying) -> list[dict[str, Any]]:
    """The chart's data, month by month (the table beside it)."""
    way = cliff_way(paying)
    rows = [
        {
            "month": paying.month(m.index),
            "bills": m.bills,
            "paid": m.paid,
            "interest_added": m.interest,
            "interest_waiting": m.pot,
            "owed": m.balance,
        }
        for m in way.months
    ]
    # Paid off before the promotion ends: the months up to its end owe nothing (drawn, so the
    # chart still shows where the cliff would have been).
    for index in range(len(rows), (way.promo_end or 0) + 1):
        rows.append(
            {"month": paying.month(index), "bills": 0.0, "paid": 0.0, "interest_added": 0.0,
             "interest_waiting": 0.0, "owed": 0.0}
        )  # fmt: skip
    return rows


# --- rule 16 and rule 6 -----------------------------------------------------------------------


def tax_rows(paying: Paying) -> list[dict[str, Any]]:
    """One row per calendar year: the bill, the HSA/FSA saving, the deduction and its saving."""
    rows = []
    for y in paying.tax:
        row: dict[str, Any] = {"Year": str(y.year), "You pay": y.payments}
        if y.account_saving is not None:
            row["HSA/FSA saving"] = y.account_saving
        if y.deduction is not None:
            row["Deduction"] = y.deduction
            row["Deduction saves"] = y.deduction_saving
        rows.append(row)
    return rows


def _limits(y: TaxYear) -> str:
    lim = y.limits
    text = (
        f"In {y.year} an HSA takes at most {round_money(lim.hsa_self_only)} (self-only plan) or "
        f"{round_money(lim.hsa_family)} (family), {round_money(lim.hsa_catch_up)} more at 55 or "
        f"over; a health FSA {round_money(lim.fsa)}"
    )
    accounts = sorted({"HSA" if k.startswith("hsa") else "health FSA" for k in lim.projected})
    if len(accounts) == 1:
        text += f" (the {accounts[0]} figure is the last published one; {y.year}'s is not out yet)"
    elif accounts:
        text += f" (the HSA and FSA figures are the last published; {y.year}'s are not out yet)"
    return text + "."


def tax_sources(paying: Paying) -> tuple[str, ...]:
    """The sources behind the tax words: the deduction's rules and each year's limits."""
    ids = ["irs_pub_502", "irs_pub_969"]
    accounts = [
        *finance_defaults.entry("accounts", "hsa_limit_self_only")["values"],
        *finance_defaults.entry("accounts", "fsa_limit")["values"],
    ]
    years = {y.year for y in paying.tax}
    for row in accounts:
        if row["from"].year <= max(years) and row["source"] not in ids:
            ids.append(row["source"])
    return tuple(ids)


def tax_sentences(estimate: Estimate) -> list[str]:
    """The deduction and the accounts in words, beside the bill: never taken off it."""
    s = estimate.scenario
    paying = estimate.paying
    floor = finance_defaults.medical_expense_floor()
    lines = [
        "These savings sit beside the bill: you still pay the clinic the full amount, and the tax "
        "saving comes later (from your return, or from paying with pre-tax money)."
    ]
    if s.tax is None:
        lines.append(
            f"If you itemise deductions, medical costs above {floor:.1%} of your adjusted gross "
            "income are deductible: turn on the medical expense deduction to see yours."
        )
    elif not s.tax.itemizes:
        lines.append(
            "You do not itemise, so the medical expense deduction is $0: it only helps when your "
            "itemised deductions together pass the standard deduction."
        )
    else:
        assert s.tax.agi is not None
        lines.append(
            f"Only costs above {floor:.1%} of your adjusted gross income ({money(floor * s.tax.agi)} "
            f"a year) count, with {money(s.tax.other_medical_expenses)} of other medical costs "
            f"each year; the deduction saves at your {s.tax.marginal_rate:.0%} rate."
        )
        if s.payment.method == "payment_plan":
            lines.append(
                "On a clinic payment plan the IRS counts a cost in the year you pay it, not the "
                "year of the bill (a card charge counts when it is charged); the years here are "
                "the bills'."
            )
    if s.payment.pretax_account or s.tax is not None:
        lines.append(
            "One dollar cannot be both paid tax-free from an HSA or FSA and deducted: for any "
            "payment it is one or the other."
        )
    lines += [_limits(y) for y in paying.tax]
    if s.payment.pretax_account:
        over = [y for y in paying.tax if y.payments > y.limits.fsa]
        for y in over:
            lines.append(
                f"In {y.year} you pay {round_money(y.payments)}, more than a health FSA can hold "
                f"({round_money(y.limits.fsa)}): from an FSA only part would be pre-tax; an HSA "
                "can also use money saved in earlier years."
            )
    return lines


# --- free or cheaper routes (issue 16, item 4) --------------------------------------------------


@dataclass(frozen=True)
class Route:
    """A free or cheaper route that fits the person's inputs, with its sources' ids."""

    title: str
    text: str
    sources: tuple[str, ...]


def _expanded_medicaid(state: str | None) -> bool | None:
    """Whether `state` adopted the ACA Medicaid expansion (the state table); None without one."""
    return None if state is None else states.state(state).medicaid_expansion


def _self_pays(estimate: Estimate) -> bool:
    ins = estimate.scenario.insurance
    return ins.kind == "none" or "not_covered" in (ins.coverage.treatment, ins.coverage.intake)


def routes(estimate: Estimate) -> list[Route]:
    """The routes that apply to this person's inputs, each in words with its sources."""
    s = estimate.scenario
    found: list[Route] = []
    if s.modality == "spravato":
        since = finance_defaults.va_spravato_since()
        found.append(
            Route(
                "If you are a veteran",
                f"VA health care has offered Spravato since {since:%B} {since.day}, {since.year}, "
                "after two antidepressants have not helped; ask your VA mental health provider "
                "for a referral. The manufacturer's savings programme does not take VA, TRICARE "
                "or DoD cover.",
                ("va_spravato_2019", "janssen_carepath_spravato"),
            )
        )
    name = "esketamine" if s.modality == "spravato" else "ketamine"
    found.append(
        Route(
            "Clinical trials",
            f"At {finance_defaults.trial_registry()} search the condition (depression, or "
            f"treatment-resistant depression) with '{name}' as the drug, choose 'Recruiting' and "
            "your state or city. Each study's page says what it pays for and whom to contact.",
            ("clinicaltrials_gov",),
        )
    )
    medicaid = _medicaid_route(estimate)
    if medicaid is not None:
        found.append(medicaid)
    if _self_pays(estimate) and s.assistance.sliding_scale_discount == 0:
        found.append(
            Route(
                "The clinic's sliding scale",
                "You pay for some of this course yourself. Ask the clinic whether it has a "
                "sliding scale or income-based discount, and enter it under 'Help paying' to see "
                "the difference.",
                (),
            )
        )
    gfe = good_faith_estimate_note(estimate)
    if gfe is not None:
        found.append(Route("A written estimate you can dispute", gfe, ("cms_gfe",)))
    return found


def _medicaid_route(estimate: Estimate) -> Route | None:
    """Medicaid for adults under the income limit, in the states that expanded it."""
    s = estimate.scenario
    percent = estimate.poverty_percent
    limit = population.medicaid_expansion_limit()
    if s.insurance.kind in ("medicaid", "medicare") or percent is None or percent > limit:
        return None
    expanded = _expanded_medicaid(s.state)
    name = states.state(s.state).name if s.state else ""
    where = {
        True: f"{name} expanded Medicaid, so adults",
        False: f"{name} has not expanded Medicaid: there adults without children rarely "
        "qualify on income alone, while in the states that did, adults",
        None: "In the states that expanded Medicaid, adults",
    }[expanded]
    local = states.row_note("medicaid_expansion", s.state) if s.state else None
    if s.modality == "spravato":
        covers = "Medicaid covers Spravato, usually after prior authorisation"
    else:
        covers = (
            f"This tool assumes Medicaid does not pay for {defaults.modality_short(s.modality)} "
            "(see Sources); it does cover Spravato, usually after prior authorisation"
        )
    return Route(
        "Medicaid",
        f"Your household is at {percent:.0f}% of the federal poverty guideline. {where} with "
        f"income up to {limit:.0f}% qualify.{f' {local}' if local else ''} {covers}, and "
        "Medicaid's cost sharing is small and capped. Apply through your state's Medicaid agency "
        "or HealthCare.gov.",
        ("kff_medicaid_expansion", "macpac_prescription_drugs", "cfr_447_56"),
    )


def source_links(ids: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(title, url) of each source id, for the words above."""
    catalogue = defaults.sources()
    return [(catalogue[i]["title"], catalogue[i].get("url")) for i in ids if i in catalogue]


def sources_used(estimate: Estimate) -> tuple[str, ...]:
    """Every source behind this section's words and typical terms (for the report)."""
    ids = list(tax_sources(estimate.paying))
    for key in ("card_apr", "deferred_interest_apr", "promo_months_offered", "payment_plan_fee"):
        ids.append(str(finance_defaults.entry("paying", key)["source"]))
    for route in routes(estimate):
        ids += route.sources
    return tuple(dict.fromkeys(ids))


def method_words() -> str:
    """Rules 15-17 in words for Sources & method (Markdown); figures from the defaults."""
    floor = finance_defaults.medical_expense_floor()
    longest = finance_defaults.max_months()
    *most, last = (str(m) for m in finance_defaults.promo_months_offered())
    offered = f"{', '.join(most)} or {last}" if most else last
    card = _rate(finance_defaults.card_apr())
    deferred = _rate(finance_defaults.deferred_interest_apr())
    medical_2023 = _rate(finance_defaults.medical_card_apr_2023())
    return f"""
- **By year.** Every estimate says what you pay for the bills dated in each calendar year.
- **Ways to pay.** From the month of the first bill, month by month: the month's bills are added
  to what you owe; a credit card adds a month's interest (the yearly rate / 12); then your
  monthly payment comes off. A clinic payment plan charges no interest (a fee, if any, is owed
  from the start). A deferred-interest medical card ("no interest if paid in full" in
  {offered} months) keeps the interest aside during the promotion: if anything is still owed when
  it ends, all of it, counted from the first bill, is added at once; if not, it is forgiven.
  A balance still owed after {longest} months is reported as not paid off within that time. Typical rates:
  {card} for cards that charge interest (Federal Reserve), {deferred} standard rate on a medical
  card after a promotion (the CFPB found {medical_2023} typical in 2023). Savings pay each bill as
  it comes. Nothing here counts the cost of using savings.
- **Tax and accounts.** If you itemise, medical costs above {floor:.1%} of your adjusted gross
  income in a calendar year are deductible; the saving is the deduction times your tax rate.
  Paying from an HSA or FSA saves your tax rate on what you pay. Both are shown beside the bill,
  never taken off it, and one dollar cannot count for both. The accounts' yearly limits are
  shown with their year.
"""
