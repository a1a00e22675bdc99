"""The horizon search: every date of the plan decided together, with backtracking.

Dates are coupled only by the 48-hour rule for loaded work (and, through the
weekly patterns, by which exercises are due; :mod:`footdrop.scheduling._scheduler`
tries the patterns one after another). So the search walks the dates in order
and, for each date, offers a short list of :class:`Choice` s:

* a date with no loaded work, or whose loaded work cannot reach any later loaded
  work of the same muscles (none due in the next three dates), has one choice:
  the day search's plan at the highest levels that fit;
* a date with loaded work that a later date may have to wait for offers every
  placement whose loaded starts no other placement beats (each loaded group
  starts no later), first at the levels that fit and then at the floors. Later
  dates only ever ask loaded work to have started early enough, so a placement
  that another beats can never help: these choices are all a later date could
  want of this one.

When a date has no choice left, the search goes back to the latest date with an
untried choice. A (date, loaded starts that still matter) pair that failed once
is not tried again. The search is therefore exhaustive over everything a later
date can tell apart, and finds a plan whenever the dates have one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop.scheduling._day import GAP_MINUTES
from footdrop.scheduling._search import dominates
from footdrop.scheduling._weekly import WeeklyPlanner

if TYPE_CHECKING:
    from collections.abc import Iterator

    from footdrop.model._availability import Availability
    from footdrop.model._dose import Level
    from footdrop.model._kinds import Position
    from footdrop.model._plan import Fallback, PlanItem
    from footdrop.model._routine import Routine
    from footdrop.scheduling._day import SharedDays
    from footdrop.scheduling._duration import DurationModel
    from footdrop.scheduling._search import Placement

__all__ = [
    "FALLBACK_ORDER",
    "Choice",
    "DayResult",
    "DeadEnd",
    "Horizon",
    "HorizonPlanner",
    "PlanDate",
]

#: The levers the scheduler lowers, in this order, when a day cannot hold the current level
#: (not to be confused with footdrop.LEVERS, the levers progression may move).
FALLBACK_ORDER: Final = (
    "sessions_per_day",
    "sets",
    "reps",
    "hold_seconds",
    "letters",
    "rounds",
    "steps",
)

#: How many dates ahead a loaded session can still bind (48 h plus a clock change).
_REACH: Final = 3


@final
@attrs.frozen(kw_only=True)
class DayResult:
    """One solved day, relative to its anchor: shared by every identical day."""

    sessions: tuple[tuple[int, int, tuple[PlanItem, ...], tuple[int, ...]], ...]
    fallbacks: tuple[tuple[str, str, int, int, int], ...]  # id, lever, wanted, planned, floor


_EMPTY: Final = DayResult(sessions=(), fallbacks=())


@final
@attrs.frozen(kw_only=True)
class Choice:
    """One way to plan one date: its sessions, and where it leaves loaded work."""

    result: DayResult
    loaded: tuple[tuple[int, int], ...]  # (exercise, UTC minute of its session's start)


@final
@attrs.frozen(kw_only=True)
class PlanDate:
    """One date of the plan: what is due, and its windows in real minutes."""

    day: dt.date
    due: tuple[int, ...]
    anchor: int
    pieces: tuple[tuple[int, int], ...]
    shortfalls: tuple[Fallback, ...]


@final
@attrs.frozen(kw_only=True)
class DeadEnd:
    """The latest date the search could not plan, and what earlier dates asked of it."""

    index: int
    releases: tuple[tuple[int, int], ...]  # (exercise, minute relative to the anchor)
    #: (exercise, the loaded exercise it waits for, that one's date index and UTC start minute)
    sources: tuple[tuple[int, int, int, int], ...]


class HorizonPlanner(WeeklyPlanner):
    """A weekly planner that can plan a date in every way a later date may need."""

    def __init__(
        self,
        routine: Routine,
        availability: Availability,
        durations: DurationModel,
        start: dt.date,
        horizon: int | None,
        *,
        shared: SharedDays | None = None,
    ) -> None:
        super().__init__(routine, availability, durations, start, horizon, shared=shared)
        # In a batch these are shared by the planners of one store (see SharedDays.is_exact).
        store = self._shared
        self._walks: dict[object, tuple[tuple[Level, ...], Placement] | None] = (
            store.cache("walks") if store is not None else {}
        )
        self._results: dict[object, DayResult] = {} if store is None else store.cache("results")
        self._options: dict[object, list[tuple[DayResult, tuple[tuple[int, int], ...]]]] = (
            store.cache("options") if store is not None else {}
        )

    # -- the dates of one weekly pattern --------------------------------------------------

    def dated(self) -> Iterator[PlanDate]:
        """The plan's dates under the current weekly pattern (``due_on``), in order."""
        loaded_days: dict[int, set[dt.date]] = {}
        day = self.start
        one = dt.timedelta(days=1)
        week: dict[dt.date, tuple[int, ...]] = {}
        shortfalls: tuple[Fallback, ...] = ()
        while self.end is None or day < self.end:
            if day not in week:
                week, shortfalls = self.week(day - dt.timedelta(days=day.weekday()), loaded_days)
            at = self.day_at(day)
            due = week[day] if at is not None else ()
            anchor, pieces = at if at is not None else (0, ())
            for i in due:
                if self.loaded[i]:
                    loaded_days.setdefault(i, set()).add(day)
            yield PlanDate(
                day=day,
                due=due,
                anchor=anchor,
                pieces=pieces,
                shortfalls=tuple(f for f in shortfalls if f.on == day),
            )
            day += one

    # -- one date ---------------------------------------------------------------------------

    def walk_levels(
        self,
        due: tuple[int, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
    ) -> tuple[tuple[Level, ...], Placement] | None:
        """The highest levels that fit the day, with a placement; ``None`` if even floors fail.

        The current level when it fits; otherwise the floors, then one lever at a
        time raised back toward the current level, keeping each raise that fits.
        """
        key = (due, pieces, releases)
        if key in self._walks:
            return self._walks[key]
        current = tuple(self.current[i] for i in due)
        placement, _ = self.solve_day(due, current, pieces, releases)
        levels = current
        if placement is None:
            levels = tuple(self.floor[i] for i in due)
            placement, _ = self.solve_day(due, levels, pieces, releases)
            if placement is None:
                self._walks[key] = None
                return None
            for lever in FALLBACK_ORDER:
                for k in range(len(due)):
                    want = getattr(current[k], lever)
                    have = getattr(levels[k], lever)
                    if want is None or want == have:
                        continue
                    for value in range(want, have, -1):
                        change: dict[str, Any] = {lever: value}
                        trial = (*levels[:k], attrs.evolve(levels[k], **change), *levels[k + 1 :])
                        better, _ = self.solve_day(due, trial, pieces, releases)
                        if better is not None:
                            placement, levels = better, trial
                            break
        found = (levels, placement)
        self._walks[key] = found
        return found

    def result_of(
        self, due: tuple[int, ...], levels: tuple[Level, ...], placement: Placement
    ) -> DayResult:
        """The sessions (with shared items) and fallbacks of one placement of *due*."""
        key = (due, levels, placement)
        found = self._results.get(key)
        if found is not None:
            return found
        units = self.groups(due)
        fallbacks = []
        for k, i in enumerate(due):
            for lever in FALLBACK_ORDER:
                want = getattr(self.current[i], lever)
                planned = getattr(levels[k], lever)
                if want is not None and planned != want:
                    floor = getattr(self.floor[i], lever)
                    fallbacks.append((self.items[i].exercise.id, lever, want, planned, floor))
        found = DayResult(
            sessions=tuple(
                (start, length, *self.session_items(mask, units, due, levels))
                for start, length, mask in placement
            ),
            fallbacks=tuple(fallbacks),
        )
        self._results[key] = found
        return found

    def session_items(
        self,
        mask: int,
        units: list[list[int]],
        due: tuple[int, ...],
        levels: tuple[Level, ...],
    ) -> tuple[tuple[PlanItem, ...], tuple[int, ...]]:
        """A session's items, grouped by body position, and its loaded exercises."""
        members = sorted(i for u, unit in enumerate(units) if mask >> u & 1 for i in unit)
        # Group by body position, positions in the order they first come in the routine.
        first: dict[Position, int] = {}
        for i in members:
            first.setdefault(self.items[i].exercise.position, i)
        members.sort(key=lambda i: (first[self.items[i].exercise.position], i))
        level_of = dict(zip(due, levels, strict=True))
        items = tuple(item for i in members for item in self.plan_items(i, level_of[i]))
        loaded = tuple(i for i in members if self.loaded[i])
        return items, loaded

    def options(
        self,
        date: PlanDate,
        releases: tuple[tuple[int, int], ...],
        *,
        binds_later: bool,
    ) -> list[tuple[DayResult, tuple[tuple[int, int], ...]]]:
        """Every way to plan *date* a later date could tell apart, best first.

        Each is (result, loaded starts relative to the anchor). Empty when the
        date has no plan under *releases*.
        """
        due = date.due
        if not due:
            return [(_EMPTY, ())]
        key = (due, date.pieces, releases, binds_later)
        found = self._options.get(key)
        if found is not None:
            return found
        walk = self.walk_levels(due, date.pieces, releases)
        found = []
        if walk is not None:
            levels, placement = walk
            if not binds_later:
                found.append(self._option(due, levels, placement))
            else:
                floors = tuple(self.floor[i] for i in due)
                for tried in (levels, floors) if levels != floors else (levels,):
                    for p in self.front_day(due, tried, date.pieces, releases)[0]:
                        option = self._option(due, tried, p)
                        starts = tuple(start for _, start in option[1])
                        if not any(
                            dominates(tuple(start for _, start in kept[1]), starts)
                            for kept in found
                        ):
                            found.append(option)
        self._options[key] = found
        return found

    def _option(
        self, due: tuple[int, ...], levels: tuple[Level, ...], placement: Placement
    ) -> tuple[DayResult, tuple[tuple[int, int], ...]]:
        result = self.result_of(due, levels, placement)
        loaded = tuple(
            sorted((i, start) for start, _, _, members in result.sessions for i in members)
        )
        return result, loaded

    def releases(
        self, date: PlanDate, last: dict[int, tuple[int, int]]
    ) -> tuple[tuple[int, int], ...]:
        """The earliest start of each loaded exercise due on *date*, where it binds."""
        releases = []
        first = date.pieces[0][0] if date.pieces else 0
        for i in date.due:
            if self.loaded[i]:
                bound = max(
                    (last[j][0] + GAP_MINUTES for j in self.overlaps[i] if j in last),
                    default=None,
                )
                if bound is not None and bound - date.anchor > first:
                    releases.append((i, bound - date.anchor))
        return tuple(releases)

    def reaches(self, date: PlanDate, later: list[PlanDate]) -> bool:
        """Whether loaded work on *date* may bind loaded work of *later* dates."""
        mine = [i for i in date.due if self.loaded[i]]
        return any(j in self.overlaps[i] for i in mine for other in later for j in other.due)


class Horizon:
    """The backtracking search over the dates of one weekly pattern.

    :meth:`extend` plans dates until it has as many as asked for (or the plan
    ends); dates before :attr:`floor` are kept as they are (an open-ended plan
    has already handed them out).
    """

    def __init__(self, planner: HorizonPlanner) -> None:
        self.planner = planner
        self._dates = planner.dated()
        self.dates: list[PlanDate] = []
        self.chosen: list[Choice] = []
        # The loaded starts entering each date: exercise -> (UTC minute, date index).
        self.states: list[dict[int, tuple[int, int]]] = [{}]
        self.frames: list[tuple[list[tuple[DayResult, tuple[tuple[int, int], ...]]], object]] = []
        self.tried: list[int] = []
        self.failed: set[object] = set()
        self.floor = 0
        self.dead_end: DeadEnd | None = None
        self.is_done = False

    def date(self, n: int) -> PlanDate | None:
        """The plan's *n*-th date, or ``None`` past its end."""
        while len(self.dates) <= n:
            following = next(self._dates, None)
            if following is None:
                return None
            self.dates.append(following)
        return self.dates[n]

    def extend(self, count: int) -> bool:
        """Plan the first *count* dates (fewer if the plan ends); ``False`` if they have no plan."""
        planner = self.planner
        budget = planner.budget
        while len(self.chosen) < count:
            n = len(self.chosen)
            date = self.date(n)
            if date is None:
                self.is_done = True
                return True
            state = self.states[n]
            if n == len(self.frames):
                live = (
                    ()
                    if not state
                    else tuple(
                        sorted(
                            (j, start)
                            for j, (start, _) in state.items()
                            if start + GAP_MINUTES > date.anchor
                        )
                    )
                )
                key = (n, live)
                releases = planner.releases(date, state)
                options: list[tuple[DayResult, tuple[tuple[int, int], ...]]] = []
                if key not in self.failed:
                    binds = any(planner.loaded[i] for i in date.due) and planner.reaches(
                        date,
                        [d for k in range(1, _REACH + 1) if (d := self.date(n + k)) is not None],
                    )
                    options = planner.options(date, releases, binds_later=binds)
                    if not options:
                        self._note_dead_end(n, releases, state)
                self.frames.append((options, key))
                self.tried.append(0)
            options, frame_key = self.frames[n]
            if self.tried[n] == len(options):
                budget.spend()
                self.failed.add(frame_key)
                self.frames.pop()
                self.tried.pop()
                if n <= self.floor:
                    return False
                self.chosen.pop()
                self.states.pop()
                continue
            result, loaded = options[self.tried[n]]
            self.tried[n] += 1
            absolute = tuple((i, date.anchor + start) for i, start in loaded)
            self.chosen.append(Choice(result=result, loaded=absolute))
            if absolute:
                after = dict(state)
                for i, start in absolute:
                    after[i] = (start, n)
                self.states.append(after)
            else:
                self.states.append(state)
        return True

    def _note_dead_end(
        self,
        n: int,
        releases: tuple[tuple[int, int], ...],
        state: dict[int, tuple[int, int]],
    ) -> None:
        if self.dead_end is not None and self.dead_end.index > n:
            return
        planner = self.planner
        sources = []
        date = self.dates[n]
        for i, release in releases:
            for j in sorted(planner.overlaps[i]):
                if j in state and state[j][0] + GAP_MINUTES == date.anchor + release:
                    sources.append((i, j, state[j][1], state[j][0]))
                    break
        self.dead_end = DeadEnd(index=n, releases=releases, sources=tuple(sources))
