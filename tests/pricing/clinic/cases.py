"""Clinic sections shared by the clinic tests: the issue's example and a mixed clinic."""

from __future__ import annotations

from typing import Any

from pricing import clinic

ISSUE_EXAMPLE = """\
version: 1
modality: iv_ketamine
clinic:
  fixed_costs_per_month: 45000
  booked_sessions_per_month: 120
  no_show_rate: 0.0
  offerings:
    - {modality: iv_ketamine, share: 1.0, price: 600, direct_cost: 150}
  payer_mix: {self_pay: 1.0}
"""


def section(**fields: Any) -> clinic.ClinicSection:
    return clinic.section_from_dict(fields)


MIXED = {
    "fixed_costs_per_month": 30000,
    "booked_sessions_per_month": 200,
    "no_show_rate": 0.1,
    "claim_denial_rate": 0.1,
    "offerings": [
        {"modality": "iv_ketamine", "share": 0.5, "price": 500, "direct_cost": 100,
         "session_minutes": 90},
        {"modality": "spravato", "share": 0.5, "price": 1200, "direct_cost": 800,
         "session_minutes": 150, "allowed": {"commercial": 1000, "medicare": 900}},
    ],
    "payer_mix": {"self_pay": 0.5, "commercial": 0.3, "medicare": 0.2},
    "sliding_scale": [{"max_poverty_percent": 200, "discount": 0.5, "share": 0.2}],
    "rooms": 2,
    "hours_per_day": 8,
    "days_per_month": 20,
}  # fmt: skip
