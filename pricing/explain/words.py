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


def money_range(low: float, high: float, joined: str = "between {} and {}") -> str:
    """A range of whole-dollar figures, or one figure when its ends round to the same dollar
    ("$6,000", never "between $6,000 and $6,000"). The ends are put in order."""
    a, b = sorted((low, high))
    if round(a) == round(b):
        return round_money(b if round(b) == b else round(b))
    return joined.format(round_money(round(a)), round_money(round(b)))


def percent_range(low: float, high: float, joined: str = "between {} and {}") -> str:
    """A range of shares to one decimal place ("10.9%"), or one figure when both ends print
    the same."""
    a, b = sorted((low, high))
    first, last = f"{a:.1%}", f"{b:.1%}"
    return first if first == last else joined.format(first, last)


# How a plan covers a claim and what kind of insurance it is, in words (never the codes).
COVERAGE_WORDS = {
    "in_network": "in network",
    "out_of_network": "out of network (you claim it back with a superbill)",
    "not_covered": "not covered",
}
INSURANCE_WORDS = {
    "none": "No insurance (self-pay)",
    "commercial": "Private insurance (employer or marketplace)",
    "medicare": "Medicare",
    "medicaid": "Medicaid",
}


def coverage(kind: str) -> str:
    return COVERAGE_WORDS.get(kind, kind.replace("_", " "))
