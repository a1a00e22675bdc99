"""Tests for footdrop.export.csv: a plan as CSV, one row per session item."""

from __future__ import annotations

import csv
import datetime as dt
import io

import attrs
import pytest
from hypothesis import given, settings

import footdrop
from footdrop import Prescription, Routine, Side
from footdrop.exceptions import InvalidTypeError
from footdrop.export.csv import COLUMNS, to_csv
from footdrop.export.text import clean_text, describe_item
from footdrop.testing.strategies import plans


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


class TestToCsv:
    def test_built_in_week(self):
        """Every session item of the week is one row, with its dose in words."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=7, availability=day)
        rows = read(to_csv(plan, routine=routine))
        items = [i for d in plan.days for s in d.sessions for i in s.items]
        assert [describe_item(i) for i in items] == [r["dose"] for r in rows]
        assert list(COLUMNS) == list(rows[0])

    @settings(max_examples=30)
    @given(plans())
    def test_any_plan_has_a_row_per_item(self, plan):
        """For any plan, the rows match the items one to one, in order, with their counts."""
        rows = read(to_csv(plan))
        items = [(d.date, i) for d in plan.days for s in d.sessions for i in s.items]
        assert [(d.isoformat(), i.exercise_id, str(i.sets)) for d, i in items] == [
            (r["date"], r["exercise_id"], r["sets"]) for r in rows
        ]

    @pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"])
    def test_formulas_are_defused(self, name):
        """A name a spreadsheet would run as a formula starts with an apostrophe."""
        exercise = attrs.evolve(footdrop.catalogue()["towel-scrunches"], name=name)
        routine = Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)])
        day = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=1, availability=day)
        (row,) = read(to_csv(plan, routine=routine))
        assert "'" + clean_text(name) == row["exercise"]

    def test_crlf_line_ends(self):
        """Rows end in CRLF, as RFC 4180 asks."""
        text = to_csv(footdrop.Plan(tz="UTC", days=[]))
        assert text.endswith("done\r\n")

    @pytest.mark.parametrize("kwargs", [{"plan": "p"}, {"routine": 1}])
    def test_bad_arguments(self, kwargs):
        """A plan or routine of the wrong type is refused, naming it."""
        args = {"plan": footdrop.Plan(tz="UTC", days=[]), **kwargs}
        with pytest.raises(InvalidTypeError, match=next(iter(kwargs))):
            to_csv(args.pop("plan"), **args)
