"""Dated claims to who pays what: docs/method.md rules 1-5, 8-11 and 14, for a whole batch at once.

Claims are settled one claim column at a time (the accumulators make claim k depend on claims
before it), each step a handful of numpy operations over the whole batch, so the Python loop
runs K times, never B times. `settle` is that loop; each rule is one function below, called in
the order the method gives, reading and writing the three small records of
pricing/ledger/records.py (the terms broadcast to the batch, the accumulators, the claim column
being settled). Per claim, each patient payment is split into the reasons it is owed
(deductible, coinsurance, copay) plus what the out-of-pocket cap saved, so the dashboard can say
why in words.

Where the method is silent, two choices (both on the Sources & method page):
- out-of-network: the allowed amount is never above what the patient was charged after the
  sliding-scale discount (a plan does not reimburse more than the bill);
- accumulator programmes: the deductible accumulator advances by min(patient payment, the claim's
  deductible part), which keeps copay claims from touching the deductible.

Shortcuts skip work without changing a result (large household batches): a rule nobody in the
batch has (copays, programmes, rebates, pharmacy benefit, Part D, Medigap, Medicaid's quarterly
cap), or that no claim of the column can meet (the rebate on a drug claim), is never called, so
it costs nothing; nor is an amount nobody asked for (`settle`'s `keep_claims`, `totals_of` and
`by_component`).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from typing import Any, NamedTuple

import numpy as np

from pricing.course import COMPONENTS
from pricing.ledger.columns import open_claim, period_opens, period_starts
from pricing.ledger.model import (
    CENT_FRACTION,
    CLAIM_FIELDS,
    COMPONENT_FIELDS,
    MEDIGAP_G,
    MEDIGAP_N,
    TOTAL_FIELDS,
    TREATMENT,
    BoolArray,
    Claims,
    FloatArray,
    IntArray,
    PlanTerms,
    Settlement,
)
from pricing.ledger.records import Accumulators, BatchTerms, Claim, Column, RunningPercentiles

# Batches of at most this many claim x row numbers have their flags worked out after the loop.
SMALL_FLAG_NUMBERS = 1 << 16
# Numbers held to take the running percentiles a window of claims at a time (2 MiB, and as
# much again for their sorted copy; pricing.ledger.records.RunningPercentiles).
RUNNING_WINDOW_NUMBERS = 1 << 18
# Claim fields that need each share split into its reasons, or the flags, to be worked out.
REASON_FIELDS = frozenset({"deductible", "coinsurance", "copay", "cap_saving"})
FLAG_FIELDS = frozenset({"deductible_met", "oop_max_reached", "programme_cap_reached"})


def year_figures(claims: Claims, k: int, t: BatchTerms, rows: IntArray) -> None:
    """Rule 14: each claim uses the plan-year figures (deductible, out-of-pocket maximum, Part B
    and Part D figures...) of its own plan year. Called on the first claim and on the first
    claim of each new plan year; column y of each `by_year` table is the course's y-th plan
    year, and past the last column the last one (projected, named in the warnings)."""
    offset = claims.plan_year[:, k] - claims.plan_year[:, 0]
    batch = rows.shape[0]
    for name, table in t.by_year.items():
        year = np.minimum(offset, table.shape[1] - 1)
        if year.shape[0] == 1:
            column = table[:, int(year[0])]
        else:
            column = np.broadcast_to(table, (batch, table.shape[1]))[rows, year]
        setattr(t, name, np.broadcast_to(column, (batch,)))
    if "copay" in t.by_year:
        t.use_copay = t.copay > 0


def new_periods(
    claims: Claims,
    k: int,
    t: BatchTerms,
    acc: Accumulators,
    rows: IntArray,
    starts: dict[str, frozenset[int] | None],
) -> None:
    """Rule 1 (and rule 11's quarter): on the first claim of a new plan year the deductible and
    out-of-pocket accumulators start again, and the year's own figures apply (rule 14); of a new
    calendar year, the programmes' yearly money and Part D's; of a new quarter, Medicaid's cap."""
    new_plan_year, opens = period_opens(claims, "plan_year", k, starts)
    if opens:
        if t.by_year:
            year_figures(claims, k, t, rows)
        acc.ded_in = np.where(new_plan_year, 0.0, acc.ded_in)
        acc.oop_in = np.where(new_plan_year, 0.0, acc.oop_in)
        acc.ded_oon = np.where(new_plan_year, 0.0, acc.ded_oon)
        acc.oop_oon = np.where(new_plan_year, 0.0, acc.oop_oon)
    new_year, opens = period_opens(claims, "calendar_year", k, starts)
    if opens:
        acc.programme_used = np.where(new_year, 0.0, acc.programme_used)
        acc.rebate_used = np.where(new_year, 0.0, acc.rebate_used)
        acc.ded_d = np.where(new_year, 0.0, acc.ded_d)
        acc.oop_d = np.where(new_year, 0.0, acc.oop_d)
    if t.any_quarter_cap:
        new_quarter, opens = period_opens(claims, "quarter", k, starts)
        if opens:
            acc.quarter_paid = np.where(new_quarter, 0.0, acc.quarter_paid)


def in_network_share(c: Claim, t: BatchTerms, acc: Accumulators) -> None:
    """Rule 3 (with rule 8's pharmacy terms for drug claims): allowed = price x allowed_share;
    the share is the copay (at most the allowed amount) when the plan has one, else the
    deductible part d = min(allowed, deductible left) plus coinsurance x (allowed - d).

    Rows not in the plan get an allowed amount of 0, so every amount derived from it is 0 there
    and the accumulators can add it without a mask."""
    allowed_in = c.allowed_in  # price x allowed_share x in_plan (pricing.ledger.columns.column)
    ded_left = np.maximum(t.deductible - acc.ded_in, 0.0)
    coins_k, copay_k, copay_on = t.coinsurance, t.copay, t.use_copay
    if t.any_pharmacy:  # rule 8: the pharmacy benefit's terms for drug claims
        rx = c.is_drug & t.pharmacy
        coins_k = np.where(rx, t.rx_coinsurance, t.coinsurance)
        copay_k = np.where(rx, t.rx_copay, t.copay)
        copay_on = copay_k > 0
    if t.any_copay or t.any_pharmacy:
        d = np.where(copay_on, 0.0, np.minimum(allowed_in, ded_left))
        raw = np.where(copay_on, np.minimum(copay_k, allowed_in), d + coins_k * (allowed_in - d))
    else:
        d = np.minimum(allowed_in, ded_left)
        raw = d + coins_k * (allowed_in - d)
    c.allowed_in, c.d, c.raw, c.copay_on = allowed_in, d, raw, copay_on


def medigap(c: Claim, t: BatchTerms) -> None:
    """Rule 10: Medigap Plan G pays the coinsurance, so the patient pays the deductible part;
    Plan N pays it above `visit_copay` per claim."""
    # np.where chains pick exactly what np.select would, at a tenth of its cost on small batches
    plan_n = np.where(
        t.supplement == MEDIGAP_N, c.d + np.minimum(c.raw - c.d, t.visit_copay), c.raw
    )
    c.raw = np.where(t.supplement == MEDIGAP_G, c.d, plan_n)


def out_of_pocket_cap(c: Claim, t: BatchTerms, acc: Accumulators) -> None:
    """Rule 3: the share is at most what is left of the out-of-pocket maximum."""
    c.share = np.minimum(c.raw, np.maximum(t.oop_max - acc.oop_in, 0.0))


def medicaid_quarter_cap(c: Claim, t: BatchTerms, acc: Accumulators) -> None:
    """Rule 11: all Medicaid cost sharing in a calendar quarter is at most 5% of the quarter's
    income (`quarter_cap`, infinite for everyone else)."""
    c.share = np.minimum(c.share, np.maximum(t.quarter_cap - acc.quarter_paid, 0.0))
    acc.quarter_paid = acc.quarter_paid + c.share * c.in_plan


def manufacturer_programme(c: Claim, t: BatchTerms, acc: Accumulators) -> FloatArray:
    """Rules 5 and 9: on claims of the programme's component (the drug's when the bill is split,
    the bundled treatment's otherwise) the programme pays the share above its floor, up to what
    is left of its yearly maximum; on a bundled claim only the drug's part of the share
    (share x the claim's `programme_part`: it does not cover observation). With counts_toward_deductible the accumulators advance by the
    whole share; with a copay accumulator only by what the patient paid (the deductible one by
    min(payment, the deductible part)). Returns the claim's deductible part actually paid."""
    d_paid = np.minimum(c.d, c.share)
    if t.any_programme and c.any_programme_claim:
        eligible = t.in_programme if c.all_programme_claim else t.in_programme & c.programme_claim
        toward = c.share if c.programme_part is None else c.share * c.programme_part
        want = np.where(eligible, np.maximum(toward - t.floor, 0.0), 0.0)
        assist = np.minimum(want, np.maximum(t.programme_max - acc.programme_used, 0.0))
        paid = c.share - assist
        if t.all_count:
            acc.ded_in = acc.ded_in + d_paid
            acc.oop_in = acc.oop_in + c.share
        else:
            acc.ded_in = acc.ded_in + np.where(t.counts, d_paid, np.minimum(paid, d_paid))
            acc.oop_in = acc.oop_in + np.where(t.counts, c.share, paid)
        acc.programme_used = acc.programme_used + assist
        c.assistance = assist
    else:  # no help: paid == share, so min(paid, d_paid) == d_paid and counts is moot
        paid = c.share
        acc.ded_in = acc.ded_in + d_paid
        acc.oop_in = acc.oop_in + c.share
    c.paid = paid
    return d_paid


def observation_rebate(c: Claim, t: BatchTerms, acc: Accumulators) -> None:
    """Rule 9: after each visit claim of a split bill, the rebate pays what the patient paid
    above its floor, up to what is left of its yearly maximum. The patient paid the clinic
    first, so the accumulators have already advanced by the whole share."""
    visit = (c.comp == TREATMENT) & c.in_plan & t.rebate_on
    want = np.where(visit, np.maximum(c.paid - t.rebate_floor, 0.0), 0.0)
    rebate = np.minimum(want, np.maximum(t.rebate_max - acc.rebate_used, 0.0))
    acc.rebate_used = acc.rebate_used + rebate
    c.paid = c.paid - rebate
    c.assistance = c.assistance + rebate


def close_in_network(
    c: Claim, t: BatchTerms, d_paid: FloatArray, keep: bool, write_off: bool = True
) -> None:
    """Rule 3: the patient pays what the programmes left, the insurer allowed - share, and the
    rest of the price is written off (worked out when asked for); per claim, the share's
    reasons."""
    c.patient = np.where(c.in_plan, c.paid, c.patient)
    c.insurer = c.allowed_in - c.share
    if write_off:
        c.write_off = np.where(c.in_plan, c.price - c.allowed_in, c.write_off)
    c.allowed = c.allowed_in
    if keep:
        rest = c.share - d_paid
        medigap_n = t.supplement == MEDIGAP_N
        c.ded_part = np.where(c.in_plan, d_paid, 0.0)
        c.coins_part = np.where(c.in_plan & ~c.copay_on & ~medigap_n, rest, 0.0)
        c.copay_part = np.where(c.in_plan & (c.copay_on | medigap_n), rest, 0.0)
        c.cap_saving = np.where(c.in_plan, c.raw - c.share, 0.0)


def part_d(c: Claim, t: BatchTerms, acc: Accumulators, keep: bool, write_off: bool = True) -> None:
    """Rule 10: a drug claim on the pharmacy benefit under Medicare is a Part D claim with its
    own calendar-year accumulators: the Part D deductible, then the coinsurance, until the
    person's Part D payments reach the out-of-pocket threshold; then nothing."""
    on_part_d = c.on_part_d
    assert on_part_d is not None
    allowed_d = c.price * t.allowed_share * on_part_d
    d = np.minimum(allowed_d, np.maximum(t.part_d_deductible - acc.ded_d, 0.0))
    raw_d = d + t.part_d_coinsurance * (allowed_d - d)
    share_d = np.minimum(raw_d, np.maximum(t.part_d_threshold - acc.oop_d, 0.0))
    d_paid_d = np.minimum(d, share_d)
    acc.ded_d = acc.ded_d + d_paid_d
    acc.oop_d = acc.oop_d + share_d
    c.patient = np.where(on_part_d, share_d, c.patient)
    c.insurer = c.insurer + (allowed_d - share_d)
    if write_off:
        c.write_off = np.where(on_part_d, c.price - allowed_d, c.write_off)
    c.allowed = c.allowed + allowed_d
    if keep:
        c.ded_part = np.where(on_part_d, d_paid_d, c.ded_part)
        c.coins_part = np.where(on_part_d, share_d - d_paid_d, c.coins_part)
        c.cap_saving = np.where(on_part_d, raw_d - share_d, c.cap_saving)


def out_of_network(c: Claim, t: BatchTerms, acc: Accumulators, keep: bool) -> None:
    """Rule 4: the patient pays the discounted price up front; the plan reimburses the
    out-of-network allowed amount (never above the charge) less a share worked out as in rule 3
    with the out-of-network deductible, coinsurance and cap.

    0 allowed outside these rows, and insurer/allowed are 0 on these rows so far, so adding is
    the same as selecting."""
    out_net = c.out_net
    allowed_oon = np.minimum(c.price * t.oon_allowed_share, c.charged) * out_net
    d = np.minimum(allowed_oon, np.maximum(t.oon_deductible - acc.ded_oon, 0.0))
    raw = d + t.oon_coinsurance * (allowed_oon - d)
    share = np.minimum(raw, np.maximum(t.oon_oop_max - acc.oop_oon, 0.0))
    d_paid = np.minimum(d, share)
    reimbursed = allowed_oon - share
    acc.ded_oon = acc.ded_oon + d_paid
    acc.oop_oon = acc.oop_oon + share
    c.patient = np.where(out_net, c.charged - reimbursed, c.patient)
    c.insurer = c.insurer + reimbursed
    c.allowed = c.allowed + allowed_oon
    if keep:
        c.ded_part = np.where(out_net, d_paid, c.ded_part)
        c.coins_part = np.where(out_net, share - d_paid, c.coins_part)
        c.cap_saving = np.where(out_net, raw - share, c.cap_saving)


class FlagState(NamedTuple):
    """What the flags are worked out from, as it stands after a claim: (B,) arrays for one
    claim, or (K, B) for many claims stacked (the rules replace arrays, never change one in
    place, so one claim's state can be kept until after the loop)."""

    in_plan: BoolArray
    out_net: BoolArray
    use_copay: BoolArray
    deductible: FloatArray
    oop_max: FloatArray
    oon_deductible: FloatArray
    programme_max: FloatArray
    ded_in: FloatArray
    ded_oon: FloatArray
    oop_in: FloatArray
    programme_used: FloatArray

    @classmethod
    def after(cls, c: Claim, t: BatchTerms, acc: Accumulators) -> FlagState:
        return cls(
            c.in_plan, c.out_net, t.use_copay, t.deductible, t.oop_max, t.oon_deductible,
            t.programme_max, acc.ded_in, acc.ded_oon, acc.oop_in, acc.programme_used,
        )  # fmt: skip

    @classmethod
    def stacked(cls, states: list[FlagState], batch: int) -> FlagState:
        """Many claims' states as one state of (K, B) arrays."""
        blocks: list[Any] = []
        for i, first in enumerate(states[0]):
            block = np.empty((len(states), batch), dtype=first.dtype)
            for k, state in enumerate(states):
                block[k] = state[i]
            blocks.append(block)
        return cls(*blocks)


def flags(s: FlagState) -> dict[str, FloatArray]:
    """Per claim, as 0/1: the deductible met (in network, or out of network for OON claims),
    the out-of-pocket maximum reached, the programme's yearly money used up (element by
    element, for one claim's state or many claims' stacked)."""
    return {
        "deductible_met": np.where(
            s.in_plan,
            (s.deductible > 0) & ~s.use_copay & (s.ded_in >= s.deductible - CENT_FRACTION),
            s.out_net & (s.oon_deductible > 0) & (s.ded_oon >= s.oon_deductible - CENT_FRACTION),
        ).astype(np.float64),
        "oop_max_reached": (s.in_plan & (s.oop_in >= s.oop_max - CENT_FRACTION)).astype(np.float64),
        "programme_cap_reached": (
            (s.programme_max > 0) & (s.programme_used >= s.programme_max - CENT_FRACTION)
        ).astype(np.float64),
    }


def settle(
    claims: Claims,
    terms: PlanTerms,
    batch: int,
    keep_claims: bool | Collection[str] = False,
    running_percentiles: Sequence[float] = (),
    totals_of: Collection[str] = TOTAL_FIELDS,
    by_component: bool = True,
) -> Settlement:
    """Settle every claim of every batch row. `batch` is B (rows of terms and/or claims).

    What is kept is what is asked for (the work of an amount nobody reads is skipped; every
    amount kept is the same): `keep_claims` True keeps every CLAIM_FIELDS column per claim, a
    collection of names only those; `totals_of` names the TOTAL_FIELDS totalled per row (the
    patient's too with `running_percentiles`), and `by_component` adds the COMPONENT_FIELDS
    among them per component (Settlement.by_component).

    Memory: a few dozen (B,) arrays, plus B x K per claim field kept.
    """
    shape = (batch,)
    kept = _kept(keep_claims)
    reasons = not REASON_FIELDS.isdisjoint(kept)
    want_flags = not FLAG_FIELDS.isdisjoint(kept)
    write_off = "write_off" in totals_of or "write_off" in kept  # else never worked out
    t = BatchTerms.of(terms, claims, batch)
    acc = Accumulators.start(terms, batch)
    asked = {*totals_of, *(("patient",) if running_percentiles else ())}
    totals = {name: np.zeros(shape) for name in TOTAL_FIELDS if name in asked}
    components = {
        f"{payer}:{comp}": np.zeros(shape)
        for payer in COMPONENT_FIELDS
        if by_component and payer in totals
        for comp in COMPONENTS
    }
    per_claim = {name: np.zeros((batch, claims.n_claims)) for name in kept}
    # A small batch's flags are worked out once for all claims after the loop (a few numpy
    # calls instead of a dozen per claim); a large one's claim by claim (no K x B copies).
    small = batch * claims.n_claims <= SMALL_FLAG_NUMBERS
    later: list[FlagState] | None = [] if small else None
    running = (
        RunningPercentiles(running_percentiles, batch, claims.n_claims, RUNNING_WINDOW_NUMBERS)
        if running_percentiles
        else None
    )
    rows = np.arange(batch)
    zeros = np.zeros(shape)
    known: dict[Hashable, Column] = {}  # claim columns by key, worked out once each
    starts = period_starts(claims)

    if t.by_year and claims.n_claims:
        year_figures(claims, 0, t, rows)  # rule 14: the first plan year's figures
    for k in range(claims.n_claims):
        if k > 0:
            new_periods(claims, k, t, acc, rows, starts)  # rules 1 and 14
        c = open_claim(claims, k, t, rows, zeros, known)  # rule 2 until a rule takes rows
        if c.any_in_plan:
            in_network_share(c, t, acc)  # rules 3 and 8
            if t.any_supplement:
                medigap(c, t)  # rule 10
            out_of_pocket_cap(c, t, acc)  # rule 3
            if t.any_quarter_cap:
                medicaid_quarter_cap(c, t, acc)  # rule 11
            d_paid = manufacturer_programme(c, t, acc)  # rules 5 and 9
            if t.any_rebate and c.any_visit:
                observation_rebate(c, t, acc)  # rule 9: visit claims only
            close_in_network(c, t, d_paid, reasons, write_off)  # rule 3
        if c.on_part_d is not None:
            part_d(c, t, acc, reasons, write_off)  # rule 10
        if c.any_out_net:
            out_of_network(c, t, acc, reasons)  # rule 4
        _record(c, zeros, totals, components)
        if running is not None:  # a claim nobody paid on leaves the running totals as they were
            running.after(totals["patient"], c.patient is not zeros and bool(c.patient.any()))
        if kept:
            column = _amounts(c)
            if want_flags:
                if later is None:
                    column |= flags(FlagState.after(c, t, acc))
                else:
                    later.append(FlagState.after(c, t, acc))
            for name in kept:
                if name in column:
                    per_claim[name][:, k] = column[name]
    if later:
        for name, values in flags(FlagState.stacked(later, batch)).items():
            if name in per_claim:
                per_claim[name][:] = values.T
    return Settlement(
        totals=totals,
        by_component=components,
        per_claim=per_claim,
        running_patient=None if running is None else running.taken(),
    )


def _kept(keep_claims: bool | Collection[str]) -> tuple[str, ...]:
    """The CLAIM_FIELDS kept per claim, in their order (True: all of them)."""
    if keep_claims is True or keep_claims is False:
        return CLAIM_FIELDS if keep_claims else ()
    unknown = set(keep_claims) - set(CLAIM_FIELDS)
    if unknown:
        raise ValueError(f"not claim fields: {', '.join(sorted(unknown))}")
    return tuple(name for name in CLAIM_FIELDS if name in keep_claims)


def _amounts(c: Claim) -> dict[str, FloatArray]:
    return {
        "billed": c.price,
        "allowed": c.allowed,
        "patient": c.patient,
        "insurer": c.insurer,
        "assistance": c.assistance,
        "write_off": c.write_off,
        "deductible": c.ded_part,
        "coinsurance": c.coins_part,
        "copay": c.copay_part,
        "cap_saving": c.cap_saving,
    }


def _record(
    c: Claim,
    zeros: FloatArray,
    totals: dict[str, FloatArray],
    by_component: dict[str, FloatArray],
) -> None:
    """Add claim k to the totals asked for and, when asked, to its component's totals (amounts
    still the shared zeros were never touched: adding them changes nothing)."""
    comp = c.comp
    shared = comp.shape[0] == 1  # shared course: one component for the whole column
    suffix = f":{COMPONENTS[int(comp[0])]}" if shared else ""
    for name, amount in (
        ("billed", c.price),
        ("allowed", c.allowed),
        ("patient", c.patient),
        ("insurer", c.insurer),
        ("assistance", c.assistance),
        ("write_off", c.write_off),
    ):
        if amount is zeros or name not in totals:
            continue
        totals[name] += amount
        if name not in COMPONENT_FIELDS or not by_component:
            continue
        if shared:
            by_component[name + suffix] += amount
            continue
        for comp_code, comp_name in enumerate(COMPONENTS):
            mask = comp == comp_code
            if mask.any():
                by_component[f"{name}:{comp_name}"] += amount * mask
