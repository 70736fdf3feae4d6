"""Typed access to Spravato's billing figures (spravato_billing.yaml): the two bills, the
programmes' terms and prior authorisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pricing.defaults import default_start_date, load, value, value_on
from pricing.defaults.dated import is_dated


def _billing() -> dict[str, Any]:
    return dict(load("spravato_billing")["spravato_billing"])


def price_entry(name: str) -> Any:
    """The whole entry of a price ("drug_price", "visit_price"), dated or not (rule 14 reads
    its dates: pricing/scenario/dated_terms.py)."""
    return _billing()[name]


def drug_price(day: dt.date | None = None) -> dict[str, float]:
    """Drug price per session {low: 56 mg, high: 84 mg} in force on `day` (rule 14; default:
    the default start date)."""
    on = default_start_date() if day is None else day
    return {k: float(v) for k, v in value_on(_billing()["drug_price"], on).items()}


def drug_price_row(day: dt.date | None = None) -> dict[str, Any]:
    """The dated row behind `drug_price(day)`: its value, `from`, source id, as_of and note, so
    words can say which price and which date a figure used."""
    on = default_start_date() if day is None else day
    entry = _billing()["drug_price"]
    assert is_dated(entry)
    rows = entry["values"]
    # The row in force is found by dated.py's own rule (its value on `on`), applied to the rows'
    # positions, so the rule lives in one place.
    index = value_on({"values": [{**r, "value": i} for i, r in enumerate(rows)]}, on)
    return dict(rows[index])


def visit_price(day: dt.date | None = None) -> dict[str, float]:
    """The observation visit's price per session {low, high} in force on `day` (rule 14;
    default: the default start date)."""
    on = default_start_date() if day is None else day
    return {k: float(v) for k, v in value_on(_billing()["visit_price"], on).items()}


def drug_share_of_bundle(day: dt.date | None = None) -> float:
    """Rule 9 on a bundled bill: the drug's part of one session's price, from the default drug
    and visit prices in force on `day`, midpoints: drug / (drug + visit). The manufacturer
    programme pays toward this part of the patient's share only (not the observation)."""
    drug, visit = drug_price(day), visit_price(day)
    drug_mid = (drug["low"] + drug["high"]) / 2
    visit_mid = (visit["low"] + visit["high"]) / 2
    return drug_mid / (drug_mid + visit_mid)


def default_benefit() -> str:
    return str(value(_billing()["default_benefit"]))


def pharmacy_coinsurance() -> float:
    return float(value(_billing()["pharmacy_coinsurance"]))


def observation_rebate() -> dict[str, Any]:
    """The rebate's terms: eligible kinds, excluded states, floor and yearly maximum range."""
    rebate = _billing()["observation_rebate"]
    return {
        "label": rebate["label"],
        "eligible_kinds": tuple(rebate["eligible_kinds"]),
        "excluded_states": tuple(rebate["excluded_states"]),
        "patient_pays_per_session": float(value(rebate["patient_pays_per_session"])),
        "annual_max": dict(value(rebate["annual_max"])),
    }


def approval_chance(kind: str, modality: str) -> float | None:
    """Default chance a plan approves the treatment (prior authorisation); None: no step."""
    if kind == "none":
        return None
    if modality == "spravato":
        chances = _billing()["approval_chance"]
        return float(value(chances[kind])) if kind in chances else None
    return float(value(_billing()["off_label_approval_chance"]))


def approval_basis(kind: str, modality: str) -> dict[str, Any] | None:
    """Where the default approval chance comes from, for the page's words: `assumed` (a project
    assumption, not a finding), the source's title and year, and, for an assumption, the
    published figure it leans on (`basis`: value, unit, who, the year it describes, source title,
    as_of). None: no step."""
    if kind == "none":
        return None
    entry = (
        _billing()["approval_chance"].get(kind)
        if modality == "spravato"
        else _billing()["off_label_approval_chance"]
    )
    if entry is None:
        return None
    catalogue = load("sources")["sources"]
    found: dict[str, Any] = {
        "assumed": entry["source"] == "project_assumption",
        "source": catalogue[entry["source"]]["title"],
        "as_of": entry["as_of"],
        "basis": None,
    }
    basis = entry.get("basis")
    if basis is not None:
        found["basis"] = {
            "value": float(value(basis)),
            "unit": basis["unit"],
            "who": basis["who"],
            "year": int(basis["year"]),
            "source": catalogue[basis["source"]]["title"],
            "as_of": basis["as_of"],
        }
    return found


def approval_source(kind: str, modality: str, chance: float) -> str:
    """What an approval chance rests on, for every place that says it: "study" (the defaults'
    figure, from a published claims study), "assumption" (the defaults' figure, a project
    assumption) or "yours" (a chance the person set)."""
    basis = approval_basis(kind, modality)
    default = approval_chance(kind, modality)
    if basis is None or default is None or round(default, 4) != round(chance, 4):
        return "yours"
    return "assumption" if basis["assumed"] else "study"


def visit_medicare_codes() -> dict[str, float]:
    """Medicare's amounts for the visit alone: 99215, 99415, 99416 and the 99416 units."""
    return {k: float(value(v)) for k, v in _billing()["visit_medicare_codes"].items()}


def visit_medicare_rate() -> float:
    """What Medicare pays for the administration and observation visit without the drug:
    99215 + 99415 + 99416 x units (uncertain figures; spravato_billing.yaml)."""
    codes = visit_medicare_codes()
    return (
        codes["evaluation_99215"]
        + codes["prolonged_99415"]
        + codes["prolonged_99416"] * codes["prolonged_99416_units"]
    )


def step_therapy_antidepressants() -> int:
    """How many antidepressants a commercial plan usually wants tried first (step therapy)."""
    return int(value(_billing()["step_therapy_antidepressants"]))
