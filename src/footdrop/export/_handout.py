"""What a handout says, independent of its format (HTML, Markdown).

:func:`build` gathers the text of a handout from a plan and, optionally, a routine;
:mod:`footdrop.export.html` and :mod:`footdrop.export.markdown` only lay it out and
escape it. Every text here is plain and unescaped (but cleaned of control characters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

import attrs

from footdrop._catalogue import catalogue
from footdrop._validators import check_whole, nearest_ids
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError
from footdrop.export.text import (
    clean_text,
    describe_dose,
    describe_item,
    describe_level,
    item_line,
)
from footdrop.model._kinds import Category
from footdrop.model._plan import Plan
from footdrop.model._routine import Routine

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from footdrop.model._exercise import Exercise
    from footdrop.model._plan import Session

__all__ = [
    "SAFETY",
    "Block",
    "Handout",
    "Row",
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

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


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


@final
@attrs.frozen(kw_only=True)
class Row:
    """One line of the timetable: a session, or a rest day when ``time`` is ``None``."""

    day: dt.date
    label: str
    time: str | None
    items: tuple[str, ...]


@final
@attrs.frozen(kw_only=True)
class Block:
    """One exercise of the handout, every field plain text."""

    id: str
    name: str
    now: str | None
    prescribed: str | None
    planned: tuple[str, ...]
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    tips: tuple[str, ...]
    cautions: tuple[str, ...]
    parameters: tuple[str, ...]
    review: str | None
    is_clinician: bool


@final
@attrs.frozen(kw_only=True)
class Handout:
    """Everything a handout says."""

    title: str
    about: tuple[str, ...]
    safety: tuple[str, ...]
    rows: tuple[Row, ...]
    shown_days: int
    total_days: int
    blocks: tuple[Block, ...]


def exercises_known(routine: Routine | None) -> dict[str, Exercise]:
    """The exercises by id: the routine's, then the built-in catalogue's."""
    known: dict[str, Exercise] = dict(catalogue())
    if routine is not None:
        known.update({p.exercise.id: p.exercise for p in routine.items})
    return known


def _texts(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(clean_text(v) for v in values)


def _block(exercise: Exercise, routine: Routine | None, planned: tuple[str, ...]) -> Block:
    now = prescribed = review = None
    parameters: tuple[str, ...] = ()
    if routine is not None and exercise.id in routine:
        prescription = routine[exercise.id]
        now = describe_level(prescription, routine.affected)
        prescribed = describe_dose(prescription, routine.affected)
        review = clean_text(prescription.review) if prescription.review else None
        parameters = tuple(
            clean_text(f"{p.name}: {p.value:g} {p.unit}") for p in prescription.parameters
        )
    return Block(
        id=exercise.id,
        name=clean_text(exercise.name),
        now=now,
        prescribed=prescribed,
        planned=planned,
        equipment=_texts(exercise.equipment),
        steps=_texts(exercise.steps),
        tips=_texts(exercise.tips),
        cautions=_texts(exercise.cautions),
        parameters=parameters,
        review=review,
        is_clinician=exercise.category is Category.CLINICIAN,
    )


def _check(plan: object, routine: object, title: object, days: object) -> None:
    if not isinstance(plan, Plan):
        msg = f"'plan' must be a footdrop.Plan (got {type(plan).__name__})."
        raise InvalidTypeError(msg, field="plan", value=plan, expected="Plan")
    if routine is not None and not isinstance(routine, Routine):
        msg = f"'routine' must be a footdrop.Routine or None (got {type(routine).__name__})."
        raise InvalidTypeError(msg, field="routine", value=routine, expected="Routine")
    if not isinstance(title, str) or not title.strip():
        msg = f"'title' must be non-blank text (got {title!r:.60})."
        raise InvalidValueError(msg, field="title", value=title, fix="give a short title")
    if days is not None:
        check_whole("days", days, 1, 366)


def build(plan: Plan, *, routine: Routine | None, title: str, days: int | None) -> Handout:
    """Gather a handout's text.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise that is
            neither in the routine nor in the catalogue, so it has no instructions.
    """
    _check(plan, routine, title, days)
    known: Mapping[str, Exercise] = exercises_known(routine)
    shown = plan.days if days is None else plan.days[:days]
    rows: list[Row] = []
    planned: dict[str, dict[str, None]] = {}
    for day in plan.days:
        for session in day.sessions:
            for item in session.items:
                planned.setdefault(item.exercise_id, {})[describe_item(item)] = None
    for day in shown:
        label = day_label(day.date)
        if not day.sessions:
            rows.append(Row(day=day.date, label=label, time=None, items=()))
        for session in day.sessions:
            ordered = session.ordered_items(routine)
            items = tuple(clean_text(item_line(i, known)) for i in ordered)
            rows.append(Row(day=day.date, label=label, time=span(session, plan), items=items))
    order = list(routine.ids) if routine is not None else []
    order += [i for i in planned if i not in order]
    blocks = []
    for exercise_id in order:
        if exercise_id not in known:
            raise UnknownExerciseError(exercise_id, nearest_ids(exercise_id, known))
        blocks.append(_block(known[exercise_id], routine, tuple(planned.get(exercise_id, {}))))
    about = [f"Times are in the {plan.tz} time zone."]
    if plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        about.insert(0, f"Plan from {day_label(first)} to {day_label(last)}.")
    if routine is not None:
        about.append(f"Affected side: {routine.affected.value}.")
    return Handout(
        title=clean_text(title),
        about=tuple(about),
        safety=SAFETY,
        rows=tuple(rows),
        shown_days=len(shown),
        total_days=len(plan.days),
        blocks=tuple(blocks),
    )
