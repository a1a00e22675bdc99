"""Plan, DayPlan, Session, PlanItem and Fallback: the scheduler's output."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, final

import attrs

from footdrop._dose import LIMITS, ExerciseSet
from footdrop._kinds import Side, SupportLevel
from footdrop._validators import enum_of, instance_of, optional, slug, text, to_tuple, whole
from footdrop.exceptions import InvalidValueError

__all__ = ["DayPlan", "Fallback", "Plan", "PlanItem", "Session", "check_zone"]


def check_zone(name: str, value: Any) -> zoneinfo.ZoneInfo:
    """Return the IANA time zone *value*, or raise an error naming the field *name*."""
    if not isinstance(value, str) or not value.strip():
        msg = f"'{name}' must be an IANA time-zone name such as 'Europe/London' (got {value!r})."
        raise InvalidValueError(msg, field=name, value=value, fix="use a name like 'Europe/London'")
    try:
        return zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        msg = (
            f"'{name}' is not a known IANA time zone (got {value!r}): use a name like "
            "'Europe/London' or 'America/New_York' (zoneinfo.available_timezones() lists them)."
        )
        raise InvalidValueError(msg, field=name, value=value) from None


def _zone(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_zone(attribute.name, value)


def _aware(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        msg = f"'{attribute.name}' must be a datetime (got {value!r:.80})."
        raise InvalidValueError(msg, field=attribute.name, value=value)
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"'{attribute.name}' must be time-zone aware (got the naive {value.isoformat()}): "
            "attach a zoneinfo.ZoneInfo."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value, fix="attach a tzinfo")


@final
@attrs.frozen(kw_only=True)
class PlanItem:
    """One exercise in one session, on one side, at a set dose.

    Args:
        exercise_id: The exercise's id.
        side: The side to work, or ``None`` for both legs together or no side.
        sets: Sets to do.
        reps, hold_seconds, letters, rounds, steps, support: The dose per set, ``None``
            where the exercise does not use the measure.
        rest_between_sets_seconds: Rest between two sets.

    .. versionadded:: 0.1.0
    """

    exercise_id: str = attrs.field(validator=slug)
    side: Side | None = attrs.field(validator=optional(enum_of(Side)))
    sets: int = attrs.field(validator=whole(*LIMITS["sets"]))
    reps: int | None = attrs.field(default=None, validator=optional(whole(*LIMITS["reps"])))
    hold_seconds: int | None = attrs.field(
        default=None, validator=optional(whole(*LIMITS["hold_seconds"]))
    )
    letters: int | None = attrs.field(default=None, validator=optional(whole(*LIMITS["letters"])))
    rounds: int | None = attrs.field(default=None, validator=optional(whole(*LIMITS["rounds"])))
    steps: int | None = attrs.field(default=None, validator=optional(whole(*LIMITS["steps"])))
    support: SupportLevel | None = attrs.field(
        default=None, validator=optional(enum_of(SupportLevel))
    )
    rest_between_sets_seconds: int = attrs.field(
        default=0, validator=whole(*LIMITS["rest_between_sets_seconds"])
    )

    def exercise_sets(self) -> tuple[ExerciseSet, ...]:
        """The planned sets one by one, with the rest after each (none after the last).

        Example:
            >>> from footdrop import PlanItem
            >>> item = PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10,
            ...                 hold_seconds=3, rest_between_sets_seconds=30)
            >>> [s.rest_after_seconds for s in item.exercise_sets()]
            [30, 0]
        """
        reps = self.reps if self.reps is not None else (self.letters or self.rounds)
        hold = self.hold_seconds
        if reps is None and hold is None:
            hold = 0
        return tuple(
            ExerciseSet(
                reps=reps,
                hold_seconds=hold,
                rest_after_seconds=self.rest_between_sets_seconds if i < self.sets - 1 else 0,
            )
            for i in range(self.sets)
        )


@final
@attrs.frozen(kw_only=True)
class Session:
    """A sitting of one or more exercises, from ``start`` to ``end``.

    Args:
        start: When it starts (time-zone aware).
        end: When it ends (time-zone aware, after ``start``).
        items: The exercises, in the order they are done.

    .. versionadded:: 0.1.0
    """

    start: dt.datetime = attrs.field(validator=_aware)
    end: dt.datetime = attrs.field(validator=_aware)
    items: tuple[PlanItem, ...] = attrs.field(
        converter=to_tuple, validator=instance_of(tuple, "a list of PlanItem")
    )

    def __attrs_post_init__(self) -> None:
        # Compare instants: datetimes sharing a tzinfo compare by wall clock, which
        # gets sessions across a clock change (the repeated hour) wrong.
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            msg = (
                f"'end' must come after 'start' (got start={self.start.isoformat()}, "
                f"end={self.end.isoformat()})."
            )
            raise InvalidValueError(msg, field="end", value=self.end)

    @property
    def duration(self) -> dt.timedelta:
        """How long the session lasts (elapsed time, across any clock change)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """The ids of the exercises in the session, in order, each once."""
        return tuple(dict.fromkeys(item.exercise_id for item in self.items))


@final
@attrs.frozen(kw_only=True)
class Fallback:
    """A place where the scheduler planned less than the current level, and why.

    The scheduler never goes below the prescription's floor; every step down
    from ``current`` toward it is recorded as a fallback.

    Args:
        on: The date.
        exercise_id: The exercise.
        lever: What was lowered (``"sessions_per_day"``, ``"sets"``, ``"reps"``, ...).
        wanted: The current level's value.
        planned: The value planned instead (at least the floor).
        reason: Why, as a sentence.

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=instance_of(dt.date, "a date"))
    exercise_id: str = attrs.field(validator=slug)
    lever: str = attrs.field(validator=text(50))
    wanted: int = attrs.field(validator=whole(0, 100_000))
    planned: int = attrs.field(validator=whole(0, 100_000))
    reason: str = attrs.field(validator=text(2000))


@final
@attrs.frozen(kw_only=True)
class DayPlan:
    """The sessions of one date.

    Args:
        date: The local date.
        sessions: The sessions, in time order (empty on a rest day).
        fallbacks: Every step down from the current level on this date.

    .. versionadded:: 0.1.0
    """

    date: dt.date = attrs.field(validator=instance_of(dt.date, "a date"))
    sessions: tuple[Session, ...] = attrs.field(
        converter=to_tuple, validator=instance_of(tuple, "a list of Session")
    )
    fallbacks: tuple[Fallback, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instance_of(tuple, "a list of Fallback")
    )

    @property
    def is_rest_day(self) -> bool:
        """Whether nothing is planned."""
        return not self.sessions


@final
@attrs.frozen(kw_only=True)
class Plan:
    """Daily plans for a run of dates, in one time zone.

    Args:
        tz: The IANA time zone the plan's local times are in.
        days: One :class:`DayPlan` per date, in date order.

    .. versionadded:: 0.1.0
    """

    tz: str = attrs.field(validator=_zone)
    days: tuple[DayPlan, ...] = attrs.field(
        converter=to_tuple, validator=instance_of(tuple, "a list of DayPlan")
    )

    @property
    def fallbacks(self) -> tuple[Fallback, ...]:
        """Every fallback of every day, in date order."""
        return tuple(f for day in self.days for f in day.fallbacks)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The plan's time zone."""
        return zoneinfo.ZoneInfo(self.tz)
