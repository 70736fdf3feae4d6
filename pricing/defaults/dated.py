"""Dated parameters (docs/method.md rule 14), after OpenFisca's parameter files.

An entry may carry `values`: a list of {from: date, value, source, as_of}, oldest first; a price
range gives `low` and `high` in place of `value`. The value in force on a day is the last one
whose `from` is on or before it (the first one before any). Each value is published for one year
from its `from`, or up to the entry's `until`; a day past that still gets the last value,
flagged as projected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PUBLISHED_DAYS = 365


def _day(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def is_dated(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("values"), list)


def _rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(entry["values"], key=lambda r: _day(r["from"]))


def row_value(row: dict[str, Any]) -> Any:
    """One dated row's value: `value`, or {low, high} for a price range."""
    if "value" in row:
        return row["value"]
    return {"low": row["low"], "high": row["high"]}


def published_until(entry: dict[str, Any]) -> dt.date:
    """The last day the entry's newest value is published for (its `until`, else a year)."""
    if "until" in entry:
        return _day(entry["until"])
    return _day(_rows(entry)[-1]["from"]) + dt.timedelta(days=PUBLISHED_DAYS - 1)


def value_on(entry: dict[str, Any], day: dt.date) -> tuple[Any, bool]:
    """(value in force on `day`, whether `day` is past the last published value)."""
    rows = _rows(entry)
    chosen = rows[0]
    for row in rows:
        if _day(row["from"]) <= day:
            chosen = row
    return row_value(chosen), day > published_until(entry)


def changes_between(entry: dict[str, Any], first: dt.date, last: dt.date) -> list[dt.date]:
    """The days after `first`, up to `last`, on which a new value comes into force."""
    return [d for d in (_day(r["from"]) for r in _rows(entry)) if first < d <= last]


def newest(entry: dict[str, Any]) -> Any:
    """The newest published value (for callers that have no date)."""
    return row_value(_rows(entry)[-1])
