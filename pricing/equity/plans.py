"""Plan terms drawn from published distributions (issue 15 item 2), not ceilings.

pricing.defaults.plan_distributions hands out (low, high, share) bands: employer single-coverage
deductibles and out-of-pocket maximums, Medicare Advantage in-network maximums. A household's
figure is a band drawn by its share, then a value uniform inside it (a band with low == high is a
point, e.g. no deductible). Under a parameter draw the band shares, and the floors marked
uncertain, are drawn (pricing.equity.uncertainty).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pricing.defaults import plan_distributions as published
from pricing.equity.uncertainty import CENTRAL, ParameterDraw

Bands = tuple[tuple[float, float, float], ...]
KEY = "plan_distributions.plan_distributions"


def draw_bands(rng: np.random.Generator, bands: Bands, n: int) -> NDArray[np.float64]:
    """`n` values: a band by its share, then uniform inside it."""
    table = np.array(bands, dtype=np.float64)
    shares = table[:, 2] / table[:, 2].sum()
    pick = rng.choice(len(table), size=n, p=shares)
    low, high = table[pick, 0], table[pick, 1]
    return np.asarray(low + rng.random(n) * (high - low), dtype=np.float64)


def _drawn(name: str, bands: Bands, draw: ParameterDraw) -> Bands:
    """Bands with their shares (and an uncertain floor) as `draw` has them."""
    if draw.central:
        return bands
    shares = draw.shares(
        f"{KEY}.{name}", [f"{low:g}" for low, _, _ in bands], [b[2] for b in bands]
    )
    out = [(low, high, share) for (low, high, _), share in zip(bands, shares, strict=True)]
    first_low, first_high, first_share = out[0]
    if first_low < first_high:  # a floor, not a point: drawn when the defaults mark it uncertain
        floor = min(draw.value(f"{KEY}.{name}.floor", first_low), first_high)
        out[0] = (floor, first_high, first_share)
    return tuple(out)


def employer_deductible(draw: ParameterDraw = CENTRAL) -> Bands:
    return _drawn("employer_deductible", published.employer_deductible_bands(), draw)


def employer_oop_max(draw: ParameterDraw = CENTRAL) -> Bands:
    return _drawn("employer_oop_max", published.employer_oop_max_bands(), draw)


def advantage_moop(draw: ParameterDraw = CENTRAL) -> Bands:
    return _drawn("medicare_advantage_moop", published.medicare_advantage_moop_bands(), draw)
