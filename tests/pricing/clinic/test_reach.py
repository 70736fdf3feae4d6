"""Reach (pricing/clinic/reach.py): by hand, the binary search against settling every price,
the reach-maximising price and the mix average."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import clinic


def test_reach_by_hand_with_a_sliding_scale() -> None:
    from pricing import equity

    # Three single uninsured people; IV induction course = 6 infusions + one intake (price I,
    # $150-$350 in the defaults). Affordable: I + 6p <= 10% of income. At p = $600, 6p = 3,600:
    #   $30,000 -> limit 3,000 < 3,600: no;  $45,000 -> 4,500 - 3,600 = 900 >= I: yes;
    #   $60,000 -> 6,000 - 3,600 = 2,400 >= I: yes.  Reach 2/3.
    people = equity.households([30000, 45000, 60000], [1, 1, 1], ["none"] * 3)
    threshold = equity.thresholds()["income_10"]
    prices = np.array([600.0])
    assert clinic.reach_curve(people, "iv_ketamine", prices, (), threshold)[0] == pytest.approx(
        2 / 3
    )
    # A 50% tier up to 200% of the poverty line ($15,960 x 2 = $31,920 for one person) halves
    # the $30,000 household's bill: (I + 3,600) / 2 <= 1,975 < 3,000: now all three. Reach 1.
    tiers = ((200.0, 0.5),)
    assert clinic.reach_curve(people, "iv_ketamine", prices, tiers, threshold)[0] == 1.0


@settings(max_examples=8, deadline=None)
@given(
    st.sampled_from(["iv_ketamine", "spravato", "kap_lozenge", "at_home_ketamine"]),
    st.integers(min_value=0, max_value=10_000),
    st.lists(st.floats(min_value=0, max_value=2000), min_size=1, max_size=6),
    st.sampled_from([(), ((200.0, 0.5),), ((150.0, 0.6), (300.0, 0.2))]),
)
def test_reach_search_equals_settling_every_price(
    modality: str, seed: int, prices: list[float], tiers: tuple[tuple[float, float], ...]
) -> None:
    # The binary search must give exactly what settling each price separately gives, through
    # equity.out_of_pocket (a different code path), including Spravato's programme households.
    from pricing import equity

    population = equity.make_population(600, seed)
    threshold = equity.thresholds()["income_10"]
    scale = equity.SlidingScale(tiers) if tiers else None
    expected = [
        equity.affordable_for(
            population,
            equity.out_of_pocket(population, modality, "induction", price, scale),
            threshold,
        ).mean()
        for price in prices
    ]
    got = clinic.reach_curve(population, modality, np.array(prices), tiers, threshold)
    assert got.tolist() == pytest.approx(expected, abs=1e-12)


def test_best_price_for_reach() -> None:
    import pandas as pd

    sweep = pd.DataFrame(
        {
            "price": [400.0, 500.0, 600.0, 700.0],
            "reach": [0.9, 0.8, 0.8, 0.7],
            "margin_per_session": [50.0, 150.0, 250.0, 350.0],
            "monthly_profit": [-1.0, 1.0, 2.0, 3.0],
        }
    )
    # Margin >= 100 rules out $400; of the rest $500 and $600 tie on reach: the lower price wins.
    assert clinic.best_price_for_reach(sweep, 100)["price"] == 500  # type: ignore[index]
    assert clinic.best_price_for_reach(sweep, 300)["price"] == 700  # type: ignore[index]
    assert clinic.best_price_for_reach(sweep, 400) is None


def test_overall_reach_weights_treatments_by_share() -> None:
    import pandas as pd

    table = pd.DataFrame({"share_of_sessions": [0.25, 0.75], "reach": [0.8, 0.4]})
    # 0.25 x 0.8 + 0.75 x 0.4 = 0.2 + 0.3 = 0.5
    assert clinic.overall_reach(table) == pytest.approx(0.5)


def test_tier_shares_among_reached_by_hand() -> None:
    from pricing import equity
    from tests.pricing.clinic.cases import section

    # The three single uninsured people above, at $600 with tiers up to 200% (50% off) and
    # 300% (25% off) of the poverty line ($15,960): $30,000 = 188% -> tier 1; $45,000 = 282%
    # -> tier 2; $60,000 = 376% -> no tier. All three afford the course with their discounts
    # (see above), so each tier holds 1 of the 3 reached households.
    people = equity.households([30000, 45000, 60000], [1, 1, 1], ["none"] * 3)
    s = section(
        offerings=[{"modality": "iv_ketamine", "share": 1, "price": 600}],
        sliding_scale=[
            {"max_poverty_percent": 200, "discount": 0.5, "share": 0.1},
            {"max_poverty_percent": 300, "discount": 0.25, "share": 0.15},
        ],
    )
    threshold = equity.thresholds()["income_10"]
    assert clinic.tier_shares_among_reached(s, people, threshold) == pytest.approx([1 / 3, 1 / 3])
    # Without tiers there is nothing to report.
    bare = s.model_copy(update={"sliding_scale": []})
    assert clinic.tier_shares_among_reached(bare, people, threshold) == []
