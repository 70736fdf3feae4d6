"""Dated claims to who pays what: DESIGN.md rules 1-5, settled for a whole batch at once.

The batch dimension B holds Monte Carlo draws, many scenarios or a population of households;
the claim dimension K holds the course's claims in settlement order. Claims are settled one
claim column at a time (the accumulators make claim k depend on claims before it), each step a
handful of numpy operations over the whole batch, so the Python loop runs K times, never B times.

Per claim, each patient payment is split into the reasons it is owed (deductible, coinsurance,
copay) plus what the out-of-pocket cap saved, so the dashboard can say why in words.

Where DESIGN is silent, two choices (both documented on the Sources & method page):
- out-of-network: the allowed amount is never above what the patient was charged after the
  sliding-scale discount (a plan does not reimburse more than the bill);
- accumulator programmes: the deductible accumulator advances by min(patient payment, the claim's
  deductible part), which is DESIGN's min(patient payment, deductible left) for deductible plans
  and keeps copay claims from touching the deductible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from pricing import defaults
from pricing.course import COMPONENT_ORDER, COMPONENTS, Visit, visits
from pricing.scenario import Scenario

COVERAGE_CODES = {"not_covered": 0, "in_network": 1, "out_of_network": 2}
NOT_COVERED, IN_NETWORK, OUT_OF_NETWORK = 0, 1, 2
# Flags ("deductible met") compare sums of floats: a millionth of a cent absorbs rounding drift.
CENT_FRACTION = 1e-8
TREATMENT = COMPONENT_ORDER["treatment"]

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
    `price` is then ignored, so B simulated courses cost B x 3 numbers, not B x K.
    """

    price: FloatArray
    component: IntArray
    plan_year: IntArray
    calendar_year: IntArray
    valid: BoolArray
    component_price: FloatArray | None = None

    @property
    def n_claims(self) -> int:
        return int(self.component.shape[1])

    def price_column(self, k: int, rows: IntArray) -> FloatArray:
        """Claim k's price for every batch row, (R,) or (B,)."""
        if self.component_price is None:
            return self.price[:, k]
        comp = self.component[:, k]
        if comp.shape[0] == 1:
            return self.component_price[:, int(comp[0])]
        return self.component_price[rows, comp]


@dataclass
class PlanTerms:
    """Plan, assistance and discount terms, each a (B,) array or a scalar broadcast to B.

    `coverage` is (B, 3): the coverage code for intake, treatment and therapy claims.
    oop_max values of np.inf mean no cap; programme_max of 0 means no manufacturer programme.
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
    programme_floor: FloatArray | float = 0.0
    programme_max: FloatArray | float = 0.0
    counts_toward_deductible: BoolArray | bool = True


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


def _column(array: NDArray[np.generic], k: int) -> NDArray[np.generic]:
    return array[:, k]


def settle(
    claims: Claims,
    terms: PlanTerms,
    batch: int,
    keep_claims: bool = False,
    running_percentiles: Sequence[float] = (),
) -> Settlement:
    """Settle every claim of every batch row. `batch` is B (rows of terms and/or claims).

    Memory: a few dozen (B,) arrays, plus B x K per claim field only with `keep_claims`.
    """
    f = np.float64
    shape = (batch,)

    def arr(x: FloatArray | float) -> FloatArray:
        return np.broadcast_to(np.asarray(x, dtype=f), shape)

    deductible, coinsurance, copay = arr(terms.deductible), arr(terms.coinsurance), arr(terms.copay)
    oop_max, allowed_share = arr(terms.oop_max), arr(terms.allowed_share)
    oon_deductible, oon_coins = arr(terms.oon_deductible), arr(terms.oon_coinsurance)
    oon_allowed_share, oon_oop_max = arr(terms.oon_allowed_share), arr(terms.oon_oop_max)
    keep_share = 1.0 - arr(terms.discount)
    floor, programme_max = arr(terms.programme_floor), arr(terms.programme_max)
    counts = np.broadcast_to(np.asarray(terms.counts_toward_deductible, dtype=bool), shape)
    use_copay = copay > 0
    coverage = np.asarray(terms.coverage)
    if coverage.ndim == 1:
        coverage = np.broadcast_to(coverage, (batch, 3))

    # Accumulators: in-network deductible and OOP, out-of-network deductible and OOP, programme.
    ded_in = arr(terms.met_deductible).copy()
    oop_in = arr(terms.met_oop).copy()
    ded_oon = np.zeros(shape)
    oop_oon = np.zeros(shape)
    programme_used = np.zeros(shape)

    totals = {name: np.zeros(shape) for name in TOTAL_FIELDS}
    by_component = {
        f"{payer}:{comp}": np.zeros(shape) for payer in COMPONENT_FIELDS for comp in COMPONENTS
    }
    per_claim = (
        {name: np.zeros((batch, claims.n_claims)) for name in CLAIM_FIELDS} if keep_claims else {}
    )
    running = np.zeros((len(running_percentiles), claims.n_claims))
    rows = np.arange(batch)
    zeros = np.zeros(shape)
    # Shortcuts that skip work without changing a result (large household batches): with no
    # copay anywhere the copay branches are dead; with no programme anywhere assistance is 0,
    # so the patient pays the whole share and every accumulator advances by it.
    any_copay = bool(use_copay.any())
    in_programme = programme_max > 0
    any_programme = bool(in_programme.any())
    all_count = bool(counts.all())

    for k in range(claims.n_claims):
        price = np.broadcast_to(claims.price_column(k, rows), shape) * claims.valid[:, k]
        comp = _column(claims.component, k)
        if k > 0:  # rule 1: plan-year and calendar-year resets
            new_plan_year = _column(claims.plan_year, k) != _column(claims.plan_year, k - 1)
            if new_plan_year.any():
                ded_in = np.where(new_plan_year, 0.0, ded_in)
                oop_in = np.where(new_plan_year, 0.0, oop_in)
                ded_oon = np.where(new_plan_year, 0.0, ded_oon)
                oop_oon = np.where(new_plan_year, 0.0, oop_oon)
            new_year = _column(claims.calendar_year, k) != _column(claims.calendar_year, k - 1)
            if new_year.any():
                programme_used = np.where(new_year, 0.0, programme_used)
        cov = coverage[:, int(comp[0])] if comp.shape[0] == 1 else coverage[rows, comp]
        cov = np.broadcast_to(cov, shape)
        in_net = cov == IN_NETWORK
        out_net = cov == OUT_OF_NETWORK
        charged = price * keep_share  # rule 2: what a self-paying patient is charged

        patient = charged  # not covered unless overwritten below
        write_off = price - charged
        insurer = zeros
        assistance = zeros
        allowed = zeros
        ded_part = coins_part = copay_part = cap_saving = zeros

        if in_net.any():  # rule 3 and rule 5
            # Rows not in network get an allowed amount of 0, so every amount derived from it
            # is 0 there and the accumulators can add it without a mask.
            allowed_in = price * allowed_share * in_net
            ded_left = np.maximum(deductible - ded_in, 0.0)
            if any_copay:
                d = np.where(use_copay, 0.0, np.minimum(allowed_in, ded_left))
                raw = np.where(
                    use_copay, np.minimum(copay, allowed_in), d + coinsurance * (allowed_in - d)
                )
            else:
                d = np.minimum(allowed_in, ded_left)
                raw = d + coinsurance * (allowed_in - d)
            share = np.minimum(raw, np.maximum(oop_max - oop_in, 0.0))
            d_paid = np.minimum(d, share)
            is_treatment = comp == TREATMENT
            if any_programme and bool(is_treatment.any()):
                eligible = in_programme & is_treatment
                want = np.where(eligible, np.maximum(share - floor, 0.0), 0.0)
                assist = np.minimum(want, np.maximum(programme_max - programme_used, 0.0))
                paid = share - assist
                if all_count:
                    ded_in = ded_in + d_paid
                    oop_in = oop_in + share
                else:
                    ded_in = ded_in + np.where(counts, d_paid, np.minimum(paid, d_paid))
                    oop_in = oop_in + np.where(counts, share, paid)
                programme_used = programme_used + assist
                assistance = assist
            else:  # no help: paid == share, so min(paid, d_paid) == d_paid and counts is moot
                paid = share
                ded_in = ded_in + d_paid
                oop_in = oop_in + share

            patient = np.where(in_net, paid, patient)
            insurer = allowed_in - share
            write_off = np.where(in_net, price - allowed_in, write_off)
            allowed = allowed_in
            if keep_claims:
                rest = share - d_paid
                ded_part = np.where(in_net, d_paid, 0.0)
                coins_part = np.where(in_net & ~use_copay, rest, 0.0)
                copay_part = np.where(in_net & use_copay, rest, 0.0)
                cap_saving = np.where(in_net, raw - share, 0.0)

        if out_net.any():  # rule 4: pay up front, claim back on a superbill
            # As above: 0 allowed outside these rows, and insurer/allowed are 0 on these rows
            # so far, so adding is the same as selecting.
            allowed_oon = np.minimum(price * oon_allowed_share, charged) * out_net
            d = np.minimum(allowed_oon, np.maximum(oon_deductible - ded_oon, 0.0))
            raw = d + oon_coins * (allowed_oon - d)
            share = np.minimum(raw, np.maximum(oon_oop_max - oop_oon, 0.0))
            d_paid = np.minimum(d, share)
            reimbursed = allowed_oon - share
            ded_oon = ded_oon + d_paid
            oop_oon = oop_oon + share

            patient = np.where(out_net, charged - reimbursed, patient)
            insurer = insurer + reimbursed
            allowed = allowed + allowed_oon
            if keep_claims:
                ded_part = np.where(out_net, d_paid, ded_part)
                coins_part = np.where(out_net, share - d_paid, coins_part)
                cap_saving = np.where(out_net, raw - share, cap_saving)

        claim = {
            "billed": price,
            "allowed": allowed,
            "patient": patient,
            "insurer": insurer,
            "assistance": assistance,
            "write_off": write_off,
        }
        for name in TOTAL_FIELDS:
            if claim[name] is not zeros:  # adding the shared zeros changes nothing
                totals[name] += claim[name]
        if running_percentiles:
            running[:, k] = np.percentile(totals["patient"], running_percentiles)
        for payer in COMPONENT_FIELDS:
            if claim[payer] is zeros:
                continue
            if comp.shape[0] == 1:  # shared course: one component for the whole column
                by_component[f"{payer}:{COMPONENTS[int(comp[0])]}"] += claim[payer]
                continue
            for code, comp_name in enumerate(COMPONENTS):
                mask = comp == code
                if mask.any():
                    by_component[f"{payer}:{comp_name}"] += claim[payer] * mask
        if keep_claims:
            claim.update(
                deductible=ded_part,
                coinsurance=coins_part,
                copay=copay_part,
                cap_saving=cap_saving,
                deductible_met=np.select(
                    [in_net, out_net],
                    [
                        (deductible > 0) & ~use_copay & (ded_in >= deductible - CENT_FRACTION),
                        (oon_deductible > 0) & (ded_oon >= oon_deductible - CENT_FRACTION),
                    ],
                    False,
                ).astype(f),
                oop_max_reached=(in_net & (oop_in >= oop_max - CENT_FRACTION)).astype(f),
                programme_cap_reached=(
                    (programme_max > 0) & (programme_used >= programme_max - CENT_FRACTION)
                ).astype(f),
            )
            for name in CLAIM_FIELDS:
                per_claim[name][:, k] = claim[name]
    return Settlement(
        totals=totals,
        by_component=by_component,
        per_claim=per_claim,
        running_patient=running if running_percentiles else None,
    )


# ---------------------------------------------------------------------------------------------
# From a scenario to claims and terms.


def plan_year_index(day: dt.date, start_month: int) -> int:
    """Plan years counted so that day 1 of `start_month` begins a new one (rule 1)."""
    return (day.year * 12 + day.month - start_month) // 12


def claims_for(scenario: Scenario, course: list[Visit] | None = None) -> tuple[list[Visit], Claims]:
    """The scenario's visits as shared (1, K) claim arrays, prices left at zero (set per bound)."""
    if course is None:
        course = visits(scenario.treatment.phases, scenario.start_date, scenario.therapy.sessions)
    start_month = scenario.insurance.plan_year_start_month
    k = len(course)
    claims = Claims(
        price=np.zeros((1, k)),
        component=np.array([[COMPONENT_ORDER[v.component] for v in course]], dtype=np.int64),
        plan_year=np.array(
            [[plan_year_index(v.date, start_month) for v in course]], dtype=np.int64
        ),
        calendar_year=np.array([[v.date.year for v in course]], dtype=np.int64),
        valid=np.ones((1, k), dtype=bool),
    )
    return course, claims


def programme_applies(scenario: Scenario) -> bool:
    """Rule 5, the one place it is decided: the scenario's manufacturer programme helps only
    the insurance kinds the defaults list as eligible for the treatment's programme
    (assistance.yaml `eligible_kinds`: commercial only for SPRAVATO withMe)."""
    return scenario.assistance.manufacturer is not None and (
        scenario.insurance.kind in defaults.programme_eligible_kinds(scenario.modality)
    )


def terms_for(scenario: Scenario) -> PlanTerms:
    """The scenario's plan terms as a batch of one (broadcast to any batch size)."""
    ins = scenario.insurance
    oon = ins.out_of_network
    manufacturer = scenario.assistance.manufacturer
    applies = programme_applies(scenario)
    return PlanTerms(
        coverage=np.array(
            [COVERAGE_CODES[getattr(ins.coverage, c)] for c in COMPONENTS], dtype=np.int64
        ),
        deductible=ins.deductible,
        coinsurance=ins.coinsurance,
        copay=ins.copay,
        oop_max=np.inf if ins.oop_max is None else ins.oop_max,
        met_deductible=ins.met_this_year.deductible,
        # What went to the deductible also counts toward the out-of-pocket maximum, so the OOP
        # already paid is at least the deductible already met (people often give only one).
        met_oop=max(ins.met_this_year.oop, ins.met_this_year.deductible),
        allowed_share=ins.allowed_share,
        oon_deductible=oon.deductible,
        oon_coinsurance=oon.coinsurance,
        oon_allowed_share=oon.allowed_share,
        oon_oop_max=np.inf if oon.oop_max is None else oon.oop_max,
        discount=scenario.assistance.sliding_scale_discount,
        programme_floor=manufacturer.patient_pays_per_session if manufacturer and applies else 0.0,
        programme_max=manufacturer.annual_max if manufacturer and applies else 0.0,
        counts_toward_deductible=scenario.assistance.counts_toward_deductible,
    )
