"""Red-flag screening as a dated record: the questions, the answers, and what stops a plan.

This lives in the model layer because a :class:`~footdrop.Plan` records the
screening it was made under, and the scheduler refuses to plan past a red flag.
Users import every name here from :mod:`footdrop.safety`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, Final, final

import attrs

from footdrop._validators import (
    check_whole,
    enum_of,
    instance_of,
    instant_key,
    nearest_ids,
    optional,
    show,
    slug,
    text,
    to_tuple,
)
from footdrop.exceptions import (
    IncompleteScreeningError,
    InvalidTypeError,
    InvalidValueError,
    RedFlagError,
)

__all__ = [
    "ADVICE",
    "MAX_RESCREEN_DAYS",
    "RED_FLAGS",
    "RESCREEN_DAYS",
    "Answer",
    "FlagGroup",
    "RedFlag",
    "Respondent",
    "Screening",
    "require_clear",
    "screen",
    "screened",
]

#: Days a clear screening vouches for before the questions are asked again
#: (footdrop's assumption, grade A; see the clinical rules page).
RESCREEN_DAYS: Final = 7

#: The longest re-screening period a clinician may set, in days (footdrop's assumption, grade A).
MAX_RESCREEN_DAYS: Final = 28


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


#: Every red-flag question (the clinical rules page lists them), most urgent group first.
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
class Respondent(enum.StrEnum):
    """Who answered a screening.

    .. versionadded:: 0.1.0
    """

    PATIENT = "patient"
    CLINICIAN = "clinician"


def _known_flag(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    slug(_inst, attribute, value)
    if value not in _BY_ID:
        hints = nearest_ids(value, _BY_ID)
        hint = f" Did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
        msg = (
            f"'{attribute.name}' names the unknown red flag {value!r}.{hint} The flags are "
            "listed in footdrop.safety.RED_FLAGS."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value)


@final
@attrs.frozen(kw_only=True)
class Answer:
    """The answer to one red-flag question.

    Args:
        flag: The question's id (one of :data:`RED_FLAGS`).
        is_yes: ``True`` when the answer was yes (the red flag is raised).

    .. versionadded:: 0.1.0
    """

    flag: str = attrs.field(validator=_known_flag)
    is_yes: bool = attrs.field(validator=instance_of(bool, "True or False"))

    @property
    def red_flag(self) -> RedFlag:
        """The question answered."""
        return _BY_ID[self.flag]


def _aware(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        msg = (
            f"'{attribute.name}' must be a time-zone aware datetime such as "
            f"datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo('Europe/London')) (got {show(value)})."
        )
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"'{attribute.name}' must be time-zone aware (got the naive {value.isoformat()}): "
            "attach a zoneinfo.ZoneInfo."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value, fix="attach a tzinfo")


def _answers(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    name = attribute.name
    if not isinstance(value, tuple):
        msg = f"'{name}' must be a list of footdrop.safety.Answer (got {show(value)})."
        raise InvalidTypeError(msg, field=name, value=value, expected="tuple of Answer")
    seen: set[str] = set()
    for i, answer in enumerate(value):
        if not isinstance(answer, Answer):
            msg = f"'{name}[{i}]' must be a footdrop.safety.Answer (got {show(answer)})."
            raise InvalidTypeError(msg, field=f"{name}[{i}]", value=answer, expected="Answer")
        if answer.flag in seen:
            msg = (
                f"'{name}[{i}]' answers {answer.flag!r} a second time: keep one answer per "
                "question (a screening is never read with two answers to one question)."
            )
            raise InvalidValueError(msg, field=f"{name}[{i}]", value=answer.flag)
        seen.add(answer.flag)


@final
@attrs.frozen(kw_only=True)
class Screening:
    """A red-flag screening: when it was taken, who answered, and each answer.

    A screening is *complete* when it is dated and every question of
    :data:`RED_FLAGS` has an answer; an incomplete one (``Screening()`` among
    them) never passes :func:`require_clear`. Build one from yes/no answers with
    :func:`screen`.

    Args:
        taken_at: When the questions were answered (time-zone aware).
        answered_by: Who answered (the patient or a clinician), if recorded.
        answers: One :class:`Answer` per question answered.

    .. versionadded:: 0.1.0
    """

    taken_at: dt.datetime | None = attrs.field(default=None, validator=_aware, eq=instant_key)
    answered_by: Respondent | None = attrs.field(
        default=None, validator=optional(enum_of(Respondent))
    )
    answers: tuple[Answer, ...] = attrs.field(default=(), converter=to_tuple, validator=_answers)

    @property
    def missing(self) -> tuple[str, ...]:
        """The ids of the questions not answered, in :data:`RED_FLAGS` order."""
        given = {answer.flag for answer in self.answers}
        return tuple(flag.id for flag in RED_FLAGS if flag.id not in given)

    @property
    def is_complete(self) -> bool:
        """Whether the screening is dated and answers every question."""
        return self.taken_at is not None and not self.missing

    @property
    def flags(self) -> tuple[RedFlag, ...]:
        """The red flags answered "yes", most urgent group first."""
        raised = {answer.flag for answer in self.answers if answer.is_yes}
        return tuple(flag for flag in RED_FLAGS if flag.id in raised)

    @property
    def is_clear(self) -> bool:
        """Whether the screening is complete and raises no red flag."""
        return self.is_complete and not self.flags

    @property
    def groups(self) -> tuple[FlagGroup, ...]:
        """The groups raised, most urgent first, each once."""
        return tuple(group for group in FlagGroup if any(f.group is group for f in self.flags))

    @property
    def advice(self) -> str:
        """The urgent-care message, one paragraph per group raised (empty when none is)."""
        return "\n\n".join(ADVICE[group] for group in self.groups)

    def is_due(self, *, at: dt.datetime, period_days: int = RESCREEN_DAYS) -> bool:
        """Whether the questions must be asked again at *at*.

        They must when the screening is incomplete, older than *period_days*, or
        dated after *at* (a clock or time-zone mistake: such a screening cannot
        vouch for anything).

        Args:
            at: The moment to judge (time-zone aware).
            period_days: How many days a screening vouches for, 1..28.

        Raises:
            footdrop.exceptions.InvalidValueError: *at* is naive, or *period_days* is out of range.

        Example:
            >>> import datetime as dt
            >>> from footdrop import safety
            >>> taken = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
            >>> answers = {flag.id: False for flag in safety.RED_FLAGS}
            >>> screening = safety.screen(answers, taken_at=taken)
            >>> screening.is_due(at=taken + dt.timedelta(days=6))
            False
            >>> screening.is_due(at=taken + dt.timedelta(days=8))
            True

        .. versionadded:: 0.1.0
        """
        period = check_whole("period_days", period_days, 1, MAX_RESCREEN_DAYS, fix="7")
        moment: object = at
        if not isinstance(moment, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
            msg = f"'at' must be a time-zone aware datetime (got {show(at)})."
            raise InvalidValueError(msg, field="at", value=at, fix="attach a tzinfo")
        if not self.is_complete:
            return True
        assert self.taken_at is not None  # noqa: S101 - is_complete checks it
        age = at.astimezone(dt.UTC) - self.taken_at.astimezone(dt.UTC)
        return age < dt.timedelta(0) or age > dt.timedelta(days=period)

    def describe(self) -> str:
        """One line saying when the screening was taken, by whom, and what it found.

        Example:
            >>> import datetime as dt
            >>> from footdrop import safety
            >>> answers = {flag.id: False for flag in safety.RED_FLAGS}
            >>> taken = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
            >>> safety.screen(answers, taken_at=taken, answered_by="patient").describe()
            'red-flag screening of 2026-11-23 08:00 +0000 (answered by the patient): clear'
        """
        when = "undated" if self.taken_at is None else f"{self.taken_at:%Y-%m-%d %H:%M %z}"
        who = "" if self.answered_by is None else f" (answered by the {self.answered_by})"
        if self.flags:
            found = "red flags: " + ", ".join(flag.id for flag in self.flags)
        elif self.missing:
            found = f"incomplete ({len(self.missing)} question(s) unanswered)"
        elif self.taken_at is None:
            found = "incomplete (undated)"
        else:
            found = "clear"
        return f"red-flag screening of {when}{who}: {found}"


def screen(
    answers: Mapping[str, bool],
    *,
    taken_at: dt.datetime,
    answered_by: Respondent | str | None = None,
) -> Screening:
    """Record yes/no answers to :data:`RED_FLAGS` as a dated :class:`Screening`.

    Every question must be answered: a missing answer is an error, never read
    as "no". footdrop reads no clock, so the caller says when the questions
    were answered.

    Args:
        answers: ``{flag id: True for yes, False for no}`` for every flag.
        taken_at: When the questions were answered (time-zone aware).
        answered_by: ``"patient"`` or ``"clinician"`` (a :class:`Respondent`), if known.

    Returns:
        The screening, its answers in :data:`RED_FLAGS` order.

    Raises:
        footdrop.exceptions.IncompleteScreeningError: An answer is missing.
        footdrop.exceptions.InvalidValueError: An answer names an unknown flag, or
            *taken_at* is naive.
        footdrop.exceptions.InvalidTypeError: An answer is not ``True`` or ``False``.

    Example:
        >>> import datetime as dt
        >>> from footdrop import safety
        >>> taken = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
        >>> answers = {flag.id: False for flag in safety.RED_FLAGS}
        >>> safety.screen(answers, taken_at=taken).is_clear
        True
        >>> safety.screen({**answers, "both-legs": True}, taken_at=taken).groups
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
        raise IncompleteScreeningError(msg, field="answers", missing=missing)
    when: object = taken_at
    if when is None:
        msg = "'taken_at' is required: say when the questions were answered (time-zone aware)."
        raise IncompleteScreeningError(msg, field="taken_at", missing=(), fix="pass taken_at")
    who: Any = answered_by
    if isinstance(who, str) and not isinstance(who, Respondent):
        try:
            who = Respondent(who)
        except ValueError:
            choices = ", ".join(repr(r.value) for r in Respondent)
            msg = f"'answered_by' must be one of {choices} or None (got {who!r:.60})."
            raise InvalidValueError(msg, field="answered_by", value=who) from None
    return Screening(
        taken_at=taken_at,
        answered_by=who,
        answers=tuple(Answer(flag=flag.id, is_yes=answers[flag.id]) for flag in RED_FLAGS),
    )


def require_clear(screening: Screening) -> Screening:
    """Return *screening* if it is complete and clear; otherwise stop with an error.

    Call it before making a plan (:func:`footdrop.schedule` and
    :func:`footdrop.progression.progress` call it on their ``screening=``).
    A red flag halts plan generation, and the error carries the urgent-care
    message to show instead.

    Args:
        screening: The screening, as :func:`screen` records it.

    Returns:
        The clear screening.

    Raises:
        footdrop.exceptions.RedFlagError: A red flag was raised; ``advice`` holds
            the urgent-care message and ``flags`` the ids.
        footdrop.exceptions.IncompleteScreeningError: A question is unanswered or the
            screening is undated (``Screening()`` among them); ``missing`` names
            the questions.
        footdrop.exceptions.InvalidTypeError: *screening* is not a :class:`Screening`.

    Example:
        >>> import datetime as dt
        >>> from footdrop import safety
        >>> taken = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
        >>> answers = {flag.id: flag.id == "speech-or-vision" for flag in safety.RED_FLAGS}
        >>> safety.require_clear(safety.screen(answers, taken_at=taken))
        Traceback (most recent call last):
        ...
        footdrop.exceptions.RedFlagError: Red flag (speech-or-vision): do not start or continue the exercise plan. These can be signs of a stroke, even if they have passed. Call the emergency services now (999 in the UK, 911 in the US, 112 in the EU). Do not exercise and do not wait to see whether it settles.
        >>> safety.require_clear(safety.Screening())
        Traceback (most recent call last):
        ...
        footdrop.exceptions.IncompleteScreeningError: the screening is incomplete: 8 question(s) unanswered (sudden-weakness, speech-or-vision, bladder-or-bowel, saddle-numbness, both-legs, chest-pain, dizziness, breathless) and it is undated: answer every question of footdrop.safety.RED_FLAGS and record when (footdrop.safety.screen(answers, taken_at=...)).

    .. versionadded:: 0.1.0
    """  # noqa: E501
    given: object = screening
    if not isinstance(given, Screening):
        msg = (
            f"'screening' must be a footdrop.safety.Screening (got {given!r:.60}): record the "
            "answers with footdrop.safety.screen(answers, taken_at=...)."
        )
        raise InvalidTypeError(msg, field="screening", value=given, expected="Screening")
    # Red flags first: a "yes" on record stops everything, even on an unfinished form.
    if screening.flags:
        ids = tuple(flag.id for flag in screening.flags)
        msg = (
            f"Red flag ({', '.join(ids)}): do not start or continue the exercise plan. "
            + screening.advice.replace("\n\n", " ")
        )
        raise RedFlagError(msg, flags=ids, advice=screening.advice)
    if not screening.is_complete:
        missing = screening.missing
        parts = []
        if missing:
            parts.append(f"{len(missing)} question(s) unanswered ({', '.join(missing)})")
        if screening.taken_at is None:
            parts.append("it is undated")
        msg = (
            f"the screening is incomplete: {' and '.join(parts)}: answer every question of "
            "footdrop.safety.RED_FLAGS and record when "
            "(footdrop.safety.screen(answers, taken_at=...))."
        )
        field = "answers" if missing else "taken_at"
        raise IncompleteScreeningError(msg, field=field, missing=missing)
    return screening


def screened(screening: Screening | None) -> Screening | None:
    """The entry check of the planners: *screening* through :func:`require_clear`, or ``None``.

    ``None`` means the caller gave no screening ("not screened"): library users
    may plan so, and the plan records it.
    """
    return None if screening is None else require_clear(screening)
