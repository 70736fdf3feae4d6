"""`python -m pricing sources [--json]`: every sourced default, as the Sources & method page
lists it (figure, value, unit, as of, source, link, uncertain, note).

Without --json, CSV (one row per default, text cells neutralised against spreadsheet formulas);
with it, one JSON list. It reads no scenario file.
"""

from __future__ import annotations

import argparse

HELP = "every sourced default with its unit, date and source (the Sources & method table)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON list")


def run(args: argparse.Namespace) -> str:
    from pricing import api

    rows = api.sources()
    if args.json:
        return api.dumps_list(rows)
    import pandas as pd

    from pricing.report import ledger_csv

    return ledger_csv(pd.DataFrame(rows))
