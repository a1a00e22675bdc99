"""Hypothesis strategies for logs, histories and progression cases.

They draw routines whose levels sit anywhere in their ranges (often at a floor
or ceiling) and histories close to those levels, with pain above the gate,
next-morning pain and falls common enough that every guarantee of the
progression engine is exercised. Re-exported from
:mod:`footdrop.testing.strategies`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, final

import attrs
from hypothesis import strategies as st

from footdrop.model._dose import Dose, Level, SupportRange, Timing
from footdrop.model._exercise import Exercise
from footdrop.model._kinds import Category, Laterality, Position, Side, Sides, SupportLevel
from footdrop.model._log import ExerciseLog
from footdrop.model._range import Range
from footdrop.model._routine import Prescription, Routine

__all__ = [
    "ProgressionCase",
    "histories",
    "logs_for",
    "progression_cases",
    "progression_prescriptions",
    "progression_routines",
]

#: The date progression cases are judged on unless told otherwise.
JUDGED_ON = dt.date(2026, 11, 24)

_RUNGS = tuple(SupportLevel)
_SHAPES = ("reps", "reps-hold", "hold", "balance", "rounds", "fixed")


@final
@attrs.frozen(kw_only=True)
class ProgressionCase:
    """A routine, a history of logs and the date to judge them on.

    .. versionadded:: 0.1.0
    """

    routine: Routine
    history: tuple[ExerciseLog, ...]
    on: dt.date


@functools.cache
def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    """Cached integer strategies: Hypothesis validates every new strategy, which is slow."""
    return st.integers(lo, hi)


@functools.cache
def _pick(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


def _range(draw: st.DrawFn, lo: int, hi: int, *, max_width: int) -> Range:
    low = draw(_ints(lo, hi))
    return Range(min=low, max=draw(_ints(low, min(hi, low + max_width))))


def _within(draw: st.DrawFn, allowed: Range) -> int:
    """A value in *allowed*, at an end half of the time (where rules turn)."""
    where = draw(_ints(0, 3))
    if where == 0:
        return allowed.min
    if where == 1:
        return allowed.max
    return draw(_ints(allowed.min, allowed.max))


@st.composite
def progression_prescriptions(
    draw: st.DrawFn, *, exercise_id: str = "exercise-a", lockable: bool = True
) -> Prescription:
    """Prescriptions of every shape progression meets, with ``current`` anywhere in range.

    Shapes: reps; reps with a hold; a hold only; balance (a hold and a support
    ladder, with a stable-support caution); rounds; and a fixed dose (every
    range one value). ``changed_on`` is ``None`` or a recent date, and
    ``is_locked`` is sometimes set (unless *lockable* is false).

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(progression_prescriptions())
        ... def test(p):
        ...     assert p.current.problems_against(p.dose, p.timing) == ()
        >>> test()

    .. versionadded:: 0.1.0
    """
    shape = draw(_pick(_SHAPES))
    fixed = shape == "fixed"
    sets = Range.exactly(draw(_ints(1, 3))) if fixed else _range(draw, 1, 4, max_width=2)
    reps = hold = rounds = support = None
    category = Category.ANKLE_CONTROL
    cautions: tuple[str, ...] = ()
    if shape in ("reps", "reps-hold", "fixed"):
        reps = Range.exactly(10) if fixed else _range(draw, 1, 20, max_width=6)
    if shape in ("reps-hold", "hold", "balance"):
        hold = _range(draw, 1, 40, max_width=30)
    if shape == "rounds":
        rounds = _range(draw, 1, 6, max_width=3)
    if shape == "balance":
        ends = sorted((draw(_pick(_RUNGS)), draw(_pick(_RUNGS))))
        support = SupportRange(easiest=ends[0], hardest=ends[1])
        category = Category.BALANCE
        cautions = ("Hold a stable support such as a kitchen counter.",)
    dose = Dose(sets=sets, reps=reps, hold_seconds=hold, rounds=rounds, support=support)
    per_day = Range.exactly(1) if fixed else _range(draw, 1, 3, max_width=2)
    timing = Timing(sessions_per_day=per_day, days_per_week=draw(_pick((7, 7, 5, 3))))
    sided = draw(_ints(0, 1)) == 1
    exercise = Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        category=category,
        position=Position.STANDING if shape == "balance" else Position.SEATED,
        laterality=Laterality.EACH_SIDE if sided else Laterality.BOTH_TOGETHER,
        steps=("Do it slowly.",),
        dose=dose,
        timing=timing,
        cautions=cautions,
    )
    current = Level(
        sets=_within(draw, sets),
        sessions_per_day=_within(draw, per_day),
        reps=None if reps is None else _within(draw, reps),
        hold_seconds=None if hold is None else _within(draw, hold),
        rounds=None if rounds is None else _within(draw, rounds),
        support=None if support is None else draw(_pick(support.levels)),
    )
    days_ago = draw(_ints(0, 10))
    changed_on = None if days_ago == 0 else JUDGED_ON - dt.timedelta(days=days_ago)
    sides = Sides.TOGETHER if not sided else draw(_pick((Sides.BOTH, Sides.AFFECTED)))
    return Prescription(
        exercise=exercise,
        dose=dose,
        timing=timing,
        sides=sides,
        current=current,
        changed_on=changed_on,
        is_locked=lockable and draw(_ints(0, 7)) == 7,
    )


@st.composite
def progression_routines(draw: st.DrawFn, *, max_items: int = 3) -> Routine:
    """Routines of 1 to *max_items* :func:`progression_prescriptions`, default rules.

    .. versionadded:: 0.1.0
    """
    n = draw(_ints(1, max_items))
    items = [
        draw(progression_prescriptions(exercise_id=f"exercise-{chr(97 + i)}")) for i in range(n)
    ]
    return Routine(
        affected=draw(_pick(tuple(Side))),
        items=items,
        baseline_pain=draw(_ints(0, 3)),
    )


def _near(draw: st.DrawFn, value: int | None, hi: int) -> int | None:
    if value is None:
        return None
    return draw(_ints(max(0, value - 2), min(hi, value + 2)))


#: Pain scores, mostly low: ``None`` (not asked), 0-3, then every value up to 10 once more.
_PAIN = st.sampled_from((None, 0, 1, 2, 3, *range(11)))
#: Pain of the logs that meet the level: low, and now and then not recorded.
_LOW_PAIN = st.sampled_from((0, 1, 2, None))


@st.composite
def logs_for(
    draw: st.DrawFn, prescription: Prescription, *, affected: Side, on: dt.date
) -> ExerciseLog:
    """One log of *prescription*, dated up to 13 days before *on* (mostly within a week).

    Half the logs meet the current level exactly with low pain (or, now and
    then, no pain recorded), the evidence progression rules look for (and what
    examples shrink to); the others lie close to it with pain from 0 to 10,
    next-morning pain and, rarely, a fall.

    .. versionadded:: 0.1.0
    """
    level = prescription.current
    count = level.reps if level.reps is not None else level.rounds
    days_ago = draw(_ints(0, 6)) if draw(_ints(0, 3)) else draw(_ints(0, 13))
    day = on - dt.timedelta(days=days_ago)
    side = draw(_pick(prescription.sides_for(affected)))
    session = draw(_ints(1, level.sessions_per_day + 1))
    if draw(_ints(0, 1)) == 0:
        return ExerciseLog(
            on=day,
            exercise_id=prescription.exercise_id,
            side=side,
            sets=level.sets,
            session=session,
            reps=count,
            hold_seconds=level.hold_seconds,
            support=level.support,
            pain=draw(_LOW_PAIN),
        )
    support = level.support
    if support is not None:
        support = draw(_pick(tuple(s for s in (support.easier, support, support.harder) if s)))
    return ExerciseLog(
        on=day,
        exercise_id=prescription.exercise_id,
        side=side,
        sets=draw(_ints(max(0, level.sets - 1), min(10, level.sets + 1))),
        session=session,
        reps=_near(draw, count, 1000),
        hold_seconds=_near(draw, level.hold_seconds, 3600),
        support=support,
        pain=draw(_PAIN),
        pain_next_morning=draw(_PAIN),
        fell=draw(_ints(0, 11)) == 11,
    )


#: What can spoil an otherwise good streak of sessions (see :func:`histories`).
_SPOILERS = ("none", "none", "fall", "morning", "no-pain", "one-side", "short")


@st.composite
def _streak(
    draw: st.DrawFn, prescription: Prescription, *, affected: Side, on: dt.date
) -> list[ExerciseLog]:
    """Two to four recent days at the current level on every side, with at most one flaw.

    The flaw is what a careless rule misses: a fall, next-morning pain above 5/10,
    no pain recorded, only one side logged, or one set short of the target.
    """
    level = prescription.current
    count = level.reps if level.reps is not None else level.rounds
    days = draw(_ints(2, 4))
    spoiler = draw(_pick(_SPOILERS))
    spoilt = draw(_ints(0, days - 1))
    logs: list[ExerciseLog] = []
    for i in range(days):
        day = on - dt.timedelta(days=days - i)
        sides = prescription.sides_for(affected)
        flawed = spoiler != "none" and i == spoilt
        if flawed and spoiler == "one-side":
            sides = sides[:1]
        logs.extend(
            ExerciseLog(
                on=day,
                exercise_id=prescription.exercise_id,
                side=side,
                sets=level.sets,
                reps=(count - 1 if flawed and spoiler == "short" and count else count),
                hold_seconds=level.hold_seconds,
                support=level.support,
                pain=None if flawed and spoiler == "no-pain" else draw(_ints(0, 3)),
                pain_next_morning=7 if flawed and spoiler == "morning" else None,
                fell=flawed and spoiler == "fall",
            )
            for side in sides
        )
    return logs


@st.composite
def histories(
    draw: st.DrawFn, routine: Routine, *, on: dt.date = JUDGED_ON, max_size: int = 10
) -> tuple[ExerciseLog, ...]:
    """Histories of :func:`logs_for` the routine's prescriptions, with unique keys, none after *on*.

    Half the time the history starts with a streak: two to four recent days at
    one prescription's current level on every side, spoilt (or not) by one flaw
    a careless rule would miss (a fall, next-morning pain, no pain recorded, one
    side only, a set short).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Streaks with one flaw.
    """
    n = draw(_ints(0, max_size))
    logs: dict[tuple[Any, ...], ExerciseLog] = {}
    if draw(_ints(0, 1)):
        p = draw(_pick(routine.items))
        for log in draw(_streak(p, affected=routine.affected, on=on)):
            logs.setdefault(log.key, log)
    for _ in range(n):
        p = draw(_pick(routine.items))
        log = draw(logs_for(p, affected=routine.affected, on=on))
        logs.setdefault(log.key, log)
    return tuple(logs.values())


@st.composite
def progression_cases(draw: st.DrawFn, *, max_items: int = 2) -> ProgressionCase:
    """A routine, a history and a date: what :func:`footdrop.progression.progress` takes.

    Example:
        >>> from hypothesis import given, settings
        >>> from footdrop.progression import progress
        >>> @settings(max_examples=10)
        ... @given(progression_cases())
        ... def test(case):
        ...     result = progress(case.routine, case.history, on=case.on)
        ...     assert result.routine.ids == case.routine.ids
        >>> test()

    .. versionadded:: 0.1.0
    """
    routine = draw(progression_routines(max_items=max_items))
    history = draw(histories(routine, on=JUDGED_ON))
    return ProgressionCase(routine=routine, history=history, on=JUDGED_ON)
