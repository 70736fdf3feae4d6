"""Typed access to Medicaid's figures (medicaid.yaml)."""

from __future__ import annotations

from typing import Any

from pricing.defaults import load, plans_covering_share, value


def _medicaid() -> dict[str, Any]:
    return dict(load("medicaid")["medicaid"])


def cost_sharing_cap() -> float:
    """Share of family income that caps all Medicaid cost sharing (applied per quarter)."""
    return float(value(_medicaid()["cost_sharing_cap"]))


def covers_spravato(state: str | None) -> bool | None:
    """Whether the state's Medicaid covers Spravato: True, False, or None when not known."""
    if state is None:
        return None
    found = _medicaid()["spravato_by_state"]["states"].get(state)
    if found is None:
        return None
    return bool(found["covers"] if isinstance(found, dict) else found)


def spravato_coverage_share() -> float:
    """Share of Medicaid programmes that cover Spravato (where the state is not known): the
    coverage rule's own figure in insurance.yaml, so the estimate's warning and the population
    use one number."""
    return plans_covering_share("spravato", "medicaid")
