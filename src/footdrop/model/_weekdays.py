"""Weekday fields: the converter and validator shared by timings and availability."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from footdrop._validators import Validator, show, to_member
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._kinds import Weekday

if TYPE_CHECKING:
    import attrs

__all__ = ["weekday_tuple", "weekdays"]


def weekday_tuple(value: Any) -> Any:
    """Normalise weekdays to a tuple in calendar order (Monday first); leave the rest.

    Values are accepted for members (``"monday"`` for ``Weekday.MONDAY``).
    """
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = tuple(to_member(Weekday, d) for d in value)
        if all(isinstance(d, Weekday) for d in items):
            return tuple(sorted(items, key=lambda d: d.index))
        return items
    return value


def weekdays(*, min_items: int = 0) -> Validator:
    """Validate a tuple of distinct :class:`~footdrop.Weekday` members, at least *min_items*."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        choices = ", ".join(repr(d.value) for d in Weekday)
        if not isinstance(value, tuple):
            msg = f"'{name}' must be a list of weekdays from {choices} (got {show(value)})."
            raise InvalidTypeError(msg, field=name, value=value, expected="tuple[Weekday]")
        for i, day in enumerate(value):
            if isinstance(day, str) and not isinstance(day, Weekday):
                msg = f"'{name}[{i}]' must be one of {choices} (got {show(day)})."
                raise InvalidValueError(msg, field=f"{name}[{i}]", value=day)
            if not isinstance(day, Weekday):
                msg = f"'{name}[{i}]' must be a weekday from {choices} (got {show(day)})."
                raise InvalidTypeError(msg, field=f"{name}[{i}]", value=day, expected="Weekday")
        if len(value) < min_items:
            msg = f"'{name}' must name at least {min_items} weekday(s) (got {len(value)})."
            raise InvalidValueError(msg, field=name, value=value, fix="name a weekday")
        if len(set(value)) != len(value):
            dupes = sorted({d.value for d in value if value.count(d) > 1})
            msg = f"'{name}' names {', '.join(dupes)} more than once: name each day once."
            raise InvalidValueError(msg, field=name, value=value)

    return validate
