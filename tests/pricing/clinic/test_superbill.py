"""Out-of-network clients (pricing/clinic/superbill.py and the superbill in reach): the clinic is
paid in full; the client's net cost falls by what rule 4 reimburses, priced by the Estimate, and
reach counts the market's households whose plan has an out-of-network benefit as reimbursed.

Golden figures worked by hand before the code ran (arithmetic in the comments)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pricing import clinic, equity
from pricing.clinic.superbill import client_example, superbill_summary
from tests.pricing.clinic.cases import section

ROOT = Path(__file__).resolve().parents[3]
GENEROUS = {"deductible": 1000, "coinsurance": 0.3, "allowed_share": 0.8, "oop_max": None}
INCOME_10 = equity.thresholds()["income_10"]


def iv_clinic(**changes: object) -> clinic.ClinicSection:
    fields: dict[str, object] = {
        "fixed_costs_per_month": 45000, "booked_sessions_per_month": 120, "no_show_rate": 0,
        "offerings": [{"modality": "iv_ketamine", "share": 1, "price": 600, "direct_cost": 150}],
        "payer_mix": {"self_pay": 0.6, "out_of_network": 0.4},
        "out_of_network_terms": GENEROUS,
    }  # fmt: skip
    return section(**{**fields, **changes})


def test_a_client_is_reimbursed_by_rule_4() -> None:
    example = client_example(iv_clinic(), 0)
    # The IV first series: 6 infusions at $600 = 3,600, plus the intake at its default midpoint
    # (150..350 -> 250): charged 3,850. Out of network: allowed 0.8 x 600 = 480 a session, 2,880
    # in all; the first 1,000 is the deductible; the plan pays 70% of the other 1,880 = 1,316.
    # The intake is not covered (the employer plan's rule for IV ketamine): net 3,850 - 1,316.
    assert example.charged == pytest.approx(3850)
    assert example.net_cost_without_superbill == pytest.approx(3850)
    assert example.reimbursed == pytest.approx(1316)
    assert example.net_cost == pytest.approx(2534)
    assert example.course == "the first series only: 6 treatment sessions"


def test_the_default_terms_reimburse_nothing_for_one_series() -> None:
    # insurance.yaml's employer plan: $3,000 deductible, allowed 60%: 6 x 0.6 x 600 = 2,160
    # never passes the deductible, so nothing comes back.
    fields = iv_clinic().model_dump()
    del fields["out_of_network_terms"]
    s = clinic.section_from_dict(fields)
    assert s.out_of_network_terms.deductible == 3000
    assert client_example(s, 0).reimbursed == pytest.approx(0)


def test_revenue_does_not_move_and_the_summary_says_so() -> None:
    summary = superbill_summary(iv_clinic())
    assert summary is not None
    # Everyone pays $600: with or without the superbill the clinic gets 600 a session.
    assert summary["revenue_per_session"] == pytest.approx(600)
    assert summary["revenue_change_per_session"] == pytest.approx(0)
    assert summary["share_of_clients"] == 0.4
    assert superbill_summary(iv_clinic(payer_mix={"self_pay": 1})) is None


def test_a_reimbursed_household_pays_what_the_estimate_says() -> None:
    # One commercially insured household with an out-of-network benefit, settled by the equity
    # model with the clinic's superbill: the Estimate's example client's net cost (2,534).
    people = equity.households([90000], [2], ["commercial"])
    terms = clinic.superbill_of(iv_clinic())
    assert terms is not None
    oop = equity.out_of_pocket(people, "iv_ketamine", clinic.REACH_COURSE, 600.0, None,
                               equity.Reforms(superbill=terms))  # fmt: skip
    assert oop[0] == pytest.approx(2534)
    # Without the superbill, or for an uninsured household, the full 3,850.
    assert equity.out_of_pocket(people, "iv_ketamine", clinic.REACH_COURSE, 600.0)[0] == (
        pytest.approx(3850)
    )
    uninsured = equity.households([90000], [2], ["none"])
    assert equity.out_of_pocket(uninsured, "iv_ketamine", clinic.REACH_COURSE, 600.0, None,
                                equity.Reforms(superbill=terms))[0] == pytest.approx(3850)  # fmt: skip


def test_reach_rises_with_the_superbill_and_never_falls() -> None:
    s = iv_clinic()
    population = clinic.market(3000, 11)
    table = clinic.reach_by_offering(s, population, INCOME_10)
    row = table.iloc[0]
    assert row["reach"] > row["reach_without_superbill"]
    # Without out-of-network clients reach is the old reach: the no-superbill figure.
    plain = clinic.reach_by_offering(iv_clinic(payer_mix={"self_pay": 1}), population, INCOME_10)
    assert plain.iloc[0]["reach"] == row["reach_without_superbill"]
    assert "reach_without_superbill" not in plain.columns
    # At every price of the sweep, the superbill reaches at least as many households.
    prices = np.arange(300.0, 1600.0, 100.0)
    with_bill = clinic.reach_at_prices(s, population, 0, prices, INCOME_10)
    without = clinic.reach_at_prices(s, population, 0, prices, INCOME_10, with_superbill=False)
    assert np.all(with_bill >= without)
    assert np.all(np.diff(with_bill) <= 0)  # and reach still falls as the price rises


def test_the_cli_prints_the_out_of_network_block() -> None:
    file = ROOT / "scenarios" / "clinic_out_of_network.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(file), "--json", "--households", "2000"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    oon = out["out_of_network"]
    assert oon["revenue_change_per_session"] == 0
    assert oon["by_treatment"][0]["reimbursed"] == 1316
    assert oon["by_treatment"][0]["net_cost"] == 2534
    reach = out["reach_detail"]
    assert reach["share"] > reach["share_without_superbill"]
    assert 0 < reach["households_with_out_of_network_benefit"] < 1
