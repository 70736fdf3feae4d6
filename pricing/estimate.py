"""Bounds, Monte Carlo percentiles and summaries for one scenario, or totals for many at once.

Two settlements of the same claims:
- the bounds, rows 0 = every price at its low end, 1 = midpoints, 2 = high ends, kept claim by
  claim (the ledger, the monthly and cumulative tables, the events);
- the Monte Carlo draws (each price range drawn uniformly, one draw per component per simulated
  course, from a seeded generator), kept only as each course's totals plus the running
  percentiles of what the patient has paid after each claim.
So an estimate holds 3 x K numbers per claim field and a few numbers per draw, never draws x K
(issue 11: 200,000 draws of the longest course once asked for about 21 GiB).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from pricing import defaults, finance
from pricing.course import COMPONENTS, COVERED_AS, VISIT_COMPONENTS, Visit, visits
from pricing.defaults import spravato
from pricing.ledger import (
    COMPONENT_FIELDS,
    FloatArray,
    Settlement,
    claim_lines,
    claims_for,
    last_day,
    plan_year_index,
    programme_applies,
    rebate_applies,
    settle,
    terms_for,
)
from pricing.ledger.many import settle_many, stack_terms
from pricing.ledger.prices import component_prices, course_prices, dated_price_rows, price_rows
from pricing.scenario import Scenario, ScenarioError
from pricing.scenario.dated_terms import price_periods, projected_figures, projected_prices

if TYPE_CHECKING:  # pandas costs a few hundred ms to import: only the tables below import it
    import pandas as pd

BOUNDS = ("low", "mid", "high")
PERCENTILES = (10, 50, 90)
# Kept for callers not yet on defaults.default_seed() (the CLI, bench/engine.py); not a literal.
DEFAULT_SEED = defaults.default_seed()
# Bounds for the tables an estimate builds on demand (Estimate.memory_bytes_bound), checked
# against what pandas measures in tests/pricing/test_estimate_memory.py.
LEDGER_FIXED_BYTES_PER_CLAIM = 320
CUMULATIVE_BYTES_PER_CLAIM = 128
TABLE_OVERHEAD_BYTES = 1024


def coverage_of(scenario: Scenario, component: str) -> str:
    """A claim's coverage kind: the drug claim has the treatment's (rule 8)."""
    return str(getattr(scenario.insurance.coverage, COVERED_AS[component]))


def visit_cost(scenario: Scenario) -> float:
    """Rule 7: time and travel per visit."""
    t = scenario.time_and_travel
    return t.travel_cost_per_visit + t.hours_per_visit * t.hourly_value


@dataclass
class Estimate:
    """A settled scenario.

    `settlement`: the bounds (rows low, mid, high), totals and every claim field per claim.
    `draw_totals`: each simulated course's totals, (draws,) per ledger.TOTAL_FIELDS name.
    `draw_running`: (len(PERCENTILES), K) percentiles over the draws of the patient's payments
    so far after each claim ((0, K) without draws).
    """

    scenario: Scenario
    visits: list[Visit]
    settlement: Settlement
    draws: int
    seed: int
    draw_totals: dict[str, FloatArray] = field(default_factory=dict)
    draw_running: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    # Rule 13: the same course settled as if prior authorisation were refused (bounds rows only).
    if_denied: Settlement | None = None

    # --- totals ---------------------------------------------------------------------------
    def _bounds(self, values: np.ndarray) -> dict[str, float]:
        return {b: float(values[i]) for i, b in enumerate(BOUNDS)}

    def _with_percentiles(self, name: str, factor: float = 1.0) -> dict[str, float]:
        """Bounds of a total and, with draws, its p10/p50/p90 over the simulated courses."""
        out = self._bounds(self.settlement.totals[name] * factor)
        if self.draws:
            values = self.draw_totals[name] * factor
            for p, v in zip(PERCENTILES, np.percentile(values, PERCENTILES), strict=True):
                out[f"p{p}"] = float(v)
        return out

    @property
    def out_of_pocket(self) -> dict[str, float]:
        return self._with_percentiles("patient")

    @property
    def components(self) -> tuple[str, ...]:
        """The bill's components: with a drug claim only when the bill is split (rule 8)."""
        split = self.scenario.treatment.drug is not None
        return tuple(c for c in COMPONENTS if c != "drug" or split)

    @property
    def after_tax_factor(self) -> float:
        pay = self.scenario.payment
        return 1 - pay.marginal_tax_rate if pay.pretax_account else 1.0

    @property
    def visit_counts(self) -> dict[str, int]:
        return {c: sum(v.component == c for v in self.visits) for c in VISIT_COMPONENTS}

    @property
    def time_and_travel(self) -> float:
        return visit_cost(self.scenario) * sum(self.visit_counts.values())

    @property
    def poverty_percent(self) -> float | None:
        income = self.scenario.household.income
        if income is None:
            return None
        size, state = self.scenario.household.size, self.scenario.state
        return 100 * income / defaults.poverty_guideline(size, state=state)

    def share_of_income(self) -> dict[str, float] | None:
        """Out-of-pocket as a share of household income, or None when it is not meaningful:
        no income, no positive income, or an income so small that a share overflows to
        infinity (a few cents against thousands of dollars). The CLI, the page and the
        sentences all read this one answer."""
        income = self.scenario.household.income
        if income is None or not income > 0:
            return None
        shares = {k: v / income for k, v in self.out_of_pocket.items()}
        if not all(math.isfinite(v) for v in shares.values()):
            return None
        return shares

    @property
    def warnings(self) -> list[str]:
        s = self.scenario
        notes = []
        if s.assistance.manufacturer is not None and not programme_applies(s):
            notes.append(
                "The manufacturer programme is only for commercially insured patients; "
                f"with {s.insurance.kind} insurance it is left out."
            )
        if s.assistance.observation_rebate is not None and not rebate_applies(s):
            notes.append(
                "The observation rebate is left out: it is only for commercially insured "
                "patients with the drug and the visit billed apart, and not for residents of "
                + ", ".join(spravato.observation_rebate()["excluded_states"])
                + "."
            )
        if s.insurance.kind != "none" and s.insurance.coverage.treatment == "not_covered":
            notes.append("Your plan is assumed not to cover the treatment sessions themselves.")
        covered = s.insurance.coverage.treatment != "not_covered"
        if s.modality == "spravato" and s.insurance.kind == "medicaid" and covered:
            # Issue 14, defect 5: what the sources support (insurance.yaml's coverage rule).
            refused = (
                "what you would pay if it refuses is shown beside the estimate"
                if s.insurance.prior_authorization is not None
                else "this estimate assumes it has approved"
            )
            notes.append(
                "Medicaid covers Spravato as an outpatient drug (its maker is in the Medicaid drug "
                "rebate programme), usually only after prior authorisation: your programme can "
                f"refuse a request; {refused}."
            )
        notes += self.paying.warnings  # rule 15: a balance never paid off, or a cliff
        last = last_day(self.visits)
        for kind, projected in (
            ("figure", projected_figures(s, last)),
            ("price", projected_prices(s, last)),
        ):
            if projected:
                notes.append(
                    f"No {kind} is published yet for "
                    + "; ".join(projected)
                    + ": the last published one is used (projected)."
                )
        return notes

    @property
    def approval_chance(self) -> float | None:
        pa = self.scenario.insurance.prior_authorization
        return None if pa is None else pa.approval_chance

    def denied_out_of_pocket(self) -> dict[str, float] | None:
        """Rule 13: what the course costs if the plan refuses it (low, mid, high)."""
        if self.if_denied is None:
            return None
        return self._bounds(self.if_denied.totals["patient"])

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (money unrounded; the CLI rounds to cents)."""
        t = self.settlement.totals
        after_tax = self._with_percentiles("patient", self.after_tax_factor)
        travel = self.time_and_travel
        out: dict[str, Any] = {
            "name": self.scenario.name,
            "modality": self.scenario.modality,
            "insurance_kind": self.scenario.insurance.kind,
            "first_visit": self.visits[0].date.isoformat(),
            "last_visit": self.visits[-1].date.isoformat(),
            "visits": self.visit_counts,
            "billed": self._bounds(t["billed"]),
            "out_of_pocket": self.out_of_pocket,
            "insurer_pays": self._bounds(t["insurer"]),
            "assistance_pays": self._bounds(t["assistance"]),
            "write_off": self._bounds(t["write_off"]),
            "after_tax_out_of_pocket": after_tax,
            "time_and_travel": {b: travel for b in BOUNDS},
            "monte_carlo": {"draws": self.draws, "seed": self.seed},
            "warnings": self.warnings,
        }
        denied = self.denied_out_of_pocket()
        chance = self.approval_chance
        if denied is not None and chance is not None:
            out["approval_chance"] = chance
            out["approval_source"] = spravato.approval_source(
                self.scenario.insurance.kind, self.scenario.modality, chance
            )
            out["if_denied"] = {"out_of_pocket": denied}
        out.update(self.paying.summary())  # rules 15-17: by_year, payment, tax
        share = self.share_of_income()
        if share is not None:
            out["share_of_income"] = share
            out["household_income"] = self.scenario.household.income
            out["poverty_percent"] = self.poverty_percent
        return out

    @cached_property
    def paying(self) -> finance.Paying:
        """Rules 15-17: by calendar year, ways to pay, the tax years (pricing/finance)."""
        dates = [v.date for v in self.visits]
        return finance.paying(self.scenario, dates, self.settlement.per_claim["patient"])

    def memory_bytes(self) -> int:
        """About how many bytes this estimate holds (arrays, visits and any tables already
        built), for a cache bounded by bytes."""
        arrays = [
            *self.settlement.totals.values(),
            *self.settlement.by_component.values(),
            *self.settlement.per_claim.values(),
            *self.draw_totals.values(),
            self.draw_running,
        ]
        total = sum(a.nbytes for a in arrays) + sys.getsizeof(self.visits)
        # A Visit: the object, its date (phase and component strings are shared).
        total += sum(sys.getsizeof(v) + sys.getsizeof(v.date) for v in self.visits)
        for name in ("ledger", "_cumulative"):
            frame = self.__dict__.get(name)  # cached_property: present once built
            if frame is not None:
                total += int(frame.memory_usage(deep=True).sum())
        return int(total)

    def memory_bytes_bound(self) -> int:
        """At most how many bytes this estimate will hold once the pages have built its cached
        tables (the ledger and the cumulative table): what it holds now, plus a bound for each
        table not built yet, from the claim count and the longest text in a row. Measured once
        (a cache records it at insertion), so nothing is re-measured later."""
        total = self.memory_bytes()
        claims = len(self.visits)
        # Text cells are counted deep (pandas' memory_usage): a str of n ASCII characters is
        # sys.getsizeof(n characters), 49 + n bytes; the component and coverage words are short.
        phase = max((sys.getsizeof(v.phase) for v in self.visits), default=0)
        if "ledger" not in self.__dict__:
            # 18 numeric or boolean columns of 8 bytes, a date object (32 bytes) and a pointer
            # for each object column, and three text cells: the phase and two short words.
            total += claims * (LEDGER_FIXED_BYTES_PER_CLAIM + phase) + TABLE_OVERHEAD_BYTES
        if "_cumulative" not in self.__dict__:
            # up to 6 bound and percentile columns and the week, 8 bytes each, and the date.
            total += claims * CUMULATIVE_BYTES_PER_CLAIM + TABLE_OVERHEAD_BYTES
        return int(total)

    # --- tables for the dashboard -----------------------------------------------------------
    @cached_property
    def ledger(self) -> pd.DataFrame:
        """Claim-by-claim ledger at the midpoint prices (row 1)."""
        return self.ledger_at("mid")

    def ledger_at(self, bound: str) -> pd.DataFrame:
        import pandas as pd

        row = BOUNDS.index(bound)
        pc = self.settlement.per_claim
        ins = self.scenario.insurance
        frame = pd.DataFrame(
            {
                "date": [v.date for v in self.visits],
                "component": [v.component for v in self.visits],
                "phase": [v.phase for v in self.visits],
                "coverage": [coverage_of(self.scenario, v.component) for v in self.visits],
                "price": pc["billed"][row],
                "allowed": pc["allowed"][row],
                "deductible": pc["deductible"][row],
                "coinsurance": pc["coinsurance"][row],
                "copay": pc["copay"][row],
                "cap_saving": pc["cap_saving"][row],
                "patient": pc["patient"][row],
                "insurer": pc["insurer"][row],
                "assistance": pc["assistance"][row],
                "write_off": pc["write_off"][row],
                "plan_year": [
                    plan_year_index(v.date, ins.plan_year_start_month) for v in self.visits
                ],
                "deductible_met": pc["deductible_met"][row].astype(bool),
                "oop_max_reached": pc["oop_max_reached"][row].astype(bool),
                "programme_cap_reached": pc["programme_cap_reached"][row].astype(bool),
            }
        )
        first_year = frame["plan_year"].iloc[0]
        frame["plan_year"] = frame["plan_year"] - first_year + 1
        frame["time_and_travel"] = visit_cost(self.scenario) * (frame["component"] != "drug")
        frame["patient_after_tax"] = frame["patient"] * self.after_tax_factor
        return frame

    def cumulative(self) -> pd.DataFrame:
        """Cumulative out-of-pocket after each claim: bounds and, with draws, p10/p50/p90."""
        return self._cumulative.copy()

    @cached_property
    def _cumulative(self) -> pd.DataFrame:
        import pandas as pd

        patient = self.settlement.per_claim["patient"]
        cum = np.cumsum(patient, axis=1)
        frame = pd.DataFrame({"date": [v.date for v in self.visits]})
        for i, b in enumerate(BOUNDS):
            frame[b] = cum[i]
        if self.draws:
            for p, row in zip(PERCENTILES, self.draw_running, strict=True):
                frame[f"p{p}"] = row
        frame["week"] = [(v.date - self.visits[0].date).days / 7 for v in self.visits]
        return frame

    def monthly(self) -> pd.DataFrame:
        """Out-of-pocket per calendar month (bounds), with the month's visit count."""
        import pandas as pd

        patient = self.settlement.per_claim["patient"]
        months = [dt.date(v.date.year, v.date.month, 1) for v in self.visits]
        frame = pd.DataFrame(
            {"month": months, "visits": [int(v.component != "drug") for v in self.visits]}
        )
        for i, b in enumerate(BOUNDS):
            frame[b] = patient[i]
        frame["time_and_travel"] = visit_cost(self.scenario) * frame["visits"]
        return frame.groupby("month", as_index=False).sum()

    def by_component(self, bound: str = "mid") -> pd.DataFrame:
        """Who pays what for each component (intake, treatment, therapy) plus time and travel."""
        import pandas as pd

        row = BOUNDS.index(bound)
        bc = self.settlement.by_component
        rows = []
        for comp in self.components:
            rows.append(
                {
                    "component": comp,
                    **{payer: float(bc[f"{payer}:{comp}"][row]) for payer in COMPONENT_FIELDS},
                }
            )
        travel = self.time_and_travel
        rows.append(
            {
                "component": "time_and_travel",
                **{payer: travel if payer == "patient" else 0.0 for payer in COMPONENT_FIELDS},
            }
        )
        return pd.DataFrame(rows)

    def events(self) -> list[dict[str, Any]]:
        """Moments worth marking on a timeline, from the midpoint ledger: the first in-network
        claim of each plan year (calendar year for the programme) on which a flag is set, and
        each new plan year."""
        return [dict(e) for e in self._events]

    @cached_property
    def _events(self) -> list[dict[str, Any]]:
        row = BOUNDS.index("mid")
        flags = self.settlement.per_claim
        ins = self.scenario.insurance
        days = [v.date for v in self.visits]
        in_network = [coverage_of(self.scenario, v.component) == "in_network" for v in self.visits]
        plan_years = [plan_year_index(day, ins.plan_year_start_month) for day in days]
        periods = {  # a flag is reported once per period: plan year, or calendar year
            "deductible_met": ("Deductible met", plan_years),
            "oop_max_reached": ("Out-of-pocket maximum reached", plan_years),
            "programme_cap_reached": (
                "Manufacturer programme's yearly maximum used up",
                [day.year for day in days],
            ),
        }
        found: list[dict[str, Any]] = []
        for column, (label, period) in periods.items():
            seen: set[int] = set()
            for k in np.flatnonzero(flags[column][row] > 0):
                if in_network[k] and period[k] not in seen:
                    seen.add(period[k])
                    found.append({"date": days[k], "event": column, "label": label})
        first = plan_years[0]
        insured = ins.kind != "none"  # without insurance there is nothing to start again
        for i in range(1, len(days)):
            if insured and plan_years[i] != plan_years[i - 1]:
                number = plan_years[i] - first + 1
                # Marked on the plan year's own first day (the audit saw "reset on Jan 11",
                # the first bill of the year, read as the day the plan resets).
                begins = dt.date(days[i].year, ins.plan_year_start_month, 1)
                if begins > days[i]:
                    begins = dt.date(days[i].year - 1, ins.plan_year_start_month, 1)
                found.append(
                    {
                        "date": begins,
                        "event": "plan_year_reset",
                        "label": f"Plan year {number} begins: the deductible and out-of-pocket "
                        "maximum start again",
                    }
                )
        return sorted(found, key=lambda e: e["date"])


def check_draws(draws: int) -> None:
    """Refuse a draw count the engine will not hold (ScenarioError: one line, CLI exit 2)."""
    most = defaults.max_monte_carlo_draws()
    if not 0 <= draws <= most:
        raise ScenarioError("--draws", f"must be between 0 and {most:,}")


def estimate(scenario: Scenario, draws: int | None = None, seed: int | None = None) -> Estimate:
    """Settle a scenario at its low, mid and high prices and for `draws` Monte Carlo courses
    (defaults: defaults.monte_carlo_draws() and defaults.default_seed())."""
    n_draws = defaults.monte_carlo_draws() if draws is None else int(draws)
    check_draws(n_draws)
    n_seed = defaults.default_seed() if seed is None else seed
    course = claim_lines(scenario)
    periods = price_periods(scenario, last_day(course))
    _, claims = claims_for(scenario, course, periods)
    terms = terms_for(scenario, lines=course)
    prices = course_prices(periods, n_draws, n_seed)
    bounds = dataclasses.replace(claims, component_price=prices[: len(BOUNDS)])
    settlement = settle(bounds, terms, batch=len(BOUNDS), keep_claims=True)
    result = Estimate(scenario, course, settlement, n_draws, n_seed)
    if scenario.insurance.prior_authorization is not None:  # rule 13: never blended
        refused = terms_for(scenario, refused=True, lines=course)
        result.if_denied = settle(bounds, refused, batch=len(BOUNDS))
    if n_draws:
        courses = dataclasses.replace(claims, component_price=prices[len(BOUNDS) :])
        simulated = settle(  # the draws' totals; nobody reads them per component
            courses, terms, batch=n_draws, running_percentiles=PERCENTILES, by_component=False
        )
        result.draw_totals = simulated.totals
        assert simulated.running_patient is not None
        result.draw_running = simulated.running_patient
    return result


# ---------------------------------------------------------------------------------------------
# Many different scenarios in one batch.


def estimate_many(scenarios: Sequence[Scenario], bound: str = "mid") -> dict[str, np.ndarray]:
    """Totals (patient, insurer, ...) for many scenarios at one price bound, in one settle call
    (pricing.ledger.many.settle_many: each scenario keeps its own course, years and prices)."""
    return settle_many(scenarios, bound)


__all__ = [
    "BOUNDS",
    "Estimate",
    "check_draws",
    "component_prices",  # pricing.ledger.prices, here for callers that price a scenario
    "dated_price_rows",
    "estimate",
    "estimate_many",
    "price_rows",
    "stack_terms",
    "visits",
]
