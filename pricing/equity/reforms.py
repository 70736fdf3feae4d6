"""Policy levers: what each reform changes, as one frozen Reforms value that levers combine into.

Lever names are the scenario file's (`pricing.scenario.equity_section.EquityLever`, one list);
their default parameters (price cap, manufacturer cap, sliding-scale tiers, parity treatments)
come from population.yaml through pricing.defaults.population; their labels and help text are
words, built in pricing.explain.equity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np

from pricing.defaults import population as params
from pricing.equity.population import FloatArray
from pricing.scenario import ScenarioError
from pricing.scenario.equity_section import EquityLever

# The levers in the order the page, the CLI's "levers" lists and the scenario file use.
LEVER_NAMES: tuple[str, ...] = get_args(EquityLever)
# The treatments the two Medicaid levers are about (their names say so).
MEDICAID_LEVER_TREATMENT = "spravato"
MEDICAID_IV_TREATMENT = "iv_ketamine"


@dataclass(frozen=True)
class SlidingScale:
    """Clinic discount on self-paid charges: tiers of (below this % of poverty, discount),
    checked in order; a household takes the first tier its income falls below."""

    tiers: tuple[tuple[float, float], ...]

    @classmethod
    def default(cls) -> SlidingScale:
        return cls(params.sliding_scale_tiers())

    @property
    def limit(self) -> float:
        """The poverty percentage below which some discount applies (0 without tiers)."""
        return max((below for below, _ in self.tiers), default=0.0)

    def discount(self, poverty_percent: FloatArray) -> FloatArray:
        out = np.zeros_like(poverty_percent)
        assigned = np.zeros(poverty_percent.shape, dtype=bool)
        for below, discount in self.tiers:
            rows = ~assigned & (poverty_percent < below)
            out[rows] = discount
            assigned |= rows
        return out


@dataclass(frozen=True)
class StateSubsidy:
    """A state programme paying what a household below `below_poverty_percent` of the poverty
    guideline would pay out of pocket above `max_share_of_income` of its income."""

    below_poverty_percent: float
    max_share_of_income: float

    @classmethod
    def default(cls) -> StateSubsidy:
        below, share = params.state_subsidy()
        return cls(below, share)

    def pays(
        self, patient: FloatArray, income: FloatArray, poverty_percent: FloatArray
    ) -> FloatArray:
        """What the programme pays for each household (0 above the poverty limit)."""
        eligible = poverty_percent < self.below_poverty_percent
        excess = np.maximum(patient - self.max_share_of_income * income, 0.0)
        return np.where(eligible, excess, 0.0)


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
    # Issue 15's levers: a yearly out-of-pocket cap for insured patients (their plan pays the
    # rest), a state subsidy below a poverty multiple, Medicaid coverage of IV ketamine.
    oop_cap: float | None = None
    state_subsidy: StateSubsidy | None = None
    medicaid_covers_iv: bool = False
    # Not a lever: the observation rebate's yearly maximum (None: the defaults' midpoint; 0: no
    # rebate), for sensitivity runs and the price invariant's tests.
    rebate_annual_max: float | None = None
    # Not a lever: a clinic's superbill (pricing.clinic.superbill, the clinic's reach). Commercial
    # households whose plan has an out-of-network benefit are reimbursed for the treatment (and
    # drug) claims out of network (rule 4) with these (deductible, coinsurance, allowed_share,
    # oop_max) terms, which then are their plan's out-of-network terms for every claim.
    superbill: tuple[float, float, float, float] | None = None

    def combine(self, other: Reforms) -> Reforms:
        """Both sets of levers pulled (the other's parameters win where both set one; a
        parameter of 0, such as a $0 cap, is set, not left out)."""
        merged = {}
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = mine if theirs is None or theirs is False else theirs
        return Reforms(**merged)


def lever(
    name: str,
    price_cap: float | None = None,
    annual_max: float | None = None,
    oop_cap: float | None = None,
) -> Reforms:
    """The Reforms for one named lever, with its default parameter from population.yaml."""
    if name not in LEVER_NAMES:
        raise ScenarioError("equity.reforms", f"'{name}' is not one of {', '.join(LEVER_NAMES)}")
    if name == "sliding_scale":
        return Reforms(sliding_scale=SlidingScale.default())
    if name == "state_subsidy":
        return Reforms(state_subsidy=StateSubsidy.default())
    if name == "oop_cap":
        return Reforms(oop_cap=params.oop_cap() if oop_cap is None else oop_cap)
    if name == "price_cap":
        return Reforms(price_cap=params.price_cap() if price_cap is None else price_cap)
    if name == "manufacturer_cap":
        cap = params.manufacturer_annual_max() if annual_max is None else annual_max
        return Reforms(manufacturer_annual_max=cap)
    flags: dict[str, Any] = {name: True}
    return Reforms(**flags)


def levers(names: Iterable[str], **lever_params: float | None) -> Reforms:
    """Several named levers pulled together."""
    combined = Reforms()
    for name in names:
        combined = combined.combine(lever(name, **lever_params))
    return combined


def lever_defaults() -> dict[str, float]:
    """Default parameters of the levers that take one (for the page's inputs)."""
    return {
        "price_cap": params.price_cap(),
        "manufacturer_annual_max": params.manufacturer_annual_max(),
        "oop_cap": params.oop_cap(),
    }


def active_levers(reforms: Reforms) -> list[str]:
    """Names of the levers `reforms` pulls, in LEVER_NAMES order."""
    names = []
    for name in LEVER_NAMES:
        if name == "manufacturer_cap":
            if reforms.manufacturer_annual_max is not None:
                names.append(name)
        elif getattr(reforms, name) not in (None, False):
            names.append(name)
    return names


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
            elif key == "oop_cap":
                combined = combined.combine(lever("oop_cap", oop_cap=float(val)))
            elif val:
                combined = combined.combine(lever(key))
        out[name] = combined
    return out
