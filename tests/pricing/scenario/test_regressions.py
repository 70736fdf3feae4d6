"""Scenario files a review found read too leniently.

Moved from tests/test_review_regressions.py.
"""

from __future__ import annotations

import pytest

from pricing.scenario import ScenarioError, loads


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "version: 1\nmodality: iv_ketamine\ninsurance: {kind: none}\ninsurance: {kind: none}\n",
            "line 4",
        ),
        (
            "version: 1\nmodality: iv_ketamine\ntreatment: {phases: [{sessions_per_week: 7, "
            "weeks: 100}]}\n",
            "treatment",
        ),
        (
            "version: 1\nmodality: iv_ketamine\ntreatment: {phases: [{every_weeks: 1, weeks: 300}]}\n",
            "treatment",
        ),
    ],
)
def test_files_the_review_found_too_lenient(text: str, field: str) -> None:
    with pytest.raises(ScenarioError) as err:
        loads(text)
    assert err.value.field == field


def test_exponent_numbers_read_as_numbers() -> None:
    assert loads("version: 1\nmodality: iv_ketamine\ntreatment: {price: 1e3}\n"
                 ).treatment.price.low == 1000  # fmt: skip
