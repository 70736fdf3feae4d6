"""Rule 15 and 17 invariants over random bills and terms (hypothesis), as issue 16 asks:
total paid = bills + interest; a payment plan's total = bills + fee; a deferred card paid within
its promotion charges nothing. And rule 17: the years add up to the course's total."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.finance import Terms, by_year, monthly_bills, needed_to_clear, pay_over_time
from pricing.finance.tax import deduction
from pricing.scenario.models import Tax

money = st.floats(min_value=0, max_value=20_000, allow_nan=False, allow_infinity=False)
bills_st = st.lists(money, min_size=1, max_size=30)
payment_st = st.floats(min_value=1, max_value=5_000, allow_nan=False)
apr_st = st.floats(min_value=0, max_value=0.6, allow_nan=False)
MAX = 240  # long enough that most random cases finish


@settings(max_examples=300, deadline=None)
@given(bills=bills_st, pay=payment_st, apr=apr_st, fee=st.floats(0, 500, allow_nan=False),
       method=st.sampled_from(["payment_plan", "card", "deferred_interest"]),
       promo=st.integers(1, 60))  # fmt: skip
def test_total_paid_is_bills_plus_fee_plus_interest(
    bills: list[float], pay: float, apr: float, fee: float, method: str, promo: int
) -> None:
    deferred = method == "deferred_interest"
    terms = Terms(method, monthly_payment=pay, apr=0 if method == "payment_plan" else apr,
                  promo_months=promo if deferred else None, plan_fee=fee)  # fmt: skip
    out = pay_over_time(bills, terms, max_months=MAX)
    owed = sum(bills) + fee + out.interest_paid
    assert out.total_paid + out.still_owed == pytest.approx(owed, abs=0.01)
    if out.paid_off:
        assert out.still_owed == 0
        assert out.total_paid == pytest.approx(owed, abs=0.01)
        assert out.months_to_pay_off == len(out.months)
    assert all(m.paid <= pay + 1e-9 for m in out.months)
    assert out.interest_paid >= 0 and out.deferred_interest_charged <= out.interest_paid + 1e-9


@settings(max_examples=200, deadline=None)
@given(bills=bills_st, pay=payment_st, fee=st.floats(0, 500, allow_nan=False))
def test_a_payment_plan_costs_the_bills_and_the_fee(
    bills: list[float], pay: float, fee: float
) -> None:
    enough = int((sum(bills) + fee) / pay) + len(bills) + 2  # months a 0% plan can take at most
    out = pay_over_time(bills, Terms("payment_plan", monthly_payment=pay, plan_fee=fee), enough)
    assert out.interest_paid == 0
    assert out.paid_off  # no interest: any positive payment finishes, given time
    assert out.total_paid == pytest.approx(sum(bills) + fee, abs=0.01)


@settings(max_examples=300, deadline=None)
@given(bills=st.lists(money, min_size=1, max_size=24), apr=st.floats(0.01, 0.6),
       promo=st.integers(1, 24), extra=st.floats(0, 500, allow_nan=False))  # fmt: skip
def test_a_deferred_card_paid_within_the_promotion_charges_nothing(
    bills: list[float], apr: float, promo: int, extra: float
) -> None:
    # Paying at least what clears the balance by the promotion's end: nothing is charged, and
    # if no bill comes later the whole course costs the bills alone.
    pay = needed_to_clear(bills, promo) + extra
    if pay <= 0:
        pay = 1.0
    out = pay_over_time(bills, Terms("deferred_interest", pay, apr, promo), max_months=MAX)
    assert out.deferred_interest_charged == 0
    if all(b == 0 for b in bills[promo:]):
        assert out.interest_paid == 0
        assert out.total_paid == pytest.approx(sum(bills), abs=0.01)


@settings(max_examples=200, deadline=None)
@given(bills=st.lists(st.floats(1, 5_000), min_size=1, max_size=12), apr=st.floats(0.01, 0.6),
       promo=st.integers(1, 12))  # fmt: skip
def test_a_cent_less_than_needed_leaves_a_balance_at_the_promotion_s_end(
    bills: list[float], apr: float, promo: int
) -> None:
    need = needed_to_clear(bills, promo)
    out = pay_over_time(bills, Terms("deferred_interest", need - 0.01, apr, promo), MAX)
    assert out.deferred_interest_charged > 0


@settings(max_examples=100, deadline=None)
@given(bills=bills_st)
def test_savings_pay_as_billed(bills: list[float]) -> None:
    out = pay_over_time(bills, Terms("savings"))
    assert out.interest_paid == 0 and out.total_paid == pytest.approx(sum(bills))
    last = max((i for i, b in enumerate(bills) if b > 0), default=0)
    assert out.months_to_pay_off == last + 1


@settings(max_examples=100, deadline=None)
@given(days=st.lists(st.integers(0, 900), min_size=1, max_size=40),
       amounts=st.data())  # fmt: skip
def test_years_and_months_add_up_to_the_course(days: list[int], amounts: st.DataObject) -> None:
    start = dt.date(2026, 11, 15)
    dates = sorted(start + dt.timedelta(days=d) for d in days)
    rows = np.array([amounts.draw(st.lists(money, min_size=len(dates), max_size=len(dates)))
                     for _ in range(3)])  # fmt: skip
    years = by_year(dates, rows)
    for i, b in enumerate(("low", "mid", "high")):
        assert sum(y[b] for y in years.values()) == pytest.approx(rows[i].sum())
    assert list(years) == sorted(years) == sorted({str(d.year) for d in dates})
    first, months = monthly_bills(dates, rows[1])
    assert first == dt.date(dates[0].year, dates[0].month, 1)
    assert sum(months) == pytest.approx(rows[1].sum())


@settings(max_examples=200, deadline=None)
@given(paid=money, other=money, agi=st.floats(0, 500_000), itemizes=st.booleans(),
       rate=st.floats(0, 0.6))  # fmt: skip
def test_the_deduction_is_never_negative_nor_more_than_the_costs(
    paid: float, other: float, agi: float, itemizes: bool, rate: float
) -> None:
    cut = deduction(paid, Tax(agi=agi, itemizes=itemizes, marginal_rate=rate,
                              other_medical_expenses=other))  # fmt: skip
    assert 0 <= cut <= paid + other + 1e-9
    if not itemizes:
        assert cut == 0
