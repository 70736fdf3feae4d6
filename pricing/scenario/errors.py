"""Scenario errors: every problem with a file is one line naming the field and the problem."""

from __future__ import annotations

import difflib
from typing import Any


class ScenarioError(ValueError):
    """Invalid scenario input. `str(err)` is one line: the field path and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class ScenarioLevelError(ValueError):
    """A cross-field problem raised inside validation, carrying the field it belongs to."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(f"{field}: {problem}")


def echo(value: Any, limit: int = 40) -> str:
    """A user's value quoted back in an error message, cut short."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
