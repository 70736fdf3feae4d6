"""Regression tests for problems a review found (each worked by hand; see the comments)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pricing.estimate import estimate
from pricing.explain import walkthrough
from pricing.scenario import ScenarioError, from_dict, loads

ROOT = Path(__file__).resolve().parents[1]


def spravato(sessions: int, price: float, **insurance: object) -> dict:
    return {
        "version": 1, "modality": "spravato", "start_date": "2027-01-04",
        "treatment": {"price": price, "phases": [{"sessions": sessions, "weeks": sessions}]},
        "intake": {"price": 0},
        "insurance": {"kind": "commercial", "coinsurance": 0.2, **insurance},
    }  # fmt: skip


def test_met_deductible_counts_toward_the_out_of_pocket_maximum() -> None:
    # Deductible 1,500 already met, OOP max 2,000, 'OOP already paid' left at 0; 20% of $1,000.
    # What went to the deductible is part of the OOP paid, so only 2,000 - 1,500 = 500 is left:
    # sessions pay 200, 200, 100, then 0. Without that reading they would pay 2,000.
    data = spravato(6, 1000, deductible=1500, oop_max=2000,
                    met_this_year={"deductible": 1500, "oop": 0})  # fmt: skip
    assert estimate(from_dict(data), draws=0).out_of_pocket["mid"] == pytest.approx(500)


def test_deductible_met_flag_survives_float_drift() -> None:
    # Intake $0.10 and treatment $0.70 against a deductible of $0.80: 0.1 + 0.7 is
    # 0.7999999999999999 in floats, yet the deductible is met on the first treatment.
    data = spravato(2, 0.70, deductible=0.80, oop_max=100)
    data["intake"] = {"price": 0.10}
    led = estimate(from_dict(data), draws=0).ledger
    first_treatment = led[led["component"] == "treatment"].iloc[0]
    assert bool(first_treatment["deductible_met"])


def test_walkthrough_does_not_take_the_cap_off_twice() -> None:
    # Deductible 1,500, 20%, OOP max 1,700, four $1,000 sessions:
    # s1 1,000 to the deductible (OOP 1,000); s2 500 + 20% of 500 = 600 (OOP 1,600);
    # s3 20% = 200, capped at the 100 left: pays 100; s4 pays 0.
    steps = walkthrough(estimate(from_dict(spravato(4, 1000, deductible=1500, oop_max=1700)),
                                 draws=0))  # fmt: skip
    third = next(s for s in steps if s.startswith("Treatment session 3"))
    assert "your share is $100 coinsurance" in third
    assert "$100 less than the plan's usual share" in third
    assert third.endswith("so you pay $100.")
    fourth = next(s for s in steps if s.startswith("Treatment session 4"))
    assert "reached your out-of-pocket maximum" in fourth and fourth.endswith("so you pay $0.")


def test_walkthrough_keeps_apart_sessions_that_split_differently() -> None:
    # With an accumulator programme the patient pays $10 every time, but the deductible part
    # shrinks by $10 a session (1,500, 1,490, ...): each session needs its own sentence.
    data = spravato(3, 2000, deductible=1500, oop_max=9000)
    data["assistance"] = {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 8000},
                          "counts_toward_deductible": False}  # fmt: skip
    steps = walkthrough(estimate(from_dict(data), draws=0))
    assert any(s.startswith("Treatment session 1 ") for s in steps)
    assert any("$1,490 to your deductible" in s for s in steps)


def test_intro_when_the_cap_is_already_reached() -> None:
    data = spravato(2, 1000, deductible=1500, oop_max=6000,
                    met_this_year={"deductible": 0, "oop": 7000})  # fmt: skip
    steps = walkthrough(estimate(from_dict(data), draws=0))
    assert "$-" not in " ".join(steps)
    assert steps[0].startswith("You have already reached your out-of-pocket maximum")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "version: 1\nmodality: iv_ketamine\ninsurance: {kind: none}\ninsurance: {kind: none}\n",
            "line 4",
        ),
        (
            "version: 1\nmodality: iv_ketamine\ntreatment: {phases: [{sessions_per_week: 7, "
            "weeks: 100}]}\n",
            "treatment",
        ),
        (
            "version: 1\nmodality: iv_ketamine\ntreatment: {phases: [{every_weeks: 1, weeks: 300}]}\n",
            "treatment",
        ),
    ],
)
def test_files_the_review_found_too_lenient(text: str, field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        loads(text)
    assert err.value.field == field


def test_exponent_numbers_read_as_numbers() -> None:
    assert loads("version: 1\nmodality: iv_ketamine\ntreatment: {price: 1e3}\n"
                 ).treatment.price.low == 1000  # fmt: skip


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
