"""The Estimate page's words: the headline, the course priced, the approve/refuse pair, the
walkthrough of the first claims (explain/walkthrough.py), chart summaries and the questions
worth asking. How the bills themselves work (two bills, Medicare, Medicaid, programmes) is in
explain/bills.py. Every figure comes from the estimate or the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing import course, defaults
from pricing.defaults import spravato as spravato_defaults
from pricing.estimate import Estimate
from pricing.explain.walkthrough import walkthrough
from pricing.explain.words import COMPONENT_WORDS, money_range, percent_range
from pricing.explain.words import day as _day
from pricing.ledger.from_scenario import split_bill
from pricing.report import money as round_money
from pricing.scenario import Scenario

__all__ = [
    "approval_pair",
    "breakdown_summary",
    "course_priced",
    "cumulative_summary",
    "data_note",
    "facts",
    "figures",
    "good_faith_estimate_note",
    "headline",
    "month_table",
    "outcome_note",
    "questions",
    "subheadline",
    "walkthrough",
]


# Said while an estimate is worked out (a running indicator when reruns queue up, issue 20).
WORKING = "Working out your costs…"


def questions(estimate: Estimate) -> dict[str, list[str]]:
    """Questions to ask the clinic and the insurer, chosen for this scenario."""
    s = estimate.scenario
    name = defaults.modality_label(s.modality)
    spravato = s.modality == "spravato"
    clinic = [
        "What is the total price per session, and what does it include (drug, monitoring, "
        "observation time, follow-up)?",
        "Do you sell packages or a sliding scale, and what happens to unused sessions?",
        "How many sessions do most people need before you recommend maintenance, and how often?",
        "Can you give me a written Good Faith Estimate before I start?",
    ]
    if spravato and s.insurance.kind != "none":
        clinic.insert(
            1,
            "Who supplies the drug: do you buy it and bill my medical plan, or does a specialty "
            "pharmacy send it and bill my pharmacy benefit? Which costs me less?",
        )
    if estimate.approval_chance is not None:
        clinic.append(
            "Will you ask my plan for prior authorisation and appeal if it refuses? What would "
            "I pay you if it does?"
        )
    insurer = []
    if s.insurance.kind != "none":
        pa = f"Is {name} covered under my plan, and does it need prior authorisation?"
        if spravato:
            pa += (
                " Is there step therapy (what must I have tried first? Commercial plans typically "
                f"require that {spravato_defaults.step_therapy_antidepressants()} antidepressants have not helped), "
                "and how long does an approval last?"
            )
        insurer = [
            pa,
            "How much of my deductible and out-of-pocket maximum have I already met this year, and "
            "when does my plan year start?",
            "Is the clinic in network? What is the allowed amount for these billing codes?",
        ]
        if s.insurance.coverage.therapy == "out_of_network" or s.therapy.sessions:
            insurer.append(
                "Do I have out-of-network benefits for psychotherapy (for example code 90837), "
                "and what share of the allowed amount do you reimburse?"
            )
        if spravato and s.insurance.kind == "medicare":
            on_part_d = s.treatment.drug is not None and s.treatment.drug.benefit == "pharmacy"
            insurer.append(
                "Do I have a Medigap policy (which letter?) or a Medicare Advantage plan"
                + (", and is Spravato on my Part D plan's drug list?" if on_part_d else "?")
            )
        if spravato and s.insurance.kind == "commercial":
            insurer.append(
                "Does my plan run a copay accumulator or maximiser programme that stops "
                "manufacturer help from counting toward my deductible?"
            )
            insurer.append(
                "Can I use the manufacturer's savings programme for the drug and its observation "
                "rebate for the visit, and what is the rebate's yearly limit this year?"
            )
    return {"clinic": clinic, "insurer": insurer}


def good_faith_estimate_note(estimate: Estimate) -> str | None:
    """The No Surprises Act note for self-pay patients (None when everything is billed to a plan)."""
    s = estimate.scenario
    self_pay = s.insurance.kind == "none" or "not_covered" in (
        s.insurance.coverage.treatment,
        s.insurance.coverage.intake,
    )
    if not self_pay:
        return None
    threshold = round_money(defaults.good_faith_estimate_dispute_threshold())
    return (
        "If you pay for care yourself, the clinic must give you a Good Faith Estimate in writing "
        "before your visit when you ask or book ahead. If the final bill is "
        f"{threshold} or more above it, you can dispute the bill through the federal "
        "patient-provider dispute process (No Surprises Act)."
    )


def _range(bounds: dict[str, float]) -> str:
    if round(bounds["low"]) == round(bounds["high"]):
        return ""
    return money_range(bounds["low"], bounds["high"])


def outcome_note(outcome: Outcome) -> str:
    """The line under one side of the pair: its range, then what it means."""
    spread = f"{outcome.spread[0].upper()}{outcome.spread[1:]}." if outcome.spread else ""
    return " ".join(x for x in (spread, outcome.meaning) if x)


def headline(estimate: Estimate) -> str:
    """The page's first sentence: the likely out-of-pocket cost and its range. With a prior
    authorisation step it is the approved case, and says so (rule 13)."""
    oop = estimate.out_of_pocket
    spread = _range(oop)
    text = f"You would likely pay {round_money(oop['mid'])} for this course"
    text += f", {spread}." if spread else "."
    if estimate.approval_chance is not None:
        return f"If your plan approves it: {text[0].lower()}{text[1:]}"
    return text


def summary_line(estimate: Estimate) -> str:
    """The headline again, short, under the inputs that change it: on a phone the columns stack
    and the headline sits screens above the last input (issue 17). The same figure and range as
    headline(), with the share of income when an income is given."""
    oop = estimate.out_of_pocket
    spread = _range(oop)
    said = "Your estimate" if estimate.approval_chance is None else "If your plan approves it"
    text = f"**{said}:** likely {round_money(oop['mid'])} for this course"
    text += f", {spread}." if spread else "."
    share = estimate.share_of_income()
    if share is not None:
        text += f" That is {share['mid']:.1%} of your household income."
    return text


def subheadline(estimate: Estimate) -> list[str]:
    """Short facts under the headline: period, after-tax cost, share of income, time and travel."""
    s = estimate.scenario
    oop = estimate.out_of_pocket
    first, last = estimate.visits[0].date, estimate.visits[-1].date
    counts = estimate.visit_counts
    lines = [
        f"{counts['treatment']} treatment sessions from {_day(first)} to {_day(last)}"
        + (f", with {counts['therapy']} therapy sessions" if counts["therapy"] else "")
        + "."
    ]
    if s.payment.pretax_account:
        lines.append(
            f"Paid from an HSA or FSA, it costs you about {round_money(oop['mid'] * estimate.after_tax_factor)} "
            f"in after-tax money (at a {s.payment.marginal_tax_rate:.0%} tax rate)."
        )
    share = estimate.share_of_income()
    if share is not None and estimate.poverty_percent is not None:
        spread = percent_range(share["low"], share["high"])
        said = f" ({spread})" if spread.startswith("between") else ""
        lines.append(
            f"That is {share['mid']:.1%} of your household income{said}; your household is at "
            f"{estimate.poverty_percent:.0f}% of the federal poverty guideline."
        )
    if estimate.time_and_travel > 0:
        lines.append(
            f"Time and travel add about {round_money(estimate.time_and_travel)} "
            f"over {len(estimate.visits)} visits (not paid to the clinic or insurer)."
        )
    if "p10" in oop:
        likely = money_range(oop["p10"], oop["p90"])
        if not likely.startswith("between"):
            likely = f"about {likely}"
        lines.append(
            f"With prices anywhere in your quoted ranges, you would most likely pay {likely}: "
            "4 in 5 of the price combinations we tried came out there."
        )
    return lines


@dataclass(frozen=True)
class Outcome:
    """One side of the approve/refuse pair: a label, the likely figure, its range, what it means."""

    label: str
    likely: str
    spread: str
    meaning: str


PLANS_OF_KIND = {
    "commercial": "employer and individual plans",
    "medicare": "Medicare Advantage plans",
    "medicaid": "Medicaid programmes",
}


def chance_sentence(s: Scenario, chance: float) -> str:
    """Where the approval chance comes from, said as what it is: a study's finding, a project
    assumption with the published figure it leans on, or the person's own figure (issue 14,
    defect 6: an assumption must not read as a finding)."""
    who = PLANS_OF_KIND.get(s.insurance.kind, "plans")
    source = spravato_defaults.approval_source(s.insurance.kind, s.modality, chance)
    basis = spravato_defaults.approval_basis(s.insurance.kind, s.modality)
    if source == "yours" or basis is None:
        return f"You set a {chance:.0%} chance that your plan approves it."
    if source == "study":
        return (
            f"In a published claims study ({str(basis['as_of'])[:4]}), about {chance:.0%} of "
            f"requests for it were approved, some only after the clinic asked again."
        )
    text = (
        f"About {chance:.0%} of such requests to {who} are assumed to be approved: an assumption, "
        f"since no approval rate for {defaults.modality_short(s.modality)} has been published"
    )
    extra = basis["basis"]
    if extra is not None:
        text += (
            f"; across all services, {extra['who']} approved about {extra['value']:.0%} of "
            f"prior-authorisation requests in {extra['year']} (see Sources & method)"
        )
    return text + ". Set your own chance with your insurance details if you know better."


def approval_pair(estimate: Estimate) -> tuple[str, Outcome, Outcome] | None:
    """Rule 13: the chance, then what the course costs if the plan approves and if it refuses,
    side by side, never blended (None without a prior-authorisation step)."""
    chance = estimate.approval_chance
    refused = estimate.denied_out_of_pocket()
    if chance is None or refused is None:
        return None
    s = estimate.scenario
    name = defaults.modality_short(s.modality)
    said = (
        f"Your plan must approve {name} first (prior authorisation). "
        f"{chance_sentence(s, chance)} You pay one of these two amounts, not an average of them."
    )
    oop = estimate.out_of_pocket
    covered = "the treatment and the drug" if split_bill(s) else "the treatment sessions"
    approved = Outcome(
        "If your plan approves",
        round_money(oop["mid"]),
        _range(oop),
        "Your plan pays its share of every session, as in the rest of this page.",
    )
    denied = Outcome(
        "If it refuses",
        round_money(refused["mid"]),
        _range(refused),
        f"You pay the clinic's full price for {covered}, unless an appeal succeeds.",
    )
    return said, approved, denied


def course_priced(scenario: Scenario, up_to_months: int = 60) -> str:
    """Which course the estimate prices, in words (pricing.course)."""
    m = scenario.modality
    phases = [p.model_dump(exclude_none=True) for p in scenario.treatment.phases]
    span = course.describe(phases)
    if course.has_typical(m) and phases == course.typical(m):
        what = f"{course.describe_named(m, 'typical')} over {course.weeks(phases)} weeks"
    else:
        months = course.maintenance_months_of(m, phases, up_to_months)
        if months == 0:
            what = f"the first series only: {span}"
        elif months is not None:
            what = f"the first series, then {months} months of maintenance: {span}"
        else:
            what = f"your own course: {span}"
    extras = []
    if scenario.therapy.sessions:
        n = scenario.therapy.sessions
        extras.append(f"{n} therapy session{'s' if n != 1 else ''}")
    extras.append("the intake visit")
    return f"Course priced: {what}, with {' and '.join(extras)}."


def facts(estimate: Estimate) -> list[str]:
    """The lines under the headline: the course priced (with its dates), then the other facts."""
    first, last = estimate.visits[0].date, estimate.visits[-1].date
    priced = course_priced(estimate.scenario).removesuffix(".")
    return [f"{priced}, from {_day(first)} to {_day(last)}.", *subheadline(estimate)[1:]]


def data_note() -> str:
    """The page's caption: not a quote, not advice, and the as-of year of the figures."""
    return (
        "An estimate from published prices and your plan's rules: not a quote, and not medical or "
        f"financial advice. Prices and plan figures as of {defaults.poverty_year()}; see "
        "Sources & method."
    )


def figures(estimate: Estimate) -> dict[str, float]:
    """The figures beside the headline, by the engine's names (midpoint prices)."""
    summary = estimate.summary()
    return {
        "billed": summary["billed"]["mid"],
        "insurer": summary["insurer_pays"]["mid"],
        "assistance": summary["assistance_pays"]["mid"],
        "time_and_travel": estimate.time_and_travel,
    }


def cumulative_summary(cum: pd.DataFrame, events: list[dict[str, Any]]) -> str:
    """The one-line summary under the 'paid so far' chart."""
    last = cum["date"].iloc[-1]
    marks = ", ".join(f"{e['label'].lower()} on {e['date']:%b} {e['date'].day}" for e in events)
    return (
        f"Summary: by {_day(last)} you will have paid about {round_money(cum['mid'].iloc[-1])} "
        "at midpoint prices" + (f"; {marks}." if marks else ".")
    )


def component_words(component: str, split: bool) -> str:
    """'the drug', 'the visits', 'the intake visit' (plural where there are many claims)."""
    if split and component == "treatment":
        return "the visits"
    if component == "drug":
        return "the drug"
    one, many = COMPONENT_WORDS[component]
    return f"the {one}" if component == "intake" else f"the {many}"


def breakdown_summary(parts: pd.DataFrame, split: bool) -> str:
    """The one-line summary under 'who pays for what': where most of your money goes (the
    claims only; time and travel are not paid to anyone)."""
    claims = parts[parts["component"].isin(COMPONENT_WORDS)]
    total = float(claims["patient"].sum())
    if total < 0.005:
        return "Summary: you pay nothing for the claims of this course."
    biggest = claims.sort_values("patient", ascending=False, kind="stable").iloc[0]
    return (
        f"Summary: most of what you pay is for {component_words(biggest['component'], split)} "
        f"({round_money(float(biggest['patient']))} of {round_money(total)})."
    )


def month_table(estimate: Estimate) -> pd.DataFrame:
    """The month-by-month table (issue 17): what you pay that month and so far at midpoint
    prices, each with its range across your quotes (lowest to highest of the three bounds: with
    a yearly cap, all-high prices can reach it sooner and cost less in a later month)."""
    m = estimate.monthly()
    bounds = m[["low", "mid", "high"]]
    so_far = bounds.cumsum()

    def spread(frame: pd.DataFrame) -> list[str]:
        return [
            money_range(float(row.min()), float(row.max()), "{} to {}")
            for _, row in frame.iterrows()
        ]

    return pd.DataFrame(
        {
            "Month": [f"{d:%B %Y}" for d in m["month"]],
            "Visits": m["visits"],
            "Paid that month": m["mid"],
            "That month, across your quotes": spread(bounds),
            "Paid so far": so_far["mid"],
            "So far, across your quotes": spread(so_far),
        }
    )
