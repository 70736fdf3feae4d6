"""A hand-worked case that compares runs, so it stays Python (the others are YAML in cases/).

Why "out-of-pocket never decreases when a price rises" is a property only without the programme
(tests/pricing/ledger/test_properties.py holds the property).
"""

from __future__ import annotations

import pytest

from pricing.estimate import estimate
from pricing.scenario import from_dict


def out_of_pocket(price: float, programme: bool) -> float:
    manufacturer = {"patient_pays_per_session": 10, "annual_max": 100000}
    scenario = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "start_date": "2027-01-04",
            # The price is the drug's bill (the visit at $0), where the programme pays the
            # whole share (rule 9; on a bundled bill it pays only the drug's part).
            "treatment": {
                "price": 0,
                "drug": {"price": price},
                "phases": [{"sessions_per_week": 2, "weeks": 2}],
            },
            "therapy": {"sessions": 0, "price": 0},
            "intake": {"price": 0},
            "insurance": {
                "kind": "commercial",
                "plan_year_start_month": 1,
                "deductible": 1000,
                "coinsurance": 0.2,
                "copay": 0,
                "oop_max": 1000,
                "allowed_share": 1.0,
                "met_this_year": {"deductible": 0, "oop": 0},
                "coverage": {
                    "treatment": "in_network",
                    "therapy": "in_network",
                    "intake": "in_network",
                },
            },
            "assistance": {"manufacturer": manufacturer if programme else None},
        }
    )
    return float(estimate(scenario, draws=0).settlement.totals["patient"][1])


def test_programme_quirk_a_higher_price_can_lower_out_of_pocket() -> None:
    # Spravato, deductible 1,000, 20%, OOP max 1,000; programme floor $10, annual max
    # 100,000 (never reached); four sessions (2/week, 2 weeks). The programme's payment counts
    # toward the deductible and the cap, so a higher price reaches the cap sooner, after which
    # the share is $0 instead of the $10 floor.
    # $400:  s1 d = 400, share 400 -> patient 10 (OOP 400); s2 share 400 -> 10 (OOP 800);
    #        s3 d = 200 + 0.2 * 200 = 240, capped at 1000 - 800 = 200 -> 10 (OOP 1,000);
    #        s4 share 0 -> programme pays max(0, 0 - 10) = 0, patient 0.  Total 30.
    # $1000: s1 d = 1000, share 1000 -> patient 10 (OOP 1,000); s2-s4 share 0.  Total 10.
    # Without the programme: $400 -> 400 + 400 + 200 + 0 = 1,000; $1,000 -> 1,000 + 0 = 1,000.
    assert out_of_pocket(400, programme=True) == pytest.approx(30)
    assert out_of_pocket(1000, programme=True) == pytest.approx(10)  # price up 2.5x, OOP down
    assert out_of_pocket(400, programme=False) == pytest.approx(1000)
    assert out_of_pocket(1000, programme=False) == pytest.approx(1000)
