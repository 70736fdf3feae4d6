"""pricing.equity.affordability: the tests' edges, the default threshold, the priced-out table."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from pricing.equity import (
    DEFAULT_THRESHOLD,
    Population,
    affordable,
    default_threshold,
    out_of_pocket,
    priced_out_table,
    thresholds,
)
from tests.pricing.equity.conftest import CAP_8000, PRICE


def test_affordable_edges() -> None:
    oop = np.array([0.0, 100.0, 100.0, 100.01])
    income = np.array([0.0, 1000.0, 0.0, 1000.0])
    # Paying nothing is affordable even without income; exactly at the threshold is affordable.
    assert list(affordable(oop, income, 0.10)) == [True, True, False, False]
    subsistence = np.array([5000.0, 500.0, 0.0, 0.0])
    # capacity = max(income - subsistence, 0) = [0, 500, 0, 1000]; 40% = [0, 200, 0, 400]
    assert list(affordable(oop, income, 0.40, "capacity", subsistence)) == [True, True, False, True]


def test_the_default_test_is_ten_percent_of_income() -> None:
    # population.yaml default_threshold: income_10 (SDG 3.8.2's lower line).
    chosen = default_threshold()
    assert (chosen.name, chosen.rule, chosen.share) == ("income_10", "income", 0.10)
    assert DEFAULT_THRESHOLD == "income_10"
    assert chosen.label == "10% of income"
    assert thresholds()["capacity_40"].label == "40% of capacity to pay"
    assert thresholds()["capacity_40"].base == "capacity to pay"
    # Without a share, affordable() uses the default's 10%: 100 of 1,000 is in, 100.01 is out.
    assert list(affordable(np.array([100.0, 100.01]), np.array([1000.0, 1000.0]))) == [
        True,
        False,
    ]


def test_golden_priced_out_table(six: Population) -> None:
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    # Poverty %: H1 125% (100-138), H2/H3 462% (400+), H4/H5 75% (<100), H6 31,000/21,640 = 143%.
    # At 10% of income: H1 (13,350 of 20,000) and H5 (13,054 of 12,000) are priced out; H6 pays
    # 3,000.80 of 31,000 (9.7%).
    table = priced_out_table(six, {"spravato": oop}, 0.10, "income")["spravato"]
    assert table["<100%"] == pytest.approx(0.5)
    assert table["100-138%"] == 1.0
    assert table["138-200%"] == 0.0
    assert math.isnan(table["200-400%"])  # nobody in that band
    assert table["400%+"] == 0.0
    assert table["all"] == pytest.approx(2 / 6)
    default = priced_out_table(six, {"spravato": oop})["spravato"]  # the default test: 10%
    assert json.dumps(default) == json.dumps(table)  # NaN-safe equality
    # 40% of capacity to pay: H6's capacity is 31,000 - 21,640 = 9,360, 40% = 3,744 >= 3,000.80;
    # H4's income is below the line (capacity 0) so any payment above 0 prices it out.
    capacity = priced_out_table(six, {"spravato": oop}, 0.40, "capacity")["spravato"]
    assert capacity["138-200%"] == 0.0
    assert capacity["<100%"] == 1.0
