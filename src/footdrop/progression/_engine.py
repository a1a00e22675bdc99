"""The progression engine: one step of a routine from its logs, with every decision recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.exceptions import FootdropError, InvalidTypeError
from footdrop.model._decision import (
    HOLD,
    REVIEW,
    Decision,
    Outcome,
    Progression,
    Proposal,
    hardness,
    level_value,
)
from footdrop.model._kinds import SupportLevel
from footdrop.model._log import check_history
from footdrop.model._routine import Prescription, Routine
from footdrop.model._rules import RegressionRule, rule_tag
from footdrop.model._screening import screened
from footdrop.progression._builtin import DEFAULT_RULES, Regression
from footdrop.progression._evidence import (
    MIN_SESSIONS,
    gate_reason,
    is_gated,
    qualifying_days,
    since_change,
)
from footdrop.safety import eyes_closed_ready

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from footdrop.model._log import ExerciseLog
    from footdrop.model._rules import ProgressionRule
    from footdrop.model._screening import Screening

__all__ = ["ENGINE", "progress", "reviewed"]

#: The ``rule`` of decisions the engine makes itself (reviews after a gate).
ENGINE: Final = "engine"


#: The longest review text a prescription holds (``Prescription.review``).
_REVIEW_LIMIT: Final = 1900
#: Appended when further review reasons no longer fit; they stay in the decisions.
_MORE: Final = " Further reasons are in the progression decisions."


def rule_name(rule: object) -> str:
    """The tag of *rule*, or its class name when it was never registered."""
    try:
        return rule_tag(rule)
    except FootdropError:
        return type(rule).__qualname__


def _shown(value: Any) -> int | str | None:
    if isinstance(value, SupportLevel):
        return value.value
    if isinstance(value, int | str) or value is None:
        return value
    return repr(value)[:200]


@attrs.define
class _Step:
    """The working state of one prescription during one step."""

    p: Prescription
    logs: tuple[ExerciseLog, ...]
    on: dt.date
    window: tuple[ExerciseLog, ...]
    decisions: list[Decision] = attrs.Factory(list)
    changed: tuple[str, str] | None = None
    reviews: list[tuple[str, str, tuple[ExerciseLog, ...]]] = attrs.Factory(list)

    def record(
        self,
        rule: str,
        lever: str,
        outcome: Outcome,
        reason: str,
        *,
        after: Any = None,
        evidence: tuple[ExerciseLog, ...] | None = None,
    ) -> None:
        before = self.p.review if lever == REVIEW else _value(self.p, lever)
        self.decisions.append(
            Decision(
                on=self.on,
                exercise_id=self.p.exercise_id,
                lever=lever,
                before=_shown(before),
                after=_shown(after if outcome is Outcome.APPLIED else before),
                rule=rule,
                evidence=self.window if evidence is None else evidence,
                reason=reason,
                outcome=outcome,
            )
        )


def _value(p: Prescription, lever: str) -> Any:
    if lever in p.levers:
        return level_value(p.current, lever)
    return None


def _problem(p: Prescription, proposal: object, logs: Sequence[ExerciseLog]) -> str | None:
    """Why *proposal* is invalid for *p*, or ``None`` when it is valid."""
    if not isinstance(proposal, Proposal):
        return (
            f"the rule returned {proposal!r:.120}, not one Proposal or None: a rule proposes "
            "at most one lever per step."
        )
    if proposal.lever in (HOLD, REVIEW):
        return None
    if proposal.lever not in p.levers:
        return f"{p.exercise_id} has no {proposal.lever} to change."
    for name in proposal.resets:
        if name not in p.levers:
            return f"{p.exercise_id} has no {name} to reset."
    current = level_value(p.current, proposal.lever)
    value = proposal.value
    assert value is not None  # noqa: S101 - Proposal guarantees a value for levers
    if value == current:
        return f"it proposes no change ({proposal.lever} is already {_shown(value)})."
    if not p.allows(proposal.lever, value):
        allowed = p.range_of(proposal.lever)
        assert current is not None  # noqa: S101 - a lever in use has a value
        if hardness(value) > hardness(current):
            return (
                f"{proposal.lever} {_shown(value)} would pass the ceiling of {allowed}: "
                "the engine never passes a ceiling (nor clamps to it)."
            )
        return f"{proposal.lever} {_shown(value)} would go below the floor of {allowed}."
    if value is SupportLevel.EYES_CLOSED and not eyes_closed_ready(logs, exercise_id=p.exercise_id):
        return (
            "eyes-closed stance comes only after 30 s of unsupported stance, and no log shows it."
        )
    return None


def _is_harder(p: Prescription, proposal: Proposal) -> bool:
    current = level_value(p.current, proposal.lever)
    assert current is not None  # noqa: S101 - checked by _problem
    assert proposal.value is not None  # noqa: S101 - checked by _problem
    return hardness(proposal.value) > hardness(current)


def _apply(step: _Step, rule: str, proposal: Proposal, reason: str) -> None:
    p = step.p
    changes: dict[str, Any] = {proposal.lever: proposal.value}
    floor = p.floor
    for name in proposal.resets:
        changes[name] = level_value(floor, name)
    after = proposal.value
    step.record(rule, proposal.lever, Outcome.APPLIED, reason, after=after)
    step.p = attrs.evolve(p, current=attrs.evolve(p.current, **changes), changed_on=step.on)
    step.changed = (rule, proposal.lever)


def _with_resets(p: Prescription, proposal: Proposal, reason: str) -> str:
    if not proposal.resets:
        return reason
    floor = p.floor
    back = ", ".join(f"{n} back to {_shown(level_value(floor, n))}" for n in proposal.resets)
    return f"{reason} ({back})"


def _step_down(
    step: _Step, rules: Sequence[ProgressionRule], downs: list[tuple[str, Proposal]]
) -> tuple[str, Proposal] | None:
    """The regression to apply after a gate: a rule's own step down, else a step-down rule's."""
    if downs:
        return downs[0]
    stepper: Any = next((r for r in rules if isinstance(r, RegressionRule)), Regression())
    name = rule_name(stepper)
    proposal = stepper.step_down(step.p, step.logs, on=step.on)
    if proposal is None:
        return None
    problem = _problem(step.p, proposal, step.logs)
    if problem is None and isinstance(proposal, Proposal) and proposal.lever in (HOLD, REVIEW):
        problem = "a step down must change a lever, not hold or review."
    if problem is None and isinstance(proposal, Proposal) and _is_harder(step.p, proposal):
        problem = "a step down must make the level easier, not harder."
    if problem is not None:
        lever = proposal.lever if isinstance(proposal, Proposal) else "unknown"
        step.record(name, lever, Outcome.REJECTED, f"Rejected: {problem}")
        return None
    assert isinstance(proposal, Proposal)  # noqa: S101 - checked above
    return name, proposal


def _progress_one(
    p: Prescription,
    logs: tuple[ExerciseLog, ...],
    rules: Sequence[ProgressionRule],
    *,
    on: dt.date,
    baseline: int,
) -> tuple[Prescription, list[Decision]]:
    window = since_change(p, logs)
    step = _Step(p=p, logs=logs, on=on, window=window)
    downs: list[tuple[str, Proposal]] = []
    ups: list[tuple[str, Proposal]] = []
    holds: list[tuple[str, Proposal]] = []
    for rule in rules:
        name = rule_name(rule)
        proposal: object = rule.propose(p, logs, on=on)
        if proposal is None:
            continue
        problem = _problem(p, proposal, logs)
        if problem is not None:
            lever = proposal.lever if isinstance(proposal, Proposal) else "unknown"
            step.record(name, lever, Outcome.REJECTED, f"Rejected: {problem}")
            continue
        assert isinstance(proposal, Proposal)  # noqa: S101 - checked by _problem
        if proposal.lever == HOLD:
            holds.append((name, proposal))
        elif proposal.lever == REVIEW:
            step.reviews.append((name, proposal.reason, window))
        elif _is_harder(p, proposal):
            ups.append((name, proposal))
        else:
            downs.append((name, proposal))

    if p.is_locked:
        for name, proposal in (*downs, *ups):
            reason = (
                "Blocked: a clinician locked this prescription, so it never changes. "
                f"{proposal.reason}"
            )
            step.record(name, proposal.lever, Outcome.BLOCKED, reason)
        for name, text, _ in step.reviews:
            reason = f"Blocked: a clinician locked this prescription. {text}"
            step.record(name, REVIEW, Outcome.BLOCKED, reason)
        return p, step.decisions

    gates = tuple(log for log in window if is_gated(log, baseline_pain=baseline))
    if gates:
        gate_text = gate_reason(gates[0], baseline_pain=baseline)
        if len(gates) > 1:
            gate_text += f" (and {len(gates) - 1} later gate event(s))"
        first_event = gate_reason(gates[0], baseline_pain=baseline)
        found = _step_down(step, rules, downs)
        if found is not None:
            name, proposal = found
            reason = _with_resets(p, proposal, f"After {gate_text}: {proposal.reason}")
            _apply(step, name, proposal, reason)
            step.decisions[-1] = attrs.evolve(step.decisions[-1], evidence=gates)
        else:
            text = (
                f"After {first_event}, the prescription is at its floor and cannot step down: "
                "progression is held until a clinician reviews it."
            )
            step.reviews.insert(0, (ENGINE, text, gates))
        if any(log.fell for log in gates):
            fall = next(log for log in gates if log.fell)
            side = f" ({fall.side.value} side)" if fall.side else ""
            text = (
                f"A fall or near-fall was logged on {fall.on.isoformat()}{side}: review the plan."
            )
            step.reviews.insert(0, (ENGINE, text, gates))
        held = [*downs[1:], *ups] if downs and found is not None else [*downs, *ups]
        for name, proposal in held:
            reason = f"Blocked: progression stops after {gate_text}. {proposal.reason}"
            step.record(name, proposal.lever, Outcome.BLOCKED, reason, evidence=gates)
    else:
        if downs:
            name, proposal = downs[0]
            _apply(step, name, proposal, _with_resets(p, proposal, proposal.reason))
        qualifying = qualifying_days(p, logs, baseline_pain=baseline)
        for name, proposal in (*downs[1:], *ups):
            if step.changed is not None:
                done_by, lever = step.changed
                reason = (
                    f"Blocked: one lever per step, and {lever} already changed ({done_by}). "
                    f"{proposal.reason}"
                )
            elif holds:
                reason = f"Blocked: {holds[0][1].reason} {proposal.reason}"
                name_hold = holds[0][0]
                reason = f"{reason} (hold from {name_hold})"
            elif len(qualifying) < MIN_SESSIONS:
                reason = (
                    f"Blocked: progression needs {MIN_SESSIONS} qualifying session days since "
                    f"the last change, and there are {len(qualifying)}. {proposal.reason}"
                )
            else:
                _apply(step, name, proposal, _with_resets(p, proposal, proposal.reason))
                continue
            step.record(name, proposal.lever, Outcome.BLOCKED, reason)

    if step.reviews:
        review = step.p.review
        for name, text, evidence in step.reviews:
            if review is not None and (text in review or _MORE in review):
                continue
            combined = text if review is None else f"{review} {text}"
            if len(combined) > _REVIEW_LIMIT:
                combined = f"{review}{_MORE}"
            review = combined
            step.record(name, REVIEW, Outcome.APPLIED, text, after=review, evidence=evidence)
        step.p = attrs.evolve(step.p, review=review)
    return step.p, step.decisions


def progress(
    routine: Routine,
    history: Iterable[ExerciseLog],
    *,
    on: dt.date,
    screening: Screening | None = None,
) -> Progression:
    """Take one progression step: apply the rules to every prescription, under guarantees.

    The rules are ``routine.rules``, or :data:`DEFAULT_RULES` when it is empty.
    Each rule is asked in order for a proposal about each prescription, with
    the logs of that exercise. Whatever the rules propose, the engine
    guarantees:

    * nothing passes a ceiling or goes below a floor: such a proposal is
      rejected and recorded, never clamped;
    * at most one lever of a prescription changes per step (levers a proposal
      resets to their floor go with it);
    * no progression without at least 2 qualifying session days since the
      last change (``Prescription.changed_on``);
    * pain above 5/10 during the exercise, next-morning pain above
      ``routine.baseline_pain``, or a fall since the last change blocks every
      progression and steps the prescription down one level (never below the
      floor; at the floor, and after any fall, it is flagged for review);
    * eyes-closed stance only after 30 s of unsupported stance is logged;
    * locked prescriptions never change;
    * every change, and every blocked or rejected proposal, is a
      :class:`Decision`; the same inputs give the same decisions.

    Args:
        routine: The routine now.
        history: Every log so far (of any exercise in the routine).
        on: The date of the step; no log may be dated after it.
        screening: The red-flag screening (:class:`footdrop.safety.Screening`) to
            progress under; it must be complete and clear. ``None`` means not
            screened: allowed, and the caller answers for screening.

    Returns:
        The new routine (``changed_on`` set to *on* where a level changed) and
        the decisions.

    Raises:
        footdrop.exceptions.RedFlagError: The screening raises a red flag; nothing
            changes and ``advice`` holds the urgent-care message.
        footdrop.exceptions.IncompleteScreeningError: The screening leaves a question
            unanswered or is undated.
        footdrop.exceptions.InvalidValueError: A log is dated after *on*, names an
            exercise not in the routine, or repeats another log's key.
        footdrop.exceptions.InvalidTypeError: *routine* or *on* has the wrong type.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.progression import progress
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT,
        ...                                           only=["toe-raise-negatives"])
        >>> logs = [footdrop.ExerciseLog(on=dt.date(2026, 11, d), exercise_id="toe-raise-negatives",
        ...                              side=None, sets=2, reps=10, pain=2) for d in (23, 24)]
        >>> step = progress(routine, logs, on=dt.date(2026, 11, 24))
        >>> step.routine["toe-raise-negatives"].current.reps
        11
        >>> print(step.decisions[0].reason)
        Every set reached 10 reps on 2026-11-23 and 2026-11-24: raise reps from 10 to 11, one step toward the top of 10-15.

    .. versionadded:: 0.1.0
    """  # noqa: E501
    screened(screening)
    given: object = routine
    if not isinstance(given, Routine):
        msg = f"'routine' must be a footdrop.Routine (got {given!r:.60})."
        raise InvalidTypeError(msg, field="routine", value=given, expected="Routine")
    logs = check_history(history, on=on, exercise_ids=routine.ids)
    rules: Sequence[ProgressionRule] = routine.rules or DEFAULT_RULES
    by_id: dict[str, list[ExerciseLog]] = {}
    for log in logs:
        by_id.setdefault(log.exercise_id, []).append(log)
    items: list[Prescription] = []
    decisions: list[Decision] = []
    for p in routine.items:
        new, made = _progress_one(
            p, tuple(by_id.get(p.exercise_id, ())), rules, on=on, baseline=routine.baseline_pain
        )
        items.append(new)
        decisions.extend(made)
    return Progression(routine=attrs.evolve(routine, items=tuple(items)), decisions=decisions)


def reviewed(routine: Routine, exercise_id: str, *, on: dt.date) -> Routine:
    """Record a clinician's review of one prescription: clear its flag, restart its evidence.

    After a gate at the floor (or a fall) progression is held until a
    clinician reviews the prescription. This clears ``review`` and sets
    ``changed_on`` to *on*, so only logs after the review count from then on.
    Change the ranges or the level first if the review calls for it.

    Args:
        routine: The routine.
        exercise_id: The prescription reviewed.
        on: The date of the review.

    Returns:
        The routine with that prescription cleared.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The routine has no such exercise.

    Example:
        >>> import datetime as dt
        >>> import attrs, footdrop
        >>> from footdrop.progression import reviewed
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> flagged = routine.replace(attrs.evolve(routine["ankle-eversion"], review="A fall."))
        >>> after = reviewed(flagged, "ankle-eversion", on=dt.date(2026, 11, 24))
        >>> after["ankle-eversion"].review, after["ankle-eversion"].changed_on
        (None, datetime.date(2026, 11, 24))

    .. versionadded:: 0.1.0
    """
    p = routine[exercise_id]
    return routine.replace(attrs.evolve(p, review=None, changed_on=on))
