"""The cattrs converter footdrop uses, and the translation of its errors into ours."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn
from cattrs.preconf.json import make_converter as make_json_converter

from footdrop._validators import unsafe_character
from footdrop.exceptions import FootdropError, InvalidTypeError, Problem
from footdrop.model._plan import Plan, in_plan_zone
from footdrop.model._rules import ProgressionRule, is_registered_rule, rule_class, rule_tag

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["Mismatch", "configure", "make_converter", "problems_of"]

#: The key that carries a progression rule's registered tag in JSON.
RULE_TAG_KEY = "rule"


class Mismatch(FootdropError, TypeError):  # noqa: N818 - internal; surfaces as DocumentError
    """A JSON value of the wrong kind; the path supplies the field name."""

    def __init__(self, expected: str, value: Any) -> None:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:40] + f"... ({len(shown)} characters)"
        super().__init__(f"must be {expected} (got {shown})")
        self.expected = expected
        self.value = value


def _int(value: Any, _type: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        expected = "a whole number"
        raise Mismatch(expected, value)
    return value


def _float(value: Any, _type: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        expected = "a number"
        raise Mismatch(expected, value)
    if not math.isfinite(value):
        expected = "a finite number"
        raise Mismatch(expected, value)
    return value


def _str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        expected = "text"
        raise Mismatch(expected, value)
    unsafe = unsafe_character(value)
    if unsafe is not None:
        # The path names the field; say which character and where.
        expected = f"text without controls other than tab and newline (it holds {unsafe})"
        raise Mismatch(expected, value)
    return value


def _bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        expected = "true or false"
        raise Mismatch(expected, value)
    return value


#: RFC 3339 ``full-date``; ``fromisoformat`` alone also takes week dates (``2027-W12-7``).
DATE_PATTERN: typing.Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: RFC 3339 ``date-time``: a ``T``, seconds, and ``Z`` or an offset in hours and minutes.
DATETIME_PATTERN: typing.Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
#: A wall-clock time: RFC 3339 ``partial-time`` whose seconds may be left out (``07:30``).
TIME_PATTERN: typing.Final = r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"

_DATE = re.compile(DATE_PATTERN.replace("$", r"\Z"))
_DATETIME = re.compile(DATETIME_PATTERN.replace("$", r"\Z"))
_TIME = re.compile(TIME_PATTERN.replace("$", r"\Z"))


def _date(value: Any, _type: Any) -> dt.date:
    expected = "an RFC 3339 date such as '2026-11-24'"
    if not isinstance(value, str) or not _DATE.match(value):
        raise Mismatch(expected, value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Mismatch(expected, value) from None


def _datetime(value: Any, _type: Any) -> dt.datetime:
    expected = "an RFC 3339 date-time with a UTC offset such as '2026-11-24T07:30:00+00:00'"
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise Mismatch(expected, value)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise Mismatch(expected, value) from None


def _time(value: Any, _type: Any) -> dt.time:
    expected = "a wall-clock time such as '07:30'"
    if not isinstance(value, str) or not _TIME.match(value):
        raise Mismatch(expected, value)
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise Mismatch(expected, value) from None


_SCALARS: dict[Any, str] = {
    int: "a whole number",
    float: "a number",
    str: "text",
    bool: "true or false",
    type(None): "null",
}


def _is_scalar_union(type_: Any) -> bool:
    """Whether *type_* is a union of JSON scalars only (``int | str | None``)."""
    if typing.get_origin(type_) not in (typing.Union, types.UnionType):
        return False
    return all(arg in _SCALARS for arg in typing.get_args(type_))


def _structure_scalar_union(value: Any, type_: Any) -> Any:
    """Read a scalar union without letting ``true`` pass for the number 1."""
    args = typing.get_args(type_)
    if value is None and type(None) in args:
        return None
    if isinstance(value, bool):
        if bool in args:
            return value
    elif isinstance(value, int) and int in args:
        return value
    elif isinstance(value, int | float) and float in args:
        return _float(value, float)
    elif isinstance(value, str) and str in args:
        return _str(value, str)
    expected = " or ".join(_SCALARS[arg] for arg in args)
    raise Mismatch(expected, value)


def _unstructure_time(value: dt.time) -> str:
    if value.second == 0 and value.microsecond == 0:
        return value.isoformat(timespec="minutes")
    return value.isoformat()


@functools.cache
def _structure_enum(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    by_value = {member.value: member for member in cls}
    expected = "one of " + ", ".join(repr(v) for v in by_value)

    def structure(value: Any, _type: Any) -> Any:
        if isinstance(value, str) and value in by_value:
            return by_value[value]
        raise Mismatch(expected, value)

    return structure


def _is_model(type_: Any) -> bool:
    """Whether *type_* is an attrs model (progression rules have a hook of their own)."""
    return isinstance(type_, type) and attrs.has(type_) and type_ is not ProgressionRule


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_list(type_: Any) -> bool:
    return typing.get_origin(type_) in (list, typing.Sequence) or type_ is list


def make_converter() -> cattrs.Converter:
    """Return a new converter configured for footdrop's models and JSON.

    The converter is strict: it never coerces (``"12"`` is not a number,
    ``1`` is not ``true``), rejects unknown keys, reads dates as ISO 8601,
    enums by value, ranges as ``{"min": .., "max": ..}``, and progression
    rules by their ``"rule"`` tag. It is a fresh object each call; footdrop
    never touches ``cattrs.global_converter``.

    Returns:
        A :class:`cattrs.Converter` that structures and unstructures every footdrop model.

    Example:
        >>> from footdrop import Range
        >>> from footdrop.serialisation import make_converter
        >>> converter = make_converter()
        >>> converter.unstructure(Range(min=10, max=15))
        {'min': 10, 'max': 15}
        >>> converter.structure({"min": 2, "max": 3}, Range)
        Range(min=2, max=3)

    .. versionadded:: 0.1.0
    """
    converter = make_json_converter(forbid_extra_keys=True, detailed_validation=True)
    configure(converter)
    return converter


def configure(converter: cattrs.Converter) -> None:  # noqa: C901, PLR0915 - every structure and unstructure hook registered in one place
    """Give *converter* footdrop's strict hooks (what :func:`make_converter` describes)."""
    # Singledispatch, as cattrs registers its coercing ``int(x)``/``str(x)`` hooks
    # there and singledispatch is consulted before any predicate hook. StrEnum
    # members still reach the enum hook below: it is more specific in their MRO.
    for exact, hook in ((int, _int), (float, _float), (str, _str), (bool, _bool)):
        converter.register_structure_hook(exact, hook)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(dt.datetime, _datetime)
    converter.register_structure_hook(dt.time, _time)
    converter.register_structure_hook_func(_is_scalar_union, _structure_scalar_union)
    converter.register_unstructure_hook(dt.time, _unstructure_time)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    # Attrs classes that are also mappings (Catalogue) are written by their
    # fields, not as the mapping they present: the mapping view is derived data.
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t) and issubclass(t, Mapping),
        lambda t: make_dict_unstructure_fn(t, converter),
    )

    # Singledispatch on StrEnum: it precedes ``str`` in a StrEnum's MRO, which
    # cattrs would otherwise structure by calling the class.
    def structure_enum(value: Any, type_: Any) -> Any:
        return _structure_enum(type_)(value, type_)

    converter.register_structure_hook(enum.StrEnum, structure_enum)
    converter.register_structure_hook(enum.Enum, structure_enum)

    def structure_tuple_factory(type_: Any) -> Callable[[Any, Any], Any]:
        (item_type, _) = typing.get_args(type_)
        item_hook = converter.get_structure_hook(item_type)

        def structure(value: Any, _type: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                expected = "a list"
                raise Mismatch(expected, value)
            items = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:  # noqa: BLE001 - collected into one error below
                    exc.__notes__ = [*getattr(exc, "__notes__", []), _index_note(i, item_type)]
                    errors.append(exc)
            if errors:
                msg = f"While structuring {type_!r}"
                raise IterableValidationError(msg, errors, type_)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, structure_tuple_factory)

    def structure_list_factory(type_: Any) -> Callable[[Any, Any], Any]:
        (item_type,) = typing.get_args(type_) or (Any,)
        tuple_hook = structure_tuple_factory(tuple[item_type, ...])  # type: ignore[valid-type]

        def structure(value: Any, _type: Any) -> list[Any]:
            return list(tuple_hook(value, _type))

        return structure

    converter.register_structure_hook_factory(_is_list, structure_list_factory)

    def attrs_factory(cls: type[Any]) -> Callable[[Any, Any], Any]:
        inner = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _type: Any) -> Any:
            if not isinstance(value, dict):
                expected = f"an object with the fields of {cls.__name__}"
                raise Mismatch(expected, value)
            built = inner(value, cls)
            # Times arrive with offsets only; a plan holds them in its own zone.
            return in_plan_zone(built) if cls is Plan else built

        return structure

    converter.register_structure_hook_factory(_is_model, attrs_factory)

    def unstructure_rule(rule: Any) -> dict[str, Any]:
        body = converter.unstructure_attrs_asdict(rule)
        return {RULE_TAG_KEY: rule_tag(rule), **body}

    def structure_rule(value: Any, _type: Any) -> Any:
        if not isinstance(value, dict):
            expected = "an object with a 'rule' tag"
            raise Mismatch(expected, value)
        tag = value.get(RULE_TAG_KEY)
        if not isinstance(tag, str):
            expected = "an object with a 'rule' tag naming a registered rule"
            raise Mismatch(expected, value)
        cls = rule_class(tag)
        body = {k: v for k, v in value.items() if k != RULE_TAG_KEY}
        # Not converter.structure(body, cls): singledispatch sends every class that
        # matches the ProgressionRule protocol back to this hook, without end.
        return attrs_factory(cls)(body, cls)

    converter.register_unstructure_hook_func(
        lambda t: t is ProgressionRule or is_registered_rule(t), unstructure_rule
    )
    converter.register_structure_hook(ProgressionRule, structure_rule)


def _index_note(index: int, type_: Any) -> Any:
    from cattrs.errors import IterableValidationNote  # noqa: PLC0415

    return IterableValidationNote(f"Structuring {type_!r} @ index {index}", index, type_)


def problems_of(exc: BaseException, path: str = "$") -> list[Problem]:
    """Flatten a structuring error into :class:`~footdrop.exceptions.Problem` objects with paths."""
    found: list[Problem] = []
    _walk(exc, path, found)
    return found


def _last_name(path: str) -> str:
    tail = path.rsplit(".", 1)[-1]
    return tail if tail != "$" else "document"


def _walk(exc: BaseException, path: str, out: list[Problem]) -> None:  # noqa: C901, PLR0912 - one branch per cattrs error kind, to keep each message and path
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            _walk(sub, f"{path}.{note.name}", out)
        for sub in without:
            _walk(sub, path, out)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, note_i in with_notes_i:
            _walk(sub, f"{path}[{note_i.index}]", out)
        for sub in without_i:
            _walk(sub, path, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        out.extend(
            Problem(
                path=f"{path}.{key}",
                message=f"unknown key {key!r}: remove it or check its spelling "
                "(footdrop rejects keys it does not know rather than drop them)",
            )
            for key in sorted(exc.extra_fields)
        )
    elif isinstance(exc, Mismatch):
        out.append(Problem(path=path, message=f"'{_last_name(path)}' {exc}"))
    elif isinstance(exc, InvalidTypeError | FootdropError):
        field = getattr(exc, "field", None)
        if field and not path.endswith(f".{field}") and not field.startswith("current."):
            path = f"{path}.{field}" if not field.startswith("[") else f"{path}{field}"
        out.append(Problem(path=path, message=str(exc).rstrip(".")))
    elif isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            _walk(member, path, out)
    elif isinstance(exc, KeyError):
        out.append(
            Problem(path=path, message=f"'{_last_name(path)}' is required but missing: add it")
        )
    else:
        out.append(Problem(path=path, message=f"'{_last_name(path)}' is invalid ({exc})"))
