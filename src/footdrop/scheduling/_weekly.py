"""Which exercises fall on which weekday: the weekly pattern and its weeks.

An exercise done on fewer days a week than it allows gets the evenly spread
weekdays that leave every day within its windows and keep loaded work 48 hours
apart (:meth:`WeeklyPlanner._choose_patterns`). :meth:`WeeklyPlanner.week` then
lays the pattern on one calendar week, moving an exercise off a skipped date
when it can and recording a ``days_per_week`` fallback when it cannot.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from footdrop.exceptions import InfeasibilityReason
from footdrop.model._availability import day_pieces
from footdrop.model._kinds import Weekday
from footdrop.model._plan import Fallback
from footdrop.scheduling._day import DaySolver, Infeasible
from footdrop.scheduling._explain import adjacent_reason, diagnose

if TYPE_CHECKING:
    from collections.abc import Iterable

    from footdrop.model._availability import Availability
    from footdrop.model._routine import Routine
    from footdrop.scheduling._duration import DurationModel

__all__ = ["WeeklyPlanner"]


class WeeklyPlanner(DaySolver):
    """A day solver that also knows which exercises are due on each weekday."""

    def __init__(
        self,
        routine: Routine,
        availability: Availability,
        durations: DurationModel,
        start: dt.date,
        horizon: int | None,
    ) -> None:
        super().__init__(routine, availability, durations)
        self.start = start
        self.usable = tuple(
            sorted(
                {
                    d.index
                    for w in availability.windows
                    for d in w.weekdays
                    if d not in availability.rest_weekdays
                }
            )
        )
        self.due_on_fixed: tuple[tuple[int, ...], ...] = ()
        self.next_day_pairs = self._next_day_pairs(horizon)
        self.end = start + dt.timedelta(days=horizon) if horizon is not None else None
        self.weekly: tuple[int, ...] = ()
        self.due_on = self._choose_patterns()

    # -- weekly patterns -------------------------------------------------------------------

    def weekday_pieces(self, weekday: int) -> tuple[tuple[int, int], ...]:
        day = Weekday.of(dt.date(2024, 1, 1) + dt.timedelta(days=weekday))
        return tuple(
            sorted(
                (w.start.hour * 60 + w.start.minute, w.end.hour * 60 + w.end.minute)
                for w in self.availability.windows
                if day in w.weekdays
            )
        )

    def first_date(self, weekday: int) -> dt.date:
        return self.start + dt.timedelta(days=(weekday - self.start.weekday()) % 7)

    def _next_day_pairs(self, horizon: int | None) -> frozenset[tuple[int, int]]:
        """The (weekday, next weekday) pairs of two available dates in a row.

        Loaded work due on both weekdays of such a pair would come less than 48 h apart.
        An open-ended plan meets every pair of usable weekdays sooner or later; a plan
        of *horizon* days only the pairs its own dates hold (a short plan, or one with
        a skipped date between, may hold none).
        """
        usable = set(self.usable)
        if horizon is None:
            return frozenset((d, (d + 1) % 7) for d in usable if (d + 1) % 7 in usable)
        pairs: set[tuple[int, int]] = set()
        one = dt.timedelta(days=1)
        day = self.start
        available = self.availability.is_available(day)
        for _ in range(horizon - 1):
            following = day + one
            after = self.availability.is_available(following)
            if available and after:
                pairs.add((day.weekday(), following.weekday()))
                if len(pairs) == 7:
                    break
            day, available = following, after
        return frozenset(pairs)

    def clash(self, first: Iterable[int], second: Iterable[int]) -> bool:
        """Whether weekdays *first* and *second* put loaded work on two available days in a row."""
        a, b = set(first), set(second)
        return any((x in a and y in b) or (x in b and y in a) for x, y in self.next_day_pairs)

    def _choose_patterns(self) -> tuple[tuple[int, ...], ...]:
        """The exercises due on each weekday (Monday first), spread evenly over the week."""
        fixed: list[set[int]] = [set() for _ in range(7)]
        choosers: list[tuple[int, list[frozenset[int]]]] = []
        reasons: list[InfeasibilityReason] = []
        usable = set(self.usable)
        for i, p in enumerate(self.items):
            allowed = sorted({d.index for d in p.timing.weekdays} & usable)
            k = p.timing.days_per_week
            if k >= len(p.timing.weekdays):
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
            choosers.append((i, _even_patterns(allowed, k)))
        self.weekly = tuple(i for i, _ in choosers)
        for i, p in enumerate(self.items):
            if self.loaded[i] and p.timing.days_per_week >= len(p.timing.weekdays):
                days = sorted(d for d in range(7) if i in fixed[d])
                if self.clash(days, days):
                    reasons.append(adjacent_reason(self, i))
        if reasons:
            raise Infeasible(reasons)
        standard = [self.weekday_pieces(d) for d in range(7)]

        def day_ok(d: int, due: set[int]) -> bool:
            ordered = tuple(sorted(due))
            floors = tuple(self.floor[i] for i in ordered)
            return self.solve_day(ordered, floors, standard[d], ())[0] is not None

        for d in range(7):
            if fixed[d] and not day_ok(d, fixed[d]):
                raise Infeasible(self._diagnose_weekday(d, fixed[d], standard[d]))
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

        def dfs(k: int) -> bool:
            if k == len(choosers):
                return True
            i, candidates = choosers[k]
            for pattern in candidates:
                if loaded_clash(i, pattern):
                    continue
                if all(
                    day_ok(d, fixed[d] | {j for j, pat in chosen.items() if d in pat} | {i})
                    for d in pattern
                ):
                    chosen[i] = pattern
                    if dfs(k + 1):
                        return True
                    del chosen[i]
            return False

        if not dfs(0):
            self.due_on_fixed = tuple(tuple(sorted(f)) for f in fixed)
            raise Infeasible(self._pattern_reasons(choosers))
        due_on = []
        for d in range(7):
            due = set(fixed[d]) | {i for i, pat in chosen.items() if d in pat}
            due_on.append(tuple(sorted(due)))
        return tuple(due_on)

    def _diagnose_weekday(
        self, weekday: int, due: Iterable[int], pieces: tuple[tuple[int, int], ...]
    ) -> list[InfeasibilityReason]:
        """Why the exercises *due* (at their floors) cannot share the first such *weekday*."""
        ordered = tuple(sorted(due))
        on = self.first_date(weekday)
        anchor, _ = day_pieces(self.zone, on, ())
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
        standard = [self.weekday_pieces(d) for d in range(7)]
        for i, candidates in choosers:
            fixed = self.due_on_fixed
            for pattern in candidates:
                for d in sorted(pattern):
                    due = tuple(sorted({*fixed[d], i}))
                    floors = tuple(self.floor[j] for j in due)
                    if self.solve_day(due, floors, standard[d], ())[0] is None:
                        break
                else:
                    break  # this pattern works on its own
            else:
                d = min(candidates[0])
                return self._diagnose_weekday(d, {*fixed[d], i}, standard[d])
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

    def week(
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
        open_on = {d: self.availability.is_available(d) for d in dates}
        due = {d: set(self.due_on[d.weekday()]) if open_on[d] else set() for d in dates}
        whole = monday >= self.start and (self.end is None or dates[-1] < self.end)
        if not whole or all(open_on[d] or d.weekday() not in self.usable for d in dates):
            return {d: tuple(sorted(due[d])) for d in dates}, ()
        shortfalls: list[Fallback] = []
        one = dt.timedelta(days=1)
        last = dates[-1]
        for i in self.weekly:
            timing = self.items[i].timing
            have = {d for d in dates if i in due[d]}
            if len(have) >= timing.days_per_week:
                continue
            free = [d for d in dates if open_on[d] and Weekday.of(d) in timing.weekdays]
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
                            self.weekday_pieces(d.weekday()),
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


def _even_patterns(allowed: list[int], k: int) -> list[frozenset[int]]:
    """The k-day subsets of *allowed* weekdays whose longest gap (around the week) is least."""
    best: list[tuple[int, tuple[int, ...]]] = []
    for combo in itertools.combinations(allowed, k):
        gaps = [(combo[(n + 1) % k] - combo[n]) % 7 or 7 for n in range(k)]
        best.append((max(gaps), combo))
    least = min(score for score, _ in best)
    return [frozenset(combo) for score, combo in best if score == least]
