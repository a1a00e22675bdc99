"""Writing many similar iCalendar events quickly, every line still rendered by icalendar.

A 52-week plan has 728 sessions but only a handful of distinct event bodies: the
summary and description depend on the session's items, which the scheduler shares
between days. :class:`EventWriter` asks icalendar to render (and fold) each distinct
body once, as a template of physical lines, and then writes each event by putting its
own varying lines (``UID``, ``DTSTART``, ``DTEND``, the content digest) into a copy of
its template.

Those lines are short: they never need folding, so the library would write them
unchanged. Each line's form (its name, parameters and punctuation) is also rendered by
icalendar, once per property and time zone, and only the digits of the time, or the
text, change between events. Where that would not hold (a line long enough to fold, a
text with characters TEXT escapes), the event is rendered by icalendar whole. The result
is byte for byte what rendering every event with icalendar gives (a test compares the
two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    import icalendar

__all__ = ["EventWriter"]


#: Lines this long (in octets, without the line break) are folded by icalendar.
_FOLD_AT: Final = 75
#: What a TEXT value escapes: such a value is rendered by the library with its event.
_ESCAPED: Final = frozenset("\\;,\n\r")


def _digits(value: dt.datetime) -> str:
    """The date-time digits icalendar writes (``20260105T073000``), year padded to four."""
    return (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"T{value.hour:02d}{value.minute:02d}{value.second:02d}"
    )


def _shown(value: str | dt.datetime) -> str:
    """What of *value* appears in its content line: the text, or the date-time digits."""
    return value if isinstance(value, str) else _digits(value)


class EventWriter:
    """Renders events through icalendar once per distinct body, then fills in each event."""

    def __init__(self, render: Callable[..., icalendar.Event]) -> None:
        """*render* builds an icalendar ``Event`` from keyword arguments (``_event``)."""
        self._render = render
        self._templates: dict[tuple[Any, ...], tuple[list[bytes], dict[str, int]] | None] = {}
        self._forms: dict[tuple[str, Any], tuple[bytes, bytes] | None] = {}

    def _whole(self, values: dict[str, Any]) -> bytes:
        rendered: bytes = self._render(**values).to_ical()
        return rendered

    def _form(self, name: str, value: str | dt.datetime) -> tuple[bytes, bytes] | None:
        """What icalendar writes around *value* as property *name*, if it is one short line.

        Rendered once per property and (for a date-time) time zone: the name, the
        parameters and the punctuation are the library's; only the value changes.
        """
        key = (name, type(value) if isinstance(value, str) else value.tzinfo)
        if key not in self._forms:
            import icalendar  # noqa: PLC0415 - the caller checked the extra is there

            event = icalendar.Event()
            event.add(name, value)
            line = event.to_ical().split(b"\r\n")[1]
            parts = line.split(_shown(value).encode())
            self._forms[key] = (parts[0], parts[1]) if len(parts) == 2 else None
        return self._forms[key]

    def _line(self, name: str, value: str | dt.datetime) -> bytes | None:
        """*value*'s content line as icalendar writes it, or ``None`` if it is not that simple."""
        if isinstance(value, str) and not _ESCAPED.isdisjoint(value):
            return None
        form = self._form(name, value)
        if form is None:
            return None
        line = form[0] + _shown(value).encode() + form[1]
        return line if len(line) < _FOLD_AT else None

    def _template(
        self, values: dict[str, Any], varying: dict[str, str | dt.datetime]
    ) -> tuple[list[bytes], dict[str, int]] | None:
        """The event's physical lines, and the line of each varying property."""
        lines = self._whole(values).split(b"\r\n")
        where: dict[str, int] = {}
        for name, value in varying.items():
            own = self._line(name, value)
            found = [i for i, line in enumerate(lines) if line == own]
            if own is None or len(found) != 1:
                return None
            where[name] = found[0]
        return lines, where

    def event(
        self, body: tuple[Any, ...], varying: dict[str, str | dt.datetime], **values: Any
    ) -> bytes:
        """The event the render function makes of *values*, as icalendar writes it.

        Args:
            body: Everything that differs between events other than *varying*.
            varying: The properties (by iCalendar name: ``uid``, ``dtstart``, ...) whose
                values change from event to event, as given in *values* too.
            values: The render function's arguments.
        """
        lines: dict[str, bytes] = {}
        for name, value in varying.items():
            line = self._line(name, value)
            if line is None:
                return self._whole(values)
            lines[name] = line
        if body not in self._templates:
            self._templates[body] = self._template(values, varying)
        template = self._templates[body]
        if template is None:
            return self._whole(values)
        physical, where = template
        physical = list(physical)
        for name, at in where.items():
            physical[at] = lines[name]
        return b"\r\n".join(physical)
