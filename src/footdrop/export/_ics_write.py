"""Writing many similar iCalendar events quickly, every line still rendered by icalendar.

A 52-week plan has 728 sessions but only a handful of distinct event bodies: the
summary and description depend on the session's items, which the scheduler shares
between days. :class:`EventWriter` asks icalendar to render (and fold) each distinct
body once, as a template of physical lines, and then writes each event by putting its
own ``UID``, ``DTSTART`` and ``DTEND`` lines into a copy of its template.

Those three lines are short: they never need folding, so the library would write them
unchanged. Each line's form (its name, parameters and punctuation) is also rendered by
icalendar, once per form, and only the digits of the time, or the text of the ``UID``,
change between events. Where that would not hold (a line long enough to fold, a ``UID``
with characters TEXT escapes), the event is rendered by icalendar whole. The result is
byte for byte what rendering every event with icalendar gives (a test compares the two).
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
#: What a TEXT value escapes: a UID holding one is rendered by the library.
_ESCAPED: Final = frozenset("\\;,\n\r")
_VARIABLE: Final = (b"UID:", b"DTSTART", b"DTEND")


def _digits(value: dt.datetime) -> str:
    """The date-time digits icalendar writes (``20260105T073000``), year padded to four."""
    return (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"T{value.hour:02d}{value.minute:02d}{value.second:02d}"
    )


class EventWriter:
    """Renders events through icalendar once per distinct body, then fills in each event."""

    def __init__(self, render: Callable[..., icalendar.Event]) -> None:
        """*render* builds an icalendar ``Event`` from keyword arguments (``_event``)."""
        self._render = render
        self._templates: dict[tuple[Any, ...], tuple[list[bytes], tuple[int, int, int]] | None]
        self._templates = {}
        self._forms: dict[tuple[str, Any], tuple[bytes, bytes] | None] = {}

    def _whole(self, values: dict[str, Any]) -> bytes:
        rendered: bytes = self._render(**values).to_ical()
        return rendered

    def _template(self, values: dict[str, Any]) -> tuple[list[bytes], tuple[int, int, int]] | None:
        """The event's physical lines and where its UID, DTSTART and DTEND lines are."""
        lines = self._whole(values).split(b"\r\n")
        where = []
        for prefix in _VARIABLE:
            found = [i for i, line in enumerate(lines) if line.startswith(prefix)]
            if len(found) != 1:
                return None
            where.append(found[0])
        return lines, (where[0], where[1], where[2])

    def _form(self, name: str, value: dt.datetime) -> tuple[bytes, bytes] | None:
        """What icalendar writes around the digits of *value* as property *name*."""
        key = (name, value.tzinfo)
        if key not in self._forms:
            import icalendar  # noqa: PLC0415 - the caller checked the extra is there

            event = icalendar.Event()
            event.add(name, value)
            line = event.to_ical().split(b"\r\n")[1]
            digits = _digits(value).encode()
            parts = line.split(digits)
            fits = len(parts) == 2 and len(line) < _FOLD_AT  # the digits are always 15
            self._forms[key] = (parts[0], parts[1]) if fits else None
        return self._forms[key]

    def event(self, body: tuple[Any, ...], **values: Any) -> bytes:
        """The rendered event: *body* names its distinct content (summary, description, ...).

        *values* are the arguments of the render function; ``uid``, ``start`` and
        ``end`` may differ between events with the same *body*.
        """
        uid: str = values["uid"]
        start: dt.datetime = values["start"]
        end: dt.datetime = values["end"]
        forms = (self._form("dtstart", start), self._form("dtend", end))
        uid_line = f"UID:{uid}".encode()
        if (
            forms[0] is None
            or forms[1] is None
            or len(uid_line) >= _FOLD_AT
            or not _ESCAPED.isdisjoint(uid)
        ):
            return self._whole(values)
        if body not in self._templates:
            self._templates[body] = self._template(values)
        template = self._templates[body]
        if template is None:
            return self._whole(values)
        lines, (at_uid, at_start, at_end) = template
        lines = list(lines)
        lines[at_uid] = uid_line
        lines[at_start] = forms[0][0] + _digits(start).encode() + forms[0][1]
        lines[at_end] = forms[1][0] + _digits(end).encode() + forms[1][1]
        return b"\r\n".join(lines)
