"""The progression gate: which logs close it in a step, each judged once, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from footdrop.model._decision import HOLD, REVIEW, Decision
from footdrop.model._log import ExerciseLog, log_order
from footdrop.progression._evidence import PAIN_LIMIT, gate_reason

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdrop.progression._step import _Step

__all__: list[str] = []


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
