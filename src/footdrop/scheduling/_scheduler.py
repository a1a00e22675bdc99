"""schedule() and iter_schedule(): turn a routine and a person's day into timed sessions.

The scheduler decides every date of the plan together, in real (UTC) minutes: an
exact search per day (see :mod:`footdrop.scheduling._search` for the model and why
it is complete) inside a backtracking search over the dates
(:mod:`footdrop.scheduling._horizon`), for each weekly pattern in turn. Identical
days are solved once and share their immutable items.
``docs/explanation/scheduling.md`` explains the model, the grid, daylight saving,
the 48-hour rule, the horizon search and fallbacks.

The scheduler is split by concept; imports point down this list only:

* ``_scheduler.py`` (this module): checks the arguments, tries the weekly patterns,
  and assembles each date's sessions and fallbacks.
* :mod:`footdrop.scheduling._horizon`: the backtracking search over the dates, each
  date's choices, and the levels stepped down toward their floors.
* :mod:`footdrop.scheduling._weekly`: which exercises fall on which dates and weekdays,
  and moves off skipped dates.
* :mod:`footdrop.scheduling._explain`: why a day cannot be planned (the infeasibility reasons).
* :mod:`footdrop.scheduling._day`: one day's exercises as search demands, with the caches.
* :mod:`footdrop.scheduling._search`: the exact search that places one day's sessions.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TYPE_CHECKING, Any, Final

from footdrop._validators import check_date
from footdrop.exceptions import (
    InfeasibilityReason,
    InfeasibleScheduleError,
    InvalidTypeError,
    InvalidValueError,
    ScheduleBudgetError,
)
from footdrop.model._availability import Availability
from footdrop.model._plan import DayPlan, Fallback, Plan, Session
from footdrop.model._routine import Routine
from footdrop.model._screening import Screening, screened
from footdrop.scheduling._day import (
    EPOCH,
    LOADED_GAP_HOURS,
    SEARCH_STEPS,
    Infeasible,
    SharedDays,
    limits_of,
    plain_span,
)
from footdrop.scheduling._duration import DurationModel
from footdrop.scheduling._explain import diagnose, loaded_gap_reason
from footdrop.scheduling._horizon import Choice, DayResult, Horizon, HorizonPlanner, PlanDate
from footdrop.scheduling._search import BudgetSpent
from footdrop.scheduling._weekly import OPEN_CHECK_DAYS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from footdrop.model._plan import PlanItem

__all__ = ["LOADED_GAP_HOURS", "iter_schedule", "schedule"]


#: The longest plan :func:`schedule` builds, in days (100 years).
MAX_DAYS: Final = 36_600
#: How many plans a batch's store keeps to move to other people's dates (see _relative).
_MAX_MOVED_PLANS: Final = 4096


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


#: Dates the open-ended iterator plans past each date before it hands that date out.
LOOKAHEAD_DAYS: Final = OPEN_CHECK_DAYS - 1


def _budget_error(spent: int, on: dt.date | None) -> ScheduleBudgetError:
    where = f" while planning {on.isoformat()}" if on is not None else ""
    msg = (
        f"the scheduler stopped after {spent:,} search steps{where} without deciding whether "
        "a plan exists (it never guesses 'infeasible'): fewer exercises a day, fewer days or "
        "wider windows bring the search back within its budget."
    )
    return ScheduleBudgetError(msg, nodes=spent, date=on.isoformat() if on else None)


# The scheduler builds sessions and day plans without running their checks again,
# only from what it knows to be valid: aware datetimes from real minutes (end after
# start), tuples of items and sessions it made through the validating constructors.
# Checking them again costs more than building them (docs/performance.md). The
# fields are set through their slots' own descriptors, the quickest way past the
# frozen classes' __setattr__.
_new = object.__new__
_set_start = Session.__dict__["start"].__set__
_set_end = Session.__dict__["end"].__set__
_set_items = Session.__dict__["items"].__set__
_set_date = DayPlan.__dict__["date"].__set__
_set_sessions = DayPlan.__dict__["sessions"].__set__
_set_fallbacks = DayPlan.__dict__["fallbacks"].__set__


def _session(start: dt.datetime, end: dt.datetime, items: tuple[PlanItem, ...]) -> Session:
    """A session of the scheduler's own making, built without its checks (see above)."""
    made: Session = _new(Session)
    _set_start(made, start)
    _set_end(made, end)
    _set_items(made, items)
    return made


def _day(day: dt.date, sessions: tuple[Session, ...], fallbacks: tuple[Fallback, ...]) -> DayPlan:
    """A day plan of the scheduler's own making, built without its checks (see above)."""
    made: DayPlan = _new(DayPlan)
    _set_date(made, day)
    _set_sessions(made, sessions)
    _set_fallbacks(made, fallbacks)
    return made


def _moment(minute: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The aware datetime in *zone* of the UTC *minute* (minutes since 1970-01-01 UTC)."""
    if minute >= 0:
        # The same instant, offset and fold as converting from UTC, three times faster.
        return dt.datetime.fromtimestamp(minute * 60, zone)
    return (EPOCH + dt.timedelta(minutes=minute)).astimezone(zone)


@functools.cache
def _day_minutes() -> tuple[dt.timedelta, ...]:
    """The minutes of a day as timedeltas, made on first use (not at import).

    On a date whose clocks do not change, local midnight plus one of these (wall-clock
    arithmetic, which keeps the zone) is the same datetime, offset and fold as
    converting the UTC minute, for a fraction of the cost.
    """
    return tuple(dt.timedelta(minutes=m) for m in range(1441))


_ONE_DAY: Final = dt.timedelta(days=1)


def _plain_sessions(
    midnight: dt.datetime, result: DayResult, minutes: tuple[dt.timedelta, ...]
) -> tuple[Session, ...]:
    """The sessions of *result* on a date whose clocks do not change, from its *midnight*.

    *minutes* is :func:`_day_minutes`.
    """
    made = []
    for start, length, items, _ in result.sessions:  # the hot path of a plan: _session inlined
        session: Session = _new(Session)
        _set_start(session, midnight + minutes[start])
        _set_end(session, midnight + minutes[start + length])
        _set_items(session, items)
        made.append(session)
    return tuple(made)


def _fallbacks(day: dt.date, result: DayResult) -> tuple[Fallback, ...]:
    """The fallbacks of *result*, on *day*."""
    return tuple(
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


def _dated_day(
    day: dt.date,
    anchor: int,
    result: DayResult,
    shortfalls: tuple[Fallback, ...],
    zone: zoneinfo.ZoneInfo,
    *,
    plain: bool,
) -> DayPlan:
    """The dated sessions and fallbacks of *result* on *day* (anchored at UTC minute *anchor*).

    *plain* says that the clocks of *day* do not change: its session times are then
    its local midnight plus their minutes.
    """
    if not result.sessions:
        sessions: tuple[Session, ...] = ()
    elif plain:
        sessions = _plain_sessions(_moment(anchor, zone), result, _day_minutes())
    else:
        sessions = tuple(
            _session(_moment(anchor + start, zone), _moment(anchor + start + length, zone), items)
            for start, length, items, _ in result.sessions
        )
    if not result.fallbacks:
        return _day(day, sessions, shortfalls)
    return _day(day, sessions, _fallbacks(day, result) + shortfalls)


def _plain_days(
    first: dt.date, midnight: dt.datetime, results: Iterable[DayResult]
) -> tuple[DayPlan, ...]:
    """The day plans of *results*, a date each from *first*, over dates whose clocks never change.

    *midnight* is the local midnight of *first*; each later date's is a day of wall
    clock later (the offset never changes), and no date has a shortfall (none is skipped).
    """
    made = []
    day = first
    one = _ONE_DAY
    minutes = _day_minutes()
    for result in results:
        plan: DayPlan = _new(DayPlan)
        _set_date(plan, day)
        _set_sessions(plan, _plain_sessions(midnight, result, minutes) if result.sessions else ())
        _set_fallbacks(plan, _fallbacks(day, result) if result.fallbacks else ())
        made.append(plan)
        day += one
        midnight += one
    return tuple(made)


class _Planner(HorizonPlanner):
    """A horizon planner that tries the weekly patterns and assembles dated sessions."""

    def start_horizon(self, count: int | None) -> Horizon:
        """The horizon search of the first weekly pattern with a plan for *count* dates.

        An open-ended plan (*count* ``None``) asks only for the first
        :data:`LOOKAHEAD_DAYS` dates to fit before it settles on a pattern.
        """
        first: Horizon | None = None
        want = LOOKAHEAD_DAYS + 1 if count is None else count
        for due_on in self.patterns():
            self.due_on = due_on
            horizon = Horizon(self)
            if horizon.extend(want):
                return horizon
            first = first or horizon
        if first is None:
            raise Infeasible(self.no_pattern_reasons())
        raise Infeasible(self.dead_end_reasons(first))

    def dead_end_reasons(self, horizon: Horizon) -> list[InfeasibilityReason]:
        """Why the latest date the search reached has no plan: its own day, or 48 h."""
        end = horizon.dead_end
        assert end is not None  # noqa: S101 - a failed search always records where
        date = horizon.dates[end.index]
        floors = tuple(self.floor[i] for i in date.due)
        alone, _ = self.solve_day(date.due, floors, date.pieces, ())
        if alone is None or not end.sources:
            return diagnose(
                self,
                due=date.due,
                levels=floors,
                pieces=date.pieces,
                releases=end.releases if alone is not None else (),
                on=date.day,
                anchor=date.anchor,
            )
        reasons = []
        for i, j, source, start in end.sources:
            earlier = horizon.dates[source]
            reasons.append(
                loaded_gap_reason(
                    self,
                    later_id=i,
                    earlier_id=j,
                    earlier_day=earlier.day,
                    earlier_start=start,
                    later_day=date.day,
                    later_anchor=date.anchor,
                    later_pieces=date.pieces,
                    minutes_alone=self.minutes_alone(i, self.floor[i]),
                )
            )
        return reasons

    def day_plan(self, date: PlanDate, choice: Choice) -> DayPlan:
        """The dated sessions and fallbacks of one planned date."""
        day = date.day
        return _dated_day(
            day,
            date.anchor,
            choice.result,
            date.shortfalls,
            self.zone,
            plain=day not in self.changing,
        )

    def solved(self, count: int) -> Horizon:
        """The horizon search that planned the plan's *count* dates, every date together."""
        try:
            return self.start_horizon(count)
        except BudgetSpent:
            raise _budget_error(self.budget.spent, None) from None

    def plan_days(self, horizon: Horizon) -> tuple[DayPlan, ...]:
        """The day plans of a finished horizon search."""
        if self.span is not None:  # every date plain, a day of wall clock apart
            start = self.span + 1440 * self.start.weekday()
            return _plain_days(
                self.start, _moment(start, self.zone), (c.result for c in horizon.chosen)
            )
        return tuple(
            self.day_plan(date, choice)
            for date, choice in zip(horizon.dates, horizon.chosen, strict=True)
        )

    def days(self, horizon: Horizon) -> Iterator[DayPlan]:
        """The dates of an open-ended plan, each planned :data:`LOOKAHEAD_DAYS` ahead."""
        n = 0
        while True:
            try:
                fits = horizon.extend(n + 1 + LOOKAHEAD_DAYS)
            except BudgetSpent:
                raise _budget_error(self.budget.spent, horizon.dates[n].day) from None
            if not fits:
                raise InfeasibleScheduleError(self.dead_end_reasons(horizon))
            yield self.day_plan(horizon.dates[n], horizon.chosen[n])
            n += 1
            horizon.floor = n


@functools.cache
def _default_durations() -> DurationModel:
    """The default duration model, built (and its paces checked) once: it is immutable."""
    return DurationModel()


def _planner(
    routine: object,
    start: object,
    availability: object,
    durations: object,
    horizon: int | None,
    *,
    shared: SharedDays | None = None,
) -> _Planner:
    arguments = _arguments(routine, start, availability, durations)
    return _new_planner(*arguments, horizon=horizon, shared=shared)


def _new_planner(
    routine: Routine,
    start: dt.date,
    availability: Availability,
    durations: DurationModel,
    *,
    horizon: int | None,
    shared: SharedDays | None,
) -> _Planner:
    try:
        return _Planner(routine, availability, durations, start, horizon, shared=shared)
    except Infeasible as error:
        raise InfeasibleScheduleError(error.reasons) from None
    except BudgetSpent:
        raise _budget_error(SEARCH_STEPS, None) from None


def _arguments(
    routine: object, start: object, availability: object, durations: object
) -> tuple[Routine, dt.date, Availability, DurationModel]:
    """The planner's arguments, checked (*durations* ``None``: the default model)."""
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
        durations = _default_durations()
    if not isinstance(durations, DurationModel):
        msg = f"'durations' must be a footdrop.DurationModel or None (got {durations!r:.80})."
        raise InvalidTypeError(msg, field="durations", value=durations, expected="DurationModel")
    return routine, first, availability, durations


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
    return schedule_shared(
        routine,
        start=start,
        days=days,
        availability=availability,
        durations=durations,
        screening=screening,
        shared=None,
    )


def schedule_shared(
    routine: Routine,
    *,
    start: dt.date,
    days: int,
    availability: Availability,
    durations: DurationModel | None,
    screening: Screening | None,
    shared: SharedDays | None,
) -> Plan:
    """:func:`schedule`, reusing the day solutions in *shared* (``None``: none).

    The plan is the same with or without *shared*; :mod:`footdrop.batch` passes one
    store for all the people of a call.
    """
    checked = screened(screening)
    count = _check_days(days)
    arguments = _arguments(routine, start, availability, durations)
    routine, first, availability, durations = arguments
    relative = None if shared is None else _relative(shared, *arguments, count=count)
    plans, key, anchor, zone = relative if relative is not None else ({}, None, 0, None)
    results = plans.get(key)
    if results is not None and zone is not None:
        assert shared is not None  # noqa: S101 - relative plans live in a batch's stores
        shared.last_budget = None  # no search: the plan is the lone plan (see _relative)
        plan_days = _plain_days(first, _moment(anchor, zone), results)
    else:
        planner = _new_planner(*arguments, horizon=count, shared=shared)
        try:
            horizon = planner.solved(count)
        except Infeasible as error:
            raise InfeasibleScheduleError(error.reasons) from None
        plan_days = planner.plan_days(horizon)
        if relative is not None and not any(date.shortfalls for date in horizon.dates):
            if len(plans) >= _MAX_MOVED_PLANS:  # a long-lived store meets many kinds of day
                plans.clear()
            plans[key] = tuple(choice.result for choice in horizon.chosen)
    return Plan(
        tz=availability.tz,
        days=plan_days,
        screening=checked,
        affected=routine.affected,
        availability=availability,
    )


def _relative(
    shared: SharedDays,
    routine: Routine,
    start: dt.date,
    availability: Availability,
    durations: DurationModel,
    *,
    count: int,
) -> tuple[dict[Any, Any], object, int, zoneinfo.ZoneInfo] | None:
    """Where a batch keeps the plans that do not depend on their dates, for this request.

    ``(plans, key, anchor, zone)``: *plans* maps *key* to each date's solved day, and
    *anchor* is the UTC minute of the local midnight starting the plan. ``None`` when
    the plan may depend on its dates.

    A plan is made only of its dates relative to the first: what is due (the
    weekly pattern, from the weekday of the start), each date's windows in minutes
    relative to its anchor, and the anchors relative to each other. When the clocks
    change on no date of the plan's calendar weeks, no date of those weeks is
    skipped and no exercise has a recurrence, every date's windows are the windows
    of its weekday and the anchors are a day (1,440 minutes) apart, whatever the
    zone and the start: so people of one store with the same windows, rest
    weekdays, weekday of the start and number of days have the same plan, moved to
    their own dates (their own first date, zone and fallback wording). The plan is
    kept only once the batch has found it to be the lone plan (a store is renewed
    otherwise), so a moved copy is the lone plan of its person too.
    """
    store = shared.store(routine, durations, limits_of(availability, durations))
    if store.prepared.has_recurrence:
        return None
    zone = zoneinfo.ZoneInfo(availability.tz)
    first = plain_span(availability, zone, start, count, shared)
    if first is None:
        return None
    key = (availability.windows, availability.rest_weekdays, start.weekday(), count)
    return store.cache("relative plans"), key, first + 1440 * start.weekday(), zone


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
    planner = _planner(routine, start, availability, durations, None)
    try:
        horizon = planner.start_horizon(None)
    except Infeasible as error:
        raise InfeasibleScheduleError(error.reasons) from None
    except BudgetSpent:
        raise _budget_error(planner.budget.spent, None) from None
    return planner.days(horizon)
