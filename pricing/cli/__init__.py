"""The command line: `python -m pricing estimate|compare|ledger|validate|clinic|equity FILE.yaml`.

docs/method.md ("CLI contract"): good input prints to stdout and exits 0; bad input exits 2 with
one line on stderr, `FILE: field: problem`. Nothing is written anywhere else.

Each command is one module in this package with the same small surface (`Command` below):
`HELP`, `add_arguments(parser)` and `run(args) -> str`. A module's import is cheap (no pandas, no
engine): heavy imports happen inside `run`, after the file is validated, so a bad file is refused
in a fraction of a second whatever the command. `COMMANDS` lists them in the order `--help` shows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn, Protocol

from pricing.cli import clinic, compare, equity, estimate, ledger, validate
from pricing.cli.args import ArgumentProblem
from pricing.scenario import ScenarioError
from pricing.scenario.errors import one_line

EXIT_BAD_INPUT = 2

# The first line of `--help`, as the CLI has always printed it.
DESCRIPTION = (
    "The command line: `python -m pricing estimate|compare|ledger|validate|clinic|equity "
    "FILE.yaml` "
    "(docs/method.md, CLI contract)."
)


class Command(Protocol):
    """What every command module defines (mypy checks each module in COMMANDS against it)."""

    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> str: ...


COMMANDS: tuple[Command, ...] = (estimate, compare, ledger, validate, clinic, equity)


def name_of(command: Command) -> str:
    """A command's name on the command line: its module's name."""
    module: str = command.__name__  # type: ignore[attr-defined]  # each command is a module
    return module.rsplit(".", 1)[-1]


class _Parser(argparse.ArgumentParser):
    """argparse with the contract's bad-input behaviour: exit 2 and one line, no usage block."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"usage: {one_line(message)}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def parser() -> argparse.ArgumentParser:
    """The parser of every command in COMMANDS."""
    top = _Parser(prog="python -m pricing", description=DESCRIPTION)
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(name_of(command), help=command.HELP))
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0 done, 2 bad input)."""
    args = parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    command = {name_of(c): c for c in COMMANDS}[args.command]
    try:
        output = command.run(args)
    except ScenarioError as err:
        # A file's problem is prefixed with the file's name; a bad option is about no file.
        file = None if isinstance(err, ArgumentProblem) else getattr(args, "file", None)
        sys.stderr.write(f"{one_line(file)}: {err}\n" if file else f"{err}\n")
        return EXIT_BAD_INPUT
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0
