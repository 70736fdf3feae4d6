"""Typed access to the state table (states.yaml): 50 states and DC.

states.yaml is laid out by column: each column is one sourced entry with its unit, source and
as_of, a `national` figure where the source gives one and `by_state`, one row per postal code.
This module joins the columns into one `StateFacts` per state, so callers never read the
file's layout, and it holds the three rules that turn source figures into the engine's figures
(each described in the column's note in states.yaml):

- households: each state's 2018 count moved by its own population growth 2018-2023
  (households per person stay the state's 2018 figure), then all scaled by one factor to the
  2023 national total;
- income brackets: the 2018 bracket shares, their dollar edges moved to the state's 2023
  median level (edge x median 2023 / median 2018);
- insurance: one kind per person, Medicare first: the 2024 uninsured rate, everyone with
  Medicare (2023), people under 65 with Medicaid (2023) less those with Medicare too (2018),
  and the rest private cover split as in the 2018 hierarchy; employer, direct purchase and
  military/VA fold into "commercial" (the engine's kinds, pricing.defaults.INSURANCE_KINDS).

It also holds the rule for each state's Medicaid federal share (medicaid_federal_share: the
state's FMAP, blended with the expansion match in expansion states) and its national figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pricing.defaults import INSURANCE_KINDS, load, sources, value

# The detailed kinds in the file, and the engine kind each one counts as.
DETAILED_KINDS: dict[str, str] = {
    "employer": "commercial",
    "direct": "commercial",
    "military": "commercial",
    "medicare": "medicare",
    "medicaid": "medicaid",
    "none": "none",
}
# The kinds of private cover, split as in the 2018 hierarchy (states.yaml insurance_2018).
_PRIVATE_KINDS = ("employer", "direct", "military")
POVERTY_REGIONS = ("contiguous", "alaska", "hawaii")
# Columns whose provenance the Sources page lists (state_sources()), in the file's order.
COLUMNS = (
    "households",
    "population_2018",
    "population_2023",
    "median_income",
    "gini",
    "income_brackets",
    "insurance_2018",
    "medicare_2023",
    "medicaid_under_65_2023",
    "duals_under_65_2018",
    "uninsured",
    "uninsured_2024",
    "age_65_plus",
    "medicaid_expansion",
    "medicaid_fmap",
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


def _rows(name: str) -> dict[str, Any]:
    return dict(_column(name).get("by_state") or {})


STATE_CODES: tuple[str, ...] = tuple(sorted(str(code) for code in _rows("names")))


def _checked(code: str) -> str:
    if code not in STATE_CODES:
        raise ValueError(f"unknown state {code!r}")
    return code


# --- the three derivations ---------------------------------------------------------------------


def _households_moved(code: str) -> float:
    """The state's 2018 household count times its population growth 2018 to 2023."""
    growth = float(_rows("population_2023")[code]) / float(_rows("population_2018")[code])
    return float(_rows("households")[code]) * growth


@cache
def _household_scale() -> float:
    """National total the moved counts are scaled to, over the sum of the moved counts."""
    moved = sum(_households_moved(code) for code in STATE_CODES)
    return float(value(_column("households")["scaled_to"])) / moved


def _brackets(code: str) -> tuple[tuple[float, float, float], ...] | None:
    column = _column("income_brackets")
    shares = (column.get("by_state") or {}).get(code)
    if shares is None:
        return None
    factor = float(_rows("median_income")[code]) / float(column["median_2018"]["by_state"][code])
    lows = [float(edge) * factor for edge in column["edges"]]
    highs = [*lows[1:], float(value(column["top_upper"])) * factor]
    return tuple(
        (low, high, float(share)) for low, high, share in zip(lows, highs, shares, strict=True)
    )


def uninsured_rate(code: str) -> tuple[float, int]:
    """(uninsured share of people, its year): the uninsured_2024 column, which has every state.

    The 2022 column (`uninsured`) stays in the file as a documented figure; the engine does not
    read it."""
    column = _column("uninsured_2024")
    return float(column["by_state"][_checked(code)]), int(column["as_of"])


def insurance_detail(code: str) -> dict[str, float]:
    """{detailed kind: share of people}, employer, direct and military apart, adding to 1.

    none = the 2024 uninsured rate; medicare = everyone with Medicare (2023); medicaid = people
    under 65 with Medicaid (2023) less those who also have Medicare (2018); the rest is private
    cover, split into employer, direct purchase and military as in the 2018 hierarchy."""
    code = _checked(code)
    none, _ = uninsured_rate(code)
    medicare = float(_rows("medicare_2023")[code])
    medicaid = float(_rows("medicaid_under_65_2023")[code]) - float(
        _rows("duals_under_65_2018")[code]
    )
    private = 1.0 - none - medicare - medicaid
    split = {kind: float(_rows("insurance_2018")[code][kind]) for kind in _PRIVATE_KINDS}
    scale = private / sum(split.values())
    return {
        **{kind: share * scale for kind, share in split.items()},
        "medicare": medicare,
        "medicaid": medicaid,
        "none": none,
    }


def _insurance(code: str) -> dict[str, float]:
    folded = dict.fromkeys(INSURANCE_KINDS, 0.0)
    for kind, share in insurance_detail(code).items():
        folded[DETAILED_KINDS[kind]] += share
    return folded


# --- the interface the equity model uses -------------------------------------------------------


@cache
def state(code: str) -> StateFacts:
    """The facts of one state or DC by postal code; ValueError("unknown state 'XX'") otherwise."""
    code = _checked(code)
    ma = _rows("medicare_advantage_share").get(code)
    return StateFacts(
        code=code,
        name=str(_rows("names")[code]),
        households=round(_households_moved(code) * _household_scale()),
        median_income=float(_rows("median_income")[code]),
        gini=float(_rows("gini")[code]),
        income_brackets=_brackets(code),
        insurance=_insurance(code),
        medicaid_expansion=bool(_rows("medicaid_expansion")[code]),
        medicare_advantage_share=None if ma is None else float(ma),
        poverty_region=str(_rows("poverty_region")[code]),
    )


def all_states() -> dict[str, StateFacts]:
    """{postal code: StateFacts} for all 51 jurisdictions, alphabetical by code."""
    return {code: state(code) for code in STATE_CODES}


def national_households() -> int:
    """The national household total the states' households add up to (within rounding)."""
    return int(value(_column("households")["scaled_to"]))


def national_figure(column: str) -> Any:
    """A column's national figure as its source gives it (None where it gives none)."""
    return _column(column).get("national")


def population(code: str) -> int:
    """Civilian noninstitutionalized people in the state, ACS 2023 (the insurance tables' universe)."""
    return int(_rows("population_2023")[_checked(code)])


def weighted_national(share_of: Callable[[str], float]) -> float:
    """A national share rebuilt from state shares, each weighted by the state's people (2023).

    The check that a state column agrees with the national figure its source publishes, e.g.
    weighted_national(lambda code: uninsured_rate(code)[0])."""
    people = {code: float(population(code)) for code in STATE_CODES}
    return sum(share_of(code) * n for code, n in people.items()) / sum(people.values())


def medicaid_federal_share(code: str) -> float:
    """The federal share of the state's Medicaid payments for the adults the equity model prices.

    The rule: Medicaid pays for an adult at the state's regular FMAP (traditional adults:
    parents, people with disabilities) or, for the ACA expansion group, at the expansion
    match (0.90, every expansion state). Which group a sample household is in is not known, so
    a state without the expansion pays at its FMAP, and an expansion state at the blend
    e x 0.90 + (1 - e) x FMAP, e being the expansion group's share of enrollees: one national
    figure for every expansion state (states.yaml medicaid_fmap, its expansion_fmap and
    expansion_group_share). Medicaid's payments after Medicare for dual enrollees take the same
    share, though duals are never in the expansion group."""
    fmap = float(_rows("medicaid_fmap")[_checked(code)])
    if not bool(_rows("medicaid_expansion")[code]):
        return fmap
    share = expansion_group_share()
    return share * expansion_match() + (1.0 - share) * fmap


def expansion_match() -> float:
    """The federal share of spending on the ACA expansion group (0.90 by statute from 2020)."""
    return float(value(_column("medicaid_fmap")["expansion_fmap"]))


def expansion_group_share() -> float:
    """e in medicaid_federal_share: the expansion group's share of Medicaid enrollees in the
    expansion states (one national figure)."""
    return float(value(_column("medicaid_fmap")["expansion_group_share"]))


def medicaid_people(code: str) -> float:
    """People with Medicaid as their kind in the state (population x its Medicaid share)."""
    return population(code) * insurance_detail(code)["medicaid"]


@cache
def national_medicaid_federal_share() -> float:
    """medicaid_federal_share of the nation: each state's share weighted by its Medicaid people.

    For the national population (no state), whose Medicaid households stand for every state's."""
    people = {code: medicaid_people(code) for code in STATE_CODES}
    total = sum(people.values())
    return sum(medicaid_federal_share(code) * n for code, n in people.items()) / total


def age_65_plus_share(code: str) -> float:
    """Share of the state's people aged 65 and over (2018; see states.yaml)."""
    return float(_rows("age_65_plus")[_checked(code)])


def row_note(column: str, code: str) -> str | None:
    """The note on one state's figure in a column (derived or uncertain rows), if any."""
    note = (_column(column).get("notes") or {}).get(_checked(code))
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
            "note": " ".join(str(column.get("note", "")).split()),
            "uncertain": bool(column.get("uncertain", False)),
        }
    return found
