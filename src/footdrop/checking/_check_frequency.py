"""check_plan()'s rules about how often: sessions per day, spacing, weekdays, weeks, 48 h.

For each exercise of the routine, the sessions holding it on each local date
are counted against ``timing.sessions_per_day`` and the current level
(``missing-exercise``, ``sessions-per-day``, ``above-ceiling``, ``above-current``,
``unrecorded-fallback``), spaced start to start (``spacing``) and kept to the
allowed weekdays (``wrong-weekday``); an exercise done on fewer than 7 days is
counted over calendar weeks (``days-per-week``), and one with a recurrence must
appear on exactly its due dates (``recurrence-dates``); and loaded work on shared
muscles is kept 48 hours apart (``strength-48h``). Like :mod:`footdrop.checking._check`,
this shares no code with the scheduler.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Final

from footdrop.checking._check_time import minutes
from footdrop.model._kinds import Weekday

if TYPE_CHECKING:
    from collections.abc import Sequence

    from footdrop.checking._check import Report
    from footdrop.checking._check_dose import Recorded
    from footdrop.checking._check_time import Placed
    from footdrop.model._availability import Availability
    from footdrop.model._plan import DayPlan
    from footdrop.model._recurrence import Recurrence
    from footdrop.model._routine import Prescription, Routine

__all__ = ["check_frequency", "check_strength"]

_STRENGTH_GAP: Final = dt.timedelta(hours=48)


def _sessions_by_exercise(
    placed: Sequence[Placed], routine: Routine
) -> dict[tuple[str, dt.date], list[Placed]]:
    holding: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for here in placed:
        for eid in dict.fromkeys(item.exercise_id for item in here.session.items):
            if eid in routine:
                holding[eid, here.local_date].append(here)
    return holding


def check_frequency(  # noqa: C901, PLR0912 - one branch per frequency rule, each reported separately
    days: Sequence[tuple[dt.date, DayPlan]],
    placed: Sequence[Placed],
    routine: Routine,
    availability: Availability,
    *,
    recorded: Recorded,
    report: Report,
) -> None:
    """Sessions per day, spacing, allowed weekdays and days per week."""
    holding = _sessions_by_exercise(placed, routine)
    listed = sorted({date for date, _ in days})
    listed_set = set(listed)
    for p in routine.items:
        eid = p.exercise_id
        timing = p.timing
        spd = timing.sessions_per_day
        current = p.current.sessions_per_day
        used = sorted(d for (e, d) in holding if e == eid)
        rule = timing.recurrence
        due_dates = _due_dates(rule, listed, used)
        for date in sorted(listed_set | set(used)):
            sessions = sorted(holding.get((eid, date), []), key=lambda s: s.start)
            count = len(sessions)
            weekday = Weekday.of(date)
            if rule is not None:
                open_day = date in listed_set and availability.is_available(date)
                _check_recurrence_day(
                    eid, date, rule, count, due_dates, report, due=open_day and date in due_dates
                )
                if count == 0:
                    continue
            due = (
                timing.is_daily
                and date in listed_set
                and availability.is_available(date)
                and weekday in timing.weekdays
            )
            if count == 0:
                if due:
                    report.add(
                        "missing-exercise",
                        f"{eid} is due every day but appears in no session on {date}: add it to "
                        f"{spd.min} session(s).",
                        date=date,
                        exercise_id=eid,
                    )
                continue
            if weekday not in timing.weekdays:
                allowed = ", ".join(d.value for d in timing.weekdays)
                report.add(
                    "wrong-weekday",
                    f"{eid} appears on {date}, a {weekday.value}, but is allowed only on "
                    f"{allowed}: move it to an allowed weekday.",
                    date=date,
                    exercise_id=eid,
                )
            if count > spd.max:
                report.add(
                    "above-ceiling",
                    f"{eid} appears in {count} sessions on {date}, {count - spd.max} more than "
                    f"the prescribed ceiling of {spd.max} a day: remove {count - spd.max}.",
                    date=date,
                    exercise_id=eid,
                )
            elif count < spd.min:
                report.add(
                    "sessions-per-day",
                    f"{eid} appears in {count} session(s) on {date}, {spd.min - count} fewer "
                    f"than the prescribed {spd} a day: add it to {spd.min - count} more.",
                    date=date,
                    exercise_id=eid,
                )
            elif count > current:
                report.add(
                    "above-current",
                    f"{eid} appears in {count} sessions on {date}, {count - current} more than "
                    f"the current level of {current} a day: plan {current}.",
                    date=date,
                    exercise_id=eid,
                )
            elif count < current and (date, eid, "sessions_per_day") not in recorded:
                report.add(
                    "unrecorded-fallback",
                    f"{eid} appears in {count} session(s) on {date}, {current - count} fewer "
                    f"than the current level of {current} a day, and the day records no "
                    "fallback for sessions_per_day: plan it or record a Fallback.",
                    date=date,
                    exercise_id=eid,
                )
            spacing = dt.timedelta(minutes=timing.min_spacing_minutes)
            for before, after in itertools.pairwise(sessions):
                gap = after.start - before.start
                if gap < spacing:
                    report.at(
                        after,
                        "spacing",
                        f"{eid} starts in {after.label} only {minutes(gap)} after it started "
                        f"in {before.label} on {date}, {minutes(spacing - gap)} short of the "
                        f"spacing of {timing.min_spacing_minutes} min: move one of them "
                        "further apart.",
                        exercise_id=eid,
                    )
        if not timing.is_daily and rule is None:
            _check_weeks(p, listed, set(used), availability, recorded=recorded, report=report)


def _due_dates(
    rule: Recurrence | None, listed: Sequence[dt.date], used: Sequence[dt.date]
) -> frozenset[dt.date]:
    """The dates *rule* gives from the first to the last date seen, anchored on the plan's first."""
    if rule is None or not listed:
        return frozenset()
    seen = [*listed, *used]
    return frozenset(rule.dates(min(seen), max(seen), anchor=listed[0]))


def _check_recurrence_day(  # noqa: PLR0917 - one call site, every value a distinct role
    eid: str,
    date: dt.date,
    rule: Recurrence,
    count: int,
    due_dates: frozenset[dt.date],
    report: Report,
    *,
    due: bool,
) -> None:
    """An exercise with a recurrence on one date: there when due, absent when not."""
    if count == 0 and due:
        report.add(
            "recurrence-dates",
            f"{eid} is due on {date} by its recurrence {rule.rule!r} but appears in no "
            "session: add it to a session that day.",
            date=date,
            exercise_id=eid,
        )
    elif count > 0 and date not in due_dates:
        why = "a skipped date" if date in rule.except_dates else "not a date it gives"
        report.add(
            "recurrence-dates",
            f"{eid} appears on {date}, {why} of its recurrence {rule.rule!r}: move it to a "
            "due date or remove it.",
            date=date,
            exercise_id=eid,
        )


def _check_weeks(
    p: Prescription,
    listed: Sequence[dt.date],
    used: set[dt.date],
    availability: Availability,
    *,
    recorded: Recorded,
    report: Report,
) -> None:
    """Days per week, over calendar weeks (Monday to Sunday)."""
    eid = p.exercise_id
    timing = p.timing
    wanted = timing.days_per_week
    listed_set = set(listed)
    mondays = sorted({d - dt.timedelta(days=d.weekday()) for d in listed_set | used})
    for monday in mondays:
        week = [monday + dt.timedelta(days=n) for n in range(7)]
        done = [d for d in week if d in used]
        span = f"the week {week[0]} to {week[-1]}"
        if len(done) > wanted:
            report.add(
                "days-per-week",
                f"{eid} appears on {len(done)} days in {span}, {len(done) - wanted} more than "
                f"the prescribed {wanted} day(s) a week: remove it from {len(done) - wanted}.",
                date=monday,
                exercise_id=eid,
            )
            continue
        if not all(d in listed_set for d in week):
            continue  # a partial week at either end of the plan: only the maximum applies
        allowed = [d for d in week if Weekday.of(d) in timing.weekdays]
        open_days = [d for d in allowed if availability.is_available(d)]
        need = min(wanted, len(open_days))
        # Where the person's own rest days or skipped dates close an allowed day, a
        # shortfall may be recorded instead (a Fallback with lever "days_per_week").
        excused = len(open_days) < len(allowed) and any(
            (d, eid, "days_per_week") in recorded for d in week
        )
        if len(done) < need and not excused:
            report.add(
                "days-per-week",
                f"{eid} appears on {len(done)} day(s) in {span}, {need - len(done)} fewer "
                f"than the prescribed {wanted} day(s) a week: add it on "
                f"{need - len(done)} more allowed day(s)"
                + (
                    ", or, as rest days or skipped dates close some, record a Fallback "
                    "(lever 'days_per_week') in that week."
                    if len(open_days) < len(allowed)
                    else "."
                ),
                date=monday,
                exercise_id=eid,
            )


def check_strength(placed: Sequence[Placed], routine: Routine, report: Report) -> None:
    """Loaded work on shared muscles (or the same exercise) at least 48 h apart."""
    loaded: list[tuple[Placed, dict[str, frozenset[str]]]] = []
    for here in placed:
        work = {
            item.exercise_id: frozenset(
                m.strip().casefold() for m in routine[item.exercise_id].exercise.target_muscles
            )
            for item in here.session.items
            if item.exercise_id in routine and routine[item.exercise_id].exercise.is_loaded
        }
        if work:
            loaded.append((here, work))
    loaded.sort(key=lambda pair: (pair[0].start, pair[0].listed, pair[0].index))
    for j, (here, work) in enumerate(loaded):
        for i in range(j - 1, -1, -1):
            other, other_work = loaded[i]
            gap = here.start - other.start
            if gap >= _STRENGTH_GAP:
                break
            clashes = sorted(
                (eid, oid)
                for eid, muscles in work.items()
                for oid, other_muscles in other_work.items()
                if eid == oid or muscles & other_muscles
            )
            if not clashes:
                continue
            eid, oid = clashes[0]
            shared = sorted(work[eid] & other_work[oid])
            why = "the same exercise" if eid == oid else "shared muscles " + ", ".join(shared)
            report.at(
                here,
                "strength-48h",
                f"loaded {eid} in {here.label} on {here.local_date} starts "
                f"{minutes(gap)} after loaded {oid} in {other.label} on {other.local_date} "
                f"({why}), {minutes(_STRENGTH_GAP - gap)} short of 48 h: move it later.",
                exercise_id=eid,
            )
