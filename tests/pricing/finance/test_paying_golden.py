"""Rule 15 by hand: paying a course's bills month by month (DESIGN rule 15, docs/method.md).

Each case was worked out on paper before the code ran. Month i = 0 is the calendar month of the
first bill. Each month: add that month's bills; a card (and a deferred-interest card from month
promo_months on) adds B x apr/12 to the balance; a deferred-interest card before that puts
B x apr/12 in a pot instead; then min(payment, B) is paid. At the end of month promo_months - 1
the pot is added to B when B > 0, else forgiven. Paid off: the first month with B = 0 and no
bills to come; months_to_pay_off counts months 0..i, so it is i + 1.
"""

from __future__ import annotations

import pytest

from pricing.finance import Terms, needed_to_clear, pay_over_time


def test_card_one_bill() -> None:
    # $1,000 in month 0 at 12% a year (1% a month), $300 a month.
    # m0: 1,000 + 10.00 interest = 1,010.00, pay 300 -> 710.00
    # m1: 710.00 + 7.10 = 717.10, pay 300 -> 417.10
    # m2: 417.10 + 4.171 = 421.271, pay 300 -> 121.271
    # m3: 121.271 + 1.21271 = 122.48371, pay it all -> 0: paid off in 4 months
    # interest = 10 + 7.10 + 4.171 + 1.21271 = 22.48371
    out = pay_over_time([1000.0], Terms("card", monthly_payment=300, apr=0.12))
    assert out.months_to_pay_off == 4
    assert out.interest_paid == pytest.approx(22.48371)
    assert out.total_paid == pytest.approx(1022.48371)
    assert out.deferred_interest_charged == 0
    assert [round(m.balance, 5) for m in out.months] == [710.0, 417.1, 121.271, 0.0]


def test_deferred_interest_paid_within_the_promotion_charges_nothing() -> None:
    # $1,200 in month 0, 24% a year (2% a month) deferred for 6 months, $300 a month.
    # m0: B 1,200, pot 24, pay 300 -> 900
    # m1: pot 24 + 18 = 42, pay -> 600
    # m2: pot 42 + 12 = 54, pay -> 300
    # m3: pot 54 + 6 = 60, pay -> 0: paid off in 4 months, before the end of month 5;
    # the $60 in the pot is forgiven.
    out = pay_over_time(
        [1200.0], Terms("deferred_interest", monthly_payment=300, apr=0.24, promo_months=6)
    )
    assert out.months_to_pay_off == 4
    assert out.interest_paid == 0
    assert out.total_paid == pytest.approx(1200)
    assert out.deferred_interest_charged == 0
    assert [round(m.pot, 5) for m in out.months] == [24, 42, 54, 60]


def test_deferred_interest_not_paid_in_time_charges_the_pot_back_dated() -> None:
    # The same $1,200 at 2% a month, but a 3-month promotion.
    # m0: B 1,200, pot 24, pay -> 900
    # m1: pot 42, pay -> 600
    # m2 (the promotion's last month): pot 42 + 12 = 54, pay -> 300; 300 > 0, so the pot is
    #     added: B = 354, interest so far 54 (deferred_interest_charged 54)
    # m3: 354 x 2% = 7.08 -> 361.08, pay 300 -> 61.08
    # m4: 61.08 x 2% = 1.2216 -> 62.3016, pay it all -> 0: 5 months
    # interest = 54 + 7.08 + 1.2216 = 62.3016
    out = pay_over_time(
        [1200.0], Terms("deferred_interest", monthly_payment=300, apr=0.24, promo_months=3)
    )
    assert out.deferred_interest_charged == pytest.approx(54)
    assert out.months_to_pay_off == 5
    assert out.interest_paid == pytest.approx(62.3016)
    assert out.total_paid == pytest.approx(1262.3016)
    assert out.promo_end == 2
    assert out.months[2].interest == pytest.approx(54)  # the cliff, in the promotion's last month
    assert out.months[2].balance == pytest.approx(354)


def test_bills_over_several_months_on_a_deferred_card() -> None:
    # $600 in each of months 0, 1 and 2; 2% a month deferred for 3 months; $500 a month.
    # m0: B 600, pot 12, pay -> 100
    # m1: B 700, pot 12 + 14 = 26, pay -> 200
    # m2: B 800, pot 26 + 16 = 42, pay -> 300 > 0: B = 342, charged 42
    # m3: 342 x 2% = 6.84 -> 348.84, pay it all -> 0: 4 months
    # interest = 42 + 6.84 = 48.84; total = 1,800 + 48.84 = 1,848.84
    terms = Terms("deferred_interest", monthly_payment=500, apr=0.24, promo_months=3)
    out = pay_over_time([600.0, 600.0, 600.0], terms)
    assert out.deferred_interest_charged == pytest.approx(42)
    assert out.months_to_pay_off == 4
    assert out.interest_paid == pytest.approx(48.84)
    assert out.total_paid == pytest.approx(1848.84)
    # To clear it by the end of month 2 a month must carry the worst stretch of bills:
    # max(1,800 / 3, 1,200 / 2, 600 / 1) = $600.
    assert needed_to_clear([600.0, 600.0, 600.0], promo_months=3) == pytest.approx(600)
    cleared = pay_over_time(
        [600.0, 600.0, 600.0], Terms(**{**terms.__dict__, "monthly_payment": 600})
    )
    assert cleared.deferred_interest_charged == 0 and cleared.interest_paid == 0


def test_card_bills_with_a_gap_is_not_paid_off_until_the_last_bill_is() -> None:
    # $600 in months 0 and 2 at 1% a month, $500 a month.
    # m0: 600 + 6 = 606, pay 500 -> 106
    # m1: 106 + 1.06 = 107.06, pay it all -> 0, but a bill is still to come
    # m2: 600 + 6 = 606, pay 500 -> 106
    # m3: 106 + 1.06 = 107.06, pay -> 0: 4 months; interest 6 + 1.06 + 6 + 1.06 = 14.12
    out = pay_over_time([600.0, 0.0, 600.0], Terms("card", monthly_payment=500, apr=0.12))
    assert out.months_to_pay_off == 4
    assert out.interest_paid == pytest.approx(14.12)
    assert out.total_paid == pytest.approx(1214.12)


def test_payment_plan_with_a_fee_and_bills_over_three_months() -> None:
    # Fee $30 (the balance starts there), $500 in months 0-2, $400 a month, no interest.
    # m0: 30 + 500 = 530, pay 400 -> 130
    # m1: 130 + 500 = 630, pay 400 -> 230
    # m2: 230 + 500 = 730, pay 400 -> 330
    # m3: pay 330 -> 0: 4 months; total 1,500 + 30 = 1,530
    out = pay_over_time([500.0] * 3, Terms("payment_plan", monthly_payment=400, plan_fee=30))
    assert out.months_to_pay_off == 4
    assert out.interest_paid == 0
    assert out.total_paid == pytest.approx(1530)
    assert [m.balance for m in out.months] == [130, 230, 330, 0]


def test_savings_pays_as_billed() -> None:
    # $400 in month 0, nothing in month 1, $250 in month 2: paid as billed, done in month 2.
    out = pay_over_time([400.0, 0.0, 250.0], Terms("savings"))
    assert out.months_to_pay_off == 3
    assert out.total_paid == 650 and out.interest_paid == 0


def test_a_payment_below_the_interest_never_pays_it_off() -> None:
    # $10,000 at 2% a month is $200 of interest in month 0; $150 a month falls behind every month.
    out = pay_over_time([10_000.0], Terms("card", monthly_payment=150, apr=0.24), max_months=120)
    assert out.months_to_pay_off is None
    assert len(out.months) == 120
    assert out.still_owed > 10_000
    # What was paid plus what is still owed is the bills plus the interest charged.
    assert out.total_paid + out.still_owed == pytest.approx(10_000 + out.interest_paid)
