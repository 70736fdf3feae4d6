"""Per-session terms of a clinic: what each payer pays, what a session costs, how long it takes.

The model, per delivered session (every number the manager sets is in `ClinicSection`):
- a self-paid session (self-pay and out-of-network clients alike: the latter pay the clinic and
  are reimbursed by their plan later) brings the blended self-pay price (single sessions and prepaid packages,
  by package uptake) less the sliding-scale discount, averaged over the tiers' client shares
  (`Terms.sliding_factor`; the uptake assumption is spelled out in pricing/clinic/__init__.py);
- a session billed to an insurer brings its allowed amount less the claim denial rate (a denied
  claim is written off). A payer that does not cover a treatment (insurance.yaml coverage rules,
  unless the offering names an allowed amount for it) leaves its clients paying cash;
- the direct cost is drug + supplies + other + staff minutes at hourly rates.
Every figure is linear in the self-pay prices, so `per_session` takes a (prices x offerings)
matrix and the price sweep is one numpy expression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pricing import defaults
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection, Offering

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# How clients pay, in the payer mix's order. Out-of-network clients pay the clinic cash, as
# self-pay clients do (their plan reimburses them on a superbill, rule 4): for the clinic they are
# cash clients; for the client the net cost is lower (pricing.clinic.superbill).
PAYERS = ("self_pay", "out_of_network", "commercial", "medicare", "medicaid")
CASH_PAYERS = ("self_pay", "out_of_network")
INSURERS = ("commercial", "medicare", "medicaid")  # billed by the clinic
# The `payer` column of the CLI's by_treatment_and_payer table prints these words.
PAYER_LABELS = {
    "self_pay": "Self-pay",
    "out_of_network": "Out of network (superbill)",
    "commercial": "Commercial",
    "medicare": "Medicare",
    "medicaid": "Medicaid",
}
ROLES = clinic_defaults.ROLES
MINUTES_PER_HOUR = 60


def default_allowed(offering: Offering, payer: str) -> float | None:
    """What `payer` pays per session of this offering, or None when it does not cover it."""
    given = getattr(offering.allowed, payer)
    if given is not None:
        return float(given)
    rule = defaults.coverage(offering.modality, payer)["treatment"]
    if rule != "in_network":
        return None
    if offering.modality == "spravato":
        # Buy and bill: Medicare pays the bundled G2082/G2083 (drug + visit) by dose mix; a
        # commercial plan pays its allowed amounts for the drug (J0013) and the visit, defaulting
        # together to its ratio of the bundle. Visit only: the visit's rate (99215 + prolonged
        # clinical-staff service), commercial and Medicaid at their ratios to Medicare.
        medicare = (
            clinic_defaults.spravato_visit_medicare_rate()
            if offering.route == "visit_only"
            else clinic_defaults.spravato_medicare_rate()
        )
        if payer == "medicare":
            return medicare
        key = "commercial_to_medicare" if payer == "commercial" else "medicaid_to_medicare"
        return medicare * clinic_defaults.payer_ratio(key)
    return float(offering.price * clinic_defaults.allowed_share())


def allowed_start(modality: str, route: str = "buy_and_bill") -> dict[str, float | None]:
    """Default allowed amount per insurer for a treatment (None: that insurer does not cover it)."""
    fields = {"modality": modality, "share": 1}
    probe = Offering.model_validate(
        fields if modality != "spravato" else {**fields, "route": route}
    )
    return {payer: default_allowed(probe, payer) for payer in INSURERS}


@dataclass(frozen=True)
class Terms:
    """Per-offering arrays (n offerings) and per-(offering, payer) arrays (n x len(PAYERS)))."""

    share: FloatArray
    list_price: FloatArray
    self_pay_price: FloatArray  # blended single-session and package price, before the scale
    direct_cost: FloatArray
    room_minutes: FloatArray
    course_sessions: FloatArray
    covered: BoolArray  # (n, payers): the payer pays the clinic for this treatment
    insurer_rate: FloatArray  # (n, payers): allowed amount after denials (0 where not covered)
    payer_share: FloatArray  # (payers,)
    sliding_factor: float  # average share of the self-pay price kept after the sliding scale

    @property
    def self_pay_weight(self) -> FloatArray:
        """Share of each offering's sessions paid in cash (self-pay, out-of-network and uncovered
        clients)."""
        return np.asarray((~self.covered * self.payer_share).sum(axis=1), dtype=np.float64)

    @property
    def insured_revenue(self) -> FloatArray:
        """Expected insurer revenue per session of each offering (covered payers only)."""
        return np.asarray((self.insurer_rate * self.payer_share).sum(axis=1), dtype=np.float64)

    def revenue_by_payer(self) -> FloatArray:
        """(n, payers): what a session brings from each payer: the insurer's rate after denials where
        it covers the treatment, else the self-pay price after the sliding scale."""
        cash = (self.self_pay_price * self.sliding_factor)[:, np.newaxis]
        return np.asarray(np.where(self.covered, self.insurer_rate, cash), dtype=np.float64)

    def revenue_by_offering(self) -> FloatArray:
        """(n,): revenue per session of each offering, averaged over the payer mix."""
        cash = self.self_pay_weight * self.self_pay_price * self.sliding_factor
        return np.asarray(cash + self.insured_revenue, dtype=np.float64)


def hourly_rates(section: ClinicSection) -> dict[str, float]:
    """Staff cost per hour by role: the section's rates over the defaults (clinic.yaml)."""
    rates = clinic_defaults.hourly_rates()
    for role, rate in section.hourly_rates.items():
        rates[str(role)] = rate
    return rates


def direct_cost(offering: Offering, rates: dict[str, float]) -> float:
    """Drug + supplies + other + staff minutes at hourly rates, for one delivered session."""
    cost = offering.direct_cost
    staff = sum(
        minutes / MINUTES_PER_HOUR * rates[role] for role, minutes in cost.staff_minutes.items()
    )
    return cost.drug + cost.supplies + cost.other + staff


def blended_self_pay_price(offering: Offering) -> float:
    """Average cash revenue per session before the sliding scale: singles and packages."""
    package = offering.package
    if package is None:
        return offering.price
    per_session = package.price / package.sessions
    return (1 - package.uptake) * offering.price + package.uptake * per_session


def sliding_factor(section: ClinicSection) -> float:
    """Share of the self-pay price kept on average: 1 - sum over tiers of share x discount.

    Every self-paying client whose household falls in a tier takes its discount; `share` is how
    many of the clinic's self-paying clients fall in the tier.
    """
    return 1 - sum(t.share * t.discount for t in section.sliding_scale)


def terms(section: ClinicSection) -> Terms:
    """The section's offerings and payers as arrays."""
    rates = hourly_rates(section)
    offers = section.offerings
    covered = np.zeros((len(offers), len(PAYERS)), dtype=bool)
    insurer_rate = np.zeros((len(offers), len(PAYERS)))
    for i, offering in enumerate(offers):
        for payer in INSURERS:
            j = PAYERS.index(payer)
            allowed = default_allowed(offering, payer)
            if allowed is not None:
                covered[i, j] = True
                insurer_rate[i, j] = allowed * (1 - section.claim_denial_rate)
    mix = section.payer_mix
    return Terms(
        share=np.array([o.share for o in offers]),
        list_price=np.array([o.price for o in offers]),
        self_pay_price=np.array([blended_self_pay_price(o) for o in offers]),
        direct_cost=np.array([direct_cost(o, rates) for o in offers]),
        room_minutes=np.array([o.session_minutes for o in offers]),
        course_sessions=np.array([float(o.course_sessions) for o in offers]),
        covered=covered,
        insurer_rate=insurer_rate,
        payer_share=np.array([getattr(mix, p) for p in PAYERS]),
        sliding_factor=sliding_factor(section),
    )


def per_session(t: Terms, self_pay_price: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Revenue and margin per delivered session for rows of self-pay prices, (P, n) -> (P,)."""
    cash = (self_pay_price * (t.share * t.self_pay_weight * t.sliding_factor)).sum(axis=-1)
    revenue = cash + float((t.share * t.insured_revenue).sum())
    margin = revenue - float((t.share * t.direct_cost).sum())
    return np.asarray(revenue, dtype=np.float64), np.asarray(margin, dtype=np.float64)


def safe_div(num: FloatArray | float, den: FloatArray | float) -> FloatArray:
    """num / den, with inf where den <= 0 (no volume breaks even at a non-positive margin)."""
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num_a, den_a).shape, np.inf)
    np.divide(num_a, den_a, out=out, where=den_a > 0)
    return out


SuperbillTerms = tuple[float, float, float, float]


def superbill_of(section: ClinicSection) -> SuperbillTerms | None:
    """The out-of-network terms (deductible, coinsurance, allowed_share, oop_max; no cap: inf) on
    which the clinic's superbill is reimbursed, or None when no client is out of network (the
    clinic then hands out no superbills, and reach counts nobody as reimbursed)."""
    if section.payer_mix.out_of_network <= 0:
        return None
    oon = section.out_of_network_terms
    cap = float("inf") if oon.oop_max is None else float(oon.oop_max)
    return (float(oon.deductible), float(oon.coinsurance), float(oon.allowed_share), cap)
