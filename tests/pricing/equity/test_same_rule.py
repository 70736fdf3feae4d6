"""The equity model and the personal estimate apply the same rules (issue 10, item 4): a
simulated household settles to what the estimate gives for the same person, course and plan.

Each case is one household of the population (default terms of its kind and cover) against a
scenario file naming only the same things; both at the defaults' midpoint prices, on the
"typical" Spravato course from the default start date.
"""

from __future__ import annotations

from typing import Any

import pytest

from pricing import course
from pricing.defaults import spravato
from pricing.equity import households, out_of_pocket
from pricing.estimate import estimate
from pricing.scenario import from_dict

MID = 1  # the estimate's bounds rows: low, mid, high
INCOME = 24_000

# (population kind, Medicare cover, the scenario's insurance and assistance)
CASES: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {
    "original_medicare": ("medicare", "original", {"kind": "medicare"}, {}),
    "medigap_g": (
        "medicare",
        "medigap_g",
        {"kind": "medicare", "medicare": {"supplement": "medigap_g"}},
        {},
    ),
    "medigap_n": (
        "medicare",
        "medigap_n",
        {"kind": "medicare", "medicare": {"supplement": "medigap_n"}},
        {},
    ),
    "medicare_advantage": (
        "medicare",
        "advantage",
        {"kind": "medicare", "medicare": {"supplement": "advantage"}},
        {},
    ),
    "medicaid": ("medicaid", "original", {"kind": "medicaid"}, {}),
    "commercial_with_programmes": (
        "commercial",
        "original",
        {"kind": "commercial"},
        {
            # The defaults' programme terms: withMe on the drug, the rebate (midpoint maximum).
            "manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150},
            "observation_rebate": {
                "patient_pays_per_session": 0,
                "annual_max": sum(spravato.observation_rebate()["annual_max"].values()) / 2,
            },
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_household_settles_as_the_personal_estimate(case: str) -> None:
    kind, cover, insurance, assistance = CASES[case]
    scenario = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "treatment": {"phases": course.named("spravato", "typical")},
            "insurance": insurance,
            "assistance": assistance,
            "household": {"income": INCOME, "size": 1},
        }
    )
    personal = float(estimate(scenario, draws=0).settlement.totals["patient"][MID])
    one = households(income=[INCOME], size=[1], kind=[kind], medicare=[cover])
    assert out_of_pocket(one, "spravato", "typical")[0] == pytest.approx(personal)
    assert personal > 0
