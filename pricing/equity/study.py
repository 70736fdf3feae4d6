"""An equity run from its settings to its figures: the plan, the chunks on whichever runner,
the merge per parameter draw (and per state), the summary and the p10-p90 bands.

The CLI (`python -m pricing equity`) and the Access & equity page both call run(); a number on
the page is the number the CLI prints for the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pricing.defaults import population as params
from pricing.equity.evaluation import EquityRun
from pricing.equity.population import KINDS, band_labels
from pricing.equity.reforms import Reforms, active_levers
from pricing.equity.runner import Plan, check_work, chunks, describe, execute
from pricing.equity.summary import Layout, add_bands, summarise
from pricing.equity.tally import PAYERS, ChunkTally, merge
from pricing.equity.uncertainty import draws


def scenarios(reforms: Sequence[Reforms]) -> tuple[Reforms, ...]:
    """The baseline, each reform alone, then the stack's steps from the second on (the first
    reforms together, in the order given)."""
    out = [Reforms(), *reforms]
    for i in range(1, len(reforms)):
        combined = reforms[0]
        for reform in reforms[1 : i + 1]:
            combined = combined.combine(reform)
        out.append(combined)
    return tuple(out)


def plan_of(settings: EquityRun) -> Plan:
    return Plan(
        seed=settings.seed,
        course=settings.course,
        threshold=settings.threshold,
        treatments=settings.treatments,
        mix=settings.mix,
        scenarios=scenarios(list(settings.reforms.values())),
        states=settings.states,
        households=settings.households,
        draws=draws(settings.seed, settings.uncertainty),
    )


def header(settings: EquityRun, plan: Plan) -> dict[str, Any]:
    """What the run was: sample, course, affordability test, vocabularies."""
    threshold = settings.threshold
    out: dict[str, Any] = {
        "households": settings.households,
        "course": settings.course,
        "threshold": threshold.share,
        "threshold_rule": {
            "name": threshold.name,
            "rule": threshold.rule,
            "label": threshold.label,
        },
        "bands": list(band_labels()),
        "kinds": list(KINDS),
        "treatments": list(settings.treatments),
        "payers": list(PAYERS),
        "people_in_need": params.people_in_need(),
        "sample_households": settings.households * max(len(settings.states), 1),
        "run": describe(plan),
    }
    if settings.states:
        out["states"] = list(settings.states)
    if settings.uncertainty:
        out["uncertainty"] = {
            "draws": settings.uncertainty,
            "spread": params.uncertainty_spread(),
        }
    return out


def figures_of(
    tallies: Sequence[ChunkTally], settings: EquityRun, layout: Layout
) -> list[dict[str, Any]]:
    """The figures of each run (central first, then each parameter draw)."""
    levers = {name: active_levers(r) for name, r in settings.reforms.items()}
    state_households: dict[str, int] = {}
    if settings.states:
        from pricing.defaults import states

        state_households = {c: states.state(c).households for c in settings.states}
    out = []
    for d in range(settings.uncertainty + 1):
        mine = [t for t in tallies if t.draw == d]
        by_state = None
        if settings.states:
            by_state = {
                code: (state_households[code], merge([t for t in mine if t.state == code]))
                for code in settings.states
            }
        out.append(summarise(merge(mine), layout, levers, by_state))
    return out


def run(
    settings: EquityRun,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The run's JSON object (unrounded): header, central figures, bands with `uncertainty`."""
    plan = plan_of(settings)
    check_work(plan)
    tallies = execute(chunks(plan), workers, scheduler, progress)
    layout = Layout(settings.treatments, tuple(settings.reforms))
    figures = figures_of(tallies, settings, layout)
    central = figures[0]
    if settings.uncertainty:
        add_bands(central, figures[1:])
    out = header(settings, plan)
    out.update(central)
    out["seed"] = settings.seed
    return out
