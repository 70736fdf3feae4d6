"""Command-line input a review found accepted or mishandled (through a real subprocess).

Moved from tests/test_review_regressions.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "scenarios/uninsured_iv_series.yaml", "--seed", "-1"],
        ["clinic", "scenarios/clinic_iv_break_even.yaml", "--seed", "-1"],
    ],
)
def test_negative_seed_is_bad_input(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "pricing", *args], capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--seed" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_checks_the_equity_section(tmp_path: Path) -> None:
    bad = tmp_path / "e.yaml"
    bad.write_text("version: 1\nmodality: iv_ketamine\nequity: {mix: {household_sizes: {0: 1}}}\n")
    done = subprocess.run([sys.executable, "-m", "pricing", "validate", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 2 and "equity.mix.household_sizes" in done.stderr
