"""Typed access to the state table (states.yaml): 50 states and DC.

states.yaml is laid out by column: each column (households, median income, Gini index, income
brackets, insurance mix, Medicaid expansion, Medicare Advantage share, poverty region) is one
sourced entry with its unit, source and as_of, a `national` figure where the source gives one,
and a `by_state` mapping with one row per postal code. This module joins the columns into one
`StateFacts` per state, so callers never read the file's layout.

The insurance mix counts each person once, by a primary-kind hierarchy (states.yaml says which);
the file keeps employer, direct-purchase and military/VA apart, and `StateFacts.insurance` folds
them into "commercial" (the engine's four kinds, pricing.defaults.INSURANCE_KINDS).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pricing.defaults import INSURANCE_KINDS, load, sources

# The detailed kinds in the file, and the engine kind each one counts as.
DETAILED_KINDS: dict[str, str] = {
    "employer": "commercial",
    "direct": "commercial",
    "military": "commercial",
    "medicare": "medicare",
    "medicaid": "medicaid",
    "none": "none",
}
POVERTY_REGIONS = ("contiguous", "alaska", "hawaii")
# Columns whose provenance the Sources page lists (state_sources()).
COLUMNS = (
    "households",
    "median_income",
    "gini",
    "income_brackets",
    "insurance",
    "medicaid_expansion",
    "medicare_advantage_share",
    "poverty_region",
)


@dataclass(frozen=True)
class StateFacts:
    """One jurisdiction's row of the state table."""

    code: str
    name: str
    households: int
    median_income: float  # USD, household, past 12 months
    gini: float
    # (low, high, share) like population.income_brackets(); None where no bracket shares ship.
    income_brackets: tuple[tuple[float, float, float], ...] | None
    # Shares of people by primary kind: "none", "commercial" (employer, direct purchase and
    # military/VA), "medicare", "medicaid"; they add to 1.
    insurance: dict[str, float]
    medicaid_expansion: bool
    medicare_advantage_share: float | None  # share of Medicare enrolees in Medicare Advantage
    poverty_region: str  # "contiguous", "alaska" or "hawaii" (HHS poverty guidelines)


def _table() -> dict[str, Any]:
    return dict(load("states")["states"])


def _column(name: str) -> dict[str, Any]:
    return dict(_table()[name])


STATE_CODES: tuple[str, ...] = tuple(sorted(str(code) for code in _table()["names"]["by_state"]))


def _brackets(code: str) -> tuple[tuple[float, float, float], ...] | None:
    column = _column("income_brackets")
    shares = column.get("by_state", {}).get(code)
    if shares is None:
        return None
    edges = [float(e) for e in column["edges"]]
    top = float(column["top_upper"])
    highs = [*edges[1:], top]
    return tuple(
        (low, high, float(share)) for low, high, share in zip(edges, highs, shares, strict=True)
    )


def insurance_detail(code: str) -> dict[str, float]:
    """{detailed kind: share of people} as the file has it (employer, direct, military apart)."""
    row = _column("insurance")["by_state"][_checked(code)]
    return {str(kind): float(share) for kind, share in row.items()}


def _insurance(code: str) -> dict[str, float]:
    folded = dict.fromkeys(INSURANCE_KINDS, 0.0)
    for kind, share in insurance_detail(code).items():
        folded[DETAILED_KINDS[kind]] += share
    return folded


def _checked(code: str) -> str:
    if code not in STATE_CODES:
        raise ValueError(f"unknown state {code!r}")
    return code


@cache
def state(code: str) -> StateFacts:
    """The facts of one state or DC by postal code; ValueError("unknown state 'XX'") otherwise."""
    code = _checked(code)
    ma = _column("medicare_advantage_share").get("by_state", {}).get(code)
    return StateFacts(
        code=code,
        name=str(_column("names")["by_state"][code]),
        households=int(_column("households")["by_state"][code]),
        median_income=float(_column("median_income")["by_state"][code]),
        gini=float(_column("gini")["by_state"][code]),
        income_brackets=_brackets(code),
        insurance=_insurance(code),
        medicaid_expansion=bool(_column("medicaid_expansion")["by_state"][code]),
        medicare_advantage_share=None if ma is None else float(ma),
        poverty_region=str(_column("poverty_region")["by_state"][code]),
    )


def all_states() -> dict[str, StateFacts]:
    """{postal code: StateFacts} for all 51 jurisdictions, alphabetical by code."""
    return {code: state(code) for code in STATE_CODES}


def national_households() -> int:
    """The national household count of the source the states' households come from."""
    return int(_column("households")["national"])


def national_figure(column: str) -> Any:
    """A column's national figure as the source gives it (None where it gives none)."""
    return _column(column).get("national")


def row_note(column: str, code: str) -> str | None:
    """The note on one state's figure in a column (derived or uncertain rows), if any."""
    note = _column(column).get("notes", {}).get(_checked(code))
    return None if note is None else str(note)


def state_sources() -> dict[str, dict[str, Any]]:
    """Per column: unit, source id, source title and url, as_of, note and uncertain flag."""
    known = sources()
    found: dict[str, dict[str, Any]] = {}
    for name in COLUMNS:
        column = _column(name)
        ref = known[str(column["source"])]
        found[name] = {
            "unit": str(column["unit"]),
            "source": str(column["source"]),
            "title": str(ref["title"]),
            "url": ref.get("url"),
            "as_of": column["as_of"],
            "note": str(column.get("note", "")).strip(),
            "uncertain": bool(column.get("uncertain", False)),
        }
    return found
