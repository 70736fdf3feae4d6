"""The example files for the clinic and equity tools run through their CLI commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "pricing", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def test_access_reforms_example() -> None:
    out = run("equity", "scenarios/access_reforms.yaml", "--households", "3000", "--json")
    assert set(out["reforms"]) == {
        "parity",
        "medicaid_spravato",
        "cap_500",
        "parity_and_sliding_scale",
    }
    base = out["priced_out"]
    assert set(base) == {"spravato", "iv_ketamine", "kap_lozenge", "at_home_ketamine"}
    parity = out["reforms"]["parity"]["priced_out"]
    # Insurers covering infusions like Spravato can only help infusion patients...
    assert parity["iv_ketamine"]["all"] < base["iv_ketamine"]["all"]
    # ...and leaves Spravato, already covered, exactly as it was.
    assert parity["spravato"] == base["spravato"]
    both = out["reforms"]["parity_and_sliding_scale"]["priced_out"]
    assert both["iv_ketamine"]["all"] <= parity["iv_ketamine"]["all"]


def test_clinic_example_matches_the_issue() -> None:
    out = run("clinic", "scenarios/clinic_iv_break_even.yaml", "--json")
    # Revenue 600 a session, margin 600 - 150 = 450; 120 delivered sessions:
    # profit 120 * 450 - 45,000 = 9,000; break-even 45,000 / 450 = 100 sessions a month.
    assert out["revenue_per_session"] == 600
    assert out["margin_per_session"] == 450
    assert out["monthly_profit"] == 9000
    assert out["break_even_sessions_per_month"] == 100
    assert 0 <= out["reach"] <= 1
