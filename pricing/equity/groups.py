"""Households as the ledger settles them: one insurance kind at a time, alike households together.

A chunk of households of one kind has one bill (Medicare's bundled Spravato claim or the two
bills, rule 8), and pricing.ledger.settle skips every rule nobody in a chunk has. So the rows of
each kind are put in an order (a stable one: the same population gives the same order) that keeps
households with the same rules together. The split is made once per population and kept on it:
every treatment, reform, price and parameter draw settled on that population reuses it (a
population's arrays are not changed once drawn; the copy is not pickled with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pricing.equity.population import KINDS, IntArray

if TYPE_CHECKING:
    from pricing.equity.population import Population

Group = tuple[int, IntArray, "Population"]  # kind code, its rows, those households
_KEPT = "_by_kind"


def by_kind(population: Population) -> tuple[Group, ...]:
    """Each insurance kind's households, kinds with none left out: (kind code, their rows in
    `population`, those households in that order)."""
    found: tuple[Group, ...] | None = population.__dict__.get(_KEPT)
    if found is None:
        groups = [(code, alike_rows(population, code)) for code in range(len(KINDS))]
        found = tuple((code, rows, population.rows(rows)) for code, rows in groups if rows.size)
        population.__dict__[_KEPT] = found
    return found


def alike_rows(population: Population, code: int) -> IntArray:
    """The rows of kind `code`, households with the same ledger rules next to each other: an
    accumulator programme, a copay, a Medigap plan, Medicaid's quarterly cap, and the Medicare
    cover (Advantage, or Traditional with or without a retiree plan paying second)."""
    pop = population
    rows = np.flatnonzero(pop.kind == code)
    keys = (  # np.lexsort: the last key sorts first
        pop.medicare_cover[rows],
        np.isfinite(pop.quarter_cap[rows]),
        pop.supplement[rows],
        pop.copay[rows] > 0,
        pop.accumulator[rows],
    )
    return np.asarray(rows[np.lexsort(keys)])
