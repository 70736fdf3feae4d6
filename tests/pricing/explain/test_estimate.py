"""pricing.explain.estimate and .bills: the words quote the engine's figures, hand-worked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pricing.defaults.clinic import spravato_observation_hours
from pricing.estimate import Estimate, estimate
from pricing.explain import bills
from pricing.explain import estimate as words
from pricing.scenario import load_file

ROOT = Path(__file__).resolve().parents[3]


def settled(name: str) -> Estimate:
    return estimate(load_file(ROOT / "scenarios" / f"{name}.yaml"), draws=0)


@pytest.fixture(scope="module")
def two_bills() -> Estimate:
    return settled("employer_spravato_two_bills")


def test_headline_is_the_approved_case_and_says_so(two_bills: Estimate) -> None:
    # Approved, midpoint prices (drug 737.50, visit 350, intake 300; deductible 1,787; 20%):
    # intake 300 all deductible; 25 drug bills at the programme's $10 floor = 250;
    # visits: 350 (deductible) + 24 x 70 = 2,030, of which the rebate pays its 2,000 maximum = 30.
    # 300 + 250 + 30 = 580.
    assert words.headline(two_bills).startswith(
        "If your plan approves it: you would likely pay $580 for this course"
    )


def test_approval_pair_side_by_side_never_blended(two_bills: Estimate) -> None:
    pair = words.approval_pair(two_bills)
    assert pair is not None
    said, approved, refused = pair
    # The commercial chance is a finding (claims study, 2023), said as one.
    assert "In a published claims study (2023), about 85% of requests" in said
    assert "assum" not in said and "not an average" in said
    assert (approved.label, approved.likely) == ("If your plan approves", "$580")
    # Refused: the drug and the visit are not covered; the intake still is (deductible).
    # 25 x 737.50 + 25 x 350 + 300 = 18,437.50 + 8,750 + 300 = 27,487.50 -> $27,488.
    assert (refused.label, refused.likely) == ("If it refuses", "$27,488")
    # Low: 25 x (590 + 250) = 21,000 plus the intake's low price (200) = 21,200;
    # high: 25 x (885 + 450) = 33,375 plus 400 = 33,775 (the mid intake is 300).
    assert refused.spread == "between $21,200 and $33,775"
    # Blending would give 0.85 x 580 + 0.15 x 27,487.50 = 4,616.13: never shown.
    text = " ".join([said, words.headline(two_bills), approved.likely, refused.likely])
    assert "4,616" not in text


def test_no_pair_without_prior_authorisation() -> None:
    est = settled("medicare_medigap_g_spravato")
    assert est.approval_chance is None and words.approval_pair(est) is None
    assert words.headline(est).startswith("You would likely pay $283")


def test_walkthrough_explains_the_two_bills(two_bills: Estimate) -> None:
    steps = words.walkthrough(two_bills)
    hours = spravato_observation_hours()
    assert steps[0].startswith("Each session is two bills. The drug: the clinic buys it")
    assert "the visit: the clinic bills its own time" in steps[0]
    assert f"at least {hours:g} hours" in steps[0]
    assert "$737.50 a session" in steps[0] and "$350 a session" in steps[0]
    # Drug bill 2: 1,787 - 300 - 737.50 - 350 = 399.50 left of the deductible, then
    # 20% x (737.50 - 399.50) = 67.60; the programme pays 399.50 + 67.60 - 10 = 457.10.
    assert any(
        s.startswith("Drug bill 2 (Jan 7, 2027)") and "$457.10" in s and "you pay $10" in s
        for s in steps
    )
    # Visits 2 on: 20% x 350 = 70, paid back by the rebate.
    assert any(s.startswith("Visit bills 2 to") and "rebate pays you back $70" in s for s in steps)


def test_part_d_drug_bill_in_words() -> None:
    est = settled("medicare_part_d_spravato")
    steps = words.walkthrough(est)
    assert "bills Medicare Part D" in steps[0] and "$2,100" in steps[0]
    # Drug bill 1: Part D deductible 615, then 25% x (737.50 - 615) = 30.625 -> $30.62.
    assert any("$615 to your Part D deductible plus $30.62 coinsurance (25%" in s for s in steps)
    assert any("Part D's yearly limit" in s for s in steps)
    assert any(s.startswith("Original Medicare alone") for s in steps)


def test_medigap_and_medicaid_in_words() -> None:
    g = words.walkthrough(settled("medicare_medigap_g_spravato"))
    assert g[0].startswith("Your Medigap Plan G pays Medicare's 20% coinsurance")
    assert any("Medicare and your Medigap policy pay all of it" in s for s in g)
    n = words.walkthrough(settled("medicare_medigap_n_spravato"))
    assert any("your share is a $20 copay" in s for s in n)
    medicaid = words.walkthrough(settled("medicaid_spravato"))
    # Income 14,000: a quarter's income 3,500 x 5% = 175.
    assert "at most 5% of that quarter's income: $175 a quarter" in medicaid[0]


def test_course_priced_names_the_course() -> None:
    # The example's course is the standard one: 8 + 4 induction sessions, then every 2 weeks
    # for 26 weeks (13): 25 sessions over 34 weeks.
    text = words.course_priced(settled("employer_spravato_two_bills").scenario)
    assert text == (
        "Course priced: the first series, then 6 months of maintenance: 25 treatment sessions "
        "over 34 weeks, with the intake visit."
    )
    typical = words.course_priced(settled("spravato_typical_course").scenario)
    assert "as people usually stay on it: 12 treatment sessions over 52 weeks" in typical


def test_questions_name_prior_authorisation_step_therapy_drug_and_rebate(
    two_bills: Estimate,
) -> None:
    asks = words.questions(two_bills)
    insurer = " ".join(asks["insurer"])
    assert "prior authorisation" in insurer and "step therapy" in insurer
    assert "2 antidepressants" in insurer
    assert "observation rebate" in insurer
    assert any("Who supplies the drug" in q for q in asks["clinic"])


def test_chart_summaries() -> None:
    cum = pd.DataFrame({"date": pd.to_datetime(["2027-01-04", "2027-03-01"]), "mid": [300, 580]})
    events = [{"date": pd.Timestamp("2027-01-07"), "label": "Deductible met"}]
    assert words.cumulative_summary(cum, events) == (
        "Summary: by Mar 1, 2027 you will have paid about $580 at midpoint prices; "
        "deductible met on Jan 7."
    )
    parts = pd.DataFrame(
        {
            "component": ["intake", "drug", "treatment", "therapy", "time_and_travel"],
            "patient": [300.0, 250.0, 30.0, 0.0, 900.0],
        }
    )
    # Time and travel (900) is not paid to anyone: the claims' total is 300 + 250 + 30 = 580.
    assert words.breakdown_summary(parts, split=True) == (
        "Summary: most of what you pay is for the intake visit ($300 of $580)."
    )


def test_bills_say_nothing_for_a_bundled_bill() -> None:
    est = settled("uninsured_iv_series")
    assert bills.two_bills(est, 2) is None and bills.how_your_bills_work(est, 2) == []


def test_facts_name_the_course_once_with_its_dates(two_bills: Estimate) -> None:
    lines = words.facts(two_bills)
    assert lines[0].endswith("with the intake visit, from Jan 4, 2027 to Aug 16, 2027.")
    assert sum("25 treatment sessions" in line for line in lines) == 1
    pair = words.approval_pair(two_bills)
    assert pair is not None
    assert words.outcome_note(pair[2]).startswith("Between $21,200 and $33,775. You pay")
