"""The argument checks every export shares: the plan, and the optional routine.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from footdrop.exceptions import InvalidTypeError
from footdrop.model._plan import Plan
from footdrop.model._routine import Routine

__all__ = ["plan_argument", "routine_argument"]


def plan_argument(plan: object) -> Plan:
    """*plan*, or :class:`~footdrop.exceptions.InvalidTypeError` if it is not a plan."""
    if not isinstance(plan, Plan):
        msg = f"'plan' must be a footdrop.Plan (got {type(plan).__name__})."
        raise InvalidTypeError(msg, field="plan", value=plan, expected="Plan")
    return plan


def routine_argument(routine: object) -> Routine | None:
    """*routine* (a routine or ``None``), or :class:`~footdrop.exceptions.InvalidTypeError`."""
    if routine is not None and not isinstance(routine, Routine):
        msg = f"'routine' must be a footdrop.Routine or None (got {type(routine).__name__})."
        raise InvalidTypeError(msg, field="routine", value=routine, expected="Routine | None")
    return routine
