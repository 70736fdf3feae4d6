"""Compare options' words and choices: which course, plan and dates each treatment is priced
for, the period picker's options, the typical course (as people usually stay on it), cheapest
and dearest, the approve/refuse pair of a treatment that needs prior authorisation, and the
CLI's readable table.

The figures come from pricing.compare (the same Comparison the CLI and tests use); this module
only chooses and phrases. `typical_scenario` and `with_typical` let the page price a treatment's
typical course beside the others' period course without recomputing anything itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pricing import compare as engine
from pricing import course
from pricing.compare import Comparison
from pricing.estimate import BOUNDS, Estimate
from pricing.explain.estimate import Outcome, approval_pair, chance_sentence
from pricing.explain.words import day
from pricing.report import money
from pricing.scenario import Scenario, from_dict, to_dict
from pricing.scenario.dated_terms import year_figures, year_name

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
    """Every treatment's warnings (projected figures, coverage), each naming its treatment; a
    warning every compared treatment shares is said once."""
    names = treatment_names()
    given = {m: est.warnings for m, est in comparison.estimates.items()}
    lists = list(given.values())
    shared = [w for w in lists[0] if len(lists) > 1 and all(w in ws for ws in lists)]
    return [f"Every treatment: {w}" for w in shared] + [
        f"{names[m]}: {w}" for m, ws in given.items() for w in ws if w not in shared
    ]


# ---------------------------------------------------------------------------------------------
# Which plan and which dates every figure is for.

MEDICARE_TYPES = {
    "none": "Original Medicare (Part B) alone",
    "medigap_g": "Original Medicare with a Medigap Plan G",
    "medigap_n": "Original Medicare with a Medigap Plan N",
    "advantage": "a Medicare Advantage plan",
}


def _yearly(scenario: Scenario, field: str, last_day: dt.date | None, own: str) -> str:
    """A plan-year figure in words: its value in each plan year the period reaches when it
    follows the defaults' dates (rule 14: "$10,600 in 2026, $12,000 in 2027"), else `own`."""
    if last_day is None:
        return own
    for figure in year_figures(scenario, last_day):
        if figure.field == field and len(set(figure.values)) > 1:
            return ", ".join(
                f"{'none' if v is None else money(v)} in {year_name(y)}"
                for v, y in zip(figure.values, figure.years, strict=True)
            )
    return own


def plan_words(scenario: Scenario, last_day: dt.date | None = None) -> str:
    """The person's plan in words, from its own terms (they may have typed them); with the
    period's last day, a figure that changes with the plan year is given for each year."""
    ins = scenario.insurance
    if ins.kind == "none":
        return "no insurance (you pay the clinic's price)"
    if ins.kind == "medicaid":
        return f"Medicaid ({money(ins.copay)} copay per covered visit)"
    if ins.kind == "medicare" and (ins.medicare is None or ins.medicare.supplement != "advantage"):
        supplement = "none" if ins.medicare is None else ins.medicare.supplement
        deductible = _yearly(scenario, "deductible", last_day, money(ins.deductible))
        return f"{MEDICARE_TYPES[supplement]} (Part B deductible {deductible})"
    what = MEDICARE_TYPES["advantage"] if ins.kind == "medicare" else "your commercial plan"
    cap = (
        "no out-of-pocket maximum"
        if ins.oop_max is None
        else f"out-of-pocket maximum {_yearly(scenario, 'oop_max', last_day, money(ins.oop_max))}"
    )
    share = f"{money(ins.copay)} copay" if ins.copay > 0 else f"{ins.coinsurance:.0%} coinsurance"
    year = dt.date(2000, ins.plan_year_start_month, 1)
    return f"{what} ({money(ins.deductible)} deductible, {share}, {cap}; plan year from {year:%B})"


def period_end(comparison: Comparison) -> dt.date:
    """The period's last day: the day before the same date `horizon_months` later."""
    return engine.months_later(comparison.start, comparison.horizon_months) - dt.timedelta(days=1)


def figures_for(comparison: Comparison) -> str:
    """One sentence under the answer: the plan, the dates and the prices every figure is for."""
    first = next(iter(comparison.estimates.values())).scenario
    years = sorted({v.date.year for e in comparison.estimates.values() for v in e.visits})
    spans = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return (
        f"Every figure is what you pay under {plan_words(first, period_end(comparison))}, from "
        f"{day(comparison.start)} "
        f"to {day(period_end(comparison))} ({period_label(comparison.horizon_months)}; bills "
        f"dated {spans}), at midpoint prices unless a range is shown."
    )


# ---------------------------------------------------------------------------------------------
# Rule 13: approved and refused, side by side, never blended.


@dataclass(frozen=True)
class ApprovalRow:
    """One treatment that needs prior authorisation: its chance and both outcomes."""

    modality: str
    treatment: str
    chance: float
    chance_words: str
    approved: Outcome
    refused: Outcome
    refused_range: dict[str, float]  # out-of-pocket if refused: low, mid, high


def chance_words(estimate: Estimate) -> str:
    """The approval chance and what it rests on, in the Estimate's own words (one wording
    everywhere: a study's finding, an assumption with its basis, or the person's own figure)."""
    chance = estimate.approval_chance
    assert chance is not None
    return chance_sentence(estimate.scenario, chance)


def approval_rows(comparison: Comparison) -> list[ApprovalRow]:
    """Each compared treatment with a prior-authorisation step, in the comparison's order."""
    rows = []
    names = treatment_names()
    for modality, est in comparison.estimates.items():
        pair = approval_pair(est)
        denied = est.denied_out_of_pocket()
        if pair is None or est.approval_chance is None or denied is None:
            continue
        _, approved, refused = pair
        rows.append(
            ApprovalRow(
                modality,
                names[modality],
                est.approval_chance,
                chance_words(est),
                approved,
                refused,
                denied,
            )
        )
    return rows


def approval_intro(comparison: Comparison) -> str:
    """Why some treatments show two figures."""
    names = " and ".join(r.treatment for r in approval_rows(comparison))
    return (
        f"Your plan must approve {names} first (prior authorisation). The comparison's figures "
        "are the approved case; if the plan refuses, you pay the refused figure instead. You pay "
        "one of the two, never an average of them."
    )


# ---------------------------------------------------------------------------------------------
# The CLI's readable table (`python -m pricing compare FILE`).


def readable(comparison: Comparison) -> str:
    """The comparison as a plain-text table: each treatment's out-of-pocket by each horizon and
    over the period (low, mid, high), the cheapest marked, then the refused case, the answer,
    the courses and every warning."""
    table = comparison.table()
    cheapest = comparison.cheapest_over_period().modality
    horizons = [c for c in table.columns if c.startswith("by ")]
    lines = [
        f"Compare treatments over {period_label(comparison.horizon_months)}: "
        f"{day(comparison.start)} to {day(period_end(comparison))}",
        f"Plan: {plan_words(next(iter(comparison.estimates.values())).scenario, period_end(comparison))}",
        "",
        f"{'':22}{'sessions':>9}"
        + "".join(f"{c:>13}" for c in horizons)
        + "".join(f"{'total ' + b:>13}" for b in BOUNDS),
    ]
    for _, row in table.iterrows():
        mark = "*" if row["modality"] == cheapest else " "
        lines.append(
            f"{mark} {row['treatment']:20}{row['sessions']:>9}"
            + "".join(f"{money(row[c]):>13}" for c in horizons)
            + "".join(f"{money(row[f'total {b}']):>13}" for b in BOUNDS)
        )
    lines.append(
        f"* cheapest over {period_label(comparison.horizon_months)} at midpoint prices; "
        "by N months: paid in the first N months (midpoint prices)."
    )
    rows = approval_rows(comparison)
    if rows:
        lines += ["", approval_intro(comparison)]
        for r in rows:
            low, high = money(r.refused_range["low"]), money(r.refused_range["high"])
            lines.append(
                f"  {r.treatment}: if approved {r.approved.likely}; if refused "
                f"{r.refused.likely} ({low} to {high}). {r.chance_words}"
            )
    lines += ["", *comparison.answer(), "", "Courses priced:"]
    lines += [f"  {c}" for c in courses_priced(comparison)]
    lines += [f"Note: {w}" for w in warning_lines(comparison)]
    return "\n".join(lines)
