"""Property-based tests of the ledger and the estimate over generated scenarios (hypothesis).

Invariants (issue 2, "Tests that must exist"):
- patient + insurer + assistance + write-off = billed, per claim and in total;
- the patient never pays more than was billed for a claim (nor less than nothing);
- in a plan year, the in-network patient share never exceeds the OOP max less what was met;
- without a manufacturer programme, out-of-pocket never falls when a price rises, and
  low <= p10 <= p50 <= p90 <= high (with a programme both can fail legitimately: see
  tests/pricing/ledger/test_programme_quirk.py);
- estimate_many over a mixed batch equals estimate() row by row, so padding short courses
  with empty claims changes nothing;
- an estimate's Monte Carlo totals (kept without per-claim arrays) are the sums of the claims
  the same draws settle to claim by claim.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import defaults
from pricing.estimate import estimate, estimate_many, price_rows
from pricing.ledger import CLAIM_FIELDS, TOTAL_FIELDS, Settlement, claims_for, settle, terms_for
from pricing.scenario import Scenario, from_dict

TOL = 1e-6
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.integers(min_value=0, max_value=3000).map(float)
share = st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.5, 0.6, 0.8, 1.0])
coverage_kind = st.sampled_from(["not_covered", "in_network", "out_of_network"])


@st.composite
def price_range(draw: st.DrawFn, top: int = 2000) -> dict[str, float]:
    low = draw(st.integers(min_value=0, max_value=top))
    return {"low": float(low), "high": float(low + draw(st.integers(0, 800)))}


@st.composite
def phase(draw: st.DrawFn) -> dict[str, Any]:
    weeks = draw(st.integers(min_value=1, max_value=16))
    shape = draw(st.sampled_from(["sessions_per_week", "every_weeks", "sessions"]))
    if shape == "sessions_per_week":
        return {"sessions_per_week": draw(st.integers(1, 3)), "weeks": weeks}
    if shape == "every_weeks":
        return {"every_weeks": draw(st.integers(1, 6)), "weeks": weeks}
    return {"sessions": draw(st.integers(1, 12)), "weeks": weeks}


@st.composite
def scenario_dict(draw: st.DrawFn, programme: bool | None = None) -> dict[str, Any]:
    """A random full scenario. programme: True forces a manufacturer programme, False forbids
    it, None lets hypothesis choose."""
    modality = "spravato" if programme else draw(st.sampled_from(defaults.MODALITIES))
    kind = draw(st.sampled_from(defaults.INSURANCE_KINDS))
    oop_max = draw(st.one_of(st.none(), money.map(lambda x: x * 4)))
    with_programme = (
        programme if programme is not None else modality == "spravato" and draw(st.booleans())
    )
    manufacturer = None
    if with_programme:
        manufacturer = {
            "patient_pays_per_session": draw(st.sampled_from([0.0, 5.0, 10.0, 50.0])),
            "annual_max": draw(money.map(lambda x: x * 3)),
        }
    return {
        "version": 1,
        "name": "generated",
        "modality": modality,
        "start_date": draw(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))).isoformat(),
        "treatment": {
            "price": draw(price_range()),
            "phases": draw(st.lists(phase(), min_size=1, max_size=3)),
        },
        "therapy": {"sessions": draw(st.integers(0, 6)), "price": draw(price_range(400))},
        "intake": {"price": draw(price_range(600))},
        "insurance": {
            "kind": kind,
            # Medicare's year is the calendar year (rule 10)
            "plan_year_start_month": 1 if kind == "medicare" else draw(st.integers(1, 12)),
            "deductible": draw(money),
            "coinsurance": draw(share),
            "copay": draw(st.sampled_from([0.0, 0.0, 20.0, 50.0])),
            "oop_max": oop_max,
            "met_this_year": {"deductible": draw(money), "oop": draw(money)},
            "allowed_share": draw(share),
            "coverage": {
                "treatment": draw(coverage_kind),
                "therapy": draw(coverage_kind),
                "intake": draw(coverage_kind),
            },
            "out_of_network": {
                "deductible": draw(money),
                "coinsurance": draw(share),
                "allowed_share": draw(share),
                "oop_max": draw(st.one_of(st.none(), money)),
            },
        },
        "assistance": {
            "manufacturer": manufacturer,
            "counts_toward_deductible": draw(st.booleans()),
            "sliding_scale_discount": draw(share),
        },
        "payment": {"pretax_account": draw(st.booleans()), "marginal_tax_rate": 0.22},
    }


scenarios = scenario_dict().map(from_dict)
scenarios_without_programme = scenario_dict(programme=False).map(from_dict)


def every_claim(scenario: Scenario, draws: int, seed: int) -> Settlement:
    """The bounds and `draws` simulated courses settled claim by claim (what an estimate no
    longer keeps for its draws): rows 0-2 low/mid/high, then the draws."""
    _, claims = claims_for(scenario)
    prices = price_rows(scenario, draws, seed)
    claims = dataclasses.replace(claims, component_price=prices)
    return settle(claims, terms_for(scenario), batch=prices.shape[0], keep_claims=True)


@FAST
@given(scenarios)
def test_money_is_conserved_per_claim_and_in_total(scenario: Scenario) -> None:
    result = every_claim(scenario, draws=20, seed=1)
    pc = result.per_claim
    paid = pc["patient"] + pc["insurer"] + pc["assistance"] + pc["write_off"]
    np.testing.assert_allclose(paid, pc["billed"], atol=TOL, rtol=0)
    t = result.totals
    np.testing.assert_allclose(
        t["patient"] + t["insurer"] + t["assistance"] + t["write_off"], t["billed"], atol=TOL
    )
    for name in TOTAL_FIELDS:  # totals are the sums of the claims
        if name in CLAIM_FIELDS:
            np.testing.assert_allclose(pc[name].sum(axis=1), t[name], atol=TOL)


@FAST
@given(scenarios)
def test_patient_never_pays_more_than_billed(scenario: Scenario) -> None:
    pc = every_claim(scenario, draws=20, seed=2).per_claim
    assert (pc["patient"] <= pc["billed"] + TOL).all()
    for payer in ("patient", "insurer", "assistance", "write_off"):
        assert (pc[payer] >= -TOL).all(), payer


def _cap_left(scenario: Scenario, year: int) -> float:
    """The out-of-pocket maximum left in the course's plan year `year` (1 = the first): the
    scenario's own, or the year's own when it follows a dated default (rule 14)."""
    ins = scenario.insurance
    assert ins.oop_max is not None
    cap = float(ins.oop_max)
    yearly = terms_for(scenario).by_year.get("oop_max")
    if yearly is not None:
        cap = float(yearly[0, min(year - 1, yearly.shape[1] - 1)])
    met = ins.met_this_year.oop if year == 1 else 0.0
    return max(cap - met, 0.0)


@FAST
@given(scenario_dict().filter(lambda d: d["insurance"]["oop_max"] is not None).map(from_dict))
def test_in_network_share_in_a_plan_year_stays_under_the_oop_max(scenario: Scenario) -> None:
    result = estimate(scenario, draws=0)
    for bound in ("low", "mid", "high"):
        ledger: pd.DataFrame = result.ledger_at(bound)
        in_net = ledger[ledger["coverage"] == "in_network"]
        for year, claims in in_net.groupby("plan_year"):
            cap = _cap_left(scenario, int(year))
            # What the patient actually paid on in-network claims is always capped.
            assert claims["patient"].sum() <= cap + TOL
            if scenario.assistance.counts_toward_deductible:
                # The plan's cost share (before any programme help) is capped too; with an
                # accumulator programme only the patient's own payments count toward the cap.
                shares = claims["deductible"] + claims["coinsurance"] + claims["copay"]
                assert shares.sum() <= cap + TOL


bumps = st.tuples(
    st.sampled_from(["treatment", "therapy", "intake"]),
    st.integers(min_value=1, max_value=1500).map(float),
)


@FAST
@given(scenario_dict(programme=False), bumps)
def test_out_of_pocket_never_falls_when_a_price_rises(
    raw: dict[str, Any], bump: tuple[str, float]
) -> None:
    component, amount = bump
    before = estimate(from_dict(raw), draws=0).out_of_pocket
    price = raw[component]["price"]
    raised = {
        **raw,
        component: {**raw[component], "price": {k: v + amount for k, v in price.items()}},
    }
    after = estimate(from_dict(raised), draws=0).out_of_pocket
    for bound in ("low", "mid", "high"):
        assert after[bound] >= before[bound] - TOL, bound


@FAST
@given(scenarios_without_programme)
def test_bounds_contain_the_monte_carlo_percentiles(scenario: Scenario) -> None:
    oop = estimate(scenario, draws=200, seed=3).out_of_pocket
    chain = [oop["low"], oop["p10"], oop["p50"], oop["p90"], oop["high"]]
    assert all(a <= b + TOL for a, b in zip(chain, chain[1:], strict=False)), chain


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(scenarios, min_size=1, max_size=6))
def test_estimate_many_equals_estimate_row_by_row(batch: list[Scenario]) -> None:
    many = estimate_many(batch, bound="mid")
    for i, scenario in enumerate(batch):
        one = estimate(scenario, draws=0).settlement.totals
        for name in TOTAL_FIELDS:
            assert many[name][i] == pytest.approx(one[name][1], abs=TOL), (i, name)


@FAST
@given(scenarios)
def test_estimate_keeps_the_totals_of_every_claim_by_claim_settlement(scenario: Scenario) -> None:
    full = every_claim(scenario, draws=20, seed=4)
    result = estimate(scenario, draws=20, seed=4)
    for name in TOTAL_FIELDS:
        np.testing.assert_allclose(result.settlement.totals[name], full.totals[name][:3], atol=TOL)
        np.testing.assert_allclose(result.draw_totals[name], full.totals[name][3:], atol=TOL)
    for name in CLAIM_FIELDS:
        np.testing.assert_allclose(
            result.settlement.per_claim[name], full.per_claim[name][:3], atol=TOL
        )
