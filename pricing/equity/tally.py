"""What one chunk of work counts, and the merge of chunks: sums that add across household blocks,
states and workers in any grouping, so the totals do not depend on who ran which chunk.

A chunk is one state's (or the nation's) block of sample households under one parameter draw,
settled for every treatment under the baseline and every scenario (reforms alone, then stacked).
It counts sample households (integers) and sums dollars per household; the people and dollars of
the real population are these times the chunk's `weight`, the people one sample household stands
for (people in need x the state's share of households / its sample size).

Who takes a course: a person takes it when they can afford it (the affordability test). So a
reform's cost to each payer is its change in spending on the people who take a course: those it
brings within reach (their whole course), those who could already afford it (what changes in who
pays), less those it prices out. Each course is valued at the clinic's list price without any
reform (the baseline's billed amount); the clinics' line is that value less what everyone else
paid (discounts, write-offs and what a price cap takes off), so the payers' lines add up to the
change in spending exactly (tests/pricing/equity/test_payers.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pricing.equity.affordability import Threshold, affordable_for
from pricing.equity.costs import Costs
from pricing.equity.medicare import COVER_CODE
from pricing.equity.population import KIND_CODE, KINDS, FloatArray, Population, band_labels

PAYERS: tuple[str, ...] = (
    "patients",
    "commercial_insurers",
    "medicare",
    "medicaid_federal",
    "medicaid_state",
    "manufacturer",
    "clinics",
    "state_programme",
)
INSURERS = ("commercial_insurers", "medicare", "medicaid_federal", "medicaid_state")
PAYER = {name: i for i, name in enumerate(PAYERS)}
# Medicare covers whose second payer is a private insurer, and the dual-eligible cover.
PRIVATE_SECOND = [COVER_CODE[c] for c in ("medigap_g", "medigap_n", "employer")]
DUAL = COVER_CODE["medicaid"]
# Out-of-pocket histogram for medians: bin 0 holds 0; bin i >= 1 holds [c r^(i-1), c r^i).
HIST_FLOOR = 0.01
HIST_RATIO = 1.0001


@dataclass(frozen=True)
class Payers:
    """Which payer stands behind each household's insurer (0/1 per household), computed once
    per chunk."""

    commercial: FloatArray  # commercial plan
    medicaid: FloatArray  # Medicaid plan
    on_medicare: FloatArray
    private_second: FloatArray  # Medicare first, then Medigap or employer retiree cover
    dual: FloatArray  # Medicare first, then Medicaid

    @classmethod
    def of(cls, population: Population) -> Payers:
        kind = population.kind
        on_medicare = kind == KIND_CODE["medicare"]
        return cls(
            commercial=(kind == KIND_CODE["commercial"]).astype(np.float64),
            medicaid=(kind == KIND_CODE["medicaid"]).astype(np.float64),
            on_medicare=on_medicare.astype(np.float64),
            private_second=(
                on_medicare & np.isin(population.medicare_cover, PRIVATE_SECOND)
            ).astype(np.float64),
            dual=(on_medicare & (population.medicare_cover == DUAL)).astype(np.float64),
        )


def payer_matrix(
    who: Payers, costs: Costs, list_value: FloatArray, federal_share: float
) -> FloatArray:
    """(len(PAYERS), B) dollars each payer pays for each household's course; the rows add up
    to `list_value` (the clinics' row is what is left of it)."""
    second = (costs.insurer - costs.medicare) * who.on_medicare
    medicaid = costs.insurer * who.medicaid + second * who.dual
    out = np.empty((len(PAYERS), costs.patient.shape[0]))
    out[PAYER["patients"]] = costs.patient
    out[PAYER["commercial_insurers"]] = costs.insurer * who.commercial + second * who.private_second
    out[PAYER["medicare"]] = costs.medicare * who.on_medicare
    out[PAYER["medicaid_federal"]] = medicaid * federal_share
    out[PAYER["medicaid_state"]] = medicaid - medicaid * federal_share
    out[PAYER["manufacturer"]] = costs.assistance
    out[PAYER["state_programme"]] = costs.state_paid
    out[PAYER["clinics"]] = 0.0
    out[PAYER["clinics"]] = list_value - out.sum(axis=0)
    return out


def hist_bins(oop: FloatArray) -> np.ndarray:
    """Histogram bin of each out-of-pocket amount (0 for nothing paid)."""
    safe = np.maximum(oop, HIST_FLOOR)
    bins = 1 + np.floor(np.log(safe / HIST_FLOOR) / np.log(HIST_RATIO)).astype(np.int64)
    return np.where(oop > 0, bins, 0)


def hist_value(bin_index: int) -> float:
    """The amount a bin stands for (its geometric middle; 0 for bin 0)."""
    if bin_index == 0:
        return 0.0
    return float(HIST_FLOOR * HIST_RATIO ** (bin_index - 0.5))


@dataclass
class ChunkTally:
    """Counts and sums of one chunk: S scenarios (0 = baseline) x T treatments."""

    state: str
    draw: int
    households: int
    weight: float  # people one sample household stands for
    band_count: np.ndarray  # (5,) sample households per poverty band
    kind_count: np.ndarray  # (4,)
    priced_band: np.ndarray  # (S, T, 5) sample households priced out
    priced_kind: np.ndarray  # (S, T, 4)
    takers: np.ndarray  # (S, T) sample households able to afford the course
    newly_band: np.ndarray  # (S, T, 5) newly able, against the baseline
    newly_kind: np.ndarray  # (S, T, 4)
    lost: np.ndarray  # (S, T) no longer able
    payers: np.ndarray  # (S, T, P) dollars paid for the courses of those who take one
    payers_newly: np.ndarray  # (S, T, P) of those, for the people newly able
    payers_lost: np.ndarray  # (S, T, P) baseline dollars of those no longer able
    hist: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # baseline OOP, per T


def count_chunk(
    state: str,
    draw: int,
    weight: float,
    population: Population,
    threshold: Threshold,
    costs: Sequence[Sequence[Costs]],
    federal_share: float,
) -> ChunkTally:
    """The tally of one chunk from its settled costs, costs[s][t] (s = 0: the baseline)."""
    n_s, n_t = len(costs), len(costs[0])
    bands, kinds = len(band_labels()), len(KINDS)
    tally = ChunkTally(
        state=state,
        draw=draw,
        households=population.n,
        weight=weight,
        band_count=np.bincount(population.band, minlength=bands).astype(np.int64),
        kind_count=np.bincount(population.kind, minlength=kinds).astype(np.int64),
        priced_band=np.zeros((n_s, n_t, bands), dtype=np.int64),
        priced_kind=np.zeros((n_s, n_t, kinds), dtype=np.int64),
        takers=np.zeros((n_s, n_t), dtype=np.int64),
        newly_band=np.zeros((n_s, n_t, bands), dtype=np.int64),
        newly_kind=np.zeros((n_s, n_t, kinds), dtype=np.int64),
        lost=np.zeros((n_s, n_t), dtype=np.int64),
        payers=np.zeros((n_s, n_t, len(PAYERS))),
        payers_newly=np.zeros((n_s, n_t, len(PAYERS))),
        payers_lost=np.zeros((n_s, n_t, len(PAYERS))),
    )
    who = Payers.of(population)
    for t in range(n_t):
        base = costs[0][t]
        able_before = affordable_for(population, base.patient, threshold)
        base_pay = payer_matrix(who, base, base.billed, federal_share)
        every = np.bincount(hist_bins(base.patient))  # counting, not sorting
        bins = np.flatnonzero(every)
        tally.hist.append((bins, every[bins]))
        for s in range(n_s):
            cost = costs[s][t]
            able = able_before if s == 0 else affordable_for(population, cost.patient, threshold)
            pay = base_pay if s == 0 else payer_matrix(who, cost, base.billed, federal_share)
            priced = ~able
            tally.priced_band[s, t] = np.bincount(population.band[priced], minlength=bands)
            tally.priced_kind[s, t] = np.bincount(population.kind[priced], minlength=kinds)
            tally.takers[s, t] = int(able.sum())
            newly = able & ~able_before
            lost = able_before & ~able
            # Each payer's dollars over those who take a course, those newly able (one product).
            groups = np.stack([able, newly]).astype(np.float64)
            tally.payers[s, t], tally.payers_newly[s, t] = groups @ pay.T
            tally.newly_band[s, t] = np.bincount(population.band[newly], minlength=bands)
            tally.newly_kind[s, t] = np.bincount(population.kind[newly], minlength=kinds)
            tally.lost[s, t] = int(lost.sum())
            tally.payers_lost[s, t] = base_pay @ lost.astype(np.float64)
    return tally


@dataclass
class Totals:
    """Chunks merged (in a fixed order): people-weighted figures and sample counts."""

    households: int = 0
    people: float = 0.0
    band_people: np.ndarray | None = None
    kind_people: np.ndarray | None = None
    priced_band: np.ndarray | None = None  # people
    priced_kind: np.ndarray | None = None
    takers: np.ndarray | None = None
    newly_band: np.ndarray | None = None
    newly_kind: np.ndarray | None = None
    newly_count: np.ndarray | None = None  # (S, T) sample households
    newly_band_count: np.ndarray | None = None
    newly_kind_count: np.ndarray | None = None
    lost: np.ndarray | None = None
    lost_count: np.ndarray | None = None
    payers: np.ndarray | None = None  # dollars a year
    payers_newly: np.ndarray | None = None
    payers_lost: np.ndarray | None = None
    # Baseline out-of-pocket histogram per treatment: bins and people, chunk by chunk.
    hist: list[list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=list)


WEIGHTED = (
    ("band_people", "band_count"),
    ("kind_people", "kind_count"),
    ("priced_band", "priced_band"),
    ("priced_kind", "priced_kind"),
    ("takers", "takers"),
    ("newly_band", "newly_band"),
    ("newly_kind", "newly_kind"),
    ("lost", "lost"),
    ("payers", "payers"),
    ("payers_newly", "payers_newly"),
    ("payers_lost", "payers_lost"),
)
COUNTED = (
    ("newly_band_count", "newly_band"),
    ("newly_kind_count", "newly_kind"),
    ("lost_count", "lost"),
)


def merge(tallies: Sequence[ChunkTally]) -> Totals:
    """Sum `tallies` in the order given (callers pass chunk order, so sums are reproducible)."""
    out = Totals()
    for tally in tallies:
        out.households += tally.households
        out.people += tally.households * tally.weight
        for name, source in WEIGHTED:
            add = getattr(tally, source) * tally.weight
            now = getattr(out, name)
            setattr(out, name, add if now is None else now + add)
        for name, source in COUNTED:
            add = getattr(tally, source).copy()
            now = getattr(out, name)
            setattr(out, name, add if now is None else now + add)
        if not out.hist:
            out.hist = [[] for _ in tally.hist]
        for t, (bins, counts) in enumerate(tally.hist):
            out.hist[t].append((bins, counts * tally.weight))
    if out.newly_band is not None:
        out.newly_count = out.newly_band_count.sum(axis=2)  # type: ignore[union-attr]
    return out


def weighted_median(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """The amount at which half the people pay less, from histogram parts (bins, people);
    within the bin's width (0.01%) of the exact weighted median."""
    if not parts:
        return float("nan")
    bins = np.concatenate([b for b, _ in parts])
    people = np.concatenate([w for _, w in parts])
    found, where = np.unique(bins, return_inverse=True)
    weights = np.bincount(where, weights=people)
    at = int(np.searchsorted(np.cumsum(weights), weights.sum() / 2))
    return hist_value(int(found[min(at, len(found) - 1)]))
