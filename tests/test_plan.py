"""Tests for the views of footdrop.Plan and footdrop.DayPlan."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import Availability, DayPlan, Fallback, Plan, PlanItem, Routine, Session, Side
from footdrop.exceptions import InvalidTypeError, InvalidValueError

DAY = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
ROUTINE = Routine.from_catalogue(affected=Side.LEFT)


def article_plan(start: dt.date, days: int) -> Plan:
    return footdrop.schedule(ROUTINE, start=start, days=days, availability=DAY)


starts = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))


class TestDay:
    @settings(max_examples=20)
    @given(starts, st.integers(1, 30), st.data())
    def test_day_returns_the_plan_of_that_date(self, start, days, data):
        """plan.day(d) is the DayPlan dated d, for every date of the plan."""
        plan = article_plan(start, days)
        offset = data.draw(st.integers(0, days - 1))
        wanted = start + dt.timedelta(days=offset)
        assert wanted == plan.day(wanted).date

    @pytest.mark.parametrize("offset", [-1, 7])
    def test_dates_outside_the_plan(self, offset):
        """A date before or after the plan raises an InvalidValueError naming 'date'."""
        plan = article_plan(dt.date(2026, 6, 1), 7)
        with pytest.raises(InvalidValueError) as caught:
            plan.day(dt.date(2026, 6, 1) + dt.timedelta(days=offset))
        assert "date" == caught.value.field
        assert "2026-06-01 to 2026-06-07" in str(caught.value)

    def test_a_datetime_is_not_a_date(self):
        """plan.day() refuses a datetime as a wrong type, naming 'date'."""
        plan = article_plan(dt.date(2026, 6, 1), 1)
        with pytest.raises(InvalidTypeError) as caught:
            plan.day(dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC))
        assert "date" == caught.value.field

    def test_start_and_end(self):
        """Plan.start and Plan.end are the first and last dates."""
        plan = article_plan(dt.date(2026, 6, 1), 10)
        assert (dt.date(2026, 6, 1), dt.date(2026, 6, 10)) == (plan.start, plan.end)


class TestCounts:
    @settings(max_examples=15)
    @given(starts, st.integers(1, 21))
    def test_day_counts_match_the_sessions(self, start, days):
        """counts_per_day counts, for each exercise, the sessions that hold it."""
        plan = article_plan(start, days)
        for date, counts in plan.counts_per_day().items():
            expected = Counter(eid for s in plan.day(date).sessions for eid in set(s.exercise_ids))
            assert dict(expected) == counts

    @settings(max_examples=15)
    @given(starts, st.integers(1, 21))
    def test_weeks_add_up_their_days(self, start, days):
        """Each week's counts are the sum of its days', keyed by the week's Monday."""
        plan = article_plan(start, days)
        per_week = plan.counts_per_week()
        expected: dict[dt.date, Counter[str]] = {}
        for date, counts in plan.counts_per_day().items():
            monday = date - dt.timedelta(days=date.weekday())
            expected.setdefault(monday, Counter()).update(counts)
        assert {k: dict(v) for k, v in expected.items()} == per_week
        assert all(monday.weekday() == 0 for monday in per_week)

    def test_counts_of_one_date(self):
        """plan.counts(date) gives that date's counts."""
        plan = article_plan(dt.date(2026, 6, 1), 3)
        assert plan.day(dt.date(2026, 6, 2)).counts() == plan.counts(dt.date(2026, 6, 2))


class TestTotals:
    @settings(max_examples=15)
    @given(starts, st.integers(1, 14))
    def test_totals_add_up_sessions(self, start, days):
        """Daily totals are the sessions' minutes and the items' sets x reps."""
        plan = article_plan(start, days)
        for day, totals in zip(plan.days, plan.totals(), strict=True):
            minutes = sum(
                math.ceil((s.end.astimezone(dt.UTC) - s.start.astimezone(dt.UTC)).seconds / 60)
                for s in day.sessions
            )
            reps = sum(i.sets * (i.reps or 0) for s in day.sessions for i in s.items)
            assert (day.date, len(day.sessions), minutes, reps) == (
                totals.date,
                totals.sessions,
                totals.minutes,
                totals.reps,
            )


def _session(hour: int, *items: PlanItem) -> Session:
    tz = dt.UTC
    return Session(
        start=dt.datetime(2026, 6, 1, hour, tzinfo=tz),
        end=dt.datetime(2026, 6, 1, hour, 10, tzinfo=tz),
        items=items,
    )


class TestText:
    def test_every_session_and_item_is_in_the_timetable(self):
        """The text shows each date, each session's times and each item's line."""
        plan = article_plan(dt.date(2026, 6, 1), 3)
        text = plan.to_text()
        for day in plan.days:
            assert f"{day.date:%A} {day.date.isoformat()}" in text
            for s in day.sessions:
                assert f"{s.start:%H:%M}-{s.end:%H:%M}" in text
                for item in s.items:
                    assert str(item) in text
        assert text == str(plan)

    def test_rest_days_and_fallbacks_are_shown(self):
        """A rest day reads 'rest day'; a fallback is a line naming what was lowered."""
        eversion = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        fallback = Fallback(
            on=dt.date(2026, 6, 1),
            exercise_id="ankle-eversion",
            lever="sessions_per_day",
            wanted=3,
            planned=2,
            reason="the windows are short",
        )
        plan = Plan(
            tz="UTC",
            days=[
                DayPlan(
                    date=dt.date(2026, 6, 1),
                    sessions=[_session(8, eversion), _session(12, eversion)],
                    fallbacks=[fallback],
                ),
                DayPlan(date=dt.date(2026, 6, 2), sessions=[]),
            ],
        )
        text = plan.to_text()
        assert "  rest day" in text
        assert "fallback: ankle-eversion sessions per day 2 instead of 3" in text
        assert "08:00-08:10  ankle-eversion: 1 set x 10 reps" in text

    @pytest.mark.parametrize(
        ("item", "expected"),
        [
            (
                PlanItem(exercise_id="ankle-alphabet", side=Side.LEFT, sets=1, letters=26),
                "ankle-alphabet (left): 1 set x 26 letters",
            ),
            (
                PlanItem(exercise_id="heel-and-toe-walks", side=None, sets=1, rounds=3, steps=10),
                "heel-and-toe-walks: 1 set x 3 rounds of 10 steps",
            ),
            (
                PlanItem(
                    exercise_id="single-leg-stance",
                    side=Side.RIGHT,
                    sets=2,
                    hold_seconds=10,
                    support=footdrop.SupportLevel.ONE_HAND,
                ),
                "single-leg-stance (right): 2 sets, 10 s hold, support one-hand",
            ),
        ],
    )
    def test_items_read_as_doses(self, item, expected):
        """Each kind of item reads as its dose: letters, rounds of steps, holds and support."""
        assert expected == str(item)
