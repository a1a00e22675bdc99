"""Availability: when a person can exercise, in their own time zone.

Windows are wall-clock times. On the days clocks change, a window means the
real instants whose local time lies inside it: a window that covers the hour
skipped in spring is shorter that day, one that covers the hour repeated in
autumn may come in two parts. :meth:`Availability.intervals_on` gives those
real intervals, and the scheduler plans inside them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zoneinfo
from typing import Any, final

import attrs

from footdrop._validators import (
    check_date,
    date_only,
    instance_of,
    to_tuple,
    tuple_of,
    whole,
    zone,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._kinds import Weekday
from footdrop.model._weekdays import weekday_tuple, weekdays

__all__ = ["Availability", "Window"]

_ALL_DAYS = tuple(Weekday)


def _naive_time(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.time):
        msg = f"'{attribute.name}' must be a time of day such as time(7, 30) (got {value!r:.80})."
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="datetime.time")
    if value.tzinfo is not None:
        msg = (
            f"'{attribute.name}' must be a wall-clock time without tzinfo (got {value!r}): "
            "the time zone belongs to Availability.tz."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value, fix="drop the tzinfo")


@final
@attrs.frozen(kw_only=True)
class Window:
    """A stretch of a day when a person can exercise, on some weekdays.

    Times are local wall-clock times in the availability's time zone; a window
    does not cross midnight.

    Args:
        start: When the window opens.
        end: When it closes (after ``start``).
        weekdays: The weekdays it applies to (all seven by default).

    Raises:
        footdrop.exceptions.InvalidValueError: ``end`` is not after ``start``.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Window
        >>> Window(start=dt.time(19), end=dt.time(21, 30)).minutes
        150

    .. versionadded:: 0.1.0
    """

    start: dt.time = attrs.field(validator=_naive_time)
    end: dt.time = attrs.field(validator=_naive_time)
    weekdays: tuple[Weekday, ...] = attrs.field(
        default=_ALL_DAYS, converter=weekday_tuple, validator=weekdays()
    )

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            msg = (
                f"'end' must be after 'start' (got {self.start:%H:%M}-{self.end:%H:%M}): "
                "a window ends later on the same day; split one that crosses midnight in two."
            )
            raise InvalidValueError(msg, field="end", value=self.end, fix="swap start and end")
        if not self.weekdays:
            msg = "'weekdays' must name at least one weekday (got none)."
            raise InvalidValueError(msg, field="weekdays", value=self.weekdays)

    @property
    def minutes(self) -> int:
        """The window's length on the wall clock, in whole minutes."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


_windows = tuple_of(instance_of(Window, "a Window"), "Window")


def _check_windows(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _windows(inst, attribute, value)
    if not value:
        msg = "'windows' must hold at least one window (got none): add Window(start=..., end=...)."
        raise InvalidValueError(msg, field="windows", value=value)
    for day in Weekday:
        spans = sorted((w.start, w.end) for w in value if day in w.weekdays)
        for (_, end_a), (start_b, end_b) in itertools.pairwise(spans):
            if start_b < end_a:
                msg = (
                    f"'windows' overlap on {day.value}: one ends at {end_a:%H:%M} after the next "
                    f"starts at {start_b:%H:%M} (up to {end_b:%H:%M}): merge them into one window."
                )
                raise InvalidValueError(msg, field="windows", value=value)


_dates = tuple_of(date_only, "dates")


def _check_dates(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _dates(inst, attribute, value)
    if len(set(value)) != len(value):
        msg = f"'{attribute.name}' names a date more than once: name each date once."
        raise InvalidValueError(msg, field=attribute.name, value=value)


def _date_tuple(value: Any) -> Any:
    """Sort a collection of dates into a tuple; leave anything else to the validator."""
    if isinstance(value, list | tuple | set | frozenset):
        if all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in value):
            return tuple(sorted(value))
        return tuple(value)
    return value


@final
@attrs.frozen(kw_only=True)
class Availability:
    """When a person can exercise: windows per weekday, limits, rest days and a time zone.

    Args:
        windows: The windows of the week; windows of one weekday must not overlap.
        tz: The IANA time zone of the windows (``"Europe/London"``).
        max_session_minutes: The longest session the person will do, 1..240 minutes.
        max_sessions_per_day: The most sessions in a day, 1..12.
        min_rest_minutes: The least time from the end of one session to the start
            of the next, 0..1440 minutes.
        rest_weekdays: Weekdays with no exercise at all.
        skipped_dates: Dates with no exercise at all (holidays, appointments).

    Raises:
        footdrop.exceptions.InvalidValueError: A window ends before it starts, windows
            overlap, the time zone is unknown, or a number is out of range.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Availability
        >>> day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        >>> [str(w) for w in day.windows_on(dt.date(2026, 11, 24))]
        ['07:30-21:30']

    .. versionadded:: 0.1.0
    """

    windows: tuple[Window, ...] = attrs.field(converter=to_tuple, validator=_check_windows)
    tz: str = attrs.field(validator=zone)
    max_session_minutes: int = attrs.field(default=45, validator=whole(1, 240))
    max_sessions_per_day: int = attrs.field(default=4, validator=whole(1, 12))
    min_rest_minutes: int = attrs.field(default=60, validator=whole(0, 1440))
    rest_weekdays: tuple[Weekday, ...] = attrs.field(
        default=(), converter=weekday_tuple, validator=weekdays()
    )
    skipped_dates: tuple[dt.date, ...] = attrs.field(
        default=(),
        converter=_date_tuple,
        validator=_check_dates,
    )

    @classmethod
    def daily(
        cls,
        *,
        start: dt.time,
        end: dt.time,
        tz: str,
        **settings: Any,
    ) -> Availability:
        """The common case: one window every day from *start* to *end* in *tz*.

        Other settings (``max_session_minutes``, ``rest_weekdays``, ...) are keyword
        arguments as for the class.
        """
        return cls(windows=(Window(start=start, end=end),), tz=tz, **settings)

    def windows_on(self, day: dt.date) -> tuple[Window, ...]:
        """The windows open on *day*, in time order (empty on rest days and skipped dates)."""
        weekday = Weekday.of(day)
        if weekday in self.rest_weekdays or day in self.skipped_dates:
            return ()
        return weekday_windows(self.windows, weekday)

    def is_available(self, day: dt.date) -> bool:
        """Whether *day* has any window open."""
        return bool(self.windows_on(day))

    def intervals_on(self, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The real intervals of *day* when the person can exercise, in time order.

        Each interval is a pair of time-zone-aware datetimes in ``tz``. On most
        days these are the windows themselves; on a day the clocks change, a
        window loses the local times that do not exist and may split in two, so
        every instant of an interval shows a local time inside its window, and
        no local time that does not exist is ever returned.

        Raises:
            footdrop.exceptions.InvalidTypeError: *day* is not a date (or is a datetime).

        Example:
            >>> import datetime as dt
            >>> from footdrop import Availability
            >>> night = Availability.daily(start=dt.time(0, 30), end=dt.time(3), tz="Europe/London")
            >>> [(a.strftime("%H:%M%z"), b.strftime("%H:%M%z"))
            ...  for a, b in night.intervals_on(dt.date(2026, 3, 29))]
            [('00:30+0000', '03:00+0100')]
        """
        _check_day(day)
        zone = zoneinfo.ZoneInfo(self.tz)
        anchor, pieces = day_pieces(zone, day, self.windows_on(day))
        return tuple(
            (_from_minute(anchor + a, zone), _from_minute(anchor + b, zone)) for a, b in pieces
        )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _check_day(day: object) -> None:
    check_date("day", day)


def _from_minute(minute: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return (_EPOCH + dt.timedelta(minutes=minute)).astimezone(zone)


def _offset_minutes(moment: dt.datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


@functools.lru_cache(maxsize=4096)
def _offsets(zone: zoneinfo.ZoneInfo, day: dt.date) -> tuple[int, int, int, int]:
    """(naive-midnight minute, offset before, offset after, transition minute or 0)."""
    naive = (day - dt.date(1970, 1, 1)).days * 1440
    before = _offset_minutes(dt.datetime(day.year, day.month, day.day, tzinfo=zone))
    nxt = day + dt.timedelta(days=1)
    after = _offset_minutes(dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone, fold=1))
    if before == after:
        return naive, before, after, 0
    lo, hi = naive - before - 1, naive + 1440 - after + 1
    # Bisect for the first UTC minute with the later offset.
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset_minutes(_from_minute(mid, zone)) == after:
            hi = mid
        else:
            lo = mid
    return naive, before, after, hi


def weekday_windows(windows: tuple[Window, ...], weekday: Weekday) -> tuple[Window, ...]:
    """The *windows* open on *weekday*, in time order (rest days and skipped dates aside)."""
    return tuple(sorted((w for w in windows if weekday in w.weekdays), key=lambda w: w.start))


def plain_anchor(zone: zoneinfo.ZoneInfo, day: dt.date) -> int | None:
    """The anchor :func:`day_pieces` gives *day*, or ``None`` if its clocks change.

    On a day without a clock change the pieces are the windows' own minutes, so a
    caller that knows them needs only this anchor.
    """
    naive, before, _, change = _offsets(zone, day)
    return None if change else naive - before


def window_minutes(windows: tuple[Window, ...]) -> tuple[tuple[int, int], ...]:
    """The pieces :func:`day_pieces` gives *windows* on a day without a clock change."""
    return tuple(
        sorted(
            p
            for p in (
                (w.start.hour * 60 + w.start.minute, w.end.hour * 60 + w.end.minute)
                for w in windows
            )
            if p[0] < p[1]
        )
    )


def day_pieces(
    zone: zoneinfo.ZoneInfo, day: dt.date, windows: tuple[Window, ...]
) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The real minutes of *windows* on *day*, as (anchor, pieces).

    ``anchor`` is a UTC minute (minutes since 1970-01-01 UTC); each piece
    ``(a, b)`` is a closed interval of UTC minutes relative to it. The anchor is
    local midnight at the day's first offset, so on a day without a clock change
    a piece is exactly the window in minutes after midnight. Every minute of a
    piece shows a local time inside its window; a piece cut by a clock change
    ends a minute before the change, so its end never shows a local time past
    the window.
    """
    naive, before, after, change = _offsets(zone, day)
    anchor = naive - before
    if not change:
        return anchor, window_minutes(windows)
    pieces: list[tuple[int, int]] = []
    for window in windows:
        ws = window.start.hour * 60 + window.start.minute
        we = window.end.hour * 60 + window.end.minute
        t = change - anchor  # the change, relative to the anchor
        shift = before - after  # minutes the clock-reading loses after the change
        first = (ws, min(we, t))  # before the change: relative minute == local minute
        second = (max(ws + shift, t), we + shift)
        if first[0] < first[1] and second[0] < second[1] and first[1] == t == second[0]:
            pieces.append((first[0], second[1]))
            continue
        if first[0] < first[1]:
            pieces.append((first[0], first[1] - 1 if first[1] == t else first[1]))
        if second[0] < second[1]:
            pieces.append(second)
    pieces = sorted(p for p in pieces if p[0] < p[1])
    return anchor, tuple(pieces)
