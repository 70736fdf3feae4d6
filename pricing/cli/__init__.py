"""The command line: `python -m pricing estimate|compare|ledger|validate|clinic|equity FILE.yaml`
(and `sources`, which reads no file).

docs/method.md ("CLI contract"): good input prints to stdout and exits 0; bad input exits 2 with
one line on stderr, `FILE: field: problem`. Nothing is written anywhere else (but where Python
writes bytecode: the parsed defaults, pricing/defaults/parsed.py).

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

from pricing.cli import clinic, compare, equity, estimate, ledger, packet, sources, validate
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


COMMANDS: tuple[Command, ...] = (estimate, compare, ledger, validate, clinic, equity, sources)


def name_of(command: Command) -> str:
    """A command's name on the command line: its module's name."""
    module: str = command.__name__  # type: ignore[attr-defined]  # each command is a module
    return module.rsplit(".", 1)[-1]


class _Parser(argparse.ArgumentParser):
    """argparse with the contract's bad-input behaviour: exit 2 and one line, no usage block."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"usage: {one_line(message)}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top parser and each command's own; every command also takes `--evidence FILE.zip`
    (pricing.cli.packet), added here once."""
    top = _Parser(prog="python -m pricing", description=DESCRIPTION)
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    each: dict[str, argparse.ArgumentParser] = {}
    for command in COMMANDS:
        each[name_of(command)] = own = sub.add_parser(name_of(command), help=command.HELP)
        command.add_arguments(own)
        packet.add_option(own)
    return top, each


def parser() -> argparse.ArgumentParser:
    """The parser of every command in COMMANDS."""
    return parsers()[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0 done, 2 bad input)."""
    top, each = parsers()
    args = top.parse_args(sys.argv[1:] if argv is None else list(argv))
    command = {name_of(c): c for c in COMMANDS}[args.command]
    try:
        if args.evidence is not None:  # a packet that cannot be written is refused before work
            packet.check_path(args.evidence, getattr(args, "file", None))
        output = command.run(args)
        if args.evidence is not None:
            packet.write(args.command, each[args.command], args, output, command.run)
    except ScenarioError as err:
        # A file's problem is prefixed with the file's name; a bad option (`--months: ...`,
        # from the command or from pricing.api) is about no file.
        option = isinstance(err, ArgumentProblem) or err.field.startswith("--")
        file = None if option else getattr(args, "file", None)
        sys.stderr.write(f"{one_line(file)}: {err}\n" if file else f"{err}\n")
        return EXIT_BAD_INPUT
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0
