"""Affordability against savings (issue 16 item 5): households' liquid savings drawn by income
group from the SCF table (pricing.equity.savings), and the savings_10 test (savings plus 10% of
income) beside income_10 (pricing.equity.affordability). Hand-worked households first, then the
invariant (the savings test is never stricter), then the draw against the table."""

from __future__ import annotations

import dataclasses
import json
from math import log, pi, sqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.defaults import savings as table
from pricing.equity import (
    Population,
    affordable,
    evaluate,
    make_population,
    out_of_pocket,
    priced_out_table,
    thresholds,
)
from pricing.equity.savings import SPREAD, draw_savings, drawn_spread, savings_group
from pricing.equity.uncertainty import CENTRAL, ParameterDraw
from tests.pricing.equity.conftest import CAP_8000, PRICE

INCOME_10 = thresholds()["income_10"]
SAVINGS_10 = thresholds()["savings_10"]


# --- the test, by hand -------------------------------------------------------------------------


def test_savings_test_is_named_and_defined() -> None:
    # population.yaml: savings_10 is 10% of income with the household's savings added.
    assert (SAVINGS_10.name, SAVINGS_10.rule, SAVINGS_10.share) == ("savings_10", "savings", 0.10)
    assert SAVINGS_10.label == "savings plus 10% of income"
    assert INCOME_10.label == "10% of income"  # the income test's words do not move


def test_affordable_edges_with_savings() -> None:
    # Income 20,000: 10% = 2,000. Savings 11,350: 11,350 + 2,000 = 13,350 exactly -> affordable
    # (at the line is affordable, as for income_10); 13,350.01 is one cent above -> priced out.
    # No savings and no income: only a course costing nothing is affordable.
    oop = np.array([13_350.0, 13_350.01, 0.0, 0.01])
    income = np.array([20_000.0, 20_000.0, 0.0, 0.0])
    savings = np.array([11_350.0, 11_350.0, 0.0, 0.0])
    found = affordable(oop, income, 0.10, "savings", savings=savings)
    assert list(found) == [True, False, True, False]
    # The same bills without savings: 2,000 is the line, both above it.
    assert list(affordable(oop, income, 0.10, "income")) == [False, False, True, False]
    with pytest.raises(ValueError, match="savings"):
        affordable(oop, income, 0.10, "savings")


def _with_savings(population: Population, savings: list[float]) -> Population:
    return dataclasses.replace(population, savings=np.array(savings, dtype=np.float64))


def test_golden_households_with_savings(six: Population) -> None:
    # The six households' Spravato induction (tests/pricing/equity/test_costs.py's golden case):
    # out-of-pocket [13,350, 400, 420, 100, 13,054, 3,000.80] on incomes [20,000, 100,000,
    # 100,000, 12,000, 12,000, 31,000]. Savings given: H1 12,000, H5 500, the rest 0.
    # income_10 (10% of income = [2,000, 10,000, 10,000, 1,200, 1,200, 3,100]):
    #   H1 13,350 > 2,000 out; H5 13,054 > 1,200 out; H2 400, H3 420, H4 100, H6 3,000.80 in.
    # savings_10 (savings + 10% of income = [14,000, 10,000, 10,000, 1,200, 1,700, 3,100]):
    #   H1 13,350 <= 14,000 in (its savings pay the rest); H5 13,054 > 1,700 still out.
    population = _with_savings(six, [12_000, 0, 0, 0, 500, 0])
    oop = out_of_pocket(population, "spravato", "induction", PRICE, reforms=CAP_8000)
    assert oop == pytest.approx([13_350, 400, 420, 100, 13_054, 3_000.80])
    by_income = ~affordable(oop, population.income, 0.10, "income")
    by_savings = ~affordable(oop, population.income, 0.10, "savings", savings=population.savings)
    assert list(by_income) == [True, False, False, False, True, False]
    assert list(by_savings) == [False, False, False, False, True, False]
    # By poverty band (H1 is 100-138%, H5 <100% with H4): income_10 prices out 2 of 6, the
    # savings test 1 of 6 (H5): the 100-138% band goes from 100% to 0%.
    table_s = priced_out_table(population, {"spravato": oop}, 0.10, "savings")["spravato"]
    assert table_s["100-138%"] == 0.0 and table_s["<100%"] == pytest.approx(0.5)
    assert table_s["all"] == pytest.approx(1 / 6)


def test_golden_households_through_the_tally(six: Population) -> None:
    # The same six through evaluate() (settle, tally, summary), named in its JSON: H1 is priced
    # out under income_10 only. evaluate's baseline is today's rules (the programme's own
    # cap); H2 and H3 reach their 3,000 maximum at most, far below 10,000, so they stay in.
    population = _with_savings(six, [12_000, 0, 0, 0, 500, 0])
    by_income = evaluate(population, ["spravato"], "induction", "income_10")
    by_savings = evaluate(population, ["spravato"], "induction", "savings_10")
    assert by_income.priced_out["spravato"]["all"] == pytest.approx(2 / 6)
    assert by_savings.priced_out["spravato"]["all"] == pytest.approx(1 / 6)
    named = json.loads(json.dumps(by_savings.summary(), default=str))
    assert named["threshold"] == 0.10
    assert named["threshold_rule"] == {
        "name": "savings_10",
        "rule": "savings",
        "label": "savings plus 10% of income",
    }


def test_without_savings_the_two_tests_agree(six: Population) -> None:
    # Hand-made households hold no savings unless given: savings_10 is then income_10 exactly.
    oop = out_of_pocket(six, "spravato", "induction", PRICE, reforms=CAP_8000)
    assert np.array_equal(
        affordable(oop, six.income, 0.10, "savings", savings=six.savings),
        affordable(oop, six.income, 0.10, "income"),
    )


# --- never stricter ----------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@given(
    rows=st.lists(st.tuples(money, money, money), min_size=1, max_size=30),
    share=st.floats(min_value=0, max_value=1),
)
def test_priced_out_with_savings_implies_priced_out_by_income(
    rows: list[tuple[float, float, float]], share: float
) -> None:
    oop, income, savings = (np.array(column) for column in zip(*rows, strict=True))
    out_savings = ~affordable(oop, income, share, "savings", savings=savings)
    out_income = ~affordable(oop, income, share, "income")
    assert not np.any(out_savings & ~out_income)


@settings(max_examples=6, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    treatment=st.sampled_from(["spravato", "iv_ketamine", "kap_lozenge"]),
)
def test_drawn_households_never_stricter(seed: int, treatment: str) -> None:
    # Drawn households with their real bills: everyone the savings test prices out, the income
    # test prices out too.
    population = make_population(150, seed)
    oop = out_of_pocket(population, treatment, "typical")
    table_i = ~affordable(oop, population.income, 0.10, "income")
    table_s = ~affordable(oop, population.income, 0.10, "savings", savings=population.savings)
    assert not np.any(table_s & ~table_i)


# --- the draw against the SCF table ------------------------------------------------------------


@given(st.floats(min_value=0, max_value=5e6, allow_nan=False))
def test_households_are_placed_as_the_table_places_them(income: float) -> None:
    groups = table.savings_groups()
    placed = groups[int(savings_group(np.array([income]))[0])]
    assert placed == table.group_for_income(income)


def test_draw_reproduces_the_table_shares_and_medians() -> None:
    # 20,000 households at each group's median income (each median lies inside its own group:
    # the bounds are geometric midpoints between neighbouring medians). Sampling error, n per
    # group: the share holding, sqrt(p (1 - p) / n) (lowest fifth: sqrt(0.9551 x 0.0449 /
    # 20,000) = 0.0015); log of the holders' sample median, sqrt(pi / 2) x spread / sqrt(m) for m
    # holders (1.2533 x 1.5 / sqrt(19,100) = 0.0136); the holders' standard deviation of log
    # balance, spread / sqrt(2 m) (1.5 / sqrt(38,200) = 0.0077). Each within 4 of those.
    n = 20_000
    groups = table.savings_groups()
    spread = table.balance_spread()
    income = np.repeat([g.median_income for g in groups], n)
    drawn = draw_savings(np.random.default_rng(20_221), income)
    assert np.all(drawn >= 0) and np.all(np.isfinite(drawn))
    for i, group in enumerate(groups):
        mine = drawn[i * n : (i + 1) * n]
        held = mine[mine > 0]
        p = group.share_holding
        assert abs(held.size / n - p) <= 4 * sqrt(p * (1 - p) / n) + 1e-12, group
        m = held.size
        assert abs(log(np.median(held)) - log(group.median_balance)) <= 4 * sqrt(pi / 2) * (
            spread / sqrt(m)
        ), group
        assert abs(np.std(np.log(held)) - spread) <= 4 * spread / sqrt(2 * m), group


def test_the_population_draws_savings_by_income_group() -> None:
    # make_population gives every household savings; within each income group with enough
    # households, the share with none is 1 - share_holding within 4 sampling errors.
    population = make_population(6_000, 33)
    assert population.savings.shape == (6_000,) and np.all(population.savings >= 0)
    group = savings_group(population.income)
    for i, g in enumerate(table.savings_groups()):
        rows = population.savings[group == i]
        if rows.size < 300:
            continue
        p = g.share_holding
        assert abs(np.mean(rows > 0) - p) <= 4 * sqrt(max(p * (1 - p), 1e-9) / rows.size)
    # Savings rise with income: the median of each group above the one before it.
    medians = [np.median(population.savings[group == i]) for i in range(6) if np.any(group == i)]
    assert medians == sorted(medians)


def test_the_spread_is_a_parameter_draw() -> None:
    # Central: the table's 1.5. A draw: 1.5 x its factor for the spread's key (within 1 +- the
    # uncertainty spread), the same whoever asks.
    assert drawn_spread(CENTRAL) == table.balance_spread()
    draw = ParameterDraw(seed=5, index=1, spread=0.25)
    assert drawn_spread(draw) == pytest.approx(table.balance_spread() * draw.factor(SPREAD))
    assert drawn_spread(draw) != table.balance_spread()
    # A wider spread, the same households and stream: the holders' balances move away from the
    # median (log distance scales with the spread), the account holders stay the same.
    middle = table.savings_groups()[2]  # 40th-60th percentile: median balance $7,400
    income = np.full(2_000, middle.median_income)
    central = draw_savings(np.random.default_rng(1), income)
    drawn = draw_savings(np.random.default_rng(1), income, draw)
    assert np.array_equal(central > 0, drawn > 0)
    held = central > 0
    ratio = np.log(drawn[held] / middle.median_balance) / np.log(
        central[held] / middle.median_balance
    )
    assert ratio == pytest.approx(np.full(held.sum(), drawn_spread(draw) / table.balance_spread()))


# --- the words ---------------------------------------------------------------------------------


def test_the_method_defines_every_test_with_the_tables_figures() -> None:
    from pricing.explain.equity import affordability_method

    words = affordability_method()
    for name in thresholds():
        assert f"(`{name}`" in words
    assert "**Savings plus 10% of income** (`savings_10`)" in words
    # The lowest fifth: 95.5% hold an account, median $900; the top tenth $111,600; placed by
    # income below sqrt(20,537 x 43,236) = $29,798.
    assert "95.5% of the lowest fifth" in words and "$900 for the lowest fifth" in words
    assert "$111,600 for the top tenth" in words and "below $29,798" in words


def test_every_course_priced_falls_within_its_first_year() -> None:
    # The words say the test prices the first year: each named course's phases last at most
    # 52 weeks (a phase's sessions fall before its last week ends; DESIGN's schedule).
    from pricing.equity import COURSES, TREATMENTS, course_phases

    for treatment in TREATMENTS:
        for course in COURSES:
            weeks = sum(phase["weeks"] for phase in course_phases(treatment, course))
            assert weeks <= 52, (treatment, course, weeks)
