"""Rules 15-17 for one settled course: by year, the person's way of paying and the others at the
same monthly payment, and the tax years. `Estimate.paying` holds one; the CLI prints its
`summary()` inside the estimate's JSON and its `warnings` among the estimate's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pricing.defaults import finance as finance_defaults
from pricing.finance.paying import METHODS, PayOff, Terms, pay_over_time, terms_of
from pricing.finance.tax import TaxYear, tax_summary, tax_years
from pricing.finance.years import add_months, by_year, monthly_bills
from pricing.report import money
from pricing.scenario.models import Scenario

MID = 1  # the bounds row rule 15 and rule 16 use (midpoint prices)


@dataclass(frozen=True)
class Paying:
    """Paying for one course (midpoint prices where one figure is needed)."""

    first_month: dt.date  # the calendar month of the first bill (its first day)
    bills: tuple[float, ...]  # the person's bills of each month from first_month
    years: dict[str, dict[str, float]]  # rule 17: {"YYYY": {low, mid, high}}
    monthly_payment: float  # what the table of ways uses (the file's, else the default)
    chosen: PayOff | None  # the file's own method; None when it names none
    ways: tuple[PayOff, ...]  # every method at `monthly_payment`, in METHODS order
    tax: tuple[TaxYear, ...]
    asks_tax: bool

    def month(self, index: int) -> dt.date:
        return add_months(self.first_month, index)

    @property
    def cheapest(self) -> tuple[str, ...]:
        """The methods whose total is the lowest of those that pay it off (ties all named)."""
        done = [w for w in self.ways if w.paid_off]
        if not done:
            return ()
        least = min(w.total_paid for w in done)
        return tuple(w.terms.method for w in done if w.total_paid - least < 0.005)

    def way(self, method: str) -> PayOff:
        return next(w for w in self.ways if w.terms.method == method)

    def summary(self) -> dict[str, object]:
        """The CLI's `by_year`, and `payment` / `tax` when the file has them."""
        out: dict[str, object] = {"by_year": self.years}
        if self.chosen is not None:
            out["payment"] = self.chosen.summary()
        if self.asks_tax:
            out["tax"] = tax_summary(list(self.tax))
        return out

    @property
    def warnings(self) -> list[str]:
        """Rule 15's warnings for the file's own way of paying."""
        return [] if self.chosen is None else payoff_warnings(self.chosen)


def payoff_warnings(way: PayOff) -> list[str]:
    """Rule 15's two warnings in plain words: a balance never paid off, and a deferred-interest
    promotion that ends with a balance (its interest, back-dated, is then added at once)."""
    notes = []
    per_month = f"{money(way.terms.monthly_payment)} a month"
    if not way.paid_off:
        notes.append(
            f"At {per_month} the balance is not paid off within {len(way.months) // 12} years: "
            f"after {len(way.months)} months you would still owe {money(way.still_owed)}."
        )
    if way.terms.method == "deferred_interest" and way.deferred_interest_charged > 0:
        notes.append(
            f"At {per_month} the balance is not cleared before the {way.terms.promo_months}"
            f"-month promotion ends, so {money(way.deferred_interest_charged)} of interest, "
            "back-dated to the first bill, is added at once."
        )
    return notes


def _way(method: str, chosen: Terms | None, monthly: float) -> Terms:
    """The person's own terms for their method; the typical terms of the others."""
    if chosen is not None and chosen.method == method:
        return chosen
    if method == "savings":
        return Terms("savings")
    typical = finance_defaults.method_terms(method)
    return Terms(
        method,
        monthly_payment=monthly,
        apr=typical["apr"] or 0.0,
        promo_months=typical["promo_months"],
        plan_fee=typical["plan_fee"] or 0.0,
    )


def paying(scenario: Scenario, dates: Sequence[dt.date], patient: np.ndarray) -> Paying:
    """Rules 15-17 for the claims on `dates` whose patient payments are `patient` (rows low,
    mid, high; one column per claim)."""
    first, bills = monthly_bills(dates, patient[MID])
    pay = scenario.payment
    monthly = pay.monthly_payment or finance_defaults.default_monthly_payment()
    chosen_terms = terms_of(pay, monthly) if pay.method is not None else None
    ways = tuple(pay_over_time(bills, _way(m, chosen_terms, monthly)) for m in METHODS)
    chosen = None if chosen_terms is None else ways[METHODS.index(chosen_terms.method)]
    years = by_year(dates, patient)
    mid_by_year = {int(y): v["mid"] for y, v in years.items()}
    return Paying(
        first_month=first,
        bills=tuple(bills),
        years=years,
        monthly_payment=monthly,
        chosen=chosen,
        ways=ways,
        tax=tuple(tax_years(mid_by_year, pay, scenario.tax)),
        asks_tax=scenario.tax is not None,
    )
