"""Medicare first: Medicare's own payment for every Medicare household, and employer retiree
cover paying after Medicare (issue 15 item 2).

Medicare Advantage plans are paid by Medicare, so their whole payment is Medicare's. On
Traditional Medicare, Part B pays first whatever the household's other cover (docs/method.md rule
10), so each such household is also settled as Original Medicare alone (Part B's deductible, then
its coinsurance, no cap, no supplement, no programme): that settlement's insurer total is
Medicare's payment, and the rest of the household's insurer total is its supplement's (Medigap,
employer retiree cover, or Medicaid for dual eligibles).

Employer retiree cover is secondary: it pays what Medicare leaves, under its own terms. Each claim
Medicare left to the patient (its deductible and coinsurance part; the whole price of a claim
Medicare does not cover) becomes a claim to the retiree plan for that amount, settled by the
ledger with the plan's deductible, coinsurance and out-of-pocket maximum (rule 3), in network
where Medicare covered the claim and not covered where it did not. A sliding-scale discount was
given once, on Medicare's pass.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import numpy as np

from pricing import defaults
from pricing.equity.medicare import COVER_CODE
from pricing.ledger import Claims, PlanTerms, settle
from pricing.ledger.model import IN_NETWORK, NO_SUPPLEMENT, NOT_COVERED

IntArray = np.ndarray
ADVANTAGE = COVER_CODE["advantage"]
EMPLOYER = COVER_CODE["employer"]


@cache
def part_b() -> tuple[float, float]:
    """(deductible, coinsurance) of Original Medicare alone (insurance.yaml original_medicare)."""
    plan = defaults.plan_terms("original_medicare")
    return float(plan["deductible"]), float(plan["coinsurance"])


def rows_of(terms: PlanTerms, index: IntArray, batch: int) -> PlanTerms:
    """The plan terms of the batch rows at `index` (scalars stay scalars)."""
    picked: dict[str, Any] = {}
    for f in dataclasses.fields(terms):
        value = getattr(terms, f.name)
        array = np.asarray(value)
        if array.ndim >= 1 and array.shape[0] == batch:
            picked[f.name] = array[index]
        else:
            picked[f.name] = value
    return PlanTerms(**picked)


def claims_of(claims: Claims, index: IntArray, batch: int) -> Claims:
    """The claims of the batch rows at `index` (shared (1, K) arrays stay shared)."""
    picked: dict[str, Any] = {}
    for f in dataclasses.fields(claims):
        value = getattr(claims, f.name)
        if isinstance(value, np.ndarray) and value.ndim >= 1 and value.shape[0] == batch > 1:
            picked[f.name] = value[index]
        else:
            picked[f.name] = value
    return Claims(**picked)


def medicare_alone(terms: PlanTerms) -> PlanTerms:
    """The same claims' terms as Original Medicare alone would settle them."""
    deductible, coinsurance = part_b()
    return dataclasses.replace(
        terms,
        deductible=deductible,
        coinsurance=coinsurance,
        copay=0.0,
        oop_max=np.inf,
        supplement=NO_SUPPLEMENT,
        visit_copay=0.0,
        quarter_cap=np.inf,
        programme_max=0.0,
        rebate_max=0.0,
        met_deductible=0.0,
        met_oop=0.0,
    )


def settle_medicare(chunk: Any, claims: Claims, terms: PlanTerms, part: IntArray, out: Any) -> None:
    """Medicare's own payment for the Medicare households of `chunk` (rows `part` of `out`),
    and the employer retiree households' settlement with their cover paying second.

    `chunk` is a Population of Medicare households, `terms` their plan terms as settled,
    `out` the Costs being filled (pricing.equity.costs)."""
    cover = chunk.medicare_cover
    advantage = cover == ADVANTAGE
    out.medicare[part[advantage]] = out.insurer[part[advantage]]
    traditional = np.flatnonzero(~advantage)
    if traditional.size == 0:
        return
    batch = chunk.n
    alone = medicare_alone(rows_of(terms, traditional, batch))
    employer = cover[traditional] == EMPLOYER
    mine = claims_of(claims, traditional, batch)
    first = settle(
        mine,
        alone,
        batch=traditional.size,
        keep_claims=("patient",) if employer.any() else False,
        totals_of=("insurer",),
        by_component=False,
    )
    out.medicare[part[traditional]] = first.totals["insurer"]
    if not employer.any():
        return
    # The retiree plan's claims: what Medicare left on each claim, with Medicare's coverage.
    which = traditional[employer]
    left = first.per_claim["patient"][employer]
    own = rows_of(terms, which, batch)
    coverage = np.asarray(alone.coverage)
    if coverage.ndim == 2:
        coverage = coverage[employer]
    covered = np.where(coverage == IN_NETWORK, IN_NETWORK, NOT_COVERED)
    second_terms = dataclasses.replace(
        own,
        coverage=covered,
        copay=0.0,
        allowed_share=1.0,
        discount=0.0,
        supplement=NO_SUPPLEMENT,
        visit_copay=0.0,
        quarter_cap=np.inf,
        rebate_max=0.0,
    )
    shared = claims_of(mine, np.flatnonzero(employer), traditional.size)
    second_claims = dataclasses.replace(shared, price=left, component_price=None)
    second = settle(
        second_claims,
        second_terms,
        batch=which.size,
        totals_of=("patient", "assistance", "insurer"),
        by_component=False,
    ).totals
    rows = part[which]
    out.patient[rows] = second["patient"]
    out.assistance[rows] = second["assistance"]
    out.insurer[rows] = first.totals["insurer"][employer] + second["insurer"]
