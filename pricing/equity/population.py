"""The simulated population: households drawn with a seed from the sourced US mix.

Income from Census brackets, household size from Census sizes, insurance kind by poverty band
(with the Medicaid coverage gap in states without the expansion), then plan terms that vary from
plan to plan for commercial insurance, Medicare households' cover drawn from Medicare's enrolment
mix (pricing.equity.medicare), and liquid savings by income (pricing.equity.savings). Figures
come from population.yaml through pricing.defaults.population, and from the Medicare, Medicaid and
plan defaults. One row per household, every field a (B,) numpy array; nothing loops in Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

import pricing.equity.medicare as medicare_mix
import pricing.equity.plans as plans
from pricing import defaults
from pricing.defaults import population as params
from pricing.equity.savings import draw_savings
from pricing.equity.uncertainty import CENTRAL, ParameterDraw, drawn_plan
from pricing.ledger.from_scenario import quarter_cap_of_income
from pricing.scenario import ScenarioError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

KINDS: tuple[str, ...] = defaults.INSURANCE_KINDS  # code = index
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
TREATMENTS: tuple[str, ...] = defaults.MODALITIES


# ---------------------------------------------------------------------------------------------
# The mix: what the user may edit (page data editor, scenario file `equity.mix`).


@dataclass(frozen=True)
class PopulationMix:
    """Distributions the population is drawn from. Tuples, so the mix is hashable (page cache).

    income_brackets: (low, high, share); household_sizes: (size, share); insurance_by_band: one
    row per poverty band (lowest income first) of shares in KINDS order. Shares are normalised
    when drawing, so rows need not sum exactly to one.

    A state's mix (pricing.equity.states) may give its income as a log-normal (median, sigma of
    log income) in place of brackets, its poverty-guideline region, and its share of Medicare
    enrolees in Medicare Advantage (None: the national share).
    """

    income_brackets: tuple[tuple[float, float, float], ...]
    household_sizes: tuple[tuple[int, float], ...]
    insurance_by_band: tuple[tuple[float, ...], ...]
    non_expansion_share: float
    non_expansion_medicaid_kept: float
    income_lognormal: tuple[float, float] | None = None
    poverty_region: str = "contiguous"
    advantage_share: float | None = None
    state: str = ""  # postal code of a state's mix ("" the national one)

    @classmethod
    def default(cls) -> PopulationMix:
        table = params.insurance_by_band()
        return cls(
            income_brackets=params.income_brackets(),
            household_sizes=params.household_sizes(),
            insurance_by_band=tuple(
                tuple(table[band][kind] for kind in KINDS) for band in band_labels()
            ),
            non_expansion_share=params.non_expansion_share(),
            non_expansion_medicaid_kept=params.non_expansion_medicaid_kept(),
        )

    def drawn(self, draw: ParameterDraw) -> PopulationMix:
        """This mix with its uncertain shares as `draw` has them (income and size shares,
        insurance by band, the expansion figures); the central draw returns it unchanged."""
        if draw.central:
            return self
        key = "population.population"
        incomes = draw.shares(
            f"{key}.income_brackets",
            [f"{low:g}" for low, _, _ in self.income_brackets],
            [share for _, _, share in self.income_brackets],
        )
        sizes = draw.shares(
            f"{key}.household_sizes",
            [str(size) for size, _ in self.household_sizes],
            [share for _, share in self.household_sizes],
        )
        factors = [draw.factor(f"{key}.insurance_by_band#{kind}") for kind in KINDS]
        return dataclasses.replace(
            self,
            income_brackets=tuple(
                (low, high, s)
                for (low, high, _), s in zip(self.income_brackets, incomes, strict=True)
            ),
            household_sizes=tuple(
                (size, s) for (size, _), s in zip(self.household_sizes, sizes, strict=True)
            ),
            insurance_by_band=tuple(
                tuple(v * f for v, f in zip(row, factors, strict=True))
                for row in self.insurance_by_band
            ),
            non_expansion_share=draw.value(
                f"{key}.non_expansion_share", self.non_expansion_share, share=True
            ),
            non_expansion_medicaid_kept=draw.value(
                f"{key}.non_expansion_medicaid_kept", self.non_expansion_medicaid_kept, share=True
            ),
        )

    def insurance_table(self) -> dict[str, dict[str, float]]:
        """{band: {kind: share}} as given (not normalised)."""
        return {
            band: dict(zip(KINDS, row, strict=True))
            for band, row in zip(band_labels(), self.insurance_by_band, strict=True)
        }

    def with_changes(
        self,
        insurance_by_band: Mapping[str, Mapping[str, float]] | None = None,
        income_shares: Sequence[float] | None = None,
        household_sizes: Mapping[int, float] | None = None,
        non_expansion_share: float | None = None,
    ) -> PopulationMix:
        """A copy with some parts replaced; raises ScenarioError naming a bad field."""
        mix = self
        if insurance_by_band is not None:
            rows = []
            for band in band_labels():
                given = insurance_by_band.get(band)
                if given is None:
                    raise ScenarioError(f"equity.mix.insurance_by_band.{band}", "missing band")
                unknown = set(given) - set(KINDS)
                if unknown:
                    raise ScenarioError(
                        f"equity.mix.insurance_by_band.{band}.{sorted(unknown)[0]}",
                        f"unknown insurance kind; one of {', '.join(KINDS)}",
                    )
                rows.append(tuple(float(given.get(kind, 0.0)) for kind in KINDS))
            mix = dataclasses.replace(mix, insurance_by_band=tuple(rows))
        if income_shares is not None:
            if len(income_shares) != len(mix.income_brackets):
                raise ScenarioError(
                    "equity.mix.income_shares",
                    f"needs {len(mix.income_brackets)} shares, one per income bracket",
                )
            brackets = tuple(
                (low, high, float(share))
                for (low, high, _), share in zip(mix.income_brackets, income_shares, strict=True)
            )
            mix = dataclasses.replace(mix, income_brackets=brackets)
        if household_sizes is not None:
            sizes = tuple(sorted((int(k), float(v)) for k, v in household_sizes.items()))
            mix = dataclasses.replace(mix, household_sizes=sizes)
        if non_expansion_share is not None:
            mix = dataclasses.replace(mix, non_expansion_share=float(non_expansion_share))
        validate_mix(mix)
        return mix


COMMERCIAL = "population.population.commercial"


def drawn_spread(draw: ParameterDraw = CENTRAL) -> params.CommercialSpread:
    """The commercial plans' spread (population.yaml), its uncertain figures as `draw` has them."""
    com = params.commercial_spread()
    if draw.central:
        return com
    options = com.coinsurance_options
    shares = draw.shares(
        f"{COMMERCIAL}.coinsurance_options", [f"{c:g}" for c, _ in options], [s for _, s in options]
    )
    return dataclasses.replace(
        com,
        coinsurance_options=tuple((c, s) for (c, _), s in zip(options, shares, strict=True)),
        without_oon_benefit=draw.value(
            f"{COMMERCIAL}.without_oon_benefit", com.without_oon_benefit, share=True
        ),
        accumulator_share=draw.value(
            f"{COMMERCIAL}.accumulator_share", com.accumulator_share, share=True
        ),
    )


def normalised_shares(values: Iterable[float], where: str) -> FloatArray:
    """Shares scaled to sum to one; ScenarioError naming `where` if they cannot be."""
    shares = np.array(list(values), dtype=np.float64)
    if not np.all(np.isfinite(shares)):
        raise ScenarioError(where, "shares must be finite numbers")
    if np.any(shares < 0):
        raise ScenarioError(where, "shares must not be negative")
    if shares.sum() <= 0:
        raise ScenarioError(where, "at least one share must be above zero")
    normalised: FloatArray = shares / shares.sum()
    return normalised


def validate_mix(mix: PopulationMix) -> None:
    """Raise ScenarioError (one line, naming the field) when the mix cannot be drawn from."""
    normalised_shares((b[2] for b in mix.income_brackets), "equity.mix.income_shares")
    for low, high, _ in mix.income_brackets:
        if not 0 <= low < high:
            raise ScenarioError("equity.mix.income_brackets", f"bracket {low:g}-{high:g} is empty")
    normalised_shares((s for _, s in mix.household_sizes), "equity.mix.household_sizes")
    largest = params.max_household_size()
    for size, _ in mix.household_sizes:
        if not 1 <= size <= largest:
            raise ScenarioError("equity.mix.household_sizes", f"size {size} is not 1-{largest}")
    for band, row in zip(band_labels(), mix.insurance_by_band, strict=True):
        normalised_shares(row, f"equity.mix.insurance_by_band.{band}")
    for name in ("non_expansion_share", "non_expansion_medicaid_kept"):
        share = getattr(mix, name)
        if not 0 <= share <= 1:
            raise ScenarioError(f"equity.mix.{name}", f"{share:g} is not between 0 and 1")
    if mix.income_lognormal is not None and min(mix.income_lognormal) <= 0:
        raise ScenarioError(
            "equity.mix.income", "a log-normal income needs a median and spread above 0"
        )
    if mix.poverty_region not in REGION_STATE:
        raise ScenarioError("equity.mix.poverty_region", f"'{mix.poverty_region}' is not a region")


# ---------------------------------------------------------------------------------------------
# Poverty bands.


@cache
def band_labels() -> tuple[str, ...]:
    """Poverty bands, lowest income first ("<100%", ..., "400%+")."""
    return params.poverty_band_labels()


@cache
def band_edges() -> tuple[float, ...]:
    return params.poverty_band_edges()


def band_of(poverty_percent: FloatArray) -> IntArray:
    """Band index per household: a household exactly at an edge belongs to the band above it."""
    return np.searchsorted(np.array(band_edges()), poverty_percent, side="right").astype(np.int64)


# Each poverty-guideline region, as the state whose guideline it is (None: the 48 states and DC).
REGION_STATE: dict[str, str | None] = {"contiguous": None, "alaska": "AK", "hawaii": "HI"}


def poverty_guidelines(size: IntArray, region: str = "contiguous") -> FloatArray:
    """HHS poverty guideline (newest year) for each household size, in the region's table."""
    biggest = int(size.max()) if size.size else 1
    state = REGION_STATE[region]
    table = np.array([defaults.poverty_guideline(s, state=state) for s in range(1, biggest + 1)])
    return np.asarray(table[size - 1], dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# The population.


@dataclass
class Population:
    """One row per simulated household; every field a (B,) array."""

    income: FloatArray
    size: IntArray
    poverty_percent: FloatArray
    band: IntArray  # index into band_labels()
    kind: IntArray  # index into KINDS
    expansion_state: BoolArray
    deductible: FloatArray
    coinsurance: FloatArray
    copay: FloatArray
    oop_max: FloatArray  # np.inf: no cap
    oon_deductible: FloatArray
    oon_coinsurance: FloatArray
    oon_allowed_share: FloatArray
    oon_oop_max: FloatArray
    accumulator: BoolArray  # the plan runs a copay accumulator programme
    coverage_draw: FloatArray  # uniform [0, 1): the plan covers X if draw < share covering X
    approval_draw: FloatArray  # uniform [0, 1): prior authorisation approved if draw < chance
    subsistence: FloatArray  # poverty guideline for the household size (capacity to pay)
    # Medicare cover (pricing.equity.medicare.COVERS; 0 for other kinds) and Part D enrolment.
    medicare_cover: IntArray
    part_d: BoolArray
    supplement: IntArray  # the ledger's Medigap code (rule 10)
    visit_copay: FloatArray  # Medigap Plan N's most per visit
    quarter_cap: FloatArray  # Medicaid's cost sharing per calendar quarter (rule 11); inf: none
    savings: FloatArray  # liquid savings, USD (pricing.equity.savings; the savings_10 test)
    mix: PopulationMix = field(default_factory=PopulationMix.default)

    @property
    def n(self) -> int:
        return int(self.income.shape[0])

    def __getstate__(self) -> dict[str, Any]:  # pickled without pricing.equity.groups' split
        return {key: value for key, value in self.__dict__.items() if key != "_by_kind"}

    def rows(self, which: slice | IntArray | BoolArray) -> Population:
        """The households at `which` (a slice, index array or mask), as a Population."""
        values = {
            f.name: getattr(self, f.name)[which]
            for f in dataclasses.fields(self)
            if f.name != "mix"
        }
        return Population(**values, mix=self.mix)

    def kind_shares(self) -> dict[str, float]:
        """Share of households by insurance kind."""
        counts = np.bincount(self.kind, minlength=len(KINDS)) / self.n
        return {k: float(s) for k, s in zip(KINDS, counts, strict=True)}

    def band_shares(self) -> dict[str, float]:
        """Share of households by poverty band."""
        counts = np.bincount(self.band, minlength=len(band_labels())) / self.n
        return {b: float(s) for b, s in zip(band_labels(), counts, strict=True)}


def _plan(kind: str, draw: ParameterDraw = CENTRAL) -> dict[str, Any]:
    """The kind's default plan template, its uncertain terms as `draw` has them."""
    plan_id = defaults.plan_for_kind(kind)
    return drawn_plan(plan_id, draw)


def _cap(x: float | None) -> float:
    return np.inf if x is None else float(x)


def medicaid_quarter_cap(income: FloatArray) -> FloatArray:
    """Rule 11, as the personal estimate applies it (pricing.ledger.from_scenario.
    medicaid_quarter_cap): all Medicaid cost sharing in a calendar quarter is at most 5% of the
    quarter's income."""
    return np.asarray(quarter_cap_of_income(income), dtype=np.float64)


def _medicare_terms(
    kind: IntArray,
    cover: IntArray,
    income: FloatArray,
    values: dict[str, Any],
    draw: ParameterDraw = CENTRAL,
) -> None:
    """Overwrite Medicare households' plan terms with their cover's, and set the Medigap and
    Medicaid-cap fields for everyone (rules 10 and 11), in `values` (arrays of the batch)."""
    terms = medicare_mix.cover_terms(None, draw)
    on_medicare = kind == KIND_CODE["medicare"]
    cover = np.where(on_medicare, cover, 0)
    for name in ("deductible", "coinsurance", "copay", "oop_max"):
        values[name] = np.where(on_medicare, getattr(terms, name)[cover], values[name])
    values["supplement"] = np.where(on_medicare, terms.supplement[cover], 0)
    values["visit_copay"] = np.where(on_medicare, terms.visit_copay[cover], 0.0)
    capped = (kind == KIND_CODE["medicaid"]) | (on_medicare & terms.medicaid_cap[cover])
    values["quarter_cap"] = np.where(capped, medicaid_quarter_cap(income), np.inf)
    values["medicare_cover"] = cover


@cache
def oon_terms(
    with_benefit: bool, draw: ParameterDraw = CENTRAL
) -> tuple[float, float, float, float]:
    """(deductible, coinsurance, allowed_share, oop_max) out of network: the commercial plan's
    benefit, or the plan without one (the uninsured template carries the shared no-benefit terms)."""
    oon = _plan("commercial" if with_benefit else "none", draw)["out_of_network"]
    return (
        float(oon["deductible"]),
        float(oon["coinsurance"]),
        float(oon["allowed_share"]),
        _cap(oon["oop_max"]),
    )


def check_households(n: int, where: str = "households") -> None:
    """ScenarioError unless 1 <= n <= the most households one run may draw."""
    most = params.max_households()
    if not 1 <= n <= most:
        raise ScenarioError(where, f"{n} is not between 1 and {most:,}")


def make_population(
    n: int,
    seed: int | np.random.SeedSequence,
    mix: PopulationMix | None = None,
    draw: ParameterDraw = CENTRAL,
) -> Population:
    """`n` households drawn with `seed` from `mix` (default: the sourced US mix); the plan terms'
    uncertain figures as `draw` has them (default: as published)."""
    check_households(n)
    mix = PopulationMix.default() if mix is None else mix
    validate_mix(mix)
    rng = np.random.default_rng(seed)

    income = _incomes(rng, mix, n)
    sizes = np.array([s for s, _ in mix.household_sizes], dtype=np.int64)
    size_p = normalised_shares((p for _, p in mix.household_sizes), "sizes")
    size = sizes[rng.choice(len(sizes), size=n, p=size_p)]
    subsistence = poverty_guidelines(size, mix.poverty_region)
    poverty_percent = 100.0 * income / subsistence
    band = band_of(poverty_percent)

    # Insurance kind: the band's shares; below the expansion limit in a non-expansion state,
    # only part of the would-be Medicaid group keeps Medicaid, the rest is uninsured (the gap).
    expansion_state = rng.random(n) >= mix.non_expansion_share
    table = np.array([normalised_shares(row, "insurance") for row in mix.insurance_by_band])
    probs = table[band]
    in_gap = (poverty_percent < params.medicaid_expansion_limit()) & ~expansion_state
    lost = probs[:, KIND_CODE["medicaid"]] * (1.0 - mix.non_expansion_medicaid_kept) * in_gap
    probs[:, KIND_CODE["medicaid"]] -= lost
    probs[:, KIND_CODE["none"]] += lost
    cumulative = np.cumsum(probs, axis=1)
    kind = (rng.random(n)[:, None] >= cumulative[:, :-1]).sum(axis=1).astype(np.int64)

    # Plan terms: draw an employer plan for everyone (stable random streams), keep by kind:
    # deductible and out-of-pocket maximum from the published distributions (issue 15 item 2).
    com = drawn_spread(draw)
    com_oop = plans.draw_bands(rng, plans.employer_oop_max(draw), n)
    com_ded = np.minimum(plans.draw_bands(rng, plans.employer_deductible(draw), n), com_oop)
    coins_values = np.array([c for c, _ in com.coinsurance_options])
    coins_p = normalised_shares((s for _, s in com.coinsurance_options), "coinsurance")
    com_coins = coins_values[rng.choice(len(coins_values), size=n, p=coins_p)]
    has_oon = rng.random(n) >= com.without_oon_benefit
    accumulator = rng.random(n) < com.accumulator_share
    coverage_draw = rng.random(n)

    is_com = kind == KIND_CODE["commercial"]
    deductible = np.zeros(n)
    coinsurance = np.zeros(n)
    copay = np.zeros(n)
    oop_max = np.full(n, np.inf)
    for name in ("none", "medicare", "medicaid"):
        plan = _plan(name, draw)
        rows = kind == KIND_CODE[name]
        deductible[rows] = float(plan["deductible"])
        coinsurance[rows] = float(plan["coinsurance"])
        copay[rows] = float(plan["copay"])
        oop_max[rows] = _cap(plan["oop_max"])
    deductible[is_com] = com_ded[is_com]
    coinsurance[is_com] = com_coins[is_com]
    oop_max[is_com] = com_oop[is_com]
    # Drawn last, for everyone, so the streams above (and every non-Medicare figure) stay put.
    cover, part_d = medicare_mix.draw(rng, n, mix.advantage_share, draw)
    approval_draw = rng.random(n)
    moop = plans.draw_bands(rng, plans.advantage_moop(draw), n)
    # Liquid savings by income group: after every other draw, so none of them moves.
    liquid = draw_savings(rng, income, draw)
    terms: dict[str, Any] = {
        "deductible": deductible,
        "coinsurance": coinsurance,
        "copay": copay,
        "oop_max": oop_max,
    }
    _medicare_terms(kind, cover, income, terms, draw)
    # Medicare Advantage plans' maximums from the published distribution (at most the year's
    # legal ceiling, the template's); employer retiree cover an employer plan as drawn above.
    on_medicare = kind == KIND_CODE["medicare"]
    advantage = on_medicare & (cover == medicare_mix.COVER_CODE["advantage"])
    terms["oop_max"] = np.where(advantage, np.minimum(moop, terms["oop_max"]), terms["oop_max"])
    retiree = on_medicare & (cover == medicare_mix.COVER_CODE["employer"])
    for name, drawn in (("deductible", com_ded), ("coinsurance", com_coins), ("oop_max", com_oop)):
        terms[name] = np.where(retiree, drawn, terms[name])

    oon = np.array([oon_terms(False, draw), oon_terms(True, draw)])  # row 0: none, 1: benefit
    oon_rows = oon[(is_com & has_oon).astype(np.int64)]
    return Population(
        income=income,
        size=size,
        poverty_percent=poverty_percent,
        band=band,
        kind=kind,
        expansion_state=expansion_state,
        oon_deductible=oon_rows[:, 0].copy(),
        oon_coinsurance=oon_rows[:, 1].copy(),
        oon_allowed_share=oon_rows[:, 2].copy(),
        oon_oop_max=oon_rows[:, 3].copy(),
        accumulator=accumulator & is_com,
        coverage_draw=coverage_draw,
        approval_draw=approval_draw,
        subsistence=subsistence,
        part_d=part_d & (kind == KIND_CODE["medicare"]),
        savings=liquid,
        mix=mix,
        **terms,
    )


def _incomes(rng: np.random.Generator, mix: PopulationMix, n: int) -> FloatArray:
    """Household incomes: uniform within brackets drawn by share, or the mix's log-normal."""
    if mix.income_lognormal is not None:
        median, sigma = mix.income_lognormal
        return np.asarray(median * np.exp(sigma * rng.standard_normal(n)), dtype=np.float64)
    brackets = np.array(mix.income_brackets, dtype=np.float64)
    pick = rng.choice(len(brackets), size=n, p=normalised_shares(brackets[:, 2], "income"))
    return np.asarray(
        brackets[pick, 0] + rng.random(n) * (brackets[pick, 1] - brackets[pick, 0]),
        dtype=np.float64,
    )
