"""A state's population mix from the state table (pricing.defaults.states, issue 15 item 1).

From the state's row: household income (the ACS bracket shares where the table ships them, else a
log-normal with the state's median and Gini index), the poverty-guideline region (Alaska and
Hawaii have their own), Medicaid expansion, the share of Medicare enrolees in Medicare Advantage,
and the insurance mix of people. Household sizes are the national ones (no state table).

Insurance by poverty band: the national table's shape (who is on Medicaid at which income,
with the coverage gap below 138% of poverty in states without the expansion), fitted to the
state's own insurance mix by iterative proportional fitting: the joint table band x kind is scaled
until its kind totals are the state's shares and its band totals the state's expected band
shares (from its income distribution and the national household sizes). The gap is in the table
before fitting, so the population does not apply it a second time (`non_expansion_medicaid_kept`
is 1 for a state's mix).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from functools import cache

import numpy as np

from pricing import defaults
from pricing.defaults import population as params
from pricing.defaults.states import StateFacts
from pricing.equity.population import (
    KIND_CODE,
    KINDS,
    REGION_STATE,
    PopulationMix,
    band_edges,
    normalised_shares,
)
from pricing.equity.uncertainty import (
    CENTRAL,
    DRAWN_THROUGH,
    STATE_INSURANCE,
    ParameterDraw,
    is_uncertain,
)

BRACKETS = "states.states.income_brackets"
FIT_ROUNDS = 200  # iterative proportional fitting converges to 1e-12 well within this
FIT_TOLERANCE = 1e-12


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


@cache
def _phi_inverse(p: float) -> float:
    """The standard normal quantile, by bisection (no scipy in the engine)."""
    low, high = -10.0, 10.0
    for _ in range(200):
        mid = (low + high) / 2
        if _phi(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def lognormal_sigma(gini: float) -> float:
    """The spread of log income of a log-normal with Gini index `gini`: G = 2 Phi(s / sqrt 2) - 1."""
    if not 0 < gini < 1:
        raise ValueError(f"a Gini index of {gini} is not between 0 and 1")
    return math.sqrt(2.0) * _phi_inverse((1.0 + gini) / 2.0)


def income_cdf(mix: PopulationMix, x: float) -> float:
    """Share of households with income below `x` under the mix's income distribution."""
    if x <= 0:
        return 0.0
    if mix.income_lognormal is not None:
        median, sigma = mix.income_lognormal
        return _phi(math.log(x / median) / sigma)
    shares = normalised_shares((b[2] for b in mix.income_brackets), "income")
    below = 0.0
    for (low, high, _), share in zip(mix.income_brackets, shares, strict=True):
        if x >= high:
            below += share
        elif x > low:
            below += share * (x - low) / (high - low)
    return below


def band_shares(mix: PopulationMix) -> np.ndarray:
    """Expected share of households in each poverty band under the mix (income x size)."""
    sizes = normalised_shares((p for _, p in mix.household_sizes), "sizes")
    state = REGION_STATE[mix.poverty_region]
    edges = band_edges()
    out = np.zeros(len(edges) + 1)
    for (size, _), p in zip(mix.household_sizes, sizes, strict=True):
        line = defaults.poverty_guideline(size, state=state)
        below = [income_cdf(mix, line * edge / 100.0) for edge in edges]
        cuts = [0.0, *below, 1.0]
        out += p * np.diff(cuts)
    return out


def fit_table(
    shape: Sequence[Sequence[float]], band_totals: np.ndarray, kind_totals: np.ndarray
) -> tuple[tuple[float, ...], ...]:
    """Rows of P(kind | band) whose joint table (band_totals x rows) has `kind_totals` as its
    kind totals and `band_totals` as its band totals, starting from `shape`'s pattern."""
    rows = np.array([normalised_shares(r, "insurance") for r in shape])
    joint = rows * band_totals[:, None]
    for _ in range(FIT_ROUNDS):
        col = joint.sum(axis=0)
        joint = joint * np.divide(kind_totals, col, out=np.zeros_like(col), where=col > 0)
        row = joint.sum(axis=1)
        joint = joint * np.divide(band_totals, row, out=np.zeros_like(row), where=row > 0)[:, None]
        if np.abs(joint.sum(axis=0) - kind_totals).max() < FIT_TOLERANCE:
            break
    fitted = joint / np.where(band_totals > 0, band_totals, 1.0)[:, None]
    return tuple(tuple(float(v) for v in r) for r in fitted)


def _with_gap(mix: PopulationMix, expansion: bool) -> list[list[float]]:
    """The national table's rows with the coverage gap applied below the expansion limit in a
    state without the expansion (as pricing.equity.population draws it)."""
    rows = [list(normalised_shares(r, "insurance")) for r in mix.insurance_by_band]
    if expansion:
        return rows
    limit = params.medicaid_expansion_limit()
    medicaid, none = KIND_CODE["medicaid"], KIND_CODE["none"]
    uppers = [*band_edges(), math.inf]
    for row, upper in zip(rows, uppers, strict=True):
        if upper <= limit:
            lost = row[medicaid] * (1.0 - mix.non_expansion_medicaid_kept)
            row[medicaid] -= lost
            row[none] += lost
    return rows


def drawn_facts(facts: StateFacts, draw: ParameterDraw) -> StateFacts:
    """A state's row with its uncertain figures as `draw` has them: the income bracket shares
    and the insurance mix (made of the table's uncertain columns: uncertainty.DRAWN_THROUGH)."""
    if draw.central:
        return facts
    brackets = facts.income_brackets
    if brackets and is_uncertain(BRACKETS):
        shares = draw.shares(
            f"{BRACKETS}#{facts.code}", [f"{b[0]:.0f}" for b in brackets], [b[2] for b in brackets]
        )
        brackets = tuple((low, high, s) for (low, high, _), s in zip(brackets, shares, strict=True))
    insurance = facts.insurance
    if any(is_uncertain(p) for p, key in DRAWN_THROUGH.items() if key == STATE_INSURANCE):
        values = draw.shares(
            f"{STATE_INSURANCE}#{facts.code}", list(KINDS), [insurance[k] for k in KINDS]
        )
        insurance = dict(zip(KINDS, values, strict=True))
    return dataclasses.replace(facts, income_brackets=brackets, insurance=insurance)


def state_mix(
    facts: StateFacts, national: PopulationMix, draw: ParameterDraw = CENTRAL
) -> PopulationMix:
    """The mix one state's households are drawn from (see the module docstring)."""
    facts = drawn_facts(facts, draw)
    income = dataclasses.replace(
        national,
        income_brackets=facts.income_brackets or national.income_brackets,
        income_lognormal=(
            None if facts.income_brackets else (facts.median_income, lognormal_sigma(facts.gini))
        ),
        poverty_region=facts.poverty_region,
    )
    kinds = np.array([facts.insurance[k] for k in KINDS], dtype=np.float64)
    table = fit_table(
        _with_gap(national, facts.medicaid_expansion), band_shares(income), kinds / kinds.sum()
    )
    return dataclasses.replace(
        income,
        insurance_by_band=table,
        non_expansion_share=0.0 if facts.medicaid_expansion else 1.0,
        non_expansion_medicaid_kept=1.0,
        advantage_share=facts.medicare_advantage_share,
        state=facts.code,
    )
