"""footdrop: home exercise programmes for foot drop.

Typed, immutable models of exercises, doses and timings; an exact scheduler;
safe progression; and exports to JSON, FHIR, iCalendar and notebooks.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import Any

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


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("footdrop")
    msg = f"module 'footdrop' has no attribute {name!r}"
    raise AttributeError(msg)


# Registers the built-in progression rules, so routines that name them load from JSON.
import footdrop.progression  # noqa: E402, F401
