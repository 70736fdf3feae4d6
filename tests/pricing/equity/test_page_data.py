"""pricing.equity.page_data: what the page offers and the tables it shows."""

from __future__ import annotations

import pytest

from pricing import course
from pricing.equity import TREATMENTS, Reforms, levers, make_population, page_choices, page_data
from pricing.equity.page_data import (
    NATIONAL,
    PageRequest,
    focus_section,
    map_section,
    settings_of,
    sweep_prices,
    today_section,
)
from pricing.scenario import ScenarioError


def test_page_choices_come_from_the_parameters() -> None:
    choices = page_choices()
    # population.yaml page_household_choices, with the default 20,000 among them.
    assert choices.households == (5_000, 20_000, 100_000)
    assert choices.default_households in choices.households
    assert choices.seed == 20261121
    assert choices.default_threshold == "income_10"
    assert choices.default_focus in choices.treatments
    assert choices.lever_defaults == {
        "price_cap": 500.0,
        "manufacturer_annual_max": 15_000.0,
        "oop_cap": 2_000.0,
    }


def test_sweep_prices() -> None:
    # $400 to $1,500 in $100 steps: 12 prices, both ends included.
    prices = sweep_prices()
    assert prices[0] == 400 and prices[-1] == 1500 and len(prices) == 12


def test_page_data_says_which_course_it_prices() -> None:
    population = make_population(600, 4)
    data = page_data(population, "induction", "income_25", levers(["price_cap"]), "iv_ketamine")
    assert data.courses == {t: course.describe_named(t, "induction") for t in TREATMENTS}
    assert data.threshold.share == 0.25 and data.levers == ["price_cap"]
    assert data.seed == 20261121
    assert len(data.sweep["all"]) == len(data.sweep_prices)
    assert sum(data.kind_shares.values()) == pytest.approx(1.0)
    # A price cap never prices more households out than today.
    assert data.priced_out_reform["iv_ketamine"]["all"] <= data.priced_out["iv_ketamine"]["all"]


def test_levers_from_the_address() -> None:
    from pricing.equity.page_data import parse_levers

    # Known names, each once, in the order given; anything else dropped.
    assert parse_levers("oop_cap, state_subsidy,oop_cap,price_cpa") == ("oop_cap", "state_subsidy")
    assert parse_levers(None) == () and parse_levers("") == ()


def test_rows_for_the_page_rank_and_name_the_payer(six) -> None:  # type: ignore[no-untyped-def]
    from pricing.equity import evaluate
    from pricing.equity.page_data import lever_rows, main_payer, payer_rows, stack_rows
    from tests.pricing.equity.conftest import CAP_8000

    # The six households of conftest.py (test_payers.py works these by hand): the subsidy
    # reaches H1 and H5 (the state pays most), the ban reaches nobody.
    reforms = {
        "ban": CAP_8000.combine(levers(["ban_accumulators"])),
        "subsidy": CAP_8000.combine(levers(["state_subsidy"])),
    }
    figures = evaluate(six, ["spravato"], "induction", "income_10", reforms).figures
    rows = lever_rows(figures, "spravato")
    assert [r["reform"] for r in rows] == ["subsidy", "ban"]
    assert rows[0]["people"] == 2 and rows[0]["main_payer"] == "state_programme"
    assert rows[0]["people_band"] is None  # no parameter draws: no band
    steps = stack_rows(figures, "spravato")
    assert [s["reform"] for s in steps] == ["ban", "subsidy"]
    assert steps[-1]["total_people"] == 2
    payers = payer_rows(figures, "spravato")
    assert [r["payer"] for r in payers][-1] == "total"
    assert set(payers[0]) >= {"ban", "subsidy", "all together"}
    assert (
        main_payer(
            dict.fromkeys(
                (
                    "patients",
                    "commercial_insurers",
                    "medicare",
                    "medicaid_federal",
                    "medicaid_state",
                    "manufacturer",
                    "clinics",
                    "state_programme",
                ),
                0.0,
            )
        )
        == ""
    )


def _request(**changes: object) -> PageRequest:
    chosen: dict[str, object] = {
        "state": "TX",
        "focus": "spravato",
        "course": "induction",
        "threshold": "income_25",
        "levers": ("oop_cap", "price_cap", "coverage_parity"),
        "households": 5_000,
        "draws": 4,
        "seed": 9,
        "price_cap": 300.0,
        "annual_max": 12_000.0,
        "oop_cap": 1_500.0,
    }
    chosen.update(changes)
    return PageRequest(**chosen)  # type: ignore[arg-type]


def test_the_page_runs_the_section_its_reproduce_file_holds() -> None:
    # Every choice reaches the file, the reforms in stack order with the page's parameters.
    request = _request()
    assert focus_section(request) == {
        "households": 5_000,
        "seed": 9,
        "course": "induction",
        "threshold": "income_25",
        "states": ["TX"],
        "treatments": ["spravato"],
        "uncertainty": 4,
        "reforms": {
            "oop_cap": {"oop_cap": 1_500.0},
            "price_cap": {"price_cap": 300.0},
            "coverage_parity": {"coverage_parity": True},
        },
    }
    today = today_section(request)
    assert today["treatments"] == list(TREATMENTS) and "reforms" not in today
    # Read as the CLI reads a file: the same settings the page's choices mean.
    settings = settings_of(focus_section(request))
    assert settings.states == ("TX",) and settings.treatments == ("spravato",)
    assert (settings.households, settings.seed, settings.uncertainty) == (5_000, 9, 4)
    assert settings.course == "induction" and settings.threshold.share == 0.25
    assert settings.reforms == {
        "oop_cap": Reforms(oop_cap=1_500.0),
        "price_cap": Reforms(price_cap=300.0),
        "coverage_parity": Reforms(coverage_parity=True),
    }
    assert list(settings.reforms) == ["oop_cap", "price_cap", "coverage_parity"]


def test_national_without_bands_and_the_map_sections() -> None:
    national = focus_section(_request(state=NATIONAL, draws=0, levers=("manufacturer_cap",)))
    assert "states" not in national and "uncertainty" not in national
    assert national["reforms"] == {"manufacturer_cap": {"manufacturer_annual_max": 12_000.0}}
    assert settings_of(national).reforms["manufacturer_cap"] == Reforms(
        manufacturer_annual_max=12_000.0
    )
    map_run = settings_of(map_section("typical", "income_10", "iv_ketamine", 1_000, 9))
    assert len(map_run.states) == 51 and map_run.uncertainty == 0
    with pytest.raises(ScenarioError, match="households"):
        settings_of(focus_section(_request(households=0)))
