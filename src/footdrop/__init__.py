"""footdrop: home exercise programmes for foot drop.

Typed, immutable models of exercises, doses and timings; an exact scheduler;
safe progression; and exports to JSON, FHIR, iCalendar and notebooks.

The names below are imported on first use (PEP 562), so ``import footdrop`` and
the ``footdrop`` command start quickly; ``from footdrop import Routine`` and
``footdrop.Routine`` work as usual.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from footdrop._catalogue import catalogue
    from footdrop.checking._check import Violation, check_plan
    from footdrop.model._availability import Availability, Window
    from footdrop.model._catalogue import Catalogue
    from footdrop.model._dose import Dose, ExerciseSet, Level, SupportRange, Timing
    from footdrop.model._exercise import Basis, Exercise, Illustration, Provenance
    from footdrop.model._kinds import (
        Category,
        Laterality,
        Position,
        Side,
        Sides,
        SideSelection,
        SupportLevel,
        Weekday,
    )
    from footdrop.model._log import Adherence, BorgCR10, ExerciseLog, Tally, adherence
    from footdrop.model._plan import DayPlan, DayTotals, Fallback, Plan, PlanItem, Session
    from footdrop.model._range import Range
    from footdrop.model._recurrence import Recurrence
    from footdrop.model._routine import LEVERS, Parameter, Prescription, Routine
    from footdrop.scheduling._duration import (
        DEFAULT_PACES,
        DurationModel,
        Estimate,
        EstimatePart,
        Pace,
    )
    from footdrop.scheduling._scheduler import iter_schedule, schedule

__all__ = [
    "DEFAULT_PACES",
    "LEVERS",
    "Adherence",
    "Availability",
    "Basis",
    "BorgCR10",
    "Catalogue",
    "Category",
    "DayPlan",
    "DayTotals",
    "Dose",
    "DurationModel",
    "Estimate",
    "EstimatePart",
    "Exercise",
    "ExerciseLog",
    "ExerciseSet",
    "Fallback",
    "Illustration",
    "Laterality",
    "Level",
    "Pace",
    "Parameter",
    "Plan",
    "PlanItem",
    "Position",
    "Prescription",
    "Provenance",
    "Range",
    "Recurrence",
    "Routine",
    "Session",
    "Side",
    "SideSelection",
    "Sides",
    "SupportLevel",
    "SupportRange",
    "Tally",
    "Timing",
    "Violation",
    "Weekday",
    "Window",
    "adherence",
    "catalogue",
    "check_plan",
    "iter_schedule",
    "schedule",
]

# Where each public name lives, one module a line; kept in step with __all__ by
# tests/test_package.py. Written compactly: this file is compiled on every start of the
# command when bytecode is not cached.
_LAZY: dict[str, str] = {
    name: f"footdrop.{module}"
    for module, names in (
        ("model._availability", "Availability Window"),
        ("model._catalogue", "Catalogue"),
        ("_catalogue", "catalogue"),
        ("checking._check", "Violation check_plan"),
        ("model._dose", "Dose ExerciseSet Level SupportRange Timing"),
        ("scheduling._duration", "DEFAULT_PACES DurationModel Estimate EstimatePart Pace"),
        ("model._exercise", "Basis Exercise Illustration Provenance"),
        (
            "model._kinds",
            "Category Laterality Position Side SideSelection Sides SupportLevel Weekday",
        ),
        ("model._log", "Adherence BorgCR10 ExerciseLog Tally adherence"),
        ("model._plan", "DayPlan DayTotals Fallback Plan PlanItem Session"),
        ("model._range", "Range"),
        ("model._recurrence", "Recurrence"),
        ("model._routine", "LEVERS Parameter Prescription Routine"),
        ("scheduling._scheduler", "iter_schedule schedule"),
    )
    for name in names.split()
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("footdrop")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'footdrop' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib  # noqa: PLC0415 - the command's start-up does not need it

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
