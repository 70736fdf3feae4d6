"""The `clinic` command (pricing/cli/clinic.py): JSON figures, capacity, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.pricing.clinic.cases import ISSUE_EXAMPLE

ROOT = Path(__file__).resolve().parents[3]


def run_cli(tmp_path: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    file = tmp_path / "clinic.yaml"
    file.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(file), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_json_for_the_issue_example(tmp_path: Path) -> None:
    done = run_cli(tmp_path, ISSUE_EXAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["revenue_per_session"] == 600
    assert out["margin_per_session"] == 450
    assert out["delivered_sessions_per_month"] == 120
    assert out["monthly_profit"] == 9000
    assert out["break_even_sessions_per_month"] == 100
    # Rooms and hours left out: clinic.yaml's 3 x 8 h x 60 x 21 days = 30,240 min / 100 = 302.4.
    assert out["capacity_sessions_per_month"] == 302.4
    assert 0 <= out["reach"] <= 1
    assert out["reach"] == out["reach_detail"]["share"]
    assert out["reach_detail"]["by_treatment"][0]["course_sessions"] == 6  # six infusions


def test_cli_capacity_when_rooms_and_hours_are_given(tmp_path: Path) -> None:
    # 3 rooms x 8 h x 60 x 21 days = 30,240 minutes / 120-minute sessions = 252.
    text = ISSUE_EXAMPLE.replace(
        "price: 600, direct_cost: 150}", "price: 600, direct_cost: 150, session_minutes: 120}"
    )
    text += "  rooms: 3\n  hours_per_day: 8\n  days_per_month: 21\n"
    out = json.loads(run_cli(tmp_path, text, "--json").stdout)
    assert out["capacity_sessions_per_month"] == 252


def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    done = run_cli(tmp_path, ISSUE_EXAMPLE.replace("share: 1.0", "share: 0.8"), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "clinic.offerings" in lines[0]
    assert "Traceback" not in done.stderr


def test_cli_without_a_clinic_section(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "version: 1\nmodality: iv_ketamine\n")
    assert done.returncode == 2
    assert "clinic" in done.stderr and len(done.stderr.strip().splitlines()) == 1
