"""Which exercises fall on which weekday: the weekly pattern and its weeks.

:meth:`WeeklyPlanner.may_schedule` is the one place that says on which dates an
exercise may fall at all. An exercise done on fewer days a week than it allows
gets one of its evenly spread weekday patterns; :meth:`WeeklyPlanner.patterns`
offers every choice of patterns not provably without a plan (checked on the
plan's own dates, in real minutes), in order of preference.
:meth:`WeeklyPlanner.week` then lays the chosen patterns on one calendar week,
moving an exercise off a skipped date when it can and recording a
``days_per_week`` fallback when it cannot.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, Final

from footdrop.exceptions import InfeasibilityReason
from footdrop.model._availability import (
    day_pieces,
    plain_anchor,
    weekday_windows,
    window_minutes,
)
from footdrop.model._kinds import Weekday
from footdrop.model._plan import Fallback
from footdrop.scheduling._day import GAP_MINUTES, DaySolver, Infeasible, plain_span
from footdrop.scheduling._explain import adjacent_reason, diagnose

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from footdrop.model._availability import Availability, Window
    from footdrop.model._dose import Timing
    from footdrop.model._routine import Routine
    from footdrop.scheduling._day import SharedDays
    from footdrop.scheduling._duration import DurationModel

__all__ = ["OPEN_CHECK_DAYS", "WeeklyPlanner"]

#: The dates of an open-ended plan its weekly patterns are checked on before it starts.
OPEN_CHECK_DAYS: Final = 15
_DAYS: Final = tuple(dt.timedelta(days=k) for k in range(7))


class WeeklyPlanner(DaySolver):
    """A day solver that also knows which exercises are due on each weekday."""

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
        super().__init__(routine, availability, durations, shared=shared)
        self.start = start
        self._tz = availability.tz
        self._clocks = shared
        #: The weekday indices (Monday 0) each exercise allows.
        self._weekday_sets = self._prepared.weekday_sets
        # In a batch, people with the same windows and rest weekdays share their weekdays.
        if self._shared is None:
            weekdays = _open_weekdays(availability)
        else:
            known_weekdays = self._shared.cache("weekdays")
            key = (availability.windows, availability.rest_weekdays)
            if key not in known_weekdays:
                known_weekdays[key] = _open_weekdays(availability)
            weekdays = known_weekdays[key]
        # What Availability.windows_on gives each weekday (skipped dates aside), and
        # those windows in minutes: a date without a clock change needs only its anchor.
        self.usable, self._windows_of, self._minutes_of = weekdays
        self.due_on_fixed: tuple[tuple[int, ...], ...] = ()
        self.end = start + dt.timedelta(days=horizon) if horizon is not None else None
        self._open: dict[dt.date, tuple[int, tuple[tuple[int, int], ...]] | None] = {}
        #: The dates with a window whose clocks change (met so far by :meth:`day_at`).
        self.changing: set[dt.date] = set()
        self._skipped = frozenset(availability.skipped_dates)
        #: The anchor of the first calendar Monday when the plan's calendar weeks are
        #: plain (see plain_span): every date is then its weekday's windows, a whole
        #: number of days on. ``None`` otherwise, and for an open-ended plan.
        self.span = (
            None if horizon is None else plain_span(availability, self.zone, start, horizon, shared)
        )
        if self.span is None:
            self.plain, self._first_plain = self._plain_dates()
        else:
            self.plain, self._first_plain = self._plain_span_dates(self.span)
        self.next_day_pairs = (
            self._next_day_pairs() if self.span is None else self._span_day_pairs()
        )
        self.weekly: tuple[int, ...] = ()
        self._fixed: list[set[int]] = [set() for _ in range(7)]
        self._choosers: list[tuple[int, list[frozenset[int]]]] = []
        # In a batch, planners whose plain dates agree share the prepared patterns and the
        # plain-date checks (see plain_checks); a lone planner, or a routine with a
        # recurrence (what falls on a date then depends on the date), keeps its own.
        store = self._shared
        self._weekday_pieces: tuple[tuple[tuple[tuple[int, int], ...], ...], ...] | None = None
        known: dict[Any, Any] = {}
        self._checks: dict[Any, Any] = {}
        if store is not None and not self._has_recurrence:
            self._weekday_pieces = pieces = (
                tuple(
                    tuple(
                        dict.fromkeys(at[1] for day in days if (at := self.day_at(day)) is not None)
                    )
                    for days in self._first_plain
                )
                if self.span is None
                else tuple(
                    (self._minutes_of[k],) if days else ()
                    for k, days in enumerate(self._first_plain)
                )
            )
            self._checks = store.cache("plain checks")
            calendars = store.cache("calendars")
            known = calendars.setdefault((self.usable, self.next_day_pairs, pieces), {})
        #: What the weekly patterns derive from the plan's plain dates (a batch's, or its own).
        self.calendar = known
        if "patterns" in known:
            self._fixed, self._choosers, self.weekly, self.due_on_fixed = known["patterns"]
        else:
            self._prepare_patterns()
            known["patterns"] = (self._fixed, self._choosers, self.weekly, self.due_on_fixed)
        self.due_on: tuple[tuple[int, ...], ...] = ()

    # -- the dates ---------------------------------------------------------------------

    def day_at(self, day: dt.date) -> tuple[int, tuple[tuple[int, int], ...]] | None:
        """(anchor, pieces) of *day* in real minutes, or ``None`` when it has no window."""
        try:
            return self._open[day]
        except KeyError:
            pass
        weekday = day.weekday()
        windows = self._windows_of[weekday]
        found: tuple[int, tuple[tuple[int, int], ...]] | None = None
        if windows and day not in self._skipped:
            clocks = self._clocks
            anchor: int | None
            if clocks is None:
                anchor = plain_anchor(self.zone, day)
            else:  # a batch knows which weeks of the zone keep their clocks
                monday = clocks.plain_week(self._tz, self.zone, day - _DAYS[weekday])
                anchor = plain_anchor(self.zone, day) if monday is None else monday + 1440 * weekday
            if anchor is not None:
                found = (anchor, self._minutes_of[weekday])
            else:
                found = day_pieces(self.zone, day, windows)
                self.changing.add(day)
        self._open[day] = found
        return found

    def may_schedule(self, i: int, day: dt.date) -> bool:
        """Whether exercise *i* may be scheduled on *day* at all.

        This is the one place that decides which dates an exercise can fall on: the
        exercise allows the weekday, its recurrence (if it has one) falls on the date,
        and the date is neither a rest weekday nor a skipped date and has a window.
        Weekly patterns choose among these dates; they never add one. A recurrence
        counts from its own ``start``, else from the plan's first date.
        """
        if day.weekday() not in self._weekday_sets[i] or self.day_at(day) is None:
            return False
        recurrence = self.items[i].timing.recurrence
        return recurrence is None or recurrence.occurs_on(day, anchor=self.start)

    def first_date(self, weekday: int) -> dt.date:
        return self.start + dt.timedelta(days=(weekday - self.start.weekday()) % 7)

    def _plain_dates(
        self,
    ) -> tuple[tuple[tuple[dt.date, ...], ...], tuple[tuple[dt.date, ...], ...]]:
        """For each weekday, the plan's dates that follow the weekly pattern as it is.

        And, for each weekday, the first of those dates of each distinct set of
        windows in minutes (what :meth:`failing_date` looks at without a recurrence).

        A date follows it unless its week is a whole week of the plan with a skipped
        date (where :meth:`week` may move exercises). An open-ended plan uses its first
        :data:`OPEN_CHECK_DAYS` dates: later dates are judged as the iterator reaches them.
        """
        count = (self.end - self.start).days if self.end is not None else OPEN_CHECK_DAYS
        end = self.start + dt.timedelta(days=count)
        plain: list[list[dt.date]] = [[] for _ in range(7)]
        # Per weekday, the first plain date of each distinct set of windows in minutes.
        firsts: list[dict[tuple[tuple[int, int], ...], dt.date]] = [{} for _ in range(7)]
        days = [dt.timedelta(days=k) for k in range(7)]
        monday = self.start - days[self.start.weekday()]
        while monday < end:
            dates = [monday + k for k in days]
            ats = [self.day_at(d) for d in dates]
            if not self._is_moved_week(monday, ats):
                for k, d in enumerate(dates):
                    at = ats[k]
                    if at is not None and self.start <= d < end:
                        plain[k].append(d)
                        firsts[k].setdefault(at[1], d)
            monday += dt.timedelta(days=7)
        return tuple(tuple(p) for p in plain), tuple(tuple(f.values()) for f in firsts)

    def _plain_span_dates(
        self, anchor: int
    ) -> tuple[tuple[tuple[dt.date, ...], ...], tuple[tuple[dt.date, ...], ...]]:
        """:meth:`_plain_dates` of plain calendar weeks from a Monday anchored at *anchor*.

        No week moves an exercise (none skips a date) and each weekday's dates share
        its windows, so its plain dates are all its dates in the plan, and the first
        of them is the first of each distinct set of windows. Each date's
        :meth:`day_at` is set on the way.
        """
        assert self.end is not None  # noqa: S101 - only a plan with an end has a span
        monday = self.start - _DAYS[self.start.weekday()]
        last = self.end - dt.timedelta(days=1)
        count = (last - monday).days + 7 - last.weekday()  # to the last calendar Sunday
        windows, minutes, found = self._windows_of, self._minutes_of, self._open
        plain: list[list[dt.date]] = [[] for _ in range(7)]
        start, end = self.start, self.end
        one = dt.timedelta(days=1)
        day = monday
        for k in range(count):
            weekday = k % 7
            if windows[weekday]:
                found[day] = (anchor + 1440 * k, minutes[weekday])
                if start <= day < end:
                    plain[weekday].append(day)
            else:
                found[day] = None
            day += one
        return tuple(tuple(p) for p in plain), tuple((p[0],) if p else () for p in plain)

    def _is_moved_week(
        self, monday: dt.date, ats: list[tuple[int, tuple[tuple[int, int], ...]] | None]
    ) -> bool:
        """Whether :meth:`week` may move exercises in the week from *monday* (*ats*: its days)."""
        whole = monday >= self.start and (
            self.end is None or monday + dt.timedelta(days=6) < self.end
        )
        return whole and any(ats[k] is None and k in self.usable for k in range(7))

    def _next_day_pairs(self) -> frozenset[tuple[int, int]]:
        """The (weekday, next weekday) pairs that cannot both hold loaded work.

        A pair counts when two plain dates in a row of the plan have those weekdays
        and even the earliest start on the first and the latest on the second are
        less than 48 h apart in elapsed time (so two available days in a row, except
        on a wide-windowed night the clocks go back). A plan of *horizon* days only
        has the pairs its own dates hold (a short plan, or one with a skipped date
        between, may hold none).
        """
        plain = {d for days in self.plain for d in days}
        pairs: set[tuple[int, int]] = set()
        one = dt.timedelta(days=1)
        for day in sorted(plain):
            following = day + one
            if following not in plain or (day.weekday(), following.weekday()) in pairs:
                continue
            first, second = self.day_at(day), self.day_at(following)
            assert first is not None  # noqa: S101 - plain dates have windows
            assert second is not None  # noqa: S101 - plain dates have windows
            if not first[1] or not second[1]:
                continue  # a window wholly in a skipped hour holds nothing to clash
            earliest = first[0] + first[1][0][0]
            latest = second[0] + second[1][-1][1] - 1  # a session lasts a minute at least
            if latest - earliest < GAP_MINUTES:
                pairs.add((day.weekday(), following.weekday()))
        return frozenset(pairs)

    def _span_day_pairs(self) -> frozenset[tuple[int, int]]:
        """:meth:`_next_day_pairs` of plain calendar weeks: from each weekday's windows.

        Every date is its weekday's windows a day after the one before, so a pair of
        weekdays counts when two dates in a row of the plan have them and even the
        first's earliest start and the second's latest are less than 48 h apart.
        """
        assert self.end is not None  # noqa: S101 - only a plan with an end has a span
        minutes = self._minutes_of
        first = self.start.weekday()
        pairs = set()
        for k in range(min((self.end - self.start).days - 1, 7)):
            day, following = (first + k) % 7, (first + k + 1) % 7
            earlier, later = minutes[day], minutes[following]
            if earlier and later and 1440 + later[-1][1] - 1 - earlier[0][0] < GAP_MINUTES:
                pairs.add((day, following))
        return frozenset(pairs)

    def clash(self, first: Iterable[int], second: Iterable[int]) -> bool:
        """Whether weekdays *first* and *second* put loaded work on two available days in a row."""
        a, b = set(first), set(second)
        return any((x in a and y in b) or (x in b and y in a) for x, y in self.next_day_pairs)

    # -- weekly patterns -------------------------------------------------------------------

    def _prepare_patterns(self) -> None:  # noqa: C901 - sorts exercises into fixed days or weekly choosers, refusing each impossible case
        """Sort the exercises into fixed weekdays and weekly choosers; refuse the impossible."""
        fixed = self._fixed
        reasons: list[InfeasibilityReason] = []
        usable = set(self.usable)
        for i, p in enumerate(self.items):
            weekdays = _weekdays(p.timing)
            allowed = sorted({d.index for d in weekdays} & usable)
            k = p.timing.days_per_week
            if k >= len(weekdays):
                for d in allowed:
                    fixed[d].add(i)
                continue
            if len(allowed) < k:
                names = ", ".join(Weekday.of(self.first_date(d)).value for d in allowed) or "none"
                reasons.append(
                    InfeasibilityReason(
                        constraint="days-per-week",
                        message=(
                            f"{p.exercise.id} needs {k} days a week, but only {len(allowed)} of "
                            f"its weekdays have time ({names}): allow more weekdays or lower "
                            f"'timing.days_per_week' to {len(allowed)}."
                        ),
                        exercise_id=p.exercise.id,
                        needed=k,
                        available=len(allowed),
                        unit="days a week",
                        fix=f"lower 'timing.days_per_week' to {len(allowed)}",
                    )
                )
                continue
            self._choosers.append((i, _even_patterns(allowed, k)))
        self.weekly = tuple(i for i, _ in self._choosers)
        for i, p in enumerate(self.items):
            if self.loaded[i] and p.timing.days_per_week >= len(_weekdays(p.timing)):
                days = sorted(d for d in range(7) if i in fixed[d])
                if self.clash(days, days):
                    reasons.append(adjacent_reason(self, i))
        if reasons:
            raise Infeasible(reasons)
        for d in range(7):
            failing = self.failing_date(d, fixed[d]) if fixed[d] else None
            if failing is not None:
                raise Infeasible(self._diagnose_date(failing, fixed[d]))
        self.due_on_fixed = tuple(tuple(sorted(f)) for f in fixed)

    def plain_checks(self, weekday: int, due: set[int]) -> tuple[dict[Any, Any], object]:
        """Where the plain-date check of *due* on *weekday* keeps its answer, and its key.

        The answer is a position among the weekday's plain dates (the first of each
        distinct set of windows when no exercise has a recurrence), or ``None``. In a
        batch without recurrences it depends only on the exercises and on the windows
        those dates bring, in order, so planners of one store share it; otherwise each
        planner keeps its own.
        """
        key = (weekday, frozenset(due))
        pieces = self._weekday_pieces
        return self._checks, key if pieces is None else (*key, pieces[weekday])

    def failing_date(self, weekday: int, due: set[int]) -> dt.date | None:
        """A plain date of *weekday* that cannot hold the exercises *due* at their floors."""
        seen: set[object] = set()
        # Plain dates have windows, so without a recurrence the same exercises are due
        # on every one of them: what may_schedule says, worked out once.
        same = (
            tuple(sorted(i for i in due if weekday in self._weekday_sets[i]))
            if all(self.items[i].timing.recurrence is None for i in due)
            else None
        )
        # With the same exercises on every plain date, only the first date of each
        # distinct set of windows needs a look.
        dates = self.plain[weekday] if same is None else self._first_plain[weekday]
        # Answers by position in dates (in a batch, shared: see plain_checks).
        checked, key = self.plain_checks(weekday, due)
        if key in checked:
            index = checked[key]
            return None if index is None else dates[index]
        for index, day in enumerate(dates):
            here = (
                same
                if same is not None
                else tuple(sorted(i for i in due if self.may_schedule(i, day)))
            )
            at = self.day_at(day)
            assert at is not None  # noqa: S101 - plain dates have windows
            if not here or (here, at[1]) in seen:
                continue
            seen.add((here, at[1]))
            floors = tuple(self.floor[i] for i in here)
            if self.solve_day(here, floors, at[1], ())[0] is None:
                checked[key] = index
                return day
        checked[key] = None
        return None

    def patterns(self) -> Iterator[tuple[tuple[int, ...], ...]]:
        """Every choice of even weekly patterns, in order of preference, as due-per-weekday.

        A choice is left out only when it provably has no plan: a plain date that
        cannot hold its exercises at their floors, or loaded work on two weekdays in
        a row that no plain dates of the plan can hold 48 h apart.
        """
        fixed = self._fixed
        choosers = self._choosers
        chosen: dict[int, frozenset[int]] = {}

        def loaded_clash(i: int, pattern: frozenset[int]) -> bool:
            if not self.loaded[i]:
                return False
            others = [
                d
                for j in self.overlaps[i]
                for d in (chosen.get(j, frozenset()) | {x for x in range(7) if j in fixed[x]})
            ]
            days = list(pattern)
            return self.clash(days, days + others)

        def due_on() -> tuple[tuple[int, ...], ...]:
            return tuple(
                tuple(sorted(set(fixed[d]) | {i for i, pat in chosen.items() if d in pat}))
                for d in range(7)
            )

        def choose(k: int) -> Iterator[tuple[tuple[int, ...], ...]]:
            if k == len(choosers):
                yield due_on()
                return
            i, candidates = choosers[k]
            for pattern in candidates:
                if loaded_clash(i, pattern):
                    continue
                if all(
                    self.failing_date(
                        d, fixed[d] | {j for j, pat in chosen.items() if d in pat} | {i}
                    )
                    is None
                    for d in pattern
                ):
                    chosen[i] = pattern
                    yield from choose(k + 1)
                    del chosen[i]

        return choose(0)

    def no_pattern_reasons(self) -> list[InfeasibilityReason]:
        """Why no choice of weekly patterns is left at all."""
        return self._pattern_reasons(self._choosers)

    def _diagnose_date(self, on: dt.date, due: Iterable[int]) -> list[InfeasibilityReason]:
        """Why the exercises *due* (at their floors) cannot share the plan's date *on*."""
        ordered = tuple(sorted(i for i in due if self.may_schedule(i, on)))
        at = self.day_at(on)
        assert at is not None  # noqa: S101 - only dates with windows are diagnosed
        anchor, pieces = at
        return diagnose(
            self,
            due=ordered,
            levels=tuple(self.floor[i] for i in ordered),
            pieces=pieces,
            releases=(),
            on=on,
            anchor=anchor,
        )

    def _pattern_reasons(
        self, choosers: list[tuple[int, list[frozenset[int]]]]
    ) -> list[InfeasibilityReason]:
        reasons = []
        for i, candidates in choosers:
            if self.loaded[i] and all(self.clash(pat, pat) for pat in candidates):
                reasons.append(adjacent_reason(self, i))
        if reasons:
            return reasons
        fixed = self.due_on_fixed
        for i, candidates in choosers:
            failing: dt.date | None = None
            for pattern in candidates:
                failing = None
                for d in sorted(pattern):
                    failing = self.failing_date(d, {*fixed[d], i})
                    if failing is not None:
                        break
                if failing is None:
                    break  # this pattern works on its own
            if failing is not None:
                return self._diagnose_date(failing, {*fixed[failing.weekday()], i})
        ids = ", ".join(self.items[i].exercise.id for i, _ in choosers)
        return [
            InfeasibilityReason(
                constraint="days-per-week",
                message=(
                    f"no even spread of the exercises done on some days of the week ({ids}) "
                    "leaves every day within its windows and the 48-hour rule for loaded "
                    "work: widen the windows, allow more sessions a day, or lower "
                    "'timing.days_per_week'."
                ),
                unit="days a week",
                fix="widen the windows or allow more sessions a day",
            )
        ]

    # -- one calendar week -----------------------------------------------------------------

    def week(  # noqa: C901 - a week's dates, moved exercises and shortfalls decided together
        self, monday: dt.date, loaded_days: dict[int, set[dt.date]]
    ) -> tuple[dict[dt.date, tuple[int, ...]], tuple[Fallback, ...]]:
        """The exercises due on each date of the week from *monday*.

        Weeks follow the weekly pattern. In a whole week of the plan where a skipped
        date takes away a patterned day, the exercise moves to the free allowed date
        farthest from its other days that week, if the day can hold it and loaded
        work keeps its 48 hours, so it still comes ``days_per_week`` times; when it
        cannot, the shortfall is a ``days_per_week`` fallback dated that Monday.
        """
        dates = [monday + dt.timedelta(days=n) for n in range(7)]
        ats = [self.day_at(d) for d in dates]
        moved = self._is_moved_week(monday, ats)
        if not moved and not self._has_recurrence:
            # What may_schedule says: a weekday's patterned exercises allow that weekday.
            return {
                d: self.due_on[k] if ats[k] is not None else () for k, d in enumerate(dates)
            }, ()
        due = {d: {i for i in self.due_on[d.weekday()] if self.may_schedule(i, d)} for d in dates}
        if not moved:
            return {d: tuple(sorted(due[d])) for d in dates}, ()
        shortfalls: list[Fallback] = []
        one = dt.timedelta(days=1)
        last = dates[-1]
        for i in self.weekly:
            timing = self.items[i].timing
            have = {d for d in dates if i in due[d]}
            if len(have) >= timing.days_per_week:
                continue
            free = [d for d in dates if self.may_schedule(i, d)]
            k = min(timing.days_per_week, len(free))

            def clashes(combo: tuple[dt.date, ...], i: int = i) -> bool:
                if not self.loaded[i]:
                    return False
                for d in combo:
                    for n in (d - one, d + one):
                        if n in combo:
                            return True
                        for j in self.overlaps[i]:
                            if j == i and monday <= n <= last:
                                continue
                            if monday <= n <= last and j in due[n]:
                                return True
                            if n < monday and n in loaded_days.get(j, set()):
                                return True
                            if (
                                n > last
                                and (self.end is None or n < self.end)
                                and j in self.due_on[n.weekday()]
                            ):
                                return True
                return False

            def ranked(combo: tuple[dt.date, ...], have: set[dt.date] = have) -> tuple[object, ...]:
                days = sorted(d.weekday() for d in combo)
                gaps = [(days[(n + 1) % len(days)] - days[n]) % 7 or 7 for n in range(len(days))]
                return (-len(have & set(combo)), max(gaps), combo)

            chosen: tuple[dt.date, ...] | None = None
            for size in range(k, len(have), -1):
                for combo in sorted(itertools.combinations(free, size), key=ranked):
                    if not clashes(combo) and all(
                        d in have
                        or self.solve_day(
                            tuple(sorted({*due[d], i})),
                            tuple(self.floor[j] for j in sorted({*due[d], i})),
                            self._pieces_of(d),
                            (),
                        )[0]
                        is not None
                        for d in combo
                    ):
                        chosen = combo
                        break
                if chosen is not None:
                    break
            if chosen is not None:
                for d in dates:
                    due[d].discard(i)
                for d in chosen:
                    due[d].add(i)
            planned = len(chosen) if chosen is not None else len(have)
            if planned < timing.days_per_week:
                eid = self.items[i].exercise.id
                shortfalls.append(
                    Fallback(
                        on=monday,
                        exercise_id=eid,
                        lever="days_per_week",
                        wanted=timing.days_per_week,
                        planned=planned,
                        reason=(
                            f"skipped dates and rest days leave room for {eid} on only "
                            f"{planned} day(s) of the week from {monday.isoformat()}"
                            + (" with 48 h between loaded sessions" if self.loaded[i] else "")
                        ),
                    )
                )
        return {d: tuple(sorted(due[d])) for d in dates}, tuple(shortfalls)

    def _pieces_of(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        at = self.day_at(day)
        return at[1] if at is not None else ()


def _weekdays(timing: Timing) -> tuple[Weekday, ...]:
    """The weekdays an exercise may fall on: its own, and those its weekly recurrence names.

    A weekly recurrence ("Mon/Wed/Fri") fixes the weekdays (the model keeps
    ``days_per_week`` equal to their number); an every-n-days rule names all seven
    and picks its dates in :meth:`WeeklyPlanner.may_schedule`.
    """
    if timing.recurrence is None:
        return timing.weekdays
    named = set(timing.recurrence.weekdays)
    return tuple(d for d in timing.weekdays if d in named)


def _even_patterns(allowed: list[int], k: int) -> list[frozenset[int]]:
    """The k-day subsets of *allowed* weekdays whose longest gap (around the week) is least."""
    best: list[tuple[int, tuple[int, ...]]] = []
    for combo in itertools.combinations(allowed, k):
        gaps = [(combo[(n + 1) % k] - combo[n]) % 7 or 7 for n in range(k)]
        best.append((max(gaps), combo))
    least = min(score for score, _ in best)
    return [frozenset(combo) for score, combo in best if score == least]


def _open_weekdays(
    availability: Availability,
) -> tuple[
    tuple[int, ...],
    tuple[tuple[Window, ...], ...],
    tuple[tuple[tuple[int, int], ...], ...],
]:
    """The usable weekdays of *availability*, and each weekday's windows, also in minutes."""
    usable = tuple(
        sorted(
            {
                d.index
                for w in availability.windows
                for d in w.weekdays
                if d not in availability.rest_weekdays
            }
        )
    )
    windows = tuple(
        weekday_windows(availability.windows, weekday) if weekday.index in usable else ()
        for weekday in Weekday
    )
    return usable, windows, tuple(window_minutes(w) for w in windows)
