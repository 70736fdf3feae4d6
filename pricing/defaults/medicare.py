"""Typed access to Medicare's figures (medicare.yaml), by date where they change yearly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pricing.defaults import load, value
from pricing.defaults.dated import is_dated, value_on


def _medicare() -> dict[str, Any]:
    return dict(load("medicare")["medicare"])


def figure(key: str, day: dt.date) -> tuple[float, bool]:
    """A Medicare figure in force on `day`, and whether it is projected past its last value."""
    entry = _medicare()[key]
    if is_dated(entry):
        found, projected = value_on(entry, day)
        return float(found), projected
    return float(value(entry)), False


def enrolment() -> dict[str, Any]:
    """The enrolment mix as bare values (shares)."""
    mix = _medicare()["enrolment"]
    return {
        "advantage_share": float(value(mix["advantage_share"])),
        "traditional_cover": {k: float(value(v)) for k, v in mix["traditional_cover"].items()},
        "medigap_plan_g_share": float(value(mix["medigap_plan_g_share"])),
        "part_d_share": float(value(mix["part_d_share"])),
    }
