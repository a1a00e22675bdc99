"""The scheduler decides the whole plan together: one test per class of cross-day case.

Each case has a plan that a day-by-day scheduler misses (loaded work placed later than
it could be, weekly patterns chosen without the windows, two loaded muscle groups, the
repeated hour of a fall-back night). Every plan found here must pass footdrop.check_plan.
"""

from __future__ import annotations

import datetime as dt
import itertools
from unittest import mock

import pytest

import footdrop
from footdrop import (
    Availability,
    Category,
    Dose,
    Exercise,
    Laterality,
    Position,
    Prescription,
    Range,
    Routine,
    Side,
    Timing,
    Weekday,
    Window,
)
from footdrop.exceptions import FootdropError, InfeasibleScheduleError, ScheduleBudgetError
from footdrop.scheduling import _day

W = Weekday
UTC = dt.UTC


def exercise(
    eid: str,
    *,
    reps: int = 10,
    sets: int = 1,
    sessions: int = 1,
    days: int = 7,
    weekdays: tuple[Weekday, ...] = tuple(Weekday),
    spacing: int = 0,
    loaded: bool = False,
    muscles: tuple[str, ...] = ("tibialis anterior",),
    position: Position = Position.SEATED,
) -> Exercise:
    return Exercise(
        id=eid,
        name=eid.replace("-", " "),
        category=Category.ANKLE_STRENGTH,
        position=position,
        laterality=Laterality.BOTH_TOGETHER,
        steps=("Do the movement slowly.",),
        dose=Dose(sets=Range.exactly(sets), reps=Range.exactly(reps), rest_between_sets_seconds=30),
        timing=Timing(
            sessions_per_day=Range.exactly(sessions),
            days_per_week=days,
            weekdays=weekdays,
            min_spacing_minutes=spacing,
        ),
        target_muscles=muscles,
        is_loaded=loaded,
    )


def routine_of(*exercises: Exercise) -> Routine:
    return Routine(affected=Side.LEFT, items=[Prescription(exercise=e) for e in exercises])


def planned(routine: Routine, availability: Availability, start: dt.date, days: int):
    plan = footdrop.schedule(routine, start=start, days=days, availability=availability)
    assert () == footdrop.check_plan(plan, routine, availability)
    return plan


def loaded_starts(plan: footdrop.Plan, eid: str) -> list[dt.datetime]:
    return [
        s.start.astimezone(UTC)
        for d in plan.days
        for s in d.sessions
        if any(i.exercise_id == eid for i in s.items)
    ]


class TestAcrossTheHorizon:
    def test_the_working_week(self):
        """The article's programme on a working week has a plan, and check_plan accepts it."""
        W = footdrop.Weekday  # noqa: N806 - the issue's example, verbatim
        av = footdrop.Availability(
            tz="Europe/London",
            windows=[
                footdrop.Window(
                    start=dt.time(16),
                    end=dt.time(21, 30),
                    weekdays=(W.MONDAY, W.TUESDAY, W.THURSDAY, W.FRIDAY),
                ),
                footdrop.Window(start=dt.time(6), end=dt.time(10), weekdays=(W.WEDNESDAY,)),
                footdrop.Window(
                    start=dt.time(8), end=dt.time(12, 30), weekdays=(W.SATURDAY, W.SUNDAY)
                ),
            ],
        )
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 1, 5), days=28, availability=av)
        assert () == footdrop.check_plan(plan, routine, av)
        hips = [
            d.date.weekday() for d in plan.days if "standing-hip-external-rotation" in d.counts()
        ]
        assert 12 == len(hips)

    def test_a_single_loaded_exercise_gets_its_earliest_start(self):
        """Loaded work starts as early as its day allows, so two days later still has room."""
        drill = exercise("long-drill", reps=40, sessions=2, days=1, weekdays=(W.MONDAY,))
        press = exercise(
            "hip-press", reps=40, days=2, weekdays=(W.MONDAY, W.WEDNESDAY), loaded=True
        )  # 3 minutes each, too long to share a session of at most 4
        availability = Availability(
            tz="Europe/London",
            windows=[
                Window(start=dt.time(8), end=dt.time(20), weekdays=(W.MONDAY,)),
                Window(start=dt.time(8), end=dt.time(8, 30), weekdays=(W.WEDNESDAY,)),
            ],
            max_session_minutes=4,
            min_rest_minutes=60,
        )
        routine = routine_of(drill, press)
        plan = planned(routine, availability, dt.date(2026, 6, 1), 3)
        monday, wednesday = loaded_starts(plan, "hip-press")
        assert dt.timedelta(hours=48) == wednesday - monday
        assert dt.time(8) == plan.days[2].sessions[0].start.time()

    def test_loaded_work_three_days_a_week_follows_the_windows(self):
        """Of the even weekly patterns, the scheduler takes one the windows can hold 48 h apart."""
        press = exercise("hip-press", days=3, loaded=True)
        evening = (W.MONDAY, W.WEDNESDAY)
        rest = tuple(d for d in Weekday if d not in (*evening, W.FRIDAY))
        availability = Availability(
            tz="Europe/London",
            windows=[
                Window(start=dt.time(18), end=dt.time(20), weekdays=evening),
                Window(start=dt.time(7), end=dt.time(9), weekdays=(W.FRIDAY,)),
                Window(start=dt.time(7), end=dt.time(20), weekdays=rest),
            ],
        )
        routine = routine_of(press)
        plan = planned(routine, availability, dt.date(2026, 6, 1), 21)
        starts = loaded_starts(plan, "hip-press")
        assert 9 == len(starts)
        assert all(b - a >= dt.timedelta(hours=48) for a, b in itertools.pairwise(starts))

    def test_two_loaded_muscle_groups(self):
        """With two loaded groups on one day, the order that frees the next date is found."""
        hips = exercise(
            "hip-press",
            reps=50,
            days=2,
            weekdays=(W.MONDAY, W.FRIDAY),
            loaded=True,
            muscles=("gluteus medius",),
        )
        calves = exercise(
            "calf-press",
            reps=40,
            days=2,
            weekdays=(W.MONDAY, W.WEDNESDAY),
            loaded=True,
            muscles=("gastrocnemius",),
        )
        availability = Availability(
            tz="Europe/London",
            windows=[
                Window(start=dt.time(8), end=dt.time(10), weekdays=(W.MONDAY,)),
                Window(start=dt.time(8), end=dt.time(8, 5), weekdays=(W.WEDNESDAY,)),
            ],
            max_session_minutes=4,
            min_rest_minutes=5,
        )
        routine = routine_of(hips, calves)
        plan = planned(routine, availability, dt.date(2026, 6, 1), 3)
        monday, wednesday = loaded_starts(plan, "calf-press")
        assert dt.timedelta(hours=48) == wednesday - monday
        first = plan.days[0].sessions[0]
        assert ["calf-press"] == [i.exercise_id for i in first.items]
        assert dt.time(8) == first.start.time()

    def test_the_fall_back_night_holds_the_repeated_hour_twice(self):
        """A one-hour window over the repeated hour lasts two hours: 01:30 EDT and 01:30 EST."""
        drill = exercise("night-drill", reps=10, sessions=2, spacing=60)
        night = Availability.daily(
            start=dt.time(1),
            end=dt.time(2),
            tz="America/New_York",
            max_sessions_per_day=2,
            min_rest_minutes=0,
        )
        routine = routine_of(drill)
        plan = planned(routine, night, dt.date(2026, 11, 1), 1)
        first, second = plan.days[0].sessions
        assert dt.timedelta(hours=1) <= second.start.astimezone(UTC) - first.start.astimezone(UTC)
        assert first.start.time() <= dt.time(1, 59)
        assert second.start.time() <= dt.time(1, 59)


class TestCrossDayReasons:
    def test_the_binding_pair_of_dates_is_named(self):
        """Monday evening and Wednesday morning loaded work: the reason names both dates."""
        press = exercise("hip-press", days=2, weekdays=(W.MONDAY, W.WEDNESDAY), loaded=True)
        availability = Availability(
            tz="Europe/London",
            windows=[
                Window(start=dt.time(18), end=dt.time(20), weekdays=(W.MONDAY,)),
                Window(start=dt.time(7), end=dt.time(9), weekdays=(W.WEDNESDAY,)),
            ],
        )
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(press), start=dt.date(2026, 6, 1), days=7, availability=availability
            )
        (reason,) = caught.value.reasons
        assert ("48-hour", "hip-press", "2026-06-03") == (
            reason.constraint,
            reason.exercise_id,
            reason.date,
        )
        assert "Monday evening (2026-06-01)" in reason.message
        assert "Wednesday morning (2026-06-03)" in reason.message
        assert 48 == reason.needed
        assert reason.available is not None
        assert reason.available < 48


class TestBudget:
    def test_the_budget_error_is_a_footdrop_error(self):
        """Running out of search steps is an error of footdrop's own, never an 'infeasible'."""
        error = ScheduleBudgetError("stopped", nodes=10, date="2026-06-01")
        assert isinstance(error, FootdropError)
        assert isinstance(error, RuntimeError)
        assert not isinstance(error, InfeasibleScheduleError)
        assert (10, "2026-06-01") == (error.nodes, error.date)

    @pytest.mark.parametrize("steps", [1, 5])
    def test_a_spent_budget_stops_the_search_with_its_own_error(self, steps):
        """With too few search steps, schedule() says it stopped; it never claims 'no plan'."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        with (
            mock.patch.object(_day, "SEARCH_STEPS", steps),
            pytest.raises(ScheduleBudgetError) as caught,
        ):
            footdrop.schedule(routine, start=dt.date(2026, 6, 1), days=7, availability=day)
        assert caught.value.nodes >= steps
        assert "never guesses 'infeasible'" in str(caught.value)

    def test_the_article_programme_fits_well_within_the_budget(self):
        """A year of the article's programme spends a small share of the search budget."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        with mock.patch.object(_day, "SEARCH_STEPS", _day.SEARCH_STEPS // 10):
            plan = footdrop.schedule(routine, start=dt.date(2026, 6, 1), days=364, availability=day)
        assert 364 == len(plan.days)
