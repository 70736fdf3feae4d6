"""pricing/estimate.py: summaries by month and component, income shares, events and seeding.

Expected numbers are worked by hand in the comments (round prices, low = high unless said).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from pricing.estimate import estimate
from pricing.scenario import Scenario, from_dict


def make(**fields: Any) -> Scenario:
    raw: dict[str, Any] = {
        "version": 1,
        "modality": "iv_ketamine",
        "start_date": "2027-01-25",
        "treatment": {"price": 500, "phases": [{"every_weeks": 1, "weeks": 2}]},
        "therapy": {"sessions": 0, "price": 0},
        "intake": {"price": 100},
        "insurance": {"kind": "none"},
    }
    raw.update(fields)
    return from_dict(raw)


def test_monthly_totals_follow_the_visit_dates() -> None:
    # Intake $100 and infusion $500 on Mon 2027-01-25; infusion $500 on 2027-02-01.
    # January: 2 visits, 600; February: 1 visit, 500.
    monthly = estimate(make(), draws=0).monthly()
    assert list(monthly["month"]) == [dt.date(2027, 1, 1), dt.date(2027, 2, 1)]
    assert list(monthly["visits"]) == [2, 1]
    assert list(monthly["mid"]) == [600, 500]


def test_income_share_and_poverty_percent() -> None:
    # Household of 4 at $33,000: the 2026 guideline for 4 is 15,960 + 3 * 5,680 = 33,000,
    # so 100% of poverty. Out of pocket 1,100 -> 1,100 / 33,000 = 1/30 of income.
    summary = estimate(make(household={"income": 33000, "size": 4}), draws=0).summary()
    assert summary["poverty_percent"] == pytest.approx(100)
    assert summary["share_of_income"]["mid"] == pytest.approx(1100 / 33000)
    # Without an income there is no share.
    assert "share_of_income" not in estimate(make(), draws=0).summary()


def test_components_and_cumulative_add_up_to_the_totals() -> None:
    # Price ranges this time: intake 100-300, infusions 400-800 (x2), therapy 100-200 (x1).
    s = make(
        intake={"price": {"low": 100, "high": 300}},
        treatment={"price": {"low": 400, "high": 800}, "phases": [{"sessions": 2, "weeks": 1}]},
        therapy={"sessions": 1, "price": {"low": 100, "high": 200}},
    )
    result = estimate(s, draws=100, seed=7)
    # mid: 200 + 2 * 600 + 150 = 1,550.
    assert result.out_of_pocket["mid"] == pytest.approx(1550)
    table = result.by_component("mid").set_index("component")
    assert table.loc["intake", "you"] == pytest.approx(200)
    assert table.loc["treatment", "you"] == pytest.approx(1200)
    assert table.loc["therapy", "you"] == pytest.approx(150)
    cumulative = result.cumulative()
    last = cumulative.iloc[-1]
    for bound in ("low", "mid", "high"):
        assert last[bound] == pytest.approx(result.out_of_pocket[bound])
    assert {"p10", "p50", "p90"} <= set(cumulative.columns)


def test_monte_carlo_is_seeded() -> None:
    s = make(
        treatment={"price": {"low": 400, "high": 800}, "phases": [{"sessions": 3, "weeks": 1}]}
    )
    a = estimate(s, draws=300, seed=1).out_of_pocket
    b = estimate(s, draws=300, seed=1).out_of_pocket
    c = estimate(s, draws=300, seed=2).out_of_pocket
    assert a == b
    assert a["p50"] != c["p50"]
    # One draw per component per course: every infusion of a simulated course costs the same.
    draws = estimate(s, draws=50, seed=3).settlement.per_claim["billed"][3:]
    infusions = draws[:, 1:]  # column 0 is the intake
    assert np.allclose(infusions, infusions[:, :1])
    assert "p10" not in estimate(s, draws=0).out_of_pocket


def test_deductible_met_event_is_dated() -> None:
    # Commercial plan, everything in network, deductible 700, 20%: intake $0, infusions $500
    # on Jan 25 and Feb 1. Jan 25: d = 500. Feb 1: d = 200 -> deductible met on Feb 1.
    s = make(
        intake={"price": 0},
        insurance={
            "kind": "commercial",
            "deductible": 700,
            "coinsurance": 0.2,
            "coverage": {
                "treatment": "in_network",
                "therapy": "in_network",
                "intake": "in_network",
            },
        },
    )
    events = estimate(s, draws=0).events()
    met = [e for e in events if e["event"] == "deductible_met"]
    assert [e["date"] for e in met] == [dt.date(2027, 2, 1)]
