"""The clinic tool's section of a scenario file (computed by pricing/clinic/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from pricing import course, defaults
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario.base import Modality, Money, OutOfNetwork, Share, Strict
from pricing.scenario.errors import ScenarioLevelError

ClinicRole = Literal["rn", "prescriber", "therapist"]
# Spravato only: the clinic buys and bills the drug, or a specialty pharmacy supplies it and the
# clinic bills the visit alone (pricing/clinic/routes.py compares the two).
Route = Literal["buy_and_bill", "visit_only"]
Minutes = Annotated[float, Field(ge=0, le=1440, allow_inf_nan=False)]


def offering_defaults(modality: str, route: str = "buy_and_bill") -> dict[str, Any]:
    """Every field of an offering but its share, for a treatment, from pricing/defaults/.

    The course an offering sells by default is the treatment's induction series (pricing.course).
    A visit-only Spravato session has no drug cost and the visit's cash price.
    """
    session = clinic_defaults.session_inputs(modality)
    price_range = defaults.value(defaults.modality(modality)["treatment_price"])
    price = (price_range["low"] + price_range["high"]) / 2
    drug = clinic_defaults.spravato_drug_cost() if modality == "spravato" else session["drug"]
    if modality == "spravato" and route == "visit_only":
        price, drug = clinic_defaults.spravato_visit_price(), 0
    return {
        "price": price,
        "direct_cost": {
            "drug": drug,
            "supplies": session["supplies"],
            "other": 0,
            "staff_minutes": {role: session[f"{role}_minutes"] for role in clinic_defaults.ROLES},
        },
        "session_minutes": session["room_minutes"],
        "course_sessions": course.induction_sessions(modality),
    }


class DirectCost(Strict):
    """What one delivered session costs the clinic. A bare number in a file is the whole cost."""

    drug: Money = 0
    supplies: Money = 0
    other: Money = 0
    staff_minutes: dict[ClinicRole, Minutes] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("must be a number (USD) or {drug, supplies, other, staff_minutes}")
        if isinstance(data, int | float):
            return {"other": data}
        return data


class Package(Strict):
    """A prepaid series: `sessions` for `price` in total, bought for `uptake` of self-paid sessions."""

    sessions: int = Field(ge=2, le=100)
    price: Money
    uptake: Share


class AllowedAmounts(Strict):
    """What an insurer allows per session; a payer left out pays the default rate or not at all."""

    commercial: Money | None = None
    medicare: Money | None = None
    medicaid: Money | None = None


class Offering(Strict):
    """One treatment the clinic sells. Left-out fields take the treatment's defaults."""

    modality: Modality
    route: Route = "buy_and_bill"
    share: Share
    price: Money
    package: Package | None = None
    direct_cost: DirectCost
    session_minutes: Minutes
    course_sessions: int = Field(ge=1, le=500)
    allowed: AllowedAmounts = AllowedAmounts()

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("modality") not in defaults.MODALITIES:
            return data  # pydantic then names the missing or wrong field
        route = data.get("route")
        filled = offering_defaults(
            str(data["modality"]), route if route in clinic_defaults.ROUTES else "buy_and_bill"
        )
        given_cost = data.get("direct_cost")
        if isinstance(given_cost, Mapping):
            data = {**data, "direct_cost": {**filled["direct_cost"], **given_cost}}
        return {**filled, **data}

    @field_validator("route")
    @classmethod
    def _route_is_spravato(cls, route: str, info: Any) -> str:
        if route == "visit_only" and info.data.get("modality") != "spravato":
            raise ValueError(
                "only a Spravato offering can be visit_only (a specialty pharmacy supplies "
                "Spravato; the clinic buys the other treatments' drug)"
            )
        return route

    @field_validator("direct_cost")
    @classmethod
    def _no_drug_on_visit_only(cls, cost: DirectCost, info: Any) -> DirectCost:
        if info.data.get("route") == "visit_only" and cost.drug > 0:
            raise ValueError(
                "drug must be 0 when route is visit_only (the specialty pharmacy supplies the "
                "drug); put any handling cost in other"
            )
        return cost

    @field_validator("session_minutes")
    @classmethod
    def _observation_fits(cls, minutes: float, info: Any) -> float:
        if info.data.get("modality") == "spravato":
            hours = defaults.value(defaults.modality("spravato")["observation_hours"])
            if minutes < 60 * hours:
                raise ValueError(
                    f"{minutes:g} minutes is too short: a Spravato session includes at least "
                    f"{hours:g} hours of observation (REMS)"
                )
        return minutes


def percent(share: float) -> str:
    """A share as a manager reads it in a message: 1.1 -> "110%", 0.333333 -> "33.3333%"."""
    return f"{100 * share:.6g}%"


# How the payer mix names each kind of client in its messages and on the page.
PAYER_WORDS = {
    "self_pay": "self-pay",
    "out_of_network": "out of network",
    "commercial": "commercial",
    "medicare": "Medicare",
    "medicaid": "Medicaid",
}


class PayerMix(Strict):
    """Share of clients by how they pay; the shares add up to 1.

    `out_of_network`: clients whose plan reimburses them on the clinic's superbill (docs/method.md
    rule 4). For the clinic they pay cash like self-pay clients; their plan pays them back later.
    """

    self_pay: Share = 0.0
    out_of_network: Share = 0.0
    commercial: Share = 0.0
    medicare: Share = 0.0
    medicaid: Share = 0.0

    @model_validator(mode="after")
    def _adds_up(self) -> PayerMix:
        shares = self.model_dump()
        total = sum(shares.values())
        if abs(total - 1) > 1e-6:
            given = ", ".join(f"{PAYER_WORDS[k]} {percent(v)}" for k, v in shares.items() if v)
            raise ScenarioLevelError(
                "clinic.payer_mix",
                f"The payer mix adds up to {percent(total)}"
                + (f" ({given})" if given else "")
                + "; it must add up to 100%",
            )
        return self


class SlidingTier(Strict):
    """Self-paying clients up to `max_poverty_percent` of the poverty guideline get `discount`."""

    max_poverty_percent: float = Field(gt=0, le=1000, allow_inf_nan=False)
    discount: Share
    share: Share


def section_defaults() -> dict[str, Any]:
    """Every section-level field a clinic section may leave out, filled from clinic.yaml's
    `start` values: the one fill, used by a scenario file's `clinic:` (ClinicSection) and by the
    Clinic pricing page's starting form (pricing.clinic.form.form_start) alike, so a file and the
    page that leave a field alone get the same figure (rooms and hours included: capacity).

    Not filled: offerings (required), hourly rates (the defaults' per role, pricing.clinic.terms),
    and the sliding scale (a file without one has no tiers; the page starts from example tiers
    the manager sees and edits).
    """
    start = clinic_defaults.start_value
    return {
        "fixed_costs_per_month": start("fixed_costs_per_month"),
        "booked_sessions_per_month": start("booked_sessions_per_month"),
        "no_show_rate": start("no_show_rate"),
        "claim_denial_rate": start("claim_denial_rate"),
        "payer_mix": start("payer_mix"),
        "rooms": start("rooms"),
        "hours_per_day": start("hours_per_day"),
        "days_per_month": start("days_per_month"),
        "out_of_network_terms": clinic_defaults.superbill_terms(),
        "target_margin": start("target_margin"),
    }


class ClinicSection(Strict):
    """The clinic manager's inputs (issue 5). Computed by pricing/clinic/. Left-out fields come
    from `section_defaults`; `rooms: null` (or `hours_per_day: null`) says the clinic has no room
    capacity to count (e.g. at-home sessions)."""

    fixed_costs_per_month: Money
    booked_sessions_per_month: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    no_show_rate: Share
    claim_denial_rate: Share
    offerings: list[Offering] = Field(min_length=1, max_length=12)
    payer_mix: PayerMix
    sliding_scale: list[SlidingTier] = Field(default_factory=list, max_length=10)
    hourly_rates: dict[ClinicRole, Money] = Field(default_factory=dict)
    rooms: int | None = Field(ge=1, le=500)
    hours_per_day: float | None = Field(gt=0, le=24, allow_inf_nan=False)
    days_per_month: float = Field(gt=0, le=31, allow_inf_nan=False)
    # The plan terms of the clients in payer_mix.out_of_network (rule 4): what their plan
    # reimburses them for the clinic's superbill. Default: insurance.yaml's employer plan.
    out_of_network_terms: OutOfNetwork
    # The price card's operating margin: monthly profit as a share of monthly revenue.
    target_margin: float = Field(ge=0, lt=1, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data  # pydantic then says what the section should be
        return {**section_defaults(), **data}

    @model_validator(mode="after")
    def _consistent(self) -> ClinicSection:
        total = sum(o.share for o in self.offerings)
        if abs(total - 1) > 1e-6:
            raise ScenarioLevelError(
                "clinic.offerings",
                f"The treatments' shares of sessions add up to {percent(total)}; they must add "
                "up to 100%",
            )
        edges = [t.max_poverty_percent for t in self.sliding_scale]
        if edges != sorted(set(edges)):
            raise ScenarioLevelError(
                "clinic.sliding_scale",
                "tiers must be in rising order of max_poverty_percent, each edge once",
            )
        in_tiers = sum(t.share for t in self.sliding_scale)
        if in_tiers > 1 + 1e-6:
            raise ScenarioLevelError(
                "clinic.sliding_scale",
                f"The tiers' shares of self-paying clients add up to {percent(in_tiers)}; at most "
                "100% of them can be in tiers",
            )
        return self
