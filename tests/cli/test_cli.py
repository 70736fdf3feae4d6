"""The command line through a real subprocess (docs/method.md, "CLI contract").

Bad input: exit status 2, exactly one line on stderr naming the field, no traceback, nothing on
stdout, nothing written in the working directory. Good input: the JSON keys, the ledger CSV
columns and `validate`. Speed is reported by `python -m bench` (bench/engine.py); the test only
holds a generous bound on the whole batch so a broken fast path cannot hide.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pricing.estimate import estimate
from pricing.scenario import load_file
from tests.pricing.scenario.test_scenario import BAD_INPUTS, assert_one_line

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "uninsured_iv_series.yaml"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pricing", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


# Every bad input through `estimate --json`; a few through the other commands (each run
# starts a Python process, ~0.3 s, so the whole list five times would slow the suite).
SAMPLE = {
    "malformed",
    "unknown key",
    "alias bomb",
    "!!int tag",
    "complex key",
    "integer of 4,301 digits",
    "base 60",
    "escape sequence in a value",
}
RUNS = [("estimate", case) for case in BAD_INPUTS] + [
    (command, case)
    for command in ("compare", "ledger", "validate", "clinic", "equity")
    for case in BAD_INPUTS
    if case[0] in SAMPLE
]


def test_every_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    started = time.perf_counter()
    for command, (case, data, expected) in RUNS:
        bad = tmp_path / "scenario.yaml"
        bad.write_bytes(data)
        before = snapshot(tmp_path)
        extra = (
            ["--json"]
            if command in ("estimate", "compare")
            else ["--csv"]
            if command == "ledger"
            else []
        )
        proc = run_cli(command, "scenario.yaml", *extra, cwd=tmp_path)
        assert proc.returncode == 2, f"{command} {case}: exit {proc.returncode}"
        assert proc.stdout == "", f"{case}: wrote to stdout"
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and proc.stderr.endswith("\n"), f"{case}: {proc.stderr!r}"
        assert_one_line(lines[0])
        assert "Traceback" not in proc.stderr
        assert lines[0].startswith("scenario.yaml: ")
        for part in expected:
            assert part in lines[0], f"{case}: {part!r} not in {lines[0]!r}"
        assert snapshot(tmp_path) == before, f"{case}: the working directory changed"
    elapsed = time.perf_counter() - started
    # Generous: each run is well under a second on an idle machine (see `python -m bench`);
    # this only catches a bad-input path that became slow (e.g. an alias bomb expanded).
    assert elapsed < 3.0 * len(RUNS), f"{len(RUNS)} bad-input runs took {elapsed:.1f} s"


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    missing = run_cli("estimate", "nowhere.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    draws = run_cli("estimate", str(EXAMPLE), "--draws", "-5", cwd=tmp_path)
    assert draws.returncode == 2 and draws.stderr.startswith("--draws")
    unknown = run_cli("frobnicate", cwd=tmp_path)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert list(tmp_path.iterdir()) == []


def test_estimate_json_has_every_key_of_the_contract(tmp_path: Path) -> None:
    proc = run_cli("estimate", str(EXAMPLE), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert isinstance(out["name"], str) and out["name"]
    assert set(out["visits"]) >= {"intake", "treatment", "therapy"}
    bounds = {"low", "mid", "high"}
    for key in (
        "billed",
        "out_of_pocket",
        "insurer_pays",
        "assistance_pays",
        "after_tax_out_of_pocket",
        "time_and_travel",
        "share_of_income",  # the example gives a household income
    ):
        assert set(out[key]) >= bounds, key
        assert out[key]["low"] <= out[key]["mid"] <= out[key]["high"], key
    assert set(out["out_of_pocket"]) >= {"p10", "p50", "p90"}
    # The same numbers as the engine the dashboard uses, rounded to cents.
    engine = estimate(load_file(EXAMPLE)).summary()
    for bound in ("low", "mid", "high", "p10", "p50", "p90"):
        assert out["out_of_pocket"][bound] == round(engine["out_of_pocket"][bound], 2)


def test_estimate_without_json_prints_a_table(tmp_path: Path) -> None:
    proc = run_cli("estimate", str(EXAMPLE), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "You pay (out of pocket)" in proc.stdout
    assert "IV ketamine series, no insurance" in proc.stdout.splitlines()[0]


def test_ledger_csv_columns(tmp_path: Path) -> None:
    proc = run_cli("ledger", str(EXAMPLE), "--csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    required = {
        "date",
        "component",
        "price",
        "allowed",
        "deductible",
        "coinsurance",
        "patient",
        "insurer",
        "assistance",
        "plan_year",
    }
    assert rows and required <= set(rows[0])
    # One row per visit: 1 intake + 6 initial infusions + ceil(24 / 4) = 6 boosters.
    assert len(rows) == 13
    assert [r["component"] for r in rows[:2]] == ["intake", "treatment"]


def test_ledger_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "version: 1\nmodality: iv_ketamine\n"
        "treatment: {price: 500, phases: [{name: '=HYPERLINK(\"x\")', sessions: 1, weeks: 1}]}\n"
    )
    proc = run_cli("ledger", "s.yaml", "--csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    phases = [r["phase"] for r in csv.DictReader(io.StringIO(proc.stdout))]
    assert '\'=HYPERLINK("x")' in phases
    assert not any(p.startswith("=") for p in phases)


def test_validate(tmp_path: Path) -> None:
    (tmp_path / "two.yaml").write_text("version: 1\nmodality: spravato\n")
    proc = run_cli("validate", "two.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("ok: ") and "spravato" in proc.stdout


EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_the_examples_the_issue_asks_for_exist() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {
        "uninsured_iv_series",
        "employer_spravato_withme",
        "medicare_spravato",
        "kap_out_of_network_therapy",
        "at_home_telehealth",
        "plan_year_crossing",
    } <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_scenario_estimates(tmp_path: Path, path: Path) -> None:
    proc = run_cli("estimate", str(path), "--json", "--draws", "200", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    oop, billed = out["out_of_pocket"], out["billed"]
    assert 0 <= oop["low"] <= oop["p10"] <= oop["p50"] <= oop["p90"] <= oop["high"] or (
        out["assistance_pays"]["high"] > 0  # with a programme the chain may bend (golden quirk)
    )
    for bound in ("low", "mid", "high"):
        paid = (
            oop[bound]
            + out["insurer_pays"][bound]
            + out["assistance_pays"][bound]
            + out["write_off"][bound]
        )
        assert paid == pytest.approx(billed[bound], abs=0.05)
    kind = load_file(path).insurance.kind
    if kind == "none":
        assert oop["mid"] == billed["mid"] and out["insurer_pays"]["mid"] == 0
    if kind == "medicare":
        assert out["assistance_pays"]["high"] == 0  # the programme excludes Medicare
    if path.stem == "employer_spravato_withme":
        # The whole course falls in 2027: the programme pays at most its yearly maximum.
        assert 0 < out["assistance_pays"]["high"] <= 7150
    if path.stem == "kap_out_of_network_therapy":
        assert out["insurer_pays"]["mid"] > 0  # the superbill pays something back
        assert out["after_tax_out_of_pocket"]["mid"] == pytest.approx(oop["mid"] * 0.78, abs=0.02)
    if path.stem == "plan_year_crossing":
        years = set(estimate(load_file(path), draws=0).ledger["plan_year"])
        assert years == {1, 2}


# ---------------------------------------------------------------------------------------------
# The command modules (issue 9): one per command, an explicit registry, cheap to import.


def test_every_command_module_keeps_the_contract() -> None:
    from pricing import cli

    names = [cli.name_of(c) for c in cli.COMMANDS]
    assert names == ["estimate", "compare", "ledger", "validate", "clinic", "equity", "sources"]
    for command in cli.COMMANDS:
        assert isinstance(command.HELP, str) and command.HELP
        parser = argparse.ArgumentParser()
        command.add_arguments(parser)  # each command reads a file (equity: optionally)
        reads_file = "file" in {action.dest for action in parser._actions}
        assert reads_file or cli.name_of(command) == "sources"  # the defaults' table: no file
    source = "".join(p.read_text() for p in (ROOT / "pricing" / "cli").glob("*.py"))
    assert "__import__" not in source and "importlib" not in source


def test_help_lists_every_registered_command(tmp_path: Path) -> None:
    from pricing import cli

    proc = run_cli("--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "{estimate,compare,ledger,validate,clinic,equity,sources}" in proc.stdout
    flat = " ".join(proc.stdout.split())  # argparse wraps long help lines
    for command in cli.COMMANDS:
        assert " ".join(command.HELP.split()) in flat


# A bad file is refused before numpy, pandas or an engine module is imported: that is what
# makes `clinic` and `equity` as quick to refuse one as `estimate` (issue 11, defect 9: they took
# 0.9 s because pricing.clinic and pricing.equity, with pandas, were imported first).
ENGINE = (
    "numpy",
    "pandas",
    "pricing.ledger",
    "pricing.estimate",
    "pricing.clinic",
    "pricing.equity",
)
PROBE = """
import sys
from pricing.cli import main
status = main(sys.argv[1:])
heavy = [m for m in ENGINE if m in sys.modules]
sys.stderr.write(f"status {status} imported {heavy}\\n")
"""


@pytest.mark.parametrize(
    "command", ["estimate", "compare", "ledger", "validate", "clinic", "equity"]
)
def test_a_bad_file_is_refused_before_the_engine_is_imported(command: str, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("version: 1\nmodality: iv_ketamine\nintake: {price: -5}\n")
    probe = PROBE.replace("ENGINE", repr(ENGINE))
    proc = subprocess.run(
        [sys.executable, "-c", probe, command, "bad.yaml"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stderr.splitlines() == [
        "bad.yaml: intake.price.low: input should be greater than or equal to 0",
        "status 2 imported []",
    ]


def test_a_good_file_still_reaches_the_engine(tmp_path: Path) -> None:
    # The imports inside `run` are real: the clinic command computes the issue's example.
    proc = run_cli("clinic", str(ROOT / "scenarios" / "clinic_iv_break_even.yaml"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Margin per session:         $450" in proc.stdout  # 600 revenue - 150 direct cost


TABLES = ("pandas", "pyarrow")  # a few hundred ms of imports; only a printed table needs them
ONLY_NUMPY = """
import sys
from pricing.cli import main
status = main(sys.argv[1:])
sys.stderr.write(f"status {status} imported {[m for m in TABLES if m in sys.modules]}\\n")
"""


@pytest.mark.parametrize("options", [[], ["--json"]], ids=["readable", "json"])
def test_an_estimate_does_not_import_pandas(options: list[str], tmp_path: Path) -> None:
    # Issue 19: the command's own answer is numbers and sentences; pandas was imported by
    # pricing.estimate for the dashboard's tables.
    probe = ONLY_NUMPY.replace("TABLES", repr(TABLES))
    example = str(ROOT / "scenarios" / "spravato_typical_course.yaml")
    proc = subprocess.run(
        [sys.executable, "-c", probe, "estimate", example, *options],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stderr.splitlines() == ["status 0 imported []"]
    assert "Spravato, a typical first year" in proc.stdout


# ---------------------------------------------------------------------------------------------
# One line on stderr whatever a file name or an argument holds (issue 11, defect 4).

HOSTILE = ["new\nline", "carriage\rreturn", "colour\x1b[31mred", "separator\u2028here"]


@pytest.mark.parametrize("name", HOSTILE, ids=ascii)
def test_a_file_name_with_control_characters_is_escaped(name: str, tmp_path: Path) -> None:
    (tmp_path / f"{name}.yaml").write_text("version: 1\nmodality: iv_ketamin\n")
    shown = name.encode("unicode_escape").decode("ascii")  # e.g. new\\nline, colour\\x1b[31mred
    bad = run_cli("validate", f"{name}.yaml", cwd=tmp_path)
    missing = run_cli("estimate", f"gone {name}.yaml", cwd=tmp_path)
    for proc in (bad, missing):
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n")
        assert_one_line(proc.stderr.removesuffix("\n"))
    assert bad.stderr.startswith(f"{shown}.yaml: modality: 'iv_ketamin' is not one of")
    assert missing.stderr.startswith(f"gone {shown}.yaml: file: cannot read gone {shown}.yaml")


@pytest.mark.parametrize("name", HOSTILE, ids=ascii)
def test_bad_arguments_with_control_characters_are_escaped(name: str, tmp_path: Path) -> None:
    for args in (
        ("estimate", str(EXAMPLE), "--seed", name),  # our own seed type echoes it
        ("validate", str(EXAMPLE), name),  # argparse's "unrecognized arguments" echoes it raw
        (name,),
    ):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.startswith("usage: ") and proc.stderr.count("\n") == 1
        assert_one_line(proc.stderr.removesuffix("\n"))


@pytest.mark.parametrize("command", ["validate", "estimate", "ledger"])
@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("name", '"a\\nb\\e[31m"'),
        ("name", '"FAKE: your cost is \\e[1;31m$0\\r"'),
        ("treatment.phases[0].name", None),
    ],
)
def test_names_with_control_characters_are_refused(
    command: str, where: str, text: str | None, tmp_path: Path
) -> None:
    # Issue 20, defect 5: `estimate` and `ledger` printed a name with ESC, CR or LF raw, so a file
    # could paint "FAKE: your cost is $0" in red. Names are refused where they enter, so no
    # command, page or report ever prints one; the message itself shows it escaped.
    body = "version: 1\nmodality: spravato\n"
    if text is not None:
        body += f"name: {text}\n"
    else:
        body += 'treatment:\n  phases:\n    - {name: "x\\e]0;pwned\\a", sessions: 2, weeks: 1}\n'
    (tmp_path / "s.yaml").write_text(body)
    extra = ["--csv"] if command == "ledger" else []
    proc = run_cli(command, "s.yaml", *extra, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"s.yaml: {where}: must not contain control characters (found \\")
    assert_one_line(proc.stderr.removesuffix("\n"))
