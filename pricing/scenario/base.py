"""Building blocks of the scenario models: strict sections, money, shares, prices and phases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from pricing import course
from pricing.scenario.errors import unsafe_character

Modality = Literal["spravato", "iv_ketamine", "im_ketamine", "kap_lozenge", "at_home_ketamine"]
InsuranceKind = Literal["none", "commercial", "medicare", "medicaid"]
CoverageKind = Literal["not_covered", "in_network", "out_of_network"]

MONEY_MAX = 10_000_000  # USD; any single amount in a scenario
MAX_THERAPY_SESSIONS = 500
MAX_COURSE_WEEKS = 260  # five years: longer than any course the defaults describe
MAX_TREATMENT_SESSIONS = 600  # about daily dosing for a year and a half
Money = Annotated[float, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _printable(text: str) -> str:
    """Names are printed by the CLI, the report and the pages: a control character (an escape
    sequence, a carriage return, a newline) could repaint a terminal or split a line there, so
    it is refused where it enters (issue 20, defect 5)."""
    bad = unsafe_character(text)
    if bad is not None:
        raise ValueError(f"must not contain control characters (found {bad})")
    return text


Text = Annotated[str, AfterValidator(_printable)]


class Strict(BaseModel):
    """Base for every scenario section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class OutOfNetwork(Strict):
    """A plan's out-of-network terms (rule 4): the scenario's `insurance.out_of_network` and the
    clinic's `out_of_network_terms` (its superbill clients' plans)."""

    deductible: Money
    coinsurance: Share
    allowed_share: Share
    oop_max: Money | None


class PriceRange(Strict):
    """A price in USD. A bare number in a file means low = high."""

    low: Money
    high: Money

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("must be a number or {low, high}, not true/false")
        if isinstance(data, int | float):
            return {"low": data, "high": data}
        if not isinstance(data, Mapping):
            raise ValueError("must be a number (USD) or {low, high}")
        return data

    @model_validator(mode="after")
    def _ordered(self) -> PriceRange:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not be above high ({self.high:g})")
        return self

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def at(self, bound: str) -> float:
        return {"low": self.low, "mid": self.mid, "high": self.high}[bound]


class Phase(Strict):
    """One phase of a course: exactly one of sessions_per_week, every_weeks or sessions, for `weeks`."""

    name: Text = Field(default="phase", max_length=80)
    weeks: int = Field(ge=1, le=520)
    sessions_per_week: int | None = Field(default=None, ge=1, le=7)
    every_weeks: int | None = Field(default=None, ge=1, le=52)
    sessions: int | None = Field(default=None, ge=1, le=500)

    @model_validator(mode="after")
    def _one_shape(self) -> Phase:
        given = [k for k in ("sessions_per_week", "every_weeks", "sessions") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of sessions_per_week, every_weeks or sessions "
                f"(got {', '.join(given) or 'none'})"
            )
        return self

    @property
    def session_count(self) -> int:
        """How many sessions the phase holds (pricing.course dates and counts them)."""
        return course.phase_sessions(self)
