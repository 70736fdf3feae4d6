"""Typed access to the paying-for-it figures (finance.yaml): rule 15's typical rates and
promotion lengths, rule 16's deduction floor and the HSA/FSA yearly limits by date, and the
dates and addresses behind the free or cheaper routes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pricing.defaults import load, value
from pricing.defaults.dated import value_on


def _section(name: str) -> dict[str, Any]:
    return dict(load("finance")[name])


def entry(section: str, key: str) -> dict[str, Any]:
    """A whole sourced entry (for the words that cite it)."""
    return dict(_section(section)[key])


def default_monthly_payment() -> float:
    return float(value(_section("paying")["default_monthly_payment"]))


def max_months() -> int:
    """How many months rule 15 follows a balance before calling it never paid off."""
    return int(value(_section("paying")["max_months"]))


def card_apr() -> float:
    return float(value(_section("paying")["card_apr"]))


def deferred_interest_apr() -> float:
    return float(value(_section("paying")["deferred_interest_apr"]))


def promo_months_offered() -> tuple[int, ...]:
    return tuple(int(m) for m in value(_section("paying")["promo_months_offered"]))


def default_promo_months() -> int:
    return int(value(_section("paying")["default_promo_months"]))


def payment_plan_fee() -> float:
    return float(value(_section("paying")["payment_plan_fee"]))


def method_terms(method: str) -> dict[str, Any]:
    """The typical terms of one way of paying, as scenario `payment` fields (rule 15): the keys a
    method does not use are None."""
    terms: dict[str, dict[str, Any]] = {
        "savings": {"apr": None, "promo_months": None, "plan_fee": None},
        "payment_plan": {"apr": None, "promo_months": None, "plan_fee": payment_plan_fee()},
        "card": {"apr": card_apr(), "promo_months": None, "plan_fee": None},
        "deferred_interest": {
            "apr": deferred_interest_apr(),
            "promo_months": default_promo_months(),
            "plan_fee": None,
        },
    }
    return terms[method]


def medical_expense_floor() -> float:
    """Share of AGI below which medical expenses are not deductible (rule 16)."""
    return float(value(_section("tax")["medical_expense_floor"]))


@dataclass(frozen=True)
class AccountLimits:
    """The tax-advantaged accounts' limits for one calendar year; `projected` names the figures
    used past their last published year."""

    year: int
    hsa_self_only: float
    hsa_family: float
    hsa_catch_up: float
    fsa: float
    fsa_carryover: float
    projected: tuple[str, ...]


def account_limits(year: int) -> AccountLimits:
    """HSA and health FSA limits in force in `year` (the last published ones past their year)."""
    accounts = _section("accounts")
    day = dt.date(year, 1, 1)
    found: dict[str, float] = {}
    projected = []
    for key in ("hsa_limit_self_only", "hsa_limit_family", "hsa_catch_up", "fsa_limit",
                "fsa_carryover"):  # fmt: skip
        figure, past = value_on(accounts[key], day)
        found[key] = float(figure)
        if past:
            projected.append(key)
    return AccountLimits(
        year=year,
        hsa_self_only=found["hsa_limit_self_only"],
        hsa_family=found["hsa_limit_family"],
        hsa_catch_up=found["hsa_catch_up"],
        fsa=found["fsa_limit"],
        fsa_carryover=found["fsa_carryover"],
        projected=tuple(projected),
    )


def va_spravato_since() -> dt.date:
    day = value(_section("routes")["va_spravato_since"])
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))


def trial_registry() -> str:
    return str(value(_section("routes")["trial_registry"]))


def medical_card_apr_2023() -> float:
    """The CFPB's typical medical-credit-card rate (2023), quoted beside the standard rate."""
    return float(value(_section("paying")["medical_card_apr_2023"]))
