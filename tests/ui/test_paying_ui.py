"""The paying section's pure parts: the share link and the widgets carry `payment:` and `tax:`,
the HTML report says what the page says, and the cliff chart marks the promotion's end."""

from __future__ import annotations

from typing import Any

import pytest

from pricing.estimate import estimate
from pricing.explain import paying as words
from pricing.explain.estimate import headline
from pricing.explain.walkthrough import walkthrough
from pricing.scenario import from_dict
from ui import share
from ui.convert import scenario_from_state, state_from_scenario
from ui.paying_charts import cliff_chart

PAYMENTS: list[dict[str, Any]] = [
    {},
    {"method": "savings"},
    {"method": "payment_plan", "monthly_payment": 250, "plan_fee": 35},
    {"method": "card", "monthly_payment": 500, "apr": 0.1999},
    {"method": "deferred_interest", "monthly_payment": 400, "apr": 0.2699, "promo_months": 18},
]
TAXES: list[dict[str, Any] | None] = [
    None,
    {},
    {"agi": 61000, "itemizes": True, "marginal_rate": 0.12, "other_medical_expenses": 800},
]


def scenario(payment: dict[str, Any], tax: dict[str, Any] | None):  # type: ignore[no-untyped-def]
    raw: dict[str, Any] = {"version": 1, "modality": "kap_lozenge", "payment": payment}
    if tax is not None:
        raw["tax"] = tax
    return from_dict(raw)


@pytest.mark.parametrize("payment", PAYMENTS)
@pytest.mark.parametrize("tax", TAXES)
def test_share_link_and_widgets_round_trip_payment_and_tax(
    payment: dict[str, Any], tax: dict[str, Any] | None
) -> None:
    s = scenario(payment, tax)
    assert share.decode_link(share.encode_for_link(s, include_income=True)) == s
    assert scenario_from_state(state_from_scenario(s)) == s


def test_a_share_link_leaves_out_the_adjusted_gross_income_unless_asked() -> None:
    s = scenario(PAYMENTS[3], TAXES[2])
    shared = share.decode_link(share.encode_for_link(s))
    assert shared.tax is not None and shared.tax.agi is None and not shared.tax.itemizes
    assert shared.payment == s.payment and shared.tax.marginal_rate == 0.12


def test_report_carries_the_paying_section_and_its_sources() -> None:
    s = scenario(PAYMENTS[4], TAXES[2])
    est = estimate(s, draws=0)
    page = share.html_report(est, headline(est), [], walkthrough(est))
    assert words.by_year_line(est.paying) in page.replace("&#x27;", "'")
    for title in ("Ways to pay", "Tax, and paying from an HSA or FSA", "Free or cheaper routes"):
        assert f"<h2>{title}</h2>" in page
    assert "Deferred-interest medical card (yours" in page
    assert "IRS Publication 502" in page and "clinicaltrials.gov" in page


def _rows(owed: list[float], added: list[float]) -> list[dict[str, Any]]:
    import datetime as dt

    return [
        {"month": dt.date(2027, 1 + i, 1), "bills": 0.0, "paid": 0.0, "interest_added": a,
         "interest_waiting": 0.0, "owed": o}
        for i, (o, a) in enumerate(zip(owed, added, strict=True))
    ]  # fmt: skip


def test_cliff_chart_marks_the_promotion_s_end_and_the_interest_added() -> None:
    fig = cliff_chart(_rows([900, 600, 354, 61], [0, 0, 54, 7]), promo_end=2, title="t")
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == "2027-03-01"
    (note,) = fig.layout.annotations
    assert note.text == "Promotion ends: +$54"
    cleared = cliff_chart(_rows([900, 0], [0, 0]), promo_end=5, title="t")
    assert not cleared.layout.shapes  # the promotion ends after the last month drawn
