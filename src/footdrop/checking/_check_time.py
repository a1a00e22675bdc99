"""check_plan()'s rules about time: dates, real instants, windows, overlaps and rest.

A session is placed in real time (:class:`Placed`): its start and end in UTC, so
lengths and gaps are elapsed time across daylight-saving changes, and in the
person's zone, so windows are read on the local wall clock. The rules here cover
the plan's dates (order, duplicates, gaps), zones and wall-clock readings,
session order, rest days, skipped dates, windows, session length, overlaps, rest
between sessions and sessions per day. The other families,
:mod:`footdrop.checking._check_dose` and :mod:`footdrop.checking._check_frequency`, build on
:class:`Placed`. Like :mod:`footdrop.checking._check`, this shares no code with the
scheduler.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, final

import attrs

from footdrop.model._kinds import Weekday

if TYPE_CHECKING:
    import zoneinfo
    from collections.abc import Sequence

    from footdrop.checking._check import Report
    from footdrop.model._availability import Availability, Window
    from footdrop.model._plan import DayPlan, Plan, Session

__all__ = [
    "Placed",
    "check_day_counts",
    "check_days",
    "check_gaps",
    "check_session_times",
    "minutes",
    "place_sessions",
    "plain_date",
]


def plain_date(value: dt.date) -> dt.date:
    """A plain date (a ``datetime`` passed where a date belongs loses its time)."""
    return dt.date(value.year, value.month, value.day)


def minutes(delta: dt.timedelta) -> str:
    """*delta* for a message, in minutes: whole minutes as they are, others to one decimal.

    >>> minutes(dt.timedelta(hours=1, minutes=30)), minutes(dt.timedelta(seconds=90))
    ('90 min', '1.5 min')
    """
    count = delta.total_seconds() / 60
    shown = f"{count:.0f}" if count == round(count) else f"{count:.1f}"
    return f"{shown} min"


def _hm(value: dt.datetime) -> str:
    return f"{value:%H:%M}"


@final
@attrs.frozen(kw_only=True)
class Placed:
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


def check_days(plan: Plan, report: Report) -> list[tuple[dt.date, DayPlan]]:
    """Date order, duplicates and gaps; return the days with plain dates."""
    days = [(plain_date(d.date), d) for d in plan.days]
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


def place_sessions(
    days: Sequence[tuple[dt.date, DayPlan]], zone: zoneinfo.ZoneInfo, report: Report
) -> list[Placed]:
    """Locate every session in real time; report naive times, wrong zones and wrong dates."""
    placed: list[Placed] = []
    for date, day in days:
        previous: Placed | None = None
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
            here = Placed(
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
                    f"{here.label} ends {minutes(start - end)} before it starts (in elapsed "
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


def check_session_times(
    placed: Sequence[Placed], availability: Availability, zone: zoneinfo.ZoneInfo, report: Report
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
                f"{here.label} lasts {minutes(duration)}, {minutes(duration - limit)} more "
                f"than the longest session of {availability.max_session_minutes} min: "
                "split it or shorten it.",
            )


def check_gaps(placed: Sequence[Placed], availability: Availability, report: Report) -> None:
    """Overlaps and rest between sessions, across the whole plan (also across midnight)."""
    rest = dt.timedelta(minutes=availability.min_rest_minutes)
    ordered = sorted(
        (p for p in placed if p.end > p.start), key=lambda p: (p.start, p.end, p.listed, p.index)
    )
    latest: Placed | None = None  # the earlier session that ends last
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
                            f"{minutes(min(other.end, here.end) - here.start)}: "
                            "move one of them.",
                        )
            elif gap < rest:
                report.at(
                    here,
                    "rest-between-sessions",
                    f"{here.label} on {here.local_date} starts {minutes(gap)} after "
                    f"{latest.label} on {latest.local_date} ends, {minutes(rest - gap)} short "
                    f"of the rest of {availability.min_rest_minutes} min: move it later.",
                )
        if latest is None or here.end > latest.end:
            latest = here


def check_day_counts(placed: Sequence[Placed], availability: Availability, report: Report) -> None:
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
