"""Argument types shared by the CLI's subcommands (a bad value exits 2 with one line)."""

from __future__ import annotations

import argparse

SEED_MAX = 2**32 - 1  # what numpy's default_rng accepts as a plain integer seed


def seed(text: str) -> int:
    """A Monte Carlo / population seed: a whole number from 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and {SEED_MAX}")
    return value
