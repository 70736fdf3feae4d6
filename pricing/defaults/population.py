"""Typed access to the population and reform figures (population.yaml)."""

from __future__ import annotations

from typing import Any

from pricing.defaults import load, value


def settings() -> dict[str, Any]:
    """The whole `population` mapping (sourced entries, not bare values)."""
    return dict(load("population")["population"])


def default_seed() -> int:
    """Seed of the simulated households (the same population on every run)."""
    return int(value(settings()["default_seed"]))


def default_households() -> int:
    return int(value(settings()["default_households"]))


def reform_setting(name: str) -> Any:
    """A reform lever's parameter (`population.reforms`), as a bare value."""
    return value(settings()["reforms"][name])
