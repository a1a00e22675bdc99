"""What ``footdrop log`` and ``footdrop amend`` accept: the exercise's own measures, within bounds.

A log records the measures its exercise is dosed in, and only those: ``--letters``
for the ankle alphabet, ``--rounds`` and ``--steps`` for heel and toe walks,
``--reps`` where the dose counts reps, ``--hold`` where it holds. Every value is
checked against a plausible bound for the exercise (:func:`plausible_bound`), and a
date after today is refused. ``--sets 0`` records a skipped exercise and asks for
nothing else.

.. versionadded:: 0.2.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from footdrop.cli._common import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from footdrop import Prescription
    from footdrop.model._measures import Measure

#: The option that logs each measure of the measures table.
OPTIONS: Final = {
    "sets": "--sets",
    "reps": "--reps",
    "hold_seconds": "--hold",
    "letters": "--letters",
    "rounds": "--rounds",
    "steps": "--steps",
}
#: The ``argparse`` destination of each measure's option.
DESTINATIONS: Final = {
    "sets": "sets",
    "reps": "reps",
    "hold_seconds": "hold",
    "letters": "letters",
    "rounds": "rounds",
    "steps": "steps",
}
#: A plausible value is at most this many times the prescription's ceiling.
BOUND_FACTOR: Final = 2


def plausible_bound(prescription: Prescription, name: str) -> int:
    """The largest value of measure *name* a log of *prescription* may record.

    Twice the top of the prescribed range (its ceiling), but never above the
    measures table's own limit for the measure: 15 reps prescribed at most allow
    30 in a log, a 5 s hold 10 s, the whole alphabet 26 letters.
    """
    from footdrop.model._measures import by_name

    measure = by_name(name)
    top: int = getattr(prescription.dose, name).max
    return min(measure.maximum, BOUND_FACTOR * top)


def own_measures(prescription: Prescription) -> tuple[Measure, ...]:
    """The measures of the table *prescription*'s dose uses (``sets`` first)."""
    from footdrop.model._measures import TABLE

    return tuple(m for m in TABLE if getattr(prescription.dose, m.name) is not None)


def count_measure(prescription: Prescription) -> Measure | None:
    """The measure a log's ``reps`` holds for this exercise (reps, letters or rounds), if any."""
    return next((m for m in own_measures(prescription) if m.is_count), None)


def _options(measures: tuple[Measure, ...]) -> str:
    return ", ".join(OPTIONS[m.name] for m in measures)


def check_date(on: dt.date, today: dt.date, option: str = "--on") -> None:
    """Refuse a log dated after *today*."""
    if on > today:
        msg = (
            f"{option} {on.isoformat()} is after today ({today.isoformat()}): a log records "
            "what was done, so it cannot be dated in the future; check the date"
        )
        raise UsageError(msg)


def dose_fields(  # noqa: C901 - one branch per measure a log may carry and its bound
    prescription: Prescription, values: dict[str, int | None], support: str | None
) -> dict[str, Any]:
    """Check a log's measures against *prescription* and return the ExerciseLog fields.

    Args:
        prescription: The exercise as prescribed (the saved routine's, else its default).
        values: Each measure's value by name (``None`` where not given); ``sets`` required.
        support: The balance support rung's value, or ``None``.

    Returns:
        ``sets``, ``reps`` (the exercise's count: reps, letters or rounds),
        ``hold_seconds``, ``steps`` and ``support`` for :class:`footdrop.ExerciseLog`.

    Raises:
        UsageError: A measure that is not the exercise's own, a missing count, a
            value of 0 or beyond its plausible bound (named), or a dose for a skipped
            exercise.
    """
    from footdrop import SupportLevel
    from footdrop.model._measures import OPTIONAL

    exercise = prescription.exercise
    own = own_measures(prescription)
    own_names = {m.name for m in own}
    for measure in OPTIONAL:
        if values.get(measure.name) is not None and measure.name not in own_names:
            what = "holds" if measure.wording == "hold" else measure.many
            msg = (
                f"{exercise.id} is not dosed in {what}, so {OPTIONS[measure.name]} "
                f"does not apply: log its own measures ({_options(own)})"
            )
            raise UsageError(msg)
    if support is not None and prescription.dose.support is None:
        msg = f"{exercise.id} uses no balance support: leave out --support"
        raise UsageError(msg)
    sets = values["sets"]
    if sets == 0:
        given = [OPTIONS[m.name] for m in OPTIONAL if values.get(m.name) is not None]
        if support is not None:
            given.append("--support")
        if given:
            msg = (
                f"--sets 0 records a skipped exercise, so there is nothing to count: leave out "
                f"{' and '.join(given)}"
            )
            raise UsageError(msg)
        return {"sets": 0, "reps": None, "hold_seconds": None, "steps": None, "support": None}
    count = count_measure(prescription)
    needed = count or next((m for m in own if m.name == "hold_seconds"), None)
    if needed is not None and values.get(needed.name) is None:
        msg = (
            f"say how many {needed.many} {exercise.id} took with {OPTIONS[needed.name]} N "
            f"(its measures: {_options(own)}); a skipped exercise is --sets 0"
        )
        raise UsageError(msg)
    for measure in own:
        value = values.get(measure.name)
        if value is None:
            continue
        option = OPTIONS[measure.name]
        if value < 1:
            msg = (
                f"{option} must be at least 1 for a sitting that was done (got {value}): "
                "record a skipped exercise with --sets 0"
            )
            raise UsageError(msg)
        bound = plausible_bound(prescription, measure.name)
        if value > bound:
            top = getattr(prescription.dose, measure.name).max
            msg = (
                f"{option} {value} is beyond the plausible bound for {exercise.id}: at most "
                f"{measure.amount(bound)} ({BOUND_FACTOR} x the prescription's ceiling of "
                f"{measure.amount(top)}, within footdrop's limit of "
                f"{measure.amount(measure.maximum)}); check the number, and if it is right "
                "ask your clinician to review the prescription"
            )
            raise UsageError(msg)
    return {
        "sets": sets,
        "reps": None if count is None else values.get(count.name),
        "hold_seconds": values.get("hold_seconds"),
        "steps": values.get("steps"),
        "support": None if support is None else SupportLevel(support),
    }


def measure_values(args: Any) -> dict[str, int | None]:
    """Each measure's value from the parsed options, by measure name."""
    return {name: getattr(args, dest, None) for name, dest in DESTINATIONS.items()}


def held_values(prescription: Prescription, log: Any) -> dict[str, int | None]:
    """Each measure's value recorded in *log* (an ExerciseLog), by measure name."""
    count = count_measure(prescription)
    values: dict[str, int | None] = dict.fromkeys(DESTINATIONS)
    values["sets"] = log.sets
    values["hold_seconds"] = log.hold_seconds
    values["steps"] = log.steps
    if count is not None:
        values[count.name] = log.reps
    return values


def dose_text(prescription: Prescription | None, log: Any) -> str:
    """A log's dose in words: ``2 x 12 reps``, ``1 x 26 letters``, ``skipped``."""
    if log.sets == 0:
        return "skipped"
    count = None if prescription is None else count_measure(prescription)
    words = "reps" if count is None else count.many
    sets = f"{log.sets} set" if log.sets == 1 else f"{log.sets} sets"
    head = f"{log.sets} x {log.reps} {words}" if log.reps is not None else sets
    if log.steps is not None:
        head += f" of {log.steps} steps"
    return head
