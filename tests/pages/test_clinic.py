"""AppTest for the Clinic pricing page (app_pages/clinic.py).

The golden check types the issue's example clinic into the widgets and reads the metrics:
revenue $600, margin $450, profit 120 x 450 - 45,000 = $9,000, break-even 45,000 / 450 = 100.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "app_pages" / "clinic.py")
pytestmark = pytest.mark.xdist_group("apptest")


def app() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=90).run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def set_number(at: AppTest, key: str, value: float) -> None:
    at.number_input(key=key).set_value(value)


def issue_example(at: AppTest) -> AppTest:
    """The issue's clinic: IV only at $600, $150 direct cost, 120 booked, no no-shows,
    $45,000 fixed, all self-pay, no sliding scale."""
    set_number(at, "clinic_iv_ketamine_price", 600)
    set_number(at, "clinic_iv_ketamine_drug", 150)
    for key in ("supplies", "rn", "prescriber", "therapist"):
        set_number(at, f"clinic_iv_ketamine_{key}", 0)
    set_number(at, "clinic_fixed", 45000)
    set_number(at, "clinic_booked", 120)
    set_number(at, "clinic_no_show", 0)
    set_number(at, "clinic_tier_count", 0)
    return at.run()


def test_page_runs_with_defaults_and_labels_every_widget() -> None:
    at = app()
    assert not at.exception
    assert not at.error
    shown = metrics(at)
    for label in ("Revenue per session", "Margin per session", "Profit per month"):
        assert shown[label].startswith(("$", "-$")), label
    # Every widget has a label a screen reader can read.
    widgets = [*at.number_input, *at.selectbox, *at.multiselect, *at.checkbox, *at.radio]
    assert widgets
    assert all(str(w.label).strip() for w in widgets)


def test_issue_example_through_the_widgets() -> None:
    at = issue_example(app())
    assert not at.exception and not at.error
    shown = metrics(at)
    assert shown["Revenue per session"] == "$600"
    assert shown["Margin per session"] == "$450"
    assert shown["Profit per month"] == "$9,000"
    assert shown["Break-even / month"] == "100"
    # Capacity with the default 3 rooms x 8 h x 21 days x 60 = 30,240 minutes over the default
    # IV room time, 100 min = 302.4, shown whole; break-even needs 100 / 302.4 = 33% of it. The
    # CLI prints the same for the same clinic (tests/pricing/clinic/test_fill.py).
    assert shown["Capacity / month"] == "302"
    assert shown["Break-even use"] == "33%"


def test_no_shows_and_payer_mix_change_the_figures() -> None:
    at = issue_example(app())
    # 10% no-shows: delivered 108; profit 108 x 450 - 45,000 = 3,600; break-even booked 100 / 0.9.
    set_number(at, "clinic_no_show", 10)
    at.run()
    shown = metrics(at)
    assert shown["Profit per month"] == "$3,600"
    assert shown["Break-even / month"] == "111"


def test_bad_payer_mix_names_the_field_and_keeps_the_last_figures() -> None:
    at = issue_example(app())
    set_number(at, "clinic_payer_self_pay", 90)  # the shares now add up to 90%
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "clinic.payer_mix" in message and "\n" not in message
    # In percent and plain words: 90 + 0 + ... = 90%.
    assert "The payer mix adds up to 90% (self-pay 90%); it must add up to 100%" in message
    # What worked before stays on screen.
    assert metrics(at)["Profit per month"] == "$9,000"


def test_spravato_needs_two_hours_and_shows_insurer_rates() -> None:
    at = app()
    at.multiselect(key="clinic_treatments").set_value(["iv_ketamine", "spravato"]).run()
    assert not at.exception and not at.error
    labels = [w.label for w in at.number_input]
    assert "Medicare ($)" in labels
    set_number(at, "clinic_spravato_minutes", 60)
    at.run()
    assert len(at.error) == 1
    assert "session_minutes" in at.error[0].value and "observation" in at.error[0].value


def test_no_treatment_chosen_is_an_error_not_a_crash() -> None:
    at = app()
    at.multiselect(key="clinic_treatments").set_value([]).run()
    assert not at.exception
    assert len(at.error) == 1 and "treatment" in at.error[0].value


def test_reach_shows_a_share_and_falls_when_the_price_rises() -> None:
    at = issue_example(app())
    label = next(m for m in metrics(at) if m.startswith("Households who can afford"))
    low = int(metrics(at)[label].rstrip("%"))
    assert 0 <= low <= 100
    set_number(at, "clinic_iv_ketamine_price", 1500)
    at.run()
    high = int(metrics(at)[label].rstrip("%"))
    assert high < low


def test_each_chart_has_a_summary_line() -> None:
    at = app()
    summaries = [c.value for c in at.caption if c.value.startswith("Summary:")]
    # volume, profit sweep, margin by payer, sliding scale, reach
    assert len(summaries) == 5


def test_page_reach_is_the_cli_reach_for_the_same_market() -> None:
    from pricing import clinic
    from pricing.defaults import clinic as clinic_defaults
    from pricing.scenario import loads

    at = issue_example(app())
    label = next(m for m in metrics(at) if m.startswith("Households who can afford"))
    # The page's market: reach_households (clinic.yaml) at the population's default seed, with
    # US income shares; the CLI's reach_summary with that size counts the same households.
    section = loads(
        "version: 1\nmodality: iv_ketamine\nclinic:\n  fixed_costs_per_month: 45000\n"
        "  booked_sessions_per_month: 120\n  no_show_rate: 0.0\n  offerings:\n"
        "    - {modality: iv_ketamine, share: 1.0, price: 600, direct_cost: 150}\n"
        "  payer_mix: {self_pay: 1.0}\n"
    ).clinic
    assert section is not None
    households = int(clinic_defaults.start_value("reach_households"))
    share = clinic.reach_summary(section, households=households)["share"]
    assert metrics(at)[label] == f"{share:.0%}"


def test_page_says_which_course_and_the_uptake() -> None:
    at = app()
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any("first series only: 6 treatment sessions" in t for t in texts)
    assert any(t.startswith("Sliding-scale uptake: every self-paying household") for t in texts)


def test_widget_bounds_come_from_the_scenario_models() -> None:
    at = app()
    # ClinicSection.no_show_rate is a share (0..1): the widget runs 0..100 percent.
    no_show = at.number_input(key="clinic_no_show")
    assert (no_show.min, no_show.max) == (0, 100)
    # ClinicSection.rooms: 1..500; Package.sessions: 2..100.
    rooms = at.number_input(key="clinic_rooms")
    assert (rooms.min, rooms.max) == (1, 500)
    series = at.number_input(key="clinic_iv_ketamine_pkg_sessions")
    assert (series.min, series.max) == (2, 100)


def test_switching_the_spravato_route_changes_the_margin() -> None:
    from pricing.defaults import clinic as clinic_defaults
    from pricing.report import money

    at = app()
    at.multiselect(key="clinic_treatments").set_value(["spravato"]).run()
    assert not at.exception and not at.error
    # Page defaults: all self-pay, sliding scale keeps 1 - (0.1 x 0.5 + 0.15 x 0.25) = 0.9125.
    # Buy and bill: the self-pay price is the G-code midpoint (906.51 + 1,289.82) / 2 = 1,098.165;
    # 1,098.165 x 0.9125 = 1,002.0755625 - 1,076.8366 (drug 1,000.4391 at the 2026 price +
    # supplies 5 + staff 71.3975) = -74.7610375 (issue 14: at the 2019 drug price it was 185.69).
    assert metrics(at)["Margin per session"] == "-$74.76"
    shown = metrics(at)
    assert shown["Buy and bill: margin per session"] == "-$74.76"
    # Visit only: 350 x 0.9125 = 319.375 - 76.3975 = 242.9775; per 12-session course 2,915.73.
    assert shown["Visit only: margin per session"] == "$242.98"
    assert shown["Visit only: margin per 12-session course"] == "$2,916"
    texts = [m.value for m in at.markdown]
    # 242.9775 - -74.7610375 = 317.7385375.
    assert any(t.startswith("Billing only the visit earns $317.74 more per session") for t in texts)
    # The advice names the drug price it used.
    advice = next(t for t in texts if t.startswith("Billing only the visit"))
    assert f"The drug is priced at {money(clinic_defaults.spravato_drug_cost(), exact=True)}" in (
        advice
    )

    at.radio(key="clinic_spravato_route").set_value("visit_only").run()
    assert not at.exception and not at.error
    assert metrics(at)["Margin per session"] == "$242.98"
    # The drug cost restarts at 0 and cannot be typed on the visit-only route.
    drug = at.number_input(key="clinic_spravato_visit_only_drug")
    assert drug.value == 0 and drug.disabled
    # Back to buy and bill: the route's own defaults again.
    at.radio(key="clinic_spravato_route").set_value("buy_and_bill").run()
    assert metrics(at)["Margin per session"] == "-$74.76"


def test_price_card_for_the_issue_clinic() -> None:
    at = issue_example(app())
    shown = metrics(at)
    # All self-pay at 120 delivered sessions: break-even 150 + 45,000 / 120 = $525; a 20% margin
    # (clinic.yaml's starting target) 525 / 0.8 = $656.25; the 6-infusion course 6 x 656.25.
    assert shown["Break-even price"] == "$525"
    assert shown["Price for a 20% margin"] == "$656.25"
    assert shown["6-session package at 20%"] == "$3,937.50"
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("IV infusion self-pay price per session (now $600), at 120 booked sessions")
        and "$150 direct cost per IV infusion session" in c
        for c in captions
    )
    # A 10% target: 525 / 0.9 = $583.33; the package 6 x 583.33 = $3,500.
    set_number(at, "clinic_target_margin", 10)
    at.run()
    assert metrics(at)["Price for a 10% margin"] == "$583.33"
    assert metrics(at)["6-session package at 10%"] == "$3,500"


def test_out_of_network_clients_keep_revenue_and_widen_reach() -> None:
    at = issue_example(app())
    label = next(m for m in metrics(at) if m.startswith("Households who can afford"))
    before = int(metrics(at)[label].rstrip("%"))
    # 40% of clients reimbursed on a superbill: $1,000 deductible, 30% coinsurance, 80% allowed.
    set_number(at, "clinic_payer_self_pay", 60)
    set_number(at, "clinic_payer_out_of_network", 40)
    set_number(at, "clinic_oon_deductible", 1000)
    set_number(at, "clinic_oon_coinsurance", 30)
    set_number(at, "clinic_oon_allowed", 80)
    at.run()
    assert not at.exception and not at.error
    shown = metrics(at)
    # The clinic is paid in full: revenue $600, profit $9,000 as before.
    assert shown["Revenue per session"] == "$600"
    assert shown["Profit per month"] == "$9,000"
    assert shown["Revenue change per session"] == "$0"
    assert int(shown["Reach if none were reimbursed"].rstrip("%")) == before
    assert int(shown["Reach with your superbill"].rstrip("%")) >= before
    texts = [m.value for m in at.markdown]
    # 6 x 0.8 x 600 = 2,880 allowed; 70% of 2,880 - 1,000 = 1,316 back; 3,850 - 1,316 = 2,534.
    assert any("reimbursed $1,316, so the net cost is $2,534 instead of $3,850" in t for t in texts)
    assert any(t.startswith("Out-of-network clients (40%) pay your price up front") for t in texts)
