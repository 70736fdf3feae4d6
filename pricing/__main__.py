"""The command line: `python -m pricing estimate|ledger|validate FILE.yaml` (DESIGN.md, CLI contract).

Invalid input exits with status 2 and one line on stderr naming the field and the problem.
Nothing is written anywhere but stdout and stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from pricing import cli_types
from pricing.report import ledger_csv, money, readable_summary, rounded
from pricing.scenario import Scenario, ScenarioError, load_file

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"usage: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _estimate(args: argparse.Namespace, scenario: Scenario) -> str:
    from pricing.estimate import DEFAULT_SEED, estimate

    seed = DEFAULT_SEED if args.seed is None else args.seed
    result = estimate(scenario, draws=args.draws, seed=seed)
    summary = result.summary()
    return json.dumps(rounded(summary), indent=2) if args.json else readable_summary(summary)


def _ledger(args: argparse.Namespace, scenario: Scenario) -> str:
    from pricing.estimate import estimate

    table = estimate(scenario, draws=0).ledger_at(args.bound)
    if args.csv:
        return ledger_csv(table)
    return table.to_string(
        index=False, formatters={c: money for c in ("price", "patient", "insurer")}
    )


def _validate(args: argparse.Namespace, scenario: Scenario) -> str:
    """Check a file as every command would: its clinic and equity sections too."""
    if scenario.clinic is not None:
        from pricing import clinic

        clinic.analyse(scenario.clinic)
    if scenario.equity is not None:
        from pricing import equity

        equity.validate_mix(equity.run_settings(scenario.equity).mix)
    return f"ok: {scenario.name} ({scenario.modality}, {scenario.insurance.kind})"


def _parser(extensions: bool = True) -> _Parser:
    parser = _Parser(prog="python -m pricing", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    est = sub.add_parser(
        "estimate", help="low/mid/high and Monte Carlo out-of-pocket for a scenario"
    )
    est.add_argument("file")
    est.add_argument("--json", action="store_true", help="print one JSON object")
    est.add_argument("--draws", type=int, default=None, help="Monte Carlo draws (default 2000)")
    est.add_argument("--seed", type=cli_types.seed, default=None, help="default: a fixed seed")
    led = sub.add_parser("ledger", help="claim-by-claim ledger at midpoint prices")
    led.add_argument("file")
    led.add_argument("--csv", action="store_true")
    led.add_argument("--bound", choices=("low", "mid", "high"), default="mid")
    val = sub.add_parser("validate", help="check a scenario file")
    val.add_argument("file")
    if extensions:
        _add_extensions(sub)
    return parser


def _add_extensions(sub: Any) -> None:
    """Subcommands that live in their own modules (clinic, equity) register here when present."""
    for module_name in ("pricing.clinic", "pricing.equity"):
        try:
            module = __import__(module_name, fromlist=["add_cli"])
        except ImportError:
            continue
        module.add_cli(sub)


COMMANDS: dict[str, Callable[[argparse.Namespace, Scenario], str]] = {
    "estimate": _estimate,
    "ledger": _ledger,
    "validate": _validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # estimate/ledger/validate never need the clinic and equity modules, whose imports (pandas
    # and more) would otherwise triple the start-up time of every call, bad input included.
    core = bool(argv) and argv[0] in COMMANDS
    args = _parser(extensions=not core).parse_args(argv)
    if args.command in ("estimate",) and args.draws is not None and not 0 <= args.draws <= 200_000:
        sys.stderr.write("--draws: must be between 0 and 200000\n")
        return EXIT_BAD_INPUT
    try:
        if hasattr(args, "run"):
            output = args.run(args)
        else:
            output = COMMANDS[args.command](args, load_file(args.file))
    except ScenarioError as err:
        sys.stderr.write(f"{args.file}: {err}\n" if getattr(args, "file", None) else f"{err}\n")
        return EXIT_BAD_INPUT
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
