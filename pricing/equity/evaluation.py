"""Baseline against reforms over the same households, and the run settings of a scenario file.

evaluate() settles the baseline and each reform for every treatment over one population, so the
difference between them is the reform and not sampling noise. newly_affordable() counts who a
reform brings within reach and what it costs insurers and manufacturer assistance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pricing.defaults import population as params
from pricing.equity.affordability import (
    Threshold,
    affordable_for,
    priced_out_table,
    threshold_of,
    thresholds,
)
from pricing.equity.costs import Costs, out_of_pocket, settle_population
from pricing.equity.population import (
    KINDS,
    TREATMENTS,
    Population,
    PopulationMix,
    band_labels,
    check_households,
)
from pricing.equity.reforms import Reforms, active_levers, reforms_from_section


@dataclass
class ReformOutcome:
    """One reform (a set of levers) against the baseline, per treatment."""

    name: str
    reforms: Reforms
    costs: dict[str, Costs]
    priced_out: dict[str, dict[str, float]]
    newly_affordable: dict[str, dict[str, Any]]  # treatment -> {"count", "by_band", "by_kind", ...}


@dataclass
class EquityReport:
    population: Population
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    baseline: dict[str, Costs]
    priced_out: dict[str, dict[str, float]]
    reforms: dict[str, ReformOutcome]

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (unrounded)."""
        return {
            "households": self.population.n,
            "course": self.course,
            # The share (0.10 = 10%), and beside it which quantity it is a share of.
            "threshold": self.threshold.share,
            "threshold_rule": {
                "name": self.threshold.name,
                "rule": self.threshold.rule,
                "label": self.threshold.label,
            },
            "bands": list(band_labels()),
            "kinds": list(KINDS),
            "treatments": list(self.treatments),
            "median_out_of_pocket": {
                t: float(np.median(c.patient)) for t, c in self.baseline.items()
            },
            "priced_out": self.priced_out,
            "reforms": {
                name: {
                    "levers": active_levers(r.reforms),
                    "priced_out": r.priced_out,
                    "newly_affordable": r.newly_affordable,
                }
                for name, r in self.reforms.items()
            },
        }


def newly_affordable(
    population: Population,
    baseline: Costs,
    reformed: Costs,
    threshold: Threshold,
) -> dict[str, Any]:
    """Households newly able to afford the course, by band and kind, and what it costs insurers
    and manufacturer assistance (if every household took the course)."""
    before = affordable_for(population, baseline.patient, threshold)
    after = affordable_for(population, reformed.patient, threshold)
    newly = after & ~before
    lost = before & ~after
    extra_insurer = float(reformed.insurer.sum() - baseline.insurer.sum())
    extra_assistance = float(reformed.assistance.sum() - baseline.assistance.sum())
    count = int(newly.sum())
    by_kind_count = np.bincount(population.kind[newly], minlength=len(KINDS))
    kind_totals = np.bincount(population.kind, minlength=len(KINDS))
    by_band_count = np.bincount(population.band[newly], minlength=len(band_labels()))
    band_totals = np.bincount(population.band, minlength=len(band_labels()))
    with np.errstate(divide="ignore", invalid="ignore"):
        kind_share = by_kind_count / kind_totals
        band_share = by_band_count / band_totals
    return {
        "count": count,
        "share": count / population.n if population.n else float("nan"),
        "no_longer_affordable": int(lost.sum()),
        "by_band": {
            b: {"count": int(c), "share": float(s)}
            for b, c, s in zip(band_labels(), by_band_count, band_share, strict=True)
        },
        "by_kind": {
            k: {"count": int(c), "share": float(s)}
            for k, c, s in zip(KINDS, by_kind_count, kind_share, strict=True)
        },
        "extra_insurer_spending": extra_insurer,
        "extra_assistance_spending": extra_assistance,
        "extra_insurer_per_newly_reached": extra_insurer / count if count else float("nan"),
    }


def evaluate(
    population: Population,
    treatments: Sequence[str] = TREATMENTS,
    course: str = "first_year",
    threshold: Threshold | str | None = None,
    reforms: Mapping[str, Reforms] | None = None,
    price_per_session: Mapping[str, float] | None = None,
) -> EquityReport:
    """Settle the baseline and every reform for every treatment over the same households."""
    chosen = threshold_of(threshold)
    prices = price_per_session or {}
    baseline = {t: settle_population(population, t, course, prices.get(t)) for t in treatments}

    def table(costs: Mapping[str, Costs]) -> dict[str, dict[str, float]]:
        return priced_out_table(
            population, {t: c.patient for t, c in costs.items()}, chosen.share, chosen.rule
        )

    outcomes = {}
    for name, reform in (reforms or {}).items():
        costs = {
            t: settle_population(population, t, course, prices.get(t), reforms=reform)
            for t in treatments
        }
        outcomes[name] = ReformOutcome(
            name=name,
            reforms=reform,
            costs=costs,
            priced_out=table(costs),
            newly_affordable={
                t: newly_affordable(population, baseline[t], costs[t], chosen) for t in treatments
            },
        )
    return EquityReport(
        population=population,
        course=course,
        threshold=chosen,
        treatments=tuple(treatments),
        baseline=baseline,
        priced_out=table(baseline),
        reforms=outcomes,
    )


def price_sweep(
    population: Population,
    modality: str,
    prices: Sequence[float],
    course: str = "first_year",
    threshold: Threshold | str | None = None,
    reforms: Reforms | None = None,
) -> dict[str, list[float]]:
    """Share priced out by insurance kind (and "all") at each per-session price."""
    chosen = threshold_of(threshold)
    out: dict[str, list[float]] = {kind: [] for kind in KINDS}
    out["all"] = []
    for price in prices:
        oop = out_of_pocket(population, modality, course, price_per_session=price, reforms=reforms)
        priced = ~affordable_for(population, oop, chosen)
        for code, kind in enumerate(KINDS):
            rows = population.kind == code
            out[kind].append(float(priced[rows].mean()) if rows.any() else float("nan"))
        out["all"].append(float(priced.mean()))
    return out


# ---------------------------------------------------------------------------------------------
# Scenario file `equity:` section -> run settings.


@dataclass
class EquityRun:
    households: int
    seed: int
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    mix: PopulationMix
    reforms: dict[str, Reforms]


def run_settings(section: Any | None, households_override: int | None = None) -> EquityRun:
    """Settings from a validated EquitySection (or None: every default)."""
    mix = PopulationMix.default()
    households_n = params.default_households()
    seed = params.default_seed()
    course = "first_year"
    threshold = threshold_of(None)
    treatments: tuple[str, ...] = TREATMENTS
    reforms: dict[str, Reforms] = {}
    if section is not None:
        households_n = section.households if section.households is not None else households_n
        seed = section.seed if section.seed is not None else seed
        course = section.course
        threshold = thresholds()[section.threshold]
        if section.treatments:
            treatments = tuple(section.treatments)
        if section.mix is not None:
            m = section.mix
            mix = mix.with_changes(
                insurance_by_band=m.insurance_by_band,
                income_shares=m.income_shares,
                household_sizes=m.household_sizes,
                non_expansion_share=m.non_expansion_share,
            )
        reforms = reforms_from_section(section.reforms)
    if households_override is not None:
        households_n = households_override
    check_households(households_n, "--households")
    return EquityRun(households_n, seed, course, threshold, treatments, mix, reforms)
