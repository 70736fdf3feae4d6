"""The scenario file's sections as pydantic models (docs/method.md, "Scenario file")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_serializer, field_validator, model_validator

from pricing.scenario.base import (
    MAX_COURSE_WEEKS,
    MAX_THERAPY_SESSIONS,
    MAX_TREATMENT_SESSIONS,
    CoverageKind,
    InsuranceKind,
    Modality,
    Money,
    OutOfNetwork,
    Phase,
    PriceRange,
    Share,
    Strict,
    Text,
)
from pricing.scenario.clinic_section import ClinicSection
from pricing.scenario.equity_section import EquitySection
from pricing.scenario.errors import ScenarioLevelError


class Drug(Strict):
    """Spravato's drug claim (rule 8): its price per session and the benefit that pays it."""

    price: PriceRange
    benefit: Literal["medical", "pharmacy"] = "medical"


class Treatment(Strict):
    price: PriceRange  # with `drug`: the clinic's visit (administration + observation) alone
    drug: Drug | None = None
    phases: list[Phase] = Field(min_length=1, max_length=24)

    @model_validator(mode="after")
    def _bounded_course(self) -> Treatment:
        """Keep a course within what a person could follow, and within what the estimate can
        hold in memory (2,003 simulated courses x every claim): a tiny file must not ask for
        gigabytes."""
        weeks = sum(p.weeks for p in self.phases)
        if weeks > MAX_COURSE_WEEKS:
            raise ValueError(f"the phases add up to {weeks} weeks; at most {MAX_COURSE_WEEKS}")
        sessions = sum(p.session_count for p in self.phases)
        if sessions > MAX_TREATMENT_SESSIONS:
            raise ValueError(
                f"the phases add up to {sessions} sessions; at most {MAX_TREATMENT_SESSIONS}"
            )
        return self


class Therapy(Strict):
    sessions: int = Field(ge=0, le=MAX_THERAPY_SESSIONS)
    price: PriceRange


class Intake(Strict):
    price: PriceRange


class Coverage(Strict):
    treatment: CoverageKind
    therapy: CoverageKind
    intake: CoverageKind


class MetThisYear(Strict):
    deductible: Money = 0
    oop: Money = 0


class Pharmacy(Strict):
    """Drug claims on the pharmacy benefit: these replace the medical coinsurance and copay."""

    coinsurance: Share
    copay: Money


class MedicareTerms(Strict):
    """How a person on Medicare has it (rule 10): a Medigap letter or a Medicare Advantage plan."""

    supplement: Literal["none", "medigap_g", "medigap_n", "advantage"] = "none"
    visit_copay: Money = 0  # Medigap N: the most a Part B office visit costs after the deductible


class PartD(Strict):
    """Medicare's drug benefit for a drug on the pharmacy benefit (rule 10), per calendar year."""

    deductible: Money
    coinsurance: Share
    out_of_pocket_threshold: Money


class PriorAuthorization(Strict):
    approval_chance: Share


class Insurance(Strict):
    kind: InsuranceKind
    plan_year_start_month: int = Field(ge=1, le=12)
    deductible: Money
    coinsurance: Share
    copay: Money
    oop_max: Money | None
    met_this_year: MetThisYear
    allowed_share: Share
    coverage: Coverage
    out_of_network: OutOfNetwork
    pharmacy: Pharmacy
    medicare: MedicareTerms | None = None
    part_d: PartD | None = None
    prior_authorization: PriorAuthorization | None = None


class Manufacturer(Strict):
    patient_pays_per_session: Money
    annual_max: Money


class Assistance(Strict):
    manufacturer: Manufacturer | None = None
    observation_rebate: Manufacturer | None = (
        None  # same terms: pays above a floor, to a yearly max
    )
    counts_toward_deductible: bool = True
    sliding_scale_discount: Share = 0.0


PayMethod = Literal["savings", "payment_plan", "card", "deferred_interest"]
FINANCED = ("payment_plan", "card", "deferred_interest")  # paid month by month (rule 15)
Rate = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]  # a yearly rate, 0.2225 = 22.25%
TaxRate = Annotated[float, Field(ge=0, le=0.6, allow_inf_nan=False)]


class Payment(Strict):
    """How the person pays (rule 6: HSA/FSA; rule 15: over time). `method` None: not said, and
    then the other rule 15 keys are not used either (fill leaves them out)."""

    pretax_account: bool = False
    marginal_tax_rate: TaxRate
    method: PayMethod | None = None
    monthly_payment: Money | None = None
    apr: Rate | None = None
    promo_months: int | None = Field(default=None, ge=1, le=60)
    plan_fee: Money | None = None

    @model_validator(mode="after")
    def _terms_fit_the_method(self) -> Payment:
        """Each method takes only its own terms (rule 15), so a file says what it means."""
        uses = {
            None: (),
            "savings": (),
            "payment_plan": ("plan_fee",),
            "card": ("apr",),
            "deferred_interest": ("apr", "promo_months"),
        }[self.method]
        for key in ("apr", "promo_months", "plan_fee"):
            if getattr(self, key) is not None and key not in uses:
                said = "no method is given" if self.method is None else f"method is {self.method}"
                raise ScenarioLevelError(f"payment.{key}", f"not used when {said}; remove it")
        if self.method in FINANCED and not self.monthly_payment:
            raise ScenarioLevelError(
                "payment.monthly_payment",
                f"must be more than 0 to pay off a balance with {self.method}",
            )
        if self.method in ("card", "deferred_interest") and self.apr is None:
            raise ScenarioLevelError("payment.apr", f"{self.method} needs its yearly rate")
        if self.method == "deferred_interest":
            if not self.apr:
                raise ScenarioLevelError(
                    "payment.apr",
                    "a deferred-interest promotion needs the rate charged when it is not paid "
                    "in time (more than 0)",
                )
            if self.promo_months is None:
                raise ScenarioLevelError(
                    "payment.promo_months", "deferred_interest needs the promotion's months"
                )
        return self


class Tax(Strict):
    """The medical expense deduction (rule 16), per calendar year."""

    agi: Money | None = None  # adjusted gross income, USD a year
    itemizes: bool = False
    marginal_rate: TaxRate
    other_medical_expenses: Money = 0  # USD a year besides this course

    @model_validator(mode="after")
    def _agi_when_itemizing(self) -> Tax:
        if self.itemizes and self.agi is None:
            raise ScenarioLevelError(
                "tax.agi",
                "needed when itemizes is true (the deduction is what is above a share of it)",
            )
        return self


class TimeAndTravel(Strict):
    travel_cost_per_visit: Money = 0
    hours_per_visit: float = Field(default=0, ge=0, le=24, allow_inf_nan=False)
    hourly_value: Money = 0


class Household(Strict):
    income: Money | None = None
    size: int = Field(default=1, ge=1, le=20)


StateCode = Literal[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip


class Scenario(Strict):
    version: Literal[1]
    name: Text = Field(max_length=200)
    modality: Modality
    start_date: dt.date
    state: StateCode | None = None  # US postal code; None: national figures (rule 12)
    treatment: Treatment
    therapy: Therapy
    intake: Intake
    insurance: Insurance
    assistance: Assistance
    payment: Payment
    tax: Tax | None = None  # rule 16; None: the deduction is not asked about
    time_and_travel: TimeAndTravel
    household: Household
    clinic: ClinicSection | None = None
    equity: EquitySection | None = None

    @field_validator("start_date", mode="before")
    @classmethod
    def _iso_date(cls, raw: Any) -> Any:
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                raise ValueError(f"'{raw}' is not a real date (use YYYY-MM-DD)") from None
        return raw

    @field_validator("start_date")
    @classmethod
    def _plausible_year(cls, day: dt.date) -> dt.date:
        if not 2000 <= day.year <= 2100:
            raise ValueError(f"{day.isoformat()} is outside 2000-2100")
        return day

    @model_validator(mode="after")
    def _programme_fits(self) -> Scenario:
        for key in ("manufacturer", "observation_rebate"):
            if getattr(self.assistance, key) is not None and self.modality != "spravato":
                raise ScenarioLevelError(
                    f"assistance.{key}", "this programme exists only for spravato; set it to null"
                )
        if self.treatment.drug is not None and self.modality != "spravato":
            raise ScenarioLevelError(
                "treatment.drug", "a separate drug bill exists only for spravato; remove it"
            )
        return self

    @model_validator(mode="after")
    def _medicare_terms_fit(self) -> Scenario:
        """Rule 10: Medicare's own terms only on a Medicare plan, whose year is the calendar year."""
        ins = self.insurance
        if ins.kind != "medicare":
            for key in ("medicare", "part_d"):
                if getattr(ins, key) is not None:
                    raise ScenarioLevelError(
                        f"insurance.{key}", f"only for kind medicare (this plan is {ins.kind})"
                    )
        elif ins.plan_year_start_month != 1:
            raise ScenarioLevelError(
                "insurance.plan_year_start_month",
                f"Medicare's year is the calendar year; must be 1, not {ins.plan_year_start_month}",
            )
        return self

    @field_serializer("start_date")
    def _date_text(self, day: dt.date) -> str:
        return day.isoformat()
