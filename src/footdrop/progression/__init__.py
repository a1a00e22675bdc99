"""Safe, explainable progression: rules propose, the engine decides, every decision is kept.

* :class:`ProgressionRule` and :func:`register_rule`: write your own rules.
* :class:`Proposal`: what a rule proposes (one lever, its new value, a reason).
* :func:`progress`: one step of a routine from its logs, under guarantees.
* :class:`Decision` and :class:`Progression`: what the engine decided, and why.
* :class:`Limits`: how far and how fast any step may go, whatever a rule proposes.
* :class:`Review` and :func:`record_review`: a clinician closes review flags.
* The built-in rules (:data:`DEFAULT_RULES`), each citing its source.
* :class:`Programme` and :func:`simulate`: doses over weeks, from logs or a simulated person.

.. versionadded:: 0.1.0
"""

from footdrop.model._decision import (
    ACTIONS,
    HOLD,
    REVIEW,
    Decision,
    Outcome,
    Progression,
    Proposal,
    Review,
)
from footdrop.model._routine import LEVERS
from footdrop.model._rules import ProgressionRule, RegressionRule, register_rule
from footdrop.progression._builtin import (
    DEFAULT_RULES,
    DoubleProgression,
    HoldAfterMissedDays,
    HoldProgression,
    Regression,
    SessionsPerDayProgression,
    SupportLadder,
)
from footdrop.progression._engine import ENGINE, progress, record_review, reviewed
from footdrop.progression._evidence import (
    MIN_SESSIONS,
    PAIN_LIMIT,
    check_sides,
    gate_reason,
    has_every_side,
    is_complete,
    is_gated,
    is_qualifying,
    met_level,
    qualifying_days,
    session_days,
    since_change,
)
from footdrop.progression._limits import DEFAULT_LIMITS, Limits, volume
from footdrop.progression._programme import Programme, Step
from footdrop.progression._simulate import (
    AlwaysInPain,
    FallsOnce,
    PainEveryWeek,
    Plateau,
    PoorAdherence,
    Response,
    SimulatedPerson,
    SteadyImprover,
    simulate,
)

__all__ = [
    "ACTIONS",
    "DEFAULT_LIMITS",
    "DEFAULT_RULES",
    "ENGINE",
    "HOLD",
    "LEVERS",
    "MIN_SESSIONS",
    "PAIN_LIMIT",
    "REVIEW",
    "AlwaysInPain",
    "Decision",
    "DoubleProgression",
    "FallsOnce",
    "HoldAfterMissedDays",
    "HoldProgression",
    "Limits",
    "Outcome",
    "PainEveryWeek",
    "Plateau",
    "PoorAdherence",
    "Programme",
    "Progression",
    "ProgressionRule",
    "Proposal",
    "Regression",
    "RegressionRule",
    "Response",
    "Review",
    "SessionsPerDayProgression",
    "SimulatedPerson",
    "SteadyImprover",
    "Step",
    "SupportLadder",
    "check_sides",
    "gate_reason",
    "has_every_side",
    "is_complete",
    "is_gated",
    "is_qualifying",
    "met_level",
    "progress",
    "qualifying_days",
    "record_review",
    "register_rule",
    "reviewed",
    "session_days",
    "simulate",
    "since_change",
    "volume",
]
