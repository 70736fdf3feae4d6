"""Typed access to households' liquid savings by income group (savings.yaml).

The table is the Survey of Consumer Finances 2022's transaction accounts by percentile of family
income. The method that turns it into one household's savings is written in savings.yaml's
header; this module only hands out the figures, the spread, and the income bounds it derives
for placing a household in a group when its income percentile is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import inf, sqrt
from typing import Any

from pricing.defaults import load, value


@dataclass(frozen=True)
class SavingsGroup:
    """One income group of the SCF table."""

    percentile_low: float  # percentile of family income, inclusive
    percentile_high: float  # exclusive (100 for the top group)
    income_low: float  # USD; derived bounds, see income_bounds()
    income_high: float  # inf for the top group
    median_income: float  # USD, before-tax family income (2021 income, 2022 dollars)
    share_holding: float  # share of families with any transaction account
    median_balance: float  # USD (2022 dollars), median among families holding an account


def _savings() -> dict[str, Any]:
    return dict(load("savings")["savings"])


def _rows() -> list[dict[str, Any]]:
    return [dict(row) for row in _savings()["transaction_accounts"]["groups"]]


def income_bounds() -> tuple[float, ...]:
    """Inner income bounds between the groups: the geometric midpoint of neighbouring groups'
    median incomes (sqrt(m_i x m_i+1)), a stand-in for the SCF's percentile cut-offs."""
    medians = [float(row["median_income"]) for row in _rows()]
    return tuple(sqrt(a * b) for a, b in zip(medians[:-1], medians[1:], strict=True))


def savings_groups() -> tuple[SavingsGroup, ...]:
    """The six SCF income groups, lowest income first."""
    rows = _rows()
    cuts = [0.0, *income_bounds(), inf]
    return tuple(
        SavingsGroup(
            percentile_low=float(row["percentile_low"]),
            percentile_high=float(row["percentile_high"]),
            income_low=cuts[i],
            income_high=cuts[i + 1],
            median_income=float(row["median_income"]),
            share_holding=float(row["share_holding"]),
            median_balance=float(row["median_balance"]),
        )
        for i, row in enumerate(rows)
    )


def group_for_percentile(percentile: float) -> SavingsGroup:
    """The group of a household at this percentile of family income (0-100)."""
    if not 0.0 <= percentile <= 100.0:
        raise ValueError(f"income percentile {percentile} is outside 0-100")
    groups = savings_groups()
    for group in groups:
        if percentile < group.percentile_high:
            return group
    return groups[-1]


def group_for_income(income: float) -> SavingsGroup:
    """The group whose derived income bounds hold this family income (USD per year)."""
    if income < 0:
        raise ValueError(f"income {income} is negative")
    groups = savings_groups()
    for group in groups:
        if income < group.income_high:
            return group
    return groups[-1]


def balance_spread() -> float:
    """Standard deviation of log(balance) among holders inside one income group."""
    return float(value(_savings()["balance_spread"]))


def shed_cash_for_400() -> float:
    """Share of adults who would cover a $400 emergency expense with cash (SHED, comparison)."""
    return float(value(_savings()["shed_cash_for_400"]))


def dollar_year() -> int:
    """The year whose dollars the balances are in."""
    return int(_savings()["transaction_accounts"]["as_of"])
