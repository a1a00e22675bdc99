"""Every plan footdrop.schedule returns passes the independent checker, footdrop.check_plan.

The routines and availabilities are random and small (a few catalogue exercises,
levels anywhere inside their ranges, one or two windows, rest days, skipped dates,
three time zones and dates around their clock changes). The checker shares no code
with the scheduler, so a plan that passes it has been verified independently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Level,
    Prescription,
    Range,
    Routine,
    Side,
    Sides,
    Weekday,
    Window,
    check_plan,
)
from footdrop.exceptions import InfeasibleScheduleError
from footdrop.testing import strategies

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe")
# The 2026 clock changes of the three zones (forward, back).
CHANGES = {
    "Europe/London": (dt.date(2026, 3, 29), dt.date(2026, 10, 25)),
    "America/New_York": (dt.date(2026, 3, 8), dt.date(2026, 11, 1)),
    "Australia/Lord_Howe": (dt.date(2026, 10, 4), dt.date(2026, 4, 5)),
}
CATALOGUE = footdrop.catalogue()


def value_in(draw: st.DrawFn, allowed: Range | None) -> int | None:
    return None if allowed is None else draw(st.integers(allowed.min, allowed.max))


@st.composite
def prescriptions(draw: st.DrawFn, eid: str) -> Prescription:
    exercise = CATALOGUE[eid]
    dose, timing = exercise.dose, exercise.timing
    if eid in ("ankle-eversion", "ankle-inversion"):
        low = draw(st.integers(1, 2))
        timing = attrs.evolve(
            timing,
            sessions_per_day=Range(min=low, max=draw(st.integers(low, 3))),
            min_spacing_minutes=draw(st.sampled_from([0, 60, 120, 180])),
        )
    if draw(st.integers(0, 3)) == 0:  # a quarter of the exercises follow an RFC 5545 rule
        rule = draw(strategies.recurrences())
        named = tuple(Weekday) if rule.interval_days is not None else rule.weekdays
        timing = attrs.evolve(timing, weekdays=named, days_per_week=len(named), recurrence=rule)
    elif not timing.is_daily:
        weekdays = draw(st.lists(st.sampled_from(Weekday), min_size=1, max_size=7, unique=True))
        timing = attrs.evolve(
            timing,
            weekdays=weekdays,
            days_per_week=draw(st.integers(1, min(len(weekdays), timing.days_per_week))),
        )
    support = None
    if dose.support is not None:
        support = draw(st.sampled_from(dose.support.levels))
    level = Level(
        sets=draw(st.integers(dose.sets.min, dose.sets.max)),
        sessions_per_day=draw(
            st.integers(timing.sessions_per_day.min, timing.sessions_per_day.max)
        ),
        reps=value_in(draw, dose.reps),
        hold_seconds=value_in(draw, dose.hold_seconds),
        letters=value_in(draw, dose.letters),
        rounds=value_in(draw, dose.rounds),
        steps=value_in(draw, dose.steps),
        support=support,
    )
    sides = Sides.TOGETHER
    if exercise.is_sided:
        sides = draw(st.sampled_from([Sides.BOTH, Sides.AFFECTED]))
    return Prescription(exercise=exercise, timing=timing, current=level, sides=sides)


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    ids = draw(st.lists(st.sampled_from(list(CATALOGUE)), min_size=1, max_size=4, unique=True))
    items = [draw(prescriptions(eid)) for eid in ids]
    return Routine(affected=draw(st.sampled_from(Side)), items=items)


def clock(quarter: int) -> dt.time:
    return dt.time(quarter // 4, quarter % 4 * 15)


@st.composite
def availabilities(draw: st.DrawFn, zone: str, start: dt.date) -> Availability:
    edges = sorted(draw(st.sets(st.integers(24, 88), min_size=2, max_size=4)))  # 06:00-22:00
    windows = [Window(start=clock(edges[0]), end=clock(edges[1]))]
    if len(edges) == 4:
        windows.append(Window(start=clock(edges[2]), end=clock(edges[3])))
    rest_days = draw(st.lists(st.sampled_from(Weekday), max_size=1))
    skipped = draw(st.lists(st.integers(0, 13), max_size=2, unique=True))
    settings_: dict[str, Any] = {
        "max_session_minutes": draw(st.sampled_from([15, 20, 30, 45, 60, 90])),
        "max_sessions_per_day": draw(st.integers(1, 6)),
        "min_rest_minutes": draw(st.sampled_from([0, 15, 30, 60, 120])),
    }
    return Availability(
        windows=windows,
        tz=zone,
        rest_weekdays=rest_days,
        skipped_dates=[start + dt.timedelta(days=n) for n in skipped],
        **settings_,
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Routine, dt.date, int, Availability]:
    zone = draw(st.sampled_from(ZONES))
    change = draw(st.sampled_from(CHANGES[zone]))
    start = change + dt.timedelta(days=draw(st.integers(-8, 2)))
    days = draw(st.integers(1, 14))
    return draw(routines()), start, days, draw(availabilities(zone, start))


class TestSchedulePassesChecker:
    @settings(max_examples=60)
    @given(case=cases())
    def test_every_plan_passes_check_plan(
        self, case: tuple[Routine, dt.date, int, Availability]
    ) -> None:
        """Any plan schedule returns for a random routine and availability has no violation."""
        routine, start, days, availability = case
        try:
            plan = footdrop.schedule(routine, start=start, days=days, availability=availability)
        except InfeasibleScheduleError:
            event("infeasible")
            return
        event("feasible")
        if any(p.timing.recurrence is not None for p in routine.items):
            event("with a recurrence")
        assert () == check_plan(plan, routine, availability)

    @pytest.mark.parametrize("zone", ZONES)
    def test_article_programme_four_weeks_across_clock_changes(self, zone: str) -> None:
        """The article's programme over 4 weeks on a 07:30-21:30 day passes, DST included."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz=zone)
        for change in CHANGES[zone]:
            start = change - dt.timedelta(days=14)
            plan = footdrop.schedule(routine, start=start, days=28, availability=day)
            assert () == check_plan(plan, routine, day)
            for day_plan in plan.days:
                for eid in ("ankle-eversion", "ankle-inversion"):
                    count = sum(
                        any(i.exercise_id == eid for i in s.items) for s in day_plan.sessions
                    )
                    assert 2 <= count <= 3

    def test_article_programme_from_today_passes(self) -> None:
        """The article's programme from 2026-11-23 for 4 weeks in London has no violation."""
        routine = Routine.from_catalogue(affected=Side.RIGHT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=28, availability=day)
        assert 28 == len(plan.days)
        assert () == check_plan(plan, routine, day)

    def test_skipped_date_keeps_the_weekly_days(self) -> None:
        """Skipping a Monday still leaves 3 days of the 3-a-week loaded exercise that week."""
        routine = Routine.from_catalogue(
            affected=Side.LEFT, only=["standing-hip-external-rotation"]
        )
        day = Availability.daily(
            start=dt.time(7, 30),
            end=dt.time(21, 30),
            tz="Europe/London",
            skipped_dates=[dt.date(2026, 11, 23)],
        )
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=14, availability=day)
        assert () == check_plan(plan, routine, day)

    def test_two_skipped_dates_keep_the_weekly_days(self) -> None:
        """With Monday and Tuesday skipped, Wednesday, Friday and Sunday still fit 48 h apart."""
        routine = Routine.from_catalogue(
            affected=Side.LEFT, only=["standing-hip-external-rotation"]
        )
        day = Availability(
            windows=[Window(start=dt.time(6), end=dt.time(6, 15))],
            tz="Europe/London",
            max_session_minutes=15,
            max_sessions_per_day=1,
            min_rest_minutes=0,
            skipped_dates=[dt.date(2026, 3, 30), dt.date(2026, 3, 31)],
        )
        plan = footdrop.schedule(routine, start=dt.date(2026, 3, 29), days=8, availability=day)
        assert () == check_plan(plan, routine, day)


class TestRecurrences:
    @pytest.mark.parametrize(
        ("rule", "kw", "expected"),
        [
            (footdrop.Recurrence.every(days=2), {}, [0, 2, 4, 6, 8, 10, 12]),
            (
                footdrop.Recurrence.weekly(Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY),
                {"days_per_week": 3},
                [0, 2, 4, 7, 9, 11],
            ),
            (footdrop.Recurrence.every(days=3, start=dt.date(2026, 11, 24)), {}, [1, 4, 7, 10, 13]),
        ],
    )
    def test_an_exercise_comes_on_its_due_dates_only(self, rule, kw, expected) -> None:
        """schedule() puts an exercise with a recurrence on exactly its due dates."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        items = [
            attrs.evolve(p, timing=attrs.evolve(p.timing, recurrence=rule, **kw))
            if p.exercise.id == "ankle-alphabet"
            else p
            for p in routine.items
        ]
        routine = attrs.evolve(routine, items=items)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        start = dt.date(2026, 11, 23)  # a Monday
        plan = footdrop.schedule(routine, start=start, days=14, availability=day)
        found = [
            (d.date - start).days
            for d in plan.days
            if any(i.exercise_id == "ankle-alphabet" for s in d.sessions for i in s.items)
        ]
        assert (expected, ()) == (found, check_plan(plan, routine, day))
