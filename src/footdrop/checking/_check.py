"""check_plan(): an independent verifier of plans, from the scheduler or from anywhere else.

This module is the plan's independent risk control (IEC 62304 thinking, see
docs/explanation/clinical-rules.md): it re-reads the rules from the routine and the availability and
shares no code with :mod:`footdrop.scheduling` (an import-linter contract
enforces it). It reads only the plan, routine and availability models.

It holds the public face (:func:`check_plan`, :class:`Violation` and the rule
table :data:`RULES`) and the report that collects violations; the rules live in
three families, which share nothing with the scheduler either:

* :mod:`footdrop.checking._check_time`: dates, zones, windows, session length, overlaps,
  rest between sessions and sessions per day (the availability's rules);
* :mod:`footdrop.checking._check_dose`: each item's measures against its prescription's
  ranges and current level, recorded fallbacks, sides and unknown exercises;
* :mod:`footdrop.checking._check_frequency`: each exercise's sessions per day, spacing,
  weekdays, days per week and the 48 hours between loaded work.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import instance_of, optional, slug, text, whole
from footdrop.checking._check_dose import check_items, recorded_fallbacks
from footdrop.checking._check_frequency import check_frequency, check_strength
from footdrop.checking._check_time import (
    check_day_counts,
    check_days,
    check_gaps,
    check_session_times,
    place_sessions,
)
from footdrop.exceptions import InvalidTypeError
from footdrop.model._availability import Availability
from footdrop.model._plan import Plan
from footdrop.model._routine import Routine

if TYPE_CHECKING:
    from footdrop.checking._check_time import Placed

__all__ = ["RULES", "Violation", "check_plan"]

#: Every rule :func:`check_plan` checks, by slug, with a one-line summary.
RULES: Final[dict[str, str]] = {
    "naive-or-wrong-zone": (
        "the plan's zone is the availability's zone; every start and end is time-zone "
        "aware and shows the local wall-clock time of its instant in that zone"
    ),
    "date-order": "days are listed in date order",
    "duplicate-date": "no date is listed twice",
    "missing-date": "no date is left out between the plan's first and last dates",
    "session-order": "a day's sessions are listed in time order and each ends after it starts",
    "wrong-date": "a session starts on the local date of the day it is listed under",
    "empty-session": "a session holds at least one item",
    "rest-day": "no session on a rest weekday",
    "skipped-date": "no session on a skipped date",
    "outside-window": "a session lies inside one availability window of its local date",
    "session-too-long": "a session lasts at most max_session_minutes (elapsed time)",
    "overlap": "no two sessions overlap",
    "rest-between-sessions": "at least min_rest_minutes from one session's end to the next start",
    "too-many-sessions": "at most max_sessions_per_day sessions on a local date",
    "unknown-exercise": "every item names an exercise of the routine",
    "missing-measure": "an item gives every measure its prescription's dose uses",
    "extra-measure": "an item gives no measure its prescription's dose lacks",
    "above-ceiling": "no item, and no day's session count, exceeds the prescribed maximum",
    "below-floor": "no item falls below the prescribed minimum",
    "above-current": "no item, and no day's session count, exceeds the current level",
    "unrecorded-fallback": "every step below the current level is recorded as a Fallback",
    "wrong-side": "an exercise's items in a session work the prescribed sides, in order",
    "missing-exercise": "every daily exercise appears on every available date",
    "sessions-per-day": "an exercise on a date appears in at least its minimum sessions",
    "spacing": "sessions holding one exercise start at least min_spacing_minutes apart",
    "wrong-weekday": "an exercise appears only on its allowed weekdays",
    "days-per-week": "an exercise done on fewer than 7 days appears on the right number of days",
    "strength-48h": "loaded work on the same muscles is at least 48 hours apart",
    "recurrence-dates": (
        "an exercise with a recurrence appears on every due date it gives that is open, "
        "and on no other date"
    ),
}


def _rule(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    slug(_inst, attribute, value)


@final
@attrs.frozen(kw_only=True)
class Violation:
    """One broken rule in a plan, found by :func:`check_plan`.

    Args:
        rule: A stable slug naming the rule (``"spacing"``); the reference page
            "Checking a plan" lists every rule and what it checks.
        date: The local date concerned, or ``None`` for the plan as a whole.
        session: The session's 0-based index in ``DayPlan.sessions`` of ``date``, or
            ``None`` when the rule concerns a whole day, week or plan.
        exercise_id: The exercise concerned, or ``None``.
        message: A sentence saying what is wrong, by how much, and the fix.

    Example:
        >>> import datetime as dt
        >>> from footdrop import Violation
        >>> v = Violation(rule="empty-session", date=dt.date(2026, 11, 24), session=0,
        ...               exercise_id=None, message="the session holds no items: remove it.")
        >>> str(v)
        '2026-11-24 session 0: empty-session: the session holds no items: remove it.'

    .. versionadded:: 0.1.0
    """

    rule: str = attrs.field(validator=_rule)
    date: dt.date | None = attrs.field(validator=optional(instance_of(dt.date, "a date")))
    session: int | None = attrs.field(validator=optional(whole(0, 1_000_000)))
    exercise_id: str | None = attrs.field(validator=optional(instance_of(str, "text")))
    message: str = attrs.field(validator=text(5000))

    def __str__(self) -> str:
        where = [] if self.date is None else [self.date.isoformat()]
        if self.session is not None:
            where.append(f"session {self.session}")
        if self.exercise_id is not None:
            where.append(self.exercise_id)
        head = " ".join(where) or "plan"
        return f"{head}: {self.rule}: {self.message}"


class Report:
    """Collects violations (the rule functions of the three families each take one)."""

    def __init__(self) -> None:
        self.found: list[Violation] = []

    def add(
        self,
        rule: str,
        message: str,
        *,
        date: dt.date | None = None,
        session: int | None = None,
        exercise_id: str | None = None,
    ) -> None:
        self.found.append(
            Violation(
                rule=rule, date=date, session=session, exercise_id=exercise_id, message=message
            )
        )

    def at(self, placed: Placed, rule: str, message: str, exercise_id: str | None = None) -> None:
        self.add(rule, message, date=placed.listed, session=placed.index, exercise_id=exercise_id)

    def sorted(self) -> tuple[Violation, ...]:
        def key(v: Violation) -> tuple[Any, ...]:
            return (
                v.date is not None,
                v.date or dt.date.min,
                v.session is not None,
                -1 if v.session is None else v.session,
                v.exercise_id or "",
                v.rule,
                v.message,
            )

        return tuple(sorted(self.found, key=key))


def check_plan(plan: Plan, routine: Routine, availability: Availability) -> tuple[Violation, ...]:
    """Check a plan against a routine and an availability; return every broken rule.

    The checker is independent of :func:`footdrop.schedule`: it shares none of its
    code and re-reads every rule from *routine* and *availability*, so it can
    verify plans from the scheduler, plans edited by hand and plans from other
    systems. It never stops at the first problem and never raises for a plan
    that is well-typed, however odd.

    How the rules are read (the reference page has the full table):

    * Time is judged at real instants. Every start and end is converted to UTC, so
      lengths, gaps, spacing and the 48 hours are elapsed time, right across
      daylight-saving changes. A session belongs to the local date (in
      ``availability.tz``) on which it starts.
    * A session lies inside a window when every moment of it reads, on the local
      wall clock, a time inside one window of its local date (from the window's
      start to its end, both included). On a day the clocks go back, the repeated
      hour reads twice and both readings must fit.
    * Rest between sessions (``min_rest_minutes``, end to start) and overlaps are
      checked across the whole plan, also across midnight.
    * An exercise's count on a date is the number of sessions holding it. A daily
      exercise is due on every listed date that has an open window; it must
      appear there in ``timing.sessions_per_day.min`` to ``max`` sessions. On any
      date where it appears, it must be within that range and on an allowed weekday.
    * Spacing (``timing.min_spacing_minutes``) runs from start to start between
      sessions holding the same exercise on the same local date.
    * Doses: every measure of the item lies within the dose range (support within
      the support rungs). Within the range, the item must not exceed ``current``, and
      any value (or day's session count) below ``current`` must be recorded by a
      :class:`~footdrop.Fallback` whose ``on`` is that date, for that exercise and lever (the
      field name: ``"reps"``, ``"sets"``, ``"sessions_per_day"``, ``"support"`` ...).
      ``rest_between_sets_seconds`` is not checked.
    * Sides: the items of one exercise in one session work exactly
      ``prescription.sides_for(routine.affected)``, in that order.
    * Days per week (``days_per_week < 7``) count calendar weeks, Monday to Sunday:
      never more than ``days_per_week`` days; in a week the plan lists in full,
      exactly ``days_per_week`` days, or every open allowed day if rest days and
      skipped dates leave fewer. When rest days or skipped dates close an allowed
      day of the week, a shortfall is accepted if a Fallback with lever
      ``"days_per_week"`` dated in that week records it.
    * Loaded work (``exercise.is_loaded``): two different sessions holding loaded
      items of the same exercise or with a target muscle in common start at least
      48 hours apart. Items in the same session count as one bout.

    Args:
        plan (footdrop.Plan): The plan to check.
        routine (footdrop.Routine): The routine it claims to follow.
        availability (footdrop.Availability): The person's availability (its ``tz``
            is the plan's zone).

    Returns:
        Every violation found, ordered by date, session, exercise and rule; an empty
        tuple when the plan keeps every rule.

    Raises:
        footdrop.exceptions.InvalidTypeError: An argument is not a Plan, Routine or
            Availability.

    Example:
        >>> import datetime as dt, zoneinfo, footdrop
        >>> from footdrop import (Availability, DayPlan, Dose, Exercise, Plan, PlanItem,
        ...     Prescription, Range, Routine, Session, Timing, check_plan)
        >>> raise_toes = Exercise(id="toe-raises", name="Toe raises",
        ...     category=footdrop.Category.ANKLE_STRENGTH, position=footdrop.Position.SEATED,
        ...     laterality=footdrop.Laterality.BOTH_TOGETHER, steps=("Lift the toes.",),
        ...     dose=Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15)),
        ...     timing=Timing(sessions_per_day=Range(min=1, max=1)))
        >>> routine = Routine(affected=footdrop.Side.LEFT,
        ...                   items=[Prescription(exercise=raise_toes)])
        >>> day = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
        >>> london = zoneinfo.ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="toe-raises", side=None, sets=2, reps=16)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 7, 30, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 7, 45, tzinfo=london), items=[item])
        >>> plan = Plan(tz="Europe/London", days=[DayPlan(date=dt.date(2026, 11, 24),
        ...                                              sessions=[session])])
        >>> [v.rule for v in check_plan(plan, routine, day)]
        ['outside-window', 'above-ceiling']

    .. versionadded:: 0.1.0
    """
    for name, value, cls in (
        ("plan", plan, Plan),
        ("routine", routine, Routine),
        ("availability", availability, Availability),
    ):
        if not isinstance(value, cls):
            msg = f"'{name}' must be a footdrop.{cls.__name__} (got {value!r:.80})."
            raise InvalidTypeError(msg, field=name, value=value, expected=cls.__name__)
    report = Report()
    zone = zoneinfo.ZoneInfo(availability.tz)
    if plan.tz != availability.tz:
        report.add(
            "naive-or-wrong-zone",
            f"the plan is in {plan.tz} but the availability is in {availability.tz}: "
            f"schedule again with the availability's zone, or fix the plan's tz.",
        )
    days = check_days(plan, report)
    placed = place_sessions(days, zone, report)
    check_session_times(placed, availability, zone, report)
    check_gaps(placed, availability, report)
    check_day_counts(placed, availability, report)
    recorded = recorded_fallbacks(plan)
    check_items(days, routine, recorded, report)
    check_frequency(days, placed, routine, availability, recorded=recorded, report=report)
    check_strength(placed, routine, report)
    return report.sorted()
