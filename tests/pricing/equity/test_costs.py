"""pricing.equity.costs: golden households worked out by hand, and invariants of the ledger over
the population (see conftest.py for the six households and the course)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import course
from pricing.equity import (
    KINDS,
    LEVER_NAMES,
    TREATMENTS,
    Population,
    Reforms,
    SlidingScale,
    affordable_for,
    course_claims,
    evaluate,
    households,
    levers,
    make_population,
    out_of_pocket,
    priced_out_table,
    settle_population,
    threshold_of,
)
from pricing.equity.costs import household_terms
from pricing.equity.medicare import COVER_CODE
from pricing.ledger import settle
from pricing.ledger.model import MEDIGAP_G
from tests.pricing.equity.conftest import BUNDLED, CAP_8000, DRUG, INTAKE, PRICE, VISIT


def test_course_the_arithmetic_assumes() -> None:
    built = course_claims("spravato", "induction")
    assert built.sessions == 12
    assert built.sessions == course.sessions(course.named("spravato", "induction"))
    assert built.prices == (INTAKE, DRUG, VISIT, 200.0)  # therapy unused: Spravato has none
    assert built.bundled_prices == (INTAKE, 0.0, BUNDLED, 200.0)
    intake, drug, treatment = (course.COMPONENT_ORDER[c] for c in ("intake", "drug", "treatment"))
    assert list(built.claims.component[0]) == [intake] + [drug, treatment] * 12
    assert len(set(built.claims.plan_year[0])) == 1
    assert built.claims.quarter is not None and len(set(built.claims.quarter[0])) == 1
    # Other treatments are one bill a session, with no Medicare route of their own.
    assert course_claims("iv_ketamine", "induction").bundled_prices is None


def test_golden_households(six: Population) -> None:
    costs = settle_population(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    # H1 uninsured: 300 + 12 x (737.50 + 350) = 300 + 13,050 = 13,350.
    # H2 commercial, deductible 1000, 20%, cap 3000; programme on the drug ($10 floor, cap
    #   8000), observation rebate on the visit ($0 floor, 2,250 a year):
    #   intake 300 (deductible) -> paid 300, ded 300, oop 300;
    #   S1 drug: d = 700, share 700 + 0.2 x 37.50 = 707.50, programme 697.50, paid 10, oop 1,007.50;
    #   S1 visit: share 70, rebate 70, paid 0, oop 1,077.50;
    #   S2-S9: drug share 147.50 (programme 137.50, paid 10), visit 70 (rebate 70): +217.50 each,
    #   oop 1,077.50 + 8 x 217.50 = 2,817.50; S10: drug 147.50 (oop 2,965), visit min(70, 35) = 35
    #   (rebate 35), oop 3,000; S11-S12 share 0.
    #   patient = 300 + 10 x 10 = 400; programme = 697.50 + 9 x 137.50 = 1,935; rebate = 9 x 70
    #   + 35 = 665; assistance 2,600; insurer = allowed 13,350 - shares 3,000 = 10,350.
    # H3 as H2 with a copay accumulator: the programme's money does not count, the rebate's does
    #   (the patient paid the clinic first): S1 drug share 707.50 pays 10 (ded 310, oop 310);
    #   S1 visit d = 350, share 350, rebate 350 (ded 660, oop 660); S2 drug d = 340, share 340 +
    #   0.2 x 397.50 = 419.50, pays 10 (ded 670); S2 visit d = 330, share 330 + 0.2 x 20 = 334,
    #   rebate 334 (ded 1,000, oop 1,004); S3-S12 drug 147.50 (pays 10), visit 70 (rebate 70),
    #   oop 1,004 + 10 x 80 = 1,804, under the cap. patient = 300 + 12 x 10 = 420;
    #   programme 697.50 + 409.50 + 10 x 137.50 = 2,482; rebate 350 + 334 + 700 = 1,384.
    # H4 Medicaid, plan covers: $4 copay on 25 claims (intake, 12 drugs, 12 visits) = 100, under
    #   the quarter's cap of 150.
    # H5 Medicaid, the request refused (approval draw 0.9 >= Medicaid's 0.75, rule 13): the drug
    #   and visit claims not covered, the intake covered: copay 4 + 13,050.
    # H6 Original Medicare, one bundled claim a session: intake 283 + 0.2 x 17 = 286.40;
    #   sessions 12 x 0.2 x 1,131 = 2,714.40 (the drug claims are $0); total 3,000.80.
    assert costs.patient == pytest.approx([13_350, 400, 420, 100, 13_054, 3_000.80])
    assert costs.assistance[1] == pytest.approx(2_600)
    assert costs.assistance[2] == pytest.approx(2_482 + 1_384)
    assert costs.insurer[1] == pytest.approx(10_350)
    assert costs.assistance[3:].sum() == 0  # no programme or rebate for government plans


def test_golden_drug_only_programme() -> None:
    # Commercial, no deductible, 20%, cap 10,000, no accumulator; induction at the defaults.
    # Intake 0.2 x 300 = 60. Each session: drug share 0.2 x 737.50 = 147.50, the programme pays
    # 137.50 and the patient its $10 floor; visit share 0.2 x 350 = 70, which the programme never
    # touches (rule 9: the drug only); the observation rebate pays it (70 x 12 = 840 < 2,250).
    # Patient 60 + 12 x 10 = 180; programme on the drug 12 x 137.50 = 1,650; on the visit 0.
    one = households(
        income=[80_000],
        size=[1],
        kind=["commercial"],
        deductible=[0],
        coinsurance=[0.2],
        oop_max=[10_000],
    )
    terms = household_terms(one, "spravato")
    assert terms.programme_component == course.COMPONENT_ORDER["drug"]
    built = course_claims("spravato", "induction")
    price = np.array(built.prices)[built.claims.component[0]][None, :]
    result = settle(dataclasses.replace(built.claims, price=price), terms, batch=1)
    # A mixed batch keeps each household's own: the drug for two bills, the bundled claim for
    # Medicare's one.
    mixed = households(income=[80_000] * 2, size=[1, 1], kind=["commercial", "medicare"])
    assert list(np.asarray(household_terms(mixed, "spravato").programme_component)) == [
        course.COMPONENT_ORDER["drug"],
        course.COMPONENT_ORDER["treatment"],
    ]
    assert result.totals["patient"][0] == pytest.approx(180)
    assert result.by_component["assistance:drug"][0] == pytest.approx(1_650)
    assert result.by_component["assistance:treatment"][0] == pytest.approx(840)  # the rebate
    assert result.by_component["patient:treatment"][0] == pytest.approx(0)
    assert out_of_pocket(one, "spravato", "induction")[0] == pytest.approx(180)


def test_golden_medigap_g() -> None:
    # Original Medicare with Medigap Plan G, Part B deductible 283 (2026's, projected to 2027):
    # intake 300 -> deductible 283, Medigap pays the 20% of the other 17; every bundled session
    # is past the deductible, so Medigap pays all its coinsurance. Patient 283 for the course.
    one = households(income=[30_000], size=[1], kind=["medicare"], medicare=["medigap_g"])
    assert one.deductible[0] == 283 and one.supplement[0] == MEDIGAP_G
    for name in ("induction", "typical", "first_year"):
        assert out_of_pocket(one, "spravato", name)[0] == pytest.approx(283)


def test_golden_medicare_advantage_hits_its_cap() -> None:
    # The Medicare Advantage template: no deductible, 20%, in-network maximum 9,250 (2026's,
    # projected to 2027). First year: 34 sessions, all in 2027. At $1,500 a bundled session:
    # intake 0.2 x 300 = 60; each session 300; after 30 sessions 60 + 9,000 = 9,060; session 31
    # pays min(300, 190) = 190 -> 9,250; sessions 32-34 nothing. Patient 9,250.
    # At the default $1,131: 60 + 34 x 226.20 = 7,750.80, under the cap.
    one = households(income=[40_000], size=[1], kind=["medicare"], medicare=["advantage"])
    assert (one.deductible[0], one.coinsurance[0], one.oop_max[0]) == (0, 0.2, 9_250)
    assert course_claims("spravato", "first_year").sessions == 34
    assert out_of_pocket(one, "spravato", "first_year", 1500)[0] == pytest.approx(9_250)
    assert out_of_pocket(one, "spravato", "first_year")[0] == pytest.approx(7_750.80)


def test_golden_medicaid_quarterly_cap_across_quarters() -> None:
    # Typical course from 2027-01-04: 8 sessions over 12 weeks, then 4 over 40 weeks (days 84,
    # 154, 224, 294): the intake and 9 sessions fall in Q1 (19 claims), one session (2 claims)
    # in each of Q2, Q3 and Q4. Income 4,000: the quarter's cap is 4,000 / 4 x 5% = 50.
    # Q1: 19 x 4 = 76 -> capped at 50; Q2, Q3, Q4: 2 x 4 = 8 each. Patient 50 + 24 = 74.
    # (A yearly 5% cap, 200, would not bind: 100.) Dual eligible on Medicare alike: Medicaid's
    # copay on the bundled claims (the $0 drug claims cost nothing): Q1 10 x 4 = 40, then 4 a
    # quarter -> 52; with income 2,000 (cap 25): 25 + 12 = 37.
    pop = households(
        income=[4_000, 4_000, 2_000],
        size=[1, 1, 1],
        kind=["medicaid", "medicare", "medicare"],
        medicare=["original", "medicaid", "medicaid"],
    )
    built = course_claims("spravato", "typical")
    quarters = built.claims.quarter[0] - built.claims.quarter[0][0]
    assert list(np.bincount(quarters)) == [19, 2, 2, 2]
    assert list(pop.quarter_cap) == [50, 50, 25]
    assert out_of_pocket(pop, "spravato", "typical") == pytest.approx([74, 52, 37])


def test_the_observation_rebate_skips_the_states_it_excludes(six: Population) -> None:
    # spravato_billing.yaml excludes MA, MI, MN and RI. H2 in Minnesota pays its visits itself:
    # the 665 the rebate paid (9 x 70 + 35, see test_golden_households) on top of its 400.
    minnesota = dataclasses.replace(six, mix=dataclasses.replace(six.mix, state="MN"))
    costs = settle_population(minnesota, "spravato", "induction", PRICE, reforms=CAP_8000)
    assert costs.patient[1] == pytest.approx(400 + 665)
    assert costs.assistance[1] == pytest.approx(2_600 - 665)


def test_golden_reforms(six: Population) -> None:
    # Banning the accumulator makes H3 pay what H2 pays (400); Medicaid coverage everywhere
    # brings H5 to H4's 100; nothing else moves.
    reform = CAP_8000.combine(levers(["ban_accumulators", "medicaid_covers_spravato"]))
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=reform)
    assert oop == pytest.approx([13_350, 400, 400, 100, 100, 3_000.80])
    # A price cap caps the clinic's own part of a session (issue 14 item 8: it used to cap drug
    # plus visit, below the drug's own cost): the visit. At $600 the $350 visit is already below:
    # H1 still pays 13,350. At $300: 300 + 12 x (737.50 + 300) = 300 + 12,450 = 12,750. H6's
    # bundled G-code is Medicare's fee, not a clinic price: not capped, 3,000.80 either way.
    capped = out_of_pocket(six, "spravato", "induction", PRICE, reforms=Reforms(price_cap=600))
    assert capped[0] == pytest.approx(13_350)
    capped = out_of_pocket(six, "spravato", "induction", PRICE, reforms=Reforms(price_cap=300))
    assert capped[0] == pytest.approx(12_750)
    assert capped[5] == pytest.approx(3_000.80)
    # One-bill treatments: the whole session. An uninsured IV induction (intake $250 at the
    # $150-$350 midpoint; 6 sessions at $600, the $400-$800 midpoint) capped at $500:
    # 250 + 6 x 500 = 3,250 (3,850 uncapped).
    iv = out_of_pocket(six, "iv_ketamine", "induction", PRICE, reforms=Reforms(price_cap=500))
    assert iv[0] == pytest.approx(250 + 6 * 500)


def test_golden_sliding_scale(six: Population) -> None:
    # H1 earns 20,000 / 15,960 = 125% of poverty -> the 30% tier of {<100%: 50%, <200%: 30%}:
    # 13,350 x 0.7 = 9,345. H5 (75% of poverty) pays intake copay 4 in network (no discount
    # there) + 13,050 x 0.5 = 6,525: 6,529.
    scale = SlidingScale(((100, 0.5), (200, 0.3)))
    oop = out_of_pocket(six, "spravato", "induction", sliding_scale=scale)
    assert oop[0] == pytest.approx(9_345)
    assert oop[4] == pytest.approx(6_529)


# --- invariants -------------------------------------------------------------------------------


# With the manufacturer programme on, a cheaper Spravato session can cost a patient a little
# more (test_cheaper_session_can_cost_more_with_manufacturer_help), so the price invariant is
# checked with the programme switched off (a yearly maximum of 0); the other treatments have none.
# The observation rebate likewise: a cheaper visit stretches the rebate's money over more sessions
# but moves the accumulators more slowly, so the out-of-pocket cap can come later (found here).
NO_PROGRAMME = Reforms(manufacturer_annual_max=0.0, rebate_annual_max=0.0)


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
    # Found by the invariant above before the programme was switched off there. One bill a
    # session (Medicare's bundled claim, the programme opened to Medicare by the lever), deductible
    # = out-of-pocket maximum = 2,000, 20%; the programme's money counts toward both.
    # Rule 9 (third edition): on a bundled claim the programme pays only the drug's part of the
    # share, f = drug / (drug + visit) at the default midpoints: the pinned drug 737.5 and the
    # visit 350, f = 737.5 / 1,087.5; so the patient pays share x 350 / 1,087.5 + 10 a session.
    # At $1,000: intake 300 (deductible); S1 share 1,000 (oop 1,300); S2 share
    #   min(700 + 0.2 x 300, 700) = 700 (oop 2,000); S3-S12 share 0.
    #   Patient 300 + 1,700 x 350 / 1,087.5 + 2 x 10 = 320 + 547.126... = 867.126...
    # At $800: S1 800 (oop 1,100); S2 800 (oop 1,900); S3 share min(100 + 0.2 x 700, 100) = 100
    #   (oop 2,000). Patient 300 + 1,700 x 350 / 1,087.5 + 3 x 10 = 877.126...
    # (Before the third edition the programme paid all but $10 of a bundled share: 320 and 330.)
    one = households(
        income=[50_000],
        size=[1],
        kind=["medicare"],
        deductible=[2000],
        coinsurance=[0.2],
        oop_max=[2000],
    )
    reform = CAP_8000.combine(levers(["manufacturer_all_kinds"]))
    dear = out_of_pocket(one, "spravato", "induction", 1000, reforms=reform)
    cheap = out_of_pocket(one, "spravato", "induction", 800, reforms=reform)
    shares = 1700 * 350 / 1087.5
    assert dear[0] == pytest.approx(320 + shares)
    assert cheap[0] == pytest.approx(330 + shares)


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


def test_the_observation_rebate_prices_fewer_out() -> None:
    # Issue 10 item 9 pinned the page's default population's shares (commercial 7.47% before
    # the real bills, 2.28% after; Medicare 55.91% -> 42.08%); issue 15 redrew the population
    # (plan terms from published distributions, refusals, employer retiree cover second), so
    # what stays is the direction: on the same households, every request approved, the
    # observation rebate on the visit lowers the commercial share priced out of Spravato.
    drawn = make_population(20_000, 20261121)
    pop = dataclasses.replace(drawn, approval_draw=np.zeros(drawn.n))
    commercial = pop.kind == KINDS.index("commercial")

    def priced_out(reforms: Reforms | None = None) -> np.ndarray:
        oop = out_of_pocket(pop, "spravato", "first_year", reforms=reforms)
        return ~affordable_for(pop, oop, threshold_of(None))

    with_rebate = priced_out()[commercial].mean()
    without_rebate = priced_out(Reforms(rebate_annual_max=0.0))[commercial].mean()
    assert with_rebate < without_rebate


def test_golden_employer_retiree_cover_pays_after_medicare() -> None:
    # A Medicare household with employer retiree cover (deductible 1,000, 20%, cap 3,000), the
    # Spravato induction billed as Medicare's bundled G-code ($1,131 x 12) plus the $300 intake.
    # Medicare first (Part B: $283 deductible, then 20%): it leaves 283 + 0.2 x 17 = 286.40 of
    # the intake and 0.2 x 1,131 = 226.20 of each session, and pays 13.60 + 12 x 904.80 =
    # 10,871.20. The retiree plan then settles those amounts as claims: intake 286.40 and
    # sessions 1-3 (678.60) go to its deductible (965, 35 left); session 4: 35 + 0.2 x 191.20 =
    # 73.24; sessions 5-12: 8 x 45.24 = 361.92. The patient pays 286.40 + 678.60 + 73.24 +
    # 361.92 = 1,400.16; the retiree plan 3,000.80 - 1,400.16 = 1,600.64.
    pop = households(
        income=[40_000],
        size=[1],
        kind=["medicare"],
        medicare=["employer"],
        deductible=[1000],
        coinsurance=[0.2],
        oop_max=[3000],
    )
    costs = settle_population(pop, "spravato", "induction")
    assert costs.patient == pytest.approx([1_400.16])
    assert costs.medicare == pytest.approx([10_871.20])
    assert costs.insurer == pytest.approx([10_871.20 + 1_600.64])
    assert costs.billed == pytest.approx([300 + 12 * 1_131])


def test_refusals_follow_rule_13_household_by_household() -> None:
    # Issue 15 item 2: refusals come from the approval chance (spravato_billing.yaml: commercial
    # 0.85, Medicare Advantage 0.9, Medicaid 0.75; Original Medicare has no approval step). Each
    # household pays what it pays approved when its draw is below its plan's chance, and what it
    # pays refused otherwise.
    pop = make_population(6_000, 31)
    approved = dataclasses.replace(pop, approval_draw=np.zeros(pop.n))
    refused = dataclasses.replace(pop, approval_draw=np.full(pop.n, 0.999))
    chance = np.array([1.0, 0.85, 0.9, 0.75])[pop.kind]
    asks = (pop.kind != KINDS.index("medicare")) | (pop.medicare_cover == COVER_CODE["advantage"])
    yes = ~asks | (pop.approval_draw < chance)
    got = out_of_pocket(pop, "spravato", "typical")
    want = np.where(
        yes,
        out_of_pocket(approved, "spravato", "typical"),
        out_of_pocket(refused, "spravato", "typical"),
    )
    assert got == pytest.approx(want)
    # About 15% of commercial requests are refused (sampling error at 4 standard errors).
    commercial = pop.kind == KINDS.index("commercial")
    share = float((~yes[commercial]).mean())
    assert abs(share - 0.15) < 4 * np.sqrt(0.15 * 0.85 / commercial.sum())
    # Original Medicare households are never refused.
    original = (pop.kind == KINDS.index("medicare")) & ~asks
    assert original.any() and yes[original].all()


def test_typical_course_in_the_equity_tool() -> None:
    # Offered on the page: every treatment prices (treatments without a typical course in the
    # data take their first year), and the typical Spravato course (12 sessions) prices out no
    # more households than the first year's 34.
    pop = make_population(2_000, 4)
    report = evaluate(pop, TREATMENTS, "typical")
    first = evaluate(pop, ["spravato"], "first_year")
    assert report.priced_out["spravato"]["all"] <= first.priced_out["spravato"]["all"]
    assert course_claims("spravato", "typical").sessions == 12


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    names=st.lists(st.sampled_from(LEVER_NAMES), min_size=1, max_size=4, unique=True),
    modality=st.sampled_from(TREATMENTS),
)
def test_levers_about_another_treatment_change_nothing(
    seed: int, names: list[str], modality: str
) -> None:
    # The runner settles a reform once per treatment with only the levers that can touch that
    # treatment's claims (costs.plan_levers), then applies the cap and the subsidy: the same
    # figures as settling the reform itself.
    from pricing.equity.costs import after_the_plan, plan_levers

    pop = make_population(300, seed)
    reform = levers(names)
    whole = settle_population(pop, modality, "typical", reforms=reform)
    short_cut = settle_population(pop, modality, "typical", reforms=plan_levers(reform, modality))
    after_the_plan(pop, reform, short_cut)
    for field in dataclasses.fields(whole):
        assert getattr(short_cut, field.name) == pytest.approx(getattr(whole, field.name)), field
