"""Bad real-bills input (docs/method.md rules 8-14) is refused, naming the field, in one line.

Moved from tests/pricing/ledger/test_real_bills.py when its hand-worked cases became YAML
(tests/pricing/ledger/cases/): a refusal is not a ledger case.
"""

from __future__ import annotations

from typing import Any

import pytest

from pricing.scenario import ScenarioError, from_dict


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"modality": "iv_ketamine", "treatment": {"drug": {"price": 500}}}, "treatment.drug"),
        ({"state": "ZZ"}, "state"),
        ({"insurance": {"kind": "commercial", "medicare": {"supplement": "none"}}}, "insurance.medicare"),
        ({"insurance": {"kind": "commercial", "part_d": {"deductible": 1, "coinsurance": 0.2, "out_of_pocket_threshold": 9}}}, "insurance.part_d"),
        ({"insurance": {"kind": "medicare", "plan_year_start_month": 7}}, "insurance.plan_year_start_month"),
        ({"insurance": {"kind": "commercial", "prior_authorization": {"approval_chance": 1.5}}}, "insurance.prior_authorization.approval_chance"),
        ({"treatment": {"drug": {"price": 500, "benefit": "mail"}}}, "treatment.drug.benefit"),
        ({"insurance": {"kind": "medicare", "medicare": {"supplement": "medigap_k"}}}, "insurance.medicare.supplement"),
        ({"insurance": {"kind": "medicare", "part_d": {"deductible": -5, "coinsurance": 0.25, "out_of_pocket_threshold": 2100}}}, "insurance.part_d.deductible"),
    ],
)  # fmt: skip
def test_bad_real_bills_input_names_the_field(over: dict[str, Any], field: str) -> None:
    data = {"version": 1, "modality": "spravato", **over}
    with pytest.raises(ScenarioError) as err:
        from_dict(data)
    assert err.value.field == field, str(err.value)
    assert "\n" not in str(err.value)
