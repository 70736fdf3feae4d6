"""Rule 15: paying a course's bills month by month (docs/method.md, "Ways to pay").

Month i = 0 is the calendar month of the first bill. The balance B starts at the plan's fee.
Each month: add the person's bills of that month (midpoint prices); a card, and a
deferred-interest card from month `promo_months` on, adds interest B x apr/12 to B; a
deferred-interest card before then puts B x apr/12 in a pot instead; then min(payment, B) is
paid. At the end of month promo_months - 1 the pot is added to B (and counted as interest) if B
is above 0, else it is forgiven. Paid off: the first month whose B is 0 with no bills left to
come (months_to_pay_off = that month's i + 1). A balance still owed after `max_months` is never
paid off (months_to_pay_off None). A payment plan charges no interest; savings pay each month's
bills as they come.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pricing.defaults import finance as finance_defaults
from pricing.scenario.models import Payment

METHODS = ("savings", "payment_plan", "card", "deferred_interest")
MONTHS_A_YEAR = 12
# Money is owed in cents: a balance under half a cent after a payment is nothing owed (a
# payment worked out as a fraction, $1 / 3, must not leave 1e-16 to accrue a promotion's pot).
HALF_CENT = 0.005


@dataclass(frozen=True)
class Terms:
    """One way of paying: the method and its terms (unused terms stay at 0 / None)."""

    method: str
    monthly_payment: float = math.inf  # savings: whatever each month's bills are
    apr: float = 0.0
    promo_months: int | None = None
    plan_fee: float = 0.0


@dataclass(frozen=True)
class MonthRow:
    """One month of rule 15 (i = 0 is the first bill's month)."""

    index: int
    bills: float  # the person's bills of the month
    interest: (
        float  # interest added to the balance (with the back-dated pot at the promotion's end)
    )
    deferred: float  # interest put in the deferred pot this month
    paid: float
    balance: float  # what is owed at the end of the month
    pot: float  # deferred interest waiting at the end of the month (0 once charged or forgiven)


@dataclass(frozen=True)
class PayOff:
    """The month-by-month result of paying the bills one way."""

    terms: Terms
    months: tuple[MonthRow, ...]
    months_to_pay_off: int | None
    bills: float
    interest_paid: float
    total_paid: float
    deferred_interest_charged: float
    still_owed: float
    forgiven: float  # deferred interest written off because the balance was cleared in time

    @property
    def promo_end(self) -> int | None:
        """The month at whose end a deferred-interest promotion ends (None for other methods)."""
        p = self.terms.promo_months
        return p - 1 if self.terms.method == "deferred_interest" and p else None

    @property
    def paid_off(self) -> bool:
        return self.months_to_pay_off is not None

    @property
    def cleared_in_promotion(self) -> bool:
        """A deferred-interest card whose balance was 0 when the promotion ended."""
        return self.terms.method == "deferred_interest" and self.deferred_interest_charged == 0

    def summary(self) -> dict[str, object]:
        """The CLI's `payment` object (money unrounded; the CLI rounds to cents)."""
        out: dict[str, object] = {
            "method": self.terms.method,
            "months_to_pay_off": self.months_to_pay_off,
            "interest_paid": self.interest_paid,
            "total_paid": self.total_paid,
            "deferred_interest_charged": self.deferred_interest_charged,
        }
        if not self.paid_off:
            out["still_owed"] = self.still_owed
        return out


def terms_of(payment: Payment, default_payment: float | None = None) -> Terms:
    """A scenario's `payment` section as Terms (its method must be set). Savings ignore the
    monthly payment; the other methods use the file's, else `default_payment`."""
    method = payment.method
    if method is None:
        raise ValueError("payment.method is not set")
    if method == "savings":
        return Terms("savings")
    monthly = payment.monthly_payment
    if monthly is None:
        monthly = (
            finance_defaults.default_monthly_payment()
            if default_payment is None
            else (default_payment)
        )
    return Terms(
        method,
        monthly_payment=monthly,
        apr=payment.apr or 0.0,
        promo_months=payment.promo_months,
        plan_fee=payment.plan_fee or 0.0,
    )


def pay_over_time(bills: Sequence[float], terms: Terms, max_months: int | None = None) -> PayOff:
    """Rule 15 for the bills of each calendar month from the first bill's (see the module)."""
    horizon = finance_defaults.max_months() if max_months is None else max_months
    rate = terms.apr / MONTHS_A_YEAR
    method = terms.method
    promo = terms.promo_months if method == "deferred_interest" else None
    last_bill = max((i for i, b in enumerate(bills) if b > 0), default=-1)
    balance = terms.plan_fee if method != "savings" else 0.0
    pot = interest_paid = total_paid = charged = forgiven = 0.0
    rows: list[MonthRow] = []
    done: int | None = None
    for i in range(horizon):
        due = float(bills[i]) if i < len(bills) else 0.0
        balance += due
        interest = deferred = 0.0
        if method == "card" or (promo is not None and i >= promo):
            interest = balance * rate
            balance += interest
        elif promo is not None:
            deferred = balance * rate
            pot += deferred
        pay = balance if method == "savings" else min(terms.monthly_payment, balance)
        balance -= pay
        total_paid += pay
        if balance < HALF_CENT:
            balance = 0.0
        if promo is not None and i == promo - 1:
            if balance > 0:  # the promotion ends unpaid: every deferred dollar, back-dated
                balance += pot
                interest += pot
                charged = pot
            else:
                forgiven = pot
            pot = 0.0
        interest_paid += interest
        rows.append(MonthRow(i, due, interest, deferred, pay, balance, pot))
        if balance <= 0 and i >= last_bill:
            done = i + 1
            forgiven += pot  # paid off before the promotion ended: nothing is charged
            break
    return PayOff(
        terms=terms,
        months=tuple(rows),
        months_to_pay_off=done,
        bills=float(sum(bills)),
        interest_paid=interest_paid,
        total_paid=total_paid,
        deferred_interest_charged=charged,
        still_owed=0.0 if done is not None else balance,
        forgiven=forgiven,
    )


def needed_to_clear(bills: Sequence[float], promo_months: int, plan_fee: float = 0.0) -> float:
    """The smallest monthly payment that leaves nothing owed at the end of a deferred-interest
    promotion (so nothing is charged). Without interest in the promotion the balance at the end
    of month n is the largest sum of bills from some month j to n less (n - j + 1) payments, so
    the payment must cover the worst such stretch: max over j of (bills j..n) / (n - j + 1)."""
    n = promo_months - 1
    months = [float(bills[i]) if i < len(bills) else 0.0 for i in range(n + 1)]
    months[0] += plan_fee
    need = 0.0
    stretch = 0.0
    for j in range(n, -1, -1):
        stretch += months[j]
        need = max(need, stretch / (n - j + 1))
    return need
