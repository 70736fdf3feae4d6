"""The payer mix (pricing.scenario.clinic_section.PayerMix): errors in percent and plain words
(issue 14 item 7), and out-of-network clients, who pay the clinic cash and are reimbursed by their
plan on a superbill: for the clinic's revenue they are self-pay clients."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import clinic
from pricing.scenario import ScenarioError
from tests.pricing.clinic.cases import ISSUE_EXAMPLE, MIXED, section

ROOT = Path(__file__).resolve().parents[3]
IV = [{"modality": "iv_ketamine", "share": 1, "price": 600, "direct_cost": 150}]


# --- errors in percent and plain words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("mix", "words"),
    [
        # 0.7 + 0.4 = 1.1 -> 110%.
        ({"self_pay": 0.7, "commercial": 0.4}, "The payer mix adds up to 110% (self-pay 70%, "
         "commercial 40%); it must add up to 100%"),
        # 0.5 + 0.4 = 0.9 -> 90%.
        ({"self_pay": 0.5, "out_of_network": 0.4}, "The payer mix adds up to 90% (self-pay 50%, "
         "out of network 40%); it must add up to 100%"),
    ],
)  # fmt: skip
def test_a_payer_mix_that_does_not_add_up_is_said_in_percent(
    mix: dict[str, float], words: str
) -> None:
    with pytest.raises(ScenarioError) as err:
        section(offerings=IV, payer_mix=mix)
    assert err.value.field == "clinic.payer_mix"
    assert str(err.value) == f"clinic.payer_mix: {words}"


def test_treatment_and_tier_shares_are_said_in_percent() -> None:
    with pytest.raises(ScenarioError) as err:
        section(offerings=[{**IV[0], "share": 0.8}])
    # 0.8 -> 80%.
    assert str(err.value) == (
        "clinic.offerings: The treatments' shares of sessions add up to 80%; they must add up "
        "to 100%"
    )
    tiers = [{"max_poverty_percent": 200, "discount": 0.5, "share": 0.7},
             {"max_poverty_percent": 300, "discount": 0.2, "share": 0.45}]  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        section(offerings=IV, sliding_scale=tiers)
    # 0.7 + 0.45 = 1.15 -> 115%.
    assert "add up to 115%; at most 100% of them" in str(err.value)


def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path: Path) -> None:
    file = tmp_path / "clinic.yaml"
    file.write_text(
        ISSUE_EXAMPLE.replace("{self_pay: 1.0}", "{self_pay: 0.7, out_of_network: 0.4}"),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(file)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"{file}: clinic.payer_mix: The payer mix adds up to 110% (self-pay 70%, out of network "
        "40%); it must add up to 100%"
    ]


def test_the_page_form_says_it_in_percent() -> None:
    form = clinic.start_form("iv_ketamine")
    # The page's percent widgets: 70 + 40 = 110.
    form["payer_percent"] = {**form["payer_percent"], "self_pay": 70, "commercial": 40}
    with pytest.raises(ScenarioError) as err:
        clinic.section_from_form(form)
    assert "The payer mix adds up to 110%" in str(err.value)
    assert "\n" not in str(err.value)


# --- out-of-network clients pay the clinic cash ---------------------------------------------------


def test_out_of_network_clients_bring_what_self_pay_clients_bring() -> None:
    # The issue's clinic with 40% of clients reimbursed out of network: they pay $600 a session
    # like everyone else, so revenue stays 600, margin 600 - 150 = 450 and profit
    # 120 x 450 - 45,000 = 9,000: the clinic is paid in full.
    result = clinic.analyse(
        section(fixed_costs_per_month=45000, booked_sessions_per_month=120, no_show_rate=0,
                offerings=IV, payer_mix={"self_pay": 0.6, "out_of_network": 0.4})
    )  # fmt: skip
    assert result.revenue_per_session == pytest.approx(600)
    assert result.monthly_profit == pytest.approx(9000)
    rows = result.by_offering_and_payer().set_index("payer")
    oon = rows.loc["Out of network (superbill)"]
    assert oon["paid_by"] == "client"
    assert oon["share_of_sessions"] == pytest.approx(0.4)
    assert oon["revenue_per_session"] == pytest.approx(600)


def test_out_of_network_clients_take_the_sliding_scale_like_other_cash_clients() -> None:
    # MIXED moves 0.4 of its 0.5 self-pay clients to out of network: revenue stays
    # 0.5 x 450 + 0.5 x 972 = 711 (tests/pricing/clinic/test_economics.py works it out).
    mixed = {**MIXED, "payer_mix": {"self_pay": 0.1, "out_of_network": 0.4, "commercial": 0.3,
                                    "medicare": 0.2}}  # fmt: skip
    assert clinic.analyse(section(**mixed)).revenue_per_session == pytest.approx(711)


@st.composite
def moved(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """MIXED, and MIXED with part of its self-pay share moved to out of network."""
    part = draw(st.floats(min_value=0, max_value=0.5))
    mix = {**MIXED["payer_mix"], "self_pay": 0.5 - part, "out_of_network": part}
    return MIXED, {**MIXED, "payer_mix": mix}


@settings(max_examples=30, deadline=None)
@given(moved())
def test_moving_clients_out_of_network_never_changes_the_clinic_figures(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = (clinic.analyse(section(**s)) for s in pair)
    assert after.revenue_per_session == pytest.approx(before.revenue_per_session)
    assert after.monthly_profit == pytest.approx(before.monthly_profit)
    assert after.sliding_scale_cost_per_session == pytest.approx(
        before.sliding_scale_cost_per_session
    )
