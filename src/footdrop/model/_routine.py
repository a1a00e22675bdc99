"""Prescription and Routine: one person's programme and the level they are at now."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - cattrs resolves the annotations at run time
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import (
    date_only,
    enum_of,
    finite,
    instance_of,
    nearest_ids,
    optional,
    text,
    to_tuple,
    tuple_of,
    whole,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError
from footdrop.model import _hooks
from footdrop.model._dose import Dose, Level, SupportRange, Timing
from footdrop.model._exercise import Exercise
from footdrop.model._kinds import (
    Laterality,
    Side,
    SideSelection,
    SupportLevel,
    to_side,
    to_side_selection,
)
from footdrop.model._measures import TABLE
from footdrop.model._rules import ProgressionRule

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from footdrop.model._range import Range

__all__ = ["LEVERS", "Parameter", "Prescription", "Routine"]

#: The parts of a :class:`~footdrop.Level` that progression may change, one per step:
#: every measure of ``footdrop.model._measures.TABLE`` in its order, then the support
#: rung and sessions per day.
LEVERS: Final = (*(m.name for m in TABLE), "support", "sessions_per_day")


@final
@attrs.frozen(kw_only=True)
class Parameter:
    """A clinician-set number stored with a prescription (electrical stimulation, ...).

    footdrop stores these and shows them; it never invents or changes them.

    Args:
        name: What the number is (``"frequency"``).
        value: The number, finite.
        unit: Its unit, UCUM where one exists (``"Hz"``, ``"us"``, ``"mA"``).

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=text(200))
    value: float = attrs.field(validator=finite(-1e9, 1e9))
    unit: str = attrs.field(validator=text(50))


def _default_sides(prescription: Prescription) -> SideSelection:
    if prescription.exercise.laterality is Laterality.EACH_SIDE:
        return SideSelection.BOTH
    return SideSelection.TOGETHER


def _default_dose(prescription: Prescription) -> Dose:
    return prescription.exercise.dose


def _default_timing(prescription: Prescription) -> Timing:
    return prescription.exercise.timing


def _default_current(prescription: Prescription) -> Level:
    return prescription.dose.floor(sessions_per_day=prescription.timing.sessions_per_day.min)


@final
@attrs.frozen(kw_only=True)
class Prescription:
    """One exercise as prescribed to one person: its ranges and the level they are at now.

    ``dose`` and ``timing`` hold the clinician's floor and ceiling; ``current`` is
    where the person is now and always lies inside them. Progression changes
    ``current`` (and only ``current``); the scheduler plans from it.

    Args:
        exercise: The exercise.
        dose: The prescribed dose ranges (the exercise's default dose if not given).
        timing: The prescribed timing (the exercise's default timing if not given).
        sides: Which sides: ``AFFECTED`` or ``BOTH`` for one-leg-at-a-time exercises
            (``BOTH`` by default), ``TOGETHER`` for the others.
        current: The level now (the floor of every range if not given).
        is_locked: Set by a clinician: progression never changes it.
        changed_on: The date ``current`` last changed (or a clinician reviewed it,
            see ``footdrop.progression.reviewed``), if it has; progression counts
            evidence only from logs dated after it.
        review: Why a clinician should review this prescription, or ``None``.
        parameters: Clinician-set numbers footdrop stores but never changes.

    Raises:
        footdrop.exceptions.InvalidTypeError: A field, or an item of ``parameters``, has
            the wrong type.
        footdrop.exceptions.InvalidValueError: ``current`` lies outside the ranges,
            or ``sides`` does not suit the exercise.

    Example:
        >>> import footdrop
        >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
        >>> p.current.reps, p.current.sessions_per_day
        (10, 2)

    .. versionadded:: 0.1.0
    """

    exercise: Exercise = attrs.field(validator=instance_of(Exercise, "an Exercise"))
    dose: Dose = attrs.field(
        default=attrs.Factory(_default_dose, takes_self=True),
        validator=instance_of(Dose, "a Dose"),
    )
    timing: Timing = attrs.field(
        default=attrs.Factory(_default_timing, takes_self=True),
        validator=instance_of(Timing, "a Timing"),
    )
    sides: SideSelection = attrs.field(
        default=attrs.Factory(_default_sides, takes_self=True),
        converter=to_side_selection,
        validator=enum_of(SideSelection),
    )
    current: Level = attrs.field(
        default=attrs.Factory(_default_current, takes_self=True),
        validator=instance_of(Level, "a Level"),
    )
    is_locked: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))
    changed_on: dt.date | None = attrs.field(default=None, validator=optional(date_only))
    review: str | None = attrs.field(default=None, validator=optional(text(2000)))
    parameters: tuple[Parameter, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(Parameter, "a Parameter"), "Parameter"),
    )

    def __attrs_post_init__(self) -> None:
        problems = self.current.problems_against(self.dose, self.timing)
        if problems:
            msg = f"{self.exercise.id}: " + " ".join(problems)
            raise InvalidValueError(
                msg, field="current", value=self.current, fix="keep 'current' inside the ranges"
            )
        sided = self.exercise.laterality is Laterality.EACH_SIDE
        if sided and self.sides is SideSelection.TOGETHER:
            msg = (
                f"'sides' must be 'affected' or 'both' for {self.exercise.id!r}, which is done "
                "one leg at a time (got 'together')."
            )
            raise InvalidValueError(msg, field="sides", value=self.sides, fix="use 'both'")
        if not sided and self.sides is not SideSelection.TOGETHER:
            msg = (
                f"'sides' must be 'together' for {self.exercise.id!r}, which is "
                f"{self.exercise.laterality.value} (got {self.sides.value!r})."
            )
            raise InvalidValueError(msg, field="sides", value=self.sides, fix="use 'together'")

    @property
    def exercise_id(self) -> str:
        """The id of the prescribed exercise."""
        return self.exercise.id

    @property
    def floor(self) -> Level:
        """The easiest level the prescription allows (the bottom of every range)."""
        return self.dose.floor(sessions_per_day=self.timing.sessions_per_day.min)

    @property
    def ceiling(self) -> Level:
        """The hardest level the prescription allows (the top of every range).

        Example:
            >>> import footdrop
            >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
            >>> p.ceiling.reps, p.ceiling.sessions_per_day
            (15, 3)
        """
        return self.dose.ceiling(sessions_per_day=self.timing.sessions_per_day.max)

    @property
    def levers(self) -> tuple[str, ...]:
        """The levers this prescription uses, in :data:`footdrop.LEVERS` order."""
        return tuple(name for name in LEVERS if self.range_of(name) is not None)

    def range_of(self, lever: str) -> Range | SupportRange | None:
        """The allowed range of *lever*, or ``None`` when the prescription does not use it.

        Raises:
            footdrop.exceptions.InvalidValueError: *lever* is not one of :data:`footdrop.LEVERS`.

        Example:
            >>> import footdrop
            >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
            >>> str(p.range_of("sessions_per_day")), p.range_of("support")
            ('2-3', None)
        """
        if lever == "sessions_per_day":
            return self.timing.sessions_per_day
        if lever not in LEVERS:
            known = ", ".join(repr(name) for name in LEVERS)
            msg = f"'lever' must be one of {known} (got {lever!r})."
            raise InvalidValueError(msg, field="lever", value=lever)
        found: Range | SupportRange | None = getattr(self.dose, lever)
        return found

    def allows(self, lever: str, value: object) -> bool:
        """Whether *value* lies inside the prescribed range of *lever* (floor to ceiling).

        Example:
            >>> import footdrop
            >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
            >>> p.allows("reps", 15), p.allows("reps", 16), p.allows("support", None)
            (True, False, False)
        """
        allowed = self.range_of(lever)
        if allowed is None:
            return False
        if isinstance(allowed, SupportRange):
            return isinstance(value, SupportLevel) and value in allowed
        return value in allowed

    def sides_for(self, affected: Side) -> tuple[Side | None, ...]:
        """The sides one session works through, in order (``(None,)`` when not sided).

        Example:
            >>> import footdrop
            >>> p = footdrop.Prescription(exercise=footdrop.catalogue()["hip-rotation-slides"])
            >>> p.sides_for(footdrop.Side.LEFT)
            (<Side.LEFT: 'left'>, <Side.RIGHT: 'right'>)
        """
        if self.sides is SideSelection.AFFECTED:
            return (affected,)
        if self.sides is SideSelection.BOTH:
            return (affected, affected.other)
        return (None,)


_prescriptions = tuple_of(instance_of(Prescription, "a Prescription"), "Prescription")


def _check_items(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _prescriptions(inst, attribute, value)
    if not value:
        msg = (
            "'items' must hold at least one prescription (got none): "
            "start from footdrop.Routine.from_catalogue(affected=...)."
        )
        raise InvalidValueError(msg, field="items", value=value, fix="add a prescription")
    seen: set[str] = set()
    for p in value:
        if p.exercise.id in seen:
            msg = (
                f"'items' prescribes {p.exercise.id!r} twice: keep one prescription per "
                "exercise and set its sessions per day instead."
            )
            raise InvalidValueError(msg, field="items", value=p.exercise.id)
        seen.add(p.exercise.id)


def _check_rules(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    name = attribute.name
    if not isinstance(value, tuple):
        msg = f"'{name}' must be a list of progression rules (got {value!r:.80})."
        raise InvalidTypeError(msg, field=name, value=value, expected="tuple of ProgressionRule")
    for i, rule in enumerate(value):
        if not isinstance(rule, ProgressionRule) or not attrs.has(type(rule)):
            msg = (
                f"'{name}[{i}]' must be an attrs class with a propose() method "
                f"(got {rule!r:.80}); see footdrop.progression.ProgressionRule."
            )
            raise InvalidTypeError(
                msg, field=f"{name}[{i}]", value=rule, expected="a ProgressionRule"
            )


@final
@attrs.frozen(kw_only=True)
class Routine:
    """The prescriptions for one person, with their affected side.

    Args:
        affected: The side with foot drop.
        items: The prescriptions, one per exercise, in the order they are done.
        rules: The progression rules; empty means footdrop's built-in defaults
            (``footdrop.progression.DEFAULT_RULES``).
        baseline_pain: The person's usual pain (NRS 0-10) before exercising, for
            the next-morning pain gate.

    Raises:
        footdrop.exceptions.InvalidTypeError: An item is not a Prescription, or a rule
            not a progression rule.
        footdrop.exceptions.InvalidValueError: No items, or an exercise twice.

    Example:
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> len(routine.items), routine["ankle-eversion"].current.reps
        (10, 10)
        >>> footdrop.Routine.from_catalogue(affected="left").affected
        <Side.LEFT: 'left'>

    .. versionadded:: 0.1.0
    """

    affected: Side = attrs.field(converter=to_side, validator=enum_of(Side))
    items: tuple[Prescription, ...] = attrs.field(converter=to_tuple, validator=_check_items)
    rules: tuple[ProgressionRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_check_rules
    )
    baseline_pain: int = attrs.field(default=0, validator=whole(0, 10))

    @classmethod
    def from_catalogue(
        cls,
        *,
        affected: Side | str,
        catalogue: Mapping[str, Exercise] | None = None,
        only: Iterable[str] | None = None,
    ) -> Routine:
        """The whole programme of a catalogue at its defaults, every level at its floor.

        Args:
            affected: The side with foot drop: ``Side.LEFT`` or its value ``"left"``.
            catalogue: The exercises to use (``footdrop.catalogue()`` if not given).
            only: Exercise ids to keep, in this order (all, in catalogue order, if not given).

        Raises:
            footdrop.exceptions.UnknownExerciseError: An id in *only* is not in the catalogue.
        """
        if catalogue is None:
            catalogue = _hooks.builtin_catalogue()
        ids = list(catalogue) if only is None else list(only)
        items = []
        for exercise_id in ids:
            if exercise_id not in catalogue:
                raise UnknownExerciseError(exercise_id, nearest_ids(exercise_id, catalogue))
            items.append(Prescription(exercise=catalogue[exercise_id]))
        return cls(affected=affected, items=tuple(items))

    @property
    def ids(self) -> tuple[str, ...]:
        """The exercise ids, in order."""
        return tuple(p.exercise.id for p in self.items)

    def __getitem__(self, exercise_id: str) -> Prescription:
        for p in self.items:
            if p.exercise.id == exercise_id:
                return p
        raise UnknownExerciseError(exercise_id, nearest_ids(exercise_id, self.ids))

    def __contains__(self, exercise_id: object) -> bool:
        return any(p.exercise.id == exercise_id for p in self.items)

    def __iter__(self) -> Iterator[Prescription]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def replace(self, prescription: Prescription) -> Routine:
        """A copy with *prescription* in place of the one for the same exercise.

        Raises:
            footdrop.exceptions.UnknownExerciseError: The routine has no such exercise.
        """
        self[prescription.exercise.id]  # raises for unknown ids
        items = tuple(
            prescription if p.exercise.id == prescription.exercise.id else p for p in self.items
        )
        return attrs.evolve(self, items=items)

    def _repr_html_(self) -> str:
        """An HTML view for notebooks (see :func:`footdrop.export.html.repr_html`)."""
        return _hooks.html(self)
