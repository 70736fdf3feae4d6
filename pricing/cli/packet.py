"""`--evidence FILE.zip` on every command: the packet behind what the command printed.

Added once, by the dispatcher (pricing.cli), to every command's parser; no command knows about
it. The packet (pricing.evidence) holds the scenario file as given, so its command names
`scenario.yaml` and carries every option the person gave (--json, --seed, --draws, --months...):
run in the unpacked folder, it prints the same bytes. The printed data as CSV is always the
`--json` object flattened (for `ledger`, the `--csv` ledger): when the person asked for the
readable form, the command is run a second time for it.
"""

from __future__ import annotations

import argparse
import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pricing.cli.args import ArgumentProblem
from pricing.scenario import MAX_FILE_BYTES, ScenarioError
from pricing.scenario.errors import echo

OPTION = "--evidence"
DEST = "evidence"


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        OPTION,
        dest=DEST,
        metavar="FILE.zip",
        default=None,
        help="also write the evidence packet (data, sources, scenario, command) to this zip",
    )


def check_path(path: str, scenario_file: str | None = None) -> Path:
    """Refuse, before any work, a packet path whose folder does not exist or cannot be written,
    or that names the scenario file itself (the packet would overwrite it)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ArgumentProblem(OPTION, f"'{echo(path)}' is a folder; name a .zip file in it")
    if scenario_file is not None and target.resolve() == Path(scenario_file).resolve():
        raise ArgumentProblem(OPTION, f"'{echo(path)}' is the scenario file; name another file")
    if not folder.is_dir():
        raise ArgumentProblem(OPTION, f"folder '{echo(folder)}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ArgumentProblem(OPTION, f"folder '{echo(folder)}' cannot be written")
    return target


def reproducing_argv(
    name: str, parser: argparse.ArgumentParser, args: argparse.Namespace
) -> list[str]:
    """The command as given, in canonical form: the scenario file renamed to the packet's copy,
    each option the person set (flags that are on, values that were given), no --evidence."""
    from pricing.evidence import SCENARIO_FILE

    argv = [name]
    options: list[str] = []
    for action in parser._actions:  # argparse has no public list of a parser's arguments
        value = getattr(args, action.dest, None)
        if action.dest in (DEST, "help") or value is None:
            continue
        if not action.option_strings:
            argv.append(SCENARIO_FILE)  # the one positional: the scenario file
        elif action.nargs == 0:  # a flag (store_true): written when on
            options += [action.option_strings[-1]] if value else []
        elif value != action.default:
            options += [action.option_strings[-1], str(value)]
    return argv + options


def _data_form(args: argparse.Namespace) -> str | None:
    """The attribute that asks for the printed data: json, csv (ledger) or none (validate)."""
    return next((form for form in ("json", "csv") if hasattr(args, form)), None)


def write(
    name: str,
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    output: str,
    run: Callable[[argparse.Namespace], str],
) -> None:
    """Build the packet for one command's printed `output` and write it to args.evidence."""
    from pricing import evidence

    target = check_path(args.evidence, getattr(args, "file", None))
    form = _data_form(args)
    data_text = output
    if form is not None and not getattr(args, form):
        again = copy.copy(args)
        setattr(again, form, True)
        data_text = run(again)
    scenario_file, scenario, label = _scenario(name, args)
    if form == "json":
        import json

        data_csv = evidence.figures_csv(json.loads(data_text))
        about = evidence.FIGURES_ABOUT
    elif form == "csv":
        data_csv, about = data_text, LEDGER_ABOUT
    else:
        data_csv, about = evidence.figures_csv({"result": output.rstrip("\n")}), VALIDATE_ABOUT
    printed = output if output.endswith("\n") else output + "\n"
    suffix = (
        "json" if form == "json" and args.json else "csv" if form == "csv" and args.csv else "txt"
    )
    modalities = _modalities(name)
    packet = evidence.Packet(
        commands=[reproducing_argv(name, parser, args)],
        output_name=f"output.{suffix}",
        output=printed,
        data_csv=data_csv,
        data_about=about,
        scenario_files={} if scenario_file is None else {evidence.SCENARIO_FILE: scenario_file},
        scenario=scenario,
        name=label,
        sources=evidence.sources_used(name, _filled(name, args), modalities),
        made_on=evidence.packet_date(),
    )
    try:
        target.write_bytes(evidence.build(packet))
    except OSError as err:
        raise ArgumentProblem(OPTION, f"cannot write '{echo(target)}': {err.strerror}") from None


def _modalities(name: str) -> list[str]:
    if name != "compare":
        return []
    from pricing.defaults import MODALITIES

    return list(MODALITIES)


def _filled(name: str, args: argparse.Namespace) -> Any:
    """The filled Scenario for the scenario-level commands (None for equity: it reads tables)."""
    if name == "equity" or getattr(args, "file", None) is None:
        return None
    from pricing.scenario import load_file

    return load_file(args.file)


def _scenario(name: str, args: argparse.Namespace) -> tuple[bytes | None, Any, str]:
    """The file's bytes as given, the filled scenario as plain data, and its name."""
    path = getattr(args, "file", None)
    if path is None:
        return None, None, f"python -m pricing {name} (no scenario file)"
    try:
        with open(path, "rb") as fh:
            given = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {path}: {err.strerror}") from None
    if name == "equity":
        from pricing.cli.equity import load_section

        section = load_section(path)
        data = None if section is None else {"equity": section.model_dump(mode="json")}
        return given, data, Path(path).stem
    from pricing.scenario import load_file, to_dict

    scenario = load_file(path)
    return given, to_dict(scenario), scenario.name


LEDGER_ABOUT = (
    "The ledger, one row per claim in settlement order: `date`, `component` (intake, drug, "
    "treatment, therapy), `phase` of the course, `coverage` (not_covered, in_network, "
    "out_of_network), `price` billed, `allowed` amount, the patient's share as `deductible`, "
    "`coinsurance` and `copay` parts, `cap_saving` (what a cap took off the share), `patient` "
    "(paid by the person), `insurer`, `assistance` (manufacturer programme and rebate), "
    "`write_off` (billed above the allowed amount), `plan_year` (1 = the first), "
    "`deductible_met`, `oop_max_reached`, `programme_cap_reached` (True once reached), "
    "`time_and_travel` and `patient_after_tax`; money in USD to the cent"
)
VALIDATE_ABOUT = "One row: `path` result, `value` what validate printed, `unit` blank"
