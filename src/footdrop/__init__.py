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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from footdrop._availability import Availability, Window
    from footdrop._catalogue import Catalogue, catalogue
    from footdrop._check import Violation, check_plan
    from footdrop._dose import Dose, ExerciseSet, Level, SupportRange, Timing
    from footdrop._duration import DEFAULT_PACES, DurationModel, Estimate, EstimatePart, Pace
    from footdrop._exercise import Basis, Exercise, Provenance
    from footdrop._kinds import Category, Laterality, Position, Side, Sides, SupportLevel, Weekday
    from footdrop._log import Adherence, BorgCR10, ExerciseLog, Tally, adherence
    from footdrop._plan import DayPlan, DayTotals, Fallback, Plan, PlanItem, Session
    from footdrop._range import Range
    from footdrop._routine import LEVERS, Parameter, Prescription, Routine
    from footdrop._scheduler import iter_schedule, schedule

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
    "Routine",
    "Session",
    "Side",
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
    "Availability": "footdrop._availability",
    "Window": "footdrop._availability",
    "Catalogue": "footdrop._catalogue",
    "catalogue": "footdrop._catalogue",
    "Violation": "footdrop._check",
    "check_plan": "footdrop._check",
    "Dose": "footdrop._dose",
    "ExerciseSet": "footdrop._dose",
    "Level": "footdrop._dose",
    "SupportRange": "footdrop._dose",
    "Timing": "footdrop._dose",
    "DEFAULT_PACES": "footdrop._duration",
    "DurationModel": "footdrop._duration",
    "Estimate": "footdrop._duration",
    "EstimatePart": "footdrop._duration",
    "Pace": "footdrop._duration",
    "Basis": "footdrop._exercise",
    "Exercise": "footdrop._exercise",
    "Provenance": "footdrop._exercise",
    "Category": "footdrop._kinds",
    "Laterality": "footdrop._kinds",
    "Position": "footdrop._kinds",
    "Side": "footdrop._kinds",
    "Sides": "footdrop._kinds",
    "SupportLevel": "footdrop._kinds",
    "Weekday": "footdrop._kinds",
    "Adherence": "footdrop._log",
    "BorgCR10": "footdrop._log",
    "ExerciseLog": "footdrop._log",
    "Tally": "footdrop._log",
    "adherence": "footdrop._log",
    "DayPlan": "footdrop._plan",
    "DayTotals": "footdrop._plan",
    "Fallback": "footdrop._plan",
    "Plan": "footdrop._plan",
    "PlanItem": "footdrop._plan",
    "Session": "footdrop._plan",
    "Range": "footdrop._range",
    "LEVERS": "footdrop._routine",
    "Parameter": "footdrop._routine",
    "Prescription": "footdrop._routine",
    "Routine": "footdrop._routine",
    "iter_schedule": "footdrop._scheduler",
    "schedule": "footdrop._scheduler",
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
