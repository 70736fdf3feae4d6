"""Typed access to Spravato's billing figures (spravato_billing.yaml): the two bills, the
programmes' terms and prior authorisation."""

from __future__ import annotations

from typing import Any

from pricing.defaults import load, value


def _billing() -> dict[str, Any]:
    return dict(load("spravato_billing")["spravato_billing"])


def drug_price() -> dict[str, float]:
    """Drug price per session {low: 56 mg, high: 84 mg}."""
    return dict(value(_billing()["drug_price"]))


def visit_price() -> dict[str, float]:
    """The observation visit's price per session {low, high}."""
    return dict(value(_billing()["visit_price"]))


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
