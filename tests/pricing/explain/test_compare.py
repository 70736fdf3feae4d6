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


# ---------------------------------------------------------------------------------------------
# Which plan and dates every figure is for; the approve/refuse pair; the CLI's table.


@pytest.mark.parametrize(
    ("insurance", "said"),
    [
        ({"kind": "none"}, "no insurance (you pay the clinic's price)"),
        (
            {
                "kind": "commercial",
                "deductible": 500,
                "coinsurance": 0.3,
                "oop_max": 4000,
                "plan_year_start_month": 7,
            },
            "your commercial plan ($500 deductible, 30% coinsurance, out-of-pocket maximum "
            "$4,000; plan year from July)",
        ),
        (
            {"kind": "commercial", "copay": 40, "oop_max": None},
            "your commercial plan ($1,787 deductible, $40 copay, no out-of-pocket maximum; "
            "plan year from January)",
        ),
        ({"kind": "medicaid", "copay": 4}, "Medicaid ($4 copay per covered visit)"),
        (
            {"kind": "medicare", "medicare": {"supplement": "medigap_g"}, "deductible": 283},
            "Original Medicare with a Medigap Plan G (Part B deductible $283)",
        ),
    ],
)
def test_plan_words_read_the_persons_own_terms(insurance: dict, said: str) -> None:  # type: ignore[type-arg]
    if insurance.get("copay") == 40:  # the deductible the defaults give an employer plan
        insurance["deductible"] = 1787
    scenario = from_dict({"version": 1, "modality": "iv_ketamine", "insurance": insurance})
    assert words.plan_words(scenario) == said


def test_figures_for_names_the_period_and_the_years() -> None:
    # First session Monday 2026-11-16; 3 months run to 2027-02-15, the bills fall in 2026-2027.
    base = from_dict({"version": 1, "modality": "iv_ketamine", "start_date": "2026-11-16"})
    result = compare(base, ["iv_ketamine", "at_home_ketamine"], horizon_months=3, draws=0)
    assert words.figures_for(result) == (
        "Every figure is what you pay under no insurance (you pay the clinic's price), from "
        "Nov 16, 2026 to Feb 15, 2027 (3 months; bills dated 2026-2027), at midpoint prices "
        "unless a range is shown."
    )


def test_approval_rows_say_when_the_chance_is_an_assumption() -> None:
    base = from_dict({"version": 1, "modality": "iv_ketamine", "insurance": {"kind": "commercial"}})
    result = compare(base, ["spravato", "iv_ketamine"], horizon_months=6, draws=0)
    rows = words.approval_rows(result)
    # An employer plan covers only Spravato (defaults), so only it has the step.
    assert [r.modality for r in rows] == ["spravato"]
    row = rows[0]
    refused = result.estimates["spravato"].denied_out_of_pocket()
    assert refused is not None and row.refused_range == refused
    # The commercial 85% comes from a published claims study: said as a finding, in the
    # Estimate's own words (the audit found Compare calling it an assumption).
    assert row.chance == 0.85 and row.chance_words.startswith("In a published claims study")
    # A chance the person typed is theirs, not an assumption of the tool's.
    own = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "insurance": {"kind": "commercial", "prior_authorization": {"approval_chance": 0.6}},
        }
    )
    mine = words.approval_rows(compare(own, ["spravato"], horizon_months=6, draws=0))[0]
    assert mine.chance_words == "You set a 60% chance that your plan approves it."


def test_a_warning_every_treatment_shares_is_said_once() -> None:
    # Original Medicare from 2031: no Part B deductible is published that far ahead, so it is
    # projected for every treatment; only the off-label treatments carry "not covered".
    base = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "start_date": "2031-01-06",
            "insurance": {"kind": "medicare"},
        }
    )
    result = compare(base, ["spravato", "iv_ketamine"], horizon_months=3, draws=0)
    lines = words.warning_lines(result)
    shared = [
        w
        for w in result.estimates["spravato"].warnings
        if w in result.estimates["iv_ketamine"].warnings
    ]
    assert shared and "projected" in shared[0]
    assert [line for line in lines if line.startswith("Every treatment: ")] == [
        f"Every treatment: {w}" for w in shared
    ]
    for w in shared:
        assert sum(w in line for line in lines) == 1
    assert any(line.startswith("IV infusion: Your plan is assumed not to cover") for line in lines)
