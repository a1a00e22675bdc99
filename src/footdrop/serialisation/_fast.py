"""Writing and reading JSON without redoing shared work.

A plan shares its items: the scheduler solves a day once and every such day holds the
same tuple of :class:`~footdrop.PlanItem`. Within one :func:`sharing` block, the
converters of :mod:`footdrop.serialisation._json` therefore structure each distinct items
list, and each distinct item, once (by value and by the exact type of every value, so
``1``, ``1.0`` and ``true`` never share a result), and only when structuring succeeded: a
document with a mistake reports the same problems at the same paths. Writing shares its
work in :mod:`footdrop.serialisation._write`; reading a whole plan in
:mod:`footdrop.serialisation._read`.

:func:`compact` writes plain data as one-line JSON, encoding each shared container once and
copying pre-encoded :class:`~footdrop.serialisation._write.Encoded` text as it is; it gives
exactly the text of ``json.dumps(data, ensure_ascii=False, allow_nan=False,
separators=(",", ":"))`` and falls back to that call for anything unusual.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import json.encoder
import math
import sys
from typing import TYPE_CHECKING, Any, Final

from footdrop.model._plan import PlanItem
from footdrop.serialisation._converter import configure, make_converter
from footdrop.serialisation._write import Encoded, NotPlainError, orjson_datetimes, write_shared

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import cattrs

__all__ = [
    "NotPlainError",
    "compact",
    "compact_or_raise",
    "optional_orjson",
    "share_work",
    "sharing",
    "standard_compact",
    "standard_converter",
]

#: What one :func:`sharing` block has built so far; ``None`` outside any block.
_MEMO: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "footdrop_serialisation_memo", default=None
)

_ITEMS: Final = tuple[PlanItem, ...]
_ESCAPE: Final[Callable[[str], str]] = json.encoder.encode_basestring
_SEPARATORS: Final = (",", ":")


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Share identical sub-documents while the block runs (one document at a time)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _key(value: Any) -> tuple[Any, ...]:
    """A hashable key of a JSON object with scalar values: its keys, values and their types.

    One flat tuple of ``3 n`` members for ``n`` keys, so it reads back one way only.
    """
    if type(value) is not dict:
        raise TypeError
    return (*value, *value.values(), *map(type, value.values()))


def share_work(converter: cattrs.Converter) -> None:
    """Make *converter* reuse what it built for identical items within a :func:`sharing` block."""

    def memoised(
        hook: Callable[[Any, Any], Any], key_of: Callable[[Any], Any]
    ) -> Callable[[Any, Any], Any]:
        def structure(value: Any, type_: Any) -> Any:
            memo = _MEMO.get()
            if memo is None:
                return hook(value, type_)
            try:
                key = key_of(value)
                found = memo.get(key)
            except TypeError:  # not a list of flat objects: nothing to share
                return hook(value, type_)
            if found is None:
                found = memo[key] = hook(value, type_)  # only reached if it succeeded
            return found

        return structure

    def items_key(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError
        # _key for each member, inlined: this runs once per session of a plan.
        try:
            return (
                "items",
                *[(*one, *one.values(), *map(type, one.values())) for one in value],
            )
        except AttributeError:  # a member that is no object: nothing to share
            raise TypeError from None

    def item_key(value: Any) -> tuple[Any, ...]:
        return ("item", _key(value))

    # The item first: the tuple's hook, made next, then calls the shared item hook.
    structure_item = converter.get_structure_hook(PlanItem)
    converter.register_structure_hook_func(
        lambda t: t is PlanItem, memoised(structure_item, item_key)
    )
    structure_items = converter.get_structure_hook(_ITEMS)
    converter.register_structure_hook_func(
        lambda t: t == _ITEMS, memoised(structure_items, items_key)
    )


def standard_compact(data: Any) -> str:
    """The standard library's compact JSON of *data*: the reference the fast writers match."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=_SEPARATORS)


_NOT_LOOKED_UP: Final = object()
#: orjson once looked up when it was not in ``sys.modules`` (``None``: not installed).
_FOUND: list[Any] = [_NOT_LOOKED_UP]


def optional_orjson() -> Any:
    """The orjson module (the ``fast`` extra), or ``None`` when it is not installed.

    A failed import searches the whole path again every time (tens of microseconds), so
    the answer is kept; a module in ``sys.modules`` (or ``None`` there, which blocks the
    import) still decides first.
    """
    if "orjson" in sys.modules:
        return sys.modules["orjson"]
    if _FOUND[0] is _NOT_LOOKED_UP:
        try:
            import orjson  # noqa: PLC0415 - an optional extra
        except ImportError:
            _FOUND[0] = None
        else:
            _FOUND[0] = orjson
    return _FOUND[0]


def compact(data: Any) -> str:
    """*data* as one-line JSON, each shared container encoded once (see the module's text)."""
    try:
        return compact_or_raise(data)
    except NotPlainError:
        return standard_compact(data)


def compact_or_raise(data: Any) -> str:  # noqa: C901 - one branch per JSON type, in one function for speed
    """:func:`compact`, copying :class:`Encoded` text, or :class:`NotPlainError` for the unusual.

    Its caller decides what the standard library is given instead (it cannot write
    :class:`Encoded` text itself).
    """
    memo: dict[int, str] = {}

    def encode(value: Any) -> str:  # noqa: C901, PLR0912 - one branch per JSON type, inline for speed
        kind = type(value)
        if kind is str:
            return _ESCAPE(value)
        if kind is Encoded:
            encoded: str = value.text
            return encoded
        if kind is dict or kind is list or kind is tuple:
            key = id(value)
            text = memo.get(key)
            if text is None:
                if kind is dict:
                    parts = []
                    for name, member in value.items():
                        if type(name) is not str:
                            raise NotPlainError
                        parts.append(f"{_ESCAPE(name)}:{encode(member)}")
                    text = "{" + ",".join(parts) + "}"
                else:
                    text = "[" + ",".join(map(encode, value)) + "]"
                memo[key] = text
            return text
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return int.__repr__(value)
        if kind is float and math.isfinite(value):
            return float.__repr__(value)
        # Subclasses (StrEnum and IntEnum members) are written as their base type, as
        # the standard library's encoder does.
        if isinstance(value, str):
            return _ESCAPE(value)
        if isinstance(value, int):
            return int.__repr__(value)
        raise NotPlainError

    return encode(data)


def orjson_converter() -> tuple[cattrs.Converter, Any]:
    """A converter from ``cattrs.preconf.orjson`` with footdrop's hooks, and the orjson module.

    Raises:
        ImportError: orjson is not installed.
    """
    import orjson  # noqa: PLC0415 - an optional extra
    from cattrs.preconf.orjson import make_converter as make_orjson  # noqa: PLC0415

    converter = make_orjson(forbid_extra_keys=True, detailed_validation=True)
    configure(converter)

    def unstructure_float(value: Any) -> Any:
        # orjson writes 1e-05 as 0.00001; the standard library's repr is the reference.
        if not isinstance(value, float):
            return value  # a whole number in a float field is written as one
        if not math.isfinite(value):
            raise NotPlainError
        return orjson.Fragment(float.__repr__(value))

    converter.register_unstructure_hook(float, unstructure_float)
    share_work(converter)
    write_shared(
        converter,
        encode=lambda data: orjson.dumps(data).decode(),
        placeholder=orjson.Fragment,
        datetimes=orjson_datetimes(orjson),
    )
    return converter, orjson


def standard_converter() -> cattrs.Converter:
    """The standard library's converter with footdrop's hooks and shared work."""
    converter = make_converter()
    share_work(converter)
    write_shared(converter, encode=compact, placeholder=Encoded)
    return converter
