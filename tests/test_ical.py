"""Tests for footdrop.export.ical: read back with icalendar, across clock changes."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import zoneinfo

import attrs
import pytest
from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import DayPlan, Plan, PlanItem, Prescription, Routine, Session, Side
from footdrop.exceptions import InvalidTypeError, InvalidValueError, MissingExtraError
from footdrop.export import ical
from footdrop.export.text import clean_text, describe_item

icalendar = pytest.importorskip("icalendar")

UTC = dt.UTC
ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe")
# Days on which the clocks change in 2026 in the zones above (and a plain day).
CLOCK_CHANGE_DAYS = (
    dt.date(2026, 3, 8),  # New York springs forward
    dt.date(2026, 3, 29),  # London springs forward
    dt.date(2026, 4, 5),  # Lord Howe goes back half an hour
    dt.date(2026, 10, 4),  # Lord Howe goes forward half an hour
    dt.date(2026, 10, 25),  # London falls back
    dt.date(2026, 11, 1),  # New York falls back
    dt.date(2026, 11, 24),
)
ITEM = PlanItem(exercise_id="ankle-eversion", side=Side.LEFT, sets=2, reps=10, hold_seconds=3)


def session_at(zone: str, day: dt.date, minute: int, length: int, fold: int = 0) -> Session:
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60, fold=fold), tzinfo=tz)
    end = (start.astimezone(UTC) + dt.timedelta(minutes=length)).astimezone(tz)
    return Session(start=start, end=end, items=[ITEM])


def one_day_plan(zone: str, day: dt.date, *sessions: Session) -> Plan:
    return Plan(tz=zone, days=[DayPlan(date=day, sessions=sessions)])


def read(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(data: bytes) -> list[icalendar.Event]:
    return list(read(data).walk("VEVENT"))


def instant(value: dt.datetime) -> dt.datetime:
    return value.astimezone(UTC)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    zone = draw(st.sampled_from(ZONES))
    days = draw(st.lists(st.sampled_from(CLOCK_CHANGE_DAYS), min_size=1, max_size=3, unique=True))
    day_plans = []
    for day in sorted(days):
        count = draw(st.integers(0, 3))
        minutes = sorted(draw(st.lists(st.integers(0, 23 * 60), min_size=count, max_size=count)))
        sessions = [
            session_at(zone, day, m, draw(st.integers(1, 90)), fold=draw(st.integers(0, 1)))
            for m in minutes
        ]
        day_plans.append(DayPlan(date=day, sessions=sessions))
    if not any(d.sessions for d in day_plans):
        day_plans[0] = DayPlan(
            date=day_plans[0].date, sessions=[session_at(zone, days[0], 480, 20)]
        )
    return Plan(tz=zone, days=day_plans)


class TestToIcsTimes:
    @settings(max_examples=40)
    @given(plans())
    def test_every_session_reads_back_at_its_instants(self, plan):
        """Each session becomes one VEVENT whose start and end are the session's instants."""
        expected = [(instant(s.start), instant(s.end)) for day in plan.days for s in day.sessions]
        actual = [(instant(e.start), instant(e.end)) for e in events(ical.to_ics(plan))]
        assert expected == actual

    @settings(max_examples=40)
    @given(plans())
    def test_every_tzid_has_a_vtimezone(self, plan):
        """Every TZID used has a VTIMEZONE, named after the plan's zone."""
        cal = read(ical.to_ics(plan))
        assert set() == cal.get_missing_tzids()
        assert [plan.tz] == [tz.tz_name for tz in cal.timezones]

    @pytest.mark.parametrize("zone", ZONES)
    def test_local_times_carry_the_plan_zone(self, zone):
        """An unambiguous session is written on the plan's wall clock with its TZID."""
        day = dt.date(2026, 11, 24)
        text = ical.to_ics(one_day_plan(zone, day, session_at(zone, day, 7 * 60 + 30, 20)))
        assert f"DTSTART;TZID={zone}:20261124T073000" in text.decode()

    def test_repeated_hour_written_in_utc(self):
        """The second 01:30 of the night London falls back is written in UTC, not as 01:30."""
        day = dt.date(2026, 10, 25)
        session = session_at("Europe/London", day, 90, 10, fold=1)
        text = ical.to_ics(one_day_plan("Europe/London", day, session)).decode()
        assert "DTSTART:20261025T013000Z" in text
        assert instant(session.start) == instant(events(text.encode())[0].start)

    def test_vtimezone_covers_sessions_off_their_day(self):
        """A session dated outside its DayPlan's date still falls inside the VTIMEZONE's span."""
        day = dt.date(2026, 11, 24)
        away = session_at("Europe/London", dt.date(2026, 3, 30), 480, 10)
        cal = read(ical.to_ics(one_day_plan("Europe/London", day, away)))
        (tz,) = cal.timezones
        starts = [c.decoded("dtstart") for c in tz.walk() if c.name in {"STANDARD", "DAYLIGHT"}]
        assert min(starts).date() <= dt.date(2026, 3, 30)

    def test_session_in_another_zone_is_converted(self):
        """A session whose datetimes use another zone is written on the plan's clock."""
        day = dt.date(2026, 11, 24)
        start = dt.datetime(2026, 11, 24, 13, tzinfo=UTC)
        session = Session(start=start, end=start + dt.timedelta(minutes=15), items=[ITEM])
        text = ical.to_ics(one_day_plan("America/New_York", day, session)).decode()
        assert "DTSTART;TZID=America/New_York:20261124T080000" in text


class TestToIcsIdentity:
    def test_uid_scheme(self):
        """UIDs follow <key>-<YYYYMMDD>-s<n>@footdrop, counting sessions of a day from 1."""
        day = dt.date(2026, 11, 24)
        zone = "Europe/London"
        plan = one_day_plan(
            zone, day, session_at(zone, day, 480, 10), session_at(zone, day, 1080, 10)
        )
        uids = [str(e["uid"]) for e in events(ical.to_ics(plan, key="anna-left"))]
        expected = ["anna-left-20261124-s1@footdrop", "anna-left-20261124-s2@footdrop"]
        assert expected == uids

    def test_newer_plan_keeps_the_uids(self):
        """A newer plan with other doses and times gives the same UIDs, so imports update."""
        day = dt.date(2026, 11, 24)
        zone = "Europe/London"
        old = one_day_plan(zone, day, session_at(zone, day, 480, 10))
        harder = attrs.evolve(ITEM, reps=12)
        later = session_at(zone, day, 540, 15)
        new = one_day_plan(zone, day, attrs.evolve(later, items=[harder]))
        assert [e["uid"] for e in events(ical.to_ics(old))] == [
            e["uid"] for e in events(ical.to_ics(new))
        ]

    @settings(max_examples=30)
    @given(plans())
    def test_uids_are_unique(self, plan):
        """No two events of one export share a UID."""
        uids = [str(e["uid"]) for e in events(ical.to_ics(plan))]
        assert len(uids) == len(set(uids))

    def test_default_stamp_is_the_first_date(self):
        """Without a stamp, DTSTAMP is midnight UTC of the plan's first date (no clock)."""
        day = dt.date(2026, 3, 29)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        stamp = events(ical.to_ics(plan))[0].decoded("dtstamp")
        assert dt.datetime(2026, 3, 29, tzinfo=UTC) == stamp

    def test_given_stamp_and_sequence_are_used(self):
        """A given stamp is written in UTC, and the sequence is written as given."""
        day = dt.date(2026, 3, 29)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        stamp = dt.datetime(2026, 4, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
        event = events(ical.to_ics(plan, stamp=stamp, sequence=3))[0]
        assert (instant(stamp), 3) == (event.decoded("dtstamp"), event.decoded("sequence"))

    @settings(max_examples=20)
    @given(plans())
    def test_export_is_deterministic(self, plan):
        """Exporting the same plan twice gives the same bytes."""
        assert ical.to_ics(plan) == ical.to_ics(plan)


class TestToIcsContent:
    def test_description_lists_every_item_in_plain_words(self):
        """DESCRIPTION has one line per item, in the routine's order: the name and its dose."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        day = dt.date(2026, 11, 24)
        zone = "Europe/London"
        items = [ITEM, PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10)]
        session = attrs.evolve(session_at(zone, day, 480, 20), items=items)
        description = str(
            events(ical.to_ics(one_day_plan(zone, day, session), routine=routine))[0]["description"]
        )
        in_order = sorted(items, key=lambda i: routine.ids.index(i.exercise_id))
        expected = [f"{routine[i.exercise_id].exercise.name}: {describe_item(i)}" for i in in_order]
        assert expected == description.split("\n")[: len(items)]

    def test_summary_names_the_exercises(self):
        """Each summary names its session's exercises, each once, however many sides."""
        day = dt.date(2026, 11, 24)
        zone = "Europe/London"
        plan = one_day_plan(
            zone, day, session_at(zone, day, 480, 10), session_at(zone, day, 1080, 10)
        )
        summaries = [str(e["summary"]) for e in events(ical.to_ics(plan, title="Exercises"))]
        expected = ["Exercises: Ankle eversion"] * 2
        assert expected == summaries

    @pytest.mark.parametrize(
        ("ids", "expected"),
        [
            (["ankle-eversion", "ankle-inversion"], "F: Ankle eversion and Ankle inversion"),
            (["ankle-eversion", "ankle-inversion", "towel-scrunches", "ankle-alphabet"],
             "F: Towel scrunches, Ankle alphabet, Ankle eversion and Ankle inversion"),
            (["ankle-eversion", "ankle-inversion", "towel-scrunches", "ankle-alphabet",
              "toe-raise-negatives"],
             "F: Towel scrunches, Ankle alphabet, Toe raise negatives and 2 more"),
        ],
    )  # fmt: skip
    def test_long_summaries_say_how_many_more(self, ids, expected):
        """Up to four names, in the routine's (here the catalogue's) order; beyond, 3 and more."""
        day = dt.date(2026, 11, 24)
        start = dt.datetime.combine(day, dt.time(8), tzinfo=zoneinfo.ZoneInfo("Europe/London"))
        items = [PlanItem(exercise_id=i, side=None, sets=1, reps=10) for i in ids]
        session = Session(start=start, end=start + dt.timedelta(minutes=20), items=items)
        (event,) = events(ical.to_ics(one_day_plan("Europe/London", day, session), title="F"))
        assert expected == str(event["summary"])

    def test_alarms(self):
        """alarm_minutes adds one display reminder per event, that long before the start."""
        day = dt.date(2026, 11, 24)
        zone = "Europe/London"
        plan = one_day_plan(
            zone, day, session_at(zone, day, 480, 10), session_at(zone, day, 1080, 10)
        )
        alarms = [a for e in events(ical.to_ics(plan, alarm_minutes=15)) for a in e.walk("VALARM")]
        assert [dt.timedelta(minutes=-15)] * 2 == [a.decoded("trigger") for a in alarms]
        expected = ["DISPLAY"] * 2
        assert expected == [str(a["action"]) for a in alarms]

    def test_no_alarms_by_default(self):
        """Without alarm_minutes, no VALARM is written."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        assert b"VALARM" not in ical.to_ics(plan)

    def test_lines_end_in_crlf(self):
        """Every content line ends in CRLF, as RFC 5545 asks."""
        day = dt.date(2026, 11, 24)
        data = ical.to_ics(
            one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        )
        assert data.count(b"\n") == data.count(b"\r\n")


def hostile_routine(name: str) -> Routine:
    """A routine whose texts hold *name*, built past the models' own text checks.

    The models refuse control characters; building around them shows that the
    export's escaping still holds on its own.
    """
    with attrs.validators.disabled():
        exercise = attrs.evolve(footdrop.catalogue()["ankle-eversion"], name=name)
        return Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)])


EXPECTED_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "SEQUENCE",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "TRANSP",
    "X-FOOTDROP-DIGEST",
}


class TestHostileText:
    def test_crlf_in_a_name_injects_no_property(self):
        """A name with CR/LF and 'ATTENDEE:' stays inside DESCRIPTION; no ATTENDEE appears."""
        name = "Eversion\r\nATTENDEE:mailto:evil@example.com\r\nX-EVIL:1"
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        (event,) = events(ical.to_ics(plan, routine=hostile_routine(name)))
        expected = EXPECTED_PROPERTIES
        assert expected == set(event.keys())
        assert str(event["description"]).startswith(clean_text(name) + ": ")

    def test_crlf_in_the_title_injects_no_property(self):
        """A title with CR/LF stays inside SUMMARY and the alarm's DESCRIPTION."""
        title = "Exercises\r\nATTENDEE:mailto:evil@example.com"
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        (event,) = events(ical.to_ics(plan, title=title, alarm_minutes=5))
        expected = EXPECTED_PROPERTIES
        assert expected == set(event.keys())
        expected = "Exercises\nATTENDEE:mailto:evil@example.com: Ankle eversion"
        assert expected == str(event["summary"])
        data = ical.to_ics(plan, title=title)
        lines = data.decode().split("\r\n")
        expected = []
        assert expected == [line for line in lines if line.startswith("ATTENDEE")]
        assert "NAME:Exercises\\nATTENDEE:mailto:evil@example.com" in lines

    @settings(max_examples=50)
    @given(st.text(min_size=1, max_size=200).filter(str.strip))
    def test_any_name_reads_back_cleaned(self, name):
        """Any name reads back as its cleaned text, with no extra property or component."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        cal = read(ical.to_ics(plan, routine=hostile_routine(name)))
        (event,) = cal.walk("VEVENT")
        expected = EXPECTED_PROPERTIES
        assert expected == set(event.keys())
        expected = 1
        assert expected == len(cal.walk("VEVENT"))
        assert str(event["description"]).startswith(clean_text(name) + ": ")

    def test_control_characters_become_replacement_characters(self):
        """NUL and BEL cannot appear in iCalendar text, so they become U+FFFD."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        data = ical.to_ics(plan, routine=hostile_routine("a\x00b\x07c"))
        assert (b"\x00" not in data, b"\x07" not in data) == (True, True)
        assert "a\ufffdb\ufffdc" in str(events(data)[0]["description"])

    def test_long_text_is_kept_whole(self):
        """A 100 KB name is folded into 75-octet lines and reads back whole."""
        name = "x" * 100_000
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        data = ical.to_ics(plan, routine=hostile_routine(name))
        assert max(len(line) for line in data.split(b"\r\n")) <= 75
        assert str(events(data)[0]["description"]).startswith(name + ": ")

    def test_right_to_left_marks_survive(self):
        """Bidirectional marks are ordinary text in iCalendar and read back unchanged."""
        name = "\u202eesrever\u202c \u200fname"
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        description = str(
            events(ical.to_ics(plan, routine=hostile_routine(name)))[0]["description"]
        )
        assert description.startswith(name + ": ")


class TestBadInput:
    def test_missing_icalendar_names_the_extra(self, monkeypatch):
        """Without icalendar, to_ics raises MissingExtraError telling how to install it."""
        monkeypatch.setitem(sys.modules, "icalendar", None)
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        with pytest.raises(MissingExtraError) as info:
            ical.to_ics(plan)
        expected = ("ical", "icalendar")
        assert expected == (info.value.extra, info.value.package)
        assert 'pip install "footdrop[ical]"' in str(info.value)
        assert isinstance(info.value, ImportError)

    def test_missing_icalendar_for_routines(self, monkeypatch):
        """routine_to_ics also names the extra when icalendar is missing."""
        monkeypatch.setitem(sys.modules, "icalendar", None)
        with pytest.raises(MissingExtraError, match=r"footdrop\[ical\]"):
            ical.routine_to_ics(
                Routine.from_catalogue(affected=Side.LEFT),
                availability=footdrop.Availability.daily(
                    start=dt.time(8), end=dt.time(20), tz="Europe/London"
                ),
                start=dt.date(2026, 11, 24),
            )

    def test_plan_without_sessions(self):
        """A plan of rest days only is refused with a message saying why."""
        plan = Plan(tz="Europe/London", days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[])])
        with pytest.raises(InvalidValueError, match="no sessions"):
            ical.to_ics(plan)

    def test_not_a_plan(self):
        """Passing something else than a Plan raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match=r"'plan' must be a footdrop\.Plan"):
            ical.to_ics("plan")  # type: ignore[arg-type]

    @pytest.mark.parametrize("key", ["Anna Left", "", "-x", "a--b", "a\r\nb", "x" * 101])
    def test_bad_keys(self, key):
        """A key that is not a short slug is refused, since it goes into every UID."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        with pytest.raises(InvalidValueError) as info:
            ical.to_ics(plan, key=key)
        expected = "key"
        assert expected == info.value.field

    def test_naive_stamp(self):
        """A naive stamp is refused: DTSTAMP must be a real instant."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        with pytest.raises(InvalidValueError, match="'stamp' must be a time-zone aware"):
            ical.to_ics(plan, stamp=dt.datetime(2026, 11, 24, 8))

    @pytest.mark.parametrize("minutes", [-1, 10_081, True, 1.5])
    def test_bad_alarm(self, minutes):
        """alarm_minutes must be a whole number of minutes within 0..10080."""
        day = dt.date(2026, 11, 24)
        plan = one_day_plan("Europe/London", day, session_at("Europe/London", day, 480, 10))
        with pytest.raises((InvalidValueError, InvalidTypeError), match="alarm_minutes"):
            ical.to_ics(plan, alarm_minutes=minutes)


def fortnight(zone: str, first: dt.date, times: dict[int, list[tuple[int, int]]]) -> Plan:
    """14 days from *first*; weekday -> [(start minute, length)] repeated both weeks."""
    days = []
    for offset in range(14):
        day = first + dt.timedelta(days=offset)
        sessions = [session_at(zone, day, m, n) for m, n in times.get(day.weekday(), [])]
        days.append(DayPlan(date=day, sessions=sessions))
    return Plan(tz=zone, days=days)


def weekly(plan: Plan, **options) -> bytes:
    defaults = {
        "routine": None,
        "key": "r",
        "stamp": None,
        "sequence": 0,
        "alarm_minutes": (),
        "title": "T",
        "until": None,
        "skipped": (),
    }
    return ical._weekly_calendar(plan, **{**defaults, **options})


def expand(
    event: icalendar.Event, zone: str, until: dt.date
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Expand an event's RRULE on its wall clock with dateutil, minus its EXDATEs."""
    tz = zoneinfo.ZoneInfo(zone)
    start, end = event.start, event.end
    length = end.replace(tzinfo=None) - start.replace(tzinfo=None)
    rule_text = event["rrule"].to_ical().decode()
    naive = rrule.rrulestr(rule_text, dtstart=start.replace(tzinfo=None), ignoretz=True)
    excluded = {d.replace(tzinfo=None) for d in event.exdates}
    stop = dt.datetime.combine(until, dt.time(23, 59))
    return [
        (o.replace(tzinfo=tz), (o + length).replace(tzinfo=tz))
        for o in naive.between(start.replace(tzinfo=None), stop, inc=True)
        if o not in excluded
    ]


class TestWeekly:
    @pytest.mark.parametrize("zone", ZONES)
    def test_recurrence_keeps_wall_clock_times_across_clock_changes(self, zone):
        """Expanded over 8 weeks across a clock change, every occurrence keeps its local time."""
        first = dt.date(2026, 9, 28)  # spans Lord Howe, London and New York changes
        times = {0: [(7 * 60 + 30, 20)], 2: [(8 * 60, 15), (19 * 60, 30)], 5: [(10 * 60, 45)]}
        data = weekly(fortnight(zone, first, times))
        until = first + dt.timedelta(days=55)
        got = sorted(o for e in events(data) for o in expand(e, zone, until))
        expected = []
        tz = zoneinfo.ZoneInfo(zone)
        for offset in range(56):
            day = first + dt.timedelta(days=offset)
            for minute, length in times.get(day.weekday(), []):
                start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=tz)
                expected.append((start, start + dt.timedelta(minutes=length)))
        assert [(instant(a), instant(b)) for a, b in expected] == [
            (instant(a), instant(b)) for a, b in got
        ]

    def test_weekly_uids(self):
        """Recurring UIDs follow <key>-<weekday>-s<n>@footdrop."""
        times = {0: [(480, 10)], 2: [(480, 10), (1080, 10)]}
        data = weekly(fortnight("Europe/London", dt.date(2026, 11, 23), times), key="anna")
        uids = sorted(str(e["uid"]) for e in events(data))
        expected = ["anna-mo-s1@footdrop", "anna-we-s1@footdrop", "anna-we-s2@footdrop"]
        assert expected == uids

    def test_rrule_is_weekly_on_the_session_weekday(self):
        """Each event repeats weekly on its own weekday with no end by default."""
        times = {1: [(480, 10)]}
        (event,) = events(weekly(fortnight("Europe/London", dt.date(2026, 11, 23), times)))
        expected = "FREQ=WEEKLY;BYDAY=TU"
        assert expected == event["rrule"].to_ical().decode()

    def test_until_is_utc_end_of_the_last_date(self):
        """UNTIL is the last second of the until date, in UTC, as RFC 5545 asks."""
        times = {1: [(480, 10)]}
        plan = fortnight("America/New_York", dt.date(2026, 11, 23), times)
        (event,) = events(weekly(plan, until=dt.date(2026, 12, 31)))
        assert "UNTIL=20270101T045959Z" in event["rrule"].to_ical().decode()

    def test_skipped_dates_become_exdates(self):
        """A skipped date on an event's weekday is excluded from its recurrence."""
        times = {1: [(480, 10)]}
        plan = fortnight("Europe/London", dt.date(2026, 11, 23), times)
        data = weekly(plan, skipped=(dt.date(2026, 12, 8), dt.date(2026, 12, 9)))
        occurrences = expand(events(data)[0], "Europe/London", dt.date(2026, 12, 22))
        assert [
            dt.date(2026, 11, 24),
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 15),
            dt.date(2026, 12, 22),
        ] == [a.date() for a, _ in occurrences]

    def test_a_schedule_that_does_not_repeat_is_refused(self):
        """If the second week differs from the first, the export says to use to_ics."""
        plan = fortnight("Europe/London", dt.date(2026, 11, 23), {1: [(480, 10)]})
        days = list(plan.days)
        days[8] = DayPlan(date=days[8].date, sessions=[])
        with pytest.raises(InvalidValueError, match="does not repeat week to week"):
            weekly(attrs.evolve(plan, days=days))


def scheduled(plan: Plan) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(instant(s.start), instant(s.end)) for day in plan.days for s in day.sessions]


def expanded(data: bytes, zone: str, until: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    return sorted((instant(a), instant(b)) for e in events(data) for a, b in expand(e, zone, until))


class TestRoutineToIcs:
    @pytest.mark.parametrize("zone", ZONES)
    def test_recurrence_equals_eight_weeks_of_schedule(self, zone):
        """Expanded over 8 weeks across clock changes, events equal footdrop.schedule's sessions."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        availability = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz=zone)
        start = dt.date(2026, 9, 28)
        data = ical.routine_to_ics(routine, availability=availability, start=start)
        plan = footdrop.schedule(routine, start=start, days=56, availability=availability)
        expected = sorted(scheduled(plan))
        assert expected == expanded(data, zone, start + dt.timedelta(days=55))

    def test_skipped_dates_are_left_out(self):
        """Skipped dates drop that day's sessions from the recurrence and nothing else."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        zone = "Europe/London"
        skipped = (dt.date(2026, 12, 1), dt.date(2026, 12, 25))
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz=zone, skipped_dates=skipped
        )
        start = dt.date(2026, 11, 23)
        data = ical.routine_to_ics(routine, availability=availability, start=start)
        open_days = attrs.evolve(availability, skipped_dates=())
        plan = footdrop.schedule(routine, start=start, days=42, availability=open_days)
        expected = sorted(
            pair
            for pair in scheduled(plan)
            if pair[0].astimezone(zoneinfo.ZoneInfo(zone)).date() not in skipped
        )
        assert expected == expanded(data, zone, start + dt.timedelta(days=41))

    def test_until_ends_the_recurrence(self):
        """With until, no occurrence falls after that date."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="Europe/London"
        )
        start, until = dt.date(2026, 11, 23), dt.date(2026, 12, 2)
        data = ical.routine_to_ics(routine, availability=availability, start=start, until=until)
        plan = footdrop.schedule(routine, start=start, days=10, availability=availability)
        expected = sorted(scheduled(plan))
        assert expected == expanded(data, "Europe/London", dt.date(2027, 1, 31))

    def test_events_use_the_routine_names_and_levels(self):
        """Descriptions name the routine's exercises with their current doses."""
        routine = Routine.from_catalogue(affected=Side.RIGHT, only=["towel-scrunches"])
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="Europe/London"
        )
        data = ical.routine_to_ics(routine, availability=availability, start=dt.date(2026, 11, 23))
        descriptions = {str(e["description"]).split("\n")[0] for e in events(data)}
        plan = footdrop.schedule(
            routine, start=dt.date(2026, 11, 23), days=7, availability=availability
        )
        item = plan.days[0].sessions[0].items[0]
        expected = {f"Towel scrunches: {describe_item(item)}"}
        assert expected == descriptions

    def test_until_before_start(self):
        """An until date before the start is refused."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="Europe/London"
        )
        with pytest.raises(InvalidValueError, match="'until' must be on or after 'start'"):
            ical.routine_to_ics(
                routine,
                availability=availability,
                start=dt.date(2026, 11, 23),
                until=dt.date(2026, 11, 1),
            )

    def test_start_must_be_a_date(self):
        """A datetime start is refused: the recurrence starts on a date."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="Europe/London"
        )
        with pytest.raises(InvalidValueError, match="'start' must be a date"):
            ical.routine_to_ics(
                routine, availability=availability, start=dt.datetime(2026, 11, 23, 8)
            )


class TestUpdates:
    def plan(self, reps: int = 10, hour: int = 8) -> Plan:
        day = dt.date(2026, 11, 24)
        start = dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo("Europe/London"))
        items = [PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=reps)]
        later = start + dt.timedelta(hours=8)
        return one_day_plan(
            "Europe/London",
            day,
            Session(start=start, end=start + dt.timedelta(minutes=10), items=items),
            Session(start=later, end=later + dt.timedelta(minutes=10), items=[ITEM]),
        )

    def versions(self, data: bytes) -> list[tuple[str, int, dt.datetime]]:
        return [(str(e["uid"]), e.decoded("sequence"), e.decoded("dtstamp")) for e in events(data)]

    def test_unchanged_export_is_identical(self):
        """Exporting the same plan again over its earlier export gives the same bytes."""
        first = ical.to_ics(self.plan(), key="anna")
        assert first == ical.to_ics(self.plan(), key="anna", previous=first)

    def test_changed_session_gets_next_sequence_and_later_stamp(self):
        """Only the session whose content changed gets SEQUENCE+1 and a later DTSTAMP."""
        first = ical.to_ics(self.plan(), key="anna")
        second = ical.to_ics(self.plan(reps=12), key="anna", previous=first)
        third = ical.to_ics(self.plan(reps=12, hour=9), key="anna", previous=second)
        (a1, b1), (a2, b2), (a3, _) = (self.versions(x) for x in (first, second, third))
        assert (a1[0], b1) == (a2[0], b2)  # UIDs stable; the untouched session unchanged
        assert (0, 1, 2) == (a1[1], a2[1], a3[1])
        assert a1[2] < a2[2] < a3[2]

    @given(st.lists(st.integers(1, 30), min_size=1, max_size=6))
    @settings(max_examples=30)
    def test_sequence_never_falls(self, reps):
        """Across any run of re-exports, each event's SEQUENCE and DTSTAMP never decrease."""
        data = ical.to_ics(self.plan(), key="anna")
        seen = [self.versions(data)]
        for r in reps:
            data = ical.to_ics(self.plan(reps=r), key="anna", previous=data)
            seen.append(self.versions(data))
        for before, after in itertools.pairwise(seen):
            for (uid, s0, t0), (uid2, s1, t1) in zip(before, after, strict=True):
                assert (uid, True, True) == (uid2, s0 <= s1, t0 <= t1)

    def test_alarm_change_counts_as_content(self):
        """Adding a reminder changes the event, so its SEQUENCE grows."""
        first = ical.to_ics(self.plan(), key="anna")
        second = ical.to_ics(self.plan(), key="anna", alarm_minutes=[30], previous=first)
        assert [1, 1] == [v[1] for v in self.versions(second)]

    def test_several_alarms(self):
        """A list of minutes adds one VALARM per value, earliest reminder first."""
        (event, _) = events(ical.to_ics(self.plan(), alarm_minutes=[10, 60]))
        triggers = [a.decoded("trigger") for a in event.walk("VALARM")]
        assert [dt.timedelta(minutes=-60), dt.timedelta(minutes=-10)] == triggers

    @pytest.mark.parametrize("minutes", [[10, 10], [10, -1], [True]])
    def test_bad_alarm_lists(self, minutes):
        """Repeated, negative or non-number reminders are refused, naming the field."""
        with pytest.raises((InvalidValueError, InvalidTypeError), match="alarm_minutes"):
            ical.to_ics(self.plan(), alarm_minutes=minutes)

    def test_previous_must_be_a_calendar(self):
        """Something that is not an iCalendar file as 'previous' is refused with the fix."""
        with pytest.raises(InvalidValueError, match="'previous' is not an iCalendar file"):
            ical.to_ics(self.plan(), previous=b"hello")
