"""pricing.equity.evaluation: newly_affordable by hand, same seed same answer, run settings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pricing.equity import (
    Population,
    evaluate,
    levers,
    make_population,
    newly_affordable,
    run_settings,
    settle_population,
    thresholds,
)
from pricing.scenario import ScenarioError
from tests.pricing.equity.conftest import CAP_8000, PRICE


def test_newly_affordable_by_hand(six: Population) -> None:
    reform = CAP_8000.combine(levers(["ban_accumulators", "medicaid_covers_spravato"]))
    before = settle_population(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    after = settle_population(six, "spravato", "induction", PRICE, reforms=reform)
    got = newly_affordable(six, before, after, thresholds()["income_10"])
    # 10% of income: limits 2,000 / 10,000 / 10,000 / 1,200 / 1,200 / 3,100. Before: H1
    # (13,350) and H5 (13,054) priced out; after, H5 pays 100 -> one household newly reached.
    assert got["count"] == 1 and got["share"] == pytest.approx(1 / 6)
    assert got["no_longer_affordable"] == 0
    assert got["by_band"]["<100%"] == {"count": 1, "share": 0.5}  # H5 of H4, H5
    assert got["by_kind"]["medicaid"] == {"count": 1, "share": 0.5}
    # Spending counts the courses of those who take one, i.e. can afford it (pricing/equity/
    # tally.py): before H2, H3, H4, H6; after also H5. Insurers: H5's whole course, newly taken,
    # 13,350 - 25 x 4 = 13,250; H3 from 13,350 - shares 4,286 (300 + 707.50 + 350 + 419.50 +
    # 334 + 10 x 217.50) = 9,064 to H2's 10,350 (+1,286): +14,536 a year. Per person newly
    # reached: what insurers spend on H5's course, 13,250 (no longer the total change divided by
    # the people reached, issue 14 item 8).
    assert got["extra_insurer_spending"] == pytest.approx(14_536)
    assert got["extra_insurer_per_newly_reached"] == pytest.approx(13_250)
    assert got["people"] == 1
    assert got["extra_assistance_spending"] == pytest.approx(-1_266)


def test_same_seed_same_answer_other_seed_other_sample() -> None:
    a = evaluate(make_population(3000, 11), reforms={"p": levers(["coverage_parity"])})
    b = evaluate(make_population(3000, 11), reforms={"p": levers(["coverage_parity"])})
    assert json.dumps(a.summary()) == json.dumps(b.summary())  # NaN-safe equality
    c = make_population(3000, 12)
    assert not np.array_equal(c.income, make_population(3000, 11).income)
    assert a.threshold.name == "income_10"  # the default test


def test_run_settings_defaults_and_bounds() -> None:
    run = run_settings(None)
    # population.yaml: default_households 20,000, default_seed 20261121.
    # population.yaml default_course: the typical course (issue 15: the label course is a
    # sensitivity a file asks for).
    assert (run.households, run.seed, run.course) == (20_000, 20261121, "typical")
    assert run.states == () and run.uncertainty == 0
    assert run_settings(None, 500).households == 500
    with pytest.raises(ScenarioError, match="--households"):
        run_settings(None, 2_000_001)
