"""The hand-worked ledger cases in tests/pricing/ledger/cases/, one YAML file per case.

A case is added without writing Python (as OpenFisca's and PolicyEngine's YAML tests are): name
the file as a sentence saying what happens, write the arithmetic by hand first, as comments, and
give the figures it arrives at. Prices are single numbers (low = high), so the mid row is the one
that matters, and Monte Carlo is off unless `draws` says otherwise.

    # the arithmetic, worked by hand before the code was run
    inputs:            # a scenario, exactly as a scenarios/*.yaml file would hold it
      version: 1
      ...
    draws: 0           # optional (default 0)
    expected:          # optional keys; each one present is checked
      totals: {patient: 1040}          # Estimate.settlement.totals at the mid bound
      summary:                         # Estimate.summary(), by dotted path; a value found
        out_of_pocket.mid: 230         #   there is compared whole (dicts and lists too)
      poverty_percent: 125.0           # Estimate.poverty_percent
      scenario:                        # the scenario as filled from the dated defaults
        insurance.oop_max: 12000
      warnings: [[projected, "$12,000"]]   # for each list, some warning holds all its words
      first_warning: [commercially insured]  # the first warning holds all these words
    ledger:            # optional: per claim, in date order, by component then column
      treatment:
        patient: [300, 300, 300, 140]

Numbers match to a millionth of a dollar; booleans and text exactly. Every case also checks that
patient + insurer + assistance + write-off = billed. Cases that compare two runs, or that must be
refused, are Python: test_programme_quirk.py and tests/pricing/scenario/test_real_bills_input.py.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from pricing.estimate import Estimate, estimate
from pricing.scenario import from_dict

CASES = Path(__file__).resolve().parent / "cases"
FILES = sorted(CASES.glob("*.yaml"))
TOLERANCE = 1e-6
CASE_KEYS = {"inputs", "draws", "expected", "ledger"}
EXPECTED_KEYS = {"totals", "summary", "poverty_percent", "scenario", "warnings", "first_warning"}


def differences(actual: Any, expected: Any, where: str) -> list[str]:
    """Where `actual` differs from `expected` (numbers within TOLERANCE, bools and text exactly)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(expected):
            return [f"{where}: {actual!r}, expected {expected!r}"]
        return [d for k in expected for d in differences(actual[k], expected[k], f"{where}.{k}")]
    if isinstance(expected, list):
        actual = list(actual) if isinstance(actual, list | tuple | pd.Series) else actual
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: {actual!r}, expected {expected!r}"]
        found = [
            d for i, e in enumerate(expected) for d in differences(actual[i], e, f"{where}[{i}]")
        ]
        if found:  # the whole column reads better than one element
            shown = [
                round(float(a), 6) if isinstance(a, int | float) and not isinstance(a, bool) else a
                for a in actual
            ]
            return [f"{where}: {shown}, expected {expected}"]
        return []
    if isinstance(expected, bool) or actual is None or expected is None:
        return [] if actual == expected else [f"{where}: {actual!r}, expected {expected!r}"]
    if isinstance(expected, int | float):
        ok = isinstance(actual, int | float) and math.isclose(
            float(actual), expected, rel_tol=0, abs_tol=TOLERANCE
        )
        return [] if ok else [f"{where}: {actual!r}, expected {expected!r}"]
    return [] if actual == expected else [f"{where}: {actual!r}, expected {expected!r}"]


def at_path(value: Any, path: str) -> Any:
    """`value` followed along a dotted path, through dicts and attributes."""
    for key in path.split("."):
        value = value[key] if isinstance(value, dict) else getattr(value, key)
    return value


def as_plain(value: Any) -> Any:
    """numpy scalars as Python numbers, so comparisons and messages read plainly."""
    return value.item() if hasattr(value, "item") else value


def check(case: dict[str, Any]) -> list[str]:
    """Every difference between what the case expects and what the engine computes."""
    unknown = set(case) - CASE_KEYS | set(case.get("expected") or {}) - EXPECTED_KEYS
    assert not unknown, (
        f"unknown keys {sorted(unknown)} (known: {sorted(CASE_KEYS | EXPECTED_KEYS)})"
    )
    assert case.get("expected") or case.get("ledger"), "a case must expect something"
    scenario = from_dict(case["inputs"])
    result: Estimate = estimate(scenario, draws=case.get("draws", 0))
    expected = case.get("expected") or {}
    found: list[str] = []

    totals = {k: float(v[1]) for k, v in result.settlement.totals.items()}  # row 1: mid
    for key, value in (expected.get("totals") or {}).items():
        found += differences(totals.get(key), value, f"totals.{key}")
    paid = totals["patient"] + totals["insurer"] + totals["assistance"] + totals["write_off"]
    found += differences(paid, totals["billed"], "patient + insurer + assistance + write_off")

    summary = result.summary()
    for path, value in (expected.get("summary") or {}).items():
        found += differences(as_plain(at_path(summary, path)), value, f"summary.{path}")
    if "poverty_percent" in expected:
        found += differences(result.poverty_percent, expected["poverty_percent"], "poverty_percent")
    for path, value in (expected.get("scenario") or {}).items():
        found += differences(at_path(scenario, path), value, f"scenario.{path}")

    warnings = result.warnings
    for words in expected.get("warnings") or []:
        if not any(all(w in text for w in words) for text in warnings):
            found.append(f"no warning holds all of {words}: {warnings}")
    if "first_warning" in expected:
        words = expected["first_warning"]
        if not warnings or not all(w in warnings[0] for w in words):
            found.append(f"the first warning does not hold all of {words}: {warnings}")

    ledger = result.ledger_at("mid")
    for component, columns in (case.get("ledger") or {}).items():
        rows = ledger[ledger["component"] == component]
        for column, values in columns.items():
            actual = [as_plain(v) for v in rows[column]]
            found += differences(actual, values, f"ledger {component}.{column}")
    return found


def test_there_are_cases() -> None:
    assert len(FILES) >= 30, f"expected the hand-worked cases in {CASES}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = check(case)
    assert not found, f"{path.name}:\n  " + "\n  ".join(found)
