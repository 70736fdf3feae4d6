"""pricing/estimate.py: summaries by month and component, income shares, events, seeding, and
the memory an estimate takes (issue 11, defects 2 and 7).

Expected numbers are worked by hand in the comments (round prices, low = high unless said).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tracemalloc
from typing import Any

import numpy as np
import pytest

from pricing import course, defaults
from pricing.estimate import BOUNDS, PERCENTILES, estimate, price_rows
from pricing.ledger import COMPONENT_FIELDS, claims_for, settle, terms_for
from pricing.report import readable_summary
from pricing.scenario import (
    MAX_COURSE_WEEKS,
    MAX_THERAPY_SESSIONS,
    MAX_TREATMENT_SESSIONS,
    Scenario,
    ScenarioError,
    from_dict,
)


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
    # One vocabulary: the engine's payer names, no "you", "programme" or "written_off".
    assert list(table.columns) == ["billed", "patient", "insurer", "assistance", "write_off"]
    assert table.loc["intake", "patient"] == pytest.approx(200)
    assert table.loc["treatment", "patient"] == pytest.approx(1200)
    assert table.loc["therapy", "patient"] == pytest.approx(150)
    assert table.loc["treatment", "billed"] == pytest.approx(1200)
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
    # One draw per component per course: rows 3.. of the price table hold 4 prices each (intake,
    # drug, treatment, therapy: pricing.course.COMPONENTS), within their ranges, so every
    # infusion of a course costs the same.
    prices = price_rows(s, 50, 3)
    assert prices.shape == (3 + 50, len(course.COMPONENTS))
    treatment = course.COMPONENT_ORDER["treatment"]
    assert ((prices[3:, treatment] >= 400) & (prices[3:, treatment] <= 800)).all()
    assert "p10" not in estimate(s, draws=0).out_of_pocket
    # The default seed is the defaults' one.
    assert estimate(s, draws=10).seed == defaults.default_seed()


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


def test_tiny_income_gives_no_share_rather_than_infinity() -> None:
    # Out of pocket $1,100 over an income of 1e-320 dollars overflows to an infinite share; a
    # share that is not finite is "not meaningful": None, and left out of the summary and the
    # readable table like a missing income (issue 11, defect 9).
    tiny = estimate(make(household={"income": 1e-320, "size": 1}), draws=0)
    assert tiny.share_of_income() is None
    summary = tiny.summary()
    assert "share_of_income" not in summary
    assert "Share of household income" not in readable_summary(summary)
    # A zero income has no share either; a small real one still does: 1,100 / 100 = 11.
    assert estimate(make(household={"income": 0, "size": 1}), draws=0).share_of_income() is None
    small = estimate(make(household={"income": 100, "size": 1}), draws=0).share_of_income()
    assert small is not None and small["mid"] == pytest.approx(11)


def test_running_percentiles_equal_the_percentiles_of_every_course_by_claim() -> None:
    # The cumulative bands come from the ledger's running percentiles; they must be what the
    # full (draws x claims) table of cumulative payments gives, claim by claim.
    s = make(
        intake={"price": {"low": 100, "high": 300}},
        treatment={"price": {"low": 400, "high": 800}, "phases": [{"sessions": 4, "weeks": 2}]},
        therapy={"sessions": 2, "price": {"low": 100, "high": 200}},
        insurance={"kind": "commercial", "deductible": 900, "coinsurance": 0.3},
    )
    result = estimate(s, draws=200, seed=5)
    _, claims = claims_for(s)
    prices = price_rows(s, 200, 5)[3:]
    full = settle(
        dataclasses.replace(claims, component_price=prices), terms_for(s), 200, keep_claims=True
    )
    expected = np.percentile(np.cumsum(full.per_claim["patient"], axis=1), PERCENTILES, axis=0)
    cumulative = result.cumulative()
    for p, row in zip(PERCENTILES, expected, strict=True):
        np.testing.assert_allclose(cumulative[f"p{p}"], row, rtol=0, atol=1e-9)
    np.testing.assert_allclose(result.draw_totals["patient"], full.totals["patient"], atol=1e-9)


LARGEST_COURSE = {
    # The longest course the format allows: 600 treatment sessions in 260 weeks (one phase may
    # hold at most 500), 500 therapy sessions and the intake: 1,101 claims.
    "phases": [
        {"sessions": 500, "weeks": MAX_COURSE_WEEKS - 60},
        {"sessions": MAX_TREATMENT_SESSIONS - 500, "weeks": 60},
    ],
    "price": {"low": 400, "high": 800},
}


def test_largest_course_with_many_draws_stays_within_a_small_memory_budget() -> None:
    # Before: the estimate kept 13 claim fields for every draw and claim: with 3,000 draws of
    # the longest course that is 13 x 3,003 x 1,101 x 8 bytes = 344 MB, and 200,000 draws asked
    # for ~21 GiB (issue 11, defect 7). Now draws keep totals and running percentiles only: a
    # few dozen (draws,) arrays, 3,000 x 8 bytes = 23 KiB each. One (draws x claims) array
    # alone would be 3,000 x 1,101 x 8 bytes = 25 MiB; the whole estimate must peak below it.
    s = make(treatment=LARGEST_COURSE, therapy={"sessions": MAX_THERAPY_SESSIONS, "price": 150})
    draws = 3000
    tracemalloc.start()
    try:
        result = estimate(s, draws=draws, seed=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    claims = len(result.visits)
    assert claims == 1 + MAX_TREATMENT_SESSIONS + MAX_THERAPY_SESSIONS
    assert peak < draws * claims * 8 / 2, f"peak {peak / 2**20:.1f} MiB"
    # What the estimate keeps is a few hundred KB, not per-draw-per-claim arrays:
    # 13 fields x 3 bounds x 1,101 claims x 8 B = 343 KB, plus 6 x 3,000 x 8 B = 144 KB of totals.
    assert result.memory_bytes() < 2_000_000
    assert set(result.settlement.per_claim["patient"].shape) == {len(BOUNDS), claims}
    # Every table the page shows is still there.
    assert len(result.cumulative()) == claims and {"p10", "p90"} <= set(result.cumulative())
    assert len(result.ledger) == claims


def test_draws_above_the_limit_are_refused_with_one_line() -> None:
    most = defaults.max_monte_carlo_draws()
    with pytest.raises(ScenarioError, match=f"--draws: must be between 0 and {most:,}"):
        estimate(make(), draws=most + 1)
    with pytest.raises(ScenarioError):
        estimate(make(), draws=-1)


def test_by_component_adds_time_and_travel_as_the_patients() -> None:
    # 3 visits (intake + 2 infusions) x ($10 travel + 1 h x $20) = $90, paid by the patient.
    s = make(
        time_and_travel={"travel_cost_per_visit": 10, "hours_per_visit": 1, "hourly_value": 20}
    )
    row = estimate(s, draws=0).by_component().set_index("component").loc["time_and_travel"]
    assert row["patient"] == pytest.approx(90)
    assert [row[c] for c in COMPONENT_FIELDS if c != "patient"] == [0, 0, 0, 0]
