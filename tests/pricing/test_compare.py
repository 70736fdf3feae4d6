"""Compare options: cumulative cost by date, cheapest at 3/6/12 months, and when the order changes.

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

from pricing.compare import compare, months_later
from pricing.scenario import from_dict

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
