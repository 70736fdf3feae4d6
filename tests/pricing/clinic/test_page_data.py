"""What the Clinic pricing page shows (pricing/clinic/page_data.py) and its words
(pricing/explain/clinic.py): the page's reach is the CLI's reach, the margin rule, the course."""

from __future__ import annotations

import numpy as np
import pytest

from pricing import clinic, equity
from pricing.explain import clinic as words
from pricing.scenario import loads
from tests.pricing.clinic.cases import ISSUE_EXAMPLE, section

INCOME_10 = equity.thresholds()["income_10"]


def issue_section() -> clinic.ClinicSection:
    s = loads(ISSUE_EXAMPLE).clinic
    assert s is not None
    return s


def test_the_page_reach_is_the_cli_reach() -> None:
    s = issue_section()
    detail = clinic.reach_summary(s, households=1500, seed=7)
    data = clinic.page_data(s, clinic.market(1500, 7), INCOME_10)
    assert data.reach == detail["share"]
    assert data.reach_by_offering.to_dict(orient="records") == detail["by_treatment"]


def test_a_cached_curve_gives_the_same_figures() -> None:
    s = issue_section()
    population = clinic.market(800, 3)
    calls: list[str] = []

    def curve(*args: object) -> np.ndarray:  # stands in for the page's cached copy
        calls.append(str(args[1]))
        return clinic.reach_curve(*args)  # type: ignore[arg-type]

    plain = clinic.page_data(s, population, INCOME_10)
    cached = clinic.page_data(s, population, INCOME_10, curve=curve)
    assert cached.reach == plain.reach
    assert cached.reach_sweep["reach"].tolist() == plain.reach_sweep["reach"].tolist()
    assert calls == ["iv_ketamine", "iv_ketamine"]  # the sweep and today's price


def test_minimum_margin_rule_and_first_profitable_price() -> None:
    s = issue_section()
    population = clinic.market(500, 1)
    # Break-even margin: 45,000 fixed / 120 delivered = $375 a session.
    data = clinic.page_data(s, population, INCOME_10, margin_rule="break_even")
    assert data.minimum_margin == pytest.approx(375)
    assert clinic.page_data(s, population, INCOME_10, 0, "chosen", 50).minimum_margin == 50
    # Margin p - 150 >= 375 from p = $525; the best price for reach is at least that.
    assert data.first_profitable_price == 525
    assert data.best is not None and data.best["price"] >= 525
    assert data.best["margin_per_session"] >= 375


def test_the_page_says_which_course_and_the_uptake() -> None:
    s = section(
        offerings=[{"modality": "iv_ketamine", "share": 1, "price": 600}],
        sliding_scale=[
            {"max_poverty_percent": 200, "discount": 0.5, "share": 0.1},
            {"max_poverty_percent": 300, "discount": 0.25, "share": 0.15},
        ],
    )
    data = clinic.page_data(s, clinic.market(500, 1), INCOME_10)
    # The IV induction series is 6 infusions (courses.yaml).
    assert "first series only: 6 treatment sessions" in words.course_words(data)
    sentence = words.uptake(data)
    assert "(10% and 15%)" in sentence and "every self-paying household" in sentence
    assert len(data.tier_shares_market) == 2


def test_the_cli_text_for_the_issue_example() -> None:
    s = issue_section()
    summary = {**clinic.analyse(s).summary(), "reach_detail": {"share": 0.5, "threshold": 0.1}}
    text = words.readable(summary).splitlines()
    # 120 x 450 - 45,000 = 9,000; break-even 45,000 / 450 = 100; rooms and hours from clinic.yaml:
    # 3 x 8 x 60 x 21 / 100 min = 302.4, of which 100 is 33%.
    assert text[4] == "Monthly profit:             $9,000"
    assert text[5] == "Break-even sessions / month: 100.0 delivered (100.0 booked)"
    assert text[6] == "Capacity / month:           302.4 (break-even needs 33% of it)"
    assert text[7] == "Reach: 50.0% of households can afford a course (under 10% of income)"
    # The chosen test named (issue 16 item 5): a market under the savings test.
    savings = {"share": 0.6, "threshold": 0.1, "threshold_rule": "savings"}
    line = words.readable({**summary, "reach_detail": savings}).splitlines()[7]
    assert line.endswith("can afford a course (under savings plus 10% of income)")
