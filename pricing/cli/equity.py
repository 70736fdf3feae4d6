"""`python -m pricing equity [FILE] [--households N] [--json]`: who is priced out, which reform helps.

A thin adapter over pricing.equity (engineer Q replaces it with the equity package's own
command). The file is validated here, through pricing.scenario, before pricing.equity and the
engine are imported, so a bad file is refused fast.
"""

from __future__ import annotations

import argparse

from pricing import defaults
from pricing.scenario import from_dict, parse_yaml, read_file

HELP = "who is priced out, by poverty band and insurance, and which reform helps"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default=None, help="scenario file with an equity section"
    )
    parser.add_argument("--households", type=int, default=None, help="simulated households")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> str:
    if args.file is not None:
        raw = parse_yaml(read_file(args.file))
        if isinstance(raw, dict) and "modality" not in raw:
            # As pricing.equity reads it: the tool runs every treatment, so a file about the
            # population need not pick one; the first stands in for validation.
            raw = {**raw, "modality": defaults.MODALITIES[0]}
        from_dict(raw)
    from pricing import equity

    return equity.run_cli(args)
