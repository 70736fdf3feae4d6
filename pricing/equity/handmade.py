"""Hand-made populations for tests and worked examples: households given one by one, each kind's
default plan terms unless a term is given (pricing.equity.population draws the real ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import pricing.equity.medicare as medicare_mix
from pricing.equity.population import (
    KIND_CODE,
    Population,
    _cap,
    _medicare_terms,
    _plan,
    band_of,
    oon_terms,
    poverty_guidelines,
)


def households(
    income: Sequence[float],
    size: Sequence[int],
    kind: Sequence[str],
    medicare: Sequence[str] | None = None,
    **terms: Sequence[float] | Sequence[bool],
) -> Population:
    """A hand-made population (tests, examples): plan terms default to each kind's default plan
        (commercial: the employer plan with its out-of-network benefit; Medicare: the cover named in
        `medicare`, pricing.equity.medicare.COVERS, default "original"), no savings; any term (and
    `savings`) can be given."""
    income_a = np.asarray(income, dtype=np.float64)
    size_a = np.asarray(size, dtype=np.int64)
    kind_a = np.array([KIND_CODE[k] for k in kind], dtype=np.int64)
    n = income_a.shape[0]
    subsistence = poverty_guidelines(size_a)
    poverty_percent = 100.0 * income_a / subsistence
    oon_names = ("oon_deductible", "oon_coinsurance", "oon_allowed_share", "oon_oop_max")
    base: dict[str, list[float]] = {
        name: [] for name in ("deductible", "coinsurance", "copay", "oop_max", *oon_names)
    }
    for k in kind:
        plan = _plan(k)
        base["deductible"].append(float(plan["deductible"]))
        base["coinsurance"].append(float(plan["coinsurance"]))
        base["copay"].append(float(plan["copay"]))
        base["oop_max"].append(_cap(plan["oop_max"]))
        for name, val in zip(oon_names, oon_terms(k == "commercial"), strict=True):
            base[name].append(val)
    values: dict[str, Any] = {k: np.asarray(v, dtype=np.float64) for k, v in base.items()}
    covers = ["original"] * n if medicare is None else list(medicare)
    cover = np.array([medicare_mix.COVER_CODE[c] for c in covers], dtype=np.int64)
    _medicare_terms(kind_a, cover, income_a, values)
    values["part_d"] = np.zeros(n, dtype=bool)
    values["accumulator"] = np.zeros(n, dtype=bool)
    values["coverage_draw"] = np.zeros(n)
    values["approval_draw"] = np.zeros(n)
    values["expansion_state"] = np.ones(n, dtype=bool)
    values["savings"] = np.zeros(n)  # no savings unless given
    for name, given in terms.items():
        if name not in values:
            raise TypeError(f"unknown household term {name}")
        values[name] = np.asarray(given, dtype=values[name].dtype)
    return Population(
        income=income_a,
        size=size_a,
        poverty_percent=poverty_percent,
        band=band_of(poverty_percent),
        kind=kind_a,
        subsistence=subsistence,
        **values,
    )
