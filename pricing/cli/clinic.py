"""`python -m pricing clinic FILE.yaml [--json] [--households N] [--seed S]`: clinic economics.

A command module of pricing/cli (HELP, add_arguments, run). Importing it is cheap: the file is
read and validated first, and only then are numpy, pandas and the clinic engine imported, so a
bad file is refused fast (exit 2, one line naming the field).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import pricing.cli.args as cli_args

HELP = "clinic margins, break-even, capacity, price card, superbills (out of network), reach"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--households", type=cli_args.whole, default=None, help="simulated households for reach"
    )
    parser.add_argument(
        "--seed", type=cli_args.seed, default=None, help="seed of the simulated households"
    )


def run(args: argparse.Namespace) -> str:
    from pricing.scenario import ScenarioError, load_file

    scenario = load_file(args.file)
    if scenario.clinic is None:
        raise ScenarioError("clinic", "missing; add a clinic: section with at least offerings")
    from pricing.clinic import analyse, price_cards, reach_summary, superbill_summary
    from pricing.explain.clinic import readable
    from pricing.report import rounded

    result = analyse(scenario.clinic)
    summary: dict[str, Any] = {"name": scenario.name, **result.summary()}
    summary["price_card"] = [card.summary() for card in price_cards(scenario.clinic)]
    out_of_network = superbill_summary(scenario.clinic)
    if out_of_network is not None:
        summary["out_of_network"] = out_of_network
    detail = reach_summary(
        scenario.clinic, args.households, args.seed, equity_section=scenario.equity
    )
    # The contract's `reach` is a share of households; how it was measured sits beside it.
    summary["reach"] = detail["share"]
    summary["reach_detail"] = detail
    if args.json:
        return json.dumps(rounded(summary), indent=2)
    return readable(summary)
