"""settle works out what it is asked for, and what it works out is the same (issue 19).

`keep_claims` (all fields or some), `totals_of` and `by_component` only skip work: every amount a
smaller request returns is the one the full settlement returns, to the bit, over generated
scenarios (bounds and Monte Carlo draws) and every example file; nothing else is returned.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from pricing.estimate import price_rows
from pricing.ledger import CLAIM_FIELDS, TOTAL_FIELDS, claims_for, settle, terms_for
from pricing.scenario import Scenario, load_file
from tests.pricing.ledger.test_properties import FAST, scenarios

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
