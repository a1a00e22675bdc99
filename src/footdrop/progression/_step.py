"""The working state of one prescription during one progression step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.exceptions import FootdropError
from footdrop.model._decision import REVIEW, Decision, Outcome, level_value
from footdrop.model._kinds import SupportLevel
from footdrop.model._rules import rule_tag

if TYPE_CHECKING:
    import datetime as dt

    from footdrop.model._kinds import Side
    from footdrop.model._log import ExerciseLog
    from footdrop.model._routine import Prescription
    from footdrop.progression._limits import Limits

__all__ = ["ENGINE", "rule_name"]

#: The ``rule`` of decisions the engine makes itself (reviews after a gate).
ENGINE: Final = "engine"


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


def _days_at_level(step: _Step) -> int | None:
    """Days the current level has been in force (from the first log if it never changed)."""
    since = step.p.changed_on
    if since is None:
        since = min((log.on for log in step.logs), default=None)
    return None if since is None else (step.on - since).days
