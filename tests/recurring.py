"""A routine with a recurrence, for the tests of what the batch shares."""

from __future__ import annotations

import attrs

import footdrop


def every_other_day(routine: footdrop.Routine) -> footdrop.Routine:
    """*routine* with its first daily exercise done every other day (a recurrence)."""
    k = next(k for k, p in enumerate(routine.items) if p.timing.days_per_week == 7)
    p = routine.items[k]
    timing = attrs.evolve(p.timing, recurrence=footdrop.Recurrence.every(days=2))
    return attrs.evolve(routine, items=(*routine.items[:k], attrs.evolve(p, timing=timing)))
