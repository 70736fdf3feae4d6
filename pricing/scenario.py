"""Scenario file v1: pydantic models, a strict safe YAML loader, defaults filling and dumping.

A scenario file is data, never code. It is read with a SafeLoader that also refuses aliases,
deep nesting and timestamps-as-objects (dates are validated by pydantic so a bad date names its
field), after a size cap and a strict UTF-8 decode. Every error becomes a `ScenarioError` whose
message is one line naming the field and the problem.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from pricing import defaults

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 6  # scenario v1 nests at most 5 levels (e.g. clinic.offerings[0].price.low)

Modality = Literal["spravato", "iv_ketamine", "im_ketamine", "kap_lozenge", "at_home_ketamine"]
InsuranceKind = Literal["none", "commercial", "medicare", "medicaid"]
CoverageKind = Literal["not_covered", "in_network", "out_of_network"]

MONEY_MAX = 10_000_000  # USD; any single amount in a scenario
MAX_THERAPY_SESSIONS = 500
Money = Annotated[float, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class ScenarioError(ValueError):
    """Invalid scenario input. `str(err)` is one line: the field path and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class Strict(BaseModel):
    """Base for every scenario section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


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

    name: str = Field(default="phase", max_length=80)
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
        """How many sessions the phase holds (pricing.schedule.phase_days dates them)."""
        if self.sessions_per_week:
            return self.sessions_per_week * self.weeks
        if self.every_weeks:
            return -(-self.weeks // self.every_weeks)
        return self.sessions or 0


MAX_COURSE_WEEKS = 260  # five years: longer than any course the defaults describe
MAX_TREATMENT_SESSIONS = 600  # about daily dosing for a year and a half


class Treatment(Strict):
    price: PriceRange
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


class OutOfNetwork(Strict):
    deductible: Money
    coinsurance: Share
    allowed_share: Share
    oop_max: Money | None


class MetThisYear(Strict):
    deductible: Money = 0
    oop: Money = 0


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


class Manufacturer(Strict):
    patient_pays_per_session: Money
    annual_max: Money


class Assistance(Strict):
    manufacturer: Manufacturer | None = None
    counts_toward_deductible: bool = True
    sliding_scale_discount: Share = 0.0


class Payment(Strict):
    pretax_account: bool = False
    marginal_tax_rate: float = Field(ge=0, le=0.6, allow_inf_nan=False)


class TimeAndTravel(Strict):
    travel_cost_per_visit: Money = 0
    hours_per_visit: float = Field(default=0, ge=0, le=24, allow_inf_nan=False)
    hourly_value: Money = 0


class Household(Strict):
    income: Money | None = None
    size: int = Field(default=1, ge=1, le=20)


# ---------------------------------------------------------------------------------------------
# Optional sections for the clinic and equity tools. Each block is owned by its module's issue.

# >>> clinic section (pricing/clinic.py; issue 5)
ClinicRole = Literal["rn", "prescriber", "therapist"]
Minutes = Annotated[float, Field(ge=0, le=1440, allow_inf_nan=False)]


def _clinic_start(key: str) -> Any:
    """A starting value from pricing/defaults/clinic.yaml (`clinic.start`)."""
    entry = defaults.load("clinic")["clinic"]["start"][key]
    if isinstance(entry, dict) and "value" not in entry:
        return {k: defaults.value(v) for k, v in entry.items()}
    return defaults.value(entry)


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
        from pricing.clinic import offering_defaults  # late: pricing.clinic imports this module

        filled = offering_defaults(str(data["modality"]))
        given_cost = data.get("direct_cost")
        if isinstance(given_cost, Mapping):
            data = {**data, "direct_cost": {**filled["direct_cost"], **given_cost}}
        return {**filled, **data}

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


class PayerMix(Strict):
    """Share of clients by how they pay; the shares add up to 1."""

    self_pay: Share = 0.0
    commercial: Share = 0.0
    medicare: Share = 0.0
    medicaid: Share = 0.0

    @model_validator(mode="after")
    def _adds_up(self) -> PayerMix:
        total = self.self_pay + self.commercial + self.medicare + self.medicaid
        if abs(total - 1) > 1e-6:
            raise ValueError(f"the shares add up to {total:g}; they must add up to 1")
        return self


class SlidingTier(Strict):
    """Self-paying clients up to `max_poverty_percent` of the poverty guideline get `discount`."""

    max_poverty_percent: float = Field(gt=0, le=1000, allow_inf_nan=False)
    discount: Share
    share: Share


class ClinicSection(Strict):
    """The clinic manager's inputs (issue 5). Computed by pricing/clinic.py."""

    fixed_costs_per_month: Money = Field(
        default_factory=lambda: _clinic_start("fixed_costs_per_month")
    )
    booked_sessions_per_month: float = Field(
        default_factory=lambda: _clinic_start("booked_sessions_per_month"),
        ge=0,
        le=1_000_000,
        allow_inf_nan=False,
    )
    no_show_rate: Share = Field(default_factory=lambda: _clinic_start("no_show_rate"))
    claim_denial_rate: Share = Field(default_factory=lambda: _clinic_start("claim_denial_rate"))
    offerings: list[Offering] = Field(min_length=1, max_length=12)
    payer_mix: PayerMix = Field(default_factory=lambda: PayerMix(**_clinic_start("payer_mix")))
    sliding_scale: list[SlidingTier] = Field(default_factory=list, max_length=10)
    hourly_rates: dict[ClinicRole, Money] = Field(default_factory=dict)
    rooms: int | None = Field(default=None, ge=1, le=500)
    hours_per_day: float | None = Field(default=None, gt=0, le=24, allow_inf_nan=False)
    days_per_month: float = Field(
        default_factory=lambda: _clinic_start("days_per_month"), gt=0, le=31, allow_inf_nan=False
    )

    @model_validator(mode="after")
    def _consistent(self) -> ClinicSection:
        total = sum(o.share for o in self.offerings)
        if abs(total - 1) > 1e-6:
            raise ScenarioLevelError(
                "clinic.offerings", f"the shares add up to {total:g}; they must add up to 1"
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
                f"the tiers' shares add up to {in_tiers:g}; at most 1 of clients can be in tiers",
            )
        return self


# <<< clinic section

# >>> equity section (pricing/equity.py; issue 4)
EquityLever = Literal[
    "coverage_parity",
    "medicaid_covers_spravato",
    "manufacturer_all_kinds",
    "manufacturer_cap",
    "ban_accumulators",
    "sliding_scale",
    "price_cap",
    "oon_therapy",
]


class EquityMix(Strict):
    """Changes to the simulated population's mix; anything left out keeps its sourced default."""

    insurance_by_band: dict[str, dict[InsuranceKind, Share]] | None = None
    income_shares: list[Share] | None = Field(default=None, max_length=20)
    household_sizes: dict[int, Share] | None = None
    non_expansion_share: Share | None = None


class EquityReformPackage(Strict):
    """Levers pulled together as one reform; price_cap and manufacturer_annual_max in USD."""

    coverage_parity: bool = False
    medicaid_covers_spravato: bool = False
    manufacturer_all_kinds: bool = False
    manufacturer_annual_max: Money | None = None
    ban_accumulators: bool = False
    sliding_scale: bool = False
    price_cap: Money | None = None
    oon_therapy: bool = False


class EquitySection(Strict):
    """The access & equity run: population size, course, affordability test, mix and reforms.

    `reforms` is a list of lever names (each evaluated alone) or {name: {lever: value}}.
    """

    households: int | None = Field(default=None, ge=1, le=2_000_000)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    course: Literal["first_year", "induction"] = "first_year"
    threshold: Literal["income_10", "income_25", "capacity_40"] = "income_10"
    treatments: list[Modality] | None = Field(default=None, min_length=1, max_length=5)
    mix: EquityMix | None = None
    reforms: dict[str, EquityReformPackage] | None = Field(default=None, max_length=16)

    @field_validator("reforms", mode="before")
    @classmethod
    def _lever_list(cls, raw: Any) -> Any:
        """A list of lever names means each lever alone, with its default parameter."""
        if not isinstance(raw, list):
            return raw
        from typing import get_args  # local: the file's imports belong to the engine issue

        names = list(get_args(EquityLever))
        settings = defaults.load("population")["population"]["reforms"]
        packages: dict[str, Any] = {}
        for i, name in enumerate(raw):
            if name not in names:
                hint = _did_you_mean(str(name), names)
                raise ScenarioLevelError(
                    f"equity.reforms[{i}]", f"'{name}' is not a lever ({', '.join(names)}){hint}"
                )
            if name == "price_cap":
                packages[name] = {"price_cap": defaults.value(settings["price_cap"])}
            elif name == "manufacturer_cap":
                cap = defaults.value(settings["manufacturer_annual_max"])
                packages[name] = {"manufacturer_annual_max": cap}
            else:
                packages[name] = {name: True}
        return packages


# <<< equity section


class Scenario(Strict):
    version: Literal[1]
    name: str = Field(max_length=200)
    modality: Modality
    start_date: dt.date
    treatment: Treatment
    therapy: Therapy
    intake: Intake
    insurance: Insurance
    assistance: Assistance
    payment: Payment
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
        if self.assistance.manufacturer is not None and self.modality != "spravato":
            raise ScenarioLevelError(
                "assistance.manufacturer",
                "a manufacturer programme exists only for spravato; set it to null",
            )
        return self

    @field_serializer("start_date")
    def _date_text(self, day: dt.date) -> str:
        return day.isoformat()


class ScenarioLevelError(ValueError):
    """A cross-field problem raised inside validation, carrying the field it belongs to."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(f"{field}: {problem}")


# ---------------------------------------------------------------------------------------------
# Defaults: a scenario file is laid over the defaults for its modality and insurance kind.

# Keys whose value is replaced whole, never merged key by key (a price given as {low} alone must
# not silently borrow the default's high; a list of phases is one course).
_ATOMIC_KEYS = frozenset({"price", "phases", "manufacturer", "oop_max", "income"})


def default_course_phases(
    modality: str, maintenance_months: float | None = None
) -> list[dict[str, Any]]:
    """The modality's course template as phases: induction, then maintenance for N months."""
    template = defaults.course(defaults.modality(modality)["course"])
    months = (
        template["default_maintenance_months"] if maintenance_months is None else maintenance_months
    )
    phases = [dict(p) for p in template["induction"]]
    weeks = round(months * 52 / 12)
    if weeks > 0:
        phases.append({**template["maintenance"], "weeks": weeks})
    return phases


def default_scenario_dict(modality: str, kind: str = "none") -> dict[str, Any]:
    """Every field of a scenario for (modality, insurance kind), from pricing/defaults/."""
    info = defaults.modality(modality)
    plan = defaults.plan_terms(defaults.plan_for_kind(kind))
    return {
        "version": 1,
        "name": f"{info['short']}, {defaults.plans()[defaults.plan_for_kind(kind)]['label']}",
        "modality": modality,
        "start_date": defaults.default_start_date().isoformat(),
        "treatment": {
            "price": defaults.value(info["treatment_price"]),
            "phases": default_course_phases(modality),
        },
        "therapy": {
            "sessions": defaults.value(info["therapy_sessions"]),
            "price": defaults.value(info["therapy_price"]),
        },
        "intake": {"price": defaults.value(info["intake_price"])},
        "insurance": {**plan, "coverage": defaults.coverage(modality, kind)},
        "assistance": {
            "manufacturer": None,
            "counts_toward_deductible": True,
            "sliding_scale_discount": defaults.scenario_setting("sliding_scale_discount"),
        },
        "payment": {"pretax_account": False, "marginal_tax_rate": defaults.marginal_tax_rate()},
        "time_and_travel": {
            "travel_cost_per_visit": defaults.scenario_setting("travel_cost_per_visit"),
            "hours_per_visit": defaults.scenario_setting("hours_per_visit"),
            "hourly_value": defaults.scenario_setting("hourly_value"),
        },
        "household": {"income": None, "size": defaults.scenario_setting("household_size")},
    }


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, new in override.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(new, Mapping) and key not in _ATOMIC_KEYS:
            merged[key] = _merge(old, new)
        else:
            merged[key] = new
    return merged


def _echo(value: Any, limit: int = 40) -> str:
    """A user's value quoted back in an error message, cut short."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# ---------------------------------------------------------------------------------------------
# Validation with one-line errors.


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model class that owns the field at `loc` (for 'did you mean' suggestions)."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        field = fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        model = _first_model(annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not str(part).startswith(("function-", "constrained-", "union[")):
            name = _echo(part)
            text += f".{name}" if text else name
    return text


def _first_error(err: ValidationError) -> ScenarioError:
    problem = err.errors(include_url=False)[0]
    loc = tuple(p for p in problem["loc"] if not (isinstance(p, str) and _is_internal(p)))
    ctx = problem.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, ScenarioLevelError):
        return ScenarioError(inner.field, str(inner).split(": ", 1)[1])
    if problem["type"] == "extra_forbidden":
        owner = _model_at(loc[:-1])
        hint = _did_you_mean(str(loc[-1]), list(owner.model_fields)) if owner else ""
        return ScenarioError(_path(loc), f"unknown field{hint}")
    if problem["type"] == "literal_error":
        expected = ctx.get("expected", "")
        given = problem.get("input")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",")]
        hint = _did_you_mean(str(given), options) if isinstance(given, str) else ""
        return ScenarioError(_path(loc), f"'{_echo(given)}' is not one of {expected}{hint}")
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "finite_number":
        message = "must be a finite number (not NaN or infinity)"
    return ScenarioError(_path(loc), message[0].lower() + message[1:])


def _is_internal(part: str) -> bool:
    return part.startswith(("function-", "constrained-")) or part in {"float", "int", "PriceRange"}


def from_dict(raw: Any) -> Scenario:
    """A scenario from parsed YAML: the file's fields laid over the defaults, then validated."""
    if not isinstance(raw, Mapping):
        raise ScenarioError("", "a scenario file must be a mapping of fields (key: value)")
    for key in raw:
        if not isinstance(key, str):
            raise ScenarioError(str(key), "field names must be text")
    if "version" not in raw:
        raise ScenarioError("version", "missing; the first line should be 'version: 1'")
    if raw["version"] != 1 or isinstance(raw["version"], bool):
        raise ScenarioError(
            "version", f"'{_echo(raw['version'])}' is not supported; this tool reads version 1"
        )
    modality = raw.get("modality")
    if modality is None:
        raise ScenarioError("modality", f"missing; one of {', '.join(defaults.MODALITIES)}")
    if modality not in defaults.MODALITIES:
        hint = _did_you_mean(str(modality), list(defaults.MODALITIES))
        raise ScenarioError(
            "modality",
            f"'{_echo(modality)}' is not one of {', '.join(defaults.MODALITIES)}{hint}",
        )
    insurance = raw.get("insurance")
    kind = "none"
    if isinstance(insurance, Mapping) and "kind" in insurance:
        kind = insurance["kind"]
        if kind not in defaults.INSURANCE_KINDS:
            hint = _did_you_mean(str(kind), list(defaults.INSURANCE_KINDS))
            raise ScenarioError(
                "insurance.kind",
                f"'{_echo(kind)}' is not one of {', '.join(defaults.INSURANCE_KINDS)}{hint}",
            )
    base = default_scenario_dict(str(modality), str(kind))
    if "insurance" in raw and not isinstance(raw["insurance"], Mapping):
        raise ScenarioError("insurance", "must be a mapping of plan terms")
    merged = _merge(base, raw)
    try:
        return Scenario.model_validate(merged)
    except ValidationError as err:
        raise _first_error(err) from None


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """The full scenario as plain data (prices with low == high written as one number)."""
    data = scenario.model_dump(mode="json")
    for optional in ("clinic", "equity"):
        if data.get(optional) is None:
            data.pop(optional, None)
    _compact_prices(data)
    return data


def _compact_prices(node: Any) -> None:
    """Tidy dumped data in place: one number for an exact price, whole numbers without '.0',
    and no empty phase shapes."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, val in list(items):
        if isinstance(val, float) and val.is_integer():
            node[key] = int(val)
        elif key == "price" and isinstance(val, dict) and val.get("low") == val.get("high"):
            node[key] = int(val["low"]) if float(val["low"]).is_integer() else val["low"]
        elif key == "phases" and isinstance(val, list):
            node[key] = [{k: v for k, v in phase.items() if v is not None} for phase in val]
        elif isinstance(val, dict | list):
            _compact_prices(val)


def dump_yaml(scenario: Scenario) -> str:
    """YAML text that loads back to an equal scenario."""
    return yaml.safe_dump(to_dict(scenario), sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------------------------------------
# Strict YAML reading.


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, without timestamp objects and with a nesting limit."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ScenarioError(
                f"line {event.start_mark.line + 1}", "YAML aliases (*name) are not allowed"
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        where = f"line {event.start_mark.line + 1}" if event.start_mark else "file"
        if isinstance(event, yaml.NodeEvent) and getattr(event, "anchor", None):
            raise ScenarioError(where, "YAML anchors (&name) are not allowed")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise ScenarioError(
                    where, f"nested deeper than the scenario format allows ({MAX_DEPTH} levels)"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A key written twice is an error, not 'the last one wins' (a typo must not hide)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                line = key_node.start_mark.line + 1
                raise ScenarioError(f"line {line}", f"'{_echo(key)}' appears twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Keep dates as text: pydantic then reports an impossible date against its field.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# YAML 1.1 reads 1e3 (no decimal point) as text; people mean the number.
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def parse_yaml(text: str) -> Any:
    """Parse YAML text with the strict loader; errors become one-line ScenarioErrors."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except ScenarioError:
        raise
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        line = f"line {mark.line + 1}" if mark is not None else "file"
        tag = (
            (err.problem or "").split("tag", 1)[-1].strip(" '!").replace("tag:yaml.org,2002:", "!!")
        )
        raise ScenarioError(
            line, f"the tag {tag} is not allowed: scenario files are plain data"
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise ScenarioError(line, f"not valid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ScenarioError("file", f"not valid YAML: {err}") from None
    except RecursionError:
        raise ScenarioError("file", "nested deeper than the scenario format allows") from None


def decode(data: bytes) -> str:
    """Bytes of a scenario file as text: size-capped, strict UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError("file", f"not UTF-8 text (bad byte at position {err.start})") from None


def loads(data: bytes | str) -> Scenario:
    """A scenario from the bytes or text of a scenario file."""
    text = decode(data) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise ScenarioError("file", "contains a NUL byte; not a text file")
    return from_dict(parse_yaml(text))


def load_file(path: str | Path) -> Scenario:
    """A scenario from a file path, reading at most one byte past the size cap."""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {file}: {err.strerror}") from None
    return loads(data)


def default_scenario(modality: str = "iv_ketamine", kind: str = "none") -> Scenario:
    return from_dict({"version": 1, "modality": modality, "insurance": {"kind": kind}})
