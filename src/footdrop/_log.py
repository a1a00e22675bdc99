"""ExerciseLog: what a person did for one exercise on one side on one date."""

from __future__ import annotations

import datetime as dt
from typing import Any, final

import attrs

from footdrop._dose import ExerciseSet
from footdrop._kinds import Side, SupportLevel
from footdrop._validators import enum_of, finite, instance_of, optional, slug, text, to_tuple, whole
from footdrop.exceptions import InvalidValueError

__all__ = ["PAIN_LOINC", "BorgCR10", "ExerciseLog"]

#: LOINC code of the pain severity 0-10 numeric rating scale.
PAIN_LOINC = "72514-3"


@final
@attrs.frozen(kw_only=True, order=True)
class BorgCR10:
    """Perceived effort on the Borg CR10 scale (0 nothing at all, 10 extremely strong).

    CR10 is open-ended: values above 10 mean "maximal" and are allowed up to 12.
    It is its own type so it is never mixed with the Borg RPE 6-20 scale or a
    plain 0-10 effort score.

    Example:
        >>> from footdrop import BorgCR10
        >>> BorgCR10(value=4)
        BorgCR10(value=4)

    .. versionadded:: 0.1.0
    """

    value: float = attrs.field(validator=finite(0, 12))


def _pain(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    whole(0, 10)(_inst, attribute, value)


@final
@attrs.frozen(kw_only=True)
class ExerciseLog:
    """What was done for one exercise, on one side, on one date.

    ``sets`` and ``reps`` summarise uniform sets; ``set_results`` optionally gives
    every set, so rules such as "every set reached the target" are judged set by set.

    Args:
        on: The date it was done.
        exercise_id: The exercise's id.
        side: The side worked, or ``None`` for exercises done with both legs or no side.
        sets: Sets done, 0..10.
        session: Which session of the day this was, 1..12 (1 by default), for
            exercises done more than once a day.
        reps: Reps done in each set, 0..1000, or ``None`` for holds.
        hold_seconds: Seconds held, 0..3600, or ``None``.
        set_results: Every set done, in order (optional; its length must equal ``sets``).
        support: The balance support used, or ``None``.
        pain: Pain during the exercise, integer NRS 0-10 (LOINC 72514-3), or ``None``.
        pain_next_morning: Pain the next morning, NRS 0-10, or ``None``.
        effort: Perceived effort (Borg CR10), or ``None``.
        fell: Whether a fall or near-fall happened.
        notes: Free text, or ``None``.

    Raises:
        footdrop.exceptions.InvalidValueError: A value is out of range, or
            ``set_results`` disagrees with ``sets``.

    Example:
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog, Side
        >>> log = ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="hip-rotation-slides",
        ...                   side=Side.LEFT, sets=2, reps=12, pain=2)
        >>> log.reps_per_set
        (12, 12)

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=instance_of(dt.date, "a date"))
    exercise_id: str = attrs.field(validator=slug)
    side: Side | None = attrs.field(validator=optional(enum_of(Side)))
    sets: int = attrs.field(validator=whole(0, 10))
    session: int = attrs.field(default=1, validator=whole(1, 12))
    reps: int | None = attrs.field(default=None, validator=optional(whole(0, 1000)))
    hold_seconds: int | None = attrs.field(default=None, validator=optional(whole(0, 3600)))
    set_results: tuple[ExerciseSet, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instance_of(tuple, "a list of ExerciseSet")
    )
    support: SupportLevel | None = attrs.field(
        default=None, validator=optional(enum_of(SupportLevel))
    )
    pain: int | None = attrs.field(default=None, validator=optional(_pain))
    pain_next_morning: int | None = attrs.field(default=None, validator=optional(_pain))
    effort: BorgCR10 | None = attrs.field(
        default=None, validator=optional(instance_of(BorgCR10, "a BorgCR10"))
    )
    fell: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))
    notes: str | None = attrs.field(default=None, validator=optional(text()))

    def __attrs_post_init__(self) -> None:
        if isinstance(self.on, dt.datetime):
            msg = f"'on' must be a date, not a datetime (got {self.on!r}): use .date()."
            raise InvalidValueError(msg, field="on", value=self.on, fix="use .date()")
        for i, item in enumerate(self.set_results):
            if not isinstance(item, ExerciseSet):
                msg = f"'set_results[{i}]' must be an ExerciseSet (got {item!r:.80})."
                raise InvalidValueError(msg, field=f"set_results[{i}]", value=item)
        if self.set_results and len(self.set_results) != self.sets:
            msg = (
                f"'set_results' lists {len(self.set_results)} set(s) but 'sets' is {self.sets}: "
                "make them agree."
            )
            raise InvalidValueError(msg, field="set_results", value=len(self.set_results))

    @property
    def reps_per_set(self) -> tuple[int | None, ...]:
        """The reps of every set: from ``set_results`` if given, else ``reps`` repeated."""
        if self.set_results:
            return tuple(s.reps for s in self.set_results)
        return (self.reps,) * self.sets

    @property
    def hold_per_set(self) -> tuple[int | None, ...]:
        """The hold of every set: from ``set_results`` if given, else ``hold_seconds`` repeated."""
        if self.set_results:
            return tuple(s.hold_seconds for s in self.set_results)
        return (self.hold_seconds,) * self.sets

    @property
    def key(self) -> tuple[dt.date, str, Side | None, int]:
        """What makes a log unique in a history: date, exercise, side and session."""
        return (self.on, self.exercise_id, self.side, self.session)
