"""Rule 17: the person's payments by calendar year of the claim; and by calendar month from the
month of the first bill (the bills rule 15 pays off)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

BOUNDS = ("low", "mid", "high")


def by_year(dates: Sequence[dt.date], patient: np.ndarray) -> dict[str, dict[str, float]]:
    """{"YYYY": {low, mid, high}}: what the person pays for the claims dated in each calendar
    year. `patient` is (3, K): the bounds rows low, mid, high of each claim's patient payment."""
    years = np.array([d.year for d in dates])
    out: dict[str, dict[str, float]] = {}
    for year in sorted(set(years.tolist())):
        chosen = years == year
        out[str(year)] = {b: float(patient[i][chosen].sum()) for i, b in enumerate(BOUNDS)}
    return out


def month_index(first: dt.date, day: dt.date) -> int:
    """Calendar months from `first`'s month to `day`'s month (0 in the same month)."""
    return (day.year - first.year) * 12 + day.month - first.month


def monthly_bills(
    dates: Sequence[dt.date], amounts: Sequence[float]
) -> tuple[dt.date, list[float]]:
    """(the first bill's calendar month as its first day, the bills of each calendar month from
    then to the last bill's month, months without a bill as 0)."""
    first = min(dates)
    bills = [0.0] * (month_index(first, max(dates)) + 1)
    for day, amount in zip(dates, amounts, strict=True):
        bills[month_index(first, day)] += float(amount)
    return dt.date(first.year, first.month, 1), bills


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the calendar month `months` after `first`'s."""
    total = first.year * 12 + first.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)
