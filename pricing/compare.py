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
from pricing.scenario import MAX_COURSE_WEEKS, Scenario, from_dict, to_dict


def horizons_months() -> tuple[int, ...]:
    """Months at which Compare names the cheapest treatment (3, 6, 12)."""
    return defaults.compare_horizons_months()


def period_options() -> tuple[int, ...]:
    """Periods (months) a person can compare over, for the page's period picker."""
    return defaults.compare_period_options_months()


def default_period() -> int:
    """The period Compare prices unless asked otherwise (months)."""
    return defaults.compare_default_period_months()


def period_weeks(months: int) -> int:
    """A period in whole weeks, as `course.first_months` counts a course's first months."""
    return round(months * course.WEEKS_PER_YEAR / course.MONTHS_PER_YEAR)


def period_limits() -> tuple[int, int]:
    """The shortest and longest period (whole months) a comparison can run: long enough to hold
    every treatment's first series (else "over N months" would price a longer course), short
    enough for a scenario's longest course (scenario.MAX_COURSE_WEEKS)."""
    first_series = max(course.weeks(course.induction(m)) for m in defaults.MODALITIES)
    months = range(1, MAX_COURSE_WEEKS)
    shortest = next(m for m in months if period_weeks(m) >= first_series)
    longest = max(m for m in months if period_weeks(m) <= MAX_COURSE_WEEKS)
    return shortest, longest


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


# A treatment's own parts of a scenario: its prices and course, and the plan's coverage and
# approval step for it (both per treatment in the defaults). Everything else in the file is the
# person (insurance, household, state, payment, assistance, time and travel) and holds for every
# treatment they compare.
TREATMENT_PARTS = ("name", "treatment", "therapy", "intake")
PLAN_PARTS_PER_TREATMENT = ("coverage", "prior_authorization")


def as_written_for(base: Scenario, modality: str) -> dict[str, Any]:
    """The scenario file the person would write for `modality`: `base`'s own file when it is
    the base's treatment (the person may have typed their clinic's quote), else the base's
    person parts with `modality`'s own parts left out, for `from_dict` to fill exactly as it
    fills any file (two bills for Spravato, the G-code under Medicare, coverage and approval
    step for the new pair, Medicaid's state rule). A treatment without a manufacturer
    programme drops the base's programme and its observation rebate; `ledger.programme_applies`
    decides whom a kept one helps."""
    data = to_dict(base)
    if modality == base.modality:
        return data
    for key in TREATMENT_PARTS:
        data.pop(key, None)
    for key in PLAN_PARTS_PER_TREATMENT:
        data["insurance"].pop(key, None)
    if not defaults.programme_exists(modality):
        data["assistance"]["manufacturer"] = None
        data["assistance"]["observation_rebate"] = None
    data["modality"] = modality
    return data


def scenario_for(base: Scenario, modality: str, horizon_months: int | None) -> Scenario:
    """`base`'s person priced for `modality` through the same fill as `estimate` of a file
    (`as_written_for`), over the first `horizon_months` months of the treatment's course
    (None: the course the file gives, or the treatment's standard one)."""
    data = as_written_for(base, modality)
    if horizon_months is not None:
        data.setdefault("treatment", {})["phases"] = course.first_months(modality, horizon_months)
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
            # Rule 13: a figure that needs the plan's approval says so where it is given.
            approved = " if your plan approves it" if self.estimates[best].approval_chance else ""
            lines.append(
                f"Over {months} months, {short[best]} costs you least{approved}: about "
                f"{money(cost)}."
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
    seed: int | None = None,
) -> Comparison:
    """Every chosen treatment for `base`'s person, each over `horizon_months` (default:
    default_period()), each priced exactly as `estimate` prices that treatment's file: the same
    fill (`scenario_for`) and the estimate's own draws and seed unless told, so each treatment's
    figures are `python -m pricing estimate`'s for that file."""
    chosen = list(modalities or defaults.MODALITIES)
    months = default_period() if horizon_months is None else horizon_months
    estimates = {m: estimate(scenario_for(base, m, months), draws=draws, seed=seed) for m in chosen}
    return Comparison(estimates=estimates, horizon_months=months)
