"""Argument types shared by the commands (a bad value exits 2 with one line)."""

from __future__ import annotations

import argparse

from pricing import defaults
from pricing.scenario import ScenarioError
from pricing.scenario.errors import echo

SEED_MAX = 2**32 - 1  # what numpy's default_rng accepts as a plain integer seed
MAX_DRAWS = defaults.max_monte_carlo_draws()  # Monte Carlo draws one run may ask for


class ArgumentProblem(ScenarioError):
    """A bad option value found after parsing: reported without the file's name."""


def whole(text: str) -> int:
    """A whole number, for any count option; a bad one is quoted back cut short on one line
    (a 5,000-digit value is not echoed in full)."""
    try:
        return int(text)
    except ValueError:
        problem = (
            "is far too large" if text.strip().lstrip("+-").isdigit() else "is not a whole number"
        )
        raise argparse.ArgumentTypeError(f"'{echo(text)}' {problem}") from None


def seed(text: str) -> int:
    """A Monte Carlo / population seed: a whole number from 0 to 2**32 - 1."""
    value = whole(text)
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"'{echo(text)}' is not between 0 and {SEED_MAX}")
    return value


def draws(text: str) -> int:
    """A whole number of Monte Carlo draws (the range is checked by `check_draws`)."""
    return whole(text)


def check_draws(value: int | None) -> None:
    """Refuse a draw count outside 0..MAX_DRAWS (None means the default)."""
    if value is not None and not 0 <= value <= MAX_DRAWS:
        raise ArgumentProblem("--draws", f"must be between 0 and {MAX_DRAWS}")
