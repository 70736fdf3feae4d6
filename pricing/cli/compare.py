"""`python -m pricing compare FILE [--json] [--months N] [--draws N] [--seed S]`: every
treatment priced for the same person over the same months.

The file describes the person (insurance, state, household, payment, programmes) and their own
treatment; each other treatment is priced exactly as `estimate` prices the file the person would
write for it (pricing.compare.scenario_for). `--json` prints `{"months": N, "treatments":
{modality: <the object estimate --json prints>}}`; without it, a readable table with the
cheapest marked.
"""

from __future__ import annotations

import argparse
import json

import pricing.cli.args as types
from pricing import defaults
from pricing.cli.args import ArgumentProblem
from pricing.scenario import load_file

HELP = "every treatment priced for the same person over the same months"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    draws = defaults.scenario_setting("monte_carlo_draws")
    months = defaults.compare_default_period_months()
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--months",
        type=types.whole,
        default=None,
        help=f"the period every treatment is priced over (default {months})",
    )
    parser.add_argument(
        "--draws", type=types.draws, default=None, help=f"Monte Carlo draws (default {draws})"
    )
    parser.add_argument("--seed", type=types.seed, default=None, help="default: a fixed seed")


def run(args: argparse.Namespace) -> str:
    types.check_draws(args.draws)
    scenario = load_file(args.file)
    # The engine (numpy, pandas) only for a valid file: a bad one is refused before this.
    from pricing.cli.estimate import estimate_object
    from pricing.compare import compare, default_period, period_limits
    from pricing.explain.compare import readable

    shortest, longest = period_limits()
    months = default_period() if args.months is None else args.months
    if not shortest <= months <= longest:
        raise ArgumentProblem("--months", f"must be a whole number from {shortest} to {longest}")
    comparison = compare(scenario, horizon_months=months, draws=args.draws, seed=args.seed)
    if not args.json:
        return readable(comparison)
    treatments = {m: estimate_object(e) for m, e in comparison.estimates.items()}
    return json.dumps({"months": months, "treatments": treatments}, indent=2)
