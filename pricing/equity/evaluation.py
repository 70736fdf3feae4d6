"""Baseline against reforms over the same households, and the run settings of a scenario file.

evaluate() settles the baseline and each reform for every treatment over one population (each
sample household standing for one person), so the difference between them is the reform and not
sampling noise; its figures are pricing.equity.summary's, the same arithmetic the chunked runner
(pricing.equity.runner) applies to the real population. newly_affordable() counts who one reform
brings within reach and what it costs insurers and the manufacturer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pricing.defaults import population as params
from pricing.equity.affordability import Threshold, affordable_for, threshold_of, thresholds
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
from pricing.equity.summary import Layout, summarise
from pricing.equity.summary import newly_affordable as newly_figures
from pricing.equity.tally import count_chunk, merge
from pricing.scenario import ScenarioError


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
    figures: dict[str, Any] = field(default_factory=dict)  # pricing.equity.summary.summarise

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (unrounded), for one sample population."""
        out = {
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
        }
        out.update(self.figures)
        return out


def _tally(
    population: Population,
    threshold: Threshold,
    costs: Sequence[Sequence[Costs]],
) -> Any:
    """Counts of one sample population, each household standing for one person; Medicaid split
    at the national federal share (the population has no state)."""
    from pricing.defaults.states import national_medicaid_federal_share

    share = national_medicaid_federal_share()
    return merge([count_chunk("", 0, 1.0, population, threshold, costs, share)])


def newly_affordable(
    population: Population,
    baseline: Costs,
    reformed: Costs,
    threshold: Threshold,
) -> dict[str, Any]:
    """Households newly able to afford the course, by band and kind, and what it costs insurers
    and the manufacturer a year (each household one person; spending counted for those who take
    the course, i.e. can afford it: pricing.equity.tally)."""
    totals = _tally(population, threshold, [[baseline], [reformed]])
    return newly_figures(totals, 1, 0)


def evaluate(
    population: Population,
    treatments: Sequence[str] = TREATMENTS,
    course: str = "first_year",
    threshold: Threshold | str | None = None,
    reforms: Mapping[str, Reforms] | None = None,
    price_per_session: Mapping[str, float] | None = None,
) -> EquityReport:
    """Settle the baseline and every reform (alone, then stacked in order) for every treatment
    over the same households."""
    chosen = threshold_of(threshold)
    prices = price_per_session or {}
    named = dict(reforms or {})
    layout = Layout(tuple(treatments), tuple(named))
    scenarios = [Reforms(), *named.values()]
    stacked = list(named.values())
    for i in range(1, len(stacked)):
        combined = stacked[0]
        for reform in stacked[1 : i + 1]:
            combined = combined.combine(reform)
        scenarios.append(combined)
    costs = [
        [settle_population(population, t, course, prices.get(t), reforms=r) for t in treatments]
        for r in scenarios
    ]
    totals = _tally(population, chosen, costs)
    levers = {name: active_levers(r) for name, r in named.items()}
    figures = summarise(totals, layout, levers)
    outcomes = {
        name: ReformOutcome(
            name=name,
            reforms=reform,
            costs=dict(zip(treatments, costs[layout.alone(r)], strict=True)),
            priced_out=figures["reforms"][name]["priced_out"],
            newly_affordable=figures["reforms"][name]["newly_affordable"],
        )
        for r, (name, reform) in enumerate(named.items())
    }
    return EquityReport(
        population=population,
        course=course,
        threshold=chosen,
        treatments=tuple(treatments),
        baseline=dict(zip(treatments, costs[0], strict=True)),
        priced_out=figures["priced_out"],
        reforms=outcomes,
        figures=figures,
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
    households: int  # per state when `states` is given
    seed: int
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    mix: PopulationMix
    reforms: dict[str, Reforms]
    states: tuple[str, ...] = ()  # () the national population
    uncertainty: int = 0  # parameter draws (0: the central run alone)


def run_settings(section: Any | None, households_override: int | None = None) -> EquityRun:
    """Settings from a validated EquitySection (or None: every default)."""
    mix = PopulationMix.default()
    households_n = params.default_households()
    seed = params.default_seed()
    course = params.default_course()
    threshold = threshold_of(None)
    treatments: tuple[str, ...] = TREATMENTS
    reforms: dict[str, Reforms] = {}
    states: tuple[str, ...] = ()
    uncertainty = 0
    if section is not None:
        households_n = section.households if section.households is not None else households_n
        seed = section.seed if section.seed is not None else seed
        course = section.course if section.course is not None else course
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
        states = _states(section.states)
        uncertainty = section.uncertainty or 0
    if households_override is not None:
        households_n = households_override
    check_households(households_n, "--households")
    return EquityRun(
        households_n, seed, course, threshold, treatments, mix, reforms, states, uncertainty
    )


def _states(raw: Any) -> tuple[str, ...]:
    """The states a file names ("all": every one, in the state table's order)."""
    if raw is None:
        return ()
    from pricing.defaults.states import STATE_CODES

    if raw == "all":
        return STATE_CODES
    if any(code not in STATE_CODES for code in raw):  # the schema checked; a safety net
        raise ScenarioError("equity.states", "unknown state")
    return tuple(raw)
