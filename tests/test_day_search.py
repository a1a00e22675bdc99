"""The exact day search and its bounds, against references that use none of them.

``footdrop.scheduling._search`` cuts a branch only when no completion of it can
fit (docs/explanation/scheduling.md, "Why the search is exact"). Two references
check that its capacity bounds never cut a feasible branch:

* a brute force written here from the documented day model: every way to put
  each demand in its number of distinct sessions, for every number of sessions,
  each session placed at its earliest start in time order;
* the same search with the window bound switched off, which must return the very
  same placement (a valid cut removes only branches without one, so the depth-first
  order meets the same first placement) and the very same front.
"""

from __future__ import annotations

import itertools
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop.scheduling import _search
from footdrop.scheduling._search import Budget, Demand, Limits, solve, solve_front

NO_RELEASE = -(10**9)


def minutes_of(mask: int, demands: list[Demand], limits: Limits) -> int:
    """A session's length: its demands' seconds and one change per position, rounded up."""
    seconds = sum(d.seconds for i, d in enumerate(demands) if mask >> i & 1)
    positions = 0
    for i, d in enumerate(demands):
        if mask >> i & 1:
            positions |= d.positions
    return -(-(seconds + limits.change_seconds * positions.bit_count()) // 60)


def earliest(
    masks: list[int], demands: list[Demand], pieces: list[tuple[int, int]], limits: Limits
) -> bool:
    """Whether sessions holding *masks*, in this order, fit when each starts as early as it may."""
    end = None
    last: dict[int, int] = {}
    for mask in masks:
        length = minutes_of(mask, demands, limits)
        if length > limits.max_minutes:
            return False
        low = pieces[0][0] if end is None else end + limits.rest
        for i, d in enumerate(demands):
            if mask >> i & 1:
                low = max(low, d.release, last.get(i, NO_RELEASE) + d.spacing)
        start = next((max(low, a) for a, b in pieces if max(low, a) + length <= b), None)
        if start is None:
            return False
        for i in range(len(demands)):
            if mask >> i & 1:
                last[i] = start
        end = start + length
    return True


def brute_force(demands: list[Demand], pieces: list[tuple[int, int]], limits: Limits) -> bool:
    """Whether any choice of sessions for every demand fits, tried one by one."""
    for sessions in range(1, limits.max_sessions + 1):
        choices = [itertools.combinations(range(sessions), d.count) for d in demands]
        for picked in itertools.product(*choices):
            masks = [0] * sessions
            for i, slots in enumerate(picked):
                for j in slots:
                    masks[j] |= 1 << i
            if all(masks) and earliest(masks, demands, pieces, limits):
                return True
    return False


def keeps_every_rule(
    placement: _search.Placement,
    demands: list[Demand],
    pieces: list[tuple[int, int]],
    limits: Limits,
) -> bool:
    """Whether *placement* keeps the day model's rules, checked from scratch."""
    if len(placement) > limits.max_sessions:
        return False
    end = None
    for start, length, mask in placement:
        if length != minutes_of(mask, demands, limits) or length > limits.max_minutes:
            return False
        if end is not None and start < end + limits.rest:
            return False
        if not any(a <= start and start + length <= b for a, b in pieces):
            return False
        end = start + length
    return all(
        keeps_its_own_rules(d, [start for start, _, mask in placement if mask >> i & 1])
        for i, d in enumerate(demands)
    )


def keeps_its_own_rules(demand: Demand, starts: list[int]) -> bool:
    """Whether sessions at *starts* are as many, as late and as far apart as *demand* needs."""
    return (
        len(starts) == demand.count
        and all(t >= demand.release for t in starts)
        and all(later - earlier >= demand.spacing for earlier, later in itertools.pairwise(starts))
    )


@st.composite
def days(draw: st.DrawFn, *, pinned: bool = False) -> tuple[list[Demand], list, Limits]:
    """Small, tight days: one to three windows, a few sessions, spacing and releases."""
    pieces, at = [], 0
    for gap, length in draw(
        st.lists(st.tuples(st.integers(0, 60), st.integers(3, 40)), min_size=1, max_size=3)
    ):
        pieces.append((at + gap, at + gap + length))
        at += gap + length
    count = draw(st.integers(1, 5))
    demands = [
        Demand(
            count=draw(st.sampled_from([1, 1, 1, 2, 2, 3])),
            # Multiples of a quarter minute often fill a session to the second.
            seconds=draw(st.one_of(st.integers(20, 420), st.integers(2, 28).map((15).__mul__))),
            positions=draw(st.sampled_from([1, 1, 2, 3])),
            spacing=draw(st.sampled_from([0, 0, 0, 10, 30, 60])),
            release=draw(st.sampled_from([NO_RELEASE, NO_RELEASE, at // 3, at // 2])),
            is_pinned=pinned and k == 0,
        )
        for k in range(count)
    ]
    if pinned:  # pinned (loaded) work is done once a day
        demands[0] = Demand(
            count=1,
            seconds=demands[0].seconds,
            positions=demands[0].positions,
            release=demands[0].release,
            is_pinned=True,
        )
    limits = Limits(
        max_minutes=draw(st.integers(2, 12)),
        max_sessions=draw(st.integers(1, 4)),
        rest=draw(st.sampled_from([0, 0, 2, 5, 10])),
        change_seconds=draw(st.sampled_from([0, 30])),
    )
    return demands, pieces, limits


@st.composite
def tight_days(draw: st.DrawFn) -> tuple[list[Demand], list, Limits]:
    """Days whose work nearly fills two short windows: where the window bound decides."""
    rest = draw(st.sampled_from([0, 1, 2, 3]))
    first = draw(st.integers(4, 16))
    gap = draw(st.integers(0, 30))
    second = draw(st.integers(4, 16))
    pieces = [(0, first), (first + gap, first + gap + second)]
    limits = Limits(
        max_minutes=draw(st.integers(2, 8)),
        max_sessions=draw(st.integers(2, 4)),
        rest=rest,
        change_seconds=draw(st.sampled_from([0, 30])),
    )
    # Work, in half minutes, within a few minutes of what the windows and sessions hold.
    most = min(first + second - rest, limits.max_sessions * limits.max_minutes)
    paid = limits.max_sessions if limits.change_seconds else 0  # one position change a session
    fill = max(2 * most - paid + draw(st.integers(-6, 1)), 2)
    count = draw(st.integers(2, 5))
    cuts = sorted(
        draw(st.lists(st.integers(1, max(fill - 1, 1)), min_size=count - 1, max_size=count - 1))
    )
    halves = [max(b - a, 1) for a, b in itertools.pairwise([0, *cuts, max(fill, count)])]
    # The first demand may come twice, spaced by the first window's length: half its share each.
    twice = draw(st.booleans())
    demands = [
        Demand(
            count=2 if twice and k == 0 else 1,
            seconds=15 * h if twice and k == 0 else 30 * h,
            positions=draw(st.sampled_from([1, 1, 2])),
            spacing=first if twice and k == 0 else 0,
        )
        for k, h in enumerate(halves)
    ]
    return demands, pieces, limits


def without_window_bound() -> mock._patch[mock.MagicMock]:
    """The search with its window bound (``window_room``) switched off."""
    return mock.patch.object(_search._DaySearch, "window_room", return_value=10**9)


class TestExactness:
    @settings(max_examples=300, deadline=None)
    @given(day=st.one_of(days(), tight_days()))
    def test_the_search_finds_a_plan_exactly_when_the_brute_force_does(self, day):
        """The bounded search finds a placement exactly when one exists, and it keeps every rule."""
        demands, pieces, limits = day
        found = solve(demands, pieces, limits)
        assert brute_force(demands, pieces, limits) == (found is not None)
        if found is not None:
            assert keeps_every_rule(found, demands, pieces, limits)

    @settings(max_examples=200, deadline=None)
    @given(day=days())
    def test_quick_tries_in_shuffled_orders_agree_with_the_brute_force(self, day):
        """Tries of a few steps in shuffled slot orders, then the full search, stay exact.

        (Without a budget of its own, a try that runs out ends only that try.)
        """
        demands, pieces, limits = day
        with mock.patch.object(_search, "TRY_STEPS", 3):
            found = solve(demands, pieces, limits, quick_tries=True)
        assert brute_force(demands, pieces, limits) == (found is not None)
        if found is not None:
            assert keeps_every_rule(found, demands, pieces, limits)

    @settings(max_examples=300, deadline=None)
    @given(day=st.one_of(days(), tight_days()))
    def test_the_window_bound_changes_no_placement(self, day):
        """With or without the window bound, the search returns the same placement."""
        demands, pieces, limits = day
        bounded = solve(demands, pieces, limits)
        with without_window_bound():
            unbounded = solve(demands, pieces, limits)
        assert unbounded == bounded

    @settings(max_examples=200, deadline=None)
    @given(day=days(pinned=True))
    def test_the_window_bound_changes_no_front(self, day):
        """With or without the window bound, the front of earliest pinned starts is the same."""
        demands, pieces, limits = day
        bounded = solve_front(demands, pieces, limits)
        with without_window_bound():
            unbounded = solve_front(demands, pieces, limits)
        assert unbounded == bounded
        assert bool(bounded) == brute_force(demands, pieces, limits)


#: Two days of the benchmark's two-window family (benchmarks/bench_schedule.py, seed 7).
TWO_WINDOWS = [(0, 40), (600, 630)]
#: Day 41: infeasible; 4 sessions of 10 min hold 2,280 s of work, it needs 2,253 s.
INFEASIBLE = [
    (2, 126, 240),
    (2, 105, 240),
    (2, 135, 600),
    *((1, s, 0) for s in (132, 126, 117, 159, 102, 129, 123, 126, 120, 99, 168, 120)),
]
#: Day 96: feasible, but 20,026 steps of search before the window bound.
FEASIBLE = [
    (2, 114, 600),
    (2, 105, 480),
    (2, 168, 240),
    (2, 156, 240),
    *((1, s, 0) for s in (135, 105, 99, 150, 162, 96, 135, 165, 156, 141, 165)),
]


def demands_of(needs: list[tuple[int, int, int]]) -> list[Demand]:
    return [Demand(count=c, seconds=s, positions=2, spacing=g) for c, s, g in needs]


class TestHardDays:
    def test_the_hardest_infeasible_benchmark_day_is_proved_in_few_steps(self):
        """Day 41 of the benchmark is proved to have no plan within 2,500 steps (was 18,589)."""
        limits = Limits(max_minutes=10, max_sessions=4, rest=5, change_seconds=30)
        budget = Budget(10**6)
        assert solve(demands_of(INFEASIBLE), TWO_WINDOWS, limits, budget=budget) is None
        assert budget.spent <= 2_500

    def test_the_slowest_feasible_benchmark_day_is_found_in_few_steps(self):
        """Day 96 of the benchmark gets a valid placement within 100 steps (was 20,026)."""
        limits = Limits(max_minutes=10, max_sessions=5, rest=5, change_seconds=30)
        demands = demands_of(FEASIBLE)
        budget = Budget(10**6)
        found = solve(demands, TWO_WINDOWS, limits, budget=budget, quick_tries=True)
        assert found is not None
        assert keeps_every_rule(found, demands, TWO_WINDOWS, limits)
        assert budget.spent <= 100
