"""What a handout says, independent of its format (HTML, Markdown).

:func:`build` gathers the text of a handout from a plan and, optionally, a routine;
:mod:`footdrop.export.html` and :mod:`footdrop.export.markdown` only lay it out and
escape it. Every text here is plain and unescaped (but cleaned of control characters).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._catalogue import catalogue
from footdrop._validators import check_whole, nearest_ids, optional, text
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError
from footdrop.export._checks import plan_argument, routine_argument
from footdrop.export.text import (
    clean_text,
    describe_dose,
    describe_item,
    describe_level,
    exercise_title,
)
from footdrop.model._kinds import Category

if TYPE_CHECKING:
    from collections.abc import Mapping

    from footdrop.model._exercise import Exercise, Illustration
    from footdrop.model._plan import DayPlan, Plan, Session
    from footdrop.model._routine import Routine

__all__ = [
    "CLINICIAN_RANGE",
    "DAYS_PER_SHEET",
    "SAFETY",
    "USUAL_RANGE",
    "Block",
    "Handout",
    "HandoutDetails",
    "TickRow",
    "TickSheet",
    "build",
    "day_label",
    "exercises_known",
    "short_label",
    "span",
]

#: The safety points every handout starts with (footdrop's own wording of the
#: stop rules in docs/explanation/clinical-rules.md: red flags, pain gate, stable support, falls).
SAFETY: Final = (
    (
        "Stop at once and call for emergency help if you get chest pain, feel faint or dizzy, "
        "or are too breathless to speak."
    ),
    (
        "Get urgent medical help for sudden new weakness or numbness in a leg, arm or the "
        "face, trouble speaking or seeing, or new trouble controlling your bladder or bowel, "
        "or numbness between the legs."
    ),
    (
        "Pain during an exercise may reach 5 out of 10 and should settle by the next morning. "
        "If it goes higher, stop that exercise and tell your clinician."
    ),
    (
        "Do balance exercises next to a stable support such as a kitchen counter, not a chair "
        "that can move."
    ),
    "Tell your clinician about any fall or near-fall.",
)

#: The most days one tick sheet shows (one sheet, one printed page, per week).
DAYS_PER_SHEET: Final = 7

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def _date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"'{attribute.name}' must be a date such as 2026-12-14 (got {value!r:.60})."
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="datetime.date")


def day_label(day: dt.date) -> str:
    """The date as "Tue 24 Nov 2026", in English whatever the locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_label(day: dt.date) -> str:
    """The date as "24 Nov", in English whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def span(session: Session, plan: Plan) -> str:
    """The session's local times, "08:00-08:15" (with the offset where clocks repeat)."""
    zone = plan.zone
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    text = f"{start:%H:%M}-{end:%H:%M}"
    if start.fold or end.fold:
        text += f" (UTC{start:%z}-UTC{end:%z})"
    return text


_AUDIENCES: Final = ("patient", "clinician")


def _start(session: Session, plan: Plan) -> str:
    """The session's local start, "08:00" (with the offset where clocks repeat)."""
    start = session.start.astimezone(plan.zone)
    return f"{start:%H:%M} (UTC{start:%z})" if start.fold else f"{start:%H:%M}"


@final
@attrs.frozen(kw_only=True)
class HandoutDetails:
    """Who a handout is for and who to ask: each field optional, shown only when given.

    Args:
        patient: The person's name.
        clinician: The clinician who set or reviewed the programme.
        clinic: The clinic or service.
        contact: How to reach them (a telephone number, an address).
        review_on: The date of the next review with the clinician.

    Raises:
        footdrop.exceptions.InvalidValueError: A text is blank or longer than 200 characters.
        footdrop.exceptions.InvalidTypeError: A field has the wrong type.

    Example:
        >>> import datetime as dt
        >>> from footdrop.export.html import HandoutDetails
        >>> details = HandoutDetails(patient="Anna Smith", review_on=dt.date(2026, 12, 14))
        >>> details.lines()
        (('Patient', 'Anna Smith'), ('Review', 'Mon 14 Dec 2026'))

    .. versionadded:: 0.1.0
    """

    patient: str | None = attrs.field(default=None, validator=optional(text(200)))
    clinician: str | None = attrs.field(default=None, validator=optional(text(200)))
    clinic: str | None = attrs.field(default=None, validator=optional(text(200)))
    contact: str | None = attrs.field(default=None, validator=optional(text(200)))
    review_on: dt.date | None = attrs.field(default=None, validator=optional(_date))

    def lines(self) -> tuple[tuple[str, str], ...]:
        """The given fields as (label, plain text) pairs, in a fixed order."""
        pairs = (
            ("Patient", self.patient),
            ("Clinician", self.clinician),
            ("Clinic", self.clinic),
            ("Contact", self.contact),
            ("Review", day_label(self.review_on) if self.review_on else None),
        )
        return tuple((label, clean_text(value)) for label, value in pairs if value)


@final
@attrs.frozen(kw_only=True)
class TickRow:
    """One line of a tick sheet: an exercise at one dose, and its sittings on each day."""

    name: str
    dose: str
    #: For each day of the sheet, the start times of the sittings that hold this item.
    cells: tuple[tuple[str, ...], ...]


@final
@attrs.frozen(kw_only=True)
class TickSheet:
    """Up to seven days as columns, an exercise and dose per row, a box per sitting."""

    days: tuple[dt.date, ...]
    #: For each day, the spans of its sessions ("08:00-08:31"); empty on a rest day.
    sessions: tuple[tuple[str, ...], ...]
    rows: tuple[TickRow, ...]


@final
@attrs.frozen(kw_only=True)
class Block:
    """One exercise of the handout, every field plain text."""

    id: str
    name: str
    now: str | None
    prescribed: str | None
    #: Where the range came from, in words true for this prescription.
    range_label: str
    planned: tuple[str, ...]
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    tips: tuple[str, ...]
    cautions: tuple[str, ...]
    parameters: tuple[str, ...]
    review: str | None
    is_clinician: bool
    picture: Illustration | None
    #: Where each default number came from: shown in the clinician view only.
    notes: tuple[str, ...]


@final
@attrs.frozen(kw_only=True)
class Handout:
    """Everything a handout says."""

    title: str
    about: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    safety: tuple[str, ...]
    sheets: tuple[TickSheet, ...]
    shown_days: int
    total_days: int
    blocks: tuple[Block, ...]
    audience: str


def exercises_known(routine: Routine | None) -> dict[str, Exercise]:
    """The exercises by id: the routine's, then the built-in catalogue's."""
    known: dict[str, Exercise] = dict(catalogue())
    if routine is not None:
        known.update({p.exercise.id: p.exercise for p in routine.items})
    return known


def _texts(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(clean_text(v) for v in values)


#: The label of the range when the prescription keeps the exercise's usual dose.
USUAL_RANGE: Final = "Usual range for this exercise"
#: The label of the range when a clinician changed the dose or timing.
CLINICIAN_RANGE: Final = "Range set by your clinician"


def _notes(exercise: Exercise) -> tuple[str, ...]:
    notes = []
    for name in exercise.default_numbers():
        provenance = exercise.source_of(name)
        said = str(provenance) if provenance is not None else "no source recorded"
        notes.append(clean_text(f"{name}: {said}"))
    return tuple(notes)


def _block(
    exercise: Exercise, routine: Routine | None, planned: tuple[str, ...], *, audience: str
) -> Block:
    now = prescribed = review = None
    range_label = USUAL_RANGE
    parameters: tuple[str, ...] = ()
    if routine is not None and exercise.id in routine:
        prescription = routine[exercise.id]
        now = describe_level(prescription, routine.affected)
        prescribed = describe_dose(prescription, routine.affected)
        changed = (prescription.dose, prescription.timing) != (exercise.dose, exercise.timing)
        if changed or exercise.category is Category.CLINICIAN:
            range_label = CLINICIAN_RANGE
        review = clean_text(prescription.review) if prescription.review else None
        parameters = tuple(
            clean_text(f"{p.name}: {p.value:g} {p.unit}") for p in prescription.parameters
        )
    return Block(
        id=exercise.id,
        name=clean_text(exercise.name),
        now=now,
        prescribed=prescribed,
        range_label=range_label,
        planned=planned,
        equipment=_texts(exercise.equipment),
        steps=_texts(exercise.steps),
        tips=_texts(exercise.tips),
        cautions=_texts(exercise.cautions),
        parameters=parameters,
        review=review,
        is_clinician=exercise.category is Category.CLINICIAN,
        picture=exercise.illustrations[0] if exercise.illustrations else None,
        notes=_notes(exercise) if audience == "clinician" else (),
    )


def _sheet(
    days: tuple[DayPlan, ...],
    plan: Plan,
    known: Mapping[str, Exercise],
    routine: Routine | None,
) -> TickSheet:
    rows: dict[tuple[str, str], list[list[str]]] = {}
    names: dict[tuple[str, str], str] = {}
    for column, day in enumerate(days):
        for session in day.sessions:
            start = _start(session, plan)
            for item in session.ordered_items(routine):
                key = (item.exercise_id, describe_item(item))
                names[key] = clean_text(exercise_title(item.exercise_id, known))
                cells = rows.setdefault(key, [[] for _ in days])
                cells[column].append(start)
    return TickSheet(
        days=tuple(d.date for d in days),
        sessions=tuple(tuple(span(s, plan) for s in d.sessions) for d in days),
        rows=tuple(
            TickRow(name=names[key], dose=key[1], cells=tuple(tuple(c) for c in cells))
            for key, cells in rows.items()
        ),
    )


def _check(
    plan: object,
    routine: object,
    *,
    title: object,
    days: object,
    details: object,
    audience: object,
) -> None:
    plan_argument(plan)
    routine_argument(routine)
    if not isinstance(title, str) or not title.strip():
        msg = f"'title' must be non-blank text (got {title!r:.60})."
        raise InvalidValueError(msg, field="title", value=title, fix="give a short title")
    if days is not None:
        check_whole("days", days, 1, 366)
    if details is not None and not isinstance(details, HandoutDetails):
        msg = (
            f"'details' must be a footdrop.export.html.HandoutDetails or None "
            f"(got {type(details).__name__})."
        )
        raise InvalidTypeError(msg, field="details", value=details, expected="HandoutDetails")
    if audience not in _AUDIENCES:
        msg = f"'audience' must be 'patient' or 'clinician' (got {audience!r:.60})."
        raise InvalidValueError(msg, field="audience", value=audience, fix="'patient'")


def build(
    plan: Plan,
    *,
    routine: Routine | None,
    title: str,
    days: int | None,
    details: HandoutDetails | None = None,
    audience: str = "patient",
) -> Handout:
    """Gather a handout's text.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise that is
            neither in the routine nor in the catalogue, so it has no instructions.
    """
    _check(plan, routine, title=title, days=days, details=details, audience=audience)
    known: Mapping[str, Exercise] = exercises_known(routine)
    shown = plan.days if days is None else plan.days[:days]
    planned: dict[str, dict[str, None]] = {}
    for day in plan.days:
        for session in day.sessions:
            for item in session.items:
                planned.setdefault(item.exercise_id, {})[describe_item(item)] = None
    sheets = tuple(
        _sheet(tuple(shown[i : i + DAYS_PER_SHEET]), plan, known, routine)
        for i in range(0, len(shown), DAYS_PER_SHEET)
    )
    order = list(routine.ids) if routine is not None else []
    order += [i for i in planned if i not in order]
    blocks = []
    for exercise_id in order:
        if exercise_id not in known:
            raise UnknownExerciseError(exercise_id, nearest_ids(exercise_id, known))
        blocks.append(
            _block(
                known[exercise_id],
                routine,
                tuple(planned.get(exercise_id, {})),
                audience=audience,
            )
        )
    about = [f"Times are in the {plan.tz} time zone."]
    if plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        about.insert(0, f"Plan from {day_label(first)} to {day_label(last)}.")
    if routine is not None:
        about.append(f"Affected side: {routine.affected.value}.")
    return Handout(
        title=clean_text(title),
        about=tuple(about),
        details=details.lines() if details is not None else (),
        safety=SAFETY,
        sheets=sheets,
        shown_days=len(shown),
        total_days=len(plan.days),
        blocks=tuple(blocks),
        audience=audience,
    )
