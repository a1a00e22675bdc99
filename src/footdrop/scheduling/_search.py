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
from typing import TYPE_CHECKING, Final, final

import attrs

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Demand", "Limits", "Placement", "solve", "spread"]

#: Sessions placed: (start minute relative to the anchor, length in minutes, demand mask).
Placement = tuple[tuple[int, int, int], ...]

_NO_RELEASE: Final = -(10**9)
#: The most failed search states remembered per search (bounds memory, not correctness).
_MEMO: Final = 200_000


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


def solve(
    demands: Sequence[Demand],
    pieces: Sequence[tuple[int, int]],
    limits: Limits,
    *,
    budget: list[int] | None = None,
) -> Placement | None:
    """Place *demands* in *pieces*, or return ``None`` when no placement exists.

    The result lists the sessions in time order; bit ``i`` of a mask means
    ``demands[i]`` is in that session. *budget*, if given, is a one-item list of
    nodes the search may still visit; when it runs out the search stops and
    returns ``None`` (only used to bound "what if" diagnostics).
    """
    n = len(demands)
    if n == 0:
        return ()
    if not pieces:
        return None
    max_count = max(d.count for d in demands)
    total = sum(d.count * d.seconds for d in demands)
    lower = max(max_count, _ceil_div(total, limits.max_minutes * 60), 1)
    if lower > limits.max_sessions:
        return None

    seconds = [d.seconds for d in demands]
    positions = [d.positions for d in demands]
    change = limits.change_seconds
    cache: dict[int, tuple[int, int, int]] = {}

    def size(mask: int) -> tuple[int, int, int]:
        """(minutes, seconds with position changes, positions) of a session holding *mask*."""
        found = cache.get(mask)
        if found is None:
            secs = 0
            pos = 0
            i = 0
            m = mask
            while m:
                if m & 1:
                    secs += seconds[i]
                    pos |= positions[i]
                m >>= 1
                i += 1
            secs += change * pos.bit_count()
            found = (_ceil_div(secs, 60), secs, pos)
            cache[mask] = found
        return found

    def minutes(mask: int) -> int:
        return size(mask)[0]

    # Most constrained first: more sessions, wider spacing, longer.
    order = sorted(
        range(n), key=lambda i: (-demands[i].count, -demands[i].spacing, -demands[i].seconds, i)
    )
    same_as_previous = [k > 0 and demands[order[k]] == demands[order[k - 1]] for k in range(n)]
    remaining_after = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        remaining_after[k] = remaining_after[k + 1] + demands[order[k]].count
    work_after = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        d = demands[order[k]]
        work_after[k] = work_after[k + 1] + d.count * d.seconds
    # For each k, prefix sums of the seconds of demands order[k:], smallest first.
    smallest_prefix = [
        list(itertools.accumulate(sorted(demands[i].seconds for i in order[k:]), initial=0))
        for k in range(n + 1)
    ]
    # With one window and no spacing or release, a day's feasibility depends only
    # on which demands share a session, not on the order of the sessions (they run
    # back to back from the window's start), so the sessions are interchangeable.
    interchangeable = len(pieces) == 1 and all(
        d.spacing == 0 and d.release == _NO_RELEASE for d in demands
    )
    # The shortest session any of the demands order[k:] could make on its own.
    shortest_after = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        alone = minutes(1 << order[k])
        shortest_after[k] = min(alone, shortest_after[k + 1]) if shortest_after[k + 1] else alone
    first_piece = pieces[0][0]
    max_seconds = limits.max_minutes * 60
    releases = [d.release for d in demands]
    spacings = [d.spacing for d in demands]

    # Only demands with spacing or a release constrain a start beyond rest and windows.
    timed = [i for i, d in enumerate(demands) if d.spacing or d.release != _NO_RELEASE]
    timed_bits = sum(1 << i for i in timed)
    rest = limits.rest
    last_piece_end = pieces[0][1]

    tail_end: list[int | None] = [None]  # the end of the last session place() placed
    room_cache: dict[int, int] = {}

    def piece_room(span: int) -> int:
        """The most session seconds *span* minutes of one window can hold.

        Sessions last at most max_minutes, each pays one position change, and
        sessions are min_rest minutes apart: s sessions hold at most
        min(s x (max_minutes x 60 - change), (span - (s - 1) x rest) x 60 - s x change).
        """
        found = room_cache.get(span)
        if found is None:
            found = 0
            for count in range(1, limits.max_sessions + 1):
                usable = span - (count - 1) * rest
                if usable <= 0:
                    break
                found = max(
                    found, min(count * (max_seconds - change), usable * 60 - count * change)
                )
            room_cache[span] = found
        return found

    def fits_back_to_back(contents: list[int]) -> bool:
        """The check for interchangeable sessions: back to back from the window's start."""
        total = 0
        count = 0
        for mask in contents:
            if mask:
                length = minutes(mask)
                if length > limits.max_minutes:
                    return False
                total += length
                count += 1
        return not count or first_piece + total + (count - 1) * rest <= last_piece_end

    def place(contents: list[int], hole: int = 0) -> list[tuple[int, int, int]] | None:
        """Place the sessions in order, each at its earliest start, or return None.

        With *hole* > 0 (a partial choice), an empty slot before the last used one
        counts as a session of *hole* minutes: it must take some demand later.
        """
        placed: list[tuple[int, int, int]] = []
        last: dict[int, int] = {}
        end = None
        top = -1
        if hole:
            top = max((j for j, c in enumerate(contents) if c), default=-1)
        for slot, mask in enumerate(contents):
            if not mask:
                if slot >= top:
                    continue
                length = hole
            else:
                length = minutes(mask)
            if length > limits.max_minutes:
                return None
            lb = first_piece if end is None else end + rest
            if mask & timed_bits:
                for i in timed:
                    if mask >> i & 1:
                        lb = max(lb, releases[i])
                        prev = last.get(i)
                        if prev is not None:
                            lb = max(lb, prev + spacings[i])
            for a, b in pieces:
                start = max(lb, a)
                if start + length <= b:
                    break
            else:
                return None
            if mask & timed_bits:
                for i in timed:
                    if mask >> i & 1:
                        last[i] = start
            if mask:
                placed.append((start, length, mask))
            end = start + length
        tail_end[0] = end
        return placed

    def partial_ok(contents: list[int], k: int) -> bool:
        if interchangeable:
            return fits_back_to_back(contents)
        return place(contents, shortest_after[k]) is not None

    # One search over max_sessions session slots; slots left empty are no session.
    # Trying low slots first packs work into few sessions. Empty slots between used
    # ones give the same plans as empty slots at the end, so only the latter count.
    failed: set[object] = set()
    for sessions in (limits.max_sessions,):
        contents = [0] * sessions
        choices: list[tuple[int, ...]] = [()] * n

        def dfs(
            k: int, contents: list[int], choices: list[tuple[int, ...]], sessions: int
        ) -> list[tuple[int, int, int]] | None:
            if budget is not None:
                budget[0] -= 1
                if budget[0] < 0:
                    return None
            if k == n:
                return place(contents)
            # What the rest of the search can do depends only on each slot's load, body
            # positions and timed demands, not on which untimed demands made the load.
            key = (
                k,
                choices[k - 1] if same_as_previous[k] else None,
                tuple((size(c)[1], size(c)[2], c & timed_bits) if c else None for c in contents),
            )
            if key in failed:
                return None
            found = explore(k, contents, choices, sessions)
            if found is None and (budget is None or budget[0] >= 0) and len(failed) < _MEMO:
                failed.add(key)
            return found

        def explore(
            k: int, contents: list[int], choices: list[tuple[int, ...]], sessions: int
        ) -> list[tuple[int, int, int]] | None:
            top = max((j for j, c in enumerate(contents) if c), default=-1)
            holes = sum(1 for c in contents[: max(top, 0)] if not c)
            if holes > remaining_after[k]:
                return None
            # Capacity: what is left of every session must hold the work still to place,
            # and, each demand joining a session at most once, enough demands in number.
            room = 0
            places = 0
            prefix = smallest_prefix[k]
            smallest = prefix[1] if len(prefix) > 1 else 0
            # Slots after the last used one run after it: they have only the time left
            # in the windows after its end (and a rest) to offer.
            # Slots after the last used one run after it: they have only the window time
            # left after its end (and a rest) to offer, at most as many sessions as fit.
            after = tail_end[0] if top >= 0 else None
            start_from = first_piece if after is None else after + rest
            tail_room = sum(piece_room(b - max(a, start_from)) for a, b in pieces if b > start_from)
            tail = 0
            for j, c in enumerate(contents):
                # An empty session pays for at least one position once it holds anything.
                left = max_seconds - size(c)[1] if c else max_seconds - change
                if left >= smallest:  # room too small for any demand left is lost
                    if j > top:
                        tail += left
                    else:
                        room += left
                places += bisect.bisect_right(prefix, left) - 1
            room += min(tail, tail_room)
            if room < work_after[k] or places < remaining_after[k]:
                return None
            i = order[k]
            d = demands[i]
            bit = 1 << i
            fits = [j for j in range(sessions) if minutes(contents[j] | bit) <= limits.max_minutes]
            if interchangeable:
                # Sessions are interchangeable: of the empty ones, only the first few
                # need trying (the others give the same plans, relabelled).
                used = sum(1 for c in contents if c)
                fits = [j for j in fits if j < used + d.count]
            if len(fits) < d.count:
                return None
            floor_choice = choices[k - 1] if same_as_previous[k] else ()
            for combo in itertools.combinations(fits, d.count):
                if combo < floor_choice:
                    continue
                for j in combo:
                    contents[j] |= bit
                if partial_ok(contents, k + 1):
                    choices[k] = combo
                    found = dfs(k + 1, contents, choices, sessions)
                    if found is not None:
                        return found
                for j in combo:
                    contents[j] &= ~bit
                if budget is not None and budget[0] < 0:
                    return None
            return None

        found = dfs(0, contents, choices, sessions)
        if found is not None:
            return tuple(found)
        if budget is not None and budget[0] < 0:
            return None
    return None


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


def spread(
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
