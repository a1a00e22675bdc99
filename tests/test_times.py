"""Aware times end to end: loading keeps instants and folds; views show the plan's zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from footdrop import DayPlan, Plan, PlanItem, Session
from footdrop.export import fhir, html, ical
from footdrop.serialisation import dumps, loads
from footdrop.testing import strategies as fs

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe")
LONDON = zoneinfo.ZoneInfo("Europe/London")
ITEM = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
WALL = re.compile(r"\b(\d\d:\d\d)-(\d\d:\d\d)\b")


def session(start: dt.datetime, minutes: int = 10) -> Session:
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return Session(start=start, end=end, items=[ITEM])


def one_day(tz: str, *sessions: Session) -> Plan:
    day = sessions[0].start.astimezone(zoneinfo.ZoneInfo(tz)).date()
    return Plan(tz=tz, days=[DayPlan(date=day, sessions=sessions)])


def walls(plan: Plan) -> list[tuple[str, str]]:
    """The wall-clock spans the plan's sessions should show, in the plan's zone."""
    zone = plan.zone
    return [
        (
            f"{s.start.astimezone(dt.UTC).astimezone(zone):%H:%M}",
            f"{s.end.astimezone(dt.UTC).astimezone(zone):%H:%M}",
        )
        for d in plan.days
        for s in d.sessions
    ]


class TestRepeatedHour:
    def test_first_pass_round_trips(self):
        """A session at 01:15 on the first pass of London's repeated hour loads back equal."""
        first = session(dt.datetime(2027, 10, 31, 1, 15, tzinfo=LONDON, fold=0))
        assert first == loads(dumps(first), Session)

    def test_two_passes_differ(self):
        """The two 01:15 of the repeated hour are different sessions, before and after loading."""
        first = session(dt.datetime(2027, 10, 31, 1, 15, tzinfo=LONDON, fold=0))
        second = session(dt.datetime(2027, 10, 31, 1, 15, tzinfo=LONDON, fold=1))
        expected = (False, False)
        assert expected == (first == second, loads(dumps(first), Session) == second)

    def test_a_loaded_plan_holds_the_zone_and_the_fold(self):
        """Loading puts both passes in the plan's ZoneInfo, with fold 0 and 1."""
        plan = one_day(
            "Europe/London",
            session(dt.datetime(2027, 10, 31, 1, 15, tzinfo=LONDON, fold=0)),
            session(dt.datetime(2027, 10, 31, 1, 15, tzinfo=LONDON, fold=1)),
        )
        loaded = loads(dumps(plan), Plan)
        starts = [s.start for s in loaded.days[0].sessions]
        expected = (plan, [LONDON, LONDON], [0, 1])
        assert expected == (loaded, [s.tzinfo for s in starts], [s.fold for s in starts])


class TestUtcInput:
    DOCUMENT = """{"schema_version": 1, "tz": "Europe/London", "days": [{"date": "2027-06-01",
      "sessions": [{"start": "2027-06-01T06:30:00Z", "end": "2027-06-01T06:40:00Z",
      "items": [{"exercise_id": "ankle-eversion", "side": null, "sets": 1, "reps": 10}]}]}]}"""

    def test_times_written_in_utc_show_on_the_plan_clock(self):
        """A 06:30Z session in June shows as 07:30 BST in text, str and both HTML views."""
        plan = loads(self.DOCUMENT, Plan)
        views = [
            plan.to_text(),
            str(plan),
            plan.days[0]._repr_html_(),
            str(plan.days[0]),
            html.handout(plan),
        ]
        # The handout's tick sheet shows each sitting's start; the other views its span.
        expected = [True] * len(views)
        assert expected == ["07:30" in v and "06:30" not in v for v in views]
        assert expected[:4] == ["07:30-07:40" in v for v in views[:4]]
        assert LONDON is plan.days[0].sessions[0].start.tzinfo

    def test_a_python_built_plan_in_utc_shows_the_plan_clock(self):
        """Plan.to_text shows the plan's zone even for sessions built in UTC."""
        plan = one_day("Europe/London", session(dt.datetime(2027, 6, 1, 6, 30, tzinfo=dt.UTC)))
        assert "07:30-07:40" in plan.to_text()


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), tz=st.sampled_from(ZONES))
    def test_plans_round_trip_near_clock_changes(self, data: Any, tz: str):
        """Plans drawn around clock changes (both folds) load back equal, in their zone."""
        day = data.draw(fs.clock_change_dates(tz))
        plan = Plan(tz=tz, days=[data.draw(fs.day_plans(tz=tz, on=day))])
        loaded = loads(dumps(plan), Plan)
        zone = zoneinfo.ZoneInfo(tz)
        expected = (plan, True)
        actual = (
            loaded,
            all(s.start.tzinfo is zone for d in loaded.days for s in d.sessions),
        )
        assert expected == actual

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), tz=st.sampled_from(ZONES))
    def test_sessions_round_trip_near_clock_changes(self, data: Any, tz: str):
        """A session on a clock-change day, either pass of a repeated hour, loads back equal."""
        day = data.draw(fs.clock_change_dates(tz))
        drawn = data.draw(fs.sessions(tz=tz, on=day))
        assert drawn == loads(dumps(drawn), Session)

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), tz=st.sampled_from(ZONES))
    def test_day_plans_round_trip_near_clock_changes(self, data: Any, tz: str):
        """A day of a clock change, its sessions in either pass of a repeated hour, loads back."""
        day = data.draw(fs.day_plans(tz=tz, on=data.draw(fs.clock_change_dates(tz))))
        assert day == loads(dumps(day), DayPlan)

    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), tz=st.sampled_from(ZONES))
    def test_every_view_shows_the_same_wall_times(self, data: Any, tz: str):
        """Text, str, the day's HTML and the handout show each session at one wall time."""
        day = data.draw(fs.clock_change_dates(tz))
        plan = loads(dumps(Plan(tz=tz, days=[data.draw(fs.day_plans(tz=tz, on=day))])), Plan)
        expected = walls(plan)
        views = {
            "to_text": WALL.findall(plan.to_text()),
            "str": WALL.findall(str(plan)),
            "repr_html": WALL.findall(plan.days[0]._repr_html_()),
        }
        assert dict.fromkeys(views, expected) == views

    @settings(max_examples=40, deadline=None)
    @given(skipped=fs.skipped_datetimes())
    def test_a_skipped_time_is_shown_where_its_instant_falls(self, skipped: dt.datetime):
        """A wall time the clocks skip shows in the loaded plan at the time its instant has."""
        tz = str(skipped.tzinfo)
        plan = one_day(tz, session(skipped))
        loaded = loads(dumps(plan), Plan)
        shown = skipped.astimezone(dt.UTC).astimezone(skipped.tzinfo)
        expected = f"{shown:%H:%M}-"
        assert expected in loaded.to_text()
        assert expected in plan.to_text()

    @settings(max_examples=30, deadline=None)
    @given(data=st.data(), tz=st.sampled_from(ZONES))
    def test_exports_keep_the_instants(self, data: Any, tz: str):
        """The iCalendar and FHIR exports of a plan and of its loaded copy are identical."""
        day = data.draw(fs.clock_change_dates(tz))
        plan = Plan(tz=tz, days=[data.draw(fs.day_plans(tz=tz, on=day))])
        assume(plan.days[0].sessions)
        loaded = loads(dumps(plan), Plan)
        stamp = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        expected = (ical.to_ics(plan, stamp=stamp), fhir.to_fhir(plan))
        assert expected == (ical.to_ics(loaded, stamp=stamp), fhir.to_fhir(loaded))


class TestStrategies:
    @pytest.mark.parametrize("tz", ZONES)
    def test_both_passes_of_a_repeated_hour_are_drawn(self, tz: str):
        """aware_datetimes draws fold=1 times on clock-change days."""
        found: set[int] = set()

        @settings(max_examples=200, database=None)
        @given(fs.aware_datetimes(tz=tz, on=footdrop_change_day(tz, backward=True)))
        def collect(moment: dt.datetime) -> None:
            found.add(moment.fold)

        collect()
        assert {0, 1} == found

    @settings(max_examples=50)
    @given(fs.skipped_datetimes(tz="Australia/Lord_Howe"))
    def test_skipped_times_never_happen(self, moment: dt.datetime):
        """skipped_datetimes draws wall times the clocks skip (half an hour at Lord Howe)."""
        assert moment.astimezone(dt.UTC).astimezone(moment.tzinfo) != moment.replace(fold=0)
        assert moment.replace(tzinfo=None) != (
            moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None)
        )


def footdrop_change_day(tz: str, *, backward: bool) -> dt.date:
    """The local date in 2027 on which *tz* sets its clocks back (or forward)."""
    zone = zoneinfo.ZoneInfo(tz)
    for change in fs.clock_changes(tz, 2027):
        before = (change - dt.timedelta(minutes=1)).astimezone(zone).utcoffset()
        after = change.astimezone(zone).utcoffset()
        assert before is not None
        assert after is not None
        if (after < before) == backward:
            return change.astimezone(zone).date()
    msg = f"{tz} has no such change in 2027"
    raise AssertionError(msg)
