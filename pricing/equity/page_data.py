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


# ---------------------------------------------------------------------------------------------
# Issue 15's page: one state (or the nation) with its reforms stacked, costed by payer, with
# bands; a map of every state. The figures are pricing.equity.study.run()'s, as the CLI prints.

NATIONAL = "US"  # the page's choice for the national population (no state)


@dataclass(frozen=True)
class StatePageChoices:
    """What the by-state page offers and opens on."""

    states: tuple[str, ...]  # NATIONAL first, then the postal codes
    state_names: dict[str, str]
    households: tuple[int, ...]
    default_households: int
    draws: int  # parameter draws behind the bands
    map_households: int
    seed: int
    courses: tuple[str, ...]
    default_course: str
    thresholds: tuple[str, ...]
    default_threshold: str
    treatments: tuple[str, ...]
    default_focus: str
    levers: tuple[str, ...]
    default_levers: tuple[str, ...]
    lever_defaults: dict[str, float]


def state_page_choices() -> StatePageChoices:
    from pricing.defaults import states

    households, draws, map_households, opening = params.page_settings()
    names = {NATIONAL: "United States (national)"}
    names.update({code: facts.name for code, facts in states.all_states().items()})
    return StatePageChoices(
        states=(NATIONAL, *states.STATE_CODES),
        state_names=names,
        households=tuple(sorted({*params.page_household_choices(), households})),
        default_households=households,
        draws=draws,
        map_households=map_households,
        seed=params.default_seed(),
        courses=COURSES,
        default_course=params.default_course(),
        thresholds=tuple(thresholds()),
        default_threshold=threshold_of(None).name,
        treatments=TREATMENTS,
        default_focus=DEFAULT_FOCUS,
        levers=LEVER_NAMES,
        default_levers=opening,
        lever_defaults=lever_defaults(),
    )


@dataclass(frozen=True)
class PageRequest:
    """The page's choices, as plain values (cacheable; what the URL holds and more)."""

    state: str
    focus: str
    course: str
    threshold: str
    levers: tuple[str, ...]  # in stack order
    households: int
    draws: int
    seed: int
    price_cap: float
    annual_max: float
    oop_cap: float


def parse_levers(text: str | None, known: tuple[str, ...] = LEVER_NAMES) -> tuple[str, ...]:
    """Levers from a URL value ("oop_cap,state_subsidy"): known names, each once, in order."""
    out: list[str] = []
    for name in (text or "").split(","):
        name = name.strip()
        if name in known and name not in out:
            out.append(name)
    return tuple(out)


def lever_package(name: str, request: PageRequest) -> dict[str, Any]:
    """One of the page's levers as a scenario file's reform package (its parameter, where it
    takes one, the page's)."""
    if name == "price_cap":
        return {"price_cap": request.price_cap}
    if name == "manufacturer_cap":
        return {"manufacturer_annual_max": request.annual_max}
    if name == "oop_cap":
        return {"oop_cap": request.oop_cap}
    return {name: True}


def request_section(
    request: PageRequest, treatments: tuple[str, ...], reforms: bool
) -> dict[str, Any]:
    """The page's choices as a scenario file's `equity:` section (plain data). The page runs
    exactly this section (settings_of), and its Reproduce expander writes it to a file, so
    `python -m pricing equity FILE --json` prints the page's figures."""
    section: dict[str, Any] = {
        "households": request.households,
        "seed": request.seed,
        "course": request.course,
        "threshold": request.threshold,
    }
    if request.state != NATIONAL:
        section["states"] = [request.state]
    section["treatments"] = list(treatments)
    if request.draws:
        section["uncertainty"] = request.draws
    if reforms and request.levers:
        # One reform per lever, in stack order: each alone, then stacked (pricing.equity.study).
        section["reforms"] = {name: lever_package(name, request) for name in request.levers}
    return section


def today_section(request: PageRequest) -> dict[str, Any]:
    """Every treatment today in the chosen place, with the page's draws (no reforms)."""
    return request_section(request, TREATMENTS, reforms=False)


def focus_section(request: PageRequest) -> dict[str, Any]:
    """The focus treatment with the chosen reforms alone and stacked, with the page's draws."""
    return request_section(request, (request.focus,), reforms=True)


def map_section(
    course: str, threshold: str, treatment: str, households: int, seed: int
) -> dict[str, Any]:
    """Every state today for one treatment, with the published figures (no draws): the map."""
    return {
        "households": households,
        "seed": seed,
        "course": course,
        "threshold": threshold,
        "states": "all",
        "treatments": [treatment],
    }


def settings_of(section: dict[str, Any]) -> Any:
    """Run settings from an `equity:` section, read as the CLI reads a file's (a bad value:
    ScenarioError naming the field)."""
    from pydantic import ValidationError

    from pricing.equity.evaluation import run_settings
    from pricing.scenario import EquitySection, first_error

    try:
        parsed = EquitySection.model_validate(section)
    except ValidationError as err:
        raise first_error(err) from None
    return run_settings(parsed)


def overview(request: PageRequest) -> dict[str, Any]:
    """Every treatment today in the chosen place (no reforms), with the page's draws."""
    from pricing.equity.study import run

    return run(settings_of(today_section(request)))


def focus_figures(request: PageRequest) -> dict[str, Any]:
    """The focus treatment with the chosen reforms alone and stacked, with bands."""
    from pricing.equity.study import run

    return run(settings_of(focus_section(request)))


def map_shares(
    course: str, threshold: str, treatment: str, households: int, seed: int
) -> dict[str, float]:
    """{state: share priced out of `treatment` today} for every state (the map)."""
    from pricing.defaults.states import STATE_CODES
    from pricing.equity.study import run

    section = map_section(course, threshold, treatment, households, seed)
    found = run(settings_of(section))["by_state"]
    return {code: found[code]["priced_out"][treatment]["all"] for code in STATE_CODES}


def _band(figures: dict[str, Any], key: str, *path: str) -> tuple[float, float] | None:
    """(p10, p90) of the figure figures[key][path...], if the run drew parameters."""
    node = figures.get(f"{key}_band")
    for step in path:
        if node is None:
            return None
        node = node.get(step)
    if not node or "p10" not in node:
        return None
    return float(node["p10"]), float(node["p90"])


def main_payer(cost: dict[str, float]) -> str:
    """The payer whose spending changes most (by size), "" when nothing changes."""
    from pricing.equity.tally import PAYERS

    moved = {p: cost[p] for p in PAYERS if abs(cost[p]) >= 0.5}
    return max(moved, key=lambda p: abs(moved[p])) if moved else ""


def lever_rows(figures: dict[str, Any], treatment: str) -> list[dict[str, Any]]:
    """The chosen reforms, each alone, ranked (most people newly able first): the page's table."""
    rows = []
    for name in figures.get("ranking", {}).get(treatment, []):
        reform = figures["reforms"][name]
        cost = reform["cost"][treatment]
        people = reform["newly_affordable_people"][treatment]
        reached = reform["cost_per_person_reached"][treatment]["total"]
        rows.append(
            {
                "reform": name,
                "people": people,
                "people_band": _band(reform, "newly_affordable_people", treatment),
                "priced_out": reform["priced_out"][treatment]["all"],
                "priced_out_band": _band(reform, "priced_out", treatment, "all"),
                "cost": cost["total"],
                "cost_band": _band(reform, "cost", treatment, "total"),
                "per_person": reached,
                "main_payer": main_payer(cost),
            }
        )
    return rows


def stack_rows(figures: dict[str, Any], treatment: str) -> list[dict[str, Any]]:
    """Each step of the stack: marginal people and dollars, and the running totals."""
    return [
        {
            "reform": step["reform"],
            "people": step["newly_affordable_people"][treatment],
            "people_band": _band(step, "newly_affordable_people", treatment),
            "total_people": step["total_newly_affordable_people"][treatment],
            "cost": step["cost"][treatment]["total"],
            "cost_band": _band(step, "cost", treatment, "total"),
            "priced_out": step["priced_out"][treatment],
        }
        for step in figures.get("stack", [])
    ]


def payer_rows(figures: dict[str, Any], treatment: str) -> list[dict[str, Any]]:
    """Dollars a year by payer (rows) for each reform alone and the whole stack (columns)."""
    from pricing.equity.tally import PAYERS

    columns: dict[str, tuple[dict[str, float], dict[str, Any] | None]] = {
        name: (r["cost"][treatment], r.get("cost_band", {}).get(treatment))
        for name, r in figures["reforms"].items()
    }
    if figures.get("stack"):
        last = figures["stack"][-1]
        columns["all together"] = (
            last["total_cost"][treatment],
            last.get("total_cost_band", {}).get(treatment),
        )
    rows = []
    for payer in (*PAYERS, "total"):
        row: dict[str, Any] = {"payer": payer}
        for name, (cost, band) in columns.items():
            row[name] = cost[payer]
            row[f"{name} band"] = (
                (band[payer]["p10"], band[payer]["p90"]) if band is not None else None
            )
        rows.append(row)
    return rows
