"""The ledger's settle as it was before it was split into one function per rule (issue 14),
kept only as an oracle: tests/pricing/ledger/test_split_settle.py checks that the split settle
gives exactly (bit for bit) what this one gives wherever no dated figure is in play.

Frozen copy of pricing/ledger/settle.py at commit 380d9b9; do not edit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pricing.course import COMPONENTS
from pricing.ledger.model import (
    CENT_FRACTION,
    CLAIM_FIELDS,
    COMPONENT_FIELDS,
    DRUG,
    IN_NETWORK,
    MEDIGAP_G,
    MEDIGAP_N,
    OUT_OF_NETWORK,
    TOTAL_FIELDS,
    TREATMENT,
    Claims,
    FloatArray,
    PlanTerms,
    Settlement,
)


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

    def arr(x: object) -> FloatArray:
        return np.broadcast_to(np.asarray(x, dtype=f), shape)

    def flag(x: object) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=bool), shape)

    def code(x: object) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=np.int64), shape)

    deductible, coinsurance, copay = arr(terms.deductible), arr(terms.coinsurance), arr(terms.copay)
    oop_max, allowed_share = arr(terms.oop_max), arr(terms.allowed_share)
    oon_deductible, oon_coins = arr(terms.oon_deductible), arr(terms.oon_coinsurance)
    oon_allowed_share, oon_oop_max = arr(terms.oon_allowed_share), arr(terms.oon_oop_max)
    keep_share = 1.0 - arr(terms.discount)
    floor, programme_max = arr(terms.programme_floor), arr(terms.programme_max)
    programme_component = code(terms.programme_component)
    counts = flag(terms.counts_toward_deductible)
    rebate_floor, rebate_max = arr(terms.rebate_floor), arr(terms.rebate_max)
    pharmacy, rx_coins, rx_copay = (
        flag(terms.pharmacy),
        arr(terms.rx_coinsurance),
        arr(terms.rx_copay),
    )
    supplement, visit_copay = code(terms.supplement), arr(terms.visit_copay)
    part_d = flag(terms.part_d)
    d_deductible, d_coins = arr(terms.part_d_deductible), arr(terms.part_d_coinsurance)
    d_threshold = arr(terms.part_d_threshold)
    quarter_cap = arr(terms.quarter_cap)
    use_copay = copay > 0
    coverage = np.asarray(terms.coverage)
    if coverage.ndim == 1:
        coverage = np.broadcast_to(coverage, (batch, len(COMPONENTS)))

    # Accumulators: in-network deductible and OOP, out-of-network deductible and OOP, the
    # programme and the rebate (calendar year), Part D (calendar year), Medicaid (quarter).
    ded_in = arr(terms.met_deductible).copy()
    oop_in = arr(terms.met_oop).copy()
    ded_oon = np.zeros(shape)
    oop_oon = np.zeros(shape)
    programme_used = np.zeros(shape)
    rebate_used = np.zeros(shape)
    ded_d = np.zeros(shape)
    oop_d = np.zeros(shape)
    quarter_paid = np.zeros(shape)

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
    any_copay = bool(use_copay.any())
    in_programme = programme_max > 0
    any_programme = bool(in_programme.any())
    any_rebate = bool((rebate_max > 0).any())
    all_count = bool(counts.all())
    any_pharmacy = bool(pharmacy.any())
    any_part_d = bool(part_d.any())
    any_supplement = bool((supplement != 0).any())
    any_quarter_cap = bool(np.isfinite(quarter_cap).any()) and claims.quarter is not None

    for k in range(claims.n_claims):
        price = np.broadcast_to(claims.price_column(k, rows), shape) * claims.valid[:, k]
        comp = claims.component[:, k]
        if k > 0:  # rule 1: plan-year, calendar-year and quarter resets
            new_plan_year = claims.plan_year[:, k] != claims.plan_year[:, k - 1]
            if new_plan_year.any():
                ded_in = np.where(new_plan_year, 0.0, ded_in)
                oop_in = np.where(new_plan_year, 0.0, oop_in)
                ded_oon = np.where(new_plan_year, 0.0, ded_oon)
                oop_oon = np.where(new_plan_year, 0.0, oop_oon)
            new_year = claims.calendar_year[:, k] != claims.calendar_year[:, k - 1]
            if new_year.any():
                programme_used = np.where(new_year, 0.0, programme_used)
                rebate_used = np.where(new_year, 0.0, rebate_used)
                ded_d = np.where(new_year, 0.0, ded_d)
                oop_d = np.where(new_year, 0.0, oop_d)
            if any_quarter_cap:
                assert claims.quarter is not None
                new_quarter = claims.quarter[:, k] != claims.quarter[:, k - 1]
                quarter_paid = np.where(new_quarter, 0.0, quarter_paid)
        cov = coverage[:, int(comp[0])] if comp.shape[0] == 1 else coverage[rows, comp]
        cov = np.broadcast_to(cov, shape)
        in_net = cov == IN_NETWORK
        out_net = cov == OUT_OF_NETWORK
        is_drug = comp == DRUG
        on_part_d = in_net & is_drug & pharmacy & part_d if any_part_d else None
        if on_part_d is not None and on_part_d.any():
            in_plan = in_net & ~on_part_d
        else:
            on_part_d, in_plan = None, in_net
        charged = price * keep_share  # rule 2: what a self-paying patient is charged

        patient = charged  # not covered unless overwritten below
        write_off = price - charged
        insurer = zeros
        assistance = zeros
        allowed = zeros
        ded_part = coins_part = copay_part = cap_saving = zeros

        if in_plan.any():  # rules 3, 5, 8-11
            # Rows not in network get an allowed amount of 0, so every amount derived from it
            # is 0 there and the accumulators can add it without a mask.
            allowed_in = price * allowed_share * in_plan
            ded_left = np.maximum(deductible - ded_in, 0.0)
            coins_k, copay_k, copay_on = coinsurance, copay, use_copay
            if any_pharmacy:  # rule 8: the pharmacy benefit's terms for drug claims
                rx = is_drug & pharmacy
                coins_k = np.where(rx, rx_coins, coinsurance)
                copay_k = np.where(rx, rx_copay, copay)
                copay_on = copay_k > 0
            if any_copay or any_pharmacy:
                d = np.where(copay_on, 0.0, np.minimum(allowed_in, ded_left))
                raw = np.where(
                    copay_on, np.minimum(copay_k, allowed_in), d + coins_k * (allowed_in - d)
                )
            else:
                d = np.minimum(allowed_in, ded_left)
                raw = d + coins_k * (allowed_in - d)
            if any_supplement:  # rule 10: Medigap pays the coinsurance (N: above a visit copay)
                raw = np.select(
                    [supplement == MEDIGAP_G, supplement == MEDIGAP_N],
                    [d, d + np.minimum(raw - d, visit_copay)],
                    raw,
                )
            share = np.minimum(raw, np.maximum(oop_max - oop_in, 0.0))
            if any_quarter_cap:  # rule 11: Medicaid's 5% of the quarter's income
                share = np.minimum(share, np.maximum(quarter_cap - quarter_paid, 0.0))
                quarter_paid = quarter_paid + share * in_plan
            d_paid = np.minimum(d, share)
            eligible = comp == programme_component
            if any_programme and bool(eligible.any()):  # rules 5 and 9
                eligible = in_programme & eligible
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
            if any_rebate:  # rule 9: the observation rebate, after the visit was paid in full
                visit = (comp == TREATMENT) & in_plan & (rebate_max > 0)
                want = np.where(visit, np.maximum(paid - rebate_floor, 0.0), 0.0)
                rebate = np.minimum(want, np.maximum(rebate_max - rebate_used, 0.0))
                rebate_used = rebate_used + rebate
                paid = paid - rebate
                assistance = assistance + rebate

            patient = np.where(in_plan, paid, patient)
            insurer = allowed_in - share
            write_off = np.where(in_plan, price - allowed_in, write_off)
            allowed = allowed_in
            if keep_claims:
                rest = share - d_paid
                medigap_n = supplement == MEDIGAP_N
                ded_part = np.where(in_plan, d_paid, 0.0)
                coins_part = np.where(in_plan & ~copay_on & ~medigap_n, rest, 0.0)
                copay_part = np.where(in_plan & (copay_on | medigap_n), rest, 0.0)
                cap_saving = np.where(in_plan, raw - share, 0.0)

        if on_part_d is not None:  # rule 10: Part D, its own calendar-year accumulators
            allowed_d = price * allowed_share * on_part_d
            d = np.minimum(allowed_d, np.maximum(d_deductible - ded_d, 0.0))
            raw_d = d + d_coins * (allowed_d - d)
            share_d = np.minimum(raw_d, np.maximum(d_threshold - oop_d, 0.0))
            d_paid_d = np.minimum(d, share_d)
            ded_d = ded_d + d_paid_d
            oop_d = oop_d + share_d
            patient = np.where(on_part_d, share_d, patient)
            insurer = insurer + (allowed_d - share_d)
            write_off = np.where(on_part_d, price - allowed_d, write_off)
            allowed = allowed + allowed_d
            if keep_claims:
                ded_part = np.where(on_part_d, d_paid_d, ded_part)
                coins_part = np.where(on_part_d, share_d - d_paid_d, coins_part)
                cap_saving = np.where(on_part_d, raw_d - share_d, cap_saving)

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
            for comp_code, comp_name in enumerate(COMPONENTS):
                mask = comp == comp_code
                if mask.any():
                    by_component[f"{payer}:{comp_name}"] += claim[payer] * mask
        if keep_claims:
            claim.update(
                deductible=ded_part,
                coinsurance=coins_part,
                copay=copay_part,
                cap_saving=cap_saving,
                deductible_met=np.select(
                    [in_plan, out_net],
                    [
                        (deductible > 0) & ~use_copay & (ded_in >= deductible - CENT_FRACTION),
                        (oon_deductible > 0) & (ded_oon >= oon_deductible - CENT_FRACTION),
                    ],
                    False,
                ).astype(f),
                oop_max_reached=(in_plan & (oop_in >= oop_max - CENT_FRACTION)).astype(f),
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
