"""`python -m pricing validate FILE`: check a file as every command would."""

from __future__ import annotations

import argparse

from pricing.scenario import load_file
from pricing.scenario.errors import one_line

HELP = "check a scenario file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")


def run(args: argparse.Namespace) -> str:
    """Its clinic and equity sections too, through the checks those tools make."""
    scenario = load_file(args.file)
    if scenario.clinic is not None:
        from pricing import clinic

        clinic.analyse(scenario.clinic)
    if scenario.equity is not None:
        from pricing import equity

        equity.validate_mix(equity.run_settings(scenario.equity).mix)
    # The name is the file's text: escaped like any echoed input, so "ok" stays one line.
    return f"ok: {one_line(scenario.name)} ({scenario.modality}, {scenario.insurance.kind})"
