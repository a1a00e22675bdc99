"""Safety checks: red-flag screening and the rules for balance work.

* :class:`Screening`, :func:`screen` and :func:`require_clear`: a dated record of
  the answers to the red-flag questions (:data:`RED_FLAGS`); a red flag, or an
  unanswered question, halts plan generation with an urgent-care message.
  :func:`footdrop.schedule`, :func:`footdrop.iter_schedule` and
  :func:`footdrop.progression.progress` take it as ``screening=``.
* :func:`check_balance` and :func:`require_safe_balance`: balance work needs a
  stable support, and eyes-closed stance comes only after the unsupported stage
  is met.
* :func:`eyes_closed_ready`: whether the logs show that stage met.

footdrop is a tool for plans set or reviewed by a clinician. These checks are
risk controls, not a diagnosis: a clear screening does not mean exercise is safe.
The rules and their sources are on the clinical rules page of the documentation.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, final

import attrs

from footdrop._validators import slug, text
from footdrop.exceptions import InvalidValueError

# The screening record lives in the model layer (a Plan records it); this is its public path.
from footdrop.model import _screening
from footdrop.model._kinds import Category, SupportLevel
from footdrop.model._routine import Prescription, Routine
from footdrop.model._screening import (
    Answer,
    FlagGroup,
    RedFlag,
    Respondent,
    Screening,
    require_clear,
    screen,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from footdrop.model._kinds import Side
    from footdrop.model._log import ExerciseLog

__all__ = [
    "ADVICE",
    "EYES_CLOSED_AFTER_SECONDS",
    "MAX_RESCREEN_DAYS",
    "RED_FLAGS",
    "RESCREEN_DAYS",
    "Answer",
    "FlagGroup",
    "RedFlag",
    "Respondent",
    "SafetyIssue",
    "Screening",
    "check_balance",
    "eyes_closed_ready",
    "require_clear",
    "require_safe_balance",
    "screen",
]

#: The urgent-care message for each :class:`FlagGroup`, shown instead of a plan.
ADVICE: Final = _screening.ADVICE

#: Every red-flag question (the clinical rules page lists them), most urgent group first.
RED_FLAGS: Final = _screening.RED_FLAGS

#: Days a clear screening vouches for before the questions are asked again (an assumption,
#: recorded on the clinical rules page).
RESCREEN_DAYS: Final = _screening.RESCREEN_DAYS

#: The longest re-screening period a clinician may set, in days (an assumption).
MAX_RESCREEN_DAYS: Final = _screening.MAX_RESCREEN_DAYS

#: Seconds of unsupported (no hands) stance before eyes-closed stance (the clinical rules page).
EYES_CLOSED_AFTER_SECONDS: Final = 30


#: Words that show a caution names a support that cannot move.
_STABLE_WORDS: Final = ("counter", "worktop", "table", "rail", "wall", "cannot move", "stable")


@final
@attrs.frozen(kw_only=True)
class SafetyIssue:
    """One safety rule a prescription breaks.

    Args:
        exercise_id: The exercise.
        field: The field at fault (``"dose.support"``, ``"current.support"``, ...).
        message: What is wrong and how to fix it.

    .. versionadded:: 0.1.0
    """

    exercise_id: str = attrs.field(validator=slug)
    field: str = attrs.field(validator=text(100))
    message: str = attrs.field(validator=text(2000))

    def __str__(self) -> str:
        return f"{self.exercise_id}: {self.message}"


def eyes_closed_ready(
    history: Iterable[ExerciseLog],
    *,
    exercise_id: str,
    seconds: int = EYES_CLOSED_AFTER_SECONDS,
    sides: Iterable[Side | None] | None = None,
) -> bool:
    """Whether the logs show unsupported stance held for *seconds*, so eyes closed may follow.

    The stage is met by a log of *exercise_id* at ``NO_HANDS`` with a best hold
    of at least *seconds*, and no pain above 5/10 and no fall in that log. Only
    logs after the last fall in *history* (of any exercise) count: readiness
    from before a fall does not survive it. When *sides* is given (the affected
    side, or ``None`` for an exercise done without a side), only logs of those
    sides count: stance on the unaffected leg says nothing about the affected one.

    Example:
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog, Side, SupportLevel
        >>> log = ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="single-leg-stance",
        ...                   side=Side.RIGHT, sets=3, hold_seconds=30,
        ...                   support=SupportLevel.NO_HANDS)
        >>> eyes_closed_ready([log], exercise_id="single-leg-stance")
        True
        >>> eyes_closed_ready([log], exercise_id="single-leg-stance", sides=[Side.LEFT])
        False

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The *sides* parameter; logs before the last fall no longer count.
    """
    logs = tuple(history)
    wanted = None if sides is None else frozenset(sides)
    last_fall = max((log.on for log in logs if log.fell), default=None)
    for log in logs:
        if (
            log.exercise_id == exercise_id
            and (wanted is None or log.side in wanted)
            and (last_fall is None or log.on > last_fall)
            and log.support is SupportLevel.NO_HANDS
            and not log.fell
            and (log.pain is None or log.pain <= 5)  # the pain gate, 5/10
            and max((h or 0 for h in log.hold_per_set), default=0) >= seconds
        ):
            return True
    return False


def _balance_issues(p: Prescription, history: tuple[ExerciseLog, ...]) -> list[SafetyIssue]:
    found: list[SafetyIssue] = []
    exercise = p.exercise
    if p.dose.support is None:
        found.append(
            SafetyIssue(
                exercise_id=exercise.id,
                field="dose.support",
                message=(
                    "balance work must name its support ladder ('dose.support'): start with "
                    "two hands on a stable support such as a kitchen counter."
                ),
            )
        )
    words = " ".join(exercise.cautions).lower()
    if not any(word in words for word in _STABLE_WORDS):
        found.append(
            SafetyIssue(
                exercise_id=exercise.id,
                field="exercise.cautions",
                message=(
                    "balance work needs a caution naming a stable support (a kitchen counter "
                    "or heavy table, not a chair that can move): add one to 'cautions'."
                ),
            )
        )
    if p.current.support is SupportLevel.EYES_CLOSED and not eyes_closed_ready(
        history, exercise_id=exercise.id
    ):
        found.append(
            SafetyIssue(
                exercise_id=exercise.id,
                field="current.support",
                message=(
                    f"eyes-closed stance comes only after {EYES_CLOSED_AFTER_SECONDS} s of "
                    "unsupported stance, and no log shows it: set 'current.support' to "
                    "'no-hands' until it does."
                ),
            )
        )
    return found


def check_balance(
    routine: Routine | Prescription, history: Iterable[ExerciseLog] = ()
) -> tuple[SafetyIssue, ...]:
    """Every balance safety rule the routine (or one prescription) breaks.

    For each prescription of category ``BALANCE``: the dose names a support
    ladder, a caution names a stable support (a counter or heavy table, not
    a chair that can move), and eyes-closed stance is used only once the logs
    show :data:`EYES_CLOSED_AFTER_SECONDS` of unsupported stance.

    Args:
        routine: A routine, or one prescription.
        history: The logs, for the eyes-closed rule.

    Returns:
        The issues found, in routine order (empty when all is well).

    Example:
        >>> import footdrop
        >>> from footdrop import safety
        >>> safety.check_balance(footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT))
        ()

    .. versionadded:: 0.1.0
    """
    items = (routine,) if isinstance(routine, Prescription) else routine.items
    logs = tuple(history)
    found: list[SafetyIssue] = []
    for p in items:
        if p.exercise.category is Category.BALANCE:
            found.extend(_balance_issues(p, logs))
    return tuple(found)


def require_safe_balance(
    routine: Routine | Prescription, history: Iterable[ExerciseLog] = ()
) -> None:
    """Raise when :func:`check_balance` finds any issue.

    Raises:
        footdrop.exceptions.InvalidValueError: One line per issue; ``field`` names
            the first issue's field.

    .. versionadded:: 0.1.0
    """
    issues = check_balance(routine, history)
    if issues:
        msg = "balance work is not safe as prescribed:\n" + "\n".join(f"  - {i}" for i in issues)
        raise InvalidValueError(msg, field=issues[0].field, value=issues[0].exercise_id)
