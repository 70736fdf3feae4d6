"""The chunked runner (DESIGN "Running at scale"): in process, on local processes, or on a Dask
distributed cluster, with the same JSON byte for byte whichever runs it.

Work is split into chunks: state x parameter draw x household block. A chunk settles every
treatment under the baseline and every scenario (each reform alone and the stack's steps), so the
reforms are compared over the same households and their differences are the reforms, not sampling
noise. Each chunk draws its households from its own seed,
`SeedSequence(seed, spawn_key=(POPULATION_STREAM, state slot, draw, block))` (the child
`SeedSequence(seed).spawn` reaches by that path), where a state's slot is its place in the state
table (TX's households are the same whether TX runs alone or with every state). Chunks return
small tallies (pricing.equity.tally) and the merge adds them in chunk order, so the totals do not
depend on how many workers ran or in which order they finished.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from pricing.defaults import population as params
from pricing.equity.affordability import Threshold
from pricing.equity.costs import Costs, after_the_plan, plan_levers, settle_population
from pricing.equity.population import PopulationMix, make_population
from pricing.equity.reforms import Reforms
from pricing.equity.states import state_mix
from pricing.equity.tally import ChunkTally, count_chunk
from pricing.equity.uncertainty import ParameterDraw
from pricing.scenario import ScenarioError

POPULATION_STREAM = 1  # (pricing.equity.uncertainty uses 0 for the parameter draws)
NATIONAL = ""  # the state code of the national population (no states)
NATIONAL_SLOT = 10_000  # its seed slot, apart from every state's
# The figure a draw scales the Medicaid federal share by (one factor for every state in a draw).
FEDERAL_SHARE = "states.states.medicaid_fmap"
PEOPLE = "population.population.people_in_need"


@dataclass(frozen=True)
class Plan:
    """Everything a chunk needs (picklable, the same for every chunk of a run)."""

    seed: int
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    mix: PopulationMix  # the national mix (as the file edits it)
    scenarios: tuple[Reforms, ...]  # 0 is the baseline
    states: tuple[str, ...]  # () for the national population
    households: int  # per state (or for the nation)
    draws: tuple[ParameterDraw, ...]  # 0 is the central run


@dataclass(frozen=True)
class Chunk:
    index: int
    plan: Plan
    state: str
    slot: int
    draw: int
    block: int
    households: int

    @property
    def seed(self) -> np.random.SeedSequence:
        return np.random.SeedSequence(
            self.plan.seed, spawn_key=(POPULATION_STREAM, self.slot, self.draw, self.block)
        )


@cache
def _state_slots() -> dict[str, int]:
    from pricing.defaults.states import STATE_CODES

    return {code: i for i, code in enumerate(STATE_CODES)}


def blocks(households: int) -> list[int]:
    """Sizes of the household blocks a sample of `households` is split into."""
    size = params.household_block()
    full, rest = divmod(households, size)
    return [size] * full + ([rest] if rest else [])


def chunks(plan: Plan) -> list[Chunk]:
    """Every chunk of the run, in the order their tallies are merged."""
    states = plan.states or (NATIONAL,)
    out: list[Chunk] = []
    for draw in range(len(plan.draws)):
        for state in states:
            slot = NATIONAL_SLOT if state == NATIONAL else _state_slots()[state]
            for block, size in enumerate(blocks(plan.households)):
                out.append(Chunk(len(out), plan, state, slot, draw, block, size))
    return out


def work(plan: Plan) -> int:
    """Household courses the run settles: households x states x treatments x scenarios x runs."""
    return (
        plan.households
        * max(len(plan.states), 1)
        * len(plan.treatments)
        * len(plan.scenarios)
        * len(plan.draws)
    )


def check_work(plan: Plan) -> None:
    """ScenarioError (one line, naming the field) when the run asks for more than the bound."""
    most = params.max_work()
    asked = work(plan)
    if asked > most:
        raise ScenarioError(
            "equity.households",
            f"{plan.households:,} households x {max(len(plan.states), 1)} states x "
            f"{len(plan.treatments)} treatments x {len(plan.scenarios)} scenarios x "
            f"{len(plan.draws)} runs = {asked:,} household courses; one run may settle at most "
            f"{most:,} (fewer households, states, treatments, reforms or draws)",
        )


def weight(plan: Plan, state: str, draw: ParameterDraw) -> float:
    """People in need one sample household of `state` stands for."""
    people = draw.value(PEOPLE, params.people_in_need())
    if state == NATIONAL:
        return people / plan.households
    from pricing.defaults import states

    households = draw.value(
        "states.states.households",
        states.state(state).households,
        key=f"states.states.households#{state}",
    )
    share = households / states.national_households()
    return people * share / plan.households


def run_chunk(chunk: Chunk) -> ChunkTally:
    """One chunk's tally (runs on whichever process or worker is given it)."""
    plan = chunk.plan
    draw = plan.draws[chunk.draw]
    mix = plan.mix.drawn(draw)
    if chunk.state != NATIONAL:
        from pricing.defaults import states

        mix = state_mix(states.state(chunk.state), mix, draw)
    population = make_population(chunk.households, chunk.seed, mix, draw)
    # Scenarios whose plan levers agree settle alike: settle once, then apply each one's
    # out-of-pocket cap and state subsidy to a copy (the same figures, less work).
    settled: dict[tuple[Reforms, str], Costs] = {}
    costs = []
    for reform in plan.scenarios:
        row = []
        for t in plan.treatments:
            key = (plan_levers(reform, t), t)
            if key not in settled:
                settled[key] = settle_population(
                    population, t, plan.course, reforms=key[0], draw=draw
                )
            mine = settled[key].copy()
            after_the_plan(population, reform, mine)
            row.append(mine)
        costs.append(row)
    federal = draw.value(FEDERAL_SHARE, federal_share(chunk.state), share=True)
    return count_chunk(
        chunk.state,
        chunk.draw,
        weight(plan, chunk.state, draw),
        population,
        plan.threshold,
        costs,
        federal,
    )


def federal_share(code: str) -> float:
    """The Medicaid federal share of a chunk's state; the national one for the nation."""
    from pricing.defaults import states

    if code == NATIONAL:
        return states.national_medicaid_federal_share()
    return states.medicaid_federal_share(code)


# --- who runs the chunks ------------------------------------------------------------------------


def check_workers(workers: int) -> None:
    most = max(os.cpu_count() or 1, 1) * 4
    if not 1 <= workers <= most:
        raise ScenarioError("--workers", f"{workers} is not between 1 and {most}")


def execute(
    work_items: Sequence[Chunk],
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ChunkTally]:
    """Every chunk's tally, in chunk order: in process, on `workers` local processes, or on the
    Dask scheduler at `scheduler`."""
    if scheduler is not None:
        return _on_dask(work_items, scheduler)
    check_workers(workers)
    if workers == 1:
        out = []
        for i, chunk in enumerate(work_items):
            out.append(run_chunk(chunk))
            if progress is not None:
                progress(i + 1, len(work_items))
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Spawned (not forked) processes: each starts clean, as a cluster's worker would.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(run_chunk, work_items, chunksize=1))


def _on_dask(work_items: Sequence[Chunk], address: str) -> list[ChunkTally]:
    """The chunks on a Dask distributed cluster (its workers must be able to import pricing:
    started from the project's folder, or with it installed; docs/scaling.md)."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a dependency in requirements.txt
        raise ScenarioError("--scheduler", "needs dask[distributed] installed") from None
    try:
        client = Client(address, timeout=f"{params.scheduler_timeout():g}s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ScenarioError(
            "--scheduler", f"cannot reach a Dask scheduler at {address} ({reason[:120]})"
        ) from None
    try:
        futures = client.map(run_chunk, list(work_items), pure=False)
        results: list[ChunkTally] = client.gather(futures)  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]
    return results


def expected_blocks(households: int) -> int:
    return math.ceil(households / params.household_block())


def describe(plan: Plan) -> dict[str, Any]:
    """The run's size, for the JSON and the page."""
    return {
        "chunks": len(chunks(plan)),
        "household_block": params.household_block(),
        "household_courses": work(plan),
    }
