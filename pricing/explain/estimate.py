"""The Estimate page's words: the headline, the course priced, the approve/refuse pair, the
walkthrough of the first claims, chart summaries and the questions worth asking.

Sentences are built from the ledger's own columns (deductible, coinsurance, copay, cap saving,
assistance) and the scenario's terms, so the words can never disagree with the numbers. How the
bills themselves work (two bills, Medicare, Medicaid, programmes) is in explain/bills.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing import course, defaults
from pricing.defaults.clinic import spravato_observation_hours
from pricing.estimate import Estimate
from pricing.explain import bills
from pricing.ledger.from_scenario import split_bill
from pricing.report import money as round_money
from pricing.scenario import Scenario


def money(value: float) -> str:
    """Sentences show cents when a figure has them, so the parts visibly add up."""
    return round_money(value, exact=True)


COMPONENT_WORDS = {
    "intake": ("intake visit", "intake visits"),
    "drug": ("drug bill", "drug bills"),
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


def _which(run: _Run, split: bool) -> str:
    one, many = COMPONENT_WORDS[run.component]
    if split and run.component == "treatment":
        one, many = "visit bill", "visit bills"
    if run.component == "intake":
        return f"The {one} on {_day(run.start)}"
    if run.first == run.last:
        return f"{one.capitalize()} {run.first} ({_day(run.start)})"
    if run.last == run.first + 1:
        return f"{many.capitalize()} {run.first} and {run.last} ({_day(run.start)} and {_day(run.end)})"
    return f"{many.capitalize()} {run.first} to {run.last} ({_day(run.start)} to {_day(run.end)})"


def _on_part_d(claim: dict[str, Any], s: Scenario) -> bool:
    drug = s.treatment.drug
    return (
        claim["component"] == "drug"
        and drug is not None
        and drug.benefit == "pharmacy"
        and s.insurance.kind == "medicare"
        and s.insurance.part_d is not None
    )


def _rate(claim: dict[str, Any], s: Scenario) -> float:
    """The coinsurance rate behind a claim's coinsurance part (rule 8 and 10's drug terms)."""
    ins = s.insurance
    if _on_part_d(claim, s):
        assert ins.part_d is not None
        return ins.part_d.coinsurance
    drug = s.treatment.drug
    if claim["component"] == "drug" and drug is not None and drug.benefit == "pharmacy":
        return ins.pharmacy.coinsurance
    return ins.coinsurance


def _deductible_name(claim: dict[str, Any], s: Scenario) -> str:
    if _on_part_d(claim, s):
        return "your Part D deductible"
    if s.insurance.kind == "medicare":
        return "the Part B deductible"
    return "your deductible"


def _cap_reason(claim: dict[str, Any], s: Scenario) -> str:
    if _on_part_d(claim, s):
        return "you reach Part D's yearly limit on what you pay for drugs"
    if s.insurance.kind == "medicaid":
        return "you reach Medicaid's cap on cost sharing for the quarter"
    return "you reach your out-of-pocket maximum"


def _helper(claim: dict[str, Any], s: Scenario) -> str:
    """Who the claim's assistance comes from (rule 9: programme on the drug, rebate on the visit)."""
    if claim["component"] == "treatment" and split_bill(s):
        return "the observation rebate pays you back"
    return "the manufacturer's savings programme pays"


def _why(claim: dict[str, Any], s: Scenario) -> str:
    """Why the patient pays what they pay on one claim, in words."""
    price, patient = claim["price"], claim["patient"]
    many = bool(claim.get("_many"))
    each = " each" if many else ""
    are = "are" if many else "is"
    coverage = claim["coverage"]
    if price == 0:
        return "cost nothing"
    if coverage == "not_covered":
        discount = s.assistance.sliding_scale_discount
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
    supplement = s.insurance.medicare.supplement if s.insurance.medicare else "none"
    medigap = s.insurance.kind == "medicare" and supplement.startswith("medigap")
    medigap = medigap and not _on_part_d(claim, s)
    parts = []
    if claim["deductible"] > 0:
        parts.append(f"{money(claim['deductible'])} to {_deductible_name(claim, s)}")
    if claim["coinsurance"] > 0:
        parts.append(
            f"{money(claim['coinsurance'])} coinsurance "
            f"({_rate(claim, s):.0%} of what the plan allows after the deductible)"
        )
    if claim["copay"] > 0:
        parts.append(f"a {money(claim['copay'])} copay")
    text = f"{are} billed {money(price)}{each}"
    if _on_part_d(claim, s):
        text += " to Part D"
    if claim["allowed"] < price - 0.005:
        text += f"; your plan allows {money(claim['allowed'])}"
    # The ledger's deductible/coinsurance/copay parts are after the out-of-pocket cap, so the
    # cap is mentioned as the reason the share is smaller, never subtracted a second time.
    capped = claim["cap_saving"] > 0.005
    if parts:
        text += f"; your share is {' plus '.join(parts)}"
        if capped:
            text += (
                f" ({money(claim['cap_saving'])} less than the plan's usual share, because "
                f"{_cap_reason(claim, s)})"
            )
        if medigap:
            text += "; Medigap pays the rest of Medicare's coinsurance"
    elif capped:
        reached = _cap_reason(claim, s).replace("you reach ", "you have reached ")
        text += f"; {reached} and your plan pays all of it"
    elif medigap:
        text += "; Medicare and your Medigap policy pay all of it"
    else:
        text += "; your plan pays all of it"
    if claim["assistance"] > 0.005:
        text += f"; {_helper(claim, s)} {money(claim['assistance'])}"
    text += f", so you pay {money(patient)}{each}"
    return text


def _deductible_intro(s: Scenario) -> str | None:
    """The first sentence for a plan with a deductible and coinsurance, or a cap already met."""
    ins = s.insurance
    if ins.kind == "none" or ins.coverage.treatment != "in_network" or ins.copay != 0:
        return None
    advantage = ins.medicare is not None and ins.medicare.supplement == "advantage"
    if ins.kind == "medicare" and not advantage:
        return None  # the Medicare sentence (explain/bills.py) says how claims are split
    met = ins.met_this_year
    left = max(ins.deductible - met.deductible, 0)
    # As the ledger does: what went to the deductible counts toward the cap too.
    cap_left = None if ins.oop_max is None else max(ins.oop_max - max(met.oop, met.deductible), 0)
    if cap_left == 0:
        return (
            "You have already reached your out-of-pocket maximum for this plan year, so your "
            "plan pays for covered care in full until the plan year ends."
        )
    if left > 0:
        return (
            f"Your first {money(left)} of covered care goes to your deductible; after that you "
            f"pay {ins.coinsurance:.0%} coinsurance"
            + (
                f" until you have paid {money(cap_left)} more in the plan year (your "
                "out-of-pocket maximum)."
                if cap_left is not None
                else " with no yearly cap."
            )
        )
    return None


def walkthrough(estimate: Estimate, limit: int = 8) -> list[str]:
    """Sentences that walk through how the bills work and the first claims of the course, at
    midpoint prices, then the moments the plan's limits change what you pay."""
    s = estimate.scenario
    sentences = bills.how_your_bills_work(estimate, spravato_observation_hours())
    intro = _deductible_intro(s)
    if intro:
        sentences.append(intro)
    split = split_bill(s)
    for run in _runs(estimate.ledger)[:limit]:
        claim = dict(run.claim)
        claim["_many"] = run.last > run.first
        sentences.append(f"{_which(run, split)} {_why(claim, s)}.")
    for event in estimate.events():
        if event["event"] in ("oop_max_reached", "plan_year_reset", "programme_cap_reached"):
            sentences.append(f"{_day(event['date'])}: {event['label']}.")
    return sentences


# Step therapy: commercial plans' Spravato policies typically ask that two antidepressants have
# not helped first (insurance.yaml, coverage note for commercial plans; not a numeric parameter).
STEP_THERAPY_ANTIDEPRESSANTS = 2


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
                f"require that {STEP_THERAPY_ANTIDEPRESSANTS} antidepressants have not helped), "
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
            insurer.append(
                "Do I have a Medigap policy (which letter?) or a Medicare Advantage plan, and is "
                "Spravato on my Part D plan's drug list?"
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
    return f"between {round_money(bounds['low'])} and {round_money(bounds['high'])}"


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


@dataclass(frozen=True)
class Outcome:
    """One side of the approve/refuse pair: a label, the likely figure, its range, what it means."""

    label: str
    likely: str
    spread: str
    meaning: str


def approval_pair(estimate: Estimate) -> tuple[str, Outcome, Outcome] | None:
    """Rule 13: the chance, then what the course costs if the plan approves and if it refuses,
    side by side, never blended (None without a prior-authorisation step)."""
    chance = estimate.approval_chance
    refused = estimate.denied_out_of_pocket()
    if chance is None or refused is None:
        return None
    s = estimate.scenario
    plans = {
        "commercial": "employer and individual plans",
        "medicare": "Medicare Advantage plans",
        "medicaid": "Medicaid programmes",
    }
    who = plans.get(s.insurance.kind, "plans")
    name = defaults.modality_short(s.modality)
    said = (
        f"Your plan must approve {name} first (prior authorisation). About {chance:.0%} of such "
        f"requests to {who} are approved, some only after the clinic asks again. You pay one of "
        "these two amounts, not an average of them."
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
