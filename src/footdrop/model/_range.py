"""Range: a closed interval of whole numbers, used for every "10-15" in a programme."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, final

import attrs

from footdrop._validators import check_whole
from footdrop.exceptions import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MAX_RANGE_VALUE", "Range"]

#: The largest number a :class:`Range` holds; larger numbers are never a dose.
MAX_RANGE_VALUE = 100_000

# ASCII digits only, and few of them: int() refuses very long digit strings.
_RANGE_TEXT = re.compile(r"\s*([0-9]{1,9})\s*(?:(?:-|\.\.|to|\u2013)\s*([0-9]{1,9})\s*)?")


def _non_negative(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_whole(attribute.name, value, 0, MAX_RANGE_VALUE)


@final
@attrs.frozen(kw_only=True, order=False)
class Range:
    """A closed interval ``min..max`` of whole numbers, such as "10-15 reps".

    Both ends are included. A range of one value (``min == max``) is allowed.

    Args:
        min: The lower bound (the floor), at least 0.
        max: The upper bound (the ceiling), at least ``min``.

    Raises:
        footdrop.exceptions.InvalidTypeError: An end is not a whole number.
        footdrop.exceptions.InvalidValueError: ``min > max`` or an end is negative.

    Example:
        >>> from footdrop import Range
        >>> reps = Range(min=10, max=15)
        >>> 12 in reps, 16 in reps
        (True, False)
        >>> str(reps)
        '10-15'
        >>> Range.parse("2-3") == Range(min=2, max=3)
        True

    .. versionadded:: 0.1.0
    """

    min: int = attrs.field(validator=_non_negative)
    max: int = attrs.field(validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.min > self.max:
            msg = (
                f"'min' must not exceed 'max' (got min={self.min}, max={self.max}): "
                f"swap them to Range(min={self.max}, max={self.min})."
            )
            raise InvalidValueError(
                msg, field="min", value=self.min, fix=f"Range(min={self.max}, max={self.min})"
            )

    @classmethod
    def exactly(cls, value: int) -> Range:
        """Return the range holding only *value*.

        Example:
            >>> Range.exactly(26)
            Range(min=26, max=26)
        """
        return cls(min=value, max=value)

    @classmethod
    def parse(cls, text: str) -> Range:
        """Read ``"10-15"``, ``"10..15"``, ``"10 to 15"`` or ``"12"``.

        Raises:
            footdrop.exceptions.InvalidValueError: The text is not a range.
        """
        checked: object = text  # callers without type checking may pass anything
        if not isinstance(checked, str):
            msg = f"'range' must be text such as '10-15' (got {checked!r:.60})."
            raise InvalidTypeError(msg, field="range", value=checked, expected="str")
        match = _RANGE_TEXT.fullmatch(checked)
        if match is None:
            msg = f"'range' must look like '10-15' or '12' (got {text!r:.60})."
            raise InvalidValueError(msg, field="range", value=text, fix="write it as '10-15'")
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) is not None else low
        return cls(min=low, max=high)

    @property
    def is_single(self) -> bool:
        """Whether the range holds exactly one value."""
        return self.min == self.max

    @property
    def width(self) -> int:
        """``max - min``: how far the floor is from the ceiling."""
        return self.max - self.min

    def __contains__(self, value: object) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max
        )

    def __iter__(self) -> Iterator[int]:
        """Iterate over every whole number in the range, floor first."""
        return iter(range(self.min, self.max + 1))

    def __len__(self) -> int:
        return self.max - self.min + 1

    def is_within(self, other: Range) -> bool:
        """Whether every value of this range also lies in *other*.

        Example:
            >>> Range(min=10, max=12).is_within(Range(min=10, max=15))
            True
        """
        return other.min <= self.min and self.max <= other.max

    def __str__(self) -> str:
        return str(self.min) if self.is_single else f"{self.min}-{self.max}"
