"""ExerciseLog: what a person did for one exercise on one side on one date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, final

import attrs

from footdrop._validators import (
    check_date,
    check_whole,
    date_only,
    enum_of,
    finite,
    instance_of,
    nearest_ids,
    optional,
    pair_of,
    slug,
    text,
    to_tuple,
    tuple_of,
    whole,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._dose import ExerciseSet
from footdrop.model._kinds import Side, SupportLevel, to_optional_side, to_optional_support
from footdrop.model._plan import Plan

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "PAIN_LOINC",
    "Adherence",
    "BorgCR10",
    "ExerciseLog",
    "Tally",
    "adherence",
    "check_history",
    "log_order",
]

#: LOINC code of the pain severity 0-10 numeric rating scale.
PAIN_LOINC = "72514-3"


def _borg(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        finite(0, 12)(_inst, attribute, value)
    except InvalidValueError:
        msg = (
            f"'{attribute.name}' must be a Borg CR10 score from 0 (nothing at all) to 10 "
            f"(extremely strong), or up to 12 for maximal (got {value})."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value) from None


@final
@attrs.frozen(kw_only=True, order=True)
class BorgCR10:
    """Perceived effort on the Borg CR10 scale (0 nothing at all, 10 extremely strong).

    CR10 is open-ended: values above 10 mean "maximal" and are allowed up to 12.
    It is its own type so it is never mixed with the Borg RPE 6-20 scale or a
    plain 0-10 effort score.

    Example:
        >>> from footdrop import BorgCR10
        >>> BorgCR10(value=4)
        BorgCR10(value=4)

    .. versionadded:: 0.1.0
    """

    value: float = attrs.field(validator=_borg)


def _pain(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_whole(
        attribute.name, value, 0, 10, fix="Pain is a whole number on the 0-10 NRS (LOINC 72514-3)."
    )


@final
@attrs.frozen(kw_only=True)
class ExerciseLog:
    """What was done for one exercise, on one side, on one date.

    ``sets`` and ``reps`` summarise uniform sets; ``set_results`` optionally gives
    every set, so rules such as "every set reached the target" are judged set by set.

    Args:
        on: The date it was done.
        exercise_id: The exercise's id.
        side: The side worked, or ``None`` for exercises done with both legs or no side.
        sets: Sets done, 0..10.
        session: Which session of the day this was, 1..12 (1 by default), for
            exercises done more than once a day.
        reps: Reps done in each set, 0..1000, or ``None`` for holds.
        hold_seconds: Seconds held, 0..3600, or ``None``.
        set_results: Every set done, in order (optional; its length must equal ``sets``).
        support: The balance support used, or ``None``.
        pain: Pain during the exercise, integer NRS 0-10 (LOINC 72514-3), or ``None``.
        pain_next_morning: Pain the next morning, NRS 0-10, or ``None``.
        effort: Perceived effort (Borg CR10), or ``None``.
        fell: Whether a fall or near-fall happened.
        notes: Free text, or ``None``.
        steps: Steps walked each way in every round (for exercises dosed in rounds of
            steps, such as heel and toe walks), 0..1000, or ``None``. Counts that a set
            holds (reps, letters, rounds) go in ``reps``.

    Raises:
        footdrop.exceptions.InvalidValueError: A value is out of range, or
            ``set_results`` disagrees with ``sets``.

    Example:
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog, Side
        >>> log = ExerciseLog(on=dt.date(2026, 11, 24), exercise_id="hip-rotation-slides",
        ...                   side=Side.LEFT, sets=2, reps=12, pain=2)
        >>> log.reps_per_set
        (12, 12)

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=date_only)
    exercise_id: str = attrs.field(validator=slug)
    side: Side | None = attrs.field(converter=to_optional_side, validator=optional(enum_of(Side)))
    sets: int = attrs.field(validator=whole(0, 10))
    session: int = attrs.field(default=1, validator=whole(1, 12))
    reps: int | None = attrs.field(default=None, validator=optional(whole(0, 1000)))
    hold_seconds: int | None = attrs.field(default=None, validator=optional(whole(0, 3600)))
    set_results: tuple[ExerciseSet, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(ExerciseSet, "an ExerciseSet"), "ExerciseSet"),
    )
    support: SupportLevel | None = attrs.field(
        default=None, converter=to_optional_support, validator=optional(enum_of(SupportLevel))
    )
    pain: int | None = attrs.field(default=None, validator=optional(_pain))
    pain_next_morning: int | None = attrs.field(default=None, validator=optional(_pain))
    effort: BorgCR10 | None = attrs.field(
        default=None, validator=optional(instance_of(BorgCR10, "a BorgCR10"))
    )
    fell: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))
    notes: str | None = attrs.field(default=None, validator=optional(text()))
    steps: int | None = attrs.field(default=None, validator=optional(whole(0, 1000)))

    def __attrs_post_init__(self) -> None:
        if self.set_results and len(self.set_results) != self.sets:
            msg = (
                f"'set_results' lists {len(self.set_results)} set(s) but 'sets' is {self.sets}: "
                "make them agree."
            )
            raise InvalidValueError(msg, field="set_results", value=len(self.set_results))

    @property
    def reps_per_set(self) -> tuple[int | None, ...]:
        """The reps of every set, from ``set_results`` if given, else ``reps`` repeated."""
        if self.set_results:
            return tuple(s.reps for s in self.set_results)
        return (self.reps,) * self.sets

    @property
    def hold_per_set(self) -> tuple[int | None, ...]:
        """The hold of every set, from ``set_results`` if given, else ``hold_seconds`` repeated."""
        if self.set_results:
            return tuple(s.hold_seconds for s in self.set_results)
        return (self.hold_seconds,) * self.sets

    @property
    def key(self) -> tuple[dt.date, str, Side | None, int]:
        """What makes a log unique in a history (date, exercise, side and session)."""
        return (self.on, self.exercise_id, self.side, self.session)


def _side_order(side: Side | None) -> str:
    return "" if side is None else side.value


def log_order(log: ExerciseLog) -> tuple[dt.date, str, str, int]:
    """A total order on logs (date, exercise, side, session) for deterministic processing."""
    return (log.on, log.exercise_id, _side_order(log.side), log.session)


def check_history(
    history: Iterable[ExerciseLog],
    *,
    on: dt.date,
    exercise_ids: Iterable[str] | None = None,
) -> tuple[ExerciseLog, ...]:
    """Check a history of logs and return it in a fixed order (date, exercise, side, session).

    Nothing is dropped or merged: a history that breaks a rule is refused
    with an error naming the log (its index in *history*) and the field.

    Args:
        history: The logs.
        on: The date the history is judged on; no log may be dated after it.
        exercise_ids: The exercises the logs may name (any, if not given).

    Returns:
        The logs, sorted.

    Raises:
        footdrop.exceptions.InvalidTypeError: An item is not an :class:`ExerciseLog`.
        footdrop.exceptions.InvalidValueError: A log is dated after *on*, names an
            exercise not in *exercise_ids*, or repeats another log's
            :attr:`ExerciseLog.key` (same date, exercise, side and session).

    Example:
        >>> import datetime as dt
        >>> day = dt.date(2026, 11, 24)
        >>> log = ExerciseLog(on=day, exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        >>> check_history([log, log], on=day)
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'history[1]' repeats history[0] (ankle-eversion on 2026-11-24, session 1): give each session its own 'session' number, or drop the copy.

    .. versionadded:: 0.1.0
    """  # noqa: E501
    check_date("on", on)
    known = None if exercise_ids is None else tuple(exercise_ids)
    known_set = None if known is None else frozenset(known)
    seen: dict[tuple[dt.date, str, Side | None, int], int] = {}
    items: tuple[object, ...] = tuple(history)
    logs: list[ExerciseLog] = []
    for i, log in enumerate(items):
        if not isinstance(log, ExerciseLog):
            msg = f"'history[{i}]' must be an ExerciseLog (got {log!r:.60})."
            raise InvalidTypeError(msg, field=f"history[{i}]", value=log, expected="ExerciseLog")
        logs.append(log)
        if log.on > on:
            msg = (
                f"'history[{i}].on' is {log.on.isoformat()}, after the date judged on "
                f"({on.isoformat()}): logs cannot come from the future; check the date."
            )
            raise InvalidValueError(msg, field=f"history[{i}].on", value=log.on)
        if known_set is not None and log.exercise_id not in known_set:
            hints = nearest_ids(log.exercise_id, known or ())
            hint = f" (did you mean {' or '.join(repr(h) for h in hints)}?)" if hints else ""
            msg = (
                f"'history[{i}].exercise_id' is {log.exercise_id!r}, which is not in the "
                f"routine{hint}: log only prescribed exercises."
            )
            raise InvalidValueError(msg, field=f"history[{i}].exercise_id", value=log.exercise_id)
        first = seen.setdefault(log.key, i)
        if first != i:
            side = f" {log.side.value} side" if log.side else ""
            msg = (
                f"'history[{i}]' repeats history[{first}] ({log.exercise_id}{side} on "
                f"{log.on.isoformat()}, session {log.session}): give each session its own "
                "'session' number, or drop the copy."
            )
            raise InvalidValueError(msg, field=f"history[{i}]", value=log.key)
    return tuple(sorted(logs, key=log_order))


@final
@attrs.frozen(kw_only=True)
class Tally:
    """Planned against done for one slice of a plan (an exercise, a day or a week).

    Counts are of plan items: one exercise, on one side, in one session. A log
    counts as done for the item with the same date, exercise, side and session
    number (the n-th session of the day holding that exercise). Logs beyond
    what was planned are counted in ``extra``, never dropped.

    Args:
        planned: Items planned.
        done: Planned items with a log of at least one set.
        extra: Logs (with at least one set) for items that were not planned.

    Example:
        >>> Tally(planned=4, done=3, extra=1).ratio
        0.75

    .. versionadded:: 0.1.0
    """

    planned: int = attrs.field(default=0, validator=whole(0, 10**9))
    done: int = attrs.field(default=0, validator=whole(0, 10**9))
    extra: int = attrs.field(default=0, validator=whole(0, 10**9))

    def __attrs_post_init__(self) -> None:
        if self.done > self.planned:
            msg = (
                f"'done' ({self.done}) must not exceed 'planned' ({self.planned}): "
                "count unplanned logs in 'extra'."
            )
            raise InvalidValueError(msg, field="done", value=self.done)

    @property
    def missed(self) -> int:
        """Planned items with no log."""
        return self.planned - self.done

    @property
    def ratio(self) -> float | None:
        """``done / planned``, or ``None`` when nothing was planned."""
        return None if self.planned == 0 else self.done / self.planned

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            planned=self.planned + other.planned,
            done=self.done + other.done,
            extra=self.extra + other.extra,
        )


_by_exercise = pair_of(slug, instance_of(Tally, "a Tally"), "exercise id, Tally")
_by_date = pair_of(date_only, instance_of(Tally, "a Tally"), "date, Tally")


def _week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@final
@attrs.frozen(kw_only=True)
class Adherence:
    """Planned against done, per exercise, day and ISO week (weeks start on Monday).

    Build one with :func:`adherence`.

    Args:
        total: The whole plan.
        by_exercise: ``(exercise_id, Tally)`` pairs, in first-planned order.
        by_day: ``(date, Tally)`` pairs, one per plan day, in date order.
        by_week: ``(Monday, Tally)`` pairs, in date order.

    .. versionadded:: 0.1.0
    """

    total: Tally = attrs.field(validator=instance_of(Tally, "a Tally"))
    by_exercise: tuple[tuple[str, Tally], ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(_by_exercise, "(exercise id, Tally) pairs")
    )
    by_day: tuple[tuple[dt.date, Tally], ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(_by_date, "(date, Tally) pairs")
    )
    by_week: tuple[tuple[dt.date, Tally], ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(_by_date, "(Monday, Tally) pairs")
    )

    def exercise(self, exercise_id: str) -> Tally:
        """The tally of one exercise (an empty tally if it was never planned)."""
        return dict(self.by_exercise).get(exercise_id, Tally())

    def day(self, day: dt.date) -> Tally:
        """The tally of one date (an empty tally outside the plan)."""
        return dict(self.by_day).get(day, Tally())

    def week(self, day: dt.date) -> Tally:
        """The tally of the Monday-to-Sunday week holding *day*."""
        return dict(self.by_week).get(_week_of(day), Tally())


def adherence(plan: Plan, logs: Iterable[ExerciseLog]) -> Adherence:  # noqa: C901, PLR0912 - one pass that tallies planned and done per exercise, side and week
    """Compare a plan with what was logged: per exercise, per day and per week.

    An item counts as done when a log with at least one set has the same date,
    exercise, side and session number, where the session number is the n-th
    session of that day holding the exercise (``ExerciseLog.session``).
    A log with ``sets=0`` records a skipped item and counts as not done.

    Args:
        plan: What was planned.
        logs: What was done.

    Returns:
        The tallies.

    Raises:
        footdrop.exceptions.InvalidValueError: A log is dated outside the plan,
            names an exercise the plan never holds, or repeats another log's key.

    Example:
        >>> import datetime as dt, zoneinfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session
        >>> tz = zoneinfo.ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        >>> day = dt.date(2026, 11, 24)
        >>> sessions = [Session(start=dt.datetime(2026, 11, 24, h, tzinfo=tz),
        ...                     end=dt.datetime(2026, 11, 24, h, 10, tzinfo=tz), items=[item])
        ...             for h in (8, 18)]
        >>> plan = Plan(tz="Europe/London", days=[DayPlan(date=day, sessions=sessions)])
        >>> log = ExerciseLog(on=day, exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        >>> adherence(plan, [log]).day(day)
        Tally(planned=2, done=1, extra=0)

    .. versionadded:: 0.1.0
    """
    given: object = plan
    if not isinstance(given, Plan):
        msg = f"'plan' must be a footdrop.Plan (got {given!r:.60})."
        raise InvalidTypeError(msg, field="plan", value=plan, expected="Plan")
    planned: dict[tuple[dt.date, str, Side | None, int], int] = {}
    order: dict[str, None] = {}
    days = tuple(day.date for day in plan.days)
    for day in plan.days:
        session_number: dict[tuple[str, Side | None], int] = {}
        for session in day.sessions:
            in_session: set[tuple[str, Side | None]] = set()
            for item in session.items:
                order.setdefault(item.exercise_id)
                pair = (item.exercise_id, item.side)
                if pair not in in_session:
                    session_number[pair] = session_number.get(pair, 0) + 1
                    in_session.add(pair)
                key = (day.date, item.exercise_id, item.side, session_number[pair])
                planned[key] = planned.get(key, 0) + 1
    if not days:
        checked = tuple(logs)
        if checked:
            msg = "'logs' cannot be compared with a plan that has no days."
            raise InvalidValueError(msg, field="logs", value=len(checked))
        return Adherence(total=Tally(), by_exercise=(), by_day=(), by_week=())
    checked = check_history(logs, on=max(days), exercise_ids=tuple(order))
    first_day, day_set = min(days), frozenset(days)
    done: dict[tuple[dt.date, str, Side | None, int], int] = {}
    for i, log in enumerate(checked):
        if log.on < first_day or log.on not in day_set:
            msg = (
                f"'logs[{i}].on' is {log.on.isoformat()}, a date the plan does not cover "
                f"({first_day.isoformat()} to {max(days).isoformat()}): compare it with a plan "
                "for that date."
            )
            raise InvalidValueError(msg, field=f"logs[{i}].on", value=log.on)
        if log.sets > 0:
            done[log.key] = done.get(log.key, 0) + 1
    per_key: dict[tuple[dt.date, str, Side | None, int], Tally] = {}
    for key in sorted({*planned, *done}, key=lambda k: (k[0], k[1], _side_order(k[2]), k[3])):
        want, got = planned.get(key, 0), done.get(key, 0)
        per_key[key] = Tally(planned=want, done=min(want, got), extra=max(0, got - want))
    by_exercise = {exercise_id: Tally() for exercise_id in order}
    by_day = {day: Tally() for day in sorted(days)}
    by_week: dict[dt.date, Tally] = {}
    for date in sorted(days):
        by_week.setdefault(_week_of(date), Tally())
    total = Tally()
    for key, tally in per_key.items():
        by_exercise[key[1]] += tally
        by_day[key[0]] += tally
        by_week[_week_of(key[0])] += tally
        total += tally
    return Adherence(
        total=total,
        by_exercise=tuple(by_exercise.items()),
        by_day=tuple(by_day.items()),
        by_week=tuple(by_week.items()),
    )
