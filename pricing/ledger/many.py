"""Many different scenarios settled in one batch (each with its own course, plan years and prices).

Used where many people's totals are wanted at once (pricing.estimate.estimate_many, the bench):
claims are padded to the longest course with zero-price, invalid claims that change nothing, and
each row keeps its own plan terms, including its by-year figures (rule 14) and, on a bundled
Spravato bill, the drug's part of each claim (rule 9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pricing.ledger.from_scenario import claim_lines, claims_for, last_day, terms_for
from pricing.ledger.model import Claims, FloatArray, PlanTerms
from pricing.ledger.settle import settle
from pricing.scenario import Scenario
from pricing.scenario.dated_terms import price_periods


def stack_terms(many: Sequence[PlanTerms]) -> PlanTerms:
    """One PlanTerms whose rows are the given single-scenario terms. A row without a by-year
    figure keeps its own value every year; shorter tables repeat their last year."""
    names = [f for f in PlanTerms.__dataclass_fields__ if f not in ("coverage", "by_year")]
    stacked = {n: np.array([getattr(t, n) for t in many]) for n in names}
    coverage = np.stack([np.asarray(t.coverage) for t in many])
    yearly = {name for t in many for name in t.by_year}
    years = max((table.shape[1] for t in many for table in t.by_year.values()), default=1)
    by_year = {}
    for name in sorted(yearly):
        table = np.empty((len(many), years))
        for i, t in enumerate(many):
            own = np.asarray(t.by_year.get(name, [[float(getattr(t, name))]]))[0]
            table[i, : own.size] = own
            table[i, own.size :] = own[-1]
        by_year[name] = table
    return PlanTerms(coverage=coverage, **stacked, by_year=by_year)


def settle_many(scenarios: Sequence[Scenario], bound: str = "mid") -> dict[str, FloatArray]:
    """Totals (patient, insurer, ...) for many scenarios at one price bound, in one settle call.

    Each scenario keeps its own course: claims are padded to the longest course with zero-price,
    invalid claims that change nothing.
    """
    lines = [claim_lines(s) for s in scenarios]
    periods = [
        price_periods(s, last_day(course)) for s, course in zip(scenarios, lines, strict=True)
    ]
    courses = [
        claims_for(s, course, p)[1] for s, course, p in zip(scenarios, lines, periods, strict=True)
    ]
    width = max(c.n_claims for c in courses)
    batch = len(scenarios)

    def pad(name: str, fill: float | int | bool, dtype: Any) -> np.ndarray:
        out = np.full((batch, width), fill, dtype=dtype)
        for i, c in enumerate(courses):
            own = getattr(c, name)
            if own is None:  # an optional column this course does not have: the fill
                continue
            row = own[0]
            out[i, : row.size] = row
            if row.size < width and name in ("plan_year", "calendar_year", "quarter"):
                out[i, row.size :] = row[-1]  # padding must not look like a new year
        return out

    prices = np.zeros((batch, width))
    for i, (p, c) in enumerate(zip(periods, courses, strict=True)):
        table = np.array([[r.at(bound) for r in ranges] for ranges in p.ranges])  # (P, 4)
        period = c.price_period[0] if c.price_period is not None else 0
        prices[i, : c.n_claims] = table[period, c.component[0]]
    claims = Claims(
        price=prices,
        component=pad("component", 0, np.int64),
        plan_year=pad("plan_year", 0, np.int64),
        calendar_year=pad("calendar_year", 0, np.int64),
        valid=pad("valid", False, bool),
        # Rule 11: Medicaid's quarterly cap needs each claim's quarter (issue 20: without it
        # a Medicaid course here ignored the cap, 172 against the estimate's 98).
        quarter=pad("quarter", 0, np.int64),
    )
    if any(c.programme_part is not None for c in courses):  # rule 9: bundled drug parts
        claims.programme_part = pad("programme_part", 1.0, np.float64)
    terms = [terms_for(s, lines=course) for s, course in zip(scenarios, lines, strict=True)]
    result = settle(claims, stack_terms(terms), batch=batch)
    return result.totals
