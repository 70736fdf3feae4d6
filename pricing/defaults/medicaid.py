"""Typed access to Medicaid's figures (medicaid.yaml)."""

from __future__ import annotations

from typing import Any

from pricing.defaults import load, plans_covering_share, value


def _medicaid() -> dict[str, Any]:
    return dict(load("medicaid")["medicaid"])


def cost_sharing_cap() -> float:
    """Share of family income that caps all Medicaid cost sharing (applied per quarter)."""
    return float(value(_medicaid()["cost_sharing_cap"]))


def spravato_coverage_share() -> float:
    """Share of Medicaid programmes that cover Spravato: the coverage rule's own figure in
    insurance.yaml, 1.0 since every programme must cover it (its maker is in the Medicaid drug
    rebate programme; refusals go through the approval chance). The population model reads it."""
    return plans_covering_share("spravato", "medicaid")
