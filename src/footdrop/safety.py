"""Safety checks: red-flag screening and the rules for balance work.

* :func:`screen` and :func:`require_clear`: red flags (DOMAIN.md section 3.1)
  that halt plan generation with an urgent-care message.
* :func:`check_balance` and :func:`require_safe_balance`: balance work needs a
  stable support, and eyes-closed stance comes only after the unsupported stage
  is met (DOMAIN.md section 3.4).
* :func:`eyes_closed_ready`: whether the logs show that stage met.

footdrop is a tool for plans set or reviewed by a clinician. These checks are
risk controls, not a diagnosis: a clear screening does not mean exercise is safe.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, final

import attrs

from footdrop._validators import enum_of, nearest_ids, slug, text
from footdrop.exceptions import InvalidTypeError, InvalidValueError, RedFlagError
from footdrop.model._kinds import Category, SupportLevel
from footdrop.model._routine import Prescription, Routine

if TYPE_CHECKING:
    from collections.abc import Iterable

    from footdrop.model._kinds import Side
    from footdrop.model._log import ExerciseLog

__all__ = [
    "ADVICE",
    "EYES_CLOSED_AFTER_SECONDS",
    "RED_FLAGS",
    "FlagGroup",
    "RedFlag",
    "SafetyIssue",
    "Screening",
    "check_balance",
    "eyes_closed_ready",
    "require_clear",
    "require_safe_balance",
    "screen",
]

#: Seconds of unsupported (no hands) stance before eyes-closed stance (DOMAIN.md section 2).
EYES_CLOSED_AFTER_SECONDS: Final = 30


@final
class FlagGroup(enum.StrEnum):
    """What a red flag may signal, most urgent first.

    .. versionadded:: 0.1.0
    """

    STROKE = "stroke"
    CAUDA_EQUINA = "cauda-equina"
    DURING_EXERCISE = "during-exercise"


#: The urgent-care message for each group, shown instead of a plan.
ADVICE: Final = {
    FlagGroup.STROKE: (
        "These can be signs of a stroke, even if they have passed. Call the emergency "
        "services now (999 in the UK, 911 in the US, 112 in the EU). Do not exercise and "
        "do not wait to see whether it settles."
    ),
    FlagGroup.CAUDA_EQUINA: (
        "Foot drop with these can be a sign of cauda equina syndrome, which needs emergency "
        "assessment. Go to an emergency department today. Do not exercise."
    ),
    FlagGroup.DURING_EXERCISE: (
        "Stop exercising now and rest. If the chest pain, dizziness or breathlessness does not "
        "settle within a few minutes at rest, call the emergency services."
    ),
}


@final
@attrs.frozen(kw_only=True)
class RedFlag:
    """One red-flag question.

    Args:
        id: A stable slug, the key of the answer.
        question: The question, answered yes or no.
        group: What a "yes" may signal.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=slug)
    question: str = attrs.field(validator=text(500))
    group: FlagGroup = attrs.field(validator=enum_of(FlagGroup))

    @property
    def advice(self) -> str:
        """The urgent-care message for a "yes"."""
        return ADVICE[self.group]


#: Every red-flag question (DOMAIN.md section 3.1), most urgent group first.
RED_FLAGS: Final = (
    RedFlag(
        id="sudden-weakness",
        question=(
            "Did the foot drop start suddenly, or is there new weakness or numbness in the face, "
            "arm or leg on one side?"
        ),
        group=FlagGroup.STROKE,
    ),
    RedFlag(
        id="speech-or-vision",
        question="Is there new trouble speaking, understanding or seeing, even if it has passed?",
        group=FlagGroup.STROKE,
    ),
    RedFlag(
        id="bladder-or-bowel",
        question="Is there new trouble passing or holding urine or stool?",
        group=FlagGroup.CAUDA_EQUINA,
    ),
    RedFlag(
        id="saddle-numbness",
        question="Is there new numbness between the legs, around the buttocks or inner thighs?",
        group=FlagGroup.CAUDA_EQUINA,
    ),
    RedFlag(
        id="both-legs",
        question="Is there new weakness or numbness in both legs?",
        group=FlagGroup.CAUDA_EQUINA,
    ),
    RedFlag(
        id="chest-pain",
        question="Is there chest pain, pressure or tightness?",
        group=FlagGroup.DURING_EXERCISE,
    ),
    RedFlag(
        id="dizziness",
        question="Is there dizziness or a feeling of fainting?",
        group=FlagGroup.DURING_EXERCISE,
    ),
    RedFlag(
        id="breathless",
        question="Is there breathlessness so bad that speaking is hard?",
        group=FlagGroup.DURING_EXERCISE,
    ),
)

_BY_ID: Final = {flag.id: flag for flag in RED_FLAGS}


@final
@attrs.frozen(kw_only=True)
class Screening:
    """The result of a red-flag screening.

    Args:
        flags: The red flags answered "yes", most urgent group first.

    .. versionadded:: 0.1.0
    """

    flags: tuple[RedFlag, ...] = attrs.field(default=())

    @property
    def is_clear(self) -> bool:
        """Whether no red flag was raised."""
        return not self.flags

    @property
    def groups(self) -> tuple[FlagGroup, ...]:
        """The groups raised, most urgent first, each once."""
        return tuple(group for group in FlagGroup if any(f.group is group for f in self.flags))

    @property
    def advice(self) -> str:
        """The urgent-care message, one paragraph per group raised (empty when clear)."""
        return "\n\n".join(ADVICE[group] for group in self.groups)


def screen(answers: Mapping[str, bool]) -> Screening:
    """Screen yes/no answers to :data:`RED_FLAGS`.

    Every question must be answered: a missing answer is an error, never read
    as "no".

    Args:
        answers: ``{flag id: True for yes, False for no}`` for every flag.

    Returns:
        The flags answered "yes".

    Raises:
        footdrop.exceptions.InvalidValueError: An answer is missing, or names an unknown flag.
        footdrop.exceptions.InvalidTypeError: An answer is not ``True`` or ``False``.

    Example:
        >>> from footdrop import safety
        >>> answers = {flag.id: False for flag in safety.RED_FLAGS}
        >>> safety.screen(answers).is_clear
        True
        >>> safety.screen({**answers, "both-legs": True}).groups
        (<FlagGroup.CAUDA_EQUINA: 'cauda-equina'>,)

    .. versionadded:: 0.1.0
    """
    given: object = answers
    if not isinstance(given, Mapping):
        msg = f"'answers' must map each red-flag id to True or False (got {given!r:.60})."
        raise InvalidTypeError(msg, field="answers", value=given, expected="Mapping[str, bool]")
    pairs: list[tuple[object, object]] = list(answers.items())
    for key, value in pairs:
        if key not in _BY_ID:
            hints = nearest_ids(str(key), _BY_ID)
            hint = f" Did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
            msg = (
                f"'answers' names the unknown red flag {key!r}.{hint} The flags are listed in "
                "footdrop.safety.RED_FLAGS."
            )
            raise InvalidValueError(msg, field=f"answers[{key!r}]", value=key)
        if not isinstance(value, bool):
            msg = f"'answers[{key!r}]' must be True or False (got {value!r:.60})."
            raise InvalidTypeError(msg, field=f"answers[{key!r}]", value=value, expected="bool")
    missing = [flag.id for flag in RED_FLAGS if flag.id not in answers]
    if missing:
        msg = (
            f"'answers' must answer every red flag; missing: {', '.join(missing)}. A missing "
            "answer is never read as 'no'."
        )
        raise InvalidValueError(msg, field="answers", value=tuple(missing))
    raised = tuple(flag for flag in RED_FLAGS if answers[flag.id])
    return Screening(flags=raised)


def require_clear(answers: Mapping[str, bool] | Screening) -> Screening:
    """Screen the answers and stop with :class:`~footdrop.exceptions.RedFlagError` on any flag.

    Call it before making a plan: a red flag halts plan generation, and the
    error carries the urgent-care message to show instead.

    Args:
        answers: The answers (as for :func:`screen`), or a :class:`Screening`.

    Returns:
        The clear screening.

    Raises:
        footdrop.exceptions.RedFlagError: A red flag was raised; ``advice`` holds
            the urgent-care message and ``flags`` the ids.

    Example:
        >>> from footdrop import safety
        >>> answers = {flag.id: flag.id == "speech-or-vision" for flag in safety.RED_FLAGS}
        >>> safety.require_clear(answers)
        Traceback (most recent call last):
        ...
        footdrop.exceptions.RedFlagError: Red flag (speech-or-vision): do not start or continue the exercise plan. These can be signs of a stroke, even if they have passed. Call the emergency services now (999 in the UK, 911 in the US, 112 in the EU). Do not exercise and do not wait to see whether it settles.

    .. versionadded:: 0.1.0
    """  # noqa: E501
    screening = answers if isinstance(answers, Screening) else screen(answers)
    if screening.is_clear:
        return screening
    ids = tuple(flag.id for flag in screening.flags)
    msg = (
        f"Red flag ({', '.join(ids)}): do not start or continue the exercise plan. "
        + screening.advice.replace("\n\n", " ")
    )
    raise RedFlagError(msg, flags=ids, advice=screening.advice)


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
