"""Reading logs as evidence: the window since the last change, session days and gates.

These helpers are public (re-exported from :mod:`footdrop.progression`) so
that custom rules judge evidence exactly as the engine does.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from footdrop.exceptions import InvalidValueError
from footdrop.model._kinds import Side, Sides
from footdrop.model._log import ExerciseLog, log_order
from footdrop.model._measures import COUNTS

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from footdrop.model._dose import Level
    from footdrop.model._routine import Prescription

__all__ = [
    "COUNT_LEVERS",
    "MIN_SESSIONS",
    "PAIN_LIMIT",
    "SessionDay",
    "check_sides",
    "gate_reason",
    "has_every_side",
    "is_complete",
    "is_gated",
    "is_qualifying",
    "met_level",
    "qualifying_days",
    "session_days",
    "since_change",
]

#: The highest pain during exercise (NRS 0-10) that still allows progression
#: (pain-monitoring model: Silbernagel 2007, Thomee 1997; "The pain gate" in
#: docs/explanation/clinical-rules.md).
PAIN_LIMIT: Final = 5
#: Qualifying session days needed since the last change before any progression
#: ("How a step works" in docs/explanation/clinical-rules.md).
MIN_SESSIONS: Final = 2
#: The levers that count repetitions of some kind; a log's ``reps`` holds them
#: (the measures marked ``is_count`` in ``footdrop.model._measures.TABLE``).
COUNT_LEVERS: Final = tuple(m.name for m in COUNTS)

#: One date and the logs of one exercise on it.
SessionDay = tuple[dt.date, tuple[ExerciseLog, ...]]


def since_change(
    prescription: Prescription, history: Iterable[ExerciseLog]
) -> tuple[ExerciseLog, ...]:
    """The logs of *prescription*'s exercise dated after its ``changed_on`` (all, if never changed).

    Logs dated on the day of the change were done at the old level, so they
    do not count for the new one.
    """
    since = prescription.changed_on
    mine = (
        log
        for log in history
        if log.exercise_id == prescription.exercise_id and (since is None or log.on > since)
    )
    return tuple(sorted(mine, key=log_order))


def session_days(
    logs: Iterable[ExerciseLog],
) -> tuple[tuple[dt.date, tuple[ExerciseLog, ...]], ...]:
    """Group logs by date, in date order (each day's logs in a fixed order)."""
    days: dict[dt.date, list[ExerciseLog]] = {}
    for log in sorted(logs, key=log_order):
        days.setdefault(log.on, []).append(log)
    return tuple((day, tuple(found)) for day, found in sorted(days.items()))


def is_gated(log: ExerciseLog, *, baseline_pain: int | None = None) -> bool:
    """Whether *log* closes the progression gate.

    Pain during the exercise above :data:`PAIN_LIMIT`, a fall or near-fall, or
    (when *baseline_pain* is given) next-morning pain above the baseline.

    Example:
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog
        >>> log = ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="ankle-eversion",
        ...                   side=None, sets=1, reps=10, pain=6)
        >>> is_gated(log)
        True
    """
    if log.fell or (log.pain is not None and log.pain > PAIN_LIMIT):
        return True
    return (
        baseline_pain is not None
        and log.pain_next_morning is not None
        and log.pain_next_morning > baseline_pain
    )


def gate_reason(log: ExerciseLog, *, baseline_pain: int | None = None) -> str:
    """Why *log* closes the gate, as a phrase (empty when it does not)."""
    side = f" ({log.side.value} side)" if log.side else ""
    when = f"on {log.on.isoformat()}{side}"
    if log.fell:
        return f"a fall or near-fall {when}"
    if log.pain is not None and log.pain > PAIN_LIMIT:
        return f"pain {log.pain}/10 during the exercise {when} (above {PAIN_LIMIT}/10)"
    if (
        baseline_pain is not None
        and log.pain_next_morning is not None
        and log.pain_next_morning > baseline_pain
    ):
        return (
            f"next-morning pain {log.pain_next_morning}/10 after the session {when} "
            f"(above the baseline {baseline_pain}/10)"
        )
    return ""


def is_complete(log: ExerciseLog, *, on: dt.date | None) -> bool:
    """Whether *log*'s next morning has come by *on*: it is dated before *on*, or reports it.

    A session's evidence waits for its next morning, when pain must have
    settled (the pain-monitoring model; see the clinical rules page). With
    *on* ``None`` every log counts as complete.
    """
    return on is None or log.on < on or log.pain_next_morning is not None


def has_every_side(prescription: Prescription, day_logs: Sequence[ExerciseLog]) -> bool:
    """Whether a day's logs cover every side *prescription* asks for (both, for each-side work)."""
    if prescription.sides is Sides.BOTH:
        return {log.side for log in day_logs} >= {Side.LEFT, Side.RIGHT}
    return bool(day_logs)


def is_qualifying(
    day_logs: Sequence[ExerciseLog],
    *,
    baseline_pain: int | None = None,
    on: dt.date | None = None,
) -> bool:
    """Whether a day's logs qualify as evidence.

    Every log has at least one set, records the pain during the exercise (a
    log without pain is no evidence: the absence of a report is not a pass),
    closes no gate, and (when *on* is given) its next morning has come.
    """
    return bool(day_logs) and all(
        log.sets >= 1
        and log.pain is not None
        and is_complete(log, on=on)
        and not is_gated(log, baseline_pain=baseline_pain)
        for log in day_logs
    )


def qualifying_days(
    prescription: Prescription,
    history: Iterable[ExerciseLog],
    *,
    baseline_pain: int | None = None,
    on: dt.date | None = None,
) -> tuple[tuple[dt.date, tuple[ExerciseLog, ...]], ...]:
    """The qualifying session days since the last change, in date order.

    Two sessions on one date count as one session day: pain must settle by
    the next morning before a session can be judged. A day counts only when
    it covers every prescribed side (:func:`has_every_side`) and qualifies
    (:func:`is_qualifying`; pass *on* so that a session whose next morning
    has not come yet does not count).
    """
    days = session_days(since_change(prescription, history))
    return tuple(
        day
        for day in days
        if has_every_side(prescription, day[1])
        and is_qualifying(day[1], baseline_pain=baseline_pain, on=on)
    )


def check_sides(
    prescription: Prescription, history: Iterable[ExerciseLog], *, affected: Side
) -> None:
    """Refuse logs whose side contradicts *prescription*.

    A one-leg exercise needs a side on every log; affected-side work takes
    logs of the affected side only; an exercise done with both legs together
    (or with no side) takes logs without a side.

    Raises:
        footdrop.exceptions.InvalidValueError: The first log whose side is wrong,
            with the field, the value and the fix.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> log = footdrop.ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="toe-raise-negatives",
        ...                            side=footdrop.Side.LEFT, sets=2, reps=10, pain=2)
        >>> check_sides(routine["toe-raise-negatives"], [log], affected=footdrop.Side.LEFT)
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'side' of the toe-raise-negatives log on 2026-11-24 is 'left', but toe-raise-negatives is done with both legs together (or no side): log it with no side.
    """  # noqa: E501
    allowed = prescription.sides_for(affected)
    name = prescription.exercise_id
    for log in history:
        if log.exercise_id != name or log.side in allowed:
            continue
        where = f"'side' of the {name} log on {log.on.isoformat()}"
        shown = "none" if log.side is None else repr(log.side.value)
        if allowed == (None,):
            fix = f"{name} is done with both legs together (or no side): log it with no side."
        elif log.side is None:
            sides = " or ".join(repr(s.value) for s in allowed if s is not None)
            fix = f"{name} is a one-leg exercise: give the side worked ({sides})."
        else:
            fix = (
                f"{name} is prescribed for the affected ({affected.value}) side only: log "
                "that side, or ask the clinician to prescribe both sides."
            )
        msg = f"{where} is {shown}, but {fix}"
        raise InvalidValueError(msg, field="side", value=log.side, fix=fix)


def met_level(
    log: ExerciseLog, level: Level, *, count_lever: str | None = None, hold: bool = True
) -> bool:
    """Whether every set of *log* reached *level*: its sets, count, hold and support rung.

    ``count_lever`` names the count the log's ``reps`` stands for (``"reps"``,
    ``"letters"`` or ``"rounds"``). The hold is checked when the level has one
    and *hold* is true; a log that does not record the hold then does not meet it.
    """
    if log.sets < level.sets:
        return False
    if count_lever is not None:
        target = getattr(level, count_lever)
        if target is not None and not all(r is not None and r >= target for r in log.reps_per_set):
            return False
    if level.support is not None and (log.support is None or log.support < level.support):
        return False
    if hold and level.hold_seconds is not None:
        target = level.hold_seconds
        return all(h is not None and h >= target for h in log.hold_per_set)
    return True
