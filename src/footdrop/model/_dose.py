"""Doses, timings, levels and sets: the numbers of a home programme.

* :class:`Dose`: what one session asks of one exercise, as ranges (floor to ceiling).
* :class:`Timing`: how often: sessions per day, which days, spacing.
* :class:`Level`: where a person is now inside a dose and timing (one value per measure).
* :class:`ExerciseSet`: one set, planned or done.
"""

from __future__ import annotations

from typing import Any, Final, final

import attrs

from footdrop._validators import (
    check_whole,
    enum_of,
    instance_of,
    optional,
    whole,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._kinds import SupportLevel, Weekday, to_optional_support, to_support
from footdrop.model._measures import OPTIONAL, TABLE, by_name
from footdrop.model._range import Range
from footdrop.model._recurrence import Recurrence
from footdrop.model._weekdays import weekday_tuple, weekdays

__all__ = [
    "LIMITS",
    "MEASURES",
    "Dose",
    "ExerciseSet",
    "Level",
    "SupportRange",
    "Timing",
]

#: The absolute bounds footdrop accepts for every measure; anything beyond is an error.
#: These are sanity limits against typing mistakes, not clinical ceilings: a
#: prescription's own ranges set the clinical ceiling. The measures' limits come
#: from their rows in ``footdrop.model._measures.TABLE``.
LIMITS: Final = {
    **{m.name: m.limits for m in TABLE},
    "rest_between_sets_seconds": (0, 600),
    "sessions_per_day": (1, 12),
    "days_per_week": (1, 7),
    "min_spacing_minutes": (0, 1440),
}

#: The measures a dose may use besides ``sets``, in table order, then the support ladder.
MEASURES: Final = (*(m.name for m in OPTIONAL), "support")


def count_field(name: str) -> Any:
    """An optional whole-number field for measure *name*, within its limits (``None`` if unused).

    Levels and plan items hold one value per measure; each measure's field is
    declared with this, so its limits come from the one table.
    """
    return attrs.field(default=None, validator=optional(whole(*LIMITS[name])))


def _range_within(name: str) -> Any:
    lo, hi = LIMITS[name]

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Range):
            msg = (
                f"'{attribute.name}' must be a Range such as Range(min={lo}, max={hi}) "
                f"(got {value!r:.60})."
            )
            raise InvalidTypeError(msg, field=attribute.name, value=value, expected="Range")
        if not value.is_within(Range(min=lo, max=hi)):
            msg = f"'{attribute.name}' must lie within {lo}..{hi} (got {value})."
            raise InvalidValueError(
                msg, field=attribute.name, value=value, fix=f"keep both ends within {lo}..{hi}"
            )

    return validate


@final
@attrs.frozen(kw_only=True)
class SupportRange:
    """The rungs of the balance support ladder a prescription allows.

    Args:
        easiest: The most support allowed (the floor).
        hardest: The least support allowed (the ceiling).

    Example:
        >>> from footdrop import SupportLevel, SupportRange
        >>> rungs = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.NO_HANDS)
        >>> SupportLevel.ONE_FINGER in rungs, SupportLevel.EYES_CLOSED in rungs
        (True, False)

    .. versionadded:: 0.1.0
    """

    easiest: SupportLevel = attrs.field(converter=to_support, validator=enum_of(SupportLevel))
    hardest: SupportLevel = attrs.field(converter=to_support, validator=enum_of(SupportLevel))

    def __attrs_post_init__(self) -> None:
        if self.easiest > self.hardest:
            msg = (
                f"'easiest' must not be harder than 'hardest' (got easiest={self.easiest.value!r}, "
                f"hardest={self.hardest.value!r}): swap them."
            )
            raise InvalidValueError(msg, field="easiest", value=self.easiest)

    def __contains__(self, level: object) -> bool:
        return isinstance(level, SupportLevel) and self.easiest <= level <= self.hardest

    @property
    def levels(self) -> tuple[SupportLevel, ...]:
        """Every allowed rung, easiest first."""
        return tuple(level for level in SupportLevel if level in self)

    def __str__(self) -> str:
        if self.easiest is self.hardest:
            return self.easiest.value
        return f"{self.easiest.value} to {self.hardest.value}"


@final
@attrs.frozen(kw_only=True)
class Dose:
    """What one session asks of one exercise, as ranges from floor to ceiling.

    A dose names ``sets`` and exactly the measures its exercise uses; the
    others stay ``None``. Every number is structured: there are no free-text
    doses. Absolute bounds per measure (``LIMITS``) catch typing mistakes (1,000 reps).

    Args:
        sets: How many sets, 1..10.
        reps: Repetitions per set, 1..100, or ``None``.
        hold_seconds: How long each rep or stance is held, 1..600 s, or ``None``.
        letters: Letters of the alphabet traced per set (ankle alphabet), 1..26, or ``None``.
        rounds: Rounds of walking (heel and toe walks), 1..50, or ``None``.
        steps: Steps per walk in a round, 1..100, or ``None`` (needs ``rounds``).
        support: The allowed balance support rungs, or ``None``.
        rest_between_sets_seconds: Rest between two sets, 0..600 s.

    Raises:
        footdrop.exceptions.InvalidValueError: A range lies outside its bounds, or the
            dose uses no measure at all.

    Example:
        >>> from footdrop import Dose, Range
        >>> dose = Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15))
        >>> dose.measures
        ('reps',)
        >>> Dose(sets=Range(min=1, max=1), reps=Range(min=0, max=5))
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'reps' must lie within 1..100 (got 0-5).

    .. versionadded:: 0.1.0
    """

    sets: Range = attrs.field(validator=_range_within("sets"))
    reps: Range | None = attrs.field(default=None, validator=optional(_range_within("reps")))
    hold_seconds: Range | None = attrs.field(
        default=None, validator=optional(_range_within("hold_seconds"))
    )
    letters: Range | None = attrs.field(default=None, validator=optional(_range_within("letters")))
    rounds: Range | None = attrs.field(default=None, validator=optional(_range_within("rounds")))
    steps: Range | None = attrs.field(default=None, validator=optional(_range_within("steps")))
    support: SupportRange | None = attrs.field(
        default=None,
        validator=optional(instance_of(SupportRange, "a SupportRange")),
    )
    rest_between_sets_seconds: int = attrs.field(
        default=30, validator=whole(*LIMITS["rest_between_sets_seconds"])
    )

    def __attrs_post_init__(self) -> None:
        if not self.measures:
            alone = [f"'{name}'" for name in MEASURES if _stands_alone(name)]
            msg = (
                "a Dose must use at least one measure besides 'sets': give "
                f"{', '.join(alone[:-1])} or {alone[-1]}."
            )
            raise InvalidValueError(msg, field="reps", value=None, fix="give 'reps'")
        for measure in OPTIONAL:
            per = measure.per
            used = getattr(self, measure.name) is not None
            if per is not None and used and getattr(self, per) is None:
                msg = (
                    f"'{measure.name}' counts {measure.many} per {by_name(per).one}, "
                    f"so it needs '{per}' too (got {per}=None)."
                )
                raise InvalidValueError(msg, field=per, value=None, fix=f"give '{per}'")

    @property
    def measures(self) -> tuple[str, ...]:
        """The names of the measures this dose uses besides ``sets``, in display order."""
        return tuple(name for name in MEASURES if getattr(self, name) is not None)

    def floor(self, *, sessions_per_day: int) -> Level:
        """The :class:`Level` at the bottom of every range of this dose.

        Example:
            >>> from footdrop import Dose, Range
            >>> Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15)).floor(sessions_per_day=2)
            Level(sets=2, sessions_per_day=2, reps=10, hold_seconds=None, letters=None, rounds=None, steps=None, support=None)
        """  # noqa: E501
        ranges: dict[str, Range | None] = {m.name: getattr(self, m.name) for m in TABLE}
        values: dict[str, Any] = {n: None if r is None else r.min for n, r in ranges.items()}
        return Level(
            sessions_per_day=sessions_per_day,
            **values,
            support=self.support.easiest if self.support else None,
        )

    def ceiling(self, *, sessions_per_day: int) -> Level:
        """The :class:`Level` at the top of every range of this dose.

        Example:
            >>> from footdrop import Dose, Range
            >>> Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15)).ceiling(
            ...     sessions_per_day=3).reps
            15

        .. versionadded:: 0.1.0
        """
        ranges: dict[str, Range | None] = {m.name: getattr(self, m.name) for m in TABLE}
        values: dict[str, Any] = {n: None if r is None else r.max for n, r in ranges.items()}
        return Level(
            sessions_per_day=sessions_per_day,
            **values,
            support=self.support.hardest if self.support else None,
        )


@final
@attrs.frozen(kw_only=True)
class Timing:
    """How often an exercise is done: sessions per day, which days, and spacing.

    Args:
        sessions_per_day: Sessions holding this exercise on a day it is due, 1..12.
        days_per_week: On how many of ``weekdays`` it is due each week, 1..7 (daily by default).
        weekdays: The weekdays it may be done on (all seven by default).
        min_spacing_minutes: The least time from the start of one session holding this
            exercise to the start of the next on the same day, 0..1440 minutes.
        recurrence: The exact dates it is due on, as a :class:`~footdrop.Recurrence`
            ("every other day", "Mon/Wed/Fri", with skipped dates), or ``None`` to let
            ``days_per_week`` and ``weekdays`` decide. With a recurrence,
            ``days_per_week`` stays 7 (or, for a weekly rule, equals the number of
            its weekdays), and the rule's days must all be in ``weekdays``.

    Raises:
        footdrop.exceptions.InvalidValueError: A number is out of bounds,
            ``days_per_week`` exceeds the number of ``weekdays``, or ``recurrence``
            contradicts ``days_per_week`` or ``weekdays``.

    Example:
        >>> from footdrop import Range, Timing
        >>> Timing(sessions_per_day=Range(min=2, max=3), min_spacing_minutes=180).is_daily
        True

    .. versionadded:: 0.1.0
    """

    sessions_per_day: Range = attrs.field(validator=_range_within("sessions_per_day"))
    days_per_week: int = attrs.field(default=7, validator=whole(*LIMITS["days_per_week"]))
    weekdays: tuple[Weekday, ...] = attrs.field(
        default=tuple(Weekday), converter=weekday_tuple, validator=weekdays(min_items=1)
    )
    min_spacing_minutes: int = attrs.field(
        default=0, validator=whole(*LIMITS["min_spacing_minutes"])
    )
    recurrence: Recurrence | None = attrs.field(
        default=None, validator=optional(instance_of(Recurrence, "a footdrop.Recurrence or None"))
    )

    def __attrs_post_init__(self) -> None:
        if self.days_per_week > len(self.weekdays):
            msg = (
                f"'days_per_week' is {self.days_per_week} but only {len(self.weekdays)} "
                "weekday(s) are allowed: lower 'days_per_week' or allow more 'weekdays'."
            )
            raise InvalidValueError(msg, field="days_per_week", value=self.days_per_week)
        if self.recurrence is not None:
            self._check_recurrence(self.recurrence)

    def _check_recurrence(self, recurrence: Recurrence) -> None:
        """Refuse a recurrence that contradicts ``days_per_week`` or ``weekdays``."""
        rule = recurrence.rule
        outside = [d.value for d in recurrence.weekdays if d not in self.weekdays]
        if outside:
            allowed = ", ".join(d.value for d in self.weekdays)
            fix = (
                "allow every weekday in 'weekdays', or use a weekly rule on allowed days"
                if recurrence.interval_days is not None
                else "allow those days in 'weekdays' or drop them from the rule"
            )
            msg = (
                f"'recurrence' {rule!r} falls on {', '.join(outside)}, outside the allowed "
                f"'weekdays' {allowed}: {fix}."
            )
            raise InvalidValueError(msg, field="recurrence", value=recurrence, fix=fix)
        named = len(recurrence.weekdays) if recurrence.interval_days is None else None
        if self.days_per_week not in {7, named}:
            fix = "leave 'days_per_week' at 7, as the recurrence says which days" + (
                f", or set it to {named}" if named is not None else ""
            )
            msg = (
                f"'days_per_week' is {self.days_per_week} but 'recurrence' {rule!r} "
                + (
                    f"names {named} day(s) a week"
                    if named is not None
                    else "gives a number of days that changes from week to week"
                )
                + f": {fix}."
            )
            raise InvalidValueError(msg, field="days_per_week", value=self.days_per_week, fix=fix)

    @property
    def is_daily(self) -> bool:
        """Whether the exercise is due every day of the week.

        A timing with a ``recurrence`` is daily only when the rule is every day
        with no skipped dates.
        """
        if self.recurrence is not None:
            every_week_day = len(self.recurrence.weekdays) == len(Weekday)
            return (
                every_week_day
                and self.recurrence.interval_days in {1, None}
                and not self.recurrence.except_dates
            )
        return self.days_per_week == 7


@final
@attrs.frozen(kw_only=True)
class Level:
    """Where a person is now: one value for each measure of a dose, and sessions per day.

    A level is checked against a dose and timing by ``footdrop.Prescription``,
    which keeps it inside the prescribed ranges.

    Args:
        sets: Sets per session.
        sessions_per_day: Sessions per day on days the exercise is due.
        reps, hold_seconds, letters, rounds, steps, support: As in :class:`Dose`,
            one value each, ``None`` where the dose does not use the measure.

    .. versionadded:: 0.1.0
    """

    sets: int = attrs.field(validator=whole(*LIMITS["sets"]))
    sessions_per_day: int = attrs.field(validator=whole(*LIMITS["sessions_per_day"]))
    reps: int | None = count_field("reps")
    hold_seconds: int | None = count_field("hold_seconds")
    letters: int | None = count_field("letters")
    rounds: int | None = count_field("rounds")
    steps: int | None = count_field("steps")
    support: SupportLevel | None = attrs.field(
        default=None, converter=to_optional_support, validator=optional(enum_of(SupportLevel))
    )

    def problems_against(self, dose: Dose, timing: Timing) -> tuple[str, ...]:
        """Every way this level falls outside *dose* and *timing*, as sentences.

        An empty tuple means the level fits.

        Example:
            >>> from footdrop import Dose, Level, Range, Timing
            >>> dose = Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15))
            >>> timing = Timing(sessions_per_day=Range(min=1, max=1))
            >>> Level(sets=4, reps=12, sessions_per_day=1).problems_against(dose, timing)
            ("'current.sets' must be within 2..3 (got 4).",)
        """
        found: list[str] = []
        checks: list[tuple[str, Any, Range | None]] = [
            (m.name, getattr(self, m.name), getattr(dose, m.name)) for m in TABLE
        ]
        checks.insert(1, ("sessions_per_day", self.sessions_per_day, timing.sessions_per_day))
        for name, value, allowed in checks:
            if allowed is None and value is not None:
                found.append(
                    f"'current.{name}' must be None: the dose has no {name} (got {value})."
                )
            elif allowed is not None and value is None:
                found.append(f"'current.{name}' is missing: the dose asks for {name} {allowed}.")
            elif allowed is not None and value not in allowed:
                found.append(
                    f"'current.{name}' must be within {allowed.min}..{allowed.max} (got {value})."
                )
        if dose.support is None and self.support is not None:
            found.append(
                f"'current.support' must be None: the dose has no support (got {self.support})."
            )
        elif dose.support is not None and self.support is None:
            found.append(f"'current.support' is missing: the dose allows {dose.support}.")
        elif dose.support is not None and self.support not in dose.support:
            found.append(f"'current.support' must be within {dose.support} (got {self.support}).")
        return tuple(found)


@final
@attrs.frozen(kw_only=True)
class ExerciseSet:
    """One set of an exercise, planned or done.

    Args:
        reps: Repetitions in the set (for the ankle alphabet, letters; for walks,
            rounds), 0..1000, or ``None`` for a pure hold.
        hold_seconds: Seconds held per rep (or the stance time), 0..3600, or ``None``.
        rest_after_seconds: Rest after the set, 0..3600 s.

    Example:
        >>> from footdrop import ExerciseSet
        >>> ExerciseSet(reps=12, hold_seconds=3)
        ExerciseSet(reps=12, hold_seconds=3, rest_after_seconds=0)

    .. versionadded:: 0.1.0
    """

    reps: int | None = attrs.field(default=None, validator=optional(whole(0, 1000)))
    hold_seconds: int | None = attrs.field(default=None, validator=optional(whole(0, 3600)))
    rest_after_seconds: int = attrs.field(default=0, validator=whole(0, 3600))

    def __attrs_post_init__(self) -> None:
        if self.reps is None and self.hold_seconds is None:
            msg = "an ExerciseSet needs 'reps' or 'hold_seconds' (got neither)."
            raise InvalidValueError(msg, field="reps", value=None, fix="give 'reps'")


def _stands_alone(name: str) -> bool:
    """Whether a dose may use *name* as its only measure (not one counted within another)."""
    return name == "support" or by_name(name).per is None


def check_count(name: str, value: Any) -> int:
    """Check a count against ``LIMITS``; return it."""
    lo, hi = LIMITS[name]
    return check_whole(name, value, lo, hi)
