"""The records pricing.ledger.settle reads and writes while it settles a batch claim by claim.

- `BatchTerms`: the plan terms broadcast to the batch (B,), and which rules anyone in the batch
  has (the shortcuts: a rule nobody has is never called);
- `Accumulators`: what has built up so far (deductibles, out-of-pocket, programmes, Part D,
  Medicaid's quarter), reset at the start of each plan year, calendar year or quarter (rule 1);
- `Claim`: the claim column being settled, from its price to each payer's amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pricing.course import COMPONENTS
from pricing.ledger.model import BoolArray, Claims, FloatArray, IntArray, PlanTerms


@dataclass(slots=True)
class BatchTerms:
    """PlanTerms as (B,) arrays, or (1,) for a term the whole batch shares, and which rules
    anyone in the batch has (the shortcuts)."""

    deductible: FloatArray
    coinsurance: FloatArray
    copay: FloatArray
    oop_max: FloatArray
    allowed_share: FloatArray
    oon_deductible: FloatArray
    oon_coinsurance: FloatArray
    oon_allowed_share: FloatArray
    oon_oop_max: FloatArray
    keep_share: FloatArray  # 1 - sliding-scale discount
    floor: FloatArray
    programme_max: FloatArray
    programme_component: IntArray
    counts: BoolArray
    rebate_floor: FloatArray
    rebate_max: FloatArray
    rebate_on: BoolArray  # rebate_max > 0: the rows the observation rebate helps
    pharmacy: BoolArray
    rx_coinsurance: FloatArray
    rx_copay: FloatArray
    supplement: IntArray
    visit_copay: FloatArray
    part_d: BoolArray
    part_d_deductible: FloatArray
    part_d_coinsurance: FloatArray
    part_d_threshold: FloatArray
    quarter_cap: FloatArray
    by_year: dict[str, FloatArray]  # rule 14: PlanTerms.by_year
    coverage: IntArray  # (B, len(COMPONENTS)) or (1, ...) broadcast
    use_copay: BoolArray
    any_copay: bool
    in_programme: BoolArray
    any_programme: bool
    any_rebate: bool
    all_count: bool
    any_pharmacy: bool
    any_part_d: bool
    any_supplement: bool
    any_quarter_cap: bool

    @classmethod
    def of(cls, terms: PlanTerms, claims: Claims, batch: int) -> BatchTerms:
        # A term the whole batch shares stays one number, (1,): numpy broadcasts it, and work
        # on shared numbers only (a shared price x a shared share) is done once, not B times.
        def arr(x: object) -> FloatArray:
            return np.asarray(x, dtype=np.float64).reshape(-1)

        def flag(x: object) -> BoolArray:
            return np.asarray(x, dtype=bool).reshape(-1)

        def code(x: object) -> IntArray:
            return np.asarray(x, dtype=np.int64).reshape(-1)

        copay = arr(terms.copay)
        use_copay = copay > 0
        any_copay = bool(use_copay.any())
        if "copay" in terms.by_year:  # a copay in a later plan year takes the copay path too
            any_copay = any_copay or bool((np.asarray(terms.by_year["copay"]) > 0).any())
        programme_max, counts = arr(terms.programme_max), flag(terms.counts_toward_deductible)
        supplement, pharmacy, part_d = (
            code(terms.supplement),
            flag(terms.pharmacy),
            flag(terms.part_d),
        )
        rebate_max, quarter_cap = arr(terms.rebate_max), arr(terms.quarter_cap)
        coverage = np.asarray(terms.coverage)
        if coverage.ndim == 1:
            coverage = np.broadcast_to(coverage, (batch, len(COMPONENTS)))
        in_programme = programme_max > 0
        return cls(
            deductible=arr(terms.deductible),
            coinsurance=arr(terms.coinsurance),
            copay=copay,
            oop_max=arr(terms.oop_max),
            allowed_share=arr(terms.allowed_share),
            oon_deductible=arr(terms.oon_deductible),
            oon_coinsurance=arr(terms.oon_coinsurance),
            oon_allowed_share=arr(terms.oon_allowed_share),
            oon_oop_max=arr(terms.oon_oop_max),
            keep_share=1.0 - arr(terms.discount),
            floor=arr(terms.programme_floor),
            programme_max=programme_max,
            programme_component=code(terms.programme_component),
            counts=counts,
            rebate_floor=arr(terms.rebate_floor),
            rebate_max=rebate_max,
            rebate_on=rebate_max > 0,
            pharmacy=pharmacy,
            rx_coinsurance=arr(terms.rx_coinsurance),
            rx_copay=arr(terms.rx_copay),
            supplement=supplement,
            visit_copay=arr(terms.visit_copay),
            part_d=part_d,
            part_d_deductible=arr(terms.part_d_deductible),
            part_d_coinsurance=arr(terms.part_d_coinsurance),
            part_d_threshold=arr(terms.part_d_threshold),
            quarter_cap=quarter_cap,
            by_year={
                name: np.asarray(table, dtype=np.float64) for name, table in terms.by_year.items()
            },
            coverage=coverage,
            use_copay=use_copay,
            any_copay=any_copay,
            in_programme=in_programme,
            any_programme=bool(in_programme.any()),
            any_rebate=bool((rebate_max > 0).any()),
            all_count=bool(counts.all()),
            any_pharmacy=bool(pharmacy.any()),
            any_part_d=bool(part_d.any()),
            any_supplement=bool((supplement != 0).any()),
            any_quarter_cap=bool(np.isfinite(quarter_cap).any()) and claims.quarter is not None,
        )


@dataclass(slots=True)
class Accumulators:
    """What has built up so far, each (B,): in-network deductible and OOP, out-of-network
    deductible and OOP (plan year); the programme and the rebate (calendar year); Part D
    (calendar year); Medicaid's cost sharing (calendar quarter)."""

    ded_in: FloatArray
    oop_in: FloatArray
    ded_oon: FloatArray
    oop_oon: FloatArray
    programme_used: FloatArray
    rebate_used: FloatArray
    ded_d: FloatArray
    oop_d: FloatArray
    quarter_paid: FloatArray

    @classmethod
    def start(cls, terms: PlanTerms, batch: int) -> Accumulators:
        """Rule 1: `met_this_year` counts in the first plan year; everything else starts at 0."""
        shape = (batch,)
        met_deductible = np.broadcast_to(np.asarray(terms.met_deductible, dtype=np.float64), shape)
        met_oop = np.broadcast_to(np.asarray(terms.met_oop, dtype=np.float64), shape)
        return cls(
            ded_in=met_deductible.copy(),
            oop_in=met_oop.copy(),
            ded_oon=np.zeros(shape),
            oop_oon=np.zeros(shape),
            programme_used=np.zeros(shape),
            rebate_used=np.zeros(shape),
            ded_d=np.zeros(shape),
            oop_d=np.zeros(shape),
            quarter_paid=np.zeros(shape),
        )


@dataclass(slots=True)
class Column:
    """What a claim column's price and coverage settle to before any accumulator is read: the
    same for every claim of one component at one price (pricing.ledger.settle works it out once
    per such key). Its arrays are read, never changed in place."""

    price: FloatArray
    comp: IntArray
    in_plan: BoolArray  # settled under the plan's medical or pharmacy terms (rule 3)
    out_net: BoolArray
    is_drug: BoolArray
    on_part_d: BoolArray | None  # a Part D claim (rule 10); None: nobody in the column
    charged: FloatArray  # what a self-paying patient is charged (rule 2)
    write_off: FloatArray  # price - charged (rule 2)
    allowed_in: FloatArray  # rule 3's allowed amount, 0 outside the plan's rows
    any_in_plan: bool
    any_out_net: bool
    programme_claim: BoolArray  # of the manufacturer programme's component (rules 5 and 9)
    any_programme_claim: bool
    all_programme_claim: bool
    any_visit: bool  # a treatment (visit) claim: the observation rebate's (rule 9)


class Claim:
    """One claim column being settled, (B,) arrays. Payers' amounts start as "not covered"
    (rule 2) and each rule overwrites its own rows. `zeros` is one shared array: an amount still
    `is zeros` was never touched, so adding it can be skipped. Rule 3's working values (allowed_in,
    d, raw, share, paid) exist once in_network_share and the rules after it have set them.

    A plain class with slots: it is made once per claim column, so it sets only what it must."""

    __slots__ = (
        "price", "comp", "in_plan", "out_net", "is_drug", "on_part_d", "charged",
        "any_in_plan", "any_out_net", "programme_claim", "any_programme_claim",
        "all_programme_claim", "any_visit",
        "patient", "insurer", "assistance", "allowed", "write_off",
        "ded_part", "coins_part", "copay_part", "cap_saving",
        "allowed_in", "d", "raw", "share", "copay_on", "paid", "programme_part",
    )  # fmt: skip

    price: FloatArray
    comp: IntArray
    in_plan: BoolArray  # settled under the plan's medical or pharmacy terms (rule 3)
    out_net: BoolArray
    is_drug: BoolArray
    on_part_d: BoolArray | None  # a Part D claim (rule 10); None: nobody in the column
    charged: FloatArray  # what a self-paying patient is charged (rule 2)
    any_in_plan: bool
    any_out_net: bool
    programme_claim: BoolArray
    any_programme_claim: bool
    all_programme_claim: bool
    any_visit: bool
    patient: FloatArray
    insurer: FloatArray
    assistance: FloatArray
    allowed: FloatArray
    write_off: FloatArray  # set by the rules only when settle is asked for it
    ded_part: FloatArray
    coins_part: FloatArray
    copay_part: FloatArray
    cap_saving: FloatArray
    allowed_in: FloatArray
    d: FloatArray  # the deductible part before the cap
    raw: FloatArray  # the share before the out-of-pocket cap
    share: FloatArray
    copay_on: BoolArray
    paid: FloatArray  # what the patient pays after the programmes
    programme_part: FloatArray | None  # rule 9: the share's part the programme may pay toward

    def __init__(self, col: Column, zeros: FloatArray) -> None:
        self.price, self.comp, self.in_plan, self.out_net = (
            col.price,
            col.comp,
            col.in_plan,
            col.out_net,
        )
        self.is_drug, self.on_part_d, self.charged = col.is_drug, col.on_part_d, col.charged
        self.any_in_plan, self.any_out_net = col.any_in_plan, col.any_out_net
        self.programme_claim, self.any_visit = col.programme_claim, col.any_visit
        self.any_programme_claim = col.any_programme_claim
        self.all_programme_claim = col.all_programme_claim
        self.patient, self.write_off = col.charged, col.write_off  # rule 2
        self.allowed_in = col.allowed_in
        self.insurer = self.assistance = self.allowed = zeros
        self.ded_part = self.coins_part = self.copay_part = self.cap_saving = zeros
        self.programme_part = None


class RunningPercentiles:
    """Percentiles over the batch of what each row's patient has paid after each claim, without
    B x K numbers: the running totals are kept for a window of claims (at most `numbers`
    numbers) and the percentiles of the whole window taken at once, from a sorted copy (numpy's
    partition on the six order statistics of three percentiles costs twice a sort; the
    percentiles are the same numbers). A claim on which nobody paid anything leaves the totals,
    so their percentiles, as they were: it shares the previous claim's row of the window."""

    def __init__(self, percentiles: Sequence[float], batch: int, n_claims: int, numbers: int):
        self.percentiles = percentiles
        self.out = np.zeros((len(percentiles), n_claims))
        window = min(n_claims, max(1, numbers // max(batch, 1)))
        self.window = np.empty((window, batch))
        self.used = 0  # rows of the window filled
        self.rows: list[int] = []  # the window row of each claim not yet taken
        self.first = 0  # the first of those claims

    def after(self, paid: FloatArray, changed: bool) -> None:
        """The next claim's running totals, `changed` or not since the claim before."""
        if changed or self.used == 0:
            if self.used == self.window.shape[0]:
                self.take()
            self.window[self.used] = paid
            self.used += 1
        self.rows.append(self.used - 1)

    def take(self) -> None:
        if self.rows:
            ordered = np.sort(self.window[: self.used], axis=1)
            found = np.percentile(ordered, self.percentiles, axis=1, overwrite_input=True)
            last = self.first + len(self.rows)
            self.out[:, self.first : last] = found[:, self.rows]
            self.first, self.rows, self.used = last, [], 0

    def taken(self) -> FloatArray:
        """(len(percentiles), K): every claim's percentiles."""
        self.take()
        return self.out
