"""The progression engine: one step of a routine from its logs, with every decision recorded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._decision import (
    HOLD,
    REVIEW,
    Decision,
    Outcome,
    Progression,
    Proposal,
    Review,
    hardness,
    level_value,
)
from footdrop.model._kinds import Sides, SupportLevel
from footdrop.model._log import ExerciseLog, check_history
from footdrop.model._routine import Prescription, Routine
from footdrop.model._rules import RegressionRule
from footdrop.model._screening import screened
from footdrop.progression._builtin import DEFAULT_RULES, Regression
from footdrop.progression._evidence import (
    MIN_SESSIONS,
    check_sides,
    qualifying_days,
    since_change,
)
from footdrop.progression._flags import (
    _fall_flag,
    _flag_falls_elsewhere,
    _flag_patterns,
    _trend_this_week,
    _write_flags,
)
from footdrop.progression._gates import _gate_events, _gate_text
from footdrop.progression._limits import DEFAULT_LIMITS, Limits, volume
from footdrop.progression._step import ENGINE, _days_at_level, _shown, _Step, rule_name
from footdrop.safety import eyes_closed_ready

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from footdrop.model._rules import ProgressionRule
    from footdrop.model._screening import Screening

__all__ = ["ENGINE", "progress", "record_review", "reviewed"]


def _problem(step: _Step, proposal: object) -> str | None:
    """Why *proposal* is invalid for the step's prescription, or ``None`` when it is valid."""
    p = step.p
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
    side = step.affected if p.sides is not Sides.TOGETHER else None
    if value is SupportLevel.EYES_CLOSED and not eyes_closed_ready(
        step.history, exercise_id=p.exercise_id, sides=(side,)
    ):
        return (
            "eyes-closed stance comes only after 30 s of unsupported stance on the affected "
            "side since the last fall, and no log shows it."
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
    problem = _problem(step, proposal)
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


@attrs.frozen
class _Asked:
    """The valid proposals of one step, sorted by what they do."""

    downs: list[tuple[str, Proposal]]
    ups: list[tuple[str, Proposal]]
    holds: list[tuple[str, Proposal]]


def _ask_rules(step: _Step, rules: Sequence[ProgressionRule]) -> _Asked:
    """Ask every rule for a proposal; record the invalid ones as rejected."""
    asked = _Asked(downs=[], ups=[], holds=[])
    for rule in rules:
        name = rule_name(rule)
        proposal: object = rule.propose(step.p, step.logs, on=step.on)
        if proposal is None:
            continue
        problem = _problem(step, proposal)
        if problem is not None:
            lever = proposal.lever if isinstance(proposal, Proposal) else "unknown"
            step.record(name, lever, Outcome.REJECTED, f"Rejected: {problem}")
            continue
        assert isinstance(proposal, Proposal)  # noqa: S101 - checked by _problem
        if proposal.lever == HOLD:
            asked.holds.append((name, proposal))
        elif proposal.lever == REVIEW:
            step.flag(name, proposal.reason, step.window)
        elif _is_harder(step.p, proposal):
            asked.ups.append((name, proposal))
        else:
            asked.downs.append((name, proposal))
    return asked


def _step_down_after_gate(
    step: _Step,
    rules: Sequence[ProgressionRule],
    asked: _Asked,
    gates: tuple[ExerciseLog, ...],
    *,
    why: str | None = None,
) -> None:
    """Step down one level after a gate (or flag at the floor), and block every rise."""
    p = step.p
    gate_text = _gate_text(step, gates[0]) if why is None else why
    if len(gates) > 1 and why is None:
        gate_text += f" (and {len(gates) - 1} later gate event(s))"
    found = _step_down(step, rules, asked.downs)
    if found is not None:
        name, proposal = found
        reason = _with_resets(p, proposal, f"After {gate_text}: {proposal.reason}")
        _apply(step, name, proposal, reason)
        step.decisions[-1] = attrs.evolve(step.decisions[-1], evidence=gates)
    else:
        first = _gate_text(step, gates[0]) if why is None else why
        text = (
            f"After {first}, the prescription is at its floor and cannot "
            "step down: progression is held until a clinician reviews it."
        )
        step.flag(ENGINE, text, gates, first=True)
    fall = next((log for log in gates if log.fell), None)
    if fall is not None:
        step.flag(ENGINE, _fall_flag(fall, elsewhere=False), gates, first=True)
    held = [*asked.downs[1:], *asked.ups] if found is not None else [*asked.downs, *asked.ups]
    for name, proposal in held:
        reason = f"Blocked: progression stops after {gate_text}. {proposal.reason}"
        step.record(name, proposal.lever, Outcome.BLOCKED, reason, evidence=gates)


def _hold_locked(
    step: _Step, rules: Sequence[ProgressionRule], asked: _Asked, gates: tuple[ExerciseLog, ...]
) -> None:
    """A locked prescription never changes, except that a fall overrides the lock."""
    if any(log.fell for log in gates):
        _step_down_after_gate(step, rules, _Asked(downs=[], ups=[], holds=[]), gates)
        step.decisions[-1:] = [
            attrs.evolve(d, reason=f"{d.reason} A fall overrides the clinician's lock.")
            for d in step.decisions[-1:]
        ]
    elif gates:
        text = (
            f"After {_gate_text(step, gates[0])}, a locked prescription cannot step down: "
            "a clinician should review it."
        )
        step.flag(ENGINE, text, gates, first=True)
    for name, proposal in (*asked.downs, *asked.ups):
        reason = (
            f"Blocked: a clinician locked this prescription, so it never changes. {proposal.reason}"
        )
        step.record(name, proposal.lever, Outcome.BLOCKED, reason)


def _why_not(step: _Step, asked: _Asked, qualifying: int) -> str | None:
    """Why a rise cannot happen in this step, or ``None`` when the guarantees allow it."""
    if step.open_flag is not None:
        return (
            f"a review flag is open ({step.open_flag[:300]}); progression is held until a "
            "clinician records a review closing it (footdrop.progression.record_review)."
        )
    if step.changed is not None:
        done_by, lever = step.changed
        return f"one lever per step, and {lever} already changed ({done_by})."
    if asked.holds:
        name, hold = asked.holds[0]
        return f"{hold.reason} (hold from {name})"
    if qualifying < MIN_SESSIONS:
        return (
            f"progression needs {MIN_SESSIONS} qualifying session days since the last change "
            f"(each with pain recorded and its next morning come), and there are {qualifying}."
        )
    days = _days_at_level(step)
    need = step.limits.min_days_at_level
    if days is not None and days < need:
        return (
            f"a level stays in force at least {need} days before the next step, and this one "
            f"has been in force {days} day(s)."
        )
    return None


def _within_step_limit(step: _Step, proposal: Proposal) -> tuple[Proposal, str]:
    """*proposal*, cut to the largest step the limits allow, with the reason for any cut."""
    p, limits = step.p, step.limits
    current = level_value(p.current, proposal.lever)
    assert current is not None  # noqa: S101 - a lever in use has a value
    assert proposal.value is not None  # noqa: S101 - checked by _problem
    rise = limits.max_rise(proposal.lever, hardness(current))
    if hardness(proposal.value) - hardness(current) <= rise:
        return proposal, proposal.reason
    if isinstance(current, SupportLevel):
        value: int | SupportLevel = current.harder or current
        limit = "one support rung per step"
    else:
        value = current + rise
        limit = f"a {proposal.lever} step of at most {rise}"
    reason = (
        f"{proposal.reason} Cut to the step limit: the rule proposed {_shown(proposal.value)}, "
        f"and the limits allow {limit}, so {proposal.lever} goes to {_shown(value)}."
    )
    return attrs.evolve(proposal, value=value, reason=reason), reason


def _volume_check(step: _Step, proposal: Proposal, reason: str) -> tuple[bool, str]:
    """Whether the weekly volume allows *proposal*, and the reason (with any warning)."""
    p, limits = step.p, step.limits
    changes: dict[str, Any] = {proposal.lever: proposal.value}
    for name in proposal.resets:
        changes[name] = level_value(p.floor, name)
    before, after = volume(p.current), volume(attrs.evolve(p.current, **changes))
    rise = after / before - 1 if before else 0.0
    if rise > limits.weekly_hard_cap + 1e-9:
        return False, (
            f"Blocked: weekly volume would rise {rise:.0%} (from {before} to {after} a day, "
            f"counting hold time), above the hard cap of {limits.weekly_hard_cap:.0%}; a "
            f"clinician may set this level at a review. {reason}"
        )
    if rise > limits.weekly_soft_cap + 1e-9:
        reason = (
            f"{reason} Warning: weekly volume rises {rise:.0%} (from {before} to {after} a "
            f"day, counting hold time), above the soft cap of {limits.weekly_soft_cap:.0%}."
        )
    return True, reason


def _early_morning_report(step: _Step) -> str | None:
    """Why no rise: a session of the step's day already reports next-morning pain above baseline.

    Such a report is judged as a gate on the next step, once its morning has come
    (so it steps the dose down once); until then it must still hold every rise.
    """
    for log in step.logs:
        if (
            log.on >= step.on
            and log.pain_next_morning is not None
            and log.pain_next_morning > step.baseline
        ):
            return (
                f"the session on {log.on} already reports next-morning pain "
                f"{log.pain_next_morning}/10, above the baseline of {step.baseline}/10; it is "
                "judged as a gate once its morning has come, and no rise comes before."
            )
    return None


def _rise_if_allowed(step: _Step, asked: _Asked) -> None:
    """Without a gate: apply the first step down, else the first rise the guarantees allow."""
    p = step.p
    if asked.downs:
        name, proposal = asked.downs[0]
        _apply(step, name, proposal, _with_resets(p, proposal, proposal.reason))
    qualifying = qualifying_days(p, step.logs, baseline_pain=step.baseline, on=step.on)
    early = _early_morning_report(step)
    for name, proposal in (*asked.downs[1:], *asked.ups):
        why = _why_not(step, asked, len(qualifying))
        if why is None and early is not None and (name, proposal) in asked.ups:
            why = early
        if why is not None:
            step.record(name, proposal.lever, Outcome.BLOCKED, f"Blocked: {why} {proposal.reason}")
            continue
        cut, reason = _within_step_limit(step, proposal)
        problem = _problem(step, cut)
        if problem is not None:
            step.record(name, cut.lever, Outcome.BLOCKED, f"Blocked: {problem} {reason}")
            continue
        allowed, reason = _volume_check(step, cut, reason)
        if not allowed:
            step.record(name, cut.lever, Outcome.BLOCKED, reason)
            continue
        _apply(step, name, cut, _with_resets(p, cut, reason))


def _progress_one(
    step: _Step,
    rules: Sequence[ProgressionRule],
    *,
    past: Sequence[Decision],
    falls: Sequence[ExerciseLog],
) -> tuple[Prescription, list[Decision]]:
    """One prescription through one step, in named stages a clinician can follow.

    1. ask the rules; 2. find the gate events; 3. flag falls elsewhere;
    4. step down (after a gate, or once a week for a pain trend), or hold a
    locked prescription, or else rise if every guarantee allows; 5. flag the
    patterns; 6. write the flags.
    """
    asked = _ask_rules(step, rules)
    gates = _gate_events(step, past)
    _flag_falls_elsewhere(step, falls)
    trend = None if gates or step.p.is_locked else _trend_this_week(step)
    _flag_patterns(step)
    if step.p.is_locked:
        _hold_locked(step, rules, asked, gates)
    elif gates:
        _step_down_after_gate(step, rules, asked, gates)
    elif trend is not None:
        _step_down_after_gate(step, rules, asked, trend[2], why=f"a pain trend: {trend[1]}")
    else:
        step.open_flag = step.open_flag or next((text for _, text, _, _ in step.reviews), None)
        _rise_if_allowed(step, asked)
    _write_flags(step)
    return step.p, step.decisions


def progress(
    routine: Routine,
    history: Iterable[ExerciseLog],
    *,
    on: dt.date,
    screening: Screening | None = None,
    decisions: Iterable[Decision] = (),
    limits: Limits = DEFAULT_LIMITS,
    reviews: Iterable[Review] = (),
) -> Progression:
    """Take one progression step: apply the rules to every prescription, under guarantees.

    The rules are ``routine.rules``, or :data:`DEFAULT_RULES` when it is empty.
    Each rule is asked in order for a proposal about each prescription, with
    the logs of that exercise. Whatever the rules propose, the engine
    guarantees (each rule, limit and default is listed with its source on the
    clinical rules page):

    * logs whose side contradicts the prescription are refused;
    * nothing passes a ceiling or goes below a floor: such a proposal is
      rejected and recorded, never clamped;
    * at most one lever of a prescription changes per step (levers a proposal
      resets to their floor go with it);
    * a rise needs 2 qualifying session days since the last change, each with
      pain recorded, every prescribed side logged and its next morning come
      (the session is dated before *on*, or its next-morning pain is reported);
    * a rise is at most one step (:class:`Limits`: 10 % or one unit, one
      support rung, a bounded hold step; a larger proposal is cut to the limit
      and the cut is recorded), comes only after ``min_days_at_level`` days at
      the level, and never lifts the weekly volume above the hard cap;
    * pain above 5/10 during the exercise, next-morning pain above
      ``routine.baseline_pain`` (also when reported late, for a session the
      last change rested on: pass *decisions*), or a fall since the last
      change blocks every rise and steps the prescription down one level
      (never below the floor; at the floor, and after any fall, it is flagged);
    * a fall holds every standing and balance exercise, and overrides locks;
    * pain rising week on week steps down (once a week) and flags; repeated
      flares, a plateau and single-leg stance under 5 s raise review flags,
      once a week while they last (counting sessions after the last review);
    * an open review flag holds every rise of its exercise until a
      :class:`Review` closes it (:func:`record_review`);
    * eyes-closed stance only after 30 s of unsupported stance on the
      affected side, logged since the last fall;
    * locked prescriptions never change, except after a fall;
    * every change, and every blocked or rejected proposal, is a
      :class:`Decision`; the same inputs give the same decisions.

    Args:
        routine: The routine now.
        history: Every log so far (of any exercise in the routine).
        on: The date of the step; no log may be dated after it.
        screening: The red-flag screening (:class:`footdrop.safety.Screening`) to
            progress under; it must be complete and clear. ``None`` means not
            screened: allowed, and the caller answers for screening.
        decisions: The decisions of earlier steps (the audit trail), so that a
            late next-morning report on a session an earlier change rested on
            steps the dose back down.
        limits: The limits on every step (the defaults when not given).
        reviews: The clinicians' reviews so far: pattern flags (pain trend,
            flares, plateau, short stance) look only at sessions after the
            last review that closed the exercise's flag.

    Returns:
        The new routine (``changed_on`` set to *on* where a level changed) and
        the decisions.

    Raises:
        footdrop.exceptions.RedFlagError: The screening raises a red flag; nothing
            changes and ``advice`` holds the urgent-care message.
        footdrop.exceptions.IncompleteScreeningError: The screening leaves a question
            unanswered or is undated.
        footdrop.exceptions.InvalidValueError: A log is dated after *on*, names an
            exercise not in the routine, repeats another log's key, or has a
            side that contradicts its prescription.
        footdrop.exceptions.InvalidTypeError: *routine*, *on* or *limits* has the wrong type.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> from footdrop.progression import progress
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT,
        ...                                           only=["toe-raise-negatives"])
        >>> logs = [footdrop.ExerciseLog(on=dt.date(2026, 11, d), exercise_id="toe-raise-negatives",
        ...                              side=None, sets=2, reps=10, pain=2) for d in range(23, 30)]
        >>> step = progress(routine, logs, on=dt.date(2026, 11, 30))
        >>> step.routine["toe-raise-negatives"].current.reps
        11
        >>> print(step.decisions[0].reason)
        Every set reached 10 reps on 2026-11-28 and 2026-11-29: raise reps from 10 to 11, one step toward the top of 10-15.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Evidence waits for the morning and needs pain; sides are checked;
       :class:`Limits`, review flags and the *decisions*, *limits* and *reviews* parameters.
    """  # noqa: E501
    screened(screening)
    given: object = routine
    if not isinstance(given, Routine):
        msg = f"'routine' must be a footdrop.Routine (got {given!r:.60})."
        raise InvalidTypeError(msg, field="routine", value=given, expected="Routine")
    chosen: object = limits
    if not isinstance(chosen, Limits):
        msg = f"'limits' must be a footdrop.progression.Limits (got {chosen!r:.60})."
        raise InvalidTypeError(msg, field="limits", value=chosen, expected="Limits")
    logs = check_history(history, on=on, exercise_ids=routine.ids)
    for p in routine.items:
        check_sides(p, logs, affected=routine.affected)
    past = tuple(decisions)
    last_review: dict[str, dt.date] = {}
    for review in reviews:
        for exercise_id in review.closes:
            if review.on <= on and review.on > last_review.get(exercise_id, dt.date.min):
                last_review[exercise_id] = review.on
    rules: Sequence[ProgressionRule] = routine.rules or DEFAULT_RULES
    by_id: dict[str, list[ExerciseLog]] = {}
    for log in logs:
        by_id.setdefault(log.exercise_id, []).append(log)
    falls = tuple(log for log in logs if log.fell)
    items: list[Prescription] = []
    made: list[Decision] = []
    for p in routine.items:
        mine = tuple(by_id.get(p.exercise_id, ()))
        step = _Step(
            p=p,
            logs=mine,
            history=logs,
            on=on,
            window=since_change(p, mine),
            baseline=routine.baseline_pain,
            affected=routine.affected,
            limits=limits,
            open_flag=p.review,
            reviewed_on=last_review.get(p.exercise_id),
        )
        new, found = _progress_one(step, rules, past=past, falls=falls)
        items.append(new)
        made.extend(found)
    return Progression(routine=attrs.evolve(routine, items=tuple(items)), decisions=made)


def record_review(routine: Routine, review: Review) -> Routine:
    """Record a clinician's :class:`Review`: close the flags it names, restart their evidence.

    Each exercise in ``review.closes`` must have an open flag
    (``Prescription.review``); it is cleared and ``changed_on`` set to
    ``review.on``, so only sessions after the review count from then on.
    Change the ranges or the level first if the review calls for it. Keep the
    review itself in the audit trail (``Journal.add_review``, or its JSON).

    Args:
        routine: The routine.
        review: The review.

    Returns:
        The routine with those flags closed.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The routine has no such exercise.
        footdrop.exceptions.InvalidValueError: An exercise named has no open flag.
        footdrop.exceptions.InvalidTypeError: *review* is not a :class:`Review`.

    Example:
        >>> import datetime as dt
        >>> import attrs, footdrop
        >>> from footdrop.progression import Review, record_review
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> flagged = routine.replace(attrs.evolve(routine["single-leg-stance"], review="A fall."))
        >>> review = Review(on=dt.date(2026, 11, 30), by="Physio", closes=["single-leg-stance"],
        ...                 decision="A trip on a rug; carry on with two hands on the counter.")
        >>> record_review(flagged, review)["single-leg-stance"].review is None
        True

    .. versionadded:: 0.2.0
    """
    given: object = review
    if not isinstance(given, Review):
        msg = f"'review' must be a footdrop.progression.Review (got {given!r:.60})."
        raise InvalidTypeError(msg, field="review", value=given, expected="Review")
    for exercise_id in review.closes:
        p = routine[exercise_id]
        if p.review is None:
            msg = (
                f"'closes' names {exercise_id!r}, which has no open review flag: name only "
                "flagged exercises."
            )
            raise InvalidValueError(msg, field="closes", value=exercise_id)
        routine = routine.replace(attrs.evolve(p, review=None, changed_on=review.on))
    return routine


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
