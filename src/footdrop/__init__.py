"""footdrop: home exercise programmes for foot drop.

Typed, immutable models of exercises, doses and timings; an exact scheduler;
safe progression; and exports to JSON, FHIR, iCalendar and notebooks.

The names below are imported on first use (PEP 562), so ``import footdrop`` and
the ``footdrop`` command start quickly; ``from footdrop import Routine`` and
``footdrop.Routine`` work as usual.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import importlib

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

# Where each public name lives; kept in step with __all__ by tests/test_package.py.
_LAZY: dict[str, str] = {
    "Availability": "footdrop.model._availability",
    "Window": "footdrop.model._availability",
    "Catalogue": "footdrop.model._catalogue",
    "catalogue": "footdrop._catalogue",
    "Violation": "footdrop.checking._check",
    "check_plan": "footdrop.checking._check",
    "Dose": "footdrop.model._dose",
    "ExerciseSet": "footdrop.model._dose",
    "Level": "footdrop.model._dose",
    "SupportRange": "footdrop.model._dose",
    "Timing": "footdrop.model._dose",
    "DEFAULT_PACES": "footdrop.scheduling._duration",
    "DurationModel": "footdrop.scheduling._duration",
    "Estimate": "footdrop.scheduling._duration",
    "EstimatePart": "footdrop.scheduling._duration",
    "Pace": "footdrop.scheduling._duration",
    "Basis": "footdrop.model._exercise",
    "Exercise": "footdrop.model._exercise",
    "Illustration": "footdrop.model._exercise",
    "Provenance": "footdrop.model._exercise",
    "Category": "footdrop.model._kinds",
    "Laterality": "footdrop.model._kinds",
    "Position": "footdrop.model._kinds",
    "Side": "footdrop.model._kinds",
    "SideSelection": "footdrop.model._kinds",
    "Sides": "footdrop.model._kinds",
    "SupportLevel": "footdrop.model._kinds",
    "Weekday": "footdrop.model._kinds",
    "Adherence": "footdrop.model._log",
    "BorgCR10": "footdrop.model._log",
    "ExerciseLog": "footdrop.model._log",
    "Tally": "footdrop.model._log",
    "adherence": "footdrop.model._log",
    "DayPlan": "footdrop.model._plan",
    "DayTotals": "footdrop.model._plan",
    "Fallback": "footdrop.model._plan",
    "Plan": "footdrop.model._plan",
    "PlanItem": "footdrop.model._plan",
    "Session": "footdrop.model._plan",
    "Range": "footdrop.model._range",
    "Recurrence": "footdrop.model._recurrence",
    "LEVERS": "footdrop.model._routine",
    "Parameter": "footdrop.model._routine",
    "Prescription": "footdrop.model._routine",
    "Routine": "footdrop.model._routine",
    "iter_schedule": "footdrop.scheduling._scheduler",
    "schedule": "footdrop.scheduling._scheduler",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("footdrop")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'footdrop' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
