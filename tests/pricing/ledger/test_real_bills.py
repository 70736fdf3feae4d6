"""Golden cases for the real-bills rules (docs/method.md rules 8-14), worked by hand first.

Every case prices one small course with round numbers; the arithmetic is in the comments.
Claims on one date settle intake, drug, visit (treatment), therapy. Intake and therapy are
priced at 0 unless a case says otherwise, so only the rule under test moves money.
"""

from __future__ import annotations

from typing import Any

import pytest

from pricing.estimate import estimate
from pricing.scenario import ScenarioError, from_dict


def scenario(**over: Any) -> dict[str, Any]:
    """A Spravato scenario with nothing but the treatment costing money."""
    base: dict[str, Any] = {
        "version": 1,
        "modality": "spravato",
        "start_date": "2027-01-04",
        "treatment": {"price": 300, "phases": [{"sessions": 1, "weeks": 1}]},
        "therapy": {"sessions": 0, "price": 0},
        "intake": {"price": 0},
    }
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def commercial(**terms: Any) -> dict[str, Any]:
    return {
        "kind": "commercial",
        "deductible": 1000,
        "coinsurance": 0.2,
        "copay": 0,
        "oop_max": 5000,
        "allowed_share": 1.0,
        "prior_authorization": None,
        **terms,
    }


def totals(data: dict[str, Any]) -> dict[str, float]:
    s = estimate(from_dict(data), draws=0).summary()
    return {k: round(s[k]["mid"], 2) for k in ("out_of_pocket", "insurer_pays", "assistance_pays")}


WITHME = {"patient_pays_per_session": 10, "annual_max": 5000}


def test_rule_8_9_programme_pays_the_drug_claim_only() -> None:
    # Drug 800 then visit 300 on one date; deductible 1000, 20%, programme floor $10.
    # Drug: d = 800, share = 800; programme pays 800 - 10 = 790; patient 10. Ded 800, OOP 800.
    # Visit: d = min(300, 200 left) = 200; share = 200 + 0.2 * 100 = 220; no programme: 220.
    # Patient 10 + 220 = 230; programme 790; insurer (800 - 800) + (300 - 220) = 80.
    data = scenario(
        treatment={"drug": {"price": 800, "benefit": "medical"}},
        insurance=commercial(),
        assistance={"manufacturer": WITHME},
    )
    assert totals(data) == {"out_of_pocket": 230, "insurer_pays": 80, "assistance_pays": 790}


def test_rule_8_first_edition_bundle_keeps_its_meaning() -> None:
    # The same 1,100 as one bundled claim: d = 1000, share = 1000 + 0.2 * 100 = 1020;
    # programme pays 1020 - 10 = 1010; patient 10; insurer 80.
    data = scenario(
        treatment={"price": 1100}, insurance=commercial(), assistance={"manufacturer": WITHME}
    )
    assert totals(data) == {"out_of_pocket": 10, "insurer_pays": 80, "assistance_pays": 1010}


REBATE = {"patient_pays_per_session": 0, "annual_max": 150}


def test_rule_9_observation_rebate_up_to_its_yearly_limit() -> None:
    # Two sessions a week apart (days 0 and 3 of a 1-week phase: both in January).
    # S1 drug: share 800, programme 790, patient 10.   S1 visit: share 220 (as above);
    # rebate min(220 - 0, 150) = 150, patient 70. Accumulators advance by the whole 220:
    # ded 1000, OOP 1020.
    # S2 drug: d = 0, share 0.2 * 800 = 160; programme 150, patient 10 (programme used 940).
    # S2 visit: share 0.2 * 300 = 60; rebate left 0: patient 60.
    # Patient 10 + 70 + 10 + 60 = 150; assistance 790 + 150 + 150 = 1090;
    # insurer 0 + 80 + 640 + 240 = 960; 150 + 1090 + 960 = 2200 billed.
    data = scenario(
        treatment={
            "drug": {"price": 800, "benefit": "medical"},
            "phases": [{"sessions": 2, "weeks": 1}],
        },
        insurance=commercial(),
        assistance={"manufacturer": WITHME, "observation_rebate": REBATE},
    )
    assert totals(data) == {"out_of_pocket": 150, "insurer_pays": 960, "assistance_pays": 1090}


def test_rule_9_rebate_refused_in_an_excluded_state() -> None:
    # Residents of MN cannot use the rebate: the one-session case pays 10 + 220 = 230.
    data = scenario(
        state="MN",
        treatment={"drug": {"price": 800, "benefit": "medical"}},
        insurance=commercial(),
        assistance={"manufacturer": WITHME, "observation_rebate": REBATE},
    )
    est = estimate(from_dict(data), draws=0)
    assert round(est.summary()["out_of_pocket"]["mid"], 2) == 230
    assert any("observation rebate is left out" in w for w in est.warnings)


def test_rule_8_pharmacy_benefit_with_an_accumulator_programme() -> None:
    # Pharmacy coinsurance 25%, same deductible (1000) and OOP accumulators; the programme is a
    # copay accumulator (counts_toward_deductible false). Two sessions.
    # S1 drug: d = 800, share 800, programme 790, paid 10; ded += min(10, 800) = 10, OOP 10.
    # S1 visit: ded left 990, d = 300, share 300: patient 300. Ded 310.
    # S2 drug: d = 690, share 690 + 0.25 * 110 = 717.5; programme 707.5, paid 10. Ded 320.
    # S2 visit: ded left 680, d = 300: patient 300.
    # Patient 620; assistance 790 + 707.5 = 1497.5; insurer 0 + 0 + 82.5 + 0 = 82.5.
    data = scenario(
        treatment={
            "drug": {"price": 800, "benefit": "pharmacy"},
            "phases": [{"sessions": 2, "weeks": 1}],
        },
        insurance=commercial(pharmacy={"coinsurance": 0.25, "copay": 0}),
        assistance={"manufacturer": WITHME, "counts_toward_deductible": False},
    )
    assert totals(data) == {"out_of_pocket": 620, "insurer_pays": 82.5, "assistance_pays": 1497.5}


def medicare(**terms: Any) -> dict[str, Any]:
    return {"kind": "medicare", "deductible": 283, "coinsurance": 0.2, **terms}


def test_rule_10_medigap_g_pays_everything_but_the_part_b_deductible() -> None:
    # Bundled G-code 1000, two sessions. S1: d = 283 (Medigap G pays the 0.2 * 717 = 143.40).
    # S2: d = 0, nothing. Patient 283; insurer (Medicare + Medigap) 2000 - 283 = 1717.
    data = scenario(
        treatment={"price": 1000, "phases": [{"sessions": 2, "weeks": 1}]},
        insurance=medicare(medicare={"supplement": "medigap_g"}),
    )
    assert totals(data) == {"out_of_pocket": 283, "insurer_pays": 1717, "assistance_pays": 0}


def test_rule_10_medigap_n_adds_a_visit_copay() -> None:
    # S1: 283 + min(143.40, 20) = 303. S2: min(200, 20) = 20. Patient 323; insurer 1677.
    data = scenario(
        treatment={"price": 1000, "phases": [{"sessions": 2, "weeks": 1}]},
        insurance=medicare(medicare={"supplement": "medigap_n", "visit_copay": 20}),
    )
    assert totals(data) == {"out_of_pocket": 323, "insurer_pays": 1677, "assistance_pays": 0}


def test_rule_10_part_d_reaches_its_out_of_pocket_threshold() -> None:
    # Nine weekly sessions in January-March 2027. Drug 800 on Part D (deductible 615, 25%,
    # threshold 2100); visit 300 on Part B (283, 20%, no supplement, no cap).
    # Part D: D1 = 615 + 0.25 * 185 = 661.25; D2..D8 = 200 each -> 2061.25 after D8;
    # D9 = min(200, 2100 - 2061.25) = 38.75. Part D total exactly 2100.
    # Part B: V1 = 283 + 0.2 * 17 = 286.40; V2..V9 = 60 each = 480. Total 766.40.
    # Patient 2866.40; billed 9 * 1100 = 9900; insurer 9900 - 2866.40 = 7033.60.
    data = scenario(
        treatment={
            "price": 300,
            "drug": {"price": 800, "benefit": "pharmacy"},
            "phases": [{"every_weeks": 1, "weeks": 9}],
        },
        insurance=medicare(
            part_d={"deductible": 615, "coinsurance": 0.25, "out_of_pocket_threshold": 2100}
        ),
    )
    assert totals(data) == {"out_of_pocket": 2866.4, "insurer_pays": 7033.6, "assistance_pays": 0}
    ledger = estimate(from_dict(data), draws=0).ledger
    drug = ledger[ledger["component"] == "drug"]["patient"].round(2).tolist()
    assert drug == [661.25, 200, 200, 200, 200, 200, 200, 200, 38.75]


def test_rule_10_medicare_advantage_stops_at_its_yearly_cap() -> None:
    # Advantage: the file's own terms, deductible 0, 20%, cap 500. Bundled 1000 x 4:
    # 200, 200, 100 (cap reached), 0. Patient 500; insurer 3500.
    data = scenario(
        treatment={"price": 1000, "phases": [{"sessions": 4, "weeks": 2}]},
        insurance={
            "kind": "medicare",
            "medicare": {"supplement": "advantage"},
            "deductible": 0,
            "coinsurance": 0.2,
            "oop_max": 500,
            "prior_authorization": None,
        },
    )
    assert totals(data) == {"out_of_pocket": 500, "insurer_pays": 3500, "assistance_pays": 0}


def test_rule_11_medicaid_quarterly_cap_with_a_course_crossing_a_quarter() -> None:
    # Income 4,000 a year: 5% of a quarter's income = 4000 / 4 * 0.05 = 50 per quarter.
    # Copay 20 per covered claim; six weekly sessions from 2027-03-15 (3/15, 3/22, 3/29 in Q1;
    # 4/5, 4/12, 4/19 in Q2). Q1: 20 + 20 + 10 (cap). Q2: 20 + 20 + 10. Patient 100.
    data = scenario(
        start_date="2027-03-15",
        treatment={"price": 1000, "phases": [{"every_weeks": 1, "weeks": 6}]},
        insurance={"kind": "medicaid", "copay": 20, "prior_authorization": None},
        household={"income": 4000, "size": 1},
    )
    est = estimate(from_dict(data), draws=0)
    assert round(est.summary()["out_of_pocket"]["mid"], 2) == 100
    treatment = est.ledger[est.ledger["component"] == "treatment"]["patient"].round(2).tolist()
    assert treatment == [20, 20, 10, 20, 20, 10]


def test_rule_13_refused_prior_authorisation_is_shown_beside_never_blended() -> None:
    # Approved: bundled 1000 x 2, deductible 1000, 20%: 1000 + 200 = 1200.
    # Refused: not covered, the patient pays both sessions: 2000 at every bound.
    data = scenario(
        treatment={"price": 1000, "phases": [{"sessions": 2, "weeks": 1}]},
        insurance=commercial(prior_authorization={"approval_chance": 0.85}),
    )
    summary = estimate(from_dict(data), draws=0).summary()
    assert round(summary["out_of_pocket"]["mid"], 2) == 1200
    assert summary["approval_chance"] == 0.85
    assert summary["if_denied"] == {"out_of_pocket": {"low": 2000, "mid": 2000, "high": 2000}}


def test_rule_14_plan_figures_are_those_in_force_on_the_start_date() -> None:
    # The ACA maximum is 10,600 for 2026 and 12,000 for 2027 (dated values); past 2027 the last
    # one is used and the estimate says it is projected.
    def oop_max(day: str) -> float | None:
        return from_dict(
            {**scenario(start_date=day), "insurance": {"kind": "commercial"}}
        ).insurance.oop_max

    assert oop_max("2026-03-02") == 10600
    assert oop_max("2027-01-04") == 12000
    late = from_dict({**scenario(start_date="2028-02-07"), "insurance": {"kind": "commercial"}})
    assert late.insurance.oop_max == 12000
    assert any("projected" in w and "$12,000" in w for w in estimate(late, draws=0).warnings)


def test_rule_12_alaska_has_its_own_poverty_guideline() -> None:
    # 2026 guideline for one person: 15,960 (48 states) and 19,950 (Alaska).
    # Income 19,950: 125% of the national line (19950 / 15960 = 1.25), 100% in Alaska.
    base = scenario(household={"income": 19950, "size": 1})
    assert round(estimate(from_dict(base), draws=0).poverty_percent or 0, 1) == 125.0
    alaska = estimate(from_dict({**base, "state": "AK"}), draws=0)
    assert round(alaska.poverty_percent or 0, 1) == 100.0


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"modality": "iv_ketamine", "treatment": {"drug": {"price": 500}}}, "treatment.drug"),
        ({"state": "ZZ"}, "state"),
        ({"insurance": {"kind": "commercial", "medicare": {"supplement": "none"}}}, "insurance.medicare"),
        ({"insurance": {"kind": "commercial", "part_d": {"deductible": 1, "coinsurance": 0.2, "out_of_pocket_threshold": 9}}}, "insurance.part_d"),
        ({"insurance": {"kind": "medicare", "plan_year_start_month": 7}}, "insurance.plan_year_start_month"),
        ({"insurance": {"kind": "commercial", "prior_authorization": {"approval_chance": 1.5}}}, "insurance.prior_authorization.approval_chance"),
        ({"treatment": {"drug": {"price": 500, "benefit": "mail"}}}, "treatment.drug.benefit"),
        ({"insurance": {"kind": "medicare", "medicare": {"supplement": "medigap_k"}}}, "insurance.medicare.supplement"),
        ({"insurance": {"kind": "medicare", "part_d": {"deductible": -5, "coinsurance": 0.25, "out_of_pocket_threshold": 2100}}}, "insurance.part_d.deductible"),
    ],
)  # fmt: skip
def test_bad_real_bills_input_names_the_field(over: dict[str, Any], field: str) -> None:
    data = {"version": 1, "modality": "spravato", **over}
    with pytest.raises(ScenarioError) as err:
        from_dict(data)
    assert err.value.field == field, str(err.value)
    assert "\n" not in str(err.value)
