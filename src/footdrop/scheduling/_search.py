"""The exact search that places one day's sessions (used by the scheduler).

The model, in whole minutes of real (UTC) time:

* A day offers *pieces*: closed intervals ``[a, b]`` of minutes relative to an
  anchor (the availability windows, cut where clocks change).
* A *demand* is one exercise (or several loaded exercises that must share a
  session) that needs ``count`` sessions, takes ``seconds`` per session, uses a
  set of body positions, wants ``spacing`` minutes from one of its session starts
  to the next, and may not start before ``release``.
* A session's length is ``ceil((sum of its demands' seconds + change x
  positions) / 60)`` minutes, at most ``max_minutes``; at most ``max_sessions``
  sessions; ``rest`` minutes from one session's end to the next start.

The search chooses, for a number of sessions ``S``, which sessions each demand
joins, then places the sessions in time order, each at its **earliest** start.
For a fixed choice every constraint is a lower bound on a start set by earlier
sessions (rest, spacing, release) or keeps a session inside one piece, so the
earliest placement meets them whenever any placement does: moving a session
earlier never hurts a later one. Trying every choice for every ``S`` therefore
finds a plan whenever one exists on the minute grid, and since every input is a
whole number of minutes, a plan on the minute grid exists whenever any plan
exists at all. Pruning only cuts branches that provably cannot succeed: a partial
choice is checked with empty sessions left out (adding demands only moves
sessions later and makes them longer), capacity bounds, and interchangeable
demands taken in one canonical order.
"""

from __future__ import annotations

import bisect
import itertools
import random
from typing import TYPE_CHECKING, Final, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Budget",
    "BudgetSpent",
    "Demand",
    "Limits",
    "Placement",
    "dominates",
    "solve",
    "solve_front",
    "spread",
]

#: Sessions placed: (start minute relative to the anchor, length in minutes, demand mask).
Placement = tuple[tuple[int, int, int], ...]

_NO_RELEASE: Final = -(10**9)
#: The most failed search states remembered per search (bounds memory, not correctness).
_MEMO: Final = 200_000
#: Steps of each quick try of a day search before the exhaustive search (see :func:`solve`).
TRY_STEPS: Final = 5_000
#: Quick tries in a shuffled slot order after the first one in the usual order.
TRIES: Final = 8


@final
@attrs.frozen(kw_only=True)
class Demand:
    """What one exercise (or a loaded group) needs of a day."""

    count: int
    seconds: int
    positions: int  # a bit mask of body positions
    spacing: int = 0
    release: int = _NO_RELEASE
    is_pinned: bool = False  # keep its sessions at their earliest start (loaded work)


@final
@attrs.frozen(kw_only=True)
class Limits:
    """The availability's limits, in minutes and sessions."""

    max_minutes: int
    max_sessions: int
    rest: int
    change_seconds: int


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class BudgetSpent(Exception):  # noqa: N818 - internal signal, never leaves the scheduler
    """A search passed its :class:`Budget`; the caller decides what that means."""


class _TryOver(Exception):  # noqa: N818 - internal signal: one quick try is over, not the budget
    pass


class Budget:
    """Search steps one or more searches may still take together.

    Every node of a day search costs one step; when none are left the search
    raises :class:`BudgetSpent` instead of running on. A *quick try* is a budget
    of its own inside another: its steps count toward both, and when the try's own
    steps run out it ends that try only.
    """

    def __init__(self, steps: int, *, within: Budget | None = None, is_try: bool = False) -> None:
        self.steps = steps
        self.spent = 0
        self.within = within
        self.is_try = is_try

    def spend(self) -> None:
        """Take one step, or raise :class:`BudgetSpent` when none are left (a try: end it)."""
        self.spent += 1
        if self.within is not None:
            self.within.spend()
        if self.spent > self.steps:
            raise _TryOver if self.is_try else BudgetSpent

    def charge(self, steps: int) -> None:
        """Take *steps* at once (a search answered before, elsewhere), as :meth:`spend` would.

        Only for a plan's own budget: raises :class:`BudgetSpent` at the step that passes it.
        """
        if self.spent + steps > self.steps:
            self.spent = self.steps + 1
            raise BudgetSpent
        self.spent += steps


def dominates(a: Sequence[int], b: Sequence[int]) -> bool:
    """Whether start vector *a* is no later than *b* in every place."""
    return all(x <= y for x, y in zip(a, b, strict=True))


class _DaySearch:
    """The search over which sessions each demand joins, for one day.

    One instance answers one question. :meth:`first` returns the first placement
    found (the feasibility question). :meth:`front` returns every placement whose
    vector of pinned starts is not matched or beaten by another (the question the
    horizon search asks of a day with loaded work: which earliest starts can it
    leave its neighbours?).
    """

    def __init__(
        self,
        demands: Sequence[Demand],
        pieces: Sequence[tuple[int, int]],
        limits: Limits,
        budget: Budget | None,
        *,
        pinned_first: bool = False,
        shuffle: random.Random | None = None,
        failed: set[object] | None = None,
    ) -> None:
        self.demands = demands
        self.shuffle = shuffle
        self.pieces = pieces
        self.limits = limits
        self.budget = budget
        n = self.n = len(demands)
        self.seconds = [d.seconds for d in demands]
        self.positions = [d.positions for d in demands]
        self.change = limits.change_seconds
        self.max_seconds = limits.max_minutes * 60
        self._sizes: dict[int, tuple[int, int, int]] = {}
        self._rooms: dict[int, int] = {}
        self.pinned = [i for i, d in enumerate(demands) if d.is_pinned]
        self.pinned_bits = sum(1 << i for i in self.pinned)
        # Most constrained first: more sessions, wider spacing, longer. When the
        # pinned starts are what the search minimises, pinned demands come first so
        # that a partial placement already bounds them.
        self.order = sorted(
            range(n),
            key=lambda i: (
                not (pinned_first and demands[i].is_pinned),
                -demands[i].count,
                -demands[i].spacing,
                -demands[i].seconds,
                i,
            ),
        )
        order = self.order
        self.pinned_done_at = (
            max((k + 1 for k, i in enumerate(order) if demands[i].is_pinned), default=0)
            if pinned_first
            else n + 1
        )
        self.same_as_previous = [
            k > 0 and demands[order[k]] == demands[order[k - 1]] for k in range(n)
        ]
        self.remaining_after = [0] * (n + 1)
        self.work_after = [0] * (n + 1)
        self.shortest_after = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            d = demands[order[k]]
            self.remaining_after[k] = self.remaining_after[k + 1] + d.count
            self.work_after[k] = self.work_after[k + 1] + d.count * d.seconds
            alone = self.minutes(1 << order[k])
            after = self.shortest_after[k + 1]
            self.shortest_after[k] = min(alone, after) if after else alone
        # For each k, bit s is set when some demands of order[k:] take s seconds together.
        self.sums_after = [1] * (n + 1)
        for k in range(n - 1, -1, -1):
            after = self.sums_after[k + 1]
            self.sums_after[k] = after | after << demands[order[k]].seconds
        # For each k, prefix sums of the seconds of demands order[k:], smallest first.
        self.smallest_prefix = [
            list(itertools.accumulate(sorted(demands[i].seconds for i in order[k:]), initial=0))
            for k in range(n + 1)
        ]
        self.timed = [i for i, d in enumerate(demands) if d.spacing or d.release != _NO_RELEASE]
        self.timed_bits = sum(1 << i for i in self.timed)
        self.timed_info = [(i, 1 << i, demands[i].release, demands[i].spacing) for i in self.timed]
        # The bits a memo key keeps: timed demands, and pinned ones when they are minimised.
        self.key_bits = self.timed_bits | (self.pinned_bits if pinned_first else 0)
        # With one window and no spacing or release, a day's feasibility depends only
        # on which demands share a session, not on the order of the sessions (they run
        # back to back from the window's start), so the sessions are interchangeable.
        # Not so when pinned starts are minimised: then the order decides them.
        self.interchangeable = (
            len(pieces) == 1 and not self.timed and not (pinned_first and self.pinned)
        )
        self.first_piece = pieces[0][0]
        self.last_piece_end = pieces[0][1]
        self.tail_end: int | None = None  # the end of the last session place() placed
        # The earliest start place() found for each slot it placed (holes included).
        self.slot_starts = [0] * limits.max_sessions
        self.rooms = [0] * limits.max_sessions  # has_room()'s room of each slot
        self.has_gone_back = False  # whether a branch has failed yet (see has_room())
        # Failed states are facts about the demands, pieces and limits alone (a state is
        # remembered only once its whole subtree is searched), so searches of the same
        # question in other slot orders may share them.
        self.failed: set[object] = set() if failed is None else failed
        self.contents = [0] * limits.max_sessions
        self.choices: list[tuple[int, ...]] = [()] * n
        self.is_front = pinned_first
        self.best: list[tuple[tuple[int, ...], tuple[tuple[int, int, int], ...]]] = []
        self.additions = 0

    # -- sizes -----------------------------------------------------------------------

    def size(self, mask: int) -> tuple[int, int, int]:
        """(minutes, seconds with position changes, positions) of a session holding *mask*."""
        found = self._sizes.get(mask)
        if found is None:
            secs = 0
            pos = 0
            for i in range(mask.bit_length()):
                if mask >> i & 1:
                    secs += self.seconds[i]
                    pos |= self.positions[i]
            secs += self.change * pos.bit_count()
            found = (_ceil_div(secs, 60), secs, pos)
            self._sizes[mask] = found
        return found

    def minutes(self, mask: int) -> int:
        return self.size(mask)[0]

    def piece_room(self, span: int) -> int:
        """The most session seconds *span* minutes of one window can hold.

        Sessions last at most max_minutes, each pays one position change, and
        sessions are min_rest minutes apart: s sessions hold at most
        min(s x (max_minutes x 60 - change), (span - (s - 1) x rest) x 60 - s x change).
        """
        found = self._rooms.get(span)
        if found is None:
            found = 0
            rest, change = self.limits.rest, self.change
            for count in range(1, self.limits.max_sessions + 1):
                usable = span - (count - 1) * rest
                if usable <= 0:
                    break
                found = max(
                    found,
                    min(count * (self.max_seconds - change), usable * 60 - count * change),
                )
            self._rooms[span] = found
        return found

    # -- placing sessions in time ----------------------------------------------------

    def fits_back_to_back(self, contents: Sequence[int]) -> bool:
        """The check for interchangeable sessions: back to back from the window's start."""
        total = 0
        count = 0
        for mask in contents:
            if mask:
                length = self.minutes(mask)
                if length > self.limits.max_minutes:
                    return False
                total += length
                count += 1
        rest = self.limits.rest
        return not count or self.first_piece + total + (count - 1) * rest <= self.last_piece_end

    def place(self, contents: Sequence[int], hole: int = 0) -> list[tuple[int, int, int]] | None:  # noqa: C901, PLR0912 - the search's inner step: bounds, placement and backtracking together for speed
        """Place the sessions in order, each at its earliest start, or return None.

        With *hole* > 0 (a partial choice), an empty slot before the last used one
        counts as a session of *hole* minutes: it must take some demand later.
        """
        placed: list[tuple[int, int, int]] = []
        last: dict[int, int] = {}
        end = None
        top = -1
        if hole:
            for j in range(len(contents) - 1, -1, -1):
                if contents[j]:
                    top = j
                    break
        longest = self.limits.max_minutes
        rest = self.limits.rest
        timed_bits = self.timed_bits
        timed = self.timed_info
        pieces = self.pieces
        sizes = self._sizes
        slot_starts = self.slot_starts
        for slot, mask in enumerate(contents):
            if not mask:
                if slot >= top:
                    continue
                length = hole
            else:
                known = sizes.get(mask)
                length = known[0] if known is not None else self.minutes(mask)
            if length > longest:
                return None
            lb = self.first_piece if end is None else end + rest
            if mask & timed_bits:
                for i, bit, release, spacing in timed:
                    if mask & bit:
                        if release > lb:  # noqa: PLR1730 - cheaper than max() in the inner loop
                            lb = release
                        prev = last.get(i)
                        if prev is not None and prev + spacing > lb:
                            lb = prev + spacing
            for a, b in pieces:
                start = lb if lb > a else a  # noqa: FURB136 - cheaper than max() in the inner loop
                if start + length <= b:
                    break
            else:
                return None
            if mask & timed_bits:
                for i, bit, _, _ in timed:
                    if mask & bit:
                        last[i] = start
            if mask:
                placed.append((start, length, mask))
            slot_starts[slot] = start
            end = start + length
        self.tail_end = end
        return placed

    def pinned_starts(self, placed: Sequence[tuple[int, int, int]]) -> tuple[int, ...]:
        """The start of each pinned demand's session, in demand order."""
        return tuple(next(start for start, _, mask in placed if mask >> i & 1) for i in self.pinned)

    def is_beaten(self, starts: Sequence[int]) -> bool:
        """Whether a placement already kept starts its pinned work no later than *starts*."""
        return any(dominates(kept, starts) for kept, _ in self.best)

    def partial_ok(self, contents: Sequence[int], k: int) -> bool:
        """Whether the first *k* demands' choice can still lead somewhere new."""
        if self.interchangeable:
            return self.fits_back_to_back(contents)
        placed = self.place(contents, self.shortest_after[k])
        if placed is None:
            return False
        # Partial starts only move later as demands join, so a partial placement
        # whose pinned starts are already matched cannot add to the front.
        return not (
            self.best and k >= self.pinned_done_at and self.is_beaten(self.pinned_starts(placed))
        )

    # -- the search --------------------------------------------------------------------

    def first(self) -> Placement | None:
        """The first placement found, or ``None`` when none exists."""
        if not self.feasible_in_count():
            return None
        found = self.dfs(0)
        return None if found is None else tuple(found)

    def front(self) -> list[Placement]:
        """Every placement whose pinned starts no other placement matches or beats.

        Sorted by those starts; empty when no placement exists.
        """
        if self.feasible_in_count():
            self.dfs(0)
        return [tuple(placed) for _, placed in sorted(self.best)]

    def feasible_in_count(self) -> bool:
        """The least number of sessions that could hold the work is allowed."""
        if not self.n:
            return True
        most = max(d.count for d in self.demands)
        total = sum(d.count * d.seconds for d in self.demands)
        lower = max(most, _ceil_div(total, self.max_seconds), 1)
        return lower <= self.limits.max_sessions

    def keep(self, placed: list[tuple[int, int, int]]) -> None:
        """Add a complete placement to the front unless one kept matches or beats it."""
        starts = self.pinned_starts(placed)
        if self.is_beaten(starts):
            return
        self.best = [(kept, p) for kept, p in self.best if not dominates(starts, kept)]
        self.best.append((starts, tuple(placed)))
        self.additions += 1

    def dfs(self, k: int) -> list[tuple[int, int, int]] | None:
        """Choose sessions for demands ``order[k:]``; the first placement, if asked for."""
        if self.budget is not None:
            self.budget.spend()
        contents = self.contents
        if k == self.n:
            placed = self.place(contents)
            if placed is not None and self.is_front:
                self.keep(placed)
                return None
            return placed
        # What the rest of the search can do depends only on each slot's load, body
        # positions and timed (or minimised) demands, not on which other demands made it.
        bits = self.key_bits
        key = (
            k,
            self.choices[k - 1] if self.same_as_previous[k] else None,
            tuple(((z := self.size(c))[1], z[2], c & bits) if c else None for c in contents),
        )
        if key in self.failed:
            return None
        before = self.additions
        found = self.explore(k)
        if found is None and self.additions == before and len(self.failed) < _MEMO:
            self.failed.add(key)
        return found

    def has_room(self, k: int) -> bool:
        """Capacity: what is left of the sessions can hold the work still to place.

        Each demand joins a session at most once, so enough sessions must also be
        able to take one more demand. Then :meth:`window_room` bounds the same room
        by the windows the sessions must fit in.
        """
        contents = self.contents
        top = len(contents) - 1
        while top >= 0 and not contents[top]:
            top -= 1
        if top > 0 and contents[:top].count(0) > self.remaining_after[k]:  # holes
            return False
        room = 0
        places = 0
        prefix = self.smallest_prefix[k]
        # Slots after the last used one run after it: they have only the window time
        # left after its end (and a rest) to offer, at most as many sessions as fit.
        # (Interchangeable sessions are placed only at the leaves: no partial end to use.)
        after = self.tail_end if top >= 0 and not self.interchangeable else None
        start_from = self.first_piece if after is None else after + self.limits.rest
        tail_room = sum(
            self.piece_room(b - max(a, start_from)) for a, b in self.pieces if b > start_from
        )
        tail = 0
        sums = self.sums_after[k]
        rooms = self.rooms
        for j, c in enumerate(contents):
            # An empty session pays for at least one position once it holds anything.
            left = self.max_seconds - self.size(c)[1] if c else self.max_seconds - self.change
            # The most demands left it can take (none when its room is below zero).
            fit = max(bisect.bisect_right(prefix, left) - 1, 0)
            if fit:
                # It can take at most the largest sum of demands left that fits.
                left = (sums & ((2 << left) - 1)).bit_length() - 1
                if j > top:
                    tail += left
                else:
                    room += left
            else:  # room too small for any demand left is lost
                left = 0
            rooms[j] = left
            places += fit
        room += min(tail, tail_room)
        work = self.work_after[k]
        if room < work or places < self.remaining_after[k]:
            return False
        # The window bound costs more than the rest of a node: a day the first
        # descent solves is better off without it, so it starts at the first dead end.
        return not self.has_gone_back or self.window_room(k, top, start_from) >= work

    def window_room(self, k: int, top: int, since: int) -> int:
        """The most work the sessions can still take, given the windows they must fit in.

        Every session of a completion is one of the used slots (and, outside the
        interchangeable case, the holes before the last used one), or an empty slot
        that takes work. Sessions keep their slot order in time, so the slots of
        each window are a run of consecutive ones. For a run of ``n`` slots in the
        window ``[a, b]``, starting no earlier than the first one's earliest start
        ``s``, the lengths add up to at most ``min(b - s - (n - 1) x rest, n x
        max_minutes)`` minutes; a slot's work is at most 60 times its length, so the
        run can take at most that many seconds less the seconds already in it, and
        no more than the sum of its slots' own rooms (:meth:`has_room`). A run whose
        least lengths (current work rounded up; the shortest demand left for an
        empty slot) and rests do not fit after the slots' earliest starts cannot
        hold them at all. The result is the best such bound over every way to cut
        the slots into runs of windows in order, or -1 when no way fits.

        *since* is the earliest an empty slot after the last used one can start.
        """
        contents = self.contents
        rooms = self.rooms
        change = self.change
        shortest = self.shortest_after[k]
        # (earliest start, least minutes, seconds in it already, room for more work)
        entries: list[tuple[int, int, int, int]] = []
        empty_room = 0
        empties = 0
        if self.interchangeable:
            # One window and no timing: the used slots in any order from the window's
            # start; every empty slot may stay empty.
            for j, c in enumerate(contents):
                if c:
                    minutes, seconds, _ = self.size(c)
                    entries.append((self.first_piece, minutes, seconds, rooms[j]))
                else:
                    empties += 1
                    empty_room = rooms[j]
        else:
            starts = self.slot_starts  # from the place() that accepted these contents
            for j in range(top + 1):
                c = contents[j]
                if c:
                    minutes, seconds, _ = self.size(c)
                    entries.append((starts[j], minutes, seconds, rooms[j]))
                else:  # a hole must take work (see place())
                    entries.append((starts[j], shortest, change, rooms[j]))
            empties = len(contents) - top - 1
            if empties:
                empty_room = rooms[top + 1]
        mandatory = len(entries)
        if empty_room:  # an empty slot that can take no demand left stays empty
            entries.extend([(since, shortest, change, empty_room)] * empties)
        return max(self.best_runs(entries)[mandatory:])

    def best_runs(self, entries: Sequence[tuple[int, int, int, int]]) -> list[int]:
        """For each ``j``, the most work ``entries[:j]`` can take in runs of windows in order.

        See :meth:`window_room`; -1 where ``entries[:j]`` fit no such runs.
        """
        m = len(entries)
        rest = self.limits.rest
        longest = self.limits.max_minutes
        best = [0] + [-1] * m
        for a, b in self.pieces:
            row = best[:]  # this window may take no slot
            for i in range(m):
                base = best[i]
                if base < 0:
                    continue
                start = entries[i][0]
                if a > start:  # noqa: PLR1730 - cheaper than max() in the inner loop
                    start = a
                end = start - rest
                span = b - start + rest  # the run's minutes, plus one rest per session
                most = 0  # count x max_minutes
                held = 0
                more = 0
                for j in range(i, m):
                    earliest, least, seconds, room = entries[j]
                    end += rest
                    if earliest > end:  # noqa: PLR1730 - cheaper than max() in the inner loop
                        end = earliest
                    end += least
                    if end > b:  # later slots of the run only end later
                        break
                    held += seconds
                    more += room
                    span -= rest
                    most += longest
                    value = 60 * (span if span < most else most) - held  # noqa: FURB136 - cheaper than min() in the inner loop
                    if more < value:  # noqa: PLR1730 - cheaper than min() in the inner loop
                        value = more
                    value += base
                    if value > row[j + 1]:  # noqa: PLR1730 - cheaper than max() in the inner loop
                        row[j + 1] = value
            best = row
        return best

    def candidate_slots(self, k: int) -> list[int]:
        """The slots demand ``order[k]`` may join without a session growing too long."""
        contents = self.contents
        bit = 1 << self.order[k]
        longest = self.limits.max_minutes
        fits = [j for j in range(len(contents)) if self.minutes(contents[j] | bit) <= longest]
        if self.interchangeable:
            # Sessions are interchangeable: of the empty ones, only the first few
            # need trying (the others give the same plans, relabelled).
            used = sum(1 for c in contents if c)
            count = self.demands[self.order[k]].count
            fits = [j for j in fits if j < used + count]
        if self.shuffle is not None:
            self.shuffle.shuffle(fits)
        return fits

    def explore(self, k: int) -> list[tuple[int, int, int]] | None:
        """Try every set of slots for demand ``order[k]``, lowest slots first."""
        if not self.has_room(k):
            return None
        i = self.order[k]
        count = self.demands[i].count
        bit = 1 << i
        fits = self.candidate_slots(k)
        if len(fits) < count:
            return None
        contents = self.contents
        floor_choice = self.choices[k - 1] if self.same_as_previous[k] else ()
        for tried in itertools.combinations(fits, count):
            combo = tuple(sorted(tried)) if self.shuffle is not None else tried
            if combo < floor_choice:
                continue
            for j in combo:
                contents[j] |= bit
            if self.partial_ok(contents, k + 1):
                self.choices[k] = combo
                found = self.dfs(k + 1)
                if found is not None:
                    return found
                self.has_gone_back = True
            for j in combo:
                contents[j] &= ~bit
        return None


def solve(
    demands: Sequence[Demand],
    pieces: Sequence[tuple[int, int]],
    limits: Limits,
    *,
    budget: Budget | None = None,
    quick_tries: bool = False,
) -> Placement | None:
    """Place *demands* in *pieces*, or return ``None`` when no placement exists.

    The result lists the sessions in time order; bit ``i`` of a mask means
    ``demands[i]`` is in that session. *budget*, if given, bounds the nodes the
    search visits: past it the search raises :class:`BudgetSpent`.

    With *quick_tries*, a search that does not finish within :data:`TRY_STEPS`
    steps is started again with the slots tried in a shuffled (but fixed) order,
    up to :data:`TRIES` times, before the exhaustive search in the usual order.
    Each try is a complete search of the same choices, so a placement it finds is
    one the usual order would accept too; only a finished search says "none".
    A hard but feasible day is often hard only in the usual order: a heavy tail
    that restarts cut short.
    """
    if not demands:
        return ()
    if not pieces:
        return None
    failed: set[object] = set()
    if quick_tries:
        for seed in range(TRIES + 1):
            order = None if seed == 0 else random.Random(seed)  # noqa: S311 - a fixed seed, not a secret
            try:
                return _DaySearch(
                    demands,
                    pieces,
                    limits,
                    Budget(TRY_STEPS, within=budget, is_try=True),
                    shuffle=order,
                    failed=failed,
                ).first()
            except _TryOver:
                continue
    return _DaySearch(demands, pieces, limits, budget, failed=failed).first()


def solve_front(
    demands: Sequence[Demand],
    pieces: Sequence[tuple[int, int]],
    limits: Limits,
    *,
    budget: Budget | None = None,
) -> list[Placement]:
    """Every placement of *demands* whose pinned starts no other placement beats.

    A placement *beats* another when each pinned demand starts no later in it.
    The list is sorted by the pinned starts, and empty when no placement exists.
    Each placement is an earliest placement, so any plan of the day starts its
    pinned work no earlier than one of these does.
    """
    if not demands:
        return [()]
    if not pieces:
        return []
    return _DaySearch(demands, pieces, limits, budget, pinned_first=True).front()


def _valid(
    starts: Sequence[int],
    placement: Placement,
    demands: Sequence[Demand],
    pieces: Sequence[tuple[int, int]],
    limits: Limits,
) -> bool:
    """Whether sessions of *placement* moved to *starts* still keep every rule."""
    last: dict[int, int] = {}
    end = None
    for start, (_, length, mask) in zip(starts, placement, strict=True):
        if end is not None and start < end + limits.rest:
            return False
        if not any(a <= start and start + length <= b for a, b in pieces):
            return False
        for i, d in enumerate(demands):
            if mask >> i & 1:
                if start < d.release:
                    return False
                if i in last and start < last[i] + d.spacing:
                    return False
                last[i] = start
        end = start + length
    return True


def spread(  # noqa: C901 - moves sessions later one rule at a time, each guarded
    placement: Placement,
    demands: Sequence[Demand],
    pieces: Sequence[tuple[int, int]],
    limits: Limits,
) -> Placement:
    """Spread the sessions of *placement* through the day, keeping every rule.

    The first session and every session holding pinned demands keep their
    earliest start. The others move to the middle between their earliest start
    and their latest one (found backwards from the end of the day), rounded down
    to five minutes when that still keeps every rule. If the middle breaks a
    rule (a session would change window), the earliest placement is kept.
    """
    if len(placement) < 2:
        return placement
    pinned_bits = sum(1 << i for i, d in enumerate(demands) if d.is_pinned)
    latest = [0] * len(placement)
    following: dict[int, int] = {}
    for j in range(len(placement) - 1, -1, -1):
        earliest, length, mask = placement[j]
        bound = None if j + 1 == len(placement) else latest[j + 1] - limits.rest - length
        for i, d in enumerate(demands):
            if mask >> i & 1 and i in following:
                bound = (
                    following[i] - d.spacing
                    if bound is None
                    else min(bound, following[i] - d.spacing)
                )
        best = earliest
        for a, b in reversed(pieces):
            start = b - length if bound is None else min(bound, b - length)
            if start >= a:
                best = max(start, earliest)
                break
        if j == 0 or mask & pinned_bits:
            best = earliest
        latest[j] = best
        for i in range(len(demands)):
            if mask >> i & 1:
                following[i] = best
    middle = [(e + late) // 2 for (e, _, _), late in zip(placement, latest, strict=True)]
    rounded = [max(m - m % 5, e) for m, (e, _, _) in zip(middle, placement, strict=True)]
    for starts in (rounded, middle):
        if _valid(starts, placement, demands, pieces, limits):
            return tuple(
                (start, length, mask)
                for start, (_, length, mask) in zip(starts, placement, strict=True)
            )
    return placement
