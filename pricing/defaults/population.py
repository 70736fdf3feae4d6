"""Typed access to the population and reform figures (population.yaml).

The equity engine, its CLI and its page read population.yaml only through these functions, so a
figure's path in the file is written once, here, and every caller gets a typed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pricing.defaults import load, value


def settings() -> dict[str, Any]:
    """The whole `population` mapping (sourced entries, not bare values)."""
    return dict(load("population")["population"])


def _number(key: str) -> float:
    return float(value(settings()[key]))


# --- run size and seed ----------------------------------------------------------------------


def default_seed() -> int:
    """Seed of the simulated households (the same population on every run)."""
    return int(value(settings()["default_seed"]))


def default_households() -> int:
    """Households simulated unless a file, the CLI or the page asks for another number."""
    return int(value(settings()["default_households"]))


def max_households() -> int:
    """The most households one run may draw (CLI, page and the scenario file's bound)."""
    return int(value(settings()["max_households"]))


def page_household_choices() -> tuple[int, ...]:
    """Population sizes the page offers, smallest first."""
    return tuple(sorted(int(n) for n in value(settings()["page_household_choices"])))


def max_household_size() -> int:
    """The largest household size a population mix may list (persons)."""
    return int(value(settings()["max_household_size"]))


# --- the population mix -----------------------------------------------------------------------


def income_brackets() -> tuple[tuple[float, float, float], ...]:
    """(low, high, share) per income bracket, lowest first."""
    return tuple(
        (float(b["low"]), float(b["high"]), float(b["share"]))
        for b in settings()["income_brackets"]["brackets"]
    )


def household_sizes() -> tuple[tuple[int, float], ...]:
    """(persons, share) per household size."""
    return tuple(
        (int(s["size"]), float(s["share"])) for s in settings()["household_sizes"]["sizes"]
    )


def poverty_band_labels() -> tuple[str, ...]:
    """Poverty bands, lowest income first ("<100%", ..., "400%+")."""
    return tuple(str(b) for b in settings()["poverty_bands"]["labels"])


def poverty_band_edges() -> tuple[float, ...]:
    """Upper edges of the poverty bands (percent of the guideline); the last band is open."""
    return tuple(float(e) for e in settings()["poverty_bands"]["upper_edges"])


def insurance_by_band() -> dict[str, dict[str, float]]:
    """{band: {insurance kind: share}} in expansion states, as given (not normalised)."""
    bands = settings()["insurance_by_band"]["bands"]
    return {str(band): {str(k): float(v) for k, v in row.items()} for band, row in bands.items()}


def medicaid_expansion_limit() -> float:
    """Adult Medicaid eligibility in expansion states, percent of the poverty guideline."""
    return _number("medicaid_expansion_limit")


def non_expansion_share() -> float:
    """Share of people living in states without the Medicaid expansion."""
    return _number("non_expansion_share")


def non_expansion_medicaid_kept() -> float:
    """Share of the would-be Medicaid group below the limit who keep Medicaid without expansion."""
    return _number("non_expansion_medicaid_kept")


@dataclass(frozen=True)
class CommercialSpread:
    """How commercial plan terms vary from plan to plan (population.yaml `commercial`)."""

    share_with_deductible: float
    deductible_mean: float  # USD, among plans with a deductible
    deductible_spread: float  # standard deviation of log(deductible)
    oop_max_low: float  # USD, caps are drawn uniformly between low and high
    oop_max_high: float
    coinsurance_options: tuple[tuple[float, float], ...]  # (coinsurance, share of plans)
    without_oon_benefit: float  # share of plans paying nothing out of network
    accumulator_share: float  # share of plans running a copay accumulator


def commercial_spread() -> CommercialSpread:
    com = settings()["commercial"]

    def num(key: str) -> float:
        return float(value(com[key]))

    return CommercialSpread(
        share_with_deductible=num("share_with_deductible"),
        deductible_mean=num("deductible_mean"),
        deductible_spread=num("deductible_spread"),
        oop_max_low=num("oop_max_low"),
        oop_max_high=num("oop_max_high"),
        coinsurance_options=tuple(
            (float(o["coinsurance"]), float(o["share"]))
            for o in com["coinsurance_options"]["options"]
        ),
        without_oon_benefit=num("without_oon_benefit"),
        accumulator_share=num("accumulator_share"),
    )


# --- affordability and the page's price sweep -------------------------------------------------


def affordability_shares() -> dict[str, float]:
    """{test name: share} for the affordability tests (income_10, income_25, capacity_40,
    savings_10)."""
    return {str(name): float(value(e)) for name, e in settings()["affordability"].items()}


def default_threshold() -> str:
    """Name of the affordability test used unless one is chosen."""
    return str(value(settings()["default_threshold"]))


def price_sweep() -> tuple[float, float, float]:
    """(lowest, highest, step) per-session price of the page's price-sweep chart (USD)."""
    cfg = settings()["price_sweep"]
    return float(cfg["low"]), float(cfg["high"]), float(cfg["step"])


# --- policy levers ---------------------------------------------------------------------------


def _reforms() -> dict[str, Any]:
    return dict(settings()["reforms"])


def reform_setting(name: str) -> Any:
    """A reform lever's parameter (`population.reforms`), as a bare value."""
    return value(_reforms()[name])


def price_cap() -> float:
    """Default of the price-cap lever, USD per treatment session."""
    return float(value(_reforms()["price_cap"]))


def manufacturer_annual_max() -> float:
    """Default yearly maximum of manufacturer help under the "cap raised" lever (USD)."""
    return float(value(_reforms()["manufacturer_annual_max"]))


def sliding_scale_tiers() -> tuple[tuple[float, float], ...]:
    """(below this % of poverty, discount) tiers of the sliding-scale lever, in order."""
    return tuple(
        (float(t["below_poverty_percent"]), float(t["discount"]))
        for t in _reforms()["sliding_scale"]["tiers"]
    )


def parity_treatments() -> tuple[str, ...]:
    """Treatments the coverage-parity lever brings up to `parity_covered_like`'s coverage."""
    return tuple(str(t) for t in _reforms()["coverage_parity"]["treatments"])


def parity_covered_like() -> str:
    """The treatment whose coverage the parity lever copies."""
    return str(_reforms()["coverage_parity"]["covered_like"])


def lever_texts() -> dict[str, tuple[str, str]]:
    """{lever: (label, help)} as written, with {placeholders} for figures (filled when shown)."""
    levers = settings()["lever_labels"]["levers"]
    return {str(name): (str(t["label"]), str(t["help"])) for name, t in levers.items()}


# --- issue 15: the course, the people a run stands for, payers, uncertainty and work bounds ---


def default_course() -> str:
    """The named course the equity tool prices unless one is chosen (the typical course)."""
    return str(value(settings()["default_course"]))


def people_in_need() -> float:
    """US adults who could seek one of these treatments in a year (treatment-resistant depression)."""
    return _number("people_in_need")


def max_work() -> int:
    """The most household courses one equity run may settle."""
    return int(value(settings()["max_work"]))


def household_block() -> int:
    """Households per chunk of work (a state's sample is split into blocks this size or less)."""
    return int(value(settings()["household_block"]))


def uncertainty_draws_range() -> tuple[int, int]:
    """(fewest, most) parameter draws a run with `uncertainty:` may ask for."""
    return int(value(settings()["min_uncertainty_draws"])), int(
        value(settings()["max_uncertainty_draws"])
    )


def uncertainty_spread() -> float:
    """Relative spread (plus or minus) of an uncertain figure without a published range."""
    return _number("uncertainty_spread")


def oop_cap() -> float:
    """Default of the out-of-pocket-cap lever, USD a year."""
    return float(value(settings()["new_reforms"]["oop_cap"]))


def state_subsidy() -> tuple[float, float]:
    """(below this % of poverty, at most this share of income) of the state-subsidy lever."""
    new = settings()["new_reforms"]
    return (
        float(value(new["state_subsidy_below_poverty_percent"])),
        float(value(new["state_subsidy_max_share_of_income"])),
    )


def scheduler_timeout() -> float:
    """Seconds to wait for a Dask scheduler before giving up (--scheduler)."""
    return _number("scheduler_timeout")


def page_settings() -> tuple[int, int, int, tuple[str, ...]]:
    """(households per state, parameter draws, map households per state, opening levers) of
    the Access & equity page."""
    cfg = settings()
    return (
        int(value(cfg["page_default_households"])),
        int(value(cfg["page_uncertainty_draws"])),
        int(value(cfg["page_map_households"])),
        tuple(str(n) for n in value(cfg["page_default_levers"])),
    )
