"""Issue 14: the numbers the engine is fed match the world (defects 1, 5 and 6).

Each expectation is worked by hand from the sources named in pricing/defaults/ before the code
ran; each of these tests failed on the code before issue 14.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pricing import defaults
from pricing.defaults import medicaid, spravato
from pricing.estimate import estimate
from pricing.explain import estimate as words
from pricing.scenario import from_dict

# --- defect 1: a current, sourced, dated Spravato drug price ---------------------------------


def test_drug_price_is_the_one_in_force_on_the_day() -> None:
    # Before 2026 only the 2019 launch list price is published: $295 a 28 mg device, 56 mg = 590,
    # 84 mg = 885. From 2026-01-01: Medicare's 2026 payment for the drug, $383.31 a device.
    assert spravato.drug_price(dt.date(2025, 12, 31)) == {"low": 590, "high": 885}
    assert spravato.drug_price(dt.date(2026, 1, 1)) == {"low": 766.62, "high": 1149.93}
    # No day: the default start date (2027-01-04), past the last row, which it keeps.
    assert spravato.drug_price() == {"low": 766.62, "high": 1149.93}
    row = spravato.drug_price_row(dt.date(2026, 6, 1))
    assert row["from"] == dt.date(2026, 1, 1) and row["source"] == "osmind_spravato_jcode"


def test_drug_price_is_the_difference_between_the_two_g_codes() -> None:
    # G2083 (84 mg) and G2082 (56 mg) differ by one 28 mg device at the same visit:
    # 1,289.82 - 906.51 = 383.31; 56 mg = 2 devices = 766.62, 84 mg = 3 devices = 1,149.93.
    # Both bundles then leave the same visit part: 906.51 - 766.62 = 139.89 = 1,289.82 - 1,149.93.
    codes = defaults.value_on(defaults.modality("spravato")["treatment_price"], dt.date(2026, 3, 1))
    drug = spravato.drug_price(dt.date(2026, 3, 1))
    device = codes["high"] - codes["low"]
    assert device == pytest.approx(383.31)
    assert drug["low"] == pytest.approx(2 * device) and drug["high"] == pytest.approx(3 * device)
    assert codes["low"] - drug["low"] == pytest.approx(codes["high"] - drug["high"])


def test_an_uninsured_spravato_course_is_billed_at_the_current_drug_price() -> None:
    # Default course (label schedule, 4 months' maintenance): 8 + 4 + 9 = 21 sessions, each a
    # drug claim and a visit claim, plus the intake. Starting 2027-01-04 the drug is 766.62 (56 mg)
    # to 1,149.93 (84 mg), midpoint 958.275; the visit 250-450, midpoint 350; intake 200-400.
    # mid 300 + 21 x (958.275 + 350) = 300 + 27,473.775 = 27,773.775 (it was 23,137.50 at the
    # launch price 737.50: 4,636.275 less); low 200 + 21 x 1,016.62 = 21,549.02;
    # high 400 + 21 x 1,599.93 = 33,998.53.
    est = estimate(from_dict({"version": 1, "modality": "spravato"}), draws=0)
    assert est.visit_counts["treatment"] == 21
    assert est.out_of_pocket == pytest.approx(
        {"low": 21_549.02, "mid": 27_773.775, "high": 33_998.53}
    )


def test_a_course_starting_before_2026_takes_the_launch_price() -> None:
    # Rule 14 for prices: the start date's row (until each claim takes its own date's).
    s = from_dict({"version": 1, "modality": "spravato", "start_date": "2025-06-02"})
    assert s.treatment.drug is not None
    assert (s.treatment.drug.price.low, s.treatment.drug.price.high) == (590, 885)


def test_clinic_drug_cost_reads_the_one_drug_price() -> None:
    from pricing.defaults import clinic

    # 61% of sessions at 84 mg: 766.62 x 0.39 + 1,149.93 x 0.61 = 298.9818 + 701.4573 = 1,000.4391.
    assert clinic.spravato_drug_cost() == pytest.approx(1000.4391)


# --- defect 5: Medicaid covers Spravato, with prior authorisation ----------------------------


@pytest.mark.parametrize("state", [None, "TX", "OH", "FL"])
def test_medicaid_covers_spravato_with_prior_authorisation(state: str | None) -> None:
    raw = {"version": 1, "modality": "spravato", "insurance": {"kind": "medicaid"}}
    if state is not None:
        raw["state"] = state
    s = from_dict(raw)
    assert s.insurance.coverage.treatment == "in_network"
    assert s.insurance.prior_authorization is not None
    said = " ".join(estimate(s, draws=0).warnings)
    assert "45%" not in said and "programmes cover this treatment" not in said
    assert "Medicaid covers Spravato as an outpatient drug" in said
    assert "prior authorisation" in said


def test_no_share_of_medicaid_programmes_drops_spravato() -> None:
    # Every programme covers it (drug rebate programme); the population model reads 1.0.
    assert defaults.plans_covering_share("spravato", "medicaid") == 1.0
    assert medicaid.spravato_coverage_share() == 1.0


# --- defect 6: assumptions said as assumptions -------------------------------------------------


def _said(kind: str, **insurance: object) -> str:
    raw = {"version": 1, "modality": "spravato", "insurance": {"kind": kind, **insurance}}
    pair = words.approval_pair(estimate(from_dict(raw), draws=0))
    assert pair is not None
    return pair[0]


def test_medicare_advantage_chance_is_said_as_an_assumption_with_its_basis() -> None:
    said = _said("medicare", medicare={"supplement": "advantage"})
    assert "About 90% of such requests to Medicare Advantage plans are approved" not in said
    assert "About 90% of such requests to Medicare Advantage plans are assumed" in said
    assert "an assumption" in said
    # The basis: 6.4% of 2023 requests denied, 93.6% -> "94%" (KFF, spravato_billing.yaml).
    assert "Medicare Advantage insurers approved about 94% of" in said and "in 2023" in said


def test_medicaid_chance_is_said_as_an_assumption_with_its_basis() -> None:
    said = _said("medicaid")
    assert "About 75% of such requests to Medicaid programmes are assumed" in said
    assert "an assumption" in said
    # OIG: 12.5% of 2019 requests to Medicaid managed-care plans denied, 87.5% -> "88%".
    assert "Medicaid managed-care plans approved about 88% of" in said and "in 2019" in said


def test_commercial_chance_is_said_as_the_study_found_it() -> None:
    said = _said("commercial")
    assert "In a published claims study (2023), about 85% of requests" in said
    assert "assum" not in said


def test_a_chance_the_person_set_is_said_as_theirs() -> None:
    said = _said("commercial", prior_authorization={"approval_chance": 0.6})
    assert "You set a 60% chance that your plan approves it." in said
    assert "claims study" not in said


def test_approval_chances_say_which_are_assumptions_in_the_data() -> None:
    chances = defaults.load("spravato_billing")["spravato_billing"]["approval_chance"]
    assert chances["commercial"]["source"] == "cmro_spravato_claims"
    for kind in ("medicare", "medicaid"):
        entry = chances[kind]
        assert entry["source"] == "project_assumption" and entry["uncertain"] is True
        assert entry["basis"]["source"] != "project_assumption"
