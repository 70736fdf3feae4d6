"""Affordability: who is priced out of a course, by the WHO / World Bank definitions.

A household is priced out when its out-of-pocket cost is above a share of its income (SDG 3.8.2:
10% or 25%) or above 40% of its capacity to pay, where capacity to pay is income minus the HHS
poverty guideline for the household size (a US stand-in for WHO Europe's "consumption minus a
standard amount for food, housing and utilities"), never below zero; or, with its savings
(issue 16), when the course cannot be paid from its liquid savings plus 10% of its income
(pricing.equity.savings draws the savings). The savings test is never stricter than the income
test of the same share. A test's rule is its name's first word (income_10: income). The shares
and which test is the default live in population.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from pricing.defaults import population as params
from pricing.equity.population import KINDS, BoolArray, FloatArray, Population, band_labels
from pricing.scenario import ScenarioError

RULES = ("income", "capacity", "savings")
# What the share is of (the savings test adds the household's savings to its share of income).
RULE_BASES = {"income": "income", "capacity": "capacity to pay", "savings": "income"}
PERCENTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class Threshold:
    """An affordability test: out-of-pocket above `share` of income (or of capacity to pay)."""

    name: str
    rule: str  # income | capacity
    share: float

    @property
    def base(self) -> str:
        """What the share is taken of, in words: "income" or "capacity to pay"."""
        return RULE_BASES[self.rule]

    @property
    def label(self) -> str:
        """The test in a few words: "10% of income", "savings plus 10% of income"."""
        share = f"{self.share:.0%} of {self.base}"
        return f"savings plus {share}" if self.rule == "savings" else share


def rule_of(name: str) -> str:
    """A test's rule from its name's first word (income_10: income); ValueError if unknown."""
    rule = name.split("_", 1)[0]
    if rule not in RULES:
        raise ValueError(f"affordability test '{name}' names no rule ({', '.join(RULES)})")
    return rule


@cache
def thresholds() -> dict[str, Threshold]:
    """The WHO / World Bank definitions and the savings test, by name (the default:
    default_threshold())."""
    return {
        name: Threshold(name, rule_of(name), share)
        for name, share in params.affordability_shares().items()
    }


def default_threshold() -> Threshold:
    """The affordability test used unless one is chosen (population.yaml default_threshold)."""
    return thresholds()[params.default_threshold()]


def threshold_of(threshold: Threshold | str | None) -> Threshold:
    """A Threshold from itself, its name, or None (the default)."""
    if threshold is None:
        return default_threshold()
    return thresholds()[threshold] if isinstance(threshold, str) else threshold


# The default test's name, for callers that select by name (the clinic tool and page).
DEFAULT_THRESHOLD = params.default_threshold()


def capacity_to_pay(income: FloatArray, subsistence: FloatArray) -> FloatArray:
    """Income above the subsistence line (the poverty guideline), never below zero."""
    return np.maximum(income - subsistence, 0.0)


def affordable(
    oop: FloatArray,
    income: FloatArray,
    threshold: float | None = None,
    rule: str = "income",
    subsistence: FloatArray | None = None,
    savings: FloatArray | None = None,
) -> BoolArray:
    """True where out-of-pocket is at most `threshold` of income (or of capacity to pay), or,
    under the savings rule, at most the household's savings plus `threshold` of income;
    `threshold` None means the default test's share.

    A household paying nothing can always afford the course, whatever its income.
    """
    if rule not in RULES:
        raise ScenarioError("equity.threshold", f"rule '{rule}' is not one of {', '.join(RULES)}")
    share = default_threshold().share if threshold is None else threshold
    if rule == "capacity":
        if subsistence is None:
            raise ValueError("the capacity rule needs each household's subsistence line")
        return np.asarray(oop <= share * capacity_to_pay(income, subsistence))
    if rule == "savings":
        if savings is None:
            raise ValueError("the savings rule needs each household's savings")
        return np.asarray(oop <= savings + share * income)
    return np.asarray(oop <= share * income)


def affordable_for(population: Population, oop: FloatArray, threshold: Threshold) -> BoolArray:
    return affordable(
        oop,
        population.income,
        threshold.share,
        threshold.rule,
        population.subsistence,
        population.savings,
    )


def cost_share(population: Population, oop: FloatArray, rule: str = "income") -> FloatArray:
    """Out-of-pocket as a share of income (or of capacity to pay, under the capacity rule; the
    savings rule's share is of income, its savings beside it); inf where the base is 0."""
    base = (
        capacity_to_pay(population.income, population.subsistence)
        if rule == "capacity"
        else population.income
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(oop > 0, oop / base, 0.0)


def _share_by_band(population: Population, flag: BoolArray) -> dict[str, float]:
    counts = np.bincount(population.band, minlength=len(band_labels()))
    hits = np.bincount(
        population.band, weights=flag.astype(np.float64), minlength=len(band_labels())
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = hits / counts
    out = {band: float(s) for band, s in zip(band_labels(), shares, strict=True)}
    out["all"] = float(flag.mean()) if flag.size else float("nan")
    return out


def priced_out_table(
    population: Population,
    oop_by_treatment: Mapping[str, FloatArray],
    threshold: float | None = None,
    rule: str = "income",
) -> dict[str, dict[str, float]]:
    """{treatment: {band: share priced out, ..., "all": share}}; NaN for an empty band.
    `threshold` None means the default test's share."""
    return {
        treatment: _share_by_band(
            population,
            ~affordable(
                oop,
                population.income,
                threshold,
                rule,
                population.subsistence,
                population.savings,
            ),
        )
        for treatment, oop in oop_by_treatment.items()
    }


def median_share_table(
    population: Population, oop_by_treatment: Mapping[str, FloatArray], rule: str = "income"
) -> dict[str, dict[str, float]]:
    """{treatment: {band: median out-of-pocket share of income}} (the heatmap's data)."""
    out: dict[str, dict[str, float]] = {}
    for treatment, oop in oop_by_treatment.items():
        share = cost_share(population, oop, rule)
        out[treatment] = {
            band: float(np.median(share[population.band == i]))
            if np.any(population.band == i)
            else float("nan")
            for i, band in enumerate(band_labels())
        }
    return out


def share_distribution(
    population: Population, oop: FloatArray, rule: str = "income"
) -> dict[str, dict[str, float]]:
    """{kind: {"p10": ..., "p90": ..., "n": count}} of out-of-pocket as a share of income."""
    share = cost_share(population, oop, rule)
    out: dict[str, dict[str, float]] = {}
    for code, kind in enumerate(KINDS):
        rows = share[population.kind == code]
        if rows.size == 0:
            continue
        values = np.percentile(rows, PERCENTILES)
        out[kind] = {f"p{p}": float(v) for p, v in zip(PERCENTILES, values, strict=True)}
        out[kind]["n"] = float(rows.size)
    return out
