"""Everything the Clinic pricing page shows, computed once (the page only lays it out).

`page_data` runs the same functions as the CLI (`analyse`, `reach_by_offering`, `overall_reach`,
`price_cards`, `superbill_summary`) and the page's own: the price sweep, the first profitable price, the thinnest margin, the
minimum-margin rule and the reach-maximising price. Its sentences are in pricing.explain.clinic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from pricing import course, equity
from pricing.clinic.economics import (
    ClinicResult,
    analyse,
    break_even_margin,
    first_profitable_price,
    price_grid,
    price_sweep,
    thinnest_margin,
)
from pricing.clinic.price_card import PriceCard, price_cards
from pricing.clinic.reach import (
    REACH_COURSE,
    ReachCurve,
    best_price_for_reach,
    margin_and_reach,
    overall_reach,
    reach_by_offering,
    reach_curve,
    reach_grid,
    tier_shares_among_reached,
    with_benefit_share,
)
from pricing.clinic.routes import RouteComparison
from pricing.clinic.superbill import superbill_summary
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection

MarginRule = Literal["break_even", "chosen"]
MARGIN_RULES: dict[str, str] = {
    "break_even": "What breaks even at today's volume",
    "chosen": "A margin I choose",
}


@dataclass(frozen=True)
class ClinicPageData:
    """The figures and tables behind the page's metrics, five charts and their summaries."""

    section: ClinicSection
    result: ClinicResult
    swept: int  # index of the treatment whose price the sweeps move
    swept_name: str
    swept_price: float
    sweep: pd.DataFrame  # price_sweep over price_grid(current price)
    first_profitable_price: float | None
    by_payer: pd.DataFrame
    by_offering: pd.DataFrame
    thinnest: dict[str, Any] | None
    tiers: pd.DataFrame
    threshold: equity.Threshold
    households: int
    reach_by_offering: pd.DataFrame
    reach: float  # overall_reach: the CLI's `reach` for the same market
    reach_sweep: pd.DataFrame  # margin_and_reach on the coarser reach grid
    minimum_margin: float
    best: dict[str, float] | None
    courses: list[tuple[str, str]]  # (treatment, the course reach prices, in words)
    tier_shares_typed: list[float]  # each tier's share of self-paying clients, as typed
    tier_shares_market: list[float]  # ... among the market's households who can afford a course
    routes: list[RouteComparison]  # each Spravato offering on buy and bill and on visit only
    price_cards: list[PriceCard]  # per treatment: break-even, target-margin and package prices
    # Out-of-network clients (None without them): the CLI's `out_of_network` object, reach as if
    # no client were reimbursed, and the market's share of households a superbill can help.
    out_of_network: dict[str, Any] | None
    reach_without_superbill: float | None
    with_benefit: float | None

    @property
    def swept_card(self) -> PriceCard:
        """The price card of the treatment whose price the charts move."""
        return self.price_cards[self.swept]


def minimum_margin_for(section: ClinicSection, rule: str, chosen: float) -> float:
    """The minimum margin per session: what breaks even at today's volume, or the chosen one."""
    return break_even_margin(section) if rule == "break_even" else chosen


def page_data(
    section: ClinicSection,
    population: equity.Population,
    threshold: equity.Threshold,
    swept: int = 0,
    margin_rule: str = "break_even",
    chosen_margin: float | None = None,
    curve: ReachCurve = reach_curve,
) -> ClinicPageData:
    """All the page shows for `section` and its market; `curve` may be a cached reach_curve."""
    swept = min(max(swept, 0), len(section.offerings) - 1)
    offering = section.offerings[swept]
    result = analyse(section)
    sweep = price_sweep(section, swept, price_grid(offering.price))
    reach_prices = reach_grid(offering.price)
    reach_sweep = margin_and_reach(section, population, threshold, swept, reach_prices, curve)
    chosen = (
        float(clinic_defaults.start_value("minimum_margin"))
        if chosen_margin is None
        else chosen_margin
    )
    minimum = minimum_margin_for(section, margin_rule, chosen)
    table = reach_by_offering(section, population, threshold, curve)
    by_payer = result.by_offering_and_payer()
    out_of_network = superbill_summary(section)
    return ClinicPageData(
        section=section,
        result=result,
        swept=swept,
        swept_name=clinic_defaults.treatment_name(offering.modality),
        swept_price=offering.price,
        sweep=sweep,
        first_profitable_price=first_profitable_price(sweep),
        by_payer=by_payer,
        by_offering=result.by_offering(),
        thinnest=thinnest_margin(by_payer),
        tiers=result.sliding_tiers(),
        threshold=threshold,
        households=population.n,
        reach_by_offering=table,
        reach=overall_reach(table),
        reach_sweep=reach_sweep,
        minimum_margin=minimum,
        best=best_price_for_reach(reach_sweep, minimum),
        courses=[
            (
                clinic_defaults.treatment_name(o.modality),
                course.describe_named(o.modality, REACH_COURSE),
            )
            for o in section.offerings
        ],
        tier_shares_typed=[t.share for t in section.sliding_scale],
        tier_shares_market=tier_shares_among_reached(section, population, threshold),
        routes=result.spravato_routes(),
        price_cards=price_cards(section),
        out_of_network=out_of_network,
        reach_without_superbill=(
            None if out_of_network is None else overall_reach(table, "reach_without_superbill")
        ),
        with_benefit=None if out_of_network is None else with_benefit_share(population),
    )
