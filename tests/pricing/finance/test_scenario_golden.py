"""Rules 15-17 on a whole scenario, by hand, through the estimate and the CLI's JSON.

IV ketamine, no insurance, first session Monday 2027-12-20: an intake at $200 that day and four
sessions at $500 a week apart (`sessions: 4, weeks: 4`: day floor(28 j / 4) = 7 j), so
Dec 20 and Dec 27 (2027), Jan 3 and Jan 10 (2028). Every price is exact, so low = mid = high.
  2027: 200 + 500 + 500 = 1,200        2028: 500 + 500 = 1,000
"""

from __future__ import annotations

from typing import Any

import pytest

from pricing.estimate import estimate
from pricing.scenario import from_dict

BASE: dict[str, Any] = {
    "version": 1,
    "modality": "iv_ketamine",
    "start_date": "2027-12-20",
    "treatment": {"price": 500, "phases": [{"sessions": 4, "weeks": 4}]},
    "intake": {"price": 200},
    "therapy": {"sessions": 0, "price": 0},
}


def summary(**extra: Any) -> dict[str, Any]:
    return estimate(from_dict({**BASE, **extra}), draws=0).summary()


def test_rule_17_payments_by_calendar_year_of_the_claim() -> None:
    by_year = summary()["by_year"]
    assert by_year == {
        "2027": {"low": 1200, "mid": 1200, "high": 1200},
        "2028": {"low": 1000, "mid": 1000, "high": 1000},
    }


def test_rule_15_a_card_over_the_two_months_of_bills() -> None:
    # Bills by month from Dec 2027: [1,200, 1,000]; 12% a year (1% a month), $1,000 a month.
    # m0: 1,200 + 12 = 1,212, pay 1,000 -> 212
    # m1: 212 + 1,000 = 1,212 + 12.12 = 1,224.12, pay 1,000 -> 224.12
    # m2: 224.12 + 2.2412 = 226.3612, pay it all -> 0: 3 months
    # interest = 12 + 12.12 + 2.2412 = 26.3612; total = 2,200 + 26.3612 = 2,226.3612
    out = summary(payment={"method": "card", "monthly_payment": 1000, "apr": 0.12})["payment"]
    assert out["method"] == "card"
    assert out["months_to_pay_off"] == 3
    assert out["interest_paid"] == pytest.approx(26.3612)
    assert out["total_paid"] == pytest.approx(2226.3612)
    assert out["deferred_interest_charged"] == 0


def test_rule_16_the_deduction_per_calendar_year_beside_the_bill() -> None:
    # AGI $20,000: only costs above 7.5% x 20,000 = $1,500 count; $500 of other medical costs.
    # 2027: 1,200 + 500 - 1,500 = 200 deducted, at 12% saves 24
    # 2028: 1,000 + 500 - 1,500 = 0
    s = summary(tax={"agi": 20000, "itemizes": True, "marginal_rate": 0.12,
                     "other_medical_expenses": 500})  # fmt: skip
    assert s["tax"] == {
        "2027": {"deduction": pytest.approx(200), "saving": pytest.approx(24)},
        "2028": {"deduction": 0, "saving": 0},
    }
    # Beside the bill, never subtracted from it.
    assert s["out_of_pocket"]["mid"] == 2200


def test_rule_16_nothing_without_itemising() -> None:
    s = summary(tax={"agi": 20000, "itemizes": False})
    assert s["tax"] == {y: {"deduction": 0, "saving": 0} for y in ("2027", "2028")}


def test_no_payment_or_tax_key_unless_the_file_asks() -> None:
    s = summary()
    assert "payment" not in s and "tax" not in s
