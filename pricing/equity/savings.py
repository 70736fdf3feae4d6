"""Households' liquid savings, drawn by income group from the Survey of Consumer Finances table
(pricing/defaults/savings.yaml; its header states the method), for the affordability test
"cannot pay the course from savings plus 10% of income" (pricing.equity.affordability).

A household is placed in an SCF income group by its income against the groups' bounds
(pricing.defaults.savings.income_bounds: geometric midpoints of neighbouring groups' median
incomes), not by its percentile in the simulated population: those incomes come from Census and
ACS tables, and a state's own percentiles are not the SCF's national ones, so placing by dollars
keeps a poorer state's households in the poorer groups. Then, with the group's share, it holds a
transaction account; if so its balance is log-normal around the group's median with the table's
spread (marked uncertain, drawn under `uncertainty: K`). Balances are in the SCF's 2022 dollars,
not adjusted.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pricing.defaults import savings as table
from pricing.equity.uncertainty import CENTRAL, ParameterDraw

# The spread's path in the defaults files (the key its parameter draw is made under).
SPREAD = "savings.savings.balance_spread"


def savings_group(income: NDArray[np.float64]) -> NDArray[np.int64]:
    """Each household's SCF income group (0: the lowest fifth), by income against the groups'
    bounds; a household exactly at a bound belongs to the group above it (as
    pricing.defaults.savings.group_for_income)."""
    bounds = np.array(table.income_bounds(), dtype=np.float64)
    return np.searchsorted(bounds, income, side="right").astype(np.int64)


def drawn_spread(draw: ParameterDraw = CENTRAL) -> float:
    """The standard deviation of log(balance) inside a group, as `draw` has it."""
    return draw.value(SPREAD, table.balance_spread())


def draw_savings(
    rng: np.random.Generator, income: NDArray[np.float64], draw: ParameterDraw = CENTRAL
) -> NDArray[np.float64]:
    """Liquid savings (USD) of households with these incomes: 0 without a transaction account,
    else a log-normal balance around the group's median. Two numbers are drawn for every
    household (whether it holds an account, and its balance), so the streams do not depend on
    who holds one."""
    n = income.shape[0]
    groups = table.savings_groups()
    share = np.array([g.share_holding for g in groups], dtype=np.float64)
    median = np.array([g.median_balance for g in groups], dtype=np.float64)
    group = savings_group(income)
    holds = rng.random(n) < share[group]
    balance = median[group] * np.exp(drawn_spread(draw) * rng.standard_normal(n))
    return np.asarray(np.where(holds, balance, 0.0), dtype=np.float64)
