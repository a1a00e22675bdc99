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
from typing import TYPE_CHECKING, Any, Final, NamedTuple, final

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


# Choice and PlanDate are named tuples, not attrs classes: the search makes one of
# each per date of every plan, and a tuple is made in a third of the time.
class Choice(NamedTuple):
    """One way to plan one date: its sessions, and where it leaves loaded work."""

    result: DayResult
    loaded: tuple[tuple[int, int], ...]  # (exercise, UTC minute of its session's start)


class PlanDate(NamedTuple):
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


#: A date's choices, as (result, loaded starts relative to the anchor), best first.
Options = list[tuple[DayResult, tuple[tuple[int, int], ...]]]
#: A solved week: each date's choices, and its first choice when that holds no loaded work.
SolvedWeek = tuple[tuple[Options, "Choice | None"], ...]


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
            {} if store is None else store.cache("walks")
        )
        #: Weeks the horizon search went through on first choices (see Horizon).
        self.weeks: dict[object, SolvedWeek] = {} if store is None else store.cache("weeks")
        self._results: dict[object, DayResult] = {} if store is None else store.cache("results")
        self._options: dict[object, list[tuple[DayResult, tuple[tuple[int, int], ...]]]] = (
            {} if store is None else store.cache("options")
        )

    # -- the dates of one weekly pattern --------------------------------------------------

    def dated(self) -> Iterator[PlanDate]:
        """The plan's dates under the current weekly pattern (``due_on``), in order."""
        if self.span is not None and not self._has_recurrence:
            return self._span_dated(self.span)
        return self._week_dated()

    def _span_dated(self, monday: int) -> Iterator[PlanDate]:
        """:meth:`dated` over plain calendar weeks from a Monday anchored at *monday*.

        What :meth:`week` gives such a week: each date its weekday's pattern, no
        moves and no shortfalls (no date is skipped), and a date without a window
        nothing.
        """
        assert self.end is not None  # noqa: S101 - only a plan with an end has a span
        due_on, windows, minutes = self.due_on, self._windows_of, self._minutes_of
        day = self.start
        weekday = day.weekday()
        anchor = monday + 1440 * weekday
        one = dt.timedelta(days=1)
        for _ in range((self.end - day).days):
            if windows[weekday]:
                yield PlanDate(day, due_on[weekday], anchor, minutes[weekday], ())
            else:
                yield PlanDate(day, (), 0, (), ())
            day += one
            anchor += 1440
            weekday = (weekday + 1) % 7

    def _week_dated(self) -> Iterator[PlanDate]:
        """:meth:`dated`, calendar week by calendar week (see :meth:`week`)."""
        loaded_days: dict[int, set[dt.date]] = {}
        loaded_of: dict[tuple[int, ...], tuple[int, ...]] = {}
        day = self.start
        end = self.end
        week_length = dt.timedelta(days=7)
        while end is None or day < end:
            monday = day - dt.timedelta(days=day.weekday())
            week, shortfalls = self.week(monday, loaded_days)
            for date, due_here in week.items():  # Monday to Sunday
                if date < day:
                    continue
                if end is not None and date >= end:
                    return
                at = self.day_at(date)
                due = due_here if at is not None else ()
                anchor, pieces = at if at is not None else (0, ())
                loaded = loaded_of.get(due)
                if loaded is None:
                    loaded = loaded_of[due] = tuple(i for i in due if self.loaded[i])
                for i in loaded:
                    loaded_days.setdefault(i, set()).add(date)
                yield PlanDate(
                    day=date,
                    due=due,
                    anchor=anchor,
                    pieces=pieces,
                    shortfalls=tuple(f for f in shortfalls if f.on == date) if shortfalls else (),
                )
            day = monday + week_length

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

    **Solved weeks.** The search is deterministic: a date's choices depend only on
    what is due, its windows in minutes relative to its anchor, the loaded starts
    that still bind it (relative to its anchor) and whether it binds the next
    dates. So when a calendar week has the same dates, relative to its Monday's
    anchor, as a week the search once went through without going back (every date
    taking its first choice), entered with the same live loaded starts, and no
    later date has failed yet, the search would take the same first choices again:
    :meth:`extend` takes them at once (see :meth:`_week_key`). Nothing else
    changes: going back into such a week works on the same choice lists.
    """

    def __init__(self, planner: HorizonPlanner) -> None:
        self.planner = planner
        self._dates = planner.dated()
        self.dates: list[PlanDate] = []
        self.chosen: list[Choice] = []
        # The loaded starts entering each date: exercise -> (UTC minute, date index).
        self.states: list[dict[int, tuple[int, int]]] = [{}]
        # Each date's choices and the key its failure is remembered by (None: work
        # it out from the date and its state when needed, see _frame_key).
        self.frames: list[tuple[Options, object]] = []
        self.tried: list[int] = []
        self.failed: set[object] = set()
        #: The latest date index of a failed key (-1: none yet).
        self._latest_failure = -1
        #: How many times the search has gone back one date.
        self._backs = 0
        #: The week being recorded: (first date index, its key, backs when it began).
        self._recording: tuple[int, object, int] | None = None
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

    def _live(self, n: int, anchor: int) -> tuple[tuple[int, int], ...]:
        """The loaded starts entering date *n* that can still bind it or later dates."""
        state = self.states[n]
        if not state:
            return ()
        return tuple(
            sorted((j, start) for j, (start, _) in state.items() if start + GAP_MINUTES > anchor)
        )

    def _frame_key(self, n: int) -> object:
        """The key date *n*'s failure is remembered by: its index and live loaded starts."""
        return (n, self._live(n, self.dates[n].anchor))

    def _week_key(self, n: int) -> object | None:
        """What decides the first choices of the calendar week from date *n* (a Monday).

        ``None`` when the week is not whole in the plan, or has no window at all.
        The key holds each date's due exercises, windows and anchor relative to the
        first date with a window (a date without one has nothing to place, and no
        anchor: ``None``), what is due on the three dates after the week (whether
        the week's loaded work binds them), and the live loaded starts relative to
        that first anchor (a start that cannot bind it cannot bind a later date).
        """
        week = [self.date(n + k) for k in range(7 + _REACH)]
        if week[0] is None or week[6] is None:
            return None
        base: int | None = None
        days: list[tuple[tuple[int, ...], tuple[tuple[int, int], ...], int | None]] = []
        for d in week[:7]:
            assert d is not None  # noqa: S101 - the week is whole
            if d.due or d.pieces:
                if base is None:
                    base = d.anchor
                days.append((d.due, d.pieces, d.anchor - base))
            else:
                days.append(((), (), None))
        if base is None:
            return None
        after = tuple(d.due for d in week[7:] if d is not None)
        live = tuple((j, start - base) for j, start in self._live(n, base))
        return (tuple(days), after, live)

    def _replay(self, n: int, week: SolvedWeek) -> None:
        """Take the first choice of each date of a solved week from date *n*."""
        frames, tried, chosen, states = self.frames, self.tried, self.chosen, self.states
        state = states[n]
        for k, (options, choice) in enumerate(week, n):
            frames.append((options, None))
            tried.append(1)
            if choice is not None:  # no loaded work: the same choice wherever the week falls
                chosen.append(choice)
                states.append(state)
                continue
            anchor = self.dates[k].anchor
            absolute = tuple((i, anchor + start) for i, start in options[0][1])
            chosen.append(Choice(options[0][0], absolute))
            state = dict(state)
            for i, start in absolute:
                state[i] = (start, k)
            states.append(state)

    def extend(self, count: int) -> bool:  # noqa: C901, PLR0912, PLR0915 - one loop: forward, a solved week at once, or back
        """Plan the first *count* dates (fewer if the plan ends); ``False`` if they have no plan."""
        planner = self.planner
        budget = planner.budget
        weeks = planner.weeks
        while len(self.chosen) < count:
            n = len(self.chosen)
            date = self.date(n)
            if date is None:
                self.is_done = True
                return True
            recording = self._recording
            if recording is not None and n == recording[0] + 7:
                first, week_key, backs = recording
                if backs == self._backs:
                    weeks[week_key] = tuple(
                        (options, None if choice.loaded else choice)
                        for (options, _), choice in zip(
                            self.frames[first:n], self.chosen[first:n], strict=True
                        )
                    )
                self._recording = None
            state = self.states[n]
            if n == len(self.frames):
                if (
                    date.day.weekday() == 0
                    and self._latest_failure < n
                    and n + 7 <= count
                    and (week_key := self._week_key(n)) is not None
                ):
                    solved = weeks.get(week_key)
                    if solved is not None:
                        self._replay(n, solved)
                        continue
                    self._recording = (n, week_key, self._backs)
                key = self._frame_key(n)
                releases = planner.releases(date, state)
                options: Options = []
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
                self.failed.add(frame_key if frame_key is not None else self._frame_key(n))
                self._latest_failure = max(self._latest_failure, n)
                self._backs += 1
                self._recording = None
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
            self.chosen.append(Choice(result, absolute))
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
