"""Everything the Access & equity page shows, computed here so the page only lays out.

page_choices() holds what the page's inputs offer (population sizes, courses, tests, levers,
the seed); page_data() the tables behind its four charts and headline. Sentences about them are
in pricing.explain.equity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pricing import course as courses
from pricing.defaults import population as params
from pricing.equity.affordability import (
    Threshold,
    median_share_table,
    share_distribution,
    threshold_of,
    thresholds,
)
from pricing.equity.costs import COURSES
from pricing.equity.evaluation import evaluate, price_sweep
from pricing.equity.population import (
    KINDS,
    TREATMENTS,
    Population,
    PopulationMix,
    band_labels,
    make_population,
)
from pricing.equity.reforms import LEVER_NAMES, Reforms, active_levers, lever_defaults

# The treatment the detailed charts open on (the most common self-paid one).
DEFAULT_FOCUS = "iv_ketamine"


def sweep_prices() -> list[float]:
    """Per-session prices for the price-sweep chart (population.yaml price_sweep)."""
    low, high, step = params.price_sweep()
    return [float(p) for p in np.arange(low, high + step / 2, step)]


@dataclass(frozen=True)
class PageChoices:
    """What the page's inputs offer and start on."""

    households: tuple[int, ...]  # population sizes, smallest first
    default_households: int
    seed: int
    courses: tuple[str, ...]
    thresholds: tuple[str, ...]
    default_threshold: str
    treatments: tuple[str, ...]
    default_focus: str
    levers: tuple[str, ...]
    lever_defaults: dict[str, float]  # price_cap, manufacturer_annual_max
    mix: PopulationMix  # the sourced default mix


def page_choices() -> PageChoices:
    default_n = params.default_households()
    return PageChoices(
        households=tuple(sorted({*params.page_household_choices(), default_n})),
        default_households=default_n,
        seed=params.default_seed(),
        courses=COURSES,
        thresholds=tuple(thresholds()),
        default_threshold=threshold_of(None).name,
        treatments=TREATMENTS,
        default_focus=DEFAULT_FOCUS,
        levers=LEVER_NAMES,
        lever_defaults=lever_defaults(),
        mix=PopulationMix.default(),
    )


def page_population(
    n: int, seed: int, insurance: tuple[tuple[float, ...], ...], non_expansion: float
) -> Population:
    """The page's population: the default mix with the edited insurance table and gap share."""
    mix = PopulationMix.default()
    edited = mix.with_changes(
        insurance_by_band=table_of(insurance), non_expansion_share=non_expansion
    )
    return make_population(n, seed, edited)


def table_of(insurance: tuple[tuple[float, ...], ...]) -> dict[str, dict[str, float]]:
    """{band: {kind: share}} from rows in band order, shares in KINDS order."""
    return {
        band: dict(zip(KINDS, row, strict=True))
        for band, row in zip(band_labels(), insurance, strict=True)
    }


def check_mix(insurance: tuple[tuple[float, ...], ...], non_expansion: float) -> None:
    """ScenarioError naming the field when the edited mix cannot be drawn from."""
    PopulationMix.default().with_changes(
        insurance_by_band=table_of(insurance), non_expansion_share=non_expansion
    )


def course_descriptions(course: str) -> dict[str, str]:
    """{treatment: which course it is priced for, in words} (pricing.course.describe_named)."""
    return {t: courses.describe_named(t, course) for t in TREATMENTS}


@dataclass
class PageData:
    """Tables behind the page's four charts and its headline figures."""

    households: int
    seed: int
    threshold: Threshold
    course: str
    courses: dict[str, str]  # {treatment: which course it prices, in words}
    levers: list[str]
    priced_out: dict[str, dict[str, float]]  # baseline {treatment: {band: share, "all"}}
    priced_out_reform: dict[str, dict[str, float]]
    median_share: dict[str, dict[str, float]]  # {treatment: {band: median share of income}}
    sweep_treatment: str
    sweep_prices: list[float]
    sweep: dict[str, list[float]]  # {kind or "all": [share priced out at each price]}
    newly: dict[str, dict[str, Any]]  # {treatment: newly_affordable(...)}
    distribution: dict[str, dict[str, float]]  # {kind: percentiles} for sweep_treatment
    kind_shares: dict[str, float]  # share of households by insurance kind
    band_shares: dict[str, float]  # share of households by poverty band


def page_data(
    population: Population,
    course: str,
    threshold: Threshold | str,
    reform: Reforms,
    focus: str,
    seed: int | None = None,
) -> PageData:
    """Baseline and reform for every treatment, the price sweep and distribution for `focus`."""
    chosen = threshold_of(threshold)
    report = evaluate(population, TREATMENTS, course, chosen, {"reform": reform})
    outcome = report.reforms["reform"]
    prices = sweep_prices()
    baseline_oop = {t: c.patient for t, c in report.baseline.items()}
    return PageData(
        households=population.n,
        seed=params.default_seed() if seed is None else seed,
        threshold=chosen,
        course=course,
        courses=course_descriptions(course),
        levers=active_levers(reform),
        priced_out=report.priced_out,
        priced_out_reform=outcome.priced_out,
        median_share=median_share_table(population, baseline_oop, chosen.rule),
        sweep_treatment=focus,
        sweep_prices=prices,
        sweep=price_sweep(population, focus, prices, course, chosen),
        newly=outcome.newly_affordable,
        distribution=share_distribution(population, baseline_oop[focus], chosen.rule),
        kind_shares=population.kind_shares(),
        band_shares=population.band_shares(),
    )
