"""Clinic pricing: what a session earns, when the clinic breaks even, and who can afford it.

Modules, bottom up (each imports only those above it):
- `terms`: per-session terms (payers and allowed amounts, direct cost, blended self-pay price,
  the sliding scale's average factor) as arrays;
- `routes`: a Spravato offering on both routes (buy and bill, or the visit alone), side by side,
  and the money buying the drug ties up;
- `economics`: ClinicResult at today's prices, capacity, break-even, delivered sessions after
  no-shows (`delivered_sessions`, the one place), the price grid and `price_sweep`;
- `reach`: who in the market can afford the treatment's first series (`reach_by_offering`,
  `overall_reach`: the one reach computation, used by the CLI and the page alike), with the
  clinic's superbill when it has out-of-network clients;
- `price_card`: the break-even price, the price for a target margin and a package price that
  keeps it, per treatment;
- `superbill`: what out-of-network clients mean for revenue (nothing) and for a client (a lower
  net cost, priced through the Estimate);
- `form`: the page's form as plain data (starting values, percent form -> ClinicSection);
- `page_data`: everything the Clinic pricing page shows, computed once.

Sliding-scale uptake, one assumption for reach and revenue: every self-paying client whose
household income falls in a tier takes that tier's discount. Reach gives the discount to each
eligible household of the market; revenue applies it to the tier's `share` of the clinic's
self-paying clients (how many clients fall in the tier). The page shows both shares side by side.

The CLI command is pricing/cli/clinic.py; sentences are in pricing/explain/clinic.py. Nothing here
imports streamlit or plotly.
"""

from __future__ import annotations

from pricing.clinic.economics import (
    ClinicResult,
    analyse,
    break_even_margin,
    capacity,
    delivered_sessions,
    first_profitable_price,
    price_grid,
    price_sweep,
    thinnest_margin,
)
from pricing.clinic.form import (
    form_start,
    income_shares_from_form,
    offering_start,
    scenario_yaml,
    section_from_dict,
    section_from_form,
    start_form,
)
from pricing.clinic.page_data import MARGIN_RULES, ClinicPageData, page_data
from pricing.clinic.price_card import PriceCard, price_card, price_card_table, price_cards
from pricing.clinic.reach import (
    REACH_COURSE,
    ReachCurve,
    best_price_for_reach,
    client_price_factor,
    income_brackets,
    margin_and_reach,
    market,
    overall_reach,
    reach_at_prices,
    reach_by_offering,
    reach_curve,
    reach_grid,
    reach_summary,
    tier_shares_among_reached,
    tiers_of,
    with_benefit_share,
)
from pricing.clinic.routes import (
    ROUTE_LABELS,
    ROUTES,
    RouteComparison,
    RouteFigures,
    compare_routes,
    on_route,
    route_figures,
)
from pricing.clinic.superbill import (
    ClientExample,
    client_example,
    revenue_if_self_pay,
    superbill_summary,
)
from pricing.clinic.terms import (
    CASH_PAYERS,
    INSURERS,
    PAYER_LABELS,
    PAYERS,
    ROLES,
    Terms,
    allowed_start,
    default_allowed,
    superbill_of,
    terms,
)
from pricing.scenario import ClinicSection, Offering

__all__ = [
    "CASH_PAYERS",
    "INSURERS",
    "MARGIN_RULES",
    "PAYERS",
    "PAYER_LABELS",
    "REACH_COURSE",
    "ROLES",
    "ROUTES",
    "ROUTE_LABELS",
    "ClinicPageData",
    "ClientExample",
    "ClinicResult",
    "ClinicSection",
    "Offering",
    "PriceCard",
    "ReachCurve",
    "RouteComparison",
    "RouteFigures",
    "Terms",
    "allowed_start",
    "analyse",
    "best_price_for_reach",
    "break_even_margin",
    "capacity",
    "client_example",
    "compare_routes",
    "client_price_factor",
    "default_allowed",
    "delivered_sessions",
    "first_profitable_price",
    "form_start",
    "income_brackets",
    "income_shares_from_form",
    "margin_and_reach",
    "market",
    "offering_start",
    "on_route",
    "overall_reach",
    "page_data",
    "price_card",
    "price_card_table",
    "price_cards",
    "price_grid",
    "price_sweep",
    "reach_at_prices",
    "reach_by_offering",
    "reach_curve",
    "reach_grid",
    "reach_summary",
    "revenue_if_self_pay",
    "route_figures",
    "scenario_yaml",
    "section_from_dict",
    "section_from_form",
    "start_form",
    "superbill_of",
    "superbill_summary",
    "terms",
    "thinnest_margin",
    "tier_shares_among_reached",
    "tiers_of",
    "with_benefit_share",
]
