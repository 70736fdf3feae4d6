"""Compare treatments for one person: the same insurance and household, each treatment's own
prices and course, over a common period; which is cheapest at each of the horizons the defaults
name (defaults.compare_horizons_months(): 3, 6 and 12 months), over the whole period, and when
the order changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from pricing import course, defaults
from pricing.estimate import BOUNDS, Estimate, estimate
from pricing.report import money
from pricing.scenario import Scenario, default_scenario_dict, from_dict, to_dict


def horizons_months() -> tuple[int, ...]:
    """Months at which Compare names the cheapest treatment (3, 6, 12)."""
    return defaults.compare_horizons_months()


def period_options() -> tuple[int, ...]:
    """Periods (months) a person can compare over, for the page's period picker."""
    return defaults.compare_period_options_months()


def default_period() -> int:
    """The period Compare prices unless asked otherwise (months)."""
    return defaults.compare_default_period_months()


def treatment_names() -> dict[str, str]:
    """Every treatment Compare can price, by modality, with its short name."""
    return {m: defaults.modality_short(m) for m in defaults.MODALITIES}


class Standing(NamedTuple):
    """Where one treatment stands over the whole period: its total out-of-pocket at mid."""

    modality: str
    treatment: str  # short name, as the table's "treatment" column
    total: float  # out-of-pocket over the period, midpoint prices


def months_later(start: dt.date, months: int) -> dt.date:
    """The same day-of-month `months` later (clamped to the month's last day)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)


def scenario_for(base: Scenario, modality: str, horizon_months: int | None) -> Scenario:
    """`base`'s insurance, household and payment, with `modality`'s own prices and course.

    The base's own treatment keeps its prices (the person may have typed their clinic's quote);
    other treatments take the sourced defaults. Coverage follows the rules for the new pair; a
    treatment without a manufacturer programme (per the defaults) drops the base's programme,
    and `ledger.programme_applies` decides whom a kept one helps.
    """
    data = to_dict(base)
    if modality != base.modality:
        fresh = default_scenario_dict(modality, base.insurance.kind)
        for key in ("treatment", "therapy", "intake"):
            data[key] = fresh[key]
        data["insurance"]["coverage"] = fresh["insurance"]["coverage"]
        if not defaults.programme_exists(modality):
            data["assistance"]["manufacturer"] = None
    data["name"] = defaults.modality_short(modality)
    data["modality"] = modality
    if horizon_months is not None:
        data["treatment"]["phases"] = course.first_months(modality, horizon_months)
    return from_dict(data)


@dataclass
class Comparison:
    """Each chosen treatment's estimate over the same period (`horizon_months`)."""

    estimates: dict[str, Estimate]
    horizon_months: int
    _curve_cache: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = field(
        default_factory=dict, repr=False
    )

    @property
    def start(self) -> dt.date:
        return min(e.visits[0].date for e in self.estimates.values())

    def cost_by(self, day: dt.date, bound: str = "mid") -> dict[str, float]:
        """Out-of-pocket paid on or before `day`, per treatment."""
        out = {}
        for modality, (dates, paid) in self._curves(bound).items():
            index = int(np.searchsorted(dates, np.datetime64(day), side="right")) - 1
            out[modality] = float(paid[index]) if index >= 0 else 0.0
        return out

    def _curves(self, bound: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per treatment: claim dates and cumulative out-of-pocket at `bound`, as arrays."""
        if bound not in self._curve_cache:
            self._curve_cache[bound] = {
                m: (
                    np.array([v.date for v in est.visits], dtype="datetime64[D]"),
                    np.cumsum(est.settlement.per_claim["patient"][BOUNDS.index(bound)]),
                )
                for m, est in self.estimates.items()
            }
        return self._curve_cache[bound]

    def table(self) -> pd.DataFrame:
        """One row per treatment: out-of-pocket by each horizon within the period (mid) and the
        whole period's range."""
        return self._table.copy()

    @cached_property
    def _table(self) -> pd.DataFrame:
        rows = []
        for modality, est in self.estimates.items():
            oop = est.out_of_pocket
            row: dict[str, Any] = {
                "treatment": defaults.modality_short(modality),
                "modality": modality,
                "sessions": est.visit_counts["treatment"],
            }
            for months in horizons_months():
                if months <= self.horizon_months:
                    day = months_later(self.start, months) - dt.timedelta(days=1)
                    row[f"by {months} months"] = self.cost_by(day)[modality]
            for bound in BOUNDS:
                row[f"total {bound}"] = oop[bound]
            if "p10" in oop:
                row["total p10"], row["total p90"] = oop["p10"], oop["p90"]
            row["insurer pays"] = est.summary()["insurer_pays"]["mid"]
            rows.append(row)
        return pd.DataFrame(rows)

    def standings(self) -> list[Standing]:
        """Every treatment by its total out-of-pocket over the whole period (midpoint prices),
        cheapest first; ties keep the order the treatments were chosen in."""
        ranked = sorted(self.estimates.items(), key=lambda item: item[1].out_of_pocket["mid"])
        return [
            Standing(m, defaults.modality_short(m), est.out_of_pocket["mid"]) for m, est in ranked
        ]

    def cheapest_over_period(self) -> Standing:
        """The treatment that costs least over the whole period (midpoint prices)."""
        return self.standings()[0]

    def dearest_over_period(self) -> Standing:
        """The treatment that costs most over the whole period (midpoint prices)."""
        return self.standings()[-1]

    def cheapest_at(self, months: int) -> tuple[str, float]:
        day = months_later(self.start, months) - dt.timedelta(days=1)
        costs = self.cost_by(day)
        best = min(costs, key=lambda m: costs[m])
        return best, costs[best]

    def order_changes(self) -> list[tuple[dt.date, str, str]]:
        """(date, new cheapest, the one it overtook) each time the cheapest option so far
        (cumulative, midpoint prices) changes."""
        end = months_later(self.start, self.horizon_months)
        days = pd.date_range(self.start, end, freq="D").date
        grid = np.array(days, dtype="datetime64[D]")
        series = {}
        for modality, (dates, paid) in self._curves("mid").items():
            index = np.searchsorted(dates, grid, side="right") - 1
            series[modality] = np.where(index >= 0, paid[np.maximum(index, 0)], 0.0)
        names = list(series)
        matrix = np.vstack([series[m] for m in names])
        changes: list[tuple[dt.date, str, str]] = []
        previous: list[str] | None = None
        for i, day in enumerate(days):
            order = [names[j] for j in np.argsort(matrix[:, i], kind="stable")]
            if previous is not None and order[0] != previous[0]:
                changes.append((day, order[0], previous[0]))
            previous = order
        return changes

    def answer(self) -> list[str]:
        """The plain answer: cheapest at each horizon and when the cheapest option changes."""
        return list(self._answer)

    @cached_property
    def _answer(self) -> list[str]:
        short = {m: defaults.modality_short(m) for m in self.estimates}
        lines = []
        for months in horizons_months():
            if months > self.horizon_months:
                continue
            best, cost = self.cheapest_at(months)
            lines.append(
                f"Over {months} months, {short[best]} costs you least: about {money(cost)}."
            )
        changes = self.order_changes()
        if not changes:
            best, _ = self.cheapest_at(self.horizon_months)
            lines.append(f"{short[best]} stays the cheapest for you throughout.")
        for day, leader, overtaken in changes:
            lines.append(
                f"From {day:%b} {day.day}, {day.year}, {short[leader]} becomes the cheapest so far "
                f"(overtaking {short[overtaken]})."
            )
        return lines


def compare(
    base: Scenario,
    modalities: Sequence[str] | None = None,
    horizon_months: int | None = None,
    draws: int | None = None,
) -> Comparison:
    """Every chosen treatment under `base`'s insurance, each over `horizon_months` (default:
    default_period()), with defaults.compare_monte_carlo_draws() draws unless told."""
    chosen = list(modalities or defaults.MODALITIES)
    months = default_period() if horizon_months is None else horizon_months
    n_draws = defaults.compare_monte_carlo_draws() if draws is None else draws
    estimates = {m: estimate(scenario_for(base, m, months), draws=n_draws) for m in chosen}
    return Comparison(estimates=estimates, horizon_months=months)
