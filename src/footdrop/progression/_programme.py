"""Programme: a routine over time, its doses following :func:`progress` as logs arrive."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - cattrs resolves the annotations at run time
from typing import TYPE_CHECKING, final

import attrs

from footdrop._validators import date_only, instance_of, to_tuple, tuple_of
from footdrop.exceptions import InvalidValueError
from footdrop.model._decision import Decision
from footdrop.model._dose import Level  # noqa: TC001 - cattrs resolves the annotations at run time
from footdrop.model._log import ExerciseLog, check_history
from footdrop.model._routine import Routine
from footdrop.progression._engine import progress
from footdrop.progression._limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Programme", "Step"]


@final
@attrs.frozen(kw_only=True)
class Step:
    """One progression step of a programme: its date, the routine after it, its decisions.

    Args:
        on: The date of the step (levels it sets apply from the next day).
        routine: The routine after the step.
        decisions: The decisions of the step.

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=date_only)
    routine: Routine = attrs.field(validator=instance_of(Routine, "a Routine"))
    decisions: tuple[Decision, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(Decision, "a Decision"), "Decision"),
    )


@final
@attrs.frozen(kw_only=True)
class Programme:
    """A routine over weeks: every log, and the routine after every progression step.

    Start one with :meth:`begin`, then call :meth:`update` with each day's (or
    week's) logs; each update runs :func:`progress` over the whole history and
    keeps the step, so the doses follow the logs and every decision can be
    audited.

    Args:
        steps: The steps, oldest first; the first is the starting routine.
        history: Every log so far, in a fixed order.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.progression import Programme
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT,
        ...                                           only=["toe-raise-negatives"])
        >>> programme = Programme.begin(routine, on=dt.date(2026, 11, 23))
        >>> for day in range(23, 31):
        ...     log = footdrop.ExerciseLog(on=dt.date(2026, 11, day), side=None, sets=2,
        ...                                exercise_id="toe-raise-negatives", reps=10, pain=1)
        ...     programme = programme.update([log], on=dt.date(2026, 11, day))
        >>> programme.routine_on(dt.date(2026, 12, 1))["toe-raise-negatives"].current.reps
        11

    .. versionadded:: 0.1.0
    """

    steps: tuple[Step, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(instance_of(Step, "a Step"), "Step")
    )
    history: tuple[ExerciseLog, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(ExerciseLog, "an ExerciseLog"), "ExerciseLog"),
    )

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            msg = "'steps' must hold the starting step: use Programme.begin(routine, on=...)."
            raise InvalidValueError(msg, field="steps", value=self.steps)

    @classmethod
    def begin(cls, routine: Routine, *, on: dt.date) -> Programme:
        """A programme that starts with *routine* on the date *on*."""
        return cls(steps=(Step(on=on, routine=routine),))

    @property
    def routine(self) -> Routine:
        """The routine after the latest step."""
        return self.steps[-1].routine

    @property
    def on(self) -> dt.date:
        """The date of the latest step."""
        return self.steps[-1].on

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision of every step, oldest first."""
        return tuple(d for step in self.steps for d in step.decisions)

    def update(
        self, logs: Iterable[ExerciseLog], *, on: dt.date, limits: Limits = DEFAULT_LIMITS
    ) -> Programme:
        """Add *logs* and take one progression step on *on*.

        A log with the key of a log held already, equal to it but for a
        next-morning pain the held log lacks, is that session's next-morning
        report: it replaces the held log. The step sees every decision so far,
        so a late report on a session a change rested on steps the dose back down.

        Args:
            logs: New logs (dated no later than *on*), or next-morning reports.
            on: The date of the step, not before the latest step.
            limits: The limits on every step.

        Returns:
            The programme with the logs and the new step.

        Raises:
            footdrop.exceptions.InvalidValueError: *on* is before the latest step, or a
                log is invalid for :func:`progress` (a duplicate, a future date, an
                exercise not in the routine, a side that contradicts its prescription).

        .. versionchanged:: 0.2.0
           Next-morning reports replace the logs they complete; the *limits* parameter.
        """
        if on < self.on:
            msg = (
                f"'on' must not be before the latest step ({self.on.isoformat()}); "
                f"got {on.isoformat()}."
            )
            raise InvalidValueError(msg, field="on", value=on)
        held = {log.key: log for log in self.history}
        added: list[ExerciseLog] = []
        for log in logs:
            old = held.get(log.key)
            if (
                old is not None
                and old.pain_next_morning is None
                and log.pain_next_morning is not None
                and attrs.evolve(old, pain_next_morning=log.pain_next_morning) == log
            ):
                held[log.key] = log
            else:
                added.append(log)
        history = check_history((*held.values(), *added), on=on, exercise_ids=self.routine.ids)
        result = progress(self.routine, history, on=on, decisions=self.decisions, limits=limits)
        step = Step(on=on, routine=result.routine, decisions=result.decisions)
        return attrs.evolve(self, steps=(*self.steps, step), history=history)

    def routine_on(self, day: dt.date) -> Routine:
        """The routine in force for sessions on *day* (set by the latest step before it)."""
        found = self.steps[0].routine
        for step in self.steps[1:]:
            if step.on < day:
                found = step.routine
            else:
                break
        return found

    def levels(self, exercise_id: str) -> tuple[tuple[dt.date, Level], ...]:
        """The level of one exercise at the start and after every step that changed it.

        Raises:
            footdrop.exceptions.UnknownExerciseError: The routine has no such exercise.
        """
        first = self.steps[0]
        found = [(first.on, first.routine[exercise_id].current)]
        for step in self.steps[1:]:
            level = step.routine[exercise_id].current
            if level != found[-1][1]:
                found.append((step.on, level))
        return tuple(found)
