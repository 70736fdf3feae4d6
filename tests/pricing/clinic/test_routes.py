"""Spravato's two routes for a clinic (pricing/clinic/routes.py): buy and bill, or the visit only.

Every expectation below was worked by hand from the defaults before the code ran:
- dose mix: 61% of sessions at 84 mg, 39% at 56 mg (clinic.yaml);
- drug cost (buy and bill): the drug price in force on the default start date (2026 row of
  spravato_billing.yaml: 56 mg 766.62, 84 mg 1,149.93): 766.62 x 0.39 + 1,149.93 x 0.61
  = 298.9818 + 701.4573 = 1,000.4391 (issue 14: it was the 2019 launch price, 769.95);
- staff: nurse 75 min x 39.05 / 60 = 48.8125, prescriber 10 min x 135.51 / 60 = 22.585,
  so 71.3975; supplies 5. Direct cost: buy and bill 1,000.4391 + 5 + 71.3975 = 1,076.8366;
  visit only 5 + 71.3975 = 76.3975;
- Medicare, buy and bill: G2082/G2083 906.51 x 0.39 + 1,289.82 x 0.61 = 353.5389 + 786.7902
  = 1,140.3291; commercial x 1.0 = 1,140.3291; Medicaid x 0.66 = 752.617206;
- Medicare, visit only: 99215 192.39 + 99415 30 + 99416 9.38 x 1 = 231.77; commercial 231.77;
  Medicaid 0.66 x 231.77 = 152.9682;
- self-pay price: buy and bill (906.51 + 1,289.82) / 2 = 1,098.165; visit only (250 + 450) / 2
  = 350;
- 10% of insurer claims denied: an insurer's rate x 0.9.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pricing import clinic
from pricing.explain import clinic as words
from pricing.scenario import ScenarioError
from tests.pricing.clinic.cases import section

ROOT = Path(__file__).resolve().parents[3]
ROUTES_FILE = ROOT / "scenarios" / "clinic_spravato_routes.yaml"
EVERY_PAYER = {"self_pay": 0.25, "commercial": 0.25, "medicare": 0.25, "medicaid": 0.25}


def spravato(route: str | None = None, **extra: object) -> clinic.ClinicSection:
    offering: dict[str, object] = {"modality": "spravato", "share": 1, **extra}
    if route is not None:
        offering["route"] = route
    return section(offerings=[offering], payer_mix=EVERY_PAYER, claim_denial_rate=0.1)


def test_buy_and_bill_margin_for_each_payer() -> None:
    figures = clinic.route_figures(spravato("buy_and_bill"), 0, "buy_and_bill")
    assert figures.drug_cost_per_session == pytest.approx(1000.4391)
    assert figures.direct_cost_per_session == pytest.approx(1076.8366)
    margin = figures.margin_by_payer
    # Medicare and commercial: 1,140.3291 x 0.9 = 1,026.29619 - 1,076.8366 = -50.54041.
    assert margin["medicare"] == pytest.approx(-50.54041)
    assert margin["commercial"] == pytest.approx(-50.54041)
    # Medicaid: 752.617206 x 0.9 = 677.3554854 - 1,076.8366 = -399.4811146 (a loss on every
    # session).
    assert margin["medicaid"] == pytest.approx(-399.4811146)
    # Self-pay: 1,098.165 - 1,076.8366 = 21.3284.
    assert margin["self_pay"] == pytest.approx(21.3284)


def test_visit_only_margin_for_each_payer() -> None:
    figures = clinic.route_figures(spravato("visit_only"), 0, "visit_only")
    assert figures.drug_cost_per_session == 0
    assert figures.direct_cost_per_session == pytest.approx(76.3975)
    margin = figures.margin_by_payer
    # Medicare and commercial: 231.77 x 0.9 = 208.593 - 76.3975 = 132.1955.
    assert margin["medicare"] == pytest.approx(132.1955)
    assert margin["commercial"] == pytest.approx(132.1955)
    # Medicaid: 152.9682 x 0.9 = 137.67138 - 76.3975 = 61.27388.
    assert margin["medicaid"] == pytest.approx(61.27388)
    # Self-pay: 350 - 76.3975 = 273.6025.
    assert margin["self_pay"] == pytest.approx(273.6025)


def test_both_routes_side_by_side_per_session_course_and_stock() -> None:
    # The example file: 200 booked, 5% no-shows -> 190 delivered; Spravato buy and bill 60%,
    # visit only 40%; payers 10% self-pay, 50% commercial, 30% Medicare, 10% Medicaid.
    from pricing.scenario import load_file

    loaded = load_file(str(ROUTES_FILE)).clinic
    assert loaded is not None
    result = clinic.analyse(loaded)
    first, second = result.spravato_routes()
    assert (first.chosen, second.chosen) == ("buy_and_bill", "visit_only")
    # Buy and bill: 0.1 x 21.3284 + 0.8 x -50.54041 + 0.1 x -399.4811146
    #             = 2.13284 - 40.432328 - 39.94811146 = -78.24759946.
    assert first.buy_and_bill.margin_per_session == pytest.approx(-78.24759946)
    # Visit only: 0.1 x 273.6025 + 0.8 x 132.1955 + 0.1 x 61.27388
    #           = 27.36025 + 105.7564 + 6.127388 = 139.244038.
    assert first.visit_only.margin_per_session == pytest.approx(139.244038)
    # Per 12-session course: -78.24759946 x 12 = -938.97119352; 139.244038 x 12 = 1,670.928456.
    assert first.buy_and_bill.margin_per_course == pytest.approx(-938.97119352)
    assert first.visit_only.margin_per_course == pytest.approx(1670.928456)
    # -78.24759946 - 139.244038 = -217.49163746: at the 2026 drug price billing only the visit
    # earns more (it was +47.59 for buy and bill at the 2019 launch price).
    assert first.extra_margin_per_session == pytest.approx(-217.49163746)
    # Stock: 190 x 0.6 = 114 sessions a month x 1,000.4391 x 1 month = 114,050.0574; the
    # visit-only offering would tie up 190 x 0.4 = 76 x 1,000.4391 = 76,033.3716.
    assert first.drug_stock == pytest.approx(114050.0574)
    assert second.drug_stock == pytest.approx(76033.3716)
    # Offered at the defaults, both offerings compare the same two routes.
    assert second.buy_and_bill.margin_per_session == pytest.approx(-78.24759946)
    # The clinic's own mix: 0.6 x -78.24759946 + 0.4 x 139.244038 = -46.948559676 + 55.6976152
    #                     = 8.749055524.
    assert result.margin_per_session == pytest.approx(8.749055524)
    table = first.table()
    assert list(table["margin_per_session"]) == pytest.approx([-78.24759946, 139.244038])
    assert list(table["margin_medicaid"]) == pytest.approx([-399.4811146, 61.27388])


def test_the_route_in_words() -> None:
    # 47.590162 more a session, 571.081944 more a 12-session course, stock 87,774.30.
    assert words.route_sentence(47.590162, 571.081944, 12, 87774.30, 1.0) == (
        "Buying and billing the drug earns $47.59 more per session ($571.08 more per "
        "12-session course) but ties up about $87,774 in drug stock (a month of its sessions)."
    )
    # With the page's defaults (all self-pay, scale keeps 0.9125): 1,131 x 0.9125 - 846.3475 =
    # 185.69 against 350 x 0.9125 - 76.3975 = 242.9775: visit only earns 57.2875 more.
    said = words.route_sentence(-57.2875, -687.45, 12, 87774.30, 1.0, "visit_only")
    assert said.startswith("Billing only the visit earns $57.29 more per session ($687.45 ")
    assert said.endswith("while buying and billing would tie up about $87,774 in drug stock (a "
                         "month of its sessions).")  # fmt: skip


def test_default_route_is_buy_and_bill_and_keeps_every_figure() -> None:
    plain = clinic.analyse(spravato()).summary()
    explicit = clinic.analyse(spravato("buy_and_bill")).summary()
    assert plain == explicit
    # The mix of the four payers at 25% each: (21.3284 + 2 x -50.54041 - 399.4811146) / 4 =
    # -479.2335346 / 4 = -119.80838365.
    assert plain["margin_per_session"] == pytest.approx(-119.80838365)
    # A clinic without Spravato has no routes in its output.
    iv = section(offerings=[{"modality": "iv_ketamine", "share": 1}])
    assert "spravato_routes" not in clinic.analyse(iv).summary()


def test_typed_rates_belong_to_the_chosen_route() -> None:
    # Medicare typed at 1,000 on buy and bill: 900 after denials - 1,076.8366 = -176.8366; the
    # visit alone keeps its default rate, 132.1955.
    comparison = clinic.compare_routes(spravato("buy_and_bill", allowed={"medicare": 1000}), 100)[0]
    assert comparison.buy_and_bill.margin_by_payer["medicare"] == pytest.approx(-176.8366)
    assert comparison.visit_only.margin_by_payer["medicare"] == pytest.approx(132.1955)


@pytest.mark.parametrize(
    ("offering", "field"),
    [
        ({"modality": "iv_ketamine", "share": 1, "route": "visit_only"}, "route"),
        ({"modality": "spravato", "share": 1, "route": "visit_only", "direct_cost": {"drug": 5}},
         "direct_cost"),
        ({"modality": "spravato", "share": 1, "route": "pharmacy"}, "route"),
    ],
)  # fmt: skip
def test_bad_route_names_the_field(offering: dict[str, object], field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        section(offerings=[offering])
    assert str(err.value).startswith(f"clinic.offerings[0].{field}:")
    assert "\n" not in str(err.value)


def test_page_form_carries_the_route() -> None:
    form = clinic.start_form("spravato")
    assert form["offerings"][0]["route"] == "buy_and_bill"
    visit = {**form["offerings"][0], **clinic.offering_start("spravato", 1, "visit_only")}
    assert (visit["price"], visit["drug"]) == (350, 0)
    built = clinic.section_from_form({**form, "offerings": [visit]})
    assert built.offerings[0].route == "visit_only"
    # No route on the other treatments' form rows.
    assert "route" not in clinic.offering_start("iv_ketamine", 1)


def test_cli_prints_both_routes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(ROUTES_FILE), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    routes = json.loads(done.stdout)["spravato_routes"]
    assert [r["route"] for r in routes] == ["buy_and_bill", "visit_only"]
    assert routes[0]["buy_and_bill"]["margin_per_session"] == pytest.approx(-78.25)
    assert routes[0]["visit_only"]["margin_per_session"] == pytest.approx(139.24)
    assert routes[0]["drug_stock"] == pytest.approx(114050.06)
