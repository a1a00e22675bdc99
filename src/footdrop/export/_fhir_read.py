"""Reading a routine back from the FHIR bundle :func:`footdrop.export.fhir.to_fhir` wrote."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from footdrop._validators import check_zone
from footdrop.exceptions import DocumentError, FootdropError, Problem
from footdrop.export._fhir_codec import EXERCISE_ID_SYSTEM, JSON, FhirReader
from footdrop.model._exercise import Basis, Exercise, Provenance
from footdrop.model._kinds import Category, Laterality, Position, Side, Sides
from footdrop.model._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop.model._routine import Parameter, Prescription, Routine
from footdrop.model._rules import ProgressionRule
from footdrop.model._screening import Screening
from footdrop.serialisation import loads, structure

__all__ = ["read_plan", "read_routine"]

T = TypeVar("T")

_READ = FhirReader()


# -- edits that stop or change care ----------------------------------------------------------
#
# A clinician may stop or change care in an EHR by editing standard fields of the bundle
# to_fhir wrote. Those edits are never read back as if nothing had changed: an edited timing
# footdrop can follow is read in; anything that stops or pauses care is refused with the path.

#: CarePlan.status values under which the care goes on as exported (both FHIR versions).
_CARE_PLAN_GOING_ON: Final = frozenset({"active"})
#: Activity statuses under which a routine's exercise goes on: R4
#: CarePlan.activity.detail.status and R5 ServiceRequest.status.
_ROUTINE_GOING_ON: Final = {
    "R4": frozenset({"scheduled", "not-started", "in-progress"}),
    "R5": frozenset({"active"}),
}
#: The same for one dated item of a plan, which may also be done already.
_PLAN_GOING_ON: Final = {
    "R4": frozenset({"scheduled", "not-started", "in-progress", "completed"}),
    "R5": frozenset({"active", "completed"}),
}
#: What each status that stops or pauses care means, for the message.
_STATUS_MEANS: Final = {
    "draft": "it is not yet in force",
    "on-hold": "care is paused",
    "revoked": "care was stopped",
    "completed": "care is finished",
    "cancelled": "it was cancelled",
    "stopped": "it was stopped",
    "entered-in-error": "it was recorded in error",
    "unknown": "its state is unknown",
}
_FIX: Final = (
    "footdrop never reads such a bundle back as if unchanged: ask the clinician what changed, "
    "make the change in footdrop (remove or lock the exercise, or change the routine) and "
    "export it again"
)


def _stop(where: str, why: str) -> DocumentError:
    return DocumentError([Problem(path=where, message=f"{why}: {_FIX}")])


def _check_status(node: JSON, path: str, going_on: frozenset[str], what: str) -> None:
    """Refuse *node* unless its ``status`` says its care goes on."""
    status = node.get("status")
    if isinstance(status, str) and status in going_on:
        return
    if status is None:
        why = f"the {what} has no 'status', so footdrop cannot tell whether care goes on"
    else:
        means = (
            _STATUS_MEANS.get(status, "footdrop does not know this status")
            if isinstance(status, str)
            else "it is not a status code"
        )
        why = f"the {what}'s status is {status!r:.40} ({means})"
    where = f"{path}.status"
    raise _stop(where, why)


def _check_performed(node: JSON, path: str, what: str) -> None:
    """Refuse an activity marked ``doNotPerform``."""
    flag = node.get("doNotPerform", False)
    if flag is False:
        return
    if flag is True:
        why = f"the {what} is marked doNotPerform: the clinician says it must not be done"
    else:
        why = f"the {what}'s 'doNotPerform' must be true or false (got {flag!r:.40})"
    where = f"{path}.doNotPerform"
    raise _stop(where, why)


def _followed_timing(node: Any, path: str) -> Any:
    """A Timing read from *node*; the reader refuses, with the part's path, what it cannot say."""
    return _model(path, _READ.timing, node=node, path=path)


def _enum(cls: Callable[[str], T], code: Any, path: str) -> T:
    try:
        return cls(code)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in cls)  # type: ignore[attr-defined]
        raise _READ.fail(at=path, why=f"{code!r:.60} is not one of {choices}") from None


def _model(where: str, build: Callable[..., T], /, **values: Any) -> T:
    """Build a model, turning a rule it breaks into a DocumentError at *where*."""
    try:
        return build(**values)
    except DocumentError:
        raise
    except FootdropError as exc:
        raise DocumentError([Problem(path=where, message=str(exc).rstrip("."))]) from exc


def _index_bundle(
    bundle: Mapping[str, Any], *, marker: str, kind: str
) -> tuple[dict[str, tuple[str, JSON]], tuple[str, JSON]]:
    """Index *bundle*'s resources by ``fullUrl`` and find its one footdrop ``CarePlan``.

    The CarePlan is the one carrying our *marker* extension; *kind* names what it holds
    ("routine", "plan") in the error when there is none or more than one.
    """
    data: Any = bundle  # callers may pass anything at run time
    if not isinstance(data, Mapping) or data.get("resourceType") != "Bundle":
        raise _READ.fail(at="$.resourceType", why="the document must be a FHIR Bundle")
    entries = _READ.optional_list(data, "entry", "$")
    by_url: dict[str, tuple[str, JSON]] = {}
    plans: list[tuple[str, JSON]] = []
    for i, entry in enumerate(entries):
        path = f"$.entry[{i}]"
        resource = _READ.get(entry, "resource", path, dict)
        by_url[_READ.get(entry, "fullUrl", path, str)] = (f"{path}.resource", resource)
        if resource.get("resourceType") == "CarePlan" and _READ.extensions(resource, marker, path):
            plans.append((f"{path}.resource", resource))
    if len(plans) != 1:
        what = "no CarePlan" if not plans else f"{len(plans)} CarePlans"
        raise _READ.fail(at="$.entry", why=f"the bundle holds {what} of a footdrop {kind}")
    return by_url, plans[0]


def read_routine(bundle: Mapping[str, Any]) -> Routine:
    """Read the routine in *bundle* (see :func:`footdrop.export.fhir.from_fhir`)."""
    by_url, (path, plan) = _index_bundle(bundle, marker="affected-side", kind="routine")
    _check_status(plan, path, _CARE_PLAN_GOING_ON, "CarePlan")
    affected = _enum(Side, _READ.value(plan, "affected-side", "valueCode", path, str), path)
    baseline = _READ.value(plan, "baseline-pain", "valueInteger", path, int, default=0)
    rules = []
    for i, text in enumerate(_READ.values(plan, "progression-rule", "valueString", path, str)):
        where = f"{path}.extension[progression-rule][{i}]"
        try:
            data = json.loads(text)
        except ValueError:
            raise _READ.fail(at=where, why="the rule is not JSON") from None
        rules.append(_rule(data, where))
    items = []
    for i, activity in enumerate(_READ.get(plan, "activity", path, list)):
        items.append(_prescription(activity, f"{path}.activity[{i}]", by_url))
    return _model(
        path, Routine, affected=affected, items=items, rules=rules, baseline_pain=baseline
    )


def _rule(data: Any, where: str) -> Any:
    """A progression rule from footdrop's JSON of it (``{"rule": tag, ...fields}``)."""
    try:
        return structure(data, ProgressionRule)
    except DocumentError as exc:
        problems = [Problem(path=where, message=p.message) for p in exc.problems]
        raise DocumentError(problems) from exc


def _resolve(url: Any, path: str, by_url: Mapping[str, tuple[str, JSON]]) -> tuple[str, JSON]:
    if not isinstance(url, str) or url not in by_url:
        raise _READ.fail(at=path, why=f"the reference {url!r:.80} names no entry of the bundle")
    return by_url[url]


def _prescription(activity: Any, path: str, by_url: Mapping[str, tuple[str, JSON]]) -> Prescription:
    if isinstance(activity, dict) and "detail" in activity:
        holder_path = f"{path}.detail"
        holder = _READ.get(activity, "detail", path, dict)
        version, what, timing_key = "R4", "activity", "scheduledTiming"
    else:
        ref = _READ.get(activity, "plannedActivityReference", path, dict)
        holder_path, holder = _resolve(
            _READ.get(ref, "reference", f"{path}.plannedActivityReference", str), path, by_url
        )
        version, what, timing_key = "R5", "activity's ServiceRequest", "occurrenceTiming"
    _check_status(holder, holder_path, _ROUTINE_GOING_ON[version], what)
    _check_performed(holder, holder_path, what)
    canonical = _READ.dig(holder, holder_path, "instantiatesCanonical", 0, kind=str)
    ad_path, definition = _resolve(canonical, f"{holder_path}.instantiatesCanonical", by_url)
    exercise, dose, prescribed = _definition(definition, ad_path)
    # The order's own timing wins over its definition's: that is where an EHR edits it.
    ordered = holder.get(timing_key)
    timing_read = (
        prescribed if ordered is None else _followed_timing(ordered, f"{holder_path}.{timing_key}")
    )
    p = holder_path
    changed = _READ.value(holder, "changed-on", "valueDate", p, str, default=None)
    try:
        changed_on = None if changed is None else dt.date.fromisoformat(changed)
    except ValueError:
        raise _READ.fail(at=p, why=f"'changed-on' must be a date (got {changed!r:.40})") from None
    parameters = []
    for part in _READ.extensions(holder, "parameter", p):
        amount = _READ.value(part, "value", "valueQuantity", p, dict, part=True)
        parameters.append(
            _model(
                p,
                Parameter,
                name=_READ.value(part, "name", "valueString", p, str, part=True),
                value=_READ.get(amount, "value", p, (int, float)),
                unit=_READ.get(amount, "unit", p, str),
            )
        )
    return _model(
        p,
        Prescription,
        exercise=exercise,
        dose=dose,
        timing=timing_read,
        sides=_enum(Sides, _READ.value(holder, "sides", "valueCode", p, str), p),
        current=_model(p, _READ.level, node=holder, path=p),
        is_locked=_READ.value(holder, "is-locked", "valueBoolean", p, bool, default=False),
        changed_on=changed_on,
        review=_READ.value(holder, "review", "valueString", p, str, default=None),
        parameters=parameters,
    )


def _definition(ad: JSON, path: str) -> tuple[Exercise, Any, Any]:
    dosages = _READ.get(ad, "dosage", path, list)
    if len(dosages) != 1:
        raise _READ.fail(at=f"{path}.dosage", why="exactly one Dosage is needed")
    dose = _model(path, _READ.dose, node=dosages[0], path=f"{path}.dosage[0]")
    prescribed = _followed_timing(_READ.get(ad, "timingTiming", path, dict), f"{path}.timingTiming")
    default_dose = _READ.value(ad, "default-dose", "valueDosage", path, dict, default=None)
    default_timing = _READ.value(ad, "default-timing", "valueTiming", path, dict, default=None)
    ids = [
        i.get("value")
        for i in _READ.get(ad, "identifier", path, list)
        if isinstance(i, dict) and i.get("system") == EXERCISE_ID_SYSTEM
    ]
    if len(ids) != 1 or not isinstance(ids[0], str):
        raise _READ.fail(at=f"{path}.identifier", why="exactly one footdrop exercise id is needed")
    category = _READ.dig(ad, path, "topic", 0, "coding", 0, "code", kind=str)
    provenance = []
    for part in _READ.extensions(ad, "provenance", path):
        values = {
            name: _READ.value(part, name, "valueString", path, str, default=None, part=True)
            for name in ("field", "quote", "reason", "source")
        }
        basis = _READ.value(part, "basis", "valueCode", path, str, part=True)
        provenance.append(_model(path, Provenance, basis=_enum(Basis, basis, path), **values))
    muscles = [
        _READ.get(site, "text", f"{path}.bodySite", str)
        for site in _READ.optional_list(ad, "bodySite", path)
    ]
    exercise = _model(
        path,
        Exercise,
        id=ids[0],
        name=_READ.get(ad, "title", path, str),
        category=_enum(Category, category, f"{path}.topic"),
        position=_enum(Position, _READ.value(ad, "position", "valueCode", path, str), path),
        laterality=_enum(Laterality, _READ.value(ad, "laterality", "valueCode", path, str), path),
        steps=_READ.values(ad, "step", "valueString", path, str),
        dose=dose
        if default_dose is None
        else _model(path, _READ.dose, node=default_dose, path=f"{path}.default-dose"),
        timing=prescribed
        if default_timing is None
        else _model(path, _READ.timing, node=default_timing, path=f"{path}.default-timing"),
        equipment=_READ.values(ad, "equipment", "valueString", path, str),
        tips=_READ.values(ad, "tip", "valueString", path, str),
        cautions=_READ.values(ad, "caution", "valueString", path, str),
        target_muscles=muscles,
        is_loaded=_READ.value(ad, "is-loaded", "valueBoolean", path, bool, default=False),
        provenance=provenance,
    )
    return exercise, dose, prescribed


# -- plans ------------------------------------------------------------------------------------


def _instant(text: Any, zone: Any, path: str) -> dt.datetime:
    """An aware datetime from a FHIR dateTime, in the plan's zone."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise _READ.fail(at=path, why=f"{text!r:.40} is not a date-time") from None
    if value.tzinfo is None:
        raise _READ.fail(at=path, why=f"{text!r:.40} has no UTC offset")
    return value.astimezone(zone)


def _date(text: Any, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise _READ.fail(at=path, why=f"{text!r:.40} is not a date") from None


def _planned_item(definition: JSON, path: str) -> PlanItem:
    """The planned item an ActivityDefinition of a plan's bundle describes."""
    exercise_id = _READ.dig(definition, path, "code", "coding", 0, "code", kind=str)
    side = _READ.value(definition, "side", "valueCode", path, str, default=None)
    dosage = _READ.dig(definition, path, "dosage", 0, kind=dict)
    values = _READ.item_values(dosage, f"{path}.dosage[0]")
    return _model(
        path,
        PlanItem,
        exercise_id=exercise_id,
        side=None if side is None else _enum(Side, side, path),
        **values,
    )


def _check_period(
    holder: JSON, where: str, key: str, session: tuple[dt.datetime, dt.datetime, Any]
) -> None:
    """Refuse an item whose own period no longer matches its session (the time was edited)."""
    period = _READ.get(holder, key, where.rsplit(".", 1)[0], dict)
    start = _instant(_READ.get(period, "start", where, str), dt.UTC, f"{where}.start")
    end = _instant(_READ.get(period, "end", where, str), dt.UTC, f"{where}.end")
    # Compared as UTC instants: a time in a repeated hour never equals its twin in another tzinfo.
    same = (start, end) == (session[0].astimezone(dt.UTC), session[1].astimezone(dt.UTC))
    if not same:
        why = (
            f"the item's {key} ({start.isoformat()} to {end.isoformat()}) no longer matches its "
            f"session ({session[0].isoformat()} to {session[1].isoformat()}): its time was edited"
        )
        raise _stop(where, why)


def _activity_code(holder: JSON, path: str, version: str) -> str | None:
    """The exercise id of an activity's own ``code``, or ``None`` without one.

    footdrop writes the code in the activity's ActivityDefinition only (the activity names it
    in ``instantiatesCanonical``); a code on the activity itself, written by another system or
    an older footdrop, must agree with the definition's.
    """
    if "code" not in holder:
        return None
    code = _READ.get(holder, "code", path, dict)
    if version == "R5":
        code = _READ.get(code, "concept", path, dict)
    found: str = _READ.dig(code, path, "coding", 0, "code", kind=str)
    return found


def read_plan(bundle: Mapping[str, Any]) -> Plan:
    """Read the plan in *bundle* (see :func:`footdrop.export.fhir.plan_from_fhir`)."""
    by_url, (path, care_plan) = _index_bundle(bundle, marker="time-zone", kind="plan")
    _check_status(care_plan, path, _CARE_PLAN_GOING_ON, "CarePlan")
    tz = _READ.value(care_plan, "time-zone", "valueCode", path, str)
    zone = _model(path, check_zone, name="tz", value=tz)
    dates = [
        _date(text, path) for text in _READ.values(care_plan, "plan-day", "valueDate", path, str)
    ]
    sessions: dict[int, list[tuple[dt.datetime, dt.datetime, list[PlanItem]]]] = {
        d: [] for d in range(1, len(dates) + 1)
    }
    for part in _READ.extensions(care_plan, "plan-session", path):
        day = _READ.value(part, "day", "valueInteger", path, int, part=True)
        start = _READ.value(part, "start", "valueDateTime", path, str, part=True)
        end = _READ.value(part, "end", "valueDateTime", path, str, part=True)
        if day not in sessions:
            raise _READ.fail(at=path, why=f"a session names day {day}, which the plan lacks")
        sessions[day].append((_instant(start, zone, path), _instant(end, zone, path), []))
    items: dict[str, PlanItem] = {}  # by definition: each distinct item is read once
    for i, activity in enumerate(_READ.optional_list(care_plan, "activity", path)):
        where = f"{path}.activity[{i}]"
        if isinstance(activity, dict) and "detail" in activity:
            holder_path, holder = f"{where}.detail", _READ.get(activity, "detail", where, dict)
            version, what, period_key = "R4", "activity", "scheduledPeriod"
        else:
            ref = _READ.get(activity, "plannedActivityReference", where, dict)
            holder_path, holder = _resolve(_READ.get(ref, "reference", where, str), where, by_url)
            version, what, period_key = "R5", "activity's ServiceRequest", "occurrencePeriod"
        _check_status(holder, holder_path, _PLAN_GOING_ON[version], what)
        _check_performed(holder, holder_path, what)
        exercise_id = _activity_code(holder, holder_path, version)
        day = _READ.value(holder, "day", "valueInteger", holder_path, int)
        index = _READ.value(holder, "session", "valueInteger", holder_path, int)
        if day not in sessions or not 1 <= index <= len(sessions[day]):
            raise _READ.fail(at=holder_path, why=f"no session {index} on day {day}")
        _check_period(holder, f"{holder_path}.{period_key}", period_key, sessions[day][index - 1])
        canonical = _READ.dig(holder, holder_path, "instantiatesCanonical", 0, kind=str)
        item = items.get(canonical)
        if item is None:
            ad_path, definition = _resolve(
                canonical, f"{holder_path}.instantiatesCanonical", by_url
            )
            item = items[canonical] = _planned_item(definition, ad_path)
        if exercise_id is not None and item.exercise_id != exercise_id:
            why = (
                f"the activity's code {exercise_id!r:.60} differs from the exercise of the "
                f"ActivityDefinition it follows ({item.exercise_id!r}): one of them was edited"
            )
            raise _READ.fail(at=holder_path, why=why)
        sessions[day][index - 1][2].append(item)
    fallbacks: dict[int, list[Fallback]] = {d: [] for d in sessions}
    for part in _READ.extensions(care_plan, "fallback", path):
        day = _READ.value(part, "day", "valueInteger", path, int, part=True)
        if day not in fallbacks:
            raise _READ.fail(at=path, why=f"a fallback names day {day}, which the plan lacks")
        fallbacks[day].append(
            _model(
                path,
                Fallback,
                on=_date(_READ.value(part, "date", "valueDate", path, str, part=True), path),
                exercise_id=_READ.value(part, "exercise-id", "valueCode", path, str, part=True),
                lever=_READ.value(part, "lever", "valueString", path, str, part=True),
                wanted=_READ.value(part, "wanted", "valueInteger", path, int, part=True),
                planned=_READ.value(part, "planned", "valueInteger", path, int, part=True),
                reason=_READ.value(part, "reason", "valueString", path, str, part=True),
            )
        )
    days = [
        _model(
            path,
            DayPlan,
            date=date,
            sessions=[
                _model(path, Session, start=start, end=end, items=items)
                for start, end, items in sessions[d]
            ],
            fallbacks=fallbacks[d],
        )
        for d, date in enumerate(dates, start=1)
    ]
    plan: Plan = _model(path, Plan, tz=tz, days=days, screening=_screening(care_plan, path))
    return plan


def _screening(care_plan: JSON, path: str) -> Screening | None:
    """The screening a plan was made under, from its ``screening`` extension (or ``None``)."""
    body = _READ.value(care_plan, "screening", "valueString", path, str, default=None)
    if body is None:
        return None
    where = f"{path}.extension[screening]"
    try:
        found: Screening = loads(body, Screening)
    except DocumentError as exc:
        problems = [Problem(path=where, message=p.message) for p in exc.problems]
        raise DocumentError(problems) from exc
    return found
