"""A CP-SAT model of footdrop's multi-day scheduling rules, for cross-checking schedule().

Written from ``docs/explanation/scheduling.md`` alone; it shares no code with the
scheduler. It decides whether a plan meeting every floor exists over several dates,
and returns one when it does. The instances it takes are kept simple so that every
rule can be written out in full:

* every exercise has one set of plain repetitions at one minute a repetition, one
  body position, no sides and no position change, so an item of ``r`` repetitions
  takes ``r`` minutes and a session takes the sum of its items;
* the current level is the floor (no fallbacks);
* dates are ordinary (no clock change, no skipped dates), so local minutes are
  elapsed minutes and a date's minute ``m`` is ``date index x 1440 + m``.

The rules, as documented:

* Which weekdays: an exercise with ``days_per_week`` below its number of weekdays
  is done on one *even pattern*: a set of ``days_per_week`` of its weekdays that
  have windows, whose longest gap around the week is least; any such pattern, the
  same every week. Otherwise it is done on every one of its weekdays with windows.
* Each due exercise is in exactly its floor's sessions a day (more never helps).
* Sessions lie inside one window each, last at most ``max_session_minutes``, are at
  most ``max_sessions_per_day`` a day, and leave ``min_rest_minutes`` from one
  session's end to the next start.
* Sessions of one exercise start at least its spacing apart.
* Loaded exercises sharing a muscle (or the same loaded exercise) start at least
  48 hours apart, across dates; on one date they share one session.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import attrs
from ortools.sat.python import cp_model

GAP = 48 * 60


@attrs.frozen
class Job:
    """One exercise as the model sees it."""

    minutes: int
    count: int
    spacing: int
    loaded: bool
    muscles: frozenset[str]
    weekdays: frozenset[int]  # Monday is 0
    days_per_week: int


@attrs.frozen
class Problem:
    jobs: tuple[Job, ...]
    windows: tuple[tuple[tuple[int, int], ...], ...]  # per weekday, minutes after midnight
    max_session: int
    max_sessions: int
    rest: int
    start: dt.date
    days: int
    zone: str


def even_patterns(allowed: list[int], k: int) -> list[frozenset[int]]:
    """The k-subsets of *allowed* weekdays whose longest gap around the week is least."""

    def longest_gap(days: tuple[int, ...]) -> int:
        return max((days[(n + 1) % k] - days[n]) % 7 or 7 for n in range(k))

    subsets = list(itertools.combinations(sorted(allowed), k))
    least = min(longest_gap(s) for s in subsets)
    return [frozenset(s) for s in subsets if longest_gap(s) == least]


def shares(a: Job, b: Job, same: bool) -> bool:
    return a.loaded and b.loaded and (same or bool(a.muscles & b.muscles))


def solve(problem: Problem) -> list[list[tuple[int, int, tuple[int, ...]]]] | None:  # noqa: C901, PLR0912, PLR0915 - the independent model, written rule by rule from the docs
    """Per date, the sessions (start minute, length, exercises), or ``None`` if none exists."""
    model = cp_model.CpModel()
    jobs = problem.jobs
    dates = [problem.start + dt.timedelta(days=t) for t in range(problem.days)]
    with_windows = {d for d in range(7) if problem.windows[d]}
    # due[i][t]: exercise i is done on date t.
    due: list[list[cp_model.IntVar | int]] = []
    for job in jobs:
        allowed = sorted(job.weekdays & with_windows)
        if job.days_per_week >= len(job.weekdays):
            due.append([int(d.weekday() in allowed) for d in dates])
            continue
        if len(allowed) < job.days_per_week:
            return None
        patterns = even_patterns(allowed, job.days_per_week)
        pick = [model.new_bool_var("pattern") for _ in patterns]
        model.add_exactly_one(pick)
        row: list[cp_model.IntVar | int] = []
        for d in dates:
            holding = [p for p, pat in zip(pick, patterns, strict=True) if d.weekday() in pat]
            var = model.new_bool_var("due")
            if holding:
                model.add_max_equality(var, holding)
            else:
                model.add(var == 0)
            row.append(var)
        due.append(row)
    slots = range(problem.max_sessions)
    starts: dict[tuple[int, int], cp_model.IntVar] = {}
    used: dict[tuple[int, int], cp_model.IntVar] = {}
    joins: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for t, d in enumerate(dates):
        windows = problem.windows[d.weekday()]
        for s in slots:
            start = model.new_int_var(t * 1440, t * 1440 + 1439, "start")
            on = model.new_bool_var("used")
            starts[t, s], used[t, s] = start, on
            members = []
            for i in range(len(jobs)):
                x = model.new_bool_var("joins")
                joins[t, s, i] = x
                model.add_implication(x, on)
                members.append(x)
            model.add(sum(members) >= 1).only_enforce_if(on)
            length = sum(job.minutes * joins[t, s, i] for i, job in enumerate(jobs))
            model.add(length <= problem.max_session)
            if windows:
                inside = [model.new_bool_var("window") for _ in windows]
                model.add(sum(inside) == 1).only_enforce_if(on)
                for w, (a, b) in zip(inside, windows, strict=True):
                    model.add(start >= t * 1440 + a).only_enforce_if(w)
                    model.add(start + length <= t * 1440 + b).only_enforce_if(w)
            else:
                model.add(on == 0)
            if s:
                model.add_implication(on, used[t, s - 1])
                before = sum(job.minutes * joins[t, s - 1, i] for i, job in enumerate(jobs))
                model.add(starts[t, s - 1] + before + problem.rest <= start).only_enforce_if(on)
        for i, job in enumerate(jobs):
            model.add(sum(joins[t, s, i] for s in slots) == job.count * due[i][t])
            if job.spacing:
                for s, s2 in itertools.combinations(slots, 2):
                    model.add(starts[t, s2] - starts[t, s] >= job.spacing).only_enforce_if(
                        [joins[t, s, i], joins[t, s2, i]]
                    )
    # The 48-hour rule, for every pair of loaded sessions sharing muscles.
    for (i, a), (j, b) in itertools.product(enumerate(jobs), repeat=2):
        if not shares(a, b, i == j):
            continue
        for t, t2 in itertools.product(range(problem.days), repeat=2):
            if t2 < t or t2 - t > 3:
                continue
            for s, s2 in itertools.product(slots, repeat=2):
                if t == t2:
                    if s != s2:
                        model.add_bool_or([joins[t, s, i].Not(), joins[t, s2, j].Not()])
                    continue
                model.add(starts[t2, s2] - starts[t, s] >= GAP).only_enforce_if(
                    [joins[t, s, i], joins[t2, s2, j]]
                )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        msg = f"CP-SAT could not decide the instance (status {solver.status_name(status)})"
        raise AssertionError(msg)
    plan: list[list[tuple[int, int, tuple[int, ...]]]] = []
    for t in range(problem.days):
        sessions = []
        for s in slots:
            if solver.value(used[t, s]):
                members = tuple(i for i in range(len(jobs)) if solver.value(joins[t, s, i]))
                length = sum(jobs[i].minutes for i in members)
                sessions.append((solver.value(starts[t, s]) - t * 1440, length, members))
        plan.append(sessions)
    return plan


def local(problem: Problem, t: int, minute: int) -> dt.datetime:
    """The aware local time of minute *minute* after midnight on the plan's *t*-th date."""
    day = problem.start + dt.timedelta(days=t)
    wall = dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(problem.zone))
    return wall + dt.timedelta(minutes=minute)
