"""Tests for footdrop.export.ical's shared rendering: the same bytes as rendering every event."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.export import ical
from footdrop.testing import strategies as fst

ROUTINE = footdrop.Routine.from_catalogue(affected=footdrop.Side.RIGHT)
DAY = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")


def every_event_by_icalendar(
    plan,
    *,
    routine=None,
    key="plan",
    stamp=None,
    sequence=0,
    alarm_minutes=None,
    title=ical.DEFAULT_TITLE,
    previous=None,
):
    """The calendar as icalendar renders it with one Event object per session: the reference."""
    zone = plan.zone
    dates = [day.date for day in plan.days]
    fixed_stamp = ical._check_stamp(stamp)
    if fixed_stamp is None:
        fixed_stamp = dt.datetime.combine(min(dates), dt.time(), tzinfo=dt.UTC)
    alarm = ical._check_alarm(alarm_minutes)
    title = ical._check_title(title)
    earlier = ical._previous(previous)
    exercises = ical._exercises(routine)
    cal = ical._calendar(title)
    moments = [
        m.astimezone(zone).date() for d in plan.days for s in d.sessions for m in (s.start, s.end)
    ]
    cal.add_component(ical._timezone(plan.tz, min(dates + moments), max(dates + moments)))
    for day in plan.days:
        for slot, session in enumerate(day.sessions, start=1):
            uid = ical.session_uid(key, day.date, slot)
            start, end = ical._local(session.start, zone), ical._local(session.end, zone)
            summary = ical._summary(title, session, exercises, routine)
            description = ical._description(session, exercises, routine)
            digest = ical._digest(start.isoformat(), end.isoformat(), summary, description, alarm)
            event_sequence, event_stamp = ical._versioned(
                uid, digest, earlier, sequence=sequence, stamp=fixed_stamp
            )
            cal.add_component(
                ical._event(
                    uid=uid,
                    stamp=event_stamp,
                    sequence=event_sequence,
                    start=start,
                    end=end,
                    summary=summary,
                    description=description,
                    alarm_minutes=alarm,
                    digest=digest,
                )
            )
    return cal.to_ical()


def has_a_session(plan):
    return any(day.sessions for day in plan.days)


class TestSameBytes:
    @pytest.mark.parametrize("alarm", [None, 10])
    def test_a_scheduled_plan_across_the_clock_change(self, alarm):
        """A real plan over a clock change is written exactly as icalendar writes each event."""
        plan = footdrop.schedule(ROUTINE, start=dt.date(2026, 3, 23), days=14, availability=DAY)
        expected = every_event_by_icalendar(plan, routine=ROUTINE, alarm_minutes=alarm)
        assert expected == ical.to_ics(plan, routine=ROUTINE, alarm_minutes=alarm)

    def test_an_export_after_an_earlier_one(self):
        """With the earlier export, changed events get their new SEQUENCE, as icalendar writes."""
        plan = footdrop.schedule(ROUTINE, start=dt.date(2026, 3, 23), days=7, availability=DAY)
        first = ical.to_ics(plan, routine=ROUTINE)
        later = footdrop.schedule(ROUTINE, start=dt.date(2026, 3, 24), days=7, availability=DAY)
        stamp = dt.datetime(2026, 3, 24, 9, tzinfo=dt.UTC)
        # A reminder now: every event both exports hold has changed.
        options = {"routine": ROUTINE, "previous": first, "stamp": stamp, "alarm_minutes": 10}
        expected = every_event_by_icalendar(later, **options)
        assert (expected, True) == (ical.to_ics(later, **options), b"SEQUENCE:1" in expected)

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(
        plan=fst.plans(max_days=4).filter(has_a_session),
        key=st.sampled_from(["plan", "anna", "a-very-long-programme-key-" + "x" * 50]),
        sequence=st.integers(0, 3),
        alarm=st.none() | st.integers(0, 10_080),
        title=fst.texts(max_size=80),
    )
    def test_random_plans_give_the_same_bytes(self, plan, key, sequence, alarm, title):
        """Any plan, key, sequence, alarm and title: the bytes of the one-event-at-a-time path."""
        options = {"key": key, "sequence": sequence, "alarm_minutes": alarm, "title": title}
        assert every_event_by_icalendar(plan, **options) == ical.to_ics(plan, **options)

    def test_a_repeated_hour_is_written_in_utc_as_before(self):
        """Sessions in the repeated hour of a clock change keep their UTC form, byte for byte."""
        london = zoneinfo.ZoneInfo("Europe/London")
        day = dt.date(2026, 10, 25)
        sessions = [
            footdrop.Session(
                start=dt.datetime(2026, 10, 25, 1, 10, fold=fold, tzinfo=london),
                end=dt.datetime(2026, 10, 25, 1, 20, fold=fold, tzinfo=london),
                items=[footdrop.PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)],
            )
            for fold in (0, 1)
        ]
        days = [footdrop.DayPlan(date=day, sessions=sessions)]
        plan = footdrop.Plan(tz="Europe/London", days=days)
        text = ical.to_ics(plan)
        utc_form = text.count(b"DTSTART:20261025T011000Z")
        assert (every_event_by_icalendar(plan), 1) == (text, utc_form)
