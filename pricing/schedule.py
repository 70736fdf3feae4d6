"""Course phases to dated visits, exactly as DESIGN.md "Engine semantics / Schedule" says.

Phase shapes (days counted from the phase's own start):
- sessions_per_week n for w weeks: n*w sessions, on day 7k + floor(7i/n);
- every_weeks e for w weeks: ceil(w/e) sessions, on day 7ej;
- sessions n over w weeks: n sessions, on day floor(7wj/n).
Phase p starts 7 * (weeks of the phases before it) days after start_date. Therapy session j falls
on treatment session j's date (extra ones weekly after the last treatment); the intake falls on
start_date. Visits on one date are ordered intake, treatment, therapy.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from pricing.scenario import Phase, Scenario

COMPONENT_ORDER = {"intake": 0, "treatment": 1, "therapy": 2}


@dataclass(frozen=True)
class Visit:
    date: dt.date
    component: str  # intake | treatment | therapy
    phase: str  # the course phase a treatment visit belongs to ("" for intake/therapy)


def phase_days(phase: Phase) -> list[int]:
    """Day offsets of a phase's sessions from the start of that phase."""
    weeks = phase.weeks
    if phase.sessions_per_week:
        n = phase.sessions_per_week
        return [7 * k + (7 * i) // n for k in range(weeks) for i in range(n)]
    if phase.every_weeks:
        e = phase.every_weeks
        return [7 * e * j for j in range(math.ceil(weeks / e))]
    n = phase.sessions or 0
    return [(7 * weeks * j) // n for j in range(n)]


def treatment_visits(phases: list[Phase], start: dt.date) -> list[Visit]:
    visits: list[Visit] = []
    offset_weeks = 0
    for phase in phases:
        phase_start = start + dt.timedelta(days=7 * offset_weeks)
        visits += [
            Visit(phase_start + dt.timedelta(days=d), "treatment", phase.name)
            for d in phase_days(phase)
        ]
        offset_weeks += phase.weeks
    return visits


def therapy_dates(treatment_dates: list[dt.date], sessions: int) -> list[dt.date]:
    dates = treatment_dates[:sessions]
    last = treatment_dates[-1]
    dates += [last + dt.timedelta(weeks=j) for j in range(1, sessions - len(dates) + 1)]
    return dates


def visits(scenario: Scenario) -> list[Visit]:
    """Every visit of the scenario's course, in settlement order."""
    treatments = treatment_visits(scenario.treatment.phases, scenario.start_date)
    therapy = [
        Visit(day, "therapy", "")
        for day in therapy_dates([v.date for v in treatments], scenario.therapy.sessions)
    ]
    intake = [Visit(scenario.start_date, "intake", "")]
    return sorted(
        intake + treatments + therapy, key=lambda v: (v.date, COMPONENT_ORDER[v.component])
    )
