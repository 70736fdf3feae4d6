"""`python -m pricing ledger FILE [--csv] [--bound low|mid|high]`: the claim-by-claim ledger."""

from __future__ import annotations

import argparse

from pricing.scenario import load_file

HELP = "claim-by-claim ledger at midpoint prices"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--bound", choices=("low", "mid", "high"), default="mid")


def run(args: argparse.Namespace) -> str:
    scenario = load_file(args.file)
    # The engine (numpy, pandas) only for a valid file: a bad one is refused before this.
    from pricing import api
    from pricing.report import ledger_csv, money

    table = api.ledger(scenario, bound=args.bound)
    if args.csv:
        return ledger_csv(table)
    return table.to_string(
        index=False, formatters={c: money for c in ("price", "patient", "insurer")}
    )
