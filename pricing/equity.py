"""Access and equity: a simulated population, its out-of-pocket costs and who is priced out.

The population (make_population) is drawn with a seed from the sourced distributions in
pricing/defaults/population.yaml: income, household size, insurance kind by poverty band (with
the Medicaid coverage gap in non-expansion states), and plan terms that vary from plan to plan.
Households are a batch dimension: out_of_pocket builds a course's claims once, as shared (1, K)
arrays, and settles every household through pricing.ledger.settle, the one cost-sharing code
path, in chunks that bound memory. Nothing here loops over households in Python.

Affordability follows the WHO / World Bank catastrophic-spending definitions: out-of-pocket above
10% (or 25%) of income, or above 40% of capacity to pay, where capacity to pay is taken as income
minus the HHS poverty guideline for the household size (a US stand-in for WHO Europe's
"consumption minus a standard amount for food, housing and utilities"), never below zero.

Policy levers (Reforms) change coverage, help and prices; evaluate() settles the baseline and each
reform over the same households, so the difference is the reform and not sampling noise.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pricing import course, defaults
from pricing.course import COMPONENT_ORDER, COMPONENTS
from pricing.ledger import (
    COVERAGE_CODES,
    NOT_COVERED,
    OUT_OF_NETWORK,
    TREATMENT,
    Claims,
    PlanTerms,
    claims_for,
    settle,
)
from pricing.scenario import ScenarioError, from_dict, parse_yaml

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

KINDS: tuple[str, ...] = defaults.INSURANCE_KINDS  # code = index
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
TREATMENTS: tuple[str, ...] = defaults.MODALITIES
COURSES = course.NAMED_COURSES
Course = Literal["first_year", "induction"]
RULES = ("income", "capacity")
THERAPY = COMPONENT_ORDER["therapy"]
# Treatments the coverage-parity lever brings up to Spravato's coverage.
PARITY_TREATMENTS = ("iv_ketamine", "im_ketamine", "kap_lozenge")
# Households settled per ledger call: keeps temporaries small (and cache-friendly) at 10^6.
CHUNK_HOUSEHOLDS = 1 << 13
WEEKS_PER_YEAR = 52


def _settings() -> dict[str, Any]:
    return dict(defaults.load("population")["population"])


def _num(entry: Any) -> float:
    return float(defaults.value(entry))


# ---------------------------------------------------------------------------------------------
# The mix: what the user may edit (page data editor, scenario file `equity.mix`).


@dataclass(frozen=True)
class PopulationMix:
    """Distributions the population is drawn from. Tuples, so the mix is hashable (page cache).

    income_brackets: (low, high, share); household_sizes: (size, share); insurance_by_band: one
    row per poverty band (lowest income first) of shares in KINDS order. Shares are normalised
    when drawing, so rows need not sum exactly to one.
    """

    income_brackets: tuple[tuple[float, float, float], ...]
    household_sizes: tuple[tuple[int, float], ...]
    insurance_by_band: tuple[tuple[float, ...], ...]
    non_expansion_share: float
    non_expansion_medicaid_kept: float

    @classmethod
    def default(cls) -> PopulationMix:
        cfg = _settings()
        table = cfg["insurance_by_band"]["bands"]
        return cls(
            income_brackets=tuple(
                (float(b["low"]), float(b["high"]), float(b["share"]))
                for b in cfg["income_brackets"]["brackets"]
            ),
            household_sizes=tuple(
                (int(s["size"]), float(s["share"])) for s in cfg["household_sizes"]["sizes"]
            ),
            insurance_by_band=tuple(
                tuple(float(table[band][kind]) for kind in KINDS) for band in band_labels()
            ),
            non_expansion_share=_num(cfg["non_expansion_share"]),
            non_expansion_medicaid_kept=_num(cfg["non_expansion_medicaid_kept"]),
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


def _check_shares(values: Iterable[float], where: str) -> NDArray[np.float64]:
    shares = np.array(list(values), dtype=np.float64)
    if not np.all(np.isfinite(shares)):
        raise ScenarioError(where, "shares must be finite numbers")
    if np.any(shares < 0):
        raise ScenarioError(where, "shares must not be negative")
    if shares.sum() <= 0:
        raise ScenarioError(where, "at least one share must be above zero")
    normalised: NDArray[np.float64] = shares / shares.sum()
    return normalised


def validate_mix(mix: PopulationMix) -> None:
    """Raise ScenarioError (one line, naming the field) when the mix cannot be drawn from."""
    _check_shares((b[2] for b in mix.income_brackets), "equity.mix.income_shares")
    for low, high, _ in mix.income_brackets:
        if not 0 <= low < high:
            raise ScenarioError("equity.mix.income_brackets", f"bracket {low:g}-{high:g} is empty")
    _check_shares((s for _, s in mix.household_sizes), "equity.mix.household_sizes")
    for size, _ in mix.household_sizes:
        if not 1 <= size <= 20:
            raise ScenarioError("equity.mix.household_sizes", f"size {size} is not 1-20")
    for band, row in zip(band_labels(), mix.insurance_by_band, strict=True):
        _check_shares(row, f"equity.mix.insurance_by_band.{band}")
    for name in ("non_expansion_share", "non_expansion_medicaid_kept"):
        share = getattr(mix, name)
        if not 0 <= share <= 1:
            raise ScenarioError(f"equity.mix.{name}", f"{share:g} is not between 0 and 1")


# ---------------------------------------------------------------------------------------------
# Poverty bands.


@cache
def band_labels() -> tuple[str, ...]:
    """Poverty bands, lowest income first ("<100%", ..., "400%+")."""
    return tuple(str(b) for b in _settings()["poverty_bands"]["labels"])


@cache
def band_edges() -> tuple[float, ...]:
    return tuple(float(e) for e in _settings()["poverty_bands"]["upper_edges"])


def band_of(poverty_percent: FloatArray) -> IntArray:
    """Band index per household: a household exactly at an edge belongs to the band above it."""
    return np.searchsorted(np.array(band_edges()), poverty_percent, side="right").astype(np.int64)


def poverty_guidelines(size: IntArray) -> FloatArray:
    """HHS poverty guideline (newest year) for each household size."""
    biggest = int(size.max()) if size.size else 1
    table = np.array([defaults.poverty_guideline(s) for s in range(1, biggest + 1)])
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
    subsistence: FloatArray  # poverty guideline for the household size (capacity to pay)
    mix: PopulationMix = field(default_factory=PopulationMix.default)

    @property
    def n(self) -> int:
        return int(self.income.shape[0])

    def rows(self, which: slice | IntArray | BoolArray) -> Population:
        """The households at `which` (a slice, index array or mask), as a Population."""
        values = {
            f.name: getattr(self, f.name)[which]
            for f in dataclasses.fields(self)
            if f.name != "mix"
        }
        return Population(**values, mix=self.mix)


def _plan(kind: str) -> dict[str, Any]:
    return defaults.plan_terms(defaults.plan_for_kind(kind))


def _cap(x: float | None) -> float:
    return np.inf if x is None else float(x)


@cache
def _oon_terms(with_benefit: bool) -> tuple[float, float, float, float]:
    """(deductible, coinsurance, allowed_share, oop_max) out of network for commercial plans."""
    if with_benefit:
        oon = _plan("commercial")["out_of_network"]
    else:
        common = defaults.load("insurance")["plan_common"]["out_of_network_none"]
        oon = {k: defaults.value(v) for k, v in common.items()}
    return (
        float(oon["deductible"]),
        float(oon["coinsurance"]),
        float(oon["allowed_share"]),
        _cap(oon["oop_max"]),
    )


def make_population(n: int, seed: int, mix: PopulationMix | None = None) -> Population:
    """`n` households drawn with `seed` from `mix` (default: the sourced US mix)."""
    if not 1 <= n <= 20_000_000:
        raise ScenarioError("households", f"{n} is not between 1 and 20,000,000")
    mix = PopulationMix.default() if mix is None else mix
    validate_mix(mix)
    cfg = _settings()
    rng = np.random.default_rng(seed)

    brackets = np.array(mix.income_brackets, dtype=np.float64)
    pick = rng.choice(len(brackets), size=n, p=_check_shares(brackets[:, 2], "income"))
    income = brackets[pick, 0] + rng.random(n) * (brackets[pick, 1] - brackets[pick, 0])

    sizes = np.array([s for s, _ in mix.household_sizes], dtype=np.int64)
    size_p = _check_shares((p for _, p in mix.household_sizes), "sizes")
    size = sizes[rng.choice(len(sizes), size=n, p=size_p)]
    subsistence = poverty_guidelines(size)
    poverty_percent = 100.0 * income / subsistence
    band = band_of(poverty_percent)

    # Insurance kind: the band's shares; below the expansion limit in a non-expansion state,
    # only part of the would-be Medicaid group keeps Medicaid, the rest is uninsured (the gap).
    expansion_state = rng.random(n) >= mix.non_expansion_share
    table = np.array([_check_shares(row, "insurance") for row in mix.insurance_by_band])
    probs = table[band]
    in_gap = (poverty_percent < _num(cfg["medicaid_expansion_limit"])) & ~expansion_state
    lost = probs[:, KIND_CODE["medicaid"]] * (1.0 - mix.non_expansion_medicaid_kept) * in_gap
    probs[:, KIND_CODE["medicaid"]] -= lost
    probs[:, KIND_CODE["none"]] += lost
    cumulative = np.cumsum(probs, axis=1)
    kind = (rng.random(n)[:, None] >= cumulative[:, :-1]).sum(axis=1).astype(np.int64)

    # Plan terms: draw the commercial spread for everyone (stable random streams), keep by kind.
    com = cfg["commercial"]
    spread = _num(com["deductible_spread"])
    mu = np.log(_num(com["deductible_mean"])) - spread**2 / 2  # log-normal with that mean
    has_deductible = rng.random(n) < _num(com["share_with_deductible"])
    com_oop = _num(com["oop_max_low"]) + rng.random(n) * (
        _num(com["oop_max_high"]) - _num(com["oop_max_low"])
    )
    com_ded = np.minimum(np.exp(mu + spread * rng.standard_normal(n)) * has_deductible, com_oop)
    options = com["coinsurance_options"]["options"]
    coins_values = np.array([float(o["coinsurance"]) for o in options])
    coins_p = _check_shares((float(o["share"]) for o in options), "coinsurance")
    com_coins = coins_values[rng.choice(len(coins_values), size=n, p=coins_p)]
    has_oon = rng.random(n) >= _num(com["without_oon_benefit"])
    accumulator = rng.random(n) < _num(com["accumulator_share"])
    coverage_draw = rng.random(n)

    is_com = kind == KIND_CODE["commercial"]
    deductible = np.zeros(n)
    coinsurance = np.zeros(n)
    copay = np.zeros(n)
    oop_max = np.full(n, np.inf)
    for name in ("none", "medicare", "medicaid"):
        plan = _plan(name)
        rows = kind == KIND_CODE[name]
        deductible[rows] = float(plan["deductible"])
        coinsurance[rows] = float(plan["coinsurance"])
        copay[rows] = float(plan["copay"])
        oop_max[rows] = _cap(plan["oop_max"])
    medicaid = kind == KIND_CODE["medicaid"]
    oop_max[medicaid] = np.minimum(
        oop_max[medicaid], _num(cfg["medicaid_cost_sharing_cap"]) * income[medicaid]
    )
    deductible[is_com] = com_ded[is_com]
    coinsurance[is_com] = com_coins[is_com]
    oop_max[is_com] = com_oop[is_com]

    oon = np.array([_oon_terms(False)] * 1 + [_oon_terms(True)])  # row 0: none, row 1: benefit
    oon_rows = oon[(is_com & has_oon).astype(np.int64)]
    return Population(
        income=income,
        size=size,
        poverty_percent=poverty_percent,
        band=band,
        kind=kind,
        expansion_state=expansion_state,
        deductible=deductible,
        coinsurance=coinsurance,
        copay=copay,
        oop_max=oop_max,
        oon_deductible=oon_rows[:, 0].copy(),
        oon_coinsurance=oon_rows[:, 1].copy(),
        oon_allowed_share=oon_rows[:, 2].copy(),
        oon_oop_max=oon_rows[:, 3].copy(),
        accumulator=accumulator & is_com,
        coverage_draw=coverage_draw,
        subsistence=subsistence,
        mix=mix,
    )


def households(
    income: Sequence[float],
    size: Sequence[int],
    kind: Sequence[str],
    **terms: Sequence[float] | Sequence[bool],
) -> Population:
    """A hand-made population (tests, examples): plan terms default to each kind's default plan
    (commercial: the employer plan with its out-of-network benefit); any term can be given."""
    income_a = np.asarray(income, dtype=np.float64)
    size_a = np.asarray(size, dtype=np.int64)
    kind_a = np.array([KIND_CODE[k] for k in kind], dtype=np.int64)
    n = income_a.shape[0]
    subsistence = poverty_guidelines(size_a)
    poverty_percent = 100.0 * income_a / subsistence
    base: dict[str, Any] = {
        "deductible": [],
        "coinsurance": [],
        "copay": [],
        "oop_max": [],
        "oon_deductible": [],
        "oon_coinsurance": [],
        "oon_allowed_share": [],
        "oon_oop_max": [],
    }
    for k in kind:
        plan = _plan(k)
        base["deductible"].append(float(plan["deductible"]))
        base["coinsurance"].append(float(plan["coinsurance"]))
        base["copay"].append(float(plan["copay"]))
        base["oop_max"].append(_cap(plan["oop_max"]))
        oon = _oon_terms(k == "commercial")
        for name, val in zip(
            ("oon_deductible", "oon_coinsurance", "oon_allowed_share", "oon_oop_max"),
            oon,
            strict=True,
        ):
            base[name].append(val)
    values: dict[str, Any] = {k: np.asarray(v, dtype=np.float64) for k, v in base.items()}
    medicaid = kind_a == KIND_CODE["medicaid"]
    cap_share = _num(_settings()["medicaid_cost_sharing_cap"])
    values["oop_max"][medicaid] = np.minimum(
        values["oop_max"][medicaid], cap_share * income_a[medicaid]
    )
    values["accumulator"] = np.zeros(n, dtype=bool)
    values["coverage_draw"] = np.zeros(n)
    values["expansion_state"] = np.ones(n, dtype=bool)
    for name, given in terms.items():
        if name not in values:
            raise TypeError(f"unknown household term {name}")
        values[name] = np.asarray(given, dtype=values[name].dtype)
    return Population(
        income=income_a,
        size=size_a,
        poverty_percent=poverty_percent,
        band=band_of(poverty_percent),
        kind=kind_a,
        subsistence=subsistence,
        **values,
    )


# ---------------------------------------------------------------------------------------------
# Policy levers.


@dataclass(frozen=True)
class SlidingScale:
    """Clinic discount on self-paid charges: tiers of (below this % of poverty, discount),
    checked in order; a household takes the first tier its income falls below."""

    tiers: tuple[tuple[float, float], ...]

    @classmethod
    def default(cls) -> SlidingScale:
        tiers = _settings()["reforms"]["sliding_scale"]["tiers"]
        return cls(tuple((float(t["below_poverty_percent"]), float(t["discount"])) for t in tiers))

    def discount(self, poverty_percent: FloatArray) -> FloatArray:
        out = np.zeros_like(poverty_percent)
        assigned = np.zeros(poverty_percent.shape, dtype=bool)
        for below, discount in self.tiers:
            rows = ~assigned & (poverty_percent < below)
            out[rows] = discount
            assigned |= rows
        return out


@dataclass(frozen=True)
class Reforms:
    """Policy levers; the default is the baseline (no lever pulled). Levers combine."""

    coverage_parity: bool = False
    medicaid_covers_spravato: bool = False
    manufacturer_all_kinds: bool = False
    manufacturer_annual_max: float | None = None
    ban_accumulators: bool = False
    sliding_scale: SlidingScale | None = None
    price_cap: float | None = None
    oon_therapy: bool = False

    def combine(self, other: Reforms) -> Reforms:
        """Both sets of levers pulled (the other's parameters win where both set one)."""
        merged = {}
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = theirs if theirs not in (None, False) else mine
        return Reforms(**merged)


# Lever name -> (label, what it does). The page's checkboxes and the scenario file use the names.
LEVERS: dict[str, tuple[str, str]] = {
    "coverage_parity": (
        "Coverage parity",
        "Insurers cover IV and IM ketamine and in-office KAP the way they cover Spravato.",
    ),
    "medicaid_covers_spravato": (
        "Medicaid covers Spravato everywhere",
        "Every Medicaid programme covers Spravato (today about 45% do).",
    ),
    "manufacturer_all_kinds": (
        "Manufacturer help for government plans",
        "The Spravato savings programme also helps people with Medicare and Medicaid.",
    ),
    "manufacturer_cap": (
        "Manufacturer help cap raised",
        "The Spravato savings programme's yearly maximum is raised.",
    ),
    "ban_accumulators": (
        "Copay accumulators banned",
        "Manufacturer help always counts toward the deductible and out-of-pocket cap.",
    ),
    "sliding_scale": (
        "Sliding scale below 200% of poverty",
        "Clinics discount self-paid charges for households below 200% of the poverty guideline.",
    ),
    "price_cap": (
        "Price cap per session",
        "No clinic bills more than the cap for one treatment session.",
    ),
    "oon_therapy": (
        "Out-of-network therapy reimbursed",
        "Commercial plans must reimburse preparation and integration therapy out of network.",
    ),
}


def lever(name: str, price_cap: float | None = None, annual_max: float | None = None) -> Reforms:
    """The Reforms for one named lever, with its default parameter from population.yaml."""
    cfg = _settings()["reforms"]
    if name not in LEVERS:
        raise ScenarioError("equity.reforms", f"'{name}' is not one of {', '.join(LEVERS)}")
    if name == "sliding_scale":
        return Reforms(sliding_scale=SlidingScale.default())
    if name == "price_cap":
        return Reforms(price_cap=_num(cfg["price_cap"]) if price_cap is None else price_cap)
    if name == "manufacturer_cap":
        cap = _num(cfg["manufacturer_annual_max"]) if annual_max is None else annual_max
        return Reforms(manufacturer_annual_max=cap)
    flags: dict[str, Any] = {name: True}
    return Reforms(**flags)


def levers(names: Iterable[str], **params: float | None) -> Reforms:
    """Several named levers pulled together."""
    combined = Reforms()
    for name in names:
        combined = combined.combine(lever(name, **params))
    return combined


def lever_defaults() -> dict[str, float]:
    """Default parameters of the levers that take one (for the page's inputs)."""
    cfg = _settings()["reforms"]
    return {
        "price_cap": _num(cfg["price_cap"]),
        "manufacturer_annual_max": _num(cfg["manufacturer_annual_max"]),
    }


# ---------------------------------------------------------------------------------------------
# Out-of-pocket cost over the population: the ledger over a batch of households.


@dataclass(frozen=True)
class CourseClaims:
    claims: Claims  # shared (1, K), prices zero
    prices: tuple[float, float, float]  # midpoint price per component (intake, treatment, therapy)
    sessions: int  # treatment sessions in the course


def course_phases(modality: str, course_name: str) -> list[dict[str, Any]]:
    """The named course the equity tool prices (pricing.course)."""
    if course_name not in COURSES:
        raise ScenarioError("equity.course", f"'{course_name}' is not one of {', '.join(COURSES)}")
    return course.named(modality, course_name)


@cache
def course_claims(modality: str, course: str) -> CourseClaims:
    """Claims of the default course for `modality`, built once through the scenario and schedule."""
    phases = course_phases(modality, course)
    scenario = from_dict({"version": 1, "modality": modality, "treatment": {"phases": phases}})
    course_visits, claims = claims_for(scenario)
    prices = (
        scenario.intake.price.mid,
        scenario.treatment.price.mid,
        scenario.therapy.price.mid,
    )
    sessions = sum(v.component == "treatment" for v in course_visits)
    return CourseClaims(claims=claims, prices=prices, sessions=sessions)


def _coverage_rules(modality: str, reforms: Reforms) -> tuple[IntArray, FloatArray]:
    """(4, 3) coverage codes by kind and component, and (4,) share of plans covering, by kind."""
    source = "spravato" if reforms.coverage_parity and modality in PARITY_TREATMENTS else modality
    codes = np.zeros((len(KINDS), len(COMPONENTS)), dtype=np.int64)
    share = np.ones(len(KINDS))
    for code, kind in enumerate(KINDS):
        rule_modality = source if kind != "none" else modality
        rule = defaults.coverage(rule_modality, kind)
        codes[code] = [COVERAGE_CODES[rule["treatment" if c == "drug" else c]] for c in COMPONENTS]
        share[code] = defaults.plans_covering_share(rule_modality, kind)
    if reforms.medicaid_covers_spravato and source == "spravato":
        share[KIND_CODE["medicaid"]] = 1.0
    return codes, share


def household_terms(
    population: Population,
    modality: str,
    reforms: Reforms | None = None,
    sliding_scale: SlidingScale | None = None,
) -> PlanTerms:
    """Each household's plan terms for `modality` as (B,) arrays and (B, 3) coverage."""
    reforms = Reforms() if reforms is None else reforms
    pop = population
    codes, share = _coverage_rules(modality, reforms)
    coverage = codes[pop.kind]  # fancy indexing copies: safe to edit
    plan_covers = pop.coverage_draw < share[pop.kind]
    coverage[~plan_covers, TREATMENT] = NOT_COVERED

    oon_deductible, oon_coins = pop.oon_deductible, pop.oon_coinsurance
    oon_allowed, oon_oop_max = pop.oon_allowed_share, pop.oon_oop_max
    if reforms.oon_therapy:
        commercial = pop.kind == KIND_CODE["commercial"]
        therapy = coverage[:, THERAPY]
        coverage[:, THERAPY] = np.where(
            commercial & (therapy == NOT_COVERED), OUT_OF_NETWORK, therapy
        )
        d, c, a, m = _oon_terms(True)
        oon_deductible = np.where(commercial, d, oon_deductible)
        oon_coins = np.where(commercial, c, oon_coins)
        oon_allowed = np.where(commercial, a, oon_allowed)
        oon_oop_max = np.where(commercial, m, oon_oop_max)

    programme_floor: FloatArray | float = 0.0
    programme_max: FloatArray | float = 0.0
    programme = defaults.manufacturer_programme(modality)
    if programme is not None:
        eligible_kinds = list(programme["eligible_kinds"])
        if reforms.manufacturer_all_kinds:
            eligible_kinds = [k for k in KINDS if k != "none"]
        eligible = np.isin(pop.kind, [KIND_CODE[k] for k in eligible_kinds])
        cap = (
            _num(programme["annual_max"])
            if reforms.manufacturer_annual_max is None
            else reforms.manufacturer_annual_max
        )
        programme_max = np.where(eligible, cap, 0.0)
        programme_floor = _num(programme["patient_pays_per_session"])

    scale = sliding_scale if sliding_scale is not None else reforms.sliding_scale
    discount: FloatArray | float = 0.0 if scale is None else scale.discount(pop.poverty_percent)
    counts = True if reforms.ban_accumulators else ~pop.accumulator
    return PlanTerms(
        coverage=coverage,
        deductible=pop.deductible,
        coinsurance=pop.coinsurance,
        copay=pop.copay,
        oop_max=pop.oop_max,
        oon_deductible=oon_deductible,
        oon_coinsurance=oon_coins,
        oon_allowed_share=oon_allowed,
        oon_oop_max=oon_oop_max,
        discount=discount,
        programme_floor=programme_floor,
        programme_max=programme_max,
        counts_toward_deductible=counts,
    )


@dataclass
class Costs:
    """Per-household totals of one course: (B,) arrays."""

    patient: FloatArray
    insurer: FloatArray
    assistance: FloatArray


def settle_population(
    population: Population,
    modality: str,
    course: str = "first_year",
    price_per_session: float | None = None,
    sliding_scale: SlidingScale | None = None,
    reforms: Reforms | None = None,
    extras_price: Mapping[str, float] | None = None,
) -> Costs:
    """Patient, insurer and programme totals per household for one course (ledger.settle).

    Prices are the modality's midpoints; `price_per_session` replaces the treatment price and
    `extras_price` ({"intake": x, "therapy": y}) the others.
    """
    if modality not in TREATMENTS:
        raise ScenarioError(
            "equity.treatments", f"'{modality}' is not one of {', '.join(TREATMENTS)}"
        )
    reforms = Reforms() if reforms is None else reforms
    built = course_claims(modality, course)
    intake, treatment, therapy = built.prices
    if price_per_session is not None:
        if not np.isfinite(price_per_session) or price_per_session < 0:
            raise ScenarioError("price_per_session", "must be a finite number of USD, not below 0")
        treatment = float(price_per_session)
    if reforms.price_cap is not None:
        treatment = min(treatment, reforms.price_cap)
    extras = dict(extras_price or {})
    intake = float(extras.pop("intake", intake))
    therapy = float(extras.pop("therapy", therapy))
    if extras:
        raise ScenarioError(f"extras_price.{next(iter(extras))}", "only intake and therapy")
    component_price = np.array([intake, treatment, therapy])
    claims = dataclasses.replace(
        built.claims, price=component_price[built.claims.component[0]][None, :]
    )
    n = population.n
    out = Costs(np.empty(n), np.empty(n), np.empty(n))
    for start in range(0, n, CHUNK_HOUSEHOLDS):
        part = slice(start, min(start + CHUNK_HOUSEHOLDS, n))
        chunk = population.rows(part)
        terms = household_terms(chunk, modality, reforms, sliding_scale)
        totals = settle(claims, terms, batch=chunk.n).totals
        out.patient[part] = totals["patient"]
        out.insurer[part] = totals["insurer"]
        out.assistance[part] = totals["assistance"]
    return out


def out_of_pocket(
    population: Population,
    modality: str,
    course: str = "first_year",
    price_per_session: float | None = None,
    sliding_scale: SlidingScale | None = None,
    reforms: Reforms | None = None,
    extras_price: Mapping[str, float] | None = None,
) -> FloatArray:
    """What each household pays out of pocket for one course of `modality`."""
    return settle_population(
        population, modality, course, price_per_session, sliding_scale, reforms, extras_price
    ).patient


# ---------------------------------------------------------------------------------------------
# Affordability.


@dataclass(frozen=True)
class Threshold:
    """An affordability test: out-of-pocket above `share` of income (or of capacity to pay)."""

    name: str
    rule: str  # income | capacity
    share: float

    @property
    def label(self) -> str:
        base = "income" if self.rule == "income" else "capacity to pay"
        return f"{self.share:.0%} of {base}"


@cache
def thresholds() -> dict[str, Threshold]:
    """The three WHO / World Bank definitions, by name (income_10 is the default)."""
    cfg = _settings()["affordability"]
    return {
        name: Threshold(name, "capacity" if name.startswith("capacity") else "income", _num(entry))
        for name, entry in cfg.items()
    }


DEFAULT_THRESHOLD = "income_10"


def capacity_to_pay(income: FloatArray, subsistence: FloatArray) -> FloatArray:
    """Income above the subsistence line (the poverty guideline), never below zero."""
    return np.maximum(income - subsistence, 0.0)


def affordable(
    oop: FloatArray,
    income: FloatArray,
    threshold: float = 0.10,
    rule: str = "income",
    subsistence: FloatArray | None = None,
) -> BoolArray:
    """True where out-of-pocket is at most `threshold` of income (or of capacity to pay).

    A household paying nothing can always afford the course, whatever its income.
    """
    if rule not in RULES:
        raise ScenarioError("equity.threshold", f"rule '{rule}' is not one of {', '.join(RULES)}")
    if rule == "capacity":
        if subsistence is None:
            raise ValueError("the capacity rule needs each household's subsistence line")
        base = capacity_to_pay(income, subsistence)
    else:
        base = income
    return np.asarray(oop <= threshold * base)


def affordable_for(population: Population, oop: FloatArray, threshold: Threshold) -> BoolArray:
    return affordable(
        oop, population.income, threshold.share, threshold.rule, population.subsistence
    )


def cost_share(population: Population, oop: FloatArray, rule: str = "income") -> FloatArray:
    """Out-of-pocket as a share of income (or of capacity to pay); inf where the base is 0."""
    base = (
        population.income
        if rule == "income"
        else capacity_to_pay(population.income, population.subsistence)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(oop > 0, oop / base, 0.0)


def _share_by_band(population: Population, flag: BoolArray) -> dict[str, float]:
    counts = np.bincount(population.band, minlength=len(band_labels()))
    hits = np.bincount(
        population.band, weights=flag.astype(np.float64), minlength=len(band_labels())
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = hits / counts
    out = {band: float(s) for band, s in zip(band_labels(), shares, strict=True)}
    out["all"] = float(flag.mean()) if flag.size else float("nan")
    return out


def priced_out_table(
    population: Population,
    oop_by_treatment: Mapping[str, FloatArray],
    threshold: float = 0.10,
    rule: str = "income",
) -> dict[str, dict[str, float]]:
    """{treatment: {band: share priced out, ..., "all": share}}; NaN for an empty band."""
    return {
        treatment: _share_by_band(
            population,
            ~affordable(oop, population.income, threshold, rule, population.subsistence),
        )
        for treatment, oop in oop_by_treatment.items()
    }


# ---------------------------------------------------------------------------------------------
# Baseline versus reforms.


@dataclass
class ReformOutcome:
    """One reform (a set of levers) against the baseline, per treatment."""

    name: str
    reforms: Reforms
    costs: dict[str, Costs]
    priced_out: dict[str, dict[str, float]]
    newly_affordable: dict[str, dict[str, Any]]  # treatment -> {"all", "by_band", "by_kind", ...}


@dataclass
class EquityReport:
    population: Population
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    baseline: dict[str, Costs]
    priced_out: dict[str, dict[str, float]]
    reforms: dict[str, ReformOutcome]

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (unrounded)."""
        return {
            "households": self.population.n,
            "course": self.course,
            # The share (0.10 = 10%), and beside it which quantity it is a share of.
            "threshold": self.threshold.share,
            "threshold_rule": {
                "name": self.threshold.name,
                "rule": self.threshold.rule,
                "label": self.threshold.label,
            },
            "bands": list(band_labels()),
            "kinds": list(KINDS),
            "treatments": list(self.treatments),
            "median_out_of_pocket": {
                t: float(np.median(c.patient)) for t, c in self.baseline.items()
            },
            "priced_out": self.priced_out,
            "reforms": {
                name: {
                    "levers": active_levers(r.reforms),
                    "priced_out": r.priced_out,
                    "newly_affordable": r.newly_affordable,
                }
                for name, r in self.reforms.items()
            },
        }


def active_levers(reforms: Reforms) -> list[str]:
    names = []
    for name in LEVERS:
        if name == "manufacturer_cap":
            if reforms.manufacturer_annual_max is not None:
                names.append(name)
        elif getattr(reforms, name) not in (None, False):
            names.append(name)
    return names


def compare(
    population: Population,
    baseline: Costs,
    reformed: Costs,
    threshold: Threshold,
) -> dict[str, Any]:
    """Households newly able to afford the course, by band and kind, and the insurer's cost."""
    before = affordable_for(population, baseline.patient, threshold)
    after = affordable_for(population, reformed.patient, threshold)
    newly = after & ~before
    lost = before & ~after
    extra_insurer = float(reformed.insurer.sum() - baseline.insurer.sum())
    extra_programme = float(reformed.assistance.sum() - baseline.assistance.sum())
    count = int(newly.sum())
    by_kind_count = np.bincount(population.kind[newly], minlength=len(KINDS))
    kind_totals = np.bincount(population.kind, minlength=len(KINDS))
    by_band_count = np.bincount(population.band[newly], minlength=len(band_labels()))
    band_totals = np.bincount(population.band, minlength=len(band_labels()))
    with np.errstate(divide="ignore", invalid="ignore"):
        kind_share = by_kind_count / kind_totals
        band_share = by_band_count / band_totals
    return {
        "count": count,
        "share": count / population.n if population.n else float("nan"),
        "no_longer_affordable": int(lost.sum()),
        "by_band": {
            b: {"count": int(c), "share": float(s)}
            for b, c, s in zip(band_labels(), by_band_count, band_share, strict=True)
        },
        "by_kind": {
            k: {"count": int(c), "share": float(s)}
            for k, c, s in zip(KINDS, by_kind_count, kind_share, strict=True)
        },
        "extra_insurer_spending": extra_insurer,
        "extra_programme_spending": extra_programme,
        "extra_insurer_per_newly_reached": extra_insurer / count if count else float("nan"),
    }


def evaluate(
    population: Population,
    treatments: Sequence[str] = TREATMENTS,
    course: str = "first_year",
    threshold: Threshold | str = DEFAULT_THRESHOLD,
    reforms: Mapping[str, Reforms] | None = None,
    price_per_session: Mapping[str, float] | None = None,
) -> EquityReport:
    """Settle the baseline and every reform for every treatment over the same households."""
    chosen = thresholds()[threshold] if isinstance(threshold, str) else threshold
    prices = price_per_session or {}
    baseline = {t: settle_population(population, t, course, prices.get(t)) for t in treatments}

    def table(costs: Mapping[str, Costs]) -> dict[str, dict[str, float]]:
        return priced_out_table(
            population, {t: c.patient for t, c in costs.items()}, chosen.share, chosen.rule
        )

    outcomes = {}
    for name, reform in (reforms or {}).items():
        costs = {
            t: settle_population(population, t, course, prices.get(t), reforms=reform)
            for t in treatments
        }
        outcomes[name] = ReformOutcome(
            name=name,
            reforms=reform,
            costs=costs,
            priced_out=table(costs),
            newly_affordable={
                t: compare(population, baseline[t], costs[t], chosen) for t in treatments
            },
        )
    return EquityReport(
        population=population,
        course=course,
        threshold=chosen,
        treatments=tuple(treatments),
        baseline=baseline,
        priced_out=table(baseline),
        reforms=outcomes,
    )


def median_share_table(
    population: Population, costs: Mapping[str, Costs], rule: str = "income"
) -> dict[str, dict[str, float]]:
    """{treatment: {band: median out-of-pocket share of income}} (the heatmap's data)."""
    out: dict[str, dict[str, float]] = {}
    for treatment, c in costs.items():
        share = cost_share(population, c.patient, rule)
        out[treatment] = {
            band: float(np.median(share[population.band == i]))
            if np.any(population.band == i)
            else float("nan")
            for i, band in enumerate(band_labels())
        }
    return out


def price_sweep(
    population: Population,
    modality: str,
    prices: Sequence[float],
    course: str = "first_year",
    threshold: Threshold | str = DEFAULT_THRESHOLD,
    reforms: Reforms | None = None,
) -> dict[str, list[float]]:
    """Share priced out by insurance kind (and "all") at each per-session price."""
    chosen = thresholds()[threshold] if isinstance(threshold, str) else threshold
    out: dict[str, list[float]] = {kind: [] for kind in KINDS}
    out["all"] = []
    for price in prices:
        oop = out_of_pocket(population, modality, course, price_per_session=price, reforms=reforms)
        priced = ~affordable_for(population, oop, chosen)
        for code, kind in enumerate(KINDS):
            rows = population.kind == code
            out[kind].append(float(priced[rows].mean()) if rows.any() else float("nan"))
        out["all"].append(float(priced.mean()))
    return out


# ---------------------------------------------------------------------------------------------
# Scenario file `equity:` section -> run settings.


@dataclass
class EquityRun:
    households: int
    seed: int
    course: str
    threshold: Threshold
    treatments: tuple[str, ...]
    mix: PopulationMix
    reforms: dict[str, Reforms]


def run_settings(section: Any | None, households_override: int | None = None) -> EquityRun:
    """Settings from a validated EquitySection (or None: every default)."""
    cfg = _settings()
    mix = PopulationMix.default()
    households_n = int(_num(cfg["default_households"]))
    seed = int(_num(cfg["default_seed"]))
    course = "first_year"
    threshold = thresholds()[DEFAULT_THRESHOLD]
    treatments: tuple[str, ...] = TREATMENTS
    reforms: dict[str, Reforms] = {}
    if section is not None:
        households_n = section.households if section.households is not None else households_n
        seed = section.seed if section.seed is not None else seed
        course = section.course
        threshold = thresholds()[section.threshold]
        if section.treatments:
            treatments = tuple(section.treatments)
        if section.mix is not None:
            m = section.mix
            mix = mix.with_changes(
                insurance_by_band=m.insurance_by_band,
                income_shares=m.income_shares,
                household_sizes=m.household_sizes,
                non_expansion_share=m.non_expansion_share,
            )
        reforms = reforms_from_section(section.reforms)
    if households_override is not None:
        households_n = households_override
    if not 1 <= households_n <= 2_000_000:
        raise ScenarioError("--households", f"{households_n} is not between 1 and 2,000,000")
    return EquityRun(households_n, seed, course, threshold, treatments, mix, reforms)


def reforms_from_section(raw: Any) -> dict[str, Reforms]:
    """`reforms:` as a list of lever names (each alone) or {name: {lever: value, ...}}."""
    if raw is None:
        return {}
    if isinstance(raw, list):
        return {name: lever(name) for name in raw}
    out = {}
    for name, package in raw.items():
        given = package.model_dump(exclude_none=True)
        combined = Reforms()
        for key, val in given.items():
            if key == "price_cap":
                combined = combined.combine(lever("price_cap", price_cap=float(val)))
            elif key == "manufacturer_annual_max":
                combined = combined.combine(lever("manufacturer_cap", annual_max=float(val)))
            elif val:
                combined = combined.combine(lever(key))
        out[name] = combined
    return out


def load_equity_file(path: str | None) -> Any | None:
    """The `equity` section of a scenario file (validated), or None without a file."""
    if path is None:
        return None
    from pricing.scenario import MAX_FILE_BYTES, decode

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {path}: {err.strerror}") from None
    raw = parse_yaml(decode(data))
    if isinstance(raw, dict) and "modality" not in raw:
        # The equity tool runs every treatment; a file about the population need not pick one.
        raw = {**raw, "modality": TREATMENTS[0]}
    return from_dict(raw).equity


# ---------------------------------------------------------------------------------------------
# CLI: python -m pricing equity [FILE.yaml] [--households N] [--json]


def run_cli(args: argparse.Namespace) -> str:
    section = load_equity_file(getattr(args, "file", None))
    settings = run_settings(section, args.households)
    population = make_population(settings.households, settings.seed, settings.mix)
    report = evaluate(
        population,
        settings.treatments,
        settings.course,
        settings.threshold,
        settings.reforms,
    )
    summary = report.summary()
    summary["seed"] = settings.seed
    if args.json:
        from pricing.report import rounded

        return json.dumps(rounded(summary), indent=2)
    return readable(summary)


def readable(summary: Mapping[str, Any]) -> str:
    """The equity summary as a plain-text table."""
    bands = summary["bands"]
    width = max(len(defaults.modality(t)["short"]) for t in summary["treatments"]) + 2
    lines = [
        f"{summary['households']:,} simulated households, {summary['course'].replace('_', ' ')} "
        f"course; priced out = out-of-pocket above {summary['threshold_rule']['label']}",
        "",
        "Share priced out".ljust(width) + "".join(b.rjust(10) for b in [*bands, "all"]),
    ]

    def rows(table: Mapping[str, Mapping[str, float]]) -> list[str]:
        return [
            defaults.modality(t)["short"].ljust(width)
            + "".join(_pct(table[t][b]).rjust(10) for b in [*bands, "all"])
            for t in summary["treatments"]
        ]

    lines += rows(summary["priced_out"])
    for name, reform in summary["reforms"].items():
        lines += ["", f"Reform '{name}' ({', '.join(reform['levers']) or 'no levers'})"]
        lines += rows(reform["priced_out"])
        for t in summary["treatments"]:
            info = reform["newly_affordable"][t]
            per = info["extra_insurer_per_newly_reached"]
            per_text = "n/a" if per != per else f"${per:,.0f}"
            lines.append(
                f"  {defaults.modality(t)['short']}: {info['count']:,} households newly able to "
                f"afford it; extra insurer spending per newly reached household {per_text}"
            )
    return "\n".join(lines)


def _pct(x: float) -> str:
    return "-" if x != x else f"{x:.1%}"


def add_cli(subparsers: Any) -> None:
    """Register `equity` with the CLI (pricing/__main__.py calls this)."""
    cmd = subparsers.add_parser(
        "equity", help="who is priced out, by poverty band and insurance, and which reform helps"
    )
    cmd.add_argument("file", nargs="?", default=None, help="scenario file with an equity section")
    cmd.add_argument("--households", type=int, default=None, help="simulated households")
    cmd.add_argument("--json", action="store_true", help="print one JSON object")
    cmd.set_defaults(run=run_cli)


__all__ = [
    "KINDS",
    "LEVERS",
    "TREATMENTS",
    "Costs",
    "EquityReport",
    "Population",
    "PopulationMix",
    "Reforms",
    "SlidingScale",
    "Threshold",
    "add_cli",
    "affordable",
    "evaluate",
    "households",
    "lever",
    "levers",
    "make_population",
    "out_of_pocket",
    "price_sweep",
    "priced_out_table",
    "thresholds",
]


# ---------------------------------------------------------------------------------------------
# Everything the Access & equity page shows, computed here so the page holds no arithmetic.

PERCENTILES = (10, 25, 50, 75, 90)


def sweep_prices() -> list[float]:
    """Per-session prices for the price-sweep chart (population.yaml price_sweep)."""
    cfg = _settings()["price_sweep"]
    low, high, step = float(cfg["low"]), float(cfg["high"]), float(cfg["step"])
    return [float(p) for p in np.arange(low, high + step / 2, step)]


def share_distribution(
    population: Population, oop: FloatArray, rule: str = "income"
) -> dict[str, dict[str, float]]:
    """{kind: {"p10": ..., "p90": ..., "n": count}} of out-of-pocket as a share of income."""
    share = cost_share(population, oop, rule)
    out: dict[str, dict[str, float]] = {}
    for code, kind in enumerate(KINDS):
        rows = share[population.kind == code]
        if rows.size == 0:
            continue
        values = np.percentile(rows, PERCENTILES)
        out[kind] = {f"p{p}": float(v) for p, v in zip(PERCENTILES, values, strict=True)}
        out[kind]["n"] = float(rows.size)
    return out


@dataclass
class PageData:
    """Tables behind the page's four charts and its headline figures."""

    households: int
    threshold: Threshold
    course: str
    levers: list[str]
    priced_out: dict[str, dict[str, float]]  # baseline {treatment: {band: share, "all"}}
    priced_out_reform: dict[str, dict[str, float]]
    median_share: dict[str, dict[str, float]]  # {treatment: {band: median share of income}}
    sweep_treatment: str
    sweep_prices: list[float]
    sweep: dict[str, list[float]]  # {kind or "all": [share priced out at each price]}
    newly: dict[str, dict[str, Any]]  # {treatment: compare(...)}
    distribution: dict[str, dict[str, float]]  # {kind: percentiles} for sweep_treatment
    kind_shares: dict[str, float]  # share of households by insurance kind
    band_shares: dict[str, float]  # share of households by poverty band


def page_data(
    population: Population,
    course: str,
    threshold: Threshold | str,
    reform: Reforms,
    focus: str,
) -> PageData:
    """Baseline and reform for every treatment, the price sweep and distribution for `focus`."""
    chosen = thresholds()[threshold] if isinstance(threshold, str) else threshold
    report = evaluate(population, TREATMENTS, course, chosen, {"reform": reform})
    outcome = report.reforms["reform"]
    prices = sweep_prices()
    kinds = np.bincount(population.kind, minlength=len(KINDS)) / population.n
    bands = np.bincount(population.band, minlength=len(band_labels())) / population.n
    return PageData(
        households=population.n,
        threshold=chosen,
        course=course,
        levers=active_levers(reform),
        priced_out=report.priced_out,
        priced_out_reform=outcome.priced_out,
        median_share=median_share_table(population, report.baseline, chosen.rule),
        sweep_treatment=focus,
        sweep_prices=prices,
        sweep=price_sweep(population, focus, prices, course, chosen),
        newly=outcome.newly_affordable,
        distribution=share_distribution(population, report.baseline[focus].patient, chosen.rule),
        kind_shares={k: float(s) for k, s in zip(KINDS, kinds, strict=True)},
        band_shares={b: float(s) for b, s in zip(band_labels(), bands, strict=True)},
    )
