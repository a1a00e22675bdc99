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

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any, Final, Literal

from footdrop._log import PAIN_LOINC, ExerciseLog
from footdrop._plan import Plan, PlanItem
from footdrop._routine import Prescription, Routine
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.export._fhir_codec import (
    BASE,
    CATEGORY_SYSTEM,
    EXERCISE_ID_SYSTEM,
    EXERCISE_SYSTEM,
    EXT,
    JSON,
    check_text,
    complex_ext,
    dosage,
    ext,
    item_dosage,
    level,
    markdown_text,
    narrative,
    new_id,
    sub,
    timing,
)
from footdrop.export._fhir_read import read_plan, read_routine
from footdrop.export.text import describe_defaults, describe_dose, describe_item
from footdrop.serialisation import dumps, make_converter

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from footdrop._exercise import Exercise

__all__ = ["BASE", "EXT", "FhirVersion", "from_fhir", "plan_from_fhir", "to_fhir"]

#: The FHIR versions :func:`to_fhir` writes.
FhirVersion = Literal["R4", "R5"]

_VERSIONS: Final = ("R4", "R5")
_PROGRAMME_TITLE: Final = "Home exercise programme for foot drop"
_PLAN_TITLE: Final = "Dated exercise plan for foot drop"
_DEFAULT_SUBJECT: Final = {"display": "The person following this programme"}
_LOINC: Final = "http://loinc.org"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_PAIN_DISPLAY: Final = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"


def to_fhir(
    obj: Routine | Plan | Sequence[ExerciseLog],
    *,
    version: FhirVersion = "R4",
    subject: str | None = None,
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
      ``ServiceRequest`` with ``occurrencePeriod``).
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

    Returns:
        The ``Bundle`` as a plain dict.

    Raises:
        footdrop.exceptions.InvalidValueError: *version* is unknown, or a text holds a
            control character that FHIR strings cannot carry (tab, line feed and
            carriage return are fine).
        footdrop.exceptions.InvalidTypeError: *obj* is none of the above.

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
    if version not in _VERSIONS:
        msg = f"'version' must be 'R4' or 'R5' (got {version!r})."
        raise InvalidValueError(msg, field="version", value=version, fix="use 'R4' or 'R5'")
    ref = _subject(subject)
    if isinstance(obj, Routine):
        key = "routine/" + _digest(obj)
        resources = _routine(obj, key, version, ref)
    elif isinstance(obj, Plan):
        key = "plan/" + _digest(obj)
        resources = _plan(obj, key, version, ref)
    elif isinstance(obj, list | tuple) and all(isinstance(x, ExerciseLog) for x in obj):
        key = "logs/" + _digest(list(obj))
        resources = _logs(obj, key, ref)
    else:
        msg = (
            "'obj' must be a footdrop.Routine, a footdrop.Plan or a list of footdrop.ExerciseLog "
            f"(got {type(obj).__name__})."
        )
        raise InvalidTypeError(msg, field="obj", value=obj, expected="Routine | Plan | list")
    bundle: JSON = {"resourceType": "Bundle", "id": new_id(key, "Bundle"), "type": "collection"}
    if resources:
        bundle["entry"] = [{"fullUrl": _url(r["id"]), "resource": r} for r in resources]
    return bundle


def from_fhir(bundle: Mapping[str, Any]) -> Routine:
    """Read a routine back from a bundle written by :func:`to_fhir` (R4 or R5).

    ``from_fhir(to_fhir(routine)) == routine`` for every routine.

    Args:
        bundle: The ``Bundle`` as a dict (for example ``json.loads(text)``).

    Returns:
        The routine.

    Raises:
        footdrop.exceptions.DocumentError: The bundle is not a routine written by
            :func:`to_fhir`, or a value in it breaks a rule of the models; each
            problem names its path in the bundle.

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
            :func:`to_fhir`, or a value in it breaks a rule of the models.

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


# -- shared pieces --------------------------------------------------------------------------


def _digest(obj: Any) -> str:
    text = dumps(obj, indent=None)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _url(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


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


def _code(exercise_id: str, name: str | None) -> JSON:
    coding: JSON = {"system": EXERCISE_SYSTEM, "code": exercise_id}
    if name is not None:
        coding["display"] = name
    return {"coding": [coding], "text": name if name is not None else exercise_id}


def _texts(values: Sequence[str], field: str) -> list[str]:
    return [check_text(v, f"{field}[{i}]") for i, v in enumerate(values)]


# -- routines -------------------------------------------------------------------------------


def _routine(routine: Routine, key: str, version: str, subject: JSON) -> list[JSON]:
    converter = make_converter()
    extensions = [
        ext("affected-side", valueCode=routine.affected.value),
        ext("baseline-pain", valueInteger=routine.baseline_pain),
    ]
    extensions.extend(
        ext("progression-rule", valueString=json.dumps(converter.unstructure(rule)))
        for rule in routine.rules
    )
    activities: list[JSON] = []
    others: list[JSON] = []
    lines: list[str] = []
    for p in routine.items:
        name = check_text(p.exercise.name, f"items[{p.exercise.id}].exercise.name")
        ad_id = new_id(key, p.exercise.id, "ActivityDefinition")
        words = describe_dose(p, routine.affected)
        lines.append(f"{name}: {words}")
        others.append(_activity_definition(p, name, words, ad_id, version))
        detail_ext = _prescription_extensions(p)
        if version == "R4":
            detail = {
                "extension": detail_ext,
                "kind": "ServiceRequest",
                "instantiatesCanonical": [_url(ad_id)],
                "code": _code(p.exercise.id, name),
                "status": "scheduled",
                "doNotPerform": False,
                "scheduledTiming": timing(p.timing),
                "description": f"{name}: {words}",
            }
            activities.append({"detail": detail})
        else:
            sr_id = new_id(key, p.exercise.id, "ServiceRequest")
            others.append(
                {
                    "resourceType": "ServiceRequest",
                    "id": sr_id,
                    "text": narrative(name, words),
                    "extension": detail_ext,
                    "instantiatesCanonical": [_url(ad_id)],
                    "status": "active",
                    "intent": "plan",
                    "code": {"concept": _code(p.exercise.id, name)},
                    "subject": subject,
                    "occurrenceTiming": timing(p.timing),
                    "patientInstruction": [{"instructionMarkdown": markdown_text(words)}],
                }
            )
            activities.append(
                {"plannedActivityReference": {"reference": _url(sr_id), "display": name}}
            )
    care_plan = {
        "resourceType": "CarePlan",
        "id": new_id(key, "CarePlan"),
        "text": narrative(
            _PROGRAMME_TITLE, f"Affected side: {routine.affected.value}.", items=lines
        ),
        "extension": extensions,
        "status": "active",
        "intent": "plan",
        "title": _PROGRAMME_TITLE,
        "subject": subject,
        "activity": activities,
    }
    return [care_plan, *others]


def _measures(source: Prescription | PlanItem) -> JSON:
    names = ("reps", "hold_seconds", "letters", "rounds", "steps", "support")
    holder = source.dose if isinstance(source, Prescription) else source
    return {name: getattr(holder, name) for name in names}


def _activity_definition(p: Prescription, name: str, words: str, ad_id: str, version: str) -> JSON:
    exercise = p.exercise
    where = f"items[{exercise.id}].exercise"
    steps = _texts(exercise.steps, f"{where}.steps")
    muscles = _texts(exercise.target_muscles, f"{where}.target_muscles")
    extensions = [
        ext("position", valueCode=exercise.position.value),
        ext("laterality", valueCode=exercise.laterality.value),
        *(ext("step", valueString=s) for s in steps),
        *(
            ext("equipment", valueString=s)
            for s in _texts(exercise.equipment, f"{where}.equipment")
        ),
        *(ext("tip", valueString=s) for s in _texts(exercise.tips, f"{where}.tips")),
        *(ext("caution", valueString=s) for s in _texts(exercise.cautions, f"{where}.cautions")),
        ext("is-loaded", valueBoolean=exercise.is_loaded),
        *_provenance(exercise, where),
    ]
    if exercise.dose != p.dose:
        extensions.append(
            ext(
                "default-dose",
                valueDosage=dosage(
                    exercise.dose,
                    text=describe_defaults(exercise),
                    sessions_per_day=None,
                    version=version,
                ),
            )
        )
    if exercise.timing != p.timing:
        extensions.append(ext("default-timing", valueTiming=timing(exercise.timing)))
    description = "\n".join(f"{i}. {markdown_text(s)}" for i, s in enumerate(steps, start=1))
    resource: JSON = {
        "resourceType": "ActivityDefinition",
        "id": ad_id,
        "text": narrative(name, words, items=steps),
        "extension": extensions,
        "url": _url(ad_id),
        "identifier": [{"system": EXERCISE_ID_SYSTEM, "value": exercise.id}],
        "title": name,
        "status": "active",
        "description": description,
        "topic": [
            {
                "coding": [{"system": CATEGORY_SYSTEM, "code": exercise.category.value}],
                "text": exercise.category.value,
            }
        ],
        "kind": "ServiceRequest",
        "code": _code(exercise.id, name),
        "timingTiming": timing(p.timing),
        "dosage": [
            dosage(p.dose, text=words, sessions_per_day=p.timing.sessions_per_day, version=version)
        ],
    }
    if muscles:
        resource["bodySite"] = [{"text": m} for m in muscles]
    return resource


def _provenance(exercise: Exercise, where: str) -> list[JSON]:
    found = []
    for i, entry in enumerate(exercise.provenance):
        parts = [
            sub("field", valueString=entry.field),
            sub("basis", valueCode=entry.basis.value),
        ]
        for name in ("quote", "reason", "source"):
            text = getattr(entry, name)
            if text is not None:
                check_text(text, f"{where}.provenance[{i}].{name}")
                parts.append(sub(name, valueString=text))
        found.append(complex_ext("provenance", parts))
    return found


def _prescription_extensions(p: Prescription) -> list[JSON]:
    where = f"items[{p.exercise.id}]"
    found = [
        ext("sides", valueCode=p.sides.value),
        level(p.current),
        ext("is-locked", valueBoolean=p.is_locked),
    ]
    if p.changed_on is not None:
        found.append(ext("changed-on", valueDate=p.changed_on.isoformat()))
    if p.review is not None:
        found.append(ext("review", valueString=check_text(p.review, f"{where}.review")))
    for i, parameter in enumerate(p.parameters):
        unit = check_text(parameter.unit, f"{where}.parameters[{i}].unit")
        found.append(
            complex_ext(
                "parameter",
                [
                    sub(
                        "name",
                        valueString=check_text(parameter.name, f"{where}.parameters[{i}].name"),
                    ),
                    sub("value", valueQuantity={"value": parameter.value, "unit": unit}),
                ],
            )
        )
    return found


# -- plans ----------------------------------------------------------------------------------


def _instant(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        value = value.astimezone(dt.UTC)  # FHIR offsets have no seconds
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _plan(plan: Plan, key: str, version: str, subject: JSON) -> list[JSON]:
    extensions = [ext("time-zone", valueCode=plan.tz)]
    extensions.extend(ext("plan-day", valueDate=day.date.isoformat()) for day in plan.days)
    activities: list[JSON] = []
    others: list[JSON] = []
    lines: list[str] = []
    for d, day in enumerate(plan.days, start=1):
        for i, fallback in enumerate(day.fallbacks):
            where = f"days[{d - 1}].fallbacks[{i}]"
            extensions.append(
                complex_ext(
                    "fallback",
                    [
                        sub("day", valueInteger=d),
                        sub("date", valueDate=fallback.on.isoformat()),
                        sub("exercise-id", valueCode=fallback.exercise_id),
                        sub("lever", valueString=check_text(fallback.lever, f"{where}.lever")),
                        sub("wanted", valueInteger=fallback.wanted),
                        sub("planned", valueInteger=fallback.planned),
                        sub("reason", valueString=check_text(fallback.reason, f"{where}.reason")),
                    ],
                )
            )
        for s, session in enumerate(day.sessions, start=1):
            period = {"start": _instant(session.start), "end": _instant(session.end)}
            extensions.append(
                complex_ext(
                    "plan-session",
                    [
                        sub("day", valueInteger=d),
                        sub("start", valueDateTime=period["start"]),
                        sub("end", valueDateTime=period["end"]),
                    ],
                )
            )
            for n, item in enumerate(session.items):
                words = _item_words(item)
                lines.append(f"{period['start']} to {period['end']}: {item.exercise_id}, {words}")
                item_ext = [
                    ext("day", valueInteger=d),
                    ext("session", valueInteger=s),
                    ext("dose", valueDosage=item_dosage(_item_values(item), text=words)),
                ]
                if item.side is not None:
                    item_ext.append(ext("side", valueCode=item.side.value))
                if version == "R4":
                    detail = {
                        "extension": item_ext,
                        "kind": "ServiceRequest",
                        "code": _code(item.exercise_id, None),
                        "status": "scheduled",
                        "doNotPerform": False,
                        "scheduledPeriod": period,
                        "description": f"{item.exercise_id}: {words}",
                    }
                    activities.append({"detail": detail})
                    continue
                sr_id = new_id(key, str(d), str(s), str(n), "ServiceRequest")
                others.append(
                    {
                        "resourceType": "ServiceRequest",
                        "id": sr_id,
                        "text": narrative(item.exercise_id, words, period["start"]),
                        "extension": item_ext,
                        "status": "active",
                        "intent": "plan",
                        "code": {"concept": _code(item.exercise_id, None)},
                        "subject": subject,
                        "occurrencePeriod": period,
                    }
                )
                activities.append(
                    {
                        "plannedActivityReference": {
                            "reference": _url(sr_id),
                            "display": item.exercise_id,
                        }
                    }
                )
    care_plan: JSON = {
        "resourceType": "CarePlan",
        "id": new_id(key, "CarePlan"),
        "text": narrative(_PLAN_TITLE, f"Time zone: {plan.tz}.", items=lines),
        "extension": extensions,
        "status": "active",
        "intent": "plan",
        "title": _PLAN_TITLE,
        "subject": subject,
    }
    if plan.days:
        care_plan["period"] = {
            "start": min(d.date for d in plan.days).isoformat(),
            "end": max(d.date for d in plan.days).isoformat(),
        }
    if activities:
        care_plan["activity"] = activities
    return [care_plan, *others]


def _item_values(item: PlanItem) -> JSON:
    return {
        "sets": item.sets,
        **_measures(item),
        "rest_between_sets_seconds": item.rest_between_sets_seconds,
    }


def _item_words(item: PlanItem) -> str:
    return describe_item(item)


# -- pain logs ------------------------------------------------------------------------------


def _logs(logs: Sequence[ExerciseLog], key: str, subject: JSON) -> list[JSON]:
    found = []
    for i, log in enumerate(logs):
        notes = [] if log.notes is None else [check_text(log.notes, f"logs[{i}].notes")]
        where = f"{log.exercise_id}" + (f" ({log.side.value} side)" if log.side else "")
        for timepoint, score, day in (
            ("during", log.pain, log.on),
            ("next-morning", log.pain_next_morning, log.on + dt.timedelta(days=1)),
        ):
            if score is None:
                continue
            if timepoint == "during":
                note = f"Pain during {where}, session {log.session}, on {log.on.isoformat()}."
            else:
                note = f"Pain the morning after {where}, session {log.session} of {log.on}."
            extensions = [
                ext("exercise-id", valueCode=log.exercise_id),
                ext("pain-timepoint", valueCode=timepoint),
                ext("session", valueInteger=log.session),
            ]
            if log.side is not None:
                extensions.append(ext("side", valueCode=log.side.value))
            found.append(
                {
                    "resourceType": "Observation",
                    "id": new_id(key, str(i), timepoint, "Observation"),
                    "text": narrative(f"Pain {score}/10", note, *notes),
                    "extension": extensions,
                    "status": "final",
                    "category": [{"coding": [{"system": _OBSERVATION_CATEGORY, "code": "survey"}]}],
                    "code": {
                        "coding": [
                            {"system": _LOINC, "code": PAIN_LOINC, "display": _PAIN_DISPLAY}
                        ],
                        "text": "Pain severity (0-10)",
                    },
                    "subject": subject,
                    "effectiveDateTime": day.isoformat(),
                    "valueInteger": score,
                    "note": [{"text": note}, *({"text": n} for n in notes)],
                }
            )
    return found
