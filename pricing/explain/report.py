"""The downloadable report's words: every input and price the estimate used, in words (no codes
such as `in_network`), and both outcomes when the plan must approve the treatment first
(issue 17 item 3)."""

from __future__ import annotations

from pricing import defaults
from pricing.estimate import Estimate
from pricing.explain.estimate import approval_pair, outcome_note
from pricing.explain.words import INSURANCE_WORDS, coverage, day, money_range
from pricing.report import money
from pricing.scenario import Phase, Scenario
from pricing.scenario.base import PriceRange

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
SUPPLEMENTS = {
    "none": "Original Medicare, no Medigap policy",
    "medigap_g": "Original Medicare with Medigap Plan G",
    "medigap_n": "Original Medicare with Medigap Plan N",
    "advantage": "Medicare Advantage",
}
BENEFITS = {
    "medical": "billed to the medical benefit (the clinic buys it)",
    "pharmacy": "billed to the pharmacy benefit (a specialty pharmacy sends it)",
}


def price(p: PriceRange) -> str:
    """A quoted price range: '$400 to $800', or one figure when both ends are the same."""
    return money_range(p.low, p.high, "{} to {}")


def _phase(p: Phase) -> str:
    if p.sessions_per_week:
        how = f"{p.sessions_per_week} a week for {p.weeks} weeks"
    elif p.every_weeks:
        how = f"every {p.every_weeks} weeks for {p.weeks} weeks"
    else:
        how = f"{p.sessions} sessions over {p.weeks} weeks"
    return f"{p.name}: {how}"


def inputs(s: Scenario, state_name: str | None = None) -> list[tuple[str, str]]:
    """Every input the estimate used, with every price, in words (the report's first table)."""
    ins = s.insurance
    drug = s.treatment.drug
    rows = [
        ("Treatment", defaults.modality_label(s.modality)),
        ("Where you live", state_name or "Not given: national figures are used"),
        (
            "The clinic's visit, per session" if drug else "Price per session",
            price(s.treatment.price),
        ),
    ]
    if drug is not None:
        rows.append(("The drug, per session", f"{price(drug.price)}, {BENEFITS[drug.benefit]}"))
    rows += [
        ("Course", "; ".join(_phase(p) for p in s.treatment.phases)),
        (
            "Therapy sessions",
            f"{s.therapy.sessions} at {price(s.therapy.price)} each"
            if s.therapy.sessions
            else "None",
        ),
        ("Intake visit", price(s.intake.price)),
        ("First session", day(s.start_date)),
        ("Insurance", INSURANCE_WORDS.get(ins.kind, ins.kind)),
    ]
    if ins.kind != "none":
        rows += [
            ("Plan year starts in", MONTH_NAMES[ins.plan_year_start_month - 1]),
            ("Deductible", money(ins.deductible)),
            ("Coinsurance", f"{ins.coinsurance:.0%}"),
            ("Copay", money(ins.copay)),
            ("Out-of-pocket maximum", "None" if ins.oop_max is None else money(ins.oop_max)),
            (
                "Already paid this plan year",
                f"{money(ins.met_this_year.deductible)} toward the deductible, "
                f"{money(ins.met_this_year.oop)} toward the out-of-pocket maximum",
            ),
            (
                "How your plan covers it",
                f"treatment {coverage(ins.coverage.treatment)}; therapy "
                f"{coverage(ins.coverage.therapy)}; intake {coverage(ins.coverage.intake)}",
            ),
        ]
        if ins.medicare is not None:
            rows.append(("Medicare", SUPPLEMENTS.get(ins.medicare.supplement, "Medicare")))
        if ins.prior_authorization is not None:
            chance = ins.prior_authorization.approval_chance
            rows.append(("Prior authorisation", f"needed; a {chance:.0%} chance it is approved"))
    m = s.assistance.manufacturer
    if m is not None:
        rows.append(
            (
                "Manufacturer programme",
                f"you pay {money(m.patient_pays_per_session)} a session, up to "
                f"{money(m.annual_max)} a year from the programme",
            )
        )
    if s.household.income is not None:
        rows.append(
            (
                "Household",
                f"{money(s.household.income)} a year, {s.household.size} "
                f"{'person' if s.household.size == 1 else 'people'}",
            )
        )
    t = s.time_and_travel
    if t.travel_cost_per_visit or t.hours_per_visit:
        rows.append(
            (
                "Time and travel",
                f"{money(t.travel_cost_per_visit)} travel and {t.hours_per_visit:g} hours at "
                f"{money(t.hourly_value)} an hour, per visit",
            )
        )
    return rows


def outcomes(estimate: Estimate) -> tuple[str, list[tuple[str, str]]] | None:
    """Rule 13 in the report: the chance, then what you pay if the plan approves and if it
    refuses, each with its range and what it means (None without a prior-authorisation step)."""
    pair = approval_pair(estimate)
    if pair is None:
        return None
    said, approved, refused = pair
    return said, [
        (side.label, f"{side.likely}. {outcome_note(side)}") for side in (approved, refused)
    ]
