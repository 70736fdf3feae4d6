"""`--evidence FILE.zip` on every command: unpack the packet, run its command in the unpacked
folder (a real `python -m pricing` process), and get what the command printed, byte for byte.

Also: the data CSV is the printed object's figures (or the ledger), two runs give the same zip,
and a packet that cannot be written is one line on stderr and exit 2 before any work is shown.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pricing import evidence
from pricing.cli import main

ROOT = Path(__file__).resolve().parents[2]
EPOCH = str(20_454 * 86_400)  # 2026-01-01, so every run in a test makes the same packet

# (command, example or None, options): each command once, the readable forms too (their data
# comes from a second run), options that change figures carried into the packet's command (in
# the order the command declares them: the packet writes them in that order).
CASES = [
    ("estimate", "uninsured_iv_series", ["--json", "--draws", "300", "--seed", "7"]),
    ("estimate", "employer_spravato_two_bills", []),
    ("compare", "medicaid_spravato", ["--json", "--months", "6", "--draws", "100"]),
    ("ledger", "plan_year_crossing", ["--csv", "--bound", "high"]),
    ("ledger", "uninsured_iv_series", []),
    ("validate", "medicare_spravato", []),
    ("clinic", "clinic_iv_break_even", ["--json", "--households", "2000", "--seed", "3"]),
    ("equity", "access_reforms", ["--households", "2000"]),
    ("equity", None, ["--households", "1000", "--json"]),
    # Issue 15's run: by state, reforms stacked, payers, bands; on two local processes.
    ("equity", "access_by_state", ["--households", "200", "--json", "--workers", "2"]),
    ("sources", None, ["--json"]),
    ("sources", None, []),
]


def run_here(argv: list[str]) -> tuple[int, bytes, str]:
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    finally:
        os.chdir(before)
    return status, out.getvalue().encode(), err.getvalue()


def run_process(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "pricing", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )


def unpack(zipped: Path, into: Path) -> dict[str, object]:
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(into)
    meta: dict[str, object] = json.loads((into / "metadata.json").read_text())
    return meta


@pytest.mark.parametrize(("command", "example", "options"), CASES)
def test_the_packets_command_reprints_the_output_byte_for_byte(
    command: str,
    example: str | None,
    options: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    zipped = tmp_path / "packet.zip"
    files = [f"scenarios/{example}.yaml"] if example else []
    status, printed, errors = run_here([command, *files, *options, "--evidence", str(zipped)])
    assert (status, errors) == (0, "")
    folder = tmp_path / "unpacked"
    meta = unpack(zipped, folder)

    line = shlex.split(str(meta["command"]))
    assert line[:4] == ["python", "-m", "pricing", command]
    assert line[4:] == (["scenario.yaml"] if example else []) + options  # the options as given
    again = run_process(line[3:], cwd=folder)
    assert again.returncode == 0, again.stderr
    assert again.stdout == printed
    assert (folder / str(meta["output_file"])).read_bytes() == printed
    if example:
        assert (folder / "scenario.yaml").read_bytes() == (ROOT / files[0]).read_bytes()
        assert meta["scenario"]
    assert meta["sources"]
    readme = (folder / "README.md").read_text()
    for name in os.listdir(folder):
        assert f"`{name}`" in readme


def data_rows(folder: Path) -> dict[str, str]:
    with (folder / "data.csv").open(newline="") as fh:
        return {row["path"]: row["value"] for row in csv.DictReader(fh)}


def test_a_readable_estimate_packet_holds_the_json_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    example = "scenarios/employer_spravato_withme.yaml"
    _, as_json, _ = run_here(["estimate", example, "--json"])
    status, text, _ = run_here(["estimate", example, "--evidence", str(tmp_path / "p.zip")])
    assert status == 0 and not text.startswith(b"{")  # the table was printed, not JSON
    meta = unpack(tmp_path / "p.zip", tmp_path / "u")
    assert meta["output_file"] == "output.txt"
    rows = data_rows(tmp_path / "u")
    printed = json.loads(as_json)
    assert rows["out_of_pocket.mid"] == json.dumps(printed["out_of_pocket"]["mid"])
    assert rows["billed.high"] == json.dumps(printed["billed"]["high"])
    assert len(rows) == len(list(evidence.flatten(printed)))


def test_a_ledger_packet_holds_the_ledger(tmp_path: Path) -> None:
    example = "scenarios/plan_year_crossing.yaml"
    _, ledger_csv, _ = run_here(["ledger", example, "--csv"])
    run_here(["ledger", example, "--evidence", str(tmp_path / "p.zip")])
    unpack(tmp_path / "p.zip", tmp_path / "u")
    assert (tmp_path / "u" / "data.csv").read_bytes() == ledger_csv


def test_two_runs_give_the_same_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in ("a.zip", "b.zip"):
        run_here(
            ["estimate", "scenarios/medicare_spravato.yaml", "--evidence", str(tmp_path / name)]
        )
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def refused(zip_path: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    example = ROOT / "scenarios" / "uninsured_iv_series.yaml"
    return run_process(["estimate", str(example), "--json", "--evidence", zip_path], cwd)


@pytest.mark.parametrize(
    "where", ["missing folder", "a file as folder", "a folder", "unwritable", "the scenario"]
)
def test_a_packet_that_cannot_be_written_is_one_line_and_exit_2(where: str, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    paths = {
        "missing folder": str(tmp_path / "nope" / "p.zip"),
        "a file as folder": str(tmp_path / "file.txt" / "p.zip"),
        "a folder": str(tmp_path),
        # root may write anywhere a mode allows nothing; /proc takes no new files from anyone
        "unwritable": "/proc/p.zip" if os.geteuid() == 0 else str(locked / "p.zip"),
        "the scenario": str(ROOT / "scenarios" / "uninsured_iv_series.yaml"),
    }
    done = refused(paths[where], tmp_path)
    locked.chmod(0o700)
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("--evidence: "), lines
    assert "Traceback" not in lines[0]
    example = ROOT / "scenarios" / "uninsured_iv_series.yaml"
    assert example.read_bytes().startswith(b"#") or b"version" in example.read_bytes()
