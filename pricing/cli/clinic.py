"""`python -m pricing clinic FILE [--json] [--households N] [--seed S]`: a clinic's economics.

A thin adapter over pricing.clinic (engineer C replaces it with the clinic package's own
command). The file is validated here, through pricing.scenario, before pricing.clinic and its
pandas are imported, so a bad file is refused fast.
"""

from __future__ import annotations

import argparse

from pricing.cli import args as types
from pricing.scenario import ScenarioError, load_file

HELP = "clinic margins, break-even, capacity and reach for a scenario's clinic:"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--households", type=int, default=None, help="simulated households for reach"
    )
    parser.add_argument(
        "--seed", type=types.seed, default=None, help="seed of the simulated households"
    )


def run(args: argparse.Namespace) -> str:
    if load_file(args.file).clinic is None:
        raise ScenarioError("clinic", "missing; add a clinic: section with at least offerings")
    from pricing import clinic

    return clinic._run(args)
