"""Golden cases for the ledger (DESIGN.md "Engine semantics", rules 1-7).

Each case is a small explicit scenario with round numbers; the arithmetic in the comments was
worked out by hand from DESIGN's rules before the code was run, and the assertions hold those
hand-worked numbers. Prices are single numbers (low = high), so the mid row is the only one
that matters and Monte Carlo is off.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from pricing.estimate import Estimate, estimate
from pricing.scenario import Scenario, from_dict

START = "2027-01-04"  # a Monday


def make(
    modality: str = "iv_ketamine",
    *,
    price: float,
    phases: list[dict[str, Any]],
    insurance: dict[str, Any] | None = None,
    therapy: dict[str, Any] | None = None,
    intake: float = 0,
    start: str = START,
    **extra: Any,
) -> Scenario:
    """A scenario with no intake charge and no therapy unless given."""
    raw: dict[str, Any] = {
        "version": 1,
        "modality": modality,
        "start_date": start,
        "treatment": {"price": price, "phases": phases},
        "therapy": therapy or {"sessions": 0, "price": 0},
        "intake": {"price": intake},
        "insurance": insurance or {"kind": "none"},
        **extra,
    }
    return from_dict(raw)


def commercial(**terms: Any) -> dict[str, Any]:
    """A commercial plan that covers every component in network, with the given terms."""
    plan: dict[str, Any] = {
        "kind": "commercial",
        "plan_year_start_month": 1,
        "deductible": 0,
        "coinsurance": 0,
        "copay": 0,
        "oop_max": None,
        "allowed_share": 1.0,
        "met_this_year": {"deductible": 0, "oop": 0},
        "coverage": {"treatment": "in_network", "therapy": "in_network", "intake": "in_network"},
    }
    plan.update(terms)
    return plan


def run(scenario: Scenario) -> tuple[Estimate, pd.DataFrame]:
    result = estimate(scenario, draws=0)
    return result, result.ledger_at("mid")


def column(ledger: pd.DataFrame, name: str, component: str = "treatment") -> list[float]:
    return [round(float(x), 6) for x in ledger.loc[ledger["component"] == component, name]]


def total(result: Estimate, key: str) -> float:
    return float(result.settlement.totals[key][1])


def test_allowed_amount_below_remaining_deductible() -> None:
    # Deductible 1,000, coinsurance 20%, allowed_share 0.5, four $600 infusions.
    # Allowed = 600 * 0.5 = 300 each; write-off 300 each.
    # s1: deductible left 1000 >= 300 -> d = 300, share = 300 + 0.2*0 = 300, insurer 0.
    # s2: left 700 -> 300, insurer 0.   s3: left 400 -> 300, insurer 0.
    # s4: left 100 -> d = 100, coinsurance 0.2 * (300 - 100) = 40, share 140, insurer 160.
    # Patient 300 * 3 + 140 = 1,040; insurer 160; written off 1,200; billed 2,400.
    s = make(
        price=600,
        phases=[{"sessions": 4, "weeks": 2}],
        insurance=commercial(deductible=1000, coinsurance=0.2, allowed_share=0.5),
    )
    result, ledger = run(s)
    assert column(ledger, "allowed") == [300, 300, 300, 300]
    assert column(ledger, "deductible") == [300, 300, 300, 100]
    assert column(ledger, "coinsurance") == [0, 0, 0, 40]
    assert column(ledger, "patient") == [300, 300, 300, 140]
    assert column(ledger, "insurer") == [0, 0, 0, 160]
    assert column(ledger, "write_off") == [300, 300, 300, 300]
    assert total(result, "patient") == pytest.approx(1040)
    assert total(result, "insurer") == pytest.approx(160)
    assert total(result, "write_off") == pytest.approx(1200)


def test_oop_max_reached_in_the_middle_of_a_claim() -> None:
    # Deductible 500, coinsurance 50%, OOP max 1,200; three $1,000 sessions.
    # s1: d = 500, share = 500 + 0.5 * 500 = 750; OOP paid 750.
    # s2: raw share = 0.5 * 1000 = 500, but only 1200 - 750 = 450 is left under the cap:
    #     share 450, cap saving 50, insurer 550; OOP paid 1,200.
    # s3: share 0 (cap reached), cap saving 500, insurer 1,000.
    # Patient 1,200; insurer 1,800.
    s = make(
        price=1000,
        phases=[{"sessions": 3, "weeks": 3}],
        insurance=commercial(deductible=500, coinsurance=0.5, oop_max=1200),
    )
    result, ledger = run(s)
    assert column(ledger, "patient") == [750, 450, 0]
    assert column(ledger, "cap_saving") == [0, 50, 500]
    assert column(ledger, "insurer") == [250, 550, 1000]
    assert [bool(x) for x in ledger.loc[ledger.component == "treatment", "oop_max_reached"]] == [
        False,
        True,
        True,
    ]
    assert total(result, "patient") == pytest.approx(1200)


def test_plan_year_resets_in_the_middle_of_a_course() -> None:
    # Plan year starts in July. Start Monday 2027-06-07; every 2 weeks for 8 weeks:
    # ceil(8/2) = 4 sessions on June 7, June 21, July 5, July 19. Deductible 1,000, 20%, $600.
    # Jun 7:  d = 600, share 600.             Jun 21: d = 400, 0.2 * 200 = 40, share 440.
    # Jul 5:  new plan year, deductible resets: d = 600, share 600.
    # Jul 19: d = 400, share 440.
    # Patient 2,080 (without the reset it would be 600 + 440 + 120 + 120 = 1,280).
    s = make(
        price=600,
        start="2027-06-07",
        phases=[{"every_weeks": 2, "weeks": 8}],
        insurance=commercial(deductible=1000, coinsurance=0.2, plan_year_start_month=7),
    )
    result, ledger = run(s)
    assert column(ledger, "patient") == [600, 440, 600, 440]
    assert column(ledger, "plan_year") == [1, 1, 2, 2]
    assert total(result, "patient") == pytest.approx(2080)
    # The same course with a January plan year: no reset.
    s_jan = make(
        price=600,
        start="2027-06-07",
        phases=[{"every_weeks": 2, "weeks": 8}],
        insurance=commercial(deductible=1000, coinsurance=0.2, plan_year_start_month=1),
    )
    assert total(run(s_jan)[0], "patient") == pytest.approx(1280)


def test_amounts_met_this_year_count_only_in_the_first_plan_year() -> None:
    # Deductible 1,000 (800 already met), OOP max 2,000 (1,500 already paid), 20%, $1,000.
    # Start Monday 2027-12-06, every 2 weeks for 6 weeks: Dec 6, Dec 20, Jan 3 2028.
    # Dec 6:  d = 200, coinsurance 0.2 * 800 = 160, share 360; OOP 1,860.
    # Dec 20: raw 200, cap left 2000 - 1860 = 140 -> share 140, cap saving 60; OOP 2,000.
    # Jan 3:  new plan year, nothing carried: d = 1000, share 1,000.
    # Patient 1,500; insurer 640 + 860 + 0 = 1,500.
    s = make(
        price=1000,
        start="2027-12-06",
        phases=[{"every_weeks": 2, "weeks": 6}],
        insurance=commercial(
            deductible=1000,
            coinsurance=0.2,
            oop_max=2000,
            met_this_year={"deductible": 800, "oop": 1500},
        ),
    )
    result, ledger = run(s)
    assert column(ledger, "deductible") == [200, 0, 1000]
    assert column(ledger, "patient") == [360, 140, 1000]
    assert column(ledger, "cap_saving") == [0, 60, 0]
    assert total(result, "patient") == pytest.approx(1500)
    assert total(result, "insurer") == pytest.approx(1500)


def test_copay_plan() -> None:
    # Copay $40 replaces deductible and coinsurance; OOP max 100; four $300 sessions.
    # s1: min(40, 300) = 40; s2: 40 (OOP 80); s3: min(40, 100 - 80) = 20, cap saving 20; s4: 0.
    # Patient 100; insurer 260 + 260 + 280 + 300 = 1,100.
    s = make(
        price=300,
        phases=[{"sessions": 4, "weeks": 2}],
        insurance=commercial(deductible=1000, coinsurance=0.2, copay=40, oop_max=100),
    )
    result, ledger = run(s)
    assert column(ledger, "copay") == [40, 40, 20, 0]
    assert column(ledger, "deductible") == [0, 0, 0, 0]
    assert column(ledger, "patient") == [40, 40, 20, 0]
    assert total(result, "insurer") == pytest.approx(1100)
    # A copay above the allowed amount: the patient pays the allowed amount, $25, and no more.
    small = make(price=25, phases=[{"sessions": 1, "weeks": 1}], insurance=commercial(copay=40))
    assert column(run(small)[1], "patient") == [25]


def test_not_covered_treatment_does_not_count_toward_the_deductible() -> None:
    # Treatment not covered ($500 x 2, days 0 and 7); therapy in network ($200 x 2, same days);
    # deductible 300, 20%. Order on a date: treatment, then therapy.
    # Jan 4  treatment: patient 500, nothing accumulates.
    # Jan 4  therapy:   deductible left 300 -> d = 200, share 200 (had the treatment counted,
    #                   the deductible would be met and the share 40).
    # Jan 11 treatment: 500.
    # Jan 11 therapy:   left 100 -> d = 100 + 0.2 * 100 = 120; insurer 80.
    # Patient 1,320; insurer 80.
    s = make(
        price=500,
        phases=[{"sessions": 2, "weeks": 2}],
        therapy={"sessions": 2, "price": 200},
        insurance=commercial(
            deductible=300,
            coinsurance=0.2,
            coverage={"treatment": "not_covered", "therapy": "in_network", "intake": "in_network"},
        ),
    )
    result, ledger = run(s)
    assert column(ledger, "patient") == [500, 500]
    assert column(ledger, "deductible") == [0, 0]
    assert column(ledger, "patient", "therapy") == [200, 120]
    assert column(ledger, "deductible", "therapy") == [200, 100]
    assert total(result, "patient") == pytest.approx(1320)
    assert total(result, "insurer") == pytest.approx(80)


def test_out_of_network_reimbursement_superbill() -> None:
    # KAP: dosing not covered ($400 x 4); therapy out of network ($200 x 4, same days).
    # OON deductible 300, coinsurance 40%, allowed share 0.6, no OON cap.
    # Each therapy claim: patient pays 200 up front; allowed = 200 * 0.6 = 120.
    # t1: d = 120, share 120, reimbursed 0 -> patient 200.   (OON deductible used 120)
    # t2: d = 120, reimbursed 0 -> 200.                       (240)
    # t3: d = 60, coinsurance 0.4 * 60 = 24, share 84, reimbursed 36 -> 164.   (300)
    # t4: d = 0, share 0.4 * 120 = 48, reimbursed 72 -> 128.
    # Therapy: patient 692, insurer 108. Dosing: 1,600. Total patient 2,292.
    s = make(
        "kap_lozenge",
        price=400,
        phases=[{"sessions": 4, "weeks": 8}],
        therapy={"sessions": 4, "price": 200},
        insurance=commercial(
            coverage={
                "treatment": "not_covered",
                "therapy": "out_of_network",
                "intake": "not_covered",
            },
            out_of_network={
                "deductible": 300,
                "coinsurance": 0.4,
                "allowed_share": 0.6,
                "oop_max": None,
            },
        ),
    )
    result, ledger = run(s)
    assert column(ledger, "allowed", "therapy") == [120, 120, 120, 120]
    assert column(ledger, "insurer", "therapy") == [0, 0, 36, 72]
    assert column(ledger, "patient", "therapy") == [200, 200, 164, 128]
    assert total(result, "patient") == pytest.approx(2292)
    assert total(result, "insurer") == pytest.approx(108)


def test_manufacturer_programme_reaches_its_cap_and_resets_in_january() -> None:
    # Spravato, commercial: deductible 1,000, 20%, OOP max 10,000, plan year from July (so only
    # the programme resets on January 1). Programme: patient pays $10, annual max 1,500.
    # Weekly from Monday 2027-11-01 for 10 weeks: Nov 1, 8, 15, 22, 29, Dec 6, 13, 20, 27, Jan 3.
    # s1:  share 1000 (deductible); programme pays 990 -> patient 10. Used 990.
    # s2:  share 200; programme 190 -> 10. Used 1,180.   s3: 190 -> 10. Used 1,370.
    # s4:  share 200; wants 190 but only 130 left -> programme 130, patient 70. Used 1,500.
    # s5-s9 (Nov 29 - Dec 27): programme exhausted, patient 200 each = 1,000.
    # s10 (Jan 3 2028): new calendar year, programme back to 1,500: pays 190, patient 10.
    # Patient 10+10+10+70+1000+10 = 1,110; programme 990+190+190+130+190 = 1,690;
    # insurer 0 + 9 * 800 = 7,200; together 10,000 = billed.
    s = make(
        "spravato",
        price=1000,
        start="2027-11-01",
        phases=[{"sessions_per_week": 1, "weeks": 10}],
        insurance=commercial(
            deductible=1000, coinsurance=0.2, oop_max=10000, plan_year_start_month=7
        ),
        assistance={"manufacturer": {"patient_pays_per_session": 10, "annual_max": 1500}},
    )
    result, ledger = run(s)
    assert column(ledger, "assistance") == [990, 190, 190, 130, 0, 0, 0, 0, 0, 190]
    assert column(ledger, "patient") == [10, 10, 10, 70, 200, 200, 200, 200, 200, 10]
    assert column(ledger, "plan_year") == [1] * 10  # July plan year: no plan-year reset
    assert total(result, "patient") == pytest.approx(1110)
    assert total(result, "assistance") == pytest.approx(1690)
    assert total(result, "insurer") == pytest.approx(7200)


@pytest.mark.parametrize(
    ("counts", "patient", "assistance", "insurer"),
    [
        # counts_toward_deductible true (the whole share advances the accumulators):
        # s1: d = 500, share 500, programme 490, patient 10; deductible used 500; programme 490.
        # s2: d = 500, share 500, programme 490, patient 10; deductible met; programme 980.
        # s3: share 0.2 * 500 = 100, programme wants 90, 20 left -> 20, patient 80.
        # s4: share 100, programme 0, patient 100.
        # Patient 200, programme 1,000, insurer 0 + 0 + 400 + 400 = 800.
        (True, [10, 10, 80, 100], [490, 490, 20, 0], 800),
        # counts false (an accumulator programme: only what the patient paid counts):
        # s1: d = 500, share 500, programme 490, patient 10; deductible used min(10, 500) = 10.
        # s2: left 990, d = 500, share 500, programme 490, patient 10; used 20; programme 980.
        # s3: left 980, d = 500, share 500, programme only 20 -> patient 480; used 500.
        # s4: left 500, d = 500, share 500, programme 0 -> patient 500.
        # Patient 1,000, programme 1,000, insurer 0.
        (False, [10, 10, 480, 500], [490, 490, 20, 0], 0),
    ],
)
def test_same_course_with_and_without_an_accumulator_programme(
    counts: bool, patient: list[float], assistance: list[float], insurer: float
) -> None:
    # Spravato, commercial: deductible 1,000, 20%, no cap; four $500 sessions (2/week, 2 weeks);
    # programme: patient pays $10, annual max 1,000.
    s = make(
        "spravato",
        price=500,
        phases=[{"sessions_per_week": 2, "weeks": 2}],
        insurance=commercial(deductible=1000, coinsurance=0.2),
        assistance={
            "manufacturer": {"patient_pays_per_session": 10, "annual_max": 1000},
            "counts_toward_deductible": counts,
        },
    )
    result, ledger = run(s)
    assert column(ledger, "patient") == patient
    assert column(ledger, "assistance") == assistance
    assert total(result, "insurer") == pytest.approx(insurer)
    assert total(result, "patient") + total(result, "assistance") + insurer == pytest.approx(2000)


def test_original_medicare_has_no_cap_and_no_programme() -> None:
    # Original Medicare: Part B deductible 283, 20%, no OOP max. Thirty $1,000 Spravato
    # sessions (2/week for 15 weeks, all in 2027). A manufacturer programme is in the file but
    # does not apply to Medicare.
    # s1: d = 283, coinsurance 0.2 * 717 = 143.40, share 426.40.  s2-s30: 200 each = 5,800.
    # Patient 6,226.40 (far above any commercial cap; nothing caps it); insurer 23,773.60.
    s = make(
        "spravato",
        price=1000,
        phases=[{"sessions_per_week": 2, "weeks": 15}],
        insurance={
            "kind": "medicare",
            "deductible": 283,
            "coinsurance": 0.2,
            "oop_max": None,
            "coverage": {
                "treatment": "in_network",
                "therapy": "in_network",
                "intake": "in_network",
            },
        },
        assistance={"manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150}},
    )
    result, ledger = run(s)
    assert column(ledger, "patient")[:3] == [426.4, 200, 200]
    assert sum(column(ledger, "cap_saving")) == 0
    assert total(result, "patient") == pytest.approx(6226.4)
    assert total(result, "insurer") == pytest.approx(23773.6)
    assert total(result, "assistance") == 0
    assert result.warnings and "commercially insured" in result.warnings[0]


def test_sliding_scale_discount_on_self_pay() -> None:
    # Uninsured, 25% sliding-scale discount: intake $200, three $800 infusions (one week).
    # Patient 0.75 * (200 + 3 * 800) = 0.75 * 2,600 = 1,950; the clinic writes off 650.
    s = make(
        price=800,
        intake=200,
        phases=[{"sessions": 3, "weeks": 1}],
        assistance={"sliding_scale_discount": 0.25},
    )
    result, ledger = run(s)
    assert column(ledger, "patient") == [600, 600, 600]
    assert column(ledger, "patient", "intake") == [150]
    assert total(result, "patient") == pytest.approx(1950)
    assert total(result, "write_off") == pytest.approx(650)


def test_sliding_scale_discount_with_a_superbill() -> None:
    # Therapy out of network at $200 with a 50% discount: the patient is charged 100.
    # The plan's allowed amount 200 * 0.6 = 120 is capped at the 100 actually charged (ledger's
    # documented choice: a plan does not reimburse more than the bill).
    # No OON deductible, 40%: share 40, reimbursed 60 -> patient 40 for the session; write-off 100.
    s = make(
        "kap_lozenge",
        price=0,
        phases=[{"sessions": 1, "weeks": 1}],
        therapy={"sessions": 1, "price": 200},
        insurance=commercial(
            coverage={
                "treatment": "not_covered",
                "therapy": "out_of_network",
                "intake": "not_covered",
            },
            out_of_network={
                "deductible": 0,
                "coinsurance": 0.4,
                "allowed_share": 0.6,
                "oop_max": None,
            },
        ),
        assistance={"sliding_scale_discount": 0.5},
    )
    _, ledger = run(s)
    assert column(ledger, "allowed", "therapy") == [100]
    assert column(ledger, "insurer", "therapy") == [60]
    assert column(ledger, "patient", "therapy") == [40]
    assert column(ledger, "write_off", "therapy") == [100]


@pytest.mark.parametrize(("pretax", "after_tax"), [(True, 780.0), (False, 1000.0)])
def test_hsa_after_tax_cost(pretax: bool, after_tax: float) -> None:
    # Two $500 self-paid infusions = 1,000 out of pocket. Paid from an HSA at a 22% marginal
    # rate the after-tax cost is 1000 * (1 - 0.22) = 780; without an HSA it stays 1,000.
    s = make(
        price=500,
        phases=[{"sessions": 2, "weeks": 1}],
        payment={"pretax_account": pretax, "marginal_tax_rate": 0.22},
    )
    summary = estimate(s, draws=0).summary()
    assert summary["out_of_pocket"]["mid"] == pytest.approx(1000)
    assert summary["after_tax_out_of_pocket"]["mid"] == pytest.approx(after_tax)


def test_time_and_travel_is_reported_apart() -> None:
    # Intake + 6 infusions + 2 therapy sessions (on infusion days) = 9 visits.
    # Per visit: travel 20 + 3 hours * 30/hour = 110; 9 * 110 = 990.
    # Money paid to the clinic is unchanged: 6 * 500 + 2 * 100 = 3,200.
    s = make(
        price=500,
        phases=[{"sessions": 6, "weeks": 2}],
        therapy={"sessions": 2, "price": 100},
        time_and_travel={"travel_cost_per_visit": 20, "hours_per_visit": 3, "hourly_value": 30},
    )
    summary = estimate(s, draws=0).summary()
    assert summary["visits"] == {"intake": 1, "treatment": 6, "therapy": 2}
    assert summary["time_and_travel"]["mid"] == pytest.approx(990)
    assert summary["out_of_pocket"]["mid"] == pytest.approx(3200)


def test_programme_quirk_a_higher_price_can_lower_out_of_pocket() -> None:
    # Why "out-of-pocket never decreases when a price rises" is a property only without the
    # programme. Spravato, deductible 1,000, 20%, OOP max 1,000; programme floor $10, annual max
    # 100,000 (never reached); four sessions (2/week, 2 weeks). The programme's payment counts
    # toward the deductible and the cap, so a higher price reaches the cap sooner, after which
    # the share is $0 instead of the $10 floor.
    # $400:  s1 d = 400, share 400 -> patient 10 (OOP 400); s2 share 400 -> 10 (OOP 800);
    #        s3 d = 200 + 0.2 * 200 = 240, capped at 1000 - 800 = 200 -> 10 (OOP 1,000);
    #        s4 share 0 -> programme pays max(0, 0 - 10) = 0, patient 0.  Total 30.
    # $1000: s1 d = 1000, share 1000 -> patient 10 (OOP 1,000); s2-s4 share 0.  Total 10.
    # Without the programme: $400 -> 400 + 400 + 200 + 0 = 1,000; $1,000 -> 1,000 + 0 = 1,000.
    def oop(price: float, programme: bool) -> float:
        manufacturer = {"patient_pays_per_session": 10, "annual_max": 100000}
        s = make(
            "spravato",
            price=price,
            phases=[{"sessions_per_week": 2, "weeks": 2}],
            insurance=commercial(deductible=1000, coinsurance=0.2, oop_max=1000),
            assistance={"manufacturer": manufacturer if programme else None},
        )
        return total(run(s)[0], "patient")

    assert oop(400, programme=True) == pytest.approx(30)
    assert oop(1000, programme=True) == pytest.approx(10)  # price up 2.5x, out-of-pocket down
    assert oop(400, programme=False) == pytest.approx(1000)
    assert oop(1000, programme=False) == pytest.approx(1000)
