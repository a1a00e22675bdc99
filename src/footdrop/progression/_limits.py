"""Limits: how far and how fast any progression may go, whatever a rule proposes.

Every number is a default with its source on the clinical rules page
(``docs/explanation/clinical-rules.md``); a clinician may tighten each one, never
loosen it past the default, so the defaults are also the safe bounds.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final, final

import attrs

from footdrop._validators import finite, whole
from footdrop.exceptions import InvalidValueError
from footdrop.model._measures import TABLE

if TYPE_CHECKING:
    from footdrop.model._dose import Level

__all__ = ["COUNTED_LEVERS", "DEFAULT_LIMITS", "Limits", "volume"]

#: Levers that count whole units (a step is a fraction of the value, at least one): every
#: measure of the dose table but the hold, and sessions a day.
COUNTED_LEVERS: Final = (
    *(m.name for m in TABLE if m.name != "hold_seconds"),
    "sessions_per_day",
)


@final
@attrs.frozen(kw_only=True)
class Limits:
    """The limits the engine enforces on every step (and the review flags' thresholds).

    Args:
        step_fraction: The largest rise of a counted lever (sets, reps, letters,
            rounds, steps, sessions a day) in one step, as a fraction of its value;
            at least one unit is always allowed. 0.02..0.10, default 0.10 (ACSM 2009, M).
        hold_step_seconds: The largest rise of a hold in one step, 1..5 s (default 5, A).
        hold_step_fraction: The largest rise of a hold as a fraction of it,
            0.05..0.25 (default 0.25, A); the smaller of the two limits applies,
            and one second is always allowed because holds are whole seconds.
        min_days_at_level: Days a level must be in force before the next rise,
            7..56 (default 7, A).
        weekly_soft_cap: A rise of weekly volume above this fraction is applied
            with a warning in its reason, 0.0..0.10 (default 0.10; Buist 2008,
            Nielsen 2014, W).
        weekly_hard_cap: A rise of weekly volume above this fraction is refused,
            0.05..0.30 (default 0.30, W); at least the soft cap.
        plateau_days: Days without a rise, below the ceiling and while
            exercising, that raise a plateau flag, 14..56 (default 21, A).
        flare_days: The window in which repeated flares are counted, 7..28 (default 14, A).
        flares: Flare days within ``flare_days`` that raise a flag, 2..5 (default 2, A).
        pain_trend_weeks: Weeks of pain rising week on week that raise a flag,
            2..6 (default 3, A).
        min_stance_seconds: A best single-leg stance below this in the last
            week raises a fall-risk flag, 1..10 s (default 5; Springer 2007,
            Bohannon 2006, M).

    Raises:
        footdrop.exceptions.InvalidValueError: A limit outside its safe bounds, or a
            soft cap above the hard cap.

    Example:
        >>> from footdrop.progression import Limits
        >>> Limits().max_rise("reps", 12), Limits().max_rise("hold_seconds", 12)
        (1, 3)
        >>> Limits(min_days_at_level=3)
        Traceback (most recent call last):
        ...
        footdrop.exceptions.InvalidValueError: 'min_days_at_level' must be within 7..56 (got 3).

    .. versionadded:: 0.2.0
    """

    step_fraction: float = attrs.field(default=0.10, validator=finite(0.02, 0.10))
    hold_step_seconds: int = attrs.field(default=5, validator=whole(1, 5))
    hold_step_fraction: float = attrs.field(default=0.25, validator=finite(0.05, 0.25))
    min_days_at_level: int = attrs.field(default=7, validator=whole(7, 56))
    weekly_soft_cap: float = attrs.field(default=0.10, validator=finite(0.0, 0.10))
    weekly_hard_cap: float = attrs.field(default=0.30, validator=finite(0.05, 0.30))
    plateau_days: int = attrs.field(default=21, validator=whole(14, 56))
    flare_days: int = attrs.field(default=14, validator=whole(7, 28))
    flares: int = attrs.field(default=2, validator=whole(2, 5))
    pain_trend_weeks: int = attrs.field(default=3, validator=whole(2, 6))
    min_stance_seconds: int = attrs.field(default=5, validator=whole(1, 10))

    def __attrs_post_init__(self) -> None:
        if self.weekly_soft_cap > self.weekly_hard_cap:
            msg = (
                f"'weekly_soft_cap' ({self.weekly_soft_cap}) must not exceed 'weekly_hard_cap' "
                f"({self.weekly_hard_cap}): lower the soft cap."
            )
            raise InvalidValueError(msg, field="weekly_soft_cap", value=self.weekly_soft_cap)

    def max_rise(self, lever: str, value: int) -> int:
        """The largest rise of *lever* from *value* in one step (rungs for ``"support"``)."""
        if lever == "support":
            return 1
        if lever == "hold_seconds":
            by_fraction = math.floor(value * self.hold_step_fraction)
            return max(1, min(self.hold_step_seconds, by_fraction))
        return max(1, math.floor(value * self.step_fraction))


#: The limits used when none are given.
DEFAULT_LIMITS: Final = Limits()


def volume(level: Level) -> int:
    """A level's daily volume: sessions a day x every measure of the dose it uses.

    The measures are those of the dose table (sets, reps, hold seconds,
    letters, rounds, steps); support rungs do not change the volume.

    Example:
        >>> from footdrop import Level
        >>> volume(Level(sets=1, reps=10, hold_seconds=3, sessions_per_day=2))
        60
    """
    total = level.sessions_per_day
    for measure in TABLE:  # sets, reps, hold, letters, rounds, steps: one row each
        value = getattr(level, measure.name)
        if isinstance(value, int):
            total *= max(1, value)
    return total
