"""A batch moves one person's plan to another's dates only when it is that person's own plan.

In a batch, people of one routine whose calendar weeks keep their clocks, skip no
date and have no recurrence get the plan of an earlier person with the same
windows, rest weekdays, weekday of the start and length, moved to their own dates
and zone ("Speed" in docs/explanation/scheduling.md). These tests hold each such
plan to the one ``footdrop.schedule`` makes for that person alone, time by time:
the same wall clock, offset, fold and zone object, not only the same instants.
"""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo
from pathlib import Path
from unittest import mock

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import batch
from footdrop.exceptions import FootdropError
from footdrop.model._availability import plain_anchor
from footdrop.scheduling import _day, _scheduler, _weekly

sys.path.insert(0, str(Path(__file__).parent))
from recurring import every_other_day  # the helper module lives beside this file

#: Zones with clock changes of every kind: an hour at 01:00 UTC, at local midnight
#: (Santiago), half an hour (Lord Howe), twice in a month (Casablanca's Ramadan), none.
ZONES = (
    "Europe/London",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "Asia/Kolkata",
    "UTC",
)
FULL = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
STARTER = footdrop.Routine.from_catalogue(
    affected=footdrop.Side.RIGHT, only=["ankle-eversion", "ankle-alphabet", "towel-scrunches"]
)


ROUTINES = (FULL, STARTER, every_other_day(STARTER))


def strict(outcome: footdrop.Plan | tuple[str, str]) -> object:
    """Everything a plan shows, each time as wall clock, offset, fold and zone object."""
    if not isinstance(outcome, footdrop.Plan):
        return outcome

    def moment(t: dt.datetime) -> tuple[object, ...]:
        return (t.replace(tzinfo=None), t.utcoffset(), t.fold, t.tzinfo)

    return (
        outcome.tz,
        outcome.availability,
        tuple(
            (
                day.date,
                day.fallbacks,
                tuple((moment(s.start), moment(s.end), s.items) for s in day.sessions),
            )
            for day in outcome.days
        ),
    )


def alone(request: batch.Request) -> object:
    try:
        plan = footdrop.schedule(
            request.routine,
            start=request.start,
            days=request.days,
            availability=request.availability,
        )
    except FootdropError as error:
        return type(error).__name__, str(error)
    return strict(plan)


def together(requests: list[batch.Request]) -> list[object]:
    return [
        strict(r.plan) if r.plan is not None else (r.error, r.message)
        for r in batch.plan_many(requests)
    ]


def together_counting_planners(people: list[batch.Request]) -> tuple[list[object], int]:
    """:func:`together`, and how many planners the batch built (a moved plan builds none)."""
    with mock.patch.object(_scheduler, "_new_planner", side_effect=_scheduler._new_planner) as made:
        got = together(people)
    return got, made.call_count


def person(
    n: int,
    *,
    tz: str,
    start: dt.date,
    days: int = 21,
    routine: footdrop.Routine = FULL,
    windows: tuple[footdrop.Window, ...] = (footdrop.Window(start=dt.time(8), end=dt.time(20)),),
    **settings: object,
) -> batch.Request:
    return batch.Request(
        person_id=f"p{n}",
        routine=routine,
        availability=footdrop.Availability(tz=tz, windows=windows, **settings),
        start=start,
        days=days,
    )


@st.composite
def crowds(draw: st.DrawFn) -> list[batch.Request]:
    """People of one routine and windows, many starting on one weekday, near clock changes."""
    routine = draw(st.sampled_from(ROUTINES))
    windows = draw(
        st.sampled_from(
            [
                (footdrop.Window(start=dt.time(8), end=dt.time(20)),),
                (footdrop.Window(start=dt.time(0), end=dt.time(3)),),  # Santiago's changes
                (
                    footdrop.Window(start=dt.time(6), end=dt.time(9)),
                    footdrop.Window(start=dt.time(17), end=dt.time(20)),
                ),
            ]
        )
    )
    rest = draw(st.sampled_from([(), (footdrop.Weekday.SUNDAY,), (footdrop.Weekday.MONDAY,)]))
    # 2027's changes: Casablanca 2027-01-31 and 2027-03-14, Santiago 2027-04-04,
    # London 2027-03-28, Lord Howe 2027-04-04; the first date lies within a few weeks of them.
    first = dt.date(2027, 1, 10) + dt.timedelta(days=draw(st.integers(0, 90)))
    days = draw(st.sampled_from([7, 10, 28]))
    people = []
    for n in range(draw(st.integers(2, 7))):
        # Mostly whole weeks apart, so that many share the weekday of the start.
        start = first + dt.timedelta(
            days=7 * draw(st.integers(0, 12)) + draw(st.sampled_from([0, 0, 0, 1, 3]))
        )
        skipped = draw(st.lists(st.integers(-8, 40), max_size=1))
        people.append(
            person(
                n,
                tz=draw(st.sampled_from(ZONES)),
                start=start,
                days=days,
                routine=routine,
                windows=windows,
                rest_weekdays=rest,
                skipped_dates=[start + dt.timedelta(days=k) for k in skipped],
            )
        )
    return people


class TestMovedPlans:
    @settings(max_examples=60, deadline=None)
    @given(crowds())
    @example(
        [
            person(0, tz="Asia/Kolkata", start=dt.date(2027, 1, 4)),
            person(1, tz="Africa/Casablanca", start=dt.date(2027, 1, 25)),  # 2 changes
            person(2, tz="Africa/Casablanca", start=dt.date(2027, 3, 22)),  # none
            person(3, tz="America/Santiago", start=dt.date(2027, 3, 22)),  # midnight change
        ]
    )
    def test_every_person_gets_their_own_lone_plan(self, people):
        """Batch and lone plans agree on every session's wall clock, offset, fold and zone."""
        assert together(people) == [alone(p) for p in people]

    def test_people_with_the_same_week_share_one_search(self):
        """Three people in three zones, starting on Wednesdays, cost one planner."""
        people = [
            person(0, tz="Europe/London", start=dt.date(2027, 1, 6)),
            person(1, tz="Asia/Kolkata", start=dt.date(2027, 7, 7)),
            person(2, tz="America/Santiago", start=dt.date(2027, 6, 2)),
        ]
        got, planners = together_counting_planners(people)
        assert planners == 1
        assert got == [alone(p) for p in people]

    @settings(max_examples=20, deadline=None)
    @given(
        case=st.sampled_from(
            [
                # The second person's calendar weeks hold a clock change.
                {"tz": "Europe/London", "start": dt.date(2027, 3, 24)},
                # The Monday before the start, inside the first calendar week, changes.
                {"tz": "Europe/London", "start": dt.date(2027, 10, 27), "days": 7},
                # A skipped date in the last calendar week, after the plan's last date.
                {"tz": "UTC", "start": dt.date(2027, 2, 3), "skip": 22},
                # A skipped date on the Monday before the start.
                {"tz": "UTC", "start": dt.date(2027, 2, 3), "skip": -2},
            ]
        )
    )
    def test_a_plan_that_may_depend_on_its_dates_is_planned_afresh(self, case):
        """A clock change or skipped date anywhere in the calendar weeks stops the move."""
        first = person(0, tz="Asia/Kolkata", start=dt.date(2027, 1, 6), days=case.get("days", 21))
        skip = case.get("skip")
        second = person(
            1,
            tz=case["tz"],
            start=case["start"],
            days=case.get("days", 21),
            skipped_dates=[] if skip is None else [case["start"] + dt.timedelta(days=skip)],
        )
        got, planners = together_counting_planners([first, second])
        assert planners == 2
        assert got == [alone(first), alone(second)]

    def test_a_skipped_date_outside_the_calendar_weeks_does_not_stop_the_move(self):
        start = dt.date(2027, 2, 3)  # a Wednesday, like the first person's
        people = [
            person(0, tz="UTC", start=dt.date(2027, 1, 6)),
            person(1, tz="UTC", start=start, skipped_dates=[start - dt.timedelta(days=3)]),
        ]
        got, planners = together_counting_planners(people)
        assert planners == 1
        assert got == [alone(p) for p in people]

    def test_a_routine_with_a_recurrence_is_planned_for_each_person(self):
        """A recurrence counts from the plan's own dates, so nobody's plan is moved."""
        routine = every_other_day(STARTER)
        people = [
            person(
                n, tz="UTC", start=dt.date(2027, 1, 6) + dt.timedelta(days=7 * n), routine=routine
            )
            for n in range(3)
        ]
        got, planners = together_counting_planners(people)
        assert planners == 3
        assert got == [alone(p) for p in people]

    def test_other_limits_or_windows_are_other_plans(self):
        """Session limits and windows belong to the key: nobody takes another's plan."""
        start = dt.date(2027, 1, 6)
        people = [
            person(0, tz="UTC", start=start),
            person(1, tz="UTC", start=start + dt.timedelta(days=7), max_session_minutes=20),
            person(
                2,
                tz="UTC",
                start=start + dt.timedelta(days=14),
                windows=(footdrop.Window(start=dt.time(9), end=dt.time(20)),),
            ),
            person(
                3,
                tz="UTC",
                start=start + dt.timedelta(days=21),
                rest_weekdays=(footdrop.Weekday.FRIDAY,),
            ),
            person(4, tz="UTC", start=start + dt.timedelta(days=28), days=22),
        ]
        got, planners = together_counting_planners(people)
        assert planners == len(people)
        assert got == [alone(p) for p in people]

    def test_a_moved_plan_words_its_fallbacks_with_its_own_dates(self):
        """A day stepped down in a moved plan names the person's own date."""
        eversion = STARTER.items[0]
        thrice = attrs.evolve(eversion, current=attrs.evolve(eversion.current, sessions_per_day=3))
        routine = attrs.evolve(STARTER, items=(thrice, *STARTER.items[1:]))
        morning = (footdrop.Window(start=dt.time(8), end=dt.time(12)),)  # room for two
        people = [
            person(0, tz="UTC", start=dt.date(2027, 1, 6), windows=morning, routine=routine),
            person(
                1, tz="Asia/Kolkata", start=dt.date(2027, 5, 5), windows=morning, routine=routine
            ),
        ]
        results = list(batch.plan_many(people))
        assert [strict(r.plan) if r.plan else r.error for r in results] == [
            alone(p) for p in people
        ]
        plan = results[1].plan
        assert plan is not None
        fallbacks = [f for day in plan.days for f in day.fallbacks]
        assert fallbacks, "a four-hour morning holds two of the three sessions asked for"
        assert all(f.on.isoformat() in f.reason for f in fallbacks)
        assert {f.on for f in fallbacks} <= {day.date for day in plan.days}


class TestPlainWeeks:
    @settings(max_examples=200, deadline=None)
    @given(
        zone=st.sampled_from(ZONES),
        monday=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)).map(
            lambda d: d - dt.timedelta(days=d.weekday())
        ),
    )
    def test_a_plain_week_is_seven_plain_days_a_day_apart(self, zone, monday):
        tz = zoneinfo.ZoneInfo(zone)
        anchors = [plain_anchor(tz, monday + dt.timedelta(days=k)) for k in range(7)]
        found = _day.SharedDays().plain_week(zone, tz, monday)
        if None in anchors:
            assert found is None
        else:
            assert found == anchors[0]
            assert anchors == [found + 1440 * k for k in range(7)]

    @settings(max_examples=100, deadline=None)
    @given(
        zone=st.sampled_from(ZONES),
        day=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
        start=st.integers(0, 1439),
        length=st.integers(1, 240),
    )
    def test_midnight_plus_minutes_is_the_converted_instant(self, zone, day, start, length):
        """On a date without a clock change, the quick session times equal conversion."""
        tz = zoneinfo.ZoneInfo(zone)
        anchor = plain_anchor(tz, day)
        if anchor is None:
            return
        length = min(length, 1440 - start)
        result = _scheduler.DayResult(sessions=((start, length, (), ()),), fallbacks=())
        quick = _scheduler._dated_day(day, anchor, result, (), tz, plain=True)
        slow = _scheduler._dated_day(day, anchor, result, (), tz, plain=False)
        assert strict_session(quick) == strict_session(slow)

    def test_a_batch_planner_sees_the_days_a_lone_one_sees(self):
        """A batch planner (its store knows the zone's weeks) gives each date its lone windows."""
        availability = footdrop.Availability(
            tz="Africa/Casablanca",
            windows=(
                footdrop.Window(start=dt.time(1), end=dt.time(4)),
                footdrop.Window(start=dt.time(18), end=dt.time(22)),
            ),
        )
        start = dt.date(2027, 1, 18)
        shared = _day.SharedDays()
        durations = footdrop.DurationModel()
        lone = _weekly.WeeklyPlanner(STARTER, availability, durations, start, 70)
        together = _weekly.WeeklyPlanner(STARTER, availability, durations, start, 70, shared=shared)
        days = [start + dt.timedelta(days=k) for k in range(-7, 77)]
        assert [together.day_at(d) for d in days] == [lone.day_at(d) for d in days]
        assert together.changing == lone.changing
        assert len(lone.changing) == 2  # Casablanca changes twice around Ramadan 2027


def strict_session(day: footdrop.DayPlan) -> list[tuple[object, ...]]:
    return [
        (t.replace(tzinfo=None), t.utcoffset(), t.fold, t.tzinfo)
        for s in day.sessions
        for t in (s.start, s.end)
    ]


def test_a_store_keeps_a_bounded_number_of_plans(monkeypatch):
    """Past its bound a store forgets the plans it kept, and plans stay the lone ones."""
    monkeypatch.setattr(_scheduler, "_MAX_MOVED_PLANS", 2)
    people = [
        person(n, tz="UTC", start=dt.date(2027, 1, 4) + dt.timedelta(days=n), days=7)
        for n in range(4)
    ]
    shared = _day.SharedDays()
    durations = footdrop.DurationModel()
    got = [strict(r.plan) for r in batch._plan_all(people, durations, shared)]
    assert got == [alone(p) for p in people]
    store = shared.store(FULL, durations, _day.limits_of(people[0].availability, durations))
    kept = store.cache("relative plans")
    assert len(kept) == 2  # the third plan cleared the first two; the fourth was added
