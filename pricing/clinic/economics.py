"""Clinic economics: the result at today's prices, capacity, break-even and the price sweep.

Monthly profit = delivered sessions x margin - fixed costs, with delivered = booked x
(1 - no-show rate) (`delivered_sessions`, the one place no-shows are applied): a no-show costs no
direct cost and brings nothing, but its room slot is still lost for capacity.
Break-even = fixed costs / margin delivered sessions (booked: / (1 - no-show)); capacity = rooms x
hours x days x 60 / the mix's average room minutes, and the utilisation it needs is booked /
capacity. Nothing here imports streamlit or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pricing.clinic.routes import RouteComparison, compare_routes
from pricing.clinic.terms import (
    MINUTES_PER_HOUR,
    PAYER_LABELS,
    PAYERS,
    FloatArray,
    Terms,
    per_session,
    safe_div,
    terms,
)
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection, ScenarioError


def delivered_sessions(section: ClinicSection) -> float:
    """Sessions delivered in a month: the booked sessions less the no-shows."""
    return section.booked_sessions_per_month * (1 - section.no_show_rate)


@dataclass(frozen=True)
class ClinicResult:
    """The clinic's economics at its current prices and volume (`analyse`)."""

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
    def over_capacity(self) -> bool:
        """More sessions booked than the rooms can hold: the figures at that volume cannot
        happen (issue 20: 1,000,000 booked against a capacity of 302 showed a profit)."""
        cap = self.capacity_sessions_per_month
        return cap is not None and self.section.booked_sessions_per_month > cap

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
        by_payer = t.revenue_by_payer()
        rows = []
        for i, offering in enumerate(self.section.offerings):
            for j, payer in enumerate(PAYERS):
                revenue = float(by_payer[i, j])
                paid_by = "insurer" if t.covered[i, j] else "client"
                margin = revenue - float(t.direct_cost[i])
                rows.append(
                    {
                        "treatment": clinic_defaults.treatment_name(offering.modality),
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
        revenue = t.revenue_by_offering()
        margin = revenue - t.direct_cost
        offers = self.section.offerings
        return pd.DataFrame(
            {
                "treatment": [clinic_defaults.treatment_name(o.modality) for o in offers],
                "modality": [o.modality for o in offers],
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
            per_session_cost = tier.share * tier.discount * cash_list
            rows.append(
                {
                    "tier": f"{lower:g}-{tier.max_poverty_percent:g}% of poverty line",
                    "max_poverty_percent": tier.max_poverty_percent,
                    "discount": tier.discount,
                    "share_of_self_pay_clients": tier.share,
                    "share_of_sessions": tier.share * cash_share,
                    "margin_per_self_paid_session": mix_price * (1 - tier.discount) - mix_cost,
                    "margin_change_per_session": -per_session_cost,
                    "monthly_profit_change": -per_session_cost * self.delivered_sessions_per_month,
                }
            )
            lower = tier.max_poverty_percent
        return pd.DataFrame(rows)

    def spravato_routes(self) -> list[RouteComparison]:
        """Each Spravato offering on both routes (buy and bill, visit only), side by side."""
        return compare_routes(self.section, self.delivered_sessions_per_month)

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (money unrounded; the CLI rounds to cents). `spravato_routes`
        only when the clinic offers Spravato, so other clinics' output is unchanged."""
        routes = self.spravato_routes()
        extra = {"spravato_routes": [r.summary() for r in routes]} if routes else {}
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
            "over_capacity": self.over_capacity,
            "utilisation_to_break_even": self.utilisation_to_break_even,
            "sliding_scale_cost_per_session": self.sliding_scale_cost_per_session,
            "by_treatment": self.by_offering().to_dict(orient="records"),
            "by_treatment_and_payer": self.by_offering_and_payer().to_dict(orient="records"),
            "sliding_scale": self.sliding_tiers().to_dict(orient="records"),
            **extra,
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
    revenue, margin = per_session(t, t.self_pay_price[np.newaxis, :])
    margin_1 = float(margin[0])
    delivered = delivered_sessions(section)
    break_even = float(safe_div(section.fixed_costs_per_month, margin_1))
    return ClinicResult(
        section=section,
        terms=t,
        revenue_per_session=float(revenue[0]),
        direct_cost_per_session=float((t.share * t.direct_cost).sum()),
        margin_per_session=margin_1,
        delivered_sessions_per_month=delivered,
        monthly_profit=delivered * margin_1 - section.fixed_costs_per_month,
        break_even_sessions_per_month=break_even,
        break_even_booked_sessions_per_month=float(safe_div(break_even, 1 - section.no_show_rate)),
        capacity_sessions_per_month=capacity(section, t.room_minutes, t.share),
    )


def break_even_margin(section: ClinicSection) -> float:
    """The average margin per session that covers fixed costs at the booked volume."""
    return float(safe_div(section.fixed_costs_per_month, delivered_sessions(section)))


def price_grid(current: float | None = None, step: float | None = None) -> FloatArray:
    """Prices to sweep: clinic.yaml's sweep_low to sweep_high ($400-$1,500) by `step`
    (sweep_step, $25, unless given), stretched to include `current` when it lies outside."""
    low = float(clinic_defaults.start_value("sweep_low"))
    high = float(clinic_defaults.start_value("sweep_high"))
    if current is not None:
        low, high = min(low, current), max(high, current)
    by = float(clinic_defaults.start_value("sweep_step")) if step is None else step
    return np.arange(low, high + by / 2, by, dtype=np.float64)


def price_sweep(
    section: ClinicSection, offering_index: int = 0, prices: FloatArray | None = None
) -> pd.DataFrame:
    """Margin, profit and break-even as one treatment's self-pay price moves over `prices`
    (default: `price_grid()`).

    The package price moves in proportion, so its discount stays the same; insurer rates, the
    other treatments and the booked volume stay put (there is no demand model here: reach shows
    who can afford each price).
    """
    if not 0 <= offering_index < len(section.offerings):
        raise ScenarioError("offering", f"no treatment number {offering_index + 1}")
    grid = price_grid() if prices is None else np.asarray(prices, dtype=np.float64)
    t = terms(section)
    base = t.list_price[offering_index]
    blend = t.self_pay_price[offering_index] / base if base > 0 else 1.0
    matrix = np.broadcast_to(t.self_pay_price, (grid.size, t.share.size)).copy()
    matrix[:, offering_index] = grid * blend
    revenue, margin = per_session(t, matrix)
    delivered = delivered_sessions(section)
    return pd.DataFrame(
        {
            "price": grid,
            "revenue_per_session": revenue,
            "margin_per_session": margin,
            "monthly_profit": delivered * margin - section.fixed_costs_per_month,
            "break_even_sessions_per_month": safe_div(section.fixed_costs_per_month, margin),
        }
    )


def first_profitable_price(sweep: pd.DataFrame) -> float | None:
    """The lowest swept price at which the month's profit is not negative (None: none is)."""
    positive = sweep[sweep["monthly_profit"] >= 0]
    return None if positive.empty else float(positive["price"].iloc[0])


def thinnest_margin(by_payer: pd.DataFrame) -> dict[str, Any] | None:
    """The (treatment, payer) pair with the lowest margin per session among those with sessions."""
    active = by_payer[by_payer["share_of_sessions"] > 0]
    if active.empty:
        return None
    worst = active.sort_values("margin_per_session").iloc[0]
    return {
        "treatment": str(worst["treatment"]),
        "payer": str(worst["payer"]),
        "margin_per_session": float(worst["margin_per_session"]),
    }
