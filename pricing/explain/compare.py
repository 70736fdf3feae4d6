"""Compare options' words and choices: which course each treatment is priced for, the period
picker's options, the typical course (as people usually stay on it), cheapest and dearest.

The figures come from pricing.compare (the same Comparison the CLI and tests use); this module
only chooses and phrases. `typical_scenario` and `with_typical` let the page price a treatment's
typical course beside the others' period course without recomputing anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pricing import compare as engine
from pricing import course
from pricing.compare import Comparison
from pricing.estimate import Estimate
from pricing.report import money
from pricing.scenario import Scenario, from_dict, to_dict

INTRO = (
    "Each treatment with its usual course and published prices, under the insurance you set on "
    "Estimate my cost (your own treatment keeps the prices you typed there). Not a quote, and not "
    "medical advice: the right treatment is a clinical decision."
)


def treatment_names() -> dict[str, str]:
    """Every treatment Compare can price, by modality, with its short name."""
    return engine.treatment_names()


def period_options() -> tuple[int, ...]:
    return engine.period_options()


def default_period() -> int:
    return engine.default_period()


def period_label(months: int) -> str:
    return f"{months} months"


def period_weeks(months: int) -> int:
    """A period in whole weeks, as pricing.course counts a course's first months."""
    return engine.period_weeks(months)


def typical_offered(chosen: Iterable[str]) -> list[str]:
    """The chosen treatments that have a typical course (claims data), in the chosen order."""
    return [m for m in chosen if course.has_typical(m)]


def typical_fits(modality: str, months: int) -> bool:
    """Whether the typical course ends within the period (else its total would not be a
    total over the same period as the others')."""
    return course.weeks(course.typical(modality)) <= period_weeks(months)


def typical_toggle_label(chosen: Iterable[str]) -> str:
    names = treatment_names()
    which = " and ".join(names[m] for m in typical_offered(chosen))
    return f"Price {which} as people usually stay on it"


def typical_help(chosen: Iterable[str], months: int) -> str:
    """What the toggle does, or why it is off for this period."""
    names = treatment_names()
    lines = [
        f"{names[m]}: {course.describe_named(m, 'typical')} over "
        f"{course.weeks(course.typical(m))} weeks, from claims data (instead of the label's "
        "full schedule)."
        for m in typical_offered(chosen)
    ]
    short = [m for m in typical_offered(chosen) if not typical_fits(m, months)]
    if short:
        lines.append(
            f"Choose a period of at least {period_label(_months_needed(short))} to use it: the "
            "typical course is longer than this period."
        )
    return " ".join(lines)


def _months_needed(modalities: list[str]) -> int:
    for months in sorted(period_options()):
        if all(typical_fits(m, months) for m in modalities):
            return months
    return max(period_options())


def typical_scenario(base: Scenario, modality: str) -> Scenario:
    """`base` priced for `modality` over its typical course (Compare's rules for prices)."""
    data = to_dict(engine.scenario_for(base, modality, None))
    data["treatment"]["phases"] = course.typical(modality)
    return from_dict(data)


def with_typical(comparison: Comparison, typical: dict[str, Estimate]) -> Comparison:
    """The comparison with some treatments' estimates replaced by their typical course."""
    return Comparison(
        estimates={m: typical.get(m, est) for m, est in comparison.estimates.items()},
        horizon_months=comparison.horizon_months,
    )


def courses_priced(comparison: Comparison, typical: Iterable[str] = ()) -> list[str]:
    """Per treatment, which course it is priced for: 'IV ketamine: first 12 months: 13
    treatment sessions'."""
    names = treatment_names()
    typical = set(typical)
    out = []
    for m in comparison.estimates:
        if m in typical:
            words = course.describe_named(m, "typical")
        else:
            words = course.describe_first_months(m, comparison.horizon_months)
        out.append(f"{names[m]}: {words}")
    return out


def totals_title(months: int) -> str:
    return f"What you pay over {period_label(months)}"


def totals_summary(comparison: Comparison) -> str:
    """The summary under the totals chart: cheapest and dearest over the whole period."""
    cheapest = comparison.cheapest_over_period()
    dearest = comparison.dearest_over_period()
    return (
        f"Summary: over {period_label(comparison.horizon_months)} {cheapest.treatment} costs you "
        f"least ({money(cheapest.total)} at midpoint prices) and {dearest.treatment} most "
        f"({money(dearest.total)}); whiskers run from the low to the high quotes."
    )


def lines_summary(comparison: Comparison) -> str:
    """The summary under the 'paid so far' chart: when the cheapest option changes, if it does."""
    return "Summary: " + " ".join(comparison.answer()[-1:])


def money_columns(table: pd.DataFrame) -> list[str]:
    """The table's columns that hold dollars (to format them as money)."""
    return [c for c in table.columns if c not in ("treatment", "modality", "sessions")]


def warning_lines(comparison: Comparison) -> list[str]:
    """Every treatment's warnings (projected figures, coverage), each naming its treatment."""
    names = treatment_names()
    return [f"{names[m]}: {w}" for m, est in comparison.estimates.items() for w in est.warnings]
