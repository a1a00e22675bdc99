"""The small vocabularies of footdrop: sides, laterality, categories, weekdays, support.

Each enum field of a model takes a member or its value (``Side.LEFT`` or
``"left"``): the ``to_*`` converters below turn a valid value into its member
and leave anything else for the field's validator to refuse, listing the choices.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, final

from footdrop._validators import to_member

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "Category",
    "Laterality",
    "Position",
    "Side",
    "SideSelection",
    "Sides",
    "SupportLevel",
    "Weekday",
    "to_category",
    "to_laterality",
    "to_optional_side",
    "to_optional_support",
    "to_position",
    "to_side",
    "to_side_selection",
    "to_support",
]


@final
class Side(enum.StrEnum):
    """A side of the body.

    Example:
        >>> from footdrop import Side
        >>> Side("left").other
        <Side.RIGHT: 'right'>

    .. versionadded:: 0.1.0
    """

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@final
class Laterality(enum.StrEnum):
    """How an exercise uses the two legs.

    * ``EACH_SIDE``: one leg at a time, each side in turn (hip rotation slides).
    * ``BOTH_TOGETHER``: both legs at once (ankle eversion with both feet).
    * ``NOT_SIDED``: the exercise has no side (heel and toe walks).

    .. versionadded:: 0.1.0
    """

    EACH_SIDE = "each-side"
    BOTH_TOGETHER = "both-together"
    NOT_SIDED = "not-sided"


@final
class SideSelection(enum.StrEnum):
    """Which sides a prescription works: a choice among sides, not a :class:`Side`.

    * ``AFFECTED``: the affected side only (for ``EACH_SIDE`` exercises).
    * ``BOTH``: each side in turn, the affected side first (for ``EACH_SIDE`` exercises).
    * ``TOGETHER``: both legs at once, or no side at all (for ``BOTH_TOGETHER`` and
      ``NOT_SIDED`` exercises).

    ``footdrop.Sides`` is the same class under its first name, kept working as an alias.

    Example:
        >>> from footdrop import SideSelection, Sides
        >>> SideSelection("both") is Sides.BOTH
        True

    .. versionadded:: 0.1.0
    """

    AFFECTED = "affected"
    BOTH = "both"
    TOGETHER = "together"


#: The first name of :class:`SideSelection`, kept as an alias (it read too much like :class:`Side`).
Sides = SideSelection


@final
class Category(enum.StrEnum):
    """What an exercise trains.

    ``CLINICIAN`` marks activities a clinician sets up and footdrop only stores
    (electrical stimulation, orthosis wear): they are never generated or progressed.

    .. versionadded:: 0.1.0
    """

    HIP_STRENGTH = "hip-strength"
    HIP_MOBILITY = "hip-mobility"
    BALANCE = "balance"
    FOOT_STRENGTH = "foot-strength"
    ANKLE_MOBILITY = "ankle-mobility"
    ANKLE_STRENGTH = "ankle-strength"
    ANKLE_CONTROL = "ankle-control"
    GAIT = "gait"
    CLINICIAN = "clinician"


@final
class Position(enum.StrEnum):
    """The body position an exercise starts from.

    .. versionadded:: 0.1.0
    """

    STANDING = "standing"
    SEATED = "seated"
    SUPINE = "supine"
    WALKING = "walking"


@final
class Weekday(enum.StrEnum):
    """A day of the week, Monday first (as :meth:`datetime.date.weekday` counts).

    Example:
        >>> import datetime as dt
        >>> from footdrop import Weekday
        >>> Weekday.of(dt.date(2026, 11, 24))
        <Weekday.TUESDAY: 'tuesday'>
        >>> Weekday.TUESDAY.index
        1

    .. versionadded:: 0.1.0
    """

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def index(self) -> int:  # type: ignore[override]  # public name; str.index is not used
        """0 for Monday up to 6 for Sunday."""
        return _WEEKDAY_INDEX[self]

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of *day*."""
        return _WEEKDAYS[day.weekday()]


_WEEKDAYS = tuple(Weekday)
_WEEKDAY_INDEX = {day: i for i, day in enumerate(_WEEKDAYS)}


@final
class SupportLevel(enum.StrEnum):
    """A rung of the balance support ladder, easiest first.

    Two hands on a stable support, one hand, one finger, no hands, then eyes
    closed (only once unsupported stance is met; see ``footdrop.safety``).

    Example:
        >>> from footdrop import SupportLevel
        >>> SupportLevel.ONE_HAND.harder
        <SupportLevel.ONE_FINGER: 'one-finger'>
        >>> SupportLevel.TWO_HANDS < SupportLevel.NO_HANDS
        True

    .. versionadded:: 0.1.0
    """

    TWO_HANDS = "two-hands"
    ONE_HAND = "one-hand"
    ONE_FINGER = "one-finger"
    NO_HANDS = "no-hands"
    EYES_CLOSED = "eyes-closed"

    @property
    def rank(self) -> int:
        """0 for two hands (easiest) up to 4 for eyes closed (hardest)."""
        return _SUPPORT_RANK[self]

    @property
    def harder(self) -> SupportLevel | None:
        """The next, harder rung, or ``None`` at the top."""
        return _SUPPORTS[self.rank + 1] if self.rank + 1 < len(_SUPPORTS) else None

    @property
    def easier(self) -> SupportLevel | None:
        """The previous, easier rung, or ``None`` at the bottom."""
        return _SUPPORTS[self.rank - 1] if self.rank > 0 else None

    # Order by rung, not alphabetically (StrEnum would compare the strings).
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SupportLevel):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, SupportLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, SupportLevel):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, SupportLevel):
            return NotImplemented
        return self.rank >= other.rank


_SUPPORTS = tuple(SupportLevel)
_SUPPORT_RANK = {level: i for i, level in enumerate(_SUPPORTS)}


def to_side(value: Side | str) -> Any:
    """A converter: ``"left"`` becomes ``Side.LEFT``; anything else is left for the validator."""
    return to_member(Side, value)


def to_optional_side(value: Side | str | None) -> Any:
    """As :func:`to_side`, for a field that may be ``None``."""
    return to_member(Side, value)


def to_side_selection(value: SideSelection | str) -> Any:
    """A converter: ``"both"`` becomes ``SideSelection.BOTH``; anything else is left as it is."""
    return to_member(SideSelection, value)


def to_support(value: SupportLevel | str) -> Any:
    """A converter: ``"one-hand"`` becomes ``SupportLevel.ONE_HAND``; anything else is left."""
    return to_member(SupportLevel, value)


def to_optional_support(value: SupportLevel | str | None) -> Any:
    """As :func:`to_support`, for a field that may be ``None``."""
    return to_member(SupportLevel, value)


def to_category(value: Category | str) -> Any:
    """A converter: ``"balance"`` becomes ``Category.BALANCE``; anything else is left."""
    return to_member(Category, value)


def to_position(value: Position | str) -> Any:
    """A converter: ``"seated"`` becomes ``Position.SEATED``; anything else is left."""
    return to_member(Position, value)


def to_laterality(value: Laterality | str) -> Any:
    """A converter: ``"each-side"`` becomes ``Laterality.EACH_SIDE``; anything else is left."""
    return to_member(Laterality, value)
