"""Paying for a course: rules 15-17 (docs/method.md, "Paying for it").

- `years`: the person's payments by calendar year of the claim (rule 17) and by calendar month
  from the first bill's month (what rule 15 pays off);
- `paying`: paying those bills month by month from savings, a clinic payment plan, a card or a
  deferred-interest card (rule 15);
- `tax`: the medical expense deduction per calendar year (rule 16) beside the HSA/FSA saving
  (rule 6) and the accounts' yearly limits;
- `plan`: all of that for one settled course (what `Estimate.paying` holds and the CLI prints).

Pure arithmetic on dated payments: this layer sits below the estimate (which settles the claims
and asks it) and imports only the defaults and the scenario's models.
"""

from pricing.finance.paying import (
    METHODS,
    MonthRow,
    PayOff,
    Terms,
    needed_to_clear,
    pay_over_time,
    terms_of,
)
from pricing.finance.plan import Paying, paying, payoff_warnings
from pricing.finance.tax import TaxYear, tax_years
from pricing.finance.years import by_year, monthly_bills

__all__ = [
    "METHODS",
    "MonthRow",
    "PayOff",
    "Paying",
    "TaxYear",
    "Terms",
    "by_year",
    "monthly_bills",
    "needed_to_clear",
    "pay_over_time",
    "paying",
    "payoff_warnings",
    "tax_years",
    "terms_of",
]
