"""A plan's FHIR bundle: each distinct item defined once, written as dicts or straight to JSON.

:func:`plan_parts` makes one pass over the plan: the key (a digest of what the bundle holds),
the CarePlan without its activities, one :class:`Definition` per distinct item (worded, dosed
and encoded once) and one :class:`SessionRow` per session. :func:`plan_resources` turns the
parts into the resources :func:`footdrop.export.fhir.to_fhir` returns; :func:`plan_text`
writes the same bundle as compact JSON text, encoding each shared piece once and templating
the thousands of activities around those pieces, so no encoder walks 5,000 near-identical
objects. Both give the same JSON: ``plan_text(parts, encode) == json.dumps(bundle,
ensure_ascii=False, separators=(",", ":"))``, byte for byte, whatever *encode* is, as long as
it writes that same compact form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from typing import TYPE_CHECKING, Final

import attrs

from footdrop.export._fhir_codec import (
    EXERCISE_ID_SYSTEM,
    EXT,
    JSON,
    XHTML,
    check_text,
    complex_ext,
    ext,
    item_dosage,
    narrative,
    new_id,
    sub,
)
from footdrop.export._fhir_write import code_of, url
from footdrop.export.text import describe_item
from footdrop.model._measures import OPTIONAL
from footdrop.serialisation import dumps

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from footdrop.model._plan import DayPlan, Plan, PlanItem

__all__ = ["Definition", "PlanParts", "SessionRow", "plan_parts", "plan_resources", "plan_text"]

_PLAN_TITLE: Final = "Dated exercise plan for foot drop"
# The day and session numbers of an activity, as JSON around the two numbers. Every part is
# ASCII without quotes or backslashes, so this is exactly what an encoder writes.
_NUMBERS_JSON: Final = (
    f'[{{"url":"{EXT}day","valueInteger":',
    f'}},{{"url":"{EXT}session","valueInteger":',
    "}]",
)


@attrs.frozen(kw_only=True)
class Definition:
    """One distinct planned item: its ActivityDefinition and the pieces activities repeat."""

    resource: JSON
    canonical: list[str]  # the activity's instantiatesCanonical
    canonical_json: str  # the same, encoded
    shown: str  # the exercise's name, or its id
    shown_html: str  # the same, escaped for a narrative
    line: str  # "name, words" escaped for the CarePlan's narrative


@attrs.frozen(kw_only=True)
class SessionRow:
    """One session of the plan: its day and number (from 1), its period, what it does."""

    day: int
    number: int
    start: str
    end: str
    period: JSON  # {"start": ..., "end": ...}, one object for every activity of the session
    indexes: tuple[int, ...]  # the definitions of its items, in order


@attrs.frozen(kw_only=True)
class PlanParts:
    """Everything a plan's bundle is made of, each shared piece built once."""

    key: str
    version: str
    subject: JSON
    care_plan: JSON  # without "activity"
    definitions: list[Definition]
    sessions: list[SessionRow]


def _instant(value: dt.datetime) -> str:
    text = value.isoformat()
    # Whole seconds or microseconds, then "+HH:MM", is the common case; otherwise the
    # offset may have seconds, which FHIR offsets cannot hold.
    if len(text) not in {25, 32}:
        offset = value.utcoffset()
        if offset is not None and offset.seconds % 60:
            text = value.astimezone(dt.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _fallbacks(day: DayPlan, d: int) -> list[tuple[str, JSON]]:
    """The digest line and extension of each fallback of *day*, the *d*-th day."""
    found = []
    for i, fallback in enumerate(day.fallbacks):
        where = f"days[{d - 1}].fallbacks[{i}]"
        extension = complex_ext(
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
        found.append((f"fallback {d} {dumps(fallback)}\n", extension))
    return found


def plan_parts(plan: Plan, version: str, subject: JSON, names: Mapping[str, str]) -> PlanParts:
    """The parts of *plan*'s bundle; *names* maps exercise ids to names.

    The key, on which every resource id depends, is a digest of what the bundle holds: the
    zone, the screening, the dates, the fallbacks, the sessions' instants, the distinct items
    and which session does which; the plan is not written as JSON again to find it.
    """
    digest = hashlib.sha256(f"{plan.tz}\n".encode())
    extensions = [ext("time-zone", valueCode=plan.tz)]
    if plan.screening is not None:
        # The red-flag screening the plan was made under, as footdrop's JSON of it.
        screening = dumps(plan.screening, indent=None)
        extensions.append(ext("screening", valueString=screening))
        digest.update(f"screening {screening}\n".encode("utf-8", "surrogatepass"))
    extensions.extend(ext("plan-day", valueDate=day.date.isoformat()) for day in plan.days)
    distinct: dict[PlanItem, int] = {}
    seen: dict[int, int] = {}  # id(item) -> its index: the scheduler shares item objects
    # id(items tuple) -> its indexes and their text: days solved alike share the tuple.
    tuples: dict[int, tuple[tuple[int, ...], str]] = {}
    sessions: list[SessionRow] = []
    for d, day in enumerate(plan.days, start=1):
        digest.update(f"day {day.date.isoformat()}\n".encode())
        for line, extension in _fallbacks(day, d):
            digest.update(line.encode("utf-8", "surrogatepass"))
            extensions.append(extension)
        for s, session in enumerate(day.sessions, start=1):
            start, end = _instant(session.start), _instant(session.end)
            extensions.append(
                complex_ext(
                    "plan-session",
                    [
                        sub("day", valueInteger=d),
                        sub("start", valueDateTime=start),
                        sub("end", valueDateTime=end),
                    ],
                )
            )
            found = tuples.get(id(session.items))
            if found is None:
                indexes = []
                for item in session.items:
                    n = seen.get(id(item))
                    if n is None:
                        n = seen[id(item)] = distinct.setdefault(item, len(distinct))
                    indexes.append(n)
                found = tuples[id(session.items)] = (tuple(indexes), str(indexes))
            sessions.append(
                SessionRow(
                    day=d,
                    number=s,
                    start=start,
                    end=end,
                    period={"start": start, "end": end},
                    indexes=found[0],
                )
            )
            digest.update(f"session {d} {start} {end} {found[1]}\n".encode())
    for item in distinct:
        digest.update(f"item {dumps(item)}\n".encode("utf-8", "surrogatepass"))
    key = "plan/" + digest.hexdigest()[:32]
    definitions = [_item_definition(item, n, key, names) for item, n in distinct.items()]
    care_plan: JSON = {
        "resourceType": "CarePlan",
        "id": new_id(key, "CarePlan"),
        "text": narrative(
            _PLAN_TITLE, f"Time zone: {plan.tz}.", escaped_items=_lines(sessions, definitions)
        ),
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
    return PlanParts(
        key=key,
        version=version,
        subject=subject,
        care_plan=care_plan,
        definitions=definitions,
        sessions=sessions,
    )


def _lines(sessions: list[SessionRow], definitions: list[Definition]) -> list[str]:
    """One narrative line per session with items: its times, then each item's name and dose."""
    joined: dict[tuple[int, ...], str] = {}
    lines = []
    for row in sessions:
        if not row.indexes:
            continue
        text = joined.get(row.indexes)
        if text is None:
            text = joined[row.indexes] = "; ".join(definitions[i].line for i in row.indexes)
        lines.append(f"{row.start} to {row.end}: {text}")  # digits and signs: nothing to escape
    return lines


def _item_definition(item: PlanItem, n: int, key: str, names: Mapping[str, str]) -> Definition:
    """The ActivityDefinition of the *n*-th distinct item, worded and dosed once."""
    words = describe_item(item)
    name = names.get(item.exercise_id)
    shown = item.exercise_id if name is None else name
    ad_id = new_id(key, str(n), "ActivityDefinition")
    resource: JSON = {
        "resourceType": "ActivityDefinition",
        "id": ad_id,
        "text": narrative(shown, words),
    }
    if item.side is not None:
        resource["extension"] = [ext("side", valueCode=item.side.value)]
    values = {
        "sets": item.sets,
        **{m.name: getattr(item, m.name) for m in OPTIONAL},
        "support": item.support,
        "rest_between_sets_seconds": item.rest_between_sets_seconds,
    }
    resource.update(
        {
            "url": url(ad_id),
            "identifier": [{"system": EXERCISE_ID_SYSTEM, "value": item.exercise_id}],
            "title": shown,
            "status": "active",
            "kind": "ServiceRequest",
            "code": code_of(item.exercise_id, name),
            "dosage": [item_dosage(values, text=words)],
        }
    )
    return Definition(
        resource=resource,
        canonical=[url(ad_id)],
        canonical_json=f'["{url(ad_id)}"]',  # a UUID URN: nothing to escape
        shown=shown,
        shown_html=html.escape(shown),
        line=html.escape(f"{shown}, {words}"),
    )


def _request_id(parts: PlanParts, row: SessionRow, n: int) -> str:
    return new_id(parts.key, str(row.day), str(row.number), str(n), "ServiceRequest")


def _request_div_head(definition: Definition) -> str:
    return f'<div xmlns="{XHTML}"><p><b>{definition.shown_html}</b></p><p>'


def _request_div_tail(row: SessionRow) -> str:
    return f"{row.start} to {row.end}</p></div>"  # ASCII with nothing JSON escapes


def plan_resources(parts: PlanParts) -> list[JSON]:
    """The CarePlan, ActivityDefinitions (and R5 ServiceRequests) of a plan, as dicts.

    Parts equal for every activity of one session or of one definition are one object.
    """
    activities: list[JSON] = []
    requests: list[JSON] = []
    definitions = parts.definitions
    for row in parts.sessions:
        numbers = [ext("day", valueInteger=row.day), ext("session", valueInteger=row.number)]
        for n, index in enumerate(row.indexes):
            definition = definitions[index]
            if parts.version == "R4":
                detail = {
                    "extension": numbers,
                    "instantiatesCanonical": definition.canonical,
                    "status": "scheduled",
                    "scheduledPeriod": row.period,
                }
                activities.append({"detail": detail})
                continue
            sr_id = _request_id(parts, row, n)
            requests.append(
                {
                    "resourceType": "ServiceRequest",
                    "id": sr_id,
                    "text": {
                        "status": "generated",
                        "div": _request_div_head(definition) + _request_div_tail(row),
                    },
                    "extension": numbers,
                    "instantiatesCanonical": definition.canonical,
                    "status": "active",
                    "intent": "plan",
                    "subject": parts.subject,
                    "occurrencePeriod": row.period,
                }
            )
            activities.append(
                {"plannedActivityReference": {"reference": url(sr_id), "display": definition.shown}}
            )
    care_plan = dict(parts.care_plan)
    if activities:
        care_plan["activity"] = activities
    return [care_plan, *(d.resource for d in definitions), *requests]


def plan_text(parts: PlanParts, bundle_id: str, encode: Callable[[object], str]) -> str:
    """The plan's bundle as compact JSON text, the same as encoding the dicts of to_fhir.

    *encode* writes one plain value as compact JSON (``separators=(",", ":")``, no ASCII
    escaping). It is called once per shared piece: the CarePlan without its activities,
    each definition, the subject and each distinct display name (and, in R5, each request's
    narrative); everything repeated per activity is put together here from those pieces and
    from ASCII text that needs no escaping (day and session numbers, instants, UUIDs).
    """
    care_plan = parts.care_plan
    request_ids = []
    if parts.version != "R4":
        request_ids = [
            [_request_id(parts, row, n) for n in range(len(row.indexes))] for row in parts.sessions
        ]
    out = ['{"resourceType":"Bundle","id":', encode(bundle_id), ',"type":"collection","entry":[']
    out += ['{"fullUrl":"', url(care_plan["id"]), '","resource":']
    head = encode(care_plan)
    if not any(row.indexes for row in parts.sessions):
        out += [head, "}"]
    else:
        out += [head[:-1], ',"activity":[']
        if parts.version == "R4":
            _r4_activities(parts, out)
        else:
            _r5_activities(parts, request_ids, encode, out)
        out.append("]}}")
    for definition in parts.definitions:
        out += [',{"fullUrl":"', definition.canonical[0], '","resource":']
        out += [encode(definition.resource), "}"]
    if parts.version != "R4":
        _r5_requests(parts, request_ids, encode, out)
    out.append("]}")
    return "".join(out)


def _numbers(row: SessionRow) -> str:
    day_json, session_json, close = _NUMBERS_JSON
    return f"{day_json}{row.day}{session_json}{row.number}{close}"


def _period(row: SessionRow) -> str:
    return f'{{"start":"{row.start}","end":"{row.end}"}}'


def _r4_activities(parts: PlanParts, out: list[str]) -> None:
    """Append the R4 activities, one ``detail`` per item, separated by commas, to *out*."""
    definitions = parts.definitions
    sep = ""
    for row in parts.sessions:
        if not row.indexes:
            continue
        before = f'{{"detail":{{"extension":{_numbers(row)},"instantiatesCanonical":'
        after = f',"status":"scheduled","scheduledPeriod":{_period(row)}}}}}'
        glue = f"{after},{before}"
        canonicals = [definitions[i].canonical_json for i in row.indexes]
        out += [sep, before, glue.join(canonicals), after]
        sep = ","


def _r5_activities(
    parts: PlanParts, request_ids: list[list[str]], encode: Callable[[object], str], out: list[str]
) -> None:
    """Append the R5 activities, one reference to a ServiceRequest per item, to *out*."""
    shown = [encode(d.shown) for d in parts.definitions]
    sep = ""
    for row, ids in zip(parts.sessions, request_ids, strict=True):
        for sr_id, index in zip(ids, row.indexes, strict=True):
            out += [
                sep,
                '{"plannedActivityReference":{"reference":"',
                url(sr_id),
                '","display":',
                shown[index],
                "}}",
            ]
            sep = ","


def _r5_requests(
    parts: PlanParts, request_ids: list[list[str]], encode: Callable[[object], str], out: list[str]
) -> None:
    """Append the entries of the R5 ServiceRequests, each after a comma, to *out*."""
    subject = encode(parts.subject)
    # Each definition's narrative up to the period, as a JSON string without its closing quote.
    heads = [encode(_request_div_head(d))[:-1] for d in parts.definitions]
    for row, ids in zip(parts.sessions, request_ids, strict=True):
        period, numbers, tail = _period(row), _numbers(row), _request_div_tail(row) + '"'
        for sr_id, index in zip(ids, row.indexes, strict=True):
            definition = parts.definitions[index]
            out += [
                ',{"fullUrl":"',
                url(sr_id),
                '","resource":{"resourceType":"ServiceRequest","id":"',
                sr_id,
                '","text":{"status":"generated","div":',
                heads[index],
                tail,
                '},"extension":',
                numbers,
                ',"instantiatesCanonical":',
                definition.canonical_json,
                ',"status":"active","intent":"plan","subject":',
                subject,
                ',"occurrencePeriod":',
                period,
                "}}",
            ]
