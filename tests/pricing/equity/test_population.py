"""pricing.equity.population: the drawn population follows its mix, bad mixes name the field,
and the size bound is the one parameter (population.yaml max_households)."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.defaults import population as params
from pricing.equity import KINDS, PopulationMix, make_population
from pricing.equity.population import check_households, oon_terms
from pricing.scenario import ScenarioError


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
