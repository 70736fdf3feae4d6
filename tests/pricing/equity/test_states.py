"""pricing.equity.states and runs by state: the log-normal from a Gini index, the insurance table
fitted to a state's mix, the states' figures summing to the national one, and the issue's
comparisons (TX vs MA on Spravato, MS vs MA on IV ketamine)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from pricing.defaults import states as table
from pricing.equity import KINDS, PopulationMix, make_population, run_settings
from pricing.equity.states import band_shares, fit_table, lognormal_sigma, state_mix
from pricing.equity.study import run


def test_lognormal_spread_from_gini_by_hand() -> None:
    # G = 2 Phi(s / sqrt 2) - 1, so s = sqrt 2 x Phi^-1((1 + G) / 2); G = 0.5: Phi^-1(0.75) =
    # 0.674490, s = 1.414214 x 0.674490 = 0.953873.
    assert lognormal_sigma(0.5) == pytest.approx(0.953873, abs=1e-6)
    with pytest.raises(ValueError, match="Gini"):
        lognormal_sigma(1.2)


def test_fit_table_by_hand() -> None:
    # Uniform shape: the fit is independence, every band's row equals the kind totals.
    rows = fit_table([[1, 1], [1, 1]], np.array([0.5, 0.5]), np.array([0.3, 0.7]))
    assert np.array(rows) == pytest.approx(np.array([[0.3, 0.7], [0.3, 0.7]]))
    # A structural zero: band 0 is all kind 0 (half the people), so kind 0's 0.6 needs 0.1 more
    # from band 1 (half the people): band 1's row is (0.1, 0.4) / 0.5 = (0.2, 0.8).
    rows = fit_table([[1, 0], [0.5, 0.5]], np.array([0.5, 0.5]), np.array([0.6, 0.4]))
    assert np.array(rows) == pytest.approx(np.array([[1.0, 0.0], [0.2, 0.8]]))


def test_state_population_follows_its_table() -> None:
    # TX (no expansion, 16.7% uninsured in the state table) drawn with 40,000 households: its
    # kinds within sampling error of the table; the poverty bands of the mix add to 1.
    facts = table.state("TX")
    mix = state_mix(facts, PopulationMix.default())
    assert band_shares(mix).sum() == pytest.approx(1.0)
    pop = make_population(40_000, 5, mix)
    n = pop.n
    for kind, share in facts.insurance.items():
        got = float(np.mean(pop.kind == KINDS.index(kind)))
        assert abs(got - share) < 4 * math.sqrt(share * (1 - share) / n), kind
    assert not pop.expansion_state.any()
    # Alaska draws against Alaska's poverty guideline (higher than the 48 states').
    ak = make_population(2_000, 5, state_mix(table.state("AK"), PopulationMix.default()))
    lower48 = make_population(2_000, 5, dataclasses.replace(PopulationMix.default()))
    assert ak.subsistence[ak.size == 1][0] > lower48.subsistence[lower48.size == 1][0]


def test_no_expansion_puts_the_gap_in_the_fitted_table() -> None:
    # The same state facts with and without the expansion: below 138% of poverty the state
    # without it has fewer households on Medicaid (the coverage gap), yet both match the
    # state's overall Medicaid share.
    facts = table.state("MA")
    closed = dataclasses.replace(facts, medicaid_expansion=False)
    open_rows = state_mix(facts, PopulationMix.default()).insurance_by_band
    closed_rows = state_mix(closed, PopulationMix.default()).insurance_by_band
    medicaid = KINDS.index("medicaid")
    assert closed_rows[0][medicaid] < open_rows[0][medicaid]
    assert closed_rows[-1][medicaid] > open_rows[-1][medicaid]


@pytest.fixture
def three_states():  # function scope: after conftest's pinned defaults, like every run here  # type: ignore[no-untyped-def]
    settings = run_settings(None, 3_000)
    settings.states = ("MA", "MS", "TX")
    settings.treatments = ("spravato", "iv_ketamine")
    return run(settings)


def test_texas_and_mississippi_against_massachusetts(three_states) -> None:  # type: ignore[no-untyped-def]
    # Issue 15: TX (no expansion, ~17% uninsured) prices out more people than MA (2.8%) on
    # Spravato; MS (no expansion, lower incomes) more than MA on IV ketamine.
    by_state = three_states["by_state"]
    assert (
        by_state["TX"]["priced_out"]["spravato"]["all"]
        > (by_state["MA"]["priced_out"]["spravato"]["all"])
    )
    assert (
        by_state["MS"]["priced_out"]["iv_ketamine"]["all"]
        > (by_state["MA"]["priced_out"]["iv_ketamine"]["all"])
    )


def test_the_nation_is_the_sum_of_its_states(three_states) -> None:  # type: ignore[no-untyped-def]
    # People in need are shared by households, so the run's share is the states' shares weighted
    # by their real households; people represented add up the same way.
    by_state = three_states["by_state"]
    weights = {code: row["households_represented"] for code, row in by_state.items()}
    for treatment in ("spravato", "iv_ketamine"):
        expected = sum(
            weights[c] * by_state[c]["priced_out"][treatment]["all"] for c in weights
        ) / sum(weights.values())
        assert three_states["priced_out"][treatment]["all"] == pytest.approx(expected)
    assert three_states["people_represented"] == pytest.approx(
        sum(row["people_represented"] for row in by_state.values())
    )
    assert weights["TX"] == table.state("TX").households


def test_a_state_has_the_same_households_alone_or_with_others(three_states) -> None:  # type: ignore[no-untyped-def]
    settings = run_settings(None, 3_000)
    settings.states = ("TX",)
    settings.treatments = ("spravato", "iv_ketamine")
    alone = run(settings)
    assert alone["by_state"]["TX"]["priced_out"] == three_states["by_state"]["TX"]["priced_out"]
