"""From a scenario to the claims and plan terms the ledger settles.

A visit is one trip to the clinic (pricing.course); a claim is one bill. They differ only for
Spravato with two bills (docs/method.md rule 8): each session is a drug claim and a visit claim
on the same date, settled drug first. Who a programme helps is decided here and nowhere else.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pricing import defaults
from pricing.course import COMPONENT_ORDER, COMPONENTS, COVERED_AS, Visit, visits
from pricing.defaults import medicaid, spravato
from pricing.ledger.model import (
    COVERAGE_CODES,
    DRUG,
    SUPPLEMENT_CODES,
    TREATMENT,
    Claims,
    FloatArray,
    PlanTerms,
)
from pricing.scenario import Scenario
from pricing.scenario.dated_terms import PricePeriods, price_periods, year_figures

MEDICAID_CAP_QUARTERS_PER_YEAR = 4


def plan_year_index(day: dt.date, start_month: int) -> int:
    """Plan years counted so that day 1 of `start_month` begins a new one (rule 1)."""
    return (day.year * 12 + day.month - start_month) // 12


def quarter_index(day: dt.date) -> int:
    """Calendar quarters counted from year 0 (Medicaid's cap, rule 11)."""
    return day.year * 4 + (day.month - 1) // 3


def split_bill(scenario: Scenario) -> bool:
    """Rule 8: a Spravato session is two claims (drug + visit) when the file has `treatment.drug`."""
    return scenario.treatment.drug is not None


def claim_lines(scenario: Scenario) -> list[Visit]:
    """Every claim of the course in settlement order: the visits, with a drug claim before each
    treatment visit when the bill is split."""
    course = visits(scenario.treatment.phases, scenario.start_date, scenario.therapy.sessions)
    if not split_bill(scenario):
        return course
    lines: list[Visit] = []
    for v in course:
        if v.component == "treatment":
            lines.append(Visit(v.date, "drug", v.phase))
        lines.append(v)
    return lines


def last_day(lines: list[Visit]) -> dt.date:
    """The course's last claim date (the dated figures are looked up up to it, rule 14)."""
    return max(v.date for v in lines)


def claims_for(
    scenario: Scenario, lines: list[Visit] | None = None, periods: PricePeriods | None = None
) -> tuple[list[Visit], Claims]:
    """The scenario's claims as shared (1, K) arrays, prices left at zero (set per bound), with
    each claim's price period when a default price changes during the course (rule 14)."""
    lines = claim_lines(scenario) if lines is None else lines
    if periods is None:
        periods = price_periods(scenario, last_day(lines))
    start_month = scenario.insurance.plan_year_start_month
    k = len(lines)
    claims = Claims(
        price=np.zeros((1, k)),
        component=np.array([[COMPONENT_ORDER[v.component] for v in lines]], dtype=np.int64),
        plan_year=np.array([[plan_year_index(v.date, start_month) for v in lines]], dtype=np.int64),
        calendar_year=np.array([[v.date.year for v in lines]], dtype=np.int64),
        valid=np.ones((1, k), dtype=bool),
        quarter=np.array([[quarter_index(v.date) for v in lines]], dtype=np.int64),
    )
    if len(periods.starts) > 1:
        period = [periods.period_of(v.date) for v in lines]
        claims.price_period = np.array([period], dtype=np.int64)
    if bundled_drug(scenario):
        claims.programme_part = np.array([drug_parts(lines)])
    return lines, claims


def bundled_drug(scenario: Scenario) -> bool:
    """Rule 9: a Spravato session billed as one bundled claim, drug included."""
    return scenario.modality == "spravato" and not split_bill(scenario)


def drug_parts(lines: list[Visit]) -> list[float]:
    """Rule 9 on a bundled bill: for each treatment claim the drug's part of the session, from
    the default prices in force on its date (pricing.defaults.spravato.drug_share_of_bundle); 1
    elsewhere (the programme helps only treatment claims of a bundled bill)."""
    parts: dict[dt.date, float] = {}
    found = []
    for v in lines:
        if v.component != "treatment":
            found.append(1.0)
            continue
        if v.date not in parts:
            parts[v.date] = spravato.drug_share_of_bundle(v.date)
        found.append(parts[v.date])
    return found


def programme_applies(scenario: Scenario) -> bool:
    """Rules 5 and 9: the manufacturer programme helps only the insurance kinds its terms name
    (pricing/defaults/assistance.yaml: commercial only), for its own treatment."""
    return scenario.assistance.manufacturer is not None and (
        scenario.insurance.kind in defaults.programme_eligible_kinds(scenario.modality)
    )


def rebate_applies(scenario: Scenario) -> bool:
    """Rule 9: the observation rebate helps commercially insured patients on a split Spravato
    bill, except residents of the states its terms exclude."""
    rebate = spravato.observation_rebate()
    return (
        scenario.assistance.observation_rebate is not None
        and split_bill(scenario)
        and scenario.insurance.kind in rebate["eligible_kinds"]
        and scenario.state not in rebate["excluded_states"]
    )


def coverage_codes(scenario: Scenario, refused: bool = False) -> np.ndarray:
    """Coverage code per component; the drug claim has the treatment's coverage (rule 8).
    `refused`: prior authorisation refused, so the treatment and drug are not covered (rule 13)."""
    cov = scenario.insurance.coverage
    kinds = {c: getattr(cov, COVERED_AS[c]) for c in COMPONENTS}
    if refused:
        kinds = {c: "not_covered" if COVERED_AS[c] == "treatment" else k for c, k in kinds.items()}
    return np.array([COVERAGE_CODES[kinds[c]] for c in COMPONENTS], dtype=np.int64)


def quarter_cap_of_income(income: FloatArray | float) -> FloatArray | float:
    """Rule 11, the one place it is written: all Medicaid cost sharing in a calendar quarter is
    at most 5% of the quarter's income (for one household or a whole population)."""
    return income / MEDICAID_CAP_QUARTERS_PER_YEAR * medicaid.cost_sharing_cap()


def medicaid_quarter_cap(scenario: Scenario) -> float:
    """Rule 11 for one scenario: no cap unless it is Medicaid with the income known."""
    income = scenario.household.income
    if scenario.insurance.kind != "medicaid" or income is None:
        return np.inf
    return float(quarter_cap_of_income(income))


# Rule 14: a scenario's plan-year figure (pricing.scenario.dated_terms, by insurance path) ->
# the PlanTerms field it sets.
YEARLY_FIELDS = {
    "deductible": "deductible",
    "coinsurance": "coinsurance",
    "copay": "copay",
    "oop_max": "oop_max",
    "part_d.deductible": "part_d_deductible",
    "part_d.coinsurance": "part_d_coinsurance",
    "part_d.out_of_pocket_threshold": "part_d_threshold",
    "medicare.visit_copay": "visit_copay",
}


def by_year(scenario: Scenario, lines: list[Visit]) -> dict[str, FloatArray]:
    """Rule 14: PlanTerms.by_year, the plan-year figures that follow the defaults' dates and
    change during the course, one column per plan year (None, no cap, as infinity)."""
    tables = {}
    for figure in year_figures(scenario, last_day(lines)):
        values = [np.inf if v is None else float(v) for v in figure.values]
        tables[YEARLY_FIELDS[figure.field]] = np.array([values])
    return tables


def terms_for(
    scenario: Scenario, refused: bool = False, lines: list[Visit] | None = None
) -> PlanTerms:
    """The scenario's plan terms as a batch of one (broadcast to any batch size), with the
    plan-year figures of every plan year of its course (`lines`, default its claims)."""
    ins = scenario.insurance
    oon = ins.out_of_network
    manufacturer = scenario.assistance.manufacturer if programme_applies(scenario) else None
    rebate = scenario.assistance.observation_rebate if rebate_applies(scenario) else None
    drug = scenario.treatment.drug
    pharmacy = drug is not None and drug.benefit == "pharmacy"
    medicare = ins.medicare if ins.kind == "medicare" else None
    supplement = medicare.supplement if medicare is not None else "none"
    part_d = ins.part_d if ins.kind == "medicare" and pharmacy else None
    return PlanTerms(
        coverage=coverage_codes(scenario, refused),
        deductible=ins.deductible,
        coinsurance=ins.coinsurance,
        copay=ins.copay,
        oop_max=np.inf if ins.oop_max is None else ins.oop_max,
        met_deductible=ins.met_this_year.deductible,
        # What went to the deductible also counts toward the out-of-pocket maximum, so the OOP
        # already paid is at least the deductible already met (people often give only one).
        met_oop=max(ins.met_this_year.oop, ins.met_this_year.deductible),
        allowed_share=ins.allowed_share,
        oon_deductible=oon.deductible,
        oon_coinsurance=oon.coinsurance,
        oon_allowed_share=oon.allowed_share,
        oon_oop_max=np.inf if oon.oop_max is None else oon.oop_max,
        discount=scenario.assistance.sliding_scale_discount,
        programme_floor=manufacturer.patient_pays_per_session if manufacturer else 0.0,
        programme_max=manufacturer.annual_max if manufacturer else 0.0,
        programme_component=DRUG if split_bill(scenario) else TREATMENT,
        counts_toward_deductible=scenario.assistance.counts_toward_deductible,
        rebate_floor=rebate.patient_pays_per_session if rebate else 0.0,
        rebate_max=rebate.annual_max if rebate else 0.0,
        pharmacy=pharmacy,
        rx_coinsurance=ins.pharmacy.coinsurance,
        rx_copay=ins.pharmacy.copay,
        supplement=SUPPLEMENT_CODES.get(supplement, 0),
        visit_copay=medicare.visit_copay if medicare is not None else 0.0,
        part_d=part_d is not None,
        part_d_deductible=part_d.deductible if part_d else 0.0,
        part_d_coinsurance=part_d.coinsurance if part_d else 0.0,
        part_d_threshold=part_d.out_of_pocket_threshold if part_d else np.inf,
        quarter_cap=medicaid_quarter_cap(scenario),
        by_year=by_year(scenario, claim_lines(scenario) if lines is None else lines),
    )
