"""The scheduler's shortcuts give exactly the plans of the plain search.

Four shortcuts keep a long plan close to the cost of building its objects
(docs/performance.md): a week the horizon search has solved is taken again when
the next week looks the same to the search; a day whose windows are another's
moved by five-minute steps shares its answer; a date without a clock change takes
its weekday's windows in minutes; session times come from ``fromtimestamp``. Each
is checked here against the slow way it replaces.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from unittest import mock

import attrs
from hypothesis import assume, example, given, reject, settings
from hypothesis import strategies as st

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
from footdrop.exceptions import FootdropError
from footdrop.model._availability import day_pieces
from footdrop.scheduling import _day, _horizon, _scheduler, _weekly
from footdrop.scheduling._search import Demand, Limits, solve, solve_front

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def drill(
    k: int, *, reps: int, sessions: int, spacing: int, loaded: bool, days: int, muscle: str
) -> Exercise:
    return Exercise(
        id=f"drill-{k}",
        name=f"drill {k}",
        category=Category.ANKLE_STRENGTH,
        position=Position.SEATED if k % 2 else Position.STANDING,
        laterality=Laterality.BOTH_TOGETHER,
        steps=("Do the movement slowly.",),
        dose=Dose(sets=Range.exactly(1), reps=Range.exactly(reps)),
        timing=Timing(
            sessions_per_day=Range.exactly(sessions),
            min_spacing_minutes=spacing,
            days_per_week=days,
        ),
        is_loaded=loaded,
        target_muscles=(muscle,),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Routine, Availability, dt.date, int]:
    """A routine of 1-4 drills and a week of windows, over two to eight weeks."""
    items = []
    for k in range(draw(st.integers(1, 4))):
        loaded = draw(st.booleans())
        items.append(
            Prescription(
                exercise=drill(
                    k,
                    reps=draw(st.integers(5, 40)),
                    sessions=1 if loaded else draw(st.integers(1, 2)),
                    spacing=draw(st.sampled_from([0, 0, 120, 240])),
                    loaded=loaded,
                    days=draw(st.integers(1, 3) if loaded else st.integers(1, 7)),
                    muscle=draw(st.sampled_from(["calf", "hip"])),
                )
            )
        )
    windows = []
    closes = -5
    for _ in range(draw(st.integers(1, 2))):
        opens = closes + 5 + draw(st.integers(0, 11 * 12)) * 5
        if opens > 23 * 60:
            break
        closes = min(23 * 60 + 55, opens + draw(st.integers(6, 72)) * 5)
        days = draw(st.sets(st.sampled_from(list(Weekday)), min_size=3))
        windows.append(
            Window(
                start=dt.time(opens // 60, opens % 60),
                end=dt.time(closes // 60, closes % 60),
                weekdays=tuple(d for d in Weekday if d in days),
            )
        )
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 730)))
    skipped = draw(
        st.lists(st.integers(0, 55), max_size=2).map(
            lambda ns: tuple(sorted({start + dt.timedelta(days=n) for n in ns}))
        )
    )
    availability = Availability(
        tz=draw(st.sampled_from(ZONES)),
        windows=windows,
        max_session_minutes=draw(st.sampled_from([20, 45, 90])),
        max_sessions_per_day=draw(st.integers(2, 4)),
        min_rest_minutes=draw(st.sampled_from([0, 30, 60])),
        skipped_dates=skipped,
    )
    routine = Routine(affected=Side.LEFT, items=items)
    return routine, availability, start, draw(st.integers(14, 56))


def outcome(routine: Routine, availability: Availability, start: dt.date, days: int) -> object:
    try:
        plan = footdrop.schedule(routine, start=start, days=days, availability=availability)
    except FootdropError as error:
        return type(error).__name__, str(error)
    return plan


class TestSolvedWeeks:
    @settings(max_examples=150, deadline=None)
    @given(case=cases())
    def test_taking_a_solved_week_again_gives_the_plain_search_plan(self, case):
        """With week reuse turned off, every case gives the same plan or the same error."""
        fast = outcome(*case)
        with mock.patch.object(_horizon.Horizon, "_week_key", return_value=None):
            slow = outcome(*case)
        assert fast == slow
        if isinstance(fast, footdrop.Plan):
            assert footdrop.check_plan(fast, case[0], case[1]) == ()

    def test_a_working_week_with_loaded_work_is_taken_again_with_its_loaded_starts(self):
        """Loaded work carried from one solved week into the next keeps its real starts."""
        week = Weekday
        availability = Availability(
            tz="Europe/London",
            windows=[
                Window(
                    start=dt.time(16),
                    end=dt.time(21, 30),
                    weekdays=(week.MONDAY, week.TUESDAY, week.THURSDAY, week.FRIDAY),
                ),
                Window(start=dt.time(6), end=dt.time(10), weekdays=(week.WEDNESDAY,)),
                Window(
                    start=dt.time(8), end=dt.time(12, 30), weekdays=(week.SATURDAY, week.SUNDAY)
                ),
            ],
        )
        routine = Routine.from_catalogue(affected=Side.LEFT)
        case = (routine, availability, dt.date(2026, 1, 5), 84)
        with mock.patch.object(
            _horizon.Horizon, "_replay", autospec=True, side_effect=_horizon.Horizon._replay
        ) as replay:
            fast = outcome(*case)
        with mock.patch.object(_horizon.Horizon, "_week_key", return_value=None):
            slow = outcome(*case)
        assert isinstance(fast, footdrop.Plan)
        assert replay.call_count >= 8
        assert fast == slow
        assert footdrop.check_plan(fast, routine, availability) == ()

    def test_a_long_plan_takes_most_of_its_weeks_again(self):
        """The 52-week plan of the article's programme solves only a few weeks itself."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        with mock.patch.object(
            _horizon.Horizon, "_replay", autospec=True, side_effect=_horizon.Horizon._replay
        ) as replay:
            plan = footdrop.schedule(
                routine, start=dt.date(2026, 11, 23), days=364, availability=day
            )
        assert len(plan.days) == 364
        # 52 weeks: the first and those around the two clock changes are searched.
        assert 44 <= replay.call_count <= 51


class TestPlainCalendarWeeks:
    @settings(max_examples=150, deadline=None)
    @given(case=cases())
    def test_plain_calendar_weeks_give_the_week_by_week_plan(self, case):
        """Dates laid out from the first Monday's anchor equal the dates worked out one by one.

        The same plan (every session's wall clock, offset and fold) or the same error
        comes with the shortcut turned off.
        """
        fast = outcome(*case)
        with mock.patch.object(_weekly, "plain_span", return_value=None):
            slow = outcome(*case)
        assert fast == slow
        if isinstance(fast, footdrop.Plan) and isinstance(slow, footdrop.Plan):
            assert [
                (t.replace(tzinfo=None), t.utcoffset(), t.fold)
                for day in fast.days
                for s in day.sessions
                for t in (s.start, s.end)
            ] == [
                (t.replace(tzinfo=None), t.utcoffset(), t.fold)
                for day in slow.days
                for s in day.sessions
                for t in (s.start, s.end)
            ]

    @settings(max_examples=150, deadline=None)
    @given(case=cases())
    def test_plain_weeks_give_what_the_dates_one_by_one_give(self, case):
        """The laid-out dates, plain dates and day pairs equal those worked out date by date."""
        routine, availability, start, days = case
        try:
            fast = _scheduler._planner(routine, start, availability, None, days)
            with mock.patch.object(_weekly, "plain_span", return_value=None):
                slow = _scheduler._planner(routine, start, availability, None, days)
        except FootdropError:
            reject()
        assume(fast.span is not None)
        assert slow.span is None
        monday = start - dt.timedelta(days=start.weekday())
        last = start + dt.timedelta(days=days - 1)
        weeks = (last - monday).days // 7 + 1
        calendar = [monday + dt.timedelta(days=k) for k in range(7 * weeks)]
        assert [fast.day_at(d) for d in calendar] == [slow.day_at(d) for d in calendar]
        assert (fast.plain, fast.next_day_pairs) == (slow.plain, slow.next_day_pairs)
        assert fast.changing == slow.changing == set()

    def test_a_plan_within_plain_weeks_takes_the_shortcut(self):
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        planner = _scheduler._planner(routine, dt.date(2027, 1, 6), day, None, 28)
        assert planner.span is not None
        assert planner.day_at(dt.date(2027, 1, 4)) == (
            planner.span,
            ((7 * 60 + 30, 21 * 60 + 30),),
        )
        across = _scheduler._planner(routine, dt.date(2027, 3, 17), day, None, 28)
        assert across.span is None  # 2027-03-28 changes the clocks


class TestMovedDays:
    @settings(max_examples=200, deadline=None)
    @given(
        demands=st.lists(
            st.builds(
                Demand,
                count=st.integers(1, 2),
                seconds=st.integers(60, 1500),
                positions=st.sampled_from([1, 2, 3]),
                spacing=st.sampled_from([0, 0, 60, 180]),
            ),
            min_size=1,
            max_size=6,
        ),
        windows=st.lists(
            st.tuples(st.integers(0, 200), st.integers(10, 150)), min_size=1, max_size=2
        ),
        fives=st.integers(-100, 200),
        sessions=st.integers(1, 4),
    )
    def test_the_day_search_moves_with_its_windows(self, demands, windows, fives, sessions):
        """Moving a day by five-minute steps moves its answer (and its front) the same way."""
        pieces, at = [], 0
        for gap, length in windows:
            pieces.append((at + gap, at + gap + length))
            at += gap + length
        by = 5 * fives
        moved = [(a + by, b + by) for a, b in pieces]
        limits = Limits(max_minutes=30, max_sessions=sessions, rest=10, change_seconds=30)
        first = solve(demands, pieces, limits)
        again = solve(demands, moved, limits)
        assert (first is None) == (again is None)
        if first is not None:
            assert again == tuple((s + by, n, m) for s, n, m in first)
        pinned = [*demands[:-1], Demand(count=1, seconds=300, positions=1, is_pinned=True)]
        front = solve_front(pinned, pieces, limits)
        assert solve_front(pinned, moved, limits) == [
            tuple((s + by, n, m) for s, n, m in p) for p in front
        ]

    def test_a_moved_day_is_solved_once(self):
        """Windows an hour later on another date share one day search."""
        routine = Routine(
            affected=Side.LEFT,
            items=[
                Prescription(
                    exercise=drill(
                        k, reps=20, sessions=2, spacing=240, loaded=False, days=7, muscle="calf"
                    )
                )
                for k in range(3)
            ],
        )
        day = Availability(
            tz="UTC",
            windows=[
                Window(start=dt.time(7), end=dt.time(20), weekdays=(Weekday.MONDAY,)),
                Window(start=dt.time(8), end=dt.time(21), weekdays=(Weekday.TUESDAY,)),
            ],
        )
        with mock.patch.object(_day, "solve", autospec=True, side_effect=_day.solve) as searched:
            plan = footdrop.schedule(routine, start=dt.date(2026, 1, 5), days=2, availability=day)
        monday, tuesday = plan.days
        later = dt.timedelta(days=1, hours=1)
        assert [(s.start, s.end) for s in tuesday.sessions] == [
            (s.start + later, s.end + later) for s in monday.sessions
        ]
        assert searched.call_count == 1
        assert all(c.args[1][0][0] < 5 for c in searched.call_args_list)


class TestDatesAndTimes:
    @settings(max_examples=300, deadline=None)
    @given(
        zone=st.sampled_from(ZONES),
        day=st.dates(dt.date(1971, 1, 1), dt.date(2090, 12, 31)),
        opens=st.integers(0, 22 * 60),
        length=st.integers(10, 120),
        weekday=st.sampled_from(list(Weekday)),
    )
    # A window wholly lost to the clocks going forward, three days later.
    @example(
        zone="America/New_York",
        day=dt.date(2007, 3, 8),
        opens=119,
        length=10,
        weekday=Weekday.MONDAY,
    )
    def test_a_date_takes_the_windows_availability_gives_it(
        self, zone, day, opens, length, weekday
    ):
        closes = min(23 * 60 + 59, opens + length)
        availability = Availability(
            tz=zone,
            windows=[
                Window(
                    start=dt.time(opens // 60, opens % 60), end=dt.time(closes // 60, closes % 60)
                ),
                Window(start=dt.time(23, 0), end=dt.time(23, 59), weekdays=(weekday,)),
            ]
            if opens + length < 23 * 60
            else [
                Window(
                    start=dt.time(opens // 60, opens % 60), end=dt.time(closes // 60, closes % 60)
                )
            ],
            rest_weekdays=(weekday,) if weekday != Weekday.of(day) else (),
        )
        # A one-day plan whose only exercise falls on another weekday: setting up checks no
        # date (a window lost to a clock change cannot make it infeasible), and day_at
        # answers for any date.
        one = drill(0, reps=1, sessions=1, spacing=0, loaded=False, days=1, muscle="calf")
        other = list(Weekday)[(day.weekday() + 1) % 7]
        one = attrs.evolve(one, timing=attrs.evolve(one.timing, weekdays=(other,)))
        routine = Routine(affected=Side.LEFT, items=[Prescription(exercise=one)])
        planner = _weekly.WeeklyPlanner(routine, availability, footdrop.DurationModel(), day, 1)
        for near in (day + dt.timedelta(days=k) for k in range(-3, 4)):
            windows = availability.windows_on(near)
            expected = day_pieces(zoneinfo.ZoneInfo(zone), near, windows) if windows else None
            assert planner.day_at(near) == expected

    @settings(max_examples=300, deadline=None)
    @given(zone=st.sampled_from(ZONES), minute=st.integers(-(10**6), 70 * 525_600))
    def test_session_times_are_the_instant_in_the_plan_zone(self, zone, minute):
        tz = zoneinfo.ZoneInfo(zone)
        made = _scheduler._moment(minute, tz)
        slow = (EPOCH + dt.timedelta(minutes=minute)).astimezone(tz)
        assert made == slow
        assert (made.replace(tzinfo=None), made.fold, made.utcoffset(), made.tzinfo) == (
            slow.replace(tzinfo=None),
            slow.fold,
            slow.utcoffset(),
            slow.tzinfo,
        )
