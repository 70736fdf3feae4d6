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
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import course, defaults
from pricing.cli.estimate import estimate_object
from pricing.compare import (
    compare,
    default_period,
    horizons_months,
    months_later,
    period_limits,
    period_options,
    scenario_for,
    treatment_names,
)
from pricing.defaults import spravato
from pricing.estimate import estimate
from pricing.ledger import programme_applies
from pricing.scenario import Scenario, from_dict, to_dict
from pricing.scenario.models import MedicareTerms

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


def test_compare_draws_and_seed_are_the_estimates() -> None:
    # Each treatment is what `estimate` prints for its file, Monte Carlo percentiles included:
    # the same default draws and seed as an estimate.
    base = from_dict({"version": 1, "modality": "iv_ketamine"})
    result = compare(base, ["iv_ketamine"], horizon_months=3)
    assert result.estimates["iv_ketamine"].draws == defaults.monte_carlo_draws()
    assert result.estimates["iv_ketamine"].seed == defaults.default_seed()
    assert compare(base, ["iv_ketamine"], draws=0).horizon_months == default_period()
    assert compare(base, ["iv_ketamine"], 3, draws=7, seed=3).estimates["iv_ketamine"].seed == 3


def test_period_limits_hold_every_first_series_and_the_longest_course() -> None:
    # The longest first series is Spravato's and KAP's: 8 weeks. 1 month = round(52/12) = 4
    # weeks is too short; 2 months = round(104/12) = round(8.67) = 9 weeks holds it. The longest
    # course a scenario takes is 260 weeks: 60 months = round(60 x 52 / 12) = 260 weeks.
    assert period_limits() == (2, 60)
    low, high = period_limits()
    assert low <= min(period_options()) and max(period_options()) <= high


# ---------------------------------------------------------------------------------------------
# Issue 14, defect 4: each treatment priced for the same person exactly as `estimate` prices the
# file that person would write for it. The person: their insurance (kind and Medicare type),
# state, household, payment, time and travel and programmes; a file for a treatment gives its
# course (the period's first months) and nothing else about the treatment, so its prices,
# coverage and approval step are the defaults' for that pair, filled as for any file.

MONTHS = 12
SUPPLEMENTS = typing.get_args(MedicareTerms.model_fields["supplement"].annotation)
INSURANCE = [
    ("none", None),
    ("commercial", None),
    ("medicaid", None),
    *[("medicare", supplement) for supplement in SUPPLEMENTS],
]
WITHME = {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150}}
REBATE = {"observation_rebate": {"patient_pays_per_session": 0, "annual_max": 2500}}


def person(
    kind: str, supplement: str | None, start: str = "2026-11-16", state: str | None = "TX"
) -> dict[str, Any]:
    """A person's file without a treatment: starting in late November, so a 12-month course
    crosses 1 January (a new plan year for every kind here)."""
    insurance: dict[str, Any] = {"kind": kind}
    if supplement is not None:
        insurance["medicare"] = {"supplement": supplement}
    return {
        "version": 1,
        "start_date": start,
        "state": state,
        "insurance": insurance,
        "assistance": {"sliding_scale_discount": 0.1, **WITHME, **REBATE},
        "payment": {"pretax_account": True, "marginal_tax_rate": 0.12},
        "time_and_travel": {"travel_cost_per_visit": 15, "hours_per_visit": 3, "hourly_value": 20},
        "household": {"income": 41000, "size": 3},
    }


def for_treatment(someone: dict[str, Any], modality: str) -> dict[str, Any]:
    """The person's file for `modality`, without a course. The programmes are Spravato's
    (SPRAVATO withMe and its observation rebate): a file for a treatment without a
    manufacturer programme has none (the format refuses them)."""
    raw = {**someone, "modality": modality}
    if not defaults.programme_exists(modality):
        raw["assistance"] = {
            **someone["assistance"],
            "manufacturer": None,
            "observation_rebate": None,
        }
    return raw


def file_for(someone: dict[str, Any], modality: str, months: int) -> dict[str, Any]:
    """The file the person would write for `modality` over its first `months` months."""
    raw = for_treatment(someone, modality)
    raw["treatment"] = {
        **someone.get("treatment", {}),
        "phases": course.first_months(modality, months),
    }
    return raw


def as_printed(scenario: Scenario, draws: int | None = None) -> dict[str, Any]:
    """What `python -m pricing estimate FILE --json` prints for the scenario."""
    return estimate_object(estimate(scenario, draws=draws))


@pytest.mark.parametrize(("kind", "supplement"), INSURANCE)
@pytest.mark.parametrize("start", defaults.MODALITIES)
def test_every_treatment_is_priced_as_estimate_prices_its_file(
    start: str, kind: str, supplement: str | None
) -> None:
    # What the person's file says about them: a file for a treatment without a programme
    # cannot name Spravato's, so from such a start the person has none for Spravato either.
    someone = for_treatment(person(kind, supplement), start)
    comparison = compare(from_dict(someone), horizon_months=MONTHS)
    assert list(comparison.estimates) == list(defaults.MODALITIES)
    for target, result in comparison.estimates.items():
        expected = as_printed(from_dict(file_for(someone, target, MONTHS)))
        assert estimate_object(result) == expected, f"{target} from a {start} start"


def test_spravato_from_an_iv_start_is_two_bills_as_in_estimate() -> None:
    # The defect: from an IV start Spravato was one bundled claim at Medicare's G-code price
    # ($906-$1,356 a session) for every insurance kind. Rule 8: outside Medicare a Spravato
    # file without prices is two bills, drug and visit, from the defaults.
    for kind in ("none", "commercial", "medicaid"):
        base = from_dict({"version": 1, "modality": "iv_ketamine", "insurance": {"kind": kind}})
        priced = scenario_for(base, "spravato", 3)
        assert priced.treatment.drug is not None, kind
        assert (
            priced.treatment.drug.price
            == from_dict(file_for(person(kind, None), "spravato", 3)).treatment.drug.price
        )
    # Hand-worked, uninsured, first 3 months (13 weeks): 8 sessions in weeks 1-4, 4 in weeks
    # 5-8, then every 2 weeks for 5 weeks = ceil(5/2) = 3: 15 sessions. Each is the drug at its
    # midpoint (590 + 885) / 2 = 737.50 plus the visit at (250 + 450) / 2 = 350: 1,087.50;
    # the intake (200 + 400) / 2 = 300; no therapy. 15 x 1,087.50 + 300 = $16,612.50 (the
    # bundled G-code bill was 15 x (906 + 1,356) / 2 + 300 = $17,265). Read from the defaults
    # so a new sourced price moves both sides of the sum.
    base = from_dict({"version": 1, "modality": "iv_ketamine"})
    result = compare(base, ["spravato"], horizon_months=3, draws=0).estimates["spravato"]

    def mid(price: dict[str, float]) -> float:
        return (price["low"] + price["high"]) / 2

    per_session = mid(spravato.drug_price()) + mid(spravato.visit_price())
    intake = mid(defaults.value(defaults.modality("spravato")["intake_price"]))
    assert result.visit_counts == {"intake": 1, "treatment": 15, "therapy": 0}
    assert result.out_of_pocket["mid"] == pytest.approx(15 * per_session + intake)


def test_under_original_medicare_spravato_is_the_bundled_g_code_from_any_start() -> None:
    # Rule 8: under Medicare with the drug on Part B the bundled G-code price is the default,
    # whichever treatment the person started from.
    for start in defaults.MODALITIES:
        base = from_dict({"version": 1, "modality": start, "insurance": {"kind": "medicare"}})
        priced = scenario_for(base, "spravato", 12)
        assert priced.treatment.drug is None
        assert priced.treatment.price.model_dump() == defaults.value(
            defaults.modality("spravato")["treatment_price"]
        )


def test_the_persons_own_treatment_keeps_their_prices_and_others_do_not() -> None:
    someone = {**person("commercial", None), "treatment": {"price": 999}}
    base = from_dict(for_treatment(someone, "iv_ketamine"))
    own = compare(base, ["iv_ketamine"], MONTHS, draws=0).estimates["iv_ketamine"]
    assert own.scenario.treatment.price.low == own.scenario.treatment.price.high == 999
    assert as_printed(own.scenario, 0) == as_printed(
        from_dict(file_for(someone, "iv_ketamine", MONTHS)), 0
    )
    other = scenario_for(base, "im_ketamine", MONTHS)
    assert other.treatment.price.model_dump() == defaults.value(
        defaults.modality("im_ketamine")["treatment_price"]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(defaults.MODALITIES),
    target=st.sampled_from(defaults.MODALITIES),
    insurance=st.sampled_from(INSURANCE),
    day=st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)),
    state=st.sampled_from([None, "MN", "AK", "CA", "NY"]),
    months=st.sampled_from(period_options()),
    income=st.one_of(st.none(), st.integers(0, 250_000)),
    programmes=st.booleans(),
    own_price=st.one_of(st.none(), st.integers(50, 3000)),
)
def test_any_person_any_pair_matches_estimate(
    start: str,
    target: str,
    insurance: tuple[str, str | None],
    day: dt.date,
    state: str | None,
    months: int,
    income: int | None,
    programmes: bool,
    own_price: int | None,
) -> None:
    someone = person(*insurance, start=day.isoformat(), state=state)
    someone["household"] = {"income": income, "size": 2}
    if not programmes:
        someone["assistance"] = {"manufacturer": None, "observation_rebate": None}
    base_file = for_treatment(someone, start)
    if own_price is not None:  # the person typed their clinic's price for their own treatment
        base_file["treatment"] = {"price": own_price}
    mine = (
        base_file if target == start else {k: v for k, v in base_file.items() if k != "treatment"}
    )
    expected_file = file_for(mine, target, months)
    result = compare(from_dict(base_file), [target], months, draws=0).estimates[target]
    assert estimate_object(result) == as_printed(from_dict(expected_file), 0)
