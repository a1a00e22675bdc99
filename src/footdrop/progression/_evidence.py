"""Reading logs as evidence: the window since the last change, session days and gates.

These helpers are public (re-exported from :mod:`footdrop.progression`) so
that custom rules judge evidence exactly as the engine does.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

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
    "gate_reason",
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


def is_qualifying(day_logs: Sequence[ExerciseLog], *, baseline_pain: int | None = None) -> bool:
    """Whether a day's logs qualify as evidence: at least one set each, and no gate."""
    return bool(day_logs) and all(
        log.sets >= 1 and not is_gated(log, baseline_pain=baseline_pain) for log in day_logs
    )


def qualifying_days(
    prescription: Prescription,
    history: Iterable[ExerciseLog],
    *,
    baseline_pain: int | None = None,
) -> tuple[tuple[dt.date, tuple[ExerciseLog, ...]], ...]:
    """The qualifying session days since the last change, in date order.

    Two sessions on one date count as one session day: pain must settle by
    the next morning before a session can be judged.
    """
    days = session_days(since_change(prescription, history))
    return tuple(day for day in days if is_qualifying(day[1], baseline_pain=baseline_pain))


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
