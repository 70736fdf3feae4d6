"""`python -m pricing compare FILE [--json] [--months N]` (DESIGN, "CLI additions").

The contract: `{"months": N, "treatments": {modality: <the estimate object>}}`, each treatment
priced for the same person exactly as `estimate --json` prints the file that person would write
for it; a readable table with the cheapest marked; bad input exits 2 with one line.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pricing import course, defaults
from pricing.cli import main
from tests.pricing.scenario.test_scenario import assert_one_line

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one in-process run (argparse's refusals exit)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as stop:
            status = int(stop.code or 0)
    return status, out.getvalue(), err.getvalue()


def write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


# A person on an employer plan in Minnesota (no observation rebate there), starting IV ketamine
# in December so the course crosses into a new plan year.
PERSON: dict[str, Any] = {
    "version": 1,
    "start_date": "2026-12-07",
    "state": "MN",
    "insurance": {"kind": "commercial"},
    "household": {"income": 52000, "size": 2},
    "payment": {"pretax_account": True, "marginal_tax_rate": 0.22},
}


@pytest.mark.parametrize("months", [6, 24])
def test_each_treatment_is_what_estimate_prints_for_its_file(tmp_path: Path, months: int) -> None:
    base = write(tmp_path / "me.yaml", {**PERSON, "modality": "iv_ketamine"})
    status, printed, errors = cli("compare", base, "--json", "--months", str(months))
    assert (status, errors) == (0, "")
    out = json.loads(printed)
    assert list(out) == ["months", "treatments"] and out["months"] == months
    assert list(out["treatments"]) == list(defaults.MODALITIES)
    for modality, obj in out["treatments"].items():
        phases = course.first_months(modality, months)
        own = {**PERSON, "modality": modality, "treatment": {"phases": phases}}
        status, alone, _ = cli("estimate", write(tmp_path / f"{modality}.yaml", own), "--json")
        assert status == 0
        assert obj == json.loads(alone), modality


def test_the_default_period_is_the_pages(tmp_path: Path) -> None:
    base = write(tmp_path / "me.yaml", {**PERSON, "modality": "spravato"})
    status, printed, _ = cli("compare", base, "--json")
    assert status == 0 and json.loads(printed)["months"] == defaults.compare_default_period_months()


def test_the_table_marks_the_cheapest_and_says_over_which_months() -> None:
    # scenarios/uninsured_iv_series.yaml, no insurance, first session 2027-01-04, 12 months.
    # At-home at its defaults: a first block of 6 sessions in 4 weeks, then every 4 weeks for
    # 52 - 4 = 48 weeks: 12 more, 18 sessions at the midpoint (165 + 215) / 2 = $190, no
    # intake (0) and no therapy: 18 x 190 = $3,420. IV, the person's own treatment at their
    # typed prices: 6 infusions in 2 weeks, then every 4 weeks for 50 weeks: ceil(50 / 4) = 13,
    # 19 at (400 + 800) / 2 = $600 plus the intake at (150 + 350) / 2 = $250: $11,650.
    # Spravato, two bills: 34 x (737.50 + 350) + 300 = $37,275. At-home is the cheapest.
    status, printed, errors = cli("compare", str(ROOT / "scenarios" / "uninsured_iv_series.yaml"))
    assert (status, errors) == (0, "")
    lines = printed.splitlines()
    assert lines[0] == "Compare treatments over 12 months: Jan 4, 2027 to Jan 3, 2028"
    marked = [line for line in lines if line.startswith("* ") and "$" in line]
    assert len(marked) == 1 and marked[0].split()[1] == "At-home"
    assert marked[0].split()[-2] == "$3,420"  # total mid
    iv = next(line for line in lines if line.startswith("  IV infusion"))
    assert iv.split()[-2] == "$11,650"
    assert "* cheapest over 12 months at midpoint prices" in printed


def test_the_table_shows_approved_and_refused_never_blended() -> None:
    # scenarios/employer_spravato_two_bills.yaml: an employer plan with a prior-authorisation
    # step for Spravato (approval chance 85%, the defaults').
    status, printed, _ = cli(
        "compare", str(ROOT / "scenarios" / "employer_spravato_two_bills.yaml"), "--months", "6"
    )
    assert status == 0
    status, obj, _ = cli(
        "compare",
        str(ROOT / "scenarios" / "employer_spravato_two_bills.yaml"),
        "--json",
        "--months",
        "6",
    )
    spravato = json.loads(obj)["treatments"]["spravato"]
    approved = spravato["out_of_pocket"]["mid"]
    refused = spravato["if_denied"]["out_of_pocket"]["mid"]
    line = next(x for x in printed.splitlines() if x.startswith("  Spravato: if approved"))
    assert f"${approved:,.0f}" in line and f"${refused:,.0f}" in line
    assert "about 85%" in line and "published claims study" in line
    assert "never an average" in printed
    chance = spravato["approval_chance"]
    blended = chance * approved + (1 - chance) * refused
    assert f"${blended:,.0f}" not in printed


@pytest.mark.parametrize(
    ("months", "said"),
    [
        ("0", "--months: must be a whole number from 2 to 60"),
        ("1", "--months: must be a whole number from 2 to 60"),
        ("61", "--months: must be a whole number from 2 to 60"),
        ("1.5", "usage: argument --months: '1.5' is not a whole number"),
        ("twelve", "usage: argument --months: 'twelve' is not a whole number"),
    ],
)
def test_a_bad_period_is_one_line_and_exit_2(months: str, said: str) -> None:
    example = str(ROOT / "scenarios" / "uninsured_iv_series.yaml")
    status, printed, errors = cli("compare", example, "--months", months)
    assert (status, printed) == (2, "")
    assert errors == said + "\n"
    assert_one_line(errors.removesuffix("\n"))


def test_a_bad_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nmodality: spravato\ninsurance: {kind: comercial}\n")
    status, printed, errors = cli("compare", str(bad), "--json")
    assert (status, printed) == (2, "")
    assert errors.startswith(f"{bad}: insurance.kind: 'comercial' is not one of")
    assert errors.count("\n") == 1
