"""The price card (pricing/clinic/price_card.py): break-even price, the price for a target margin
and a package price that keeps it.

Golden cases worked by hand before the code ran (arithmetic in the comments). Margin means
operating margin: monthly profit / monthly revenue, after direct and fixed costs. With revenue per
delivered session R(p), direct cost C, fixed costs F and D delivered sessions, the price for a
margin m solves R(p) (1 - m) = C + F / D.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import clinic
from pricing.clinic.price_card import price_card, price_cards
from pricing.scenario import loads
from tests.pricing.clinic.cases import ISSUE_EXAMPLE, MIXED, section


def issue_section(**changes: object) -> clinic.ClinicSection:
    s = loads(ISSUE_EXAMPLE).clinic
    assert s is not None
    return s.model_copy(update=changes) if changes else s


def test_the_issue_clinic() -> None:
    card = price_card(issue_section(target_margin=0.2), 0)
    # All self-pay, no sliding scale: R(p) = p; C = 150; F / D = 45,000 / 120 = 375.
    # Break-even: p = 150 + 375 = $525 (the profit chart's first profitable price).
    assert card.break_even_price == pytest.approx(525)
    # 20%: p = 525 / 0.8 = $656.25. Check: revenue 120 x 656.25 = 78,750; costs 120 x 150 +
    # 45,000 = 63,000; profit 15,750 = 20% of 78,750.
    assert card.target_price == pytest.approx(656.25)
    # No series sold: the course the clinic sells, 6 infusions (the IV first series), at
    # 6 x 656.25 = $3,937.50.
    assert card.package_sessions == 6 and not card.package_is_current
    assert card.package_price == pytest.approx(3937.5)
    assert card.current_price == 600 and card.target_margin == 0.2


def test_a_series_keeps_its_discount() -> None:
    s = section(
        fixed_costs_per_month=40000,
        booked_sessions_per_month=120,
        no_show_rate=0,
        offerings=[{"modality": "iv_ketamine", "share": 1, "price": 600, "direct_cost": 150,
                    "package": {"sessions": 6, "price": 3000, "uptake": 0.5}}],
        payer_mix={"self_pay": 1},
        target_margin=0.2,
    )  # fmt: skip
    card = price_card(s, 0)
    # Half the sessions single at p, half in the series at 500/600 of p: R(p) = p x 550/600.
    # C + F / D = 150 + 40,000 / 120 = 483.33. Break-even p = 483.33 x 600 / 550 = $527.27.
    assert card.break_even_price == pytest.approx((150 + 40000 / 120) * 600 / 550)
    # 20%: R = 483.33 / 0.8 = 604.17; p = 604.17 x 600 / 550 = $659.09.
    target = (150 + 40000 / 120) / 0.8 * 600 / 550
    assert card.target_price == pytest.approx(target)
    # The series at the same discount: 3,000 x 659.09 / 600 = $3,295.45 (549.24 a session).
    # Check: 0.5 x 659.09 + 0.5 x 549.24 = 604.17 = R.
    assert card.package_is_current and card.package_sessions == 6
    assert card.package_price == pytest.approx(3000 * target / 600)
    assert card.package_price_per_session == pytest.approx(3000 * target / 600 / 6)


def test_a_mixed_clinic_prices_each_treatment_holding_the_other() -> None:
    s = section(**{**MIXED, "target_margin": 0.2,
                   "offerings": [{**o, "course_sessions": 6} for o in MIXED["offerings"]]})  # fmt: skip
    iv, spravato = price_cards(s)
    # MIXED (worked in test_economics.py): D = 200 x 0.9 = 180, F / D = 166.67, C = 450,
    # sliding scale keeps 0.9. IV: no insurer covers it, so all its clients pay cash:
    # R(p) = 0.5 x 0.9 p + 0.5 x 972 (Spravato) = 0.45 p + 486.
    # Break-even: 0.45 p = 616.67 - 486 = 130.67 -> p = $290.37.
    assert iv.break_even_price == pytest.approx((450 + 30000 / 180 - 486) / 0.45)
    # 20%: R = 616.67 / 0.8 = 770.83; 0.45 p = 284.83 -> p = $632.96; course of 6 = $3,797.78.
    assert iv.target_price == pytest.approx(((450 + 30000 / 180) / 0.8 - 486) / 0.45)
    assert iv.package_price == pytest.approx(6 * iv.target_price)
    # Spravato: half its clients pay cash (commercial and Medicare pay 1,000 and 900 less 10%
    # denials): R(p) = 0.5 x 450 + 0.5 x (0.5 x 0.9 p + 0.3 x 900 + 0.2 x 810) = 441 + 0.225 p
    # (at p = 1,200: 441 + 270 = 711, the mix's revenue). Break-even: 0.225 p = 175.67 ->
    # p = $780.74; 20%: 0.225 p = 329.83 -> p = $1,465.93.
    assert spravato.break_even_price == pytest.approx((450 + 30000 / 180 - 441) / 0.225)
    assert spravato.target_price == pytest.approx(((450 + 30000 / 180) / 0.8 - 441) / 0.225)


def test_no_cash_clients_means_the_price_does_not_matter() -> None:
    # Spravato billed to Medicare alone: no client pays the self-pay price, so no price.
    s = section(offerings=[{"modality": "spravato", "share": 1}], payer_mix={"medicare": 1})
    card = price_card(s, 0)
    assert card.break_even_price is None and card.target_price is None
    assert card.package_price is None


def test_other_revenue_can_cover_everything() -> None:
    # MIXED with no fixed costs and IV at 20%: R(p) = 0.45 p + 486 against C / 0.8 = 562.5:
    # 0.45 p = 76.5 -> p = $170. At 0% with F = 0: 0.45 p = 450 - 486 < 0 -> any price: 0.
    s = section(**{**MIXED, "fixed_costs_per_month": 0, "target_margin": 0.2})
    card = price_card(s, 0)
    assert card.target_price == pytest.approx(170)
    assert card.break_even_price == 0


@settings(max_examples=40, deadline=None)
@given(
    price=st.floats(min_value=50, max_value=3000),
    cost=st.floats(min_value=0, max_value=1000),
    fixed=st.floats(min_value=0, max_value=100000),
    booked=st.floats(min_value=10, max_value=1000),
    margin=st.floats(min_value=0, max_value=0.9),
)
def test_at_the_target_price_the_month_earns_the_target(
    price: float, cost: float, fixed: float, booked: float, margin: float
) -> None:
    s = section(
        fixed_costs_per_month=fixed, booked_sessions_per_month=booked, no_show_rate=0.1,
        offerings=[{"modality": "iv_ketamine", "share": 0.6, "price": price, "direct_cost": cost},
                   {"modality": "spravato", "share": 0.4}],
        payer_mix={"self_pay": 0.5, "out_of_network": 0.2, "commercial": 0.3},
        sliding_scale=[{"max_poverty_percent": 200, "discount": 0.3, "share": 0.2}],
        target_margin=margin,
    )  # fmt: skip
    card = price_card(s, 0)
    assert card.target_price is not None and card.break_even_price is not None
    assert card.break_even_price <= card.target_price + 1e-9
    if card.target_price > 0:
        # The price sweep (the profit chart's own arithmetic) at the card's price.
        at = clinic.price_sweep(s, 0, np.array([card.target_price]))
        revenue = at["revenue_per_session"].iloc[0] * clinic.delivered_sessions(s)
        assert at["monthly_profit"].iloc[0] == pytest.approx(
            margin * revenue, abs=1e-6 * (1 + fixed)
        )
