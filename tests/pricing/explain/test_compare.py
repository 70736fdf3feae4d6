"""pricing.explain.compare: which course each treatment is priced for, cheapest and dearest,
the typical course beside the period's."""

from __future__ import annotations

import pytest

from pricing import course
from pricing.compare import Comparison, compare
from pricing.estimate import estimate
from pricing.explain import compare as words
from pricing.scenario import from_dict


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    base = from_dict({"version": 1, "modality": "iv_ketamine"})
    return compare(base, ["spravato", "iv_ketamine"], horizon_months=12, draws=0)


def test_courses_priced_per_treatment(comparison: Comparison) -> None:
    # Spravato over 12 months (52 weeks): 8 + 4 induction sessions in 8 weeks, then every
    # 2 weeks for 44 weeks = 22: 34 sessions.
    lines = words.courses_priced(comparison)
    assert lines[0] == "Spravato: first 12 months: 34 treatment sessions"
    assert lines[1].startswith(f"{words.treatment_names()['iv_ketamine']}: first 12 months: ")


def test_totals_summary_names_cheapest_and_dearest(comparison: Comparison) -> None:
    cheapest, dearest = comparison.cheapest_over_period(), comparison.dearest_over_period()
    text = words.totals_summary(comparison)
    assert text.startswith(f"Summary: over 12 months {cheapest.treatment} costs you least")
    assert f"and {dearest.treatment} most" in text


def test_typical_course_only_when_it_fits_the_period() -> None:
    # The typical Spravato course runs 12 + 40 = 52 weeks: a 12-month period (52 weeks) holds
    # it, 6 months (26 weeks) does not.
    assert words.typical_offered(["iv_ketamine", "spravato"]) == ["spravato"]
    assert words.typical_fits("spravato", 12) and not words.typical_fits("spravato", 6)
    assert "at least 12 months" in words.typical_help(["spravato"], 6)


def test_with_typical_prices_the_typical_course(comparison: Comparison) -> None:
    base = from_dict({"version": 1, "modality": "iv_ketamine"})
    typical = estimate(words.typical_scenario(base, "spravato"), draws=0)
    assert typical.visit_counts["treatment"] == course.sessions(course.typical("spravato")) == 12
    mixed = words.with_typical(comparison, {"spravato": typical})
    assert mixed.estimates["spravato"] is typical
    assert mixed.estimates["iv_ketamine"] is comparison.estimates["iv_ketamine"]
    assert words.courses_priced(mixed, ["spravato"])[0] == (
        "Spravato: as people usually stay on it: 12 treatment sessions"
    )


def test_money_columns_leave_out_names_and_counts(comparison: Comparison) -> None:
    columns = words.money_columns(comparison.table())
    assert "treatment" not in columns and "sessions" not in columns
    assert "total mid" in columns
