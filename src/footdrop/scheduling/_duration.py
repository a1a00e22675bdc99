"""How long an exercise takes: a transparent, overridable duration model.

The scheduler needs to know how long each session lasts. It asks a
:class:`DurationModel`, which adds up plain parts (time per repetition, holds,
rest between sets, both sides of one-leg work, changing position) and keeps each
part as a line of an :class:`Estimate`, so a person can see why a session is as
long as it is.

Every default pace below is **our assumption**: the article gives repetitions,
sets and "a few seconds" holds, never a tempo. Each :class:`Pace` in
:data:`DEFAULT_PACES` carries the reason for its numbers. Override any of them:

>>> import footdrop
>>> slow = footdrop.DurationModel().with_pace("ankle-eversion", footdrop.Pace(seconds_per_rep=5))
>>> slow.pace_for("ankle-eversion").seconds_per_rep
5

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import instance_of, optional, pair_of, text, tuple_of, whole
from footdrop.exceptions import InvalidValueError, UnknownExerciseError
from footdrop.model._kinds import Position, Side
from footdrop.model._plan import PlanItem

if TYPE_CHECKING:
    from footdrop.model._dose import Level
    from footdrop.model._routine import Prescription, Routine

__all__ = [
    "DEFAULT_PACES",
    "DurationModel",
    "Estimate",
    "EstimatePart",
    "Pace",
]


@final
@attrs.frozen(kw_only=True)
class Pace:
    """How fast one exercise goes: the numbers the duration model multiplies.

    Args:
        seconds_per_rep: One repetition's movement, out and back, not counting a hold
            (for pure holds such as single-leg stance: getting into and out of it), 1..60 s.
        seconds_per_letter: Tracing one letter of the ankle alphabet, 1..60 s.
        seconds_per_step: One step of a heel or toe walk, 1..30 s.
        steps_per_walk: Steps per walk when the dose gives no ``steps``, 1..100.
        side_switch_seconds: Changing from one leg to the other, 0..300 s.
        reason: Why these numbers (every default is an assumption).

    Example:
        >>> from footdrop import Pace
        >>> Pace(seconds_per_rep=4).seconds_per_letter
        4

    .. versionadded:: 0.1.0
    """

    seconds_per_rep: int = attrs.field(default=3, validator=whole(1, 60))
    seconds_per_letter: int = attrs.field(default=4, validator=whole(1, 60))
    seconds_per_step: int = attrs.field(default=1, validator=whole(1, 30))
    steps_per_walk: int = attrs.field(default=10, validator=whole(1, 100))
    side_switch_seconds: int = attrs.field(default=10, validator=whole(0, 300))
    reason: str | None = attrs.field(default=None, validator=optional(text(2000)))


#: The default pace of each catalogue exercise. Every number is an assumption
#: (the article never gives a tempo); the reason says why.
#: The built-in pace of each catalogue exercise, by id; each carries the reason for its
#: numbers (all assumptions). Read-only: override with ``DurationModel.with_pace``.
DEFAULT_PACES: Final[Mapping[str, Pace]] = types.MappingProxyType(
    {
        "standing-hip-external-rotation": Pace(
            seconds_per_rep=4,
            side_switch_seconds=15,
            reason="a slow turn out against the band and back takes about 4 s; "
            "moving the band's pull to the other leg takes about 15 s",
        ),
        "supine-hip-internal-rotation": Pace(
            seconds_per_rep=3,
            reason="squeezing the cushion and letting go takes about 3 s besides the hold",
        ),
        "hip-rotation-slides": Pace(
            seconds_per_rep=5,
            reason="each repetition turns the hip inward and then outward, "
            "two slow movements of about 2.5 s",
        ),
        "single-leg-stance": Pace(
            seconds_per_rep=5,
            reason="lifting the foot, finding balance and putting it down "
            "adds about 5 s to each hold",
        ),
        "towel-scrunches": Pace(
            seconds_per_rep=3,
            reason="one grip-and-pull of the towel takes about 3 s besides the hold",
        ),
        "ankle-alphabet": Pace(
            seconds_per_letter=4,
            reason="the article asks for slow, controlled letters: about 4 s each, "
            "so the alphabet takes under 2 minutes a foot",
        ),
        "heel-and-toe-walks": Pace(
            seconds_per_step=1,
            steps_per_walk=10,
            reason="slow, controlled steps of about 1 s; 'a few steps' read as 10 per walk",
        ),
        "toe-raise-negatives": Pace(
            seconds_per_rep=5,
            reason="lifting the toes takes about 1 s and the slow lowering about 4 s",
        ),
        "ankle-eversion": Pace(
            seconds_per_rep=3,
            reason="turning the soles out and back takes about 3 s besides the hold",
        ),
        "ankle-inversion": Pace(
            seconds_per_rep=3,
            reason="turning the soles in and back takes about 3 s besides the hold",
        ),
    }
)

_FALLBACK_PACE: Final = Pace(
    reason="no pace is known for this exercise: 3 s a repetition, 4 s a letter, 1 s a step"
)


@final
@attrs.frozen(kw_only=True)
class EstimatePart:
    """One line of an :class:`Estimate`: what takes time, and how long.

    Args:
        label: What the time is for, with its arithmetic
            (``"ankle-eversion: 1 set x 10 reps x (3 s + 3 s hold)"``).
        seconds: How long it takes.

    .. versionadded:: 0.1.0
    """

    label: str = attrs.field(validator=text(500))
    seconds: int = attrs.field(validator=whole(0, 100_000_000))

    def __str__(self) -> str:
        return f"{self.label} = {self.seconds} s"


def _to_parts(value: Iterable[EstimatePart]) -> tuple[EstimatePart, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Estimate:
    """How long something takes, with the parts that add up to it.

    Args:
        parts: The lines, in order; ``seconds`` is their sum.

    Example:
        >>> from footdrop import Estimate, EstimatePart
        >>> est = Estimate(parts=[EstimatePart(label="warm-up", seconds=61)])
        >>> est.seconds, est.minutes
        (61, 2)

    .. versionadded:: 0.1.0
    """

    parts: tuple[EstimatePart, ...] = attrs.field(
        converter=_to_parts,
        validator=tuple_of(instance_of(EstimatePart, "an EstimatePart"), "EstimatePart"),
    )

    @property
    def seconds(self) -> int:
        """The total, in seconds."""
        return sum(p.seconds for p in self.parts)

    @property
    def minutes(self) -> int:
        """The total in whole minutes, rounded up (the scheduler's unit)."""
        return math.ceil(self.seconds / 60)

    def __add__(self, other: Estimate) -> Estimate:
        if not isinstance(other, Estimate):
            return NotImplemented
        return Estimate(parts=self.parts + other.parts)

    def __str__(self) -> str:
        lines = [str(p) for p in self.parts]
        lines.append(f"total {self.seconds} s (scheduled as {self.minutes} min)")
        return "\n".join(lines)


_pace_pairs = tuple_of(
    pair_of(instance_of(str, "an exercise id"), instance_of(Pace, "a Pace"), "exercise id, Pace"),
    "(exercise id, Pace) pairs",
)


def _check_paces(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _pace_pairs(inst, attribute, value)
    seen: set[str] = set()
    for pair in value:
        if pair[0] in seen:
            msg = f"'{attribute.name}' names {pair[0]!r} twice: give one Pace per exercise."
            raise InvalidValueError(msg, field=attribute.name, value=pair[0])
        seen.add(pair[0])


def _to_pairs(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(tuple(p) if isinstance(p, list) else p for p in value)
    return value


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@final
@attrs.frozen(kw_only=True)
class DurationModel:
    """Estimates how long exercise items and sessions take, part by part.

    For one side of one exercise, a set takes:

    * repetitions: ``reps x (seconds_per_rep + hold_seconds)``;
    * a pure hold (no repetitions): ``seconds_per_rep + hold_seconds``;
    * the ankle alphabet: ``letters x seconds_per_letter``;
    * heel and toe walks: ``rounds x 2 walks x steps x seconds_per_step``.

    An item takes ``sets`` sets with ``rest_between_sets_seconds`` between them
    (from the prescription's dose), once per side, with ``side_switch_seconds``
    between the sides. A session adds ``position_change_seconds`` for every body
    position it uses (getting down to lie, standing up, finding a clear space),
    each time the position changes from one item to the next (the first item
    counts too: the person gets into position). The scheduler groups the
    exercises of one position together, so a session pays once per position it
    uses. The scheduler rounds a session up to whole minutes.

    Args:
        paces: Pace per exercise id (:data:`DEFAULT_PACES` by default). A mapping
            or pairs; ids not listed use ``default``.
        default: The pace of exercises not in ``paces``.
        position_change_seconds: Getting into each body position a session uses, 0..600 s.

    Example:
        >>> import footdrop
        >>> model = footdrop.DurationModel()
        >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
        >>> est = model.estimate(p)
        >>> print(est)
        ankle-eversion: 1 set x 10 reps x (3 s + 3 s hold) = 60 s
        total 60 s (scheduled as 1 min)

    .. versionadded:: 0.1.0
    """

    paces: tuple[tuple[str, Pace], ...] = attrs.field(
        default=tuple(sorted(DEFAULT_PACES.items())), converter=_to_pairs, validator=_check_paces
    )
    default: Pace = attrs.field(default=_FALLBACK_PACE, validator=instance_of(Pace, "a Pace"))
    position_change_seconds: int = attrs.field(default=30, validator=whole(0, 600))

    def pace_for(self, exercise_id: str) -> Pace:
        """The pace used for *exercise_id* (``default`` when it has none of its own)."""
        for key, pace in self.paces:
            if key == exercise_id:
                return pace
        return self.default

    def with_pace(self, exercise_id: str, pace: Pace) -> DurationModel:
        """A copy using *pace* for *exercise_id* (replacing any pace it had)."""
        kept = tuple((k, p) for k, p in self.paces if k != exercise_id)
        return attrs.evolve(self, paces=tuple(sorted((*kept, (exercise_id, pace)))))

    def item_parts(self, item: PlanItem) -> tuple[EstimatePart, ...]:
        """The parts of one :class:`~footdrop.PlanItem` (one side), sets and rests included.

        Example:
            >>> import footdrop
            >>> item = footdrop.PlanItem(exercise_id="towel-scrunches", side=None, sets=2,
            ...                          reps=10, hold_seconds=3, rest_between_sets_seconds=30)
            >>> [part.seconds for part in footdrop.DurationModel().item_parts(item)]
            [120, 30]
        """
        pace = self.pace_for(item.exercise_id)
        name = item.exercise_id if item.side is None else f"{item.exercise_id} ({item.side})"
        sets = _plural(item.sets, "set")
        if item.letters is not None:
            per_set = item.letters * pace.seconds_per_letter
            label = f"{name}: {sets} x {item.letters} letters x {pace.seconds_per_letter} s"
        elif item.rounds is not None:
            steps = item.steps if item.steps is not None else pace.steps_per_walk
            per_set = item.rounds * 2 * steps * pace.seconds_per_step
            label = (
                f"{name}: {sets} x {_plural(item.rounds, 'round')} x 2 walks x "
                f"{steps} steps x {pace.seconds_per_step} s"
            )
        elif item.reps is not None:
            hold = item.hold_seconds or 0
            per_set = item.reps * (pace.seconds_per_rep + hold)
            inner = (
                f"({pace.seconds_per_rep} s + {hold} s hold)"
                if hold
                else (f"{pace.seconds_per_rep} s")
            )
            label = f"{name}: {sets} x {item.reps} reps x {inner}"
        else:
            hold = item.hold_seconds or 0
            per_set = pace.seconds_per_rep + hold
            label = f"{name}: {sets} x ({pace.seconds_per_rep} s to set up + {hold} s hold)"
        parts = [EstimatePart(label=label, seconds=item.sets * per_set)]
        if item.sets > 1 and item.rest_between_sets_seconds:
            gaps = item.sets - 1
            parts.append(
                EstimatePart(
                    label=f"{name}: rest between sets, {gaps} x {item.rest_between_sets_seconds} s",
                    seconds=gaps * item.rest_between_sets_seconds,
                )
            )
        return tuple(parts)

    def estimate(
        self,
        prescription: Prescription,
        level: Level | None = None,
        *,
        affected: Side = Side.LEFT,
    ) -> Estimate:
        """How long one session's share of *prescription* takes, every side included.

        Args:
            prescription: The prescription.
            level: The level to time (``prescription.current`` if not given).
            affected: The affected side, which goes first in one-leg work.

        Returns:
            The estimate, one part per line of arithmetic.
        """
        items = items_for(prescription, level or prescription.current, affected=affected)
        parts: list[EstimatePart] = []
        for i, item in enumerate(items):
            if i:
                pace = self.pace_for(item.exercise_id)
                parts.append(
                    EstimatePart(
                        label=f"{item.exercise_id}: change to the {item.side} leg",
                        seconds=pace.side_switch_seconds,
                    )
                )
            parts.extend(self.item_parts(item))
        return Estimate(parts=parts)

    def session_estimate(self, items: Sequence[PlanItem], routine: Routine) -> Estimate:
        """How long a session of *items* takes, position changes included.

        Args:
            items: The session's items, in order.
            routine: The routine they come from (it knows each exercise's position).

        Raises:
            footdrop.exceptions.UnknownExerciseError: An item's exercise is not in *routine*.

        Example:
            >>> import footdrop
            >>> routine = footdrop.Routine.from_catalogue(
            ...     affected=footdrop.Side.LEFT, only=["ankle-eversion", "ankle-inversion"])
            >>> items = [footdrop.PlanItem(exercise_id=i, side=None, sets=1, reps=10,
            ...          hold_seconds=3) for i in routine.ids]
            >>> footdrop.DurationModel().session_estimate(items, routine).seconds
            150
        """
        parts: list[EstimatePart] = []
        position: Position | None = None
        previous: PlanItem | None = None
        for item in items:
            if item.exercise_id not in routine:
                raise UnknownExerciseError(item.exercise_id, ())
            if routine[item.exercise_id].exercise.position is not position:
                position = routine[item.exercise_id].exercise.position
                parts.append(
                    EstimatePart(
                        label=f"getting into the {position.value} position",
                        seconds=self.position_change_seconds,
                    )
                )
            if (
                previous is not None
                and previous.exercise_id == item.exercise_id
                and item.side is not None
            ):
                parts.append(
                    EstimatePart(
                        label=f"{item.exercise_id}: change to the {item.side} leg",
                        seconds=self.pace_for(item.exercise_id).side_switch_seconds,
                    )
                )
            parts.extend(self.item_parts(item))
            previous = item
        return Estimate(parts=parts)


def items_for(prescription: Prescription, level: Level, *, affected: Side) -> tuple[PlanItem, ...]:
    """The plan items one session holds for *prescription* at *level*, one per side."""
    return tuple(
        PlanItem(
            exercise_id=prescription.exercise.id,
            side=side,
            sets=level.sets,
            reps=level.reps,
            hold_seconds=level.hold_seconds,
            letters=level.letters,
            rounds=level.rounds,
            steps=level.steps,
            support=level.support,
            rest_between_sets_seconds=prescription.dose.rest_between_sets_seconds,
        )
        for side in prescription.sides_for(affected)
    )
