"""Prices per component for a batch of courses: the bounds (low, mid, high) and Monte Carlo draws.

The ledger reads them as Claims.component_price: one price per component per course (a clinic
charges one price), and per price period when a dated default price changes during the course
(docs/method.md rule 14). A simulated course draws one position u in each component's range and
keeps it from one period to the next.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pricing.course import COMPONENTS, VISIT_COMPONENTS
from pricing.scenario import PriceRange, Scenario
from pricing.scenario.dated_terms import PricePeriods, component_prices


def _positions(draws: int, seed: int) -> np.ndarray:
    """(draws, 4) uniform positions in each component's price range, one per simulated course.

    The intake, treatment and therapy draws come first from the seeded stream, as they did
    before the drug had a claim of its own, so a bundled bill's draws are unchanged; the drug's
    draws follow them."""
    rng = np.random.default_rng(seed)
    visit_columns = [COMPONENTS.index(c) for c in VISIT_COMPONENTS]
    u = np.empty((draws, len(COMPONENTS)))
    u[:, visit_columns] = rng.random((draws, len(visit_columns)))
    u[:, COMPONENTS.index("drug")] = rng.random(draws)
    return u


def _rows(ranges: Sequence[PriceRange], u: np.ndarray) -> np.ndarray:
    low = np.array([r.low for r in ranges])
    high = np.array([r.high for r in ranges])
    mid = np.array([r.mid for r in ranges])
    return np.vstack([low, mid, high, low + u * (high - low)])


def price_rows(scenario: Scenario, draws: int, seed: int) -> np.ndarray:
    """(3 + draws, 4) prices per component: low, mid, high, then uniform draws (the scenario's
    own prices, those of the start date)."""
    return _rows(component_prices(scenario), _positions(draws, seed))


def dated_price_rows(periods: PricePeriods, draws: int, seed: int) -> np.ndarray:
    """(3 + draws, P, 4): price_rows for each price period (rule 14). A simulated course keeps
    its position u inside each component's range from one period to the next (one draw per
    component per course: a clinic charges one price, moved by the published price)."""
    u = _positions(draws, seed)
    return np.stack([_rows(ranges, u) for ranges in periods.ranges], axis=1)


def course_prices(periods: PricePeriods, draws: int, seed: int) -> np.ndarray:
    """The price table the ledger reads: (rows, 4) with one price period, else (rows, P, 4)."""
    if len(periods.ranges) == 1:
        return _rows(periods.ranges[0], _positions(draws, seed))
    return dated_price_rows(periods, draws, seed)


__all__ = ["component_prices", "course_prices", "dated_price_rows", "price_rows"]
