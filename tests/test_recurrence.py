"""Tests for footdrop.Recurrence and Timing.recurrence: rules, JSON, FHIR, iCalendar, checks."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

import attrs
import jsonschema
import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.R4B.bundle import Bundle as BundleR4
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Category,
    DayPlan,
    Dose,
    Exercise,
    Laterality,
    Plan,
    PlanItem,
    Position,
    Prescription,
    Range,
    Recurrence,
    Routine,
    Session,
    Side,
    Timing,
    Weekday,
    check_plan,
)
from footdrop.checking._check import RULES
from footdrop.exceptions import DocumentError, InvalidTypeError, InvalidValueError
from footdrop.export._fhir_codec import FhirReader, timing
from footdrop.export.fhir import from_fhir, to_fhir
from footdrop.export.ical import recurrence_from_rrule, recurrence_to_rrule, routine_to_ics
from footdrop.export.text import describe_timing
from footdrop.serialisation import dumps, loads
from footdrop.serialisation._schema import json_schema
from footdrop.testing import strategies as fs

W = Weekday
MONDAY = dt.date(2026, 1, 5)
ONE = Range(min=1, max=1)


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def _brute_force(rule: Recurrence, day: dt.date, anchor: dt.date) -> bool:
    """Whether *rule* gives *day*, by plain date arithmetic (no dateutil)."""
    first = rule.start if rule.start is not None else anchor
    if day < first or day in rule.except_dates:
        return False
    if rule.interval_days is not None:
        return (day - first).days % rule.interval_days == 0
    return W.of(day) in rule.weekdays


# -- the model ------------------------------------------------------------------------------


class TestRecurrence:
    def test_constructors_write_rfc_5545_rules(self) -> None:
        """every() and weekly() write the RRULE a reader expects, weekdays Monday first."""
        assert ("FREQ=DAILY;INTERVAL=2", "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR") == (
            Recurrence.every(days=2).to_rrule(),
            Recurrence.every(days=1).to_rrule(),
            Recurrence.weekly(W.FRIDAY, W.MONDAY, W.WEDNESDAY).to_rrule(),
        )

    def test_one_spelling_per_rule(self) -> None:
        """Case, an RRULE: prefix, part order, INTERVAL=1 and weekday order do not matter."""
        assert Recurrence(rule="FREQ=WEEKLY;BYDAY=MO,FR") == Recurrence(
            rule="rrule:byday=fr,mo;interval=1;freq=weekly"
        )

    @pytest.mark.parametrize(
        ("rule", "named"),
        [
            ("FREQ=DAILY;COUNT=10", "COUNT"),
            ("FREQ=DAILY;UNTIL=20260301", "UNTIL"),
            ("FREQ=WEEKLY;BYDAY=MO;WKST=SU", "WKST"),
            ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1", "BYSETPOS"),
            ("FREQ=DAILY;BYMONTH=1", "BYMONTH"),
            ("FREQ=MONTHLY", "MONTHLY"),
            ("FREQ=WEEKLY;BYDAY=1MO", "1MO"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
            ("FREQ=DAILY;INTERVAL=15", "INTERVAL"),
            ("FREQ=DAILY;INTERVAL=two", "INTERVAL"),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "INTERVAL=1"),
            ("FREQ=DAILY;BYDAY=MO", "BYDAY"),
            ("FREQ=WEEKLY", "BYDAY"),
            ("FREQ=WEEKLY;BYDAY=MO,MO", "twice"),
            ("FREQ=DAILY;FREQ=DAILY", "FREQ twice"),
            ("every other day", "NAME=value"),
        ],
    )
    def test_unsupported_rules_are_refused_naming_the_part(self, rule: str, named: str) -> None:
        """Every rule outside footdrop's subset is refused; the message names the part and a fix."""
        with pytest.raises(InvalidValueError, match=r"^'rule' ") as caught:
            Recurrence(rule=rule)
        assert named in str(caught.value)
        assert (caught.value.field, caught.value.value) == ("rule", rule)
        assert caught.value.fix

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"rule": 2}, "rule"),
            ({"rule": "FREQ=DAILY", "start": "2026-01-05"}, "start"),
            ({"rule": "FREQ=DAILY", "start": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)}, "start"),
            ({"rule": "FREQ=DAILY", "except_dates": ["2026-01-05"]}, "except_dates[0]"),
        ],
    )
    def test_wrong_types_are_refused_naming_the_field(
        self, values: dict[str, Any], field: str
    ) -> None:
        """A value of the wrong type raises InvalidTypeError naming the field (and index)."""
        with pytest.raises(InvalidTypeError) as caught:
            Recurrence(**values)
        assert field == caught.value.field

    def test_a_skipped_date_named_twice_is_refused(self) -> None:
        """except_dates names each date once; a repeat is an error, not dropped."""
        with pytest.raises(InvalidValueError, match="2026-01-07 more than once"):
            Recurrence.every(days=2, except_dates=(dt.date(2026, 1, 7), dt.date(2026, 1, 7)))

    @pytest.mark.parametrize("days", [0, 15, True, 2.0])
    def test_every_needs_a_gap_of_1_to_14_days(self, days: Any) -> None:
        """every(days=...) takes a whole number within 1..14."""
        with pytest.raises((InvalidValueError, InvalidTypeError), match="'days'"):
            Recurrence.every(days=days)

    @pytest.mark.parametrize("days", [(), (W.MONDAY, W.MONDAY), ("monday",)])
    def test_weekly_needs_distinct_weekdays(self, days: tuple[Any, ...]) -> None:
        """weekly() needs at least one Weekday, each once."""
        with pytest.raises((InvalidValueError, InvalidTypeError), match="'days'"):
            Recurrence.weekly(*days)

    def test_every_other_day_counts_from_the_anchor(self) -> None:
        """With no start of its own, the rule counts from the anchor; skipped dates drop out."""
        rule = Recurrence.every(days=2, except_dates=(dt.date(2026, 1, 9),))
        expected = (
            dt.date(2026, 1, 6),
            dt.date(2026, 1, 8),
            dt.date(2026, 1, 10),
            dt.date(2026, 1, 12),
        )
        assert expected == rule.dates(MONDAY, dt.date(2026, 1, 12), anchor=dt.date(2026, 1, 6))

    def test_its_own_start_wins_over_the_anchor(self) -> None:
        """A recurrence's start is the anchor; nothing is due before it."""
        rule = Recurrence.weekly(W.MONDAY, W.THURSDAY, start=dt.date(2026, 1, 8))
        assert (dt.date(2026, 1, 8), dt.date(2026, 1, 12)) == rule.dates(
            MONDAY, dt.date(2026, 1, 12), anchor=MONDAY
        )

    def test_an_empty_span_has_no_dates(self) -> None:
        """An end before the start gives no dates (not an error)."""
        assert () == Recurrence.every(days=1).dates(MONDAY, MONDAY - dt.timedelta(1), anchor=MONDAY)

    def test_dates_must_be_dates(self) -> None:
        """A datetime where a date belongs is refused naming the argument."""
        moment = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError, match="'anchor'"):
            Recurrence.every(days=2).dates(MONDAY, MONDAY, anchor=moment)  # type: ignore[arg-type]

    @given(
        rule=fs.recurrences(),
        anchor=fs.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
        offset=st.integers(-30, 30),
        length=st.integers(0, 60),
    )
    def test_dates_agree_with_plain_date_arithmetic(
        self, rule: Recurrence, anchor: dt.date, offset: int, length: int
    ) -> None:
        """dates() and occurs_on() give exactly the days an independent count gives."""
        first = anchor + dt.timedelta(days=offset)
        span = _days(first, length + 1)
        expected = tuple(d for d in span if _brute_force(rule, d, anchor))
        assert expected == rule.dates(first, span[-1], anchor=anchor)
        assert list(expected) == [d for d in span if rule.occurs_on(d, anchor=anchor)]

    @given(rule=fs.recurrences())
    def test_every_rule_reads_back_from_its_text(self, rule: Recurrence) -> None:
        """Recurrence(rule=r.to_rrule()) keeps the rule exactly."""
        assert rule.rule == Recurrence(rule=rule.to_rrule()).rule


class TestTimingRecurrence:
    def test_three_named_days_may_say_three_days_a_week(self) -> None:
        """days_per_week may stay 7 or equal the rule's weekdays; both are accepted."""
        rule = Recurrence.weekly(W.MONDAY, W.WEDNESDAY, W.FRIDAY)
        timings = [
            Timing(sessions_per_day=ONE, recurrence=rule),
            Timing(sessions_per_day=ONE, days_per_week=3, recurrence=rule),
            Timing(
                sessions_per_day=ONE,
                days_per_week=3,
                weekdays=(W.MONDAY, W.WEDNESDAY, W.FRIDAY),
                recurrence=rule,
            ),
        ]
        assert [rule] * 3 == [t.recurrence for t in timings]

    def test_a_count_that_contradicts_the_rule_is_refused(self) -> None:
        """Mon/Wed/Fri with days_per_week=2 is a contradiction, named in the error."""
        with pytest.raises(InvalidValueError, match=r"'days_per_week' is 2 .* names 3 day") as e:
            Timing(
                sessions_per_day=ONE,
                days_per_week=2,
                recurrence=Recurrence.weekly(W.MONDAY, W.WEDNESDAY, W.FRIDAY),
            )
        assert "days_per_week" == e.value.field

    def test_every_other_day_takes_no_weekly_count(self) -> None:
        """Every other day gives 3 or 4 days a week: a days_per_week of 3 is refused."""
        with pytest.raises(InvalidValueError, match="changes from week to week"):
            Timing(sessions_per_day=ONE, days_per_week=3, recurrence=Recurrence.every(days=2))

    def test_rule_days_outside_the_allowed_weekdays_are_refused(self) -> None:
        """A rule on Tuesday with Tuesday not allowed is refused, naming the day."""
        with pytest.raises(InvalidValueError, match="falls on tuesday") as e:
            Timing(
                sessions_per_day=ONE,
                days_per_week=2,
                weekdays=(W.MONDAY, W.FRIDAY),
                recurrence=Recurrence.weekly(W.MONDAY, W.TUESDAY),
            )
        assert "recurrence" == e.value.field

    def test_every_n_days_needs_every_weekday_allowed(self) -> None:
        """Every other day lands on every weekday in turn, so rest weekdays contradict it."""
        with pytest.raises(InvalidValueError, match="outside the allowed 'weekdays'"):
            Timing(
                sessions_per_day=ONE,
                days_per_week=5,
                weekdays=(W.MONDAY, W.TUESDAY, W.WEDNESDAY, W.THURSDAY, W.FRIDAY),
                recurrence=Recurrence.every(days=2),
            )

    def test_a_recurrence_must_be_a_recurrence(self) -> None:
        """A bare RRULE string is refused with the type to use."""
        with pytest.raises(InvalidTypeError, match=r"footdrop\.Recurrence"):
            Timing(sessions_per_day=ONE, recurrence="FREQ=DAILY")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("rule", "daily"),
        [
            (Recurrence.every(days=1), True),
            (Recurrence.weekly(*Weekday), True),
            (Recurrence.every(days=2), False),
            (Recurrence.every(days=1, except_dates=(MONDAY,)), False),
            (Recurrence.weekly(W.MONDAY), False),
        ],
    )
    def test_is_daily_follows_the_rule(self, rule: Recurrence, daily: bool) -> None:
        """is_daily is True only for an every-day rule with no skipped dates."""
        assert daily == Timing(sessions_per_day=ONE, recurrence=rule).is_daily


# -- JSON -----------------------------------------------------------------------------------


class TestJson:
    @given(t=fs.timings(recurrence=True))
    def test_timings_with_a_recurrence_round_trip(self, t: Timing) -> None:
        """loads(dumps(t)) == t for every timing with a recurrence."""
        assert t == loads(dumps(t), Timing)

    @settings(max_examples=30)
    @given(t=fs.timings(recurrence=None))
    def test_the_shipped_schema_accepts_what_dumps_writes(self, t: Timing) -> None:
        """Every dumped timing validates against the Timing JSON Schema."""
        schema = json_schema(Timing)
        validator = jsonschema.Draft202012Validator(schema)
        assert [] == [e.message for e in validator.iter_errors(json.loads(dumps(t)))]

    def test_a_bad_rule_is_reported_at_its_path(self) -> None:
        """An unsupported rule part in JSON is a DocumentError naming the JSON path."""
        text = dumps(Timing(sessions_per_day=ONE, recurrence=Recurrence.every(days=2)))
        bad = text.replace("FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;COUNT=4")
        with pytest.raises(DocumentError, match=r"uses COUNT.*@ \$\.recurrence\.rule"):
            loads(bad, Timing)

    def test_from_type_draws_timings_with_and_without_rules(self) -> None:
        """st.from_type(Timing) reaches both kinds of timing."""
        seen: set[bool] = set()

        @settings(max_examples=60, database=None)
        @given(st.from_type(Timing))
        def draw(t: Timing) -> None:
            seen.add(t.recurrence is None)

        draw()
        assert {True, False} == seen


# -- FHIR -----------------------------------------------------------------------------------


def _read(node: dict[str, Any]) -> Timing:
    return FhirReader().timing(json.loads(json.dumps(node)), "$.timing")


def _exercise(t: Timing) -> Exercise:
    return Exercise(
        id="ankle-eversion",
        name="Ankle eversion",
        category=Category.ANKLE_STRENGTH,
        position=Position.SEATED,
        laterality=Laterality.BOTH_TOGETHER,
        steps=("Turn both soles outward.",),
        dose=Dose(sets=ONE, reps=Range(min=10, max=15)),
        timing=t,
    )


def _routine(t: Timing) -> Routine:
    return Routine(affected=Side.LEFT, items=[Prescription(exercise=_exercise(t))])


class TestFhir:
    @given(t=fs.timings(recurrence=None))
    def test_every_timing_reads_back(self, t: Timing) -> None:
        """A Timing written as FHIR reads back equal, with or without a recurrence."""
        assert t == _read(timing(t))

    @settings(max_examples=8)
    @given(t=fs.timings(recurrence=True))
    def test_routines_with_rules_are_valid_fhir_and_round_trip(self, t: Timing) -> None:
        """fhir.resources accepts the R4 and R5 export, and from_fhir gives the routine back."""
        routine = _routine(t)
        for version, model in (("R4", BundleR4), ("R5", BundleR5)):
            bundle = json.loads(json.dumps(to_fhir(routine, version=version)))
            assert bundle == json.loads(model.model_validate(bundle).model_dump_json())
            assert routine == from_fhir(bundle)

    def test_every_other_day_is_period_2_days(self) -> None:
        """every(days=2) is repeat.period 2, periodUnit d, with its anchor as boundsPeriod.start."""
        node = timing(
            Timing(sessions_per_day=ONE, recurrence=Recurrence.every(days=2, start=MONDAY))
        )
        repeat = node["repeat"]
        assert (2, "d", {"start": "2026-01-05"}, None) == (
            repeat["period"],
            repeat["periodUnit"],
            repeat["boundsPeriod"],
            repeat.get("dayOfWeek"),
        )

    def test_named_weekdays_are_day_of_week(self) -> None:
        """weekly(Mon, Wed, Fri) is dayOfWeek mon, wed, fri, period 1 d, with all days allowed."""
        rule = Recurrence.weekly(W.MONDAY, W.WEDNESDAY, W.FRIDAY)
        repeat = timing(Timing(sessions_per_day=ONE, recurrence=rule))["repeat"]
        assert (["mon", "wed", "fri"], 1, "d") == (
            repeat["dayOfWeek"],
            repeat["period"],
            repeat["periodUnit"],
        )

    def test_plain_fhir_period_2_days_reads_as_every_other_day(self) -> None:
        """A FHIR Timing from elsewhere, period 2 d, reads as every(days=2)."""
        node = {"repeat": {"frequency": 1, "period": 2, "periodUnit": "d"}}
        assert Recurrence.every(days=2) == _read(node).recurrence

    @pytest.mark.parametrize(
        ("repeat", "path"),
        [
            ({"period": 1, "periodUnit": "wk"}, "$.timing.repeat.periodUnit"),
            ({"period": 1.5, "periodUnit": "d"}, "$.timing.repeat.period"),
            ({"period": 30, "periodUnit": "d"}, "$.timing.repeat.period"),
            ({"period": 2, "periodUnit": "d", "dayOfWeek": ["mon"]}, "$.timing.repeat.dayOfWeek"),
            ({"count": 10}, "$.timing.repeat.count"),
            ({"timeOfDay": ["08:00:00"]}, "$.timing.repeat.timeOfDay"),
            ({"boundsPeriod": {"start": "2026-01-05", "end": "2026-02-05"}}, "boundsPeriod.end"),
            ({"boundsPeriod": {"start": "2026-01-05T08:00:00Z"}}, "boundsPeriod.start"),
            ({"dayOfWeek": ["monday"]}, "$.timing.repeat.dayOfWeek"),
        ],
    )
    def test_timings_footdrop_cannot_say_are_refused_at_their_path(
        self, repeat: dict[str, Any], path: str
    ) -> None:
        """Other units, end dates, counts and times of day are DocumentErrors, never dropped."""
        with pytest.raises(DocumentError) as caught:
            _read({"repeat": {"frequency": 1, **repeat}})
        assert path in caught.value.problems[0].path

    def test_other_timing_fields_are_refused(self) -> None:
        """Timing.event or Timing.code is refused rather than ignored."""
        with pytest.raises(DocumentError, match=r"cannot read 'event'"):
            _read({"event": ["2026-01-05"], "repeat": {"frequency": 1}})

    def test_native_fields_must_agree_with_the_rule(self) -> None:
        """A period that contradicts the recurrence extension is refused, not overruled."""
        node = timing(Timing(sessions_per_day=ONE, recurrence=Recurrence.every(days=3)))
        node["repeat"]["period"] = 2
        with pytest.raises(DocumentError, match="period 2 disagrees"):
            _read(node)

    def test_a_bad_rule_in_the_extension_is_refused_at_its_path(self) -> None:
        """An unsupported RRULE in the recurrence extension is a DocumentError at its path."""
        node = timing(Timing(sessions_per_day=ONE, recurrence=Recurrence.every(days=1)))
        ext = next(e for e in node["extension"] if e["url"].endswith("recurrence"))
        ext["extension"][0]["valueString"] = "FREQ=DAILY;COUNT=3"
        with pytest.raises(DocumentError, match="COUNT") as caught:
            _read(node)
        assert "extension[recurrence]" in caught.value.problems[0].path


# -- the checker ----------------------------------------------------------------------------

ZONE = "Europe/London"


def _plan_on(dates: list[dt.date], span: list[dt.date]) -> Plan:
    """One 10-minute session of ankle-eversion at 09:00 on each of *dates*, listing *span*."""
    tz = zoneinfo.ZoneInfo(ZONE)
    item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
    days = []
    for day in span:
        sessions = ()
        if day in dates:
            start = dt.datetime.combine(day, dt.time(9), tzinfo=tz)
            sessions = (Session(start=start, end=start + dt.timedelta(minutes=10), items=[item]),)
        days.append(DayPlan(date=day, sessions=sessions))
    return Plan(tz=ZONE, days=days)


def _availability(skipped: tuple[dt.date, ...] = ()) -> Availability:
    day = Availability.daily(start=dt.time(8), end=dt.time(20), tz=ZONE)
    return attrs.evolve(day, skipped_dates=skipped)


def _found(plan: Plan, routine: Routine, avail: Availability) -> set[tuple[str, dt.date | None]]:
    return {(v.rule, v.date) for v in check_plan(plan, routine, avail)}


class TestChecker:
    def test_the_rule_is_listed(self) -> None:
        """recurrence-dates is one of check_plan's documented rules."""
        assert "recurrence-dates" in RULES

    @settings(max_examples=60)
    @given(rule=fs.recurrences(), length=st.integers(1, 21), data=st.data())
    def test_a_plan_on_exactly_the_due_dates_passes_and_a_fault_is_caught(
        self, rule: Recurrence, length: int, data: st.DataObject
    ) -> None:
        """Due dates only: no violation. Drop one, or add another date: reported on that date."""
        span = _days(MONDAY, length)
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=rule))
        due = [d for d in span if _brute_force(rule, d, MONDAY)]
        avail = _availability()
        assert set() == _found(_plan_on(due, span), routine, avail)
        if due:
            gone = data.draw(st.sampled_from(due))
            dropped = _plan_on([d for d in due if d != gone], span)
            assert {("recurrence-dates", gone)} == _found(dropped, routine, avail)
        others = [d for d in span if d not in due]
        if others:
            extra = data.draw(st.sampled_from(others))
            found = _found(_plan_on([*due, extra], span), routine, avail)
            assert ("recurrence-dates", extra) in found

    def test_a_skipped_date_of_the_rule_is_named(self) -> None:
        """An exercise on one of its rule's except_dates is reported as on a skipped date."""
        skip = dt.date(2026, 1, 7)
        rule = Recurrence.every(days=2, except_dates=(skip,))
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=rule))
        span = _days(MONDAY, 7)
        found = check_plan(
            _plan_on([MONDAY, skip, dt.date(2026, 1, 9), dt.date(2026, 1, 11)], span),
            routine,
            _availability(),
        )
        assert [("recurrence-dates", skip)] == [(v.rule, v.date) for v in found]
        assert "a skipped date" in found[0].message

    def test_a_due_date_the_person_skips_is_not_missing(self) -> None:
        """A due date closed by the availability's skipped_dates is excused, as for daily work."""
        rule = Recurrence.every(days=2)
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=rule))
        span = _days(MONDAY, 5)
        plan = _plan_on([MONDAY, dt.date(2026, 1, 9)], span)
        assert set() == _found(plan, routine, _availability(skipped=(dt.date(2026, 1, 7),)))


# -- iCalendar ------------------------------------------------------------------------------


class TestIcal:
    @given(rule=fs.recurrences())
    def test_rules_round_trip_through_content_lines(self, rule: Recurrence) -> None:
        """recurrence_from_rrule(recurrence_to_rrule(r)) == r."""
        assert rule == recurrence_from_rrule(recurrence_to_rrule(rule))

    @given(rule=fs.recurrences())
    def test_the_lines_are_what_icalendar_reads(self, rule: Recurrence) -> None:
        """The icalendar package parses the RRULE line to the parts footdrop wrote."""
        import icalendar

        line = next(x for x in recurrence_to_rrule(rule).splitlines() if x.startswith("RRULE:"))
        parsed = icalendar.vRecur.from_ical(line.removeprefix("RRULE:"))
        assert rule.rule == Recurrence(rule=parsed.to_ical().decode()).rule

    def test_calendar_app_lines_read_by_their_dates(self) -> None:
        """Folded lines and local date-times with TZID are read by the dates they name."""
        text = (
            "DTSTART;TZID=Europe/London:20260105T080000\r\n"
            "RRULE:FREQ=WEEKLY;BY\r\n DAY=MO,TH\r\n"
            "EXDATE;TZID=Europe/London:20260112T080000,20260115T080000\r\n"
        )
        assert Recurrence.weekly(
            W.MONDAY,
            W.THURSDAY,
            start=MONDAY,
            except_dates=(dt.date(2026, 1, 12), dt.date(2026, 1, 15)),
        ) == recurrence_from_rrule(text)

    def test_a_bare_rule_reads(self) -> None:
        """A bare RRULE value (no property name) reads as a rule with no anchor."""
        assert Recurrence.every(days=3) == recurrence_from_rrule("FREQ=DAILY;INTERVAL=3")

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("SUMMARY:exercise\nRRULE:FREQ=DAILY", "SUMMARY"),
            ("DTSTART:20260105", "one RRULE"),
            ("RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY;BYDAY=MO", "one RRULE"),
            ("RRULE:FREQ=DAILY;COUNT=5", "COUNT"),
            ("RRULE:FREQ=DAILY\nEXDATE:20260105T080000Z", "UTC time"),
            ("RRULE:FREQ=DAILY\nEXDATE:2026-01-05", "YYYYMMDD"),
        ],
    )
    def test_what_footdrop_cannot_read_is_refused(self, text: str, match: str) -> None:
        """Other properties, two rules, COUNT and UTC or malformed dates are errors."""
        with pytest.raises(InvalidValueError, match=match):
            recurrence_from_rrule(text)

    def test_routine_to_ics_refuses_rules_that_do_not_repeat_weekly(self) -> None:
        """Every other day cannot be weekly events: the error says to export a dated plan."""
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=Recurrence.every(days=2)))
        day = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        with pytest.raises(InvalidValueError, match=r"does not repeat week to week.*to_ics"):
            routine_to_ics(routine, availability=day, start=MONDAY)

    def test_routine_to_ics_refuses_skipped_dates_of_one_exercise(self) -> None:
        """A rule's skipped date cannot be an EXDATE of a session holding other exercises."""
        rule = Recurrence.weekly(W.MONDAY, except_dates=(dt.date(2026, 1, 12),))
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=rule))
        day = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        with pytest.raises(InvalidValueError, match="skips 2026-01-12"):
            routine_to_ics(routine, availability=day, start=MONDAY)

    def test_routine_to_ics_refuses_a_fortnight_off_its_rule(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A schedule putting an exercise off its rule's days never reaches a calendar."""
        rule = Recurrence.weekly(W.MONDAY, W.THURSDAY)
        routine = _routine(Timing(sessions_per_day=ONE, recurrence=rule))
        plain = _routine(Timing(sessions_per_day=ONE))
        real = footdrop.schedule

        def every_day(_routine: Routine, **kwargs: Any) -> Plan:
            return real(plain, **kwargs)  # the injected fault: the rule is ignored

        monkeypatch.setattr(footdrop, "schedule", every_day)
        day = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        with pytest.raises(InvalidValueError, match="does not follow a recurrence"):
            routine_to_ics(routine, availability=day, start=MONDAY)


# -- handout words --------------------------------------------------------------------------


class TestWords:
    @pytest.mark.parametrize(
        ("rule", "words"),
        [
            (Recurrence.every(days=2), "once a day, every 2 days"),
            (Recurrence.every(days=1), "once a day"),
            (
                Recurrence.every(days=1, except_dates=(dt.date(2026, 1, 7),)),
                "once a day, every day, except on 2026-01-07",
            ),
            (
                Recurrence.weekly(W.MONDAY, W.WEDNESDAY, W.FRIDAY, start=MONDAY),
                "once a day, on Monday, Wednesday and Friday from 2026-01-05",
            ),
            (
                Recurrence.weekly(
                    W.TUESDAY, except_dates=(dt.date(2026, 1, 6), dt.date(2026, 1, 13))
                ),
                "once a day, on Tuesday, except on 2026-01-06 and 2026-01-13",
            ),
        ],
    )
    def test_handouts_say_the_rule_not_seven_days_a_week(
        self, rule: Recurrence, words: str
    ) -> None:
        """describe_timing names a recurrence's days and skips, never "7 days a week"."""
        assert words == describe_timing(Timing(sessions_per_day=ONE, recurrence=rule))
