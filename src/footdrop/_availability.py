"""Availability: when a person can exercise, in their own time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, final

import attrs

from footdrop._kinds import Weekday
from footdrop._plan import check_zone
from footdrop._validators import instance_of, to_tuple, whole
from footdrop.exceptions import InvalidValueError

__all__ = ["Availability", "Window"]

_ALL_DAYS = tuple(Weekday)


def _weekday_tuple(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = tuple(value)
        if all(isinstance(d, Weekday) for d in items):
            return tuple(sorted(items, key=lambda d: d.index))
        return items
    return value


def _check_weekday_tuple(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(d, Weekday) for d in value):
        msg = f"'{attribute.name}' must be a list of Weekday (got {value!r:.80})."
        raise InvalidValueError(msg, field=attribute.name, value=value)
    if len(set(value)) != len(value):
        msg = f"'{attribute.name}' names a weekday more than once: name each day once."
        raise InvalidValueError(msg, field=attribute.name, value=value)


def _naive_time(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.time):
        msg = f"'{attribute.name}' must be a time of day such as time(7, 30) (got {value!r:.80})."
        raise InvalidValueError(msg, field=attribute.name, value=value)
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
        default=_ALL_DAYS, converter=_weekday_tuple, validator=_check_weekday_tuple
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


def _check_windows(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(w, Window) for w in value):
        msg = f"'{attribute.name}' must be a list of Window (got {value!r:.80})."
        raise InvalidValueError(msg, field=attribute.name, value=value)
    if not value:
        msg = "'windows' must hold at least one window (got none): add Window(start=..., end=...)."
        raise InvalidValueError(msg, field="windows", value=value)
    for day in Weekday:
        spans = sorted((w.start, w.end) for w in value if day in w.weekdays)
        for (_, end_a), (start_b, end_b) in zip(spans, spans[1:], strict=False):
            if start_b < end_a:
                msg = (
                    f"'windows' overlap on {day.value}: one ends at {end_a:%H:%M} after the next "
                    f"starts at {start_b:%H:%M} (up to {end_b:%H:%M}): merge them into one window."
                )
                raise InvalidValueError(msg, field="windows", value=value)


def _check_dates(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(
        isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in value
    ):
        msg = f"'{attribute.name}' must be a list of dates (got {value!r:.80})."
        raise InvalidValueError(msg, field=attribute.name, value=value)
    if len(set(value)) != len(value):
        msg = f"'{attribute.name}' names a date more than once: name each date once."
        raise InvalidValueError(msg, field=attribute.name, value=value)


def _zone(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_zone(attribute.name, value)


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
    tz: str = attrs.field(validator=_zone)
    max_session_minutes: int = attrs.field(default=45, validator=whole(1, 240))
    max_sessions_per_day: int = attrs.field(default=4, validator=whole(1, 12))
    min_rest_minutes: int = attrs.field(default=60, validator=whole(0, 1440))
    rest_weekdays: tuple[Weekday, ...] = attrs.field(
        default=(), converter=_weekday_tuple, validator=_check_weekday_tuple
    )
    skipped_dates: tuple[dt.date, ...] = attrs.field(
        default=(),
        converter=lambda v: tuple(sorted(v)) if isinstance(v, list | tuple | set | frozenset)
        and all(isinstance(d, dt.date) for d in v) else v,
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
        return tuple(sorted((w for w in self.windows if weekday in w.weekdays), key=lambda w: w.start))

    def is_available(self, day: dt.date) -> bool:
        """Whether *day* has any window open."""
        return bool(self.windows_on(day))
