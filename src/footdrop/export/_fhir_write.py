"""Building the FHIR resources of :func:`footdrop.export.fhir.to_fhir`, one kind of input each."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from typing import TYPE_CHECKING, Final

import attrs

from footdrop.export._fhir_codec import (
    CATEGORY_SYSTEM,
    EXERCISE_ID_SYSTEM,
    EXERCISE_SYSTEM,
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
from footdrop.export.text import describe_defaults, describe_dose, describe_item
from footdrop.model._log import PAIN_LOINC
from footdrop.model._measures import OPTIONAL
from footdrop.model._routine import Prescription
from footdrop.serialisation import dumps, make_converter

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from footdrop.model._exercise import Exercise
    from footdrop.model._log import ExerciseLog
    from footdrop.model._plan import Plan, PlanItem
    from footdrop.model._routine import Routine

__all__ = ["logs_resources", "plan_resources", "routine_resources", "url"]

_PROGRAMME_TITLE: Final = "Home exercise programme for foot drop"
_PLAN_TITLE: Final = "Dated exercise plan for foot drop"
_LOINC: Final = "http://loinc.org"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_PAIN_DISPLAY: Final = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"


# -- shared pieces --------------------------------------------------------------------------


def url(resource_id: str) -> str:
    """The ``fullUrl`` of the resource *resource_id*."""
    return f"urn:uuid:{resource_id}"


def _code(exercise_id: str, name: str | None) -> JSON:
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
                    "instantiatesCanonical": [url(ad_id)],
                    "status": "active",
                    "intent": "plan",
                    "code": {"concept": _code(p.exercise.id, name)},
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


def _measures(source: Prescription | PlanItem) -> JSON:
    names = (*(m.name for m in OPTIONAL), "support")
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


def plan_resources(  # noqa: C901 - one pass over days, sessions and items builds the digest, then one writes the activities
    plan: Plan, version: str, subject: JSON, names: Mapping[str, str]
) -> tuple[str, list[JSON]]:
    """The key, CarePlan, ActivityDefinitions (and R5 ServiceRequests) of *plan*.

    Each distinct item is worded and given a dosage once, in one ``ActivityDefinition``
    that every activity doing it names in ``instantiatesCanonical``. The key, on which
    every resource id depends, is a digest of what the bundle holds: the zone, the screening,
    the dates, the sessions' instants, the distinct items and which session does which; the plan is
    not written as JSON again to find it. *names* maps exercise ids to names.
    """
    digest = hashlib.sha256(f"{plan.tz}\n".encode())
    distinct: dict[PlanItem, int] = {}
    seen: dict[int, int] = {}  # id(item) -> its index: the scheduler shares item objects
    rows: list[tuple[int, int, JSON, list[int]]] = []
    extensions = [ext("time-zone", valueCode=plan.tz)]
    if plan.screening is not None:
        # The red-flag screening the plan was made under, as footdrop's JSON of it.
        screening = dumps(plan.screening, indent=None)
        extensions.append(ext("screening", valueString=screening))
        digest.update(f"screening {screening}\n".encode("utf-8", "surrogatepass"))
    extensions.extend(ext("plan-day", valueDate=day.date.isoformat()) for day in plan.days)
    for d, day in enumerate(plan.days, start=1):
        digest.update(f"day {day.date.isoformat()}\n".encode())
        for i, fallback in enumerate(day.fallbacks):
            where = f"days[{d - 1}].fallbacks[{i}]"
            digest.update(f"fallback {d} {dumps(fallback)}\n".encode("utf-8", "surrogatepass"))
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
            indexes = []
            for item in session.items:
                n = seen.get(id(item))
                if n is None:
                    n = seen[id(item)] = distinct.setdefault(item, len(distinct))
                indexes.append(n)
            rows.append((d, s, period, indexes))
            digest.update(f"session {d} {period['start']} {period['end']} {indexes}\n".encode())
    for item in distinct:
        digest.update(f"item {dumps(item)}\n".encode("utf-8", "surrogatepass"))
    key = "plan/" + digest.hexdigest()[:32]
    definitions = [_item_definition(item, n, key, names) for item, n in distinct.items()]

    activities: list[JSON] = []
    others: list[JSON] = []
    lines: list[str] = []
    for d, s, period, indexes in rows:
        # Parts equal for every item of the session are one object (copy before editing).
        numbers = [ext("day", valueInteger=d), ext("session", valueInteger=s)]
        span = f"{period['start']} to {period['end']}: "  # digits and signs: nothing to escape
        for n, index in enumerate(indexes):
            definition = definitions[index]
            lines.append(span + definition.line)
            if version == "R4":
                detail = {
                    "extension": numbers,
                    "kind": "ServiceRequest",
                    "instantiatesCanonical": definition.canonical,
                    "code": definition.code,
                    "status": "scheduled",
                    "doNotPerform": False,
                    "scheduledPeriod": period,
                    "description": definition.description,
                }
                activities.append({"detail": detail})
                continue
            sr_id = new_id(key, str(d), str(s), str(n), "ServiceRequest")
            others.append(
                {
                    "resourceType": "ServiceRequest",
                    "id": sr_id,
                    "text": narrative(definition.shown, definition.words, period["start"]),
                    "extension": numbers,
                    "instantiatesCanonical": definition.canonical,
                    "status": "active",
                    "intent": "plan",
                    "code": {"concept": definition.code},
                    "subject": subject,
                    "occurrencePeriod": period,
                }
            )
            activities.append(
                {"plannedActivityReference": {"reference": url(sr_id), "display": definition.shown}}
            )
    care_plan: JSON = {
        "resourceType": "CarePlan",
        "id": new_id(key, "CarePlan"),
        "text": narrative(_PLAN_TITLE, f"Time zone: {plan.tz}.", escaped_items=lines),
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
    return key, [care_plan, *(d.resource for d in definitions), *others]


@attrs.frozen(kw_only=True)
class _Definition:
    """One distinct planned item: its ActivityDefinition and the pieces its activities repeat."""

    resource: JSON
    canonical: list[str]
    code: JSON
    shown: str
    words: str
    description: str
    line: str  # "name, words" as escaped XHTML, for the CarePlan's narrative


def _item_definition(item: PlanItem, n: int, key: str, names: Mapping[str, str]) -> _Definition:
    """The ActivityDefinition of the *n*-th distinct item, worded and dosed once."""
    words = _item_words(item)
    name = names.get(item.exercise_id)
    shown = item.exercise_id if name is None else name
    ad_id = new_id(key, str(n), "ActivityDefinition")
    code = _code(item.exercise_id, name)
    resource: JSON = {
        "resourceType": "ActivityDefinition",
        "id": ad_id,
        "text": narrative(shown, words),
    }
    if item.side is not None:
        resource["extension"] = [ext("side", valueCode=item.side.value)]
    resource.update(
        {
            "url": url(ad_id),
            "identifier": [{"system": EXERCISE_ID_SYSTEM, "value": item.exercise_id}],
            "title": shown,
            "status": "active",
            "kind": "ServiceRequest",
            "code": code,
            "dosage": [item_dosage(_item_values(item), text=words)],
        }
    )
    return _Definition(
        resource=resource,
        canonical=[url(ad_id)],
        code=code,
        shown=shown,
        words=words,
        description=f"{shown}: {words}",
        line=html.escape(f"{shown}, {words}"),
    )


def _item_values(item: PlanItem) -> JSON:
    return {
        "sets": item.sets,
        **_measures(item),
        "rest_between_sets_seconds": item.rest_between_sets_seconds,
    }


def _item_words(item: PlanItem) -> str:
    return describe_item(item)


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
