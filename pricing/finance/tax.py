"""Rule 16: the medical expense deduction per calendar year, beside rule 6's HSA/FSA saving and
the accounts' yearly limits. Shown beside the bill, never subtracted from it.

deduction = max(0, the person's payments that year + other medical expenses - floor x AGI) when
the person itemises, else 0; saving = deduction x marginal rate. The floor (7.5% of AGI) is a
sourced default. The HSA/FSA saving of a year is that year's payments x the marginal tax rate
(rule 6, unchanged). The same dollar cannot be both paid from an account and deducted (IRS
Publication 969), so the two are alternatives for any one payment; both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from pricing.defaults import finance as finance_defaults
from pricing.defaults.finance import AccountLimits
from pricing.scenario.models import Payment, Tax


@dataclass(frozen=True)
class TaxYear:
    """One calendar year: what the person pays (midpoint prices), the deduction and its saving
    (None without a `tax:` section), the HSA/FSA saving (None without an account), the limits."""

    year: int
    payments: float
    deduction: float | None
    deduction_saving: float | None
    floor: float | None  # the part of AGI below which nothing is deductible
    account_saving: float | None
    limits: AccountLimits


def deduction(payments: float, tax: Tax) -> float:
    """Rule 16 for one calendar year."""
    if not tax.itemizes or tax.agi is None:
        return 0.0
    floor = finance_defaults.medical_expense_floor() * tax.agi
    return max(0.0, payments + tax.other_medical_expenses - floor)


def tax_years(
    payments_by_year: dict[int, float], payment: Payment, tax: Tax | None
) -> list[TaxYear]:
    """Rules 6 and 16 for each calendar year the course has claims in."""
    rows = []
    for year, paid in sorted(payments_by_year.items()):
        cut = None if tax is None else deduction(paid, tax)
        rows.append(
            TaxYear(
                year=year,
                payments=paid,
                deduction=cut,
                deduction_saving=None if tax is None or cut is None else cut * tax.marginal_rate,
                floor=None
                if tax is None or tax.agi is None
                else finance_defaults.medical_expense_floor() * tax.agi,
                account_saving=paid * payment.marginal_tax_rate if payment.pretax_account else None,
                limits=finance_defaults.account_limits(year),
            )
        )
    return rows


def tax_summary(rows: list[TaxYear]) -> dict[str, dict[str, float]]:
    """The CLI's `tax` object: {"YYYY": {deduction, saving}}."""
    return {
        str(r.year): {"deduction": r.deduction or 0.0, "saving": r.deduction_saving or 0.0}
        for r in rows
    }
