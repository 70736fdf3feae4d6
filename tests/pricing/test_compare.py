"""Compare options: cumulative cost by date, cheapest at 3/6/12 months and over the period, and
when the order changes.

Hand-worked case, no insurance, first session Monday 2027-01-04:
- at-home (the person's own treatment, typed at $1,000 a session): no intake; a first block of
  6 sessions over 4 weeks on days floor(28j/6) = 0, 4, 9, 14, 18, 23; then every 4 weeks from
  day 28 (28, 56, 84, ...).
- in-office KAP at its defaults: intake midpoint (450+550)/2 = $500 on day 0; dosing sessions at
  the midpoint (400+1250)/2 = $825 on days floor(56j/4) = 0, 14, 28, 42, then every 8 weeks from
  day 56 (56, 112, ...); 6 therapy sessions at (175+200)/2 = $187.50 on the first 6 dosing days.
Day 0: at-home 1,000 vs KAP 500 + 825 + 187.50 = 1,512.50, so at-home is cheaper.
Day 4 (2027-01-08): at-home 2,000 > 1,512.50, so KAP becomes the cheaper: the first change.
By 3 months (through 2027-04-03, day 89): at-home 6 + 3 (days 28, 56, 84) = 9 sessions = $9,000;
KAP 500 + 5 dosing (days 0-56) * 825 + 5 therapy * 187.50 = 500 + 4,125 + 937.50 = $5,562.50.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pricing import defaults
from pricing.compare import (
    compare,
    default_period,
    horizons_months,
    months_later,
    period_options,
    scenario_for,
    treatment_names,
)
from pricing.ledger import programme_applies
from pricing.scenario import from_dict, to_dict

START = dt.date(2027, 1, 4)


@pytest.fixture(scope="module")
def comparison():  # type: ignore[no-untyped-def]
    base = from_dict(
        {
            "version": 1,
            "modality": "at_home_ketamine",
            "start_date": "2027-01-04",
            "treatment": {"price": 1000},
        }
    )
    return compare(base, ["at_home_ketamine", "kap_lozenge"], horizon_months=12, draws=0)


def test_cost_by_three_months(comparison) -> None:  # type: ignore[no-untyped-def]
    by = comparison.cost_by(dt.date(2027, 4, 3))
    assert by["at_home_ketamine"] == pytest.approx(9000)
    assert by["kap_lozenge"] == pytest.approx(5562.50)
    assert comparison.cheapest_at(3) == ("kap_lozenge", pytest.approx(5562.50))


def test_first_order_change_is_day_four(comparison) -> None:  # type: ignore[no-untyped-def]
    changes = comparison.order_changes()
    assert changes[0] == (dt.date(2027, 1, 8), "kap_lozenge", "at_home_ketamine")
    assert "In-office KAP becomes the cheapest" in " ".join(comparison.answer())


def test_table_has_a_row_per_treatment_with_horizons(comparison) -> None:  # type: ignore[no-untyped-def]
    table = comparison.table().set_index("modality")
    assert list(table.index) == ["at_home_ketamine", "kap_lozenge"]
    assert table.loc["kap_lozenge", "by 3 months"] == pytest.approx(5562.50)
    assert (table["total low"] <= table["total mid"]).all()
    assert (table["total mid"] <= table["total high"]).all()


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2027, 1, 4), 3, dt.date(2027, 4, 4)),
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),  # clamped to the month's last day
        (dt.date(2027, 11, 15), 3, dt.date(2028, 2, 15)),
    ],
)
def test_months_later(start: dt.date, months: int, expected: dt.date) -> None:
    assert months_later(start, months) == expected


def test_cheapest_and_dearest_over_the_period(comparison) -> None:  # type: ignore[no-untyped-def]
    # The page's caption: over the whole period, at midpoint prices, the treatment that costs
    # least and the one that costs most: the same totals as the table's "total mid" column.
    table = comparison.table().set_index("modality")
    standings = comparison.standings()
    assert [s.total for s in standings] == sorted(table["total mid"])
    cheapest, dearest = comparison.cheapest_over_period(), comparison.dearest_over_period()
    assert cheapest.total == pytest.approx(table["total mid"].min())
    assert dearest.total == pytest.approx(table["total mid"].max())
    assert cheapest.treatment == table.loc[cheapest.modality, "treatment"]
    # At $1,000 a session at-home costs more over a year than KAP at $825 every 8 weeks
    # (see the module docstring: at-home is dearer from day 4 on and stays so).
    assert (cheapest.modality, dearest.modality) == ("kap_lozenge", "at_home_ketamine")


def test_horizons_and_periods_come_from_the_defaults() -> None:
    assert horizons_months() == (3, 6, 12)
    assert period_options() == (3, 6, 12, 24)
    assert default_period() in period_options()
    assert treatment_names()["kap_lozenge"] == "In-office KAP"


def test_a_programme_is_kept_only_for_a_treatment_that_has_one() -> None:
    # A commercially insured Spravato patient with SPRAVATO withMe: comparing against IV ketamine
    # drops the programme (no programme for IV in the defaults); Spravato keeps it, and
    # ledger.programme_applies lets it help (commercial is an eligible kind).
    base = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "insurance": {"kind": "commercial"},
            "assistance": {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150}},
        }
    )
    assert scenario_for(base, "iv_ketamine", 12).assistance.manufacturer is None
    spravato = scenario_for(base, "spravato", 12)
    assert spravato.assistance.manufacturer is not None
    assert programme_applies(spravato)
    # Under Medicare the same programme is kept on the file but helps no one.
    medicare = from_dict({**to_dict(base), "insurance": {"kind": "medicare"}})
    assert not programme_applies(medicare)


def test_compare_draws_come_from_the_defaults() -> None:
    base = from_dict({"version": 1, "modality": "iv_ketamine"})
    result = compare(base, ["iv_ketamine"], horizon_months=3)
    assert result.estimates["iv_ketamine"].draws == defaults.compare_monte_carlo_draws()
    assert compare(base, ["iv_ketamine"], draws=0).horizon_months == default_period()
