"""Tests for footdrop.schedule() and footdrop.iter_schedule().

Every plan the scheduler returns is checked here against every rule directly
(``assert_obeys``); the independent checker, ``footdrop.check_plan``, has its own tests.
"""

# ruff: noqa: PT017 - properties branch on whether a plan exists, then assert on either outcome
from __future__ import annotations

import datetime as dt
import itertools
import math
import zoneinfo
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Category,
    Dose,
    DurationModel,
    Exercise,
    Laterality,
    Level,
    Position,
    Prescription,
    Range,
    Routine,
    Side,
    Sides,
    Timing,
    Weekday,
    Window,
)
from footdrop.exceptions import (
    FootdropError,
    InfeasibleScheduleError,
    InvalidTypeError,
    InvalidValueError,
)

UTC = dt.UTC
DAY = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC")
#: Dates with a clock change in one of ZONES (2026), and plain dates.
CHANGE_DATES = (
    dt.date(2026, 3, 29),  # London spring forward
    dt.date(2026, 10, 25),  # London fall back
    dt.date(2026, 3, 8),  # New York spring forward
    dt.date(2026, 11, 1),  # New York fall back
    dt.date(2026, 4, 5),  # Lord Howe: back 30 minutes
    dt.date(2026, 10, 4),  # Lord Howe: forward 30 minutes
    dt.date(2026, 6, 15),
    dt.date(2026, 1, 12),
)


def make_exercise(
    eid: str,
    *,
    position: Position = Position.SEATED,
    laterality: Laterality = Laterality.BOTH_TOGETHER,
    sets: tuple[int, int] = (1, 1),
    reps: tuple[int, int] | None = (10, 10),
    hold: tuple[int, int] | None = None,
    sessions: tuple[int, int] = (1, 1),
    days: int = 7,
    weekdays: tuple[Weekday, ...] = tuple(Weekday),
    spacing: int = 0,
    loaded: bool = False,
    muscles: tuple[str, ...] = ("tibialis anterior",),
    rest: int = 30,
) -> Exercise:
    return Exercise(
        id=eid,
        name=eid.replace("-", " "),
        category=Category.ANKLE_STRENGTH,
        position=position,
        laterality=laterality,
        steps=("Do the movement slowly.",),
        dose=Dose(
            sets=Range(min=sets[0], max=sets[1]),
            reps=Range(min=reps[0], max=reps[1]) if reps else None,
            hold_seconds=Range(min=hold[0], max=hold[1]) if hold else None,
            rest_between_sets_seconds=rest,
        ),
        timing=Timing(
            sessions_per_day=Range(min=sessions[0], max=sessions[1]),
            days_per_week=days,
            weekdays=weekdays,
            min_spacing_minutes=spacing,
        ),
        target_muscles=muscles,
        is_loaded=loaded,
    )


def routine_of(*exercises: Exercise, affected: Side = Side.LEFT, **current: Level) -> Routine:
    items = []
    for e in exercises:
        p = Prescription(exercise=e)
        if e.id in current:
            p = attrs.evolve(p, current=current[e.id])
        items.append(p)
    return Routine(affected=affected, items=items)


def exists(moment: dt.datetime) -> bool:
    """Whether the wall-clock time of *moment* is a real local time in its zone."""
    wall = moment.replace(tzinfo=None)
    back = wall.replace(tzinfo=moment.tzinfo, fold=moment.fold).astimezone(UTC)
    return back.astimezone(moment.tzinfo).replace(tzinfo=None) == wall


def fallback_for(day: footdrop.DayPlan, eid: str, lever: str) -> footdrop.Fallback | None:
    return next((f for f in day.fallbacks if f.exercise_id == eid and f.lever == lever), None)


def assert_obeys(  # noqa: C901, PLR0912, PLR0915 - one assertion per documented rule, kept in one place
    plan: footdrop.Plan,
    routine: Routine,
    availability: Availability,
    *,
    start: dt.date,
    days: int,
    durations: DurationModel | None = None,
) -> None:
    """Assert every rule of the scheduler on *plan*, written out independently."""
    durations = durations or DurationModel()
    zone = zoneinfo.ZoneInfo(availability.tz)
    assert availability.tz == plan.tz
    assert [start + dt.timedelta(days=i) for i in range(days)] == [d.date for d in plan.days]
    loaded_sessions: list[tuple[dt.datetime, footdrop.Session, frozenset[str]]] = []
    weekdays_used: dict[str, set[int]] = {p.exercise.id: set() for p in routine}
    per_week: Counter[tuple[str, dt.date]] = Counter()
    for day in plan.days:
        weekday = Weekday.of(day.date)
        if weekday in availability.rest_weekdays or day.date in availability.skipped_dates:
            assert () == day.sessions
            continue
        assert len(day.sessions) <= availability.max_sessions_per_day
        windows = availability.windows_on(day.date)
        previous_end = None
        for session in day.sessions:
            start_utc = session.start.astimezone(UTC)
            end_utc = session.end.astimezone(UTC)
            for moment in (session.start, session.end):
                assert exists(moment)
                assert day.date == moment.date()
                assert moment.utcoffset() == moment.astimezone(zone).utcoffset()
            assert any(
                w.start <= session.start.time() and session.end.time() <= w.end for w in windows
            )
            minutes = (end_utc - start_utc) / dt.timedelta(minutes=1)
            assert minutes <= availability.max_session_minutes
            estimate = durations.session_estimate(session.items, routine)
            assert math.ceil(estimate.seconds / 60) == minutes
            if previous_end is not None:
                assert start_utc - previous_end >= dt.timedelta(
                    minutes=availability.min_rest_minutes
                )
            previous_end = end_utc
            loaded = frozenset(
                m
                for eid in session.exercise_ids
                if routine[eid].exercise.is_loaded
                for m in routine[eid].exercise.target_muscles
            )
            if loaded:
                loaded_sessions.append((start_utc, session, loaded))
        for p in routine:
            eid = p.exercise.id
            holding = [s for s in day.sessions if eid in s.exercise_ids]
            daily = p.timing.days_per_week >= len(p.timing.weekdays)
            if not holding:
                assert not (daily and weekday in p.timing.weekdays)
                continue
            weekdays_used[eid].add(weekday.index)
            per_week[eid, day.date - dt.timedelta(days=day.date.weekday())] += 1
            assert weekday in p.timing.weekdays
            count = len(holding)
            assert count in p.timing.sessions_per_day
            assert count <= p.current.sessions_per_day
            if count < p.current.sessions_per_day:
                found = fallback_for(day, eid, "sessions_per_day")
                assert found is not None
                assert count == found.planned
            starts = [s.start.astimezone(UTC) for s in holding]
            for a, b in itertools.pairwise(starts):
                assert b - a >= dt.timedelta(minutes=p.timing.min_spacing_minutes)
            for session in holding:
                items = [i for i in session.items if i.exercise_id == eid]
                assert list(p.sides_for(routine.affected)) == [i.side for i in items]
                for item in items:
                    for lever in ("sets", "reps", "hold_seconds", "letters", "rounds", "steps"):
                        value = getattr(item, lever)
                        allowed = getattr(p.dose, lever)
                        wanted = getattr(p.current, lever)
                        if allowed is None:
                            assert value is None
                            continue
                        assert value in allowed
                        assert value <= wanted
                        if value < wanted:
                            found = fallback_for(day, eid, lever)
                            assert found is not None
                            assert value == found.planned
                    assert p.current.support == item.support
        for f in day.fallbacks:
            p = routine[f.exercise_id]
            if f.lever == "days_per_week":
                assert 0 <= f.planned < f.wanted == p.timing.days_per_week
                continue
            floor = getattr(p.dose, f.lever, None) or getattr(p.timing, f.lever)
            assert floor.min <= f.planned < f.wanted
    for (a, first, ma), (b, second, mb) in itertools.combinations(loaded_sessions, 2):
        if first is not second and ma & mb:
            assert abs(b - a) >= dt.timedelta(hours=48)
    shortfalls = {
        (f.exercise_id, f.on): f.planned
        for day in plan.days
        for f in day.fallbacks
        if f.lever == "days_per_week"
    }
    for p in routine:
        eid = p.exercise.id
        for (name, _), n in per_week.items():
            if name == eid:
                assert n <= p.timing.days_per_week
        for monday in (d.date for d in plan.days if d.date.weekday() == 0):
            if monday + dt.timedelta(days=6) > plan.days[-1].date:
                continue
            n = per_week.get((eid, monday), 0)
            if n < p.timing.days_per_week < len(p.timing.weekdays):
                assert n == shortfalls[eid, monday]
        k = p.timing.days_per_week
        if (
            k < 7
            and len(p.timing.weekdays) == 7
            and not availability.rest_weekdays
            and len(weekdays_used[eid]) == k
        ):
            used = sorted(weekdays_used[eid])
            gaps = [(used[(i + 1) % k] - used[i]) % 7 or 7 for i in range(k)]
            assert math.ceil(7 / k) == max(gaps)


# -- strategies ------------------------------------------------------------------------------


@st.composite
def exercises_st(draw: st.DrawFn, eid: str) -> tuple[Exercise, Level]:
    position = draw(st.sampled_from(list(Position)))
    laterality = draw(st.sampled_from(list(Laterality)))
    lo_s = draw(st.integers(1, 3))
    sessions = (lo_s, draw(st.integers(lo_s, 3)))
    lo_sets = draw(st.integers(1, 2))
    sets = (lo_sets, draw(st.integers(lo_sets, 3)))
    lo_reps = draw(st.integers(5, 15))
    reps = (lo_reps, draw(st.integers(lo_reps, 20)))
    loaded = draw(st.integers(0, 4)) == 0
    days = draw(st.sampled_from([3, 2, 1] if loaded else [7, 7, 3, 2, 1]))
    if loaded and draw(st.integers(0, 4)):
        sessions = (1, sessions[1])
    exercise = make_exercise(
        eid,
        position=position,
        laterality=laterality,
        sets=sets,
        reps=reps,
        sessions=sessions,
        days=days,
        spacing=draw(st.sampled_from([0, 30, 60, 120, 180, 240])),
        loaded=loaded,
        muscles=(draw(st.sampled_from(["hip", "ankle", "toe"])),),
    )
    level = Level(
        sets=draw(st.integers(*sets)),
        reps=draw(st.integers(*reps)),
        sessions_per_day=draw(st.integers(*sessions)),
    )
    return exercise, level


@st.composite
def availabilities_st(draw: st.DrawFn) -> Availability:
    tz = draw(st.sampled_from(ZONES))
    first_start = draw(st.integers(0, 18 * 4)) * 15
    first_length = draw(st.integers(2, 40)) * 15
    first_end = min(first_start + first_length, 23 * 60 + 45)
    windows = [(first_start, first_end)]
    if draw(st.booleans()) and first_end + 30 < 23 * 60:
        second_start = draw(st.integers(first_end // 15 + 1, 23 * 4 - 1)) * 15
        second_end = min(second_start + draw(st.integers(2, 20)) * 15, 23 * 60 + 59)
        windows.append((second_start, second_end))
    rest = draw(st.lists(st.sampled_from(list(Weekday)), max_size=2, unique=True))
    return Availability(
        windows=[
            Window(start=dt.time(a // 60, a % 60), end=dt.time(b // 60, b % 60)) for a, b in windows
        ],
        tz=tz,
        max_session_minutes=draw(st.integers(5, 60)),
        max_sessions_per_day=draw(st.sampled_from([1, 2, 3, 3, 4, 4])),
        min_rest_minutes=draw(st.sampled_from([0, 15, 30, 60, 120])),
        rest_weekdays=rest,
    )


@st.composite
def instances(draw: st.DrawFn) -> tuple[Routine, Availability, dt.date, int]:
    n = draw(st.integers(1, 4))
    pairs = [draw(exercises_st(f"exercise-{k}")) for k in range(n)]
    routine = routine_of(
        *(e for e, _ in pairs),
        affected=draw(st.sampled_from(list(Side))),
        **{e.id: level for e, level in pairs},
    )
    base = draw(st.sampled_from(CHANGE_DATES))
    start = base - dt.timedelta(days=draw(st.integers(0, 3)))
    return routine, draw(availabilities_st()), start, draw(st.integers(1, 9))


# -- properties ------------------------------------------------------------------------------


class TestScheduleProperties:
    @settings(max_examples=120)
    @given(instances())
    def test_every_plan_obeys_every_rule(self, instance):
        """Whatever the scheduler returns meets every rule, or it says why none can."""
        routine, availability, start, days = instance
        try:
            plan = footdrop.schedule(routine, start=start, days=days, availability=availability)
        except InfeasibleScheduleError as error:
            assert error.reasons
            for reason in error.reasons:
                assert reason.constraint
                assert reason.message in str(error)
            return
        assert_obeys(plan, routine, availability, start=start, days=days)

    @settings(max_examples=40)
    @given(instances())
    def test_same_inputs_give_the_same_plan(self, instance):
        """Scheduling twice gives equal plans (no hidden clock, no set order)."""
        routine, availability, start, days = instance
        try:
            first = footdrop.schedule(routine, start=start, days=days, availability=availability)
        except InfeasibleScheduleError as error:
            with pytest.raises(InfeasibleScheduleError) as again:
                footdrop.schedule(routine, start=start, days=days, availability=availability)
            assert str(error) == str(again.value)
            return
        second = footdrop.schedule(routine, start=start, days=days, availability=availability)
        assert first == second

    @settings(max_examples=40)
    @given(instances())
    def test_iterator_matches_schedule(self, instance):
        """The open-ended iterator yields the days of a long enough schedule(), in order."""
        routine, availability, start, days = instance
        try:
            plan = footdrop.schedule(
                routine, start=start, days=days + 14, availability=availability
            )
        except InfeasibleScheduleError:
            return
        lazy = footdrop.iter_schedule(routine, start=start, availability=availability)
        assert plan.days[:days] == tuple(itertools.islice(lazy, days))

    @settings(max_examples=40)
    @given(instances(), st.integers(1, 3))
    def test_slower_paces_never_shorten_a_session(self, instance, factor):
        """Sessions follow the duration model: slower paces make sessions at least as long."""
        routine, availability, start, days = instance
        slow = DurationModel(default=footdrop.Pace(seconds_per_rep=3 * factor), paces={})
        try:
            plan = footdrop.schedule(
                routine, start=start, days=days, availability=availability, durations=slow
            )
        except InfeasibleScheduleError:
            return
        assert_obeys(plan, routine, availability, start=start, days=days, durations=slow)


# -- the article's programme ---------------------------------------------------------------


class TestArticleProgramme:
    def test_four_weeks_obey_every_rule(self):
        """The article's programme over four weeks in a 07:30-21:30 day meets every rule."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        start = dt.date(2026, 3, 16)  # spans the London spring change
        plan = footdrop.schedule(routine, start=start, days=28, availability=DAY)
        assert_obeys(plan, routine, DAY, start=start, days=28)

    def test_eversion_and_inversion_two_or_three_times_every_day(self):
        """Ankle eversion and inversion come 2-3 times on every day of four weeks."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 10, 12), days=28, availability=DAY)
        for day in plan.days:
            counts = day.counts()
            assert counts["ankle-eversion"] in Range(min=2, max=3)
            assert counts["ankle-inversion"] in Range(min=2, max=3)

    def test_current_level_is_kept_without_fallbacks(self):
        """A roomy day holds the whole programme at its current level: no fallbacks."""
        routine = Routine.from_catalogue(affected=Side.RIGHT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=28, availability=DAY)
        assert () == plan.fallbacks

    def test_loaded_hip_work_three_days_a_week_evenly(self):
        """Loaded standing hip external rotation comes 3 days a week, never two days running."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=28, availability=DAY)
        days = [d.date for d in plan.days if "standing-hip-external-rotation" in d.counts()]
        assert 12 == len(days)
        assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))

    def test_sessions_are_spread_through_the_day(self):
        """The first session opens the window; the later one sits midway through the day."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=7, availability=DAY)
        for day in plan.days:
            first, second = day.sessions
            assert dt.time(7, 30) == first.start.time()
            assert dt.time(12) <= second.start.time() <= dt.time(18)

    def test_identical_days_share_their_items(self):
        """Two identical weekdays reuse the same immutable item tuples (cheap long plans)."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=14, availability=DAY)
        first, second = plan.days[0], plan.days[7]
        assert first.sessions[0].items is second.sessions[0].items


# -- daylight saving -------------------------------------------------------------------------


class TestDaylightSaving:
    @pytest.mark.parametrize(
        ("tz", "on"),
        [
            ("Europe/London", dt.date(2026, 3, 29)),
            ("Europe/London", dt.date(2026, 10, 25)),
            ("America/New_York", dt.date(2026, 3, 8)),
            ("America/New_York", dt.date(2026, 11, 1)),
            ("Australia/Lord_Howe", dt.date(2026, 4, 5)),
            ("Australia/Lord_Howe", dt.date(2026, 10, 4)),
        ],
    )
    def test_sessions_keep_their_local_times_across_the_change(self, tz, on):
        """On a clock-change day sessions fall at the same local times as the days around it."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz=tz)
        start = on - dt.timedelta(days=1)
        plan = footdrop.schedule(routine, start=start, days=3, availability=day)
        assert_obeys(plan, routine, day, start=start, days=3)
        times = [tuple(s.start.time() for s in d.sessions) for d in plan.days]
        assert times[0] == times[1] == times[2]
        offsets = {s.start.utcoffset() for d in plan.days for s in d.sessions}
        assert 2 == len(offsets)

    @pytest.mark.parametrize(
        ("tz", "on", "lost"),
        [
            ("Europe/London", dt.date(2026, 3, 29), 60),
            ("America/New_York", dt.date(2026, 3, 8), 60),
            ("Australia/Lord_Howe", dt.date(2026, 10, 4), 30),
        ],
    )
    def test_a_night_window_over_the_skipped_time_loses_it(self, tz, on, lost):
        """A window over the skipped hour (or half-hour) gives that much less real time."""
        exercise = make_exercise("night-drill", sessions=(3, 3), spacing=50)
        routine = routine_of(exercise)
        night = Availability.daily(
            start=dt.time(0, 30),
            end=dt.time(3, 30),
            tz=tz,
            max_sessions_per_day=3,
            min_rest_minutes=0,
        )
        plan = footdrop.schedule(routine, start=on, days=1, availability=night)
        assert_obeys(plan, routine, night, start=on, days=1)
        (a, b), *_ = night.intervals_on(on)
        assert dt.timedelta(minutes=180 - lost) == b.astimezone(UTC) - a.astimezone(UTC)

    def test_the_repeated_hour_is_used_once_per_instant(self):
        """On a fall-back night the sessions are real instants, never doubled or overlapping."""
        exercise = make_exercise("night-drill", sessions=(3, 3), spacing=50)
        routine = routine_of(exercise)
        night = Availability.daily(
            start=dt.time(0, 30),
            end=dt.time(2, 30),
            tz="Europe/London",
            max_sessions_per_day=3,
            min_rest_minutes=0,
        )
        on = dt.date(2026, 10, 25)
        plan = footdrop.schedule(routine, start=on, days=1, availability=night)
        assert_obeys(plan, routine, night, start=on, days=1)
        starts = [s.start.astimezone(UTC) for s in plan.days[0].sessions]
        assert len(set(starts)) == len(starts) == 3

    def test_loaded_work_waits_a_full_48_hours_over_spring_forward(self):
        """Loaded work two days after a session, over a spring change, starts an hour later."""
        hips = make_exercise(
            "hip-press",
            days=2,
            weekdays=(Weekday.SATURDAY, Weekday.MONDAY),
            loaded=True,
            muscles=("gluteus medius",),
        )
        routine = routine_of(hips)
        start = dt.date(2026, 3, 28)  # Saturday; London springs forward on Sunday
        plan = footdrop.schedule(routine, start=start, days=3, availability=DAY)
        assert_obeys(plan, routine, DAY, start=start, days=3)
        saturday, _, monday = plan.days
        gap = monday.sessions[0].start.astimezone(UTC) - saturday.sessions[0].start.astimezone(UTC)
        assert dt.timedelta(hours=48) == gap
        assert dt.time(8, 30) == monday.sessions[0].start.time()


# -- exactness and fallbacks -----------------------------------------------------------------


class TestExactness:
    def test_finds_the_only_arrangement(self):
        """A tight day that needs three sessions split just so (two long items apart) is found."""
        long_a = make_exercise("long-a", reps=(60, 60))  # 3 min at 3 s a rep
        long_b = make_exercise("long-b", reps=(60, 60))
        drill = make_exercise("drill", reps=(10, 10), sessions=(2, 2), spacing=5)
        routine = routine_of(long_a, long_b, drill)
        window = Availability.daily(
            start=dt.time(8),
            end=dt.time(8, 10),
            tz="UTC",
            max_session_minutes=4,
            max_sessions_per_day=3,
            min_rest_minutes=0,
        )
        model = DurationModel(position_change_seconds=0)
        start = dt.date(2026, 6, 1)
        plan = footdrop.schedule(routine, start=start, days=1, availability=window, durations=model)
        assert_obeys(plan, routine, window, start=start, days=1, durations=model)
        assert {"long-a": 1, "long-b": 1, "drill": 2} == plan.days[0].counts()

    def test_falls_back_to_fewer_sessions_and_records_it(self):
        """Three spaced sessions that cannot fit become two, the floor, with a Fallback."""
        drill = make_exercise("drill", sessions=(2, 3), spacing=180)
        routine = routine_of(drill, drill=Level(sets=1, reps=10, sessions_per_day=3))
        morning = Availability.daily(start=dt.time(8), end=dt.time(12), tz="UTC")
        start = dt.date(2026, 6, 1)
        plan = footdrop.schedule(routine, start=start, days=2, availability=morning)
        assert_obeys(plan, routine, morning, start=start, days=2)
        for day in plan.days:
            (fallback,) = day.fallbacks
            assert ("sessions_per_day", 3, 2) == (
                fallback.lever,
                fallback.wanted,
                fallback.planned,
            )

    def test_falls_back_on_the_dose_only_as_far_as_needed(self):
        """A session too short for the current reps plans the most reps that fit, not the floor."""
        drill = make_exercise("drill", reps=(10, 30))
        routine = routine_of(drill, drill=Level(sets=1, reps=30, sessions_per_day=1))
        # 3 s a rep and 30 s to sit down: 2 minutes hold 30 reps, 1.5 min would hold 20.
        short = Availability.daily(
            start=dt.time(8), end=dt.time(9), tz="UTC", max_session_minutes=1
        )
        start = dt.date(2026, 6, 1)
        plan = footdrop.schedule(routine, start=start, days=1, availability=short)
        assert_obeys(plan, routine, short, start=start, days=1)
        (item,) = plan.days[0].sessions[0].items
        assert 10 == item.reps  # 30 s + 10 x 3 s = 60 s, the most that fits one minute


# -- infeasible ------------------------------------------------------------------------------


class TestInfeasible:
    def test_spacing_longer_than_the_window(self):
        """Two sessions 4 h apart in a 2.5 h window: the reason names spacing, both sizes, a fix."""
        drill = make_exercise("ankle-drill", sessions=(2, 3), spacing=240)
        evening = Availability.daily(start=dt.time(19), end=dt.time(21, 30), tz="Europe/London")
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(drill), start=dt.date(2026, 6, 1), days=7, availability=evening
            )
        (reason,) = caught.value.reasons
        assert ("spacing", "ankle-drill", "minutes") == (
            reason.constraint,
            reason.exercise_id,
            reason.unit,
        )
        assert reason.needed is not None
        assert reason.available is not None
        assert reason.needed > reason.available == 150
        assert "19:00-21:30" in reason.message
        assert "2.5 h" in reason.message
        assert reason.fix is not None
        assert "spacing" in reason.fix

    def test_an_item_longer_than_the_longest_session(self):
        """An item that alone outlasts max_session_minutes names the minutes it needs."""
        big = make_exercise("big", sets=(3, 3), reps=(50, 50))  # 3 x 150 s + rests
        short = Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="UTC", max_session_minutes=5
        )
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(big), start=dt.date(2026, 6, 1), days=1, availability=short
            )
        (reason,) = caught.value.reasons
        expected = math.ceil((3 * 50 * 3 + 2 * 30 + 30) / 60)
        assert ("session-length", expected, 5) == (
            reason.constraint,
            reason.needed,
            reason.available,
        )
        assert f"'max_session_minutes' to {expected}" in (reason.fix or "")

    def test_more_sessions_than_allowed(self):
        """A floor of 3 sessions with at most 2 a day says so and how to fix it."""
        drill = make_exercise("drill", sessions=(3, 3))
        two = Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="UTC", max_sessions_per_day=2
        )
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(drill), start=dt.date(2026, 6, 1), days=1, availability=two
            )
        reasons = {r.constraint: r for r in caught.value.reasons}
        assert (3, 2) == (reasons["sessions-per-day"].needed, reasons["sessions-per-day"].available)

    def test_loaded_work_every_day(self):
        """Loaded strength work due daily breaks the 48-hour rule, and the reason says so."""
        press = make_exercise("press", loaded=True)
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(press), start=dt.date(2026, 6, 1), days=7, availability=DAY
            )
        (reason,) = caught.value.reasons
        assert ("48-hour", "press") == (reason.constraint, reason.exercise_id)

    def test_loaded_work_twice_a_day(self):
        """Loaded work with a floor of two sessions a day cannot keep 48 hours apart."""
        press = make_exercise("press", loaded=True, sessions=(2, 2), days=3)
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(press), start=dt.date(2026, 6, 1), days=7, availability=DAY
            )
        assert "48-hour" in {r.constraint for r in caught.value.reasons}

    def test_too_few_weekdays_for_the_days_a_week(self):
        """Three days a week with five rest weekdays names the days needed and available."""
        drill = make_exercise("drill", days=3)
        weekend = Availability.daily(
            start=dt.time(8),
            end=dt.time(20),
            tz="UTC",
            rest_weekdays=[
                Weekday.MONDAY,
                Weekday.TUESDAY,
                Weekday.WEDNESDAY,
                Weekday.THURSDAY,
                Weekday.FRIDAY,
            ],
        )
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(drill), start=dt.date(2026, 6, 1), days=7, availability=weekend
            )
        (reason,) = caught.value.reasons
        assert ("days-per-week", 3, 2) == (reason.constraint, reason.needed, reason.available)

    def test_too_much_work_for_the_windows(self):
        """More work than the windows hold names the minutes needed and offered."""
        items = [make_exercise(f"drill-{k}", reps=(40, 40)) for k in range(6)]  # 2 min each
        brief = Availability.daily(
            start=dt.time(8), end=dt.time(8, 10), tz="UTC", max_sessions_per_day=4
        )
        with pytest.raises(InfeasibleScheduleError) as caught:
            footdrop.schedule(
                routine_of(*items), start=dt.date(2026, 6, 1), days=1, availability=brief
            )
        reasons = caught.value.reasons
        assert reasons
        assert all(r.date == "2026-06-01" for r in reasons)
        assert all(r.fix for r in reasons)

    @settings(max_examples=60)
    @given(st.integers(2, 3), st.integers(60, 600), st.integers(30, 300))
    def test_spacing_reason_is_exact(self, count, spacing, window_minutes):
        """Whether spaced sessions fit matches the arithmetic the spacing reason reports."""
        drill = make_exercise("drill", sessions=(count, count), spacing=spacing)
        end = 8 * 60 + window_minutes
        window = Availability.daily(
            start=dt.time(8),
            end=dt.time(end // 60, end % 60),
            tz="UTC",
            min_rest_minutes=0,
            max_sessions_per_day=3,
        )
        alone = math.ceil((10 * 3 + 30) / 60)
        fits = (count - 1) * spacing + alone <= window_minutes
        try:
            footdrop.schedule(
                routine_of(drill), start=dt.date(2026, 6, 1), days=1, availability=window
            )
        except InfeasibleScheduleError as error:
            assert not fits
            assert "spacing" in {r.constraint for r in error.reasons}
        else:
            assert fits


# -- bad input -------------------------------------------------------------------------------


class TestBadInput:
    routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])

    def test_empty_routine(self):
        """A routine with no prescriptions is refused, naming 'items'."""
        with pytest.raises(InvalidValueError) as caught:
            Routine(affected=Side.LEFT, items=())
        assert "items" == caught.value.field

    def test_duplicated_prescriptions(self):
        """A routine with one exercise twice is refused by schedule(), naming the id."""
        p = self.routine.items[0]
        twice = attrs.evolve(self.routine)
        object.__setattr__(twice, "items", (p, p))
        with pytest.raises(InvalidValueError) as caught:
            footdrop.schedule(twice, start=dt.date(2026, 6, 1), days=1, availability=DAY)
        assert "routine" == caught.value.field
        assert "ankle-eversion" in str(caught.value)

    def test_emptied_routine(self):
        """A routine whose items were emptied behind its back is refused by schedule()."""
        empty = attrs.evolve(self.routine)
        object.__setattr__(empty, "items", ())
        with pytest.raises(InvalidValueError) as caught:
            footdrop.schedule(empty, start=dt.date(2026, 6, 1), days=1, availability=DAY)
        assert "routine" == caught.value.field

    @pytest.mark.parametrize("days", [0, -1, 36_601])
    def test_days_out_of_range(self, days):
        """A days count <= 0 (or beyond 100 years) is an InvalidValueError naming 'days'."""
        with pytest.raises(InvalidValueError) as caught:
            footdrop.schedule(self.routine, start=dt.date(2026, 6, 1), days=days, availability=DAY)
        assert "days" == caught.value.field

    @pytest.mark.parametrize("days", [True, 2.0, "7", None])
    def test_days_not_a_whole_number(self, days):
        """A days count that is not an int (or is a bool) is an InvalidTypeError naming 'days'."""
        with pytest.raises(InvalidTypeError) as caught:
            footdrop.schedule(self.routine, start=dt.date(2026, 6, 1), days=days, availability=DAY)
        assert "days" == caught.value.field

    @pytest.mark.parametrize(
        "start", [dt.datetime(2026, 6, 1, 8, tzinfo=UTC), "2026-06-01", 20260601, None]
    )
    def test_start_not_a_date(self, start):
        """A start that is a datetime, text or a number is refused, naming 'start'."""
        with pytest.raises(InvalidTypeError) as caught:
            footdrop.schedule(self.routine, start=start, days=1, availability=DAY)
        assert "start" == caught.value.field
        with pytest.raises(InvalidTypeError):
            footdrop.iter_schedule(self.routine, start=start, availability=DAY)

    def test_unknown_time_zone(self):
        """An unknown IANA zone is refused when the availability is built, naming 'tz'."""
        with pytest.raises(InvalidValueError) as caught:
            Availability.daily(start=dt.time(8), end=dt.time(9), tz="Europe/Atlantis")
        assert "tz" == caught.value.field

    @pytest.mark.parametrize(("start", "end"), [(dt.time(9), dt.time(8)), (dt.time(8), dt.time(8))])
    def test_window_ending_before_it_starts_or_of_zero_length(self, start, end):
        """A window that ends before (or when) it starts is refused, naming 'end'."""
        with pytest.raises(InvalidValueError) as caught:
            Availability.daily(start=start, end=end, tz="UTC")
        assert "end" == caught.value.field

    def test_wrong_types(self):
        """A non-routine, non-availability or non-model argument names its field."""
        for kwargs, field in [
            ({"routine": "ankle-eversion"}, "routine"),
            ({"availability": "07:30-21:30"}, "availability"),
            ({"durations": {"ankle-eversion": 3}}, "durations"),
        ]:
            args = {"routine": self.routine, "availability": DAY, "durations": None} | kwargs
            with pytest.raises(InvalidTypeError) as caught:
                footdrop.schedule(
                    args["routine"],
                    start=dt.date(2026, 6, 1),
                    days=1,
                    availability=args["availability"],
                    durations=args["durations"],
                )
            assert field == caught.value.field

    def test_every_bad_input_is_a_footdrop_error(self):
        """Bad input never escapes as anything but a FootdropError."""
        with pytest.raises(FootdropError):
            footdrop.schedule(self.routine, start=dt.date(2026, 6, 1), days=0, availability=DAY)


# -- the iterator ----------------------------------------------------------------------------


class TestIterSchedule:
    def test_runs_past_any_fixed_end(self):
        """The iterator keeps going for years, one date after another."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        lazy = footdrop.iter_schedule(routine, start=dt.date(2026, 1, 1), availability=DAY)
        days = list(itertools.islice(lazy, 800))
        assert dt.date(2026, 1, 1) + dt.timedelta(days=799) == days[-1].date

    def test_rest_weekdays_and_skipped_dates_are_empty(self):
        """Rest weekdays and skipped dates have no sessions; the others do."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        skipped = dt.date(2026, 6, 3)
        day = Availability.daily(
            start=dt.time(8),
            end=dt.time(20),
            tz="UTC",
            rest_weekdays=[Weekday.SUNDAY],
            skipped_dates=[skipped],
        )
        days = list(
            itertools.islice(
                footdrop.iter_schedule(routine, start=dt.date(2026, 6, 1), availability=day), 14
            )
        )
        for plan_day in days:
            empty = plan_day.date == skipped or plan_day.date.weekday() == 6
            assert empty == plan_day.is_rest_day

    @pytest.mark.parametrize("skipped", [dt.date(2026, 11, 23), dt.date(2026, 11, 25)])
    def test_a_skipped_day_moves_within_its_week(self, skipped):
        """A skipped patterned day moves to another date that week, keeping 48 h for loaded work."""
        routine = Routine.from_catalogue(
            affected=Side.LEFT, only=["standing-hip-external-rotation", "ankle-eversion"]
        )
        day = Availability.daily(
            start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London", skipped_dates=[skipped]
        )
        start = dt.date(2026, 11, 23)  # a Monday
        plan = footdrop.schedule(routine, start=start, days=21, availability=day)
        assert_obeys(plan, routine, day, start=start, days=21)
        for monday, counts in plan.counts_per_week().items():
            assert 3 == counts["standing-hip-external-rotation"], monday

    def test_sides_affected_first(self):
        """One-leg work is planned one item per side, the affected side first."""
        routine = Routine.from_catalogue(affected=Side.RIGHT, only=["hip-rotation-slides"])
        assert Sides.BOTH == routine.items[0].sides
        (day,) = itertools.islice(
            footdrop.iter_schedule(routine, start=dt.date(2026, 6, 1), availability=DAY), 1
        )
        assert [Side.RIGHT, Side.LEFT] == [i.side for i in day.sessions[0].items]
