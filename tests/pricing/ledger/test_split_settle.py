"""The split settle (one function per rule) gives exactly what the single function gave.

tests/pricing/ledger/reference_settle.py is the pre-split settle, frozen. With no dated figure
in play (prices one per component, plan figures the same every year) both must agree bit for
bit: totals, per-component totals, every claim field and the running percentiles, over random
personal scenarios of every kind (hypothesis) and over a simulated population with the reform
levers that mix the rules inside one batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.equity import TREATMENTS, make_population
from pricing.equity.costs import course_claims, household_terms
from pricing.equity.reforms import Reforms
from pricing.estimate import price_rows
from pricing.ledger import Claims, PlanTerms, Settlement, claims_for, settle, terms_for
from pricing.scenario import Scenario, from_dict
from tests.pricing.ledger import reference_settle
from tests.pricing.ledger.test_properties import scenario_dict
from tests.pricing.ledger.test_real_bills_properties import commercial_split

SOME = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERCENTILES = (10, 50, 90)


def flat(claims: Claims, terms: PlanTerms) -> tuple[Claims, PlanTerms]:
    """The claims and terms with every dated figure taken out (what the old settle knew)."""
    undated = {f.name: getattr(terms, f.name) for f in dataclasses.fields(terms)}
    undated.pop("by_year", None)
    undated.pop("programme_part", None)
    fields = {f.name for f in dataclasses.fields(claims)}
    drop = {"price_period", "programme_part"} & fields
    kept = {name: getattr(claims, name) for name in fields - drop}
    return Claims(**kept), PlanTerms(**undated)


def assert_same(new: Settlement, old: Any) -> None:
    for group in ("totals", "by_component", "per_claim"):
        mine, theirs = getattr(new, group), getattr(old, group)
        assert set(mine) == set(theirs), group
        for name in theirs:
            np.testing.assert_array_equal(mine[name], theirs[name], err_msg=f"{group}.{name}")
    if old.running_patient is None:
        assert new.running_patient is None
    else:
        np.testing.assert_array_equal(new.running_patient, old.running_patient)


def both(claims: Claims, terms: PlanTerms, batch: int, keep: bool) -> None:
    claims, terms = flat(claims, terms)
    running = PERCENTILES if not keep else ()
    new = settle(claims, terms, batch, keep_claims=keep, running_percentiles=running)
    old = reference_settle.settle(
        claims, terms, batch, keep_claims=keep, running_percentiles=running
    )
    assert_same(new, old)


def check_scenario(scenario: Scenario) -> None:
    _, claims = claims_for(scenario)
    prices = price_rows(scenario, draws=30, seed=7)
    prices = prices.reshape(prices.shape[0], -1)[:, -4:]  # one price per component
    terms = terms_for(scenario)
    for keep in (True, False):
        both(dataclasses.replace(claims, component_price=prices), terms, prices.shape[0], keep)
    if scenario.insurance.prior_authorization is not None:
        refused = terms_for(scenario, refused=True)
        both(dataclasses.replace(claims, component_price=prices), refused, prices.shape[0], True)


@SOME
@given(scenario_dict())
def test_any_scenario_settles_as_before(raw: dict[str, Any]) -> None:
    check_scenario(from_dict(raw))


@SOME
@given(commercial_split())
def test_two_bills_with_both_programmes_settle_as_before(raw: dict[str, Any]) -> None:
    check_scenario(from_dict(raw))


@SOME
@given(
    start=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    weeks=st.integers(1, 60),
    supplement=st.sampled_from(["none", "medigap_g", "medigap_n", "advantage"]),
    benefit=st.sampled_from(["medical", "pharmacy"]),
    drug=st.integers(0, 2000).map(float),
    visit_copay=st.integers(0, 60).map(float),
)
def test_medicare_settles_as_before(
    start: dt.date, weeks: int, supplement: str, benefit: str, drug: float, visit_copay: float
) -> None:
    raw = {
        "version": 1,
        "modality": "spravato",
        "start_date": start.isoformat(),
        "treatment": {
            "drug": {"price": drug, "benefit": benefit},
            "phases": [{"sessions_per_week": 2, "weeks": 4}, {"every_weeks": 1, "weeks": weeks}],
        },
        "therapy": {"sessions": 3, "price": 150},
        "insurance": {
            "kind": "medicare",
            "medicare": {"supplement": supplement, "visit_copay": visit_copay},
        },
    }
    check_scenario(from_dict(raw))


@SOME
@given(
    start=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    weeks=st.integers(1, 60),
    copay=st.integers(0, 8).map(float),
    income=st.one_of(st.none(), st.integers(1, 60000).map(float)),
)
def test_medicaid_settles_as_before(
    start: dt.date, weeks: int, copay: float, income: float | None
) -> None:
    raw = {
        "version": 1,
        "modality": "spravato",
        "start_date": start.isoformat(),
        "treatment": {"price": 900, "phases": [{"sessions_per_week": 2, "weeks": weeks}]},
        "therapy": {"sessions": 4, "price": 150},
        "insurance": {"kind": "medicaid", "copay": copay},
        "household": {"income": income, "size": 2},
    }
    check_scenario(from_dict(raw))


REFORMS = {
    "baseline": Reforms(),
    "mixed": Reforms(manufacturer_all_kinds=True, oon_therapy=True, coverage_parity=True),
    "no_accumulators": Reforms(ban_accumulators=True, medicaid_covers_spravato=True),
}


@pytest.mark.parametrize("reform", list(REFORMS))
@pytest.mark.parametrize("modality", TREATMENTS)
def test_a_population_settles_as_before(modality: str, reform: str) -> None:
    """Every kind in one batch (not a kind per chunk as the equity model settles), so rules
    that apply to some rows only take their masked paths."""
    population = make_population(3000, 20261206)
    built = course_claims(modality, "first_year")
    price = np.asarray(built.prices)[built.claims.component[0]][None, :]
    claims = dataclasses.replace(built.claims, price=price)
    terms = household_terms(population, modality, REFORMS[reform])
    both(claims, terms, population.n, keep=False)
    both(claims, terms, population.n, keep=True)
