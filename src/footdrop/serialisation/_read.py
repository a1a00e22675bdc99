"""Reading a whole plan quickly, with exactly the checks of the ordinary path.

A plan document holds hundreds of sessions but few distinct lists of items. Reading it
through cattrs' generic hooks builds and checks every session twice (once as written,
once more in the plan's zone) and every copy of every item list again. This module reads
the common case directly, and anything else the ordinary way:

* :func:`parse_canonical` parses with orjson when it is installed, and keeps the result
  only if orjson writes it back to the very same bytes. Such a document holds no
  repeated key (a value written back holds each key once), no ``NaN``, no lone
  surrogate, no number orjson would round, and nothing the standard library reads
  otherwise; every other document goes to the standard library's parser with the strict
  hooks of :mod:`footdrop.serialisation._json`, which reports what is wrong.
* :func:`read_plan` builds a :class:`~footdrop.Plan` from parsed data: its other fields
  through the converter, each distinct list of items once through the converter (found
  by its content), and every session straight in the plan's zone, applying the checks
  the models and the converter's hooks apply. At the first thing that is not exactly as
  a valid plan has it, it returns ``None`` and the caller reads the document the
  ordinary way, which reports every problem with its path. So it never accepts what the
  ordinary path refuses and never refuses anything itself.

``tests/test_plan_json.py`` holds both readers to the same results and problems.
"""

from __future__ import annotations

import datetime as dt
import marshal
from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.model._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop.serialisation._converter import _DATETIME, _date
from footdrop.serialisation._fast import optional_orjson

if TYPE_CHECKING:
    from collections.abc import Callable

    import cattrs

__all__ = ["NOT_CANONICAL", "parse_canonical", "read_plan"]

_ITEMS: Final = tuple[PlanItem, ...]
_FALLBACKS: Final = tuple[Fallback, ...]
_SESSION_KEYS: Final = frozenset(a.name for a in attrs.fields(Session))
_DAY_KEYS: Final = frozenset(a.name for a in attrs.fields(DayPlan))
_DAY_REQUIRED: Final = frozenset(
    a.name for a in attrs.fields(DayPlan) if a.default is attrs.NOTHING
)

#: What :func:`parse_canonical` returns for a document it leaves to the standard library.
NOT_CANONICAL: Final = object()


def parse_canonical(text: object) -> Any:
    """*text* parsed by orjson if it is orjson's own compact JSON, else :data:`NOT_CANONICAL`."""
    orjson = optional_orjson()
    if orjson is None:
        return NOT_CANONICAL
    # Exact types only: a subclass may read or encode itself otherwise.
    if type(text) is str:
        try:
            raw = text.encode()
        except UnicodeEncodeError:  # a lone surrogate: the standard library reads it
            return NOT_CANONICAL
    elif type(text) is bytes or type(text) is bytearray:
        raw = bytes(text)
    else:
        return NOT_CANONICAL
    try:
        data = orjson.loads(raw)
        if orjson.dumps(data) != raw:
            return NOT_CANONICAL
    except (TypeError, ValueError):  # orjson's JSONEncodeError and JSONDecodeError
        return NOT_CANONICAL
    return data


def _marshalled(value: Any) -> bytes:
    # Version 2 writes no back-references, so equal values give equal bytes; each value's
    # type is written too (1, 1.0 and True differ, as do 0.0 and -0.0).
    return marshal.dumps(value, 2)


def _content_key(*, parsed: bool) -> Callable[[Any], bytes]:
    """A function to bytes equal only for the same values of the same types.

    orjson's text is such a key only for what a JSON parser made (it writes NaN as
    ``null`` and a tuple as a list, which parsed JSON never holds); other data is
    marshalled.
    """
    orjson = optional_orjson() if parsed else None
    return _marshalled if orjson is None else orjson.dumps


def read_plan(data: Any, converter: cattrs.Converter, *, parsed: bool) -> Plan | None:
    """*data* (a plan document without ``schema_version``) as a :class:`Plan`, or ``None``.

    ``None`` means: not exactly a valid plan; read it the ordinary way to find out why.
    *parsed* says that *data* is what a JSON parser made of a text (so holds only JSON
    types). Run it inside :func:`footdrop.serialisation._fast.sharing`, so that the
    distinct item lists, built through *converter*, share their items.
    """
    try:
        return _read_plan(data, converter, parsed=parsed)
    except Exception:  # noqa: BLE001 - anything unexpected: the ordinary path reports it
        return None


def _read_plan(data: Any, converter: cattrs.Converter, *, parsed: bool) -> Plan | None:  # noqa: C901, PLR0912 - one check per rule of the models and hooks, inline for speed
    if type(data) is not dict or type(data.get("days")) is not list:
        return None
    # Everything but the days, checked by the converter's own hooks and the model.
    head = converter.structure({**data, "days": []}, Plan)
    zone = head.zone
    structure_items = converter.get_structure_hook(_ITEMS)
    structure_fallbacks = converter.get_structure_hook(_FALLBACKS)
    key_of = _content_key(parsed=parsed)
    lists: dict[bytes, tuple[PlanItem, ...]] = {}
    match = _DATETIME.match
    from_text = dt.datetime.fromisoformat
    new = object.__new__
    setattr_ = object.__setattr__
    days = []
    for day in data["days"]:
        if type(day) is not dict:
            return None
        keys = day.keys()
        if not (_DAY_REQUIRED <= keys <= _DAY_KEYS):
            return None
        sessions = day["sessions"]
        if type(sessions) is not list:
            return None
        built = []
        for session in sessions:
            if type(session) is not dict or session.keys() != _SESSION_KEYS:
                return None
            # The converter's datetime hook, inline: RFC 3339 text with an offset (so aware
            # and fixed-offset), read by fromisoformat (a ValueError ends the fast path).
            start = session["start"]
            end = session["end"]
            if not (type(start) is str and type(end) is str and match(start) and match(end)):
                return None
            start = from_text(start)
            end = from_text(end)
            # Session's checks: the years, and the end after the start (fixed offsets
            # compare as instants).
            if not (1 < start.year < 9999 and 1 < end.year < 9999 and start < end):
                return None
            items = session["items"]
            if type(items) is not list:
                return None
            key = key_of(items)
            shared = lists.get(key)
            if shared is None:
                shared = lists[key] = structure_items(items, _ITEMS)
            # Shown in the plan's zone, as footdrop.model._plan.in_plan_zone does after
            # loading (always a new session there: a fixed offset is never the plan's
            # ZoneInfo). From a fixed offset, astimezone goes through UTC as in_plan_zone
            # does. The same instants, so the order holds, but the years may move.
            start = start.astimezone(zone)
            end = end.astimezone(zone)
            if not (1 < start.year < 9999 and 1 < end.year < 9999):
                return None
            made = new(Session)
            setattr_(made, "start", start)
            setattr_(made, "end", end)
            setattr_(made, "items", shared)
            built.append(made)
        # Absent or empty is the empty tuple, as the default and the tuple hook give.
        if "fallbacks" not in keys or day["fallbacks"] == []:
            fallbacks = ()
        else:
            fallbacks = structure_fallbacks(day["fallbacks"], _FALLBACKS)
        # DayPlan's checks: a date that is no datetime (the hook makes a date), tuples of
        # sessions and fallbacks (made above).
        made_day = new(DayPlan)
        setattr_(made_day, "date", _date(day["date"], dt.date))
        setattr_(made_day, "sessions", tuple(built))
        setattr_(made_day, "fallbacks", fallbacks)
        days.append(made_day)
    return attrs.evolve(head, days=days)
