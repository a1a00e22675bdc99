"""The building blocks of footdrop's FHIR mapping: text safety, narrative, units and extensions.

Everything here works on plain JSON-ready dicts; nothing imports a FHIR library.
``footdrop.export._fhir_write`` (routines, logs) and ``footdrop.export._fhir_plan`` (plans)
assemble resources from these pieces, and :mod:`footdrop.export._fhir_read` reads them back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import uuid
from typing import TYPE_CHECKING, Any, Final

from footdrop.exceptions import DocumentError, InvalidTypeError, InvalidValueError, Problem
from footdrop.model._dose import Dose, Level, SupportRange, Timing
from footdrop.model._kinds import SupportLevel, Weekday
from footdrop.model._measures import TABLE, by_name
from footdrop.model._range import Range
from footdrop.model._recurrence import MAX_INTERVAL_DAYS, Recurrence

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "BASE",
    "EXT",
    "JSON",
    "UCUM",
    "XHTML",
    "FhirReader",
    "check_text",
    "dosage",
    "ext",
    "narrative",
    "new_id",
    "sub",
    "timing",
]

JSON = dict[str, Any]

#: The one canonical base of every URL footdrop defines for FHIR.
BASE: Final = "https://footdrop.readthedocs.io/fhir"
#: The prefix of footdrop's extension URLs (``EXT + "sets"``).
EXT: Final = f"{BASE}/StructureDefinition/"
#: The code system of exercise ids (``ActivityDefinition.code``, ``CarePlan`` activity codes).
EXERCISE_SYSTEM: Final = f"{BASE}/CodeSystem/exercise"
#: The code system of exercise categories (``ActivityDefinition.topic``).
CATEGORY_SYSTEM: Final = f"{BASE}/CodeSystem/category"
#: The identifier system of exercise ids (``ActivityDefinition.identifier``).
EXERCISE_ID_SYSTEM: Final = f"{BASE}/exercise-id"
#: The Unified Code for Units of Measure.
UCUM: Final = "http://unitsofmeasure.org"

_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
_NAMESPACE_BYTES: Final = _NAMESPACE.bytes
# The RFC 4122 variant puts 10 in the top two bits of byte 8: its first hex digit is one of these.
_VARIANT_DIGITS: Final = "89ab"
#: The namespace of every narrative's ``div``.
XHTML: Final = "http://www.w3.org/1999/xhtml"

# FHIR strings may hold tab, LF and CR but no other C0 control character, and
# the XML form cannot hold lone surrogates or the non-characters U+FFFE/U+FFFF.
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_WEEKDAY_CODES: Final = {
    Weekday.MONDAY: "mon",
    Weekday.TUESDAY: "tue",
    Weekday.WEDNESDAY: "wed",
    Weekday.THURSDAY: "thu",
    Weekday.FRIDAY: "fri",
    Weekday.SATURDAY: "sat",
    Weekday.SUNDAY: "sun",
}
_CODE_WEEKDAYS: Final = {code: day for day, code in _WEEKDAY_CODES.items()}
# The parts of Timing.repeat footdrop reads; any other is refused, never dropped.
_REPEAT_KEYS: Final = frozenset(
    {"frequency", "frequencyMax", "period", "periodUnit", "dayOfWeek", "boundsPeriod"}
)

#: The UCUM unit of each measure of a dose (annotations in braces count things),
#: from the measures table.
UNITS: Final = {m.name: m.unit for m in TABLE}

#: The extension name of each measure that FHIR's Dosage has no field for.
MEASURE_EXTENSIONS: Final = {m.name: m.fhir_extension for m in TABLE if m.fhir_extension}

#: The sub-extension of ``current-level`` for sessions a day and each measure.
_LEVEL_PARTS: Final = {
    "sessions_per_day": "sessions-per-day",
    **{m.name: m.fhir_level_part for m in TABLE},
}


def check_text(value: str, field: str) -> str:
    """Return *value* if a FHIR string can carry it, else raise naming *field* and the fix.

    Raises:
        footdrop.exceptions.InvalidValueError: The text holds a control character
            (other than tab, line feed and carriage return), a lone surrogate, or
            U+FFFE/U+FFFF.
    """
    found = _FORBIDDEN.search(value)
    if found is not None:
        char = found.group()
        msg = (
            f"'{field}' holds the character U+{ord(char):04X} at position {found.start()}, "
            "which FHIR text cannot carry (only tab, line feed and carriage return are "
            "allowed among control characters): remove it and export again."
        )
        raise InvalidValueError(msg, field=field, value=value[:40], fix="remove the character")
    return value


def new_id(*parts: str) -> str:
    """A stable UUID for the resource named by *parts* (the same parts, the same id)."""
    # str(uuid.uuid5(_NAMESPACE, name)) without building a UUID object (a bundle of a plan
    # in R5 needs one per planned item): the SHA-1 of the namespace and the name, with the
    # version (5) and the variant set, as uuid.uuid5 does.
    digits = hashlib.sha1(
        _NAMESPACE_BYTES + "/".join(parts).encode(), usedforsecurity=False
    ).hexdigest()
    variant = _VARIANT_DIGITS[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-5{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:32]}"


def narrative(
    title: str, *paragraphs: str, items: Sequence[str] = (), escaped_items: Sequence[str] = ()
) -> JSON:
    """A generated ``text`` element: escaped XHTML with a bold title, paragraphs and a list.

    Every argument is plain text; it is escaped here, so hostile text stays text. The one
    exception is *escaped_items*, list entries their caller has escaped already (with
    :func:`html.escape`), so that a text repeated thousands of times is escaped once.
    """
    body = [f"<p><b>{html.escape(title)}</b></p>"]
    body.extend(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
    entries = [*(html.escape(i) for i in items), *escaped_items]
    if entries:
        body.append("<ul><li>" + "</li><li>".join(entries) + "</li></ul>")
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{"".join(body)}</div>'}


_MARKDOWN_SPECIAL: Final = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(value: str) -> str:
    """Escape every ASCII punctuation mark so a markdown engine shows *value* as plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


# -- extensions -----------------------------------------------------------------------------


def ext(name: str, **value: Any) -> JSON:
    """A footdrop extension: ``{"url": EXT + name, "valueX": ...}``."""
    return {"url": EXT + name, **value}


def sub(name: str, **value: Any) -> JSON:
    """A sub-extension of a complex extension (a bare name as its url)."""
    return {"url": name, **value}


def complex_ext(name: str, parts: Iterable[JSON]) -> JSON:
    """A complex footdrop extension made of sub-extensions."""
    return {"url": EXT + name, "extension": list(parts)}


# -- quantities -----------------------------------------------------------------------------


def quantity(value: float, unit: str) -> JSON:
    """A UCUM quantity (``unit`` is both the display unit and the code)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def range_of(value: Range, unit: str) -> JSON:
    """A FHIR Range from a footdrop :class:`~footdrop.Range`."""
    return {"low": quantity(value.min, unit), "high": quantity(value.max, unit)}


# -- timing ---------------------------------------------------------------------------------


def timing(value: Timing) -> JSON:
    """A FHIR Timing: sessions a day as ``frequency``/``frequencyMax``, days as ``dayOfWeek``.

    ``days_per_week`` travels in an extension whenever it is fewer than the
    allowed weekdays (FHIR cannot say "3 of these 5 days"); spacing likewise.
    A :class:`~footdrop.Recurrence` is written both natively (``period`` *n* ``d``
    for every *n* days, ``dayOfWeek`` for named weekdays, ``boundsPeriod.start``
    for its anchor) and exactly, as the RRULE text and skipped dates in the
    ``recurrence`` extension.
    """
    repeat: JSON = {"frequency": value.sessions_per_day.min}
    if not value.sessions_per_day.is_single:
        repeat["frequencyMax"] = value.sessions_per_day.max
    recurrence = value.recurrence
    interval = None if recurrence is None else recurrence.interval_days
    repeat["period"] = interval or 1
    repeat["periodUnit"] = "d"
    due = value.weekdays if recurrence is None else recurrence.weekdays
    if len(due) < len(Weekday):
        repeat["dayOfWeek"] = [_WEEKDAY_CODES[d] for d in due]
    if recurrence is not None and recurrence.start is not None:
        repeat["boundsPeriod"] = {"start": recurrence.start.isoformat()}
    extensions = []
    if value.days_per_week != len(value.weekdays):
        extensions.append(ext("days-per-week", valueInteger=value.days_per_week))
    if value.min_spacing_minutes:
        extensions.append(
            ext("min-spacing", valueDuration=quantity(value.min_spacing_minutes, "min"))
        )
    if recurrence is not None:
        parts = [sub("rule", valueString=recurrence.rule)]
        parts += [sub("except-date", valueDate=d.isoformat()) for d in recurrence.except_dates]
        extensions.append(complex_ext("recurrence", parts))
        if due != value.weekdays:
            extensions += [ext("weekday", valueCode=_WEEKDAY_CODES[d]) for d in value.weekdays]
    out: JSON = {}
    if extensions:
        out["extension"] = extensions
    out["repeat"] = repeat
    return out


# -- doses ----------------------------------------------------------------------------------


def dosage(dose: Dose, *, text: str, sessions_per_day: Range | None, version: str) -> JSON:
    """A FHIR Dosage for a prescribed dose (ranges).

    Reps go to ``doseAndRate[0].doseRange``; the daily ceiling of reps (per side)
    to ``maxDosePerPeriod`` when *sessions_per_day* is known; sets, holds,
    letters, rounds, steps, support and rest to footdrop extensions.
    """
    extensions = _measure_extensions(dose)
    out: JSON = {"extension": extensions}
    out["text"] = text
    if dose.reps is not None:
        out["doseAndRate"] = [{"doseRange": range_of(dose.reps, UNITS["reps"])}]
        if sessions_per_day is not None:
            ceiling = dose.reps.max * dose.sets.max * sessions_per_day.max
            ratio = {
                "numerator": quantity(ceiling, UNITS["reps"]),
                "denominator": quantity(1, "d"),
            }
            out["maxDosePerPeriod"] = ratio if version == "R4" else [ratio]
    return out


def item_dosage(values: Mapping[str, Any], *, text: str) -> JSON:
    """A FHIR Dosage for one planned item (single numbers, reps as ``doseQuantity``)."""
    extensions = []
    for name, ext_name in MEASURE_EXTENSIONS.items():
        value = values.get(name)
        if value is not None:
            extensions.append(ext(ext_name, valueQuantity=quantity(value, UNITS[name])))
    if values.get("support") is not None:
        extensions.append(ext("support-level", valueCode=values["support"].value))
    extensions.append(
        ext(
            "rest-between-sets",
            valueDuration=quantity(values["rest_between_sets_seconds"], "s"),
        )
    )
    out: JSON = {"extension": extensions}
    out["text"] = text
    if values.get("reps") is not None:
        out["doseAndRate"] = [{"doseQuantity": quantity(values["reps"], UNITS["reps"])}]
    return out


def _measure_extensions(dose: Dose) -> list[JSON]:
    extensions = []
    for name, ext_name in MEASURE_EXTENSIONS.items():
        value = getattr(dose, name)
        if value is not None:
            extensions.append(ext(ext_name, valueRange=range_of(value, UNITS[name])))
    if dose.support is not None:
        extensions.append(
            complex_ext(
                "support",
                [
                    sub("easiest", valueCode=dose.support.easiest.value),
                    sub("hardest", valueCode=dose.support.hardest.value),
                ],
            )
        )
    extensions.append(
        ext("rest-between-sets", valueDuration=quantity(dose.rest_between_sets_seconds, "s"))
    )
    return extensions


def level(value: Level) -> JSON:
    """The ``current-level`` complex extension: one whole number per measure."""
    sets = by_name("sets").fhir_level_part
    parts = [
        sub(sets, valueInteger=value.sets),
        sub(_LEVEL_PARTS["sessions_per_day"], valueInteger=value.sessions_per_day),
    ]
    for measure in TABLE:
        number = getattr(value, measure.name)
        if number is not None and not measure.is_required:
            parts.append(sub(measure.fhir_level_part, valueInteger=number))
    if value.support is not None:
        parts.append(sub("support", valueCode=value.support.value))
    return complex_ext("current-level", parts)


# -- reading --------------------------------------------------------------------------------


class FhirReader:
    """Reads footdrop's own FHIR back, raising :class:`DocumentError` with a path on surprises."""

    _MISSING: Final = object()

    @staticmethod
    def fail(*, at: str, why: str) -> DocumentError:
        """The error for one problem, *why*, at the path *at*."""
        tail = " (footdrop.export.fhir.from_fhir reads bundles written by to_fhir)"
        return DocumentError([Problem(path=at, message=why + tail)])

    def get(self, node: Any, key: str, path: str, kind: type | tuple[type, ...]) -> Any:
        """``node[key]``, checked to be of *kind*."""
        if not isinstance(node, dict):
            raise self.fail(at=path, why="must be a JSON object")
        if key not in node:
            raise self.fail(at=f"{path}.{key}", why=f"'{key}' is required but missing")
        value = node[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(at=f"{path}.{key}", why=f"'{key}' has the wrong type (got {value!r})")
        if not isinstance(value, kind):
            raise self.fail(
                at=f"{path}.{key}", why=f"'{key}' has the wrong type (got {value!r:.60})"
            )
        return value

    def dig(self, node: Any, path: str, *steps: str | int, kind: type) -> Any:
        """The value at *steps* (keys and list indexes) under *node*, checked to be a *kind*."""
        for step in steps:
            if isinstance(step, int):
                if not isinstance(node, list) or len(node) <= step:
                    raise self.fail(at=path, why=f"must be a list with an item {step}")
                node = node[step]
                path = f"{path}[{step}]"
            else:
                node = self.get(node, step, path, (dict, list, str, int, float, bool))
                path = f"{path}.{step}"
        if not isinstance(node, kind) or (isinstance(node, bool) and kind is not bool):
            raise self.fail(at=path, why=f"has the wrong type (got {node!r:.60})")
        return node

    def optional_list(self, node: Any, key: str, path: str) -> list[Any]:
        """``node[key]`` if present (checked to be a list), else an empty list."""
        if isinstance(node, dict) and key not in node:
            return []
        value: list[Any] = self.get(node, key, path, list)
        return value

    def extensions(self, node: Any, name: str, path: str, *, part: bool = False) -> list[Any]:
        """Every extension of *node* named *name*, in order.

        A footdrop extension's url is ``EXT + name``; a sub-extension's (*part*) is *name*.
        """
        if not isinstance(node, dict):
            raise self.fail(at=path, why="must be a JSON object")
        found = node.get("extension", [])
        if not isinstance(found, list):
            raise self.fail(at=f"{path}.extension", why="'extension' must be a list")
        wanted = name if part else EXT + name
        return [e for e in found if isinstance(e, dict) and e.get("url") == wanted]

    def value(
        self,
        node: Any,
        name: str,
        key: str,
        path: str,
        kind: type,
        *,
        default: Any = _MISSING,
        part: bool = False,
    ) -> Any:
        """The ``value[x]`` *key* of the one extension *name* (or *default* if absent)."""
        found = self.extensions(node, name, path, part=part)
        if not found:
            if default is self._MISSING:
                raise self.fail(at=f"{path}.extension", why=f"the extension {name!r} is missing")
            return default
        if len(found) > 1:
            raise self.fail(at=f"{path}.extension", why=f"the extension {name!r} appears twice")
        return self.get(found[0], key, f"{path}.extension[{name}]", kind)

    def values(self, node: Any, name: str, key: str, path: str, kind: type) -> list[Any]:
        """The ``value[x]`` *key* of every extension *name*, in order."""
        return [
            self.get(e, key, f"{path}.extension[{name}]", kind)
            for e in self.extensions(node, name, path)
        ]

    def number(self, node: Any, path: str) -> int:
        """A whole number from a Quantity's ``value``."""
        value = self.get(node, "value", path, (int, float))
        if isinstance(value, float):
            if not value.is_integer():
                raise self.fail(at=f"{path}.value", why=f"must be a whole number (got {value})")
            value = int(value)
        return int(value)

    def range(self, node: Any, path: str) -> Range:
        """A footdrop Range from a FHIR Range."""
        low = self.number(self.get(node, "low", path, dict), f"{path}.low")
        high = self.number(self.get(node, "high", path, dict), f"{path}.high")
        return Range(min=low, max=high)

    def weekday_codes(self, codes: Any, path: str) -> tuple[Weekday, ...]:
        """Weekdays from a list of FHIR day codes (``mon`` ... ``sun``)."""
        if not isinstance(codes, list) or not all(
            isinstance(c, str) and c in _CODE_WEEKDAYS for c in codes
        ):
            raise self.fail(at=path, why=f"unknown day codes {codes!r:.80}")
        return tuple(_CODE_WEEKDAYS[c] for c in codes)

    def timing(self, node: Any, path: str) -> Timing:  # noqa: C901, PLR0912 - one branch per FHIR Timing field footdrop reads or refuses
        """A footdrop Timing from a FHIR Timing written by :func:`timing`.

        A Timing footdrop cannot say exactly (a period in other units than days,
        every *n* days on named weekdays, an end date, a count, times of day, ...)
        is refused with the path of the part, never read as something else.
        """
        if not isinstance(node, dict):
            raise self.fail(at=path, why="must be a JSON object")
        extra = sorted(set(node) - {"extension", "repeat"})
        if extra:
            raise self.fail(at=f"{path}.{extra[0]}", why=f"footdrop cannot read '{extra[0]}'")
        repeat = self.get(node, "repeat", path, dict)
        at = f"{path}.repeat"
        extra = sorted(set(repeat) - _REPEAT_KEYS)
        if extra:
            raise self.fail(
                at=f"{at}.{extra[0]}",
                why=f"footdrop cannot read '{extra[0]}' (it reads "
                + ", ".join(sorted(_REPEAT_KEYS))
                + ")",
            )
        low = self.get(repeat, "frequency", at, int)
        high = self.get(repeat, "frequencyMax", at, int) if "frequencyMax" in repeat else low
        period = self.get(repeat, "period", at, (int, float)) if "period" in repeat else 1
        if period != int(period) or not 1 <= period <= MAX_INTERVAL_DAYS:
            raise self.fail(
                at=f"{at}.period",
                why=f"must be a whole number of days within 1..{MAX_INTERVAL_DAYS} (got {period})",
            )
        period = int(period)
        unit = self.get(repeat, "periodUnit", at, str) if "periodUnit" in repeat else "d"
        if unit != "d":
            raise self.fail(
                at=f"{at}.periodUnit",
                why=f"footdrop reads periods in days ('d') only (got {unit!r:.20})",
            )
        named = None
        if "dayOfWeek" in repeat:
            named = self.weekday_codes(repeat["dayOfWeek"], f"{at}.dayOfWeek")
        anchor = self.anchor(repeat, at)
        recurrence = self.recurrence(node, path, anchor=anchor)
        if recurrence is None:
            if period > 1 and named is not None:
                raise self.fail(
                    at=f"{at}.dayOfWeek",
                    why="footdrop cannot say 'every "
                    f"{period} days on named weekdays': drop dayOfWeek or set period 1",
                )
            if period > 1 or anchor is not None:
                recurrence = Recurrence.every(days=period, start=anchor)
        else:
            written = 1 if recurrence.interval_days is None else recurrence.interval_days
            if period != written:
                raise self.fail(
                    at=f"{at}.period",
                    why=f"period {period} disagrees with the recurrence {recurrence.rule!r}",
                )
            due = recurrence.weekdays
            if (named or tuple(Weekday)) != due:
                raise self.fail(
                    at=f"{at}.dayOfWeek",
                    why=f"dayOfWeek disagrees with the recurrence {recurrence.rule!r}",
                )
        allowed = named or tuple(Weekday)
        extra_days = self.values(node, "weekday", "valueCode", path, str)
        if extra_days:
            allowed = self.weekday_codes(extra_days, f"{path}.extension[weekday]")
        days = self.value(node, "days-per-week", "valueInteger", path, int, default=len(allowed))
        spacing = self.value(node, "min-spacing", "valueDuration", path, dict, default=None)
        return Timing(
            sessions_per_day=Range(min=low, max=high),
            days_per_week=days,
            weekdays=allowed,
            min_spacing_minutes=0 if spacing is None else self.number(spacing, path),
            recurrence=recurrence,
        )

    def anchor(self, repeat: JSON, path: str) -> dt.date | None:
        """The date ``boundsPeriod.start`` names, or ``None``; an end is refused."""
        if "boundsPeriod" not in repeat:
            return None
        bounds = self.get(repeat, "boundsPeriod", path, dict)
        at = f"{path}.boundsPeriod"
        extra = sorted(set(bounds) - {"start"})
        if extra:
            raise self.fail(
                at=f"{at}.{extra[0]}",
                why="footdrop reads only a start date: a plan's own length bounds it",
            )
        text = self.get(bounds, "start", at, str)
        try:
            if len(text) != 10:
                raise ValueError(text)  # noqa: TRY301 - one message for every malformed date
            return dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(
                at=f"{at}.start", why=f"must be a date such as '2026-01-05' (got {text!r:.40})"
            ) from None

    def recurrence(self, node: JSON, path: str, *, anchor: dt.date | None) -> Recurrence | None:
        """The Recurrence of footdrop's ``recurrence`` extension, or ``None`` without one."""
        found = self.extensions(node, "recurrence", path)
        if not found:
            return None
        at = f"{path}.extension[recurrence]"
        if len(found) > 1:
            raise self.fail(at=at, why="the extension 'recurrence' appears twice")
        rule = self.value(found[0], "rule", "valueString", at, str, part=True)
        skipped = []
        for text in [
            self.get(e, "valueDate", f"{at}.extension[except-date]", str)
            for e in self.extensions(found[0], "except-date", at, part=True)
        ]:
            try:
                skipped.append(dt.date.fromisoformat(text))
            except ValueError:
                raise self.fail(
                    at=f"{at}.extension[except-date]", why=f"must be a date (got {text!r:.40})"
                ) from None
        try:
            return Recurrence(rule=rule, start=anchor, except_dates=tuple(skipped))
        except (InvalidValueError, InvalidTypeError) as error:
            raise self.fail(at=at, why=str(error)) from None

    def dose(self, node: Any, path: str) -> Dose:
        """A footdrop Dose from a FHIR Dosage written by :func:`dosage`."""
        values: JSON = {}
        for name, ext_name in MEASURE_EXTENSIONS.items():
            found = self.value(node, ext_name, "valueRange", path, dict, default=None)
            if found is not None:
                values[name] = self.range(found, f"{path}.extension[{ext_name}]")
        rates = node.get("doseAndRate")
        if rates is not None:
            rate = self.get({"r": rates}, "r", f"{path}.doseAndRate", list)
            first = self.get({"r": rate[0] if rate else None}, "r", f"{path}.doseAndRate", dict)
            values["reps"] = self.range(
                self.get(first, "doseRange", f"{path}.doseAndRate[0]", dict),
                f"{path}.doseAndRate[0].doseRange",
            )
        support = self.extensions(node, "support", path)
        if support:
            easiest = self.value(support[0], "easiest", "valueCode", path, str, part=True)
            hardest = self.value(support[0], "hardest", "valueCode", path, str, part=True)
            values["support"] = SupportRange(
                easiest=self.support_level(easiest, path), hardest=self.support_level(hardest, path)
            )
        rest = self.value(node, "rest-between-sets", "valueDuration", path, dict)
        values["rest_between_sets_seconds"] = self.number(rest, path)
        if "sets" not in values:
            raise self.fail(at=f"{path}.extension", why="the extension 'sets' is missing")
        return Dose(**values)

    def item_values(self, node: Any, path: str) -> JSON:
        """The measures of a planned item from a FHIR Dosage written by :func:`item_dosage`."""
        values: JSON = {}
        for name, ext_name in MEASURE_EXTENSIONS.items():
            found = self.value(node, ext_name, "valueQuantity", path, dict, default=None)
            values[name] = None if found is None else self.number(found, path)
        rates = node.get("doseAndRate") if isinstance(node, dict) else None
        values["reps"] = None
        if rates is not None:
            first = rates[0] if isinstance(rates, list) and rates else None
            quantity_ = self.get(first, "doseQuantity", f"{path}.doseAndRate[0]", dict)
            values["reps"] = self.number(quantity_, f"{path}.doseAndRate[0].doseQuantity")
        support = self.value(node, "support-level", "valueCode", path, str, default=None)
        values["support"] = None if support is None else self.support_level(support, path)
        rest = self.value(node, "rest-between-sets", "valueDuration", path, dict)
        values["rest_between_sets_seconds"] = self.number(rest, path)
        return values

    def support_level(self, code: str, path: str) -> SupportLevel:
        """A SupportLevel from its code."""
        try:
            return SupportLevel(code)
        except ValueError:
            raise self.fail(at=path, why=f"unknown support level {code!r:.60}") from None

    def level(self, node: Any, path: str) -> Level:
        """A footdrop Level from the ``current-level`` extension."""
        found = self.extensions(node, "current-level", path)
        if len(found) != 1:
            raise self.fail(
                at=f"{path}.extension", why="exactly one 'current-level' extension is needed"
            )
        part = found[0]
        values: JSON = {}
        for name, part_name in _LEVEL_PARTS.items():
            values[name] = self.value(
                part, part_name, "valueInteger", path, int, default=None, part=True
            )
        support = self.value(part, "support", "valueCode", path, str, default=None, part=True)
        values["support"] = None if support is None else self.support_level(support, path)
        return Level(**values)
