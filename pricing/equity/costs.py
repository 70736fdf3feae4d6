"""Out-of-pocket cost over the population: one course's claims settled through the ledger.

The course is a named course of pricing.course (`course.named`: "first_year" or "induction"),
built once per treatment as shared (1, K) claims through the scenario loader and the schedule.
Households are the ledger's batch dimension: each chunk of households gets its plan terms as
(B,) arrays and goes through pricing.ledger.settle, the one cost-sharing code path, in chunks
that bound memory. Nothing here loops over households in Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from pricing import course as courses
from pricing import defaults
from pricing.course import COMPONENT_ORDER, COMPONENTS
from pricing.defaults import population as params
from pricing.equity.population import (
    KIND_CODE,
    KINDS,
    TREATMENTS,
    FloatArray,
    IntArray,
    Population,
    oon_terms,
)
from pricing.equity.reforms import MEDICAID_LEVER_TREATMENT, Reforms, SlidingScale
from pricing.estimate import component_prices
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
from pricing.scenario import ScenarioError, from_dict

COURSES = courses.NAMED_COURSES
THERAPY = COMPONENT_ORDER["therapy"]
# Households settled per ledger call: keeps temporaries small (and cache-friendly) at 10^6.
CHUNK_HOUSEHOLDS = 1 << 13


@dataclass(frozen=True)
class CourseClaims:
    claims: Claims  # shared (1, K), prices zero
    prices: tuple[float, ...]  # midpoint price per component, in pricing.course.COMPONENTS order
    sessions: int  # treatment sessions in the course


def course_phases(modality: str, course_name: str) -> list[dict[str, Any]]:
    """The named course the equity tool prices (pricing.course.named)."""
    if course_name not in COURSES:
        raise ScenarioError("equity.course", f"'{course_name}' is not one of {', '.join(COURSES)}")
    return courses.named(modality, course_name)


@cache
def course_claims(modality: str, course: str) -> CourseClaims:
    """Claims of the named course for `modality`, built once through the scenario and schedule."""
    phases = course_phases(modality, course)
    # One bundled claim per session (the first edition's meaning) until the population model
    # bills Spravato's drug apart.
    price = defaults.value(defaults.modality(modality)["treatment_price"])
    scenario = from_dict(
        {"version": 1, "modality": modality, "treatment": {"phases": phases, "price": price}}
    )
    course_visits, claims = claims_for(scenario)
    prices = tuple(r.mid for r in component_prices(scenario))
    sessions = sum(v.component == "treatment" for v in course_visits)
    return CourseClaims(claims=claims, prices=prices, sessions=sessions)


def _coverage_rules(modality: str, reforms: Reforms) -> tuple[IntArray, FloatArray]:
    """(4, 3) coverage codes by kind and component, and (4,) share of plans covering, by kind."""
    source = modality
    if reforms.coverage_parity and modality in params.parity_treatments():
        source = params.parity_covered_like()
    codes = np.zeros((len(KINDS), len(COMPONENTS)), dtype=np.int64)
    share = np.ones(len(KINDS))
    for code, kind in enumerate(KINDS):
        rule_modality = source if kind != "none" else modality
        rule = defaults.coverage(rule_modality, kind)
        codes[code] = [COVERAGE_CODES[rule["treatment" if c == "drug" else c]] for c in COMPONENTS]
        share[code] = defaults.plans_covering_share(rule_modality, kind)
    if reforms.medicaid_covers_spravato and source == MEDICAID_LEVER_TREATMENT:
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
        d, c, a, m = oon_terms(True)
        oon_deductible = np.where(commercial, d, oon_deductible)
        oon_coins = np.where(commercial, c, oon_coins)
        oon_allowed = np.where(commercial, a, oon_allowed)
        oon_oop_max = np.where(commercial, m, oon_oop_max)

    # Manufacturer help: the defaults' programme for this treatment and its eligible kinds (the
    # rule pricing.ledger.programme_applies applies to one scenario), widened by the levers.
    assistance_floor: FloatArray | float = 0.0
    assistance_max: FloatArray | float = 0.0
    programme = defaults.manufacturer_programme(modality)
    if programme is not None:
        eligible_kinds = list(programme["eligible_kinds"])
        if reforms.manufacturer_all_kinds:
            eligible_kinds = [k for k in KINDS if k != "none"]
        eligible = np.isin(pop.kind, [KIND_CODE[k] for k in eligible_kinds])
        cap = (
            float(defaults.value(programme["annual_max"]))
            if reforms.manufacturer_annual_max is None
            else reforms.manufacturer_annual_max
        )
        assistance_max = np.where(eligible, cap, 0.0)
        assistance_floor = float(defaults.value(programme["patient_pays_per_session"]))

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
        programme_floor=assistance_floor,
        programme_max=assistance_max,
        counts_toward_deductible=counts,
    )


@dataclass
class Costs:
    """Per-household totals of one course: (B,) arrays, in the ledger's vocabulary."""

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
    """Patient, insurer and assistance totals per household for one course (ledger.settle).

    Prices are the modality's midpoints; `price_per_session` replaces the treatment price and
    `extras_price` ({"intake": x, "therapy": y}) the others.
    """
    if modality not in TREATMENTS:
        raise ScenarioError(
            "equity.treatments", f"'{modality}' is not one of {', '.join(TREATMENTS)}"
        )
    reforms = Reforms() if reforms is None else reforms
    built = course_claims(modality, course)
    intake, drug, treatment, therapy = built.prices
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
    component_price = np.array([intake, drug, treatment, therapy])
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
