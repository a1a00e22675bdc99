"""JSON Schema (2020-12) for footdrop's documents, generated from the attrs models.

The schema is read off the models themselves: field types, which fields have
defaults, and the bounds inside footdrop's validators (``whole(1, 100)``,
``text(500)``, the ranges of :data:`footdrop.model._dose.LIMITS`). It checks the
shape and bounds of a document; rules that tie two values together (a range's
``min`` not above its ``max``, a current level inside its ranges, unique exercise
ids) are checked by :func:`footdrop.serialisation.loads` only. Every document the
schema rejects, ``loads`` rejects too.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any, Final

import attrs

from footdrop.exceptions import InvalidTypeError
from footdrop.model._availability import Availability
from footdrop.model._catalogue import Catalogue
from footdrop.model._decision import Decision, Review
from footdrop.model._dose import Dose, Timing
from footdrop.model._exercise import DEFAULT_NUMBERS, Exercise
from footdrop.model._log import ExerciseLog
from footdrop.model._plan import Plan
from footdrop.model._range import MAX_RANGE_VALUE, Range
from footdrop.model._routine import Prescription, Routine
from footdrop.model._rules import ProgressionRule
from footdrop.model._screening import RED_FLAGS, Screening
from footdrop.serialisation._converter import DATE_PATTERN, DATETIME_PATTERN, TIME_PATTERN
from footdrop.serialisation._json import SCHEMA_VERSION, VERSION_KEY

__all__ = [
    "DIALECT",
    "SCHEMA_BASE",
    "SHIPPED",
    "documents",
    "json_schema",
    "regenerate",
    "schema_name",
    "write_schemas",
]

#: The JSON Schema dialect footdrop's schemas use.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The base of every schema's ``$id``.
SCHEMA_BASE: Final = f"https://footdrop.readthedocs.io/schema/{SCHEMA_VERSION}/"

JSON = dict[str, Any]

# Field-specific rules a validator checks in code the schema can still say.
_FIELD_RULES: Final[dict[tuple[str, str], JSON]] = {
    ("Provenance", "field"): {"enum": list(DEFAULT_NUMBERS)},
    ("Timing", "weekdays"): {"minItems": 1, "uniqueItems": True},
    ("Window", "weekdays"): {"minItems": 1, "uniqueItems": True},
    ("Availability", "rest_weekdays"): {"uniqueItems": True},
    ("Availability", "skipped_dates"): {"uniqueItems": True},
    ("Recurrence", "except_dates"): {"uniqueItems": True},
    ("Availability", "windows"): {"minItems": 1},
    ("Routine", "items"): {"minItems": 1},
    ("ExerciseLog", "pain"): {"minimum": 0, "maximum": 10},
    ("ExerciseLog", "pain_next_morning"): {"minimum": 0, "maximum": 10},
    ("Range", "min"): {"minimum": 0, "maximum": MAX_RANGE_VALUE},
    ("Range", "max"): {"minimum": 0, "maximum": MAX_RANGE_VALUE},
    ("Answer", "flag"): {"enum": [flag.id for flag in RED_FLAGS]},
}

_SLUG: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A character text may hold: no control character but tab and newline, no lone surrogate.
_SAFE: Final = r"[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]"
# Safe text that is not blank: at least one character that is not white space.
_NOT_BLANK: Final = rf"^{_SAFE}*[^\s\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]{_SAFE}*$"
# Safe text, blank or not.
_ANY_TEXT: Final = rf"^{_SAFE}*$"


def schema_name(cls: type[Any]) -> str:
    """The file stem of *cls*'s schema: ``Routine`` -> ``routine``, ``ExerciseLog`` -> ``exercise-log``.

    Example:
        >>> import footdrop
        >>> schema_name(footdrop.ExerciseLog)
        'exercise-log'
    """  # noqa: E501
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema (2020-12) of the document ``dumps`` writes for the model *cls*.

    Nested models are ``$defs``; every object forbids unknown keys
    (``additionalProperties: false``), as :func:`~footdrop.serialisation.loads`
    does; enums list their values; whole numbers, texts and lists carry the
    bounds of footdrop's validators; the top level requires ``schema_version``
    between 1 and :data:`~footdrop.serialisation.SCHEMA_VERSION`. Fields with
    defaults are optional, as in ``loads``.

    The schema checks shape and bounds, not rules between two values (a range's
    ``min`` above its ``max``, a level outside its ranges): ``loads`` checks those.
    Whatever the schema rejects, ``loads`` rejects too.

    Args:
        cls: A footdrop model class, such as :class:`footdrop.Routine`.

    Returns:
        The schema as a JSON-ready dict.

    Raises:
        footdrop.exceptions.InvalidTypeError: *cls* is not an attrs model class.

    Example:
        >>> import footdrop
        >>> from footdrop.serialisation import json_schema
        >>> schema = json_schema(footdrop.Range)
        >>> schema["required"]
        ['schema_version', 'min', 'max']
        >>> schema["properties"]["min"]["type"], schema["properties"]["min"]["maximum"]
        ('integer', 100000)

    .. versionadded:: 0.1.0
    """
    given: Any = cls  # callers may pass anything at run time
    if not (isinstance(given, type) and attrs.has(given)):
        msg = f"'cls' must be a footdrop model class such as footdrop.Routine (got {cls!r:.60})."
        raise InvalidTypeError(msg, field="cls", value=cls, expected="an attrs class")
    builder = _Builder()
    body = builder.object_schema(cls)
    properties = {
        VERSION_KEY: {
            "description": "The version of footdrop's document format.",
            "type": "integer",
            "minimum": 1,
            "maximum": SCHEMA_VERSION,
        },
        **body["properties"],
    }
    schema: JSON = {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{schema_name(cls)}.schema.json",
        "title": f"footdrop {cls.__name__}",
        **{k: v for k, v in body.items() if k not in ("properties", "required")},
        "properties": properties,
        "required": [VERSION_KEY, *body["required"]],
    }
    definitions = {name: d for name, d in builder.definitions.items() if name != cls.__name__}
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    return schema


def _docs(cls: type[Any]) -> tuple[str, dict[str, str]]:
    """The summary line of *cls*'s docstring and its ``Args:`` entries by field name."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    summary = doc.split("\n", 1)[0].strip()
    fields: dict[str, str] = {}
    match = re.search(r"^Args:\n((?:[ ]{4}.*\n?|\n)+)", doc, re.MULTILINE)
    if match:
        current: list[str] = []
        for line in match.group(1).splitlines():
            entry = re.match(r"^ {4}([\w, ]+):\s*(.*)$", line)
            if entry and not line.startswith(" " * 8):
                current = [n.strip() for n in entry.group(1).split(",")]
                for name in current:
                    fields[name] = entry.group(2)
            elif line.strip() and current:
                for name in current:
                    fields[name] = f"{fields[name]} {line.strip()}"
    return _plain(summary), {k: _plain(v) for k, v in fields.items()}


def _plain(text: str) -> str:
    """Docstring text for a JSON reader: no reST markup, ``None`` as ``null``."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text)
    text = re.sub(r"[`*]", "", text)
    return re.sub(r"\bNone\b", "null", text).strip()


def _closure(validator: Any) -> tuple[str, dict[str, Any]]:
    """The factory that made *validator* (``"whole"``) and the values it closed over."""
    name = getattr(validator, "__qualname__", "")
    factory = name.split(".<locals>", 1)[0] if ".<locals>" in name else name
    try:
        values = dict(inspect.getclosurevars(validator).nonlocals)
    except TypeError:
        values = {}
    return factory, values


class _Builder:
    """Builds object schemas, collecting nested models as ``$defs``."""

    def __init__(self) -> None:
        self.definitions: dict[str, JSON] = {}

    def ref(self, cls: type[Any]) -> JSON:
        """A ``$ref`` to *cls*, building its definition the first time."""
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # a placeholder stops recursion
            self.definitions[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type[Any]) -> JSON:
        """The schema of one attrs model (without ``schema_version``)."""
        attrs.resolve_types(cls)
        hints = typing.get_type_hints(cls)
        summary, docs = _docs(cls)
        properties: JSON = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            name = field.alias or field.name
            schema = self.field_schema(hints[field.name], field.validator)
            rules = _FIELD_RULES.get((cls.__name__, field.name), {})
            (schema["anyOf"][0] if "anyOf" in schema else schema).update(rules)
            if name in docs:
                schema = {"description": docs[name], **schema}
            properties[name] = schema
            if field.default is attrs.NOTHING:
                required.append(name)
        out: JSON = {"type": "object"}
        if summary:
            out["description"] = summary
        out["properties"] = properties
        out["required"] = required
        out["additionalProperties"] = False
        return out

    def field_schema(self, type_: Any, validator: Any) -> JSON:  # noqa: C901, PLR0912 - one branch per attrs validator kind footdrop uses
        """The schema of one field of type *type_* checked by *validator*."""
        factory, values = _closure(validator) if validator is not None else ("", {})
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin in (typing.Union, types.UnionType):
            inner_validator = values["validator"] if factory == "optional" else validator
            branches = [self.field_schema(a, inner_validator) for a in args if a is not type(None)]
            if type(None) in args:
                branches.append({"type": "null"})
            return {"anyOf": branches}
        if origin is tuple:
            item_validator = values.get("validator") if factory == "tuple_of" else None
            schema: JSON = {"type": "array", "items": self.field_schema(args[0], item_validator)}
            if factory == "texts":
                schema["items"] = _text(values.get("max_length"))
                if values.get("min_items"):
                    schema["minItems"] = values["min_items"]
            return schema
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            schema = {"type": "integer"}
            if factory == "whole":
                schema.update(minimum=values["lo"], maximum=values["hi"])
            return schema
        if type_ is float:
            schema = {"type": "number"}
            if factory == "finite":
                schema.update(minimum=values["lo"], maximum=values["hi"])
            return schema
        if type_ is str:
            if factory == "slug" or getattr(validator, "__name__", "") == "slug":
                return {"type": "string", "minLength": 1, "maxLength": 100, "pattern": _SLUG}
            if factory == "text":
                return _text(values.get("max_length"))
            if factory == "zone":
                return {"type": "string", "minLength": 1, "pattern": _NOT_BLANK}
            return {"type": "string", "pattern": _ANY_TEXT}
        if type_ is dt.datetime:
            return {
                "type": "string",
                "format": "date-time",
                "maxLength": 64,
                "pattern": DATETIME_PATTERN,
            }
        if type_ is dt.date:
            return {
                "type": "string",
                "format": "date",
                "minLength": 10,
                "maxLength": 10,
                "pattern": DATE_PATTERN,
            }
        if type_ is dt.time:
            return {"type": "string", "minLength": 1, "maxLength": 15, "pattern": TIME_PATTERN}
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            return {"enum": [member.value for member in type_]}
        if type_ is ProgressionRule:
            return {
                "type": "object",
                "description": "A registered progression rule: its 'rule' tag and its fields.",
                "properties": {"rule": {"type": "string", "pattern": _SLUG}},
                "required": ["rule"],
            }
        if type_ is Range and factory == "_range_within":
            bound = {"type": "integer", "minimum": values["lo"], "maximum": values["hi"]}
            return {
                "type": "object",
                "properties": {"min": bound, "max": dict(bound)},
                "required": ["min", "max"],
                "additionalProperties": False,
            }
        if isinstance(type_, type) and attrs.has(type_):
            return self.ref(type_)
        msg = f"footdrop cannot describe the type {type_!r} in a JSON Schema."
        raise InvalidTypeError(msg, field="type", value=type_, expected="a footdrop field type")


def _text(max_length: Any) -> JSON:
    schema: JSON = {"type": "string", "minLength": 1, "pattern": _NOT_BLANK}
    if isinstance(max_length, int):
        schema["maxLength"] = max_length
    return schema


def documents() -> tuple[type[Any], ...]:
    """The models whose schemas ship in ``footdrop/data/schema/``, in a set order.

    Example:
        >>> [cls.__name__ for cls in documents()][:3]
        ['Routine', 'Plan', 'Exercise']
    """
    return (
        Routine,
        Plan,
        Exercise,
        Catalogue,
        Availability,
        ExerciseLog,
        Prescription,
        Dose,
        Timing,
        Decision,
        Screening,
        Review,
    )


def schema_text(cls: type[Any]) -> str:
    """*cls*'s schema as the text of its shipped file (2-space indents, a final newline)."""
    return json.dumps(json_schema(cls), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> tuple[Path, ...]:
    """Write the schema of every document in :func:`documents` to *folder*; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for cls in documents():
        path = folder / f"{schema_name(cls)}.schema.json"
        path.write_text(schema_text(cls), encoding="utf-8")
        written.append(path)
    return tuple(written)


#: Where the schemas ship inside the package.
SHIPPED: Final = Path(__file__).parent.parent / "data" / "schema"


def regenerate(folder: Path | None = None) -> None:
    """Rewrite the shipped schemas (or write them to *folder*), printing each path.

    Run it after changing a model::

        python -c "from footdrop.serialisation._schema import regenerate; regenerate()"
    """
    for path in write_schemas(SHIPPED if folder is None else folder):
        sys.stdout.write(f"wrote {path}\n")
