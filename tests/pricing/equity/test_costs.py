"""pricing.equity.costs: golden households worked out by hand, and invariants of the ledger over
the population (see conftest.py for the six households and the course)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import course
from pricing.equity import (
    TREATMENTS,
    Population,
    Reforms,
    SlidingScale,
    course_claims,
    households,
    levers,
    make_population,
    out_of_pocket,
    priced_out_table,
    settle_population,
)
from tests.pricing.equity.conftest import CAP_8000, PRICE


def test_course_the_arithmetic_assumes() -> None:
    built = course_claims("spravato", "induction")
    assert built.sessions == 12
    assert built.sessions == course.sessions(course.named("spravato", "induction"))
    assert built.prices[0] == 300  # intake midpoint of $200-$400 used below
    intake, treatment = course.COMPONENT_ORDER["intake"], course.COMPONENT_ORDER["treatment"]
    assert list(built.claims.component[0]) == [intake] + [treatment] * 12
    assert len(set(built.claims.plan_year[0])) == 1


def test_golden_households(six: Population) -> None:
    costs = settle_population(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    # H1 uninsured: 300 + 12 x 1000 = 12,300.
    # H2 commercial, deductible 1000, 20%, cap 3000, programme ($10 a session, cap 8000):
    #   intake 300 (all deductible) -> paid 300, ded 300, oop 300;
    #   session 1: d = 700, share = 700 + 0.2 x 300 = 760, programme 750, paid 10, oop 1060;
    #   sessions 2-10: share 200, paid 10 each, oop 1260 ... 2860;
    #   session 11: share min(200, 140) = 140, paid 10; session 12: share 0, paid 0.
    #   patient = 300 + 11 x 10 = 410; programme = 750 + 9 x 190 + 130 = 2,590;
    #   insurer = allowed 12,300 - shares 3,000 = 9,300.
    # H3 as H2 with a copay accumulator: the accumulators move only by the $10 paid, so
    #   session k: d = 700 - 10(k-1), share = 200 + 0.8 d = 760 - 8(k-1), wants share - 10.
    #   After 11 sessions the programme paid sum(750 - 8j, j=0..10) = 8,250 - 440 = 7,810;
    #   session 12: share 672, programme min(662, 190) = 190, paid 482.
    #   patient = 300 + 11 x 10 + 482 = 892.
    # H4 Medicaid, plan covers: $4 copay on 13 in-network claims = 52 (under the 5% cap of 600).
    # H5 Medicaid, plan does not cover Spravato (draw 0.9 >= 45%): intake copay 4 + 12,000 = 12,004.
    # H6 Medicare: intake 283 + 0.2 x 17 = 286.40; sessions 12 x 200 = 2,400; total 2,686.40.
    assert costs.patient == pytest.approx([12_300, 410, 892, 52, 12_004, 2_686.40])
    assert costs.assistance[1] == pytest.approx(2_590)
    assert costs.insurer[1] == pytest.approx(9_300)
    assert costs.assistance[3:].sum() == 0  # no programme for government plans


def test_golden_reforms(six: Population) -> None:
    # Banning the accumulator makes H3 pay what H2 pays (410); Medicaid coverage everywhere
    # brings H5 to H4's 52; nothing else moves.
    reform = CAP_8000.combine(levers(["ban_accumulators", "medicaid_covers_spravato"]))
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=reform)
    assert oop == pytest.approx([12_300, 410, 410, 52, 52, 2_686.40])
    # A $600 cap per session: H1 pays 300 + 12 x 600 = 7,500.
    capped = out_of_pocket(six, "spravato", "induction", PRICE, reforms=Reforms(price_cap=600))
    assert capped[0] == pytest.approx(7_500)


def test_golden_sliding_scale(six: Population) -> None:
    # H1 earns 20,000 / 15,960 = 125% of poverty -> the 30% tier of {<100%: 50%, <200%: 30%}:
    # (300 + 12,000) x 0.7 = 8,610. H5 (75% of poverty) pays intake copay 4 in network (no
    # discount there) + 12,000 x 0.5 = 6,004.
    scale = SlidingScale(((100, 0.5), (200, 0.3)))
    oop = out_of_pocket(six, "spravato", "induction", PRICE, sliding_scale=scale)
    assert oop[0] == pytest.approx(8_610)
    assert oop[4] == pytest.approx(6_004)


# --- invariants -------------------------------------------------------------------------------


# With the manufacturer programme on, a cheaper Spravato session can cost a patient a little
# more (test_cheaper_session_can_cost_more_with_manufacturer_help), so the price invariant is
# checked with the programme switched off (a yearly maximum of 0); the other treatments have none.
NO_PROGRAMME = Reforms(manufacturer_annual_max=0.0)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    high=st.floats(0, 3000),
    fall=st.floats(0, 1),
    modality=st.sampled_from(TREATMENTS),
    threshold=st.sampled_from([(0.10, "income"), (0.25, "income"), (0.40, "capacity")]),
)
def test_lower_price_never_prices_more_out(
    seed: int, high: float, fall: float, modality: str, threshold: tuple[float, str]
) -> None:
    pop = make_population(400, seed)
    low = high * fall
    share, rule = threshold
    at_high = out_of_pocket(pop, modality, price_per_session=high, reforms=NO_PROGRAMME)
    at_low = out_of_pocket(pop, modality, price_per_session=low, reforms=NO_PROGRAMME)
    assert np.all(at_low <= at_high + 1e-9)
    out_high = priced_out_table(pop, {modality: at_high}, share, rule)[modality]["all"]
    out_low = priced_out_table(pop, {modality: at_low}, share, rule)[modality]["all"]
    assert out_low <= out_high


def test_cheaper_session_can_cost_more_with_manufacturer_help() -> None:
    # Found by the invariant above before the programme was switched off there. Commercial plan,
    # deductible = out-of-pocket maximum = 2,000, 20%; the programme's money counts toward both.
    # At $1,000: intake 300 (deductible); S1 share 1,000, pays 10 (oop 1,300); S2 share
    #   min(700 + 0.2 x 300, 700) = 700, pays 10 (oop 2,000); S3-S12 share 0. Patient 320.
    # At $800: S1 800 -> pays 10 (oop 1,100); S2 800 -> pays 10 (oop 1,900); S3 share
    #   min(100 + 0.2 x 700, 100) = 100, pays 10 (oop 2,000). Patient 330.
    one = households(
        income=[50_000],
        size=[1],
        kind=["commercial"],
        deductible=[2000],
        coinsurance=[0.2],
        oop_max=[2000],
    )
    dear = out_of_pocket(one, "spravato", "induction", 1000, reforms=CAP_8000)
    cheap = out_of_pocket(one, "spravato", "induction", 800, reforms=CAP_8000)
    assert dear[0] == pytest.approx(320)
    assert cheap[0] == pytest.approx(330)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    modality=st.sampled_from(TREATMENTS),
    widen=st.sampled_from(
        [
            ["coverage_parity"],
            ["medicaid_covers_spravato"],
            ["oon_therapy"],
            ["coverage_parity", "medicaid_covers_spravato", "oon_therapy"],
        ]
    ),
)
def test_wider_coverage_never_prices_more_out(seed: int, modality: str, widen: list[str]) -> None:
    pop = make_population(400, seed)
    base = out_of_pocket(pop, modality)
    wider = out_of_pocket(pop, modality, reforms=levers(widen))
    assert np.all(wider <= base + 1e-9)
    assert (
        priced_out_table(pop, {modality: wider})[modality]["all"]
        <= priced_out_table(pop, {modality: base})[modality]["all"]
    )


@pytest.mark.parametrize("modality", TREATMENTS)
def test_free_treatment_prices_nobody_out(modality: str) -> None:
    pop = make_population(2000, 7)
    oop = out_of_pocket(
        pop, modality, price_per_session=0, extras_price={"intake": 0, "therapy": 0}
    )
    assert np.all(oop == 0)
    for share, rule in ((0.10, "income"), (0.25, "income"), (0.40, "capacity")):
        assert priced_out_table(pop, {modality: oop}, share, rule)[modality]["all"] == 0
