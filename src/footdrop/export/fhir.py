"""FHIR R4 and R5 exports of routines, plans and pain logs, as plain JSON-ready dicts.

:func:`to_fhir` turns a :class:`~footdrop.Routine`, a :class:`~footdrop.Plan` or a
sequence of :class:`~footdrop.ExerciseLog` into a FHIR ``Bundle`` of type
``collection``; :func:`from_fhir` reads a routine's bundle back, and
:func:`plan_from_fhir` a plan's. No FHIR library
is needed at run time: the output is ``dict``/``list``/``str``/``int``/``float``/
``bool`` only, ready for ``json.dumps``.

The mapping, and every footdrop extension (all under
``https://footdrop.readthedocs.io/fhir/StructureDefinition/``), is documented in
the reference page "FHIR mapping".

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Final, Literal

from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.export._checks import routine_argument
from footdrop.export._fhir_codec import BASE, EXT, JSON, check_text, new_id
from footdrop.export._fhir_json import json_engine
from footdrop.export._fhir_plan import plan_parts, plan_resources, plan_text
from footdrop.export._fhir_read import read_plan, read_routine
from footdrop.export._fhir_write import logs_resources, routine_resources, url
from footdrop.model._log import ExerciseLog
from footdrop.model._plan import Plan
from footdrop.model._routine import Routine
from footdrop.serialisation import dumps

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


__all__ = ["BASE", "EXT", "FhirVersion", "from_fhir", "plan_from_fhir", "to_fhir", "to_fhir_json"]

#: The FHIR versions :func:`to_fhir` writes.
FhirVersion = Literal["R4", "R5"]

_VERSIONS: Final = ("R4", "R5")
_DEFAULT_SUBJECT: Final = {"display": "The person following this programme"}


def to_fhir(
    obj: Routine | Plan | Sequence[ExerciseLog],
    *,
    version: FhirVersion = "R4",
    subject: str | None = None,
    routine: Routine | None = None,
) -> dict[str, Any]:
    """Export a routine, a plan or pain logs as a FHIR ``Bundle`` (type ``collection``).

    * A :class:`~footdrop.Routine` becomes a ``CarePlan`` plus one
      ``ActivityDefinition`` per prescription, carrying the prescribed
      ``timingTiming`` and ``dosage``. In R4 each ``CarePlan.activity.detail``
      carries ``kind``, ``code``, ``status``, ``scheduledTiming`` and
      ``description``; in R5 (which has no ``activity.detail``) each activity's
      ``plannedActivityReference`` points to a ``ServiceRequest`` with
      ``occurrenceTiming``.
    * A :class:`~footdrop.Plan` becomes one ``CarePlan`` whose activities are the
      planned items, each dated by its session (R4 ``scheduledPeriod``; R5 a
      ``ServiceRequest`` with ``occurrencePeriod``). Each distinct item (exercise,
      side and dose) is one ``ActivityDefinition`` with the ``code`` and ``dosage``,
      which every activity doing it names in ``instantiatesCanonical``.
    * A sequence of :class:`~footdrop.ExerciseLog` becomes one ``Observation``
      (LOINC 72514-3, ``valueInteger``) per pain score recorded, during the
      exercise or the next morning.

    What FHIR has no field for travels in footdrop extensions under
    :data:`EXT`. Resource ids are UUIDs derived from the content, so the same
    input always gives the same bundle. Narratives are escaped XHTML.

    Args:
        obj: The routine, plan or logs.
        version: ``"R4"`` or ``"R5"``.
        subject: A FHIR reference to the patient (``"Patient/123"``); without one,
            ``subject`` holds only a display text.
        routine: For a plan only: the routine it was scheduled from, whose exercise
            names label the activities (without it, or for an exercise it lacks,
            the label is the exercise id).

    Returns:
        The ``Bundle`` as a plain dict.

    Raises:
        footdrop.exceptions.InvalidValueError: *version* is unknown, or a text holds a
            control character that FHIR strings cannot carry (tab, line feed and
            carriage return are fine).
        footdrop.exceptions.InvalidTypeError: *obj* is none of the above, or
            *routine* is given for something that is not a plan.

    Example:
        >>> import footdrop
        >>> from footdrop.export.fhir import from_fhir, to_fhir
        >>> exercise = footdrop.Exercise(
        ...     id="ankle-eversion", name="Ankle eversion",
        ...     category=footdrop.Category.ANKLE_STRENGTH, position=footdrop.Position.SEATED,
        ...     laterality=footdrop.Laterality.BOTH_TOGETHER, steps=["Turn both soles outward."],
        ...     dose=footdrop.Dose(sets=footdrop.Range(min=1, max=1),
        ...                        reps=footdrop.Range(min=10, max=15)),
        ...     timing=footdrop.Timing(sessions_per_day=footdrop.Range(min=2, max=3)))
        >>> routine = footdrop.Routine(affected=footdrop.Side.LEFT,
        ...                            items=[footdrop.Prescription(exercise=exercise)])
        >>> bundle = to_fhir(routine)
        >>> [e["resource"]["resourceType"] for e in bundle["entry"]]
        ['CarePlan', 'ActivityDefinition']
        >>> bundle["entry"][1]["resource"]["timingTiming"]["repeat"]
        {'frequency': 2, 'frequencyMax': 3, 'period': 1, 'periodUnit': 'd'}
        >>> from_fhir(bundle) == routine
        True

    .. versionadded:: 0.1.0
    """
    ref = _checked(obj, version, subject, routine)
    if isinstance(obj, Routine):
        key = "routine/" + _digest(obj)
        resources = routine_resources(obj, key, version, ref)
    elif isinstance(obj, Plan):
        parts = plan_parts(obj, version, ref, _names(routine))
        key, resources = parts.key, plan_resources(parts)
    elif isinstance(obj, list | tuple) and all(isinstance(x, ExerciseLog) for x in obj):
        key = "logs/" + _digest(list(obj))
        resources = logs_resources(obj, key, ref)
    else:
        msg = (
            "'obj' must be a footdrop.Routine, a footdrop.Plan or a list of footdrop.ExerciseLog "
            f"(got {type(obj).__name__})."
        )
        raise InvalidTypeError(msg, field="obj", value=obj, expected="Routine | Plan | list")
    bundle: JSON = {"resourceType": "Bundle", "id": new_id(key, "Bundle"), "type": "collection"}
    if resources:
        bundle["entry"] = [{"fullUrl": url(r["id"]), "resource": r} for r in resources]
    return bundle


def to_fhir_json(
    obj: Routine | Plan | Sequence[ExerciseLog],
    *,
    version: FhirVersion = "R4",
    subject: str | None = None,
    routine: Routine | None = None,
    indent: int | None = None,
) -> str:
    """The bundle of :func:`to_fhir` as JSON text, compact unless an *indent* is given.

    Compact text is ``json.dumps(to_fhir(...), ensure_ascii=False, separators=(",", ":"))``
    byte for byte. It is written with orjson when that is installed
    (``pip install 'footdrop[fast]'``), else by the standard library, and the text is
    the same either way: a value orjson would spell otherwise (a float such as
    ``1e-05``) is left to the standard library. A plan's text is put together from
    pieces encoded once (the CarePlan's own fields, each definition), not by encoding
    every activity. Indented text is always the standard library's.

    Args:
        obj: The routine, plan or logs.
        version: ``"R4"`` or ``"R5"``.
        subject: A FHIR reference to the patient, as for :func:`to_fhir`.
        routine: For a plan only: the routine that names its exercises.
        indent: Spaces per level for people to read, or ``None`` for compact JSON.

    Returns:
        The JSON text of the ``Bundle``.

    Raises:
        footdrop.exceptions.InvalidValueError: As for :func:`to_fhir`.
        footdrop.exceptions.InvalidTypeError: As for :func:`to_fhir`.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.export.fhir import to_fhir_json
        >>> plan = footdrop.Plan(tz="Europe/London",
        ...                      days=[footdrop.DayPlan(date=dt.date(2026, 11, 24), sessions=[])])
        >>> to_fhir_json(plan)[:40]
        '{"resourceType":"Bundle","id":"46a33774-'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The same bytes with or without orjson; a plan's text is built from shared pieces.
    """
    if indent is not None:
        bundle = to_fhir(obj, version=version, subject=subject, routine=routine)
        return json.dumps(bundle, indent=indent, ensure_ascii=False)
    encode = json_engine()
    if isinstance(obj, Plan):
        ref = _checked(obj, version, subject, routine)
        parts = plan_parts(obj, version, ref, _names(routine))
        return plan_text(parts, new_id(parts.key, "Bundle"), encode)
    return encode(to_fhir(obj, version=version, subject=subject, routine=routine))


def from_fhir(bundle: Mapping[str, Any]) -> Routine:
    """Read a routine back from a bundle written by :func:`to_fhir` (R4 or R5).

    ``from_fhir(to_fhir(routine)) == routine`` for every routine.

    Args:
        bundle: The ``Bundle`` as a dict (for example ``json.loads(text)``).

    Returns:
        The routine.

    Raises:
        footdrop.exceptions.DocumentError: The bundle is not a routine written by
            :func:`to_fhir`, or a value in it breaks a rule of the models, or an edit
            stops or pauses care (``doNotPerform``, an activity or CarePlan status
            such as cancelled or revoked, a timing footdrop cannot follow); each
            problem names its path in the bundle. An edited timing footdrop can
            follow is read into the routine.

    Example:
        >>> from footdrop.export.fhir import from_fhir
        >>> from_fhir({"resourceType": "Bundle", "type": "collection"})
        Traceback (most recent call last):
        ...
        footdrop.exceptions.DocumentError: the document has 1 problem(s):
          - the bundle holds no CarePlan of a footdrop routine (footdrop.export.fhir.from_fhir reads bundles written by to_fhir) @ $.entry

    .. versionadded:: 0.1.0
    """  # noqa: E501
    return read_routine(bundle)


def plan_from_fhir(bundle: Mapping[str, Any]) -> Plan:
    """Read a dated plan back from a bundle written by :func:`to_fhir` (R4 or R5).

    ``plan_from_fhir(to_fhir(plan)) == plan`` for every plan: its days (rest days
    included), sessions, items and fallbacks all travel in the bundle.

    Args:
        bundle: The ``Bundle`` as a dict.

    Returns:
        The plan, its times in the plan's time zone.

    Raises:
        footdrop.exceptions.DocumentError: The bundle is not a plan written by
            :func:`to_fhir`, or a value in it breaks a rule of the models, or an edit
            stops, pauses or moves care (``doNotPerform``, an item or CarePlan status
            such as cancelled or revoked, an item whose period no longer matches its
            session); each problem names its path. An item marked completed is read
            as planned.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.export.fhir import plan_from_fhir, to_fhir
        >>> plan = footdrop.Plan(tz="Europe/London",
        ...                      days=[footdrop.DayPlan(date=dt.date(2026, 11, 24), sessions=[])])
        >>> plan_from_fhir(to_fhir(plan, version="R5")) == plan
        True

    .. versionadded:: 0.1.0
    """
    return read_plan(bundle)


# -- helpers --------------------------------------------------------------------------------


def _checked(obj: object, version: str, subject: str | None, routine: Routine | None) -> JSON:
    """The subject reference, once *version* and *routine* are known to fit *obj*."""
    if version not in _VERSIONS:
        msg = f"'version' must be 'R4' or 'R5' (got {version!r})."
        raise InvalidValueError(msg, field="version", value=version, fix="use 'R4' or 'R5'")
    ref = _subject(subject)
    if routine is not None and not isinstance(obj, Plan):
        msg = (
            f"'routine' labels the activities of a plan, but 'obj' is a {type(obj).__name__}: "
            "leave 'routine' out."
        )
        raise InvalidTypeError(msg, field="routine", value=routine, expected="None")
    return ref


def _digest(obj: Any) -> str:
    text = dumps(obj, indent=None)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _subject(subject: str | None) -> JSON:
    if subject is None:
        return dict(_DEFAULT_SUBJECT)
    given: Any = subject  # callers may pass anything at run time
    if not isinstance(given, str) or not given.strip() or any(c.isspace() for c in given):
        msg = (
            f"'subject' must be a FHIR reference such as 'Patient/123' without spaces "
            f"(got {subject!r:.60})."
        )
        raise InvalidValueError(msg, field="subject", value=subject, fix="use 'Patient/<id>'")
    return {"reference": check_text(subject, "subject")}


def _names(routine: Routine | None) -> dict[str, str]:
    given = routine_argument(routine)  # callers may pass anything at run time
    if given is None:
        return {}
    return {
        p.exercise.id: check_text(p.exercise.name, f"routine.items[{p.exercise.id}].exercise.name")
        for p in given.items
    }
