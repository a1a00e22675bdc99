"""Plain-language wording of doses, timings and plan items, shared by every export.

Every export that shows a dose to a person (the HTML and Markdown handouts, the
notebook views, the calendar descriptions) words it with these functions, so
"2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day, left leg" reads the same
everywhere. The functions return plain text: each format escapes it as it must.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from footdrop.exceptions import InvalidTypeError
from footdrop.model import _measures
from footdrop.model._kinds import Laterality, Side, Sides, SupportLevel, Weekday
from footdrop.model._measures import OPTIONAL, dose_words
from footdrop.model._plan import PlanItem, exercise_title
from footdrop.model._range import Range
from footdrop.model._routine import Prescription

if TYPE_CHECKING:
    from collections.abc import Mapping

    from footdrop.model._dose import Dose, Level, Timing
    from footdrop.model._exercise import Exercise

__all__ = [
    "SUPPORT_WORDS",
    "clean_text",
    "describe_defaults",
    "describe_dose",
    "describe_item",
    "describe_level",
    "describe_timing",
    "exercise_title",
    "item_line",
]

#: How each rung of the balance support ladder is said to a person (declared with the
#: measures in the model layer, so that a plan item is worded there too).
SUPPORT_WORDS: Final[Mapping[SupportLevel, str]] = _measures.SUPPORT_WORDS

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_Count = int | Range


def clean_text(value: str) -> str:
    r"""Replace control characters that no text format may carry with U+FFFD.

    Tabs and line breaks are kept (each format then handles them); every other
    C0 or C1 control character and DEL becomes the replacement character
    "\ufffd", so the change is visible rather than silent. Line endings are
    normalised to ``\n``.

    Example:
        >>> from footdrop.export.text import clean_text
        >>> clean_text("toe\x00raise\r\nslowly") == "toe\ufffdraise\nslowly"
        True

    .. versionadded:: 0.1.0
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", value)


def _is_one(value: _Count) -> bool:
    return value == 1 if isinstance(value, int) else (value.is_single and value.min == 1)


def _count(value: _Count, one: str, many: str) -> str:
    return f"{value} {one if _is_one(value) else many}"


def describe_timing(timing: Timing) -> str:
    """How often, in plain words: "2-3 times a day", "once a day on 3 days a week".

    Args:
        timing: The timing to describe.

    Returns:
        The words, without a final full stop.

    Example:
        >>> from footdrop.export.text import describe_timing
        >>> from footdrop import Range, Timing, Weekday
        >>> describe_timing(Timing(sessions_per_day=Range(min=2, max=3)))
        '2-3 times a day'
        >>> describe_timing(Timing(sessions_per_day=Range.exactly(1), days_per_week=2,
        ...                        weekdays=[Weekday.MONDAY, Weekday.THURSDAY]))
        'once a day, on Monday and Thursday'

    .. versionadded:: 0.1.0
    """
    per_day = timing.sessions_per_day
    if per_day.is_single:
        return _times_a_day(per_day.min) + _on_days(timing)
    return f"{per_day} times a day" + _on_days(timing)


def _times_a_day(count: int) -> str:
    return {1: "once a day", 2: "twice a day"}.get(count, f"{count} times a day")


def _on_days(timing: Timing) -> str:
    """Which days, such as ", on 3 days a week"; nothing for every day."""
    days = [d.value.capitalize() for d in timing.weekdays]
    per_week = _count(timing.days_per_week, "day", "days") + " a week"
    if len(timing.weekdays) == len(Weekday):
        return "" if timing.is_daily else f", on {per_week}"
    listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    if timing.days_per_week == len(days):
        return f", on {listed}"
    joined = listed.replace(" and ", " or ")
    return f", on {per_week} ({joined})"


def _sides(prescription: Prescription, affected: Side) -> str | None:
    if prescription.sides is Sides.AFFECTED:
        return f"{affected.value} leg"
    if prescription.sides is Sides.BOTH:
        return f"each leg, {affected.value} first"
    if prescription.exercise.laterality is Laterality.BOTH_TOGETHER:
        return "both legs together"
    return None


def _check_prescription(prescription: object, affected: object) -> None:
    if not isinstance(prescription, Prescription):
        kind = type(prescription).__name__
        msg = f"'prescription' must be a footdrop.Prescription (got {kind})."
        raise InvalidTypeError(
            msg, field="prescription", value=prescription, expected="Prescription"
        )
    if not isinstance(affected, Side):
        msg = f"'affected' must be footdrop.Side.LEFT or .RIGHT (got {affected!r:.60})."
        raise InvalidTypeError(msg, field="affected", value=affected, expected="Side")


def describe_dose(prescription: Prescription, affected: Side) -> str:
    """The prescribed ranges in plain words, floor to ceiling.

    Args:
        prescription: The prescription.
        affected: The person's affected side (``routine.affected``), which names the leg.

    Returns:
        Words such as "2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day, left leg".

    Raises:
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.

    Example:
        >>> from footdrop.export.text import describe_dose
        >>> import footdrop
        >>> from footdrop import Category, Dose, Exercise, Laterality, Position, Prescription
        >>> from footdrop import Range, Sides, Timing
        >>> slides = Exercise(
        ...     id="hip-rotation-slides", name="Hip rotation slides",
        ...     category=Category.HIP_MOBILITY, position=Position.SEATED,
        ...     laterality=Laterality.EACH_SIDE, steps=["Slide the knee in and out."],
        ...     dose=Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15),
        ...               hold_seconds=Range(min=3, max=5)),
        ...     timing=Timing(sessions_per_day=Range(min=2, max=3)))
        >>> p = Prescription(exercise=slides, sides=Sides.AFFECTED)
        >>> describe_dose(p, footdrop.Side.LEFT)
        '2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day, left leg'

    .. versionadded:: 0.1.0
    """
    _check_prescription(prescription, affected)
    dose: Dose = prescription.dose
    support = (dose.support.easiest, dose.support.hardest) if dose.support else None
    parts = dose_words(dose.sets, {m.name: getattr(dose, m.name) for m in OPTIONAL}, support)
    parts.append(describe_timing(prescription.timing))
    side = _sides(prescription, affected)
    if side:
        parts.append(side)
    return ", ".join(parts)


def describe_defaults(exercise: Exercise) -> str:
    """An exercise's default dose and timing in plain words, for either leg.

    Args:
        exercise: The exercise.

    Returns:
        Words such as "2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day".

    Example:
        >>> from footdrop.export.text import describe_defaults
        >>> import footdrop
        >>> describe_defaults(footdrop.catalogue()["hip-rotation-slides"])
        '2-3 sets of 10-15 reps, hold 3-5 s, once a day, each leg'

    .. versionadded:: 0.1.0
    """
    prescription = Prescription(exercise=exercise)
    words = describe_dose(prescription, Side.LEFT)
    if prescription.sides is Sides.BOTH:
        words = words.removesuffix(", each leg, left first") + ", each leg"
    return words


def describe_level(prescription: Prescription, affected: Side) -> str:
    """The level the person is at now, in plain words: what to do today.

    Args:
        prescription: The prescription; its ``current`` level is described.
        affected: The person's affected side, which names the leg.

    Returns:
        Words such as "2 sets of 10 reps, hold 3 s, twice a day, left leg".

    Raises:
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.

    Example:
        >>> from footdrop.export.text import describe_level
        >>> import footdrop
        >>> from footdrop import Category, Dose, Exercise, Laterality, Position, Prescription
        >>> from footdrop import Range, Timing
        >>> alphabet = Exercise(
        ...     id="ankle-alphabet", name="Ankle alphabet", category=Category.ANKLE_MOBILITY,
        ...     position=Position.SEATED, laterality=Laterality.EACH_SIDE,
        ...     steps=["Trace the letters."],
        ...     dose=Dose(sets=Range.exactly(1), letters=Range.exactly(26)),
        ...     timing=Timing(sessions_per_day=Range.exactly(1)))
        >>> describe_level(Prescription(exercise=alphabet), footdrop.Side.RIGHT)
        '1 set of the whole alphabet, A to Z, once a day, each leg, right first'

    .. versionadded:: 0.1.0
    """
    _check_prescription(prescription, affected)
    level: Level = prescription.current
    parts = dose_words(
        level.sets, {m.name: getattr(level, m.name) for m in OPTIONAL}, level.support
    )
    parts.append(_times_a_day(level.sessions_per_day) + _on_days(prescription.timing))
    side = _sides(prescription, affected)
    if side:
        parts.append(side)
    return ", ".join(parts)


def _check_item(item: object) -> None:
    if not isinstance(item, PlanItem):
        msg = f"'item' must be a footdrop.PlanItem (got {type(item).__name__})."
        raise InvalidTypeError(msg, field="item", value=item, expected="PlanItem")


def describe_item(item: PlanItem) -> str:
    """One planned item's dose in plain words, with its side.

    Args:
        item: The plan item.

    Returns:
        Words such as "2 sets of 10 reps, hold 3 s, left leg".

    Raises:
        footdrop.exceptions.InvalidTypeError: *item* is not a :class:`footdrop.PlanItem`.

    Example:
        >>> from footdrop.export.text import describe_item
        >>> from footdrop import PlanItem, Side
        >>> describe_item(PlanItem(exercise_id="ankle-eversion", side=Side.LEFT, sets=2,
        ...                        reps=10, hold_seconds=3))
        '2 sets of 10 reps, hold 3 s, left leg'

    .. versionadded:: 0.1.0
    """
    _check_item(item)
    return item.describe()


def item_line(item: PlanItem, exercises: Mapping[str, Exercise] | None = None) -> str:
    """One planned item as a line of a timetable: the exercise's name, then its dose.

    The one wording of a plan item, shared by :meth:`footdrop.Plan.to_text`, the
    command line, the HTML and Markdown handouts and the calendar descriptions
    (it is :meth:`footdrop.PlanItem.to_text`).

    Args:
        item: The plan item.
        exercises: Exercises by id, for the name (the built-in catalogue when
            ``None``); an id not found is shown in words.

    Raises:
        footdrop.exceptions.InvalidTypeError: *item* is not a :class:`footdrop.PlanItem`.

    Example:
        >>> from footdrop.export.text import item_line
        >>> from footdrop import PlanItem, Side
        >>> item_line(PlanItem(exercise_id="ankle-eversion", side=Side.LEFT, sets=2,
        ...                    reps=10, hold_seconds=3))
        'Ankle eversion: 2 sets of 10 reps, hold 3 s, left leg'

    .. versionadded:: 0.1.0
    """
    _check_item(item)
    return item.to_text(exercises)
