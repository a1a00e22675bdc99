"""iCalendar (RFC 5545) export: a plan or an open-ended routine as calendar events.

Needs the ``ical`` extra (``pip install "footdrop[ical]"``), which installs the
`icalendar <https://icalendar.readthedocs.io/>`_ package.

* :func:`to_ics` turns a dated :class:`~footdrop.Plan` into one ``VEVENT`` per session.
* :func:`routine_to_ics` turns a :class:`~footdrop.Routine` into weekly recurring
  events (``RRULE:FREQ=WEEKLY``) with no end date, built from a representative week
  of the scheduler's output.
* :func:`recurrence_to_rrule` writes one exercise's :class:`~footdrop.Recurrence` as
  iCalendar content lines (``DTSTART``, ``RRULE``, ``EXDATE``), and
  :func:`recurrence_from_rrule` reads such lines (or a bare ``RRULE`` value) back.
  Neither needs the ``ical`` extra.

What every export holds:

* ``DTSTART`` and ``DTEND`` in the plan's own time zone (``TZID``), with a matching
  ``VTIMEZONE`` generated from the IANA database. A time that occurs twice on the
  night clocks go back is written in UTC instead (a local time there would be read
  as the first of the two).
* ``DESCRIPTION``: every exercise of the session with its dose in plain words, one
  per line. ``SUMMARY``: the title and the session's exercises, each named once.
* Optional ``VALARM`` reminders, one per value of *alarm_minutes*, before each session.
* Stable ``UID`` values, so that importing a newer export updates the events of an
  older one instead of adding copies. The scheme is
  ``<key>-<YYYYMMDD>-s<n>@footdrop`` for a dated session (the date and the session's
  place in its day, counted from 1) and ``<key>-<weekday>-s<n>@footdrop`` for a
  recurring one (weekday as ``mo`` ... ``su``). *key* names the programme: keep it
  the same for one person's exports, and give two people's exports different keys.
* ``SEQUENCE`` and ``DTSTAMP`` that follow the content: each event carries a digest
  of its content (``X-FOOTDROP-DIGEST``); given the *previous* export, an unchanged
  event keeps its ``SEQUENCE`` and ``DTSTAMP`` and a changed one gets the next
  ``SEQUENCE`` and a later ``DTSTAMP``, so calendar apps replace it. ``DTSTAMP``
  never comes from the clock: pass *stamp* (the moment of export, say); by default
  it is midnight UTC of the plan's first date.

Text is cleaned before it is written: control characters other than tab and line
breaks become U+FFFD, and icalendar escapes line breaks, commas, semicolons and
backslashes, so no text can start a property of its own.

An event from an older export that a newer one no longer has (a session dropped
from a day) stays in the calendar: delete it by hand or export into a fresh calendar.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop._catalogue import catalogue
from footdrop._validators import check_slug, check_whole
from footdrop.exceptions import InvalidTypeError, InvalidValueError, MissingExtraError
from footdrop.export._checks import plan_argument
from footdrop.export._ics_write import EventWriter
from footdrop.export.text import clean_text, exercise_title, item_line
from footdrop.model._recurrence import Recurrence

if TYPE_CHECKING:
    import zoneinfo
    from collections.abc import Mapping, Sequence

    import icalendar

    from footdrop.model._availability import Availability
    from footdrop.model._exercise import Exercise
    from footdrop.model._plan import DayPlan, Plan, Session
    from footdrop.model._routine import Routine
    from footdrop.scheduling._duration import DurationModel

__all__ = [
    "DEFAULT_TITLE",
    "DIGEST_PROPERTY",
    "PRODID",
    "SUMMARY_NAMES",
    "recurrence_from_rrule",
    "recurrence_to_rrule",
    "routine_to_ics",
    "session_uid",
    "to_ics",
]

#: The product identifier written in every calendar footdrop exports.
PRODID: Final = "-//footdrop//footdrop home exercise plan//EN"

#: The event title used when none is given.
DEFAULT_TITLE: Final = "Foot-drop exercises"

#: The property that carries each event's content digest, read back from an earlier export.
DIGEST_PROPERTY: Final = "X-FOOTDROP-DIGEST"

#: How many exercise names a summary lists before "and N more".
SUMMARY_NAMES: Final = 3

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_WEEKDAY_CODES: Final = ("mo", "tu", "we", "th", "fr", "sa", "su")
_SAFETY: Final = (
    "Stop and get help at once for chest pain, dizziness or breathlessness too bad to talk. "
    "Stop an exercise if its pain goes above 5 out of 10."
)


def _missing(feature: str) -> MissingExtraError:
    return MissingExtraError(extra="ical", package="icalendar", feature=feature)


def _check_key(key: object) -> str:
    return check_slug("key", key, example="plan")


def _check_stamp(stamp: object) -> dt.datetime | None:
    if stamp is None:
        return None
    if not isinstance(stamp, dt.datetime) or stamp.utcoffset() is None:
        msg = (
            f"'stamp' must be a time-zone aware datetime (got {stamp!r:.60}): "
            "pass the time your application exported the plan, with its tzinfo."
        )
        raise InvalidValueError(msg, field="stamp", value=stamp, fix="attach a tzinfo")
    return stamp.astimezone(dt.UTC)


def _check_title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        msg = f"'title' must be non-blank text (got {title!r:.60})."
        raise InvalidValueError(msg, field="title", value=title, fix="give a short title")
    return clean_text(title)


def _check_alarm(alarm_minutes: object) -> tuple[int, ...]:
    """One reminder per value: ``None`` for none, a number, or a list of numbers."""
    if alarm_minutes is None:
        return ()
    if isinstance(alarm_minutes, list | tuple):
        found = tuple(
            check_whole(f"alarm_minutes[{i}]", m, 0, 10_080) for i, m in enumerate(alarm_minutes)
        )
        if len(set(found)) != len(found):
            msg = f"'alarm_minutes' names a reminder twice (got {list(found)}): keep one of each."
            raise InvalidValueError(msg, field="alarm_minutes", value=found, fix="remove repeats")
        return tuple(sorted(found, reverse=True))
    return (check_whole("alarm_minutes", alarm_minutes, 0, 10_080),)


def _digest(*parts: object) -> str:
    """A short, stable digest of an event's content (what a person would see change)."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _previous(previous: object) -> dict[str, tuple[int, dt.datetime, str]]:
    """SEQUENCE, DTSTAMP and content digest of each event of an earlier export, by UID."""
    if previous is None:
        return {}
    import icalendar  # noqa: PLC0415 - the caller checked the extra is there

    if not isinstance(previous, str | bytes):
        kind = type(previous).__name__
        msg = f"'previous' must be the text or bytes of an earlier export (got {kind})."
        raise InvalidTypeError(msg, field="previous", value=previous, expected="bytes | str")
    try:
        cal = icalendar.Calendar.from_ical(previous)
    except ValueError as error:
        msg = (
            f"'previous' is not an iCalendar file ({error}): pass the bytes of an earlier "
            "footdrop export, or None."
        )
        raise InvalidValueError(msg, field="previous", value=str(previous)[:40]) from None
    found = {}
    for event in cal.walk("VEVENT"):
        digest = event.get(DIGEST_PROPERTY)
        if event.get("uid") is None or digest is None:
            continue
        sequence = int(event.get("sequence", 0))
        stamp = event.decoded("dtstamp") if event.get("dtstamp") else _EPOCH
        found[str(event["uid"])] = (sequence, stamp, str(digest))
    return found


def _versioned(
    uid: str,
    digest: str,
    earlier: Mapping[str, tuple[int, dt.datetime, str]],
    *,
    sequence: int,
    stamp: dt.datetime,
) -> tuple[int, dt.datetime]:
    """The SEQUENCE and DTSTAMP of an event, given the earlier export's events."""
    before = earlier.get(uid)
    if before is None:
        return sequence, stamp
    old_sequence, old_stamp, old_digest = before
    if old_digest == digest:
        return old_sequence, old_stamp
    later = max(stamp, old_stamp + dt.timedelta(seconds=1))
    return max(sequence, old_sequence + 1), later


def session_uid(key: str, day: dt.date, slot: int) -> str:
    """The ``UID`` of the *slot*-th session (from 1) of *day* in the export named *key*.

    Example:
        >>> from footdrop.export.ical import session_uid
        >>> import datetime as dt
        >>> session_uid("anna", dt.date(2026, 11, 24), 2)
        'anna-20261124-s2@footdrop'

    .. versionadded:: 0.1.0
    """
    return f"{_check_key(key)}-{day:%Y%m%d}-s{slot}@footdrop"


def _weekly_uid(key: str, weekday: int, slot: int) -> str:
    return f"{key}-{_WEEKDAY_CODES[weekday]}-s{slot}@footdrop"


def _local(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """*moment* on the zone's wall clock, or in UTC where the wall clock is ambiguous."""
    local = moment.astimezone(zone)
    if local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(dt.UTC)
    return local


def _exercises(routine: Routine | None) -> Mapping[str, Exercise]:
    known: dict[str, Exercise] = dict(catalogue())
    if routine is not None:
        known.update({p.exercise.id: p.exercise for p in routine.items})
    return known


def _description(
    session: Session, exercises: Mapping[str, Exercise], routine: Routine | None
) -> str:
    lines = [clean_text(item_line(i, exercises)) for i in session.ordered_items(routine)]
    return "\n".join([*lines, "", _SAFETY])


def _summary(
    title: str, session: Session, exercises: Mapping[str, Exercise], routine: Routine | None
) -> str:
    """The title and the session's exercises, each once: "Foot-drop exercises: A, B and 2 more"."""
    names = list(
        dict.fromkeys(
            clean_text(exercise_title(i.exercise_id, exercises))
            for i in session.ordered_items(routine)
        )
    )
    if len(names) > SUMMARY_NAMES + 1:
        shown = ", ".join(names[:SUMMARY_NAMES])
        return f"{title}: {shown} and {len(names) - SUMMARY_NAMES} more"
    if len(names) > 1:
        return f"{title}: {', '.join(names[:-1])} and {names[-1]}"
    return f"{title}: {names[0]}" if names else title


def _calendar(title: str) -> icalendar.Calendar:
    import icalendar  # noqa: PLC0415 - the caller checked the extra is there

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # icalendar does not escape NAME by itself: give both names as TEXT values.
    cal.add("name", icalendar.vText(title))
    cal.add("x-wr-calname", icalendar.vText(title))
    return cal


def _event(
    *,
    uid: str,
    stamp: dt.datetime,
    sequence: int,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    description: str,
    alarm_minutes: tuple[int, ...],
    digest: str,
) -> icalendar.Event:
    import icalendar  # noqa: PLC0415 - the caller checked the extra is there

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "OPAQUE")
    event.add(DIGEST_PROPERTY, digest)
    for minutes in alarm_minutes:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(minutes=-minutes))
        event.add_component(alarm)
    return event


def _timezone(tz: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    import icalendar  # noqa: PLC0415 - the caller checked the extra is there

    return icalendar.Timezone.from_tzid(
        tz, first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=1)
    )


def _check_plan(given: object) -> Plan:
    plan = plan_argument(given)
    if not any(day.sessions for day in plan.days):
        msg = (
            "'plan' has no sessions to export (every day is a rest day): "
            "schedule at least one session first."
        )
        raise InvalidValueError(msg, field="plan", value=plan, fix="schedule a session")
    return plan


def _check_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"'{name}' must be a date (got {value!r:.60})."
        raise InvalidValueError(msg, field=name, value=value, fix="pass a datetime.date")
    return value


def _check_sequence(sequence: object) -> int:
    return check_whole("sequence", sequence, 0, 2_147_483_647)


def to_ics(
    plan: Plan,
    *,
    routine: Routine | None = None,
    key: str = "plan",
    stamp: dt.datetime | None = None,
    sequence: int = 0,
    alarm_minutes: int | Sequence[int] | None = None,
    title: str = DEFAULT_TITLE,
    previous: bytes | str | None = None,
) -> bytes:
    """A plan as an iCalendar file: one event per session.

    Args:
        plan: The plan to export; it needs at least one session.
        routine: The routine the plan was made from, whose exercise names are used
            (the built-in catalogue's names otherwise, then the id in words).
        key: A slug naming the programme, part of every ``UID``: keep it the same
            across exports for one person so that a newer export updates the events.
        stamp: The ``DTSTAMP`` of every new or changed event (time-zone aware);
            midnight UTC of the plan's first date if not given. Nothing reads the clock.
        sequence: The ``SEQUENCE`` of every new event (0).
        alarm_minutes: Reminders, each this many minutes (0..10080) before each
            session: one number, a list of numbers, or ``None`` for none.
        title: The start of every event's title ("Foot-drop exercises"); the
            session's exercises follow it.
        previous: An earlier export with the same *key* (its bytes). An event
            whose content is unchanged keeps its ``SEQUENCE`` and ``DTSTAMP``; an
            event whose content changed gets the next ``SEQUENCE`` and a later
            ``DTSTAMP``, so every calendar app replaces it.

    Returns:
        The calendar as UTF-8 bytes with CRLF line endings, ready to write to an
        ``.ics`` file.

    Raises:
        footdrop.exceptions.MissingExtraError: icalendar is not installed.
        footdrop.exceptions.InvalidValueError: The plan has no session, or an
            argument is out of range.
        footdrop.exceptions.InvalidTypeError: *plan* is not a :class:`~footdrop.Plan`.

    Example:
        >>> from footdrop.export.ical import to_ics
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session, Side
        >>> london = ZoneInfo("Europe/London")
        >>> session = Session(start=dt.datetime(2026, 11, 24, 8, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 8, 15, tzinfo=london),
        ...                   items=[PlanItem(exercise_id="ankle-eversion", side=None,
        ...                                   sets=2, reps=10, hold_seconds=3)])
        >>> plan = Plan(tz="Europe/London",
        ...             days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[session])])
        >>> first = to_ics(plan, key="anna", alarm_minutes=[60, 10])
        >>> text = first.decode()
        >>> "DTSTART;TZID=Europe/London:20261124T080000" in text
        True
        >>> "UID:anna-20261124-s1@footdrop" in text, text.count("BEGIN:VALARM")
        (True, 2)
        >>> "SUMMARY:Foot-drop exercises: Ankle eversion" in text
        True

        Export again with the earlier file: a changed session gets the next ``SEQUENCE``.

        >>> later = plan.days[0].sessions[0].items[0]
        >>> import attrs
        >>> changed = attrs.evolve(plan, days=[attrs.evolve(plan.days[0], sessions=[
        ...     attrs.evolve(session, items=[attrs.evolve(later, reps=12)])])])
        >>> "SEQUENCE:1" in to_ics(changed, key="anna", previous=first).decode()
        True

    .. versionadded:: 0.1.0
    """
    try:
        import icalendar  # noqa: F401, PLC0415 - an optional extra
    except ImportError as error:
        feature = "footdrop.export.ical.to_ics()"
        raise _missing(feature) from error
    plan = _check_plan(plan)
    key = _check_key(key)
    fixed_stamp = _check_stamp(stamp)
    sequence = _check_sequence(sequence)
    alarm = _check_alarm(alarm_minutes)
    title = _check_title(title)
    zone = plan.zone
    dates = [day.date for day in plan.days]
    if fixed_stamp is None:
        fixed_stamp = dt.datetime.combine(min(dates), dt.time(), tzinfo=dt.UTC)
    earlier = _previous(previous)
    exercises = _exercises(routine)
    cal = _calendar(title)
    # The VTIMEZONE covers every date and every session (a session may lie off its day).
    moments = [
        m.astimezone(zone).date() for d in plan.days for s in d.sessions for m in (s.start, s.end)
    ]
    cal.add_component(_timezone(plan.tz, min(dates + moments), max(dates + moments)))
    # Each distinct event body is worded and rendered (folded) by icalendar once; see
    # footdrop.export._ics_write. The text is the same as rendering every event.
    writer = EventWriter(_event)
    words: dict[int, tuple[str, str]] = {}  # by id(session.items): the scheduler shares them
    events = []
    for day in plan.days:
        for slot, session in enumerate(day.sessions, start=1):
            uid = session_uid(key, day.date, slot)
            start, end = _local(session.start, zone), _local(session.end, zone)
            said = words.get(id(session.items))
            if said is None:
                said = words[id(session.items)] = (
                    _summary(title, session, exercises, routine),
                    _description(session, exercises, routine),
                )
            summary, description = said
            digest = _digest(start.isoformat(), end.isoformat(), summary, description, alarm)
            event_sequence, event_stamp = _versioned(
                uid, digest, earlier, sequence=sequence, stamp=fixed_stamp
            )
            events.append(
                writer.event(
                    (summary, description, event_sequence, event_stamp, alarm),
                    {"uid": uid, "dtstart": start, "dtend": end, DIGEST_PROPERTY: digest},
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
    head: bytes = cal.to_ical()
    closing = b"END:VCALENDAR\r\n"
    return head.removesuffix(closing) + b"".join(events) + closing


def _session_key(session: Session, zone: zoneinfo.ZoneInfo) -> tuple[Any, ...]:
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    return (start.time(), end.time(), (end.date() - start.date()).days, session.items)


def _weekly_days(plan: Plan) -> tuple[DayPlan, ...]:
    """The first seven days of a 14-day plan, checked to repeat in the second seven."""
    zone = plan.zone
    by_date = {day.date: day for day in plan.days}
    first = plan.days[0].date
    week = []
    for offset in range(7):
        day = by_date.get(first + dt.timedelta(days=offset))
        later = by_date.get(first + dt.timedelta(days=offset + 7))
        if day is None or later is None:
            msg = (
                "the representative fortnight misses a date "
                f"({first + dt.timedelta(days=offset)}): a weekly pattern needs 14 days in a row."
            )
            raise InvalidValueError(msg, field="plan", value=plan)
        this = [_session_key(s, zone) for s in day.sessions]
        that = [_session_key(s, zone) for s in later.sessions]
        if this != that:
            msg = (
                f"the routine's schedule does not repeat week to week: {day.date} and "
                f"{later.date} differ, so it cannot be written as weekly recurring events. "
                "Export a dated plan with to_ics(footdrop.schedule(...)) instead."
            )
            raise InvalidValueError(msg, field="routine", value=day.date, fix="use to_ics")
        week.append(day)
    return tuple(week)


def _weekly_calendar(
    fortnight: Plan,
    *,
    routine: Routine | None,
    key: str,
    stamp: dt.datetime | None,
    sequence: int,
    alarm_minutes: tuple[int, ...],
    title: str,
    until: dt.date | None,
    skipped: tuple[dt.date, ...],
    previous: bytes | str | None = None,
) -> bytes:
    """Weekly recurring events from the first week of *fortnight* (which must repeat)."""
    import icalendar  # noqa: PLC0415 - the caller checked the extra is there

    zone = fortnight.zone
    week = _weekly_days(fortnight)
    first = week[0].date
    if stamp is None:
        stamp = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    earlier = _previous(previous)
    exercises = _exercises(routine)
    cal = _calendar(title)
    last = until if until is not None else first + dt.timedelta(days=366 * 5)
    cal.add_component(_timezone(fortnight.tz, first, last))
    for day in week:
        weekday = day.date.weekday()
        for slot, session in enumerate(day.sessions, start=1):
            start = session.start.astimezone(zone)
            end = session.end.astimezone(zone)
            uid = _weekly_uid(key, weekday, slot)
            summary = _summary(title, session, exercises, routine)
            description = _description(session, exercises, routine)
            digest = _digest(
                start.replace(fold=0).isoformat(), end.replace(fold=0).isoformat(), summary,
                description, alarm_minutes, until, skipped,
            )  # fmt: skip
            event_sequence, event_stamp = _versioned(
                uid, digest, earlier, sequence=sequence, stamp=stamp
            )
            event = _event(
                uid=uid,
                stamp=event_stamp,
                sequence=event_sequence,
                start=start.replace(fold=0),
                end=end.replace(fold=0),
                summary=summary,
                description=description,
                alarm_minutes=alarm_minutes,
                digest=digest,
            )
            rule = f"FREQ=WEEKLY;BYDAY={_WEEKDAY_CODES[weekday].upper()}"
            if until is not None:
                # With a TZID start, UNTIL must be in UTC (RFC 5545, 3.3.10).
                end_of_until = dt.datetime.combine(
                    until + dt.timedelta(days=1), dt.time(), tzinfo=zone
                ).astimezone(dt.UTC) - dt.timedelta(seconds=1)
                rule += f";UNTIL={end_of_until:%Y%m%dT%H%M%SZ}"
            event.add("rrule", icalendar.vRecur.from_ical(rule))
            excluded = [
                dt.datetime.combine(d, start.time(), tzinfo=zone)
                for d in skipped
                if d.weekday() == weekday and d >= day.date and (until is None or d <= until)
            ]
            if excluded:
                event.add("exdate", excluded)
            cal.add_component(event)
    result: bytes = cal.to_ical()
    return result


def _check_weekly_recurrences(routine: Routine, start: dt.date, until: dt.date | None) -> None:
    """Refuse recurrences that weekly events holding several exercises cannot carry."""
    for p in routine.items:
        rule = p.timing.recurrence
        if rule is None:
            continue
        if rule.interval_days not in {None, 1, 7}:
            msg = (
                f"{p.exercise_id} recurs {rule.rule!r}, which does not repeat week to week, "
                "so it cannot be written as weekly recurring events: export a dated plan "
                "with to_ics(footdrop.schedule(...)) instead."
            )
            raise InvalidValueError(msg, field="routine", value=rule, fix="use to_ics")
        skipped = [d for d in rule.except_dates if d >= start and (until is None or d <= until)]
        if skipped:
            msg = (
                f"{p.exercise_id} skips {skipped[0]} in its recurrence, but a weekly event "
                "holds every exercise of its session, so the skip cannot be written: export "
                "a dated plan with to_ics(footdrop.schedule(...)) instead."
            )
            raise InvalidValueError(msg, field="routine", value=rule, fix="use to_ics")


def _check_recurrence_dates(fortnight: Plan, routine: Routine, availability: Availability) -> None:
    """Refuse a representative fortnight that puts an exercise off its recurrence."""
    from footdrop.checking._check import check_plan  # noqa: PLC0415 - as schedule above

    for found in check_plan(fortnight, routine, availability):
        if found.rule == "recurrence-dates":
            msg = (
                f"the schedule does not follow a recurrence ({found.message}), so its weekly "
                "events would not either: export a dated plan with to_ics(...) instead."
            )
            raise InvalidValueError(msg, field="routine", value=found, fix="use to_ics")


def routine_to_ics(
    routine: Routine,
    *,
    availability: Availability,
    start: dt.date,
    until: dt.date | None = None,
    durations: DurationModel | None = None,
    key: str = "routine",
    stamp: dt.datetime | None = None,
    sequence: int = 0,
    alarm_minutes: int | Sequence[int] | None = None,
    title: str = DEFAULT_TITLE,
    previous: bytes | str | None = None,
) -> bytes:
    """An open-ended routine as weekly recurring events.

    The routine is scheduled with :func:`footdrop.schedule` for a fortnight from
    *start*; the first week becomes one event per weekday and session, each
    repeating every week (``RRULE:FREQ=WEEKLY;BYDAY=..``) on the wall clock of the
    availability's time zone, so sessions keep their local times across clock
    changes. The second week must repeat the first; it does unless the routine
    changes from week to week. Skipped dates of *availability* become ``EXDATE``
    exceptions instead of breaking the pattern: their sessions are left out, not
    moved to other days (a dated plan from :func:`footdrop.schedule` may move them).

    An exercise with a weekly :class:`~footdrop.Recurrence` (named weekdays, or every
    7 days) appears in the events of its weekdays only. Every other recurrence
    (every 2 to 14 days but 7, or skipped dates from *start* on) is refused, as each
    event holds a whole session; so is a fortnight that puts an exercise off its
    recurrence's dates.

    The events carry the routine's current levels: when progression changes a
    level, export again with the same *key* and a higher *sequence* or later
    *stamp*, and the calendar updates the events.

    Args:
        routine: The routine.
        availability: When the person can exercise; its time zone is the calendar's.
        start: The first date of the recurrence.
        until: The last date of the recurrence, or ``None`` to repeat without end.
        durations: How long items take, passed to :func:`footdrop.schedule`.
        key: A slug naming the programme, part of every ``UID``.
        stamp: The ``DTSTAMP`` of every event (time-zone aware); midnight UTC of
            *start* if not given.
        sequence: The ``SEQUENCE`` of every new event.
        alarm_minutes: Reminders, each this many minutes (0..10080) before each
            session: one number, a list, or ``None``.
        title: The start of every event's title; the session's exercises follow it.
        previous: An earlier export with the same *key*, as for :func:`to_ics`.

    Returns:
        The calendar as UTF-8 bytes with CRLF line endings.

    Raises:
        footdrop.exceptions.MissingExtraError: icalendar is not installed.
        footdrop.exceptions.InvalidValueError: The schedule does not repeat week to
            week, a recurrence cannot be written weekly, *until* is before *start*,
            or an argument is out of range.
        footdrop.exceptions.InfeasibleScheduleError: The routine does not fit the
            availability.

    Example:
        >>> from footdrop.export.ical import routine_to_ics
        >>> import datetime as dt
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT,
        ...                                           only=["ankle-eversion"])
        >>> day = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20),
        ...                                   tz="Europe/London")
        >>> text = routine_to_ics(routine, availability=day, start=dt.date(2026, 11, 23),
        ...                       key="anna").decode()
        >>> "RRULE:FREQ=WEEKLY;BYDAY=MO" in text, "UID:anna-mo-s1@footdrop" in text
        (True, True)

    .. versionadded:: 0.1.0
    """
    try:
        import icalendar  # noqa: F401, PLC0415 - an optional extra
    except ImportError as error:
        feature = "footdrop.export.ical.routine_to_ics()"
        raise _missing(feature) from error
    from footdrop import schedule  # noqa: PLC0415 - the scheduler sits above this module's core

    start = _check_date("start", start)
    if until is not None and _check_date("until", until) < start:
        msg = f"'until' must be on or after 'start' {start} (got {until})."
        raise InvalidValueError(msg, field="until", value=until, fix="pass a later date")
    key = _check_key(key)
    fixed_stamp = _check_stamp(stamp)
    sequence = _check_sequence(sequence)
    alarm = _check_alarm(alarm_minutes)
    title = _check_title(title)
    _check_weekly_recurrences(routine, start, until)
    open_days = attrs.evolve(availability, skipped_dates=())
    fortnight = schedule(routine, start=start, days=14, availability=open_days, durations=durations)
    _check_recurrence_dates(fortnight, routine, open_days)
    if not any(day.sessions for day in fortnight.days[:7]):
        msg = "the routine's first week has no session to repeat: check the availability."
        raise InvalidValueError(msg, field="availability", value=availability)
    return _weekly_calendar(
        fortnight,
        routine=routine,
        key=key,
        stamp=fixed_stamp,
        sequence=sequence,
        alarm_minutes=alarm,
        title=title,
        until=until,
        skipped=availability.skipped_dates,
        previous=previous,
    )


# -- one exercise's recurrence as content lines ----------------------------------------------


def recurrence_to_rrule(recurrence: Recurrence) -> str:
    """A recurrence as iCalendar content lines: ``DTSTART``, ``RRULE`` and ``EXDATE``.

    ``DTSTART`` (a date) is written only when the recurrence has its own
    ``start``; ``EXDATE`` (dates) only when it skips some.
    Lines end with CRLF, as RFC 5545 asks. :func:`recurrence_from_rrule` reads the
    text back into an equal recurrence.

    Raises:
        footdrop.exceptions.InvalidTypeError: *recurrence* is not a :class:`~footdrop.Recurrence`.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Recurrence
        >>> from footdrop.export.ical import recurrence_to_rrule
        >>> rule = Recurrence.every(days=2, except_dates=(dt.date(2026, 1, 9),))
        >>> recurrence_to_rrule(rule).splitlines()
        ['RRULE:FREQ=DAILY;INTERVAL=2', 'EXDATE;VALUE=DATE:20260109']

    .. versionadded:: 0.2.0
    """
    given: object = recurrence  # callers without a type checker pass anything
    if not isinstance(given, Recurrence):
        msg = f"'recurrence' must be a footdrop.Recurrence (got {type(recurrence).__name__})."
        raise InvalidTypeError(msg, field="recurrence", value=recurrence, expected="Recurrence")
    lines = []
    if recurrence.start is not None:
        lines.append(f"DTSTART;VALUE=DATE:{recurrence.start:%Y%m%d}")
    lines.append(f"RRULE:{recurrence.rule}")
    if recurrence.except_dates:
        lines.append(
            "EXDATE;VALUE=DATE:" + ",".join(f"{d:%Y%m%d}" for d in recurrence.except_dates)
        )
    return "".join(line + "\r\n" for line in lines)


def _ical_dates(name: str, value: str, line: str) -> list[dt.date]:
    """The dates of a ``DTSTART`` or ``EXDATE`` value: dates, or date-times read by their date."""
    found = []
    for piece in value.split(","):
        text = piece.strip()
        try:
            if len(text) == 8 and text.isdigit():
                found.append(dt.date(int(text[:4]), int(text[4:6]), int(text[6:])))
            elif len(text) == 15 and text[8] == "T" and text[:8].isdigit():
                # A local date-time counts for its own (wall-clock) date: exercises are
                # due on dates, and the time of day belongs to the schedule. A UTC time
                # ("...Z") is refused below, as it may name another local date.
                found.append(dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])))
            else:
                raise ValueError(text)  # noqa: TRY301 - one message for every malformed value
        except ValueError:
            msg = (
                f"'{name}' must hold dates or local date-times such as 20260105 "
                f"(got {text!r:.40} in {line!r:.80}): "
                "write each date as YYYYMMDD (a UTC time may fall on another local date)."
            )
            raise InvalidValueError(msg, field=name, value=text, fix="write YYYYMMDD") from None
    return found


def _content_lines(text: str) -> list[str]:
    """Unfolded content lines (RFC 5545, 3.1): a line starting with a space continues the last."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in {" ", "\t"} and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw.strip())
    return lines


def recurrence_from_rrule(text: str) -> Recurrence:
    r"""A :class:`~footdrop.Recurrence` from iCalendar ``RRULE``, ``DTSTART`` and ``EXDATE`` text.

    *text* is either a bare rule (``"FREQ=WEEKLY;BYDAY=MO,WE,FR"``) or content lines
    as :func:`recurrence_to_rrule` and calendar apps write them: one ``RRULE``, at
    most one ``DTSTART`` (the anchor) and any number of ``EXDATE`` lines (skipped
    dates). A date-time value counts for the date it names (its time of day and
    time zone are not read: the schedule sets times). Folded lines are unfolded.

    Args:
        text: The iCalendar text.

    Returns:
        The recurrence.

    Raises:
        footdrop.exceptions.InvalidValueError: The text holds no ``RRULE`` or two,
            another property, a rule part footdrop does not support, or a bad date.
        footdrop.exceptions.InvalidTypeError: *text* is not a string.

    Example:
        >>> from footdrop.export.ical import recurrence_from_rrule
        >>> recurrence_from_rrule("DTSTART;VALUE=DATE:20260105\nRRULE:FREQ=WEEKLY;BYDAY=FR,MO")
        Recurrence(rule='FREQ=WEEKLY;BYDAY=MO,FR', start=datetime.date(2026, 1, 5), except_dates=())

    .. versionadded:: 0.2.0
    """
    given: object = text  # callers without a type checker pass anything
    if not isinstance(given, str):
        msg = f"'text' must be iCalendar text (got {type(given).__name__})."
        raise InvalidTypeError(msg, field="text", value=text, expected="str")
    lines = _content_lines(text)
    if len(lines) == 1 and ":" not in lines[0]:
        return Recurrence(rule=lines[0])
    rules: list[str] = []
    starts: list[dt.date] = []
    skipped: list[dt.date] = []
    for line in lines:
        head, sep, value = line.partition(":")
        name = head.split(";", 1)[0].strip().upper()
        if not sep or name not in {"RRULE", "DTSTART", "EXDATE"}:
            msg = (
                f"'text' holds {line!r:.80}, which footdrop does not read: give only "
                "RRULE, DTSTART and EXDATE lines."
            )
            raise InvalidValueError(msg, field="text", value=line, fix="remove that line")
        if name == "RRULE":
            rules.append(value)
        elif name == "DTSTART":
            starts += _ical_dates("DTSTART", value, line)
        else:
            skipped += _ical_dates("EXDATE", value, line)
    if len(rules) != 1 or len(starts) > 1:
        what = f"{len(rules)} RRULE line(s)" if len(rules) != 1 else f"{len(starts)} DTSTART dates"
        msg = f"'text' must hold one RRULE and at most one DTSTART (got {what})."
        raise InvalidValueError(msg, field="text", value=text, fix="give one rule per recurrence")
    return Recurrence(
        rule=rules[0], start=starts[0] if starts else None, except_dates=tuple(skipped)
    )
