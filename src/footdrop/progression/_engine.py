"""The progression engine: one step of a routine from its logs, with every decision recorded."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.exceptions import FootdropError, InvalidTypeError, InvalidValueError
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
from footdrop.model._kinds import Category, Position, Side, Sides, SupportLevel
from footdrop.model._log import ExerciseLog, check_history, log_order
from footdrop.model._routine import Prescription, Routine
from footdrop.model._rules import RegressionRule, rule_tag
from footdrop.progression._builtin import DEFAULT_RULES, Regression
from footdrop.progression._evidence import (
    MIN_SESSIONS,
    PAIN_LIMIT,
    check_sides,
    gate_reason,
    qualifying_days,
    since_change,
)
from footdrop.progression._limits import DEFAULT_LIMITS, Limits, volume
from footdrop.safety import eyes_closed_ready

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from footdrop.model._rules import ProgressionRule

__all__ = ["ENGINE", "progress", "record_review", "reviewed"]

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
    history: tuple[ExerciseLog, ...]
    on: dt.date
    window: tuple[ExerciseLog, ...]
    baseline: int
    affected: Side
    limits: Limits
    decisions: list[Decision] = attrs.Factory(list)
    changed: tuple[str, str] | None = None
    reviews: list[tuple[str, str, tuple[ExerciseLog, ...], str]] = attrs.Factory(list)
    open_flag: str | None = None
    reviewed_on: dt.date | None = None

    @property
    def recent(self) -> tuple[ExerciseLog, ...]:
        """The logs pattern flags look at: those after the last review of this exercise."""
        if self.reviewed_on is None:
            return self.logs
        return tuple(log for log in self.logs if log.on > self.reviewed_on)

    def flag(
        self,
        rule: str,
        text: str,
        evidence: tuple[ExerciseLog, ...],
        *,
        key: str | None = None,
        first: bool = False,
    ) -> None:
        """Raise a review flag (written once per *key*, the text itself by default)."""
        entry = (rule, text, evidence, text if key is None else key)
        if any(e[3] == entry[3] for e in self.reviews):
            return
        if first:
            self.reviews.insert(0, entry)
        else:
            self.reviews.append(entry)

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
                reason=reason[:4000],
                outcome=outcome,
            )
        )


def _value(p: Prescription, lever: str) -> Any:
    if lever in p.levers:
        return level_value(p.current, lever)
    return None


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


#: Positions whose work a fall holds (with every balance exercise).
_ON_FEET: Final = (Position.STANDING, Position.WALKING)


def _on_feet(p: Prescription) -> bool:
    return p.exercise.category is Category.BALANCE or p.exercise.position in _ON_FEET


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


def _late_reports(step: _Step, past: Sequence[Decision]) -> list[ExerciseLog]:
    """Sessions a past change rested on whose next-morning pain, reported since, passes the gate.

    The change that set ``changed_on`` cited its evidence; a log cited there
    without next-morning pain that now reports pain above the baseline is a
    late report, and counts as a gate now.
    """
    p = step.p
    if p.changed_on is None:
        return []
    now = {log.key: log for log in step.logs}
    found: dict[tuple[Any, ...], ExerciseLog] = {}
    for decision in past:
        if decision.exercise_id != p.exercise_id or decision.on != p.changed_on:
            continue
        if not decision.is_applied or decision.lever in (HOLD, REVIEW):
            continue
        for cited in decision.evidence:
            log = now.get(cited.key)
            if (
                log is not None
                and cited.pain_next_morning is None
                and log.on < p.changed_on
                and log.pain_next_morning is not None
                and log.pain_next_morning > step.baseline
            ):
                found[log.key] = log
    return [found[key] for key in sorted(found, key=lambda k: log_order(found[k]))]


def _gate_events(step: _Step, past: Sequence[Decision]) -> tuple[ExerciseLog, ...]:
    """The logs that close the gate in this step, each judged once.

    Pain during the exercise and falls count for sessions after the last
    change (the change itself judged the sessions of its day). Next-morning
    pain counts once its morning has come (the session is dated before the
    step), for sessions since the day of the last change, and as a late
    report for the sessions the last change rested on.
    """
    p, on, baseline = step.p, step.on, step.baseline
    since = p.changed_on
    found: list[ExerciseLog] = []
    for log in step.logs:
        after = since is None or log.on > since
        during = log.fell or (log.pain is not None and log.pain > PAIN_LIMIT)
        morning = (
            log.pain_next_morning is not None
            and log.pain_next_morning > baseline
            and log.on < on
            and (since is None or log.on >= since)
        )
        if (after and during) or morning:
            found.append(log)
    found.extend(log for log in _late_reports(step, past) if log not in found)
    return tuple(found)


def _gate_text(step: _Step, log: ExerciseLog) -> str:
    text = gate_reason(log, baseline_pain=step.baseline)
    if not text:  # a late report above the baseline is the only other way in
        text = f"next-morning pain {log.pain_next_morning}/10 after the session on {log.on}"
    if step.p.changed_on is not None and log.on < step.p.changed_on:
        text = f"a late report of {text}, which the change on {step.p.changed_on} rested on"
    return text


def _fall_flag(fall: ExerciseLog, *, elsewhere: bool) -> str:
    side = f" ({fall.side.value} side)" if fall.side else ""
    if elsewhere:
        return (
            f"A fall or near-fall was logged on {fall.on.isoformat()} during {fall.exercise_id}"
            f"{side}: standing and balance work is held until a clinician reviews the plan."
        )
    return f"A fall or near-fall was logged on {fall.on.isoformat()}{side}: review the plan."


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


def _days_at_level(step: _Step) -> int | None:
    """Days the current level has been in force (from the first log if it never changed)."""
    since = step.p.changed_on
    if since is None:
        since = min((log.on for log in step.logs), default=None)
    return None if since is None else (step.on - since).days


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


def _rise_if_allowed(step: _Step, asked: _Asked) -> None:
    """Without a gate: apply the first step down, else the first rise the guarantees allow."""
    p = step.p
    if asked.downs:
        name, proposal = asked.downs[0]
        _apply(step, name, proposal, _with_resets(p, proposal, proposal.reason))
    qualifying = qualifying_days(p, step.logs, baseline_pain=step.baseline, on=step.on)
    for name, proposal in (*asked.downs[1:], *asked.ups):
        why = _why_not(step, asked, len(qualifying))
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


def _flag_falls_elsewhere(step: _Step, falls: Sequence[ExerciseLog]) -> None:
    """A fall during any exercise holds all standing and balance work until a review."""
    if not _on_feet(step.p):
        return
    since = step.p.changed_on
    for fall in falls:
        if fall.exercise_id != step.p.exercise_id and (since is None or fall.on > since):
            step.flag(ENGINE, _fall_flag(fall, elsewhere=True), (fall,))


def _week_key(kind: str, on: dt.date) -> str:
    monday = on - dt.timedelta(days=on.weekday())
    return f"{kind} (week of {monday.isoformat()})"


def _flag_patterns(step: _Step) -> None:
    """Flag a pain trend, repeated flares, a plateau and short single-leg stance, once a week."""
    for finder in (_pain_trend, _flares, _plateau, _short_stance):
        found = finder(step)
        if found is not None:
            kind, text, evidence = found
            key = _week_key(kind, step.on)
            step.flag(ENGINE, f"{key}: {text}", evidence, key=key)


_Found = tuple[str, str, tuple[ExerciseLog, ...]] | None


def _pain_trend(step: _Step) -> _Found:
    weeks = step.limits.pain_trend_weeks
    monday = step.on - dt.timedelta(days=step.on.weekday())
    means: list[float] = []
    evidence: list[ExerciseLog] = []
    for back in range(weeks + 1, 0, -1):
        start = monday - dt.timedelta(days=7 * back)
        week = [
            log
            for log in step.recent
            if start <= log.on < start + dt.timedelta(days=7) and log.pain is not None
        ]
        if not week:
            return None
        means.append(sum(log.pain or 0 for log in week) / len(week))
        evidence.extend(week)
    if not all(a < b for a, b in itertools.pairwise(means)):
        return None
    shown = ", ".join(f"{m:.1f}" for m in means)
    text = (
        f"pain during {step.p.exercise_id} rose week on week for {weeks} weeks (weekly means "
        f"{shown}/10): step down and review the dose."
    )
    return "Pain trend", text, tuple(evidence)


def _trend_this_week(step: _Step) -> _Found:
    """A pain trend not yet acted on this week (no change since this week's Monday)."""
    monday = step.on - dt.timedelta(days=step.on.weekday())
    if step.p.changed_on is not None and step.p.changed_on >= monday:
        return None
    return _pain_trend(step)


def _flares(step: _Step) -> _Found:
    limits = step.limits
    start = step.on - dt.timedelta(days=limits.flare_days)
    flares = [
        log
        for log in step.recent
        if log.on > start
        and (
            log.fell
            or (log.pain is not None and log.pain > PAIN_LIMIT)
            or (
                log.on < step.on
                and log.pain_next_morning is not None
                and log.pain_next_morning > step.baseline
            )
        )
    ]
    days = sorted({log.on for log in flares})
    if len(days) < limits.flares:
        return None
    shown = ", ".join(day.isoformat() for day in days)
    text = (
        f"the pain gate closed on {len(days)} days within {limits.flare_days} days ({shown}): "
        "review the dose and what sets the flares off."
    )
    return "Repeated flares", text, tuple(flares)


def _plateau(step: _Step) -> _Found:
    p, limits = step.p, step.limits
    days = _days_at_level(step)
    if p.current == p.ceiling or days is None or days < limits.plateau_days:
        return None
    recent = tuple(log for log in step.recent if (step.on - log.on).days < 7 and log.sets >= 1)
    if not recent:
        return None  # not exercising: adherence, not a plateau
    text = (
        f"{p.exercise_id} has stayed at one level for {days} days below its ceiling while "
        "being done: review the targets, the technique or the ranges."
    )
    return "Plateau", text, recent


def _short_stance(step: _Step) -> _Found:
    p = step.p
    if p.exercise.category is not Category.BALANCE or p.current.hold_seconds is None:
        return None
    side = step.affected if p.sides is not Sides.TOGETHER else None
    recent = [
        log
        for log in step.recent
        if (step.on - log.on).days < 7 and log.side is side and log.sets >= 1
    ]
    holds = [h for log in recent for h in log.hold_per_set if h is not None]
    need = step.limits.min_stance_seconds
    if not holds or max(holds) >= need:
        return None
    text = (
        f"the best single-leg stance in the last week was {max(holds)} s, under {need} s, "
        "which flags a raised fall risk: review balance work and falls prevention."
    )
    return "Short stance", text, tuple(recent)


def _write_flags(step: _Step) -> None:
    """Add this step's flags to the prescription's review text, each once, as decisions."""
    if not step.reviews:
        return
    review = step.p.review
    for name, text, evidence, key in step.reviews:
        if review is not None and (key in review or _MORE in review):
            continue
        combined = text if review is None else f"{review} {text}"
        if len(combined) > _REVIEW_LIMIT:
            combined = f"{review}{_MORE}"
        review = combined
        step.record(name, REVIEW, Outcome.APPLIED, text, after=review, evidence=evidence)
    step.p = attrs.evolve(step.p, review=review)


def _progress_one(
    step: _Step,
    rules: Sequence[ProgressionRule],
    *,
    past: Sequence[Decision],
    falls: Sequence[ExerciseLog],
) -> tuple[Prescription, list[Decision]]:
    """One prescription through one step, in named stages a clinician can follow."""
    asked = _ask_rules(step, rules)
    gates = _gate_events(step, past)
    _flag_falls_elsewhere(step, falls)
    trend = None if gates or step.p.is_locked else _trend_this_week(step)
    if step.p.is_locked:
        _hold_locked(step, rules, asked, gates)
    elif gates:
        _step_down_after_gate(step, rules, asked, gates)
    elif trend is not None:
        _step_down_after_gate(step, rules, asked, trend[2], why=f"a pain trend: {trend[1]}")
        _flag_patterns(step)
    else:
        _flag_patterns(step)
        step.open_flag = step.open_flag or next((text for _, text, _, _ in step.reviews), None)
        _rise_if_allowed(step, asked)
    if gates or step.p.is_locked:
        _flag_patterns(step)
    _write_flags(step)
    return step.p, step.decisions


def progress(
    routine: Routine,
    history: Iterable[ExerciseLog],
    *,
    on: dt.date,
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
