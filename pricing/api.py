"""The Python API (docs/api.md): load a scenario, then estimate, compare, clinic, equity, ledger.

Each public function returns the object the matching command prints: `estimate`, `compare`,
`clinic` and `equity` the plain dict that `python -m pricing <command> FILE --json` prints as
`json.dumps(result, indent=2)` (money to cents, shares to 4 places), `ledger` the table that
`ledger --csv` prints. The commands in pricing/cli call these functions, so there is one place
that builds each printed object.

The `*_result` / `*_summary` functions below the public ones hand the commands the engine's own
objects for their readable (non-JSON) output; a Python user needs only the public ones.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pricing.scenario import EquitySection, Scenario, ScenarioError, load_file
from pricing.scenario import loads as _loads

if TYPE_CHECKING:  # the engine is imported when a function runs (the CLI's bad-input path is fast)
    import pandas as pd

    from pricing.compare import Comparison
    from pricing.estimate import Estimate

__all__ = [
    "Scenario",
    "ScenarioError",
    "clinic",
    "compare",
    "dumps",
    "equity",
    "estimate",
    "ledger",
    "load",
    "loads",
    "sources",
]


# --- loading --------------------------------------------------------------------------------


def load(path: str | PathLike[str]) -> Scenario:
    """A scenario file, read and validated exactly as every command reads it (strict YAML,
    filled from the sourced defaults). Bad input raises ScenarioError, whose text is the one
    line the CLI prints (`field: problem`)."""
    return load_file(Path(path))


def loads(text: str | bytes) -> Scenario:
    """A scenario from YAML text (the same reader as `load`)."""
    return _loads(text)


def dumps(result: dict[str, Any]) -> str:
    """A result as the CLI prints it with `--json` (2-space indent, no trailing newline)."""
    return json.dumps(result, indent=2)


def dumps_list(rows: list[dict[str, Any]]) -> str:
    """A list of rows (`sources --json`) as the CLI prints it."""
    return json.dumps(rows, indent=2)


# --- the commands' objects ------------------------------------------------------------------


def estimate(
    scenario: Scenario, *, draws: int | None = None, seed: int | None = None
) -> dict[str, Any]:
    """`estimate FILE --json`: low/mid/high and Monte Carlo out-of-pocket for one course
    (draws and seed default to the sourced settings, as on the command line)."""
    return estimate_object(estimate_result(scenario, draws=draws, seed=seed))


def compare(
    scenario: Scenario,
    *,
    months: int | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """`compare FILE --json`: `{"months": N, "treatments": {modality: <estimate's object>}}`,
    every treatment priced for the same person over the same months."""
    return compare_object(compare_result(scenario, months=months, draws=draws, seed=seed))


def ledger(scenario: Scenario, *, bound: str = "mid") -> pd.DataFrame:
    """`ledger FILE --csv`: the claim-by-claim ledger at the `low`, `mid` or `high` prices
    (unrounded; `pricing.report.ledger_csv` writes it as the CLI prints it)."""
    if bound not in ("low", "mid", "high"):
        raise ScenarioError("bound", f"'{bound}' is not one of low, mid, high")
    from pricing.estimate import estimate as settle

    return settle(scenario, draws=0).ledger_at(bound)


def clinic(
    scenario: Scenario, *, households: int | None = None, seed: int | None = None
) -> dict[str, Any]:
    """`clinic FILE --json`: margins, break-even, capacity and reach for the file's clinic."""
    from pricing.report import rounded

    result: dict[str, Any] = rounded(clinic_summary(scenario, households=households, seed=seed))
    return result


def equity(
    scenario: Scenario | EquitySection | None = None,
    *,
    households: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """`equity [FILE] --json [--households N] [--workers N | --scheduler ADDRESS]`: who is priced
    out (nationally or `by_state`, `priced_out_by_kind`), what each reform in the file's
    `equity:` section does alone (people newly able, `cost` by payer, `ranking`) and stacked in
    order (`stack`), with p10-p90 `*_band`s when the section asks for `uncertainty` (None: the
    national population with every default). `workers` local processes or a Dask `scheduler`
    give the same object."""
    from pricing.report import rounded

    summary = equity_summary(scenario, households=households, workers=workers, scheduler=scheduler)
    result: dict[str, Any] = rounded(summary)
    return result


def sources() -> list[dict[str, Any]]:
    """`sources --json`: every sourced default as the Sources & method page lists it (file,
    figure, value as text (null: none, as an uncapped maximum), unit, as_of, source title, url,
    uncertain, note)."""
    from pricing import defaults

    return [
        {**entry, "value": None if entry["value"] is None else str(entry["value"])}
        for entry in defaults.entries()
    ]


# --- the engine's objects, for the commands' readable output ---------------------------------


def estimate_result(
    scenario: Scenario, *, draws: int | None = None, seed: int | None = None
) -> Estimate:
    """The settled estimate (pricing.estimate.Estimate) behind `estimate`."""
    from pricing.estimate import estimate as settle

    return settle(scenario, draws=draws, seed=seed)


def estimate_object(result: Estimate) -> dict[str, Any]:
    """The one object `estimate --json` prints for a settled scenario, money to cents
    (`compare --json` prints one per treatment: the same object, built here once)."""
    from pricing.report import rounded

    rounded_summary: dict[str, Any] = rounded(result.summary())
    return rounded_summary


def compare_result(
    scenario: Scenario,
    *,
    months: int | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> Comparison:
    """The comparison behind `compare`; a period outside the offered range is refused in one
    line naming `--months`."""
    from pricing.compare import compare as settle_all
    from pricing.compare import default_period, period_limits

    shortest, longest = period_limits()
    period = default_period() if months is None else months
    if not shortest <= period <= longest:
        raise ScenarioError("--months", f"must be a whole number from {shortest} to {longest}")
    return settle_all(scenario, horizon_months=period, draws=draws, seed=seed)


def compare_object(comparison: Comparison) -> dict[str, Any]:
    """The object `compare --json` prints."""
    treatments = {m: estimate_object(e) for m, e in comparison.estimates.items()}
    return {"months": comparison.horizon_months, "treatments": treatments}


def clinic_summary(
    scenario: Scenario, *, households: int | None = None, seed: int | None = None
) -> dict[str, Any]:
    """The clinic's figures unrounded (the readable output formats these)."""
    if scenario.clinic is None:
        raise ScenarioError("clinic", "missing; add a clinic: section with at least offerings")
    from pricing.clinic import analyse, price_cards, reach_summary, superbill_summary

    result = analyse(scenario.clinic)
    summary: dict[str, Any] = {"name": scenario.name, **result.summary()}
    summary["price_card"] = [card.summary() for card in price_cards(scenario.clinic)]
    out_of_network = superbill_summary(scenario.clinic)
    if out_of_network is not None:
        summary["out_of_network"] = out_of_network
    detail = reach_summary(scenario.clinic, households, seed, equity_section=scenario.equity)
    # The contract's `reach` is a share of households; how it was measured sits beside it.
    summary["reach"] = detail["share"]
    summary["reach_detail"] = detail
    return summary


def equity_summary(
    scenario: Scenario | EquitySection | None = None,
    *,
    households: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """The population's figures unrounded (the readable output formats these): the study's run
    (pricing.equity.study, the figures the Access & equity page shows) with each reform's levers
    in words (`does`). A bad `workers` or an unreachable `scheduler` raises ScenarioError naming
    `--workers` / `--scheduler` (the CLI prints it without the file's name)."""
    from pricing.equity import run_settings
    from pricing.equity.runner import check_workers
    from pricing.equity.study import run
    from pricing.explain.equity import reform_words

    section = scenario.equity if isinstance(scenario, Scenario) else scenario
    settings = run_settings(section, households)
    check_workers(workers)
    summary = run(settings, workers=workers, scheduler=scheduler)
    for name, reform in settings.reforms.items():
        summary["reforms"][name]["does"] = reform_words(reform)
    return summary
