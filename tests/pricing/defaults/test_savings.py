"""Liquid savings by income group (savings.yaml, SCF 2022): read back, monotone, hand-checked."""

from __future__ import annotations

from math import log, sqrt
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.defaults import savings


def test_six_scf_groups_cover_every_percentile_once() -> None:
    groups = savings.savings_groups()
    assert [(g.percentile_low, g.percentile_high) for g in groups] == [
        (0, 20),
        (20, 40),
        (40, 60),
        (60, 80),
        (80, 90),
        (90, 100),
    ]
    assert [g.median_balance for g in groups] == sorted(g.median_balance for g in groups)
    assert all(0.0 <= g.share_holding <= 1.0 for g in groups)
    assert savings.dollar_year() == 2022


def test_figures_read_back_from_the_scf_tables() -> None:
    lowest, *_, top = savings.savings_groups()
    # Table 6: 95.51% of the lowest fifth hold a transaction account, median $900; top tenth
    # $111,600. Table 1: their median incomes $20,537 and $390,209.
    assert (lowest.share_holding, lowest.median_balance, lowest.median_income) == (
        0.9551,
        900,
        20537,
    )
    assert (top.share_holding, top.median_balance, top.median_income) == (1.0, 111600, 390209)


def test_income_bounds_are_geometric_midpoints() -> None:
    # sqrt(20,537 x 43,236) = sqrt(887,937,732) = 29,798.28.
    first = savings.income_bounds()[0]
    assert first == pytest.approx(29_798.28, abs=0.01)
    assert savings.group_for_income(29_798).percentile_low == 0
    assert savings.group_for_income(29_799).percentile_low == 20
    assert savings.group_for_income(10_000_000).percentile_low == 90


def test_spread_is_below_the_all_income_spread_of_young_families() -> None:
    # Under-35 families: median $5,400, mean $20,536 -> sqrt(2 ln(20,536 / 5,400)) = 1.635.
    assert sqrt(2 * log(20_536 / 5_400)) == pytest.approx(1.635, abs=1e-3)
    assert 0.5 < savings.balance_spread() < 1.635


def test_drawn_savings_clear_400_dollars_for_about_nine_in_ten_families() -> None:
    # P(balance >= $400) = share_holding x Phi((ln median - ln 400) / spread), weighted by the
    # groups' percentile widths. By hand with spread 1.5: lowest fifth 0.9551 x Phi(0.541) =
    # 0.9551 x 0.7057 = 0.674; second 0.9797 x Phi(1.235) = 0.9797 x 0.8916 = 0.873; middle
    # 0.9984 x Phi(1.944) = 0.973; then 0.992, 0.998, 1.000. Weighted: 0.2 x (0.674 + 0.873 +
    # 0.973 + 0.992) + 0.1 x (0.998 + 1.000) = 0.7024 + 0.1998 = 0.902 (the note's "about 90%"),
    # far above the SHED's 63% of adults who would pay $400 in cash.
    normal = NormalDist()
    spread = savings.balance_spread()
    share = sum(
        (g.percentile_high - g.percentile_low)
        / 100
        * g.share_holding
        * normal.cdf((log(g.median_balance) - log(400)) / spread)
        for g in savings.savings_groups()
    )
    assert share == pytest.approx(0.902, abs=0.003)
    assert savings.shed_cash_for_400() == 0.63


def test_bad_input_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match="percentile 101"):
        savings.group_for_percentile(101)
    with pytest.raises(ValueError, match="income -1"):
        savings.group_for_income(-1)


@given(st.floats(0, 100), st.floats(0, 100))
def test_a_higher_percentile_never_lands_in_a_lower_group(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert (
        savings.group_for_percentile(low).percentile_low
        <= savings.group_for_percentile(high).percentile_low
    )
    assert savings.group_for_percentile(high).percentile_low <= high


@given(st.floats(0, 5_000_000), st.floats(0, 5_000_000))
def test_a_higher_income_never_lands_in_a_lower_group(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert (
        savings.group_for_income(low).median_balance
        <= savings.group_for_income(high).median_balance
    )
