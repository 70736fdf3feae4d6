"""The clinic's Spravato drug cost comes from the one dated drug price (spravato_billing.yaml
drug_price), never a number in pricing/clinic, and the buy-and-bill advice names the price it
used and its date (issue 14 item 7, with defect 1's price update).

The fixture replaces the drug price with values by date, as the defaults hold them from the
third edition: the 2019 launch price, then from 2026-01-01 $766.62 (56 mg) and $1,149.93 (84 mg).
The default start date (2027-01-04) falls under the 2026 value. Hand-worked figures:
- drug cost by dose mix (61% at 84 mg): 766.62 x 0.39 + 1,149.93 x 0.61 = 298.9818 + 701.4573
  = 1,000.4391 (at the launch price: 590 x 0.39 + 885 x 0.61 = 769.95);
- staff 71.3975 (nurse 75 min at 39.05/h + prescriber 10 min at 135.51/h) and supplies 5:
  buy and bill 1,000.4391 + 76.3975 = 1,076.8366; visit only 76.3975.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import pricing.defaults.clinic as clinic_defaults_module
import pricing.defaults.spravato as spravato_module
from pricing import clinic
from pricing.defaults import load
from pricing.explain import clinic as words
from tests.pricing.clinic.cases import section

ROOT = Path(__file__).resolve().parents[3]
DATED = {
    "unit": "USD per session, drug only (low = 56 mg, high = 84 mg)",
    "values": [
        {"from": dt.date(2019, 3, 5), "value": {"low": 590, "high": 885},
         "source": "stat_spravato_launch_price", "as_of": dt.date(2019, 3, 22)},
        {"from": dt.date(2026, 1, 1), "value": {"low": 766.62, "high": 1149.93},
         "source": "osmind_spravato_jcode", "as_of": dt.date(2026, 2, 5)},
    ],
}  # fmt: skip


@pytest.fixture
def dated_price(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real: Callable[[str], dict[str, Any]] = load

    def patched(name: str) -> dict[str, Any]:
        data = real(name)
        if name != "spravato_billing":
            return data
        data = copy.deepcopy(data)
        data["spravato_billing"]["drug_price"] = DATED
        return data

    monkeypatch.setattr(spravato_module, "load", patched)
    monkeypatch.setattr(clinic_defaults_module, "load", patched)
    yield


def self_pay_spravato() -> clinic.ClinicSection:
    # Bought and billed at $1,200 a session, every client paying cash, no sliding scale.
    return section(offerings=[{"modality": "spravato", "share": 1, "price": 1200}],
                   payer_mix={"self_pay": 1})  # fmt: skip


def test_the_drug_cost_follows_the_dated_price(dated_price: None) -> None:
    used = clinic_defaults_module.spravato_drug_price_used()
    assert used["per_session"] == pytest.approx(1000.4391)
    assert (used["low"], used["high"], used["from"]) == (766.62, 1149.93, "2026-01-01")
    figures = clinic.route_figures(self_pay_spravato(), 0, "buy_and_bill")
    assert figures.drug_cost_per_session == pytest.approx(1000.4391)
    assert figures.direct_cost_per_session == pytest.approx(1076.8366)


def test_the_advice_flips_and_names_the_price_and_its_date(dated_price: None) -> None:
    (routes,) = clinic.analyse(self_pay_spravato()).spravato_routes()
    # Buy and bill: 1,200 - 1,076.8366 = 123.1634; visit only at its default $350 (the middle of
    # $250-$450): 350 - 76.3975 = 273.6025. The visit alone earns 150.4391 more.
    assert routes.extra_margin_per_session == pytest.approx(123.1634 - 273.6025)
    sentence = words.route_comparison(routes)
    assert sentence.startswith("Billing only the visit earns $150.44 more per session")
    assert "The drug is priced at $1,000.44 a session (56 mg $766.62, 84 mg $1,149.93" in sentence
    assert "in force from 2026-01-01" in sentence


def test_at_the_launch_price_the_advice_was_the_other_way() -> None:
    # Today's defaults (the launch price until another figure is dated in): buy and bill
    # 1,200 - (769.95 + 76.3975) = 353.6525 against 273.6025: 80.05 more a session. Skipped once
    # the defaults carry a later price.
    used = clinic_defaults_module.spravato_drug_price_used()
    if used["per_session"] != pytest.approx(769.95):
        pytest.skip("the defaults' drug price is no longer the launch price")
    (routes,) = clinic.analyse(self_pay_spravato()).spravato_routes()
    sentence = words.route_comparison(routes)
    assert sentence.startswith("Buying and billing the drug earns $80.05 more per session")
    assert "The drug is priced at $769.95 a session (56 mg $590, 84 mg $885" in sentence


def test_a_typed_drug_cost_is_named_as_the_managers() -> None:
    s = section(offerings=[{"modality": "spravato", "share": 1, "price": 1200,
                            "direct_cost": {"drug": 950}}], payer_mix={"self_pay": 1})  # fmt: skip
    (routes,) = clinic.analyse(s).spravato_routes()
    assert "The drug is priced at your $950 a session (the default is" in words.route_comparison(
        routes
    )


def test_no_drug_price_is_written_in_the_clinic_code() -> None:
    # The launch prices (590, 885), their dose-mix cost (769.95) and the 2026 figures live in the
    # defaults only.
    for path in (ROOT / "pricing" / "clinic").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for figure in ("590", "885", "769.95", "766.62", "1149.93", "1,149.93"):
            assert figure not in text, f"{path.name} writes {figure}"
