"""Recurrence: which dates an exercise is due on, as an RFC 5545 ``RRULE``.

footdrop reads and writes a small, safe part of RFC 5545 (the iCalendar
standard's recurrence rules), and keeps the rule as text; ``dateutil.rrule``
expands it inside, and no dateutil type leaves this module.

* ``FREQ=DAILY`` with an optional ``INTERVAL`` of 1..14: every day, every other
  day, every third day, ... counted from the anchor date.
* ``FREQ=WEEKLY;BYDAY=MO,WE,FR``: on the named weekdays of every week
  (``INTERVAL`` may only be 1).

Any other part (``COUNT``, ``UNTIL``, ``BYMONTH``, ``BYSETPOS``, numbered
weekdays such as ``1MO``, ...) is refused with an error that names it: a plan
has its own first date and length, and a prescription's end belongs to a
clinician's review, not to its rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, NoReturn, final

import attrs
from dateutil import rrule as _rrule

from footdrop._validators import date_only, optional, show, tuple_of
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._kinds import Weekday

__all__ = ["MAX_INTERVAL_DAYS", "Recurrence"]

#: The longest gap between due days of a ``FREQ=DAILY`` rule: a sanity limit against typing
#: mistakes ("every 20 days" is no home exercise programme), not a clinical rule.
MAX_INTERVAL_DAYS: Final = 14

_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAYS: Final = tuple(Weekday)
_SUPPORTED: Final = ("FREQ", "INTERVAL", "BYDAY")


def _refuse(message: str, value: Any, fix: str) -> NoReturn:
    """Raise the error for a rule that footdrop does not read, naming the part and the fix."""
    msg = f"'rule' {message} (got {show(value)}): {fix}."
    raise InvalidValueError(msg, field="rule", value=value, fix=fix)


def _parts(text: str) -> dict[str, str]:
    """The ``NAME=value`` parts of an RRULE value, upper-cased, each named once."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    found: dict[str, str] = {}
    for piece in body.split(";"):
        name, sep, value = piece.partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip():
            _refuse(
                "must be NAME=value parts joined by ';'", text, "write e.g. 'FREQ=DAILY;INTERVAL=2'"
            )
        if name in found:
            _refuse(f"names {name} twice", text, f"give {name} once")
        if name not in _SUPPORTED:
            _refuse(
                f"uses {name}, which footdrop does not support",
                text,
                f"remove {name}; footdrop reads FREQ, INTERVAL and BYDAY only "
                "(a plan's first date and length bound it instead of COUNT or UNTIL)",
            )
        found[name] = value.strip().upper()
    return found


def _canonical(text: str) -> str:  # noqa: C901 - one branch per RRULE part footdrop reads or refuses
    """The rule in footdrop's one spelling.

    FREQ comes first, INTERVAL only when it is not 1, BYDAY in calendar order.
    """
    parts = _parts(text)
    freq = parts.get("FREQ")
    if freq not in {"DAILY", "WEEKLY"}:
        _refuse(
            f"must have FREQ=DAILY or FREQ=WEEKLY, not {freq or 'no FREQ'}",
            text,
            "use FREQ=DAILY (every n days) or FREQ=WEEKLY;BYDAY=.. (named weekdays)",
        )
    raw_interval = parts.get("INTERVAL", "1")
    if not raw_interval.isdigit():
        _refuse("must have a whole-number INTERVAL", text, "write e.g. INTERVAL=2")
    interval = int(raw_interval)
    out = [f"FREQ={freq}"]
    if freq == "DAILY":
        if not 1 <= interval <= MAX_INTERVAL_DAYS:
            _refuse(
                f"must have INTERVAL within 1..{MAX_INTERVAL_DAYS} days (got {interval})",
                text,
                f"use an INTERVAL from 1 to {MAX_INTERVAL_DAYS}",
            )
        if "BYDAY" in parts:
            _refuse(
                "combines FREQ=DAILY with BYDAY",
                text,
                "use FREQ=WEEKLY;BYDAY=.. for named weekdays, or drop BYDAY",
            )
        if interval != 1:
            out.append(f"INTERVAL={interval}")
        return ";".join(out)
    if interval != 1:
        _refuse(
            f"must have INTERVAL=1 with FREQ=WEEKLY (got {interval})",
            text,
            "name the weekdays of every week, or use FREQ=DAILY;INTERVAL=n",
        )
    codes = [c.strip() for c in parts.get("BYDAY", "").split(",")]
    if codes == [""]:
        _refuse("has FREQ=WEEKLY without BYDAY", text, "name the weekdays, e.g. BYDAY=MO,WE,FR")
    unknown = [c for c in codes if c not in _CODES]
    if unknown:
        _refuse(
            f"has BYDAY {','.join(unknown)}, which is not a plain weekday",
            text,
            "use MO, TU, WE, TH, FR, SA or SU without numbers",
        )
    if len(set(codes)) != len(codes):
        _refuse("names a BYDAY weekday twice", text, "name each weekday once")
    out.append("BYDAY=" + ",".join(c for c in _CODES if c in codes))
    return ";".join(out)


def _to_rule(value: Any) -> Any:
    """Canonicalise a rule text; leave anything else for the validator to report."""
    if isinstance(value, str):
        return _canonical(value)
    return value


def _check_rule(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        example = "'FREQ=DAILY;INTERVAL=2'"
        msg = f"'{attribute.name}' must be RRULE text such as {example} (got {show(value)})."
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="str")
    try:
        _rrule.rrulestr(value, dtstart=dt.datetime(2000, 1, 3))  # noqa: DTZ001 - dates only
    except (ValueError, TypeError):  # pragma: no cover - _canonical refuses these first
        _refuse("is not a valid RFC 5545 rule", value, "see RFC 5545, 3.3.10")


def _to_dates(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = tuple(value)
        if all(type(d) is dt.date for d in items):
            return tuple(sorted(items))
        return items
    return value


_dates = tuple_of(date_only, "dates")


def _check_dates(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    name = attribute.name
    _dates(inst, attribute, value)
    twice = sorted({d for d in value if value.count(d) > 1})
    if twice:
        shown = ", ".join(d.isoformat() for d in twice)
        msg = f"'{name}' names {shown} more than once: name each date once."
        raise InvalidValueError(msg, field=name, value=value, fix="name each date once")


def _midnight(day: dt.date) -> dt.datetime:
    # dateutil works on datetimes; naive midnights never leave this module.
    return dt.datetime.combine(day, dt.time())


@final
@attrs.frozen(kw_only=True)
class Recurrence:
    """The dates an exercise is due on: an RFC 5545 rule, an anchor and skipped dates.

    Args:
        rule: The ``RRULE`` value without ``DTSTART``: ``FREQ=DAILY`` with an optional
            ``INTERVAL`` of 1..14 days (``"FREQ=DAILY;INTERVAL=2"``), or ``FREQ=WEEKLY``
            with ``BYDAY`` plain weekdays (``"FREQ=WEEKLY;BYDAY=MO,WE,FR"``). It is
            stored in one spelling: FREQ first, INTERVAL only when not 1, weekdays
            Monday first.
        start: The anchor: the first date the rule counts from. ``None`` means the
            plan's first date (passed as *anchor* to :meth:`dates` and :meth:`occurs_on`).
        except_dates: Dates the rule would give that are skipped (RFC 5545 ``EXDATE``),
            each named once; stored in date order.

    Raises:
        footdrop.exceptions.InvalidValueError: The rule uses an unsupported part or
            value, or a date is named twice.
        footdrop.exceptions.InvalidTypeError: A field has the wrong type.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Recurrence, Weekday
        >>> every_other = Recurrence.every(days=2)
        >>> every_other.to_rrule()
        'FREQ=DAILY;INTERVAL=2'
        >>> every_other.dates(dt.date(2026, 1, 5), dt.date(2026, 1, 10), anchor=dt.date(2026, 1, 5))
        (datetime.date(2026, 1, 5), datetime.date(2026, 1, 7), datetime.date(2026, 1, 9))
        >>> Recurrence.weekly(Weekday.FRIDAY, Weekday.MONDAY).rule
        'FREQ=WEEKLY;BYDAY=MO,FR'

    .. versionadded:: 0.2.0
    """

    rule: str = attrs.field(converter=_to_rule, validator=_check_rule)
    start: dt.date | None = attrs.field(default=None, validator=optional(date_only))
    except_dates: tuple[dt.date, ...] = attrs.field(
        default=(), converter=_to_dates, validator=_check_dates
    )

    @classmethod
    def every(
        cls,
        *,
        days: int,
        start: dt.date | None = None,
        except_dates: tuple[dt.date, ...] = (),
    ) -> Recurrence:
        """Every *days* days from the anchor: ``every(days=2)`` is every other day.

        Raises:
            footdrop.exceptions.InvalidValueError: *days* is outside 1..14.
        """
        if isinstance(days, bool) or not isinstance(days, int):
            msg = f"'days' must be a whole number within 1..{MAX_INTERVAL_DAYS} (got {show(days)})."
            raise InvalidTypeError(msg, field="days", value=days, expected="int")
        if not 1 <= days <= MAX_INTERVAL_DAYS:
            msg = f"'days' must be within 1..{MAX_INTERVAL_DAYS} (got {days})."
            raise InvalidValueError(msg, field="days", value=days, fix="pick a smaller gap")
        rule = "FREQ=DAILY" if days == 1 else f"FREQ=DAILY;INTERVAL={days}"
        return cls(rule=rule, start=start, except_dates=except_dates)

    @classmethod
    def weekly(
        cls,
        *days: Weekday,
        start: dt.date | None = None,
        except_dates: tuple[dt.date, ...] = (),
    ) -> Recurrence:
        """On the named weekdays of every week: ``weekly(Weekday.MONDAY, Weekday.FRIDAY)``.

        Raises:
            footdrop.exceptions.InvalidValueError: No weekday, or one named twice.
            footdrop.exceptions.InvalidTypeError: An argument is not a :class:`~footdrop.Weekday`.
        """
        if not days:
            msg = "'days' must name at least one weekday (got none): pass e.g. Weekday.MONDAY."
            raise InvalidValueError(msg, field="days", value=days, fix="name a weekday")
        given: tuple[object, ...] = days  # callers without a type checker pass anything
        for day in given:
            if not isinstance(day, Weekday):
                msg = f"'days' must be footdrop.Weekday members (got {show(day)})."
                raise InvalidTypeError(msg, field="days", value=day, expected="Weekday")
        if len(set(days)) != len(days):
            msg = "'days' names a weekday more than once: name each day once."
            raise InvalidValueError(msg, field="days", value=days, fix="name each day once")
        codes = ",".join(_CODES[d.index] for d in days)
        return cls(rule=f"FREQ=WEEKLY;BYDAY={codes}", start=start, except_dates=except_dates)

    @property
    def interval_days(self) -> int | None:
        """The gap between due days of a ``FREQ=DAILY`` rule, or ``None`` for a weekly rule."""
        parts = dict(p.split("=") for p in self.rule.split(";"))
        if parts["FREQ"] != "DAILY":
            return None
        return int(parts.get("INTERVAL", "1"))

    @property
    def weekdays(self) -> tuple[Weekday, ...]:
        """The weekdays a weekly rule names, Monday first; all seven for a daily rule."""
        parts = dict(p.split("=") for p in self.rule.split(";"))
        if "BYDAY" not in parts:
            return _DAYS
        return tuple(_DAYS[_CODES.index(c)] for c in parts["BYDAY"].split(","))

    def to_rrule(self) -> str:
        """The rule as RFC 5545 ``RRULE`` value text (without ``DTSTART`` or ``EXDATE``)."""
        return self.rule

    def dates(self, start: dt.date, end: dt.date, *, anchor: dt.date) -> tuple[dt.date, ...]:
        """Every due date from *start* to *end*, both included, in order.

        Args:
            start: The first date to look at.
            end: The last date to look at.
            anchor: The date the rule counts from when ``start`` is ``None``
                (the plan's first date).

        Raises:
            footdrop.exceptions.InvalidTypeError: A date is not a :class:`datetime.date`.
        """
        for name, value in (("start", start), ("end", end), ("anchor", anchor)):
            if type(value) is not dt.date:
                msg = f"'{name}' must be a date (got {show(value)})."
                raise InvalidTypeError(msg, field=name, value=value, expected="date")
        if end < start:
            return ()
        first = self.start if self.start is not None else anchor
        rule = _rrule.rrulestr(self.rule, dtstart=_midnight(first))
        skipped = set(self.except_dates)
        found = rule.between(_midnight(start), _midnight(end), inc=True)
        return tuple(d.date() for d in found if d.date() not in skipped)

    def occurs_on(self, day: dt.date, *, anchor: dt.date) -> bool:
        """Whether the exercise is due on *day* (``anchor`` as in :meth:`dates`)."""
        return bool(self.dates(day, day, anchor=anchor))
