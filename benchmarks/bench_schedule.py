"""Benchmarks of footdrop.schedule(): ratios measured within one run, printed.

Run from the repository root:

    .venv/bin/python benchmarks/bench_schedule.py

Every figure is a ratio of two timings taken in the same process (or a time
with its goal), so it carries over between machines better than seconds do.
Each timing is the best of several runs; every run builds a fresh plan (only
the time-zone offsets of dates stay cached between runs, as in real use).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import random
import statistics
import sys
import time
import tracemalloc
import zoneinfo
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

import footdrop
from footdrop import (
    Availability,
    Category,
    Dose,
    Exercise,
    Laterality,
    Position,
    Range,
    Routine,
    Side,
    Timing,
)
from footdrop.exceptions import InfeasibleScheduleError

if TYPE_CHECKING:
    from collections.abc import Callable

START = dt.date(2026, 1, 5)
DAY = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
ROUTINE = Routine.from_catalogue(affected=Side.LEFT)
T = TypeVar("T")


def best(run: Callable[[], Any], repeat: int = 5) -> float:
    """The shortest of *repeat* timings of *run*, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def plan_of(weeks: int) -> footdrop.Plan:
    return footdrop.schedule(ROUTINE, start=START, days=7 * weeks, availability=DAY)


def rebuild(plan: footdrop.Plan) -> Callable[[], footdrop.Plan]:
    """A function building *plan*'s objects one by one from their final values."""
    values = [
        (
            day.date,
            [
                (s.start, s.end, [attrs.asdict(i, recurse=False) for i in s.items])
                for s in day.sessions
            ],
            [attrs.asdict(f, recurse=False) for f in day.fallbacks],
        )
        for day in plan.days
    ]

    def build() -> footdrop.Plan:
        days = [
            footdrop.DayPlan(
                date=date,
                sessions=[
                    footdrop.Session(
                        start=start,
                        end=end,
                        items=[footdrop.PlanItem(**item) for item in items],
                    )
                    for start, end, items in sessions
                ],
                fallbacks=[footdrop.Fallback(**f) for f in fallbacks],
            )
            for date, sessions, fallbacks in values
        ]
        return footdrop.Plan(tz=plan.tz, days=days)

    return build


def shared_graph(plan: footdrop.Plan) -> Callable[[], footdrop.Plan]:
    """A function building *plan*'s object graph as the scheduler does, over shared items.

    The fair baseline: every Session, DayPlan and the Plan are built again, each
    session's start and end made from its timestamp in the plan's zone, but the
    item tuples are the plan's own (the scheduler shares them between identical
    days too).
    """
    zone = zoneinfo.ZoneInfo(plan.tz)
    values = [
        (
            day.date,
            [(s.start.timestamp(), s.end.timestamp(), s.items) for s in day.sessions],
            day.fallbacks,
        )
        for day in plan.days
    ]

    def build() -> footdrop.Plan:
        days = tuple(
            footdrop.DayPlan(
                date=date,
                sessions=tuple(
                    footdrop.Session(
                        start=dt.datetime.fromtimestamp(start, zone),
                        end=dt.datetime.fromtimestamp(end, zone),
                        items=items,
                    )
                    for start, end, items in sessions
                ),
                fallbacks=fallbacks,
            )
            for date, sessions, fallbacks in values
        )
        return footdrop.Plan(tz=plan.tz, days=days)

    return build


def drill(eid: str, seconds: int) -> Exercise:
    """An exercise whose session share takes *seconds* at 3 s a rep (default pace)."""
    return Exercise(
        id=eid,
        name=eid.replace("-", " "),
        category=Category.ANKLE_CONTROL,
        position=Position.SEATED,
        laterality=Laterality.BOTH_TOGETHER,
        steps=("Do the movement slowly.",),
        dose=Dose(sets=Range.exactly(1), reps=Range.exactly(seconds // 3)),
        timing=Timing(sessions_per_day=Range.exactly(1)),
    )


def packing_instance(reps: list[int]) -> tuple[Routine, Availability]:
    """15 one-session drills that pass every quick bound but cannot be packed."""
    items = [drill(f"drill-{k:02d}", 3 * r) for k, r in enumerate(reps)]
    routine = Routine(affected=Side.LEFT, items=[footdrop.Prescription(exercise=e) for e in items])
    day = Availability.daily(
        start=dt.time(8),
        end=dt.time(12),
        tz="Europe/London",
        max_session_minutes=10,
        max_sessions_per_day=4,
        min_rest_minutes=10,
    )
    return routine, day


def prove(routine: Routine, availability: Availability) -> float:
    def run() -> None:
        try:
            footdrop.schedule(routine, start=START, days=1, availability=availability)
        except InfeasibleScheduleError:
            return
        msg = "the instance was meant to be infeasible"
        raise AssertionError(msg)

    return best(run, repeat=3)


def two_window_instance(rng: random.Random) -> tuple[Routine, Availability]:
    """15 drills, a few twice a day 4-10 h apart, in a short morning and evening window."""
    items = []
    twice = rng.randint(0, 4)
    for k in range(15):
        exercise = drill(f"drill-{k:02d}", 3 * rng.randint(30, 56))
        if k < twice:
            exercise = attrs.evolve(
                exercise,
                timing=Timing(
                    sessions_per_day=Range.exactly(2),
                    min_spacing_minutes=rng.choice([240, 480, 600]),
                ),
            )
        items.append(footdrop.Prescription(exercise=exercise))
    day = Availability(
        windows=[
            footdrop.Window(start=dt.time(7), end=dt.time(7, 40)),
            footdrop.Window(start=dt.time(17), end=dt.time(17, rng.choice([30, 40, 50]))),
        ],
        tz="Europe/London",
        max_session_minutes=10,
        max_sessions_per_day=rng.choice([3, 4, 5]),
        min_rest_minutes=rng.choice([0, 5, 10]),
    )
    return Routine(affected=Side.LEFT, items=items), day


#: The longest CP-SAT may take on one benchmark day before it counts as undecided.
CPSAT_SECONDS = 10.0


@attrs.frozen(kw_only=True)
class DayProblem:
    """One ordinary day in the numbers the CP-SAT model needs, from the documented rules."""

    seconds: tuple[int, ...]  # each exercise's share of a session, from the duration model
    sessions: tuple[int, ...]  # how many sessions each exercise joins that day
    spacing: tuple[int, ...]  # minutes from start to start between an exercise's sessions
    positions: tuple[Position, ...]  # each exercise's body position
    change_seconds: int  # paid once per body position a session uses
    windows: tuple[tuple[int, int], ...]  # (opens, closes) in minutes after midnight, in order
    longest: int  # max_session_minutes
    most: int  # max_sessions_per_day
    rest: int  # min_rest_minutes

    @classmethod
    def of(cls, routine: Routine, availability: Availability) -> DayProblem:
        durations = footdrop.DurationModel()
        items = routine.items
        return cls(
            seconds=tuple(
                durations.estimate(p, p.current, affected=routine.affected).seconds for p in items
            ),
            sessions=tuple(p.current.sessions_per_day for p in items),
            spacing=tuple(p.timing.min_spacing_minutes for p in items),
            positions=tuple(p.exercise.position for p in items),
            change_seconds=durations.position_change_seconds,
            windows=tuple(
                sorted(
                    (w.start.hour * 60 + w.start.minute, w.end.hour * 60 + w.end.minute)
                    for w in availability.windows_on(START)
                )
            ),
            longest=availability.max_session_minutes,
            most=availability.max_sessions_per_day,
            rest=availability.min_rest_minutes,
        )


def cpsat_day(day: DayProblem) -> bool | None:  # noqa: C901, PLR0912 - one CP-SAT model, stated constraint by constraint
    """Whether one ordinary day has a plan, by OR-tools CP-SAT with one worker.

    ``None`` when CP-SAT does not decide within :data:`CPSAT_SECONDS`.

    The documented day rules, stated for the solver over ``day.most`` session
    slots: each exercise joins exactly its number of sessions; a session lasts its
    items' seconds plus one position change per body position it uses, rounded up
    to whole minutes, and at most ``day.longest``; it lies inside one window;
    sessions do not overlap and leave the rest between them; an exercise's
    sessions start its spacing apart. Beside these rules the model states facts
    they imply, so that the solver can prune early:

    * a session's length is exactly its rounded-up work (never longer, which would
      only add equivalent solutions);
    * slots are used in order (slot ``s + 1`` only if slot ``s``), start in time order
      and fall in windows in order, so that interchangeable slots are not renamed;
    * each session with its rest after it is an optional interval, and the intervals
      do not overlap;
    * in each window, the sessions' minutes plus a rest after each fit the
      window's minutes plus one rest; over the day, the session minutes hold all
      the work;
    * exercises with identical needs join slots in a fixed order.
    """
    from ortools.sat.python import cp_model  # only the benchmark needs it

    model = cp_model.CpModel()
    exercises = range(len(day.seconds))
    slots = range(day.most)
    spots = range(len(day.windows))
    opens, closes = day.windows[0][0], day.windows[-1][1]
    used = [model.new_bool_var(f"used {s}") for s in slots]
    joins = [[model.new_bool_var(f"joins {s} {i}") for i in exercises] for s in slots]
    inside = [[model.new_bool_var(f"inside {s} {w}") for w in spots] for s in slots]
    starts = [model.new_int_var(opens, closes, f"start {s}") for s in slots]
    lengths = [model.new_int_var(0, day.longest, f"length {s}") for s in slots]
    # shares[s][w]: slot s's length if it lies in window w, else 0.
    shares = [[model.new_int_var(0, day.longest, f"share {s} {w}") for w in spots] for s in slots]
    ends = [model.new_int_var(opens, closes + day.rest, f"end {s}") for s in slots]
    intervals = []
    for s in slots:
        for joined in joins[s]:
            model.add_implication(joined, used[s])
        model.add_bool_or(joins[s]).only_enforce_if(used[s])
        sits = []
        for position in sorted(set(day.positions)):
            sitting = model.new_bool_var(f"sits {s} {position}")
            model.add_max_equality(
                sitting,
                [v for v, p in zip(joins[s], day.positions, strict=True) if p == position],
            )
            sits.append(sitting)
        work = sum(t * v for t, v in zip(day.seconds, joins[s], strict=True)) + (
            day.change_seconds * sum(sits)
        )
        model.add(60 * lengths[s] >= work)
        model.add(60 * lengths[s] <= work + 59)
        model.add(sum(inside[s]) == used[s])
        model.add(sum(shares[s]) == lengths[s])
        model.add(ends[s] == starts[s] + lengths[s] + day.rest)
        for w, (a, b) in enumerate(day.windows):
            model.add(starts[s] >= a).only_enforce_if(inside[s][w])
            model.add(ends[s] <= b + day.rest).only_enforce_if(inside[s][w])
            model.add(shares[s][w] <= day.longest * inside[s][w])
        intervals.append(
            model.new_optional_interval_var(
                starts[s], lengths[s] + day.rest, ends[s], used[s], f"session {s}"
            )
        )
        if s:
            model.add_implication(used[s], used[s - 1])
            model.add(ends[s - 1] <= starts[s]).only_enforce_if(used[s])
            for w in spots:  # the previous slot lies in this window or an earlier one
                model.add_bool_or(inside[s - 1][: w + 1]).only_enforce_if(inside[s][w])
    model.add_no_overlap(intervals)
    for w, (a, b) in enumerate(day.windows):
        model.add(sum(shares[s][w] + day.rest * inside[s][w] for s in slots) <= b - a + day.rest)
    model.add(
        60 * sum(lengths)
        >= sum(n * t for n, t in zip(day.sessions, day.seconds, strict=True))
        + day.change_seconds * sum(used)
    )
    for i in exercises:
        model.add(sum(joins[s][i] for s in slots) == day.sessions[i])
        if day.spacing[i]:
            for s, t in itertools.combinations(slots, 2):
                model.add(starts[t] - starts[s] >= day.spacing[i]).only_enforce_if(
                    [joins[s][i], joins[t][i]]
                )
    alike: dict[tuple[int, Position], list[int]] = {}  # one-session exercises by their needs
    for i in exercises:
        if day.sessions[i] == 1:
            alike.setdefault((day.seconds[i], day.positions[i]), []).append(i)
    for group in alike.values():
        for i, j in itertools.pairwise(group):
            model.add(sum(s * joins[s][i] for s in slots) <= sum(s * joins[s][j] for s in slots))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = CPSAT_SECONDS
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
        return None
    return status != cp_model.INFEASIBLE


def tail(times: list[float]) -> str:
    """Median, 95th percentile and maximum of *times*, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )


@attrs.frozen(kw_only=True)
class DayTail:
    """Per-day times of schedule() and of CP-SAT on the same days, and their answers."""

    ours: tuple[float, ...]
    theirs: tuple[float, ...]
    found: tuple[bool, ...]  # whether schedule() found a plan, per day
    exists: tuple[bool | None, ...]  # CP-SAT's answer per day; None when undecided
    repeat: int  # each time is the best of this many runs

    @property
    def disagreements(self) -> list[int]:
        """The days both decided, with different answers."""
        return [
            k
            for k, (f, e) in enumerate(zip(self.found, self.exists, strict=True))
            if e is not None and e != f
        ]

    @property
    def undecided(self) -> int:
        return sum(e is None for e in self.exists)


def timed(run: Callable[[], T], repeat: int) -> tuple[float, list[T]]:
    """The shortest of *repeat* timings of *run*, in seconds, and its answer from each run."""
    times, answers = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        answers.append(run())
        times.append(time.perf_counter() - t0)
    return min(times), answers


def has_plan(routine: Routine, availability: Availability) -> bool:
    """Whether footdrop.schedule() plans *routine* on the benchmark's one day."""
    try:
        footdrop.schedule(routine, start=START, days=1, availability=availability)
    except InfeasibleScheduleError:
        return False
    return True


def cpsat_has_plan(routine: Routine, availability: Availability) -> bool | None:
    """:func:`cpsat_day` on the benchmark's one day, the model's numbers included in the time."""
    return cpsat_day(DayProblem.of(routine, availability))


def day_tail(count: int = 100, repeat: int = 3) -> DayTail:
    """Time schedule() and CP-SAT on *count* two-window days, each day the best of *repeat*."""
    rng = random.Random(7)  # noqa: S311 - a fixed seed: the same instances every run
    ours, theirs, found, exists = [], [], [], []
    for k in range(count):
        routine, day = two_window_instance(rng)
        took, answers = timed(functools.partial(has_plan, routine, day), repeat)
        ours.append(took)
        found.append(answers[0])
        took, verdicts = timed(functools.partial(cpsat_has_plan, routine, day), repeat)
        theirs.append(took)
        decided = {v for v in verdicts if v is not None}
        if len(set(answers)) > 1 or len(decided) > 1:
            msg = f"day {k}: one solver gave different answers in different runs"
            raise AssertionError(msg)
        exists.append(decided.pop() if decided else None)
    return DayTail(
        ours=tuple(ours),
        theirs=tuple(theirs),
        found=tuple(found),
        exists=tuple(exists),
        repeat=repeat,
    )


def report_day_tail(days: DayTail) -> None:
    """Print the two tails side by side; exit non-zero if the solvers disagree on a day."""
    slowest = max(range(len(days.ours)), key=days.ours.__getitem__)
    ratio = max(days.ours) / max(days.theirs)
    bound = "at most " if days.undecided else ""
    print(
        f"two windows (07:00-07:40, 17:00-17:30..50), {len(days.ours)} random 15-drill days "
        f"({sum(days.found)} with a plan), each day the best of {days.repeat} runs:\n"
        f"  schedule (whole one-day call): {tail(list(days.ours))}\n"
        f"  CP-SAT (1 worker, model built and solved): {tail(list(days.theirs))}\n"
        f"  slowest schedule day / slowest CP-SAT day: {bound}{ratio:.2f}x (goal <= 5); "
        f"schedule's slowest is day {slowest} "
        f"({'feasible' if days.found[slowest] else 'infeasible'}), where CP-SAT took "
        f"{days.theirs[slowest] * 1000:.1f} ms\n"
        f"  days CP-SAT left undecided after {CPSAT_SECONDS:g} s: {days.undecided}; "
        f"days the two disagree on: {len(days.disagreements)}"
    )
    if days.undecided:
        print(
            f"  WARNING: CP-SAT's slowest day is only known to exceed {CPSAT_SECONDS:g} s, "
            "so the ratio above is an upper bound"
        )
    if days.disagreements:
        rng = random.Random(7)  # noqa: S311 - the same instances as day_tail()
        problems = [DayProblem.of(*two_window_instance(rng)) for _ in days.ours]
        for k in days.disagreements:
            print(
                f"DISAGREEMENT on day {k} of the two-window family (seed 7): schedule "
                f"{'found a plan' if days.found[k] else 'found none'}, CP-SAT says a plan "
                f"{'exists' if days.exists[k] else 'does not exist'}: {problems[k]}",
                file=sys.stderr,
            )
        raise SystemExit(1)


def hardest_infeasible() -> tuple[float, str]:
    """Search (deterministically) for the 15-exercise instance slowest to prove infeasible."""
    rng = random.Random(20261124)  # noqa: S311 - a fixed seed: the same instances every run
    # Hand-built: 15 distinct lengths of 150-162 s; four fit no 10-minute session
    # (4 x 150 s + 30 s to sit down > 600 s), so 4 sessions hold at most 12.
    worst_reps = [50 + (k % 5) for k in range(15)]
    routine, day = packing_instance(worst_reps)
    worst = prove(routine, day)
    for _ in range(60):
        reps = [rng.randint(40, 56) for _ in range(15)]
        routine, day = packing_instance(reps)
        try:
            footdrop.schedule(routine, start=START, days=1, availability=day)
        except InfeasibleScheduleError:
            took = prove(routine, day)
            if took > worst:
                worst, worst_reps = took, reps
    lengths = f"{min(worst_reps) * 3}-{max(worst_reps) * 3} s"
    return worst, f"15 drills of {lengths}, 4 sessions of 10 min"


def paired(first: Callable[[], Any], second: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """The shortest timings of *first* and *second*, run in turns *repeat* times each.

    Taking turns exposes both to the same load on a shared machine, so their ratio
    holds better than that of two timings taken one after the other.
    """
    a, b = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        first()
        t1 = time.perf_counter()
        second()
        t2 = time.perf_counter()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return min(a), min(b)


def main() -> None:
    footdrop.catalogue()  # load the package data once, outside every timing
    plan_of(1)

    plan52 = plan_of(52)
    weeks52, shared52 = paired(lambda: plan_of(52), shared_graph(plan52), repeat=25)
    build52 = best(rebuild(plan52))
    print(
        f"52-week plan: schedule {weeks52 * 1000:.1f} ms; building the same shared object "
        f"graph (sessions and days over the shared items, with their datetimes) "
        f"{shared52 * 1000:.1f} ms, ratio {weeks52 / shared52:.2f} (goal <= 1.5); "
        f"rebuilding every item one by one {build52 * 1000:.1f} ms"
    )

    weeks520 = best(lambda: plan_of(520), repeat=5)
    print(
        f"520 weeks vs 52 weeks: {weeks520 * 1000:.1f} ms vs {weeks52 * 1000:.1f} ms, "
        f"ratio {weeks520 / weeks52:.2f} (goal <= 10.5)"
    )

    tracemalloc.start()
    plan520 = plan_of(520)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"520-week plan: peak memory {peak / 2**20:.1f} MiB while scheduling "
        f"({len(plan520.days)} days, "
        f"{sum(len(d.sessions) for d in plan520.days)} sessions)"
    )

    took, what = hardest_infeasible()
    print(
        f"hardest infeasible instance found ({what}): proved in {took * 1000:.2f} ms (goal < 50 ms)"
    )

    def first_day() -> None:
        next(footdrop.iter_schedule(ROUTINE, start=START, availability=DAY))

    try:
        from ortools.sat.python import cp_model  # noqa: F401 - loaded before any timing
    except ImportError:
        print("day-search tail beside CP-SAT: skipped (install the tests group for ortools)")
    else:
        report_day_tail(day_tail())

    first = best(first_day)
    print(
        f"first day of an open-ended plan: {first * 1000:.2f} ms, "
        f"{first / weeks52:.3f} of a 52-week plan"
    )

    lazy = footdrop.iter_schedule(ROUTINE, start=START, availability=DAY)
    assert plan52.days == tuple(itertools.islice(lazy, 364))


if __name__ == "__main__":
    main()
