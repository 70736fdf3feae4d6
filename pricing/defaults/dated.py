"""Dated parameters (docs/method.md rule 14), after OpenFisca's parameter files.

An entry may carry `values`: a list of {from: date, value, source, as_of}, oldest first. The value
in force on a day is the last one whose `from` is on or before it (the first one before any).
Each value is published for one year from its `from`, or up to the entry's `until`; a day past
that still gets the last value, flagged as projected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PUBLISHED_DAYS = 365


def _day(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def is_dated(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("values"), list)


def value_on(entry: dict[str, Any], day: dt.date) -> tuple[Any, bool]:
    """(value in force on `day`, whether `day` is past the last published value)."""
    rows = sorted(entry["values"], key=lambda r: _day(r["from"]))
    chosen = rows[0]
    for row in rows:
        if _day(row["from"]) <= day:
            chosen = row
    last = rows[-1]
    until = _day(entry["until"]) if "until" in entry else None
    if until is None:
        until = _day(last["from"]) + dt.timedelta(days=PUBLISHED_DAYS - 1)
    return chosen["value"], day > until


def newest(entry: dict[str, Any]) -> Any:
    """The newest published value (for callers that have no date)."""
    return max(entry["values"], key=lambda r: _day(r["from"]))["value"]
