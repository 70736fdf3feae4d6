"""Out-of-pocket cost over the population: one course's claims settled through the ledger.

The course is a named course of pricing.course (`course.named`: "first_year", "induction" or
"typical"), built once per treatment as shared (1, K) claims through the scenario loader and the
schedule. Households are the ledger's batch dimension: each chunk of households gets its plan
terms as (B,) arrays and goes through pricing.ledger.settle, the one cost-sharing code path, in
chunks that bound memory. Nothing here loops over households in Python.

Spravato is billed as the personal estimate bills it (docs/method.md rules 8-11), taken from the
same scenario defaults:
- two bills per session, the drug then the visit, at the defaults' midpoint prices, for every
  household not on Medicare; the manufacturer programme helps the drug claim only, and the
  observation rebate the visit claim, for the insurance kinds the defaults name (commercial);
- one bundled Part B claim (the G-code price, drug included) for households on Medicare, whose
  drug claim is then priced at zero and whose programme (only under the lever that opens it to
  Medicare) helps the bundled claim (pricing.equity.medicare says why Part D does not enter);
- Medicaid: the nominal copay per claim under the quarterly 5%-of-income cap, and Spravato
  covered by the national share of Medicaid programmes that cover it (the population has no
  states), the one figure `covering_share` reads.
A "price per session" (the price sweep, the price-cap lever) is the whole session: for two bills
the drug and the visit are scaled together so that they add up to it.

Before and after this billing (issue 10 item 9; seed 20261121, 20,000 households, first-year
course, priced out = out-of-pocket above 10% of income), share priced out of Spravato:
    households     before   after   after without the observation rebate
    commercial       7.5%    2.3%     8.3%
    Medicare        55.9%   42.1%    42.1%
("before": one bundled claim a session with the programme on all of it, every Medicare household
on Original Medicare alone, Medicaid's 5% as a yearly cap; test_costs.py pins "after".)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

import pricing.equity.secondary as secondary
from pricing import course as courses
from pricing import defaults
from pricing.course import COMPONENT_ORDER
from pricing.defaults import population as params
from pricing.defaults import spravato as spravato_defaults
from pricing.equity.coverage import coverage_rules
from pricing.equity.groups import by_kind
from pricing.equity.medicare import COVER_CODE
from pricing.equity.population import (
    KIND_CODE,
    KINDS,
    TREATMENTS,
    BoolArray,
    FloatArray,
    IntArray,
    Population,
    oon_terms,
)
from pricing.equity.reforms import (
    MEDICAID_IV_TREATMENT,
    MEDICAID_LEVER_TREATMENT,
    Reforms,
    SlidingScale,
)
from pricing.equity.uncertainty import CENTRAL, ParameterDraw
from pricing.estimate import component_prices
from pricing.ledger import (
    DRUG,
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
ADVANTAGE = COVER_CODE["advantage"]
# Households settled per ledger call: keeps temporaries small (and cache-friendly) at 10^6.
CHUNK_HOUSEHOLDS = 1 << 13
# The ledger totals a household's Costs are made of (the ledger skips the others' work).
POPULATION_TOTALS = ("patient", "insurer", "assistance", "billed")


@dataclass(frozen=True)
class CourseClaims:
    claims: Claims  # shared (1, K), prices zero
    prices: tuple[float, ...]  # midpoint price per component, in pricing.course.COMPONENTS order
    sessions: int  # treatment sessions in the course
    # Medicare's bill when it differs (Spravato: one bundled G-code claim a session, no drug
    # claims), with its prices (the drug's 0: never used).
    bundled_claims: Claims | None = None
    bundled_prices: tuple[float, ...] | None = None
    # Each component's price range, (low, high) in COMPONENTS order, and the defaults' path of
    # the range (for parameter draws: pricing.equity.uncertainty), for each bill.
    ranges: tuple[tuple[float, float], ...] = ()
    range_keys: tuple[str, ...] = ()
    bundled_ranges: tuple[tuple[float, float], ...] = ()
    bundled_range_keys: tuple[str, ...] = ()

    def prices_at(self, draw: ParameterDraw, bundled: bool = False) -> tuple[float, ...]:
        """Price per component as `draw` has it: the midpoints centrally, else each range at
        its drawn position."""
        mids = self.bundled_prices if bundled else self.prices
        assert mids is not None
        if draw.central:
            return mids
        ranges = self.bundled_ranges if bundled else self.ranges
        keys = self.bundled_range_keys if bundled else self.range_keys
        return tuple(
            draw.in_range(key, low, high) if key else mid
            for (low, high), key, mid in zip(ranges, keys, mids, strict=True)
        )


def course_phases(modality: str, course_name: str) -> list[dict[str, Any]]:
    """The named course the equity tool prices (pricing.course.named)."""
    if course_name not in COURSES:
        raise ScenarioError("equity.course", f"'{course_name}' is not one of {', '.join(COURSES)}")
    return courses.named(modality, course_name)


def _midpoints(raw: dict[str, Any]) -> tuple[float, ...]:
    """Midpoint price per component of the scenario the defaults fill from `raw`."""
    return tuple(r.mid for r in component_prices(from_dict(raw)))


def _ranges(raw: dict[str, Any]) -> tuple[tuple[float, float], ...]:
    return tuple((r.low, r.high) for r in component_prices(from_dict(raw)))


def _range_keys(modality: str, split: bool) -> tuple[str, ...]:
    """Where each component's price range sits in the defaults files (intake, drug, treatment,
    therapy); a split Spravato bill takes its drug and visit from spravato_billing.yaml."""
    base = f"modalities.modalities.{modality}"
    billing = "spravato_billing.spravato_billing"
    return (
        f"{base}.intake_price",
        f"{billing}.drug_price" if split else "",
        f"{billing}.visit_price" if split else f"{base}.treatment_price",
        f"{base}.therapy_price",
    )


@cache
def course_claims(modality: str, course: str) -> CourseClaims:
    """Claims of the named course for `modality`, built once through the scenario and schedule:
    the prices a file naming only the treatment (and, for Medicare, the kind) would get."""
    phases = course_phases(modality, course)
    raw: dict[str, Any] = {"version": 1, "modality": modality, "treatment": {"phases": phases}}
    scenario = from_dict(raw)
    course_visits, claims = claims_for(scenario)
    prices = _midpoints(raw)
    sessions = sum(v.component == "treatment" for v in course_visits)
    split = scenario.treatment.drug is not None
    if not split:
        return CourseClaims(
            claims=claims,
            prices=prices,
            sessions=sessions,
            ranges=_ranges(raw),
            range_keys=_range_keys(modality, split=False),
        )
    # Rule 8: Medicare's default is the bundled claim (the scenario for kind medicare says so).
    medicare_raw = {**raw, "insurance": {"kind": "medicare"}}
    _, bundled_claims = claims_for(from_dict(medicare_raw))
    medicare = _midpoints(medicare_raw)
    medicare_ranges = _ranges(medicare_raw)
    return CourseClaims(
        claims=claims,
        prices=prices,
        sessions=sessions,
        bundled_claims=bundled_claims,
        bundled_prices=(medicare[0], 0.0, *medicare[2:]),
        ranges=_ranges(raw),
        range_keys=_range_keys(modality, split=True),
        bundled_ranges=(medicare_ranges[0], (0.0, 0.0), *medicare_ranges[2:]),
        bundled_range_keys=_range_keys(modality, split=False),
    )


def bundled_rows(population: Population) -> BoolArray:
    """Households whose Spravato bill is Medicare's bundled claim (rule 8)."""
    return np.asarray(population.kind == KIND_CODE["medicare"])


def household_terms(
    population: Population,
    modality: str,
    reforms: Reforms | None = None,
    sliding_scale: SlidingScale | None = None,
    draw: ParameterDraw = CENTRAL,
) -> PlanTerms:
    """Each household's plan terms for `modality` as (B,) arrays and (B, 4) coverage."""
    reforms = Reforms() if reforms is None else reforms
    pop = population
    codes, share, approve = coverage_rules(modality, reforms, draw)
    coverage = codes[pop.kind]  # fancy indexing copies: safe to edit
    plan_covers = pop.coverage_draw < share[pop.kind]
    # Rule 13: a refused request leaves the treatment and its drug not covered. Original
    # Medicare (Part B) has no prior authorisation for these; Medicare Advantage plans ask.
    asks = (pop.kind != KIND_CODE["medicare"]) | (pop.medicare_cover == ADVANTAGE)
    refused = asks & (pop.approval_draw >= approve[pop.kind])
    blocked = ~plan_covers | refused
    coverage[blocked, TREATMENT] = NOT_COVERED
    coverage[blocked, DRUG] = NOT_COVERED  # the drug claim has the treatment's coverage

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
    if reforms.superbill is not None:
        # A clinic's superbill: a treatment the plan does not cover in network is reimbursed out
        # of network (rule 4) for households whose commercial plan has an out-of-network benefit
        # (one that allows something), on the clinic's stated terms.
        benefit = (pop.kind == KIND_CODE["commercial"]) & (oon_allowed > 0)
        for part in (TREATMENT, DRUG):
            column = coverage[:, part]
            coverage[:, part] = np.where(benefit & (column == NOT_COVERED), OUT_OF_NETWORK, column)
        d, c, a, m = reforms.superbill
        oon_deductible = np.where(benefit, d, oon_deductible)
        oon_coins = np.where(benefit, c, oon_coins)
        oon_allowed = np.where(benefit, a, oon_allowed)
        oon_oop_max = np.where(benefit, m, oon_oop_max)

    # Manufacturer help: the defaults' programme for this treatment and its eligible kinds (the
    # rule pricing.ledger.programme_applies applies to one scenario), widened by the levers. It
    # helps the drug claim of two bills and the bundled claim of one (rule 9).
    assistance_floor: FloatArray | float = 0.0
    assistance_max: FloatArray | float = 0.0
    programme_component: IntArray | int = TREATMENT
    rebate_max: FloatArray | float = 0.0
    rebate_floor = 0.0
    programme = defaults.manufacturer_programme(modality)
    if programme is not None:
        eligible_kinds = list(defaults.programme_eligible_kinds(modality))
        if reforms.manufacturer_all_kinds:
            eligible_kinds = [k for k in KINDS if k != "none"]
        eligible = np.isin(pop.kind, [KIND_CODE[k] for k in eligible_kinds])
        cap = (
            float(defaults.value(programme["annual_max"]))
            if reforms.manufacturer_annual_max is None
            else reforms.manufacturer_annual_max
        )
        if reforms.manufacturer_annual_max is None:
            cap = draw.value("assistance.manufacturer_programmes.spravato_withme.annual_max", cap)
        assistance_max = np.where(eligible, cap, 0.0)
        assistance_floor = float(defaults.value(programme["patient_pays_per_session"]))
    if course_split(modality):
        split = ~bundled_rows(pop)
        # Scalars where the rows agree (settle_population's chunks are one kind each): the
        # ledger then skips what nobody in the chunk has.
        if split.all() or not split.any():
            programme_component = DRUG if split.all() else TREATMENT
        else:
            programme_component = np.where(split, DRUG, TREATMENT)
        # Rule 9's observation rebate (pricing.ledger.rebate_applies): the kinds its terms name,
        # on a split bill, not in the states it excludes (a state's population knows its state).
        rebate = spravato_defaults.observation_rebate()
        helped = split & np.isin(pop.kind, [KIND_CODE[k] for k in rebate["eligible_kinds"]])
        if pop.mix.state in rebate["excluded_states"]:
            helped = np.zeros_like(helped)
        yearly = reforms.rebate_annual_max
        if yearly is None:
            yearly = draw.in_range(
                "spravato_billing.spravato_billing.observation_rebate.annual_max",
                rebate["annual_max"]["low"],
                rebate["annual_max"]["high"],
            )
        rebate_max = np.where(helped, yearly, 0.0) if helped.any() else 0.0
        rebate_floor = rebate["patient_pays_per_session"]

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
        programme_component=programme_component,
        counts_toward_deductible=counts,
        rebate_floor=rebate_floor,
        rebate_max=rebate_max,
        supplement=pop.supplement,
        visit_copay=pop.visit_copay,
        quarter_cap=pop.quarter_cap,
    )


@cache
def course_split(modality: str) -> bool:
    """Whether the defaults bill the treatment's sessions as two claims (Spravato, rule 8)."""
    return from_dict({"version": 1, "modality": modality}).treatment.drug is not None


@dataclass
class Costs:
    """Per-household totals of one course: (B,) arrays, in the ledger's vocabulary.

    `insurer` is every plan's payment (Medicare's own part of it in `medicare`, 0 for other
    kinds; under an out-of-pocket cap the plan's extra payment is in both `insurer` and
    `cap_paid`); `state_paid` is a state subsidy's; `billed` is what the clinic billed."""

    patient: FloatArray
    insurer: FloatArray
    assistance: FloatArray
    billed: FloatArray
    medicare: FloatArray
    cap_paid: FloatArray
    state_paid: FloatArray

    @classmethod
    def empty(cls, n: int) -> Costs:
        return cls(*(np.zeros(n) for _ in dataclasses.fields(cls)))

    def copy(self) -> Costs:
        return Costs(*(getattr(self, f.name).copy() for f in dataclasses.fields(self)))


def plan_levers(reforms: Reforms, modality: str | None = None) -> Reforms:
    """The levers that change how the plans settle a claim of `modality` (all but the two that
    act on what is left to the patient afterwards, and those about another treatment): reforms
    with the same plan levers settle alike, so the runner settles them once."""
    kept = dataclasses.replace(reforms, oop_cap=None, state_subsidy=None)
    if modality is None:
        return kept
    parity = kept.coverage_parity and modality in params.parity_treatments()
    source = params.parity_covered_like() if parity else modality
    changes: dict[str, Any] = {}
    if not parity:
        changes["coverage_parity"] = False
    if source != MEDICAID_LEVER_TREATMENT:
        changes["medicaid_covers_spravato"] = False
    if not (modality == MEDICAID_IV_TREATMENT and source == modality):
        changes["medicaid_covers_iv"] = False
    if not defaults.programme_exists(modality):
        changes.update(
            manufacturer_all_kinds=False, manufacturer_annual_max=None, ban_accumulators=False
        )
    if not course_split(modality):
        changes["rebate_annual_max"] = None
    return dataclasses.replace(kept, **changes)


def settle_population(
    population: Population,
    modality: str,
    course: str = "first_year",
    price_per_session: float | FloatArray | None = None,
    sliding_scale: SlidingScale | None = None,
    reforms: Reforms | None = None,
    extras_price: Mapping[str, float] | None = None,
    draw: ParameterDraw = CENTRAL,
) -> Costs:
    """Patient, insurer and assistance totals per household for one course (ledger.settle).

    Prices are the modality's midpoints (or, under a parameter draw, points of their ranges);
    `price_per_session` (one price, or one per household: the clinic's reach) replaces a
    session's price and `extras_price` ({"intake": x, "therapy": y}) the others. Medicare
    households on Traditional Medicare are also settled as Medicare alone, to know Medicare's own
    payment, and employer retiree cover pays after Medicare (pricing.equity.secondary).
    """
    if modality not in TREATMENTS:
        raise ScenarioError(
            "equity.treatments", f"'{modality}' is not one of {', '.join(TREATMENTS)}"
        )
    reforms = Reforms() if reforms is None else reforms
    built = course_claims(modality, course)
    if price_per_session is not None and (
        not np.all(np.isfinite(price_per_session)) or np.any(np.asarray(price_per_session) < 0)
    ):
        raise ScenarioError("price_per_session", "must be a finite number of USD, not below 0")
    extras = dict(extras_price or {})
    given: dict[str, float] = {
        name: float(extras.pop(name)) for name in ("intake", "therapy") if name in extras
    }
    if extras:
        raise ScenarioError(f"extras_price.{next(iter(extras))}", "only intake and therapy")
    # Households are settled a kind at a time: each chunk then has one bill (Medicare's bundled
    # Spravato claim or the two bills) and the ledger skips the rules nobody in it has.
    bills = {False: (built.claims, built.prices_at(draw))}
    if built.bundled_claims is not None and built.bundled_prices is not None:
        bills[True] = (built.bundled_claims, built.prices_at(draw, bundled=True))
    n = population.n
    out = Costs.empty(n)
    per_row = isinstance(price_per_session, np.ndarray) and price_per_session.ndim > 0
    for code, rows, households in by_kind(population):
        bundled = code == KIND_CODE["medicare"] and True in bills
        claims, prices = bills[bundled]
        wanted = np.asarray(price_per_session)[rows] if per_row else price_per_session
        cap = None if bundled else reforms.price_cap  # Medicare's fee is not the clinic's price
        price = _route_prices(prices, wanted, cap, given)  # (4, R) or (4,)
        if not per_row:
            claims = dataclasses.replace(claims, price=price[claims.component[0]][None, :])
        for start in range(0, rows.shape[0], CHUNK_HOUSEHOLDS):
            at = slice(start, start + CHUNK_HOUSEHOLDS)
            part = rows[at]
            chunk = households.rows(at)  # views
            terms = household_terms(chunk, modality, reforms, sliding_scale, draw)
            if per_row:  # one price per component per household (Claims.component_price)
                own = price[:, start : start + CHUNK_HOUSEHOLDS].T
                claims = dataclasses.replace(claims, component_price=np.ascontiguousarray(own))
            totals = settle(
                claims, terms, batch=chunk.n, totals_of=POPULATION_TOTALS, by_component=False
            ).totals
            out.patient[part] = totals["patient"]
            out.insurer[part] = totals["insurer"]
            out.assistance[part] = totals["assistance"]
            out.billed[part] = totals["billed"]
            if code == KIND_CODE["medicare"]:
                secondary.settle_medicare(chunk, claims, terms, part, out)
    after_the_plan(population, reforms, out)
    return out


def after_the_plan(population: Population, reforms: Reforms, out: Costs) -> None:
    """The levers that act on what is left to the patient once the plans have paid: the
    out-of-pocket cap (the household's plan pays the excess; uninsured households have no plan)
    and then the state subsidy (the state pays above a share of income, below a poverty limit)."""
    if reforms.oop_cap is not None:
        insured = population.kind != KIND_CODE["none"]
        excess = np.where(insured, np.maximum(out.patient - reforms.oop_cap, 0.0), 0.0)
        out.patient -= excess
        out.insurer += excess
        out.cap_paid += excess
        on_medicare = population.kind == KIND_CODE["medicare"]
        out.medicare += np.where(on_medicare, excess, 0.0)
    if reforms.state_subsidy is not None:
        paid = reforms.state_subsidy.pays(
            out.patient, population.income, population.poverty_percent
        )
        out.patient -= paid
        out.state_paid += paid


def _route_prices(
    prices: tuple[float, ...],
    per_session: float | FloatArray | None,
    cap: float | None,
    extras: Mapping[str, float],
) -> FloatArray:
    """One route's price per component, (4,) or (4, R) for one price per household: a
    session's price (drug + treatment) set to `per_session`, the two bills scaled together;
    the clinic's own part of a session (the treatment claim: the whole session for one bill,
    the visit for two) capped at `cap` (the drug, priced by its maker, is not capped); intake
    and therapy as given in `extras`."""
    intake, drug, treatment, therapy = prices
    session = drug + treatment
    wanted = np.asarray(session if per_session is None else per_session, dtype=np.float64)
    if session > 0:
        drug_price, visit_price = drug * wanted / session, treatment * wanted / session
    else:
        drug_price, visit_price = np.zeros_like(wanted), wanted
    if cap is not None:
        visit_price = np.minimum(visit_price, cap)
    intake_price = np.full_like(wanted, extras.get("intake", intake))
    therapy_price = np.full_like(wanted, extras.get("therapy", therapy))
    return np.stack([intake_price, drug_price, visit_price, therapy_price])


def out_of_pocket(
    population: Population,
    modality: str,
    course: str = "first_year",
    price_per_session: float | FloatArray | None = None,
    sliding_scale: SlidingScale | None = None,
    reforms: Reforms | None = None,
    extras_price: Mapping[str, float] | None = None,
    draw: ParameterDraw = CENTRAL,
) -> FloatArray:
    """What each household pays out of pocket for one course of `modality`."""
    return settle_population(
        population, modality, course, price_per_session, sliding_scale, reforms, extras_price, draw
    ).patient
