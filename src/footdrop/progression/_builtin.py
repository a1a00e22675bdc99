"""footdrop's built-in progression rules, each with its source.

The sources are in "The built-in rules" of docs/explanation/clinical-rules.md.

Every rule is an immutable attrs class registered with a tag, so it travels in
a routine's JSON. Parameters default to the values in the clinical notes; each
docstring names the source and its grade (S guideline or meta-analysis, M
position stand or trial, W expert opinion, A footdrop's own assumption).
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import finite, tuple_of, whole
from footdrop.model._decision import Proposal
from footdrop.model._kinds import Category, SupportLevel
from footdrop.model._range import Range
from footdrop.model._rules import register_rule
from footdrop.progression._evidence import (
    COUNT_LEVERS,
    MIN_SESSIONS,
    PAIN_LIMIT,
    SessionDay,
    has_every_side,
    is_complete,
    is_gated,
    is_qualifying,
    met_level,
    session_days,
    since_change,
)
from footdrop.progression._limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from footdrop.model._log import ExerciseLog
    from footdrop.model._routine import Prescription

__all__ = [
    "DEFAULT_RULES",
    "DoubleProgression",
    "HoldAfterMissedDays",
    "HoldProgression",
    "Regression",
    "SessionsPerDayProgression",
    "SupportLadder",
]


def _stages(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


def _check_stages(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    tuple_of(whole(1, 600), "seconds")(inst, attribute, value)
    if list(value) != sorted(set(value)):
        from footdrop.exceptions import InvalidValueError  # noqa: PLC0415 - error path only

        msg = f"'{attribute.name}' must rise strictly (got {list(value)})."
        raise InvalidValueError(msg, field=attribute.name, value=value)


def _days_text(days: Sequence[SessionDay]) -> str:
    return " and ".join(day.isoformat() for day, _ in days)


def _evidence(
    prescription: Prescription, history: Sequence[ExerciseLog], sessions: int, on: dt.date
) -> tuple[SessionDay, ...] | None:
    """The last *sessions* session days since the last change, if all qualify and none gated.

    A gate (pain above 5/10 or a fall) anywhere since the last change means no
    progression, so ``None``. A day whose next morning has not come (dated
    *on*, without a next-morning report) is not judged yet, so it is left
    out; every other day must cover every prescribed side and qualify (pain
    recorded, no gate).
    """
    window = since_change(prescription, history)
    # a rule does not know the person's baseline: next-morning pain above 5/10 is
    # above any baseline that lets progression run; the engine applies the baseline
    if any(is_gated(log, baseline_pain=PAIN_LIMIT) for log in window):
        return None
    days = tuple(
        (day, logs)
        for day, logs in session_days(window)
        if all(is_complete(log, on=on) for log in logs)
    )
    last = days[-sessions:]
    if len(last) < sessions or not all(
        has_every_side(prescription, logs) and is_qualifying(logs, on=on) for _, logs in last
    ):
        return None
    return last


def _count_lever(prescription: Prescription) -> str | None:
    return next((name for name in COUNT_LEVERS if prescription.range_of(name) is not None), None)


def _all_met(prescription: Prescription, days: Sequence[SessionDay], *, hold: bool = True) -> bool:
    count = _count_lever(prescription)
    return all(
        met_level(log, prescription.current, count_lever=count, hold=hold)
        for _, logs in days
        for log in logs
    )


def _step(value: int, fraction: float) -> int:
    return max(1, math.floor(value * fraction))


@final
@register_rule("double-progression")
@attrs.frozen(kw_only=True)
class DoubleProgression:
    """Double progression of reps and sets.

    When every set reached the current reps (or letters, or rounds) on the last
    ``sessions`` qualifying session days since the last change (holds are judged
    by :class:`HoldProgression`, not here), raise the reps
    one step toward the top of the range (a step is ``step_fraction`` of the
    current reps, at least one). At the top of the rep range, add a set and
    drop back to the bottom of the range. For hold-only exercises (single-leg
    stance) the hold plays the part of the reps, but only for adding a set:
    :class:`HoldProgression` raises the hold. Once every prescribed range is at
    its top, propose a clinician's review of a harder variant or band (unless
    every range holds a single value: the clinician fixed the dose).

    Source: ACSM 2009 position stand on progression models (grade M): double
    progression and load steps of 2-10 %; two sessions at the target before a
    step (see :doc:`/explanation/clinical-rules`).

    Args:
        sessions: Session days at the target needed, 2..30.
        step_fraction: The rep step as a fraction of the current reps, 0.01..0.10.

    Example:
        >>> from footdrop.progression import DoubleProgression
        >>> DoubleProgression()
        DoubleProgression(sessions=2, step_fraction=0.1)

    .. versionadded:: 0.1.0
    """

    sessions: int = attrs.field(default=MIN_SESSIONS, validator=whole(MIN_SESSIONS, 30))
    step_fraction: float = attrs.field(default=0.10, validator=finite(0.01, 0.10))

    def propose(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        """Propose the next double-progression step, or ``None``."""
        count = _count_lever(prescription)
        hold_only = count is None and prescription.dose.hold_seconds is not None
        lever = "hold_seconds" if hold_only else count
        if lever is None:
            return None
        days = _evidence(prescription, history, self.sessions, on)
        if days is None or not _all_met(prescription, days, hold=hold_only):
            return None
        current = prescription.current
        value: int = getattr(current, lever)
        allowed = prescription.range_of(lever)
        assert isinstance(allowed, Range)  # noqa: S101 - a count lever's range is a Range
        sets = prescription.dose.sets
        when = _days_text(days)
        unit = "s held" if hold_only else lever
        if value < allowed.max:
            if hold_only:
                return None  # the hold climbs by HoldProgression; sets follow at its top
            new = min(allowed.max, value + _step(value, self.step_fraction))
            reason = (
                f"Every set reached {value} {lever} on {when}: raise {lever} from {value} to "
                f"{new}, one step toward the top of {allowed}."
            )
            return Proposal(lever=lever, value=new, reason=reason)
        if current.sets < sets.max:
            resets = (lever,) if allowed.min < value else ()
            back = f" and drop back to {allowed.min} {unit}" if resets else ""
            reason = (
                f"Every set reached the top of the range ({value} {unit}) on {when}: add a set "
                f"({current.sets} to {current.sets + 1}){back}."
            )
            return Proposal(lever="sets", value=current.sets + 1, resets=resets, reason=reason)
        return _top_review(prescription)


def _describe(prescription: Prescription) -> str:
    level = prescription.current
    parts = [f"{level.sets} set{'s' if level.sets != 1 else ''}"]
    for name in ("reps", "letters", "rounds", "steps"):
        value = getattr(level, name)
        if value is not None:
            parts.append(f"{value} {name}")
    if level.hold_seconds is not None:
        parts.append(f"{level.hold_seconds} s hold")
    if level.support is not None:
        parts.append(f"support {level.support.value}")
    spd = level.sessions_per_day
    parts.append(f"{spd} session{'s' if spd != 1 else ''} a day")
    return ", ".join(parts)


def _top_review(prescription: Prescription) -> Proposal | None:
    """A review at the top of every range, unless the clinician fixed every range to one value."""
    if prescription.current != prescription.ceiling:
        return None
    if prescription.floor == prescription.ceiling:
        return None
    reason = (
        f"Every prescribed range of {prescription.exercise_id} is at its top "
        f"({_describe(prescription)}) and was met twice: review for a harder variant, a "
        "stronger band or new ranges."
    )
    return Proposal.review(reason)


@final
@register_rule("hold-progression")
@attrs.frozen(kw_only=True)
class HoldProgression:
    """Hold-time progression.

    When every set reached the current hold (and the current reps, if any) on
    the last ``sessions`` qualifying session days since the last change, hold
    longer. For balance exercises the hold climbs toward ``balance_stages``
    (a few seconds, then 10 s, then 30 s), otherwise by ``step_fraction`` of
    the current hold, at least ``min_step_seconds``; never past the ceiling,
    and never by more than the default hold step of :class:`Limits` (+5 s or
    +25 %, whichever is less, at least 1 s), so 5 s goes to 6 s, not 10 s.

    Source: balance holds from Otago/PreFIT guidance and Springer 2007 norms
    (grade W); the 10 % step from ACSM 2009 (grade M) (see :doc:`/explanation/clinical-rules`).

    Args:
        sessions: Session days at the target needed, 2..30.
        step_fraction: The step as a fraction of the current hold, 0.01..0.10.
        min_step_seconds: The smallest step, 1..60 s.
        balance_stages: The hold stages of balance exercises, rising, in seconds.

    Example:
        >>> from footdrop.progression import HoldProgression
        >>> HoldProgression().balance_stages
        (10, 30)

    .. versionadded:: 0.1.0
    """

    sessions: int = attrs.field(default=MIN_SESSIONS, validator=whole(MIN_SESSIONS, 30))
    step_fraction: float = attrs.field(default=0.10, validator=finite(0.01, 0.10))
    min_step_seconds: int = attrs.field(default=1, validator=whole(1, 60))
    balance_stages: tuple[int, ...] = attrs.field(
        default=(10, 30), converter=_stages, validator=_check_stages
    )

    def propose(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        """Propose a longer hold, or ``None``."""
        allowed = prescription.dose.hold_seconds
        hold = prescription.current.hold_seconds
        if allowed is None or hold is None or hold >= allowed.max:
            return None
        days = _evidence(prescription, history, self.sessions, on)
        if days is None or not _all_met(prescription, days):
            return None
        if prescription.exercise.category is Category.BALANCE and self.balance_stages:
            new = next((s for s in self.balance_stages if s > hold), allowed.max)
        else:
            new = hold + max(self.min_step_seconds, math.floor(hold * self.step_fraction))
        # never more than the default step limit: +5 s or +25 %, at least 1 s
        new = min(new, allowed.max, hold + DEFAULT_LIMITS.max_rise("hold_seconds", hold))
        reason = (
            f"Every set was held {hold} s on {_days_text(days)}: hold {new} s (range {allowed} s)."
        )
        return Proposal(lever="hold_seconds", value=new, reason=reason)


@final
@register_rule("support-ladder")
@attrs.frozen(kw_only=True)
class SupportLadder:
    """The balance support ladder: two hands, one hand, one finger, no hands, eyes closed.

    Once the hold is at its ceiling and every set reached it at the current
    rung on the last ``sessions`` qualifying session days, move one rung
    harder and drop the hold back to its floor. Eyes-closed stance comes only
    after ``eyes_closed_after_seconds`` of unsupported (no hands) stance on
    those days; at the top of the ladder, propose a clinician's review.

    Source: NIA-style balance guidance (grade W); eyes closed only after 30 s
    unsupported (see :doc:`/explanation/clinical-rules`).

    Args:
        sessions: Session days at the target needed, 2..30.
        eyes_closed_after_seconds: Unsupported hold needed before eyes closed, 1..600 s.

    Example:
        >>> from footdrop.progression import SupportLadder
        >>> SupportLadder().eyes_closed_after_seconds
        30

    .. versionadded:: 0.1.0
    """

    sessions: int = attrs.field(default=MIN_SESSIONS, validator=whole(MIN_SESSIONS, 30))
    eyes_closed_after_seconds: int = attrs.field(default=30, validator=whole(1, 600))

    def propose(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        """Propose the next rung, a review at the top, or ``None``."""
        rungs = prescription.dose.support
        current = prescription.current
        if rungs is None or current.support is None:
            return None
        hold_range = prescription.dose.hold_seconds
        if hold_range is not None and current.hold_seconds != hold_range.max:
            return None
        days = _evidence(prescription, history, self.sessions, on)
        if days is None or not _all_met(prescription, days):
            return None
        when = _days_text(days)
        harder = current.support.harder
        if current.support is rungs.hardest or harder is None:
            return _top_review(prescription)
        if harder is SupportLevel.EYES_CLOSED:
            needed = self.eyes_closed_after_seconds
            best = max(
                (h or 0 for _, logs in days for log in logs for h in log.hold_per_set), default=0
            )
            if best < needed:
                reason = (
                    f"Eyes-closed stance needs {needed} s of unsupported stance first, but the "
                    f"prescribed hold reaches {best} s: review the hold range before eyes closed."
                )
                return Proposal.review(reason)
        resets = ("hold_seconds",) if hold_range is not None and not hold_range.is_single else ()
        back = f" and drop the hold back to {hold_range.min} s" if resets and hold_range else ""
        reason = (
            f"Every hold was met at {current.support.value} on {when}: move to "
            f"{harder.value}{back}."
        )
        return Proposal(lever="support", value=harder, resets=resets, reason=reason)


@final
@register_rule("sessions-per-day")
@attrs.frozen(kw_only=True)
class SessionsPerDayProgression:
    """Sessions-per-day progression inside the timing range.

    Once each session's dose is at its ceiling (sets, reps, hold, support) and
    every session of the day was done at it on the last ``sessions`` qualifying
    session days, add one session a day, up to the top of the timing range
    (ankle eversion and inversion: at most 3 a day).

    Source: the article's "2-3 times a day" as the range (see
    :doc:`/explanation/clinical-rules`);
    raising per-session dose before frequency is footdrop's assumption
    (grade A), so daily volume climbs in the smallest steps first.

    Args:
        sessions: Session days at the target needed, 2..30.

    Example:
        >>> from footdrop.progression import SessionsPerDayProgression
        >>> SessionsPerDayProgression().sessions
        2

    .. versionadded:: 0.1.0
    """

    sessions: int = attrs.field(default=MIN_SESSIONS, validator=whole(MIN_SESSIONS, 30))

    def propose(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        """Propose one more session a day, or ``None``."""
        allowed = prescription.timing.sessions_per_day
        current = prescription.current
        if current.sessions_per_day >= allowed.max:
            return None
        ceiling = prescription.ceiling
        for lever in prescription.levers:
            if lever != "sessions_per_day" and getattr(current, lever) != getattr(ceiling, lever):
                return None
        days = _evidence(prescription, history, self.sessions, on)
        if days is None or not _all_met(prescription, days):
            return None
        for _, logs in days:
            if len({log.session for log in logs}) < current.sessions_per_day:
                return None
        new = current.sessions_per_day + 1
        reason = (
            f"All {current.sessions_per_day} daily sessions were done at the top dose on "
            f"{_days_text(days)}: go to {new} sessions a day (range {allowed})."
        )
        return Proposal(lever="sessions_per_day", value=new, reason=reason)


#: The order in which :class:`Regression` looks for a lever to step down.
STEP_DOWN_ORDER: Final = (
    "support",
    "hold_seconds",
    "reps",
    "letters",
    "rounds",
    "steps",
    "sets",
    "sessions_per_day",
)


@final
@register_rule("regression")
@attrs.frozen(kw_only=True)
class Regression:
    """Step down one level when the pain or fall gate closes.

    The engine calls :meth:`step_down` when a log since the last change shows
    pain above 5/10, next-morning pain above the routine's baseline, or a fall.
    One level is one step of the first lever above its floor in this order:
    support (one rung easier), hold, reps (or letters, rounds, steps), sets,
    then sessions per day; a step is ``step_fraction`` of the current value, at
    least one. :meth:`propose` proposes nothing: this rule acts only through
    the gate.

    Source: the pain-monitoring model (Silbernagel 2007, Thomee 1997; grade
    M/W): pain up to 5/10 allowed, settled by the next morning, else step down
    (see :doc:`/explanation/clinical-rules`).

    Args:
        step_fraction: The step as a fraction of the current value, 0.01..0.10.

    Example:
        >>> from footdrop.progression import Regression
        >>> Regression()
        Regression(step_fraction=0.1)

    .. versionadded:: 0.1.0
    """

    step_fraction: float = attrs.field(default=0.10, validator=finite(0.01, 0.10))

    def propose(
        self,
        prescription: Prescription,  # noqa: ARG002 - the protocol's signature
        history: Sequence[ExerciseLog],  # noqa: ARG002 - the protocol's signature
        *,
        on: dt.date,  # noqa: ARG002 - the protocol's signature
    ) -> Proposal | None:
        """Propose nothing: regressions run through :meth:`step_down` when the gate closes."""
        return None

    def step_down(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],  # noqa: ARG002 - the protocol's signature
        *,
        on: dt.date,  # noqa: ARG002 - the protocol's signature
    ) -> Proposal | None:
        """Propose one level easier, or ``None`` when every lever is at its floor."""
        current = prescription.current
        for lever in STEP_DOWN_ORDER:
            allowed = prescription.range_of(lever)
            value = getattr(current, lever)
            if allowed is None or value is None:
                continue
            if isinstance(value, SupportLevel):
                easier = value.easier
                if value is not allowed.easiest and easier is not None:  # type: ignore[union-attr]
                    reason = f"Step down one rung of support: {value.value} to {easier.value}."
                    return Proposal(lever=lever, value=easier, reason=reason)
                continue
            assert isinstance(allowed, Range)  # noqa: S101 - numeric levers have a Range
            if value > allowed.min:
                new = max(allowed.min, value - _step(value, self.step_fraction))
                reason = f"Step down one level: {lever} {value} to {new}."
                return Proposal(lever=lever, value=new, reason=reason)
        return None


@final
@register_rule("hold-after-missed-days")
@attrs.frozen(kw_only=True)
class HoldAfterMissedDays:
    """Hold the level after missed days: no progression across a break.

    When ``missed_days`` or more due days passed without a logged session,
    between the last two session days or from the last one to the step's date,
    hold the level (for an exercise due fewer than 7 days a week the gap is
    scaled: 3 missed days at 3 days a week is a 7-day gap).

    Source: footdrop's assumption (grade A): deconditioning after a break;
    no source gives a figure, so the default is deliberately cautious.

    Args:
        missed_days: Missed due days that trigger a hold, 1..60.

    Example:
        >>> from footdrop.progression import HoldAfterMissedDays
        >>> HoldAfterMissedDays().missed_days
        3

    .. versionadded:: 0.1.0
    """

    missed_days: int = attrs.field(default=3, validator=whole(1, 60))

    def propose(
        self,
        prescription: Prescription,
        history: Sequence[ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        """Propose a hold after a break, or ``None``."""
        dates = sorted(
            {
                log.on
                for log in history
                if log.exercise_id == prescription.exercise_id and log.sets >= 1
            }
        )
        if not dates:
            return None
        limit = math.ceil(self.missed_days * 7 / prescription.timing.days_per_week)
        points = [*dates[-2:], on]
        for before, after in itertools.pairwise(points):
            missed = (after - before).days - 1
            if missed >= limit:
                reason = (
                    f"No session was logged from {before.isoformat()} to {after.isoformat()} "
                    f"({missed} days): hold the level until sessions are regular again."
                )
                return Proposal.hold(reason)
        return None


#: The rules used when a routine names none, in the order the engine asks them.
DEFAULT_RULES: Final = (
    HoldAfterMissedDays(),
    Regression(),
    DoubleProgression(),
    HoldProgression(),
    SupportLadder(),
    SessionsPerDayProgression(),
)
