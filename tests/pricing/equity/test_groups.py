"""pricing.equity.groups: the population settled a kind at a time, alike households together.

- every household is in exactly one group, of its own kind, in an order that depends only on
  the population (the same population gives the same order);
- households in a group are ordered by the rules they have, so a chunk of them mostly has one;
- the split is made once per population and is not pickled with it;
- settling is per household: a population in any order settles to the same figures, household
  for household, to the bit (a group's order, its chunks and the rules they skip change nothing).
"""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pytest

from pricing.equity import TREATMENTS, Reforms, make_population
from pricing.equity.costs import CHUNK_HOUSEHOLDS, settle_population
from pricing.equity.groups import by_kind
from pricing.equity.population import KIND_CODE


def test_every_household_is_in_one_group_of_its_kind() -> None:
    pop = make_population(5_000, 11)
    groups = by_kind(pop)
    rows = np.concatenate([r for _, r, _ in groups])
    assert np.array_equal(np.sort(rows), np.arange(pop.n))
    for code, r, households in groups:
        assert np.all(pop.kind[r] == code)
        assert np.array_equal(households.income, pop.income[r])
        assert np.array_equal(households.accumulator, pop.accumulator[r])
    again = by_kind(make_population(5_000, 11))  # a new population drawn the same way
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(groups, again, strict=True))


def test_alike_households_sit_together() -> None:
    pop = make_population(5_000, 11)
    commercial = next(h for code, _, h in by_kind(pop) if code == KIND_CODE["commercial"])
    # Sorted by the accumulator first: one change from without to with, not thousands.
    assert int(np.count_nonzero(np.diff(commercial.accumulator.astype(int)))) <= 1


def test_the_split_is_made_once_and_not_pickled() -> None:
    pop = make_population(1_000, 2)
    assert by_kind(pop) is by_kind(pop)
    copy = pickle.loads(pickle.dumps(pop))  # noqa: S301 - our own object
    assert "_by_kind" not in copy.__dict__
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(by_kind(pop), by_kind(copy), strict=True))


@pytest.mark.parametrize("treatment", TREATMENTS)
def test_households_in_any_order_settle_to_the_same_figures(treatment: str) -> None:
    # More households than a chunk, so chunks differ in which households they hold.
    pop = make_population(CHUNK_HOUSEHOLDS + 3_000, 5)
    order = np.random.default_rng(1).permutation(pop.n)
    reforms = Reforms(ban_accumulators=False)
    first = settle_population(pop, treatment, reforms=reforms)
    shuffled = settle_population(pop.rows(order), treatment, reforms=reforms)
    for field in dataclasses.fields(first):
        assert np.array_equal(getattr(shuffled, field.name), getattr(first, field.name)[order])
