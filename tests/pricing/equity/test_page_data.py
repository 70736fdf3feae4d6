"""pricing.equity.page_data: what the page offers and the tables it shows."""

from __future__ import annotations

import pytest

from pricing import course
from pricing.equity import TREATMENTS, levers, make_population, page_choices, page_data
from pricing.equity.page_data import sweep_prices


def test_page_choices_come_from_the_parameters() -> None:
    choices = page_choices()
    # population.yaml page_household_choices, with the default 20,000 among them.
    assert choices.households == (5_000, 20_000, 100_000)
    assert choices.default_households in choices.households
    assert choices.seed == 20261121
    assert choices.default_threshold == "income_10"
    assert choices.default_focus in choices.treatments
    assert choices.lever_defaults == {
        "price_cap": 500.0,
        "manufacturer_annual_max": 15_000.0,
        "oop_cap": 2_000.0,
    }


def test_sweep_prices() -> None:
    # $400 to $1,500 in $100 steps: 12 prices, both ends included.
    prices = sweep_prices()
    assert prices[0] == 400 and prices[-1] == 1500 and len(prices) == 12


def test_page_data_says_which_course_it_prices() -> None:
    population = make_population(600, 4)
    data = page_data(population, "induction", "income_25", levers(["price_cap"]), "iv_ketamine")
    assert data.courses == {t: course.describe_named(t, "induction") for t in TREATMENTS}
    assert data.threshold.share == 0.25 and data.levers == ["price_cap"]
    assert data.seed == 20261121
    assert len(data.sweep["all"]) == len(data.sweep_prices)
    assert sum(data.kind_shares.values()) == pytest.approx(1.0)
    # A price cap never prices more households out than today.
    assert data.priced_out_reform["iv_ketamine"]["all"] <= data.priced_out["iv_ketamine"]["all"]
