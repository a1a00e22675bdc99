"""Proposal, Decision and Progression: what rules propose and what the engine decided."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final, final

import attrs

from footdrop._validators import (
    date_only,
    enum_of,
    instance_of,
    slug,
    text,
    to_member,
    to_tuple,
    tuple_of,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._dose import Level  # noqa: TC001 - cattrs resolves the annotations at run time
from footdrop.model._kinds import SupportLevel
from footdrop.model._log import ExerciseLog
from footdrop.model._routine import LEVERS, Routine

__all__ = [
    "ACTIONS",
    "HOLD",
    "REVIEW",
    "Decision",
    "Outcome",
    "Progression",
    "Proposal",
    "Review",
    "hardness",
    "level_value",
]

#: The action that holds a prescription where it is for this step (no progression).
HOLD: Final = "hold"
#: The action that flags a prescription for a clinician's review.
REVIEW: Final = "review"
#: Proposals that name an action rather than a lever carry no value.
ACTIONS: Final = (HOLD, REVIEW)


def _lever(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in (*LEVERS, *ACTIONS):
        known = ", ".join(repr(name) for name in (*LEVERS, *ACTIONS))
        msg = f"'{attribute.name}' must be one of {known} (got {value!r:.60})."
        raise InvalidValueError(msg, field=attribute.name, value=value)


@final
@attrs.frozen(kw_only=True)
class Proposal:
    """One change a rule proposes: one lever, its new value, and why.

    A proposal moves exactly one lever of a prescription's current
    :class:`~footdrop.Level`. It may also name ``resets``: other levers that
    go back to their floor in the same step, as double progression drops
    the reps to the bottom of the range when it adds a set. Two actions carry
    no value: :data:`HOLD` (make no progression this step) and :data:`REVIEW`
    (flag the prescription for a clinician).

    Args:
        lever: One of ``footdrop.LEVERS`` (``"sets"``, ``"reps"``,
            ``"hold_seconds"``, ``"sessions_per_day"``, ``"support"``, ...),
            or ``"hold"`` or ``"review"``.
        value: The lever's new value: a whole number, or a
            :class:`~footdrop.SupportLevel` for ``"support"``; ``None`` for actions.
        reason: A sentence a clinician can read.
        resets: Other levers that return to their floor in the same step.

    Raises:
        footdrop.exceptions.InvalidValueError: An unknown lever, a value of the
            wrong kind, or ``resets`` naming the lever itself or an action.

    Example:
        >>> from footdrop.progression import Proposal
        >>> Proposal(lever="sets", value=3, resets=["reps"],
        ...          reason="Every set reached 15 reps twice: add a set, back to 10 reps.").resets
        ('reps',)
        >>> Proposal.review("At the top of every range.").lever
        'review'

    .. versionadded:: 0.1.0
    """

    lever: str = attrs.field(validator=_lever)
    value: int | SupportLevel | None = attrs.field(default=None)
    reason: str = attrs.field(validator=text(2000))
    resets: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(str, "a lever name"), "levers"),
    )

    def __attrs_post_init__(self) -> None:
        if self.lever in ACTIONS:
            if self.value is not None:
                msg = f"'value' must be None for the action {self.lever!r} (got {self.value!r})."
                raise InvalidValueError(msg, field="value", value=self.value)
        elif self.lever == "support":
            if not isinstance(self.value, SupportLevel):
                msg = f"'value' must be a SupportLevel for 'support' (got {self.value!r:.60})."
                raise InvalidTypeError(
                    msg, field="value", value=self.value, expected="SupportLevel"
                )
        elif isinstance(self.value, bool) or not isinstance(self.value, int):
            msg = f"'value' must be a whole number for {self.lever!r} (got {self.value!r:.60})."
            raise InvalidTypeError(msg, field="value", value=self.value, expected="int")
        for name in self.resets:
            if name not in LEVERS or name == self.lever or self.lever in ACTIONS:
                msg = (
                    f"'resets' may only name other levers of a lever change (got {name!r} "
                    f"with lever {self.lever!r})."
                )
                raise InvalidValueError(msg, field="resets", value=name)
        if len(set(self.resets)) != len(self.resets):
            msg = f"'resets' names a lever twice (got {self.resets!r})."
            raise InvalidValueError(msg, field="resets", value=self.resets)

    @classmethod
    def hold(cls, reason: str) -> Proposal:
        """A proposal to make no progression this step, with the reason."""
        return cls(lever=HOLD, reason=reason)

    @classmethod
    def review(cls, reason: str) -> Proposal:
        """A proposal to flag the prescription for a clinician's review, with the reason."""
        return cls(lever=REVIEW, reason=reason)


@final
class Outcome(enum.StrEnum):
    """What became of a proposal.

    * ``APPLIED``: the change was made.
    * ``BLOCKED``: a valid change was held back by a guarantee (pain, a fall,
      a lock, too little evidence, a hold, or another lever already moved).
    * ``REJECTED``: the proposal was invalid (beyond a ceiling, below a floor,
      a lever the prescription does not use, no change, eyes closed too early).

    .. versionadded:: 0.1.0
    """

    APPLIED = "applied"
    BLOCKED = "blocked"
    REJECTED = "rejected"


def _to_outcome(value: Outcome | str) -> Any:
    return to_member(Outcome, value)


@final
@attrs.frozen(kw_only=True)
class Decision:
    """One auditable decision of the progression engine.

    Every applied change, and every change that was blocked or rejected, is a
    decision, so a programme's whole history can be audited.

    Args:
        on: The date of the step.
        exercise_id: The exercise.
        lever: The lever (or ``"review"``/``"hold"``) the decision concerns.
        before: The lever's value before (a support level is stored by its value,
            ``"one-hand"``; a review by its text).
        after: The value after (equal to ``before`` unless applied).
        rule: The tag of the rule that proposed it (``"engine"`` for the engine's own).
        evidence: The logs the decision rests on.
        reason: A sentence a clinician can read.
        outcome: Applied, blocked or rejected.

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=date_only)
    exercise_id: str = attrs.field(validator=slug)
    lever: str = attrs.field(validator=text(50))
    before: int | str | None = attrs.field()
    after: int | str | None = attrs.field()
    rule: str = attrs.field(validator=text(200))
    evidence: tuple[ExerciseLog, ...] = attrs.field(
        converter=to_tuple,
        validator=tuple_of(instance_of(ExerciseLog, "an ExerciseLog"), "ExerciseLog"),
    )
    reason: str = attrs.field(validator=text(4000))
    outcome: Outcome = attrs.field(converter=_to_outcome, validator=enum_of(Outcome))

    @property
    def is_applied(self) -> bool:
        """Whether the change was made."""
        return self.outcome is Outcome.APPLIED

    def __str__(self) -> str:
        change = "" if self.before == self.after else f" {self.before} -> {self.after}"
        return (
            f"{self.on.isoformat()} {self.exercise_id} {self.lever}{change} "
            f"[{self.outcome.value}, {self.rule}]: {self.reason}"
        )


@final
@attrs.frozen(kw_only=True)
class Progression:
    """The result of one progression step: the new routine and every decision.

    Args:
        routine: The routine after the step.
        decisions: Every decision of the step, in routine order.

    .. versionadded:: 0.1.0
    """

    routine: Routine = attrs.field(validator=instance_of(Routine, "a Routine"))
    decisions: tuple[Decision, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(instance_of(Decision, "a Decision"), "Decision")
    )

    @property
    def applied(self) -> tuple[Decision, ...]:
        """The decisions that changed something."""
        return tuple(d for d in self.decisions if d.outcome is Outcome.APPLIED)

    @property
    def blocked(self) -> tuple[Decision, ...]:
        """The valid changes held back by a guarantee."""
        return tuple(d for d in self.decisions if d.outcome is Outcome.BLOCKED)

    @property
    def rejected(self) -> tuple[Decision, ...]:
        """The invalid proposals."""
        return tuple(d for d in self.decisions if d.outcome is Outcome.REJECTED)


def _closes(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        msg = (
            f"'{attribute.name}' must list the exercise ids whose flags the review closes "
            f"(got {value!r:.60})."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value)
    for i, item in enumerate(value):
        slug(_inst, attribute.evolve(name=f"{attribute.name}[{i}]"), item)
    if len(set(value)) != len(value):
        msg = f"'{attribute.name}' names an exercise twice (got {list(value)}): name each once."
        raise InvalidValueError(msg, field=attribute.name, value=value)


@final
@attrs.frozen(kw_only=True)
class Review:
    """A clinician's review that closes review flags: who, when, what was decided.

    A flag (``Prescription.review``) holds every progression of its exercise
    until a review closing it is recorded with
    :func:`footdrop.progression.record_review`. Reviews sit in the audit trail
    beside the decisions (in JSON and in the journal).

    Args:
        on: The date of the review.
        by: Who reviewed (a name or role), up to 200 characters.
        decision: What was decided, in a sentence a clinician can read.
        closes: The exercise ids whose flags this review closes.

    Raises:
        footdrop.exceptions.InvalidValueError: A blank field, or ``closes`` empty
            or naming an exercise twice.

    Example:
        >>> import datetime as dt
        >>> from footdrop.progression import Review
        >>> Review(on=dt.date(2026, 11, 30), by="Physio A. Khan", closes=["single-leg-stance"],
        ...        decision="Fall at home was a trip; keep two hands on the counter.").closes
        ('single-leg-stance',)

    .. versionadded:: 0.2.0
    """

    on: dt.date = attrs.field(validator=instance_of(dt.date, "a date"))
    by: str = attrs.field(validator=text(200))
    decision: str = attrs.field(validator=text(2000))
    closes: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_closes)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.on, dt.datetime):
            msg = f"'on' must be a date, not a datetime (got {self.on!r}): use .date()."
            raise InvalidValueError(msg, field="on", value=self.on, fix="use .date()")


def level_value(level: Level, lever: str) -> int | SupportLevel | None:
    """The value of *lever* in *level*."""
    value: int | SupportLevel | None = getattr(level, lever)
    return value


def hardness(value: int | SupportLevel) -> int:
    """A number that grows as a lever's value gets harder (a support rung's rank)."""
    return value.rank if isinstance(value, SupportLevel) else value
