"""Ledger regressions a review found (each worked by hand; see the comments).

Moved from tests/test_review_regressions.py.
"""

from __future__ import annotations

import pytest

from pricing.estimate import estimate
from pricing.scenario import from_dict


def spravato(sessions: int, price: float, **insurance: object) -> dict:
    return {
        "version": 1, "modality": "spravato", "start_date": "2027-01-04",
        "treatment": {"price": price, "phases": [{"sessions": sessions, "weeks": sessions}]},
        "intake": {"price": 0},
        "insurance": {"kind": "commercial", "coinsurance": 0.2, **insurance},
    }  # fmt: skip


def test_met_deductible_counts_toward_the_out_of_pocket_maximum() -> None:
    # Deductible 1,500 already met, OOP max 2,000, 'OOP already paid' left at 0; 20% of $1,000.
    # What went to the deductible is part of the OOP paid, so only 2,000 - 1,500 = 500 is left:
    # sessions pay 200, 200, 100, then 0. Without that reading they would pay 2,000.
    data = spravato(6, 1000, deductible=1500, oop_max=2000,
                    met_this_year={"deductible": 1500, "oop": 0})  # fmt: skip
    assert estimate(from_dict(data), draws=0).out_of_pocket["mid"] == pytest.approx(500)


def test_deductible_met_flag_survives_float_drift() -> None:
    # Intake $0.10 and treatment $0.70 against a deductible of $0.80: 0.1 + 0.7 is
    # 0.7999999999999999 in floats, yet the deductible is met on the first treatment.
    data = spravato(2, 0.70, deductible=0.80, oop_max=100)
    data["intake"] = {"price": 0.10}
    led = estimate(from_dict(data), draws=0).ledger
    first_treatment = led[led["component"] == "treatment"].iloc[0]
    assert bool(first_treatment["deductible_met"])


def test_defect_3_a_bundled_bill_gets_the_programme_only_for_the_drug() -> None:
    # Issue 14, defect 3. Minnesota (no observation rebate), commercial, the programme at $10 a
    # session; 12 sessions in 2026 (2 a week for 4 weeks, then weekly for 4), no deductible,
    # 20%, no cap; intake $0, no therapy. At 2026's default prices, midpoints: drug 958.275,
    # visit 350.
    # Two bills: drug share 0.2 x 958.275 = 191.655, the programme pays 181.655, you pay 10;
    #   visit share 0.2 x 350 = 70, no help. 80 a session, 12 x 80 = 960.
    # Bundled at the two prices together (1,016.62 to 1,599.93, midpoint 1,308.275): share
    #   0.2 x 1,308.275 = 261.655; drug part 261.655 x 958.275 / 1,308.275 = 191.655; the
    #   programme pays 181.655; you pay 80 a session: 960 as well. (Before: 12 x 10 = 120.)
    raw = {
        "version": 1, "modality": "spravato", "state": "MN", "start_date": "2026-03-02",
        "treatment": {"phases": [{"sessions_per_week": 2, "weeks": 4},
                                 {"sessions_per_week": 1, "weeks": 4}]},
        "therapy": {"sessions": 0, "price": 0}, "intake": {"price": 0},
        "insurance": {"kind": "commercial", "deductible": 0, "coinsurance": 0.2,
                      "oop_max": None, "prior_authorization": None},
        "assistance": {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150}},
    }  # fmt: skip
    split = estimate(from_dict({**raw, "treatment": {**raw["treatment"], "drug": {}}}), draws=0)
    bundle = {"low": 1016.62, "high": 1599.93}
    bundled = estimate(
        from_dict({**raw, "treatment": {**raw["treatment"], "price": bundle}}), draws=0
    )
    assert split.out_of_pocket["mid"] == pytest.approx(960)
    assert bundled.out_of_pocket["mid"] == pytest.approx(960)
    assert bundled.summary()["assistance_pays"]["mid"] == pytest.approx(12 * 181.655)
