"""Tests for footdrop.export.frame: typed DataFrames of plans and logs."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import BorgCR10, ExerciseLog, Side, SupportLevel
from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.export.frame import LOG_COLUMNS, PLAN_COLUMNS, to_dataframe
from footdrop.testing import strategies as fst

pd = pytest.importorskip("pandas")

INT_PLAN_COLUMNS = (
    "session", "position", "sets", "reps", "hold_seconds", "letters", "rounds", "steps",
    "rest_between_sets_seconds",
)  # fmt: skip
INT_LOG_COLUMNS = ("session", "sets", "reps", "hold_seconds", "pain", "pain_next_morning")


def na(value):
    """None for pandas' missing values, else the value as a Python object."""
    return None if value is pd.NA or (not isinstance(value, tuple) and pd.isna(value)) else value


class TestPlanFrame:
    @settings(max_examples=15)
    @given(fst.plans(max_days=3))
    def test_one_row_per_item_with_its_fields(self, plan):
        """Each planned item is one row, in plan order, with its date, session, times and dose."""
        frame = to_dataframe(plan)
        expected = [
            (
                day.date, slot, position, session.start, session.end, item.exercise_id,
                None if item.side is None else item.side.value, item.sets, item.reps,
                item.hold_seconds, item.letters, item.rounds, item.steps,
                None if item.support is None else item.support.value,
                item.rest_between_sets_seconds,
            )
            for day in plan.days
            for slot, session in enumerate(day.sessions, start=1)
            for position, item in enumerate(session.items, start=1)
        ]  # fmt: skip
        actual = [
            (
                row.date.to_timestamp().date(), row.session, row.position,
                row.start.to_pydatetime(), row.end.to_pydatetime(), row.exercise_id,
                na(row.side), row.sets, na(row.reps), na(row.hold_seconds), na(row.letters),
                na(row.rounds), na(row.steps), na(row.support), row.rest_between_sets_seconds,
            )
            for row in frame.itertuples(index=False)
        ]  # fmt: skip
        assert expected == actual

    @settings(max_examples=15)
    @given(fst.plans(max_days=3))
    def test_typed_columns(self, plan):
        """Columns are in order and typed: period dates, aware times, Int64 counts, categories."""
        frame = to_dataframe(plan)
        expected = PLAN_COLUMNS
        assert expected == tuple(frame.columns)
        expected = "period[D]"
        assert expected == str(frame["date"].dtype)
        for name in ("start", "end"):
            assert isinstance(frame[name].dtype, pd.DatetimeTZDtype)
            assert plan.tz == str(frame[name].dtype.tz)
        expected = ["Int64"] * len(INT_PLAN_COLUMNS)
        assert expected == [str(frame[c].dtype) for c in INT_PLAN_COLUMNS]
        expected = "string"
        assert expected == frame["exercise_id"].dtype.name
        expected = ["left", "right"]
        assert expected == list(frame["side"].cat.categories)
        assert frame["support"].cat.ordered

    def test_rest_days_have_no_rows_and_empty_plan_keeps_types(self):
        """A plan of rest days gives an empty frame with the same typed columns."""
        plan = footdrop.Plan(
            tz="Asia/Kolkata", days=[footdrop.DayPlan(date=dt.date(2026, 11, 24), sessions=[])]
        )
        frame = to_dataframe(plan)
        expected = (0, PLAN_COLUMNS)
        assert expected == (len(frame), tuple(frame.columns))
        expected = "Asia/Kolkata"
        assert expected == str(frame["start"].dtype.tz)
        expected = "Int64"
        assert expected == str(frame["reps"].dtype)

    def test_times_across_a_clock_change(self):
        """Times on the day London falls back keep their instants and local offsets."""
        availability = footdrop.Availability.daily(
            start=dt.time(7, 30), end=dt.time(21), tz="Europe/London"
        )
        routine = footdrop.Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        plan = footdrop.schedule(
            routine, start=dt.date(2026, 10, 24), days=3, availability=availability
        )
        frame = to_dataframe(plan)
        expected = [s.start for d in plan.days for s in d.sessions]
        assert expected == [t.to_pydatetime() for t in frame["start"]]
        offsets = {t.date(): t.utcoffset() for t in frame["start"]}
        assert (dt.timedelta(hours=1), dt.timedelta(0)) == (
            offsets[dt.date(2026, 10, 24)],
            offsets[dt.date(2026, 10, 26)],
        )

    def test_support_is_ordered_by_rung(self):
        """Support sorts from two hands to eyes closed, not alphabetically."""
        frame = to_dataframe(footdrop.Plan(tz="UTC", days=[]))
        expected = [s.value for s in SupportLevel]
        assert expected == list(frame["support"].cat.categories)


class TestLogFrame:
    @settings(max_examples=20)
    @given(st.lists(fst.exercise_logs(), max_size=5))
    def test_one_row_per_log(self, logs):
        """Each log is one row, in the order given, with every field."""
        frame = to_dataframe(logs)
        expected = [
            (
                log.on, log.exercise_id, None if log.side is None else log.side.value,
                log.session, log.sets, log.reps, log.hold_seconds, log.reps_per_set,
                log.hold_per_set, None if log.support is None else log.support.value, log.pain,
                log.pain_next_morning, None if log.effort is None else log.effort.value,
                log.fell, log.notes,
            )
            for log in logs
        ]  # fmt: skip
        actual = [
            (
                row.on.to_timestamp().date(), row.exercise_id, na(row.side), row.session,
                row.sets, na(row.reps), na(row.hold_seconds), row.reps_per_set, row.hold_per_set,
                na(row.support), na(row.pain), na(row.pain_next_morning), na(row.effort),
                bool(row.fell), na(row.notes),
            )
            for row in frame.itertuples(index=False)
        ]  # fmt: skip
        assert expected == actual

    def test_typed_columns(self):
        """Log columns are typed: Int64 counts and pain, Float64 effort, boolean falls."""
        log = ExerciseLog(
            on=dt.date(2026, 11, 24), exercise_id="single-leg-stance", side=Side.LEFT, sets=3,
            hold_seconds=10, pain=1, effort=BorgCR10(value=3.5), fell=True,
        )  # fmt: skip
        frame = to_dataframe((log,))
        expected = LOG_COLUMNS
        assert expected == tuple(frame.columns)
        expected = ["Int64"] * len(INT_LOG_COLUMNS)
        assert expected == [str(frame[c].dtype) for c in INT_LOG_COLUMNS]
        expected = ("Float64", "boolean", "period[D]")
        assert expected == (
            str(frame["effort"].dtype),
            str(frame["fell"].dtype),
            str(frame["on"].dtype),
        )
        assert pd.isna(frame["reps"].iloc[0])

    def test_empty_logs(self):
        """No logs give an empty frame with the log columns."""
        frame = to_dataframe([])
        expected = (0, LOG_COLUMNS)
        assert expected == (len(frame), tuple(frame.columns))

    def test_generators_are_read_once(self):
        """Any iterable of logs works, including a generator."""
        logs = (
            ExerciseLog(on=dt.date(2026, 11, d), exercise_id="ankle-eversion", side=None, sets=1)
            for d in (24, 25)
        )
        expected = 2
        assert expected == len(to_dataframe(logs))


class TestBadInput:
    @pytest.mark.parametrize("obj", ["logs", b"x", 42, None])
    def test_not_a_plan_or_logs(self, obj):
        """Strings, numbers and None are refused with InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match=r"takes a footdrop\.Plan or a list"):
            to_dataframe(obj)

    def test_names_the_bad_log(self):
        """A list holding something else names its index."""
        log = ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="ankle-eversion", side=None, sets=1)
        with pytest.raises(InvalidTypeError, match=r"'logs\[1\]' must be a footdrop.ExerciseLog"):
            to_dataframe([log, {"sets": 1}])

    def test_missing_pandas_names_the_extra(self, monkeypatch):
        """Without pandas, to_dataframe raises MissingExtraError naming the notebook extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingExtraError) as info:
            to_dataframe([])
        expected = ("notebook", "pandas")
        assert expected == (info.value.extra, info.value.package)
        assert 'pip install "footdrop[notebook]"' in str(info.value)
