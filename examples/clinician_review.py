"""For clinicians and researchers: a tailored plan, why it is so, and a simulated 12 weeks.

Run it with ``python examples/clinician_review.py``.
"""

from __future__ import annotations

import datetime as dt

import attrs

import footdrop
from footdrop.progression import SteadyImprover, simulate


def main() -> None:
    routine = footdrop.Routine.from_catalogue(
        affected=footdrop.Side.LEFT,
        only=["hip-rotation-slides", "towel-scrunches", "ankle-eversion", "ankle-inversion"],
    )
    # Raise eversion to three sessions a day (still inside its 2-3 range).
    eversion = routine["ankle-eversion"]
    routine = routine.replace(
        attrs.evolve(eversion, current=attrs.evolve(eversion.current, sessions_per_day=3))
    )

    # Mornings every day, weekday evenings, Saturday daytime; Sundays off.
    mornings = footdrop.Window(start=dt.time(7, 0), end=dt.time(9, 0))
    evenings = footdrop.Window(
        start=dt.time(17, 30),
        end=dt.time(21, 30),
        weekdays=[
            footdrop.Weekday(d) for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
        ],
    )
    weekend = footdrop.Window(
        start=dt.time(9, 30), end=dt.time(16, 30), weekdays=[footdrop.Weekday.SATURDAY]
    )
    day = footdrop.Availability(
        windows=[mornings, evenings, weekend],
        tz="Europe/London",
        rest_weekdays=[footdrop.Weekday.SUNDAY],
        max_session_minutes=20,
    )
    plan = footdrop.schedule(routine, start=dt.date(2026, 3, 23), days=14, availability=day)
    monday = plan.day(dt.date(2026, 3, 30))
    for session in monday.sessions:
        names = ", ".join(session.exercise_ids)
        print(f"{monday.date:%a %d %b} {session.start:%H:%M}-{session.end:%H:%M}  {names}")
    print("violations:", footdrop.check_plan(plan, routine, day))

    # An impossible request is explained, with what would make it fit.
    tight = attrs.evolve(day, windows=[footdrop.Window(start=dt.time(19), end=dt.time(21, 30))])
    try:
        footdrop.schedule(routine, start=dt.date(2026, 3, 23), days=1, availability=tight)
    except footdrop.exceptions.InfeasibleScheduleError as exc:
        print("infeasible:", exc.reasons[0].message)

    # Twelve simulated weeks of a person who improves steadily.
    programme = simulate(routine, SteadyImprover(), start=dt.date(2026, 3, 23), weeks=12)
    applied = [d for d in programme.decisions if d.outcome.value == "applied"]
    print(f"12 weeks: {len(applied)} dose changes")
    for decision in applied[:5]:
        print(
            f"  {decision.on} {decision.exercise_id}: {decision.lever} "
            f"{decision.before} -> {decision.after}"
        )


if __name__ == "__main__":
    main()
