"""Invariants of the real-bills rules, over random Spravato courses and plans (hypothesis).

- every claim is conserved: billed = patient + insurer + assistance + write_off, with both the
  manufacturer programme and the observation rebate in play;
- Part D payments in a calendar year never pass the out-of-pocket threshold;
- Medicaid cost sharing in a calendar quarter is never above 5% of that quarter's income.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.estimate import estimate
from pricing.scenario import from_dict

money = st.floats(min_value=0, max_value=3000, allow_nan=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)
starts = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 12, 31))
phases = st.lists(
    st.one_of(
        st.builds(lambda n, w: {"sessions_per_week": n, "weeks": w}, st.integers(1, 2), st.integers(1, 8)),
        st.builds(lambda e, w: {"every_weeks": e, "weeks": w}, st.integers(1, 4), st.integers(1, 40)),
    ),
    min_size=1,
    max_size=3,
)  # fmt: skip


@st.composite
def commercial_split(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "version": 1,
        "modality": "spravato",
        "start_date": draw(starts).isoformat(),
        "state": draw(st.sampled_from([None, "MN", "CA"])),
        "treatment": {
            "price": draw(money),
            "drug": {"price": draw(money), "benefit": draw(st.sampled_from(["medical", "pharmacy"]))},
            "phases": draw(phases),
        },
        "insurance": {
            "kind": "commercial",
            "deductible": draw(money),
            "coinsurance": draw(share),
            "copay": draw(st.sampled_from([0, 0, 25])),
            "oop_max": draw(st.one_of(st.none(), money)),
            "plan_year_start_month": draw(st.integers(1, 12)),
            "pharmacy": {"coinsurance": draw(share), "copay": draw(st.sampled_from([0, 40]))},
        },
        "assistance": {
            "manufacturer": {"patient_pays_per_session": draw(money), "annual_max": draw(money)},
            "observation_rebate": {"patient_pays_per_session": draw(money), "annual_max": draw(money)},
            "counts_toward_deductible": draw(st.booleans()),
            "sliding_scale_discount": draw(share),
        },
    }  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(commercial_split())
def test_every_claim_is_conserved_with_both_programmes(data: dict[str, Any]) -> None:
    ledger = estimate(from_dict(data), draws=0).ledger
    parts = ledger["patient"] + ledger["insurer"] + ledger["assistance"] + ledger["write_off"]
    assert np.allclose(parts, ledger["price"], atol=1e-6)
    assert (ledger[["patient", "insurer", "assistance", "write_off"]] >= -1e-9).all().all()


@settings(max_examples=60, deadline=None)
@given(
    start=starts,
    weeks=st.integers(4, 104),
    drug=money,
    deductible=money,
    coins=share,
    threshold=st.floats(min_value=0, max_value=5000, allow_nan=False),
)
def test_part_d_payments_per_calendar_year_stay_under_the_threshold(
    start: dt.date, weeks: int, drug: float, deductible: float, coins: float, threshold: float
) -> None:
    data = {
        "version": 1,
        "modality": "spravato",
        "start_date": start.isoformat(),
        "treatment": {
            "drug": {"price": drug, "benefit": "pharmacy"},
            "phases": [{"every_weeks": 1, "weeks": weeks}],
        },
        "insurance": {
            "kind": "medicare",
            "part_d": {
                "deductible": deductible,
                "coinsurance": coins,
                "out_of_pocket_threshold": threshold,
            },
        },
    }
    ledger = estimate(from_dict(data), draws=0).ledger
    drug_claims = ledger[ledger["component"] == "drug"]
    per_year = drug_claims.groupby(drug_claims["date"].map(lambda d: d.year))["patient"].sum()
    assert (per_year <= threshold + 1e-6).all()


@settings(max_examples=60, deadline=None)
@given(
    start=starts,
    weeks=st.integers(1, 60),
    copay=st.floats(min_value=0, max_value=100, allow_nan=False),
    income=st.floats(min_value=1, max_value=60000, allow_nan=False),
    therapy=st.integers(0, 20),
)
def test_medicaid_cost_sharing_per_quarter_is_at_most_5_percent_of_income(
    start: dt.date, weeks: int, copay: float, income: float, therapy: int
) -> None:
    data = {
        "version": 1,
        "modality": "spravato",
        "start_date": start.isoformat(),
        "treatment": {"price": 900, "phases": [{"sessions_per_week": 2, "weeks": weeks}]},
        "therapy": {"sessions": therapy, "price": 150},
        "insurance": {
            "kind": "medicaid",
            "copay": copay,
            "coverage": {
                "treatment": "in_network",
                "therapy": "in_network",
                "intake": "in_network",
            },
        },
        "household": {"income": income, "size": 1},
    }
    ledger = estimate(from_dict(data), draws=0).ledger
    quarter = ledger["date"].map(lambda d: (d.year, (d.month - 1) // 3))
    per_quarter = ledger.groupby(quarter)["patient"].sum()
    assert (per_quarter <= income / 4 * 0.05 + 1e-6).all()
