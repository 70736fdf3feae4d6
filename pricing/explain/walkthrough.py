"""The walkthrough: the first claims of a course in words, at midpoint prices (pricing.explain.
estimate re-exports `walkthrough`).

Sentences are built from the ledger's own columns (deductible, coinsurance, copay, cap saving,
assistance) and the scenario's terms, so the words can never disagree with the numbers: claims
settled alike are told once as a run ("Visit bills 2 to 24 ... each").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing.defaults.clinic import spravato_observation_hours
from pricing.estimate import Estimate
from pricing.explain import bills
from pricing.explain.words import COMPONENT_WORDS, money
from pricing.explain.words import day as _day
from pricing.ledger.from_scenario import split_bill
from pricing.scenario import Scenario


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
    if claim["component"] == "treatment":  # a bundled bill: rule 9, the drug's part only
        return "toward the drug's part, the manufacturer's savings programme pays"
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
                _until_cap(cap_left, ins.oop_max)
                if cap_left is not None and ins.oop_max is not None
                else " with no yearly cap."
            )
        )
    return None


def _until_cap(cap_left: float, oop_max: float) -> str:
    """The end of the deductible sentence: 'more' only when part of the maximum is already
    paid (issue 17: "until you have paid $6,000 more" read oddly when nothing was paid yet)."""
    if cap_left >= oop_max:
        return (
            f" until you have paid {money(oop_max)} in the plan year (your out-of-pocket maximum)."
        )
    return (
        f" until you have paid {money(cap_left)} more in the plan year (your out-of-pocket "
        f"maximum is {money(oop_max)})."
    )


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
