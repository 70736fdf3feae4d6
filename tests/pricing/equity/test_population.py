"""pricing.equity.population: the drawn population follows its mix, bad mixes name the field,
and the size bound is the one parameter (population.yaml max_households)."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.defaults import medicare
from pricing.defaults import population as params
from pricing.equity import KINDS, PopulationMix, make_population
from pricing.equity.medicare import COVER_CODE, COVERS, cover_shares
from pricing.equity.population import check_households, oon_terms
from pricing.scenario import ScenarioError


def test_population_follows_its_mix() -> None:
    pop = make_population(50_000, 3)
    # Income shares below $15,000 and sizes of one person, within sampling error of the mix.
    assert np.mean(pop.income < 15_000) == pytest.approx(0.083 / 0.999, abs=0.01)
    assert np.mean(pop.size == 1) == pytest.approx(0.29, abs=0.01)
    # Medicaid caps cost sharing at 5% of each quarter's income (rule 11), no yearly cap.
    medicaid = pop.kind == KINDS.index("medicaid")
    assert pop.quarter_cap[medicaid] == pytest.approx(pop.income[medicaid] / 4 * 0.05)
    assert np.all(np.isinf(pop.oop_max[medicaid]))
    assert np.all(np.isinf(pop.quarter_cap[pop.kind == KINDS.index("commercial")]))
    # Commercial plans from plan_distributions.yaml (issue 15 item 2): 13% without a
    # deductible; the others' band midpoints average (0.0297 x 250 + 0.1897 x 750 + 0.3784 x
    # 1,500 + 0.1658 x 2,500 + 0.0873 x 4,000 + 0.0191 x 7,800) / 0.87 = 1,874, a little lower
    # once capped at the plan's out-of-pocket maximum. Maximums: 14% under $2,000, 24% over
    # $6,000, mean 0.14 x 1,500 + 0.62 x 4,000 + 0.24 x 8,300 = 4,682 (the table's own note).
    commercial = pop.kind == KINDS.index("commercial")
    n = int(commercial.sum())
    with_deductible = pop.deductible[commercial & (pop.deductible > 0)]
    assert 1600 < with_deductible.mean() < 1874
    assert np.mean(pop.deductible[commercial] == 0) == pytest.approx(0.13, abs=4 * 0.0034)
    oop = pop.oop_max[commercial]
    assert abs(oop.mean() - 4_682) < 4 * oop.std() / np.sqrt(n)
    assert np.mean(oop < 2_000) == pytest.approx(0.14, abs=4 * np.sqrt(0.14 * 0.86 / n))
    assert np.all(pop.deductible[commercial] <= oop)
    # The shares by kind and band each cover everyone.
    assert sum(pop.kind_shares().values()) == pytest.approx(1.0)
    assert sum(pop.band_shares().values()) == pytest.approx(1.0)


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
    with pytest.raises(ScenarioError, match="size 21 is not 1-20"):
        PopulationMix.default().with_changes(household_sizes={21: 1.0})


def test_one_household_bound_everywhere() -> None:
    # The page, the CLI and make_population share population.yaml's max_households (2,000,000).
    assert params.max_households() == 2_000_000
    check_households(2_000_000)
    with pytest.raises(ScenarioError, match="2000001 is not between 1 and 2,000,000"):
        check_households(2_000_001)
    with pytest.raises(ScenarioError, match="households"):
        make_population(0, 1)


def test_out_of_network_terms() -> None:
    # Without a benefit: nothing allowed, 100% coinsurance, no cap (insurance.yaml
    # out_of_network_none); the employer plan's benefit (insurance.yaml employer_plan): a $3,000
    # deductible, 40% of an allowed 60% of the bill, no cap.
    assert oon_terms(False) == (0.0, 1.0, 0.0, np.inf)
    assert oon_terms(True) == (3000.0, 0.4, 0.6, np.inf)


def test_medicare_mix_follows_the_defaults() -> None:
    # pricing/defaults/medicare.yaml: 54% Medicare Advantage; of Traditional Medicare 42%
    # Medigap (60% of it Plan G), 31% employer, 16% Medicaid, 11% nothing else; 79% Part D.
    # So Medigap G is 0.46 x 0.42 x 0.6 = 11.6% of Medicare households, N 7.7%, employer 14.3%,
    # dual eligible 7.4%, Original Medicare alone 5.1%.
    shares = cover_shares()
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["advantage"] == pytest.approx(0.54)
    assert shares["medigap_g"] == pytest.approx(0.46 * 0.42 * 0.6)
    assert shares["original"] == pytest.approx(0.46 * 0.11)
    pop = make_population(200_000, 9)
    on = pop.kind == KINDS.index("medicare")
    n = int(on.sum())
    assert n > 25_000
    for cover in COVERS:
        p = shares[cover]
        got = float(np.mean(pop.medicare_cover[on] == COVER_CODE[cover]))
        assert abs(got - p) < 4 * np.sqrt(p * (1 - p) / n), cover  # four standard errors
    part_d = medicare.enrolment()["part_d_share"]
    assert abs(pop.part_d[on].mean() - part_d) < 4 * np.sqrt(part_d * (1 - part_d) / n)
    assert not pop.part_d[~on].any()
    # Each cover's terms: Medigap codes, the Medicare Advantage cap, the employer template,
    # Medicaid's quarterly cap for dual eligibles, and nothing Medicare-ish elsewhere.
    g = on & (pop.medicare_cover == COVER_CODE["medigap_g"])
    assert np.all(pop.supplement[g] == 1) and np.all(pop.deductible[g] == 283)
    # Medicare Advantage maximums from the published 2025 bands (20% at $3,500 or less, 50%
    # above the $5,400 median), never above the 2026 ceiling of $9,250 (no longer all at it).
    ma = on & (pop.medicare_cover == COVER_CODE["advantage"])
    m = int(ma.sum())
    assert np.all(pop.deductible[ma] == 0) and pop.oop_max[ma].max() <= 9_250
    assert np.mean(pop.oop_max[ma] <= 3_500) == pytest.approx(0.20, abs=4 * np.sqrt(0.16 / m))
    assert np.mean(pop.oop_max[ma] > 5_400) == pytest.approx(0.50, abs=4 * np.sqrt(0.25 / m))
    # Employer retiree cover: an employer plan drawn from the same distributions (it pays after
    # Medicare: pricing.equity.secondary).
    employer = on & (pop.medicare_cover == COVER_CODE["employer"])
    assert len(set(pop.oop_max[employer].tolist())) > 100
    assert np.all(pop.deductible[employer] <= pop.oop_max[employer])
    dual = on & (pop.medicare_cover == COVER_CODE["medicaid"])
    assert pop.quarter_cap[dual] == pytest.approx(pop.income[dual] / 4 * 0.05)
    assert np.all(pop.copay[dual] == 4)
    assert np.all(pop.supplement[~on] == 0) and np.all(pop.medicare_cover[~on] == 0)


def test_medicare_draw_leaves_other_households_alone() -> None:
    # Medicare's cover is drawn after every other stream, so the same seed gives the same
    # incomes, kinds and commercial terms as before it existed.
    a = make_population(5_000, 21)
    b = make_population(5_000, 21)
    assert np.array_equal(a.medicare_cover, b.medicare_cover)
    commercial = a.kind == KINDS.index("commercial")
    assert commercial.any() and np.all(a.oop_max[commercial] <= 10_600)
