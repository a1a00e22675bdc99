# ruff: noqa: PT017 - properties branch on whether a plan exists, then assert on either outcome
"""footdrop.schedule against an independent CP-SAT model of the multi-day rules.

The model (``tests/cpsat_model.py``) is written from the documented rules and shares
no code with the scheduler. On random multi-day instances with weekly patterns,
loaded work and per-weekday windows, both must agree on whether a plan exists, and
every plan either returns must pass footdrop.check_plan.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from unittest import mock

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Category,
    DayPlan,
    Dose,
    DurationModel,
    Exercise,
    Laterality,
    Pace,
    Plan,
    PlanItem,
    Position,
    Prescription,
    Range,
    Routine,
    Session,
    Side,
    Timing,
    Weekday,
    Window,
)
from footdrop.exceptions import InfeasibleScheduleError
from footdrop.scheduling import _search

sys.path.insert(0, str(Path(__file__).parent))
import cpsat_model  # the helper module lives beside this file
from cpsat_model import Job, Problem

MINUTE_REPS = DurationModel(
    paces={},
    default=Pace(seconds_per_rep=60, side_switch_seconds=0, reason="one minute a repetition"),
    position_change_seconds=0,
)
MONDAY = dt.date(2026, 6, 1)  # no clock change for weeks around it in London
IDS = ("exercise-a", "exercise-b", "exercise-c")


def routine_of(problem: Problem) -> Routine:
    items = []
    for eid, job in zip(IDS, problem.jobs, strict=False):
        exercise = Exercise(
            id=eid,
            name=eid.replace("-", " "),
            category=Category.ANKLE_STRENGTH,
            position=Position.SEATED,
            laterality=Laterality.BOTH_TOGETHER,
            steps=("Move slowly.",),
            dose=Dose(
                sets=Range.exactly(1),
                reps=Range.exactly(job.minutes),
                rest_between_sets_seconds=0,
            ),
            timing=Timing(
                sessions_per_day=Range.exactly(job.count),
                min_spacing_minutes=job.spacing,
                weekdays=tuple(Weekday.of(MONDAY + dt.timedelta(days=d)) for d in job.weekdays),
                days_per_week=job.days_per_week,
            ),
            is_loaded=job.loaded,
            target_muscles=tuple(sorted(job.muscles)),
        )
        items.append(Prescription(exercise=exercise))
    return Routine(affected=Side.LEFT, items=items)


def availability_of(problem: Problem) -> Availability:
    def clock(minutes: int) -> dt.time:
        return dt.time(minutes // 60, minutes % 60)

    by_window: dict[tuple[int, int], list[int]] = {}
    for d, windows in enumerate(problem.windows):
        for window in windows:
            by_window.setdefault(window, []).append(d)
    return Availability(
        windows=[
            Window(
                start=clock(a),
                end=clock(b),
                weekdays=tuple(Weekday.of(MONDAY + dt.timedelta(days=d)) for d in days),
            )
            for (a, b), days in sorted(by_window.items())
        ],
        tz=problem.zone,
        max_session_minutes=problem.max_session,
        max_sessions_per_day=problem.max_sessions,
        min_rest_minutes=problem.rest,
    )


def plan_of(problem: Problem, found: list[list[tuple[int, int, tuple[int, ...]]]]) -> Plan:
    """The CP-SAT answer as a footdrop.Plan, built from public models only."""
    days = []
    for t, sessions in enumerate(found):
        days.append(
            DayPlan(
                date=problem.start + dt.timedelta(days=t),
                sessions=tuple(
                    Session(
                        start=cpsat_model.local(problem, t, start),
                        end=cpsat_model.local(problem, t, start + length),
                        items=tuple(
                            PlanItem(
                                exercise_id=IDS[i],
                                side=None,
                                sets=1,
                                reps=problem.jobs[i].minutes,
                                rest_between_sets_seconds=0,
                            )
                            for i in members
                        ),
                    )
                    for start, length, members in sorted(sessions)
                ),
                fallbacks=(),
            )
        )
    return Plan(tz=problem.zone, days=tuple(days))


@st.composite
def windows_st(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    """One or two windows between 06:00 and 22:00, on a 15-minute grid."""
    first = draw(st.integers(24, 76)) * 15
    end = min(1320, first + draw(st.integers(2, 40)) * 15)
    windows = [(first, end)]
    if end <= 1200 and draw(st.booleans()):
        second = min(1290, end + draw(st.integers(1, 16)) * 15)
        windows.append((second, min(1320, second + draw(st.integers(2, 24)) * 15)))
    return tuple(windows)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    jobs = []
    for _ in range(draw(st.integers(1, 3))):
        weekdays = frozenset(
            draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
            if draw(st.booleans())
            else range(7)
        )
        jobs.append(
            Job(
                minutes=draw(st.sampled_from([15, 15, 30, 45, 60])),
                count=draw(st.sampled_from([1, 1, 1, 2])),
                spacing=draw(st.sampled_from([0, 0, 0, 120, 240])),
                loaded=draw(st.booleans()),
                muscles=frozenset(draw(st.sets(st.sampled_from(["calf", "hip"]), min_size=1))),
                weekdays=weekdays,
                days_per_week=draw(st.integers(1, len(weekdays))),
            )
        )
    templates = [draw(windows_st()), draw(windows_st())]
    which = [draw(st.sampled_from([0, 0, 1, 1, None])) for _ in range(7)]
    if all(w is None for w in which):  # an availability holds at least one window
        which[draw(st.integers(0, 6))] = 0
    return Problem(
        jobs=tuple(jobs),
        windows=tuple(templates[w] if w is not None else () for w in which),
        max_session=draw(st.sampled_from([30, 60, 90, 120])),
        max_sessions=draw(st.sampled_from([1, 2, 3])),
        rest=draw(st.sampled_from([0, 30, 60])),
        start=MONDAY + dt.timedelta(days=draw(st.integers(0, 6))),
        days=draw(st.integers(1, 10)),
        zone="Europe/London",
    )


def run(problem: Problem) -> Plan | None:
    try:
        return footdrop.schedule(
            routine_of(problem),
            start=problem.start,
            days=problem.days,
            availability=availability_of(problem),
            durations=MINUTE_REPS,
        )
    except InfeasibleScheduleError:
        return None


class TestModel:
    def test_the_model_sees_loaded_work_too_close_across_days(self):
        """Monday evening and Wednesday morning loaded work cannot be 48 h apart."""
        evening, morning = ((1080, 1200),), ((420, 540),)
        job = Job(
            minutes=15,
            count=1,
            spacing=0,
            loaded=True,
            muscles=frozenset({"hip"}),
            weekdays=frozenset({0, 2}),
            days_per_week=2,
        )
        problem = Problem(
            jobs=(job,),
            windows=(evening, (), morning, (), (), (), ()),
            max_session=30,
            max_sessions=1,
            rest=0,
            start=MONDAY,
            days=3,
            zone="Europe/London",
        )
        assert cpsat_model.solve(problem) is None
        later = attrs.evolve(problem, windows=(evening, (), evening, *((),) * 4))
        assert cpsat_model.solve(later) is not None

    def test_the_model_picks_a_pattern_the_windows_allow(self):
        """Three days a week: an even pattern exists that keeps loaded work 48 h apart."""
        evening, morning, day = ((1080, 1200),), ((420, 540),), ((420, 1200),)
        job = Job(
            minutes=15,
            count=1,
            spacing=0,
            loaded=True,
            muscles=frozenset({"hip"}),
            weekdays=frozenset(range(7)),
            days_per_week=3,
        )
        problem = Problem(
            jobs=(job,),
            windows=(evening, day, evening, day, morning, day, day),
            max_session=30,
            max_sessions=1,
            rest=0,
            start=MONDAY,
            days=14,
            zone="Europe/London",
        )
        found = cpsat_model.solve(problem)
        assert found is not None
        assert () == footdrop.check_plan(
            plan_of(problem, found), routine_of(problem), availability_of(problem)
        )


class TestCrossCheck:
    @settings(max_examples=400)
    @given(problem=problems())
    def test_schedule_and_cpsat_agree(self, problem: Problem) -> None:
        """Same feasibility, and every plan of either passes check_plan."""
        plan = run(problem)
        found = cpsat_model.solve(problem)
        assert (found is not None) == (plan is not None)
        routine, availability = routine_of(problem), availability_of(problem)
        if plan is not None:
            assert () == footdrop.check_plan(plan, routine, availability)
        if found is not None:
            assert () == footdrop.check_plan(plan_of(problem, found), routine, availability)

    @settings(max_examples=60)
    @given(problem=problems())
    def test_quick_tries_keep_the_answer(self, problem: Problem) -> None:
        """Shuffled quick tries (forced here after 10 steps) never change whether a plan exists."""
        with mock.patch.object(_search, "TRY_STEPS", 10):
            plan = run(problem)
        assert (cpsat_model.solve(problem) is not None) == (plan is not None)
        if plan is not None:
            assert () == footdrop.check_plan(plan, routine_of(problem), availability_of(problem))


def named_dates(error: InfeasibleScheduleError) -> set[str]:
    """Every ISO date the reasons of *error* name, in their fields or their messages."""
    found = set()
    for reason in error.reasons:
        if reason.date is not None:
            found.add(reason.date)
        found.update(re.findall(r"\d{4}-\d{2}-\d{2}", reason.message))
    return found


class TestReasons:
    @settings(max_examples=150)
    @given(problem=problems())
    def test_every_date_named_lies_inside_the_plan(self, problem: Problem) -> None:
        """An infeasible plan is explained by its own dates, never by a date after it."""
        try:
            footdrop.schedule(
                routine_of(problem),
                start=problem.start,
                days=problem.days,
                availability=availability_of(problem),
                durations=MINUTE_REPS,
            )
        except InfeasibleScheduleError as error:
            inside = {
                (problem.start + dt.timedelta(days=n)).isoformat() for n in range(problem.days)
            }
            assert named_dates(error) <= inside
            assert error.reasons
