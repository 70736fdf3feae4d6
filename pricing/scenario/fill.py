"""From parsed data to a Scenario: the file's fields laid over the defaults, then validated."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from pricing import course, defaults
from pricing.scenario.errors import ScenarioError, ScenarioLevelError, did_you_mean, echo
from pricing.scenario.models import Scenario

# ---------------------------------------------------------------------------------------------
# Defaults: a scenario file is laid over the defaults for its modality and insurance kind.

# Keys whose value is replaced whole, never merged key by key (a price given as {low} alone must
# not silently borrow the default's high; a list of phases is one course).
_ATOMIC_KEYS = frozenset({"price", "phases", "manufacturer", "oop_max", "income"})


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
            "phases": course.standard(modality),
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
    base = default_scenario_dict(str(modality), str(kind))
    if "insurance" in raw and not isinstance(raw["insurance"], Mapping):
        raise ScenarioError("insurance", "must be a mapping of plan terms")
    merged = _merge(base, raw)
    try:
        return Scenario.model_validate(merged)
    except ValidationError as err:
        raise first_error(err) from None


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
