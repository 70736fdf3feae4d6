"""Scenario errors: every problem with a file is one line naming the field and the problem.

"One line" holds whatever a file holds: a newline, carriage return, escape sequence or other
control character in a key, a value or a file name is shown escaped (`\\n`, `\\x1b`, `\\u2028`),
never raw, so a message is one line on a terminal and cannot recolour or rewrite it.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

# Control and format characters, line and paragraph separators, lone surrogates (from a file
# name that is not UTF-8): what would break a line or act on a terminal instead of showing.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def one_line(text: str) -> str:
    """`text` with every unsafe character written as its Python escape (`\\n`, `\\x1b`...)."""
    if text.isprintable():  # the common case: nothing to escape (also true of plain spaces)
        return text
    return "".join(
        repr(ch)[1:-1] if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
    )


def unsafe_character(text: str) -> str | None:
    """The first unsafe character of `text`, escaped (`\\x1b`), or None when there is none."""
    if text.isprintable():
        return None
    for ch in text:
        if unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            return repr(ch)[1:-1]
    return None


class ScenarioError(ValueError):
    """Invalid scenario input. `str(err)` is one line: the field path and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = one_line(field)
        self.problem = one_line(problem)
        super().__init__(f"{self.field}: {self.problem}" if self.field else self.problem)


class ScenarioLevelError(ValueError):
    """A cross-field problem raised inside validation, carrying the field it belongs to."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = one_line(field)
        super().__init__(f"{self.field}: {one_line(problem)}")


def echo(value: Any, limit: int = 40) -> str:
    """A user's value quoted back in an error message, cut short, on one line."""
    text = str(value)
    return one_line(text if len(text) <= limit else text[: limit - 1] + "…")


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
