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
