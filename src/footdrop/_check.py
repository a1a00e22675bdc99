"""check_plan(): an independent verifier of plans, from the scheduler or from anywhere else.

This module is the plan's independent risk control (IEC 62304 thinking, see the
domain notes): it re-reads the rules from the routine and the availability and
shares no code with ``footdrop._scheduler`` or ``footdrop._duration``. It reads
only the plan, routine and availability models.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._availability import Availability, Window
from footdrop._kinds import Side, SupportLevel, Weekday
from footdrop._plan import DayPlan, Plan, PlanItem, Session
from footdrop._routine import Prescription, Routine, nearest_ids
from footdrop._validators import instance_of, optional, slug, text, whole
from footdrop.exceptions import InvalidTypeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from footdrop._range import Range

__all__ = ["RULES", "Violation", "check_plan"]

#: Every rule :func:`check_plan` checks, by slug, with a one-line summary.
RULES: Final[dict[str, str]] = {
    "naive-or-wrong-zone": (
        "the plan's zone is the availability's zone; every start and end is time-zone "
        "aware and shows the local wall-clock time of its instant in that zone"
    ),
    "date-order": "days are listed in date order",
    "duplicate-date": "no date is listed twice",
    "missing-date": "no date is left out between the plan's first and last dates",
    "session-order": "a day's sessions are listed in time order and each ends after it starts",
    "wrong-date": "a session starts on the local date of the day it is listed under",
    "empty-session": "a session holds at least one item",
    "rest-day": "no session on a rest weekday",
    "skipped-date": "no session on a skipped date",
    "outside-window": "a session lies inside one availability window of its local date",
    "session-too-long": "a session lasts at most max_session_minutes (elapsed time)",
    "overlap": "no two sessions overlap",
    "rest-between-sessions": "at least min_rest_minutes from one session's end to the next start",
    "too-many-sessions": "at most max_sessions_per_day sessions on a local date",
    "unknown-exercise": "every item names an exercise of the routine",
    "missing-measure": "an item gives every measure its prescription's dose uses",
    "extra-measure": "an item gives no measure its prescription's dose lacks",
    "above-ceiling": "no item, and no day's session count, exceeds the prescribed maximum",
    "below-floor": "no item falls below the prescribed minimum",
    "above-current": "no item, and no day's session count, exceeds the current level",
    "unrecorded-fallback": "every step below the current level is recorded as a Fallback",
    "wrong-side": "an exercise's items in a session work the prescribed sides, in order",
    "missing-exercise": "every daily exercise appears on every available date",
    "sessions-per-day": "an exercise on a date appears in at least its minimum sessions",
    "spacing": "sessions holding one exercise start at least min_spacing_minutes apart",
    "wrong-weekday": "an exercise appears only on its allowed weekdays",
    "days-per-week": "an exercise done on fewer than 7 days appears on the right number of days",
    "strength-48h": "loaded work on the same muscles is at least 48 hours apart",
}

_STRENGTH_GAP: Final = dt.timedelta(hours=48)
_DOSE_MEASURES: Final = ("sets", "reps", "hold_seconds", "letters", "rounds", "steps")
_UNITS: Final = {
    "sets": "set(s)",
    "reps": "rep(s)",
    "hold_seconds": "s hold",
    "letters": "letter(s)",
    "rounds": "round(s)",
    "steps": "step(s)",
}


def _rule(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    slug(_inst, attribute, value)


@final
@attrs.frozen(kw_only=True)
class Violation:
    """One broken rule in a plan, found by :func:`check_plan`.

    Args:
        rule: A stable slug naming the rule (``"spacing"``); the reference page
            "Checking a plan" lists every rule and what it checks.
        date: The local date concerned, or ``None`` for the plan as a whole.
        session: The session's 0-based index in ``DayPlan.sessions`` of ``date``, or
            ``None`` when the rule concerns a whole day, week or plan.
        exercise_id: The exercise concerned, or ``None``.
        message: A sentence saying what is wrong, by how much, and the fix.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Violation
        >>> v = Violation(rule="empty-session", date=dt.date(2026, 11, 24), session=0,
        ...               exercise_id=None, message="the session holds no items: remove it.")
        >>> str(v)
        '2026-11-24 session 0: empty-session: the session holds no items: remove it.'

    .. versionadded:: 0.1.0
    """

    rule: str = attrs.field(validator=_rule)
    date: dt.date | None = attrs.field(validator=optional(instance_of(dt.date, "a date")))
    session: int | None = attrs.field(validator=optional(whole(0, 1_000_000)))
    exercise_id: str | None = attrs.field(validator=optional(instance_of(str, "text")))
    message: str = attrs.field(validator=text(5000))

    def __str__(self) -> str:
        where = [] if self.date is None else [self.date.isoformat()]
        if self.session is not None:
            where.append(f"session {self.session}")
        if self.exercise_id is not None:
            where.append(self.exercise_id)
        head = " ".join(where) or "plan"
        return f"{head}: {self.rule}: {self.message}"


# --------------------------------------------------------------------------- helpers


def _day(value: dt.date) -> dt.date:
    """A plain date (a ``datetime`` passed where a date belongs loses its time)."""
    return dt.date(value.year, value.month, value.day)


def _minutes(delta: dt.timedelta) -> str:
    minutes = delta.total_seconds() / 60
    shown = f"{minutes:.0f}" if minutes == round(minutes) else f"{minutes:.1f}"
    return f"{shown} min"


def _hm(value: dt.datetime) -> str:
    return f"{value:%H:%M}"


@final
@attrs.frozen(kw_only=True)
class _Placed:
    """A session located in real time: where it is listed and when it happens."""

    listed: dt.date
    index: int
    session: Session
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    local_start: dt.datetime  # in the person's zone
    local_end: dt.datetime

    @property
    def local_date(self) -> dt.date:
        return self.local_start.date()

    @property
    def label(self) -> str:
        return f"the session at {_hm(self.local_start)}-{_hm(self.local_end)}"


def _utc(value: dt.datetime) -> dt.datetime | None:
    """*value* in UTC, or ``None`` when it is naive or cannot be placed in time."""
    try:
        if value.tzinfo is None or value.utcoffset() is None:
            return None
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError, TypeError, ArithmeticError):
        return None


def _shows_local(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether *value*'s wall-clock reading is the local time of its instant in *zone*."""
    try:
        # Through UTC: astimezone() to a datetime's own tzinfo changes nothing.
        local = value.astimezone(dt.UTC).astimezone(zone)
    except (OverflowError, ValueError, TypeError, ArithmeticError):
        return False
    return local.replace(tzinfo=None, fold=0) == value.replace(tzinfo=None, fold=0)


def _wall_extremes(
    start: dt.datetime, end: dt.datetime, zone: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and latest local wall-clock readings during ``start..end`` (UTC).

    Wall time runs forward except where the clocks go back; a clock change inside
    the session is found by bisection (at most one change per session is assumed:
    no zone changes its offset twice within a day).
    """
    first = start.astimezone(zone)
    last = end.astimezone(zone)
    low = first.replace(tzinfo=None)
    high = last.replace(tzinfo=None)
    if first.utcoffset() != last.utcoffset():
        before, after = start, end
        offset = first.utcoffset()
        while after - before > dt.timedelta(microseconds=1):
            middle = before + (after - before) / 2
            if middle.astimezone(zone).utcoffset() == offset:
                before = middle
            else:
                after = middle
        low = min(low, after.astimezone(zone).replace(tzinfo=None))
        high = max(high, before.astimezone(zone).replace(tzinfo=None))
    return low, high


def _inside(low: dt.datetime, high: dt.datetime, day: dt.date, window: Window) -> bool:
    return dt.datetime.combine(day, window.start) <= low and high <= dt.datetime.combine(
        day, window.end
    )


class _Report:
    """Collects violations."""

    def __init__(self) -> None:
        self.found: list[Violation] = []

    def add(
        self,
        rule: str,
        message: str,
        *,
        date: dt.date | None = None,
        session: int | None = None,
        exercise_id: str | None = None,
    ) -> None:
        self.found.append(
            Violation(
                rule=rule, date=date, session=session, exercise_id=exercise_id, message=message
            )
        )

    def at(self, placed: _Placed, rule: str, message: str, exercise_id: str | None = None) -> None:
        self.add(rule, message, date=placed.listed, session=placed.index, exercise_id=exercise_id)

    def sorted(self) -> tuple[Violation, ...]:
        def key(v: Violation) -> tuple[Any, ...]:
            return (
                v.date is not None,
                v.date or dt.date.min,
                v.session is not None,
                -1 if v.session is None else v.session,
                v.exercise_id or "",
                v.rule,
                v.message,
            )

        return tuple(sorted(self.found, key=key))


# --------------------------------------------------------------------------- the rules


def _check_days(plan: Plan, report: _Report) -> list[tuple[dt.date, DayPlan]]:
    """Date order, duplicates and gaps; return the days with plain dates."""
    days = [(_day(d.date), d) for d in plan.days]
    seen: set[dt.date] = set()
    previous: dt.date | None = None
    for date, _ in days:
        if date in seen:
            report.add(
                "duplicate-date",
                f"{date} is listed more than once: merge its sessions into one day.",
                date=date,
            )
        elif previous is not None and date < previous:
            report.add(
                "date-order",
                f"{date} is listed after {previous}: list the days in date order.",
                date=date,
            )
        seen.add(date)
        previous = date if previous is None else max(previous, date)
    ordered = sorted(seen)
    for before, after in itertools.pairwise(ordered):
        gap = (after - before).days - 1
        if gap:
            first = before + dt.timedelta(days=1)
            last = after - dt.timedelta(days=1)
            span = f"{first} has" if gap == 1 else f"the {gap} dates {first} to {last} have"
            report.add(
                "missing-date",
                f"{span} no day, between {before} and {after}: add one day per date "
                "(with no sessions on a rest day).",
                date=first,
            )
    return days


def _place_sessions(
    days: Sequence[tuple[dt.date, DayPlan]], zone: zoneinfo.ZoneInfo, report: _Report
) -> list[_Placed]:
    """Locate every session in real time; report naive times, wrong zones and wrong dates."""
    placed: list[_Placed] = []
    for date, day in days:
        previous: _Placed | None = None
        for index, session in enumerate(day.sessions):
            start, end = _utc(session.start), _utc(session.end)
            if start is None or end is None:
                report.add(
                    "naive-or-wrong-zone",
                    f"the session listed at index {index} has a start or end that is naive or "
                    f"cannot be placed in time ({session.start!r:.60} to {session.end!r:.60}): "
                    f"give both as aware datetimes in {zone.key}.",
                    date=date,
                    session=index,
                )
                continue
            try:
                local_start, local_end = start.astimezone(zone), end.astimezone(zone)
            except (OverflowError, ValueError):
                report.add(
                    "naive-or-wrong-zone",
                    f"the session listed at index {index} lies too near the end of the calendar "
                    f"to be read in {zone.key}: give dates inside the years 2..9998.",
                    date=date,
                    session=index,
                )
                continue
            here = _Placed(
                listed=date,
                index=index,
                session=session,
                start=start,
                end=end,
                local_start=local_start,
                local_end=local_end,
            )
            wrong = [
                (name, value)
                for name, value in (("start", session.start), ("end", session.end))
                if not _shows_local(value, zone)
            ]
            for name, value in wrong:
                report.at(
                    here,
                    "naive-or-wrong-zone",
                    f"the {name} reads {value:%Y-%m-%d %H:%M} ({value.tzinfo}), but that instant "
                    f"is {(local_start if name == 'start' else local_end):%Y-%m-%d %H:%M} in "
                    f"{zone.key}: write it in {zone.key} so it shows the person's own clock.",
                )
            if end <= start:
                report.at(
                    here,
                    "session-order",
                    f"{here.label} ends {_minutes(start - end)} before it starts (in elapsed "
                    "time): make the end later than the start.",
                )
            if local_start.date() != date:
                report.at(
                    here,
                    "wrong-date",
                    f"{here.label} starts on {local_start.date()} in {zone.key} but is listed "
                    f"under {date}: move it to the day {local_start.date()}.",
                )
            if previous is not None and start < previous.start:
                report.at(
                    here,
                    "session-order",
                    f"{here.label} is listed after {previous.label}, which starts later: "
                    "list the day's sessions in time order.",
                )
            if not session.items:
                report.at(
                    here,
                    "empty-session",
                    f"{here.label} holds no exercises: remove it or add its items.",
                )
            placed.append(here)
            previous = here
    return placed


def _check_session_times(
    placed: Sequence[_Placed], availability: Availability, zone: zoneinfo.ZoneInfo, report: _Report
) -> None:
    """Rest days, skipped dates, windows and session length."""
    limit = dt.timedelta(minutes=availability.max_session_minutes)
    for here in placed:
        local_date = here.local_date
        weekday = Weekday.of(local_date)
        closed = False
        if weekday in availability.rest_weekdays:
            closed = True
            report.at(
                here,
                "rest-day",
                f"{here.label} falls on {local_date}, a {weekday.value}, which is a rest "
                "weekday: remove it or move it to a day that is not a rest day.",
            )
        if local_date in availability.skipped_dates:
            closed = True
            report.at(
                here,
                "skipped-date",
                f"{here.label} falls on {local_date}, a skipped date: remove it or move it "
                "to another date.",
            )
        if not closed and here.end > here.start:
            windows = availability.windows_on(local_date)
            low, high = _wall_extremes(here.start, here.end, zone)
            if not any(_inside(low, high, local_date, w) for w in windows):
                shown = ", ".join(str(w) for w in windows) or "none"
                report.at(
                    here,
                    "outside-window",
                    f"{here.label} on {local_date} ({weekday.value}) does not fit inside one "
                    f"availability window (windows that day: {shown}): move it inside a window.",
                )
        duration = here.end - here.start
        if duration > limit:
            report.at(
                here,
                "session-too-long",
                f"{here.label} lasts {_minutes(duration)}, {_minutes(duration - limit)} more "
                f"than the longest session of {availability.max_session_minutes} min: "
                "split it or shorten it.",
            )


def _check_gaps(placed: Sequence[_Placed], availability: Availability, report: _Report) -> None:
    """Overlaps and rest between sessions, across the whole plan (also across midnight)."""
    rest = dt.timedelta(minutes=availability.min_rest_minutes)
    ordered = sorted(
        (p for p in placed if p.end > p.start), key=lambda p: (p.start, p.end, p.listed, p.index)
    )
    latest: _Placed | None = None  # the earlier session that ends last
    for k, here in enumerate(ordered):
        if latest is not None:
            gap = here.start - latest.end
            if gap < dt.timedelta(0):
                for other in ordered[:k]:
                    if other.end > here.start:
                        report.at(
                            here,
                            "overlap",
                            f"{here.label} on {here.local_date} overlaps {other.label} "
                            f"on {other.local_date} by "
                            f"{_minutes(min(other.end, here.end) - here.start)}: "
                            "move one of them.",
                        )
            elif gap < rest:
                report.at(
                    here,
                    "rest-between-sessions",
                    f"{here.label} on {here.local_date} starts {_minutes(gap)} after "
                    f"{latest.label} on {latest.local_date} ends, {_minutes(rest - gap)} short "
                    f"of the rest of {availability.min_rest_minutes} min: move it later.",
                )
        if latest is None or here.end > latest.end:
            latest = here


def _check_day_counts(
    placed: Sequence[_Placed], availability: Availability, report: _Report
) -> None:
    per_date: dict[dt.date, int] = defaultdict(int)
    for here in placed:
        per_date[here.local_date] += 1
    for date, count in sorted(per_date.items()):
        if count > availability.max_sessions_per_day:
            extra = count - availability.max_sessions_per_day
            report.add(
                "too-many-sessions",
                f"{date} has {count} sessions, {extra} more than the most of "
                f"{availability.max_sessions_per_day} a day: merge or drop {extra}.",
                date=date,
            )


def _level_value(prescription: Prescription, name: str) -> Any:
    return getattr(prescription.current, name)


#: The fallbacks a plan records, as (date, exercise id, lever).
_Recorded = frozenset[tuple[dt.date, str, str]]


def _recorded(plan: Plan) -> _Recorded:
    """Every fallback of the plan, keyed by its own date (``Fallback.on``)."""
    return frozenset((_day(f.on), f.exercise_id, f.lever) for d in plan.days for f in d.fallbacks)


def _check_item_dose(
    where: tuple[dt.date, int],
    item: PlanItem,
    prescription: Prescription,
    recorded: _Recorded,
    report: _Report,
) -> None:
    """Measures, floors, ceilings, the current level and recorded fallbacks of one item."""
    date, index = where
    eid = item.exercise_id
    dose = prescription.dose
    side = f" ({item.side.value} side)" if item.side is not None else ""

    def add(rule: str, message: str) -> None:
        report.add(rule, message, date=date, session=index, exercise_id=eid)

    for name in _DOSE_MEASURES:
        allowed: Range | None = getattr(dose, name)
        value: int | None = getattr(item, name)
        unit = _UNITS[name]
        if allowed is None:
            if value is not None:
                add(
                    "extra-measure",
                    f"{eid}{side} gives {name}={value}, but its prescription has no {name}: "
                    f"drop it.",
                )
            continue
        if value is None:
            add(
                "missing-measure",
                f"{eid}{side} gives no {name}, but its prescription asks for {allowed} "
                f"{unit}: give {name}.",
            )
            continue
        if value > allowed.max:
            add(
                "above-ceiling",
                f"{eid}{side} plans {value} {unit}, {value - allowed.max} above the "
                f"prescribed ceiling of {allowed.max}: lower it to at most {allowed.max}.",
            )
            continue
        if value < allowed.min:
            add(
                "below-floor",
                f"{eid}{side} plans {value} {unit}, {allowed.min - value} below the "
                f"prescribed floor of {allowed.min}: raise it to at least {allowed.min}.",
            )
            continue
        current = _level_value(prescription, name)
        if current is None:
            continue
        if value > current:
            add(
                "above-current",
                f"{eid}{side} plans {value} {unit}, {value - current} above the current "
                f"level of {current}: plan {current} until progression raises it.",
            )
        elif value < current and (date, eid, name) not in recorded:
            add(
                "unrecorded-fallback",
                f"{eid}{side} plans {value} {unit}, {current - value} below the current "
                f"level of {current}, and the day records no fallback for {name}: plan "
                f"{current} or record a Fallback.",
            )
    _check_support(item, prescription, (date, recorded), add)


def _check_support(
    item: PlanItem,
    prescription: Prescription,
    where: tuple[dt.date, _Recorded],
    add: Any,
) -> None:
    eid = item.exercise_id
    allowed = prescription.dose.support
    value: SupportLevel | None = item.support
    if allowed is None:
        if value is not None:
            add(
                "extra-measure",
                f"{eid} gives support={value.value}, but its prescription has no support "
                "level: drop it.",
            )
        return
    if value is None:
        add(
            "missing-measure",
            f"{eid} gives no support level, but its prescription allows {allowed}: give support.",
        )
        return
    if value > allowed.hardest:
        add(
            "above-ceiling",
            f"{eid} plans support {value.value!r}, {value.rank - allowed.hardest.rank} rung(s) "
            f"harder than the prescribed hardest {allowed.hardest.value!r}: use "
            f"{allowed.hardest.value!r} or easier.",
        )
        return
    if value < allowed.easiest:
        add(
            "below-floor",
            f"{eid} plans support {value.value!r}, {allowed.easiest.rank - value.rank} rung(s) "
            f"easier than the prescribed easiest {allowed.easiest.value!r}: use "
            f"{allowed.easiest.value!r} or harder.",
        )
        return
    current = prescription.current.support
    if current is None:
        return
    if value > current:
        add(
            "above-current",
            f"{eid} plans support {value.value!r}, harder than the current "
            f"{current.value!r}: plan {current.value!r} until progression moves it.",
        )
    elif value < current and (where[0], eid, "support") not in where[1]:
        add(
            "unrecorded-fallback",
            f"{eid} plans support {value.value!r}, easier than the current "
            f"{current.value!r}, and the day records no fallback for support: plan "
            f"{current.value!r} or record a Fallback.",
        )


def _check_sides(
    session: Session,
    where: tuple[dt.date, int],
    routine: Routine,
    report: _Report,
) -> None:
    sides: dict[str, list[Side | None]] = defaultdict(list)
    for item in session.items:
        if item.exercise_id in routine:
            sides[item.exercise_id].append(item.side)
    for eid, got in sides.items():
        wanted = routine[eid].sides_for(routine.affected)
        if tuple(got) != wanted:

            def show(values: Iterable[Side | None]) -> str:
                return ", ".join("together" if s is None else s.value for s in values)

            report.add(
                "wrong-side",
                f"{eid} is planned for side(s) [{show(got)}] in this session, but its "
                f"prescription ({routine[eid].sides.value}, {routine.affected.value} side "
                f"affected) asks for [{show(wanted)}], in that order: plan one item per side.",
                date=where[0],
                session=where[1],
                exercise_id=eid,
            )


def _check_items(
    days: Sequence[tuple[dt.date, DayPlan]],
    routine: Routine,
    recorded: _Recorded,
    report: _Report,
) -> None:
    for date, day in days:
        for index, session in enumerate(day.sessions):
            for item in session.items:
                if item.exercise_id not in routine:
                    hint = nearest_ids(item.exercise_id, routine.ids)
                    did = f"did you mean {hint[0]!r}? " if hint else ""
                    report.add(
                        "unknown-exercise",
                        f"{item.exercise_id!r} is not in the routine: {did}use one of the "
                        "routine's exercise ids or add a prescription for it.",
                        date=date,
                        session=index,
                        exercise_id=item.exercise_id,
                    )
                    continue
                prescription = routine[item.exercise_id]
                _check_item_dose((date, index), item, prescription, recorded, report)
            _check_sides(session, (date, index), routine, report)


def _sessions_by_exercise(
    placed: Sequence[_Placed], routine: Routine
) -> dict[tuple[str, dt.date], list[_Placed]]:
    holding: dict[tuple[str, dt.date], list[_Placed]] = defaultdict(list)
    for here in placed:
        for eid in dict.fromkeys(item.exercise_id for item in here.session.items):
            if eid in routine:
                holding[eid, here.local_date].append(here)
    return holding


def _check_frequency(
    days: Sequence[tuple[dt.date, DayPlan]],
    placed: Sequence[_Placed],
    routine: Routine,
    availability: Availability,
    *,
    recorded: _Recorded,
    report: _Report,
) -> None:
    """Sessions per day, spacing, allowed weekdays and days per week."""
    holding = _sessions_by_exercise(placed, routine)
    listed = sorted({date for date, _ in days})
    listed_set = set(listed)
    for p in routine.items:
        eid = p.exercise_id
        timing = p.timing
        spd = timing.sessions_per_day
        current = p.current.sessions_per_day
        used = sorted(d for (e, d) in holding if e == eid)
        for date in sorted(listed_set | set(used)):
            sessions = sorted(holding.get((eid, date), []), key=lambda s: s.start)
            count = len(sessions)
            weekday = Weekday.of(date)
            due = (
                timing.is_daily
                and date in listed_set
                and availability.is_available(date)
                and weekday in timing.weekdays
            )
            if count == 0:
                if due:
                    report.add(
                        "missing-exercise",
                        f"{eid} is due every day but appears in no session on {date}: add it to "
                        f"{spd.min} session(s).",
                        date=date,
                        exercise_id=eid,
                    )
                continue
            if weekday not in timing.weekdays:
                allowed = ", ".join(d.value for d in timing.weekdays)
                report.add(
                    "wrong-weekday",
                    f"{eid} appears on {date}, a {weekday.value}, but is allowed only on "
                    f"{allowed}: move it to an allowed weekday.",
                    date=date,
                    exercise_id=eid,
                )
            if count > spd.max:
                report.add(
                    "above-ceiling",
                    f"{eid} appears in {count} sessions on {date}, {count - spd.max} more than "
                    f"the prescribed ceiling of {spd.max} a day: remove {count - spd.max}.",
                    date=date,
                    exercise_id=eid,
                )
            elif count < spd.min:
                report.add(
                    "sessions-per-day",
                    f"{eid} appears in {count} session(s) on {date}, {spd.min - count} fewer "
                    f"than the prescribed {spd} a day: add it to {spd.min - count} more.",
                    date=date,
                    exercise_id=eid,
                )
            elif count > current:
                report.add(
                    "above-current",
                    f"{eid} appears in {count} sessions on {date}, {count - current} more than "
                    f"the current level of {current} a day: plan {current}.",
                    date=date,
                    exercise_id=eid,
                )
            elif count < current and (date, eid, "sessions_per_day") not in recorded:
                report.add(
                    "unrecorded-fallback",
                    f"{eid} appears in {count} session(s) on {date}, {current - count} fewer "
                    f"than the current level of {current} a day, and the day records no "
                    "fallback for sessions_per_day: plan it or record a Fallback.",
                    date=date,
                    exercise_id=eid,
                )
            spacing = dt.timedelta(minutes=timing.min_spacing_minutes)
            for before, after in itertools.pairwise(sessions):
                gap = after.start - before.start
                if gap < spacing:
                    report.at(
                        after,
                        "spacing",
                        f"{eid} starts in {after.label} only {_minutes(gap)} after it started "
                        f"in {before.label} on {date}, {_minutes(spacing - gap)} short of the "
                        f"spacing of {timing.min_spacing_minutes} min: move one of them "
                        "further apart.",
                        exercise_id=eid,
                    )
        if not timing.is_daily:
            _check_weeks(p, listed, set(used), availability, recorded=recorded, report=report)


def _check_weeks(
    p: Prescription,
    listed: Sequence[dt.date],
    used: set[dt.date],
    availability: Availability,
    *,
    recorded: _Recorded,
    report: _Report,
) -> None:
    """Days per week, over calendar weeks (Monday to Sunday)."""
    eid = p.exercise_id
    timing = p.timing
    wanted = timing.days_per_week
    listed_set = set(listed)
    mondays = sorted({d - dt.timedelta(days=d.weekday()) for d in listed_set | used})
    for monday in mondays:
        week = [monday + dt.timedelta(days=n) for n in range(7)]
        done = [d for d in week if d in used]
        span = f"the week {week[0]} to {week[-1]}"
        if len(done) > wanted:
            report.add(
                "days-per-week",
                f"{eid} appears on {len(done)} days in {span}, {len(done) - wanted} more than "
                f"the prescribed {wanted} day(s) a week: remove it from {len(done) - wanted}.",
                date=monday,
                exercise_id=eid,
            )
            continue
        if not all(d in listed_set for d in week):
            continue  # a partial week at either end of the plan: only the maximum applies
        allowed = [d for d in week if Weekday.of(d) in timing.weekdays]
        open_days = [d for d in allowed if availability.is_available(d)]
        need = min(wanted, len(open_days))
        # Where the person's own rest days or skipped dates close an allowed day, a
        # shortfall may be recorded instead (a Fallback with lever "days_per_week").
        excused = len(open_days) < len(allowed) and any(
            (d, eid, "days_per_week") in recorded for d in week
        )
        if len(done) < need and not excused:
            report.add(
                "days-per-week",
                f"{eid} appears on {len(done)} day(s) in {span}, {need - len(done)} fewer "
                f"than the prescribed {wanted} day(s) a week: add it on "
                f"{need - len(done)} more allowed day(s)"
                + (
                    ", or, as rest days or skipped dates close some, record a Fallback "
                    "(lever 'days_per_week') in that week."
                    if len(open_days) < len(allowed)
                    else "."
                ),
                date=monday,
                exercise_id=eid,
            )


def _check_strength(placed: Sequence[_Placed], routine: Routine, report: _Report) -> None:
    """Loaded work on shared muscles (or the same exercise) at least 48 h apart."""
    loaded: list[tuple[_Placed, dict[str, frozenset[str]]]] = []
    for here in placed:
        work = {
            item.exercise_id: frozenset(
                m.strip().casefold() for m in routine[item.exercise_id].exercise.target_muscles
            )
            for item in here.session.items
            if item.exercise_id in routine and routine[item.exercise_id].exercise.is_loaded
        }
        if work:
            loaded.append((here, work))
    loaded.sort(key=lambda pair: (pair[0].start, pair[0].listed, pair[0].index))
    for j, (here, work) in enumerate(loaded):
        for i in range(j - 1, -1, -1):
            other, other_work = loaded[i]
            gap = here.start - other.start
            if gap >= _STRENGTH_GAP:
                break
            clashes = sorted(
                (eid, oid)
                for eid, muscles in work.items()
                for oid, other_muscles in other_work.items()
                if eid == oid or muscles & other_muscles
            )
            if not clashes:
                continue
            eid, oid = clashes[0]
            shared = sorted(work[eid] & other_work[oid])
            why = "the same exercise" if eid == oid else "shared muscles " + ", ".join(shared)
            report.at(
                here,
                "strength-48h",
                f"loaded {eid} in {here.label} on {here.local_date} starts "
                f"{_minutes(gap)} after loaded {oid} in {other.label} on {other.local_date} "
                f"({why}), {_minutes(_STRENGTH_GAP - gap)} short of 48 h: move it later.",
                exercise_id=eid,
            )


def check_plan(plan: Plan, routine: Routine, availability: Availability) -> tuple[Violation, ...]:
    """Check a plan against a routine and an availability; return every broken rule.

    The checker is independent of :func:`footdrop.schedule`: it shares none of its
    code and re-reads every rule from *routine* and *availability*, so it can
    verify plans from the scheduler, plans edited by hand and plans from other
    systems. It never stops at the first problem and never raises for a plan
    that is well-typed, however odd.

    How the rules are read (the reference page has the full table):

    * Time is judged at real instants. Every start and end is converted to UTC, so
      lengths, gaps, spacing and the 48 hours are elapsed time, right across
      daylight-saving changes. A session belongs to the local date (in
      ``availability.tz``) on which it starts.
    * A session lies inside a window when every moment of it reads, on the local
      wall clock, a time inside one window of its local date (from the window's
      start to its end, both included). On a day the clocks go back, the repeated
      hour reads twice and both readings must fit.
    * Rest between sessions (``min_rest_minutes``, end to start) and overlaps are
      checked across the whole plan, also across midnight.
    * An exercise's count on a date is the number of sessions holding it. A daily
      exercise is due on every listed date that has an open window; it must
      appear there in ``timing.sessions_per_day.min`` to ``max`` sessions. On any
      date where it appears, it must be within that range and on an allowed weekday.
    * Spacing (``timing.min_spacing_minutes``) runs from start to start between
      sessions holding the same exercise on the same local date.
    * Doses: every measure of the item lies within the dose range (support within
      the support rungs). Within the range, the item must not exceed ``current``, and
      any value (or day's session count) below ``current`` must be recorded by a
      :class:`~footdrop.Fallback` whose ``on`` is that date, for that exercise and lever (the
      field name: ``"reps"``, ``"sets"``, ``"sessions_per_day"``, ``"support"`` ...).
      ``rest_between_sets_seconds`` is not checked.
    * Sides: the items of one exercise in one session work exactly
      ``prescription.sides_for(routine.affected)``, in that order.
    * Days per week (``days_per_week < 7``) count calendar weeks, Monday to Sunday:
      never more than ``days_per_week`` days; in a week the plan lists in full,
      exactly ``days_per_week`` days, or every open allowed day if rest days and
      skipped dates leave fewer. When rest days or skipped dates close an allowed
      day of the week, a shortfall is accepted if a Fallback with lever
      ``"days_per_week"`` dated in that week records it.
    * Loaded work (``exercise.is_loaded``): two different sessions holding loaded
      items of the same exercise or with a target muscle in common start at least
      48 hours apart. Items in the same session count as one bout.

    Args:
        plan (footdrop.Plan): The plan to check.
        routine (footdrop.Routine): The routine it claims to follow.
        availability (footdrop.Availability): The person's availability (its ``tz``
            is the plan's zone).

    Returns:
        Every violation found, ordered by date, session, exercise and rule; an empty
        tuple when the plan keeps every rule.

    Raises:
        footdrop.exceptions.InvalidTypeError: An argument is not a Plan, Routine or
            Availability.

    Example:
        >>> import datetime as dt, zoneinfo, footdrop
        >>> from footdrop import (Availability, DayPlan, Dose, Exercise, Plan, PlanItem,
        ...     Prescription, Range, Routine, Session, Timing, check_plan)
        >>> raise_toes = Exercise(id="toe-raises", name="Toe raises",
        ...     category=footdrop.Category.ANKLE_STRENGTH, position=footdrop.Position.SEATED,
        ...     laterality=footdrop.Laterality.BOTH_TOGETHER, steps=("Lift the toes.",),
        ...     dose=Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15)),
        ...     timing=Timing(sessions_per_day=Range(min=1, max=1)))
        >>> routine = Routine(affected=footdrop.Side.LEFT,
        ...                   items=[Prescription(exercise=raise_toes)])
        >>> day = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        >>> london = zoneinfo.ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="toe-raises", side=None, sets=2, reps=16)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 7, 30, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 7, 45, tzinfo=london), items=[item])
        >>> plan = Plan(tz="Europe/London", days=[DayPlan(date=dt.date(2026, 11, 24),
        ...                                              sessions=[session])])
        >>> [v.rule for v in check_plan(plan, routine, day)]
        ['outside-window', 'above-ceiling']

    .. versionadded:: 0.1.0
    """
    for name, value, cls in (
        ("plan", plan, Plan),
        ("routine", routine, Routine),
        ("availability", availability, Availability),
    ):
        if not isinstance(value, cls):
            msg = f"'{name}' must be a footdrop.{cls.__name__} (got {value!r:.80})."
            raise InvalidTypeError(msg, field=name, value=value, expected=cls.__name__)
    report = _Report()
    zone = zoneinfo.ZoneInfo(availability.tz)
    if plan.tz != availability.tz:
        report.add(
            "naive-or-wrong-zone",
            f"the plan is in {plan.tz} but the availability is in {availability.tz}: "
            f"schedule again with the availability's zone, or fix the plan's tz.",
        )
    days = _check_days(plan, report)
    placed = _place_sessions(days, zone, report)
    _check_session_times(placed, availability, zone, report)
    _check_gaps(placed, availability, report)
    _check_day_counts(placed, availability, report)
    recorded = _recorded(plan)
    _check_items(days, routine, recorded, report)
    _check_frequency(days, placed, routine, availability, recorded=recorded, report=report)
    _check_strength(placed, routine, report)
    return report.sorted()
