"""How this person's bills work, in words: Spravato's two bills, Medicare with Medigap, Medicare
Advantage or Part D, Medicaid's quarterly cap and the programmes (docs/method.md rules 8-11).

Each sentence reads the scenario's own terms and the ledger's rules (pricing.ledger.from_scenario:
who a programme helps, the quarterly cap), so the words say what the figures do. Only rules that
change what a claim costs this person are named.
"""

from __future__ import annotations

from pricing.defaults import medicaid, spravato
from pricing.estimate import Estimate
from pricing.ledger import programme_applies, rebate_applies
from pricing.ledger.from_scenario import medicaid_quarter_cap, split_bill
from pricing.report import money as round_money
from pricing.scenario import Scenario


def money(value: float) -> str:
    return round_money(value, exact=True)


def _per_session(estimate: Estimate, component: str) -> float | None:
    """The midpoint price of one claim of `component` (None when the course has none)."""
    rows = estimate.ledger[estimate.ledger["component"] == component]
    return None if rows.empty else float(rows["price"].iloc[0])


def _medical_plan(s: Scenario) -> str:
    """Who a medical claim goes to, in the person's words."""
    ins = s.insurance
    if ins.kind == "medicare":
        advantage = ins.medicare is not None and ins.medicare.supplement == "advantage"
        return "your Medicare Advantage plan" if advantage else "Medicare Part B"
    if ins.kind == "medicaid":
        return "Medicaid"
    return "your plan's medical benefit"


def drug_sentence(estimate: Estimate) -> str | None:
    """The drug's bill: who supplies it and which benefit pays it (None: bundled bill)."""
    s = estimate.scenario
    drug = s.treatment.drug
    if drug is None:
        return None
    price = _per_session(estimate, "drug")
    each = f", {money(price)} a session at midpoint prices" if price is not None else ""
    if drug.benefit == "medical":
        who = f"the clinic buys it and bills {_medical_plan(s)} (buy and bill){each}"
    elif s.insurance.kind == "medicare" and s.insurance.part_d is not None:
        d = s.insurance.part_d
        who = (
            f"a specialty pharmacy supplies it and bills Medicare Part D{each}; you pay the "
            f"Part D deductible ({money(d.deductible)}), then {d.coinsurance:.0%}, until you have "
            f"paid {money(d.out_of_pocket_threshold)} for drugs in the calendar year, then nothing"
        )
    else:
        ph = s.insurance.pharmacy
        terms = (
            f"a {money(ph.copay)} copay" if ph.copay > 0 else f"{ph.coinsurance:.0%} coinsurance"
        )
        who = (
            f"your plan's specialty pharmacy supplies it and bills your pharmacy benefit{each}; "
            f"there you pay {terms} after the deductible"
        )
    if s.insurance.kind == "none":
        who = f"you pay for it yourself{each}"
    return f"The drug: {who}"


def visit_sentence(estimate: Estimate, observation_hours: float) -> str | None:
    """The visit's bill on a split bill (None: bundled bill)."""
    if not split_bill(estimate.scenario):
        return None
    price = _per_session(estimate, "treatment")
    each = f", {money(price)} a session at midpoint prices" if price is not None else ""
    hours = f"{observation_hours:g} hour{'s' if observation_hours != 1 else ''}"
    return (
        f"the visit: the clinic bills its own time, giving the dose and watching you for at least "
        f"{hours}, to {_medical_plan(estimate.scenario)}{each}"
    )


def two_bills(estimate: Estimate, observation_hours: float) -> str | None:
    """'Each session is two bills. The drug: ...; the visit: ...' (None: one bundled bill)."""
    drug = drug_sentence(estimate)
    visit = visit_sentence(estimate, observation_hours)
    if drug is None or visit is None:
        return None
    return f"Each session is two bills. {drug}; {visit}."


def medicare_sentence(scenario: Scenario) -> str | None:
    """What Medigap, Medicare Advantage or Original Medicare alone changes (None: not Medicare)."""
    ins = scenario.insurance
    if ins.kind != "medicare":
        return None
    supplement = ins.medicare.supplement if ins.medicare is not None else "none"
    if supplement == "medigap_g":
        return (
            f"Your Medigap Plan G pays Medicare's {ins.coinsurance:.0%} coinsurance, so you pay "
            f"only the Part B deductible ({money(ins.deductible)} a year)."
        )
    if supplement == "medigap_n":
        copay = ins.medicare.visit_copay if ins.medicare is not None else 0.0
        return (
            f"Your Medigap Plan N pays Medicare's coinsurance except up to {money(copay)} a visit, "
            f"after the Part B deductible ({money(ins.deductible)} a year)."
        )
    if supplement == "advantage":
        cap = (
            f"; you pay at most {money(ins.oop_max)} a year in network"
            if ins.oop_max is not None
            else ""
        )
        return f"Your Medicare Advantage plan sets its own deductible and copays{cap}."
    return (
        f"Original Medicare alone: after the Part B deductible ({money(ins.deductible)}) you pay "
        f"{ins.coinsurance:.0%} of every claim, with no yearly cap. A Medigap policy or a "
        "Medicare Advantage plan would change that a lot."
    )


def medicaid_sentence(scenario: Scenario) -> str | None:
    """Medicaid's copay and its quarterly cap (None: not Medicaid)."""
    ins = scenario.insurance
    if ins.kind != "medicaid":
        return None
    copay = f"a {money(ins.copay)} copay per covered visit" if ins.copay > 0 else "no copay"
    cap = medicaid_quarter_cap(scenario)
    income = scenario.household.income
    if income is None or cap == float("inf"):
        return (
            f"Medicaid charges {copay}. Give your household income and the tool applies "
            "Medicaid's cap on cost sharing (a share of each quarter's income)."
        )
    share = medicaid.cost_sharing_cap()  # the rule's share itself: no division by an income of 0
    return (
        f"Medicaid charges {copay}, and all your Medicaid cost sharing in a calendar quarter is "
        f"at most {share:.0%} of that quarter's income: {money(cap)} a quarter."
    )


def drug_part_sentence(scenario: Scenario) -> str:
    """Rule 9 on a bundled bill: how the drug's part of the share was found."""
    day = scenario.start_date
    drug, visit = spravato.drug_price(day), spravato.visit_price(day)
    part = spravato.drug_share_of_bundle(day)
    return (
        "It does not cover the observation, so on one bundled price per session it pays toward "
        f"the drug's part of your share only: {part:.0%} of it, the drug's part of a session at "
        f"the published prices in force on {day:%-d %B %Y} (the drug's midpoint "
        f"{money((drug['low'] + drug['high']) / 2)} out of that plus the visit's "
        f"{money((visit['low'] + visit['high']) / 2)}), recomputed for each session's date."
    )


def programme_sentences(scenario: Scenario) -> list[str]:
    """The manufacturer programme and the observation rebate, where they apply."""
    out = []
    m = scenario.assistance.manufacturer
    if m is not None and programme_applies(scenario):
        on = "the drug's bill" if split_bill(scenario) else "the drug's part of each session's bill"
        out.append(
            f"The manufacturer's savings programme pays your share of {on} above "
            f"{money(m.patient_pays_per_session)}, up to {money(m.annual_max)} a calendar year."
        )
        if not split_bill(scenario):
            out.append(drug_part_sentence(scenario))
    r = scenario.assistance.observation_rebate
    if r is not None and rebate_applies(scenario):
        out.append(
            "The observation rebate pays back your share of each visit above "
            f"{money(r.patient_pays_per_session)}, up to {money(r.annual_max)} a calendar year "
            "(you pay the clinic first and claim it back)."
        )
    return out


def how_your_bills_work(estimate: Estimate, observation_hours: float) -> list[str]:
    """Every sentence above that applies to this person, in reading order."""
    s = estimate.scenario
    found = [
        two_bills(estimate, observation_hours),
        medicare_sentence(s),
        medicaid_sentence(s),
        *programme_sentences(s),
    ]
    return [f for f in found if f]
