"""The price card: what to charge for each treatment (issue 14 item 7, "what should I charge").

For one treatment, everything else held as the manager entered it (volume, no-shows, fixed
costs, direct costs, payer mix, sliding scale, the other treatments' prices):
- the break-even price: the single-session self-pay price at which the month's profit is zero;
- the target price: the one at which profit is `target_margin` of revenue (an operating margin,
  after direct and fixed costs; break-even is the 0% case);
- a package price that keeps that margin: the treatment's prepaid series at the same discount as
  today (its sessions and price scaled with the single price), or, without one, the course the
  clinic sells (`course_sessions`) at the target price, no discount.
The price moves as on the profit chart (pricing.clinic.economics.price_sweep: a package keeps
its discount, insurers' rates stay put), so the break-even price is where that chart crosses zero.
Revenue per delivered session is linear in the price, R(p) = R(0) + b p (pricing.clinic.terms
.per_session), so each price solves R(p) (1 - m) = direct cost + fixed costs / delivered
sessions exactly. Nothing here imports streamlit or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pricing.clinic.economics import delivered_sessions
from pricing.clinic.terms import per_session, terms
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection


@dataclass(frozen=True)
class PriceCard:
    """One treatment's prices; a price is None when it cannot move profit (no self-paid
    sessions of it, or no sessions delivered). 0 means any price reaches the margin."""

    offering_index: int
    treatment: str
    modality: str
    current_price: float
    target_margin: float
    break_even_price: float | None
    target_price: float | None
    package_sessions: int
    package_price: float | None
    package_is_current: bool  # True: the treatment's own series, at today's discount
    assumes: dict[str, Any]  # the volume and costs every price above holds fixed

    @property
    def package_price_per_session(self) -> float | None:
        return None if self.package_price is None else self.package_price / self.package_sessions

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON for this treatment (money unrounded)."""
        return {
            "offering": self.offering_index + 1,
            "treatment": self.treatment,
            "modality": self.modality,
            "current_price": self.current_price,
            "break_even_price": self.break_even_price,
            "target_margin": self.target_margin,
            "target_margin_price": self.target_price,
            "package_sessions": self.package_sessions,
            "package_price": self.package_price,
            "package_price_per_session": self.package_price_per_session,
            "package": "your series, same discount" if self.package_is_current else "the course",
            "assumes": dict(self.assumes),
        }


def _price_for(section: ClinicSection, index: int, margin: float) -> float | None:
    """The single-session price of offering `index` at which monthly profit is `margin` of
    monthly revenue, or None when its price does not move revenue or nothing is delivered."""
    t = terms(section)
    delivered = delivered_sessions(section)
    base = t.list_price[index]
    blend = t.self_pay_price[index] / base if base > 0 else 1.0
    rows = np.broadcast_to(t.self_pay_price, (2, t.share.size)).copy()
    rows[:, index] = [0.0, blend]  # the offering's price at 0 and at $1
    revenue, margin_at = per_session(t, rows)
    slope = float(revenue[1] - revenue[0])
    if slope <= 0 or delivered <= 0:
        return None
    direct = float(revenue[0] - margin_at[0])
    needed = (direct + section.fixed_costs_per_month / delivered) / (1 - margin)
    return max(0.0, (needed - float(revenue[0])) / slope)


def price_card(section: ClinicSection, index: int) -> PriceCard:
    """The price card of offering `index` at the section's target margin."""
    offering = section.offerings[index]
    margin = section.target_margin
    target = _price_for(section, index, margin)
    package = offering.package
    if package is not None and offering.price > 0:
        sessions = package.sessions
        scaled = None if target is None else package.price * target / offering.price
    else:
        sessions = offering.course_sessions
        scaled = None if target is None else sessions * target
    t = terms(section)
    assumes = {
        "booked_sessions_per_month": section.booked_sessions_per_month,
        "delivered_sessions_per_month": delivered_sessions(section),
        "fixed_costs_per_month": section.fixed_costs_per_month,
        "direct_cost_per_session": float(t.direct_cost[index]),
        # Sessions of this treatment that pay its self-pay price, as a share of all sessions:
        # the fewer, the further the price must move to shift the month's margin.
        "self_paid_share_of_sessions": float(t.share[index] * t.self_pay_weight[index]),
        "course_sessions": offering.course_sessions,
        "payer_mix": section.payer_mix.model_dump(),
        "sliding_scale_tiers": len(section.sliding_scale),
    }
    return PriceCard(
        offering_index=index,
        treatment=clinic_defaults.treatment_name(offering.modality),
        modality=offering.modality,
        current_price=offering.price,
        target_margin=margin,
        break_even_price=_price_for(section, index, 0.0),
        target_price=target,
        package_sessions=sessions,
        package_price=scaled,
        package_is_current=package is not None and offering.price > 0,
        assumes=assumes,
    )


def price_cards(section: ClinicSection) -> list[PriceCard]:
    """Every offering's price card, each with the others held at their prices."""
    return [price_card(section, i) for i in range(len(section.offerings))]


def price_card_table(cards: list[PriceCard]) -> pd.DataFrame:
    """The price cards side by side, one row per treatment (the page's table)."""
    return pd.DataFrame(
        [
            {
                "treatment": c.treatment,
                "price": c.current_price,
                "break_even_price": c.break_even_price,
                "target_margin": c.target_margin,
                "target_margin_price": c.target_price,
                "package_sessions": c.package_sessions,
                "package_price": c.package_price,
            }
            for c in cards
        ]
    )
