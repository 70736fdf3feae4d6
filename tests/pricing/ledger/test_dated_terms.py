"""Rule 14 (third edition): each claim uses its own plan year's figures and its own date's prices.

Hand-worked; the arithmetic is in the comments. The YAML cases in cases/ hold the single-run
ones (a commercial course and Original Medicare across 1 January, a July plan year); these
compare runs, go through the page's and the share link's conversions, or need a dated price
that the defaults do not have yet (a fixture lays one over the loaded defaults).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import defaults
from pricing.course import COMPONENT_ORDER
from pricing.estimate import dated_price_rows, estimate, estimate_many
from pricing.ledger import claims_for, settle, terms_for
from pricing.scenario import dump_yaml, from_dict, loads
from pricing.scenario.dated_terms import plan_year_start, price_periods
from ui import convert, share

DRUG = COMPONENT_ORDER["drug"]

# Issue 14, defect 2: a commercial course from 2026-06-01 at $5,000 a session for 52 weeks.
DEFECT_2 = {
    "version": 1,
    "modality": "spravato",
    "start_date": "2026-06-01",
    "treatment": {"price": 5000, "phases": [{"every_weeks": 1, "weeks": 52}]},
    "insurance": {"kind": "commercial"},
}


def out_of_pocket(raw: dict[str, Any]) -> float:
    return estimate(from_dict(raw), draws=0).out_of_pocket["mid"]


def test_defect_2_each_plan_year_has_its_own_out_of_pocket_maximum() -> None:
    # Every in-network claim counts toward the maximum, and each plan year's claims are far
    # above it (31 sessions in 2026, 21 in 2027, $5,000 each, plus the intake and therapy), so
    # the person pays each year's maximum: 10,600 (2026) + 12,000 (2027) = 22,600. The start
    # date's maximum for both years gave 21,200.
    assert out_of_pocket(DEFECT_2) == pytest.approx(22_600)


def test_the_yaml_download_the_share_link_and_the_page_give_the_same_answer() -> None:
    # All three hand the engine a full scenario (oop_max written out as 10,600): equal to the
    # default in force on the first plan year's first day, so it follows the defaults' dates.
    scenario = from_dict(DEFECT_2)
    assert scenario.insurance.oop_max == 10_600
    downloaded = loads(dump_yaml(scenario).encode("utf-8"))
    linked = share.decode_link(share.encode_for_link(scenario))
    paged = convert.scenario_from_state(convert.state_from_scenario(scenario))
    for other in (downloaded, linked, paged):
        assert estimate(other, draws=0).out_of_pocket["mid"] == pytest.approx(22_600)


def test_on_the_page_a_new_start_date_moves_the_figures_left_at_their_defaults() -> None:
    # The page starts on the default start date (2027-01-04: maximum 12,000). The person picks
    # Spravato with a commercial plan, one bundled $5,000 price, then moves the first session to
    # 2026-06-01: the maximum left at its default becomes 2026's 10,600 (what a file naming only
    # the new date gets), so the page's scenario is the CLI's and costs 22,600.
    start = convert.defaults_for(
        {
            "modality": "spravato",
            "kind": "commercial",
            "start_date": dt.date(2027, 1, 4),
            "plan_year_month": "January",
        },
        split=False,
    )
    assert start["oop_max"] == 12_000
    state = {**start, "price_low": 5000.0, "price_high": 5000.0}
    moved = convert.follow_dates({**state, "start_date": dt.date(2026, 6, 1)}, state)
    assert moved["oop_max"] == 10_600
    assert moved["price_low"] == 5000.0  # the person's own price stays
    page = convert.scenario_from_state(moved)
    cli = from_dict({**DEFECT_2, "treatment": {"price": 5000, "phases": _phases(page)}})
    assert page.insurance == cli.insurance
    # A maximum the person typed (8,000) is theirs: it stays, and applies to every year.
    own = {**state, "oop_max": 8000.0}
    assert convert.follow_dates({**own, "start_date": dt.date(2026, 6, 1)}, own)["oop_max"] == 8000


def _phases(scenario: Any) -> list[dict[str, Any]]:
    return [p.model_dump(exclude_none=True) for p in scenario.treatment.phases]


def test_a_figure_equal_to_a_later_years_default_is_the_persons_own() -> None:
    # A 2026 course whose file says 12,000 (2027's published figure, not 2026's) keeps 12,000
    # in both plan years: 12,000 + 12,000 = 24,000.
    raw = {**DEFECT_2, "insurance": {"kind": "commercial", "oop_max": 12000}}
    assert out_of_pocket(raw) == pytest.approx(24_000)


def test_estimate_many_gives_each_scenario_its_own_years() -> None:
    # One batch holding the defect's course (22,600), the same course with the file's own
    # maximum of 8,000 (16,000), and a one-year course from 2027 (default maximum 12,000).
    one_year = {**DEFECT_2, "start_date": "2027-01-04"}
    batch = [DEFECT_2, {**DEFECT_2, "insurance": {"kind": "commercial", "oop_max": 8000}}, one_year]
    many = estimate_many([from_dict(r) for r in batch])["patient"]
    assert many == pytest.approx([22_600, 16_000, 12_000])
    for i, raw in enumerate(batch):
        assert many[i] == pytest.approx(out_of_pocket(raw))


# ---------------------------------------------------------------------------------------------
# Dated prices: a fixture lays a dated drug price over the loaded defaults.

DATED_DRUG = {
    "unit": "USD per session, drug only (test fixture)",
    "values": [
        {"from": dt.date(2026, 1, 1), "low": 1000, "high": 1500, "source": "t", "as_of": 2026},
        {"from": dt.date(2027, 1, 1), "low": 1100, "high": 1650, "source": "t", "as_of": 2027},
    ],
}


@pytest.fixture
def dated_drug(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    billing = defaults.load("spravato_billing")["spravato_billing"]
    monkeypatch.setitem(billing, "drug_price", DATED_DRUG)
    yield


def uninsured_split(start: str, weeks: int, **treatment: Any) -> dict[str, Any]:
    return {
        "version": 1,
        "modality": "spravato",
        "start_date": start,
        "treatment": {"phases": [{"every_weeks": 1, "weeks": weeks}], **treatment},
        "therapy": {"sessions": 0, "price": 0},
        "intake": {"price": 0},
    }


def test_a_default_price_is_the_one_in_force_on_each_claims_date(dated_drug: None) -> None:
    # Uninsured, two bills from the defaults: the drug (dated: 1,000-1,500 in 2026, 1,100-1,650
    # from 2027) and the visit (250-450, not dated). Weekly from Monday 2026-12-14: Dec 14, 21,
    # 28 at 2026's drug price, Jan 4 at 2027's.
    #   low:  3 x (1,000 + 250) + (1,100 + 250) = 3,750 + 1,350 = 5,100
    #   mid:  3 x (1,250 + 350) + (1,375 + 350) = 4,800 + 1,725 = 6,525
    #   high: 3 x (1,500 + 450) + (1,650 + 450) = 5,850 + 2,100 = 7,950
    raw = uninsured_split("2026-12-14", 4, drug={})
    result = estimate(from_dict(raw), draws=200, seed=3)
    oop = result.out_of_pocket
    assert [oop["low"], oop["mid"], oop["high"]] == pytest.approx([5100, 6525, 7950])
    drug = result.ledger[result.ledger["component"] == "drug"]
    assert list(drug["price"]) == pytest.approx([1250, 1250, 1250, 1375])
    assert oop["low"] <= oop["p10"] <= oop["p50"] <= oop["p90"] <= oop["high"]


def test_a_simulated_course_keeps_its_place_in_each_years_range(dated_drug: None) -> None:
    # One draw per component per course: a draw at position u pays 1,000 + 500u in 2026 and
    # 1,100 + 550u in 2027, i.e. exactly 1.1 times as much; so each simulated course's drug
    # total is 3p + 1.1p = 4.1p with p its 2026 drug price.
    scenario = from_dict(uninsured_split("2026-12-14", 4, drug={}))
    lines, claims = claims_for(scenario)
    periods = price_periods(scenario, lines[-1].date)
    assert periods.starts == (dt.date(2026, 12, 14), dt.date(2027, 1, 1))
    rows = dated_price_rows(periods, draws=50, seed=9)[3:]
    p2026, p2027 = rows[:, 0, DRUG], rows[:, 1, DRUG]
    np.testing.assert_allclose(p2027, 1.1 * p2026)
    settled = settle(dataclasses.replace(claims, component_price=rows), terms_for(scenario), 50)
    np.testing.assert_allclose(settled.by_component["patient:drug"], 4.1 * p2026)


def test_a_price_the_file_gives_is_the_same_every_year(dated_drug: None) -> None:
    # The file's own drug price, $900, on all four claims: 4 x (900 + 350) = 5,000 at mid.
    raw = uninsured_split("2026-12-14", 4, drug={"price": 900})
    assert out_of_pocket(raw) == pytest.approx(5000)


def test_a_price_past_its_last_published_value_is_named_as_projected(dated_drug: None) -> None:
    # 2027's drug price is published through 2027-12-31; a course running into 2028 uses it
    # there, and the warnings say so. A course ending in 2027 is not projected.
    late = estimate(from_dict(uninsured_split("2027-12-13", 4, drug={})), draws=0)
    assert any("Spravato drug price" in w and "projected" in w for w in late.warnings)
    early = estimate(from_dict(uninsured_split("2027-11-01", 4, drug={})), draws=0)
    assert not any("Spravato drug price" in w for w in early.warnings)


def test_projected_figures_name_every_plan_year_the_course_reaches() -> None:
    # A course from 2027-06-07 for 80 weeks reaches the 2028 plan year (from 2028-01-01), past
    # the last published maximum (2027's 12,000): the 2028 figure is named, 2027's is not.
    raw = {**DEFECT_2, "start_date": "2027-06-07"}
    raw["treatment"] = {"price": 5000, "phases": [{"every_weeks": 1, "weeks": 80}]}
    warnings = estimate(from_dict(raw), draws=0).warnings
    assert any("maximum ($12,000) for 2028" in w for w in warnings), warnings
    assert not any("for 2027" in w for w in warnings)


# ---------------------------------------------------------------------------------------------
# Invariants over random courses that leave the plan's figures at their dated defaults.


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(dt.date(2025, 1, 1), dt.date(2028, 6, 30)),
    weeks=st.integers(1, 130),
    kind=st.sampled_from(["commercial", "medicare"]),
    month=st.integers(1, 12),
    price=st.integers(50, 6000),
)
def test_each_plan_year_uses_the_figures_published_for_its_first_day(
    start: dt.date, weeks: int, kind: str, month: int, price: int
) -> None:
    """Commercial: what the patient pays in each plan year is at most the legal maximum in force
    on that plan year's first day, and exactly it once the cap bites. Original Medicare: the deductible parts of each calendar year
    add up to min(that year's allowed amounts, the Part B deductible in force on 1 January).
    And a batch of these settles as each alone does."""
    month = month if kind == "commercial" else 1
    raw = {
        "version": 1,
        "modality": "spravato",
        "start_date": start.isoformat(),
        "treatment": {"price": price, "phases": [{"every_weeks": 1, "weeks": weeks}]},
        "therapy": {"sessions": 0, "price": 0},
        "intake": {"price": 0},
        "insurance": {"kind": kind, "plan_year_start_month": month},
    }
    scenario = from_dict(raw)
    result = estimate(scenario, draws=0)
    ledger = result.ledger
    plan = "employer_plan" if kind == "commercial" else "original_medicare"
    for _, year in ledger.groupby("plan_year"):
        first_day = plan_year_start(year["date"].iloc[0], month)
        terms = defaults.dated_terms(plan, first_day)
        if kind == "commercial":
            assert year["patient"].sum() <= terms["oop_max"][0] + 1e-6
            if year["cap_saving"].sum() > 0:  # the cap bit: the year cost exactly its maximum
                assert year["patient"].sum() == pytest.approx(terms["oop_max"][0])
        else:
            expected = min(year["allowed"].sum(), terms["deductible"][0])
            assert year["deductible"].sum() == pytest.approx(expected)
    many = estimate_many([scenario, from_dict({**raw, "start_date": "2026-06-01"})])
    assert many["patient"][0] == pytest.approx(result.out_of_pocket["mid"])
