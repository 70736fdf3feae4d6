"""What the ledger settles: claims, the plan terms they are settled under, and the result.

The batch dimension B holds Monte Carlo draws, many scenarios or a population of households; the
claim dimension K holds a course's claims in settlement order (pricing.course.COMPONENTS on one
date). Every array in `Claims` is (R, K) with R = 1 (one course shared by the batch) or R = B;
every field of `PlanTerms` is a (B,) array or a scalar broadcast to B (and `by_year` holds
the figures that change from one plan year to the next, rule 14).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from pricing.course import COMPONENT_ORDER, COMPONENTS

COVERAGE_CODES = {"not_covered": 0, "in_network": 1, "out_of_network": 2}
NOT_COVERED, IN_NETWORK, OUT_OF_NETWORK = 0, 1, 2
INTAKE = COMPONENT_ORDER["intake"]
DRUG = COMPONENT_ORDER["drug"]
TREATMENT = COMPONENT_ORDER["treatment"]
THERAPY = COMPONENT_ORDER["therapy"]
# Medicare supplements that change a Part B claim (docs/method.md, rule 10); Medicare Advantage
# is settled as a plan of its own (rule 3 with its terms), so it needs no code here.
SUPPLEMENT_CODES = {"none": 0, "medigap_g": 1, "medigap_n": 2}
NO_SUPPLEMENT, MEDIGAP_G, MEDIGAP_N = 0, 1, 2
# Flags ("deductible met") compare sums of floats: a millionth of a cent absorbs rounding drift.
CENT_FRACTION = 1e-8

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

# What the ledger records for every claim; each a (B, K) array when claims are kept.
CLAIM_FIELDS = (
    "billed",
    "allowed",
    "deductible",
    "coinsurance",
    "copay",
    "cap_saving",
    "patient",
    "insurer",
    "assistance",
    "write_off",
    "deductible_met",  # 1.0 once the in-network (or, for OON claims, the OON) deductible is met
    "oop_max_reached",  # 1.0 once the in-network out-of-pocket maximum is reached
    "programme_cap_reached",  # 1.0 once the manufacturer programme's yearly money is used up
)
TOTAL_FIELDS = ("billed", "allowed", "patient", "insurer", "assistance", "write_off")
# Amounts also totalled per component: Settlement.by_component["patient:treatment"] etc.
COMPONENT_FIELDS = ("billed", "patient", "insurer", "assistance", "write_off")


@dataclass
class Claims:
    """K claims for each batch row. Every array is (R, K) with R = 1 (shared) or R = B.

    `component_price`, when given, is (B, len(COMPONENTS)): one price per component per row (a
    clinic charges one price), and claim k of row b costs component_price[b, component[b, k]].
    `price` is then ignored, so B simulated courses cost B x 4 numbers, not B x K. When prices
    change during the course (rule 14: a dated default price), it is (B, P, len(COMPONENTS)),
    one price per component for each of P price periods, and `price_period` (R, K) says which
    period each claim falls in.
    """

    price: FloatArray
    component: IntArray
    plan_year: IntArray
    calendar_year: IntArray
    valid: BoolArray
    quarter: IntArray | None = None  # calendar quarter index (Medicaid's cap); None: never used
    component_price: FloatArray | None = None
    price_period: IntArray | None = None
    # Rule 9: the share of each claim's patient share the manufacturer programme may pay toward
    # (R, K): on a bundled Spravato claim the drug's part; None: all of it.
    programme_part: FloatArray | None = None

    @property
    def n_claims(self) -> int:
        return int(self.component.shape[1])

    def price_column(self, k: int, rows: IntArray) -> FloatArray:
        """Claim k's price for every batch row, (R,) or (B,)."""
        table = self.component_price
        if table is None:
            return self.price[:, k]
        comp = self.component[:, k]
        if table.ndim == 3:
            periods = self.price_period
            period = np.zeros_like(comp) if periods is None else periods[:, k]
            if comp.shape[0] == 1:
                return table[:, int(period[0]), int(comp[0])]
            return table[rows, period, comp]
        if comp.shape[0] == 1:
            return table[:, int(comp[0])]
        return table[rows, comp]


# Rule 14: the PlanTerms fields that may change from one plan year to the next. Part D's and
# Medigap's are calendar-year figures, which under Medicare (the only plan that has them) is the
# plan year (rule 10).
YEARLY_TERMS = (
    "deductible",
    "coinsurance",
    "copay",
    "oop_max",
    "part_d_deductible",
    "part_d_coinsurance",
    "part_d_threshold",
    "visit_copay",
)


@dataclass
class PlanTerms:
    """Plan, assistance and discount terms, each a (B,) array or a scalar broadcast to B.

    `coverage` is (B, 4) or (4,): the coverage code for each of COMPONENTS (a drug claim has the
    coverage of the treatment). oop_max values of np.inf mean no cap; a programme or rebate
    maximum of 0 means none.
    """

    coverage: IntArray
    deductible: FloatArray | float = 0.0
    coinsurance: FloatArray | float = 0.0
    copay: FloatArray | float = 0.0
    oop_max: FloatArray | float = np.inf
    met_deductible: FloatArray | float = 0.0
    met_oop: FloatArray | float = 0.0
    allowed_share: FloatArray | float = 1.0
    oon_deductible: FloatArray | float = 0.0
    oon_coinsurance: FloatArray | float = 1.0
    oon_allowed_share: FloatArray | float = 0.0
    oon_oop_max: FloatArray | float = np.inf
    discount: FloatArray | float = 0.0
    # Manufacturer programme (rule 5 / 9): helps claims of `programme_component` (the drug when
    # the bill is split, the bundled treatment otherwise).
    programme_floor: FloatArray | float = 0.0
    programme_max: FloatArray | float = 0.0
    programme_component: IntArray | int = TREATMENT
    counts_toward_deductible: BoolArray | bool = True
    # Observation rebate (rule 9): after each visit claim of a split Spravato bill.
    rebate_floor: FloatArray | float = 0.0
    rebate_max: FloatArray | float = 0.0
    # Pharmacy benefit (rule 8): drug claims settle with these in place of coinsurance/copay.
    pharmacy: BoolArray | bool = False
    rx_coinsurance: FloatArray | float = 0.0
    rx_copay: FloatArray | float = 0.0
    # Medicare (rule 10): a supplement on Part B claims; Part D for pharmacy drug claims.
    supplement: IntArray | int = NO_SUPPLEMENT
    visit_copay: FloatArray | float = 0.0
    part_d: BoolArray | bool = False
    part_d_deductible: FloatArray | float = 0.0
    part_d_coinsurance: FloatArray | float = 0.0
    part_d_threshold: FloatArray | float = np.inf
    # Medicaid (rule 11): all cost sharing in a calendar quarter is at most this much.
    quarter_cap: FloatArray | float = np.inf
    # Rule 14: plan-year figures that change during the course, by field name (one of
    # YEARLY_TERMS): (1, Y) or (B, Y), column y for the course's y-th plan year (y = 0 the first;
    # past the last column the last). The field itself keeps the first year's value, so a batch
    # that knows nothing of dates (the equity population) is unchanged.
    by_year: dict[str, FloatArray] = field(default_factory=dict)


@dataclass
class Settlement:
    """Totals per batch row, and per claim when asked for.

    `running_patient` (len(percentiles), K), when asked for: after each claim, the given
    percentiles over the batch rows of what each row's patient has paid so far. It is what a
    (B, K) array of cumulative payments would give, without ever holding B x K numbers.
    """

    totals: dict[str, FloatArray]
    by_component: dict[str, FloatArray]  # "patient:treatment" etc., (B,) each
    per_claim: dict[str, FloatArray] = field(default_factory=dict)
    running_patient: FloatArray | None = None


__all__ = [
    "CLAIM_FIELDS",
    "COMPONENT_FIELDS",
    "COMPONENTS",
    "COVERAGE_CODES",
    "Claims",
    "PlanTerms",
    "Settlement",
    "TOTAL_FIELDS",
    "YEARLY_TERMS",
]
