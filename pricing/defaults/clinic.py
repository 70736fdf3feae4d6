"""Typed access to the clinic figures (clinic.yaml): starting values, staff rates, session costs."""

from __future__ import annotations

from typing import Any

from pricing.defaults import (
    dated,
    default_start_date,
    load,
    modality,
    plan_for_kind,
    plan_terms,
    sources,
    spravato,
    value,
)

ROLES = ("rn", "prescriber", "therapist")
# How a Spravato session is paid for: the clinic buys the drug and bills drug and visit, or a
# specialty pharmacy supplies the drug and the clinic bills only the visit.
ROUTES = ("buy_and_bill", "visit_only")


def _clinic() -> dict[str, Any]:
    return dict(load("clinic")["clinic"])


def start_value(key: str) -> Any:
    """A starting value of the clinic tool (`clinic.start` in clinic.yaml), as bare numbers."""
    entry = _clinic()["start"][key]
    if isinstance(entry, list):
        return [{k: value(v) for k, v in row.items()} for row in entry]
    if isinstance(entry, dict) and "value" not in entry:
        return {k: value(v) for k, v in entry.items()}
    return value(entry)


def hourly_rates() -> dict[str, float]:
    """Staff cost per hour by role (USD)."""
    return {role: float(value(e)) for role, e in _clinic()["hourly_rates"].items()}


def spravato_share_84mg() -> float:
    """Share of Spravato sessions at 84 mg (the rest at 56 mg)."""
    return float(value(_clinic()["spravato"]["share_on_84mg"]))


def _by_dose_mix(prices: dict[str, float]) -> float:
    share = spravato_share_84mg()
    return float(prices["low"] * (1 - share) + prices["high"] * share)


def spravato_drug_cost() -> float:
    """Drug cost of a Spravato session: the 56/84 mg drug prices in force on the default start
    date (spravato_billing.yaml drug_price, the one drug price) weighted by the dose mix."""
    return _by_dose_mix(spravato.drug_price())


def spravato_drug_price_used() -> dict[str, Any]:
    """What `spravato_drug_cost` priced the drug at, for the words that give advice with it:
    {per_session (by dose mix), low (56 mg), high (84 mg), share_84mg, from (the date the price
    is in force from, or None), as_of, source (title)}. Reads spravato_billing.yaml's drug_price
    whether it holds one value or values by date (the row in force on the default start date,
    chosen by pricing.defaults.dated's own rule)."""
    entry = load("spravato_billing")["spravato_billing"]["drug_price"]
    row = entry
    if dated.is_dated(entry):
        rows = entry["values"]
        indexed = {"values": [{**r, "value": i} for i, r in enumerate(rows)]}
        row = rows[dated.value_on(indexed, default_start_date())[0]]
    prices = spravato.drug_price()
    start = row.get("from")
    return {
        "per_session": spravato_drug_cost(),
        "low": float(prices["low"]),
        "high": float(prices["high"]),
        "share_84mg": spravato_share_84mg(),
        "from": None if start is None else str(start),
        "as_of": str(row["as_of"]),
        "source": str(sources()[row["source"]]["title"]),
    }


def spravato_medicare_rate() -> float:
    """Medicare's payment per Spravato session: G2082 (<= 56 mg) and G2083 (> 56 mg) by dose mix.

    The two national amounts are the low and high ends of Spravato's treatment price in
    modalities.yaml; they are reused here, not repeated.
    """
    return _by_dose_mix(value(modality("spravato")["treatment_price"]))


def spravato_visit_medicare_rate() -> float:
    """Medicare's payment for a Spravato visit without the drug (visit-only route):
    99215 + prolonged clinical-staff service (spravato_billing.yaml)."""
    return spravato.visit_medicare_rate()


def spravato_visit_price() -> float:
    """A visit-only session's self-pay price: the middle of the visit's cash price range."""
    price = spravato.visit_price()
    return (price["low"] + price["high"]) / 2


def spravato_drug_stock_months() -> float:
    """Months of Spravato sessions whose drug a buy-and-bill clinic carries before payment."""
    return float(value(_clinic()["spravato"]["drug_stock_months"]))


def payer_ratio(key: str) -> float:
    """A payer's rate as a share of another's (`clinic.payer_rates`)."""
    return float(value(_clinic()["payer_rates"][key]))


def session_inputs(modality_name: str) -> dict[str, Any]:
    """One session's direct costs and minutes for a treatment (`clinic.sessions`)."""
    return {k: value(v) for k, v in _clinic()["sessions"][modality_name].items()}


def allowed_share() -> float:
    """In-network allowed amount as a share of the billed price (insurance.yaml `plan_common`)."""
    return float(value(load("insurance")["plan_common"]["allowed_share"]))


def treatment_name(modality_name: str) -> str:
    """A treatment's short name for tables and sentences ("IV ketamine"; modalities.yaml)."""
    return str(modality(modality_name)["short"])


def spravato_observation_hours() -> float:
    """The least observation a Spravato session needs (REMS; modalities.yaml)."""
    return float(value(modality("spravato")["observation_hours"]))


def superbill_terms() -> dict[str, float | None]:
    """Out-of-network terms of a client whose plan reimburses the clinic's superbill: the
    employer plan's (insurance.yaml `employer_plan` out_of_network: deductible, coinsurance,
    allowed_share, oop_max), in force on the default start date."""
    return dict(plan_terms(plan_for_kind("commercial"))["out_of_network"])
