"""Logs that follow a plan: every planned item done as planned, with some sittings skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from footdrop.model._log import ExerciseLog

if TYPE_CHECKING:
    from footdrop.model._plan import Plan

__all__ = ["logs_following"]


def logs_following(plan: Plan, *, skip_every: int | None = None) -> list[ExerciseLog]:
    """A log for each planned item, done exactly as planned, in plan order.

    Args:
        plan: The plan followed.
        skip_every: Skip every *n*-th planned item (counted across the whole plan),
            for a fixed, readable pattern of missed sittings; ``None`` skips none.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="UTC")
        >>> plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=1, availability=day)
        >>> every = logs_following(plan)
        >>> len(every) == sum(len(s.items) for d in plan.days for s in d.sessions)
        True
        >>> len(logs_following(plan, skip_every=3)) == len(every) - len(every) // 3
        True

    .. versionadded:: 0.2.0
    """
    logs = []
    count = 0
    for day in plan.days:
        sittings: dict[tuple[str, object], int] = {}
        for session in day.sessions:
            for item in session.items:
                key = (item.exercise_id, item.side)
                sittings[key] = sittings.get(key, 0) + 1
                count += 1
                if skip_every is not None and count % skip_every == 0:
                    continue
                logs.append(
                    ExerciseLog(
                        on=day.date,
                        exercise_id=item.exercise_id,
                        side=item.side,
                        sets=item.sets,
                        reps=item.reps,
                        hold_seconds=item.hold_seconds,
                        support=item.support,
                        session=sittings[key],
                    )
                )
    return logs
