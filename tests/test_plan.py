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
        assert "fallback: Ankle eversion sessions per day 2 instead of 3" in text
        assert "08:00-08:10  Ankle eversion: 1 set of 10 reps" in text

    @pytest.mark.parametrize(
        ("item", "expected"),
        [
            (
                PlanItem(exercise_id="ankle-alphabet", side=Side.LEFT, sets=1, letters=26),
                "Ankle alphabet: 1 set of the whole alphabet, A to Z, left leg",
            ),
            (
                PlanItem(exercise_id="heel-and-toe-walks", side=None, sets=1, rounds=3, steps=10),
                "Heel and toe walks: 1 set of 3 rounds of 10 steps each way",
            ),
            (
                PlanItem(
                    exercise_id="single-leg-stance",
                    side=Side.RIGHT,
                    sets=2,
                    hold_seconds=10,
                    support=footdrop.SupportLevel.ONE_HAND,
                ),
                "Single-leg stance: 2 sets, hold 10 s, one hand on a stable support, right leg",
            ),
        ],
    )
    def test_items_read_as_doses(self, item, expected):
        """Each kind of item reads as its name and dose: letters, rounds of steps, hold, support."""
        assert expected == str(item)


def _item(exercise_id: str, side: Side | None = None) -> PlanItem:
    return PlanItem(exercise_id=exercise_id, side=side, sets=1, reps=5)


def _plan_of(days: list[list[str]]) -> Plan:
    """A plan with one session a day holding the given exercises, in the given order."""
    first = dt.date(2026, 6, 1)
    return Plan(
        tz="UTC",
        days=[
            DayPlan(
                date=first + dt.timedelta(days=i),
                sessions=[
                    Session(
                        start=dt.datetime.combine(first + dt.timedelta(days=i), dt.time(8), dt.UTC),
                        end=dt.datetime.combine(first + dt.timedelta(days=i), dt.time(9), dt.UTC),
                        items=[_item(eid) for eid in ids],
                    )
                ],
            )
            for i, ids in enumerate(days)
        ],
    )


def _names_per_day(text: str) -> list[list[str]]:
    """The exercise names of each day block of a plan's text, in the order printed."""
    blocks = text.split("\n\n")[1:]
    return [[line[15:].split(": ")[0] for line in block.splitlines()[1:]] for block in blocks]


session_orders = st.lists(
    st.lists(st.sampled_from(ROUTINE.ids), min_size=1, max_size=6, unique=True),
    min_size=1,
    max_size=4,
)


class TestOneWording:
    @settings(max_examples=40)
    @given(session_orders)
    def test_text_names_exercises_in_the_routine_s_order_every_day(self, days):
        """Plan.to_text(routine) prints names, never ids, in the routine's order on every day."""
        text = _plan_of(days).to_text(ROUTINE)
        rank = {eid: i for i, eid in enumerate(ROUTINE.ids)}
        expected = [
            [ROUTINE[eid].exercise.name for eid in sorted(ids, key=rank.__getitem__)]
            for ids in days
        ]
        assert expected == _names_per_day(text)
        for ids in days:
            for eid in ids:
                assert f"  {eid}:" not in text

    @settings(max_examples=40)
    @given(session_orders)
    def test_without_a_routine_the_catalogue_names_and_orders(self, days):
        """With no routine, names and order come from the built-in catalogue."""
        catalogue = footdrop.catalogue()
        rank = {eid: i for i, eid in enumerate(catalogue)}
        expected = [
            [catalogue[eid].name for eid in sorted(ids, key=rank.__getitem__)] for ids in days
        ]
        assert expected == _names_per_day(_plan_of(days).to_text())

    @given(session_orders)
    def test_every_line_is_the_item_s_one_wording(self, days):
        """Each item line of the text is PlanItem.to_text() with the routine's exercises."""
        plan = _plan_of(days)
        text = plan.to_text(ROUTINE)
        known = {p.exercise.id: p.exercise for p in ROUTINE.items}
        for day in plan.days:
            for item in day.sessions[0].items:
                assert item.to_text(known) in text

    def test_sides_keep_their_order_and_unknown_ids_come_last(self):
        """Ordering is a stable sort: sides stay in order, ids no one knows keep plan order."""
        items = [
            _item("zz-unknown"),
            _item("ankle-alphabet", Side.LEFT),
            _item("aa-unknown"),
            _item("ankle-alphabet", Side.RIGHT),
            _item("standing-hip-external-rotation"),
        ]
        start = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
        session = Session(start=start, end=start + dt.timedelta(hours=1), items=items)
        got = [(i.exercise_id, i.side) for i in session.ordered_items(ROUTINE)]
        assert [
            ("standing-hip-external-rotation", None),
            ("ankle-alphabet", Side.LEFT),
            ("ankle-alphabet", Side.RIGHT),
            ("zz-unknown", None),
            ("aa-unknown", None),
        ] == got
        assert "Zz unknown: 1 set of 5 reps" in session.to_text(ROUTINE)

    def test_cli_handout_and_calendar_word_items_as_the_plan_does(self):
        """Plan.to_text, the CLI text, iCalendar and the Markdown handout show the same lines."""
        icalendar = pytest.importorskip("icalendar")
        from footdrop.cli._output import _plan_text
        from footdrop.export.ical import to_ics
        from footdrop.export.markdown import handout_markdown

        plan = article_plan(dt.date(2026, 6, 1), 2)
        known = {p.exercise.id: p.exercise for p in ROUTINE.items}
        per_session = [
            [item.to_text(known) for item in session.ordered_items(ROUTINE)]
            for day in plan.days
            for session in day.sessions
        ]
        expected = [line for lines in per_session for line in lines]
        timetable = [
            line[15:]
            for line in plan.to_text(ROUTINE).splitlines()
            if line[2:3].isdigit() or line.startswith(" " * 15)
        ]
        assert expected == timetable
        cli = [
            line.removeprefix("    - ")
            for line in _plan_text(plan, ROUTINE, "the default programme").splitlines()
            if line.startswith("    - ")
        ]
        assert expected == cli
        calendar = icalendar.Calendar.from_ical(to_ics(plan, routine=ROUTINE))
        described = [str(e["description"]).split("\n") for e in calendar.walk("VEVENT")]
        assert per_session == [
            d[: len(lines)] for d, lines in zip(described, per_session, strict=True)
        ]
        markdown = handout_markdown(plan, routine=ROUTINE)
        assert all(line in markdown for line in expected)
