"""Plain-language explanations generated from a settled ledger, and the questions worth asking.

Sentences are built from the ledger's own columns (deductible, coinsurance, copay, cap saving,
assistance), so the words can never disagree with the numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing import defaults
from pricing.estimate import Estimate
from pricing.report import money as round_money


def money(value: float) -> str:
    """Sentences show cents when a figure has them, so the parts visibly add up."""
    return round_money(value, exact=True)


COMPONENT_WORDS = {
    "intake": ("intake visit", "intake visits"),
    "treatment": ("treatment session", "treatment sessions"),
    "therapy": ("therapy session", "therapy sessions"),
}


def _day(value: dt.date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


@dataclass(frozen=True)
class _Run:
    """Consecutive claims of one component that are settled the same way."""

    component: str
    first: int  # 1-based count of that component's claims
    last: int
    start: dt.date
    end: dt.date
    claim: dict[str, Any]


def _pattern(claim: dict[str, Any]) -> tuple[Any, ...]:
    parts = ("deductible", "coinsurance", "copay", "cap_saving", "assistance")
    return (
        claim["component"],
        claim["coverage"],
        round(claim["patient"], 2),
        round(claim["price"], 2),
        claim["plan_year"],
        # Amounts, not just which parts are present: claims in one run must split alike, because
        # the sentence shows the first claim's split for all of them.
        *(round(claim[p], 2) for p in parts),
    )


def _runs(ledger: pd.DataFrame) -> list[_Run]:
    runs: list[_Run] = []
    counters: dict[str, int] = {}
    last_pattern: dict[str, tuple[Any, ...]] = {}
    open_run: dict[str, int] = {}
    for record in ledger.to_dict("records"):
        claim = {str(k): v for k, v in record.items()}
        comp = claim["component"]
        counters[comp] = counters.get(comp, 0) + 1
        pattern = _pattern(claim)
        if comp in open_run and last_pattern.get(comp) == pattern:
            i = open_run[comp]
            runs[i] = _Run(
                comp, runs[i].first, counters[comp], runs[i].start, claim["date"], runs[i].claim
            )
        else:
            open_run[comp] = len(runs)
            runs.append(
                _Run(comp, counters[comp], counters[comp], claim["date"], claim["date"], claim)
            )
        last_pattern[comp] = pattern
    return runs


def _which(run: _Run) -> str:
    one, many = COMPONENT_WORDS[run.component]
    if run.component == "intake":
        return f"The {one} on {_day(run.start)}"
    if run.first == run.last:
        return f"{one.capitalize()} {run.first} ({_day(run.start)})"
    if run.last == run.first + 1:
        return f"{many.capitalize()} {run.first} and {run.last} ({_day(run.start)} and {_day(run.end)})"
    return f"{many.capitalize()} {run.first} to {run.last} ({_day(run.start)} to {_day(run.end)})"


def _why(claim: dict[str, Any], scenario_terms: dict[str, Any]) -> str:
    """Why the patient pays what they pay on one claim, in words."""
    price, patient = claim["price"], claim["patient"]
    many = bool(claim.get("_many"))
    each = " each" if many else ""
    are = "are" if many else "is"
    coverage = claim["coverage"]
    if price == 0:
        return "cost nothing"
    if coverage == "not_covered":
        discount = scenario_terms["discount"]
        if discount > 0:
            return (
                f"{are} not covered by your plan: you pay the clinic's {money(price)}{each} less "
                f"the {discount:.0%} sliding-scale discount, {money(patient)}{each}"
            )
        return f"{are} not covered by your plan: you pay the full {money(price)}{each}"
    if coverage == "out_of_network":
        charged = patient + claim["insurer"]
        back = claim["insurer"]
        reasons = []
        if claim["deductible"] > 0:
            reasons.append(f"{money(claim['deductible'])} goes to your out-of-network deductible")
        if claim["coinsurance"] > 0:
            reasons.append(f"{money(claim['coinsurance'])} is your out-of-network coinsurance")
        told = "; ".join(reasons)
        return (
            f"{are} out of network: you pay {money(charged)}{each} up front and claim it back "
            f"on a superbill; the plan allows {money(claim['allowed'])}"
            + (f" ({told})" if told else "")
            + f", so you get {money(back)}{each} back and are left paying {money(patient)}{each}"
        )
    parts = []
    if claim["deductible"] > 0:
        parts.append(f"{money(claim['deductible'])} to your deductible")
    if claim["coinsurance"] > 0:
        parts.append(
            f"{money(claim['coinsurance'])} coinsurance "
            f"({scenario_terms['coinsurance']:.0%} of what the plan allows after the deductible)"
        )
    if claim["copay"] > 0:
        parts.append(f"a {money(claim['copay'])} copay")
    text = f"{are} billed {money(price)}{each}"
    if claim["allowed"] < price - 0.005:
        text += f"; your plan allows {money(claim['allowed'])}"
    # The ledger's deductible/coinsurance/copay parts are after the out-of-pocket cap, so the
    # cap is mentioned as the reason the share is smaller, never subtracted a second time.
    capped = claim["cap_saving"] > 0.005
    if parts:
        text += f"; your share is {' plus '.join(parts)}"
        if capped:
            text += (
                f" ({money(claim['cap_saving'])} less than the plan's usual share, because you "
                "reach your out-of-pocket maximum)"
            )
    elif capped:
        text += "; you have reached your out-of-pocket maximum and your plan pays all of it"
    else:
        text += "; your plan pays all of it"
    if claim["assistance"] > 0.005:
        text += f"; the manufacturer programme pays {money(claim['assistance'])}"
    text += f", so you pay {money(patient)}{each}"
    return text


def walkthrough(estimate: Estimate, limit: int = 8) -> list[str]:
    """Sentences that walk through the first sessions of the course at midpoint prices."""
    scenario = estimate.scenario
    terms = {
        "discount": scenario.assistance.sliding_scale_discount,
        "coinsurance": scenario.insurance.coinsurance,
    }
    sentences: list[str] = []
    ins = scenario.insurance
    if ins.kind != "none" and ins.coverage.treatment == "in_network" and ins.copay == 0:
        met = ins.met_this_year
        left = max(ins.deductible - met.deductible, 0)
        # As the ledger does: what went to the deductible counts toward the cap too.
        cap_left = (
            None if ins.oop_max is None else max(ins.oop_max - max(met.oop, met.deductible), 0)
        )
        if cap_left == 0:
            sentences.append(
                "You have already reached your out-of-pocket maximum for this plan year, so your "
                "plan pays for covered care in full until the plan year ends."
            )
        elif left > 0:
            sentences.append(
                f"Your first {money(left)} of covered care goes to your deductible; after that you "
                f"pay {ins.coinsurance:.0%} coinsurance"
                + (
                    f" until you have paid {money(cap_left)} more in the plan year (your "
                    "out-of-pocket maximum)."
                    if cap_left is not None
                    else " with no yearly cap."
                )
            )
    for run in _runs(estimate.ledger)[:limit]:
        claim = dict(run.claim)
        claim["_many"] = run.last > run.first
        sentences.append(f"{_which(run)} {_why(claim, terms)}.")
    for event in estimate.events():
        if event["event"] in ("oop_max_reached", "plan_year_reset", "programme_cap_reached"):
            sentences.append(f"{_day(event['date'])}: {event['label']}.")
    return sentences


def questions(estimate: Estimate) -> dict[str, list[str]]:
    """Questions to ask the clinic and the insurer, chosen for this scenario."""
    s = estimate.scenario
    clinic = [
        "What is the total price per session, and what does it include (drug, monitoring, "
        "observation time, follow-up)?",
        "Do you sell packages or a sliding scale, and what happens to unused sessions?",
        "How many sessions do most people need before you recommend maintenance, and how often?",
        "Can you give me a written Good Faith Estimate before I start?",
    ]
    insurer = []
    if s.insurance.kind != "none":
        insurer = [
            f"Is {defaults.modality_label(s.modality)} covered under my plan, and does it need "
            "prior authorisation?",
            "How much of my deductible and out-of-pocket maximum have I already met this year, and "
            "when does my plan year start?",
            "Is the clinic in network? What is the allowed amount for these billing codes?",
        ]
        if s.insurance.coverage.therapy == "out_of_network" or s.therapy.sessions:
            insurer.append(
                "Do I have out-of-network benefits for psychotherapy (for example code 90837), "
                "and what share of the allowed amount do you reimburse?"
            )
        if s.modality == "spravato" and s.insurance.kind == "commercial":
            insurer.append(
                "Does my plan run a copay accumulator or maximiser programme that stops "
                "manufacturer help from counting toward my deductible?"
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
    threshold = round_money(
        float(defaults.scenario_setting("good_faith_estimate_dispute_threshold"))
    )
    return (
        "If you pay for care yourself, the clinic must give you a Good Faith Estimate in writing "
        "before your visit when you ask or book ahead. If the final bill is "
        f"{threshold} or more above it, you can dispute the bill through the federal "
        "patient-provider dispute process (No Surprises Act)."
    )


def headline(estimate: Estimate) -> str:
    """The page's first sentence: the likely out-of-pocket cost and its range."""
    oop = estimate.out_of_pocket
    if round(oop["low"]) == round(oop["high"]):
        return f"You would likely pay {round_money(oop['mid'])} for this course."
    return (
        f"You would likely pay {round_money(oop['mid'])} for this course, "
        f"between {round_money(oop['low'])} and {round_money(oop['high'])}."
    )


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
        lines.append(
            f"That is {share['mid']:.1%} of your household income (between {share['low']:.1%} and "
            f"{share['high']:.1%}); your household is at {estimate.poverty_percent:.0f}% of the "
            "federal poverty guideline."
        )
    if estimate.time_and_travel > 0:
        lines.append(
            f"Time and travel add about {round_money(estimate.time_and_travel)} "
            f"over {len(estimate.visits)} visits (not paid to the clinic or insurer)."
        )
    if "p10" in oop:
        lines.append(
            f"With prices anywhere in your quoted ranges, 8 in 10 simulated courses cost you between "
            f"{round_money(oop['p10'])} and {round_money(oop['p90'])}."
        )
    return lines


# Local bridge (engineer Q, issue 9): until this module becomes the pricing/explain/ package
# (engineer U), let `pricing.explain.equity` be found in the pricing/explain/ folder beside it.
# Delete with this file when the package lands.
__path__ = [__file__.removesuffix(".py")]
