"""Typed access to Spravato's billing figures (spravato_billing.yaml): the two bills, the
programmes' terms and prior authorisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pricing.defaults import load, value
from pricing.defaults.dated import is_dated, value_on


def _billing() -> dict[str, Any]:
    return dict(load("spravato_billing")["spravato_billing"])


def price_entry(name: str) -> Any:
    """The whole entry of a price ("drug_price", "visit_price"), dated or not (rule 14 reads
    its dates: pricing/scenario/dated_terms.py)."""
    return _billing()[name]


def _price_on(name: str, day: dt.date | None) -> dict[str, float]:
    entry = price_entry(name)
    if day is not None and is_dated(entry):
        return dict(value_on(entry, day)[0])
    return dict(value(entry))


def drug_price(day: dt.date | None = None) -> dict[str, float]:
    """Drug price per session {low: 56 mg, high: 84 mg}, in force on `day` (default: newest)."""
    return _price_on("drug_price", day)


def visit_price(day: dt.date | None = None) -> dict[str, float]:
    """The observation visit's price per session {low, high}, in force on `day`."""
    return _price_on("visit_price", day)


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
        return float(chances[kind]) if kind in chances else None
    return float(value(_billing()["off_label_approval_chance"]))


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
