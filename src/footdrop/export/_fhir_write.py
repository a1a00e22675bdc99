"""Building the FHIR resources of :func:`footdrop.export.fhir.to_fhir`, one kind of input each."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Final

from footdrop.export._fhir_codec import (
    CATEGORY_SYSTEM,
    EXERCISE_ID_SYSTEM,
    EXERCISE_SYSTEM,
    JSON,
    check_text,
    complex_ext,
    dosage,
    ext,
    level,
    markdown_text,
    narrative,
    new_id,
    sub,
    timing,
)
from footdrop.export.text import describe_defaults, describe_dose
from footdrop.model._log import PAIN_LOINC
from footdrop.serialisation import make_converter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdrop.model._exercise import Exercise
    from footdrop.model._log import ExerciseLog
    from footdrop.model._routine import Prescription, Routine

__all__ = ["code_of", "logs_resources", "routine_resources", "url"]

_PROGRAMME_TITLE: Final = "Home exercise programme for foot drop"
_LOINC: Final = "http://loinc.org"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_PAIN_DISPLAY: Final = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"


# -- shared pieces --------------------------------------------------------------------------


def url(resource_id: str) -> str:
    """The ``fullUrl`` of the resource *resource_id*."""
    return f"urn:uuid:{resource_id}"


def code_of(exercise_id: str, name: str | None) -> JSON:
    coding: JSON = {"system": EXERCISE_SYSTEM, "code": exercise_id}
    if name is not None:
        coding["display"] = name
    return {"coding": [coding], "text": name if name is not None else exercise_id}


def _texts(values: Sequence[str], field: str) -> list[str]:
    return [check_text(v, f"{field}[{i}]") for i, v in enumerate(values)]


# -- routines -------------------------------------------------------------------------------


def routine_resources(routine: Routine, key: str, version: str, subject: JSON) -> list[JSON]:
    """The CarePlan, ActivityDefinitions (and R5 ServiceRequests) of *routine*."""
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
                "instantiatesCanonical": [url(ad_id)],
                "code": code_of(p.exercise.id, name),
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
                    "instantiatesCanonical": [url(ad_id)],
                    "status": "active",
                    "intent": "plan",
                    "code": {"concept": code_of(p.exercise.id, name)},
                    "subject": subject,
                    "occurrenceTiming": timing(p.timing),
                    "patientInstruction": [{"instructionMarkdown": markdown_text(words)}],
                }
            )
            activities.append(
                {"plannedActivityReference": {"reference": url(sr_id), "display": name}}
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
        "url": url(ad_id),
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
        "code": code_of(exercise.id, name),
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


# -- pain logs ------------------------------------------------------------------------------


def logs_resources(logs: Sequence[ExerciseLog], key: str, subject: JSON) -> list[JSON]:
    """One pain Observation per score in *logs*."""
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
