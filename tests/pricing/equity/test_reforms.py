"""pricing.equity.reforms: lever names, defaults and combination."""

from __future__ import annotations

import pytest

from pricing.defaults import population as params
from pricing.equity import LEVER_NAMES, Reforms, SlidingScale, active_levers, lever, levers
from pricing.equity.reforms import reforms_from_section
from pricing.scenario import ScenarioError, from_dict


def test_every_lever_has_words_and_the_defaults_know_it() -> None:
    assert set(params.lever_texts()) == set(LEVER_NAMES)
    assert params.sliding_scale_tiers() == ((100.0, 0.5), (200.0, 0.3))


def test_lever_defaults_come_from_population_yaml() -> None:
    assert lever("price_cap") == Reforms(price_cap=500.0)
    assert lever("manufacturer_cap") == Reforms(manufacturer_annual_max=15_000.0)
    assert lever("price_cap", price_cap=450) == Reforms(price_cap=450)
    assert SlidingScale.default().limit == 200.0
    with pytest.raises(ScenarioError, match="equity.reforms"):
        lever("price_cpa")


def test_levers_combine_and_name_themselves_in_order() -> None:
    both = levers(["sliding_scale", "coverage_parity", "manufacturer_cap"])
    assert both.coverage_parity and both.sliding_scale == SlidingScale.default()
    # LEVER_NAMES order, whatever order they were pulled in.
    assert active_levers(both) == ["coverage_parity", "manufacturer_cap", "sliding_scale"]
    assert active_levers(Reforms()) == []


def test_reforms_from_a_scenario_section() -> None:
    section = from_dict(
        {
            "version": 1,
            "modality": "iv_ketamine",
            "equity": {"reforms": {"cap": {"price_cap": 450, "oon_therapy": True}}},
        }
    ).equity
    assert section is not None
    assert reforms_from_section(section.reforms) == {
        "cap": Reforms(price_cap=450.0, oon_therapy=True)
    }
    assert reforms_from_section(None) == {}


def test_a_parameter_of_zero_is_a_lever_pulled_not_left_out() -> None:
    # A $0 cap is a cap: combining keeps it (0.0 once counted as "not set", like False).
    assert Reforms(price_cap=500.0).combine(Reforms(price_cap=0.0)).price_cap == 0.0
    assert Reforms(oop_cap=0.0).combine(Reforms(coverage_parity=True)).oop_cap == 0.0
    assert Reforms(coverage_parity=True).combine(Reforms()).coverage_parity
    section = from_dict(
        {
            "version": 1,
            "modality": "iv_ketamine",
            "equity": {"reforms": {"free": {"price_cap": 0, "oop_cap": 0}}},
        }
    ).equity
    assert section is not None
    assert reforms_from_section(section.reforms) == {"free": Reforms(price_cap=0.0, oop_cap=0.0)}
