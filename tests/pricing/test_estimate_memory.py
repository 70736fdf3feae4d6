"""Estimate.memory_bytes_bound (issue 17): the size a cache records once, at insertion, is never
below what the estimate holds after the pages have built its tables (the ledger, with the phase
names as text, and the cumulative table)."""

from __future__ import annotations

import pytest

from pricing.estimate import estimate
from pricing.scenario import MAX_THERAPY_SESSIONS, from_dict

SCENARIOS = {
    "default IV series": {"version": 1, "modality": "iv_ketamine"},
    "Spravato, commercial": {
        "version": 1,
        "modality": "spravato",
        "insurance": {"kind": "commercial"},
    },
    # long and non-ASCII phase names: each ledger row holds its own copy of the text (deep)
    "long phase names": {
        "version": 1,
        "modality": "spravato",
        "insurance": {"kind": "commercial"},
        "treatment": {"phases": [{"name": "p" * 80, "sessions": 25, "weeks": 10}] * 24},
        "therapy": {"sessions": MAX_THERAPY_SESSIONS, "price": 100},
    },
    "wide characters": {
        "version": 1,
        "modality": "iv_ketamine",
        "treatment": {"phases": [{"name": "𝔭" * 60, "sessions": 6, "weeks": 3}]},
    },
}


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("draws", [0, 200])
def test_bound_covers_the_tables_built_later(name: str, draws: int) -> None:
    est = estimate(from_dict(SCENARIOS[name]), draws=draws)
    before = est.memory_bytes()
    bound = est.memory_bytes_bound()
    est.ledger  # noqa: B018 - what the page builds after caching the estimate
    est.cumulative()
    after = est.memory_bytes()
    assert after > before, "the tables were built and counted"
    assert after <= bound
    # and the bound is not wildly loose: at most twice what the tables turned out to take
    assert bound - before <= 2 * (after - before) + 2 * 1024
    assert est.memory_bytes_bound() == after, "once built, the tables are measured, not bounded"
