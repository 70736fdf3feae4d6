"""Golden cases for pricing/schedule.py: the three phase shapes and the therapy-date rules.

Every expected date below was worked out by hand from DESIGN.md "Engine semantics / Schedule"
before the code was run:
- sessions_per_week n, weeks w: n*w sessions on day 7k + floor(7i/n) of the phase;
- every_weeks e, weeks w: ceil(w/e) sessions on day 7ej;
- sessions n, weeks w: n sessions on day floor(7wj/n);
- phase p starts 7 * (weeks of the phases before it) days after start_date;
- therapy session j on treatment session j's date, extra ones weekly after the last treatment;
- the intake on start_date; on one date the order is intake, treatment, therapy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pricing import course, defaults
from pricing.course import phase_days, therapy_dates, treatment_visits
from pricing.course import standard as default_course_phases
from pricing.course import visits as course_visits
from pricing.scenario import Phase, from_dict


def visits(s):  # type: ignore[no-untyped-def]
    return course_visits(s.treatment.phases, s.start_date, s.therapy.sessions)


START = dt.date(2027, 1, 4)  # a Monday


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def test_sessions_per_week_shape() -> None:
    # n=2, w=2: k=0 -> 0, floor(7/2)=3; k=1 -> 7, 10.
    assert phase_days(Phase(sessions_per_week=2, weeks=2)) == [0, 3, 7, 10]
    # n=3, w=1: floor(0)=0, floor(7/3)=2, floor(14/3)=4 (Mon, Wed, Fri).
    assert phase_days(Phase(sessions_per_week=3, weeks=1)) == [0, 2, 4]
    # n=7, w=1: every day.
    assert phase_days(Phase(sessions_per_week=7, weeks=1)) == [0, 1, 2, 3, 4, 5, 6]


def test_every_weeks_shape() -> None:
    # e=4, w=10: ceil(10/4) = 3 sessions on days 0, 28, 56 (the last 2 weeks hold no session).
    assert phase_days(Phase(every_weeks=4, weeks=10)) == [0, 28, 56]
    # e=2, w=8: ceil(8/2) = 4 sessions on days 0, 14, 28, 42.
    assert phase_days(Phase(every_weeks=2, weeks=8)) == [0, 14, 28, 42]
    # e=6, w=1: ceil(1/6) = 1 session on day 0.
    assert phase_days(Phase(every_weeks=6, weeks=1)) == [0]


def test_sessions_over_weeks_shape() -> None:
    # n=6, w=2: floor(14j/6) for j=0..5 = 0, 2 (2.33), 4 (4.67), 7, 9 (9.33), 11 (11.67).
    assert phase_days(Phase(sessions=6, weeks=2)) == [0, 2, 4, 7, 9, 11]
    # n=4, w=8: floor(56j/4) = 0, 14, 28, 42.
    assert phase_days(Phase(sessions=4, weeks=8)) == [0, 14, 28, 42]
    # n=1, w=3: day 0 only.
    assert phase_days(Phase(sessions=1, weeks=3)) == [0]


def test_phases_follow_each_other() -> None:
    # The Spravato label: 2/week for 4 weeks (days 0,3,7,10,14,17,21,24), then 1/week for
    # 4 weeks starting on day 7*4 = 28 (days 28, 35, 42, 49), then every 2 weeks for 8 weeks
    # starting on day 7*(4+4) = 56 (ceil(8/2) = 4 sessions: days 56, 70, 84, 98).
    phases = [
        Phase(name="a", sessions_per_week=2, weeks=4),
        Phase(name="b", sessions_per_week=1, weeks=4),
        Phase(name="c", every_weeks=2, weeks=8),
    ]
    got = treatment_visits(phases, START)
    expected = [0, 3, 7, 10, 14, 17, 21, 24, 28, 35, 42, 49, 56, 70, 84, 98]
    assert [v.date for v in got] == [day(d) for d in expected]
    assert [v.phase for v in got] == ["a"] * 8 + ["b"] * 4 + ["c"] * 4


def test_default_spravato_course_is_the_label_schedule() -> None:
    # Induction 2/week x 4 weeks and 1/week x 4 weeks, then maintenance every 2 weeks for
    # round(4 months * 52 / 12) = round(17.33) = 17 weeks -> ceil(17/2) = 9 sessions.
    phases = default_course_phases("spravato")
    assert phases[0]["sessions_per_week"] == 2 and phases[0]["weeks"] == 4
    assert phases[1]["sessions_per_week"] == 1 and phases[1]["weeks"] == 4
    assert phases[2]["every_weeks"] == 2 and phases[2]["weeks"] == 17
    assert len(treatment_visits([Phase(**p) for p in phases], START)) == 8 + 4 + 9
    # With no maintenance the course is the induction alone.
    assert len(default_course_phases("spravato", maintenance_months=0)) == 2


def test_therapy_dates() -> None:
    treatments = [day(0), day(3), day(7)]
    # Fewer therapy sessions than treatments: the first ones' dates.
    assert therapy_dates(treatments, 2) == [day(0), day(3)]
    # More: after the last treatment (day 7), weekly: days 14 and 21.
    assert therapy_dates(treatments, 5) == [day(0), day(3), day(7), day(14), day(21)]
    assert therapy_dates(treatments, 0) == []


def _scenario(**fields: Any) -> Any:
    return from_dict(
        {"version": 1, "modality": "kap_lozenge", "start_date": "2027-01-06", **fields}
    )


def test_visits_order_and_intake_date() -> None:
    # Start Wednesday 2027-01-06; 2 dosing sessions over 2 weeks: days floor(14j/2) = 0, 7.
    # 3 therapy sessions: day 0, day 7, then day 14. Intake on day 0.
    # Settlement order on day 0: intake, treatment, therapy.
    scenario = _scenario(
        treatment={"price": 400, "phases": [{"sessions": 2, "weeks": 2}]},
        therapy={"sessions": 3, "price": 200},
    )
    got = [(v.date.isoformat(), v.component) for v in visits(scenario)]
    assert got == [
        ("2027-01-06", "intake"),
        ("2027-01-06", "treatment"),
        ("2027-01-06", "therapy"),
        ("2027-01-13", "treatment"),
        ("2027-01-13", "therapy"),
        ("2027-01-20", "therapy"),
    ]


@pytest.mark.parametrize(
    "phase",
    [
        {"sessions_per_week": 2, "weeks": 4},
        {"every_weeks": 3, "weeks": 10},
        {"sessions": 6, "weeks": 2},
    ],
)
def test_phase_session_count_matches_its_dates(phase: dict) -> None:
    from pricing.course import phase_days
    from pricing.scenario import Phase

    shaped = Phase.model_validate(phase)
    assert shaped.session_count == len(phase_days(shaped))


def test_component_order_is_declared_once() -> None:
    # What a person travels for is the very tuple the coverage rules are keyed by; the claims
    # add Spravato's drug claim before the visit on the same date (rule 8).
    assert course.VISIT_COMPONENTS is defaults.COMPONENTS
    assert course.COMPONENTS == ("intake", "drug", "treatment", "therapy")
    assert [course.COMPONENT_ORDER[c] for c in course.COMPONENTS] == [0, 1, 2, 3]
    assert [c for c in course.COMPONENTS if c != "drug"] == list(course.VISIT_COMPONENTS)


def test_describe_named_says_which_course() -> None:
    # Spravato's first year: induction 2 a week for 4 weeks + weekly for 4 weeks = 12 sessions,
    # then the maintenance rhythm to week 52: 34 in all (courses.yaml); the words carry the
    # count and the period from MONTHS_PER_YEAR.
    n = course.sessions(course.first_months("spravato", course.MONTHS_PER_YEAR))
    assert n == 34
    assert (
        course.describe_named("spravato", "first_year")
        == f"first 12 months: {n} treatment sessions"
    )
    k = course.induction_sessions("spravato")
    assert course.describe_named("spravato", "induction") == (
        f"the first series only: {k} treatment sessions"
    )
