"""Issue 17 item 3: a range whose ends are equal is one figure; 'more' only when part of the
out-of-pocket maximum is already paid."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pricing.estimate import estimate
from pricing.explain import estimate as words
from pricing.explain.walkthrough import walkthrough
from pricing.explain.words import money_range, percent_range
from pricing.scenario import from_dict


def test_equal_ends_are_one_figure() -> None:
    assert money_range(6000, 6000) == "$6,000"
    assert money_range(5999.6, 6000.4) == "$6,000"  # both round to $6,000
    assert money_range(6000, 5000) == "between $5,000 and $6,000"  # ends put in order
    assert money_range(900, 1200, "{} to {}") == "$900 to $1,200"
    assert percent_range(0.109, 0.109) == "10.9%"
    assert percent_range(0.1, 0.109) == "between 10.0% and 10.9%"


@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_never_between_a_figure_and_itself(a: float, b: float) -> None:
    text = money_range(a, b)
    if text.startswith("between"):
        low, high = text.removeprefix("between ").split(" and ")
        assert low != high


def test_the_deductible_sentence_says_more_only_after_part_of_the_cap_is_paid() -> None:
    # $6,000 maximum, nothing met: "until you have paid $6,000 in the plan year"
    fresh = {
        "version": 1,
        "modality": "spravato",
        "insurance": {"kind": "commercial", "deductible": 1500, "oop_max": 6000},
    }
    said = " ".join(walkthrough(estimate(from_dict(fresh))))
    assert "until you have paid $6,000 in the plan year" in said
    assert "$6,000 more" not in said
    # $1,000 already paid toward it: $6,000 - $1,000 = $5,000 more, of the $6,000 maximum
    met = {**fresh, "insurance": {**fresh["insurance"], "met_this_year": {"oop": 1000}}}
    said = " ".join(walkthrough(estimate(from_dict(met))))
    assert "until you have paid $5,000 more in the plan year" in said
    assert "out-of-pocket maximum is $6,000" in said


def test_the_likely_range_in_plain_words() -> None:
    est = estimate(from_dict({"version": 1, "modality": "iv_ketamine"}))
    lines = " ".join(words.facts(est))
    assert "simulated courses" not in lines
    assert "you would most likely pay between $" in lines
