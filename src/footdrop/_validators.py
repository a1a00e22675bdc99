"""attrs validators that raise footdrop's own errors with teaching messages.

attrs' built-in validators raise plain ``TypeError``/``ValueError`` whose text
names neither the fix nor, for nested values, a useful field. These raise
:class:`~footdrop.exceptions.InvalidTypeError` and
:class:`~footdrop.exceptions.InvalidValueError` with the field, the value and
the fix, in the house form ``'reps' must be within 1..100 (got 0).``
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import math
import re
import zoneinfo
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from footdrop.exceptions import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    import attrs

__all__ = [
    "MAX_TEXT",
    "Validator",
    "check_date",
    "check_safe_text",
    "check_slug",
    "check_whole",
    "check_zone",
    "date_only",
    "enum_of",
    "finite",
    "instance_of",
    "instant_key",
    "nearest_ids",
    "optional",
    "pair_of",
    "show",
    "slug",
    "text",
    "texts",
    "to_member",
    "to_tuple",
    "tuple_of",
    "unsafe_character",
    "whole",
    "zone",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: The longest text footdrop accepts in any one field, in characters.
MAX_TEXT = 200_000

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Characters no footdrop text may hold: C0 controls but tab and newline, DEL, C1
#: controls, and lone surrogates (which no UTF-8 file, terminal or export can carry).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_safe_text(name: str, value: str) -> None:
    r"""Refuse control characters (but tab and newline) and lone surrogates in *value*.

    The message names the field, the character (as a code point) and its
    position, counted from 0, so the text can be mended at its source.

    Raises:
        footdrop.exceptions.InvalidValueError: *value* holds such a character.

    Example:
        >>> check_safe_text("name", "Ankle \x1b[2J eversion")
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'name' holds the control character U+001B at position 6: remove it (only tab and newline are allowed in text).
    """  # noqa: E501
    found = unsafe_character(value)
    if found is None:
        return
    msg = f"'{name}' holds {found}: remove it (only tab and newline are allowed in text)."
    raise InvalidValueError(msg, field=name, value=value[:40], fix="remove the character")


def unsafe_character(value: str) -> str | None:
    r"""Describe the first character of *value* that text may not hold, or ``None``.

    Example:
        >>> unsafe_character("Ankle \ud800 eversion")
        'a lone surrogate U+D800 at position 6'
        >>> unsafe_character("tab\tand newline\n are fine") is None
        True
    """
    found = _UNSAFE.search(value)
    if found is None:
        return None
    char = found.group()
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "the control character"
    return f"{kind} U+{ord(char):04X} at position {found.start()}"


def show(value: Any) -> str:
    """Show a value in a message without flooding it."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:40] + f"... ({len(shown)} characters)"
    return shown


def check_whole(name: str, value: Any, lo: int, hi: int, *, fix: str | None = None) -> int:
    """Check that *value* is an ``int`` (not a ``bool``) within ``lo..hi``; return it."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"'{name}' must be a whole number within {lo}..{hi} (got {show(value)})."
        raise InvalidTypeError(msg, field=name, value=value, expected="int")
    if not lo <= value <= hi:
        tail = f" {fix}" if fix else ""
        msg = f"'{name}' must be within {lo}..{hi} (got {value}).{tail}"
        raise InvalidValueError(msg, field=name, value=value, fix=fix)
    return value


def whole(lo: int, hi: int) -> Validator:
    """Validate a whole number within ``lo..hi`` (booleans are rejected)."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check_whole(attribute.name, value, lo, hi)

    return validate


def finite(lo: float, hi: float) -> Validator:
    """Validate a finite real number within ``lo..hi`` (no NaN, no infinity, no bool)."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"'{name}' must be a number within {lo}..{hi} (got {show(value)})."
            raise InvalidTypeError(msg, field=name, value=value, expected="float")
        if not math.isfinite(value) or not lo <= value <= hi:
            msg = f"'{name}' must be a finite number within {lo}..{hi} (got {value})."
            raise InvalidValueError(msg, field=name, value=value)

    return validate


def instance_of(cls: type[Any] | tuple[type[Any], ...], expected: str) -> Validator:
    """Validate ``isinstance(value, cls)``; *expected* names the type in messages."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        ok = False if isinstance(value, bool) and cls is not bool else isinstance(value, cls)
        if not ok:
            msg = f"'{attribute.name}' must be {expected} (got {show(value)})."
            raise InvalidTypeError(msg, field=attribute.name, value=value, expected=expected)

    return validate


def to_member(cls: type[E], value: Any) -> E | Any:
    """Turn a valid value of the enum *cls* (``"left"``) into its member; leave the rest.

    A converter's helper: what it cannot turn into a member is left for
    :func:`enum_of` to refuse with a message that lists the choices.

    Example:
        >>> from footdrop import Side
        >>> to_member(Side, "left"), to_member(Side, "up")
        (<Side.LEFT: 'left'>, 'up')
    """
    if isinstance(value, cls) or not isinstance(value, str):
        return value
    try:
        return cls(value)
    except ValueError:
        return value


def enum_of(cls: type[Any]) -> Validator:
    """Validate a member of the enum *cls*, listing the members in the message.

    Text that is not one of the values is a wrong value
    (:class:`~footdrop.exceptions.InvalidValueError`); anything else that is not
    a member is a wrong type (:class:`~footdrop.exceptions.InvalidTypeError`).
    """

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, cls):
            return
        name = attribute.name
        choices = ", ".join(repr(m.value) for m in cls)
        if isinstance(value, str) and value in {m.value for m in cls}:
            # Only reached by a field without a converter (see to_member).
            msg = (
                f"'{name}' must be a {cls.__name__} member, not the text {value!r}: "
                f"pass {cls.__name__}({value!r})."
            )
            raise InvalidTypeError(msg, field=name, value=value, expected=f"{cls.__name__} member")
        if isinstance(value, str):
            msg = f"'{name}' must be one of {choices} (got {show(value)})."
            raise InvalidValueError(msg, field=name, value=value, fix=f"use one of {choices}")
        msg = f"'{name}' must be one of {choices} (got {show(value)}, which is not text)."
        raise InvalidTypeError(msg, field=name, value=value, expected=f"{cls.__name__} member")

    return validate


def optional(validator: Validator) -> Validator:
    """Run *validator* unless the value is ``None``."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    return validate


def _check_text(name: str, value: Any, max_length: int) -> None:
    if not isinstance(value, str):
        msg = f"'{name}' must be text (got {show(value)})."
        raise InvalidTypeError(msg, field=name, value=value, expected="str")
    check_safe_text(name, value)
    if not value.strip():
        msg = f"'{name}' must not be empty or blank (got {show(value)})."
        raise InvalidValueError(msg, field=name, value=value, fix="write at least one word")
    if len(value) > max_length:
        msg = (
            f"'{name}' must be at most {max_length:,} characters (got {len(value):,}): "
            "shorten it or move the detail to a document of its own."
        )
        raise InvalidValueError(msg, field=name, value=value[:40] + "...")


def text(max_length: int = MAX_TEXT) -> Validator:
    """Validate non-blank text of at most *max_length* characters."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        _check_text(attribute.name, value, max_length)

    return validate


def texts(max_length: int = MAX_TEXT, *, min_items: int = 0) -> Validator:
    """Validate a tuple of non-blank texts; *min_items* sets how many it needs."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if not isinstance(value, tuple):
            msg = f"'{name}' must be a list of texts (got {show(value)})."
            raise InvalidTypeError(msg, field=name, value=value, expected="tuple[str, ...]")
        if len(value) < min_items:
            msg = f"'{name}' must hold at least {min_items} item(s) (got {len(value)})."
            raise InvalidValueError(msg, field=name, value=value)
        for i, item in enumerate(value):
            _check_text(f"{name}[{i}]", item, max_length)

    return validate


def tuple_of(validator: Validator, expected: str = "items") -> Validator:
    """Validate a tuple whose every item passes *validator* (named ``field[i]``).

    *expected* names the items in the message for a value that is not a list
    (``"a list of DayPlan"``).

    Example:
        >>> import attrs
        >>> @attrs.frozen
        ... class Week:
        ...     days: tuple[int, ...] = attrs.field(validator=tuple_of(whole(0, 6), "weekdays"))
        >>> Week(days=(0, "x"))
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidTypeError: 'days[1]' must be a whole number within 0..6 (got 'x').
    """  # noqa: E501

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if not isinstance(value, tuple):
            msg = f"'{name}' must be a list of {expected} (got {show(value)})."
            raise InvalidTypeError(msg, field=name, value=value, expected=f"tuple of {expected}")
        for i, item in enumerate(value):
            try:
                validator(inst, attribute, item)
            except Exception:
                # Only a failing item pays for an attribute named after its index (``evolve``
                # costs more than most checks): the check runs again under that name, so the
                # error names ``field[i]``; validators are pure, so it fails the same way.
                validator(inst, attribute.evolve(name=f"{name}[{i}]"), item)
                raise

    return validate


def check_slug(name: str, value: Any, *, example: str = "my-exercise") -> str:
    """Check that *value* is a lower-case slug (``ankle-eversion``); return it.

    A slug is words of lower-case ASCII letters and digits joined by single
    hyphens: ``a--b``, ``-a`` and ``a-`` are refused, as the JSON Schema's
    pattern refuses them. *example* is the suggestion when nothing of the
    value can be kept.

    Example:
        >>> check_slug("key", "anna-left")
        'anna-left'
        >>> check_slug("key", "anna--left")
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'key' must be a lower-case slug of letters, digits and single hyphens (got 'anna--left'): try 'anna-left'.
    """  # noqa: E501
    _check_text(name, value, 100)
    if not _SLUG.fullmatch(value):
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or example
        msg = (
            f"'{name}' must be a lower-case slug of letters, digits and single hyphens "
            f"(got {show(value)}): try {fixed!r}."
        )
        raise InvalidValueError(msg, field=name, value=value, fix=fixed)
    checked: str = value
    return checked


def pair_of(first: Validator, second: Validator, expected: str) -> Validator:
    """Validate a pair ``(a, b)`` whose parts pass *first* and *second* (``[0]``, ``[1]``).

    *expected* describes the pair in messages (``"exercise id, Tally"``).
    """

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if not isinstance(value, tuple) or len(value) != 2:
            msg = f"'{name}' must be a pair ({expected}) (got {show(value)})."
            raise InvalidTypeError(msg, field=name, value=value, expected=f"({expected})")
        first(inst, attribute.evolve(name=f"{name}[0]"), value[0])
        second(inst, attribute.evolve(name=f"{name}[1]"), value[1])

    return validate


def slug(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a lower-case slug id such as ``ankle-eversion`` (see :func:`check_slug`)."""
    check_slug(attribute.name, value)


def to_tuple(value: Iterable[T] | Any) -> tuple[T, ...] | Any:
    """Normalise lists and other iterables (not strings) to tuples; leave the rest."""
    if isinstance(value, list | tuple | set | frozenset) or (
        isinstance(value, Iterable) and not isinstance(value, str | bytes | dict)
    ):
        return tuple(value)
    return value


def nearest_ids(wanted: str, known: Iterable[str], *, n: int = 3) -> tuple[str, ...]:
    """The known ids closest to *wanted*, best first (for "did you mean" hints).

    Example:
        >>> nearest_ids("ankle-eversoin", ["ankle-eversion", "ankle-inversion", "towel-scrunches"])
        ('ankle-eversion', 'ankle-inversion')
    """
    return tuple(difflib.get_close_matches(wanted, list(known), n=n, cutoff=0.6))


def check_zone(name: str, value: Any) -> zoneinfo.ZoneInfo:
    """Return the IANA time zone *value*, or raise an error naming the field *name*."""
    if not isinstance(value, str):
        shown = show(value)
        msg = f"'{name}' must be an IANA time-zone name such as 'Europe/London' (got {shown})."
        raise InvalidTypeError(msg, field=name, value=value, expected="str")
    if not value.strip():
        msg = f"'{name}' must be an IANA time-zone name such as 'Europe/London' (got {value!r})."
        raise InvalidValueError(msg, field=name, value=value, fix="use a name like 'Europe/London'")
    try:
        return zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        msg = (
            f"'{name}' is not a known IANA time zone (got {value!r}): use a name like "
            "'Europe/London' or 'America/New_York' (zoneinfo.available_timezones() lists them)."
        )
        raise InvalidValueError(msg, field=name, value=value) from None


def zone(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an IANA time-zone name (an attrs validator)."""
    check_zone(attribute.name, value)


def check_date(name: str, value: Any) -> dt.date:
    """Check that *value* is a calendar date and not a datetime; return it.

    ``datetime.datetime`` is a subclass of ``datetime.date``, so a plain
    ``isinstance`` check lets a datetime through, and its time of day then
    breaks date arithmetic and comparisons. This is the one check for every
    date-only field and argument in footdrop.

    Raises:
        footdrop.exceptions.InvalidTypeError: *value* is a datetime, or no date at all.

    Example:
        >>> import datetime as dt
        >>> check_date("on", dt.date(2026, 11, 24))
        datetime.date(2026, 11, 24)
        >>> check_date("on", dt.datetime(2026, 11, 24, 8))
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidTypeError: 'on' must be a date, not the datetime 2026-11-24T08:00:00: use its .date().
    """  # noqa: E501
    if isinstance(value, dt.datetime):
        msg = f"'{name}' must be a date, not the datetime {value.isoformat()}: use its .date()."
        raise InvalidTypeError(msg, field=name, value=value, expected="datetime.date")
    if not isinstance(value, dt.date):
        msg = f"'{name}' must be a date such as datetime.date(2026, 11, 24) (got {show(value)})."
        raise InvalidTypeError(msg, field=name, value=value, expected="datetime.date")
    return value


def date_only(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a date that is not a datetime (an attrs validator; see :func:`check_date`)."""
    check_date(attribute.name, value)


def instant_key(value: Any) -> Any:
    """The key sessions compare and hash by: the instant and the offset its wall clock shows.

    Python compares datetimes that share a ``tzinfo`` by wall clock, fold ignored,
    so the two 01:15 of a repeated hour would be equal; and it compares a time in a
    repeated hour as unequal to the same instant with another ``tzinfo``. The
    instant with its offset is equal exactly when the same moment shows the same
    wall-clock time, whichever ``tzinfo`` object carries it.
    """
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return (value.astimezone(dt.UTC), value.utcoffset())
    return value
