"""A claim column as far as its price, coverage and dates decide it, before any accumulator.

pricing.ledger.settle settles claim by claim; what a claim's price and coverage give (rule 2's
charge and write-off, rule 3's allowed amount, who is in the plan, in or out of network, on Part
D, whether the programme or the rebate can help) does not depend on the claims before it. For
a course the whole batch shares, it is the same for every claim of one component at one price,
so it is worked out once per such key (`column_key`), and the claims that open a new plan year,
calendar year or quarter are found once (`period_starts`). Nothing here changes a result: a
batch whose rows differ gets the same values claim by claim.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from pricing.ledger.model import (
    DRUG,
    IN_NETWORK,
    OUT_OF_NETWORK,
    TREATMENT,
    BoolArray,
    Claims,
    FloatArray,
    IntArray,
)
from pricing.ledger.records import BatchTerms, Claim, Column


def open_claim(
    claims: Claims,
    k: int,
    t: BatchTerms,
    rows: IntArray,
    zeros: FloatArray,
    known: dict[Hashable, Column],
) -> Claim:
    """Claim k's price and coverage, settled as not covered (rule 2: the patient pays the price
    less the sliding-scale discount; nothing accumulates) until a rule of pricing.ledger.settle
    takes its rows.
    What that takes is worked out once per column key (`known`: see `column_key`)."""
    key = column_key(claims, k)
    col = known.get(key) if key is not None else None
    if col is None:
        col = column(claims, k, t, rows, zeros)
        if key is not None:
            known[key] = col
    c = Claim(col, zeros)
    if claims.programme_part is not None:
        c.programme_part = claims.programme_part[:, k]
    return c


def column_key(claims: Claims, k: int) -> Hashable | None:
    """What claim k's Column depends on when the whole batch shares it: its component, whether
    it is a claim at all, and its price (a price period of the price table, or the price
    itself); None when it differs from row to row (then it is worked out claim by claim)."""
    comp, valid = claims.component[:, k], claims.valid[:, k]
    if comp.shape[0] != 1 or valid.shape[0] != 1:
        return None
    if claims.component_price is None:
        price = claims.price[:, k]
        return None if price.shape[0] != 1 else (int(comp[0]), bool(valid[0]), price.tobytes())
    periods = claims.price_period
    if periods is not None and periods.shape[0] != 1:
        return None
    return (int(comp[0]), bool(valid[0]), 0 if periods is None else int(periods[0, k]))


def column(claims: Claims, k: int, t: BatchTerms, rows: IntArray, zeros: FloatArray) -> Column:
    """Rules 2, 3, 4, 8 and 10 as far as price and coverage go (no accumulator is read)."""
    shape = zeros.shape
    price = claims.price_column(k, rows) * claims.valid[:, k]  # (1,) when the batch shares it
    comp = claims.component[:, k]
    cov = t.coverage[:, int(comp[0])] if comp.shape[0] == 1 else t.coverage[rows, comp]
    cov = np.broadcast_to(cov, shape)
    in_net = cov == IN_NETWORK
    is_drug = comp == DRUG
    on_part_d = in_net & is_drug & t.pharmacy & t.part_d if t.any_part_d else None
    if on_part_d is not None and on_part_d.any():
        in_plan = in_net & ~on_part_d
    else:
        on_part_d, in_plan = None, in_net
    out_net = cov == OUT_OF_NETWORK
    charged = price * t.keep_share
    any_in_plan = bool(in_plan.any())
    programme_claim = comp == t.programme_component  # rules 5 and 9
    return Column(
        price=price,
        comp=comp,
        in_plan=in_plan,
        out_net=out_net,
        is_drug=is_drug,
        on_part_d=on_part_d,
        charged=charged,
        write_off=price - charged,
        allowed_in=price * t.allowed_share * in_plan if any_in_plan else zeros,
        any_in_plan=any_in_plan,
        any_out_net=bool(out_net.any()),
        programme_claim=programme_claim,
        any_programme_claim=bool(programme_claim.any()),
        all_programme_claim=bool(programme_claim.all()),
        any_visit=t.any_rebate and bool((comp == TREATMENT).any()),  # the rebate (rule 9)
    )


def period_starts(claims: Claims) -> dict[str, frozenset[int] | None]:
    """For each period column (plan year, calendar year, quarter) the whole batch shares, the
    claims that open a new period, found once; None for a column that differs by row."""
    starts: dict[str, frozenset[int] | None] = {}
    for name in ("plan_year", "calendar_year", "quarter"):
        periods = getattr(claims, name)
        if periods is None or periods.shape[0] != 1:
            starts[name] = None
        else:
            starts[name] = frozenset((np.flatnonzero(np.diff(periods[0])) + 1).tolist())
    return starts


def period_opens(
    claims: Claims, name: str, k: int, starts: dict[str, frozenset[int] | None]
) -> tuple[BoolArray | bool, bool]:
    """(which rows claim k opens a new `name` period for, whether any): True or False for the
    whole batch when it shares the column."""
    known = starts[name]
    if known is not None:
        return k in known, k in known
    periods = getattr(claims, name)
    mask = periods[:, k] != periods[:, k - 1]
    return mask, bool(mask.any())
