"""A catalogue: an immutable mapping of exercises by id, in a set order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, final

import attrs

from footdrop._validators import instance_of, nearest_ids, to_tuple, tuple_of
from footdrop.exceptions import InvalidValueError, UnknownExerciseError
from footdrop.model._exercise import Exercise

__all__ = ["Catalogue"]

_exercises = tuple_of(instance_of(Exercise, "an Exercise"), "Exercise")


def _check_exercises(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _exercises(inst, attribute, value)
    seen: set[str] = set()
    for exercise in value:
        if exercise.id in seen:
            msg = f"'exercises' holds the id {exercise.id!r} twice: ids must be unique."
            raise InvalidValueError(msg, field="exercises", value=exercise.id)
        seen.add(exercise.id)


@final
@attrs.frozen(kw_only=True)
class Catalogue(Mapping[str, Exercise]):
    """An immutable mapping from exercise id to :class:`~footdrop.Exercise`, in a set order.

    Build your own from exercises, or read one with
    ``footdrop.serialisation.loads(text, footdrop.Catalogue)``.

    Args:
        exercises: The exercises, in display order; ids must be unique.

    Raises:
        footdrop.exceptions.InvalidTypeError: An item is not an Exercise.
        footdrop.exceptions.InvalidValueError: Two exercises share an id.

    Example:
        >>> import footdrop
        >>> mine = footdrop.Catalogue(exercises=[footdrop.catalogue()["ankle-alphabet"]])
        >>> list(mine)
        ['ankle-alphabet']
        >>> mine["ankle-alfabet"]
        Traceback (most recent call last):
        ...
        footdrop.exceptions.UnknownExerciseError: unknown exercise id 'ankle-alfabet': did you mean 'ankle-alphabet'?

    .. versionadded:: 0.1.0
    """  # noqa: E501

    exercises: tuple[Exercise, ...] = attrs.field(converter=to_tuple, validator=_check_exercises)
    _by_id: Mapping[str, Exercise] = attrs.field(init=False, repr=False, eq=False, alias="_by_id")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except (KeyError, TypeError):
            raise UnknownExerciseError(
                str(exercise_id), nearest_ids(str(exercise_id), self._by_id)
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __hash__(self) -> int:
        return hash(self.exercises)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Catalogue):
            return self.exercises == other.exercises
        return NotImplemented

    def add(self, exercise: Exercise) -> Catalogue:
        """A copy with *exercise* appended (its id must be new)."""
        return Catalogue(exercises=(*self.exercises, exercise))
