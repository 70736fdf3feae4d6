"""Reach: who in the clinic's market can afford its course (the one reach computation).

The population model of pricing/equity, settled through the one ledger (pricing.ledger.settle).
A household can afford a course when what it pays out of pocket for the treatment's first
series (`REACH_COURSE`, pricing.course: e.g. 6 IV infusions; intake and therapy at their default
prices) stays under the affordability threshold, at the clinic's price, through the household's
own insurance. A client buys the cheaper of a single session and a package session.

Sliding-scale uptake (the one assumption, shared with revenue in pricing/clinic/terms.py): every
self-paying household whose income falls in a tier takes that tier's discount. Reach therefore
gives each eligible household its tier's discount; revenue counts the discount on the tier's
`share` of the clinic's self-paying clients, i.e. `share` is how many clients fall in the tier,
not how many of them ask. `tier_shares_among_reached` reports how many of the households who can
afford a course fall in each tier, so a manager can check the shares typed in against the market.

The CLI (`reach_summary`) and the page (pricing/clinic/page_data.py) both count reach with
`reach_by_offering` and `overall_reach`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from pricing import defaults, equity
from pricing.clinic.economics import price_grid, price_sweep
from pricing.clinic.terms import BoolArray, FloatArray, SuperbillTerms, superbill_of
from pricing.defaults import clinic as clinic_defaults
from pricing.defaults import population as population_defaults
from pricing.scenario import ClinicSection, Offering

REACH_COURSE = "induction"
Tiers = tuple[tuple[float, float], ...]
ReachCurve = Callable[
    [equity.Population, str, FloatArray, Tiers, equity.Threshold, SuperbillTerms | None],
    FloatArray,
]


def market(
    households: int, seed: int | None = None, income_shares: tuple[float, ...] | None = None
) -> equity.Population:
    """The clinic's market: the equity population (seed: population.yaml's default unless
    given), with a local income distribution if given."""
    mix = equity.PopulationMix.default()
    if income_shares is not None:
        mix = mix.with_changes(income_shares=list(income_shares))
    chosen = population_defaults.default_seed() if seed is None else seed
    return equity.make_population(households, chosen, mix)


def income_brackets() -> list[tuple[float, float, float]]:
    """The population's income brackets (low, high, US share) for the page's editor."""
    return [tuple(b) for b in equity.PopulationMix.default().income_brackets]  # type: ignore[misc]


def client_price_factor(offering: Offering) -> float:
    """What a client pays per session as a share of the list price (a package if cheaper)."""
    package = offering.package
    if package is None or offering.price <= 0:
        return 1.0
    return min(1.0, package.price / package.sessions / offering.price)


def tiers_of(section: ClinicSection) -> Tiers:
    """The sliding scale as (max % of poverty guideline, discount) pairs."""
    return tuple((t.max_poverty_percent, t.discount) for t in section.sliding_scale)


def _affordable_at(
    population: equity.Population,
    modality: str,
    client_price: FloatArray,
    scale: equity.SlidingScale | None,
    threshold: equity.Threshold,
    superbill_terms: SuperbillTerms | None = None,
) -> BoolArray:
    """Whether each household can afford the course at its own per-session price: the equity
    model's own settlement (its bills, Medicare's bundled claim, its programmes), one price per
    household. With the clinic's superbill, households whose commercial plan has an
    out-of-network benefit are reimbursed on its terms (rule 4, through the same ledger)."""
    reforms = None if superbill_terms is None else equity.Reforms(superbill=superbill_terms)
    oop = equity.out_of_pocket(population, modality, REACH_COURSE, client_price, scale, reforms)
    return np.asarray(equity.affordable_for(population, oop, threshold), dtype=bool)


def _programme_households(population: equity.Population, modality: str) -> BoolArray:
    """Households a manufacturer copay programme can help with this treatment.

    For them out-of-pocket can fall as the price rises (a dearer session reaches the plan's
    out-of-pocket maximum sooner while the programme pays nearly all of it), so their
    affordability is not monotone in price and is evaluated at every price.
    """
    codes = [equity.KIND_CODE[k] for k in defaults.programme_eligible_kinds(modality)]
    return np.asarray(np.isin(population.kind, codes), dtype=bool)


def reach_curve(
    population: equity.Population,
    modality: str,
    client_prices: FloatArray,
    tiers: Tiers,
    threshold: equity.Threshold,
    superbill_terms: SuperbillTerms | None = None,
) -> FloatArray:
    """Share of households that can afford the course at each price a client pays per session.

    Where a household's out-of-pocket never falls as the price rises (everyone but the
    manufacturer programme's households, see _programme_households), it can afford the course
    at the cheapest k of the sorted prices, and k is found by a binary search run for all those
    households at once: about log2(P) ledger calls over the households still undecided instead
    of one per price. Programme households are settled at every price in one call (households x
    prices). `tiers` are the sliding scale's (max % of poverty guideline, discount) pairs;
    `superbill_terms` the clinic's superbill (pricing.clinic.terms.superbill_of), or None. A
    reimbursed household's net cost still rises with the price (its plan allows at most what it
    was charged), so the search holds for it too.
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
        ok = _affordable_at(tiled, modality, np.repeat(grid, m), scale, threshold, superbill_terms)
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
            population.rows(searched[active]),
            modality,
            grid[mid - 1],
            scale,
            threshold,
            superbill_terms,
        )
        low[active] = np.where(ok, mid, low[active])
        high[active] = np.where(ok, high[active], mid - 1)
    affordable_count += (low[np.newaxis, :] > np.arange(p)[:, np.newaxis]).sum(axis=1)

    out = np.empty(p)
    out[order] = affordable_count / n
    return out


def reach_at_prices(
    section: ClinicSection,
    population: equity.Population,
    offering_index: int,
    prices: FloatArray,
    threshold: equity.Threshold,
    curve: ReachCurve = reach_curve,
    with_superbill: bool = True,
) -> FloatArray:
    """Reach of one treatment's course at each list price (a package applies when cheaper),
    with the clinic's superbill when it has out-of-network clients (unless `with_superbill` is
    False: reach as if no client were reimbursed).

    `curve` is `reach_curve` itself or a cached copy of it (the page's).
    """
    offering = section.offerings[offering_index]
    client = np.asarray(prices, dtype=np.float64) * client_price_factor(offering)
    terms = superbill_of(section) if with_superbill else None
    return curve(population, offering.modality, client, tiers_of(section), threshold, terms)


def course_sessions(modality: str) -> int:
    """Treatment sessions in the course reach prices (the treatment's first series)."""
    return equity.course_claims(modality, REACH_COURSE).sessions


def reach_by_offering(
    section: ClinicSection,
    population: equity.Population,
    threshold: equity.Threshold,
    curve: ReachCurve = reach_curve,
) -> pd.DataFrame:
    """Reach of each treatment's course at the clinic's current prices; with out-of-network
    clients also `reach_without_superbill` (as if no client were reimbursed)."""
    rows = []
    for i, offering in enumerate(section.offerings):
        at = np.array([offering.price])
        share = reach_at_prices(section, population, i, at, threshold, curve)
        row = {
            "treatment": clinic_defaults.treatment_name(offering.modality),
            "modality": offering.modality,
            "share_of_sessions": offering.share,
            "price_paid_per_session": offering.price * client_price_factor(offering),
            "course_sessions": course_sessions(offering.modality),
            "reach": float(share[0]),
        }
        if superbill_of(section) is not None:
            alone = reach_at_prices(section, population, i, at, threshold, curve, False)
            row["reach_without_superbill"] = float(alone[0])
        rows.append(row)
    return pd.DataFrame(rows)


def overall_reach(by_offering: pd.DataFrame, column: str = "reach") -> float:
    """Reach averaged over the treatment mix (weights: each treatment's share of sessions)."""
    return float((by_offering[column] * by_offering["share_of_sessions"]).sum())


def with_benefit_share(population: equity.Population) -> float:
    """Share of the market's households whose commercial plan has an out-of-network benefit
    (allows something out of network): those the clinic's superbill can help."""
    commercial = population.kind == equity.KIND_CODE["commercial"]
    return float(np.mean(commercial & (population.oon_allowed_share > 0)))


def tier_shares_among_reached(
    section: ClinicSection, population: equity.Population, threshold: equity.Threshold
) -> list[float]:
    """Per sliding-scale tier: the share of the households who can afford a course at today's
    prices whose income falls in the tier (averaged over the treatment mix by share of sessions).

    Under the one uptake assumption (module docstring) this is what each tier's `share` of
    self-paying clients would be if the clinic's clients were its market's reached households.
    """
    tiers = tiers_of(section)
    if not tiers:
        return []
    edges = np.array([edge for edge, _ in tiers])
    # equity.SlidingScale gives a household the first tier whose edge its income is below.
    tier = np.searchsorted(edges, population.poverty_percent, side="right")
    scale = equity.SlidingScale(tiers)
    out = np.zeros(len(tiers))
    for offering in section.offerings:
        price = np.full(population.n, offering.price * client_price_factor(offering))
        ok = _affordable_at(
            population, offering.modality, price, scale, threshold, superbill_of(section)
        )
        if ok.any():
            counts = np.bincount(tier[ok], minlength=len(tiers) + 1)[: len(tiers)]
            out += offering.share * counts / ok.sum()
    return [float(x) for x in out]


def reach_grid(current: float) -> FloatArray:
    """The reach sweep's prices: the price grid at clinic.yaml's coarser reach_price_step ($50),
    since each price settles the whole market."""
    return price_grid(current, float(clinic_defaults.start_value("reach_price_step")))


def margin_and_reach(
    section: ClinicSection,
    population: equity.Population,
    threshold: equity.Threshold,
    offering_index: int = 0,
    prices: FloatArray | None = None,
    curve: ReachCurve = reach_curve,
) -> pd.DataFrame:
    """The price sweep with the reach of the swept treatment's course at each price."""
    sweep = price_sweep(section, offering_index, prices)
    sweep["reach"] = reach_at_prices(
        section, population, offering_index, sweep["price"].to_numpy(), threshold, curve
    )
    return sweep


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
    extra = {}
    if superbill_of(section) is not None:
        extra = {
            "share_without_superbill": overall_reach(table, "reach_without_superbill"),
            "households_with_out_of_network_benefit": with_benefit_share(population),
        }
    return {
        "share": overall_reach(table),
        **extra,
        "threshold": run.threshold.share,
        "threshold_rule": run.threshold.rule,
        "course": REACH_COURSE,
        "households": run.households,
        "by_treatment": table.to_dict(orient="records"),
    }
