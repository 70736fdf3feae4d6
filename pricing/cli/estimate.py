"""`python -m pricing estimate FILE [--json] [--draws N] [--seed S]`: what a course costs.

Low/mid/high and Monte Carlo out-of-pocket for a scenario, as a table or one JSON object.
"""

from __future__ import annotations

import argparse

import pricing.cli.args as types
from pricing import defaults
from pricing.scenario import load_file

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
    from pricing import api
    from pricing.report import readable_summary

    result = api.estimate_result(scenario, draws=args.draws, seed=args.seed)
    if args.json:
        return api.dumps(api.estimate_object(result))
    return readable_summary(result.summary())
