"""The scenario's `payment:` (rule 15) and `tax:` (rule 16) keys: what a file may say, what the
defaults fill in, and the one-line errors for what it must not say (issue 16, item 6)."""

from __future__ import annotations

from typing import Any

import pytest

from pricing import defaults
from pricing.defaults import finance
from pricing.scenario import ScenarioError, dump_yaml, from_dict, loads, to_dict


def scenario(**keys: Any):  # type: ignore[no-untyped-def]
    return from_dict({"version": 1, "modality": "iv_ketamine", **keys})


def test_a_file_without_the_new_keys_means_what_it_meant() -> None:
    s = scenario()
    assert s.payment.method is None and s.tax is None
    assert to_dict(s)["payment"] == {
        "pretax_account": False,
        "marginal_tax_rate": defaults.marginal_tax_rate(),
    }
    assert "tax" not in to_dict(s)


@pytest.mark.parametrize(
    ("method", "filled"),
    [
        ("savings", {}),
        ("payment_plan", {"plan_fee": "payment_plan_fee"}),
        ("card", {"apr": "card_apr"}),
        (
            "deferred_interest",
            {"apr": "deferred_interest_apr", "promo_months": "default_promo_months"},
        ),
    ],
)
def test_a_method_alone_takes_its_typical_terms(method: str, filled: dict[str, str]) -> None:
    s = scenario(payment={"method": method})
    for key in ("apr", "promo_months", "plan_fee"):
        expected = getattr(finance, filled[key])() if key in filled else None
        assert getattr(s.payment, key) == expected, key
    monthly = None if method == "savings" else finance.default_monthly_payment()
    assert s.payment.monthly_payment == monthly


def test_the_file_s_own_terms_win_and_round_trip_through_yaml_and_the_share_dict() -> None:
    s = scenario(
        payment={"method": "deferred_interest", "monthly_payment": 450, "apr": 0.2699,
                 "promo_months": 6, "pretax_account": True, "marginal_tax_rate": 0.12},
        tax={"agi": 52000, "itemizes": True, "other_medical_expenses": 1200},
    )  # fmt: skip
    assert (s.payment.monthly_payment, s.payment.apr, s.payment.promo_months) == (450, 0.2699, 6)
    # The deduction's rate follows the file's own marginal rate unless the tax section says one.
    assert s.tax is not None and s.tax.marginal_rate == 0.12
    assert loads(dump_yaml(s)) == s
    assert from_dict(to_dict(s)) == s


def test_tax_section_defaults() -> None:
    s = scenario(tax={})
    assert s.tax is not None
    assert (s.tax.agi, s.tax.itemizes, s.tax.other_medical_expenses) == (None, False, 0)
    assert s.tax.marginal_rate == defaults.marginal_tax_rate()


@pytest.mark.parametrize(
    ("keys", "field", "words"),
    [
        # A negative rate.
        ({"payment": {"method": "card", "apr": -0.05}}, "payment.apr", "greater than or equal to 0"),
        # A promotion without a rate: nothing would ever be charged, so it is not a promotion.
        ({"payment": {"method": "deferred_interest", "apr": 0}}, "payment.apr", "deferred-interest"),
        ({"payment": {"method": "deferred_interest", "promo_months": None}}, "payment.promo_months",
         "promotion"),
        # A payment of 0 never clears a balance.
        ({"payment": {"method": "card", "monthly_payment": 0}}, "payment.monthly_payment",
         "more than 0"),
        ({"payment": {"method": "payment_plan", "monthly_payment": 0}}, "payment.monthly_payment",
         "more than 0"),
        # Itemising without an income to take 7.5% of.
        ({"tax": {"itemizes": True}}, "tax.agi", "itemizes"),
        # Terms of another method, or without a method, are said to be unused (not ignored).
        ({"payment": {"method": "card", "promo_months": 12}}, "payment.promo_months", "card"),
        ({"payment": {"method": "payment_plan", "apr": 0.1}}, "payment.apr", "payment_plan"),
        ({"payment": {"apr": 0.2}}, "payment.apr", "no method"),
        ({"payment": {"method": "loan"}}, "payment.method", "'loan' is not one of"),
        ({"payment": {"method": "card", "promo_months": 0}}, "payment.promo_months", None),
        ({"tax": {"agi": -1}}, "tax.agi", "greater than or equal to 0"),
        ({"tax": {"itemise": True}}, "tax.itemise", "did you mean 'itemizes'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_the_field(
    keys: dict[str, Any], field: str, words: str | None
) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario(**keys)
    assert caught.value.field == field
    assert "\n" not in str(caught.value)
    if words:
        assert words in caught.value.problem
