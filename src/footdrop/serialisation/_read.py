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
* :func:`read_plan_text` does both for a plan document as :func:`~footdrop.serialisation.dumps`
  writes it, in one pass: each distinct text of a session's items is parsed once, the rest
  of the document with a placeholder in its place, the plan is read, and only then is the
  text checked to be canonical, as :func:`parse_canonical` checks it (with the items
  written as the text they came from, not a second time). Any doubt, and ``None`` sends
  the caller down the ordinary path.
* Without orjson, :func:`read_plan_text` cuts the text the same way but parses each
  distinct items text, and the rest with a number in their place, through
  :func:`~footdrop.serialisation._strict.parse_strict`, the ordinary path's own parser
  and hooks. There are no canonical bytes to compare; instead it proves that each
  placeholder stood exactly where a session's items stood (see
  :func:`_read_plan_standard`), so the whole text parses to the tree it builds.

The reader works on whole columns (every start time of the plan at once, say) through
C-level ``map`` calls, not one session at a time; each step is the check the converter's
hook or the model's validator makes, over all values.

``tests/test_plan_json.py`` holds both readers to the same results and problems.
"""

from __future__ import annotations

import datetime as dt
import itertools
import marshal
import operator
import re
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.model._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop.serialisation._converter import DATE_PATTERN, DATETIME_PATTERN
from footdrop.serialisation._fast import optional_orjson
from footdrop.serialisation._strict import parse_strict

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import cattrs

__all__ = ["NOT_CANONICAL", "parse_canonical", "read_plan", "read_plan_text"]

_ITEMS: Final = tuple[PlanItem, ...]
_FALLBACKS: Final = tuple[Fallback, ...]
#: A session's keys, as a keys view: it compares with another view as a set, to a bool.
_SESSION_KEYS: Final = dict.fromkeys(a.name for a in attrs.fields(Session)).keys()
_DAY_KEYS: Final = frozenset(a.name for a in attrs.fields(DayPlan))
_DAY_REQUIRED: Final = frozenset(
    a.name for a in attrs.fields(DayPlan) if a.default is attrs.NOTHING
)
#: What a day without ``fallbacks`` gives ``dict.get`` (no JSON value is this object).
_ABSENT: Final = object()

# Each value as the converter's hook and the models' validators take it, by column.
_START, _END, _ITEMS_OF, _DATE_OF, _SESSIONS_OF = map(
    operator.itemgetter, ("start", "end", "items", "date", "sessions")
)
_SET_START: Final = Session.__dict__["start"].__set__
_SET_END: Final = Session.__dict__["end"].__set__
_SET_ITEMS: Final = Session.__dict__["items"].__set__
_SET_DATE: Final = DayPlan.__dict__["date"].__set__
_SET_SESSIONS: Final = DayPlan.__dict__["sessions"].__set__
_SET_FALLBACKS: Final = DayPlan.__dict__["fallbacks"].__set__


def _all_lines(pattern: str) -> re.Pattern[str]:
    """*pattern* (``^...$``, no newline in it) matching each of lines joined by newlines."""
    body = pattern.removeprefix("^").removesuffix("$")
    return re.compile(f"{body}(?:\n{body})*")


_DATES: Final = _all_lines(DATE_PATTERN)
_DATETIMES: Final = _all_lines(DATETIME_PATTERN)
#: ASCII digits to ``0``: what is left of a text is its layout.
_DIGITS_TO_ZERO: Final = bytes.maketrans(b"0123456789", b"0" * 10)
#: The layout of the RFC 3339 text ``dumps`` writes: a date, and a time with an offset.
_DATE_LAYOUT: Final = b"0000-00-00\n"
_DATETIME_LAYOUT: Final = b"0000-00-00T00:00:00+00:00\n"


def _all_match(texts: list[str], pattern: re.Pattern[str], layout: bytes) -> bool:
    """Whether every one of *texts* (all ``str``) matches the converter's RFC 3339 *pattern*.

    First the common layout, by bytes: with each ASCII digit made ``0`` and a ``-`` offset
    made ``+``, the lines must be exactly *layout*, so each text is one line of that
    length with digits and signs where the pattern has them (a text holding a newline
    would shift every line after it). Failing that, the pattern over the joined lines,
    which match one by one only when there are as many lines as texts.
    """
    if not texts:
        return True
    joined = "\n".join(texts)
    try:
        shape = (joined + "\n").encode("ascii").translate(_DIGITS_TO_ZERO)
    except UnicodeEncodeError:
        pass  # the pattern decides (and refuses)
    else:
        if shape.replace(b"-00:00\n", b"+00:00\n") == layout * len(texts):
            return True
    return pattern.fullmatch(joined) is not None and joined.count("\n") == len(texts) - 1


#: What :func:`parse_canonical` returns for a document it leaves to the standard library.
NOT_CANONICAL: Final = object()


def _utf8(text: object) -> bytes | None:
    """*text* as the UTF-8 bytes orjson reads, or ``None`` to leave it to the standard library."""
    # Exact types only: a subclass may read or encode itself otherwise.
    if type(text) is str:
        try:
            return text.encode()
        except UnicodeEncodeError:  # a lone surrogate: the standard library reads it
            return None
    if type(text) is bytes or type(text) is bytearray:
        return bytes(text)
    return None


def parse_canonical(text: object) -> Any:
    """*text* parsed by orjson if it is orjson's own compact JSON, else :data:`NOT_CANONICAL`."""
    orjson = optional_orjson()
    raw = _utf8(text)
    if orjson is None or raw is None:
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
    key_of = _content_key(parsed=parsed)
    try:
        read = _read_plan(data, converter, lambda items: list(map(key_of, items)))
    except Exception:  # noqa: BLE001 - anything unexpected: the ordinary path reports it
        return None
    return None if read is None else read[0]


def read_plan_text(
    text: object,
    converter: cattrs.Converter,
    *,
    version_key: str,
    is_readable_version: Callable[[Any], bool],
) -> Plan | None:
    """A plan document as :func:`~footdrop.serialisation.dumps` writes it, read in one pass.

    ``None`` unless the text starts as ``dumps`` starts a plan, *version_key* holds a
    version *is_readable_version* accepts and :func:`read_plan` reads the rest; and
    either orjson is installed and the text is canonical (:func:`parse_canonical`'s
    check), or every piece passes the standard library's strict parse and each
    placeholder is proved to stand where a session's items stood
    (:func:`_read_plan_standard`, also tried when orjson is installed but the text is
    not its own). Then the ordinary path gives the same plan. Run it inside
    :func:`footdrop.serialisation._fast.sharing`.
    """
    orjson = optional_orjson()
    if orjson is not None:
        raw = _utf8(text)
        # Anything else (indented, spaced, keys in another order) is not canonical; the
        # standard library's one pass below, or the ordinary path, reads it.
        if raw is not None and raw.startswith(b'{"' + version_key.encode() + b'":'):
            try:
                plan = _read_plan_text(raw, converter, orjson, version_key, is_readable_version)
            except Exception:  # noqa: BLE001 - anything unexpected: the next reader decides
                plan = None
            if plan is not None:
                return plan
    # Without orjson, or for a compact text that is not orjson's own (times written with
    # "Z", say, by another tool), the standard library's one pass.
    return _read_plan_standard(text, converter, version_key, is_readable_version)


#: A session's items as ``dumps`` writes them: its last key, a list of flat objects (no
#: ``]`` inside), the end of the session. Only a guess: the final check decides.
_SESSION_ITEMS: Final = re.compile(rb',"items":(\[[^\]]*\])\}')
#: What stands for a session's items in the rest of the document while it is parsed.
_PLACEHOLDER: Final = b',"items":0}'


def _read_plan_text(
    raw: bytes,
    converter: cattrs.Converter,
    orjson: Any,
    version_key: str,
    is_readable_version: Callable[[Any], bool],
) -> Plan | None:
    """:func:`read_plan_text` of UTF-8 *raw*; any exception also means ``None``.

    Most of a plan's text is its sessions' items, and few of those texts differ. So the
    items are cut out of the text (:data:`_SESSION_ITEMS`), each distinct text is parsed
    once, the rest of the document is parsed with a placeholder in their place, and each
    session gets its items back (equal texts share one parsed list, which is only read).
    Nothing here needs the cut to be right: the data so built is kept only if orjson
    writes it back as exactly *raw*, each session's items written as the text it came
    from (checked to be what orjson writes for the list parsed from it). Then orjson
    would parse *raw* into equal data (values of the same types, keys in the same
    order: its text of parsed JSON reads back as the same values), and *raw* is
    canonical, so the ordinary path would read this very data.
    """
    parts = _SESSION_ITEMS.split(raw)
    texts: list[bytes] = parts[1::2]
    data = orjson.loads(_PLACEHOLDER.join(parts[0::2]))
    if type(data) is not dict or not is_readable_version(data.get(version_key)):
        return None
    parsed = {text: orjson.loads(text) for text in dict.fromkeys(texts)}
    if any(orjson.dumps(value) != text for text, value in parsed.items()):
        return None
    sessions = list(itertools.chain.from_iterable(map(_SESSIONS_OF, data["days"])))
    if len(sessions) != len(texts):
        return None
    for _ in map(dict.__setitem__, sessions, repeat("items"), map(parsed.__getitem__, texts)):
        pass
    text_of = {id(value): text for text, value in parsed.items()}
    body = {key: value for key, value in data.items() if key != version_key}
    read = _read_plan(body, converter, lambda items: list(map(text_of.__getitem__, map(id, items))))
    if read is None:
        return None
    plan, read_sessions, keys = read
    # The check: each session's items as their text, the rest written by orjson.
    fragments = {text: orjson.Fragment(text) for text in parsed}
    for _ in map(
        dict.__setitem__, read_sessions, repeat("items"), map(fragments.__getitem__, keys)
    ):
        pass
    return plan if orjson.dumps(data) == raw else None


#: :data:`_SESSION_ITEMS` for text: the standard library parses ``str``.
_SESSION_ITEMS_TEXT: Final = re.compile(r',"items":(\[[^\]]*\])\}')
#: The number standing for a session's items while the rest of a document is parsed by
#: the standard library. JSON spells a whole number one way only (no sign, no leading
#: zero, no fraction or exponent, or it is another value or a float), and no start of
#: this text is also its end (its only ``1`` is its first digit), so two of its
#: occurrences in a text never overlap and ``str.count`` counts every one.
_MARK: Final = 1234567890234567890
_MARK_TEXT: Final = str(_MARK)
_MARK_ITEMS: Final = f',"items":{_MARK_TEXT}}}'


def _decoded(text: object) -> str | None:
    """*text* as the ``str`` the ordinary path parses, or ``None`` if it would refuse it."""
    if type(text) is str:
        return text
    if type(text) is bytes or type(text) is bytearray:
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None  # a subclass, or no text: the ordinary path decides


def _read_plan_standard(
    text: object,
    converter: cattrs.Converter,
    version_key: str,
    is_readable_version: Callable[[Any], bool],
) -> Plan | None:
    """:func:`read_plan_text` without orjson: each distinct items text parsed once.

    The items texts are cut out as in :func:`_read_plan_text`; the rest of the document
    is parsed with the number :data:`_MARK` in each one's place, and each distinct items
    text once, all by :func:`~footdrop.serialisation._strict.parse_strict` (the ordinary
    path's parser and hooks). Nothing trusts the cut. The parse is kept only if
    :data:`_MARK_TEXT` occurs in the rest exactly as often as there were cuts, there are
    as many sessions as cuts, and every session's ``items`` is the whole number
    :data:`_MARK`. Why that suffices:

    1. Each such ``items`` was read from a number token spelt exactly :data:`_MARK_TEXT`
       (the only spelling of that value), and distinct nodes of a parse tree come from
       distinct stretches of its text. So there are as many of those tokens as
       occurrences of the text at all: they are the inserted marks, one each, in order
       (a tree's order, day by day and session by session, is its text's).
    2. So each inserted mark was one whole value, the ``items`` of its session. Each
       items text starts with ``[``, ends with its only ``]`` and parsed alone as one
       value. JSON's grammar lets a value's text be replaced by any other value's text,
       changing the tree only there: the original text parses, with the same hooks
       (they see each object's keys, which do not change), to this tree with each
       session's items replaced by its text's parse.

    A repeated key, ``NaN`` or any error in a piece means ``None``, and the ordinary path
    reports it with its path.
    """
    decoded = _decoded(text)
    # A spaced or indented document has no cut; the ordinary path reads it once.
    if decoded is None or not decoded.startswith(f'{{"{version_key}":'):
        return None
    try:
        parts = _SESSION_ITEMS_TEXT.split(decoded)
        texts: list[str] = parts[1::2]
        rest = _MARK_ITEMS.join(parts[0::2])
        if not texts or rest.count(_MARK_TEXT) != len(texts):
            return None
        data, repeated = parse_strict(rest)
        if repeated or type(data) is not dict or not is_readable_version(data.get(version_key)):
            return None
        sessions = list(itertools.chain.from_iterable(map(_SESSIONS_OF, data["days"])))
        marks = list(map(_ITEMS_OF, sessions))
        # Whole numbers only: a float equal to a whole number is spelt otherwise (none
        # equals this one, which no float holds exactly, but the proof needs no such fact).
        if not (
            len(sessions) == len(texts)
            and set(map(type, marks)) == {int}
            and marks.count(_MARK) == len(marks)
        ):
            return None
        parsed: dict[str, Any] = {}
        for items_text in dict.fromkeys(texts):
            parsed[items_text], repeated = parse_strict(items_text)
            if repeated:
                return None
        for _ in map(dict.__setitem__, sessions, repeat("items"), map(parsed.__getitem__, texts)):
            pass
        text_of = {id(value): key for key, value in parsed.items()}
        body = {key: value for key, value in data.items() if key != version_key}
        read = _read_plan(
            body, converter, lambda items: list(map(text_of.__getitem__, map(id, items)))
        )
    except Exception:  # noqa: BLE001 - anything unexpected: the ordinary path reports it
        return None
    return None if read is None else read[0]


def _fill(setter: Callable[[Any, Any], None], objects: list[Any], values: Iterable[Any]) -> None:
    """Set one slot of each of *objects* to its value, through the slot's own descriptor.

    The loop runs in ``map``; a slot set this way skips the frozen class's ``__setattr__``
    as ``object.__setattr__`` does, a little faster.
    """
    for _ in map(setter, objects, values):
        pass


def _lowest_year(texts: list[str]) -> int:
    """The earliest year of RFC 3339 *texts* (checked: four ASCII digits first), by text."""
    return int(min(texts)[:4])


def _highest_year(texts: list[str]) -> int:
    return int(max(texts)[:4])


def _read_plan(  # noqa: C901 - one check per rule of the models and hooks, inline for speed
    data: Any, converter: cattrs.Converter, keys_of: Callable[[list[Any]], list[Any]]
) -> tuple[Plan, list[dict[str, Any]], list[Any]] | None:
    """The plan, its sessions as parsed and their items' keys; ``None`` if not exactly valid.

    *keys_of* gives the items lists (in session order) hashable keys equal only for the
    same values of the same types (their text, say). Any exception also means "not
    exactly valid" to the callers.
    """
    if type(data) is not dict or type(data.get("days")) is not list:
        return None
    # Everything but the days, checked by the converter's own hooks and the model.
    head = converter.structure({**data, "days": []}, Plan)
    zone = head.zone
    days: list[Any] = data["days"]
    if not set(map(type, days)) <= {dict}:
        return None
    for day_keys in set(map(frozenset, days)):
        if not (_DAY_REQUIRED <= day_keys <= _DAY_KEYS):
            return None
    lists = list(map(_SESSIONS_OF, days))
    if not set(map(type, lists)) <= {list}:
        return None
    # DayPlan's date: the converter's date hook (RFC 3339 text, read by fromisoformat,
    # whose ValueError ends the fast path), which makes a date that is no datetime.
    dates = list(map(_DATE_OF, days))
    if not (set(map(type, dates)) <= {str} and _all_match(dates, _DATES, _DATE_LAYOUT)):
        return None
    dates = list(map(dt.date.fromisoformat, dates))

    sessions: list[Any] = list(itertools.chain.from_iterable(lists))
    if not set(map(type, sessions)) <= {dict} or not all(
        map(operator.eq, repeat(_SESSION_KEYS), map(dict.keys, sessions))
    ):
        return None
    # The converter's datetime hook: RFC 3339 text with an offset (so aware and
    # fixed-offset), read by fromisoformat.
    start_texts = list(map(_START, sessions))
    end_texts = list(map(_END, sessions))
    texts = start_texts + end_texts
    if not (set(map(type, texts)) <= {str} and _all_match(texts, _DATETIMES, _DATETIME_LAYOUT)):
        return None
    # Session's checks: the years (the first four digits of each text), and the end after
    # the start (fixed offsets compare as instants).
    if texts and not (_lowest_year(texts) > 1 and _highest_year(texts) < 9999):
        return None
    starts = list(map(dt.datetime.fromisoformat, start_texts))
    ends = list(map(dt.datetime.fromisoformat, end_texts))
    if not all(map(operator.lt, starts, ends)):
        return None
    # Shown in the plan's zone, as footdrop.model._plan.in_plan_zone does after loading
    # (always a new session there: a fixed offset is never the plan's ZoneInfo). From a
    # fixed offset, astimezone goes through UTC as in_plan_zone does. The same instants,
    # so the order holds, but the years may move; all now share the zone, so they compare
    # by wall clock, and the least and greatest give the years.
    starts = list(map(dt.datetime.astimezone, starts, repeat(zone)))
    ends = list(map(dt.datetime.astimezone, ends, repeat(zone)))
    shown = starts + ends
    if shown and not (min(shown).year > 1 and max(shown).year < 9999):
        return None

    items = list(map(_ITEMS_OF, sessions))
    if not set(map(type, items)) <= {list}:
        return None
    # Each distinct list once, found by its content (any copy will do: equal keys mean
    # equal values of equal types).
    keys = keys_of(items)
    structure_items = converter.get_structure_hook(_ITEMS)
    built = {
        key: structure_items(value, _ITEMS)
        for key, value in dict(zip(keys, items, strict=True)).items()
    }

    made = list(map(object.__new__, repeat(Session, len(sessions))))
    _fill(_SET_START, made, starts)
    _fill(_SET_END, made, ends)
    _fill(_SET_ITEMS, made, map(built.__getitem__, keys))
    # Absent or empty is the empty tuple, as the default and the tuple hook give.
    structure_fallbacks = converter.get_structure_hook(_FALLBACKS)
    fallbacks = [
        () if value is _ABSENT or value == [] else structure_fallbacks(value, _FALLBACKS)
        for value in map(dict.get, days, repeat("fallbacks"), repeat(_ABSENT))
    ]
    # DayPlan's checks: the date (above), tuples of sessions and fallbacks (made here).
    following = iter(made)
    day_sessions = map(tuple, map(itertools.islice, repeat(following), map(len, lists)))
    made_days = list(map(object.__new__, repeat(DayPlan, len(days))))
    _fill(_SET_DATE, made_days, dates)
    _fill(_SET_SESSIONS, made_days, day_sessions)
    _fill(_SET_FALLBACKS, made_days, fallbacks)
    return attrs.evolve(head, days=made_days), sessions, keys
