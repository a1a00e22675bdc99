"""A simulated person, run through a routine for weeks: for notebooks and for tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol, final, runtime_checkable

import attrs

from footdrop._validators import check_whole, instance_of, optional, whole
from footdrop.exceptions import InvalidTypeError
from footdrop.model._kinds import Category, Weekday
from footdrop.model._log import ExerciseLog
from footdrop.model._routine import Routine
from footdrop.progression._evidence import COUNT_LEVERS
from footdrop.progression._programme import Programme

if TYPE_CHECKING:
    from footdrop.model._kinds import Side
    from footdrop.model._routine import Prescription

__all__ = [
    "AlwaysInPain",
    "FallsOnce",
    "PainEveryWeek",
    "Plateau",
    "PoorAdherence",
    "Response",
    "SimulatedPerson",
    "SteadyImprover",
    "due_on",
    "simulate",
]


@final
@attrs.frozen(kw_only=True)
class Response:
    """How a simulated person did one exercise, on one side, in one session.

    Args:
        reps: Reps (or letters, or rounds) managed in every set, or ``None`` for holds.
        hold_seconds: Seconds held in every set, or ``None``.
        pain: Pain during the exercise, NRS 0-10, or ``None``.
        pain_next_morning: Pain the next morning, NRS 0-10, or ``None``.
        fell: Whether a fall or near-fall happened.
        is_skipped: Whether the session was skipped (nothing is logged).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``is_skipped``.
    """

    reps: int | None = attrs.field(default=None, validator=optional(whole(0, 1000)))
    hold_seconds: int | None = attrs.field(default=None, validator=optional(whole(0, 3600)))
    pain: int | None = attrs.field(default=None, validator=optional(whole(0, 10)))
    pain_next_morning: int | None = attrs.field(default=None, validator=optional(whole(0, 10)))
    fell: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))
    is_skipped: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))


@runtime_checkable
class SimulatedPerson(Protocol):
    """A person's response to an exercise, as a deterministic function of day and level.

    ``day`` counts from 0 on the first day of the simulation (``day // 7`` is
    the week); the prescription carries the level in force that day.

    .. versionadded:: 0.1.0
    """

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """How this person does *prescription* on *day* (one side, one session)."""
        ...


def _target(prescription: Prescription) -> tuple[int | None, int | None]:
    current = prescription.current
    count = next(
        (getattr(current, n) for n in COUNT_LEVERS if getattr(current, n) is not None), None
    )
    return count, current.hold_seconds


@final
@attrs.frozen(kw_only=True)
class SteadyImprover:
    """Does every level asked, with little pain (2/10) that settles by the next morning.

    .. versionadded:: 0.1.0
    """

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level."""
        del day, side, session
        reps, hold = _target(prescription)
        return Response(reps=reps, hold_seconds=hold, pain=2, pain_next_morning=0)


@final
@attrs.frozen(kw_only=True)
class AlwaysInPain:
    """Does every level asked, but with pain above the gate every time.

    Args:
        pain: The pain reported during every exercise, 6..10.

    .. versionadded:: 0.1.0
    """

    pain: int = attrs.field(default=7, validator=whole(6, 10))

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level, in pain."""
        del day, side, session
        reps, hold = _target(prescription)
        return Response(reps=reps, hold_seconds=hold, pain=self.pain, pain_next_morning=self.pain)


@final
@attrs.frozen(kw_only=True)
class PainEveryWeek:
    """Does every level asked; on one day of each week the pain passes the gate.

    Args:
        day_of_week: Which day of each simulated week (0 = the first day) hurts, 0..6.
        pain: The pain on that day, 6..10.

    .. versionadded:: 0.1.0
    """

    day_of_week: int = attrs.field(default=0, validator=whole(0, 6))
    pain: int = attrs.field(default=7, validator=whole(6, 10))

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level; report pain on one day a week."""
        del side, session
        reps, hold = _target(prescription)
        pain = self.pain if day % 7 == self.day_of_week else 1
        return Response(reps=reps, hold_seconds=hold, pain=pain, pain_next_morning=0)


@final
@attrs.frozen(kw_only=True)
class Plateau:
    """Improves until a limit: manages at most ``max_reps`` reps and ``max_hold_seconds``.

    .. versionadded:: 0.1.0
    """

    max_reps: int = attrs.field(default=12, validator=whole(0, 1000))
    max_hold_seconds: int = attrs.field(default=4, validator=whole(0, 3600))

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level up to the limits."""
        del day, side, session
        reps, hold = _target(prescription)
        return Response(
            reps=None if reps is None else min(reps, self.max_reps),
            hold_seconds=None if hold is None else min(hold, self.max_hold_seconds),
            pain=1,
            pain_next_morning=0,
        )


@final
@attrs.frozen(kw_only=True)
class FallsOnce:
    """Improves steadily, but has one fall or near-fall during balance work on ``fall_day``.

    .. versionadded:: 0.1.0
    """

    fall_day: int = attrs.field(default=28, validator=whole(0, 10_000))

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level; fall once during balance work."""
        del side
        reps, hold = _target(prescription)
        fell = (
            day == self.fall_day
            and session == 1
            and prescription.exercise.category is Category.BALANCE
        )
        return Response(reps=reps, hold_seconds=hold, pain=1, pain_next_morning=0, fell=fell)


@final
@attrs.frozen(kw_only=True)
class PoorAdherence:
    """Meets every level with little pain, but does only ``days_per_week`` days of each week.

    Args:
        days_per_week: The days of each simulated week done (the first ones), 0..6.

    .. versionadded:: 0.2.0
    """

    days_per_week: int = attrs.field(default=2, validator=whole(0, 6))

    def respond(
        self, prescription: Prescription, *, day: int, side: Side | None, session: int
    ) -> Response:
        """Meet the current level on the days done; skip the rest."""
        del side, session
        reps, hold = _target(prescription)
        skipped = day % 7 >= self.days_per_week
        return Response(
            reps=reps, hold_seconds=hold, pain=2, pain_next_morning=0, is_skipped=skipped
        )


def due_on(prescription: Prescription, day: dt.date) -> bool:
    """Whether the simulation does *prescription* on *day*.

    An exercise due fewer days a week than it has weekdays is spread evenly over
    them (3 of 7 days: Monday, Wednesday, Saturday).
    """
    timing = prescription.timing
    weekday = Weekday.of(day)
    if weekday not in timing.weekdays:
        return False
    n = len(timing.weekdays)
    chosen = {
        timing.weekdays[round(i * n / timing.days_per_week)] for i in range(timing.days_per_week)
    }
    return weekday in chosen


def _log(
    prescription: Prescription, response: Response, *, day: dt.date, side: Side | None, session: int
) -> ExerciseLog:
    current = prescription.current
    return ExerciseLog(
        on=day,
        exercise_id=prescription.exercise_id,
        side=side,
        sets=current.sets,
        session=session,
        reps=response.reps,
        hold_seconds=response.hold_seconds,
        support=current.support,
        pain=response.pain,
        pain_next_morning=None,
        fell=response.fell,
    )


def simulate(
    routine: Routine, person: SimulatedPerson, *, start: dt.date, weeks: int = 12
) -> Programme:
    """Run a simulated person through *routine* for *weeks*, one progression step a day.

    Each day, every prescription due that day is done at its current level in
    ``current.sessions_per_day`` sessions, on each of its sides, and the
    person's :class:`Response` becomes a log (a skipped session logs
    nothing). Next-morning pain arrives the next morning, as a report that
    completes the log before that day's step. Then :func:`progress` runs over
    the whole history. The scheduler is not called: the simulation is
    independent of availability and fast.

    Args:
        routine: The starting routine.
        person: How the person responds.
        start: The first day.
        weeks: How many weeks, 1..104.

    Returns:
        The :class:`Programme`: every log, every step's routine and every decision.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.progression import SteadyImprover, simulate
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT,
        ...                                           only=["ankle-eversion"])
        >>> run = simulate(routine, SteadyImprover(), start=dt.date(2026, 11, 23), weeks=4)
        >>> [(str(on), level.reps) for on, level in run.levels("ankle-eversion")]
        [('2026-11-23', 10), ('2026-11-30', 11), ('2026-12-07', 12), ('2026-12-14', 13)]

    .. versionadded:: 0.1.0
    """
    given: object = routine
    if not isinstance(given, Routine):
        msg = f"'routine' must be a footdrop.Routine (got {given!r:.60})."
        raise InvalidTypeError(msg, field="routine", value=given, expected="Routine")
    responder: object = person
    if not isinstance(responder, SimulatedPerson):
        msg = f"'person' must have a respond() method (got {responder!r:.60})."
        raise InvalidTypeError(msg, field="person", value=responder, expected="SimulatedPerson")
    check_whole("weeks", weeks, 1, 104)
    programme = Programme.begin(routine, on=start)
    reports: list[ExerciseLog] = []
    for index in range(weeks * 7):
        day = start + dt.timedelta(days=index)
        today = programme.routine
        done: list[ExerciseLog] = []
        for p in today.items:
            if not due_on(p, day):
                continue
            for session in range(1, p.current.sessions_per_day + 1):
                for side in p.sides_for(today.affected):
                    response = person.respond(p, day=index, side=side, session=session)
                    if response.is_skipped:
                        continue
                    log = _log(p, response, day=day, side=side, session=session)
                    done.append(log)
                    if response.pain_next_morning is not None:
                        morning = response.pain_next_morning
                        reports.append(attrs.evolve(log, pain_next_morning=morning))
        # yesterday's next-morning reports arrive this morning, before today's step
        arrived = [log for log in reports if log.on < day]
        reports = [log for log in reports if log.on == day]
        programme = programme.update([*arrived, *done], on=day)
    return programme
