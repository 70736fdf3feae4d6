"""Walkthrough sentences a review found wrong (each worked by hand; see the comments).

Moved from tests/test_review_regressions.py with their assertions as they were; the scenario
helper is the ledger regressions' own.
"""

from __future__ import annotations

from pricing.estimate import estimate
from pricing.explain.walkthrough import walkthrough
from pricing.scenario import from_dict
from tests.pricing.ledger.test_regressions import spravato


def test_walkthrough_does_not_take_the_cap_off_twice() -> None:
    # Deductible 1,500, 20%, OOP max 1,700, four $1,000 sessions:
    # s1 1,000 to the deductible (OOP 1,000); s2 500 + 20% of 500 = 600 (OOP 1,600);
    # s3 20% = 200, capped at the 100 left: pays 100; s4 pays 0.
    steps = walkthrough(estimate(from_dict(spravato(4, 1000, deductible=1500, oop_max=1700)),
                                 draws=0))  # fmt: skip
    third = next(s for s in steps if s.startswith("Treatment session 3"))
    assert "your share is $100 coinsurance" in third
    assert "$100 less than the plan's usual share" in third
    assert third.endswith("so you pay $100.")
    fourth = next(s for s in steps if s.startswith("Treatment session 4"))
    assert "reached your out-of-pocket maximum" in fourth and fourth.endswith("so you pay $0.")


def test_walkthrough_keeps_apart_sessions_that_split_differently() -> None:
    # With an accumulator programme the patient pays $10 every time, but the deductible part
    # shrinks by $10 a session (1,500, 1,490, ...): each session needs its own sentence.
    # The $2,000 is the drug's bill (the visit at $0), where the programme pays the whole share
    # (rule 9; on a bundled bill it now pays only the drug's part, so the patient pays more).
    data = spravato(3, 0, deductible=1500, oop_max=9000)
    data["treatment"]["drug"] = {"price": 2000}
    data["assistance"] = {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 8000},
                          "counts_toward_deductible": False}  # fmt: skip
    steps = walkthrough(estimate(from_dict(data), draws=0))
    assert any(s.startswith("Drug bill 1 ") for s in steps)
    assert any("$1,490 to your deductible" in s for s in steps)


def test_intro_when_the_cap_is_already_reached() -> None:
    data = spravato(2, 1000, deductible=1500, oop_max=6000,
                    met_this_year={"deductible": 0, "oop": 7000})  # fmt: skip
    steps = walkthrough(estimate(from_dict(data), draws=0))
    assert "$-" not in " ".join(steps)
    assert steps[0].startswith("You have already reached your out-of-pocket maximum")
