"""Typed access to how plan terms vary from plan to plan (plan_distributions.yaml).

Every distribution comes back as (low, high, share) bands, lowest first, shares adding to 1, the
way population.income_brackets() hands out income: draw a band by its share, then a value
uniformly inside it (a band with low == high is a point mass). The one derived table, the
employer deductible, is built here from population.yaml's sourced commercial figures (see the
note in plan_distributions.yaml); the Medicare supplemental split is medicare.yaml's.
"""

from __future__ import annotations

from math import log
from statistics import NormalDist
from typing import Any

from pricing.defaults import load, population, value
from pricing.defaults import medicare as medicare_defaults

Band = tuple[float, float, float]


def _entry(name: str) -> dict[str, Any]:
    return dict(load("plan_distributions")["plan_distributions"][name])


def _banded(name: str) -> tuple[Band, ...]:
    """Bands from an entry's floor, inner edges, ceiling and shares."""
    entry = _entry(name)
    cuts = [
        float(value(entry["floor"])),
        *(float(e) for e in entry["edges"]),
        float(value(entry["ceiling"])),
    ]
    shares = [float(s) for s in entry["shares"]]
    return tuple(
        (low, high, share) for low, high, share in zip(cuts[:-1], cuts[1:], shares, strict=True)
    )


def employer_oop_max_bands() -> tuple[Band, ...]:
    """Employer single-coverage out-of-pocket maximums (USD per plan year), KFF 2024."""
    return _banded("employer_oop_max")


def medicare_advantage_moop_bands() -> tuple[Band, ...]:
    """Medicare Advantage in-network maximum out-of-pocket (USD per year), 2025 plan offerings."""
    return _banded("medicare_advantage_moop")


def medicare_advantage_moop_median(year: int) -> float | None:
    """National median Medicare Advantage maximum out-of-pocket in `year`, if published."""
    found = _entry("medicare_advantage_moop")["median_by_year"]["values_by_year"].get(year)
    return None if found is None else float(found)


def employer_deductible_bands() -> tuple[Band, ...]:
    """Employer single-coverage general annual deductibles (USD per plan year), first band the
    share with none; the rest a log-normal with population.yaml's KFF mean and assumed spread,
    cut at plan_distributions.yaml's edges (derived, not a published band table)."""
    entry = _entry("employer_deductible")
    spread = population.commercial_spread()
    sigma = spread.deductible_spread
    # A log-normal with mean M and log spread s has log-median ln(M) - s^2 / 2.
    law = NormalDist(mu=log(spread.deductible_mean) - sigma**2 / 2, sigma=sigma)
    edges = [float(e) for e in entry["edges"]]
    below = [0.0, *(law.cdf(log(e)) for e in edges), 1.0]
    lows = [0.0, *edges]
    highs = [*edges, float(value(entry["ceiling"]))]
    with_one = spread.share_with_deductible
    bands: list[Band] = [(0.0, 0.0, 1.0 - with_one)]
    for i, (low, high) in enumerate(zip(lows, highs, strict=True)):
        bands.append((low, high, with_one * (below[i + 1] - below[i])))
    return tuple(bands)


def medicare_supplement_split() -> dict[str, float]:
    """Traditional Medicare beneficiaries by supplemental cover ("medigap", "employer",
    "medicaid", "none"), shares adding to 1 (medicare.yaml, KFF from MCBS 2022)."""
    cover = medicare_defaults.enrolment()["traditional_cover"]
    return {str(kind): float(share) for kind, share in cover.items()}


def distribution_sources() -> dict[str, dict[str, Any]]:
    """Per table: unit, source id, as_of, note and uncertain flag (for the Sources page)."""
    found: dict[str, dict[str, Any]] = {}
    for name in ("employer_oop_max", "employer_deductible", "medicare_advantage_moop"):
        entry = _entry(name)
        found[name] = {
            "unit": str(entry["unit"]),
            "source": str(entry["source"]),
            "as_of": entry["as_of"],
            "note": " ".join(str(entry.get("note", "")).split()),
            "uncertain": bool(entry.get("uncertain", False)),
        }
    return found
