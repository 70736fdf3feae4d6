"""Clinic economics (pricing/clinic.py): golden cases worked by hand, invariants, and the CLI.

Every expected number below was worked out with pencil arithmetic (in the comments) from the
model in pricing/clinic.py's docstring, before the code was run.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import clinic, defaults
from pricing.scenario import ScenarioError, dump_yaml, loads

ROOT = Path(__file__).resolve().parents[3]

ISSUE_EXAMPLE = """\
version: 1
modality: iv_ketamine
clinic:
  fixed_costs_per_month: 45000
  booked_sessions_per_month: 120
  no_show_rate: 0.0
  offerings:
    - {modality: iv_ketamine, share: 1.0, price: 600, direct_cost: 150}
  payer_mix: {self_pay: 1.0}
"""


def section(**fields: Any) -> clinic.ClinicSection:
    return clinic.section_from_dict(fields)


# --- golden cases ------------------------------------------------------------------------------


def test_issue_example() -> None:
    result = clinic.analyse(loads(ISSUE_EXAMPLE).clinic)  # type: ignore[arg-type]
    # Everyone pays cash, no sliding scale: revenue 600; margin 600 - 150 = 450.
    assert result.revenue_per_session == pytest.approx(600)
    assert result.margin_per_session == pytest.approx(450)
    # No-shows 0: delivered = 120; profit = 120 x 450 - 45,000 = 54,000 - 45,000 = 9,000.
    assert result.delivered_sessions_per_month == pytest.approx(120)
    assert result.monthly_profit == pytest.approx(9000)
    # Break-even: 45,000 / 450 = 100 delivered (= booked, no no-shows).
    assert result.break_even_sessions_per_month == pytest.approx(100)
    assert result.break_even_booked_sessions_per_month == pytest.approx(100)
    # No rooms or hours given: no capacity.
    assert result.capacity_sessions_per_month is None


MIXED = {
    "fixed_costs_per_month": 30000,
    "booked_sessions_per_month": 200,
    "no_show_rate": 0.1,
    "claim_denial_rate": 0.1,
    "offerings": [
        {"modality": "iv_ketamine", "share": 0.5, "price": 500, "direct_cost": 100,
         "session_minutes": 90},
        {"modality": "spravato", "share": 0.5, "price": 1200, "direct_cost": 800,
         "session_minutes": 150, "allowed": {"commercial": 1000, "medicare": 900}},
    ],
    "payer_mix": {"self_pay": 0.5, "commercial": 0.3, "medicare": 0.2},
    "sliding_scale": [{"max_poverty_percent": 200, "discount": 0.5, "share": 0.2}],
    "rooms": 2,
    "hours_per_day": 8,
    "days_per_month": 20,
}  # fmt: skip


def test_payer_mix_no_shows_and_sliding_scale() -> None:
    result = clinic.analyse(section(**MIXED))
    # Sliding scale keeps 1 - 0.2 x 0.5 = 0.9 of a cash price on average.
    # IV: no insurer here covers it, so every client pays cash: 500 x 0.9 = 450.
    # Spravato: cash 0.5 x (1200 x 0.9 = 1080) = 540; commercial 0.3 x (1000 x 0.9 denials) = 270;
    #   Medicare 0.2 x (900 x 0.9) = 162; total 540 + 270 + 162 = 972.
    # Mix: 0.5 x 450 + 0.5 x 972 = 225 + 486 = 711.
    assert result.revenue_per_session == pytest.approx(711)
    # Direct cost 0.5 x 100 + 0.5 x 800 = 450; margin 711 - 450 = 261.
    assert result.direct_cost_per_session == pytest.approx(450)
    assert result.margin_per_session == pytest.approx(261)
    # Delivered 200 x 0.9 = 180; profit 180 x 261 - 30,000 = 46,980 - 30,000 = 16,980.
    assert result.delivered_sessions_per_month == pytest.approx(180)
    assert result.monthly_profit == pytest.approx(16980)
    # Break-even 30,000 / 261 = 114.94 delivered = 114.94 / 0.9 = 127.71 booked.
    assert result.break_even_sessions_per_month == pytest.approx(30000 / 261)
    assert result.break_even_booked_sessions_per_month == pytest.approx(30000 / 261 / 0.9)
    # Capacity: 2 rooms x 8 h x 60 min x 20 days = 19,200 minutes; average session
    # 0.5 x 90 + 0.5 x 150 = 120 min -> 160 sessions. Break-even needs 127.71 / 160 = 79.8%.
    assert result.capacity_sessions_per_month == pytest.approx(160)
    assert result.utilisation_to_break_even == pytest.approx(30000 / 261 / 0.9 / 160)
    assert result.utilisation_at_booked == pytest.approx(200 / 160)
    # The tier: cash list revenue per session = 0.5 x 1.0 x 500 + 0.5 x 0.5 x 1200 = 550;
    # it gives up 0.2 x 0.5 x 550 = 55 per session, x 180 delivered = 9,900 a month.
    tiers = result.sliding_tiers()
    assert tiers["margin_change_per_session"].tolist() == pytest.approx([-55])
    assert tiers["monthly_profit_change"].tolist() == pytest.approx([-9900])
    assert result.sliding_scale_cost_per_session == pytest.approx(55)
    # A tier client's cash session, averaged over the sessions paid in cash: IV 0.5 x 1.0 = 0.5
    # of sessions, Spravato 0.5 x 0.5 (its cash payers) = 0.25; 0.75 in all.
    # Price (0.5 x 500 + 0.25 x 1200) / 0.75 = 550 / 0.75 = 733.33, half off = 366.67;
    # cost (0.5 x 100 + 0.25 x 800) / 0.75 = 250 / 0.75 = 333.33; margin 33.33.
    # (Weighting by every session, as a first version did, gave -25: it averaged in the
    # insurer-paid Spravato sessions.)
    assert tiers["margin_per_self_paid_session"].tolist() == pytest.approx([100 / 3])


def test_margin_by_treatment_and_payer() -> None:
    table = clinic.analyse(section(**MIXED)).by_offering_and_payer()
    row = table.set_index(["modality", "payer"])
    # Spravato billed to Medicare: 900 x 0.9 = 810 revenue, 810 - 800 = 10 margin.
    assert row.loc[("spravato", "Medicare"), "revenue_per_session"] == pytest.approx(810)
    assert row.loc[("spravato", "Medicare"), "margin_per_session"] == pytest.approx(10)
    # IV for a Medicare client is paid in cash: 450 revenue, 350 margin.
    assert row.loc[("iv_ketamine", "Medicare"), "paid_by"] == "client"
    assert row.loc[("iv_ketamine", "Medicare"), "margin_per_session"] == pytest.approx(350)
    # Shares of sessions add up to 1 (2 treatments x 4 payers).
    assert table["share_of_sessions"].sum() == pytest.approx(1)


def test_package_price() -> None:
    s = section(
        fixed_costs_per_month=40000,
        booked_sessions_per_month=120,
        no_show_rate=0,
        offerings=[
            {
                "modality": "iv_ketamine",
                "share": 1,
                "price": 600,
                "direct_cost": 150,
                "course_sessions": 6,
                "package": {"sessions": 6, "price": 3000, "uptake": 0.5},
            }
        ],
        payer_mix={"self_pay": 1},
    )
    result = clinic.analyse(s)
    # Package: 3000 / 6 = 500 a session; half the sessions at 600, half at 500 -> 550.
    assert result.revenue_per_session == pytest.approx(550)
    assert result.margin_per_session == pytest.approx(400)
    # Profit 120 x 400 - 40,000 = 8,000; break-even 40,000 / 400 = 100.
    assert result.monthly_profit == pytest.approx(8000)
    assert result.break_even_sessions_per_month == pytest.approx(100)
    # Per course of 6: revenue 6 x 550 = 3,300; margin 6 x 400 = 2,400.
    per = result.by_offering().iloc[0]
    assert per["revenue_per_course"] == pytest.approx(3300)
    assert per["margin_per_course"] == pytest.approx(2400)
    # Sweep at $1,200: the package keeps its discount (1000 a session), so
    # 0.5 x 1200 + 0.5 x 1000 = 1,100 revenue and 950 margin.
    sweep = clinic.price_sweep(s, prices=np.array([600.0, 1200.0]))
    assert sweep["revenue_per_session"].tolist() == pytest.approx([550, 1100])
    assert sweep["margin_per_session"].tolist() == pytest.approx([400, 950])


def test_direct_cost_from_drug_supplies_and_staff_minutes() -> None:
    s = section(
        offerings=[
            {
                "modality": "iv_ketamine",
                "share": 1,
                "direct_cost": {
                    "drug": 5,
                    "supplies": 20,
                    "other": 0,
                    "staff_minutes": {"rn": 60, "prescriber": 15, "therapist": 0},
                },
            }
        ],
        hourly_rates={"rn": 40, "prescriber": 120},
    )
    # 5 + 20 + 60/60 x 40 + 15/60 x 120 = 5 + 20 + 40 + 30 = 95.
    assert clinic.analyse(s).direct_cost_per_session == pytest.approx(95)


def test_spravato_reuses_the_g_code_rates_and_needs_observation_time() -> None:
    # Medicare pays G2082 for 56 mg and G2083 for 84 mg sessions (modalities.yaml's Spravato
    # price range), weighted by the dose mix in clinic.yaml: low x (1 - s) + high x s.
    codes = defaults.value(defaults.modality("spravato")["treatment_price"])
    s84 = defaults.value(defaults.load("clinic")["clinic"]["spravato"]["share_on_84mg"])
    s = section(
        offerings=[{"modality": "spravato", "share": 1}],
        payer_mix={"medicare": 1},
        claim_denial_rate=0,
    )
    expected = codes["low"] * (1 - s84) + codes["high"] * s84
    assert clinic.analyse(s).revenue_per_session == pytest.approx(expected)
    # A Spravato session shorter than the 2-hour observation is refused, naming the field.
    with pytest.raises(ScenarioError) as err:
        section(offerings=[{"modality": "spravato", "share": 1, "session_minutes": 60}])
    assert err.value.field == "clinic.offerings[0].session_minutes"


def test_no_margin_means_no_break_even() -> None:
    s = section(
        offerings=[{"modality": "iv_ketamine", "share": 1, "price": 100, "direct_cost": 150}],
        payer_mix={"self_pay": 1},
    )
    result = clinic.analyse(s)
    assert result.margin_per_session == pytest.approx(-50)
    assert math.isinf(result.break_even_sessions_per_month)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"offerings": [{"modality": "iv_ketamine", "share": 0.5}]}, "clinic.offerings"),
        (
            {
                "offerings": [{"modality": "iv_ketamine", "share": 1}],
                "payer_mix": {"self_pay": 0.5},
            },
            "clinic.payer_mix",
        ),
        (
            {
                "offerings": [{"modality": "iv_ketamine", "share": 1}],
                "sliding_scale": [
                    {"max_poverty_percent": 300, "discount": 0.2, "share": 0.1},
                    {"max_poverty_percent": 200, "discount": 0.5, "share": 0.1},
                ],
            },
            "clinic.sliding_scale",
        ),
        ({"offerings": [{"modality": "iv_ketamine", "share": 1, "prize": 1}]},
         "clinic.offerings[0].prize"),
        ({"offerings": [{"modality": "iv_ketamine", "share": 1}], "no_show_rate": -0.1},
         "clinic.no_show_rate"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        section(**fields)
    assert err.value.field == field
    assert "\n" not in str(err.value)


def test_scenario_with_clinic_round_trips() -> None:
    scenario = loads(ISSUE_EXAMPLE)
    assert loads(dump_yaml(scenario)) == scenario


# --- invariants ---------------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=5000, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def sections(draw: st.DrawFn) -> clinic.ClinicSection:
    iv_share = draw(shares)
    self_pay = draw(shares)
    commercial = draw(st.floats(min_value=0, max_value=1 - self_pay))
    return section(
        fixed_costs_per_month=draw(money) * 20,
        booked_sessions_per_month=draw(st.floats(min_value=0, max_value=2000)),
        no_show_rate=draw(st.floats(min_value=0, max_value=0.9)),
        claim_denial_rate=draw(shares),
        offerings=[
            {"modality": "iv_ketamine", "share": iv_share, "price": draw(money),
             "direct_cost": draw(money)},
            {"modality": "spravato", "share": 1 - iv_share, "price": draw(money),
             "direct_cost": draw(money)},
        ],
        payer_mix={"self_pay": self_pay, "commercial": commercial,
                   "medicare": max(0.0, 1 - self_pay - commercial)},
        sliding_scale=[{"max_poverty_percent": 200, "discount": draw(shares),
                        "share": draw(shares)}],
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(sections(), st.floats(min_value=1, max_value=500))
def test_profit_rises_with_volume_when_margin_is_positive(
    s: clinic.ClinicSection, extra: float
) -> None:
    before = clinic.analyse(s)
    more = s.model_copy(update={"booked_sessions_per_month": s.booked_sessions_per_month + extra})
    after = clinic.analyse(more)
    # A margin below a millionth of a cent vanishes in float rounding against fixed costs
    # (hypothesis found 1.4e-45); such a margin may leave profit level, never lower it.
    if before.margin_per_session > 1e-6 and s.no_show_rate < 1:
        assert after.monthly_profit > before.monthly_profit
    elif before.margin_per_session >= 0:
        assert after.monthly_profit >= before.monthly_profit - 1e-6
    else:
        assert after.monthly_profit <= before.monthly_profit + 1e-6


@settings(max_examples=60, deadline=None)
@given(sections())
def test_break_even_times_margin_is_fixed_costs(s: clinic.ClinicSection) -> None:
    result = clinic.analyse(s)
    if result.margin_per_session > 0:
        assert result.break_even_sessions_per_month * result.margin_per_session == pytest.approx(
            s.fixed_costs_per_month
        )
        # And at break-even volume the profit is zero.
        at = s.model_copy(
            update={"booked_sessions_per_month": result.break_even_booked_sessions_per_month}
        )
        assert clinic.analyse(at).monthly_profit == pytest.approx(
            0, abs=1e-6 * (1 + s.fixed_costs_per_month)
        )
    else:
        assert math.isinf(result.break_even_sessions_per_month)


@settings(max_examples=40, deadline=None)
@given(sections())
def test_sweep_agrees_with_the_point_result_and_rises_with_price(s: clinic.ClinicSection) -> None:
    current = s.offerings[0].price
    sweep = clinic.price_sweep(s, 0, np.array([current, current + 100.0]))
    point = clinic.analyse(s)
    assert sweep["margin_per_session"].iloc[0] == pytest.approx(point.margin_per_session, abs=1e-6)
    assert sweep["monthly_profit"].iloc[0] == pytest.approx(point.monthly_profit, abs=1e-6)
    assert sweep["margin_per_session"].iloc[1] >= sweep["margin_per_session"].iloc[0] - 1e-9


# --- the command line --------------------------------------------------------------------------


def run_cli(tmp_path: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    file = tmp_path / "clinic.yaml"
    file.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(file), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_json_for_the_issue_example(tmp_path: Path) -> None:
    done = run_cli(tmp_path, ISSUE_EXAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["revenue_per_session"] == 600
    assert out["margin_per_session"] == 450
    assert out["delivered_sessions_per_month"] == 120
    assert out["monthly_profit"] == 9000
    assert out["break_even_sessions_per_month"] == 100
    assert out["capacity_sessions_per_month"] is None
    assert 0 <= out["reach"] <= 1
    assert out["reach"] == out["reach_detail"]["share"]
    assert out["reach_detail"]["by_treatment"][0]["course_sessions"] == 6  # six infusions


def test_cli_capacity_when_rooms_and_hours_are_given(tmp_path: Path) -> None:
    # 3 rooms x 8 h x 60 x 21 days = 30,240 minutes / 120-minute sessions = 252.
    text = ISSUE_EXAMPLE.replace(
        "price: 600, direct_cost: 150}", "price: 600, direct_cost: 150, session_minutes: 120}"
    )
    text += "  rooms: 3\n  hours_per_day: 8\n  days_per_month: 21\n"
    out = json.loads(run_cli(tmp_path, text, "--json").stdout)
    assert out["capacity_sessions_per_month"] == 252


def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    done = run_cli(tmp_path, ISSUE_EXAMPLE.replace("share: 1.0", "share: 0.8"), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "clinic.offerings" in lines[0]
    assert "Traceback" not in done.stderr


def test_cli_without_a_clinic_section(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "version: 1\nmodality: iv_ketamine\n")
    assert done.returncode == 2
    assert "clinic" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# --- reach ----------------------------------------------------------------------------------------


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
