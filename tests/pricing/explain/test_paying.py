"""pricing/explain/paying.py: which free or cheaper routes fit which person, and the words for
the years, the ways and the tax, each figure from the engine or the defaults."""

from __future__ import annotations

from typing import Any

import pytest

from pricing.defaults import finance as finance_defaults
from pricing.defaults import population
from pricing.estimate import estimate
from pricing.explain import paying as words
from pricing.scenario import from_dict


def est(**keys: Any):  # type: ignore[no-untyped-def]
    raw = {"version": 1, "modality": "iv_ketamine", **keys}
    return estimate(from_dict(raw), draws=0)


def titles(e: Any) -> list[str]:
    return [r.title for r in words.routes(e)]


def test_routes_for_a_self_paying_person_without_income() -> None:
    # IV ketamine, no insurance: trials, the sliding scale and the Good Faith Estimate; no VA
    # (Spravato only), no Medicaid (no income given).
    assert titles(est()) == [
        "Clinical trials",
        "The clinic's sliding scale",
        "A written estimate you can dispute",
    ]


def test_veterans_route_only_for_spravato_and_cites_its_sources() -> None:
    e = est(modality="spravato", insurance={"kind": "commercial"})
    route = words.routes(e)[0]
    assert route.title == "If you are a veteran"
    assert "March 19, 2019" in route.text and "TRICARE" in route.text
    assert route.sources == ("va_spravato_2019", "janssen_carepath_spravato")
    # Covered in network: no sliding scale or Good Faith Estimate (nothing self-paid).
    assert "The clinic's sliding scale" not in titles(e)


@pytest.mark.parametrize(
    ("income", "kind", "shown"),
    [
        (15_000, "none", True),  # about 94% of the 2026 guideline for one
        (15_000, "commercial", True),
        (15_000, "medicaid", False),  # already on it
        (15_000, "medicare", False),
        (60_000, "none", False),  # far above the limit
    ],
)
def test_medicaid_route_under_the_expansion_limit(income: int, kind: str, shown: bool) -> None:
    e = est(insurance={"kind": kind}, household={"income": income, "size": 1})
    assert ("Medicaid" in titles(e)) is shown
    if shown:
        route = next(r for r in words.routes(e) if r.title == "Medicaid")
        assert f"{population.medicaid_expansion_limit():.0f}%" in route.text
        assert f"{e.poverty_percent:.0f}%" in route.text
        # No state given: the words cannot say whether the person's state expanded.
        assert "In the states that expanded Medicaid" in route.text


def test_a_clinic_discount_already_entered_drops_the_sliding_scale_route() -> None:
    assert "The clinic's sliding scale" not in titles(
        est(assistance={"sliding_scale_discount": 0.2})
    )


def test_by_year_line_one_year_and_two() -> None:
    one = est()  # the default course runs January to May 2027
    assert words.by_year_line(one.paying).startswith("All of it is billed in 2027")
    two = est(start_date="2027-11-01")
    line = words.by_year_line(two.paying)
    years = two.paying.years
    assert line == (
        "By calendar year of the bill: "
        f"2027: ${years['2027']['mid']:,.0f} · 2028: ${years['2028']['mid']:,.0f} "
        "(midpoint prices)."
    )


def test_ways_table_marks_the_ties_for_cheapest_and_the_person_s_way() -> None:
    e = est(payment={"method": "card", "monthly_payment": 500})
    rows = {r["method"]: r for r in words.ways_rows(e.paying)}
    # Savings and a fee-free plan (the default fee is 0) both cost the bills alone.
    assert finance_defaults.payment_plan_fee() == 0
    assert rows["savings"]["Way to pay"] == "From savings, as billed (cheapest)"
    assert rows["payment_plan"]["Way to pay"] == "Clinic payment plan (cheapest)"
    assert rows["card"]["Way to pay"] == "Credit card (yours)"
    assert rows["card"]["Interest"] > 0


def test_a_cleared_promotion_is_still_drawn_to_its_end() -> None:
    e = est(payment={"method": "deferred_interest", "monthly_payment": 5000, "promo_months": 24})
    rows = words.cliff_rows(e.paying)
    assert len(rows) == 24 and rows[-1]["owed"] == 0
    assert "never charged" in words.cliff_summary(e.paying)


def test_tax_words_say_beside_never_instead_and_the_fsa_limit() -> None:
    e = est(payment={"pretax_account": True, "marginal_tax_rate": 0.22},
            tax={"agi": 50_000, "itemizes": True})  # fmt: skip
    lines = words.tax_sentences(e)
    assert lines[0].startswith("These savings sit beside the bill")
    assert any("cannot be both paid tax-free" in line for line in lines)
    paid = e.paying.tax[0].payments
    limit = finance_defaults.account_limits(2027).fsa
    assert paid > limit  # the default course at midpoint prices
    assert any(f"more than a health FSA can hold (${limit:,.0f})" in line for line in lines)
    row = words.tax_rows(e.paying)[0]
    # Rule 6 and rule 16 beside each other for the same year.
    assert row["HSA/FSA saving"] == pytest.approx(paid * 0.22)
    assert row["Deduction"] == pytest.approx(max(0, paid - 0.075 * 50_000))


@pytest.mark.parametrize(
    ("state", "words_"),
    [
        ("CA", "California expanded Medicaid, so adults with income up to 138% qualify."),
        ("TX", "Texas has not expanded Medicaid"),
        # A state's own note from the table (Wisconsin covers adults to 100% without it).
        ("WI", "Wisconsin covers adults to 100% of poverty"),
    ],
)
def test_medicaid_route_follows_the_state_table(state: str, words_: str) -> None:
    e = est(modality="spravato", state=state, household={"income": 15_000, "size": 1})
    route = next(r for r in words.routes(e) if r.title == "Medicaid")
    assert words_ in route.text
