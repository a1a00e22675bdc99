"""schedule() and iter_schedule(): turn a routine and a person's day into timed sessions.

The scheduler works one date at a time, in real (UTC) minutes, with an exact
search per day (see :mod:`footdrop.scheduling._search` for the model and why it is
complete). Identical days (same exercises due, same levels, same windows) are
solved once and share their immutable items. ``docs/explanation/scheduling.md``
explains the model, the grid, daylight saving, the 48-hour rule and fallbacks.

The scheduler is split by concept; imports point down this list only:

* ``_scheduler.py`` (this module): checks the arguments, steps levels down toward
  their floors, and assembles each date's sessions and fallbacks.
* :mod:`footdrop.scheduling._weekly`: which exercises fall on which weekday, and moves off
  skipped dates.
* :mod:`footdrop.scheduling._explain`: why a day cannot be planned (the infeasibility reasons).
* :mod:`footdrop.scheduling._day`: one day's exercises as search demands, with the caches.
* :mod:`footdrop.scheduling._search`: the exact search that places one day's sessions.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import check_date
from footdrop.exceptions import (
    InfeasibleScheduleError,
    InvalidTypeError,
    InvalidValueError,
)
from footdrop.model._availability import Availability, day_pieces
from footdrop.model._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop.model._routine import Routine
from footdrop.model._screening import Screening, screened
from footdrop.scheduling._day import EPOCH, GAP_MINUTES, LOADED_GAP_HOURS, Infeasible
from footdrop.scheduling._duration import DurationModel
from footdrop.scheduling._explain import diagnose
from footdrop.scheduling._weekly import WeeklyPlanner

if TYPE_CHECKING:
    from collections.abc import Iterator

    from footdrop.model._dose import Level
    from footdrop.model._kinds import Position

__all__ = ["LOADED_GAP_HOURS", "iter_schedule", "schedule"]

#: The levers the scheduler lowers, in this order, when a day cannot hold the current level
#: (not to be confused with footdrop.LEVERS, the levers progression may move).
_FALLBACK_ORDER: Final = (
    "sessions_per_day",
    "sets",
    "reps",
    "hold_seconds",
    "letters",
    "rounds",
    "steps",
)

#: The longest plan :func:`schedule` builds, in days (100 years).
MAX_DAYS: Final = 36_600


def _check_start(start: object) -> dt.date:
    return check_date("start", start)


def _check_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        msg = f"'days' must be a whole number of days such as 28 (got {days!r:.80})."
        raise InvalidTypeError(msg, field="days", value=days, expected="int")
    if not 1 <= days <= MAX_DAYS:
        msg = (
            f"'days' must be within 1..{MAX_DAYS} (got {days}): ask for at least one day, "
            "or use footdrop.iter_schedule() for a plan with no end."
        )
        raise InvalidValueError(msg, field="days", value=days, fix="days=28")
    return days


@final
@attrs.frozen(kw_only=True)
class _DayResult:
    """One solved day, relative to its anchor: shared by every identical day."""

    sessions: tuple[tuple[int, int, tuple[PlanItem, ...], tuple[int, ...]], ...]
    fallbacks: tuple[tuple[str, str, int, int, int], ...]  # id, lever, wanted, planned, floor


class _Planner(WeeklyPlanner):
    """A weekly planner that assembles dated sessions, and caches solved days."""

    def __init__(
        self,
        routine: Routine,
        availability: Availability,
        durations: DurationModel,
        start: dt.date,
        horizon: int | None,
    ) -> None:
        self._days: dict[object, _DayResult] = {}
        super().__init__(routine, availability, durations, start, horizon)

    # -- one day -------------------------------------------------------------------------

    def plan_day(
        self,
        *,
        due: tuple[int, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
        on: dt.date,
        anchor: int,
    ) -> _DayResult:
        key = (due, pieces, releases)
        found = self._days.get(key)
        if found is not None:
            return found
        current = tuple(self.current[i] for i in due)
        placement, units = self.solve_day(due, current, pieces, releases)
        levels = current
        if placement is None:
            floors = tuple(self.floor[i] for i in due)
            placement, units = self.solve_day(due, floors, pieces, releases)
            if placement is None:
                raise Infeasible(
                    diagnose(
                        self,
                        due=due,
                        levels=floors,
                        pieces=pieces,
                        releases=releases,
                        on=on,
                        anchor=anchor,
                    )
                )
            levels = floors
            for lever in _FALLBACK_ORDER:
                for k in range(len(due)):
                    want = getattr(current[k], lever)
                    have = getattr(levels[k], lever)
                    if want is None or want == have:
                        continue
                    for value in range(want, have, -1):
                        change: dict[str, Any] = {lever: value}
                        trial = (
                            *levels[:k],
                            attrs.evolve(levels[k], **change),
                            *levels[k + 1 :],
                        )
                        better, units = self.solve_day(due, trial, pieces, releases)
                        if better is not None:
                            placement, levels = better, trial
                            break
            placement, units = self.solve_day(due, levels, pieces, releases)
        assert placement is not None  # noqa: S101 - the loop above only keeps solvable levels
        fallbacks = []
        for k, i in enumerate(due):
            for lever in _FALLBACK_ORDER:
                want = getattr(current[k], lever)
                planned = getattr(levels[k], lever)
                if want is not None and planned != want:
                    floor = getattr(self.floor[i], lever)
                    fallbacks.append((self.items[i].exercise.id, lever, want, planned, floor))
        result = _DayResult(
            sessions=tuple(
                self.session_parts(
                    start=start, length=length, mask=mask, units=units, due=due, levels=levels
                )
                for start, length, mask in placement
            ),
            fallbacks=tuple(fallbacks),
        )
        self._days[key] = result
        return result

    def session_parts(
        self,
        *,
        start: int,
        length: int,
        mask: int,
        units: list[list[int]],
        due: tuple[int, ...],
        levels: tuple[Level, ...],
    ) -> tuple[int, int, tuple[PlanItem, ...], tuple[int, ...]]:
        members = sorted(i for u, unit in enumerate(units) if mask >> u & 1 for i in unit)
        # Group by body position, positions in the order they first come in the routine.
        first: dict[Position, int] = {}
        for i in members:
            first.setdefault(self.items[i].exercise.position, i)
        members.sort(key=lambda i: (first[self.items[i].exercise.position], i))
        level_of = dict(zip(due, levels, strict=True))
        items = tuple(item for i in members for item in self.plan_items(i, level_of[i]))
        loaded = tuple(i for i in members if self.loaded[i])
        return start, length, items, loaded

    # -- the days --------------------------------------------------------------------------

    def days(self) -> Iterator[DayPlan]:
        availability = self.availability
        last_loaded: dict[int, int] = {}
        loaded_days: dict[int, set[dt.date]] = {}
        day = self.start
        one = dt.timedelta(days=1)
        zone = self.zone
        week: dict[dt.date, tuple[int, ...]] = {}
        shortfalls: tuple[Fallback, ...] = ()
        while True:
            if day not in week:
                week, shortfalls = self.week(day - dt.timedelta(days=day.weekday()), loaded_days)
            windows = availability.windows_on(day)
            due = week[day] if windows else ()
            if not due:
                yield DayPlan(
                    date=day,
                    sessions=(),
                    fallbacks=tuple(f for f in shortfalls if f.on == day),
                )
                day += one
                continue
            anchor, pieces = day_pieces(zone, day, windows)
            releases = []
            first = pieces[0][0] if pieces else 0
            for i in due:
                if self.loaded[i]:
                    bound = max(
                        (
                            last_loaded[j] + GAP_MINUTES
                            for j in self.overlaps[i]
                            if j in last_loaded
                        ),
                        default=None,
                    )
                    if bound is not None and bound - anchor > first:
                        releases.append((i, bound - anchor))
            try:
                result = self.plan_day(
                    due=due, pieces=pieces, releases=tuple(releases), on=day, anchor=anchor
                )
            except Infeasible as error:
                raise InfeasibleScheduleError(error.reasons) from None
            sessions = []
            for start, length, items, loaded in result.sessions:
                begin = (EPOCH + dt.timedelta(minutes=anchor + start)).astimezone(zone)
                end = (EPOCH + dt.timedelta(minutes=anchor + start + length)).astimezone(zone)
                sessions.append(Session(start=begin, end=end, items=items))
                for i in loaded:
                    last_loaded[i] = anchor + start
                    loaded_days.setdefault(i, set()).add(day)
            fallbacks = tuple(
                Fallback(
                    on=day,
                    exercise_id=eid,
                    lever=lever,
                    wanted=want,
                    planned=planned,
                    reason=(
                        f"the windows of {day.isoformat()} cannot hold {lever.replace('_', ' ')} "
                        f"{want} with everything else due: planned {planned} (floor {floor})"
                    ),
                )
                for eid, lever, want, planned, floor in result.fallbacks
            )
            yield DayPlan(
                date=day,
                sessions=tuple(sessions),
                fallbacks=fallbacks + tuple(f for f in shortfalls if f.on == day),
            )
            day += one


def _planner(
    routine: object,
    start: object,
    availability: object,
    durations: object,
    horizon: int | None,
) -> _Planner:
    if not isinstance(routine, Routine):
        msg = (
            f"'routine' must be a footdrop.Routine (got {routine!r:.80}): build one with "
            "footdrop.Routine.from_catalogue(affected=...)."
        )
        raise InvalidTypeError(msg, field="routine", value=routine, expected="Routine")
    if not routine.items:
        msg = "'routine' holds no prescriptions: add at least one exercise."
        raise InvalidValueError(msg, field="routine", value=routine, fix="add a prescription")
    ids = [p.exercise.id for p in routine.items]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        msg = (
            f"'routine' prescribes {', '.join(twice)} more than once: keep one prescription per "
            "exercise and set its sessions per day instead."
        )
        raise InvalidValueError(msg, field="routine", value=twice)
    first = _check_start(start)
    if not isinstance(availability, Availability):
        msg = (
            f"'availability' must be a footdrop.Availability (got {availability!r:.80}): try "
            "Availability.daily(start=time(7, 30), end=time(21, 30), tz='Europe/London')."
        )
        raise InvalidTypeError(
            msg, field="availability", value=availability, expected="Availability"
        )
    if durations is None:
        durations = DurationModel()
    if not isinstance(durations, DurationModel):
        msg = f"'durations' must be a footdrop.DurationModel or None (got {durations!r:.80})."
        raise InvalidTypeError(msg, field="durations", value=durations, expected="DurationModel")
    try:
        return _Planner(routine, availability, durations, first, horizon)
    except Infeasible as error:
        raise InfeasibleScheduleError(error.reasons) from None


def schedule(
    routine: Routine,
    *,
    start: dt.date,
    days: int,
    availability: Availability,
    durations: DurationModel | None = None,
    screening: Screening | None = None,
) -> Plan:
    """Plan *days* dates of *routine* from *start*, within *availability*.

    Every exercise due on a date appears in as many sessions as its current
    level asks (never fewer than its floor), sessions of one exercise are at
    least its spacing apart, sessions lie inside the windows with the rest
    between them, and loaded strength work for the same muscles is at least
    48 hours apart. When a date cannot hold the current level, the scheduler
    steps down toward the floor and records each step as a
    :class:`~footdrop.Fallback`. If no arrangement meets every floor, it says
    why instead. The same inputs always give the same plan.

    Args:
        routine: The prescriptions.
        start: The first local date of the plan.
        days: How many dates to plan, 1..36600.
        availability: When the person can exercise, and the time zone.
        durations: How long items take (:class:`~footdrop.DurationModel` defaults).
        screening: The red-flag screening (:class:`footdrop.safety.Screening`) to plan
            under; it must be complete and clear, and the plan records it. ``None``
            plans "not screened" (``Plan.screening`` is ``None``): the caller then
            answers for screening.

    Returns:
        The plan: one :class:`~footdrop.DayPlan` per date, rest days included.

    Raises:
        footdrop.exceptions.RedFlagError: The screening raises a red flag; nothing is
            planned and ``advice`` holds the urgent-care message.
        footdrop.exceptions.IncompleteScreeningError: The screening leaves a question
            unanswered or is undated.
        footdrop.exceptions.InfeasibleScheduleError: No arrangement meets every floor;
            ``reasons`` says which rule fails, by how much, and what would fit.
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type (a
            datetime as ``start``, text as ``days``, ...).
        footdrop.exceptions.InvalidValueError: ``days`` is out of range.

    Example:
        >>> import datetime as dt
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30),
        ...                                   tz="Europe/London")
        >>> plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=7,
        ...                          availability=day)
        >>> plan.counts(dt.date(2026, 11, 23))["ankle-eversion"]
        2

    .. versionadded:: 0.1.0
    """
    checked = screened(screening)
    count = _check_days(days)
    planner = _planner(routine, start, availability, durations, count)
    plan_days = tuple(itertools.islice(planner.days(), count))
    return Plan(tz=planner.availability.tz, days=plan_days, screening=checked)


def iter_schedule(
    routine: Routine,
    *,
    start: dt.date,
    availability: Availability,
    durations: DurationModel | None = None,
    screening: Screening | None = None,
) -> Iterator[DayPlan]:
    """Plan *routine* day by day from *start*, with no end date.

    The days are made only as you ask for them, by the same rules as
    :func:`schedule`. A finite plan may use its own end (loaded work on its last
    two days, a last week cut short), so the first *n* days of the iterator equal
    ``schedule(..., days=m).days[:n]`` once ``m`` is far enough past ``n`` for the
    plan's end not to matter (a week more is enough unless skipped dates cluster there).
    Bad input and a week that cannot fit are reported at once; a date that
    cannot fit (a clock change, the 48-hour rule) raises when it is reached.

    Args:
        routine: The prescriptions.
        start: The first local date.
        availability: When the person can exercise, and the time zone.
        durations: How long items take (:class:`~footdrop.DurationModel` defaults).
        screening: As for :func:`schedule`: checked at once, before any day is made.

    Returns:
        An endless iterator of :class:`~footdrop.DayPlan`, one per date.

    Raises:
        footdrop.exceptions.RedFlagError: As for :func:`schedule`, at the call.
        footdrop.exceptions.IncompleteScreeningError: As for :func:`schedule`.
        footdrop.exceptions.InfeasibleScheduleError: As for :func:`schedule`.
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.

    Example:
        >>> import datetime as dt, itertools
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30),
        ...                                   tz="Europe/London")
        >>> days = footdrop.iter_schedule(routine, start=dt.date(2026, 11, 23), availability=day)
        >>> [d.date.isoformat() for d in itertools.islice(days, 2)]
        ['2026-11-23', '2026-11-24']

    .. versionadded:: 0.1.0
    """
    screened(screening)
    return _planner(routine, start, availability, durations, None).days()
