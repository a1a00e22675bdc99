"""JSON documents: dumps and loads with a versioned schema and errors that teach."""

from __future__ import annotations

import json
import typing
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

import attrs
import cattrs

from footdrop.exceptions import (
    DocumentError,
    FootdropError,
    InvalidValueError,
    MissingExtraError,
    Problem,
    SchemaVersionError,
)
from footdrop.model._plan import Plan
from footdrop.serialisation._converter import problems_of
from footdrop.serialisation._fast import (
    compact_or_raise,
    optional_orjson,
    orjson_converter,
    sharing,
    standard_compact,
    standard_converter,
)
from footdrop.serialisation._read import NOT_CANONICAL, parse_canonical, read_plan, read_plan_text
from footdrop.serialisation._strict import parse_strict
from footdrop.serialisation._write import NotPlainError, splice, writing

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["SCHEMA_VERSION", "dumps", "loads"]

T = TypeVar("T")
# Sphinx names a TypeVar by its module unless that module is typing, and a private
# module path cannot be linked; show it as plain ``T``.
T.__module__ = "typing"

#: The schema version footdrop writes, and the newest it reads.
SCHEMA_VERSION: Final = 1

#: The key that carries the schema version in every top-level document.
VERSION_KEY: Final = "schema_version"

_CONVERTER: cattrs.Converter | None = None
_ORJSON: tuple[cattrs.Converter, Any] | None = None


def _converter() -> cattrs.Converter:
    global _CONVERTER  # noqa: PLW0603 - one lazily built converter per process
    if _CONVERTER is None:
        _CONVERTER = standard_converter()
    return _CONVERTER


def _orjson(engine: str) -> tuple[cattrs.Converter, Any] | None:
    """The orjson converter and module, or ``None`` if *engine* does not want or find them."""
    global _ORJSON  # noqa: PLW0603 - one lazily built converter per process
    if engine == "json":
        return None
    if _ORJSON is None:
        missing: ImportError | None = None
        if optional_orjson() is not None:  # not installed: do not search for it again
            try:
                _ORJSON = orjson_converter()
            except ImportError as error:
                missing = error
        if _ORJSON is None:
            if engine == "orjson":
                feature = "footdrop.serialisation.dumps(engine='orjson')"
                refused = MissingExtraError(extra="fast", package="orjson", feature=feature)
                raise refused from missing
            return None
    return _ORJSON


def unstructure(obj: Any) -> Any:
    """Turn a footdrop model into plain JSON-ready data, with ``schema_version`` on top.

    Example:
        >>> from footdrop import Range
        >>> unstructure(Range(min=1, max=3))
        {'schema_version': 1, 'min': 1, 'max': 3}
    """
    data = _converter().unstructure(obj)
    if attrs.has(type(obj)) and isinstance(data, dict):
        return {VERSION_KEY: SCHEMA_VERSION, **data}
    return data


def _write_compact(converter: cattrs.Converter, obj: Any, encode: Callable[[Any], str]) -> str:
    """*obj* as one document: unstructured with shared parts pre-encoded, then spliced."""
    with writing() as block:
        data = converter.unstructure(obj)
        if attrs.has(type(obj)) and isinstance(data, dict):
            data = {VERSION_KEY: SCHEMA_VERSION, **data}
        return splice(encode(data), block)


def dumps(
    obj: Any, *, indent: int | None = None, engine: Literal["auto", "json", "orjson"] = "auto"
) -> str:
    """Write a footdrop model (or a list of them) as a JSON document.

    A model becomes an object that starts with ``"schema_version"``; a list or
    tuple of models becomes a JSON array of their bodies. Output is UTF-8 text
    with non-ASCII characters kept as they are, and never holds NaN.

    By default the document is compact, for machines: one line, no spaces
    after ``,`` and ``:``. Give an *indent* for people to read. Compact
    documents are written with orjson when it is installed
    (``pip install 'footdrop[fast]'``); the text is the same, character for
    character, as without it.

    Args:
        obj: A footdrop model, or a list or tuple of them.
        indent: Spaces per level for a readable document, or ``None`` (the
            default) for compact JSON.
        engine: For compact JSON: ``"auto"`` (orjson when installed, else the
            standard library), ``"json"`` (the standard library) or
            ``"orjson"`` (orjson, or an error if it is missing). The text is
            the same whichever writes it.

    Returns:
        The JSON text.

    Raises:
        footdrop.exceptions.MissingExtraError: *engine* is ``"orjson"`` and orjson
            is not installed.

    Example:
        >>> from footdrop import Range
        >>> from footdrop.serialisation import dumps
        >>> print(dumps(Range(min=10, max=15)))
        {"schema_version":1,"min":10,"max":15}
        >>> print(dumps(Range(min=10, max=15), indent=2))
        {
          "schema_version": 1,
          "min": 10,
          "max": 15
        }

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.1.0
       Compact by default (it was indented by two spaces); the *engine* argument.
    """
    if engine not in ("auto", "json", "orjson"):
        msg = f"'engine' must be 'auto', 'json' or 'orjson' (got {engine!r})."
        raise InvalidValueError(msg, field="engine", value=engine, fix="use 'auto'")
    if indent is not None:
        return json.dumps(unstructure(obj), indent=indent, ensure_ascii=False, allow_nan=False)
    fast = _orjson(engine)
    if fast is not None:
        converter, orjson = fast
        try:
            return _write_compact(converter, obj, lambda data: orjson.dumps(data).decode())
        except (NotPlainError, orjson.JSONEncodeError):
            pass  # huge integers, lone surrogates, NaN: as below
    try:
        return _write_compact(_converter(), obj, compact_or_raise)
    except NotPlainError:  # NaN, keys that are not text: the standard library decides
        return standard_compact(unstructure(obj))


def _repeated_keys(data: Any, path: str, out: list[Problem]) -> None:
    """Collect a problem for every repeated key under *data*, with its JSON path."""
    stack = [(data, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            out.extend(
                Problem(
                    path=f"{where}.{key}",
                    message=f"the key {key!r} appears more than once: keep one "
                    "(readers disagree on which copy wins)",
                )
                for key in getattr(node, "repeated", ())
            )
            stack.extend((value, f"{where}.{key}") for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, f"{where}[{i}]") for i, value in enumerate(node))


def _parse(text: str | bytes | bytearray) -> Any:
    data = parse_canonical(text)
    if data is not NOT_CANONICAL:
        return data  # orjson's own compact JSON: nothing below would refuse it or read it otherwise
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(path="$", message=f"the document is not UTF-8 text ({exc.reason})")
            raise DocumentError([problem]) from None
    checked: object = text  # callers without type checking may pass anything
    if not isinstance(checked, str):
        problem = Problem(
            path="$", message=f"the document must be JSON text (got {type(checked).__name__})"
        )
        raise DocumentError([problem])
    try:
        # Whether any object held a key twice: only then is the tree walked for them.
        data, repeats = parse_strict(checked)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise DocumentError([Problem(path="$", message=message)]) from None
    except ValueError as exc:
        raise DocumentError([Problem(path="$", message=str(exc))]) from None
    except RecursionError:
        message = "the JSON is nested too deeply to be a footdrop document"
        raise DocumentError([Problem(path="$", message=message)]) from None
    repeated: list[Problem] = []
    if repeats:
        _repeated_keys(data, "$", repeated)
    if repeated:
        raise DocumentError(sorted(repeated, key=lambda p: p.path))
    return data


def _is_readable(version: object) -> bool:
    """Whether *version* is a ``schema_version`` this footdrop reads."""
    return (
        not isinstance(version, bool)
        and isinstance(version, int)
        and 1 <= version <= SCHEMA_VERSION
    )


@overload
def loads(text: str | bytes | bytearray, cls: type[T]) -> T: ...
@overload
def loads(text: str | bytes | bytearray, cls: Any) -> Any: ...
def loads(text: str | bytes | bytearray, cls: Any) -> Any:
    """Read a JSON document written by :func:`dumps` into an instance of *cls*.

    Every problem is collected and reported at once, each with its JSON path,
    keeping footdrop's validator messages. Unknown keys are rejected, nothing
    is coerced, and a document from a newer schema version is refused.

    With orjson installed (``pip install 'footdrop[fast]'``), compact documents
    such as :func:`dumps` writes are parsed by orjson; what is accepted or
    refused, and every message, is the same as without it.

    Args:
        text: The JSON text (``str``, or UTF-8 ``bytes``).
        cls: The model to read (``footdrop.Routine``), or ``list[Model]`` for an array.

    Returns:
        The model.

    Raises:
        footdrop.exceptions.DocumentError: The document is malformed or invalid;
            ``problems`` lists every problem with its path.
        footdrop.exceptions.SchemaVersionError: The document's ``schema_version``
            is missing, malformed or newer than :data:`SCHEMA_VERSION`.

    Example:
        >>> from footdrop import Dose
        >>> from footdrop.serialisation import loads
        >>> loads('{"schema_version": 1, "sets": {"min": 2, "max": 3}, '
        ...       '"reps": {"min": 0, "max": 15}}', Dose)
        Traceback (most recent call last):
        ...
        footdrop.exceptions.DocumentError: the document has 1 problem(s):
          - 'reps' must lie within 1..100 (got 0-15) @ $.reps

    .. versionadded:: 0.1.0
    """
    if cls is Plan:
        with sharing():
            plan = read_plan_text(
                text, _converter(), version_key=VERSION_KEY, is_readable_version=_is_readable
            )
        if plan is not None:
            return plan  # what the lines below give for it, read in one pass
    data = _parse(text)
    if isinstance(cls, type) and attrs.has(cls):
        if not isinstance(data, dict):
            problem = Problem(
                path="$", message=f"the document must be a JSON object for {cls.__name__}"
            )
            raise DocumentError([problem])
        if VERSION_KEY not in data:
            raise SchemaVersionError(found=None, supported=SCHEMA_VERSION)
        version = data[VERSION_KEY]
        if not _is_readable(version):
            raise SchemaVersionError(found=version, supported=SCHEMA_VERSION)
        data = {k: v for k, v in data.items() if k != VERSION_KEY}
    return _structure(data, cls, parsed=True)


def structure(data: Any, cls: Any) -> Any:
    """Build *cls* from plain data (no ``schema_version``), raising only ``DocumentError``."""
    return _structure(data, cls, parsed=False)


def _structure(data: Any, cls: Any, *, parsed: bool) -> Any:
    """:func:`structure`; *parsed*: *data* is what a JSON parser made of a document."""
    try:
        with sharing():
            converter = _converter()
            if cls is Plan:
                plan = read_plan(data, converter, parsed=parsed)
                if plan is not None:
                    return plan
            return converter.structure(data, cls)
    except RecursionError:
        message = "the document is nested too deeply to be a footdrop document"
        raise DocumentError([Problem(path="$", message=message)]) from None
    except (cattrs.BaseValidationError, FootdropError) as exc:
        problems = problems_of(exc)
        raise DocumentError(problems) from exc
    except Exception as exc:  # loading never raises anything but DocumentError
        name = getattr(cls, "__name__", str(typing.get_origin(cls) or cls))
        problem = Problem(path="$", message=f"could not read a {name}: {exc}")
        raise DocumentError([problem]) from exc
