"""Random people for batch tests and benchmarks: routines, availabilities and starts."""

from __future__ import annotations

import datetime as dt
import random

from footdrop._catalogue import catalogue
from footdrop.batch import Request
from footdrop.model._availability import Availability, Window
from footdrop.model._kinds import Side
from footdrop.model._routine import Routine

__all__ = ["random_requests"]

#: Time zones the population lives in: whole-hour, half-hour and southern-hemisphere rules.
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")

#: A short programme many platforms would start people on (a subset of the catalogue).
STARTER = ("ankle-eversion", "ankle-inversion", "ankle-alphabet", "towel-scrunches")


def random_requests(
    count: int, *, seed: int = 0, days: int = 28, infeasible_share: float = 0.02
) -> list[Request]:
    """*count* planning requests for random people, the same list for the same *seed*.

    People follow one of two routines (the whole built-in programme, or a short
    starter programme), on either side, with one or two daily windows of
    varied length in one of several time zones, starting on any date of 2027.
    About *infeasible_share* of them get a ten-minute day, too short for the
    programme, so a batch also meets people whose plan cannot be made.

    Example:
        >>> people = random_requests(3, seed=1)
        >>> [p.person_id for p in people]
        ['person-000000', 'person-000001', 'person-000002']
        >>> people == random_requests(3, seed=1)
        True

    .. versionadded:: 0.1.0
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    book = catalogue()
    routines = {
        (side, name): Routine.from_catalogue(affected=side, catalogue=book, only=only)
        for side in (Side.LEFT, Side.RIGHT)
        for name, only in (("full", None), ("starter", STARTER))
    }
    first = dt.date(2027, 1, 1)
    people = []
    for index in range(count):
        side = rng.choice((Side.LEFT, Side.RIGHT))
        routine = routines[side, rng.choice(("full", "full", "starter"))]
        tz = rng.choice(ZONES)
        if rng.random() < infeasible_share:
            windows = [Window(start=dt.time(7), end=dt.time(7, 10))]
        elif rng.random() < 0.5:
            morning = rng.choice((6, 7, 8))
            evening = rng.choice((16, 17, 18, 19))
            windows = [
                Window(start=dt.time(morning), end=dt.time(morning + rng.choice((2, 3)))),
                Window(start=dt.time(evening), end=dt.time(evening + rng.choice((2, 3)))),
            ]
        else:
            opens = rng.choice((7, 8, 9))
            windows = [Window(start=dt.time(opens), end=dt.time(opens + rng.choice((10, 12))))]
        people.append(
            Request(
                person_id=f"person-{index:06d}",
                routine=routine,
                availability=Availability(tz=tz, windows=windows),
                start=first + dt.timedelta(days=rng.randrange(365)),
                days=days,
            )
        )
    return people
