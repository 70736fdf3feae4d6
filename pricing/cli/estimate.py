"""`python -m pricing estimate FILE [--json] [--draws N] [--seed S]`: what a course costs.

Low/mid/high and Monte Carlo out-of-pocket for a scenario, as a table or one JSON object.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

import pricing.cli.args as types
from pricing import defaults
from pricing.scenario import load_file

if TYPE_CHECKING:  # the engine is imported only once a file is valid (see pricing.cli)
    from pricing.estimate import Estimate

HELP = "low/mid/high and Monte Carlo out-of-pocket for a scenario"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    draws = defaults.scenario_setting("monte_carlo_draws")
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--draws", type=types.draws, default=None, help=f"Monte Carlo draws (default {draws})"
    )
    parser.add_argument("--seed", type=types.seed, default=None, help="default: a fixed seed")


def run(args: argparse.Namespace) -> str:
    types.check_draws(args.draws)
    scenario = load_file(args.file)
    # The engine (numpy, pandas) only for a valid file: a bad one is refused before this.
    from pricing.estimate import DEFAULT_SEED, estimate
    from pricing.report import readable_summary

    seed = DEFAULT_SEED if args.seed is None else args.seed
    result = estimate(scenario, draws=args.draws, seed=seed)
    if args.json:
        return json.dumps(estimate_object(result), indent=2)
    return readable_summary(result.summary())


def estimate_object(result: Estimate) -> dict[str, Any]:
    """The one JSON object `estimate --json` prints for a settled scenario, money to cents
    (`compare --json` prints one per treatment: the same object, built here once)."""
    from pricing.report import rounded

    rounded_summary: dict[str, Any] = rounded(result.summary())
    return rounded_summary
