"""What a course is: the one place that knows course templates, phases and dated visits.

A course is a list of phases (docs/method.md, "Schedule"). Each phase has one shape:
- `sessions_per_week: n, weeks: w`: n*w sessions, on day 7k + floor(7i/n) of the phase;
- `every_weeks: e, weeks: w`: ceil(w/e) sessions, on day 7ej;
- `sessions: n, weeks: w`: n sessions, on day floor(7wj/n).
Phase p starts 7 * (weeks of the phases before it) days after the start date. Therapy session j
falls on treatment session j's date (extra ones weekly after the last treatment); the intake falls
on the start date. Visits on one date are settled in COMPONENTS order.

Templates (pricing/defaults/courses.yaml) give each treatment an induction and a maintenance
rhythm. Every named course the tools price is built here:
- `standard(m, months)`: induction, then maintenance for `months` months (the estimate form);
- `first_months(m, months)`: induction, then maintenance until `months` months from the start
  (Compare's horizons; the equity tool's "first_year" is `first_months(m, 12)`);
- `induction(m)`: the induction series alone (the clinic's course and the equity "induction");
- `typical(m)`: the course as people usually stay on it (claims data), where one is known.
Phases here are plain dicts (what a scenario file holds); this module sits below `scenario` so
that filling a scenario from the defaults can use it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pricing import defaults

# What a person travels for, each with its coverage rule (declared in `defaults`, below this
# module, whose coverage rules are keyed by the same names: one copy).
VISIT_COMPONENTS = defaults.COMPONENTS
# Components of a bill, in settlement order on one date (docs/method.md, "Schedule"): a split
# Spravato bill adds a drug claim before the visit on the visit's own date (rule 8).
COMPONENTS = ("intake", "drug", "treatment", "therapy")
# Which coverage rule each claim follows: the drug claim has the treatment's (rule 8).
COVERED_AS = {
    "intake": "intake",
    "drug": "treatment",
    "treatment": "treatment",
    "therapy": "therapy",
}
COMPONENT_ORDER = {name: code for code, name in enumerate(COMPONENTS)}
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
NAMED_COURSES = ("first_year", "induction", "typical")


class PhaseShape(Protocol):
    """What the schedule reads of a phase (a scenario's `Phase` model has these fields)."""

    @property
    def name(self) -> str: ...
    @property
    def weeks(self) -> int: ...
    @property
    def sessions_per_week(self) -> int | None: ...
    @property
    def every_weeks(self) -> int | None: ...
    @property
    def sessions(self) -> int | None: ...


@dataclass(frozen=True)
class Visit:
    date: dt.date
    component: str  # one of COMPONENTS
    phase: str  # the course phase a treatment visit belongs to ("" for intake/therapy)


@dataclass(frozen=True)
class _Phase:
    """A phase read from plain data (a template or a scenario file's dict)."""

    weeks: int
    name: str = "phase"
    sessions_per_week: int | None = None
    every_weeks: int | None = None
    sessions: int | None = None


def _shape(phase: PhaseShape | Mapping[str, Any]) -> PhaseShape:
    return _Phase(**phase) if isinstance(phase, Mapping) else phase


# ---------------------------------------------------------------------------------------------
# Phases to days and visits.


def phase_days(phase: PhaseShape | Mapping[str, Any]) -> list[int]:
    """Day offsets of a phase's sessions from the start of that phase."""
    p = _shape(phase)
    if p.sessions_per_week:
        n = p.sessions_per_week
        return [7 * k + (7 * i) // n for k in range(p.weeks) for i in range(n)]
    if p.every_weeks:
        e = p.every_weeks
        return [7 * e * j for j in range(math.ceil(p.weeks / e))]
    n = p.sessions or 0
    return [(7 * p.weeks * j) // n for j in range(n)]


def phase_sessions(phase: PhaseShape | Mapping[str, Any]) -> int:
    """How many treatment sessions a phase holds (the length of `phase_days`, without the list)."""
    p = _shape(phase)
    if p.sessions_per_week:
        return p.sessions_per_week * p.weeks
    if p.every_weeks:
        return math.ceil(p.weeks / p.every_weeks)
    return p.sessions or 0


def sessions(phases: Sequence[PhaseShape | Mapping[str, Any]]) -> int:
    """Treatment sessions in a whole course."""
    return sum(phase_sessions(p) for p in phases)


def weeks(phases: Sequence[PhaseShape | Mapping[str, Any]]) -> int:
    """Length of a course in weeks."""
    return sum(_shape(p).weeks for p in phases)


def treatment_visits(
    phases: Sequence[PhaseShape | Mapping[str, Any]], start: dt.date
) -> list[Visit]:
    found: list[Visit] = []
    offset_weeks = 0
    for phase in phases:
        p = _shape(phase)
        phase_start = start + dt.timedelta(days=7 * offset_weeks)
        found += [
            Visit(phase_start + dt.timedelta(days=d), "treatment", p.name) for d in phase_days(p)
        ]
        offset_weeks += p.weeks
    return found


def therapy_dates(treatment_dates: list[dt.date], count: int) -> list[dt.date]:
    dates = treatment_dates[:count]
    last = treatment_dates[-1]
    dates += [last + dt.timedelta(weeks=j) for j in range(1, count - len(dates) + 1)]
    return dates


def visits(
    phases: Sequence[PhaseShape | Mapping[str, Any]], start: dt.date, therapy_sessions: int
) -> list[Visit]:
    """Every visit of a course, in settlement order: the intake, treatments and therapy."""
    treatments = treatment_visits(phases, start)
    therapy = [
        Visit(day, "therapy", "")
        for day in therapy_dates([v.date for v in treatments], therapy_sessions)
    ]
    intake = [Visit(start, "intake", "")]
    return sorted(
        intake + treatments + therapy, key=lambda v: (v.date, COMPONENT_ORDER[v.component])
    )


# ---------------------------------------------------------------------------------------------
# Templates: the named courses every tool prices.


def template(modality: str) -> dict[str, Any]:
    """The treatment's course template (courses.yaml), with its label and maintenance rhythm."""
    return defaults.course(defaults.modality(modality)["course"])


def induction(modality: str) -> list[dict[str, Any]]:
    """The treatment's induction series as phases."""
    return [dict(p) for p in template(modality)["induction"]]


def default_maintenance_months(modality: str) -> int:
    return int(template(modality)["default_maintenance_months"])


def maintenance_every_weeks(modality: str) -> int:
    return int(template(modality)["maintenance"]["every_weeks"])


def standard(modality: str, maintenance_months: float | None = None) -> list[dict[str, Any]]:
    """Induction, then maintenance for `maintenance_months` (default: the template's own)."""
    months = (
        default_maintenance_months(modality) if maintenance_months is None else maintenance_months
    )
    phases = induction(modality)
    extra = round(months * WEEKS_PER_YEAR / MONTHS_PER_YEAR)
    if extra > 0:
        phases.append({**template(modality)["maintenance"], "weeks": extra})
    return phases


def first_months(modality: str, months: int) -> list[dict[str, Any]]:
    """Induction, then the maintenance rhythm until `months` months after the first session."""
    phases = induction(modality)
    rest = round(months * WEEKS_PER_YEAR / MONTHS_PER_YEAR) - weeks(phases)
    if rest > 0:
        phases.append({**template(modality)["maintenance"], "weeks": rest})
    return phases


def typical(modality: str) -> list[dict[str, Any]]:
    """The course as people usually stay on it (real-world claims data), where the template has
    one; otherwise the first year of the label's schedule."""
    found = template(modality).get("typical")
    if found is None:
        return first_months(modality, MONTHS_PER_YEAR)
    return [dict(p) for p in found["phases"]]


def has_typical(modality: str) -> bool:
    return "typical" in template(modality)


def named(modality: str, course: str) -> list[dict[str, Any]]:
    """A course by name (NAMED_COURSES): "first_year", "induction" or "typical"."""
    if course == "induction":
        return induction(modality)
    if course == "typical":
        return typical(modality)
    if course == "first_year":
        return first_months(modality, MONTHS_PER_YEAR)
    raise ValueError(f"'{course}' is not one of {', '.join(NAMED_COURSES)}")


def induction_sessions(modality: str) -> int:
    return sessions(induction(modality))


def maintenance_months_of(
    modality: str, phases: Sequence[Mapping[str, Any]], up_to: int
) -> int | None:
    """Whole months of maintenance (0..up_to) if `phases` is the treatment's standard course,
    else None (a custom course)."""
    wanted = [{k: v for k, v in p.items() if v is not None} for p in phases]
    for months in range(up_to + 1):
        if standard(modality, months) == wanted:
            return months
    return None


# ---------------------------------------------------------------------------------------------
# Words: which course a figure is for.


def describe(phases: Sequence[PhaseShape | Mapping[str, Any]]) -> str:
    """'19 sessions over 52 weeks' for any course."""
    n, w = sessions(phases), weeks(phases)
    return f"{n} treatment session{'s' if n != 1 else ''} over {w} week{'s' if w != 1 else ''}"


def describe_named(modality: str, course: str) -> str:
    """Which course a tool prices, in words: 'first 12 months: 19 sessions'."""
    phases = named(modality, course)
    n = sessions(phases)
    what = {
        "first_year": f"first {MONTHS_PER_YEAR} months",
        "induction": "the first series only",
        "typical": "as people usually stay on it",
    }[course]
    return f"{what}: {n} treatment session{'s' if n != 1 else ''}"


def describe_first_months(modality: str, months: int) -> str:
    n = sessions(first_months(modality, months))
    return f"first {months} months: {n} treatment session{'s' if n != 1 else ''}"
