"""Access & equity engine: golden households worked out by hand, invariants, the CLI contract.

The golden cases settle a Spravato induction (intake, then 12 treatment sessions: twice weekly for
4 weeks, weekly for 4) at $1,000 a session, all in one plan year, for six hand-made households.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import defaults
from pricing.__main__ import main
from pricing.equity import (
    KINDS,
    TREATMENTS,
    PopulationMix,
    Reforms,
    SlidingScale,
    affordable,
    band_labels,
    course_claims,
    evaluate,
    households,
    levers,
    make_population,
    out_of_pocket,
    priced_out_table,
    settle_population,
)
from pricing.scenario import ScenarioError

PRICE = 1000.0
CAP_8000 = Reforms(manufacturer_annual_max=8000)  # pins the programme cap the arithmetic uses


@pytest.fixture
def six() -> object:
    # Plan terms are given explicitly so the arithmetic does not move with the defaults.
    return households(
        income=[20_000, 100_000, 100_000, 12_000, 12_000, 30_000],
        size=[1, 2, 2, 1, 1, 2],
        kind=["none", "commercial", "commercial", "medicaid", "medicaid", "medicare"],
        deductible=[0, 1000, 1000, 0, 0, 283],
        coinsurance=[0, 0.2, 0.2, 0, 0, 0.2],
        copay=[0, 0, 0, 4, 4, 0],
        oop_max=[np.inf, 3000, 3000, 600, 600, np.inf],
        accumulator=[False, False, True, False, False, False],
        coverage_draw=[0.0, 0.0, 0.0, 0.0, 0.9, 0.0],
    )


def test_course_the_arithmetic_assumes() -> None:
    built = course_claims("spravato", "induction")
    assert built.sessions == 12
    assert built.prices[0] == 300  # intake midpoint of $200-$400 used below
    assert list(built.claims.component[0]) == [0] + [1] * 12
    assert len(set(built.claims.plan_year[0])) == 1


def test_golden_households(six) -> None:  # type: ignore[no-untyped-def]
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


def test_golden_reforms(six) -> None:  # type: ignore[no-untyped-def]
    # Banning the accumulator makes H3 pay what H2 pays (410); Medicaid coverage everywhere
    # brings H5 to H4's 52; nothing else moves.
    reform = CAP_8000.combine(levers(["ban_accumulators", "medicaid_covers_spravato"]))
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=reform)
    assert oop == pytest.approx([12_300, 410, 410, 52, 52, 2_686.40])
    # A $600 cap per session: H1 pays 300 + 12 x 600 = 7,500.
    capped = out_of_pocket(six, "spravato", "induction", PRICE, reforms=Reforms(price_cap=600))
    assert capped[0] == pytest.approx(7_500)


def test_golden_sliding_scale(six) -> None:  # type: ignore[no-untyped-def]
    # H1 earns 20,000 / 15,960 = 125% of poverty -> the 30% tier of {<100%: 50%, <200%: 30%}:
    # (300 + 12,000) x 0.7 = 8,610. H5 (75% of poverty) pays intake copay 4 in network (no
    # discount there) + 12,000 x 0.5 = 6,004.
    scale = SlidingScale(((100, 0.5), (200, 0.3)))
    oop = out_of_pocket(six, "spravato", "induction", PRICE, sliding_scale=scale)
    assert oop[0] == pytest.approx(8_610)
    assert oop[4] == pytest.approx(6_004)


def test_golden_priced_out_table(six) -> None:  # type: ignore[no-untyped-def]
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    # Poverty %: H1 125% (100-138), H2/H3 462% (400+), H4/H5 75% (<100), H6 30,000/21,640 = 139%.
    # At 10% of income: H1 (61.5%) and H5 (100%) are priced out; H6 pays 8.95%.
    table = priced_out_table(six, {"spravato": oop}, 0.10, "income")["spravato"]
    assert table["<100%"] == pytest.approx(0.5)
    assert table["100-138%"] == 1.0
    assert table["138-200%"] == 0.0
    assert math.isnan(table["200-400%"])  # nobody in that band
    assert table["400%+"] == 0.0
    assert table["all"] == pytest.approx(2 / 6)
    # 40% of capacity to pay: H6's capacity is 30,000 - 21,640 = 8,360, 40% = 3,344 >= 2,686.40;
    # H4's income is below the line (capacity 0) so any payment above 0 prices it out.
    capacity = priced_out_table(six, {"spravato": oop}, 0.40, "capacity")["spravato"]
    assert capacity["138-200%"] == 0.0
    assert capacity["<100%"] == 1.0


def test_affordable_edges() -> None:
    oop = np.array([0.0, 100.0, 100.0, 100.01])
    income = np.array([0.0, 1000.0, 0.0, 1000.0])
    # Paying nothing is affordable even without income; exactly at the threshold is affordable.
    assert list(affordable(oop, income, 0.10)) == [True, True, False, False]
    subsistence = np.array([5000.0, 500.0, 0.0, 0.0])
    # capacity = max(income - subsistence, 0) = [0, 500, 0, 1000]; 40% = [0, 200, 0, 400]
    assert list(affordable(oop, income, 0.40, "capacity", subsistence)) == [True, True, False, True]


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


def test_same_seed_same_answer_other_seed_other_sample() -> None:
    a = evaluate(make_population(3000, 11), reforms={"p": levers(["coverage_parity"])})
    b = evaluate(make_population(3000, 11), reforms={"p": levers(["coverage_parity"])})
    assert json.dumps(a.summary()) == json.dumps(b.summary())  # NaN-safe equality
    c = make_population(3000, 12)
    assert not np.array_equal(c.income, make_population(3000, 11).income)


def test_population_follows_its_mix() -> None:
    pop = make_population(50_000, 3)
    # Income shares below $15,000 and sizes of one person, within sampling error of the mix.
    assert np.mean(pop.income < 15_000) == pytest.approx(0.083 / 0.999, abs=0.01)
    assert np.mean(pop.size == 1) == pytest.approx(0.29, abs=0.01)
    # Nobody without insurance has plan cost sharing; Medicaid caps at 5% of income.
    medicaid = pop.kind == KINDS.index("medicaid")
    assert np.all(pop.oop_max[medicaid] <= 0.05 * pop.income[medicaid] + 1e-9)
    # Commercial deductibles average near KFF's $1,787 among plans with one (log-normal mean,
    # a little lower because deductibles are capped at the plan's out-of-pocket maximum).
    commercial = pop.kind == KINDS.index("commercial")
    with_deductible = pop.deductible[commercial & (pop.deductible > 0)]
    assert 1500 < with_deductible.mean() < 1900


def test_coverage_gap_moves_medicaid_to_uninsured() -> None:
    everyone_expands = PopulationMix.default().with_changes(non_expansion_share=0.0)
    nobody_expands = PopulationMix.default().with_changes(non_expansion_share=1.0)
    a = make_population(40_000, 5, everyone_expands)
    b = make_population(40_000, 5, nobody_expands)
    poor = a.poverty_percent < 138
    assert np.mean(b.kind[poor] == 0) > np.mean(a.kind[poor] == 0) + 0.1


def test_bad_mix_names_the_field() -> None:
    table = PopulationMix.default().insurance_table()
    table["<100%"] = {"none": -0.1, "commercial": 1}
    with pytest.raises(ScenarioError, match=r"equity.mix.insurance_by_band.<100%"):
        PopulationMix.default().with_changes(insurance_by_band=table)
    with pytest.raises(ScenarioError, match="households"):
        make_population(0, 1)


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_json_contract(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    scenario = tmp_path / "equity.yaml"
    scenario.write_text(
        "version: 1\nequity:\n  households: 1500\n"
        "  reforms:\n    parity: {coverage_parity: true}\n    cap: {price_cap: 450}\n"
    )
    assert main(["equity", str(scenario), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["households"] == 1500
    assert out["threshold"] == 0.1
    assert out["threshold_rule"]["rule"] == "income"
    assert out["bands"] == list(band_labels())
    assert set(out["priced_out"]) == set(TREATMENTS)
    for table in [out["priced_out"], *(r["priced_out"] for r in out["reforms"].values())]:
        for row in table.values():
            assert list(row) == [*band_labels(), "all"]
    assert set(out["reforms"]) == {"parity", "cap"}
    # Parity is about coverage, so it cannot price more people out of an infusion.
    assert (
        out["reforms"]["parity"]["priced_out"]["iv_ketamine"]["all"]
        <= out["priced_out"]["iv_ketamine"]["all"]
    )


def test_cli_without_file_uses_defaults(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["equity", "--households", "500"]) == 0
    text = capsys.readouterr().out
    assert "500 simulated households" in text and "Share priced out" in text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("version: 1\nequity:\n  reforms: [price_cpa]\n", "equity.reforms[0]"),
        ("version: 1\nequity:\n  housholds: 10\n", "equity.housholds"),
        ("version: 1\nequity:\n  threshold: income_15\n", "equity.threshold"),
        (
            "version: 1\nequity:\n  mix: {non_expansion_share: 2}\n",
            "equity.mix.non_expansion_share",
        ),
    ],
)
def test_cli_bad_input_one_line_exit_2(tmp_path, capsys, body: str, field: str) -> None:  # type: ignore[no-untyped-def]
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(body)
    assert main(["equity", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err and "Traceback" not in err


def test_cli_households_out_of_range(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["equity", "--households", "0"]) == 2
    assert "--households" in capsys.readouterr().err


def test_every_lever_is_known_to_the_defaults() -> None:
    assert defaults.load("population")["population"]["reforms"]["sliding_scale"]["tiers"]
