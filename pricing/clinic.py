"""Clinic economics: revenue and contribution margin per session and per course, monthly profit,
break-even volume against capacity, a price sweep, the sliding scale's cost, and reach.

The model, per delivered session (every number the manager sets is in `ClinicSection`):
- a self-paid session brings the blended self-pay price (single sessions and prepaid packages,
  by package uptake) less the sliding-scale discount, averaged over the tiers' client shares;
- a session billed to an insurer brings its allowed amount less the claim denial rate (a denied
  claim is written off). A payer that does not cover a treatment (insurance.yaml coverage rules,
  unless the offering names an allowed amount for it) leaves its clients paying cash;
- the direct cost is drug + supplies + other + staff minutes at hourly rates; a no-show costs no
  direct cost and brings nothing (its room slot is still lost for capacity).
Monthly profit = delivered sessions x margin - fixed costs, with delivered = booked x (1 - no-show).
Break-even = fixed costs / margin delivered sessions (booked: / (1 - no-show)); capacity = rooms x
hours x days x 60 / the mix's average room minutes, and the utilisation it needs is booked / capacity.

Every figure is linear in the self-pay prices, so the price sweep is one numpy expression over a
(prices x offerings) matrix. Nothing here imports streamlit or plotly.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import yaml
from numpy.typing import NDArray
from pydantic import ValidationError

from pricing import defaults, equity
from pricing.defaults import clinic as clinic_defaults
from pricing.ledger import settle
from pricing.report import money, rounded
from pricing.scenario import (
    ClinicSection,
    Offering,
    ScenarioError,
    first_error,
    load_file,
    offering_defaults,
)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

PAYERS = ("self_pay", "commercial", "medicare", "medicaid")
INSURERS = PAYERS[1:]
PAYER_LABELS = {
    "self_pay": "Self-pay",
    "commercial": "Commercial",
    "medicare": "Medicare",
    "medicaid": "Medicaid",
}
ROLES = ("rn", "prescriber", "therapist")
MINUTES_PER_HOUR = 60


# ---------------------------------------------------------------------------------------------
# Defaults from pricing/defaults/clinic.yaml, modalities.yaml and courses.yaml.


start_value = clinic_defaults.start_value
default_hourly_rates = clinic_defaults.hourly_rates
spravato_drug_cost = clinic_defaults.spravato_drug_cost
spravato_medicare_rate = clinic_defaults.spravato_medicare_rate
_payer_ratio = clinic_defaults.payer_ratio


def default_allowed(offering: Offering, payer: str) -> float | None:
    """What `payer` pays per session of this offering, or None when it does not cover it."""
    given = getattr(offering.allowed, payer)
    if given is not None:
        return float(given)
    rule = defaults.coverage(offering.modality, payer)["treatment"]
    if rule != "in_network":
        return None
    if offering.modality == "spravato":
        medicare = spravato_medicare_rate()
        ratio = {"medicare": 1.0, "commercial": _payer_ratio("commercial_to_medicare")}
        return medicare * ratio.get(payer, _payer_ratio("medicaid_to_medicare"))
    share = clinic_defaults.allowed_share()
    return float(offering.price * share)


# ---------------------------------------------------------------------------------------------
# Per-offering terms as arrays.


@dataclass(frozen=True)
class Terms:
    """Per-offering arrays (n offerings) and per-(offering, payer) arrays (n x 4)."""

    share: FloatArray
    list_price: FloatArray
    self_pay_price: FloatArray  # blended single-session and package price, before the scale
    direct_cost: FloatArray
    room_minutes: FloatArray
    course_sessions: FloatArray
    covered: NDArray[np.bool_]  # (n, 4): the payer pays for this treatment
    insurer_rate: FloatArray  # (n, 4): allowed amount after denials (0 where not covered)
    payer_share: FloatArray  # (4,)
    sliding_factor: float  # average share of the self-pay price kept after the sliding scale

    @property
    def self_pay_weight(self) -> FloatArray:
        """Share of each offering's sessions paid in cash (self-pay and uncovered clients)."""
        return np.asarray((~self.covered * self.payer_share).sum(axis=1), dtype=np.float64)

    @property
    def insured_revenue(self) -> FloatArray:
        """Expected insurer revenue per session of each offering (covered payers only)."""
        return np.asarray((self.insurer_rate * self.payer_share).sum(axis=1), dtype=np.float64)


def hourly_rates(section: ClinicSection) -> dict[str, float]:
    rates = default_hourly_rates()
    for role, rate in section.hourly_rates.items():
        rates[str(role)] = rate
    return rates


def direct_cost(offering: Offering, rates: dict[str, float]) -> float:
    """Drug + supplies + other + staff minutes at hourly rates, for one delivered session."""
    cost = offering.direct_cost
    staff = sum(
        minutes / MINUTES_PER_HOUR * rates[role] for role, minutes in cost.staff_minutes.items()
    )
    return cost.drug + cost.supplies + cost.other + staff


def blended_self_pay_price(offering: Offering) -> float:
    """Average cash revenue per session before the sliding scale: singles and packages."""
    package = offering.package
    if package is None:
        return offering.price
    per_session = package.price / package.sessions
    return (1 - package.uptake) * offering.price + package.uptake * per_session


def terms(section: ClinicSection) -> Terms:
    rates = hourly_rates(section)
    offers = section.offerings
    covered = np.zeros((len(offers), len(PAYERS)), dtype=bool)
    insurer_rate = np.zeros((len(offers), len(PAYERS)))
    for i, offering in enumerate(offers):
        for j, payer in enumerate(PAYERS):
            if payer == "self_pay":
                continue
            allowed = default_allowed(offering, payer)
            if allowed is not None:
                covered[i, j] = True
                insurer_rate[i, j] = allowed * (1 - section.claim_denial_rate)
    mix = section.payer_mix
    return Terms(
        share=np.array([o.share for o in offers]),
        list_price=np.array([o.price for o in offers]),
        self_pay_price=np.array([blended_self_pay_price(o) for o in offers]),
        direct_cost=np.array([direct_cost(o, rates) for o in offers]),
        room_minutes=np.array([o.session_minutes for o in offers]),
        course_sessions=np.array([float(o.course_sessions) for o in offers]),
        covered=covered,
        insurer_rate=insurer_rate,
        payer_share=np.array([getattr(mix, p) for p in PAYERS]),
        sliding_factor=1 - sum(t.share * t.discount for t in section.sliding_scale),
    )


def _per_session(t: Terms, self_pay_price: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Revenue and margin per delivered session for rows of self-pay prices, (P, n) -> (P,)."""
    cash = (self_pay_price * (t.share * t.self_pay_weight * t.sliding_factor)).sum(axis=-1)
    revenue = cash + float((t.share * t.insured_revenue).sum())
    margin = revenue - float((t.share * t.direct_cost).sum())
    return np.asarray(revenue, dtype=np.float64), np.asarray(margin, dtype=np.float64)


def _safe_div(num: FloatArray | float, den: FloatArray | float) -> FloatArray:
    """num / den, with inf where den <= 0 (no volume breaks even at a non-positive margin)."""
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num_a, den_a).shape, np.inf)
    np.divide(num_a, den_a, out=out, where=den_a > 0)
    return out


# ---------------------------------------------------------------------------------------------
# The result.


@dataclass(frozen=True)
class ClinicResult:
    section: ClinicSection
    terms: Terms
    revenue_per_session: float
    direct_cost_per_session: float
    margin_per_session: float
    delivered_sessions_per_month: float
    monthly_profit: float
    break_even_sessions_per_month: float  # delivered; inf when the margin is not positive
    break_even_booked_sessions_per_month: float
    capacity_sessions_per_month: float | None

    @property
    def monthly_revenue(self) -> float:
        return self.delivered_sessions_per_month * self.revenue_per_session

    @property
    def monthly_direct_costs(self) -> float:
        return self.delivered_sessions_per_month * self.direct_cost_per_session

    @property
    def utilisation_at_booked(self) -> float | None:
        cap = self.capacity_sessions_per_month
        return None if not cap else self.section.booked_sessions_per_month / cap

    @property
    def utilisation_to_break_even(self) -> float | None:
        cap = self.capacity_sessions_per_month
        return None if not cap else self.break_even_booked_sessions_per_month / cap

    @property
    def sliding_scale_cost_per_session(self) -> float:
        """Revenue (= margin) the sliding scale gives up per delivered session, mix-averaged."""
        t = self.terms
        cash_list = float((t.share * t.self_pay_weight * t.self_pay_price).sum())
        return cash_list * (1 - t.sliding_factor)

    @property
    def sliding_scale_cost_per_month(self) -> float:
        return self.sliding_scale_cost_per_session * self.delivered_sessions_per_month

    def by_offering_and_payer(self) -> pd.DataFrame:
        """Revenue and margin per session and per course for each treatment and payer."""
        t = self.terms
        rows = []
        for i, offering in enumerate(self.section.offerings):
            for j, payer in enumerate(PAYERS):
                if t.covered[i, j]:
                    revenue = float(t.insurer_rate[i, j])
                    paid_by = "insurer"
                else:
                    revenue = float(t.self_pay_price[i] * t.sliding_factor)
                    paid_by = "client"
                margin = revenue - float(t.direct_cost[i])
                rows.append(
                    {
                        "treatment": defaults.modality(offering.modality)["short"],
                        "modality": offering.modality,
                        "payer": PAYER_LABELS[payer],
                        "paid_by": paid_by,
                        "share_of_sessions": float(t.share[i] * t.payer_share[j]),
                        "revenue_per_session": revenue,
                        "direct_cost_per_session": float(t.direct_cost[i]),
                        "margin_per_session": margin,
                        "course_sessions": int(t.course_sessions[i]),
                        "revenue_per_course": revenue * t.course_sessions[i],
                        "margin_per_course": margin * t.course_sessions[i],
                    }
                )
        return pd.DataFrame(rows)

    def by_offering(self) -> pd.DataFrame:
        """Per treatment, averaged over the payer mix."""
        t = self.terms
        revenue = t.self_pay_weight * t.self_pay_price * t.sliding_factor + t.insured_revenue
        margin = revenue - t.direct_cost
        return pd.DataFrame(
            {
                "treatment": [
                    defaults.modality(o.modality)["short"] for o in self.section.offerings
                ],
                "modality": [o.modality for o in self.section.offerings],
                "share": t.share,
                "self_pay_price": t.list_price,
                "revenue_per_session": revenue,
                "direct_cost_per_session": t.direct_cost,
                "margin_per_session": margin,
                "room_minutes": t.room_minutes,
                "course_sessions": t.course_sessions.astype(int),
                "revenue_per_course": revenue * t.course_sessions,
                "margin_per_course": margin * t.course_sessions,
            }
        )

    def sliding_tiers(self) -> pd.DataFrame:
        """Each tier's effect: margin on a self-paid session in the tier, and what it costs."""
        t = self.terms
        cash_list = float((t.share * t.self_pay_weight * t.self_pay_price).sum())
        cash_share = float((t.share * t.self_pay_weight).sum())
        # Margin of a cash session at the tier's discount, averaged over the sessions that are
        # paid in cash (weighting by every session would mix in insurer-paid treatments).
        cash_weight = t.share * t.self_pay_weight
        if cash_share > 0:
            mix_price = float((cash_weight * t.self_pay_price).sum()) / cash_share
            mix_cost = float((cash_weight * t.direct_cost).sum()) / cash_share
        else:
            mix_price = mix_cost = 0.0
        rows = []
        lower = 0.0
        for tier in self.section.sliding_scale:
            per_session = tier.share * tier.discount * cash_list
            rows.append(
                {
                    "tier": f"{lower:g}-{tier.max_poverty_percent:g}% of poverty line",
                    "max_poverty_percent": tier.max_poverty_percent,
                    "discount": tier.discount,
                    "share_of_self_pay_clients": tier.share,
                    "share_of_sessions": tier.share * cash_share,
                    "margin_per_self_paid_session": mix_price * (1 - tier.discount) - mix_cost,
                    "margin_change_per_session": -per_session,
                    "monthly_profit_change": -per_session * self.delivered_sessions_per_month,
                }
            )
            lower = tier.max_poverty_percent
        return pd.DataFrame(rows)

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (money unrounded; the CLI rounds to cents)."""
        return {
            "revenue_per_session": self.revenue_per_session,
            "direct_cost_per_session": self.direct_cost_per_session,
            "margin_per_session": self.margin_per_session,
            "booked_sessions_per_month": self.section.booked_sessions_per_month,
            "delivered_sessions_per_month": self.delivered_sessions_per_month,
            "monthly_revenue": self.monthly_revenue,
            "monthly_direct_costs": self.monthly_direct_costs,
            "fixed_costs_per_month": self.section.fixed_costs_per_month,
            "monthly_profit": self.monthly_profit,
            "break_even_sessions_per_month": self.break_even_sessions_per_month,
            "break_even_booked_sessions_per_month": self.break_even_booked_sessions_per_month,
            "capacity_sessions_per_month": self.capacity_sessions_per_month,
            "utilisation_at_booked": self.utilisation_at_booked,
            "utilisation_to_break_even": self.utilisation_to_break_even,
            "sliding_scale_cost_per_session": self.sliding_scale_cost_per_session,
            "by_treatment": self.by_offering().to_dict(orient="records"),
            "by_treatment_and_payer": self.by_offering_and_payer().to_dict(orient="records"),
            "sliding_scale": self.sliding_tiers().to_dict(orient="records"),
        }


def capacity(section: ClinicSection, room_minutes: FloatArray, share: FloatArray) -> float | None:
    """Sessions the rooms can hold in a month, or None without rooms and hours (or rooms unused)."""
    if section.rooms is None or section.hours_per_day is None:
        return None
    minutes_per_session = float((share * room_minutes).sum())
    if minutes_per_session <= 0:
        return None
    open_minutes = section.rooms * section.hours_per_day * MINUTES_PER_HOUR * section.days_per_month
    return open_minutes / minutes_per_session


def analyse(section: ClinicSection) -> ClinicResult:
    """The clinic's economics at its current prices and volume."""
    t = terms(section)
    revenue, margin = _per_session(t, t.self_pay_price[np.newaxis, :])
    margin_1 = float(margin[0])
    delivered = section.booked_sessions_per_month * (1 - section.no_show_rate)
    break_even = float(_safe_div(section.fixed_costs_per_month, margin_1))
    kept = 1 - section.no_show_rate
    return ClinicResult(
        section=section,
        terms=t,
        revenue_per_session=float(revenue[0]),
        direct_cost_per_session=float((t.share * t.direct_cost).sum()),
        margin_per_session=margin_1,
        delivered_sessions_per_month=delivered,
        monthly_profit=delivered * margin_1 - section.fixed_costs_per_month,
        break_even_sessions_per_month=break_even,
        break_even_booked_sessions_per_month=float(_safe_div(break_even, kept)),
        capacity_sessions_per_month=capacity(section, t.room_minutes, t.share),
    )


def sweep_prices(low: float | None = None, high: float | None = None) -> FloatArray:
    """The price grid of the sweep ($400-$1,500 by default, clinic.yaml)."""
    lo = start_value("sweep_low") if low is None else low
    hi = start_value("sweep_high") if high is None else high
    step = start_value("sweep_step")
    return np.arange(lo, hi + step / 2, step, dtype=np.float64)


def price_sweep(
    section: ClinicSection, offering_index: int = 0, prices: FloatArray | None = None
) -> pd.DataFrame:
    """Margin, profit and break-even as one treatment's self-pay price moves over `prices`.

    The package price moves in proportion, so its discount stays the same; insurer rates, the
    other treatments and the booked volume stay put (there is no demand model here: reach shows
    who can afford each price).
    """
    if not 0 <= offering_index < len(section.offerings):
        raise ScenarioError("offering", f"no treatment number {offering_index + 1}")
    grid = sweep_prices() if prices is None else np.asarray(prices, dtype=np.float64)
    t = terms(section)
    base = t.list_price[offering_index]
    blend = t.self_pay_price[offering_index] / base if base > 0 else 1.0
    matrix = np.broadcast_to(t.self_pay_price, (grid.size, t.share.size)).copy()
    matrix[:, offering_index] = grid * blend
    revenue, margin = _per_session(t, matrix)
    delivered = section.booked_sessions_per_month * (1 - section.no_show_rate)
    break_even = _safe_div(section.fixed_costs_per_month, margin)
    return pd.DataFrame(
        {
            "price": grid,
            "revenue_per_session": revenue,
            "margin_per_session": margin,
            "monthly_profit": delivered * margin - section.fixed_costs_per_month,
            "break_even_sessions_per_month": break_even,
        }
    )


# ---------------------------------------------------------------------------------------------
# The page's widgets: starting values, and a section from what was typed (percentages in).


def sweep_grid_for(price: float) -> FloatArray:
    """The sweep's price grid ($400-$1,500), stretched to include the current price."""
    return sweep_prices(min(start_value("sweep_low"), price), max(start_value("sweep_high"), price))


def reach_grid_for(price: float) -> FloatArray:
    """A coarser grid for the reach sweep (each price settles the whole market)."""
    lo = min(start_value("sweep_low"), price)
    hi = max(start_value("sweep_high"), price)
    step = start_value("reach_price_step")
    return np.arange(lo, hi + step / 2, step, dtype=np.float64)


def allowed_start(modality: str) -> dict[str, float | None]:
    """Default allowed amount per insurer for a treatment (None: that insurer does not cover it)."""
    probe = Offering.model_validate({"modality": modality, "share": 1})
    return {payer: default_allowed(probe, payer) for payer in INSURERS}


def offering_start(modality: str, count: int) -> dict[str, Any]:
    """Starting widget values for one of `count` offered treatments."""
    base = offering_defaults(modality)
    cost = base["direct_cost"]
    sessions = start_value("package_sessions")
    price = base["price"]
    return {
        "share_percent": 100 / count,
        "price": price,
        "package": False,
        "package_sessions": sessions,
        "package_price": price * sessions * (1 - start_value("package_discount")),
        "package_uptake_percent": 100 * start_value("package_uptake"),
        "drug": cost["drug"],
        "supplies": cost["supplies"],
        **{f"{role}_minutes": cost["staff_minutes"][role] for role in ROLES},
        "session_minutes": base["session_minutes"],
        "course_sessions": base["course_sessions"],
        "allowed": allowed_start(modality),
    }


def form_start() -> dict[str, Any]:
    """Starting widget values that do not depend on the treatments chosen."""
    tiers = start_value("sliding_scale")
    return {
        "fixed_costs_per_month": start_value("fixed_costs_per_month"),
        "booked_sessions_per_month": start_value("booked_sessions_per_month"),
        "no_show_percent": 100 * start_value("no_show_rate"),
        "denial_percent": 100 * start_value("claim_denial_rate"),
        "rooms": start_value("rooms"),
        "hours_per_day": start_value("hours_per_day"),
        "days_per_month": start_value("days_per_month"),
        "payer_percent": {k: 100 * v for k, v in start_value("payer_mix").items()},
        "tiers": [
            {
                "max_poverty_percent": t["max_poverty_percent"],
                "discount_percent": 100 * t["discount"],
                "share_percent": 100 * t["share"],
            }
            for t in tiers
        ],
        "hourly_rates": default_hourly_rates(),
        "minimum_margin": start_value("minimum_margin"),
        "reach_households": start_value("reach_households"),
        "income_percent": [100 * b[2] for b in income_brackets()],
    }


def section_from_form(form: dict[str, Any]) -> ClinicSection:
    """A ClinicSection from the page's widget values (percentages become shares)."""
    offerings = []
    for o in form["offerings"]:
        offering: dict[str, Any] = {
            "modality": o["modality"],
            "share": o["share_percent"] / 100,
            "price": o["price"],
            "direct_cost": {
                "drug": o["drug"],
                "supplies": o["supplies"],
                "staff_minutes": {role: o[f"{role}_minutes"] for role in ROLES},
            },
            "session_minutes": o["session_minutes"],
            "course_sessions": o["course_sessions"],
            "allowed": {k: v for k, v in o.get("allowed", {}).items() if v is not None},
        }
        if o.get("package"):
            offering["package"] = {
                "sessions": o["package_sessions"],
                "price": o["package_price"],
                "uptake": o["package_uptake_percent"] / 100,
            }
        offerings.append(offering)
    return section_from_dict(
        {
            "fixed_costs_per_month": form["fixed_costs_per_month"],
            "booked_sessions_per_month": form["booked_sessions_per_month"],
            "no_show_rate": form["no_show_percent"] / 100,
            "claim_denial_rate": form["denial_percent"] / 100,
            "offerings": offerings,
            "payer_mix": {k: v / 100 for k, v in form["payer_percent"].items()},
            "sliding_scale": [
                {
                    "max_poverty_percent": t["max_poverty_percent"],
                    "discount": t["discount_percent"] / 100,
                    "share": t["share_percent"] / 100,
                }
                for t in form["tiers"]
            ],
            "hourly_rates": form["hourly_rates"],
            "rooms": form["rooms"],
            "hours_per_day": form["hours_per_day"],
            "days_per_month": form["days_per_month"],
        }
    )


def income_shares_from_form(percent: list[float]) -> tuple[float, ...]:
    """The market's income bracket shares (percent in); checked by the equity mix."""
    shares = tuple(p / 100 for p in percent)
    equity.PopulationMix.default().with_changes(income_shares=list(shares))  # raises if bad
    return shares


def scenario_yaml(section: ClinicSection, modality: str) -> str:
    """A scenario file holding this clinic section, for `python -m pricing clinic FILE`."""
    data = {"version": 1, "modality": modality, "clinic": section.model_dump(mode="json")}
    return yaml.safe_dump(data, sort_keys=False, width=100)


# ---------------------------------------------------------------------------------------------
# Building a section from the page's widgets (percentages in, shares out).


def section_from_dict(data: dict[str, Any]) -> ClinicSection:
    """A validated ClinicSection; errors are one-line ScenarioErrors naming `clinic.<field>`."""

    try:
        return ClinicSection.model_validate(data)
    except ValidationError as err:
        found = first_error(err)
        field = found.field if found.field.startswith("clinic") else f"clinic.{found.field}"
        raise ScenarioError(field.rstrip("."), found.problem) from None


# ---------------------------------------------------------------------------------------------
# The command line: `python -m pricing clinic FILE.yaml [--json]`.


def _readable(summary: dict[str, Any]) -> str:
    def count(x: float | None) -> str:
        return "n/a" if x is None or not math.isfinite(x) else f"{x:,.1f}"

    def share(x: float | None) -> str:
        return "n/a" if x is None or not math.isfinite(x) else f"{x:.0%}"

    lines = [
        f"Revenue per session:        {money(summary['revenue_per_session'])}",
        f"Direct cost per session:    {money(summary['direct_cost_per_session'])}",
        f"Margin per session:         {money(summary['margin_per_session'])}",
        f"Delivered sessions / month: {count(summary['delivered_sessions_per_month'])}",
        f"Monthly profit:             {money(summary['monthly_profit'])}",
        f"Break-even sessions / month: {count(summary['break_even_sessions_per_month'])} delivered"
        f" ({count(summary['break_even_booked_sessions_per_month'])} booked)",
        f"Capacity / month:           {count(summary['capacity_sessions_per_month'])}"
        f" (break-even needs {share(summary['utilisation_to_break_even'])} of it)",
    ]
    reach = summary.get("reach_detail")
    if isinstance(reach, dict) and reach.get("share") is not None:
        lines.append(
            f"Reach: {reach['share']:.1%} of households can afford a course "
            f"(under {reach['threshold']:.0%} of income)"
        )
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> str:
    scenario = load_file(args.file)
    if scenario.clinic is None:
        raise ScenarioError("clinic", "missing; add a clinic: section with at least offerings")
    result = analyse(scenario.clinic)
    summary: dict[str, Any] = {"name": scenario.name, **result.summary()}
    detail = reach_summary(
        scenario.clinic, args.households, args.seed, equity_section=scenario.equity
    )
    # The contract's `reach` is a share of households; how it was measured sits beside it.
    summary["reach"] = detail["share"]
    summary["reach_detail"] = detail
    if args.json:
        return json.dumps(rounded(summary), indent=2)
    return _readable(summary)


# ---------------------------------------------------------------------------------------------
# Reach: the population model of pricing/equity.py (issue 4), settled through the one ledger.
#
# A household in the clinic's market can afford a course when what it pays out of pocket for the
# treatment's induction course (at the clinic's price, after the clinic's sliding scale, through
# the household's own insurance) stays under the affordability threshold. A client buys the
# cheaper of a single session and a package session. Intake and therapy keep their default prices.

REACH_COURSE = "induction"


def market(
    households: int, seed: int, income_shares: tuple[float, ...] | None = None
) -> equity.Population:
    """The clinic's market: the equity population, with a local income distribution if given."""
    mix = equity.PopulationMix.default()
    if income_shares is not None:
        mix = mix.with_changes(income_shares=list(income_shares))
    return equity.make_population(households, seed, mix)


def income_brackets() -> list[tuple[float, float, float]]:
    """The population's income brackets (low, high, US share) for the page's editor."""
    return [tuple(b) for b in equity.PopulationMix.default().income_brackets]  # type: ignore[misc]


def client_price_factor(offering: Offering) -> float:
    """What a client pays per session as a share of the list price (a package if cheaper)."""
    package = offering.package
    if package is None or offering.price <= 0:
        return 1.0
    return min(1.0, package.price / package.sessions / offering.price)


def _affordable_at(
    population: equity.Population,
    modality: str,
    client_price: FloatArray,
    scale: equity.SlidingScale | None,
    threshold: equity.Threshold,
) -> BoolArray:
    """Whether each household can afford the course at its own per-session price (one settle)."""
    built = equity.course_claims(modality, REACH_COURSE)
    intake, _, therapy = built.prices
    n = population.n
    per_component = np.stack([np.full(n, intake), client_price, np.full(n, therapy)], axis=1)
    claims = dataclasses.replace(built.claims, price=per_component[:, built.claims.component[0]])
    terms_ = equity.household_terms(population, modality, None, scale)
    oop = settle(claims, terms_, batch=n).totals["patient"]
    return np.asarray(equity.affordable_for(population, oop, threshold), dtype=bool)


def _programme_households(population: equity.Population, modality: str) -> BoolArray:
    """Households a manufacturer copay programme can help with this treatment.

    For them out-of-pocket can fall as the price rises (a dearer session reaches the plan's
    out-of-pocket maximum sooner while the programme pays nearly all of it), so their
    affordability is not monotone in price and is evaluated at every price.
    """
    programme = defaults.manufacturer_programme(modality)
    if programme is None:
        return np.zeros(population.n, dtype=bool)
    kinds = [equity.KIND_CODE[k] for k in programme["eligible_kinds"]]
    return np.asarray(np.isin(population.kind, kinds), dtype=bool)


def reach_curve(
    population: equity.Population,
    modality: str,
    client_prices: FloatArray,
    tiers: tuple[tuple[float, float], ...],
    threshold: equity.Threshold,
) -> FloatArray:
    """Share of households that can afford the course at each price a client pays per session.

    Where a household's out-of-pocket never falls as the price rises (everyone but the
    manufacturer programme's households, see _programme_households), it can afford the course
    at the cheapest k of the sorted prices, and k is found by a binary search run for all those
    households at once: about log2(P) ledger calls over the households still undecided instead
    of one per price. Programme households are settled at every price in one call (households x
    prices). `tiers` are the sliding scale's (max % of poverty guideline, discount) pairs.
    """
    prices = np.asarray(client_prices, dtype=np.float64)
    order = np.argsort(prices, kind="stable")
    grid = prices[order]
    scale = equity.SlidingScale(tiers) if tiers else None
    n, p = population.n, grid.size
    affordable_count = np.zeros(p)

    every_price = np.flatnonzero(_programme_households(population, modality))
    if every_price.size:
        m = every_price.size
        tiled = population.rows(np.tile(every_price, p))
        ok = _affordable_at(tiled, modality, np.repeat(grid, m), scale, threshold)
        affordable_count += ok.reshape(p, m).sum(axis=1)

    searched = np.setdiff1d(np.arange(n), every_price, assume_unique=True)
    low = np.zeros(searched.size, dtype=np.int64)  # affordable at the first `low` prices
    high = np.full(searched.size, p, dtype=np.int64)  # and at none beyond the first `high`
    while True:
        active = np.flatnonzero(low < high)
        if active.size == 0:
            break
        mid = (low[active] + high[active] + 1) // 2  # test the mid-th cheapest price
        ok = _affordable_at(
            population.rows(searched[active]), modality, grid[mid - 1], scale, threshold
        )
        low[active] = np.where(ok, mid, low[active])
        high[active] = np.where(ok, high[active], mid - 1)
    affordable_count += (low[np.newaxis, :] > np.arange(p)[:, np.newaxis]).sum(axis=1)

    out = np.empty(p)
    out[order] = affordable_count / n
    return out


def tiers_of(section: ClinicSection) -> tuple[tuple[float, float], ...]:
    return tuple((t.max_poverty_percent, t.discount) for t in section.sliding_scale)


def reach_at_prices(
    section: ClinicSection,
    population: equity.Population,
    offering_index: int,
    prices: FloatArray,
    threshold: equity.Threshold,
) -> FloatArray:
    """Reach of one treatment's course at each list price (a package applies when cheaper)."""
    offering = section.offerings[offering_index]
    client = np.asarray(prices, dtype=np.float64) * client_price_factor(offering)
    return reach_curve(population, offering.modality, client, tiers_of(section), threshold)


def reach_by_offering(
    section: ClinicSection, population: equity.Population, threshold: equity.Threshold
) -> pd.DataFrame:
    """Reach of each treatment's course at the clinic's current prices."""
    rows = []
    for i, offering in enumerate(section.offerings):
        share = reach_at_prices(section, population, i, np.array([offering.price]), threshold)
        rows.append(
            {
                "treatment": defaults.modality(offering.modality)["short"],
                "modality": offering.modality,
                "share_of_sessions": offering.share,
                "price_paid_per_session": offering.price * client_price_factor(offering),
                "course_sessions": equity.course_claims(offering.modality, REACH_COURSE).sessions,
                "reach": float(share[0]),
            }
        )
    return pd.DataFrame(rows)


def overall_reach(by_offering: pd.DataFrame) -> float:
    """Reach averaged over the treatment mix (weights: each treatment's share of sessions)."""
    return float((by_offering["reach"] * by_offering["share_of_sessions"]).sum())


def margin_and_reach(
    section: ClinicSection,
    population: equity.Population,
    threshold: equity.Threshold,
    offering_index: int = 0,
    prices: FloatArray | None = None,
) -> pd.DataFrame:
    """The price sweep with the reach of the swept treatment's course at each price."""
    sweep = price_sweep(section, offering_index, prices)
    sweep["reach"] = reach_at_prices(
        section, population, offering_index, sweep["price"].to_numpy(), threshold
    )
    return sweep


def break_even_margin(section: ClinicSection) -> float:
    """The average margin per session that covers fixed costs at the booked volume."""
    delivered = section.booked_sessions_per_month * (1 - section.no_show_rate)
    return float(_safe_div(section.fixed_costs_per_month, delivered))


def best_price_for_reach(sweep: pd.DataFrame, minimum_margin: float) -> dict[str, float] | None:
    """The price with the widest reach whose margin per session is at least `minimum_margin`
    (the lowest such price on a tie); None when no price in the sweep earns that margin."""
    ok = sweep[sweep["margin_per_session"] >= minimum_margin]
    if ok.empty:
        return None
    best = ok.sort_values(["reach", "price"], ascending=[False, True]).iloc[0]
    return {k: float(best[k]) for k in ("price", "reach", "margin_per_session", "monthly_profit")}


def reach_summary(
    section: ClinicSection,
    households: int | None = None,
    seed: int | None = None,
    equity_section: Any | None = None,
) -> dict[str, Any]:
    """Reach for the CLI; the market comes from the scenario's `equity:` section when it has one."""
    run = equity.run_settings(equity_section, households)
    population = equity.make_population(run.households, run.seed if seed is None else seed, run.mix)
    table = reach_by_offering(section, population, run.threshold)
    return {
        "share": overall_reach(table),
        "threshold": run.threshold.share,
        "threshold_rule": run.threshold.rule,
        "course": REACH_COURSE,
        "households": run.households,
        "by_treatment": table.to_dict(orient="records"),
    }
