"""Spravato's two routes for a clinic: buy and bill, or the visit alone.

- Buy and bill: the clinic buys the drug (its cost per session: the 56/84 mg prices in force, by
  the dose mix, pricing/defaults/clinic.py `spravato_drug_cost`; the advice names that price, its
  date and source) and bills the drug and the visit. Medicare
  pays the bundled G2082/G2083 by dose mix; a commercial plan pays its allowed amounts for both
  claims (by default its ratio of Medicare's bundle); Medicaid its ratio to Medicare.
- Visit only: a specialty pharmacy supplies the drug, so the clinic has no drug cost and bills the
  administration and 2-hour observation visit alone: Medicare 99215 + prolonged clinical-staff
  service (spravato_billing.yaml, uncertain), commercial and Medicaid at their ratios to it.

Both routes are priced with the section's own payer mix, denials, staff rates, sliding scale and
course length. What the manager typed for the self-pay price, the drug cost and the insurers'
allowed amounts belongs to the offering's chosen route; the other route takes its defaults for
those three (a direct cost given as one number is kept whole on both routes). Buying the drug
also ties up money: the drug for `drug_stock_months` of the offering's sessions is paid before
the insurers pay (clinic.yaml). Nothing here imports streamlit or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing.clinic.terms import PAYERS, terms
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection, Offering, offering_defaults

ROUTES = clinic_defaults.ROUTES
ROUTE_LABELS = {"buy_and_bill": "Buy and bill the drug", "visit_only": "Bill the visit only"}


@dataclass(frozen=True)
class RouteFigures:
    """One route's economics for a Spravato offering, per delivered session."""

    route: str
    revenue_per_session: float  # averaged over the payer mix
    direct_cost_per_session: float
    drug_cost_per_session: float
    margin_per_session: float
    course_sessions: int
    margin_by_payer: dict[str, float]  # payer -> margin per session when that payer pays

    @property
    def margin_per_course(self) -> float:
        return self.margin_per_session * self.course_sessions


@dataclass(frozen=True)
class RouteComparison:
    """A Spravato offering on both routes, side by side."""

    offering_index: int
    chosen: str
    buy_and_bill: RouteFigures
    visit_only: RouteFigures
    sessions_per_month: float  # this offering's delivered sessions a month
    stock_months: float
    # The default drug price the advice rests on, with its date and source (pricing.defaults.
    # clinic.spravato_drug_price_used); buy_and_bill.drug_cost_per_session is the one used.
    default_drug_price: dict[str, Any]

    def routes(self) -> tuple[RouteFigures, RouteFigures]:
        """Buy and bill, then visit only."""
        return self.buy_and_bill, self.visit_only

    @property
    def extra_margin_per_session(self) -> float:
        """What buying and billing earns per session over billing the visit (negative: less)."""
        return self.buy_and_bill.margin_per_session - self.visit_only.margin_per_session

    @property
    def extra_margin_per_course(self) -> float:
        return self.buy_and_bill.margin_per_course - self.visit_only.margin_per_course

    @property
    def drug_stock(self) -> float:
        """Money a buy-and-bill clinic has in drug not yet paid back by the insurers."""
        return self.buy_and_bill.drug_cost_per_session * self.sessions_per_month * self.stock_months

    def table(self) -> pd.DataFrame:
        """One row per route: revenue, cost and margin per session and per course, and the
        margin when each payer pays."""
        rows = []
        for figures in self.routes():
            rows.append(
                {
                    "route": ROUTE_LABELS[figures.route],
                    "revenue_per_session": figures.revenue_per_session,
                    "direct_cost_per_session": figures.direct_cost_per_session,
                    "margin_per_session": figures.margin_per_session,
                    "course_sessions": figures.course_sessions,
                    "margin_per_course": figures.margin_per_course,
                    **{f"margin_{p}": figures.margin_by_payer[p] for p in PAYERS},
                }
            )
        return pd.DataFrame(rows)

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON for this offering (money unrounded)."""

        def one(f: RouteFigures) -> dict[str, Any]:
            return {
                "revenue_per_session": f.revenue_per_session,
                "direct_cost_per_session": f.direct_cost_per_session,
                "drug_cost_per_session": f.drug_cost_per_session,
                "margin_per_session": f.margin_per_session,
                "course_sessions": f.course_sessions,
                "margin_per_course": f.margin_per_course,
                "margin_per_session_by_payer": dict(f.margin_by_payer),
            }

        return {
            "offering": self.offering_index + 1,
            "route": self.chosen,
            "buy_and_bill": one(self.buy_and_bill),
            "visit_only": one(self.visit_only),
            "buy_and_bill_extra_margin_per_session": self.extra_margin_per_session,
            "buy_and_bill_extra_margin_per_course": self.extra_margin_per_course,
            "sessions_per_month": self.sessions_per_month,
            "drug_stock_months": self.stock_months,
            "drug_stock": self.drug_stock,
            "default_drug_price": dict(self.default_drug_price),
        }


def on_route(offering: Offering, route: str) -> Offering:
    """The offering on `route`: itself when it is already on it, else with that route's default
    self-pay price, drug cost and insurer rates (no package: its price was the other route's)."""
    if offering.route == route:
        return offering
    data = offering.model_dump(exclude={"price", "package", "allowed"})
    drug = offering_defaults(offering.modality, route)["direct_cost"]["drug"]
    data["route"] = route
    data["direct_cost"] = {**data["direct_cost"], "drug": drug}
    return Offering.model_validate(data)


def route_figures(section: ClinicSection, index: int, route: str) -> RouteFigures:
    """The offering at `index` alone on `route`, with the rest of the section as it is."""
    offering = on_route(section.offerings[index], route)
    alone = ClinicSection.model_validate(
        {**section.model_dump(), "offerings": [{**offering.model_dump(), "share": 1.0}]}
    )
    t = terms(alone)
    cost = float(t.direct_cost[0])
    by_payer = t.revenue_by_payer()[0]
    return RouteFigures(
        route=route,
        revenue_per_session=float(t.revenue_by_offering()[0]),
        direct_cost_per_session=cost,
        drug_cost_per_session=float(offering.direct_cost.drug),
        margin_per_session=float(t.revenue_by_offering()[0]) - cost,
        course_sessions=offering.course_sessions,
        margin_by_payer={p: float(by_payer[j]) - cost for j, p in enumerate(PAYERS)},
    )


def compare_routes(section: ClinicSection, delivered: float) -> list[RouteComparison]:
    """Both routes for each Spravato offering; `delivered`: the clinic's delivered sessions a
    month (pricing.clinic.economics.delivered_sessions)."""
    out = []
    for i, offering in enumerate(section.offerings):
        if offering.modality != "spravato":
            continue
        out.append(
            RouteComparison(
                offering_index=i,
                chosen=offering.route,
                buy_and_bill=route_figures(section, i, "buy_and_bill"),
                visit_only=route_figures(section, i, "visit_only"),
                sessions_per_month=delivered * offering.share,
                stock_months=clinic_defaults.spravato_drug_stock_months(),
                default_drug_price=clinic_defaults.spravato_drug_price_used(),
            )
        )
    return out
