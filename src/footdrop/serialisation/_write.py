"""Writing a plan's days as JSON text, each distinct items tuple encoded once per call.

A scheduled plan holds few distinct :class:`~footdrop.PlanItem` objects and few
distinct items tuples (the scheduler solves a day once and every such day holds the
same tuple), but hundreds of sessions. Inside one :func:`writing` block, which only
:func:`footdrop.serialisation.dumps` opens:

* each distinct item and items tuple is unstructured once, found by identity (the plan
  holds it, so its id cannot be reused before the block ends, and the memo is dropped
  when it does), and the tuple is encoded once as compact JSON text;
* a plan's days are written by hand rather than through cattrs' generic hooks, as a
  flat list of text pieces (the items' text among them, not copied), and the hook
  returns a *placeholder*, a NUL character and a number, pre-encoded (:class:`Encoded`
  for the standard library's writer, ``orjson.Fragment`` for orjson). Neither writer
  puts a raw NUL anywhere else (both escape it in strings), so :func:`splice` finds the
  placeholders in the document's text and joins the pieces in, one copy in all;
* with orjson, every session's start and end is written by orjson in one call: its text
  of a datetime is ``datetime.isoformat``'s as long as the UTC offset is a whole number
  of minutes (it drops an offset's seconds: local mean time before 1900, say), so any
  other offset, a datetime subclass or another kind of tzinfo is written by ``isoformat``.

Outside a block the converters unstructure to plain data, as ever. The text is the same,
byte for byte, as ``json.dumps`` of the plain data with compact separators
(``tests/test_fast_json.py`` and ``tests/test_plan_json.py`` hold both writers to it).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import itertools
import operator
import zoneinfo
from typing import TYPE_CHECKING, Any, Final

from footdrop.model._plan import DayPlan, Fallback, PlanItem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import cattrs

__all__ = [
    "Encoded",
    "NotPlainError",
    "Writing",
    "isoformat_all",
    "orjson_datetimes",
    "splice",
    "write_shared",
    "writing",
]

_ITEMS: Final = tuple[PlanItem, ...]
_DAYS: Final = tuple[DayPlan, ...]
_FALLBACKS: Final = tuple[Fallback, ...]

#: The :func:`writing` block that runs; ``None`` outside.
_WRITING: contextvars.ContextVar[Writing | None] = contextvars.ContextVar(
    "footdrop_serialisation_writing", default=None
)

# The converters' own hooks for these types (footdrop.serialisation._converter.configure).
_DATETIME_TEXT: Final = dt.datetime.isoformat
_DATE_TEXT: Final = dt.date.isoformat
_UTCOFFSET: Final = dt.datetime.utcoffset
_TZINFO: Final = operator.attrgetter("tzinfo")
_SESSIONS: Final = operator.attrgetter("sessions")
_START: Final = operator.attrgetter("start")
_END: Final = operator.attrgetter("end")
_ITEMS_OF: Final = operator.attrgetter("items")
_DATE_OF: Final = operator.attrgetter("date")
_FALLBACKS_OF: Final = operator.attrgetter("fallbacks")
#: The end of a day without fallbacks.
_CLOSING: Final = '],"fallbacks":[]}'
#: The zones whose offsets orjson reads through ``utcoffset``, as ``isoformat`` does (the
#: tests compare the two); a datetime in any other tzinfo is written by ``isoformat``.
_KNOWN_ZONES: Final = frozenset({zoneinfo.ZoneInfo, dt.timezone})


class NotPlainError(Exception):
    """A value the fast writers leave to the standard library's encoder."""


class Encoded:
    """Compact JSON text that :func:`footdrop.serialisation._fast.compact` copies as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Writing:
    """What one :func:`writing` block has built: by id, each object and what it gave; days."""

    __slots__ = ("chunks", "memo")

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, Any]] = {}
        self.chunks: list[list[str]] = []


@contextlib.contextmanager
def writing() -> Iterator[Writing]:
    """Encode each distinct items tuple once while the block runs (one document at a time)."""
    block = Writing()
    token = _WRITING.set(block)
    try:
        yield block
    finally:
        _WRITING.reset(token)


def splice(text: str, block: Writing) -> str:
    """*text* with each placeholder of *block* replaced by the pieces it stands for.

    Raises:
        NotPlainError: The placeholders found are not those of *block* (never expected:
            the caller then writes the document the plain way).
    """
    if not block.chunks:
        return text
    parts = text.split("\x00")
    if len(parts) != 2 * len(block.chunks) + 1:
        raise NotPlainError
    pieces = [parts[0]]
    for number, after in zip(parts[1::2], parts[2::2], strict=True):
        pieces += block.chunks[int(number)]
        pieces.append(after)
    return "".join(pieces)


def isoformat_all(moments: list[dt.datetime]) -> list[str]:
    """The text of each datetime, as the converters' hook writes it."""
    return list(map(_DATETIME_TEXT, moments))


def orjson_datetimes(orjson: Any) -> Callable[[list[dt.datetime]], list[str]]:
    """:func:`isoformat_all` through one ``orjson.dumps`` call where its text is the same."""

    def texts(moments: list[dt.datetime]) -> list[str]:
        if not moments:
            return []
        zones = set(map(_TZINFO, moments))
        if set(map(type, moments)) != {dt.datetime} or not {type(z) for z in zones} <= _KNOWN_ZONES:
            return isoformat_all(moments)
        if len(zones) == 1:
            # One zone (a plan's own): its utcoffset is what datetime.utcoffset calls,
            # without looking the method up by name for every datetime (5 times faster).
            (zone,) = zones
            offsets = set(map(zone.utcoffset, moments))
        else:
            offsets = set(map(_UTCOFFSET, moments))
        if any(o is None or o.seconds % 60 or o.microseconds for o in offsets):
            return isoformat_all(moments)
        # ["...","..."]: digits, '-', ':', 'T', '.' and '+' between the quotes, no '","'.
        written: str = orjson.dumps(moments).decode()
        return written[2:-2].split('","')

    return texts


def write_shared(  # noqa: C901 - the wrapped hooks share the memo and the encoder; kept together
    converter: cattrs.Converter,
    *,
    encode: Callable[[Any], str],
    placeholder: Callable[[str], Any],
    datetimes: Callable[[list[dt.datetime]], list[str]] = isoformat_all,
) -> None:
    """Give *converter* the hooks of a :func:`writing` block.

    Args:
        converter: The converter whose plain hooks are wrapped.
        encode: Plain data to compact JSON text, as the final writer would write it.
        placeholder: Compact JSON text to a value the final writer copies as it is
            (:class:`Encoded` for the standard library, ``orjson.Fragment`` for orjson).
        datetimes: Datetimes to their text, as the converter's hook writes each.
    """
    plain_item = converter.get_unstructure_hook(PlanItem)
    plain_items = converter.get_unstructure_hook(_ITEMS)
    plain_days = converter.get_unstructure_hook(_DAYS)
    plain_fallbacks = converter.get_unstructure_hook(_FALLBACKS)

    # The memo holds each object it is keyed by, so no id is reused while the block runs.
    def items_text(items: tuple[PlanItem, ...], memo: dict[int, tuple[Any, Any]]) -> str:
        found = memo.get(id(items))
        if found is None:
            body = []
            for item in items:
                data = memo.get(id(item))
                if data is None:
                    data = memo[id(item)] = (item, plain_item(item))
                body.append(data[1])
            found = memo[id(items)] = (items, encode(body))
        text: str = found[1]
        return text

    def unstructure_items(items: tuple[PlanItem, ...]) -> Any:
        block = _WRITING.get()
        if block is None:
            return plain_items(items)
        return placeholder(items_text(items, block.memo))

    def days_pieces(days: tuple[DayPlan, ...], memo: dict[int, tuple[Any, Any]]) -> list[str]:
        sessions = list(itertools.chain.from_iterable(map(_SESSIONS, days)))
        count = len(sessions)
        times = datetimes([*map(_START, sessions), *map(_END, sessions)])
        # What follows a session's end time, once per distinct items tuple (by id: the
        # list of tuples holds each while this runs).
        tuples = list(map(_ITEMS_OF, sessions))
        tails = {
            key: f'","items":{items_text(items, memo)}}}'
            for key, items in dict(zip(map(id, tuples), tuples, strict=True)).items()
        }
        # Five pieces a session: what comes before its start (a comma; for the first of a
        # day, whatever of the document is not yet written: the days before it with no
        # session, and the day's own opening), the start, '","end":"', the end, the tail.
        pieces = [',{"start":"', "", '","end":"', "", ""] * count
        pieces[1::5] = times[:count]
        pieces[3::5] = times[count:]
        pieces[4::5] = map(tails.__getitem__, map(id, tuples))
        pending = "["
        day_start = '{"date":"'
        first = 0
        for date, held, fallbacks in zip(
            map(_DATE_TEXT, map(_DATE_OF, days)),
            map(len, map(_SESSIONS, days)),
            map(_FALLBACKS_OF, days),
            strict=True,
        ):
            closing = (
                f'],"fallbacks":{encode(plain_fallbacks(fallbacks))}}}' if fallbacks else _CLOSING
            )
            if held:
                pieces[5 * first] = f'{pending}{day_start}{date}","sessions":[{{"start":"'
                first += held
                pending = closing
            else:
                pending = f'{pending}{day_start}{date}","sessions":[{closing}'
            day_start = ',{"date":"'
        pieces.append(pending + "]")
        return pieces

    def unstructure_days(days: tuple[DayPlan, ...]) -> Any:
        block = _WRITING.get()
        if block is None:
            return plain_days(days)
        block.chunks.append(days_pieces(days, block.memo))
        return placeholder(f"\x00{len(block.chunks) - 1}\x00")

    converter.register_unstructure_hook_func(lambda t: t == _ITEMS, unstructure_items)
    converter.register_unstructure_hook_func(lambda t: t == _DAYS, unstructure_days)
