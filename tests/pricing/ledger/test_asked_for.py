"""settle works out what it is asked for, and what it works out is the same (issue 19).

`keep_claims` (all fields or some), `totals_of` and `by_component` only skip work: every amount a
smaller request returns is the one the full settlement returns, to the bit, over generated
scenarios (bounds and Monte Carlo draws) and every example file; nothing else is returned.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from pricing.estimate import price_rows
from pricing.ledger import CLAIM_FIELDS, TOTAL_FIELDS, claims_for, settle, terms_for
from pricing.scenario import Scenario, load_file
from tests.pricing.ledger.test_properties import FAST, scenarios

settle_module = importlib.import_module("pricing.ledger.settle")  # the package exports `settle`
EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "scenarios").glob("*.yaml"))
REQUESTS = [
    {"keep_claims": ("patient",), "totals_of": ("insurer",), "by_component": False},
    {"keep_claims": ("patient", "oop_max_reached"), "totals_of": ("patient", "billed")},
    {"keep_claims": ("deductible", "write_off"), "totals_of": (), "by_component": False},
    {"keep_claims": False, "totals_of": ("patient", "insurer", "assistance", "billed")},
    {"keep_claims": True, "by_component": False},
]


def _same_as_full(scenario: Scenario) -> None:
    _, claims = claims_for(scenario)
    prices = price_rows(scenario, 12, 3)
    claims = dataclasses.replace(claims, component_price=prices)
    terms, batch = terms_for(scenario), prices.shape[0]
    full = settle(claims, terms, batch=batch, keep_claims=True)
    for request in REQUESTS:
        part = settle(claims, terms, batch=batch, **request)
        kept = request["keep_claims"]
        wanted = CLAIM_FIELDS if kept is True else () if kept is False else kept
        assert list(part.per_claim) == [n for n in CLAIM_FIELDS if n in wanted]
        for name in part.per_claim:
            assert np.array_equal(part.per_claim[name], full.per_claim[name]), name
        asked = request.get("totals_of", TOTAL_FIELDS)
        assert list(part.totals) == [n for n in TOTAL_FIELDS if n in asked]
        for name in part.totals:
            assert np.array_equal(part.totals[name], full.totals[name]), name
        each = request.get("by_component", True)
        assert list(part.by_component) == [
            k for k in full.by_component if each and k.split(":")[0] in asked
        ]
        for key in part.by_component:
            assert np.array_equal(part.by_component[key], full.by_component[key]), key


@FAST
@given(scenarios)
def test_a_smaller_request_gives_the_same_amounts(scenario: Scenario) -> None:
    _same_as_full(scenario)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_the_same_amounts(path: Path) -> None:
    _same_as_full(load_file(path))


def test_an_unknown_claim_field_is_refused() -> None:
    scenario = load_file(EXAMPLES[0])
    _, claims = claims_for(scenario)
    with pytest.raises(ValueError, match="not claim fields: oop"):
        settle(claims, terms_for(scenario), batch=1, keep_claims=("patient", "oop"))


@pytest.mark.parametrize("example", ["uninsured_iv_series", "employer_spravato_two_bills"])
@pytest.mark.parametrize("window_numbers", [1, 2 * 23, 5 * 23, 1 << 18])
def test_running_percentiles_are_the_percentiles_after_each_claim(
    example: str, window_numbers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23 rows (3 bounds + 20 draws): windows of 1, 2, 5 claims and all of them at once. The
    # percentiles of each claim's running totals, taken a window at a time from sorted copies,
    # are numpy's percentiles of that claim's running totals, to the bit; on the two bills the
    # rebate leaves many visit claims with nothing to pay (they share the claim before's row).
    monkeypatch.setattr(settle_module, "RUNNING_WINDOW_NUMBERS", window_numbers)
    scenario = load_file(EXAMPLES[0].parent / f"{example}.yaml")
    _, claims = claims_for(scenario)
    prices = price_rows(scenario, 20, 9)
    claims = dataclasses.replace(claims, component_price=prices)
    terms = terms_for(scenario)
    full = settle(claims, terms, batch=23, keep_claims=("patient",))
    running = settle(claims, terms, batch=23, running_percentiles=(10, 50, 90)).running_patient
    paid_after = np.cumsum(full.per_claim["patient"], axis=1)
    if example == "employer_spravato_two_bills":
        assert not full.per_claim["patient"].any(axis=0).all()  # some claims cost nobody anything
    for k in range(claims.n_claims):
        assert running is not None
        assert np.array_equal(running[:, k], np.percentile(paid_after[:, k], (10, 50, 90)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_flags_after_the_loop_are_the_flags_claim_by_claim(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small batch's flags are worked out once after the loop, a large one's claim by claim.
    scenario = load_file(path)
    _, claims = claims_for(scenario)
    claims = dataclasses.replace(claims, component_price=price_rows(scenario, 5, 2))
    terms = terms_for(scenario)
    after = settle(claims, terms, batch=8, keep_claims=True).per_claim
    monkeypatch.setattr(settle_module, "SMALL_FLAG_NUMBERS", 0)
    each = settle(claims, terms, batch=8, keep_claims=True).per_claim
    for name in CLAIM_FIELDS:
        assert np.array_equal(after[name], each[name]), name
