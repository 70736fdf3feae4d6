"""What the CLI prints for every example in scenarios/, and where the saved copies live.

`tests/cli/expected/` holds one file per output (the commands are those of /work/wt/cmp.sh):
- an ordinary file NAME.yaml: `estimate --json` -> NAME.estimate.json, `estimate` -> NAME.estimate.txt,
  `ledger --csv` -> NAME.ledger.csv;
- clinic_*.yaml: `clinic --json` -> NAME.clinic.json, `clinic` -> NAME.clinic.txt;
- access_*.yaml: `equity --json` -> NAME.equity.json, `equity` -> NAME.equity.txt;
- the few files in COMPARED also `compare --json` -> NAME.compare.json, `compare` -> NAME.compare.txt
  (every treatment for that person: one person per insurance kind).

The commands run in-process through `pricing.cli.main` with the repository as working directory
and the file named as `scenarios/NAME.yaml`, exactly as `python -m pricing CMD scenarios/NAME.yaml`.

After an intended change of a figure, regenerate and review the diff before committing:

    .venv/bin/python -m tests.cli.regenerate            # every example
    .venv/bin/python -m tests.cli.regenerate medicaid   # only files whose name contains "medicaid"
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
EXPECTED = Path(__file__).resolve().parent / "expected"


@dataclass(frozen=True)
class Output:
    """One saved output: the example, the command line, and the file that holds what it prints."""

    scenario: str  # file stem, e.g. "medicaid_spravato"
    command: str
    suffix: str  # e.g. "estimate.json"
    flags: tuple[str, ...] = ()

    @property
    def argv(self) -> list[str]:
        return [self.command, f"scenarios/{self.scenario}.yaml", *self.flags]

    @property
    def expected(self) -> Path:
        return EXPECTED / f"{self.scenario}.{self.suffix}"

    @property
    def id(self) -> str:
        return f"{self.scenario}.{self.suffix}"


# One person per insurance kind: uninsured, employer plan (two bills, withMe and the rebate),
# Original Medicare (the bundled G-code), Medicaid (prior authorisation, the quarterly cap).
COMPARED = frozenset(
    {"uninsured_iv_series", "employer_spravato_two_bills", "medicare_spravato", "medicaid_spravato"}
)


def outputs_of(stem: str) -> list[Output]:
    if stem.startswith("clinic_"):
        return [
            Output(stem, "clinic", "clinic.json", ("--json",)),
            Output(stem, "clinic", "clinic.txt"),
        ]
    if stem.startswith("access_"):
        return [
            Output(stem, "equity", "equity.json", ("--json",)),
            Output(stem, "equity", "equity.txt"),
        ]
    compared = (
        [
            Output(stem, "compare", "compare.json", ("--json",)),
            Output(stem, "compare", "compare.txt"),
        ]
        if stem in COMPARED
        else []
    )
    return [
        Output(stem, "estimate", "estimate.json", ("--json",)),
        Output(stem, "estimate", "estimate.txt"),
        Output(stem, "ledger", "ledger.csv", ("--csv",)),
        *compared,
    ]


def examples() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


def all_outputs() -> list[Output]:
    return [o for stem in examples() for o in outputs_of(stem)]


@contextlib.contextmanager
def _in_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def run(output: Output) -> tuple[int, bytes, str]:
    """Exit status, stdout (UTF-8 bytes, as the shell would see them) and stderr of one command."""
    from pricing.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _in_root(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(output.argv)
    return status, out.getvalue().encode("utf-8"), err.getvalue()
