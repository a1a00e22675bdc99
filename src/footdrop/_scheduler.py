"""schedule() and iter_schedule(): turn a routine and a person's day into timed sessions.

The scheduler works one date at a time, in real (UTC) minutes, with an exact
search per day (see :mod:`footdrop._search` below for the model and why it is
complete). Identical days (same exercises due, same levels, same windows) are
solved once and share their immutable items. ``docs/explanation/scheduling.md``
explains the model, the grid, daylight saving, the 48-hour rule and fallbacks.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import zoneinfo
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._availability import Availability, day_pieces
from footdrop._duration import DurationModel, items_for
from footdrop._kinds import Position, Weekday
from footdrop._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop._routine import Prescription, Routine
from footdrop._search import Demand, Limits, Placement, solve, spread
from footdrop.exceptions import (
    InfeasibilityReason,
    InfeasibleScheduleError,
    InvalidTypeError,
    InvalidValueError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from footdrop._dose import Level

__all__ = ["LOADED_GAP_HOURS", "iter_schedule", "schedule"]

#: Loaded strength work for the same muscles: hours from one session's start to the
#: next (ACSM FITT-VP, see ``DOMAIN.md``). Loaded exercises in one session count as one bout.
LOADED_GAP_HOURS: Final = 48

#: The levers the scheduler lowers, in this order, when a day cannot hold the current level.
LEVERS: Final = ("sessions_per_day", "sets", "reps", "hold_seconds", "letters", "rounds", "steps")

#: The longest plan :func:`schedule` builds, in days (100 years).
MAX_DAYS: Final = 36_600

_GAP_MINUTES: Final = LOADED_GAP_HOURS * 60
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_POSITION_BIT: Final = {p: 1 << i for i, p in enumerate(Position)}
_WHAT_IF_BUDGET: Final = 1_000


def _hours(minutes: int) -> str:
    """Show minutes the way people say them: '45 min', '4 h', '2.5 h', '1 h 40 min'."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    if minutes % 30 == 0:
        return f"{minutes / 60:g} h"
    return f"{minutes // 60} h {minutes % 60} min"


def _check_start(start: object) -> dt.date:
    if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
        msg = (
            f"'start' must be a date such as datetime.date(2026, 11, 24), not a datetime or "
            f"text (got {start!r:.80}): pass the first local date of the plan."
        )
        raise InvalidTypeError(msg, field="start", value=start, expected="datetime.date")
    return start


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


class _Infeasible(Exception):  # noqa: N818 - internal signal, never leaves the module
    def __init__(self, reasons: Sequence[InfeasibilityReason]) -> None:
        super().__init__("infeasible")
        self.reasons = tuple(reasons)


class _Planner:
    """Everything that stays the same from one day to the next, and the caches."""

    def __init__(
        self,
        routine: Routine,
        availability: Availability,
        durations: DurationModel,
        start: dt.date,
        horizon: int | None,
    ) -> None:
        self.routine = routine
        self.availability = availability
        self.durations = durations
        self.start = start
        self.zone = zoneinfo.ZoneInfo(availability.tz)
        self.items: tuple[Prescription, ...] = routine.items
        self.limits = Limits(
            max_minutes=availability.max_session_minutes,
            max_sessions=availability.max_sessions_per_day,
            rest=availability.min_rest_minutes,
            change_seconds=durations.position_change_seconds,
        )
        self.current = tuple(p.current for p in self.items)
        self.floor = tuple(
            attrs.evolve(
                p.dose.floor(sessions_per_day=p.timing.sessions_per_day.min),
                support=p.current.support,
            )
            for p in self.items
        )
        self.bits = tuple(_POSITION_BIT[p.exercise.position] for p in self.items)
        self.loaded = tuple(p.exercise.is_loaded for p in self.items)
        muscles = [frozenset(p.exercise.target_muscles) for p in self.items]
        self.overlaps = tuple(
            frozenset(
                j
                for j, q in enumerate(self.items)
                if q.exercise.is_loaded and (i == j or muscles[i] & muscles[j])
            )
            if p.exercise.is_loaded
            else frozenset()
            for i, p in enumerate(self.items)
        )
        self._seconds: dict[tuple[int, Level], int] = {}
        self._plan_items: dict[tuple[int, Level], tuple[PlanItem, ...]] = {}
        self._solutions: dict[object, Placement | None] = {}
        self._days: dict[object, _DayResult] = {}
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

    def solve_day(
        self,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
        limits: Limits | None = None,
        *,
        budget: list[int] | None = None,
        no_spacing: bool = False,
    ) -> tuple[Placement | None, list[list[int]]]:
        units = self.groups(due)
        key = (due, levels, pieces, releases, limits, no_spacing)
        if budget is None and key in self._solutions:
            return self._solutions[key], units
        level_of = dict(zip(due, levels, strict=True))
        release_of = dict(releases)
        demands = []
        possible = True
        for unit in units:
            if len(unit) > 1 or self.loaded[unit[0]]:
                count = max(level_of[i].sessions_per_day for i in unit)
                if count > 1:  # loaded work twice a day breaks the 48-hour rule
                    possible = False
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
        found = solve(demands, pieces, limits or self.limits, budget=budget) if possible else None
        if found is not None and budget is None:
            found = spread(found, demands, pieces, limits or self.limits)
        if budget is None:
            self._solutions[key] = found
        return found, units

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
                raise _Infeasible(
                    self.diagnose(
                        due=due,
                        levels=floors,
                        pieces=pieces,
                        releases=releases,
                        on=on,
                        anchor=anchor,
                    )
                )
            levels = floors
            for lever in LEVERS:
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
            for lever in LEVERS:
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
                    reasons.append(self._adjacent_reason(i))
        if reasons:
            raise _Infeasible(reasons)
        standard = [self.weekday_pieces(d) for d in range(7)]

        def day_ok(d: int, due: set[int]) -> bool:
            ordered = tuple(sorted(due))
            floors = tuple(self.floor[i] for i in ordered)
            return self.solve_day(ordered, floors, standard[d], ())[0] is not None

        for d in range(7):
            if fixed[d] and not day_ok(d, fixed[d]):
                ordered = tuple(sorted(fixed[d]))
                on = self.first_date(d)
                anchor, _ = day_pieces(self.zone, on, ())
                raise _Infeasible(
                    self.diagnose(
                        due=ordered,
                        levels=tuple(self.floor[i] for i in ordered),
                        pieces=standard[d],
                        releases=(),
                        on=on,
                        anchor=anchor,
                    )
                )
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
            raise _Infeasible(self._pattern_reasons(choosers))
        due_on = []
        for d in range(7):
            due = set(fixed[d]) | {i for i, pat in chosen.items() if d in pat}
            due_on.append(tuple(sorted(due)))
        return tuple(due_on)

    def _adjacent_reason(self, i: int) -> InfeasibilityReason:
        p = self.items[i]
        return InfeasibilityReason(
            constraint="48-hour",
            message=(
                f"{p.exercise.id} is loaded strength work, so its sessions must start at least "
                f"{LOADED_GAP_HOURS} h apart, but it is due on consecutive days: lower "
                "'timing.days_per_week' to 3 or fewer, or allow weekdays with a day between."
            ),
            exercise_id=p.exercise.id,
            needed=LOADED_GAP_HOURS,
            available=24,
            unit="hours",
            fix="lower 'timing.days_per_week' to 3",
        )

    def _pattern_reasons(
        self, choosers: list[tuple[int, list[frozenset[int]]]]
    ) -> list[InfeasibilityReason]:
        reasons = []
        for i, candidates in choosers:
            if self.loaded[i] and all(self.clash(pat, pat) for pat in candidates):
                reasons.append(self._adjacent_reason(i))
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
                due = tuple(sorted({*fixed[d], i}))
                on = self.first_date(d)
                anchor, _ = day_pieces(self.zone, on, ())
                return self.diagnose(
                    due=due,
                    levels=tuple(self.floor[j] for j in due),
                    pieces=standard[d],
                    releases=(),
                    on=on,
                    anchor=anchor,
                )
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

    # -- explanations ------------------------------------------------------------------------

    def diagnose(
        self,
        *,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
        on: dt.date,
        anchor: int,
    ) -> list[InfeasibilityReason]:
        """Say why *due* at *levels* cannot fit the day, by how much, and what would fit."""
        lim = self.limits
        iso = on.isoformat()

        def clock(minute: int) -> str:
            return (
                (_EPOCH + dt.timedelta(minutes=anchor + minute))
                .astimezone(self.zone)
                .strftime("%H:%M")
            )

        windows = ", ".join(f"{clock(a)}-{clock(b)}" for a, b in pieces) or "no window"
        reasons: list[InfeasibilityReason] = []
        if not pieces:
            return [
                InfeasibilityReason(
                    constraint="window",
                    message=(
                        f"{iso} has exercises due but its windows hold no real time (the clock "
                        "change skips them): move the window out of the skipped hour."
                    ),
                    date=iso,
                    needed=1,
                    available=0,
                    unit="minutes",
                    fix="move the window out of the skipped hour",
                )
            ]
        span = pieces[-1][1] - pieces[0][0]
        longest = max(b - a for a, b in pieces)
        release_of = dict(releases)
        for i, level in zip(due, levels, strict=True):
            eid = self.items[i].exercise.id
            alone = self.minutes_alone(i, level)
            count = level.sessions_per_day
            if alone > lim.max_minutes:
                reasons.append(
                    InfeasibilityReason(
                        constraint="session-length",
                        message=(
                            f"{eid} takes {alone} min at its floor dose, longer than the longest "
                            f"session ({lim.max_minutes} min): raise 'max_session_minutes' to "
                            f"{alone} or lower the dose floor."
                        ),
                        exercise_id=eid,
                        date=iso,
                        needed=alone,
                        available=lim.max_minutes,
                        unit="minutes",
                        fix=f"raise 'max_session_minutes' to {alone}",
                    )
                )
            elif alone > longest:
                reasons.append(
                    InfeasibilityReason(
                        constraint="window-length",
                        message=(
                            f"{eid} takes {alone} min at its floor dose, but the longest window "
                            f"on {iso} ({windows}) gives {_hours(longest)}: widen a window by "
                            f"{alone - longest} min."
                        ),
                        exercise_id=eid,
                        date=iso,
                        needed=alone,
                        available=longest,
                        unit="minutes",
                        fix=f"widen a window by {alone - longest} min",
                    )
                )
            if count > lim.max_sessions:
                reasons.append(
                    InfeasibilityReason(
                        constraint="sessions-per-day",
                        message=(
                            f"{eid} needs at least {count} sessions a day, but the availability "
                            f"allows {lim.max_sessions}: raise 'max_sessions_per_day' to {count}."
                        ),
                        exercise_id=eid,
                        date=iso,
                        needed=count,
                        available=lim.max_sessions,
                        unit="sessions",
                        fix=f"raise 'max_sessions_per_day' to {count}",
                    )
                )
            if self.loaded[i] and count > 1:
                reasons.append(
                    InfeasibilityReason(
                        constraint="48-hour",
                        message=(
                            f"{eid} is loaded strength work, which needs {LOADED_GAP_HOURS} h "
                            f"between sessions, but its floor is {count} sessions a day: lower "
                            "'timing.sessions_per_day' to 1."
                        ),
                        exercise_id=eid,
                        date=iso,
                        needed=LOADED_GAP_HOURS,
                        available=24,
                        unit="hours",
                        fix="lower 'timing.sessions_per_day' to 1",
                    )
                )
            elif count > 1:
                spacing = self.items[i].timing.min_spacing_minutes
                gap = max(spacing, alone + lim.rest)
                need = (count - 1) * gap + alone
                if need > span:
                    allowed = (span - alone) // (count - 1)
                    if spacing > alone + lim.rest and allowed >= alone + lim.rest:
                        fix = f"shorten the spacing to {_hours(allowed)}"
                        tail = f"widen the window by {_hours(need - span)} or {fix}"
                    else:
                        fix = f"widen the window by {_hours(need - span)}"
                        tail = f"{fix} or lower the sessions a day"
                    reasons.append(
                        InfeasibilityReason(
                            constraint="spacing",
                            message=(
                                f"{eid} needs {count} sessions at least {_hours(gap)} apart "
                                f"({_hours(need)} from the first start to the last end), but "
                                f"the window {windows} spans {_hours(span)}: {tail}."
                            ),
                            exercise_id=eid,
                            date=iso,
                            needed=need,
                            available=span,
                            unit="minutes",
                            fix=fix,
                        )
                    )
            if i in release_of:
                latest = (
                    max(b - alone for a, b in pieces if b - a >= alone)
                    if any(b - a >= alone for a, b in pieces)
                    else None
                )
                if latest is None or release_of[i] > latest:
                    reasons.append(
                        InfeasibilityReason(
                            constraint="48-hour",
                            message=(
                                f"{eid} is loaded strength work: on {iso} it may start no "
                                f"earlier than {clock(release_of[i])}, {LOADED_GAP_HOURS} h "
                                "after the same muscles were last loaded, but no window leaves "
                                f"room for it then ({windows}): add a later window that day or "
                                "an earlier one two days before."
                            ),
                            exercise_id=eid,
                            date=iso,
                            needed=release_of[i],
                            available=latest if latest is not None else 0,
                            unit="minutes after midnight",
                            fix="add a later window on this weekday",
                        )
                    )
        total = sum(
            self.seconds(i, lv) * lv.sessions_per_day for i, lv in zip(due, levels, strict=True)
        )
        most = max(lv.sessions_per_day for lv in levels)
        sessions = max(most, math.ceil(total / (lim.max_minutes * 60)))
        if not reasons and sessions > lim.max_sessions:
            reasons.append(
                InfeasibilityReason(
                    constraint="sessions-per-day",
                    message=(
                        f"the exercises due on {iso} take {math.ceil(total / 60)} min at their "
                        f"floors, which needs at least {sessions} sessions of at most "
                        f"{lim.max_minutes} min, but the availability allows "
                        f"{lim.max_sessions}: raise 'max_sessions_per_day' to {sessions} or "
                        "'max_session_minutes'."
                    ),
                    date=iso,
                    needed=sessions,
                    available=lim.max_sessions,
                    unit="sessions",
                    fix=f"raise 'max_sessions_per_day' to {sessions}",
                )
            )
        open_minutes = sum(b - a for a, b in pieces)
        busy = math.ceil(total / 60) + (sessions - 1) * lim.rest
        if not reasons and busy > open_minutes:
            reasons.append(
                InfeasibilityReason(
                    constraint="window-time",
                    message=(
                        f"the exercises due on {iso} need at least {_hours(busy)} with rests "
                        f"between sessions, but the windows ({windows}) give "
                        f"{_hours(open_minutes)}: widen them by {_hours(busy - open_minutes)}."
                    ),
                    date=iso,
                    needed=busy,
                    available=open_minutes,
                    unit="minutes",
                    fix=f"widen the windows by {_hours(busy - open_minutes)}",
                )
            )
        if not reasons:
            reasons.append(
                self._what_if(
                    due=due,
                    levels=levels,
                    pieces=pieces,
                    releases=releases,
                    iso=iso,
                    windows=windows,
                    total=total,
                )
            )
        return reasons

    def _what_if(
        self,
        *,
        due: tuple[int, ...],
        levels: tuple[Level, ...],
        pieces: tuple[tuple[int, int], ...],
        releases: tuple[tuple[int, int], ...],
        iso: str,
        windows: str,
        total: int,
    ) -> InfeasibilityReason:
        """No single rule explains it: try relaxing one setting at a time to find a fix."""
        lim = self.limits
        fixes: list[str] = []

        def works(limits: Limits | None = None, *, no_spacing: bool = False) -> bool:
            budget = [_WHAT_IF_BUDGET]
            found, _ = self.solve_day(
                due, levels, pieces, releases, limits, budget=budget, no_spacing=no_spacing
            )
            return found is not None

        def smallest(lo: int, hi: int, field: str) -> int | None:
            """The least value in lo..hi that fits: gallop up from lo, then bisect."""
            failed, probe, step = lo - 1, lo, 1
            while not works(attrs.evolve(lim, **{field: probe})):
                if probe >= hi:
                    return None
                failed, probe, step = probe, min(hi, probe + step), step * 2
            low = failed + 1
            while low < probe:
                mid = (low + probe) // 2
                if works(attrs.evolve(lim, **{field: mid})):
                    probe = mid
                else:
                    low = mid + 1
            return probe

        if lim.rest > 0 and works(attrs.evolve(lim, rest=0)):
            fixes.append("shorten 'min_rest_minutes'")
        if lim.max_minutes < 240:
            found = smallest(lim.max_minutes + 1, 240, "max_minutes")
            if found is not None:
                fixes.append(f"raise 'max_session_minutes' to {found}")
        if lim.max_sessions < 12:
            more = smallest(lim.max_sessions + 1, 12, "max_sessions")
            if more is not None:
                fixes.append(f"raise 'max_sessions_per_day' to {more}")
        if any(self.items[i].timing.min_spacing_minutes for i in due) and works(no_spacing=True):
            fixes.append("shorten the spacing between sessions of one exercise")
        fix = " or ".join(fixes) if fixes else "widen the windows or remove an exercise"
        return InfeasibilityReason(
            constraint="day",
            message=(
                f"the {len(due)} exercises due on {iso} take {math.ceil(total / 60)} min at their "
                f"floors, and no arrangement within {windows} meets every rule at once: {fix}."
            ),
            date=iso,
            needed=math.ceil(total / 60),
            available=sum(b - a for a, b in pieces),
            unit="minutes",
            fix=fix,
        )

    # -- the days --------------------------------------------------------------------------

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
                            last_loaded[j] + _GAP_MINUTES
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
            except _Infeasible as error:
                raise InfeasibleScheduleError(error.reasons) from None
            sessions = []
            for start, length, items, loaded in result.sessions:
                begin = (_EPOCH + dt.timedelta(minutes=anchor + start)).astimezone(zone)
                end = (_EPOCH + dt.timedelta(minutes=anchor + start + length)).astimezone(zone)
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


def _even_patterns(allowed: list[int], k: int) -> list[frozenset[int]]:
    """The k-day subsets of *allowed* weekdays whose longest gap (around the week) is least."""
    best: list[tuple[int, tuple[int, ...]]] = []
    for combo in itertools.combinations(allowed, k):
        gaps = [(combo[(n + 1) % k] - combo[n]) % 7 or 7 for n in range(k)]
        best.append((max(gaps), combo))
    least = min(score for score, _ in best)
    return [frozenset(combo) for score, combo in best if score == least]


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
    except _Infeasible as error:
        raise InfeasibleScheduleError(error.reasons) from None


def schedule(
    routine: Routine,
    *,
    start: dt.date,
    days: int,
    availability: Availability,
    durations: DurationModel | None = None,
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

    Returns:
        The plan: one :class:`~footdrop.DayPlan` per date, rest days included.

    Raises:
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
    count = _check_days(days)
    planner = _planner(routine, start, availability, durations, count)
    plan_days = tuple(itertools.islice(planner.days(), count))
    return Plan(tz=planner.availability.tz, days=plan_days)


def iter_schedule(
    routine: Routine,
    *,
    start: dt.date,
    availability: Availability,
    durations: DurationModel | None = None,
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

    Returns:
        An endless iterator of :class:`~footdrop.DayPlan`, one per date.

    Raises:
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
    return _planner(routine, start, availability, durations, None).days()
