"""Shared hand-made households for the equity tests.

The golden cases settle a Spravato induction (intake, then 12 treatment sessions: twice weekly for
4 weeks, weekly for 4) at $1,000 a session, all in one plan year, for six hand-made households.
Plan terms are given explicitly so the arithmetic does not move with the defaults.
"""

from __future__ import annotations

import numpy as np
import pytest

from pricing.equity import Population, Reforms, households

PRICE = 1000.0
CAP_8000 = Reforms(manufacturer_annual_max=8000)  # pins the programme cap the arithmetic uses


@pytest.fixture
def six() -> Population:
    # Poverty %: H1 20,000 / 15,960 = 125%; H2/H3 100,000 / 21,640 = 462%; H4/H5 75%;
    # H6 30,000 / 21,640 = 139%.
    return households(
        income=[20_000, 100_000, 100_000, 12_000, 12_000, 30_000],
        size=[1, 2, 2, 1, 1, 2],
        kind=["none", "commercial", "commercial", "medicaid", "medicaid", "medicare"],
        deductible=[0, 1000, 1000, 0, 0, 283],
        coinsurance=[0, 0.2, 0.2, 0, 0, 0.2],
        copay=[0, 0, 0, 4, 4, 0],
        oop_max=[np.inf, 3000, 3000, 600, 600, np.inf],
        accumulator=[False, False, True, False, False, False],
        coverage_draw=[0.0, 0.0, 0.0, 0.0, 0.9, 0.0],
    )
