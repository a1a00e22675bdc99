"""Why a day cannot be planned: the reasons behind InfeasibleScheduleError.

:func:`diagnose` checks each rule on its own (session length, window length,
sessions a day, spacing, the 48-hour rule, total time) and, when no single rule
explains the failure, tries relaxing one setting at a time to find a fix. Each
finding is an :class:`~footdrop.exceptions.InfeasibilityReason` that names the
rule, the numbers and what would fit.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Final

import attrs

from footdrop.exceptions import InfeasibilityReason
from footdrop.scheduling._day import EPOCH, LOADED_GAP_HOURS
from footdrop.scheduling._search import Budget, BudgetSpent

if TYPE_CHECKING:
    from footdrop.model._dose import Level
    from footdrop.scheduling._day import DaySolver
    from footdrop.scheduling._search import Limits

__all__ = ["adjacent_reason", "diagnose", "loaded_gap_reason"]

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


def adjacent_reason(solver: DaySolver, i: int) -> InfeasibilityReason:
    """The 48-hour reason for loaded item *i* when its weekdays come on consecutive days."""
    p = solver.items[i]
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


def _part_of_day(moment: dt.datetime) -> str:
    if moment.hour < 12:
        return "morning"
    return "afternoon" if moment.hour < 17 else "evening"


def loaded_gap_reason(
    solver: DaySolver,
    *,
    later_id: int,
    earlier_id: int,
    earlier_day: dt.date,
    earlier_start: int,
    later_day: dt.date,
    later_anchor: int,
    later_pieces: tuple[tuple[int, int], ...],
    minutes_alone: int,
) -> InfeasibilityReason:
    """The 48-hour reason across two dates of the plan.

    Loaded work on *earlier_day* (at UTC minute *earlier_start*, the earliest that
    date can give it) leaves loaded work for the same muscles on *later_day* too
    little of that day once 48 h have passed.
    """
    zone = solver.zone
    first = (EPOCH + dt.timedelta(minutes=earlier_start)).astimezone(zone)
    release = earlier_start + LOADED_GAP_HOURS * 60
    allowed = (EPOCH + dt.timedelta(minutes=release)).astimezone(zone)
    opens = (EPOCH + dt.timedelta(minutes=later_anchor + later_pieces[0][0])).astimezone(zone)
    latest = later_anchor + max(later_pieces[-1][1] - minutes_alone, later_pieces[-1][0])
    later_name = solver.items[later_id].exercise.id
    earlier_name = solver.items[earlier_id].exercise.id
    what = later_name if later_id == earlier_id else f"{earlier_name} and {later_name}"
    day1 = f"{earlier_day.strftime('%A')} {_part_of_day(first)} ({earlier_day.isoformat()})"
    day2 = f"{later_day.strftime('%A')} {_part_of_day(opens)} ({later_day.isoformat()})"
    gap = max(0, latest - earlier_start)
    return InfeasibilityReason(
        constraint="48-hour",
        message=(
            f"loaded work ({what}) on {day1} and {day2} is less than {LOADED_GAP_HOURS} h "
            f"apart: the earliest start on {earlier_day.isoformat()} is {first:%H:%M}, so on "
            f"{later_day.isoformat()} it may start no earlier than {allowed:%H:%M}, when that "
            f"day's windows no longer hold the day's work; move {earlier_day.strftime('%A')}'s "
            f"window earlier or {later_day.strftime('%A')}'s later, or choose other weekdays "
            f"for {later_name} ('timing.weekdays')."
        ),
        exercise_id=later_name,
        date=later_day.isoformat(),
        needed=LOADED_GAP_HOURS,
        available=round(gap / 60, 1),
        unit="hours",
        fix=f"move {earlier_day.strftime('%A')}'s window earlier or "
        f"{later_day.strftime('%A')}'s later",
    )


def diagnose(  # noqa: C901, PLR0912 - one branch per kind of infeasibility reason, most specific first
    solver: DaySolver,
    *,
    due: tuple[int, ...],
    levels: tuple[Level, ...],
    pieces: tuple[tuple[int, int], ...],
    releases: tuple[tuple[int, int], ...],
    on: dt.date,
    anchor: int,
) -> list[InfeasibilityReason]:
    """Say why *due* at *levels* cannot fit the day, by how much, and what would fit."""
    lim = solver.limits
    iso = on.isoformat()

    def clock(minute: int) -> str:
        return (
            (EPOCH + dt.timedelta(minutes=anchor + minute))
            .astimezone(solver.zone)
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
        eid = solver.items[i].exercise.id
        alone = solver.minutes_alone(i, level)
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
        if solver.loaded[i] and count > 1:
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
            spacing = solver.items[i].timing.min_spacing_minutes
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
        solver.seconds(i, lv) * lv.sessions_per_day for i, lv in zip(due, levels, strict=True)
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
            _what_if(
                solver,
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


def _what_if(  # noqa: C901 - one relaxation tried per lever, in a fixed order
    solver: DaySolver,
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
    lim = solver.limits
    fixes: list[str] = []

    def works(limits: Limits | None = None, *, no_spacing: bool = False) -> bool:
        try:
            found, _ = solver.solve_day(
                due,
                levels,
                pieces,
                releases,
                limits,
                budget=Budget(_WHAT_IF_BUDGET),
                no_spacing=no_spacing,
            )
        except BudgetSpent:  # a "what if" too hard to decide suggests nothing
            return False
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
    if any(solver.items[i].timing.min_spacing_minutes for i in due) and works(no_spacing=True):
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
