"""Parameter draws: every figure the defaults mark `uncertain: true` that the equity model reads,
drawn K times for `uncertainty: K` (issue 15 item 4).

A ParameterDraw is tiny and picklable (the run's seed, the draw's index and the spread), so it
travels with each chunk of work to any worker. It computes each figure's draw on demand from its
own stream, `SeedSequence(seed, spawn_key=(PARAMETER_STREAM, index, crc32(key)))`, so a figure's
draw depends only on the seed, the draw's index and the figure's key (its path in the defaults
files), never on which other figures were read first or on which worker asked.

Draw 0 is the central run: every figure at its value and every price at its range's midpoint.
Draws 1..K: a figure with a published {low, high} range at a uniform point within it (its
`position`, 0..1); any other uncertain figure at its value times a factor drawn uniformly within
plus or minus `uncertainty_spread` (population.yaml), shares kept within 0..1.

Which uncertain figures are drawn and which are not (and why) is the table `NOT_DRAWN` below and
the keys the model asks for; tests/pricing/equity/test_uncertainty.py walks every defaults file and
fails on an uncertain figure that is in neither.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from pricing import defaults
from pricing.defaults import population as params

# The run's SeedSequence spawns two streams: parameters (this module) and populations (runner).
PARAMETER_STREAM = 0
# The key a state's insurance mix is drawn under (its columns: DRAWN_THROUGH below).
STATE_INSURANCE = "states.insurance_mix"

# Uncertain figures the equity model does not draw, by path prefix in the defaults files, and why.
NOT_DRAWN: dict[str, str] = {
    "courses.": "the course is a named sensitivity (`course:`), not a draw",
    "insurance.plans.aca_marketplace": "the population's commercial plans are employer plans",
    "insurance.plans.employer_plan.terms.oop_max": "a dated legal maximum; plans draw theirs from the published distribution",
    "insurance.plans.medicare_advantage.terms.oop_max": "Medicare Advantage maximums are drawn from the published distribution",
    "insurance.plan_common.allowed_share": "the population's in-network allowed amount is the billed price",
    "insurance.coverage_rules": "a coverage category, not a number (refusals are drawn through the approval chance)",
    "medicaid.medicaid.spravato_by_state": "Medicaid covers Spravato in every state; refusals come from the approval chance",
    "medicare.medicare.part_d": "Part D settles no claim in the population (pricing/equity/medicare.py says why)",
    "modalities.modalities.spravato.drug_list_price_2019": "a historical figure the model does not read",
    "poverty.": "the HHS poverty guidelines are published law; marked uncertain only until confirmed",
    "population.population.top_bracket_upper": "changes no result (households this rich are never priced out)",
    "population.population.reforms.": "a reform's setting is a policy choice, not an estimate",
    "spravato_billing.spravato_billing.default_benefit": "the population bills Spravato on the medical benefit",
    "spravato_billing.spravato_billing.pharmacy_coinsurance": "the population bills Spravato on the medical benefit",
    "spravato_billing.spravato_billing.visit_medicare_codes": "the clinic tool's visit-only route; the population does not read it",
    "clinic.": "the clinic tool's figures; the population does not read them",
    "insurance.plans.employer_plan.out_of_network.oop_max": "no cap (null): nothing to draw",
    "population.population.commercial.oop_max_low": "no longer read: out-of-pocket maximums come from plan_distributions.yaml",
    "states.states.income_brackets.top_upper": "changes no result (households this rich are never priced out)",
    "states.states.medicaid_expansion": "yes or no as KFF lists each state, not a number to draw",
    "finance.": "paying over time and the tax deduction (a person's estimate); the population does not read them",
}

# Uncertain figures drawn through another figure they make up: path prefix -> the key drawn.
DRAWN_THROUGH: dict[str, str] = {
    "modalities.modalities.spravato.medicare_g2082": "modalities.modalities.spravato.treatment_price",
    "modalities.modalities.spravato.medicare_g2083": "modalities.modalities.spravato.treatment_price",
    "population.population.commercial.deductible_spread": "plan_distributions.plan_distributions.employer_deductible",
    "states.states.age_65_plus": STATE_INSURANCE,
    "states.states.duals_under_65_2018": STATE_INSURANCE,
    "states.states.insurance_2018": STATE_INSURANCE,
    "states.states.uninsured_2024": STATE_INSURANCE,
    # One factor per draw scales every state's Medicaid federal share (pricing.equity.runner).
    "states.states.medicaid_fmap.expansion_group_share": "states.states.medicaid_fmap",
}


def _unit(seed: int, index: int, key: str) -> float:
    """A uniform [0, 1) number of its own for (seed, draw, key)."""
    stream = np.random.SeedSequence(
        seed, spawn_key=(PARAMETER_STREAM, index, zlib.crc32(key.encode()))
    )
    return float(np.random.default_rng(stream).random())


@dataclass(frozen=True)
class ParameterDraw:
    """One run's uncertain figures: index 0 is the central run (every figure as published)."""

    seed: int = 0
    index: int = 0
    spread: float = 0.0
    # Keys asked for, for the record (not part of equality: two draws of one index are equal).
    _cache: dict[str, float] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def central(self) -> bool:
        return self.index == 0

    def position(self, key: str) -> float:
        """Where in its {low, high} range the figure `key` sits: 0.5 centrally, else uniform."""
        if self.central:
            return 0.5
        return self._draw(f"position:{key}")

    def factor(self, key: str) -> float:
        """The multiplier of the figure `key`: 1 centrally, else uniform in 1 +- spread."""
        if self.central:
            return 1.0
        return 1.0 + self.spread * (2.0 * self._draw(f"factor:{key}") - 1.0)

    def scaled(self, key: str, value: float, share: bool = False) -> float:
        """`value` times its factor; a share is kept within 0..1."""
        out = value * self.factor(key)
        return min(max(out, 0.0), 1.0) if share else out

    def value(self, path: str, value: float, share: bool = False, key: str = "") -> float:
        """The figure at `path` (its place in the defaults files) as drawn: scaled when the
        defaults mark it uncertain, else as published. `key` tells apart figures of one entry
        (a state's row: path#TX); default the path."""
        return self.scaled(key or path, value, share) if is_uncertain(path) else value

    def in_range(self, key: str, low: float, high: float) -> float:
        """A point of the range [low, high] at the figure's position."""
        return low + self.position(key) * (high - low)

    def shares(self, key: str, names: Sequence[str], values: Sequence[float]) -> tuple[float, ...]:
        """Shares of a distribution, each scaled by its own factor, renormalised to their sum."""
        scaled = [v * self.factor(f"{key}#{n}") for n, v in zip(names, values, strict=True)]
        total = sum(scaled)
        before = sum(values)
        return tuple(s * before / total for s in scaled) if total > 0 else tuple(values)

    def _draw(self, key: str) -> float:
        found = self._cache.get(key)
        if found is None:
            found = _unit(self.seed, self.index, key)
            self._cache[key] = found
        return found


CENTRAL = ParameterDraw()


def drawn_plan(
    plan_id: str, draw: ParameterDraw = CENTRAL, on: dt.date | None = None
) -> dict[str, Any]:
    """A plan template's terms (bare values) in force on `on` (default: the default start
    date), its uncertain ones as `draw` has them."""
    plan = defaults.plan_terms(plan_id, on)
    if draw.central:
        return plan
    for term in ("deductible", "coinsurance", "copay"):
        path = f"insurance.plans.{plan_id}.terms.{term}"
        plan[term] = draw.value(path, float(plan[term]), share=term == "coinsurance")
    oon = dict(plan["out_of_network"])
    for term in ("deductible", "coinsurance", "allowed_share"):
        path = f"insurance.plans.{plan_id}.out_of_network.{term}"
        oon[term] = draw.value(path, float(oon[term]), share=term != "deductible")
    plan["out_of_network"] = oon
    return plan


def draws(seed: int, k: int) -> tuple[ParameterDraw, ...]:
    """The central run and `k` parameter draws (k = 0: the central run alone)."""
    spread = params.uncertainty_spread()
    return tuple(ParameterDraw(seed, i, spread) for i in range(k + 1))


@cache
def uncertain_paths() -> frozenset[str]:
    """Paths ("file.key.key") of every entry the defaults files mark `uncertain: true`."""
    return frozenset(f"{e['file']}.{e['figure']}" for e in defaults.entries() if e["uncertain"])


def is_uncertain(path: str) -> bool:
    return path in uncertain_paths()


def not_drawn_reason(path: str) -> str | None:
    """Why the uncertain figure at `path` is not drawn, or None if the model draws it."""
    for prefix, reason in NOT_DRAWN.items():
        if path.startswith(prefix):
            return reason
    return None
