"""Review flags: falls that hold standing work, pain trends, flares, plateaus, short stance."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Final

import attrs

from footdrop.model._decision import REVIEW, Outcome
from footdrop.model._kinds import Category, Position, Sides
from footdrop.model._log import ExerciseLog
from footdrop.progression._evidence import PAIN_LIMIT
from footdrop.progression._step import ENGINE, _days_at_level

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdrop.model._routine import Prescription
    from footdrop.progression._step import _Step

__all__: list[str] = []

#: The longest review text a prescription holds (``Prescription.review``).
_REVIEW_LIMIT: Final = 1900
#: Appended when further review reasons no longer fit; they stay in the decisions.
_MORE: Final = " Further reasons are in the progression decisions."


#: Positions whose work a fall holds (with every balance exercise).
_ON_FEET: Final = (Position.STANDING, Position.WALKING)


def _on_feet(p: Prescription) -> bool:
    return p.exercise.category is Category.BALANCE or p.exercise.position in _ON_FEET


def _fall_flag(fall: ExerciseLog, *, elsewhere: bool) -> str:
    side = f" ({fall.side.value} side)" if fall.side else ""
    if elsewhere:
        return (
            f"A fall or near-fall was logged on {fall.on.isoformat()} during {fall.exercise_id}"
            f"{side}: standing and balance work is held until a clinician reviews the plan."
        )
    return f"A fall or near-fall was logged on {fall.on.isoformat()}{side}: review the plan."


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
    if p.is_locked or p.current == p.ceiling or days is None or days < limits.plateau_days:
        return None  # a locked level is the clinician's, not a plateau
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
