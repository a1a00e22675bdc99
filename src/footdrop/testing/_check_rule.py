"""check_rule: a contract test for custom progression rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

import attrs
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Flaky

from footdrop.exceptions import FootdropError
from footdrop.model._decision import ACTIONS, hardness, level_value
from footdrop.model._kinds import Side, Sides, SupportLevel
from footdrop.model._log import log_order
from footdrop.model._routine import LEVERS, Prescription, Routine
from footdrop.model._rules import RegressionRule, rule_tag
from footdrop.progression import Outcome, Proposal, progress
from footdrop.progression._evidence import (
    COUNT_LEVERS,
    MIN_SESSIONS,
    PAIN_LIMIT,
    is_gated,
    met_level,
    qualifying_days,
    since_change,
)
from footdrop.progression._limits import DEFAULT_LIMITS
from footdrop.safety import eyes_closed_ready
from footdrop.serialisation import dumps, loads
from footdrop.testing._history import ProgressionCase, progression_cases

if TYPE_CHECKING:
    import datetime as dt

    from footdrop.model._log import ExerciseLog

__all__ = ["check_rule"]


class _BrokenGuaranteeError(AssertionError):
    """One broken guarantee, with the example that shows it."""


def _plain(value: object) -> object:
    return value.value if isinstance(value, SupportLevel) else value


def _describe(p: Prescription) -> str:
    dose = p.dose
    ranges = [
        f"sets {dose.sets}",
        *(f"{n} {p.range_of(n)}" for n in p.levers if n not in ("sets", "sessions_per_day")),
        f"sessions/day {p.timing.sessions_per_day}",
    ]
    level = ", ".join(f"{n}={_plain(getattr(p.current, n))}" for n in p.levers)
    return (
        f"  prescription: {p.exercise_id} ({p.exercise.category.value}), ranges "
        f"{'; '.join(ranges)}\n"
        f"  current: {level}; changed_on={p.changed_on}; is_locked={p.is_locked}"
    )


def _log_line(log: ExerciseLog) -> str:
    parts = [log.on.isoformat(), f"session {log.session}"]
    if log.side:
        parts.append(log.side.value)
    parts.append(f"sets={log.sets}")
    for name in ("reps", "hold_seconds", "pain", "pain_next_morning"):
        value = getattr(log, name)
        if value is not None:
            parts.append(f"{name}={value}")
    if log.support is not None:
        parts.append(f"support={log.support.value}")
    if log.fell:
        parts.append("fell=True")
    return "    - " + " ".join(parts)


def _example(p: Prescription, logs: tuple[ExerciseLog, ...], on: dt.date, got: object) -> str:
    lines = [
        _describe(p),
        f"  on: {on.isoformat()}",
        f"  history ({len(logs)} log(s)):",
        *(_log_line(log) for log in sorted(logs, key=log_order)),
    ]
    lines.append(f"  the rule returned: {got!r}")
    return "\n".join(lines)


def _fail(guarantee: str, detail: str, example: str) -> NoReturn:
    msg = f"broken guarantee: {guarantee}\n{detail}\nMinimal example:\n{example}"
    raise _BrokenGuaranteeError(msg)


def _check_levers(p: Prescription, got: Proposal, example: str) -> None:
    """A proposal moves, and resets, only levers the prescription uses."""
    if got.lever not in p.levers:
        _fail(
            "a proposal moves a lever the prescription uses",
            f"it proposed {got.lever!r}, which {p.exercise_id} does not use.",
            example,
        )
    for name in got.resets:
        if name not in p.levers:
            _fail(
                "a proposal resets only levers the prescription uses",
                f"it reset {name!r}, which {p.exercise_id} does not use.",
                example,
            )


def _check_proposal(
    p: Prescription,
    logs: tuple[ExerciseLog, ...],
    on: dt.date,
    got: object,
    *,
    down: bool,
    routine: Routine,
) -> None:
    example = _example(p, logs, on, got)
    if got is None:
        return
    if not isinstance(got, Proposal):
        _fail(
            "at most one lever per exercise per step",
            f"the rule returned {type(got).__name__}, not one Proposal or None.",
            example,
        )
    if got.lever in ACTIONS:
        if down:
            _fail(
                "a step down makes one lever easier",
                f"step_down returned the action {got.lever!r}.",
                example,
            )
        return
    _check_levers(p, got, example)
    current = level_value(p.current, got.lever)
    assert current is not None  # noqa: S101 - a lever in use has a value
    assert got.value is not None  # noqa: S101 - Proposal guarantees it for levers
    harder = hardness(got.value) > hardness(current)
    if not p.allows(got.lever, got.value):
        where = "ceiling" if harder else "floor"
        _fail(
            f"nothing passes a {where}",
            f"it proposed {got.lever}={got.value!r}, outside {p.range_of(got.lever)}.",
            example,
        )
    if got.value == current:
        _fail(
            "every proposal changes something",
            f"it proposed {got.lever}={got.value!r}, the current value.",
            example,
        )
    if down and harder:
        _fail(
            "a step down makes one lever easier",
            f"step_down proposed {got.lever} {current!r} -> {got.value!r}.",
            example,
        )
    if harder:
        _check_rise(p, logs, on, got, routine=routine, example=example)


def _check_rise(
    p: Prescription,
    logs: tuple[ExerciseLog, ...],
    on: dt.date,
    got: Proposal,
    *,
    routine: Routine,
    example: str,
) -> None:
    """The guarantees of a proposal that makes a lever harder: limits, evidence, target, sides."""
    current = level_value(p.current, got.lever)
    assert current is not None  # noqa: S101 - a lever in use has a value
    assert got.value is not None  # noqa: S101 - Proposal guarantees it for levers
    step = hardness(got.value) - hardness(current)
    rise = DEFAULT_LIMITS.max_rise(got.lever, hardness(current))
    if got.lever == "support" and step > 1:
        _fail(
            "one support rung per step",
            f"it proposed support {_plain(current)} -> {_plain(got.value)}, skipping "
            f"{step - 1} rung(s) of the ladder.",
            example,
        )
    if step > rise:
        _fail(
            "no step further than the limits",
            f"it proposed {got.lever} {current!r} -> {got.value!r}, a rise of {step}, and the "
            f"default limits allow {rise} from {current!r} (footdrop.progression.Limits).",
            example,
        )
    # a rule cannot know the person's baseline, so next-morning pain counts from 5/10 up
    # here; the engine applies the routine's own baseline whatever the rule proposes
    baseline = PAIN_LIMIT
    window = since_change(p, logs)
    gated = [log for log in window if is_gated(log, baseline_pain=baseline)]
    if gated:
        _fail(
            "no progression through pain, next-morning pain or a fall",
            f"it proposed {got.lever} {current!r} -> {got.value!r} although a log since the "
            f"last change shows pain above 5/10, next-morning pain above "
            f"{baseline}/10 or a fall ({gated[0].on.isoformat()}).",
            example,
        )
    days = qualifying_days(p, logs, baseline_pain=baseline, on=on)
    if len(days) < MIN_SESSIONS:
        _fail(
            f"no progression without {MIN_SESSIONS} qualifying session days since the last change",
            f"it proposed {got.lever} {current!r} -> {got.value!r} with {len(days)} qualifying "
            "session day(s) since the last change (a qualifying day records pain, passes the "
            "gate, covers every prescribed side and has had its next morning).",
            example,
        )
    count = next((n for n in COUNT_LEVERS if p.range_of(n) is not None), None)
    with_hold = got.lever in ("hold_seconds", "support", "sessions_per_day")
    missed = [
        log
        for _, day_logs in days[-MIN_SESSIONS:]
        for log in day_logs
        if not met_level(log, p.current, count_lever=count, hold=with_hold)
    ]
    if missed:
        _fail(
            "no progression without the target met",
            f"it proposed {got.lever} {current!r} -> {got.value!r}, but the session on "
            f"{missed[0].on.isoformat()} did not reach the current level.",
            example,
        )
    side = routine.affected if p.sides is not Sides.TOGETHER else None
    if got.value is SupportLevel.EYES_CLOSED and not eyes_closed_ready(
        logs, exercise_id=p.exercise_id, sides=(side,)
    ):
        _fail(
            "eyes-closed stance only after 30 s unsupported",
            "it proposed eyes closed, but no log on the affected side since the last fall "
            "shows 30 s of unsupported stance.",
            example,
        )


def _check_engine(rule: Any, case: ProgressionCase) -> None:
    routine = attrs.evolve(case.routine, rules=(rule,))
    first = progress(routine, case.history, on=case.on)
    summary = "\n".join(_describe(p) for p in routine.items)
    for before, after in zip(routine.items, first.routine.items, strict=True):
        moved = [
            name for name in LEVERS if getattr(before.current, name) != getattr(after.current, name)
        ]
        fell = any(log.fell for log in since_change(before, case.history))
        if before.is_locked and before.current != after.current and not fell:
            _fail("locked prescriptions never change", f"{before.exercise_id} changed.", summary)
        applied = [
            d
            for d in first.decisions
            if d.exercise_id == before.exercise_id
            and d.outcome is Outcome.APPLIED
            and d.lever in LEVERS
        ]
        if len(applied) > 1:
            detail = f"{before.exercise_id}: " + "; ".join(str(d) for d in applied)
            _fail("at most one lever per exercise per step", detail, summary)
        if moved and not applied:
            detail = f"{before.exercise_id} changed {moved} with no applied decision."
            _fail("every change is a Decision", detail, summary)


def _is_frozen(rule: Any) -> bool:
    fields = attrs.fields(type(rule))
    name = fields[0].name if fields else "_check_rule_probe"
    value = getattr(rule, name) if fields else None
    try:
        setattr(rule, name, value)
    except attrs.exceptions.FrozenInstanceError:
        return True
    except AttributeError:  # slotted and without fields: nothing to mutate
        return True
    if not fields:
        delattr(rule, name)
    return False


def _check_shape(rule: object) -> None:
    name = type(rule).__qualname__
    if not attrs.has(type(rule)):
        msg = f"check_rule({name}): a rule must be an attrs class (decorate it with @attrs.frozen)."
        raise AssertionError(msg)
    if not _is_frozen(rule):
        msg = f"check_rule({name}): a rule must be immutable (decorate it with @attrs.frozen)."
        raise AssertionError(msg)
    if not callable(getattr(rule, "propose", None)):
        msg = f"check_rule({name}): a rule needs a propose(prescription, history, *, on) method."
        raise AssertionError(msg)  # noqa: TRY004 - check_rule reports failures as assertions
    try:
        rule_tag(rule)
    except FootdropError as exc:
        msg = f"check_rule({name}): {exc}"
        raise AssertionError(msg) from None
    routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
    routine = attrs.evolve(routine, rules=(rule,))
    back = loads(dumps(routine), Routine)
    if back != routine:
        msg = (
            f"check_rule({name}): the rule does not round-trip through dumps/loads inside a "
            f"Routine (got {back.rules!r}): keep every field a JSON-friendly type."
        )
        raise AssertionError(msg)


def check_rule(rule: object, *, max_examples: int = 200) -> None:
    """Property-test a progression rule against the guarantees footdrop promises.

    The rule must be an immutable, registered attrs class that round-trips
    through JSON inside a :class:`~footdrop.Routine`. Then, for generated
    routines and histories (see
    :func:`footdrop.testing.strategies.progression_cases`), every proposal
    must: be one :class:`~footdrop.progression.Proposal` or ``None`` (one
    lever per step); move a lever the prescription uses; stay inside its
    floor and ceiling; change something; rise by no more than the default
    :class:`~footdrop.progression.Limits` allow (one support rung, 10 % or
    one unit, a bounded hold step); make no progression after pain above
    5/10, next-morning pain above the baseline or a fall since the last
    change, nor with fewer than 2 qualifying session days since it (pain
    recorded, every prescribed side logged, next morning come), nor unless
    every session of the last 2 of those days reached the current level;
    propose eyes-closed stance only after 30 s unsupported on the affected
    side since the last fall; and give the same answer twice. A ``step_down`` method,
    if any, must make one lever easier, never below the floor. Finally the
    engine, with the rule plugged in, is checked end to end.

    The generation is derandomised, so a run is reproducible.

    Args:
        rule: The rule to check.
        max_examples: How many generated cases to try.

    Raises:
        AssertionError: The rule breaks a guarantee; the message names the
            guarantee and shows a minimal example.

    Example:
        >>> from footdrop.progression import DoubleProgression
        >>> from footdrop.testing import check_rule
        >>> check_rule(DoubleProgression(), max_examples=20)

    .. versionadded:: 0.1.0
    """
    _check_shape(rule)
    propose = rule.propose  # type: ignore[attr-defined]
    stepper = rule if isinstance(rule, RegressionRule) else None

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
    )
    @given(progression_cases())
    def contract(case: ProgressionCase) -> None:
        for p in case.routine.items:
            logs = tuple(log for log in case.history if log.exercise_id == p.exercise_id)
            got = propose(p, logs, on=case.on)
            if got != propose(p, logs, on=case.on):
                _fail(
                    "same inputs give the same decisions",
                    "two calls with the same inputs returned different proposals.",
                    _example(p, logs, case.on, got),
                )
            _check_proposal(p, logs, case.on, got, down=False, routine=case.routine)
            if stepper is not None:
                stepped = stepper.step_down(p, logs, on=case.on)
                _check_proposal(p, logs, case.on, stepped, down=True, routine=case.routine)
        _check_engine(rule, case)

    try:
        contract()
    except _BrokenGuaranteeError as exc:
        msg = f"check_rule({rule!r}) failed:\n{exc}"
        raise AssertionError(msg) from None
    except Flaky as exc:
        msg = (
            f"check_rule({rule!r}) failed:\nbroken guarantee: same inputs give the same "
            f"decisions\nthe rule's answers change between runs ({exc})."
        )
        raise AssertionError(msg) from None
