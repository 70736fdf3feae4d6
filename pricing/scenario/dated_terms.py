"""Rule 14: which of a scenario's figures follow the defaults' dates, and their values over a course.

A default may hold several values by date (pricing/defaults/dated.py). Each claim uses the values
in force for it:
- plan-year figures (the plan template's dated terms: its deductible, coinsurance, copay and
  out-of-pocket maximum; under Original Medicare the deductible is Part B's) take the value in
  force on the first day of the claim's plan year; so do Medicare's own figures (Part D's
  deductible, coinsurance and threshold, Medigap N's visit copay), whose year is the calendar
  year, which is Medicare's plan year (rule 10);
- prices (intake, drug, treatment, therapy) take the value in force on the claim's date.

Given versus default. A scenario always holds every figure (fill.py lays the file over the
defaults), and the dashboard, the share link and the YAML download all hand the engine full
scenarios, so "the file gave it" cannot mean "the key is present". The one reading that gives the
same answer everywhere: a figure equal to the default in force at the start of the course (the
first plan year's first day; for a price, the start date) is the default, and follows its dates;
any other value is the person's own and applies to every year. fill.py fills with exactly those
values, so a file that leaves a figure out and one that writes the default's value agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from pricing import defaults
from pricing.course import COMPONENTS, visits
from pricing.defaults import dated, medicare, spravato
from pricing.scenario.base import PriceRange
from pricing.scenario.models import Scenario

# Medicare's own dated figures (pricing/defaults/medicare.yaml key) -> the scenario's field.
MEDICARE_FIGURES = {
    "part_d_deductible": ("part_d", "deductible"),
    "part_d_coinsurance": ("part_d", "coinsurance"),
    "part_d_out_of_pocket_threshold": ("part_d", "out_of_pocket_threshold"),
    "medigap_n_visit_copay": ("medicare", "visit_copay"),
}
LABELS = {
    "deductible": "the plan's deductible",
    "coinsurance": "the plan's coinsurance",
    "copay": "the plan's copay",
    "oop_max": "the plan's out-of-pocket maximum",
    "part_d.deductible": "the Part D deductible",
    "part_d.coinsurance": "the Part D coinsurance",
    "part_d.out_of_pocket_threshold": "the Part D out-of-pocket threshold",
    "medicare.visit_copay": "Medigap Plan N's visit copay",
}
PRICE_LABELS = {
    "intake": "intake price",
    "drug": "drug price",
    "treatment": "session price",
    "therapy": "therapy session price",
}
NO_PRICE = PriceRange(low=0, high=0)


def plan_year_start(day: dt.date, start_month: int) -> dt.date:
    """The first day of the plan year that holds `day` (rule 1)."""
    return dt.date(day.year if day.month >= start_month else day.year - 1, start_month, 1)


def plan_year_starts(first: dt.date, last: dt.date, start_month: int) -> list[dt.date]:
    """The first day of every plan year from the one holding `first` to the one holding `last`."""
    begin = plan_year_start(first, start_month)
    end = plan_year_start(last, start_month)
    return [dt.date(year, start_month, 1) for year in range(begin.year, end.year + 1)]


def calendar_year_start(day: dt.date) -> dt.date:
    """Medicare's plan year and Part D's year: the calendar year (rule 10)."""
    return dt.date(day.year, 1, 1)


@dataclass(frozen=True)
class YearFigure:
    """A plan-year figure that follows the defaults: its value in each plan year of the course
    (the first one is the scenario's own), and which of those are projected."""

    field: str  # "oop_max", "part_d.deductible", ...: the path under `insurance`
    values: tuple[float | None, ...]  # None: no cap
    years: tuple[dt.date, ...]  # each plan year's first day
    projected: tuple[bool, ...]
    label: str  # "the plan's out-of-pocket maximum", "Medicare's Part B deductible", ...


def plan_id_for(kind: str, supplement: str | None = None) -> str:
    """The plan template a scenario starts from: the kind's default, or Medicare Advantage."""
    if kind == "medicare" and supplement == "advantage":
        return "medicare_advantage"
    return defaults.plan_for_kind(kind)


def _plan_id(scenario: Scenario) -> str:
    ins = scenario.insurance
    return plan_id_for(ins.kind, ins.medicare.supplement if ins.medicare else None)


def _insurance_value(scenario: Scenario, path: str) -> Any:
    node: Any = scenario.insurance
    for part in path.split("."):
        node = None if node is None else getattr(node, part)
    return node


def plan_terms_on(scenario: Scenario, day: dt.date) -> dict[str, tuple[Any, bool]]:
    """Every dated plan-year figure of the scenario's plan as the defaults give it on `day`:
    {insurance path: (value, projected)}."""
    found = dict(defaults.dated_terms(_plan_id(scenario), day))
    for key, (section, name) in MEDICARE_FIGURES.items():
        if _uses(scenario, section):
            found[f"{section}.{name}"] = medicare.figure(key, day)
    return found


def _uses(scenario: Scenario, section: str) -> bool:
    """Whether the ledger uses a Medicare section's figures (pricing.ledger.terms_for): Part D
    for a drug on the pharmacy benefit, Medigap N's visit copay under Plan N."""
    ins, drug = scenario.insurance, scenario.treatment.drug
    if ins.kind != "medicare" or getattr(ins, section) is None:
        return False
    if section == "part_d":
        return drug is not None and drug.benefit == "pharmacy"
    return ins.medicare is not None and ins.medicare.supplement == "medigap_n"


def year_figures(scenario: Scenario, last_day: dt.date) -> list[YearFigure]:
    """The plan-year figures that follow the defaults and change (or are projected) over the
    plan years from the start date's to `last_day`'s."""
    month = scenario.insurance.plan_year_start_month
    starts = plan_year_starts(scenario.start_date, last_day, month)
    by_year = [plan_terms_on(scenario, day) for day in starts]
    found = []
    for path, (first, _) in by_year[0].items():
        if _insurance_value(scenario, path) != first:
            continue  # the person's own figure: the same every year
        values = tuple(year[path][0] for year in by_year)
        projected = tuple(bool(year[path][1]) for year in by_year)
        if len(set(values)) > 1 or any(projected):
            found.append(YearFigure(path, values, tuple(starts), projected, _label(scenario, path)))
    return found


def _label(scenario: Scenario, path: str) -> str:
    if path == "deductible" and _plan_id(scenario) == "original_medicare":
        return "Medicare's Part B deductible"
    return LABELS.get(path, path)


def year_name(first_day: dt.date) -> str:
    """A plan year as people say it: "2027" when it is the calendar year, else "the plan year
    from July 2027"."""
    if first_day.month == 1:
        return str(first_day.year)
    return f"the plan year from {first_day:%B %Y}"


# ---------------------------------------------------------------------------------------------
# Prices: the value in force on each claim's date.


def _price_entries(scenario: Scenario) -> dict[str, Any]:
    """The defaults entry each of the scenario's prices is filled from, by component (fill.py:
    the modality's prices; Spravato's visit and drug when the bill is split)."""
    info = defaults.modality(scenario.modality)
    split = scenario.treatment.drug is not None
    return {
        "intake": info["intake_price"],
        "drug": spravato.price_entry("drug_price") if split else None,
        "treatment": spravato.price_entry("visit_price") if split else info["treatment_price"],
        "therapy": info["therapy_price"],
    }


def component_prices(scenario: Scenario) -> list[PriceRange]:
    """The scenario's own price ranges in component-code order (intake, drug, treatment,
    therapy: pricing.course.COMPONENTS); a bundled bill has no drug claims, so its drug price is
    never used."""
    drug = scenario.treatment.drug
    return [
        scenario.intake.price,
        drug.price if drug is not None else NO_PRICE,
        scenario.treatment.price,
        scenario.therapy.price,
    ]


def _range(value: Any) -> PriceRange:
    return PriceRange.model_validate(value if isinstance(value, dict) else float(value))


def _price_label(scenario: Scenario, component: str) -> str:
    """'the Spravato drug price', 'the Spravato visit price' (a split bill's treatment claim)..."""
    name = PRICE_LABELS[component]
    if component == "treatment" and scenario.treatment.drug is not None:
        name = "visit price"
    return f"the {defaults.modality_short(scenario.modality)} {name}"


@dataclass(frozen=True)
class PricePeriods:
    """Spans of the course within which every price stays the same: `starts[p]` is the first
    day of span p (`starts[0]` the start date); `ranges[p]` its price per component, in
    pricing.course.COMPONENTS order (a bundled bill's drug price is 0 and never used)."""

    starts: tuple[dt.date, ...]
    ranges: tuple[tuple[PriceRange, ...], ...]
    projected: tuple[str, ...]  # the default prices used past their last published value

    def period_of(self, day: dt.date) -> int:
        return bisect.bisect_right(self.starts, day) - 1


def price_periods(scenario: Scenario, last_day: dt.date) -> PricePeriods:
    """The scenario's prices over its course: a price equal to the dated default in force on the
    start date follows that default's dates up to `last_day`; any other is the same throughout."""
    own = dict(zip(COMPONENTS, component_prices(scenario), strict=True))
    followed: dict[str, Any] = {}
    for comp, entry in _price_entries(scenario).items():
        if entry is None or not dated.is_dated(entry):
            continue
        if _range(dated.value_on(entry, scenario.start_date)[0]) == own[comp]:
            followed[comp] = entry
    changes = sorted(
        {
            d
            for e in followed.values()
            for d in dated.changes_between(e, scenario.start_date, last_day)
        }
    )
    starts = (scenario.start_date, *changes)
    ranges = tuple(
        tuple(
            _range(dated.value_on(followed[c], day)[0]) if c in followed else own[c]
            for c in COMPONENTS
        )
        for day in starts
    )
    projected = tuple(
        f"{_price_label(scenario, c)} (${_range(dated.value_on(e, last_day)[0]).low:,.0f} to "
        f"${_range(dated.value_on(e, last_day)[0]).high:,.0f}) "
        f"after {dated.published_until(e):%-d %B %Y}"
        for c, e in followed.items()
        if dated.value_on(e, last_day)[1]
    )
    return PricePeriods(starts, ranges, projected)


# ---------------------------------------------------------------------------------------------
# What the estimate's warnings name.


def last_claim_day(scenario: Scenario) -> dt.date:
    course = visits(scenario.treatment.phases, scenario.start_date, scenario.therapy.sessions)
    return max(v.date for v in course)


def projected_prices(scenario: Scenario, last_day: dt.date | None = None) -> list[str]:
    """Rule 14: every default price the course uses past its last published value, named with
    its value and the day its publication ends (for the estimate's warnings)."""
    last = last_claim_day(scenario) if last_day is None else last_day
    return list(price_periods(scenario, last).projected)


def projected_figures(scenario: Scenario, last_day: dt.date | None = None) -> list[str]:
    """Rule 14: every plan-year figure the course uses past its last published value, each
    named with its value and the plan year it is used for (for the estimate's warnings)."""
    last = last_claim_day(scenario) if last_day is None else last_day
    found = []
    for figure in year_figures(scenario, last):
        for year, value, projected in zip(
            figure.years, figure.values, figure.projected, strict=True
        ):
            if projected:
                shown = "no cap" if value is None else _shown(figure.field, value)
                found.append(f"{figure.label} ({shown}) for {year_name(year)}")
    return found


def _shown(field: str, value: float) -> str:
    return f"{value:.0%}" if field.endswith("coinsurance") else f"${value:,.0f}"
