"""One day's exercises as a search: sizes, search units and the cached solver.

:class:`DaySolver` holds what stays the same from one date to the next (the
prescriptions, their floors, body positions, loaded muscles) and turns the
exercises due on a date into :class:`~footdrop.scheduling._search.Demand` s for the exact
search in :mod:`footdrop.scheduling._search`. The weekly patterns
(:mod:`footdrop.scheduling._weekly`), the explanations
(:mod:`footdrop.scheduling._explain`) and the scheduler
(:mod:`footdrop.scheduling._scheduler`) all build on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import zoneinfo
from typing import TYPE_CHECKING, Any, Final

import attrs

from footdrop.model._availability import plain_anchor
from footdrop.model._kinds import Position
from footdrop.scheduling._duration import items_for
from footdrop.scheduling._search import (
    Budget,
    Demand,
    Limits,
    Placement,
    solve,
    solve_front,
    spread,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdrop.exceptions import InfeasibilityReason
    from footdrop.model._availability import Availability
    from footdrop.model._dose import Level
    from footdrop.model._plan import PlanItem
    from footdrop.model._routine import Prescription, Routine
    from footdrop.scheduling._duration import DurationModel

__all__ = [
    "EPOCH",
    "GAP_MINUTES",
    "LOADED_GAP_HOURS",
    "SEARCH_STEPS",
    "DaySolver",
    "Infeasible",
    "SharedDays",
    "limits_of",
    "plain_span",
    "plain_week",
]

#: Loaded strength work for the same muscles: hours from one session's start to the
#: next (ACSM FITT-VP; "Strength days" in docs/explanation/clinical-rules.md). Loaded
#: exercises in one session count as one bout.
LOADED_GAP_HOURS: Final = 48

GAP_MINUTES: Final = LOADED_GAP_HOURS * 60
#: The search steps one call of schedule() may take before it stops with
#: ScheduleBudgetError (a step is one node of a day search, or one date the horizon
#: search goes back over).
SEARCH_STEPS: Final = 250_000
EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_POSITION_BIT: Final = {p: 1 << i for i, p in enumerate(Position)}


def limits_of(availability: Availability, durations: DurationModel) -> Limits:
    """The session limits a day search of *availability* with *durations* works within."""
    return Limits(
        max_minutes=availability.max_session_minutes,
        max_sessions=availability.max_sessions_per_day,
        rest=availability.min_rest_minutes,
        change_seconds=durations.position_change_seconds,
    )


class Infeasible(Exception):  # noqa: N818 - internal signal, never leaves the scheduler
    def __init__(self, reasons: Sequence[InfeasibilityReason]) -> None:
        super().__init__("infeasible")
        self.reasons = tuple(reasons)


class _Prepared:
    """What a planner derives from its routine (and, cached, its durations), made once a batch."""

    def __init__(self, routine: Routine) -> None:
        items = routine.items
        self.current = tuple(p.current for p in items)
        self.floor = tuple(
            attrs.evolve(
                p.dose.floor(sessions_per_day=p.timing.sessions_per_day.min),
                support=p.current.support,
            )
            for p in items
        )
        self.bits = tuple(_POSITION_BIT[p.exercise.position] for p in items)
        self.loaded = tuple(p.exercise.is_loaded for p in items)
        muscles = [frozenset(p.exercise.target_muscles) for p in items]
        self.overlaps = tuple(
            frozenset(
                j
                for j, q in enumerate(items)
                if q.exercise.is_loaded and (i == j or muscles[i] & muscles[j])
            )
            if p.exercise.is_loaded
            else frozenset()
            for i, p in enumerate(items)
        )
        self.has_recurrence = any(p.timing.recurrence is not None for p in items)
        #: The weekday indices (Monday 0) each exercise allows.
        self.weekday_sets = tuple(frozenset(d.index for d in p.timing.weekdays) for p in items)
        #: Each exercise's seconds and plan items at each level, filled as planners ask.
        self.seconds: dict[tuple[int, Level], int] = {}
        self.plan_items: dict[tuple[int, Level], tuple[PlanItem, ...]] = {}


class _Solved:
    """Day solutions of one (routine, durations, limits), shared by every planner of a batch.

    Each answer keeps the search steps it took, so a planner that reuses it is
    charged those steps as if it had searched itself (see :meth:`DaySolver.solve_day`);
    :attr:`steps` adds them all up.

    The planner layers above keep their answers here too (:meth:`cache`, by name):
    the highest levels that fit a day, its choices for the horizon search, each
    day's sessions. Those depend only on the day relative to its anchor, never on
    who asks, but reusing one charges no steps; so a plan made with them is the
    lone plan only while its own steps plus :attr:`steps` stay within
    :data:`SEARCH_STEPS` (see :meth:`SharedDays.is_exact`).
    """

    def __init__(self, items: dict[PlanItem, PlanItem], prepared: _Prepared) -> None:
        #: One object per distinct plan item, common to every store of the batch.
        self.items = items
        #: What the routine and durations give every planner.
        self.prepared = prepared
        self.solutions: dict[object, tuple[Placement | None, int]] = {}
        self.fronts: dict[object, tuple[list[Placement], int]] = {}
        #: The steps of every search answered in :attr:`solutions` and :attr:`fronts`.
        self.steps = 0
        self._caches: dict[str, dict[Any, Any]] = {}

    def cache(self, name: str) -> dict[Any, Any]:
        """The planner layers' cache called *name*, empty the first time."""
        return self._caches.setdefault(name, {})


#: How many (routine, durations) objects a SharedDays remembers by identity at most.
_MAX_BY_OBJECT: Final = 256
#: How many routines' prepared values, and distinct plan items, a SharedDays keeps across
#: renewals at most (a long-lived store, such as a Dask worker thread's, meets many).
_MAX_PREPARED: Final = 1024
_MAX_ITEMS: Final = 65_536
#: How many (time zone, Monday) weeks a SharedDays remembers the clocks of at most.
_MAX_WEEKS: Final = 65_536


def plain_week(zone: zoneinfo.ZoneInfo, monday: dt.date) -> int | None:
    """The anchor of *monday* in *zone* if the clocks change on no date of its week.

    ``None`` when they change on one (see
    :func:`~footdrop.model._availability.plain_anchor`).
    """
    found = plain_anchor(zone, monday)
    day = monday
    for _ in range(6):
        if found is None:
            break
        day += dt.timedelta(days=1)
        if plain_anchor(zone, day) is None:
            found = None
    return found


def plain_span(
    availability: Availability,
    zone: zoneinfo.ZoneInfo,
    start: dt.date,
    days: int,
    clocks: SharedDays | None,
) -> int | None:
    """The anchor of the Monday that begins the calendar weeks of a plan, if they are plain.

    The calendar weeks of *days* dates from *start* run from the Monday on or
    before *start* to the Sunday on or after the last date. They are plain when
    the clocks of *zone* change on none of their dates and *availability* skips
    none of them: every date then has its weekday's windows, anchored a whole
    number of days (1,440 minutes each) after that Monday's. ``None`` otherwise.
    *clocks* (a batch's store) remembers each week's answer.
    """
    week = dt.timedelta(days=7)
    monday = start - dt.timedelta(days=start.weekday())
    last = start + dt.timedelta(days=days - 1)
    skipped = availability.skipped_dates
    if skipped:
        sunday = last + dt.timedelta(days=6 - last.weekday())
        if any(monday <= day <= sunday for day in skipped):
            return None
    tz = availability.tz

    def week_anchor(monday: dt.date) -> int | None:
        return plain_week(zone, monday) if clocks is None else clocks.plain_week(tz, zone, monday)

    first = week_anchor(monday)
    if first is None:
        return None
    expected = first
    while (monday := monday + week) <= last:
        expected += 7 * 1440
        if week_anchor(monday) != expected:
            return None
    return first


class SharedDays:
    """Day solutions shared by the planners of one batch call (:mod:`footdrop.batch`).

    A day's solution depends only on the routine, the duration model, the
    session limits of the availability and the day itself (what is due, at which
    levels, its windows and releases relative to its anchor), so planners that
    agree on the first three share one store. A lone :func:`~footdrop.schedule`
    has none and keeps its own caches. Searches answered here are charged to
    each planner's budget as if it had searched itself; the planner layers'
    answers are not (see :class:`_Solved`), so the batch checks every plan with
    :meth:`is_exact` and plans the person alone when it says no.
    """

    def __init__(self) -> None:
        self._stores: dict[object, _Solved] = {}
        self._items: dict[PlanItem, PlanItem] = {}
        self._prepared: dict[object, _Prepared] = {}
        # Each store again by the identity of its routine and durations (kept alive here).
        self._by_object: dict[object, tuple[Routine, DurationModel, _Solved]] = {}
        #: The budget of the planner made last with these stores (``None`` before any).
        self.last_budget: Budget | None = None
        self._plain_weeks: dict[tuple[str, dt.date], int | None] = {}

    def prepared(self, routine: Routine, durations: DurationModel) -> _Prepared:
        """What *routine* with *durations* gives every planner, made once."""
        key = (routine, durations)
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared[key] = _Prepared(routine)  # its seconds depend on durations
        return found

    def store(self, routine: Routine, durations: DurationModel, limits: Limits) -> _Solved:
        """The store of *routine* planned with *durations* under *limits*.

        People of a batch mostly share routine objects: those are found by identity,
        without hashing the whole routine again.
        """
        known = self._by_object.get((id(routine), id(durations), limits))
        if known is not None and known[0] is routine and known[1] is durations:
            return known[2]
        key = (routine, durations, limits)
        found = self._stores.get(key)
        if found is None:
            found = self._stores[key] = _Solved(self._items, self.prepared(routine, durations))
        if len(self._by_object) >= _MAX_BY_OBJECT:  # a long-lived store meets many copies
            self._by_object.clear()
        self._by_object[id(routine), id(durations), limits] = (routine, durations, found)
        return found

    def plain_week(self, tz: str, zone: zoneinfo.ZoneInfo, monday: dt.date) -> int | None:
        """:func:`plain_week` of *zone* (named *tz*), remembered.

        A fact of the time zone, not a search answer: it stays across :meth:`renew`,
        up to :data:`_MAX_WEEKS` weeks.
        """
        key = (tz, monday)
        try:
            return self._plain_weeks[key]
        except KeyError:
            pass
        found = plain_week(zone, monday)
        if len(self._plain_weeks) >= _MAX_WEEKS:
            self._plain_weeks.clear()
        self._plain_weeks[key] = found
        return found

    @property
    def steps(self) -> int:
        """The search steps of every answer held, all stores together."""
        return sum(store.steps for store in self._stores.values())

    def is_exact(self, spent: int) -> bool:
        """Whether a plan that spent *spent* steps with these stores is the lone plan.

        Alone, the person would search at most each day held here, once each, and
        take the same steps back over dates, so while those together stay within
        :data:`SEARCH_STEPS` the lone plan never runs out of budget: it is the
        plan made with the stores.
        """
        return spent + self.steps <= SEARCH_STEPS

    def renew(self) -> None:
        """Forget every search held; durations, plan items and routines' floors stay.

        Those stay only up to :data:`_MAX_PREPARED` routines and :data:`_MAX_ITEMS`
        items, so a store that lives for many batches does not grow without end.
        """
        self._stores.clear()
        self._by_object.clear()
        if len(self._prepared) > _MAX_PREPARED:
            self._prepared.clear()
        if len(self._items) > _MAX_ITEMS:
            self._items.clear()


class DaySolver:
    """Everything that stays the same from one day to the next, and the search caches."""

    def __init__(
        self,
        routine: Routine,
        availability: Availability,
        durations: DurationModel,
        *,
        shared: SharedDays | None = None,
    ) -> None:
        self.routine = routine
        self.availability = availability
        self.durations = durations
        self.zone = zoneinfo.ZoneInfo(availability.tz)
        self.items: tuple[Prescription, ...] = routine.items
        self.limits = limits_of(availability, durations)
        store = shared.store(routine, durations, self.limits) if shared is not None else None
        prepared = store.prepared if store is not None else _Prepared(routine)
        self.current = prepared.current
        self.floor = prepared.floor
        self.bits = prepared.bits
        self.loaded = prepared.loaded
        self.overlaps = prepared.overlaps
        self._has_recurrence = prepared.has_recurrence
        self._prepared = prepared
        self._shared = store
        self._seconds = prepared.seconds
        self._plan_items = prepared.plan_items
        self._solutions: dict[object, Placement | None] = {}
        self._fronts: dict[object, list[Placement]] = {}
        #: The search steps the whole plan may take (see :data:`SEARCH_STEPS`).
        self.budget = Budget(SEARCH_STEPS)
        if shared is not None:
            shared.last_budget = self.budget

    # -- sizes -------------------------------------------------------------------------

    def seconds(self, i: int, level: Level) -> int:
        key = (i, level)
        found = self._seconds.get(key)
        if found is None:
            found = self.durations.estimate(
                self.items[i], level, affected=self.routine.affected
            ).seconds
            self._seconds[key] = found
        return found

    def plan_items(self, i: int, level: Level) -> tuple[PlanItem, ...]:
        key = (i, level)
        found = self._plan_items.get(key)
        if found is None:
            found = items_for(self.items[i], level, affected=self.routine.affected)
            if self._shared is not None:
                common = self._shared.items
                found = tuple(common.setdefault(item, item) for item in found)
            self._plan_items[key] = found
        return found

    def minutes_alone(self, i: int, level: Level) -> int:
        return math.ceil(
            (self.seconds(i, level) + self.limits.change_seconds * self.bits[i].bit_count()) / 60
        )

    # -- one day -------------------------------------------------------------------------

    def groups(self, due: Sequence[int]) -> list[list[int]]:
        """Split *due* into search units: one per exercise, loaded overlapping ones merged."""
        units: list[list[int]] = []
        loaded_units: list[list[int]] = []
        for i in due:
            if not self.loaded[i]:
                units.append([i])
                continue
            joined = [u for u in loaded_units if any(j in self.overlaps[i] for j in u)]
            merged = [i]
            for u in joined:
                merged.extend(u)
                loaded_units.remove(u)
            loaded_units.append(sorted(merged))
        return units + sorted(loaded_units)

    def demands(
        self,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        releases: tuple[tuple[int, int], ...],
        *,
        no_spacing: bool = False,
    ) -> tuple[list[Demand], list[list[int]]] | None:
        """The search demands of *due* at *levels*, and the units they stand for.

        ``None`` when a loaded unit is asked for twice a day (the 48-hour rule
        forbids it whatever the windows).
        """
        units = self.groups(due)
        level_of = dict(zip(due, levels, strict=True))
        release_of = dict(releases)
        demands = []
        for unit in units:
            if len(unit) > 1 or self.loaded[unit[0]]:
                if max(level_of[i].sessions_per_day for i in unit) > 1:
                    return None
                demands.append(
                    Demand(
                        count=1,
                        seconds=sum(self.seconds(i, level_of[i]) for i in unit),
                        positions=functools.reduce(int.__or__, (self.bits[i] for i in unit)),
                        release=max(release_of.get(i, -(10**9)) for i in unit),
                        is_pinned=True,
                    )
                )
            else:
                i = unit[0]
                demands.append(
                    Demand(
                        count=level_of[i].sessions_per_day,
                        seconds=self.seconds(i, level_of[i]),
                        positions=self.bits[i],
                        spacing=0 if no_spacing else self.items[i].timing.min_spacing_minutes,
                    )
                )
        return demands, units

    def solve_day(
        self,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
        limits: Limits | None = None,
        *,
        budget: Budget | None = None,
        no_spacing: bool = False,
    ) -> tuple[Placement | None, list[list[int]]]:
        """The first placement of *due* at *levels* (spread through the day), or ``None``.

        Without a *budget* of its own the search spends the plan's budget and the
        answer is cached.

        The search only sees minutes relative to each other (and rounds to five
        minutes), so a day whose windows and releases are another's moved by a
        multiple of five minutes has that day's answer moved: both are solved as
        the day moved to start within the first five minutes (see :func:`_shift`).
        """
        shift = _shift(pieces)
        if shift:
            found, units = self.solve_day(
                due,
                levels,
                _moved(pieces, -shift),
                tuple((i, r - shift) for i, r in releases),
                limits,
                budget=budget,
                no_spacing=no_spacing,
            )
            return (_placed(found, shift) if found is not None else None), units
        key = (due, levels, pieces, releases, limits, no_spacing)
        own = budget is not None
        if not own and key in self._solutions:
            return self._solutions[key], self.groups(due)
        if not own and self._shared is not None and key in self._shared.solutions:
            known, steps = self._shared.solutions[key]
            self.budget.charge(steps)
            self._solutions[key] = known
            return known, self.groups(due)
        before = self.budget.spent
        built = self.demands(due, levels, releases, no_spacing=no_spacing)
        if built is None:
            return None, self.groups(due)
        demands, units = built
        lim = limits or self.limits
        found = solve(
            demands, pieces, lim, budget=budget if own else self.budget, quick_tries=not own
        )
        if found is not None and not own:
            found = spread(found, demands, pieces, lim)
        if not own:
            self._solutions[key] = found
            if self._shared is not None:
                steps = self.budget.spent - before
                self._shared.solutions[key] = (found, steps)
                self._shared.steps += steps
        return found, units

    def front_day(
        self,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
    ) -> tuple[list[Placement], list[list[int]]]:
        """Every placement of *due* whose loaded starts no other placement beats.

        Each is spread through the day (loaded sessions keep their earliest
        start), sorted by the loaded starts; empty when the day has no placement.
        Like :meth:`solve_day`, a moved day shares the answer of the unmoved one.
        """
        shift = _shift(pieces)
        if shift:
            front, units = self.front_day(
                due, levels, _moved(pieces, -shift), tuple((i, r - shift) for i, r in releases)
            )
            return [_placed(p, shift) for p in front], units
        key = (due, levels, pieces, releases)
        found = self._fronts.get(key)
        if found is not None:
            return found, self.groups(due)
        if self._shared is not None and key in self._shared.fronts:
            found, steps = self._shared.fronts[key]
            self.budget.charge(steps)
            self._fronts[key] = found
            return found, self.groups(due)
        built = self.demands(due, levels, releases)
        if built is None:
            self._fronts[key] = []
            return [], self.groups(due)
        demands, units = built
        before = self.budget.spent
        front = [
            spread(p, demands, pieces, self.limits)
            for p in solve_front(demands, pieces, self.limits, budget=self.budget)
        ]
        self._fronts[key] = front
        if self._shared is not None:
            steps = self.budget.spent - before
            self._shared.fronts[key] = (front, steps)
            self._shared.steps += steps
        return front, units


def _shift(pieces: tuple[tuple[int, int], ...]) -> int:
    """How far *pieces* lie past the first five minutes of their anchor, in whole fives."""
    if not pieces:
        return 0
    first = pieces[0][0]
    return first - first % 5


def _moved(pieces: tuple[tuple[int, int], ...], by: int) -> tuple[tuple[int, int], ...]:
    return tuple((a + by, b + by) for a, b in pieces)


def _placed(placement: Placement, by: int) -> Placement:
    """*placement* with every session moved *by* minutes."""
    return tuple((start + by, length, mask) for start, length, mask in placement)
