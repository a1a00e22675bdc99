"""Completeness of footdrop.schedule against a brute-force search written here.

On small random instances (up to 4 exercises, up to 4 sessions a day, one or two
days, a 30-minute grid), an exhaustive search that shares no code with the
scheduler decides whether a plan meeting every floor exists; ``schedule`` must
raise ``InfeasibleScheduleError`` exactly when the search finds none.

The model the search uses, read from the public documentation only:

* Durations come from the documented ``DurationModel`` arithmetic. The instances
  give every exercise one set of plain repetitions (no hold), one body position,
  no side switch, 60 s a repetition and no position change, so an item of ``r``
  repetitions takes exactly ``r`` minutes and a session takes the sum of its items.
* Every number (window ends, item minutes, spacing, rest, the longest session) is a
  multiple of 30 minutes. Each choice of windows then leaves a system of difference
  constraints with whole bounds, which has a solution on the 30-minute grid whenever
  it has any solution at all: the grid search loses nothing against a finer grid.
* A plan exists when, on every date that is not skipped, each exercise sits in at
  least ``timing.sessions_per_day.min`` sessions at its floor. Putting an exercise in
  more sessions than its floor never helps (taking an item out only shortens a
  session and removes constraints), so the search puts each in exactly that many.
* Loaded exercises sharing a muscle (or the same loaded exercise) need 48 hours
  between sessions: within one day they must share a session, and a loaded
  exercise due on two consecutive dates cannot fit.
* The dates are ordinary (no clock change), so local minutes are elapsed minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Category,
    Dose,
    DurationModel,
    Exercise,
    Laterality,
    Level,
    Pace,
    Position,
    Prescription,
    Range,
    Routine,
    Side,
    Timing,
    Window,
    check_plan,
)
from footdrop.exceptions import InfeasibleScheduleError

GRID = 30  # minutes
DAY = dt.date(2026, 11, 24)  # no clock change near it in the zones used
MUSCLES = ("calf", "shin", "hip")


@attrs.frozen
class Need:
    """One exercise as the search sees it."""

    minutes: int  # one item at the floor
    count: int  # sessions a day at the floor
    spacing: int  # minutes, start to start
    loaded: bool
    muscles: frozenset[str]


@attrs.frozen
class Instance:
    needs: tuple[Need, ...]
    currents: tuple[tuple[int, int], ...]  # (reps, sessions per day) of the current level
    windows: tuple[tuple[int, int], ...]  # minutes since midnight
    max_session: int
    max_sessions: int
    rest: int
    days: int
    skip_second: bool
    zone: str


# ----------------------------------------------------------------------------- the search


def clash(a: Need, b: Need, same: bool) -> bool:
    """Whether two exercises' loaded work must be 48 hours apart."""
    return a.loaded and b.loaded and (same or bool(a.muscles & b.muscles))


def day_feasible(instance: Instance) -> bool:  # noqa: C901 - a brute force kept deliberately plain
    """Exhaustive search over sessions on the grid and exercise assignments for one day."""
    needs = instance.needs
    starts = sorted({t for a, b in instance.windows for t in range(a, b, GRID)})

    def fits(t: int, length: int) -> bool:
        return any(a <= t and t + length <= b for a, b in instance.windows)

    def forget(
        remaining: tuple[int, ...], free_from: int, last: tuple[int | None, ...]
    ) -> tuple[int | None, ...]:
        """Drop last starts that can no longer matter (memo keys only, nothing pruned)."""
        return tuple(
            None if s is None or not remaining[i] or s + needs[i].spacing <= free_from else s
            for i, s in enumerate(last)
        )

    @functools.cache
    def search(  # noqa: C901 - a brute force kept deliberately plain
        remaining: tuple[int, ...],
        used: int,
        free_from: int,
        last: tuple[int | None, ...],
        loaded_done: frozenset[int],
    ) -> bool:
        if not any(remaining):
            return True
        if used == instance.max_sessions:
            return False
        # Two sound cuts, both necessary conditions: an exercise needs a session of its
        # own for each count left, and the items left need that much window time.
        if max(remaining) > instance.max_sessions - used:
            return False
        left = sum(n.minutes * r for n, r in zip(needs, remaining, strict=True))
        room = sum(b - max(a, free_from) for a, b in instance.windows if b > free_from)
        if left > room:
            return False
        open_ids = [i for i, r in enumerate(remaining) if r]
        for size in range(1, len(open_ids) + 1):
            for subset in itertools.combinations(open_ids, size):
                length = sum(needs[i].minutes for i in subset)
                if length > instance.max_session:
                    continue
                # 48 h: loaded work already done today may not come back in another
                # session, nor may loaded work sharing its muscles.
                if any(clash(needs[i], needs[j], i == j) for i in subset for j in loaded_done):
                    continue
                for t in starts:
                    if t < free_from or not fits(t, length):
                        continue
                    if any(
                        last[i] is not None and t - last[i] < needs[i].spacing  # type: ignore[operator]
                        for i in subset
                    ):
                        continue
                    nxt = tuple(r - (i in subset) for i, r in enumerate(remaining))
                    new_last = tuple(t if i in subset else s for i, s in enumerate(last))
                    done = loaded_done | {i for i in subset if needs[i].loaded}
                    free = t + length + instance.rest
                    if search(nxt, used + 1, free, forget(nxt, free, new_last), done):
                        return True
        return False

    return search(tuple(n.count for n in needs), 0, -(10**6), (None,) * len(needs), frozenset())


def brute_force(instance: Instance) -> bool:
    """Whether any plan meets every floor over all of the instance's dates."""
    due_days = 1 if instance.skip_second or instance.days == 1 else 2
    if due_days == 2 and any(n.loaded for n in instance.needs):
        return False  # the same loaded exercise on consecutive dates is < 48 h apart
    return day_feasible(instance)


# ----------------------------------------------------------------------------- building


def routine_of(instance: Instance) -> Routine:
    items = []
    for i, (need, (reps, per_day)) in enumerate(
        zip(instance.needs, instance.currents, strict=True)
    ):
        exercise = Exercise(
            id=f"exercise-{'abcd'[i]}",
            name=f"Exercise {'ABCD'[i]}",
            category=Category.ANKLE_STRENGTH,
            position=Position.SEATED,
            laterality=Laterality.BOTH_TOGETHER,
            steps=("Move slowly.",),
            dose=Dose(
                sets=Range(min=1, max=1),
                reps=Range(min=need.minutes, max=100),
                rest_between_sets_seconds=0,
            ),
            timing=Timing(
                sessions_per_day=Range(min=need.count, max=4),
                min_spacing_minutes=need.spacing,
            ),
            is_loaded=need.loaded,
            target_muscles=tuple(sorted(need.muscles)),
        )
        current = Level(sets=1, sessions_per_day=per_day, reps=reps)
        items.append(Prescription(exercise=exercise, current=current))
    return Routine(affected=Side.LEFT, items=items)


def availability_of(instance: Instance) -> Availability:
    def clock(minutes: int) -> dt.time:
        return dt.time(minutes // 60, minutes % 60)

    return Availability(
        windows=[Window(start=clock(a), end=clock(b)) for a, b in instance.windows],
        tz=instance.zone,
        max_session_minutes=instance.max_session,
        max_sessions_per_day=instance.max_sessions,
        min_rest_minutes=instance.rest,
        skipped_dates=[DAY + dt.timedelta(days=1)] if instance.skip_second else [],
    )


MINUTE_REPS = DurationModel(
    paces={},
    default=Pace(seconds_per_rep=60, side_switch_seconds=0, reason="one minute a repetition"),
    position_change_seconds=0,
)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n = draw(st.integers(1, 4))
    needs = []
    currents = []
    for _ in range(n):
        minutes = draw(st.sampled_from([30, 30, 30, 60, 90]))
        count = draw(st.sampled_from([1, 1, 2]))
        loaded = draw(st.booleans()) and draw(st.booleans())
        muscles = frozenset(draw(st.sets(st.sampled_from(MUSCLES), min_size=1, max_size=2)))
        needs.append(
            Need(
                minutes=minutes,
                count=count,
                spacing=draw(st.sampled_from([0, 0, 0, 60, 120, 240])),
                loaded=loaded,
                muscles=muscles,
            )
        )
        # The current level may sit above the floor: the scheduler then falls back.
        currents.append(
            (draw(st.integers(minutes, min(100, minutes + 20))), draw(st.integers(count, 3)))
        )
    # Windows on the 30-minute grid between 06:00 and 22:00 (12 and 44 half-hours).
    first = draw(st.integers(12, 30))
    end = min(44, first + draw(st.integers(1, 24)))
    pairs = [(first, end)]
    if end <= 40 and draw(st.booleans()):
        second = draw(st.integers(end + 1, 42))
        pairs.append((second, min(44, second + draw(st.integers(1, 12)))))
    windows = tuple((a * GRID, b * GRID) for a, b in pairs)
    return Instance(
        needs=tuple(needs),
        currents=tuple(currents),
        windows=windows,
        max_session=draw(st.sampled_from([30, 60, 90, 120, 180, 240, 240])),
        max_sessions=draw(st.sampled_from([1, 2, 3, 4, 4])),
        rest=draw(st.sampled_from([0, 0, 30, 60, 120])),
        days=draw(st.integers(1, 2)),
        skip_second=draw(st.booleans()),
        zone=draw(st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe"])),
    )


def run(instance: Instance) -> footdrop.Plan | None:
    try:
        return footdrop.schedule(
            routine_of(instance),
            start=DAY,
            days=instance.days,
            availability=availability_of(instance),
            durations=MINUTE_REPS,
        )
    except InfeasibleScheduleError:
        return None


# ----------------------------------------------------------------------------- tests


class TestBruteForce:
    def test_search_finds_the_obvious_plan(self) -> None:
        """One 30-minute exercise twice a day, 2 h apart, fits a 4-hour window."""
        need = Need(minutes=30, count=2, spacing=120, loaded=False, muscles=frozenset({"calf"}))
        instance = Instance(
            needs=(need,),
            currents=((30, 2),),
            windows=((480, 720),),
            max_session=30,
            max_sessions=2,
            rest=0,
            days=1,
            skip_second=False,
            zone="Europe/London",
        )
        assert True is brute_force(instance)

    def test_search_sees_spacing_that_does_not_fit(self) -> None:
        """Two sessions 4 h apart cannot fit a 3-hour window."""
        need = Need(minutes=30, count=2, spacing=240, loaded=False, muscles=frozenset({"calf"}))
        instance = Instance(
            needs=(need,),
            currents=((30, 2),),
            windows=((480, 660),),
            max_session=30,
            max_sessions=2,
            rest=0,
            days=1,
            skip_second=False,
            zone="Europe/London",
        )
        assert False is brute_force(instance)

    def test_search_shares_sessions_to_meet_the_session_limit(self) -> None:
        """Two exercises with one session allowed must share it, within the length limit."""
        a = Need(minutes=30, count=1, spacing=0, loaded=False, muscles=frozenset({"calf"}))
        b = Need(minutes=60, count=1, spacing=0, loaded=False, muscles=frozenset({"hip"}))
        base = Instance(
            needs=(a, b),
            currents=((30, 1), (60, 1)),
            windows=((480, 720),),
            max_session=90,
            max_sessions=1,
            rest=0,
            days=1,
            skip_second=False,
            zone="Europe/London",
        )
        assert True is brute_force(base)
        assert False is brute_force(attrs.evolve(base, max_session=60))

    def test_loaded_work_on_consecutive_days_never_fits(self) -> None:
        """A daily loaded exercise over two due dates breaks the 48-hour rule."""
        need = Need(minutes=30, count=1, spacing=0, loaded=True, muscles=frozenset({"hip"}))
        instance = Instance(
            needs=(need,),
            currents=((30, 1),),
            windows=((480, 720),),
            max_session=30,
            max_sessions=1,
            rest=0,
            days=2,
            skip_second=False,
            zone="Europe/London",
        )
        assert False is brute_force(instance)
        assert True is brute_force(attrs.evolve(instance, skip_second=True))


class TestCompleteness:
    @settings(max_examples=60)
    @given(instance=instances())
    def test_schedule_finds_a_plan_exactly_when_one_exists(self, instance: Instance) -> None:
        """Schedule raises InfeasibleScheduleError exactly when the brute force finds nothing."""
        plan = run(instance)
        exists = brute_force(instance)
        assert exists == (plan is not None)

    @settings(max_examples=30)
    @given(instance=instances())
    def test_plans_found_pass_the_checker(self, instance: Instance) -> None:
        """Whatever schedule returns on these instances keeps every rule."""
        plan = run(instance)
        if plan is not None:
            assert () == check_plan(plan, routine_of(instance), availability_of(instance))

    def test_daily_loaded_exercise_fits_when_the_next_date_is_skipped(self) -> None:
        """Two dates, the second skipped: one loaded session fits, so schedule finds it."""
        need = Need(minutes=30, count=1, spacing=0, loaded=True, muscles=frozenset({"hip"}))
        instance = Instance(
            needs=(need,),
            currents=((30, 1),),
            windows=((480, 720),),
            max_session=30,
            max_sessions=1,
            rest=0,
            days=2,
            skip_second=True,
            zone="Europe/London",
        )
        assert True is brute_force(instance)
        plan = run(instance)
        assert plan is not None
        assert () == check_plan(plan, routine_of(instance), availability_of(instance))
