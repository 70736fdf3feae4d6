"""From parsed data to a Scenario: the file's fields laid over the defaults, then validated."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from pricing import course, defaults
from pricing.defaults import finance, medicare, spravato
from pricing.scenario.dated_terms import calendar_year_start, plan_id_for, plan_year_start
from pricing.scenario.errors import ScenarioError, ScenarioLevelError, did_you_mean, echo
from pricing.scenario.models import FINANCED, Scenario

# ---------------------------------------------------------------------------------------------
# Defaults: a scenario file is laid over the defaults for its modality and insurance kind.

# Keys whose value is replaced whole, never merged key by key (a price given as {low} alone must
# not silently borrow the default's high; a list of phases is one course).
_ATOMIC_KEYS = frozenset(
    {"price", "phases", "manufacturer", "observation_rebate", "oop_max", "income"}
)


def default_scenario_dict(
    modality: str,
    kind: str = "none",
    on: dt.date | None = None,
    supplement: str | None = None,
    plan_year_start_month: int | None = None,
) -> dict[str, Any]:
    """Every field of a scenario for (modality, insurance kind) starting on `on` (default: the
    default start date), from pricing/defaults/, with the figures in force at the start (rule
    14): prices on `on`, plan figures on the first day of its plan year (a plan year starting in
    `plan_year_start_month`, default the defaults' month), Medicare's on 1 January."""
    info = defaults.modality(modality)
    day = defaults.default_start_date() if on is None else on
    plan_id = plan_id_for(kind, supplement)
    plan = defaults.plan_terms(plan_id, day)  # for its plan-year month; the terms follow
    month = (
        plan["plan_year_start_month"] if plan_year_start_month is None else plan_year_start_month
    )
    plan = {**plan, **defaults.plan_terms(plan_id, plan_year_start(day, month))}
    plan["plan_year_start_month"] = month
    return {
        "version": 1,
        "name": f"{info['short']}, {defaults.plans()[plan_id]['label']}",
        "modality": modality,
        "start_date": day.isoformat(),
        "treatment": {
            "price": defaults.value_on(info["treatment_price"], day),
            "phases": course.standard(modality),
        },
        "therapy": {
            "sessions": defaults.value(info["therapy_sessions"]),
            "price": defaults.value_on(info["therapy_price"], day),
        },
        "intake": {"price": defaults.value_on(info["intake_price"], day)},
        "insurance": {
            **plan,
            "coverage": defaults.coverage(modality, kind),
            **_insurance_extras(modality, kind, supplement, calendar_year_start(day), plan),
        },
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


def _insurance_extras(
    modality: str, kind: str, supplement: str | None, day: dt.date, plan: dict[str, Any]
) -> dict[str, Any]:
    """Rules 8, 10 and 13: the pharmacy benefit's terms, Medicare's supplement and Part D, and
    the prior-authorisation step a covering plan usually has."""
    extras: dict[str, Any] = {
        "pharmacy": (
            {"coinsurance": 0.0, "copay": plan["copay"]}  # Medicaid: the nominal copay
            if kind == "medicaid"
            else {"coinsurance": spravato.pharmacy_coinsurance(), "copay": 0}
        )
    }
    if kind == "medicare":
        extras["medicare"] = {
            "supplement": supplement or "none",
            "visit_copay": medicare.figure("medigap_n_visit_copay", day)[0],
        }
        extras["part_d"] = {
            "deductible": medicare.figure("part_d_deductible", day)[0],
            "coinsurance": medicare.figure("part_d_coinsurance", day)[0],
            "out_of_pocket_threshold": medicare.figure("part_d_out_of_pocket_threshold", day)[0],
        }
    covered = defaults.coverage(modality, kind)["treatment"] != "not_covered"
    # Original Medicare pays Part B claims without prior authorisation; its private plans
    # (Medicare Advantage) use it like commercial plans.
    step = covered and (kind != "medicare" or supplement == "advantage")
    chance = spravato.approval_chance(kind, modality) if step else None
    extras["prior_authorization"] = None if chance is None else {"approval_chance": chance}
    return extras


def _two_bills(base: dict[str, Any], raw: Mapping[str, Any], kind: str, day: dt.date) -> None:
    """Rule 8: a Spravato file that gives neither `treatment.price` nor `treatment.drug` is two
    bills (drug + visit) from the defaults, except under Medicare with the drug on Part B, where
    the bundled G-code price is the default. A file that gives `drug` alone gets the default
    visit price; one that gives `price` alone keeps the first edition's bundled meaning."""
    given = raw.get("treatment")
    given = given if isinstance(given, Mapping) else {}
    split = "drug" in given or ("price" not in given and kind != "medicare")
    base["treatment"]["drug"] = None
    if split:
        base["treatment"]["price"] = spravato.visit_price(day)
        base["treatment"]["drug"] = {
            "price": spravato.drug_price(day),  # the price in force on the start date
            "benefit": spravato.default_benefit(),
        }


def _paying_terms(base: dict[str, Any], raw: Mapping[str, Any]) -> None:
    """Rules 15 and 16: a file that names a way of paying gets that way's typical terms (and, to
    pay over time, a typical monthly payment); a `tax` section gets the file's own marginal tax
    rate, else the default. Whatever the file gives replaces these (the merge that follows)."""
    given = raw.get("payment")
    given = given if isinstance(given, Mapping) else {}
    method = given.get("method")
    if isinstance(method, str) and method in ("savings", *FINANCED):
        base["payment"].update(finance.method_terms(method))
        if method in FINANCED:
            base["payment"]["monthly_payment"] = finance.default_monthly_payment()
    if isinstance(raw.get("tax"), Mapping):
        base["tax"] = {
            "agi": None,
            "itemizes": False,
            "marginal_rate": given.get("marginal_tax_rate", base["payment"]["marginal_tax_rate"]),
            "other_medical_expenses": 0,
        }


def _raw_day(raw: Mapping[str, Any]) -> dt.date:
    """The file's start date when it is a real date, else the default (pydantic then reports it)."""
    given = raw.get("start_date")
    if isinstance(given, dt.date):
        return given
    try:
        return (
            dt.date.fromisoformat(str(given).strip())
            if given is not None
            else (defaults.default_start_date())
        )
    except ValueError:
        return defaults.default_start_date()


def _raw_plan_year_month(insurance: Any) -> int | None:
    """The file's plan-year month when it is a valid one, else None (pydantic then reports it)."""
    month = insurance.get("plan_year_start_month") if isinstance(insurance, Mapping) else None
    valid = isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12
    return month if valid else None


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, new in override.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(new, Mapping) and key not in _ATOMIC_KEYS:
            merged[key] = _merge(old, new)
        else:
            merged[key] = new
    return merged


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
            name = echo(part)
            text += f".{name}" if text else name
    return text


def first_error(err: ValidationError) -> ScenarioError:
    problem = err.errors(include_url=False)[0]
    loc = tuple(p for p in problem["loc"] if not (isinstance(p, str) and _is_internal(p)))
    ctx = problem.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, ScenarioLevelError):
        return ScenarioError(inner.field, str(inner).split(": ", 1)[1])
    if problem["type"] == "extra_forbidden":
        owner = _model_at(loc[:-1])
        hint = did_you_mean(str(loc[-1]), list(owner.model_fields)) if owner else ""
        return ScenarioError(_path(loc), f"unknown field{hint}")
    if problem["type"] == "literal_error":
        expected = ctx.get("expected", "")
        given = problem.get("input")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",")]
        hint = did_you_mean(str(given), options) if isinstance(given, str) else ""
        return ScenarioError(_path(loc), f"'{echo(given)}' is not one of {expected}{hint}")
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
            "version", f"'{echo(raw['version'])}' is not supported; this tool reads version 1"
        )
    modality = raw.get("modality")
    if modality is None:
        raise ScenarioError("modality", f"missing; one of {', '.join(defaults.MODALITIES)}")
    if modality not in defaults.MODALITIES:
        hint = did_you_mean(str(modality), list(defaults.MODALITIES))
        raise ScenarioError(
            "modality",
            f"'{echo(modality)}' is not one of {', '.join(defaults.MODALITIES)}{hint}",
        )
    insurance = raw.get("insurance")
    kind = "none"
    if isinstance(insurance, Mapping) and "kind" in insurance:
        kind = insurance["kind"]
        if kind not in defaults.INSURANCE_KINDS:
            hint = did_you_mean(str(kind), list(defaults.INSURANCE_KINDS))
            raise ScenarioError(
                "insurance.kind",
                f"'{echo(kind)}' is not one of {', '.join(defaults.INSURANCE_KINDS)}{hint}",
            )
    if "insurance" in raw and not isinstance(raw["insurance"], Mapping):
        raise ScenarioError("insurance", "must be a mapping of plan terms")
    given_medicare = insurance.get("medicare") if isinstance(insurance, Mapping) else None
    supplement = given_medicare.get("supplement") if isinstance(given_medicare, Mapping) else None
    day = _raw_day(raw)
    base = default_scenario_dict(
        str(modality),
        str(kind),
        day,
        supplement if isinstance(supplement, str) else None,
        _raw_plan_year_month(insurance),
    )
    if modality == "spravato":
        _two_bills(base, raw, str(kind), day)
    _paying_terms(base, raw)
    merged = _merge(base, raw)
    try:
        return Scenario.model_validate(merged)
    except ValidationError as err:
        raise first_error(err) from None


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """The full scenario as plain data (prices with low == high written as one number)."""
    data = scenario.model_dump(mode="json")
    for optional in ("clinic", "equity", "tax"):
        if data.get(optional) is None:
            data.pop(optional, None)
    # Rule 15's terms a file does not use are left out (a null would read as "not given").
    data["payment"] = {k: v for k, v in data["payment"].items() if v is not None}
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
