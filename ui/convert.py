"""Widget values <-> Scenario, both ways, as loops over the field table (ui/fields.py).

`state_from_scenario` turns a scenario (defaults, an uploaded file, a share link) into widget
values; `scenario_dict_from_state` turns them back into a scenario file's content, validated by
pricing.scenario.from_dict exactly like the CLI's files. `take` copies whole groups (resets and
plan templates); `defaults_for` is the sourced defaults for a person's situation. Pure: no
Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pricing import defaults
from pricing.defaults import finance, spravato
from pricing.scenario import Scenario, ScenarioError, default_scenario_dict, from_dict
from ui.fields import BY_KEY, FIELDS, MONTHS, PERCENT, Field, State


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[last] = value


def _overlay(base: Any, over: Any) -> Any:
    """`over` laid on `base`, where a null in `over` keeps what `base` has (pre-filled values
    for folded options)."""
    if over is None:
        return base
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        return {k: _overlay(base.get(k), over.get(k)) for k in {*base, *over}}
    return over


def _chance(kind: str, modality: str) -> float:
    """The default approval chance for a plan of this kind, else a private plan's."""
    for asked in (kind, "commercial"):
        chance = spravato.approval_chance(asked, modality) if asked != "none" else None
        if chance is not None:
            return chance
    return 0.0


def _prefill(s: Scenario) -> dict[str, Any]:
    """Values for the options the scenario leaves unset: shown when the person turns one on."""
    programme = defaults.manufacturer_programme("spravato") or {}
    rebate = spravato.observation_rebate()
    medicare = default_scenario_dict(s.modality, "medicare", s.start_date)["insurance"]
    drug = from_dict({"version": 1, "modality": "spravato", "treatment": {"drug": {}}})
    return {
        "treatment": {"drug": drug.model_dump(mode="json")["treatment"]["drug"]},
        "insurance": {
            "oop_max": 0.0,
            "out_of_network": {"oop_max": 0.0},
            "prior_authorization": {"approval_chance": _chance(s.insurance.kind, s.modality)},
            "medicare": medicare["medicare"],
            "part_d": medicare["part_d"],
        },
        "assistance": {
            "manufacturer": {
                k: float(defaults.value(programme[k]))
                for k in ("patient_pays_per_session", "annual_max")
            },
            "observation_rebate": {
                "patient_pays_per_session": rebate["patient_pays_per_session"],
                "annual_max": float(rebate["annual_max"]["low"]),
            },
        },
        "household": {"income": 0.0},
        # Rules 15 and 16: the typical terms of the person's way of paying (else a card's), a
        # starting monthly payment, and an empty tax section at the file's own tax rate.
        "payment": _paying_prefill(s),
        "tax": {
            "agi": None,  # typed by the person: itemising without it is an error (tax.agi)
            "itemizes": False,
            "marginal_rate": s.payment.marginal_tax_rate,
            "other_medical_expenses": 0.0,
        },
    }


def _paying_prefill(s: Scenario) -> dict[str, Any]:
    method = s.payment.method or "card"
    typical = {
        **finance.method_terms("card"),
        **finance.method_terms("deferred_interest"),
        "plan_fee": finance.payment_plan_fee(),
        **{k: v for k, v in finance.method_terms(method).items() if v is not None},
    }
    return {"monthly_payment": finance.default_monthly_payment(), **typical}


def _in(field: Field, raw: Any) -> Any:
    if raw is None:
        return None
    if field.kind == "percent":
        return round(float(raw) * PERCENT, 4)
    if field.kind == "month":
        return MONTHS[int(raw) - 1]
    if field.kind == "date":
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
    if field.kind == "money":
        return float(raw)
    return int(raw) if field.kind == "count" else raw


def _out(field: Field, value: Any) -> Any:
    if field.kind == "percent":
        return value / PERCENT
    if field.kind == "month":
        return MONTHS.index(value) + 1
    if field.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    return int(value) if field.kind == "count" else value


def state_from_scenario(scenario: Scenario) -> dict[str, Any]:
    """Widget values (keys without the session prefix) that reproduce `scenario`."""
    data = scenario.model_dump(mode="json")
    filled = _overlay(_prefill(scenario), data)
    state: dict[str, Any] = {}
    for f in FIELDS:
        if f.read is not None:
            state[f.key] = f.read(scenario)
        elif f.flag:
            state[f.key] = _get(data, f.path or "") is not None
        else:
            state[f.key] = _in(f, _get(filled, f.path or ""))
    return state


def scenario_dict_from_state(state: State) -> dict[str, Any]:
    """The scenario file content the widget values describe (unvalidated)."""
    data: dict[str, Any] = {"version": 1}
    for f in FIELDS:
        if f.path is not None and not f.flag:
            _set(data, f.path, f.write(state) if f.write else _out(f, state[f.key]))
    for f in FIELDS:  # then the options that are off: their whole section is null
        off = f.flag and not state[f.key]
        if off or (f.when is not None and not f.when(state)):
            _set(data, f.optional or f.path or "", None)
    return data


def scenario_from_state(state: State) -> Scenario:
    """Validated scenario from widget values; raises ScenarioError naming the field."""
    return from_dict(scenario_dict_from_state(state))


def take(fresh: State, current: State, groups: frozenset[str]) -> dict[str, Any]:
    """`current` with the values of `groups` taken from `fresh` (one reset, one loop)."""
    return {f.key: (fresh if f.group in groups else current)[f.key] for f in FIELDS}


def defaults_for(state: State, *, split: bool | None = None) -> dict[str, Any]:
    """Widget values of the sourced defaults for the person's treatment, insurance, Medicare
    type, state and start date (pricing.scenario.from_dict fills them); `split` forces
    Spravato's bill to two claims (True) or one bundled price (False)."""
    modality, kind = state["modality"], state["kind"]
    insurance: dict[str, Any] = {"kind": kind}
    if kind == "medicare" and state.get("medicare_advantage"):
        insurance["medicare"] = {"supplement": "advantage"}
    elif kind != "medicare" and state.get("plan_year_month") in MONTHS:
        # Rule 14: a plan's figures are those in force on its plan year's first day.
        insurance["plan_year_start_month"] = _out(
            BY_KEY["plan_year_month"], state["plan_year_month"]
        )
    start = _out(BY_KEY["start_date"], state["start_date"])
    raw: dict[str, Any] = {
        "version": 1,
        "modality": modality,
        "state": state.get("home_state") or None,
        "start_date": start,
        "insurance": insurance,
    }
    if state.get("pay_method"):  # a way of paying brings its own typical terms (rule 15)
        raw["payment"] = {"method": state["pay_method"]}
    if modality == "spravato" and split is not None:
        on = dt.date.fromisoformat(start) if isinstance(start, str) else None
        bundled = default_scenario_dict(modality, kind, on)["treatment"]["price"]
        raw["treatment"] = {"drug": {}} if split else {"price": bundled}
    return state_from_scenario(from_dict(raw))


# Groups whose figures can be dated defaults (plan limits, prices, Medicare's figures).
DATED_GROUPS = frozenset({"plan", "price", "course", "medicare"})


def follow_dates(current: State, previous: State) -> dict[str, Any]:
    """Rule 14 on the page, after the start date or the plan year's month changed from
    `previous`'s: every figure still at the default in force for the old dates takes the one in
    force for the new dates; the person's own figures stay. The widgets then hold what a file
    naming only the new date would be filled with, and the engine (pricing.scenario.dated_terms)
    takes a figure equal to the start's default as that default, following its dates through
    the course: the page, a share link, a YAML download and the CLI give one answer."""
    split = bool(current.get("split_bill")) if current["modality"] == "spravato" else None
    try:
        old, new = defaults_for(previous, split=split), defaults_for(current, split=split)
    except ScenarioError:  # a state the defaults cannot be filled for: leave it as it is
        return dict(current)
    return {
        f.key: new[f.key]
        if f.group in DATED_GROUPS and current[f.key] == old[f.key]
        else current[f.key]
        for f in FIELDS
    }
