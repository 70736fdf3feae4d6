"""The access & equity tool's section of a scenario file (computed by pricing/equity/)."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import Field, field_validator

from pricing.defaults import population
from pricing.scenario.base import InsuranceKind, Modality, Money, Share, Strict
from pricing.scenario.errors import ScenarioLevelError, did_you_mean

EquityLever = Literal[
    "coverage_parity",
    "medicaid_covers_spravato",
    "manufacturer_all_kinds",
    "manufacturer_cap",
    "ban_accumulators",
    "sliding_scale",
    "price_cap",
    "oon_therapy",
    "oop_cap",
    "state_subsidy",
    "medicaid_covers_iv",
]


class EquityMix(Strict):
    """Changes to the simulated population's mix; anything left out keeps its sourced default."""

    insurance_by_band: dict[str, dict[InsuranceKind, Share]] | None = None
    income_shares: list[Share] | None = Field(default=None, max_length=20)
    household_sizes: dict[int, Share] | None = None
    non_expansion_share: Share | None = None


class EquityReformPackage(Strict):
    """Levers pulled together as one reform; price_cap and manufacturer_annual_max in USD."""

    coverage_parity: bool = False
    medicaid_covers_spravato: bool = False
    manufacturer_all_kinds: bool = False
    manufacturer_annual_max: Money | None = None
    ban_accumulators: bool = False
    sliding_scale: bool = False
    price_cap: Money | None = None
    oon_therapy: bool = False
    oop_cap: Money | None = None
    state_subsidy: bool = False
    medicaid_covers_iv: bool = False


FEWEST_DRAWS, MOST_DRAWS = population.uncertainty_draws_range()


class EquitySection(Strict):
    """The access & equity run: population size, course, affordability test, mix and reforms.

    `reforms` is a list of lever names (each evaluated alone) or {name: {lever: value}}; they
    are also stacked in the order given. `states`: "all" or postal codes (omitted: the national
    population); `households` is then per state. `uncertainty: K` draws every uncertain figure K
    times. `course` omitted: the defaults' course (the typical one).
    """

    households: int | None = Field(default=None, ge=1, le=2_000_000)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    course: Literal["first_year", "induction", "typical"] | None = None
    states: Literal["all"] | list[str] | None = Field(default=None)
    uncertainty: int | None = Field(default=None, ge=FEWEST_DRAWS, le=MOST_DRAWS)
    threshold: Literal["income_10", "income_25", "capacity_40", "savings_10"] = "income_10"
    treatments: list[Modality] | None = Field(default=None, min_length=1, max_length=5)
    mix: EquityMix | None = None
    reforms: dict[str, EquityReformPackage] | None = Field(default=None, max_length=16)

    @field_validator("states", mode="before")
    @classmethod
    def _state_codes(cls, raw: Any) -> Any:
        """Postal codes of the 50 states and DC (any case), each once; "all" for every one."""
        if not isinstance(raw, list):
            return raw
        # Imported here: the state table is read only by a file that names states.
        from pricing.defaults.states import STATE_CODES as known

        if not raw:
            raise ScenarioLevelError("equity.states", "list at least one state, or write all")
        codes: list[str] = []
        for i, code in enumerate(raw):
            upper = str(code).strip().upper()
            if upper not in known:
                hint = did_you_mean(upper, list(known))
                raise ScenarioLevelError(
                    f"equity.states[{i}]",
                    f"'{code}' is not a state (postal codes of the 50 states and DC){hint}",
                )
            if upper in codes:
                raise ScenarioLevelError(f"equity.states[{i}]", f"'{upper}' is listed twice")
            codes.append(upper)
        return codes

    @field_validator("reforms", mode="before")
    @classmethod
    def _lever_list(cls, raw: Any) -> Any:
        """A list of lever names means each lever alone, with its default parameter."""
        if not isinstance(raw, list):
            return raw
        names = list(get_args(EquityLever))
        packages: dict[str, Any] = {}
        for i, name in enumerate(raw):
            if name not in names:
                hint = did_you_mean(str(name), names)
                raise ScenarioLevelError(
                    f"equity.reforms[{i}]", f"'{name}' is not a lever ({', '.join(names)}){hint}"
                )
            if name == "price_cap":
                packages[name] = {"price_cap": population.reform_setting("price_cap")}
            elif name == "manufacturer_cap":
                cap = population.reform_setting("manufacturer_annual_max")
                packages[name] = {"manufacturer_annual_max": cap}
            elif name == "oop_cap":
                packages[name] = {"oop_cap": population.oop_cap()}
            else:
                packages[name] = {name: True}
        return packages
