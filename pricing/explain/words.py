"""Small pieces of wording shared by the client's sentences: money with cents, a day, the
name of each claim component."""

from __future__ import annotations

import datetime as dt

from pricing.report import money as round_money


def money(value: float) -> str:
    """Sentences show cents when a figure has them, so the parts visibly add up."""
    return round_money(value, exact=True)


COMPONENT_WORDS = {
    "intake": ("intake visit", "intake visits"),
    "drug": ("drug bill", "drug bills"),
    "treatment": ("treatment session", "treatment sessions"),
    "therapy": ("therapy session", "therapy sessions"),
}


def day(value: dt.date) -> str:
    return f"{value:%b} {value.day}, {value.year}"
