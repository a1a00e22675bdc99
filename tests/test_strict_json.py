"""Strict JSON: repeated keys, RFC 3339 dates and times only, no boolean read as a number."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import footdrop
from footdrop.exceptions import DocumentError
from footdrop.progression import Decision, Outcome
from footdrop.serialisation import dumps, json_schema, loads

DECISION = Decision(
    on=dt.date(2027, 3, 1),
    exercise_id="ankle-eversion",
    lever="reps",
    before=10,
    after=11,
    rule="double-progression",
    evidence=(),
    reason="Every set reached the top of the range twice.",
    outcome=Outcome.APPLIED,
)
ITEM = footdrop.PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
LONDON_START = dt.datetime(2027, 3, 1, 8, tzinfo=dt.UTC)
PLAN = footdrop.Plan(
    tz="Europe/London",
    days=[
        footdrop.DayPlan(
            date=dt.date(2027, 3, 1),
            sessions=[
                footdrop.Session(
                    start=LONDON_START, end=LONDON_START + dt.timedelta(minutes=5), items=[ITEM]
                )
            ],
        )
    ],
)
BAD_DATES = ("2027-W09-1", "2027-060", "20270301", "2027-03-01T00:00:00", " 2027-03-01", "2027-3-1")
BAD_DATETIMES = (
    "2027-03-01 08:00:00+00:00",
    "2027-03-01T08:00:00+00:00:30",
    "2027-03-01T08:00+00:00",
    "2027-03-01T08:00:00",
    "2027-W09-1T08:00:00Z",
    "2027-03-01T08:00:00+0000",
    "2027-03-01t08:00:00z",
    "2027-03-01T08:00:00.1234567Z",
)
BAD_TIMES = ("0730", "7:30", "07:30:00+01:00", "T07:30", "07:30Z", "07")


@functools.cache
def validator(cls: type[Any]) -> Draft202012Validator:
    return Draft202012Validator(json_schema(cls))


def problems(text: str, cls: type[Any]) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        loads(text, cls)
    return [(p.path, p.message) for p in caught.value.problems]


class TestRepeatedKeys:
    def test_a_repeated_key_is_refused_with_its_path(self):
        """sessions_per_day twice is an error at its path, whichever copy would win."""
        routine = footdrop.Routine.from_catalogue(
            affected=footdrop.Side.LEFT, only=["ankle-eversion"]
        )
        text = dumps(routine, indent=None).replace(
            '"sessions_per_day":{',
            '"sessions_per_day":{"min":9,"max":9},"sessions_per_day":{',
            1,
        )
        found = problems(text, footdrop.Routine)
        expected = ["$.items[0].exercise.timing.sessions_per_day"]
        assert expected == [path for path, _ in found]
        assert "more than once" in found[0][1]

    def test_a_repeated_top_level_key_is_refused(self):
        """Two 'min' keys in a Range are refused at $.min."""
        found = problems('{"schema_version": 1, "min": 1, "min": 2, "max": 3}', footdrop.Range)
        assert ["$.min"] == [path for path, _ in found]

    @settings(max_examples=50)
    @given(key=st.sampled_from(("min", "max", "schema_version")), first=st.integers(1, 5))
    def test_the_same_value_twice_is_still_refused(self, key, first):
        """A key repeated with an equal value is refused too: the rule is about the text."""
        text = f'{{"schema_version": 1, "min": 1, "max": 5, "{key}": {first}}}'
        assert f"$.{key}" in [path for path, _ in problems(text, footdrop.Range)]


class TestRfc3339:
    @pytest.mark.parametrize("value", BAD_DATES)
    def test_dates_other_than_full_date_are_refused(self, value):
        """Week dates, ordinal dates, basic format and date-times are not dates."""
        document = {**json.loads(dumps(DECISION)), "on": value}
        found = problems(json.dumps(document), Decision)
        assert [("$.on", True)] == [(p, "RFC 3339" in m) for p, m in found]

    @pytest.mark.parametrize("value", BAD_DATETIMES)
    def test_date_times_other_than_rfc_3339_are_refused(self, value):
        """A space for T, offsets with seconds, no seconds or no offset are refused."""
        document = json.loads(dumps(PLAN))
        document["days"][0]["sessions"][0]["start"] = value
        found = problems(json.dumps(document), footdrop.Plan)
        assert ["$.days[0].sessions[0].start"] == [p for p, _ in found]

    @pytest.mark.parametrize("value", BAD_TIMES)
    def test_wall_times_other_than_hh_mm_are_refused(self, value):
        """A wall-clock time is HH:MM or HH:MM:SS, with no offset."""
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="Europe/London"
        )
        document = json.loads(dumps(availability))
        document["windows"][0]["start"] = value
        found = problems(json.dumps(document), footdrop.Availability)
        assert ["$.windows[0].start"] == [p for p, _ in found]

    def test_utc_z_is_read(self):
        """Z is the RFC 3339 way to write UTC, and is read."""
        document = json.loads(dumps(PLAN))
        document["days"][0]["sessions"][0]["start"] = "2027-03-01T08:00:00Z"
        assert PLAN == loads(json.dumps(document), footdrop.Plan)


class TestNoBooleanAsNumber:
    @pytest.mark.parametrize("field", ["before", "after"])
    @pytest.mark.parametrize("value", [True, False])
    def test_a_decision_refuses_a_boolean_level(self, field, value):
        """'after': false is not the number 0."""
        document = {**json.loads(dumps(DECISION)), field: value}
        found = problems(json.dumps(document), Decision)
        assert [f"$.{field}"] == [p for p, _ in found]

    @pytest.mark.parametrize("value", [11, "one-hand", None])
    def test_a_decision_reads_numbers_text_and_null(self, value):
        """The levels a decision can hold are read as they are."""
        document = {**json.loads(dumps(DECISION)), "after": value}
        assert value == loads(json.dumps(document), Decision).after


class TestSchemaAgrees:
    @settings(max_examples=60)
    @given(
        value=st.sampled_from(BAD_DATETIMES)
        | st.sampled_from(BAD_DATES)
        | st.just("2027-03-01T08:00:00+01:00")
    )
    def test_schema_and_loads_judge_session_times_alike(self, value):
        """The schema rejects exactly the session times loads rejects."""
        document = json.loads(dumps(PLAN))
        document["days"][0]["sessions"][0]["start"] = value
        try:
            loads(json.dumps(document), footdrop.Plan)
        except DocumentError:
            rejected = True
        else:
            rejected = False
        assert rejected == (not validator(footdrop.Plan).is_valid(document))

    @pytest.mark.parametrize("value", [True, False, 1.5])
    def test_schema_refuses_a_boolean_level(self, value):
        """The decision schema, like loads, refuses a boolean or fractional 'after'."""
        document = {**json.loads(dumps(DECISION)), "after": value}
        assert not validator(Decision).is_valid(document)
        problems(json.dumps(document), Decision)

    @settings(max_examples=60)
    @given(value=st.sampled_from(BAD_DATES) | st.dates().map(dt.date.isoformat))
    def test_schema_and_loads_judge_dates_alike(self, value):
        """The schema rejects exactly the dates loads rejects."""
        document = {**json.loads(dumps(DECISION)), "on": value}
        try:
            loads(json.dumps(document), Decision)
        except DocumentError:
            rejected = True
        else:
            rejected = False
        assert rejected == (not validator(Decision).is_valid(document))
