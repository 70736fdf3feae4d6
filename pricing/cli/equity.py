"""`python -m pricing equity [FILE.yaml] [--households N] [--json] [--workers N | --scheduler
ADDRESS]`: who is priced out, by state, and what each reform does and costs whom.

A command module of pricing/cli (HELP, add_arguments, run). Importing it is cheap: the file is
read and validated first, and only then are numpy and the equity engine imported, so a bad file
is refused fast (exit 2, one line naming the field, by pricing.cli.main).
"""

from __future__ import annotations

import argparse
from typing import Any

import pricing.cli.args as cli_args

HELP = "who is priced out, by poverty band and insurance, and which reform helps"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default=None, help="scenario file with an equity section"
    )
    parser.add_argument(
        "--households",
        type=cli_args.whole,
        default=None,
        help="simulated households (per state with states:)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=cli_args.whole,
        default=1,
        help="local processes to run the chunks on (default 1)",
    )
    where.add_argument(
        "--scheduler", default=None, help="address of a Dask scheduler (tcp://host:8786)"
    )


def load_section(path: str | None) -> Any | None:
    """The `equity` section of a scenario file (validated), or None without a file."""
    if path is None:
        return None
    from pricing.defaults import MODALITIES
    from pricing.scenario import MAX_FILE_BYTES, ScenarioError, decode, from_dict, parse_yaml

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {path}: {err.strerror}") from None
    raw = parse_yaml(decode(data))
    if isinstance(raw, dict) and "modality" not in raw:
        # The equity tool runs every treatment; a file about the population need not pick one.
        raw = {**raw, "modality": MODALITIES[0]}
    return from_dict(raw).equity


def run(args: argparse.Namespace) -> str:
    section = load_section(getattr(args, "file", None))
    from pricing import api
    from pricing.explain.equity import readable
    from pricing.report import rounded

    # A bad --workers or --scheduler is a ScenarioError naming the option: pricing.cli.main
    # prints it in one line without the file's name.
    summary = api.equity_summary(
        section,
        households=args.households,
        workers=getattr(args, "workers", 1),
        scheduler=getattr(args, "scheduler", None),
    )
    if args.json:
        return api.dumps(rounded(summary))
    return readable(summary)
