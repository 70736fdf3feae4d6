"""The clinic page's form as plain data: starting values, and a ClinicSection from what was typed.

Pure conversion (no widgets: those are in ui/clinic_form.py). The form holds percentages where a
manager thinks in percent (shares, rates, discounts); the section holds shares. Every starting
value comes from the accessors in pricing/defaults/clinic.py (clinic.yaml) and the treatment's
offering defaults (pricing.scenario.offering_defaults).
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from pricing import equity
from pricing.clinic.reach import income_brackets
from pricing.clinic.terms import ROLES, allowed_start
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import (
    ClinicSection,
    ScenarioError,
    first_error,
    offering_defaults,
    section_defaults,
)

PERCENT = 100


def offering_start(modality: str, count: int, route: str = "buy_and_bill") -> dict[str, Any]:
    """Starting widget values for one of `count` offered treatments (Spravato: on `route`)."""
    base = offering_defaults(modality, route)
    cost = base["direct_cost"]
    sessions = clinic_defaults.start_value("package_sessions")
    price = base["price"]
    return {
        "share_percent": PERCENT / count,
        "price": price,
        "package": False,
        "package_sessions": sessions,
        "package_price": price * sessions * (1 - clinic_defaults.start_value("package_discount")),
        "package_uptake_percent": PERCENT * clinic_defaults.start_value("package_uptake"),
        "drug": cost["drug"],
        "supplies": cost["supplies"],
        **{f"{role}_minutes": cost["staff_minutes"][role] for role in ROLES},
        "session_minutes": base["session_minutes"],
        "course_sessions": base["course_sessions"],
        "allowed": allowed_start(modality, route),
        **({"route": route} if modality == "spravato" else {}),
    }


def form_start() -> dict[str, Any]:
    """Starting widget values that do not depend on the treatments chosen: the section's own
    fill (pricing.scenario.section_defaults, the one a scenario file gets), in percent where the
    page shows percent, plus the page's example sliding-scale tiers and reach settings."""
    filled = section_defaults()
    start = clinic_defaults.start_value
    return {
        "fixed_costs_per_month": filled["fixed_costs_per_month"],
        "booked_sessions_per_month": filled["booked_sessions_per_month"],
        "no_show_percent": PERCENT * filled["no_show_rate"],
        "denial_percent": PERCENT * filled["claim_denial_rate"],
        "rooms": filled["rooms"],
        "hours_per_day": filled["hours_per_day"],
        "days_per_month": filled["days_per_month"],
        "payer_percent": {k: PERCENT * v for k, v in filled["payer_mix"].items()},
        "tiers": [
            {
                "max_poverty_percent": t["max_poverty_percent"],
                "discount_percent": PERCENT * t["discount"],
                "share_percent": PERCENT * t["share"],
            }
            for t in start("sliding_scale")
        ],
        "hourly_rates": clinic_defaults.hourly_rates(),
        "target_margin_percent": PERCENT * filled["target_margin"],
        "oon_terms": {
            "deductible": filled["out_of_network_terms"]["deductible"],
            "coinsurance_percent": PERCENT * filled["out_of_network_terms"]["coinsurance"],
            "allowed_share_percent": PERCENT * filled["out_of_network_terms"]["allowed_share"],
            "oop_max": filled["out_of_network_terms"]["oop_max"],
        },
        "minimum_margin": start("minimum_margin"),
        "reach_households": start("reach_households"),
        "income_percent": [PERCENT * b[2] for b in income_brackets()],
    }


def start_form(modality: str) -> dict[str, Any]:
    """A whole starting form offering one treatment (the page's fallback before any input)."""
    return {**form_start(), "offerings": [{"modality": modality, **offering_start(modality, 1)}]}


def section_from_dict(data: dict[str, Any]) -> ClinicSection:
    """A validated ClinicSection; errors are one-line ScenarioErrors naming `clinic.<field>`."""
    try:
        return ClinicSection.model_validate(data)
    except ValidationError as err:
        found = first_error(err)
        field = found.field if found.field.startswith("clinic") else f"clinic.{found.field}"
        raise ScenarioError(field.rstrip("."), found.problem) from None


def section_from_form(form: dict[str, Any]) -> ClinicSection:
    """A ClinicSection from the page's widget values (percentages become shares)."""
    if not form["offerings"]:
        raise ScenarioError("Treatments you offer", "choose at least one treatment")
    offerings = []
    for o in form["offerings"]:
        offering: dict[str, Any] = {
            "modality": o["modality"],
            "share": o["share_percent"] / PERCENT,
            "price": o["price"],
            "direct_cost": {
                "drug": o["drug"],
                "supplies": o["supplies"],
                "staff_minutes": {role: o[f"{role}_minutes"] for role in ROLES},
            },
            "session_minutes": o["session_minutes"],
            "course_sessions": o["course_sessions"],
            "allowed": {k: v for k, v in o.get("allowed", {}).items() if v is not None},
        }
        if "route" in o:  # Spravato: buy and bill, or the visit only
            offering["route"] = o["route"]
        if o.get("package"):
            offering["package"] = {
                "sessions": o["package_sessions"],
                "price": o["package_price"],
                "uptake": o["package_uptake_percent"] / PERCENT,
            }
        offerings.append(offering)
    return section_from_dict(
        {
            "fixed_costs_per_month": form["fixed_costs_per_month"],
            "booked_sessions_per_month": form["booked_sessions_per_month"],
            "no_show_rate": form["no_show_percent"] / PERCENT,
            "claim_denial_rate": form["denial_percent"] / PERCENT,
            "offerings": offerings,
            "payer_mix": {k: v / PERCENT for k, v in form["payer_percent"].items()},
            "sliding_scale": [
                {
                    "max_poverty_percent": t["max_poverty_percent"],
                    "discount": t["discount_percent"] / PERCENT,
                    "share": t["share_percent"] / PERCENT,
                }
                for t in form["tiers"]
            ],
            "hourly_rates": form["hourly_rates"],
            "rooms": form["rooms"],
            "hours_per_day": form["hours_per_day"],
            "days_per_month": form["days_per_month"],
            "target_margin": form["target_margin_percent"] / PERCENT,
            "out_of_network_terms": {
                "deductible": form["oon_terms"]["deductible"],
                "coinsurance": form["oon_terms"]["coinsurance_percent"] / PERCENT,
                "allowed_share": form["oon_terms"]["allowed_share_percent"] / PERCENT,
                "oop_max": form["oon_terms"]["oop_max"],
            },
        }
    )


def income_shares_from_form(percent: list[float]) -> tuple[float, ...]:
    """The market's income bracket shares (percent in); checked by the equity mix."""
    shares = tuple(p / PERCENT for p in percent)
    equity.PopulationMix.default().with_changes(income_shares=list(shares))  # raises if bad
    return shares


def scenario_yaml(section: ClinicSection, modality: str) -> str:
    """A scenario file holding this clinic section, for `python -m pricing clinic FILE`."""
    data = {"version": 1, "modality": modality, "clinic": section.model_dump(mode="json")}
    return yaml.safe_dump(data, sort_keys=False, width=100)
